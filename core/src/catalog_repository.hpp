#pragma once
// Private to the core: SQL for organizations, events, specifications and pools (layer 3).

#include <SQLiteCpp/SQLiteCpp.h>

#include <optional>
#include <string>
#include <vector>

#include "ticketcore/event.hpp"
#include "ticketcore/organization.hpp"
#include "ticketcore/pool.hpp"
#include "ticketcore/specification.hpp"

namespace ticketcore::repository {

std::optional<Organization> find_organization(SQLite::Database& db, const std::string& id);
void insert_organization(SQLite::Database& db, const Organization& organization);
void enable_billing_profile(SQLite::Database& db, const std::string& organization_id);

std::optional<Event> find_event(SQLite::Database& db, const std::string& id);
std::vector<Event> list_events(SQLite::Database& db, const std::string& organization_id,
                               std::optional<EventState> state);
void insert_event(SQLite::Database& db, const Event& event);
void update_event_state(SQLite::Database& db, const std::string& id, EventState state);
void insert_event_date(SQLite::Database& db, const EventDate& date);

/// A specification with what its checks need besides the snapshot.
struct SpecificationRow {
    TicketSpecification specification;
    std::string organization_id;
    EventState event_state = EventState::Draft;
};
std::optional<SpecificationRow> find_specification(SQLite::Database& db, const std::string& id);
std::vector<TicketSpecification> list_specifications(SQLite::Database& db, const std::string& event_id);
/// Inserts or replaces the editable columns, names, and (on insert) the links to every event date.
void insert_specification(SQLite::Database& db, const TicketSpecification& specification);
void update_specification(SQLite::Database& db, const TicketSpecification& specification);
void update_specification_active(SQLite::Database& db, const std::string& id, bool active);
void delete_specification(SQLite::Database& db, const std::string& id);

std::optional<Pool> find_pool(SQLite::Database& db, const std::string& id);
std::vector<Pool> list_pools(SQLite::Database& db, const std::string& event_id);
void insert_pool(SQLite::Database& db, const Pool& pool);
void update_pool_size(SQLite::Database& db, const std::string& id, std::int64_t size);
void insert_pool_member(SQLite::Database& db, const std::string& pool_id, const std::string& specification_id);
void delete_pool_member(SQLite::Database& db, const std::string& pool_id, const std::string& specification_id);
void delete_pool(SQLite::Database& db, const std::string& id);

}  // namespace ticketcore::repository
