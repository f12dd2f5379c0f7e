#include "store/sqlite/statement.hpp"

namespace ticketcore {

std::unique_ptr<SQLite::Statement> Connection::take(const std::string& sql) {
    auto found = free_.find(sql);
    if (found != free_.end() && !found->second.empty()) {
        auto statement = std::move(found->second.back());
        found->second.pop_back();
        return statement;
    }
    return std::make_unique<SQLite::Statement>(*this, sql);
}

void Connection::give_back(const std::string& sql, std::unique_ptr<SQLite::Statement> statement) noexcept {
    try {
        statement->reset();
        statement->clearBindings();
        free_[sql].push_back(std::move(statement));
    } catch (...) {  // NOLINT(bugprone-empty-catch): a statement that cannot be reset is dropped
    }
}

Statement::Statement(Connection& connection, std::string sql)
    : connection_(connection), sql_(std::move(sql)), statement_(connection.take(sql_)) {}

Statement::~Statement() {
    if (statement_) connection_.give_back(sql_, std::move(statement_));
}

Savepoint::Savepoint(Connection& connection, std::string name) : connection_(connection), name_(std::move(name)) {
    connection_.exec("SAVEPOINT " + name_);
}

Savepoint::~Savepoint() {
    if (released_) return;
    try {
        connection_.exec("ROLLBACK TO " + name_);
        connection_.exec("RELEASE " + name_);
    } catch (...) {  // NOLINT(bugprone-empty-catch): the enclosing transaction rolls back anyway
    }
}

void Savepoint::release() {
    connection_.exec("RELEASE " + name_);
    released_ = true;
}

}  // namespace ticketcore
