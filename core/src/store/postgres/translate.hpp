#pragma once
// Private to the core (layer 4, store/postgres): the shared SQL (written once for SQLite and
// PostgreSQL) as PostgreSQL reads it.

#include <string>
#include <string_view>
#include <vector>

namespace ticketcore::postgres {

/// @brief A statement's SQL in PostgreSQL's spelling, and how many parameters it takes.
///
/// PostgreSQL infers a parameter's type from its first use, and `$1 IS NULL` tells it nothing:
/// `$1 IS NULL OR organization_id = $1` cannot be prepared with the types left open. For such a
/// statement `probe_text` is the same SQL with each null test of a parameter (`?1 IS NULL`) made a
/// test of NULL (`NULL IS NULL`): the server infers the types from the other uses, and the
/// statement is then prepared with them. Empty when no parameter is null-tested.
struct TranslatedSql {
    std::string text;
    int parameter_count = 0;
    std::string probe_text;
    /// @brief Per parameter (from 1 at index 0): true when its only uses are null tests, so that
    /// nothing says its type (it is sent as text).
    std::vector<bool> only_null_tested;
};

/// @brief Translates the shared SQL to PostgreSQL's: the k-th bare `?` becomes `$k`, `?N` becomes
/// `$N`, and the whole word `rowid` (any case) becomes `seq`, the insertion-order column every
/// PostgreSQL table of ticketcore carries; `CROSS JOIN` (SQLite's way of fixing a join order,
/// always with ON here) becomes `JOIN`. String literals ('...'), quoted identifiers ("...") and
/// comments are copied unchanged. The parameter count is the highest number used; see TranslatedSql
/// for the probe of statements that null-test a parameter.
[[nodiscard]] TranslatedSql translate(std::string_view sql);

}  // namespace ticketcore::postgres
