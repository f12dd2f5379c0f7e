#pragma once
// Private to the core (store/sqlite): a SQLite connection as a sql::Session, with a cache of
// prepared statements (parsing SQL is a large share of a short unit of work).

#include <SQLiteCpp/SQLiteCpp.h>

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/sql/session.hpp"

namespace ticketcore::sqlite {

/// @brief A SQLite connection with a cache of prepared statements.
class Connection final : public SQLite::Database, public sql::Session {
public:
    using SQLite::Database::Database;

    [[nodiscard]] sql::Dialect dialect() const noexcept override { return sql::Dialect::sqlite; }
    std::unique_ptr<sql::Cursor> take(const std::string& sql) override;
    void give_back(const std::string& sql, std::unique_ptr<sql::Cursor> cursor) noexcept override;
    void execute(const std::string& sql) override { exec(sql); }

private:
    std::unordered_map<std::string, std::vector<std::unique_ptr<sql::Cursor>>> free_;
};

}  // namespace ticketcore::sqlite
