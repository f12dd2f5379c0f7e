#pragma once
// Private to the core (layer 4, store): a statement borrowed from a session's cache for its
// lifetime, with typed binding and column reading on top of sql::Cursor.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#ifdef TICKETCORE_TEST_HOOKS
#include <mutex>
#include <set>
#endif
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "store/sql/session.hpp"
#include "ticketcore/values/time.hpp"

namespace ticketcore::sql {

#ifdef TICKETCORE_TEST_HOOKS
/// @brief Test builds only: where the plans of the queries a thread runs are collected while set
/// (ticketcore::testing::query_plans): the SQL of each query and its plan lines, as the engine's
/// EXPLAIN QUERY PLAN (SQLite) or EXPLAIN (PostgreSQL) gives them for the same bound values.
struct PlanRecorder {
    std::vector<std::pair<std::string, std::vector<std::string>>> plans;
};
inline thread_local PlanRecorder* plan_recorder = nullptr;

/// @brief Test builds only: the text of every statement the process has prepared through
/// Statement, each once (ticketcore::testing::statements_run), so that a test can check every one
/// of them for its tenant scope. Off (`statements_paused`) in a thread while a test hook writes
/// a state the API cannot.
struct StatementLog {
    std::mutex mutex;
    std::set<std::string> texts;
};
inline StatementLog statement_log;
inline thread_local bool statements_paused = false;
#endif

/// @brief A PostgreSQL array literal of texts, {"a","b"}: each element quoted, with `"` and `\`
/// escaped, so that no text can change the array's shape.
inline std::string array_literal(const std::vector<std::string>& values) {
    std::string literal = "{";
    for (const std::string& value : values) {
        if (literal.size() > 1) literal += ',';
        literal += '"';
        for (const char character : value) {
            if (character == '"' || character == '\\') literal += '\\';
            literal += character;
        }
        literal += '"';
    }
    return literal + "}";
}

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

/// @brief A statement borrowed from the session's cache for its lifetime (a nested use of the
/// same SQL gets its own), given back reset with its bindings cleared.
class Statement {
public:
    Statement(Session& session, std::string sql)
        : session_(session), sql_(std::move(sql)), cursor_(session.take(sql_)) {
#ifdef TICKETCORE_TEST_HOOKS
        if (!statements_paused) {
            const std::lock_guard lock(statement_log.mutex);
            statement_log.texts.insert(sql_);
        }
#endif
    }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement() {
        if (cursor_) session_.give_back(sql_, std::move(cursor_));
    }

    void bind(int index) {
        bind_null(index);
    }
    void bind(int index, std::nullopt_t) {
        bind_null(index);
    }
    void bind(int index, std::int64_t value) {
        bind_int(index, value);
    }
    void bind(int index, int value) {
        bind_int(index, value);
    }
    void bind(int index, bool value) {
        bind_int(index, value ? 1 : 0);
    }
    void bind(int index, Instant value) {
        bind_int(index, value.micros);
    }
    void bind(int index, std::string_view value) {
        bind_text(index, value);
    }
    void bind(int index, const std::string& value) {
        bind_text(index, value);
    }
    void bind(int index, const char* value) {
        bind_text(index, value);
    }
    /// @brief Binds a value, or NULL when empty.
    template <typename Value>
    void bind(int index, const std::optional<Value>& value) {
        if (value) {
            bind(index, *value);
        } else {
            bind_null(index);
        }
    }
    /// @brief Binds one value to the next parameter, or a list (an IN list) to the next ones.
    template <typename Value>
    void bind_next(int& index, const Value& value) {
        bind(++index, value);
    }
    /// An id list (see in_list): one parameter per id on SQLite, one array on PostgreSQL.
    void bind_next(int& index, const std::vector<std::string>& values) {
        if (session_.dialect() == Dialect::postgresql) {
            bind(++index, array_literal(values));
            return;
        }
        for (const std::string& value : values) bind(++index, value);
    }
    /// @brief Binds `values` to parameters 1, 2, ... in order (an id list: see in_list).
    template <typename... Values>
    void bind_all(const Values&... values) {
        int index = 0;
        (bind_next(index, values), ...);
    }

