#include "store/sqlite/connection.hpp"

#include <SQLiteCpp/Statement.h>

namespace ticketcore::sqlite {

namespace {

/// A SQLiteCpp statement as a sql::Cursor. SQL needs no translation: the shared SQL is SQLite's.
class Cursor final : public sql::Cursor {
public:
    Cursor(SQLite::Database& db, const std::string& sql) : statement_(db, sql) {}

    void bind_null(int index) override { statement_.bind(index); }
    void bind_int(int index, std::int64_t value) override { statement_.bind(index, static_cast<int64_t>(value)); }
    void bind_text(int index, std::string_view value) override {
        statement_.bind(index, std::string(value));  // as TEXT (the pointer-and-size overload binds a BLOB)
    }
    bool step() override { return statement_.executeStep(); }
    std::int64_t run() override { return statement_.exec(); }
    bool is_null(int column) override { return statement_.getColumn(column).isNull(); }
    std::int64_t get_int(int column) override { return statement_.getColumn(column).getInt64(); }
    std::string get_text(int column) override { return statement_.getColumn(column).getString(); }
    void reset() noexcept override {
        try {
            statement_.reset();
            statement_.clearBindings();
        } catch (...) {  // NOLINT(bugprone-empty-catch): reset() only reports the last step's error again
        }
    }

private:
    SQLite::Statement statement_;
};

}  // namespace

std::unique_ptr<sql::Cursor> Connection::take(const std::string& sql) {
    auto found = free_.find(sql);
    if (found != free_.end() && !found->second.empty()) {
        auto cursor = std::move(found->second.back());
        found->second.pop_back();
        return cursor;
    }
    return std::make_unique<Cursor>(*this, sql);
}

void Connection::give_back(const std::string& sql, std::unique_ptr<sql::Cursor> cursor) noexcept {
    try {
        cursor->reset();
        free_[sql].push_back(std::move(cursor));
    } catch (...) {  // NOLINT(bugprone-empty-catch): a statement that cannot be kept is dropped
    }
}

}  // namespace ticketcore::sqlite
