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
    if (ticket.state == TicketState::Cancelled) throw fail::ticket_cancelled(ticket.id);
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

bool is_redeemed(const EventTicket& ticket) noexcept {
    return std::any_of(ticket.event_dates.begin(), ticket.event_dates.end(),
                       [](const EventTicketDate& date) { return date.is_redeemed; });
}

namespace {

/// The refusals a transfer and a cancel share: a ticket that no longer holds its place, or whose
/// money is on its way back, or that has been used.
void check_still_held(const EventTicket& ticket) {
    if (ticket.transferred_to) throw fail::ticket_transferred(ticket.id, *ticket.transferred_to);
    if (ticket.state == TicketState::Cancelled) throw fail::ticket_cancelled(ticket.id);
    if (ticket.is_refunded) throw fail::ticket_refunded(ticket.id);
    if (ticket.is_refund_in_progress) throw fail::refund_in_progress(ticket.id);
    if (is_redeemed(ticket)) throw fail::ticket_used_at_door(ticket.id);
}

}  // namespace

void check_can_transfer(const EventTicket& ticket, const TicketSpecification& spec, EventState event_state) {
    if (ticket.state == TicketState::Unactivated) throw fail::ticket_not_activated(ticket.id);
    check_still_held(ticket);
    if (!spec.transferable) throw fail::ticket_not_transferable(spec.id);
    if (event_state == EventState::Completed) throw fail::event_completed("transfer a ticket of");
}

void check_can_cancel(const EventTicket& ticket, EventState event_state) {
    check_still_held(ticket);
    if (event_state == EventState::Completed) throw fail::event_completed("cancel a ticket of");
}

std::vector<EventTicket> tickets_to_cancel(const BuyOrder& order, EventState event_state,
                                           const std::vector<EventTicket>& tickets) {
    if (order.state != OrderState::Paid) throw fail::order_not_paid(to_string(order.state));
    if (event_state == EventState::Completed) throw fail::event_completed("cancel a booking of");
    std::vector<EventTicket> cancelled;
    for (const EventTicket& ticket : tickets) {
        if (ticket.state != TicketState::Valid || ticket.is_refunded) continue;
        check_can_cancel(ticket, event_state);
        cancelled.push_back(ticket);
    }
    if (cancelled.empty()) throw fail::order_tickets_cancelled(order.id);
    return cancelled;
}

std::optional<std::uint32_t> admitted_generation(const EventTicket& ticket, std::uint32_t generation) noexcept {
    if (ticket.state == TicketState::Cancelled || ticket.is_refunded) return std::nullopt;
    return generation;
}

}  // namespace ticketcore::rules
