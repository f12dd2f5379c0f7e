#pragma once
/// @file tickets.hpp
/// @brief The `Tickets` area of a Store (see store.hpp for how every operation runs).

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ticketcore/model/page.hpp"
#include "ticketcore/model/ticket.hpp"
#include "ticketcore/services/store.hpp"

namespace ticketcore {

/// @brief Issued tickets: comps, pre-generated tickets and their activation, and the holders.
/// `comp`, `pre_generate` and `activate` take an optional idempotency key: a repeat with the same
/// key and request returns the first result (the same tickets), another request is refused.
class Tickets {
public:
    explicit Tickets(Store store) : store_(std::move(store)) {}
    /// @brief Issues free tickets to `holders` (seed 004 comp); they count against capacity.
    std::vector<EventTicket> comp(const std::string& event_id, const std::string& specification_id,
                                  const std::vector<HolderInput>& holders, const std::string& note,
                                  const std::optional<std::string>& idempotency_key = std::nullopt) const;
    /// @brief Creates `quantity` unactivated tickets that hold capacity (seed 004 pre-generate).
    std::vector<EventTicket> pre_generate(const std::string& event_id, const std::string& specification_id,
                                          std::int64_t quantity,
                                          const std::optional<std::string>& idempotency_key = std::nullopt) const;
    /// @brief Sells a pre-generated ticket at the door: holder and payment recorded, ticket valid.
    EventTicket activate(const std::string& ticket_id, const HolderInput& holder, const DoorPayment& payment,
                         const std::optional<std::string>& idempotency_key = std::nullopt) const;
    [[nodiscard]] EventTicket get(const std::string& ticket_id) const;
    /// @brief The ticket's QR payload (rules/ticket_payload.hpp): its id and secret generation,
    /// signed with the organization's active key. A cancelled ticket has none (ConflictError
    /// `ticket_cancelled`), nor has a refunded one (`ticket_refunded`); an unactivated
    /// pre-generated ticket has one, to be printed before it is sold.
    [[nodiscard]] std::string qr(const std::string& ticket_id) const;
    /// @brief A page of the event's tickets (or one order's) in issue order.
    [[nodiscard]] Page<EventTicket> list(const std::string& event_id,
                                         const std::optional<std::string>& order_id = std::nullopt,
                                         const PageRequest& request = {}) const;
    /// @brief Seed 000's ticketHolders: buyers with tickets, cursor-paged.
    [[nodiscard]] HolderPage holders(const HolderQuery& query) const;

private:
    Store store_;
};

}  // namespace ticketcore
