#pragma once
/// @file ticket_rules.hpp
/// @brief An issued ticket's life at the door and after (layer 3): which tickets are live (what a
/// per-user limit counts), activating a pre-generated ticket, and whether a ticket admits.

#include <array>
#include <span>

#include "ticketcore/model/event.hpp"
#include "ticketcore/model/specification.hpp"
#include "ticketcore/model/ticket.hpp"
#include "ticketcore/values/money.hpp"

namespace ticketcore::rules {

/// @brief Which of a buyer's tickets count against a per-user limit: those in one of `states`,
/// refunded ones only when `refunded`. A repository handed one counts exactly these.
struct CountedTickets {
    std::span<const TicketState> states;
    bool refunded = false;
};
/// @brief The states of a live ticket: every state but cancelled (an unactivated pre-generated
/// ticket is live: it holds its capacity).
inline constexpr std::array<TicketState, 2> live_ticket_states{TicketState::Unactivated, TicketState::Valid};
/// @brief The tickets a per-user limit counts, the live ones: not cancelled, not refunded.
[[nodiscard]] constexpr CountedTickets counted_tickets() noexcept {
    return CountedTickets{live_ticket_states, false};
}
/// @brief Whether a ticket in `state`, refunded or not, is one of `counted` (what a repository's
/// SQL does with it, said once in C++).
[[nodiscard]] bool is_counted(const CountedTickets& counted, TicketState state, bool refunded) noexcept;

/// @brief What a pre-generated ticket of `spec` costs at the door: its price and both its fees.
[[nodiscard]] Money door_price(const TicketSpecification& spec);
/// @brief Activating a pre-generated ticket at the door for a payment of `paid`, in this order:
/// only an unactivated ticket (ConflictError `ticket_already_activated`), of an event not
/// completed (ConflictError `event_completed`), paid exactly `price` (rules::check_amount_paid:
/// ValidationError `currency_mismatch` or `amount_mismatch`). Returns the payment as Money.
[[nodiscard]] Money check_can_activate(const EventTicket& ticket, EventState event_state, const Amount& paid,
                                       Money price);

/// @brief Only a valid ticket admits: an unactivated pre-generated ticket, a cancelled or a
/// refunded one is a ConflictError (`ticket_not_activated`, `ticket_cancelled`, `ticket_refunded`).
void check_admits(const EventTicket& ticket);

}  // namespace ticketcore::rules
