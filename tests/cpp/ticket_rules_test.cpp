#include "ticketcore/rules/ticket_rules.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
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
    for (const TicketState state : {TicketState::Valid}) {
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

// ---- transfer, cancel, cancelling a booking, the revocation list ----------------------------

namespace {

/// A valid ticket with one date, changed by `change`.
template <typename Change>
EventTicket held(Change&& change) {
    EventTicket result = ticket(TicketState::Valid);
    result.event_dates.push_back(EventTicketDate{"d-1", "date-1", false, std::nullopt, std::nullopt});
    result.event_dates.push_back(EventTicketDate{"d-2", "date-2", false, std::nullopt, std::nullopt});
    change(result);
    return result;
}

EventTicket held() {
    return held([](EventTicket&) {});
}

TicketSpecification transferable_spec(bool transferable = true) {
    TicketSpecification spec;
    spec.id = "s-1";
    spec.transferable = transferable;
    return spec;
}

}  // namespace

TEST(TicketRules, AValidTicketOfATransferableSpecIsTransferred) {
    EXPECT_NO_THROW(rules::check_can_transfer(held(), transferable_spec(), EventState::Published));
}

TEST(TicketRules, TransferRefusalsComeInTheirOrder) {
    const TicketSpecification spec = transferable_spec();
    struct Case {
        EventTicket ticket;
        bool transferable;
        EventState event_state;
        const char* code;
        const char* message;
    };
    const std::vector<Case> cases{
        // Each case breaks every later rule too, so that only the first may answer.
        {held([](EventTicket& t) {
             t.state = TicketState::Unactivated;
             t.is_refunded = true;
         }),
         false, EventState::Completed, "ticket_not_activated", "Ticket with id: t-1 has not been activated"},
        {held([](EventTicket& t) {
             t.state = TicketState::Cancelled;
             t.transferred_to = "t-2";
             t.is_refunded = true;
         }),
         false, EventState::Completed, "ticket_transferred", "Ticket with id: t-1 has been transferred to ticket t-2"},
        {held([](EventTicket& t) {
             t.state = TicketState::Cancelled;
             t.is_refunded = true;
         }),
         false, EventState::Completed, "ticket_cancelled", "Ticket with id: t-1 has been cancelled"},
        {held([](EventTicket& t) {
             t.is_refunded = true;
             t.is_refund_in_progress = true;
         }),
         false, EventState::Completed, "ticket_refunded", "Ticket with id: t-1 has been refunded"},
        {held([](EventTicket& t) {
             t.is_refund_in_progress = true;
             t.event_dates[1].is_redeemed = true;
         }),
         false, EventState::Completed, "refund_in_progress", "Ticket with id: t-1 has a refund in progress"},
        {held([](EventTicket& t) { t.event_dates[1].is_redeemed = true; }), false, EventState::Completed,
         "ticket_redeemed", "Ticket with id: t-1 has already been used at the door"},
        {held(), false, EventState::Completed, "ticket_not_transferable",
         "Tickets of ticket specification with id: s-1 cannot be transferred"},
        {held(), true, EventState::Completed, "event_completed",
         "Cannot transfer a ticket of an event, which is completed"},
    };
    for (const Case& item : cases) {
        EXPECT_TRUE(expect_error<ConflictError>(
            [&] { rules::check_can_transfer(item.ticket, transferable_spec(item.transferable), item.event_state); },
            item.code, item.message))
            << item.code;
    }
    EXPECT_NO_THROW(rules::check_can_transfer(held(), spec, EventState::Draft));
}

TEST(TicketRules, CancelRefusalsComeInTheirOrderAndAnUnsoldTicketMayBeCancelled) {
    EXPECT_NO_THROW(rules::check_can_cancel(held(), EventState::Published));
    EXPECT_NO_THROW(rules::check_can_cancel(held([](EventTicket& t) { t.state = TicketState::Unactivated; }),
                                            EventState::Published));
    struct Case {
        EventTicket ticket;
        const char* code;
        const char* message;
    };
    const std::vector<Case> cases{
        {held([](EventTicket& t) {
             t.state = TicketState::Cancelled;
             t.transferred_to = "t-2";
         }),
         "ticket_transferred", "Ticket with id: t-1 has been transferred to ticket t-2"},
        {held([](EventTicket& t) { t.state = TicketState::Cancelled; }), "ticket_cancelled",
         "Ticket with id: t-1 has been cancelled"},
        {held([](EventTicket& t) { t.is_refunded = true; }), "ticket_refunded",
         "Ticket with id: t-1 has been refunded"},
        {held([](EventTicket& t) { t.is_refund_in_progress = true; }), "refund_in_progress",
         "Ticket with id: t-1 has a refund in progress"},
        {held([](EventTicket& t) { t.event_dates[0].is_redeemed = true; }), "ticket_redeemed",
         "Ticket with id: t-1 has already been used at the door"},
        {held(), "event_completed", "Cannot cancel a ticket of an event, which is completed"},
    };
    for (const Case& item : cases) {
        EXPECT_TRUE(expect_error<ConflictError>([&] { rules::check_can_cancel(item.ticket, EventState::Completed); },
                                                item.code, item.message))
            << item.code;
    }
}

TEST(TicketRules, CancellingABookingTakesItsValidTicketsAndRefusesInOrder) {
    BuyOrder order;
    order.id = "o-1";
    order.state = OrderState::Paid;
    const EventTicket valid = held();
    const EventTicket cancelled = held([](EventTicket& t) {
        t.id = "t-2";
        t.state = TicketState::Cancelled;
    });
    const EventTicket refunded = held([](EventTicket& t) {
        t.id = "t-3";
        t.is_refunded = true;
    });
    EXPECT_EQ(rules::tickets_to_cancel(order, EventState::Published, {cancelled, valid, refunded}),
              std::vector<EventTicket>{valid});
    EXPECT_TRUE(expect_error<ConflictError>(
        [&] {
            (void)rules::tickets_to_cancel(order, EventState::Published, {cancelled, refunded});
        },
        "order_tickets_cancelled", "Order with id: o-1 has no ticket left to cancel"));
    const EventTicket used = held([](EventTicket& t) {
        t.id = "t-4";
        t.event_dates[0].is_redeemed = true;
    });
    EXPECT_TRUE(expect_error<ConflictError>(
        [&] {
            (void)rules::tickets_to_cancel(order, EventState::Published, {valid, used});
        },
        "ticket_redeemed", "Ticket with id: t-4 has already been used at the door"));
    EXPECT_TRUE(
        expect_error<ConflictError>([&] { (void)rules::tickets_to_cancel(order, EventState::Completed, {valid}); },
                                    "event_completed", "Cannot cancel a booking of an event, which is completed"));
    for (const OrderState state : {OrderState::Pending, OrderState::Expired, OrderState::Cancelled}) {
        order.state = state;
        EXPECT_TRUE(expect_error<ConflictError>(
            [&] { (void)rules::tickets_to_cancel(order, EventState::Completed, {valid}); }, "order_not_paid",
            "Only a paid order's tickets can be cancelled; this one is " + std::string(to_string(state))));
    }
}

TEST(TicketRules, TheRevocationListGivesTheCurrentGenerationOfATicketThatStillAdmits) {
    EXPECT_EQ(rules::admitted_generation(held(), 3), std::optional<std::uint32_t>{3});
    EXPECT_EQ(rules::admitted_generation(held([](EventTicket& t) { t.state = TicketState::Unactivated; }), 2),
              std::optional<std::uint32_t>{2});
    EXPECT_EQ(rules::admitted_generation(held([](EventTicket& t) { t.state = TicketState::Cancelled; }), 2),
              std::nullopt);
    EXPECT_EQ(rules::admitted_generation(held([](EventTicket& t) { t.is_refunded = true; }), 2), std::nullopt);
}

TEST(TicketRules, ACancelledPreGeneratedTicketIsNotActivated) {
    EXPECT_TRUE(expect_error<ConflictError>(
        [] {
            (void)rules::check_can_activate(ticket(TicketState::Cancelled), EventState::Published,
                                            Amount{0, std::nullopt}, ticketcore_test::dkk_minor(0));
        },
        "ticket_cancelled", "Ticket with id: t-1 has been cancelled"));
}
