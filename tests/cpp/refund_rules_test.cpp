// Refund rules (layer 3): what each ticket of an order was paid, what can be refunded of it, which
// tickets and orders can be refunded, how a partial amount is shared, which refunds can close.
#include "ticketcore/rules/refund_rules.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "test_support.hpp"
#include "ticketcore/values/error.hpp"

using namespace ticketcore;
using ticketcore_test::expect_error;

namespace {

const Currency refund_dkk = Currency::of("DKK");

Money refund_kr(std::int64_t minor) {
    return Money(minor, refund_dkk);
}

OrderLine refund_line(const std::string& specification_id, std::int64_t amount, std::int64_t unit_price,
                      std::int64_t discount, std::int64_t platform_fee, std::int64_t percentage_fee) {
    OrderLine result;
    result.ticket_specification_id = specification_id;
    result.amount = amount;
    result.unit_price = refund_kr(unit_price);
    result.subtotal = refund_kr(unit_price * amount);
    result.discount = refund_kr(discount);
    result.platform_fee = refund_kr(platform_fee);
    result.percentage_fee = refund_kr(percentage_fee);
    result.vat = refund_kr(0);
    result.total = refund_kr(unit_price * amount - discount + platform_fee + percentage_fee);
    return result;
}

EventTicket refundable_ticket() {
    EventTicket ticket;
    ticket.id = "t-1";
    ticket.state = TicketState::Valid;
    ticket.event_dates = {EventTicketDate{"d-1", "ed-1", false, std::nullopt, std::nullopt},
                          EventTicketDate{"d-2", "ed-2", false, std::nullopt, std::nullopt}};
    return ticket;
}

BuyOrder order_in(OrderState state, bool paid_without_capacity = false) {
    BuyOrder order;
    order.id = "o-1";
    order.state = state;
    order.paid_without_capacity = paid_without_capacity;
    return order;
}

}  // namespace

// ---- what each ticket was paid -----------------------------------------------------------------

TEST(RefundRules, EachTicketOfALineGetsItsShareOfNetAndFeesAndTheLineSumsExactly) {
    // 3 tickets of 100.00 with 10.00 off the line and 1.00 + 0.50 fees each: net 290.00 and fees
    // 4.50 over 3 tickets; the earlier tickets get the extra øre.
    const std::array lines{refund_line("s-1", 3, 10000, 1000, 300, 150)};
    const std::array<std::string, 3> tickets{"s-1", "s-1", "s-1"};
    const auto paid = rules::paid_per_ticket(lines, tickets, refund_dkk);
    ASSERT_EQ(paid.size(), 3u);
    EXPECT_EQ(paid[0], (rules::TicketPaid{refund_kr(9667), refund_kr(150)}));
    EXPECT_EQ(paid[1], (rules::TicketPaid{refund_kr(9667), refund_kr(150)}));
    EXPECT_EQ(paid[2], (rules::TicketPaid{refund_kr(9666), refund_kr(150)}));
    Money total = refund_kr(0);
    for (const auto& part : paid) total += part.net + part.fees;
    EXPECT_EQ(total, lines[0].total);
}

TEST(RefundRules, TicketsOfSeveralLinesTakeTheirOwnLinesPartsInIssueOrder) {
    const std::array lines{refund_line("s-1", 2, 1001, 0, 5, 0), refund_line("s-2", 1, 5000, 0, 0, 0)};
    // Issued interleaved: each ticket takes the next part of its own line.
    const std::array<std::string, 3> tickets{"s-2", "s-1", "s-1"};
    const auto paid = rules::paid_per_ticket(lines, tickets, refund_dkk);
    EXPECT_EQ(paid,
              (std::vector<rules::TicketPaid>{
                  {refund_kr(5000), refund_kr(0)}, {refund_kr(1001), refund_kr(3)}, {refund_kr(1001), refund_kr(2)}}));
}

TEST(RefundRules, ATicketBeyondItsLineOrOfNoLineIsPaidNothing) {
    const std::array lines{refund_line("s-1", 1, 1000, 0, 0, 0)};
    const std::array<std::string, 3> tickets{"s-1", "s-1", "s-9"};
    const auto paid = rules::paid_per_ticket(lines, tickets, refund_dkk);
    EXPECT_EQ(paid, (std::vector<rules::TicketPaid>{
                        {refund_kr(1000), refund_kr(0)}, {refund_kr(0), refund_kr(0)}, {refund_kr(0), refund_kr(0)}}));
}

TEST(RefundRules, SplitsSumToEveryLineTotalForManyQuantities) {
    for (std::int64_t quantity = 1; quantity <= 13; ++quantity) {
        for (const std::int64_t discount : {0, 1, 777}) {
            const std::array lines{refund_line("s-1", quantity, 3333, discount, 101 * quantity, 7)};
            const std::vector<std::string> tickets(static_cast<std::size_t>(quantity), "s-1");
            Money total = refund_kr(0);
            for (const auto& part : rules::paid_per_ticket(lines, tickets, refund_dkk)) {
                total += part.net + part.fees;
                EXPECT_GE(part.net.minor(), 0);
            }
            EXPECT_EQ(total, lines[0].total) << quantity << " " << discount;
        }
    }
}

