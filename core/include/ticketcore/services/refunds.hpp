#pragma once
/// @file refunds.hpp
/// @brief The `Refunds` area of a Store (see store.hpp for how every operation runs).

#include <optional>
#include <string>
#include <utility>

#include "ticketcore/model/page.hpp"
#include "ticketcore/model/refund.hpp"
#include "ticketcore/model/ticket.hpp"
#include "ticketcore/services/store.hpp"

namespace ticketcore {

/// @brief Refunds of one ticket or of a whole order (seed 004's ticket and booking refunds). The
/// core records; it never talks to a payment gateway: `start` marks the tickets
/// `is_refund_in_progress`, the caller asks its gateway, then `complete` (tickets refunded, their
/// capacity free again) or `fail` (tickets valid again). `start`, `complete` and `fail` need the
/// scope `refunds` and take an optional idempotency key: a repeat with the same key and request
/// returns the refund as it now is, another request with the key is refused. See docs/refunds.md.
class Refunds {
public:
    explicit Refunds(Store store) : store_(std::move(store)) {}
    /// @brief Starts a refund of `input.ticket_id` or of every ticket of `input.order_id` (of the
    /// payment of an order paid without capacity), of everything refundable or of `input.amount`.
    Refund start(const NewRefund& input) const;
    /// @brief The gateway paid it back: its tickets are refunded and their capacity is free again
    /// (the promo code's use is kept). Completing a refunded refund again with the same
    /// `gateway_reference` returns it.
    Refund complete(const std::string& refund_id, const std::optional<std::string>& gateway_reference = std::nullopt,
                    const std::optional<std::string>& idempotency_key = std::nullopt) const;
    /// @brief The gateway refused it (`reason`): its tickets are valid again. Failing a failed
    /// refund again with the same reason returns it.
    Refund fail(const std::string& refund_id, const std::string& reason,
                const std::optional<std::string>& idempotency_key = std::nullopt) const;
    [[nodiscard]] Refund get(const std::string& refund_id) const;
    /// @brief Seed 000's refund activity: a page of the event's tickets that are refunded or have a
    /// refund in progress, in issue order.
    [[nodiscard]] Page<EventTicket> activity(const std::string& event_id, const PageRequest& request = {}) const;

private:
    Store store_;
};

}  // namespace ticketcore
