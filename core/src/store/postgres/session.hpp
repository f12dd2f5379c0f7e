#pragma once
// Private to the core (layer 4, store/postgres): sql::Session and sql::Cursor over a libpq
// connection. Statements are translated (translate.hpp) and prepared lazily, on their first run,
// as named statements of the connection; every parameter is sent as text and its type is left to
// the server to infer, and every column is read as text.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "store/postgres/connection.hpp"
#include "store/postgres/translate.hpp"
#include "store/sql/session.hpp"

namespace ticketcore::postgres {

/// @brief One statement of a connection: its PostgreSQL text, its parameters, and the rows of
/// its last run. Parameters count from 1, columns from 0; an unbound parameter is NULL.
class Cursor final : public sql::Cursor {
public:
    /// @brief A statement of `connection` (which outlives it), prepared on its first run.
    Cursor(Connection& connection, TranslatedSql sql);

    void bind_null(int index) override;
    void bind_int(int index, std::int64_t value) override;
    void bind_text(int index, std::string_view value) override;
    bool step() override;
    std::int64_t run() override;
    /// @brief Queued on the connection's pipeline (Connection::send_later), prepared first if it
    /// never ran.
    void run_later() override;
    [[nodiscard]] bool is_null(int column) override;
    /// @brief The column as an integer: decimal text, or a boolean's 't'/'f' as 1/0; NULL is 0.
    [[nodiscard]] std::int64_t get_int(int column) override;
    /// @brief The column's text; NULL is empty.
    [[nodiscard]] std::string get_text(int column) override;
    void reset() noexcept override;

    /// @brief The statement's SQL as sent to the server.
    [[nodiscard]] const std::string& text() const noexcept { return sql_.text; }

private:
    void execute();
    void prepare_once();
    std::vector<const char*> values() const;
    std::optional<std::string>& parameter(int index);
    /// The current row's value of `column`, checked (nullptr is NULL).
    const char* value(int column);

    Connection& connection_;
    TranslatedSql sql_;
    std::string name_;  // empty until prepared
    std::vector<std::optional<std::string>> parameters_;
    Result result_;
    int row_ = -1;
};

/// @brief One connection inside its transaction, as the SQL repositories see it; counts its
/// round trips.
class Session final : public sql::Session {
public:
    /// @brief A session on `connection`, which outlives it.
    explicit Session(Connection& connection) : connection_(connection), first_round_trip_(connection.round_trips()) {}

    [[nodiscard]] sql::Dialect dialect() const noexcept override { return sql::Dialect::postgresql; }
    std::unique_ptr<sql::Cursor> take(const std::string& sql) override;
    void give_back(const std::string& sql, std::unique_ptr<sql::Cursor> cursor) noexcept override;
    void execute(const std::string& sql) override;

    /// @brief The round trips to the server this session made.
    [[nodiscard]] std::uint64_t round_trips() const noexcept { return connection_.round_trips() - first_round_trip_; }
    /// @brief The connection under the session (for the engine and its tests).
    [[nodiscard]] Connection& connection() noexcept { return connection_; }

private:
    Connection& connection_;
    std::uint64_t first_round_trip_;
};

}  // namespace ticketcore::postgres
