#pragma once
// Private to the core: prepared statements reused per connection.
//
// Parsing SQL is a large share of a short unit of work, so each connection keeps the statements it
// has prepared. `Statement` is a drop-in for SQLite::Statement: constructed on a `Connection` it
// borrows a cached statement for its lifetime (a nested use of the same SQL gets its own), and
// gives it back reset with its bindings cleared.

#include <SQLiteCpp/SQLiteCpp.h>
#include <SQLiteCpp/VariadicBind.h>

#include "ticketcore/values/time.hpp"

#include <memory>
#include <optional>
#include <type_traits>
#include <string>
#include <unordered_map>
#include <vector>

namespace ticketcore {

/// @brief A SQLite connection with a cache of prepared statements.
class Connection : public SQLite::Database {
public:
    using SQLite::Database::Database;
    /// @brief A prepared statement for `sql`, from the cache when one is free.
    std::unique_ptr<SQLite::Statement> take(const std::string& sql);
    /// @brief Returns a statement to the cache, reset and with its bindings cleared.
    void give_back(const std::string& sql, std::unique_ptr<SQLite::Statement> statement) noexcept;

private:
    std::unordered_map<std::string, std::vector<std::unique_ptr<SQLite::Statement>>> free_;
};

/// @brief A statement borrowed from the connection's cache for its lifetime.
class Statement {
public:
    Statement(Connection& connection, std::string sql);
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement();

    template <typename... Args>
    void bind(Args&&... args) {
        statement_->bind(std::forward<Args>(args)...);
    }
    /// @brief Binds `values` to parameters 1, 2, ... in order (SQLiteCpp's variadic bind).
    template <typename... Values>
    void bind_all(const Values&... values) {
        SQLite::bind(*statement_, values...);
    }
    bool executeStep() { return statement_->executeStep(); }
    int exec() { return statement_->exec(); }
    void reset() { statement_->reset(); }
    SQLite::Column getColumn(int index) { return statement_->getColumn(index); }
    int getIndex(const char* name) const { return statement_->getIndex(name); }
    int getBindParameterCount() const noexcept { return statement_->getBindParameterCount(); }

private:
    Connection& connection_;
    std::string sql_;
    std::unique_ptr<SQLite::Statement> statement_;
};

/// @brief A nullable INTEGER column.
inline std::optional<std::int64_t> optional_int(const SQLite::Column& column) {
    if (column.isNull()) return std::nullopt;
    return column.getInt64();
}
/// @brief A nullable TEXT column.
inline std::optional<std::string> optional_text(const SQLite::Column& column) {
    if (column.isNull()) return std::nullopt;
    return column.getString();
}
/// @brief A nullable microseconds column.
inline std::optional<Instant> optional_instant(const SQLite::Column& column) {
    if (column.isNull()) return std::nullopt;
    return Instant{column.getInt64()};
}
/// @brief Binds a value, or NULL when empty (Instant as its microseconds).
template <typename Value>
void bind_optional(Statement& statement, int index, const std::optional<Value>& value) {
    if (!value) {
        statement.bind(index);
    } else if constexpr (std::is_same_v<Value, Instant>) {
        statement.bind(index, value->micros);
    } else {
        statement.bind(index, *value);
    }
}

/// @brief A SAVEPOINT inside the unit's transaction: rolled back to on scope exit unless released,
/// so part of a unit of work can be tried and undone without losing the rest.
class Savepoint {
public:
    Savepoint(Connection& connection, std::string name);
    Savepoint(const Savepoint&) = delete;
    Savepoint& operator=(const Savepoint&) = delete;
    ~Savepoint();
    /// @brief Keeps what was done since the savepoint.
    void release();

private:
    Connection& connection_;
    std::string name_;
    bool released_ = false;
};

}  // namespace ticketcore
