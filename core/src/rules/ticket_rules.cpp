#include "ticketcore/rules/ticket_rules.hpp"

#include "ticketcore/values/error.hpp"

namespace ticketcore::rules {

void check_admits(const EventTicket& ticket) {
    if (ticket.state == TicketState::Unactivated) {
        throw ConflictError("ticket_not_activated", "Ticket with id: " + ticket.id + " has not been activated");
    }
    if (ticket.state == TicketState::Cancelled) {
        throw ConflictError("ticket_cancelled", "Ticket with id: " + ticket.id + " has been cancelled");
    }
    if (ticket.is_refunded) {
        throw ConflictError("ticket_refunded", "Ticket with id: " + ticket.id + " has been refunded");
    }
}

}  // namespace ticketcore::rules
