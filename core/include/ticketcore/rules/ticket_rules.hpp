#pragma once
/// @file ticket_rules.hpp
/// @brief Whether an issued ticket admits at the door (layer 2). The door area redeems through it.

#include "ticketcore/model/ticket.hpp"

namespace ticketcore::rules {

/// @brief Only a valid ticket admits: an unactivated pre-generated ticket, a cancelled or a
/// refunded one is a ConflictError (`ticket_not_activated`, `ticket_cancelled`, `ticket_refunded`).
void check_admits(const EventTicket& ticket);

}  // namespace ticketcore::rules
