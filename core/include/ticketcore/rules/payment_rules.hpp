#pragma once
/// @file payment_rules.hpp
/// @brief What a payment confirmation does to an order, by the order's state, and whether a
/// payment's amount is the one due (layer 3): no SQL, no clock (the time is passed in).

#include <string_view>

#include "ticketcore/model/order.hpp"
#include "ticketcore/values/money.hpp"
#include "ticketcore/values/time.hpp"

namespace ticketcore::rules {

/// @brief What confirm_payment does with an order that takes the payment.
enum class PaymentAction {
    repeat,                  ///< the payment already applied, confirmed again: a no-op
    settle,                  ///< a pending order whose hold still runs: its held capacity is sold
    reactivate,              ///< an expired order: its capacity is taken again, if still there
    expire_then_reactivate,  ///< a pending order whose hold ran out: closed as expired, then as reactivate
    refuse_cancelled,        ///< a cancelled order: the payment is recorded and flagged for a refund
};

/// @brief The action a payment with reference `payment_ref` takes on `order` at `now`. An order
/// paid (or paid without capacity) with another reference is a ConflictError
/// `order_already_paid`; with the same reference it is `repeat`. Otherwise the order's effective
/// state (rules::effective_state) decides: Pending settles, Expired reactivates (closed as expired
/// first while it is still stored pending), Cancelled is refused.
[[nodiscard]] PaymentAction confirm_action(const BuyOrder& order, std::string_view payment_ref, Instant now);
/// @brief A payment of `paid` for `due` (`what`, e.g. "order total", names it in the message) as
/// Money: `paid` in another currency is a ValidationError `currency_mismatch`, another amount a
/// ValidationError `amount_mismatch`.
[[nodiscard]] Money check_amount_paid(const Amount& paid, Money due, std::string_view what);

}  // namespace ticketcore::rules
