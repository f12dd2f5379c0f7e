#pragma once
// Private to the core (layer 4, store): row and key locks, taken on PostgreSQL and nothing on
// SQLite, whose BEGIN IMMEDIATE runs one writer at a time.

#include <optional>
#include <string>
#include <string_view>

#include "store/sql/run.hpp"
#include "store/sql/session.hpp"

namespace ticketcore::sql {

/// @brief Locks the row `id` of `table` until the transaction ends (PostgreSQL's SELECT ... FOR
/// UPDATE; nothing on SQLite, whose BEGIN IMMEDIATE already runs one writer at a time). Callers
/// lock before they read what they will check and change, so that concurrent writers take turns.
inline void lock_row(Session& session, const std::optional<std::string>& tenant, const std::string& table,
                     const std::string& id) {
    if (session.dialect() == Dialect::sqlite) return;
    (void)texts(session, "SELECT id FROM " + table + " WHERE id = ? AND organization_id = ? FOR UPDATE", id, tenant);
}

/// @brief What ends a SELECT that locks the rows it reads of `table` (aliased so in the query)
/// until the transaction ends, like lock_row: " FOR UPDATE OF table" on PostgreSQL, nothing on
/// SQLite. A read and its lock in one round trip.
inline std::string for_update_of(const Session& session, std::string_view table) {
    if (session.dialect() == Dialect::sqlite) return "";
    return " FOR UPDATE OF " + std::string(table);
}

/// @brief Takes a transaction-scoped lock on `key` (PostgreSQL's advisory lock; nothing on SQLite).
inline void lock_key(Session& session, const std::string& key) {
    if (session.dialect() == Dialect::sqlite) return;
    // Later: the server takes the lock before it runs the statements sent after it, and no
    // statement's answer is read before every statement sent ahead of it has run.
    run_later(session, "SELECT CAST(pg_advisory_xact_lock(hashtextextended(?, 0)) AS TEXT)", key);
}

}  // namespace ticketcore::sql
