#pragma once
// Private to the core (layer 4, store): a statement borrowed from a session's cache for its
// lifetime, with typed binding and column reading on top of sql::Cursor.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/sql/column.hpp"
#include "store/sql/session.hpp"
#include "ticketcore/values/time.hpp"
#ifdef TICKETCORE_TEST_HOOKS
#include "store/sql/plan_recorder.hpp"
#include "store/sql/statement_log.hpp"
#endif

namespace ticketcore::sql {

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

/// @brief Binds a value, or NULL when empty.
template <typename Value>
void bind_optional(Statement& statement, int index, const std::optional<Value>& value) {
    statement.bind(index, value);
}

}  // namespace ticketcore::sql
