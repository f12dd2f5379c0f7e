#include "ticketcore/rules/ticket_rules.hpp"

#include <algorithm>

#include "ticketcore/values/error_catalogue.hpp"

namespace ticketcore::rules {

bool is_counted(const CountedTickets& counted, TicketState state, bool refunded) noexcept {
    if (refunded && !counted.refunded) return false;
    return std::find(counted.states.begin(), counted.states.end(), state) != counted.states.end();
}

void check_admits(const EventTicket& ticket) {
    if (ticket.state == TicketState::Unactivated) {
        throw fail::ticket_not_activated(ticket.id);
    }
    if (ticket.state == TicketState::Cancelled) {
        throw fail::ticket_cancelled(ticket.id);
    }
    if (ticket.is_refunded) {
        throw fail::ticket_refunded(ticket.id);
    }
}

}  // namespace ticketcore::rules