    bool executeStep() {
#ifdef TICKETCORE_TEST_HOOKS
        if (plan_recorder && !stepped_ && is_select(sql_)) record_plan();
        stepped_ = true;
#endif
        return cursor_->step();
    }
    /// @brief Runs to the end; the number of rows changed.
    std::int64_t exec() {
        return cursor_->run();
    }
    /// @brief Runs a write whose row count nobody needs, possibly later (sql::Cursor::run_later):
    /// on PostgreSQL it goes out with the next statement that needs an answer, in one round trip.
    void exec_later() {
        cursor_->run_later();
    }
    void reset() {
        cursor_->reset();
#ifdef TICKETCORE_TEST_HOOKS
        stepped_ = false;
        bound_.clear();
#endif
    }
    [[nodiscard]] Column getColumn(int index) {
        return Column(*cursor_, index);
    }

private:
    using Bound = std::optional<std::pair<std::optional<std::int64_t>, std::string>>;  // null, int or text
#ifdef TICKETCORE_TEST_HOOKS
    void remember(int index, Bound value) {
        if (bound_.size() < static_cast<std::size_t>(index)) bound_.resize(static_cast<std::size_t>(index));
        bound_[static_cast<std::size_t>(index - 1)] = std::move(value);
    }
    /// @brief Whether `sql` is a query, also when a marking comment comes first
    /// ("/* every organization */ SELECT ...": the platform's reads must have their plans checked too).
    static bool is_select(std::string_view sql) {
        if (sql.starts_with("/*")) {
            const std::size_t end = sql.find("*/");
            if (end == std::string_view::npos) return false;
            sql.remove_prefix(end + 2);
            while (sql.starts_with(' ')) sql.remove_prefix(1);
        }
        return sql.starts_with("SELECT");
    }
    void record_plan() {
        const bool sqlite = session_.dialect() == Dialect::sqlite;
        PlanRecorder* recorder = plan_recorder;
        plan_recorder = nullptr;  // the EXPLAIN itself is not recorded
        Statement explain(session_, (sqlite ? "EXPLAIN QUERY PLAN " : "EXPLAIN ") + sql_);
        for (std::size_t index = 0; index < bound_.size(); ++index) {
            const int position = static_cast<int>(index + 1);
            if (!bound_[index]) {
                explain.bind_null(position);
            } else if (bound_[index]->first) {
                explain.bind_int(position, *bound_[index]->first);
            } else {
                explain.bind_text(position, bound_[index]->second);
            }
        }
        std::vector<std::string> lines;
        while (explain.cursor_->step()) lines.push_back(explain.cursor_->get_text(sqlite ? 3 : 0));
        plan_recorder = recorder;
        recorder->plans.emplace_back(sql_, std::move(lines));
    }
    bool stepped_ = false;
    std::vector<Bound> bound_;
#endif
    void bind_null(int index) {
#ifdef TICKETCORE_TEST_HOOKS
        remember(index, std::nullopt);
#endif
        cursor_->bind_null(index);
    }
    void bind_int(int index, std::int64_t value) {
#ifdef TICKETCORE_TEST_HOOKS
        remember(index, std::make_pair(std::optional<std::int64_t>(value), std::string()));
#endif
        cursor_->bind_int(index, value);
    }
    void bind_text(int index, std::string_view value) {
#ifdef TICKETCORE_TEST_HOOKS
        remember(index, std::make_pair(std::optional<std::int64_t>(), std::string(value)));
#endif
        cursor_->bind_text(index, value);
    }

    Session& session_;
    std::string sql_;
    std::unique_ptr<Cursor> cursor_;
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

/// @brief A SAVEPOINT inside the session's transaction: rolled back to on scope exit unless
/// released, so part of a unit of work can be tried and undone without losing the rest.
class Savepoint {
public:
    Savepoint(Session& session, std::string name) : session_(session), name_(std::move(name)) {
        session_.execute("SAVEPOINT " + name_);
    }
    Savepoint(const Savepoint&) = delete;
    Savepoint& operator=(const Savepoint&) = delete;
    ~Savepoint() {
        if (released_) return;
        try {
            session_.execute("ROLLBACK TO SAVEPOINT " + name_);
            session_.execute("RELEASE SAVEPOINT " + name_);
        } catch (...) {  // NOLINT(bugprone-empty-catch): the enclosing transaction rolls back anyway
        }
    }
    /// @brief Keeps what was done since the savepoint.
    void release() {
        session_.execute("RELEASE SAVEPOINT " + name_);
        released_ = true;
    }

private:
    Session& session_;
    std::string name_;
    bool released_ = false;
};

}  // namespace ticketcore::sql

namespace ticketcore::sql {

/// @brief Binds a value, or NULL when empty.
template <typename Value>
void bind_optional(Statement& statement, int index, const std::optional<Value>& value) {
    statement.bind(index, value);
}

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

/// @brief `column` spelled so that SQLite's planner does not answer a test of it from an index
/// ("+column"; PostgreSQL, which plans by its statistics, gets the column as it is). For the
/// tenant's `organization_id = ?` where an index that leads with the organization would
/// otherwise look as good to SQLite as the narrower one the query is written for (an event's),
/// and read every event's rows of the organization.
inline std::string not_indexed(const Session& session, std::string_view column) {
    return (session.dialect() == Dialect::sqlite ? "+" : "") + std::string(column);
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

/// @brief The integer in the first column of the one row of `sql` (an aggregate).
template <typename... Values>
std::int64_t integer(Session& session, const std::string& sql, const Values&... values) {
    Statement query(session, sql);
    query.bind_all(values...);
    query.executeStep();
    return query.getColumn(0).getInt64();
}

}  // namespace ticketcore::sql
