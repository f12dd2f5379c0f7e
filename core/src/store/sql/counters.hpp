#pragma once
// Private to the core (layer 4, store): what the integrity checks of the ledgers share (the
// ticket inventory's and the product stock's): an integrity query's text for one organization
// or for every one, and the comparison of stored counters with their recount.

#include <cstdint>
#include <string>

#include "store/sql/statement.hpp"
#include "ticketcore/model/integrity.hpp"

namespace ticketcore::sql {

/// @brief The text of an integrity query with each "{alias}" made that table's scope: for one
/// organization `alias.organization_id = ?1`; for every organization (the platform's check, the
/// one read of the core over all of them) TRUE, and the text marked "/* every organization */",
/// which the tenant-scope check of the tests lets through.
inline std::string counters_text(bool every, std::string sql) {
    for (std::size_t open = 0; (open = sql.find('{', open)) != std::string::npos;) {
        const std::size_t close = sql.find('}', open);
        const std::string alias = sql.substr(open + 1, close - open - 1);
        sql.replace(open, close - open + 1, every ? "TRUE" : alias + ".organization_id = ?1");
    }
    return every ? "/* every organization */ " + sql : sql;
}

/// @brief Reads rows of (id, stored sold, recounted sold, stored reserved, recounted reserved),
/// counting each in `checked` and reporting each counter that differs as `entity_type`'s.
inline void compare(Statement& query, const char* entity_type, IntegrityReport& report, std::int64_t& checked) {
    while (query.executeStep()) {
        ++checked;
        const std::string id = query.getColumn(0).getString();
        const char* counters[] = {"sold", "reserved"};
        for (int index = 0; index < 2; ++index) {
            const std::int64_t stored = query.getColumn(1 + 2 * index).getInt64();
            const std::int64_t recounted = query.getColumn(2 + 2 * index).getInt64();
            if (stored != recounted) report.mismatches.push_back({entity_type, id, counters[index], stored, recounted});
        }
    }
}

}  // namespace ticketcore::sql
