#pragma once
/// @file refund.hpp
/// @brief Refunds of issued tickets (seed 004's ticket and booking refunds, seed 000's refund
/// activity): what was asked, what each ticket gets back, and where the refund stands.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ticketcore/values/money.hpp"
#include "ticketcore/values/time.hpp"

namespace ticketcore {

/// @brief Where a refund stands: InProgress → Refunded (the gateway paid it back) or Failed.
enum class RefundState { InProgress, Refunded, Failed };
/// @brief "in_progress" / "refunded" / "failed".
std::string_view to_string(RefundState state) noexcept;
/// @brief Inverse of to_string; throws ValidationError `unknown_refund_state`.
RefundState refund_state_from_string(std::string_view text);

/// @brief One ticket of a refund and the part of the refund's amount it gets back.
struct RefundedTicket {
    std::string ticket_id;
    Money amount = Money::zero(Currency::of("EUR"));
    friend bool operator==(const RefundedTicket&, const RefundedTicket&) = default;
};

/// @brief A snapshot of a refund.
struct Refund {
    std::string id;
    std::string event_id;
    /// @brief The order refunded, or the order of the ticket refunded (nullopt for a ticket sold
    /// at the door).
    std::optional<std::string> order_id;
    /// @brief The one ticket refunded; nullopt when a whole order was.
    std::optional<std::string> ticket_id;
    RefundState state = RefundState::InProgress;
    /// @brief What goes back to the buyer: the sum of the tickets' parts (or, for an order paid
    /// without capacity, which has no tickets, its payment).
    Money amount = Money::zero(Currency::of("EUR"));
    /// @brief Whether the fees paid count as refundable (the organization's `refund_fees` when the
    /// refund started).
    bool fees_included = false;
    /// @brief Whether tickets already redeemed at the door were allowed.
    bool allow_redeemed = false;
    std::string note;
    std::vector<RefundedTicket> tickets;
    /// @brief The payment to reverse: the order's charge session, or the door payment's reference.
    std::optional<std::string> payment_reference;
    std::string payment_gateway;
    /// @brief The gateway's reference of the refund, given when it completed.
    std::optional<std::string> gateway_reference;
    /// @brief Why the gateway refused, given when it failed.
    std::optional<std::string> failure_reason;
    Instant created;
    /// @brief When it completed or failed.
    std::optional<Instant> closed;
    friend bool operator==(const Refund&, const Refund&) = default;
};

/// @brief Input of `refunds.start`: exactly one of `ticket_id` and `order_id`.
struct NewRefund {
    std::optional<std::string> ticket_id;
    std::optional<std::string> order_id;
    /// @brief A partial amount; nullopt refunds everything refundable.
    std::optional<Amount> amount;
    /// @brief Refund tickets already redeemed at the door too (refused otherwise).
    bool allow_redeemed = false;
    std::string note;
    std::optional<std::string> idempotency_key;
};

}  // namespace ticketcore
