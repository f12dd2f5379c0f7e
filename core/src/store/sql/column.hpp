#pragma once
// Private to the core (layer 4, store): one column of a statement's current row, and the
// readers of its nullable columns.

#include <cstdint>
#include <optional>
#include <string>

#include "store/sql/session.hpp"
#include "ticketcore/values/time.hpp"

namespace ticketcore::sql {

/// @brief One column of a statement's current row.
class Column {
public:
    Column(Cursor& cursor, int index) : cursor_(cursor), index_(index) {}
    [[nodiscard]] bool isNull() const { return cursor_.is_null(index_); }
    [[nodiscard]] std::int64_t getInt64() const { return cursor_.get_int(index_); }
    [[nodiscard]] int getInt() const { return static_cast<int>(cursor_.get_int(index_)); }
    [[nodiscard]] bool getBool() const { return cursor_.get_int(index_) != 0; }
    [[nodiscard]] std::string getString() const { return cursor_.get_text(index_); }

private:
    Cursor& cursor_;
    int index_;
};

/// @brief A nullable integer column.
inline std::optional<std::int64_t> optional_int(const Column& column) {
    if (column.isNull()) return std::nullopt;
    return column.getInt64();
}
/// @brief A nullable text column.
inline std::optional<std::string> optional_text(const Column& column) {
    if (column.isNull()) return std::nullopt;
    return column.getString();
}
/// @brief A nullable microseconds column.
inline std::optional<Instant> optional_instant(const Column& column) {
    if (column.isNull()) return std::nullopt;
    return Instant{column.getInt64()};
}

}  // namespace ticketcore::sql
