#include "ticketcore/rules/ticket_rules.hpp"

#include <algorithm>

#include "ticketcore/rules/payment_rules.hpp"
#include "ticketcore/values/error_catalogue.hpp"

namespace ticketcore::rules {

bool is_counted(const CountedTickets& counted, TicketState state, bool refunded) noexcept {
    if (refunded && !counted.refunded) return false;
    return std::find(counted.states.begin(), counted.states.end(), state) != counted.states.end();
}

Money door_price(const TicketSpecification& spec) {
    return spec.price + spec.ticket_platform_fee + spec.percentage_fee_amount;
}

Money check_can_activate(const EventTicket& ticket, EventState event_state, const Amount& paid, Money price) {
    if (ticket.state != TicketState::Unactivated) {
        throw fail::ticket_already_activated(ticket.id);
    }
    if (event_state == EventState::Completed) {
        throw fail::event_completed("activate a ticket for");
    }
    return check_amount_paid(paid, price, "ticket price");
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
