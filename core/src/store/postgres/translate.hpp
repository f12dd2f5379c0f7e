#pragma once
// Private to the core (layer 4, store/postgres): the shared SQL (written once for SQLite and
// PostgreSQL) as PostgreSQL reads it.

#include <string>
#include <string_view>

namespace ticketcore::postgres {

/// @brief A statement's SQL in PostgreSQL's spelling, and how many parameters it takes.
struct TranslatedSql {
    std::string text;
    int parameter_count = 0;
};

/// @brief Translates the shared SQL to PostgreSQL's: the k-th bare `?` becomes `$k`, `?N` becomes
/// `$N`, and the whole word `rowid` (any case) becomes `seq`, the insertion-order column every
/// PostgreSQL table of ticketcore carries. String literals ('...'), quoted identifiers ("...") and
/// comments are copied unchanged. The parameter count is the highest number used.
[[nodiscard]] TranslatedSql translate(std::string_view sql);

}  // namespace ticketcore::postgres
