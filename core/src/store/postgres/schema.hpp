#pragma once
// Private to the core (layer 4, store/postgres): the versioned schema of a PostgreSQL store.

#include "store/sql/session.hpp"

namespace ticketcore::postgres::schema {

/// @brief The newest schema version.
[[nodiscard]] int latest_version() noexcept;
/// @brief The version of the schema on `session`'s search_path: 0 when there is none yet.
[[nodiscard]] int current_version(sql::Session& session);
/// @brief Applies the migrations from `current` up to `target` inside the session's transaction.
void apply(sql::Session& session, int current, int target);

}  // namespace ticketcore::postgres::schema
