#pragma once
// Private to the core (layer 4, store): what one transaction hands a unit of work: a repository
// per aggregate and savepoints. Services see this and never a connection.

#include <memory>
#include <optional>
#include <string>

#include "store/activity_reports.hpp"
#include "store/audit.hpp"
#include "store/buyers.hpp"
#include "store/catalogue.hpp"
#include "store/door.hpp"
#include "store/idempotency.hpp"
#include "store/inventory.hpp"
#include "store/keys.hpp"
#include "store/orders.hpp"
#include "store/outbox.hpp"
#include "store/payments.hpp"
#include "store/products.hpp"
#include "store/promo_codes.hpp"
#include "store/refunds.hpp"
#include "store/sales.hpp"
#include "store/sales_reports.hpp"
#include "store/seating.hpp"
#include "store/staff.hpp"
#include "store/tickets.hpp"

namespace ticketcore::store {

/// @brief Part of a transaction that can be undone alone: rolled back to when destroyed unless
/// released.
class Savepoint {
public:
    Savepoint() = default;
    Savepoint(const Savepoint&) = delete;
    Savepoint& operator=(const Savepoint&) = delete;
    virtual ~Savepoint() = default;
    /// @brief Keeps what was done since the savepoint.
    virtual void release() = 0;
};

/// @brief What kind of row an id names (see Repositories::owner).
enum class Owned {
    event,
    specification,
    pool,
    order,
    ticket,
    promo_code,
    refund,
    ticket_inspector,
    board_member,
    sale,
    pos_reader,
    product,
    seatmap
};

/// @brief The repositories of one transaction, every statement of theirs scoped by the tenant
/// they were made for (store::Tenant).
class Repositories {
public:
    Repositories() = default;
    Repositories(const Repositories&) = delete;
    Repositories& operator=(const Repositories&) = delete;
    virtual ~Repositories() = default;

    virtual repository::CatalogueRepository& catalogue() = 0;
    virtual repository::InventoryRepository& inventory() = 0;
    virtual repository::BuyerRepository& buyers() = 0;
    virtual repository::OrderRepository& orders() = 0;
    virtual repository::TicketRepository& tickets() = 0;
    virtual repository::PaymentRepository& payments() = 0;
    virtual repository::PromoCodeRepository& promo_codes() = 0;
    virtual repository::RefundRepository& refunds() = 0;
    virtual repository::IdempotencyRepository& idempotency() = 0;
    virtual repository::OutboxRepository& outbox() = 0;
    virtual repository::AuditRepository& audit() = 0;
    virtual repository::DoorRepository& door() = 0;
    virtual repository::KeyRepository& keys() = 0;
    virtual repository::SaleRepository& sales() = 0;
    virtual repository::StaffRepository& staff() = 0;
    virtual repository::ProductRepository& products() = 0;
    virtual repository::SeatingRepository& seating() = 0;
    /// @brief The reads of the sales, orders and refunds reports.
    virtual repository::SalesReportRepository& sales_reports() = 0;
    /// @brief The reads of the attendance, sales-over-time and box-office reports.
    virtual repository::ActivityReportRepository& activity_reports() = 0;
    /// @brief The organization that owns the row of `kind` with `id`, whichever organization that
    /// is (nullopt when there is none). The one read of a unit not scoped by its tenant: asked only
    /// after a scoped read found nothing, so that another organization's id is refused as
    /// `other_organization` instead of reported missing (on a distributed database, a query of
    /// every shard, on the error path alone).
    virtual std::optional<std::string> owner(Owned kind, const std::string& id) = 0;
    /// @brief A savepoint named `name` (a plain identifier) in the transaction.
    virtual std::unique_ptr<Savepoint> savepoint(const std::string& name) = 0;
};

}  // namespace ticketcore::store
