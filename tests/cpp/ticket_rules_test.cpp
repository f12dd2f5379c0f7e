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
