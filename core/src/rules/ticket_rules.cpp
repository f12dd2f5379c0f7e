#include "ticketcore/rules/ticket_rules.hpp"

#include "ticketcore/values/error_catalogue.hpp"

namespace ticketcore::rules {

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
