#pragma once
/// @file ticket_rules.hpp
/// @brief An issued ticket's life at the door and after (layer 3): which tickets are live (what a
/// per-user limit counts), activating a pre-generated ticket, and whether a ticket admits.

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "ticketcore/model/event.hpp"
#include "ticketcore/model/order.hpp"
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
/// only an unactivated ticket (ConflictError `ticket_cancelled` for one cancelled before it was
/// sold, `ticket_already_activated` otherwise), of an event not
/// completed (ConflictError `event_completed`), paid exactly `price` (rules::check_amount_paid:
/// ValidationError `currency_mismatch` or `amount_mismatch`). Returns the payment as Money.
[[nodiscard]] Money check_can_activate(const EventTicket& ticket, EventState event_state, const Amount& paid,
                                       Money price);

/// @brief Only a valid ticket admits: an unactivated pre-generated ticket, a cancelled or a
/// refunded one is a ConflictError (`ticket_not_activated`, `ticket_cancelled`, `ticket_refunded`).
void check_admits(const EventTicket& ticket);

/// @brief True when any date of the ticket has been redeemed at the door.
[[nodiscard]] bool is_redeemed(const EventTicket& ticket) noexcept;

/// @brief Whether a ticket may be transferred to another holder (seed 004 transfer), in this
/// order, each a ConflictError: an unactivated pre-generated ticket (`ticket_not_activated`), a
/// ticket already transferred (`ticket_transferred`, naming its successor) or cancelled
/// (`ticket_cancelled`), refunded (`ticket_refunded`) or with a refund in progress
/// (`refund_in_progress`), used at the door on any of its dates (`ticket_redeemed`), of a
/// specification that is not transferable (`ticket_not_transferable`), of a completed event
/// (`event_completed`).
void check_can_transfer(const EventTicket& ticket, const TicketSpecification& spec, EventState event_state);

/// @brief Whether a ticket may be cancelled without a refund (seed 004 cancel), in this order, each
/// a ConflictError: already transferred (`ticket_transferred`) or cancelled (`ticket_cancelled`),
/// refunded (`ticket_refunded`) or with a refund in progress (`refund_in_progress`), used
/// at the door (`ticket_redeemed`), of a completed event (`event_completed`). An unactivated
/// pre-generated ticket may be cancelled: it gives its reserved capacity back.
void check_can_cancel(const EventTicket& ticket, EventState event_state);

/// @brief The tickets of an order (booking) that cancelling it cancels: the valid ones that are
/// not refunded (those cancelled, transferred away or refunded before are left as they are).
/// Refused, each a ConflictError, in this order: an order that is not paid (`order_not_paid`), of
/// a completed event (`event_completed`), an order with a ticket to cancel that
/// check_can_cancel refuses (its error: a refund in progress, used at the door), an order with no
/// ticket left to cancel (`order_tickets_cancelled`).
[[nodiscard]] std::vector<EventTicket> tickets_to_cancel(const BuyOrder& order, EventState event_state,
                                                         const std::vector<EventTicket>& tickets);

/// @brief What an offline scanner's revocation list says of a ticket whose secret has been
/// rotated (`generation` > 1): the generation a payload must carry now, or nullopt when the
/// ticket admits with none (cancelled, transferred, refunded).
[[nodiscard]] std::optional<std::uint32_t> admitted_generation(const EventTicket& ticket,
                                                               std::uint32_t generation) noexcept;

}  // namespace ticketcore::rules
