#include "ticketcore/rules/ticket_rules.hpp"

#include <gtest/gtest.h>

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
