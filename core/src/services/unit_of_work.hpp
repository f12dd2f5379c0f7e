#pragma once
// Private to the core (layer 5, services): what a unit of work sees: the repositories of its
// transaction, the actor, and the one instant the whole unit uses as "now". Never a connection.

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "store/repositories.hpp"
#include "ticketcore/model/json.hpp"
#include "ticketcore/values/actor.hpp"
#include "ticketcore/values/time.hpp"

namespace ticketcore {

/// @brief A read: the repositories on one consistent snapshot, the actor and "now".
class ReadContext {
public:
    ReadContext(store::Repositories& repositories, const Actor& actor, Instant now)
        : actor(actor), now(now), repositories_(repositories) {}
    ReadContext(const ReadContext&) = delete;
    ReadContext& operator=(const ReadContext&) = delete;
    ~ReadContext() = default;

    const Actor& actor;
    const Instant now;

    [[nodiscard]] repository::CatalogueRepository& catalogue() const { return repositories_.catalogue(); }
    [[nodiscard]] repository::InventoryRepository& inventory() const { return repositories_.inventory(); }
    [[nodiscard]] repository::BuyerRepository& buyers() const { return repositories_.buyers(); }
    [[nodiscard]] repository::OrderRepository& orders() const { return repositories_.orders(); }
    [[nodiscard]] repository::TicketRepository& tickets() const { return repositories_.tickets(); }
    [[nodiscard]] repository::PaymentRepository& payments() const { return repositories_.payments(); }
    [[nodiscard]] repository::PromoCodeRepository& promo_codes() const { return repositories_.promo_codes(); }
    [[nodiscard]] repository::RefundRepository& refunds() const { return repositories_.refunds(); }
    [[nodiscard]] repository::IdempotencyRepository& idempotency() const { return repositories_.idempotency(); }
    [[nodiscard]] repository::OutboxRepository& outbox() const { return repositories_.outbox(); }
    [[nodiscard]] repository::AuditRepository& audit_log() const { return repositories_.audit(); }
    [[nodiscard]] repository::DoorRepository& door() const { return repositories_.door(); }
    [[nodiscard]] repository::KeyRepository& keys() const { return repositories_.keys(); }
    [[nodiscard]] repository::SaleRepository& sales() const { return repositories_.sales(); }
    [[nodiscard]] repository::StaffRepository& staff() const { return repositories_.staff(); }
    [[nodiscard]] repository::ProductRepository& products() const { return repositories_.products(); }
    [[nodiscard]] repository::SeatingRepository& seating() const { return repositories_.seating(); }
    [[nodiscard]] repository::SalesReportRepository& sales_reports() const { return repositories_.sales_reports(); }
    [[nodiscard]] repository::ActivityReportRepository& activity_reports() const {
        return repositories_.activity_reports();
    }
    /// @brief The organization owning the row of `kind` with `id`, whichever it is (see
    /// store::Repositories::owner): for the error path of a read that found nothing.
    [[nodiscard]] std::optional<std::string> owner(store::Owned kind, const std::string& id) const {
        return repositories_.owner(kind, id);
    }

protected:
    store::Repositories& repositories_;
};

/// @brief A write: a read that can also write, audit, emit outbox events and take savepoints.
class UnitOfWork : public ReadContext {
public:
    using ReadContext::ReadContext;

    /// @brief A fresh time-ordered id.
    [[nodiscard]] std::string new_id() const;
    /// @brief Part of the unit that can be undone alone: rolled back to unless released.
    [[nodiscard]] std::unique_ptr<store::Savepoint> savepoint(const std::string& name) const {
        return repositories_.savepoint(name);
    }
    /// @brief Writes an audit row of this unit, filed under the actor's organization unless
    /// `organization_id` names the one concerned (a platform actor creating an organization);
    /// PermissionDeniedError `organization_required` when there is neither.
    void audit(std::string_view operation, std::string_view entity_type, std::string_view entity_id,
               const Json& payload, const std::optional<std::string>& organization_id = std::nullopt) const;
    /// @brief Writes a domain event to the outbox of `organization_id`, in this transaction.
    void emit(const std::string& organization_id, std::string_view topic, std::string_view entity_id,
              const Json& payload) const;
};

}  // namespace ticketcore
