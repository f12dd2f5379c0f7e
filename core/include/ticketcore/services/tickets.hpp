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
    /// @brief Transfers a valid ticket to a new holder (seed 004 transfer; docs/transfers.md): a
    /// new ticket (new id, secret and dates, same event, specification and order) is issued to
    /// `to` and takes over the old one's capacity; the old one is cancelled, names its successor
    /// (`transferred_to`) and has its secret rotated, so its QR is refused from then on. Scope
    /// `orders` (the holder's own call through a web shop) or `events:write`. Refusals:
    /// rules::check_can_transfer, and the recipient's per-user limit. Returns the new ticket.
    EventTicket transfer(const std::string& ticket_id, const HolderInput& to,
                         const std::optional<std::string>& idempotency_key = std::nullopt) const;
    /// @brief Cancels a ticket without a refund (seed 004 cancel): the record stays, its QR is
    /// void (secret rotated), its capacity is free again. Scope `events:write`. Refusals:
    /// rules::check_can_cancel.
    EventTicket cancel(const std::string& ticket_id,
                       const std::optional<std::string>& idempotency_key = std::nullopt) const;
    /// @brief Cancels a booking (a paid order) without a refund: every ticket of it still valid,
    /// in one transaction, as `cancel` does each; the order stays paid (no money moves). Scope
    /// `events:write`. Refusals: rules::tickets_to_cancel. Returns the tickets it cancelled.
    std::vector<EventTicket> cancel_order(const std::string& order_id,
                                          const std::optional<std::string>& idempotency_key = std::nullopt) const;
    /// @brief A page of the event's revocation list for offline scanners: each ticket whose earlier
    /// QR payloads are void, in issue order, with the generation a payload must carry now (none
    /// when the ticket admits no more). Scope `scan` or `events:read`.
    [[nodiscard]] Page<Revocation> revocations(const std::string& event_id, const PageRequest& request = {}) const;
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
    /// @brief Seed 004's /client/events/tickets/mine: a page of one buyer's tickets across every
    /// event of the organization, in issue order (an unknown buyer has none).
    [[nodiscard]] Page<EventTicket> mine(const BuyerLookup& buyer, const PageRequest& request = {}) const;
    /// @brief Seed 000's ticketHolders: buyers with tickets, cursor-paged.
    [[nodiscard]] HolderPage holders(const HolderQuery& query) const;

private:
    Store store_;
};

}  // namespace ticketcore