TEST(RefundRules, ADoorPaymentsFeesAreTheSpecificationsCappedAtThePayment) {
    EXPECT_EQ(rules::door_paid(refund_kr(19900), refund_kr(900)),
              (rules::TicketPaid{refund_kr(19000), refund_kr(900)}));
    EXPECT_EQ(rules::door_paid(refund_kr(500), refund_kr(900)), (rules::TicketPaid{refund_kr(0), refund_kr(500)}));
    EXPECT_EQ(rules::door_paid(refund_kr(0), refund_kr(900)), (rules::TicketPaid{refund_kr(0), refund_kr(0)}));
}

TEST(RefundRules, FeesAreRefundableOnlyWhenTheOrganizationSaysSo) {
    const rules::TicketPaid paid{refund_kr(10000), refund_kr(450)};
    EXPECT_EQ(rules::refundable(paid, false), refund_kr(10000));
    EXPECT_EQ(rules::refundable(paid, true), refund_kr(10450));
}

// ---- which tickets and orders ------------------------------------------------------------------

TEST(RefundRules, AValidTicketCanBeRefunded) {
    EXPECT_NO_THROW(rules::check_ticket_refundable(refundable_ticket(), false));
}

TEST(RefundRules, EachRefusalOfATicketInItsOrder) {
    EventTicket ticket = refundable_ticket();
    ticket.state = TicketState::Cancelled;
    ticket.is_refunded = true;  // cancelled is said first
    EXPECT_TRUE(expect_error<ConflictError>([&] { rules::check_ticket_refundable(ticket, true); }, "ticket_cancelled",
                                            "Ticket with id: t-1 has been cancelled"));
    ticket.state = TicketState::Unactivated;
    EXPECT_TRUE(expect_error<ConflictError>([&] { rules::check_ticket_refundable(ticket, true); },
                                            "ticket_not_activated", "Ticket with id: t-1 has not been activated"));
    ticket.state = TicketState::Valid;
    ticket.is_refund_in_progress = true;
    EXPECT_TRUE(expect_error<ConflictError>([&] { rules::check_ticket_refundable(ticket, true); }, "ticket_refunded",
                                            "Ticket with id: t-1 has been refunded"));
    ticket.is_refunded = false;
    EXPECT_TRUE(expect_error<ConflictError>([&] { rules::check_ticket_refundable(ticket, true); }, "refund_in_progress",
                                            "Ticket with id: t-1 has a refund in progress"));
}

TEST(RefundRules, ARedeemedTicketNeedsTheExplicitFlag) {
    EventTicket ticket = refundable_ticket();
    ticket.event_dates[1].is_redeemed = true;  // any of its dates
    EXPECT_TRUE(expect_error<ConflictError>([&] { rules::check_ticket_refundable(ticket, false); }, "ticket_redeemed",
                                            "Ticket with id: t-1 has been redeemed; pass allow_redeemed to refund it"));
    EXPECT_NO_THROW(rules::check_ticket_refundable(ticket, true));
}

TEST(RefundRules, AnOrdersRefundLeavesOutRefundedAndCancelledTickets) {
    EventTicket ticket = refundable_ticket();
    EXPECT_FALSE(rules::left_out_of_order_refund(ticket));
    ticket.is_refund_in_progress = true;
    EXPECT_FALSE(rules::left_out_of_order_refund(ticket));  // refused, not left out
    ticket.is_refund_in_progress = false;
    ticket.is_refunded = true;
    EXPECT_TRUE(rules::left_out_of_order_refund(ticket));
    ticket.is_refunded = false;
    ticket.state = TicketState::Cancelled;
    EXPECT_TRUE(rules::left_out_of_order_refund(ticket));
}

TEST(RefundRules, OnlyAPaidOrderOrOnePaidWithoutCapacityCanBeRefunded) {
    EXPECT_NO_THROW(rules::check_order_refundable(order_in(OrderState::Paid), OrderState::Paid));
    for (const OrderState state : {OrderState::Expired, OrderState::Cancelled}) {
        EXPECT_NO_THROW(rules::check_order_refundable(order_in(state, true), state));
    }
    EXPECT_TRUE(expect_error<ConflictError>(
        [] { rules::check_order_refundable(order_in(OrderState::Pending), OrderState::Pending); }, "order_not_paid",
        "Order with id: o-1 is pending: only a paid order can be refunded"));
    // The effective state is named: a pending order whose hold ran out is expired.
    EXPECT_TRUE(expect_error<ConflictError>(
        [] { rules::check_order_refundable(order_in(OrderState::Pending), OrderState::Expired); }, "order_not_paid",
        "Order with id: o-1 is expired: only a paid order can be refunded"));
    EXPECT_TRUE(expect_error<ConflictError>(
        [] { rules::check_order_refundable(order_in(OrderState::Cancelled), OrderState::Cancelled); }, "order_not_paid",
        "Order with id: o-1 is cancelled: only a paid order can be refunded"));
}

