#pragma once
// Private to the core: making ticket rows, shared by orders, comps and pre-generation.

#include <cstdint>
#include <string>

#include "services/unit_of_work.hpp"
#include "store/orders.hpp"
#include "ticketcore/model/buyer.hpp"
#include "ticketcore/model/specification.hpp"
#include "ticketcore/model/ticket.hpp"

namespace ticketcore::issuing {

/// 32 random bytes (OpenSSL) as 64 hex digits: a ticket's secret.
std::string random_secret();
/// A ticket of `spec` with a fresh id and one EventTicketDate per date the spec grants.
EventTicket new_ticket(const UnitOfWork& unit, const TicketSpecification& spec, TicketKind kind, TicketState state);
/// Inserts the ticket with a fresh random secret (the QR's key, rotated on transfer and cancel).
void store_ticket(const UnitOfWork& unit, const EventTicket& ticket, const std::string& organization_id,
                  const std::string& claim_id);

/// The tickets of a paid order: one valid ticket per unit of each line (claims settled already),
/// held by `buyer`, and the buyer made a holder of the event; returns their ids in issue order.
/// What an online payment and a committed box-office sale both issue.
std::vector<std::string> issue_order_tickets(const UnitOfWork& unit, const std::string& organization_id,
                                             const std::string& event_id, const std::string& order_id,
                                             const Buyer& buyer, const std::vector<repository::OrderLineClaim>& lines);

/// The payload of `tickets.issued`, one shape for every kind: the event, how the tickets came to be,
/// the order (null for comps and door sales), who holds them, and their ids.
Json issued_payload(const std::string& event_id, TicketKind kind, const std::optional<std::string>& order_id,
                    const Buyer& holder, const std::vector<std::string>& ticket_ids);

#ifdef TICKETCORE_TEST_HOOKS
/// @brief Test builds only: switches the revocation guard of cancel and transfer off (see
/// ticketcore::testing::set_revocation_guard_disabled).
void set_revocation_guard_disabled(bool disabled, std::int64_t race_window_micros) noexcept;
/// @brief Test builds only: whether the revocation guard is off, and the race window to sleep in.
bool revocation_guard_disabled() noexcept;
std::int64_t revocation_race_window_micros() noexcept;
#endif

}  // namespace ticketcore::issuing
