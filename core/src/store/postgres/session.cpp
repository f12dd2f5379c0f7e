#include "store/postgres/session.hpp"

#include <charconv>

#include "store/postgres/failure.hpp"
#include "ticketcore/values/error_catalogue.hpp"

namespace ticketcore::postgres {

namespace {

[[noreturn]] void misuse(const std::string& message) {
    throw Failure(fail::postgres_error(message, {}));
}

}  // namespace

Cursor::Cursor(Connection& connection, TranslatedSql sql)
    : connection_(connection), sql_(std::move(sql)), parameters_(static_cast<std::size_t>(sql_.parameter_count)) {}

std::optional<std::string>& Cursor::parameter(int index) {
    if (index < 1 || index > sql_.parameter_count) {
        misuse("Parameter " + std::to_string(index) + " is out of range (the statement has " +
               std::to_string(sql_.parameter_count) + "): " + sql_.text);
    }
    return parameters_[static_cast<std::size_t>(index - 1)];
}

void Cursor::bind_null(int index) {
    parameter(index).reset();
}

void Cursor::bind_int(int index, std::int64_t value) {
    parameter(index) = std::to_string(value);
}

void Cursor::bind_text(int index, std::string_view value) {
    // Text goes to libpq as a C string: an embedded NUL would silently cut it short.
    if (value.find('\0') != std::string_view::npos) {
        throw fail::text_contains_nul("Text stored in PostgreSQL");
    }
    parameter(index) = std::string(value);
}

void Cursor::prepare_once() {
    if (name_.empty()) {
        std::vector<Oid> types;
        if (!sql_.probe_text.empty()) {
            // A parameter only ever null-tested says nothing of its type: it is sent as text.
            constexpr Oid text_type = 25;
            std::vector<Oid> hints(static_cast<std::size_t>(sql_.parameter_count), 0);
            for (std::size_t index = 0; index < hints.size(); ++index) {
                if (sql_.only_null_tested[index]) hints[index] = text_type;
            }
            types = connection_.infer_parameter_types(sql_.probe_text, sql_.parameter_count, hints);
        }
        std::string name = connection_.new_statement_name();
        connection_.prepare(name, sql_.text, sql_.parameter_count, types);
        name_ = std::move(name);
    }
}

std::vector<const char*> Cursor::values() const {
    std::vector<const char*> values;
    values.reserve(parameters_.size());
    for (const auto& parameter : parameters_) values.push_back(parameter ? parameter->c_str() : nullptr);
    return values;
}

void Cursor::execute() {
    prepare_once();
    result_ = connection_.execute_prepared(name_, values());
    row_ = 0;
}

void Cursor::run_later() {
    prepare_once();
    connection_.send_later(name_, values());
}

bool Cursor::step() {
    if (!result_) {
        execute();
    } else {
        ++row_;
    }
    return row_ < PQntuples(result_.get());
}

std::int64_t Cursor::run() {
    if (!result_) execute();
    const char* affected = PQcmdTuples(result_.get());
    std::int64_t count = 0;
    if (affected != nullptr) std::from_chars(affected, affected + std::char_traits<char>::length(affected), count);
    return count;
}

const char* Cursor::value(int column) {
    if (!result_ || row_ < 0 || row_ >= PQntuples(result_.get())) misuse("No current row: " + sql_.text);
    if (column < 0 || column >= PQnfields(result_.get())) {
        misuse("Column " + std::to_string(column) + " is out of range: " + sql_.text);
    }
    if (PQgetisnull(result_.get(), row_, column) != 0) return nullptr;
    return PQgetvalue(result_.get(), row_, column);
}

bool Cursor::is_null(int column) {
    return value(column) == nullptr;
}

std::int64_t Cursor::get_int(int column) {
    const char* text = value(column);
    if (text == nullptr) return 0;
    const std::string_view digits(text);
    if (digits == "t") return 1;
    if (digits == "f") return 0;
    std::int64_t number = 0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
    if (error != std::errc() || end != digits.data() + digits.size()) {
        misuse("Column " + std::to_string(column) + " is not an integer ('" + std::string(digits) + "'): " + sql_.text);
    }
    return number;
}

std::string Cursor::get_text(int column) {
    const char* text = value(column);
    if (text == nullptr) return {};
    return {text, static_cast<std::size_t>(PQgetlength(result_.get(), row_, column))};
}

void Cursor::reset() noexcept {
    result_.reset();
    row_ = -1;
    for (auto& parameter : parameters_) parameter.reset();
}

std::unique_ptr<sql::Cursor> Session::take(const std::string& sql) {
    return connection_.take(sql);
}

void Session::give_back(const std::string& sql, std::unique_ptr<sql::Cursor> cursor) noexcept {
    std::unique_ptr<Cursor> own(dynamic_cast<Cursor*>(cursor.get()));
    if (!own) return;  // not one of this engine's statements: dropped with `cursor`
    static_cast<void>(cursor.release());
    connection_.give_back(sql, std::move(own));
}

void Session::execute(const std::string& sql) {
    static_cast<void>(connection_.execute(sql));
}

}  // namespace ticketcore::postgres
