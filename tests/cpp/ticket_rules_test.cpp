#include "ticketcore/rules/ticket_rules.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <vector>

#include "test_support.hpp"
#include "ticketcore/values/error.hpp"

using namespace ticketcore;
using ticketcore_test::expect_error;

namespace {

EventTicket ticket(TicketState state, bool refunded = false) {
    EventTicket result;
    result.id = "t-1";
    result.state = state;
    result.is_refunded = refunded;
    return result;
}

}  // namespace

TEST(TicketRules, AValidTicketAdmits) {
    EXPECT_NO_THROW(rules::check_admits(ticket(TicketState::Valid)));
}

TEST(TicketRules, AnUnactivatedPreGeneratedTicketDoesNotAdmit) {
    EXPECT_TRUE(expect_error<ConflictError>([] { rules::check_admits(ticket(TicketState::Unactivated)); },
                                            "ticket_not_activated", "Ticket with id: t-1 has not been activated"));
}

TEST(TicketRules, ACancelledTicketDoesNotAdmit) {
    EXPECT_TRUE(expect_error<ConflictError>([] { rules::check_admits(ticket(TicketState::Cancelled)); },
                                            "ticket_cancelled", "Ticket with id: t-1 has been cancelled"));
}

TEST(TicketRules, ARefundedTicketDoesNotAdmit) {
    EXPECT_TRUE(expect_error<ConflictError>([] { rules::check_admits(ticket(TicketState::Valid, true)); },
                                            "ticket_refunded", "Ticket with id: t-1 has been refunded"));
}

// ---- the live tickets a per-user limit counts ------------------------------------------------

TEST(TicketRules, ALiveTicketIsUnactivatedOrValidAndNotRefunded) {
    const rules::CountedTickets counted = rules::counted_tickets();
    EXPECT_EQ(std::vector<TicketState>(counted.states.begin(), counted.states.end()),
              (std::vector<TicketState>{TicketState::Unactivated, TicketState::Valid}));
    EXPECT_FALSE(counted.refunded);
    EXPECT_TRUE(rules::is_counted(counted, TicketState::Valid, false));
    EXPECT_TRUE(rules::is_counted(counted, TicketState::Unactivated, false));
    EXPECT_FALSE(rules::is_counted(counted, TicketState::Cancelled, false));
    for (const TicketState state : {TicketState::Unactivated, TicketState::Valid, TicketState::Cancelled}) {
        EXPECT_FALSE(rules::is_counted(counted, state, true)) << to_string(state) << ", refunded";
    }
}

TEST(TicketRules, ACountThatTakesRefundsCountsThemInItsStates) {
    const rules::CountedTickets with_refunds{rules::live_ticket_states, true};
    EXPECT_TRUE(rules::is_counted(with_refunds, TicketState::Valid, true));
    EXPECT_FALSE(rules::is_counted(with_refunds, TicketState::Cancelled, true));
    EXPECT_FALSE(rules::is_counted(rules::CountedTickets{}, TicketState::Valid, false)) << "no state, no ticket";
}

// ---- activation at the door --------------------------------------------------------------------

namespace {

TicketSpecification priced(std::int64_t price, std::int64_t platform_fee, std::int64_t percentage_fee) {
    TicketSpecification spec;
    spec.price = ticketcore_test::dkk_minor(price);
    spec.ticket_platform_fee = ticketcore_test::dkk_minor(platform_fee);
    spec.percentage_fee_amount = ticketcore_test::dkk_minor(percentage_fee);
    return spec;
}

}  // namespace

TEST(TicketRules, TheDoorPriceIsThePriceWithBothFees) {
    EXPECT_EQ(rules::door_price(priced(25000, 1000, 625)), ticketcore_test::dkk_minor(26625));
    EXPECT_EQ(rules::door_price(priced(0, 0, 0)), ticketcore_test::dkk_minor(0));
}

TEST(TicketRules, AnUnactivatedTicketIsActivatedForItsPrice) {
    const Money paid = rules::check_can_activate(ticket(TicketState::Unactivated), EventState::Published,
                                                 Amount{26625, std::nullopt}, ticketcore_test::dkk_minor(26625));
    EXPECT_EQ(paid, ticketcore_test::dkk_minor(26625));
    EXPECT_EQ(rules::check_can_activate(ticket(TicketState::Unactivated), EventState::Draft,
                                        Amount{100, ticketcore_test::dkk}, ticketcore_test::dkk_minor(100)),
              ticketcore_test::dkk_minor(100));
}

TEST(TicketRules, OnlyAnUnactivatedTicketIsActivated) {
    for (const TicketState state : {TicketState::Valid, TicketState::Cancelled}) {
        EXPECT_TRUE(expect_error<ConflictError>(
            [&] {
                (void)rules::check_can_activate(ticket(state), EventState::Published, Amount{100, std::nullopt},
                                                ticketcore_test::dkk_minor(100));
            },
            "ticket_already_activated", "Ticket with id: t-1 is already activated"))
            << to_string(state);
    }
}

TEST(TicketRules, ACompletedEventActivatesNoTicket) {
    EXPECT_TRUE(expect_error<ConflictError>(
        [] {
            (void)rules::check_can_activate(ticket(TicketState::Unactivated), EventState::Completed,
                                            Amount{100, std::nullopt}, ticketcore_test::dkk_minor(100));
        },
        "event_completed", "Cannot activate a ticket for an event, which is completed"));
}

TEST(TicketRules, TheDoorPaymentMatchesThePriceInItsCurrency) {
    EXPECT_TRUE(expect_error<ValidationError>(
        [] {
            (void)rules::check_can_activate(ticket(TicketState::Unactivated), EventState::Published,
                                            Amount{100, std::nullopt}, ticketcore_test::dkk_minor(26625));
        },
        "amount_mismatch", "Payment of 1.00 DKK does not match the ticket price of 266.25 DKK"));
    EXPECT_TRUE(expect_error<ValidationError>(
        [] {
            (void)rules::check_can_activate(ticket(TicketState::Unactivated), EventState::Published,
                                            Amount{26625, ticketcore_test::eur}, ticketcore_test::dkk_minor(26625));
        },
        "currency_mismatch", "Amount in EUR where DKK is expected"));
}

// The ticket's state first, then the event, then the payment: a repeat at the door of an activated
// ticket is refused as activated whatever it pays.
TEST(TicketRules, ActivationChecksRunInTheirOrder) {
    EXPECT_TRUE(expect_error<ConflictError>(
        [] {
            (void)rules::check_can_activate(ticket(TicketState::Valid), EventState::Completed,
                                            Amount{1, ticketcore_test::eur}, ticketcore_test::dkk_minor(100));
        },
        "ticket_already_activated", "Ticket with id: t-1 is already activated"));
    EXPECT_TRUE(expect_error<ConflictError>(
        [] {
            (void)rules::check_can_activate(ticket(TicketState::Unactivated), EventState::Completed,
                                            Amount{1, ticketcore_test::eur}, ticketcore_test::dkk_minor(100));
        },
        "event_completed", "Cannot activate a ticket for an event, which is completed"));
}
