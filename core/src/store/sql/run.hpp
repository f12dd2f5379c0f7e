#pragma once
// Private to the core (layer 4, store): one statement run in one call: a write (run,
// run_later), a column of texts (texts), an aggregate (integer).

#include <cstdint>
#include <string>
#include <vector>

#include "store/sql/session.hpp"
#include "store/sql/statement.hpp"

namespace ticketcore::sql {

/// @brief Runs `sql` with `values` bound to parameters 1, 2, ...; the number of rows changed.
template <typename... Values>
std::int64_t run(Session& session, const std::string& sql, const Values&... values) {
    Statement statement(session, sql);
    statement.bind_all(values...);
    return statement.exec();
}

/// @brief Runs `sql` with `values` bound, possibly later (Statement::exec_later): for writes
/// whose row count nobody reads.
template <typename... Values>
void run_later(Session& session, const std::string& sql, const Values&... values) {
    Statement statement(session, sql);
    statement.bind_all(values...);
    statement.exec_later();
}

/// @brief The first column of every row of `sql` with `values` bound, as text.
template <typename... Values>
std::vector<std::string> texts(Session& session, const std::string& sql, const Values&... values) {
    Statement query(session, sql);
    query.bind_all(values...);
    std::vector<std::string> result;
    while (query.executeStep()) result.push_back(query.getColumn(0).getString());
    return result;
}

/// @brief The integer in the first column of the one row of `sql` (an aggregate).
template <typename... Values>
std::int64_t integer(Session& session, const std::string& sql, const Values&... values) {
    Statement query(session, sql);
    query.bind_all(values...);
    query.executeStep();
    return query.getColumn(0).getInt64();
}

}  // namespace ticketcore::sql
