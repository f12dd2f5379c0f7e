#pragma once
// Private to the core (layer 4, store): the engine-neutral SQL session the SQL repositories are
// written against. SQL is written once, with `?` (or `?N`) placeholders, in the common subset of
// SQLite and PostgreSQL; an engine translates what differs when it prepares a statement (the
// placeholders, `rowid` as the insertion order). Engine client types (SQLiteCpp, libpq) never
// appear here: they live under store/sqlite and store/postgres.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace ticketcore::sql {

/// @brief Which SQL an engine speaks, for the few statements that cannot be written once.
enum class Dialect { sqlite, postgresql };

/// @brief One prepared statement of an engine with its bound parameters and its current row.
/// Parameters and columns count from 1 and 0 respectively, as in SQLite.
class Cursor {
public:
    Cursor() = default;
    Cursor(const Cursor&) = delete;
    Cursor& operator=(const Cursor&) = delete;
    virtual ~Cursor() = default;

    virtual void bind_null(int index) = 0;
    virtual void bind_int(int index, std::int64_t value) = 0;
    virtual void bind_text(int index, std::string_view value) = 0;
    /// @brief Runs the statement on the first call, then moves to the next row; false when no
    /// row is left.
    virtual bool step() = 0;
    /// @brief Runs a statement to its end; the number of rows it inserted, updated or deleted.
    virtual std::int64_t run() = 0;
    /// @brief Runs a statement whose result nobody reads (a write whose row count is not needed),
    /// possibly later: an engine may send it with the next statement that needs an answer
    /// (PostgreSQL's pipeline) instead of waiting for it now. The engine still runs the
    /// statements of a transaction in their order, and the statement's error is thrown by the
    /// next call that reads from the engine, or by the commit. Runs it now by default.
    virtual void run_later() { static_cast<void>(run()); }
    [[nodiscard]] virtual bool is_null(int column) = 0;
    /// @brief An integer column (a boolean reads as 0 or 1).
    [[nodiscard]] virtual std::int64_t get_int(int column) = 0;
    [[nodiscard]] virtual std::string get_text(int column) = 0;
    /// @brief Ready to run again, with the bindings cleared.
    virtual void reset() noexcept = 0;
};

/// @brief One connection inside its transaction, as the SQL repositories see it.
class Session {
public:
    Session() = default;
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;
    virtual ~Session() = default;

    [[nodiscard]] virtual Dialect dialect() const noexcept = 0;
    /// @brief A prepared statement for `sql`, from the session's cache when one is free.
    virtual std::unique_ptr<Cursor> take(const std::string& sql) = 0;
    /// @brief Returns a statement to the cache (reset); one that cannot be reset is dropped.
    virtual void give_back(const std::string& sql, std::unique_ptr<Cursor> cursor) noexcept = 0;
    /// @brief Runs SQL without parameters and rows (savepoints).
    virtual void execute(const std::string& sql) = 0;
};

}  // namespace ticketcore::sql