// ---- amounts -------------------------------------------------------------------------------------

TEST(RefundRules, NothingRequestedRefundsEverythingRefundable) {
    const std::array refundable{refund_kr(10000), refund_kr(0), refund_kr(5001)};
    EXPECT_EQ(rules::refund_shares(std::nullopt, refundable, "o-1", false),
              (std::vector{refund_kr(10000), refund_kr(0), refund_kr(5001)}));
}

TEST(RefundRules, APartialAmountIsSharedInProportionAndNoShareExceedsItsTicket) {
    const std::array refundable{refund_kr(10000), refund_kr(5000), refund_kr(0)};
    EXPECT_EQ(rules::refund_shares(refund_kr(3001), refundable, "o-1", false),
              (std::vector{refund_kr(2001), refund_kr(1000), refund_kr(0)}));
    EXPECT_EQ(rules::refund_shares(refund_kr(15000), refundable, "o-1", false),
              (std::vector{refund_kr(10000), refund_kr(5000), refund_kr(0)}));
    EXPECT_EQ(rules::refund_shares(refund_kr(1), refundable, "o-1", false),
              (std::vector{refund_kr(1), refund_kr(0), refund_kr(0)}));
    for (std::int64_t amount = 1; amount <= 15000; amount += 997) {
        const auto shares = rules::refund_shares(refund_kr(amount), refundable, "o-1", false);
        Money total = refund_kr(0);
        for (std::size_t index = 0; index < shares.size(); ++index) {
            EXPECT_LE(shares[index], refundable[index]);
            total += shares[index];
        }
        EXPECT_EQ(total, refund_kr(amount));
    }
}

TEST(RefundRules, ARefundAboveWhatWasPaidIsRefused) {
    const std::array refundable{refund_kr(10000), refund_kr(5000)};
    EXPECT_TRUE(expect_error<ValidationError>(
        [&] { (void)rules::refund_shares(refund_kr(15001), refundable, "o-1", false); }, "refund_exceeds_paid",
        "A refund of 150.01 DKK exceeds the 150.00 DKK refundable"));
}

TEST(RefundRules, AnAmountOfZeroOrLessIsRefused) {
    const std::array refundable{refund_kr(10000)};
    for (const std::int64_t amount : {0, -1}) {
        EXPECT_TRUE(expect_error<ValidationError>(
            [&] { (void)rules::refund_shares(refund_kr(amount), refundable, "t-1", true); }, "invalid_amount",
            "amount must be greater than zero"));
    }
}

TEST(RefundRules, NothingRefundableIsAConflictNamingTheTicketOrTheOrder) {
    const std::array nothing{refund_kr(0), refund_kr(0)};
    EXPECT_TRUE(expect_error<ConflictError>([&] { (void)rules::refund_shares(std::nullopt, nothing, "t-1", true); },
                                            "nothing_to_refund",
                                            "Ticket with id: t-1 was not paid for: there is nothing to refund"));
    EXPECT_TRUE(expect_error<ConflictError>([&] { (void)rules::refund_shares(refund_kr(100), nothing, "o-1", false); },
                                            "nothing_to_refund", "Order with id: o-1 has nothing to refund"));
    EXPECT_TRUE(expect_error<ConflictError>(
        [&] { (void)rules::refund_shares(std::nullopt, std::span<const Money>{}, "o-1", false); }, "nothing_to_refund",
        "Order with id: o-1 has nothing to refund"));
}

TEST(RefundRules, AnAmountInAnotherCurrencyCannotBeCompared) {
    const std::array refundable{refund_kr(10000)};
    EXPECT_THROW((void)rules::refund_shares(Money(100, Currency::of("EUR")), refundable, "t-1", true), ValidationError);
}

// ---- closing -------------------------------------------------------------------------------------

TEST(RefundRules, OnlyARefundInProgressCanCompleteOrFail) {
    EXPECT_NO_THROW(rules::check_refund_in_progress("r-1", RefundState::InProgress));
    EXPECT_TRUE(expect_error<ConflictError>([] { rules::check_refund_in_progress("r-1", RefundState::Refunded); },
                                            "refund_not_in_progress",
                                            "Refund with id: r-1 is refunded, not in progress"));
    EXPECT_TRUE(expect_error<ConflictError>([] { rules::check_refund_in_progress("r-1", RefundState::Failed); },
                                            "refund_not_in_progress",
                                            "Refund with id: r-1 is failed, not in progress"));
}

TEST(RefundRules, RefundStatesReadBackFromTheirText) {
    for (const RefundState state : {RefundState::InProgress, RefundState::Refunded, RefundState::Failed}) {
        EXPECT_EQ(refund_state_from_string(to_string(state)), state);
    }
    EXPECT_EQ(to_string(RefundState::InProgress), "in_progress");
    EXPECT_TRUE(expect_error<ValidationError>([] { (void)refund_state_from_string("done"); }, "unknown_refund_state",
                                              "Unknown refund state: 'done'"));
}
