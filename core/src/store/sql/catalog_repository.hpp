#pragma once
// Private to the core: SQL for organizations, events, specifications and pools (layer 3).

#include "store/sqlite/statement.hpp"

#include <optional>
#include <string>
#include <vector>

#include "ticketcore/model/event.hpp"
#include "ticketcore/model/organization.hpp"
#include "ticketcore/model/pool.hpp"
#include "ticketcore/model/specification.hpp"

namespace ticketcore::repository {

std::optional<Organization> find_organization(Connection& db, const std::string& id);
void insert_organization(Connection& db, const Organization& organization);
void enable_billing_profile(Connection& db, const std::string& organization_id);

std::optional<Event> find_event(Connection& db, const std::string& id);
std::vector<Event> list_events(Connection& db, const std::string& organization_id,
                               std::optional<EventState> state);
void insert_event(Connection& db, const Event& event);
void update_event_state(Connection& db, const std::string& id, EventState state);
void insert_event_date(Connection& db, const EventDate& date);
/// Tickets of the event that still admit (not cancelled), in issue order.
std::vector<std::string> live_ticket_ids(Connection& db, const std::string& event_id);
void insert_ticket_date(Connection& db, const std::string& id, const std::string& ticket_id,
                        const std::string& event_date_id);

/// A specification with what its checks need besides the snapshot.
struct SpecificationRow {
    TicketSpecification specification;
    std::string organization_id;
    EventState event_state = EventState::Draft;
};
std::optional<SpecificationRow> find_specification(Connection& db, const std::string& id);
std::vector<TicketSpecification> list_specifications(Connection& db, const std::string& event_id);
/// Inserts or replaces the editable columns, names, and (on insert) the links to every event date.
void insert_specification(Connection& db, const TicketSpecification& specification);
void update_specification(Connection& db, const TicketSpecification& specification);
void update_specification_active(Connection& db, const std::string& id, bool active);
void delete_specification(Connection& db, const std::string& id);

/// Live counts as of `now`: holds of pending orders that ran out but are not swept yet are not
/// reserved any more, so they leave `number_of_tickets_reserved` and come back to `available`
/// (of the spec and of its pools). Reads use this; writes sweep instead.
void exclude_expired_holds(Connection& db, TicketSpecification& spec, Instant now);
void exclude_expired_holds(Connection& db, Pool& pool, Instant now);

std::optional<Pool> find_pool(Connection& db, const std::string& id);
std::vector<Pool> list_pools(Connection& db, const std::string& event_id);
void insert_pool(Connection& db, const Pool& pool);
void update_pool_size(Connection& db, const std::string& id, std::int64_t size);
void insert_pool_member(Connection& db, const std::string& pool_id, const std::string& specification_id);
void delete_pool_member(Connection& db, const std::string& pool_id, const std::string& specification_id);
void delete_pool(Connection& db, const std::string& id);

}  // namespace ticketcore::repository
