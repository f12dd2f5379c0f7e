// The payment rules of layer 3 (payment_rules.hpp): what confirm_payment does with an order in
// each state, and the amount a payment must match. Every refusal is checked for its exact class,
// code and message.

#include <gtest/gtest.h>

#include <string>

#include "test_support.hpp"
#include "ticketcore/model/order.hpp"
#include "ticketcore/rules/payment_rules.hpp"

namespace {

using namespace ticketcore;
using namespace ticketcore_test;
using rules::PaymentAction;

constexpr Instant payment_expires = june_12_2027_20_utc;
constexpr Instant before_expiry{payment_expires.micros - 1};

BuyOrder order(OrderState state, std::optional<std::string> reference = std::nullopt,
               bool paid_without_capacity = false) {
    BuyOrder result;
    result.id = "order-1";
    result.state = state;
    result.expires = payment_expires;
    result.charge_session_id = std::move(reference);
    result.paid_without_capacity = paid_without_capacity;
    return result;
}

::testing::AssertionResult already_paid(const BuyOrder& paid, const std::string& reference) {
    return expect_error<ConflictError>([&] { (void)rules::confirm_action(paid, reference, before_expiry); },
                                       "order_already_paid",
                                       "Order with id: order-1 has already been paid with another payment reference");
}

TEST(PaymentRules, APendingOrderWhoseHoldRunsIsSettled) {
    EXPECT_EQ(rules::confirm_action(order(OrderState::Pending), "pi_1", before_expiry), PaymentAction::settle);
}

TEST(PaymentRules, APendingOrderWhoseHoldRanOutIsExpiredThenReactivated) {
    EXPECT_EQ(rules::confirm_action(order(OrderState::Pending), "pi_1", payment_expires),
              PaymentAction::expire_then_reactivate)
        << "the expiry instant itself has run out";
    EXPECT_EQ(rules::confirm_action(order(OrderState::Pending), "pi_1", Instant{payment_expires.micros + 1}),
              PaymentAction::expire_then_reactivate);
}

TEST(PaymentRules, AnExpiredOrderIsReactivatedWhateverTheClock) {
    for (const Instant now : {Instant{0}, before_expiry, payment_expires}) {
        EXPECT_EQ(rules::confirm_action(order(OrderState::Expired), "pi_1", now), PaymentAction::reactivate)
            << now.micros;
    }
}

TEST(PaymentRules, ACancelledOrderRefusesThePaymentWhateverTheClock) {
    for (const Instant now : {before_expiry, payment_expires}) {
        EXPECT_EQ(rules::confirm_action(order(OrderState::Cancelled), "pi_1", now), PaymentAction::refuse_cancelled)
            << now.micros;
    }
}

TEST(PaymentRules, ThePaymentAppliedConfirmedAgainIsARepeat) {
    EXPECT_EQ(rules::confirm_action(order(OrderState::Paid, "pi_1"), "pi_1", before_expiry), PaymentAction::repeat);
    EXPECT_EQ(rules::confirm_action(order(OrderState::Paid, "pi_1"), "pi_1", payment_expires), PaymentAction::repeat)
        << "a paid order has no hold to run out";
}

TEST(PaymentRules, APaidOrderRefusesAnotherPayment) {
    EXPECT_TRUE(already_paid(order(OrderState::Paid, "pi_1"), "pi_2"));
    EXPECT_TRUE(already_paid(order(OrderState::Paid, "pi_1"), "PI_1")) << "references are compared exactly";
}

// A late payment recorded without capacity keeps the order's state (expired or cancelled) but
// counts as paid: the same payment again is a repeat, another one is refused.
TEST(PaymentRules, AnOrderPaidWithoutCapacityIsPaidForThisRule) {
    for (const OrderState state : {OrderState::Expired, OrderState::Cancelled}) {
        EXPECT_EQ(rules::confirm_action(order(state, "pi_1", true), "pi_1", payment_expires), PaymentAction::repeat)
            << to_string(state);
        EXPECT_TRUE(already_paid(order(state, "pi_1", true), "pi_2")) << to_string(state);
    }
}

TEST(PaymentRules, TheAmountPaidIsTheAmountDue) {
    EXPECT_EQ(rules::check_amount_paid(Amount{25000, dkk}, dkk_minor(25000), "order total"), dkk_minor(25000));
    EXPECT_EQ(rules::check_amount_paid(Amount{25000, std::nullopt}, dkk_minor(25000), "order total"), dkk_minor(25000))
        << "minor units without a currency are in the currency due";
    EXPECT_TRUE(expect_error<ValidationError>(
        [] {
            (void)rules::check_amount_paid(Amount{24999, dkk}, dkk_minor(25000), "order total");
        },
        "amount_mismatch", "Payment of 249.99 DKK does not match the order total of 250.00 DKK"));
    EXPECT_TRUE(expect_error<ValidationError>(
        [] {
            (void)rules::check_amount_paid(Amount{25001, std::nullopt}, dkk_minor(25000), "ticket price");
        },
        "amount_mismatch", "Payment of 250.01 DKK does not match the ticket price of 250.00 DKK"));
}

TEST(PaymentRules, AnAmountInAnotherCurrencyIsRefusedBeforeItIsCompared) {
    EXPECT_TRUE(expect_error<ValidationError>(
        [] {
            (void)rules::check_amount_paid(Amount{25000, eur}, dkk_minor(25000), "order total");
        },
        "currency_mismatch", "Amount in EUR where DKK is expected"));
}

}  // namespace
