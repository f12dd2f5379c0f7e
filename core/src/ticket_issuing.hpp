#pragma once
// Private to the core: making ticket rows, shared by orders, comps and pre-generation.

#include <string>

#include "database.hpp"
#include "ticketcore/specification.hpp"
#include "ticketcore/ticket.hpp"

namespace ticketcore::issuing {

/// A ticket of `spec` with a fresh id and one EventTicketDate per date the spec grants.
EventTicket new_ticket(const UnitOfWork& unit, const TicketSpecification& spec, TicketKind kind, TicketState state);
/// Inserts the ticket with a fresh random secret (the QR's key, rotated on transfer and cancel).
void store_ticket(const UnitOfWork& unit, const EventTicket& ticket, const std::string& organization_id,
                  const std::string& claim_id);

}  // namespace ticketcore::issuing
