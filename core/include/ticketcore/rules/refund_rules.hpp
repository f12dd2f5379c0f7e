#pragma once
/// @file refund_rules.hpp
/// @brief Refunds of tickets and orders (layer 3): what a buyer paid for each ticket, what of it
/// can be refunded, which tickets and orders can be, how a partial amount is shared, and which
/// refunds can still complete or fail. No SQL, no clock.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ticketcore/model/order.hpp"
#include "ticketcore/model/refund.hpp"
#include "ticketcore/model/ticket.hpp"
#include "ticketcore/values/money.hpp"

namespace ticketcore::rules {

/// @brief What a buyer paid for one ticket: its part of its line's price after the discount
/// (`net`) and its part of the line's fees (`fees`).
struct TicketPaid {
    Money net;
    Money fees;
    friend bool operator==(const TicketPaid&, const TicketPaid&) = default;
};

/// @brief What each ticket of an order was paid, in the order of `ticket_specification_ids` (the
/// order's tickets in issue order, each named by its specification): each line's net
/// (subtotal − discount) and fees (platform + percentage) are split over the line's tickets by
/// largest remainder (Money::split), the earlier tickets getting the extra minor units, so the
/// tickets of a line sum to exactly its total. A ticket beyond its line's quantity (none is
/// issued) is paid nothing.
[[nodiscard]] std::vector<TicketPaid> paid_per_ticket(std::span<const OrderLine> lines,
                                                      std::span<const std::string> ticket_specification_ids,
                                                      Currency currency);
/// @brief What a ticket sold at the door was paid: the payment, of which the specification's fees
/// (`fees`, capped at the payment) are the fees.
[[nodiscard]] TicketPaid door_paid(Money payment, Money fees);
/// @brief What of a ticket's payment can be refunded: the net, plus the fees when the
/// organization refunds fees.
[[nodiscard]] Money refundable(const TicketPaid& paid, bool refund_fees);

/// @brief A ticket refunded on its own, in this order: a cancelled one is ConflictError
/// `ticket_cancelled`, an unactivated pre-generated one `ticket_not_activated`, a refunded one
/// `ticket_refunded` (a second refund), one with a refund in progress `refund_in_progress`, one
/// redeemed on any date `ticket_redeemed` unless `allow_redeemed`.
void check_ticket_refundable(const EventTicket& ticket, bool allow_redeemed);
/// @brief Whether an order's refund leaves the ticket out: one already refunded or cancelled. The
/// others are checked as check_ticket_refundable says.
[[nodiscard]] bool left_out_of_order_refund(const EventTicket& ticket) noexcept;
/// @brief Only an order paid (state Paid, or paid without capacity: a payment that found its
/// capacity gone) can be refunded: else ConflictError `order_not_paid` naming its (effective)
/// `state`.
void check_order_refundable(const BuyOrder& order, OrderState state);

/// @brief The parts of a refund of `requested` (nullopt: everything refundable) over items that
/// can each take back at most `refundable[i]`: all of each when nothing is requested, else
/// `requested` split in proportion to them by largest remainder (Money::allocate), so no part
/// exceeds its item's. Refusals: nothing refundable at all is ConflictError `nothing_to_refund`
/// (`what` names the ticket or the order); a requested amount of zero or less is ValidationError
/// `invalid_amount`; more than the total refundable ValidationError `refund_exceeds_paid`.
/// `what_is_ticket` picks the message of `nothing_to_refund`.
[[nodiscard]] std::vector<Money> refund_shares(const std::optional<Money>& requested, std::span<const Money> refundable,
                                               std::string_view what_id, bool what_is_ticket);

/// @brief Only a refund in progress can complete or fail: ConflictError `refund_not_in_progress`.
void check_refund_in_progress(std::string_view refund_id, RefundState state);

}  // namespace ticketcore::rules
