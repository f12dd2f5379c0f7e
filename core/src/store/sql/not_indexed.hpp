#pragma once
// Private to the core (layer 4, store): a column spelled so that SQLite's planner does not
// answer its test from an index.

#include <string>
#include <string_view>

#include "store/sql/session.hpp"

namespace ticketcore::sql {

/// @brief `column` spelled so that SQLite's planner does not answer a test of it from an index
/// ("+column"; PostgreSQL, which plans by its statistics, gets the column as it is). For the
/// tenant's `organization_id = ?` where an index that leads with the organization would
/// otherwise look as good to SQLite as the narrower one the query is written for (an event's),
/// and read every event's rows of the organization.
inline std::string not_indexed(const Session& session, std::string_view column) {
    return (session.dialect() == Dialect::sqlite ? "+" : "") + std::string(column);
}

}  // namespace ticketcore::sql
