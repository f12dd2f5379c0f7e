#include "ticketcore/rules/payment_rules.hpp"

#include "ticketcore/rules/hold_rules.hpp"
#include "ticketcore/values/error_catalogue.hpp"

namespace ticketcore::rules {

PaymentAction confirm_action(const BuyOrder& order, std::string_view payment_ref, Instant now) {
    if (order.state == OrderState::Paid || order.paid_without_capacity) {
        // A repeat of the payment that was applied is a no-op; another payment is not.
        if (order.charge_session_id == payment_ref) return PaymentAction::repeat;
        throw fail::order_already_paid(order.id);
    }
    switch (effective_state(order.state, order.expires, now)) {
        case OrderState::Pending: return PaymentAction::settle;
        case OrderState::Expired:
            return order.state == OrderState::Pending ? PaymentAction::expire_then_reactivate
                                                      : PaymentAction::reactivate;
        case OrderState::Cancelled: return PaymentAction::refuse_cancelled;
        case OrderState::Paid: break;  // handled above
    }
    return PaymentAction::repeat;
}

Money check_amount_paid(const Amount& paid, Money due, std::string_view what) {
    const Money amount = paid.in(due.currency());
    if (amount != due) throw fail::amount_mismatch(amount, what, due);
    return amount;
}

}  // namespace ticketcore::rules
