#include "store/postgres/connection.hpp"

#include <algorithm>
#include <array>

#include "store/postgres/failure.hpp"
#include "store/postgres/session.hpp"
#include "store/postgres/translate.hpp"
#include "ticketcore/values/error_catalogue.hpp"

namespace ticketcore::postgres {

namespace {

std::string trimmed(const char* text) {
    std::string message = text == nullptr ? "" : text;
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
    return message;
}

std::string field(const PGresult* result, int code) {
    if (result == nullptr) return {};
    const char* value = PQresultErrorField(result, code);
    return value == nullptr ? std::string() : std::string(value);
}

bool succeeded(const PGresult* result) noexcept {
    if (result == nullptr) return false;
    const ExecStatusType status = PQresultStatus(result);
    return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
}

}  // namespace

Connection::Connection(const std::string& url, const std::string& location, std::atomic<std::uint64_t>* round_trips)
    : location_(location), engine_round_trips_(round_trips) {
    // Keywords before "dbname" are defaults: what the URL itself says overrides them.
    const std::array<const char*, 4> keywords = {"connect_timeout", "fallback_application_name", "dbname", nullptr};
    const std::array<const char*, 4> values = {"10", "ticketcore", url.c_str(), nullptr};
    connection_ = PQconnectdbParams(keywords.data(), values.data(), 1);
    if (connection_ == nullptr || PQstatus(connection_) != CONNECTION_OK) {
        const std::string reason = connection_ == nullptr ? "out of memory" : trimmed(PQerrorMessage(connection_));
        PQfinish(connection_);
        connection_ = nullptr;
        // libpq gives no SQLSTATE for a connection it could not open: 08001 is the standard's
        // "unable to establish SQL connection".
        throw Failure(fail::cannot_connect(location_, reason), {}, true);
    }
}

Connection::~Connection() {
    if (connection_ != nullptr) PQfinish(connection_);
}

void Connection::abandon() noexcept {
    connection_ = nullptr;
    // The cursors only hold names of statements prepared on the abandoned session.
    cache_.clear();
}

void Connection::count_round_trip() noexcept {
    ++round_trips_;
    if (engine_round_trips_ != nullptr) engine_round_trips_->fetch_add(1, std::memory_order_relaxed);
}

void Connection::fail(const PGresult* result) const {
    const bool broken = !is_usable();
    std::string message = result != nullptr ? trimmed(PQresultErrorMessage(result)) : std::string();
    if (message.empty()) message = trimmed(PQerrorMessage(connection_));
    std::string state = field(result, PG_DIAG_SQLSTATE);
    // A lost connection (no SQLSTATE, or the server's FATAL before it closed) is not the
    // statement's fault: it is reported as such.
    const bool lost = broken && (state.empty() || state.starts_with("08") || state.starts_with("57P"));
    throw Failure(lost ? fail::connection_lost(location_, message, std::move(state))
                       : fail::postgres_error(message, std::move(state)),
                  field(result, PG_DIAG_CONSTRAINT_NAME), broken);
}

Result Connection::execute(const std::string& sql) {
    count_round_trip();
    Result result(PQexec(connection_, sql.c_str()));
    if (!succeeded(result.get())) fail(result.get());
    return result;
}

void Connection::prepare(const std::string& name, const std::string& text, int parameter_count,
                         const std::vector<Oid>& types) {
    count_round_trip();
    const int typed = std::min(parameter_count, static_cast<int>(types.size()));
    const Result result(
        PQprepare(connection_, name.c_str(), text.c_str(), typed, types.empty() ? nullptr : types.data()));
    if (!succeeded(result.get())) fail(result.get());
}

std::vector<Oid> Connection::infer_parameter_types(const std::string& text, int parameter_count,
                                                   const std::vector<Oid>& hints) {
    prepare("", text, parameter_count, hints);
    count_round_trip();
    const Result described(PQdescribePrepared(connection_, ""));
    if (!succeeded(described.get())) fail(described.get());
    std::vector<Oid> types(static_cast<std::size_t>(parameter_count), 0);
    const int known = std::min(parameter_count, PQnparams(described.get()));
    for (int index = 0; index < known; ++index)
        types[static_cast<std::size_t>(index)] = PQparamtype(described.get(), index);
    return types;
}

Result Connection::execute_prepared(const std::string& name, const std::vector<const char*>& parameters) {
    count_round_trip();
    Result result(PQexecPrepared(connection_, name.c_str(), static_cast<int>(parameters.size()), parameters.data(),
                                 nullptr, nullptr, 0));
    if (!succeeded(result.get())) fail(result.get());
    return result;
}

std::string Connection::new_statement_name() {
    return "tc" + std::to_string(++statements_named_);
}

std::unique_ptr<Cursor> Connection::take(const std::string& sql) {
    const auto cached = cache_.find(sql);
    if (cached != cache_.end() && !cached->second.empty()) {
        auto cursor = std::move(cached->second.back());
        cached->second.pop_back();
        return cursor;
    }
    return std::make_unique<Cursor>(*this, translate(sql));
}

void Connection::give_back(const std::string& sql, std::unique_ptr<Cursor> cursor) noexcept {
    try {
        cursor->reset();
        cache_[sql].push_back(std::move(cursor));
    } catch (...) {  // NOLINT(bugprone-empty-catch): out of memory: the statement is dropped
    }
}

bool Connection::is_usable() const noexcept {
    return connection_ != nullptr && PQstatus(connection_) == CONNECTION_OK;
}

bool Connection::is_idle() const noexcept {
    return connection_ != nullptr && PQtransactionStatus(connection_) == PQTRANS_IDLE;
}

bool Connection::is_in_failed_transaction() const noexcept {
    return connection_ != nullptr && PQtransactionStatus(connection_) == PQTRANS_INERROR;
}

int Connection::backend_pid() const noexcept {
    return connection_ == nullptr ? 0 : PQbackendPID(connection_);
}

}  // namespace ticketcore::postgres
