#pragma once
// Private to the core (layer 4, store): reading the rows of a list of ids in a fixed number of
// statements (in_list, slices, for_each_row_in), and where their rows are attached (index_by_id).

#include <algorithm>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/sql/session.hpp"
#include "store/sql/statement.hpp"

namespace ticketcore::sql {

/// @brief The test that `column` is one of `count` ids, bound as a std::vector<std::string>
/// (bind_all): "column IN (?, ?, ?)" on SQLite, "column IN (SELECT unnest(?::text[]))" on
/// PostgreSQL. One array parameter gives one prepared statement and one cached plan whatever the
/// count (with a parameter per id, PostgreSQL planned a statement of 100 of them for a
/// millisecond and more). The array is a set to join, not "column = ANY (?)": the cached generic
/// plan of ANY compared each row with every id in turn (200 ticket ids against 1,000 ticket
/// dates: 3.3 ms), where a semi-join hashes the ids or looks each one up in an index (0.5 ms).
///
/// With `first_parameter` (1 or more) the placeholders are numbered from it ("?1, ?2, ?3" on
/// SQLite, "?1" on PostgreSQL), so that one statement can test several columns against the
/// same ids, all bound by one bind_all of them. Any other parameter of such a statement (the
/// tenant, ?1) must be numbered below the list (?1 to ?(first - 1)): one after it would be
/// ?(first + count) on SQLite but ?(first + 1) on PostgreSQL, and a bare "?" is numbered on from
/// the list by SQLite but from 1 by the PostgreSQL translation.
inline std::string in_list(const Session& session, std::string_view column, std::size_t count,
                           std::size_t first_parameter = 0) {
    const auto placeholder = [first_parameter](std::size_t index) {
        return first_parameter == 0 ? std::string("?") : "?" + std::to_string(first_parameter + index);
    };
    std::string test(column);
    if (session.dialect() == Dialect::postgresql) return test + " IN (SELECT unnest(" + placeholder(0) + "::text[]))";
    test += " IN (";
    for (std::size_t index = 0; index < count; ++index) test += (index == 0 ? "" : ", ") + placeholder(index);
    return test + ")";
}

/// @brief The rows of a batched read by id, and their ids in order: where the rows a query finds
/// by in_list are attached.
template <typename Row>
std::pair<std::map<std::string, Row*>, std::vector<std::string>> index_by_id(const std::vector<Row*>& rows) {
    std::pair<std::map<std::string, Row*>, std::vector<std::string>> index;
    for (Row* row : rows) {
        index.first[row->id] = row;
        index.second.push_back(row->id);
    }
    return index;
}

/// @brief `ids` in slices for in_list: of at most 100 on SQLite, so its lists stay short; one on
/// PostgreSQL, whose array takes them all.
inline std::vector<std::vector<std::string>> slices(const Session& session, const std::vector<std::string>& ids) {
    const std::size_t size = session.dialect() == Dialect::postgresql ? std::max<std::size_t>(ids.size(), 1) : 100;
    std::vector<std::vector<std::string>> result;
    for (std::size_t start = 0; start < ids.size(); start += size) {
        result.emplace_back(ids.begin() + static_cast<std::ptrdiff_t>(start),
                            ids.begin() + static_cast<std::ptrdiff_t>(std::min(ids.size(), start + size)));
    }
    return result;
}

/// @brief Runs `head + in_list(column) + tail` once per slice of `ids` (see slices), with the
/// tenant bound to the one parameter of `head` (its `organization_id = ?`) and the slice after it,
/// and calls `on_row` with the statement at each row: how every batched read walks an id list, a
/// fixed number of statements whatever the number of ids.
template <typename OnRow>
void for_each_row_in(Session& session, const std::optional<std::string>& tenant, const std::vector<std::string>& ids,
                     const std::string& head, std::string_view column, const std::string& tail, OnRow&& on_row) {
    for (const auto& slice : slices(session, ids)) {
        Statement statement(session, head + in_list(session, column, slice.size()) + tail);
        statement.bind_all(tenant, slice);
        while (statement.executeStep()) on_row(statement);
    }
}

}  // namespace ticketcore::sql
