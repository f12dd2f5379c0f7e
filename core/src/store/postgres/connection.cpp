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
    pipelined_ = false;
    pending_ = 0;
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

void Connection::enter_pipeline() {
    if (pipelined_) return;
    if (PQenterPipelineMode(connection_) != 1) fail(nullptr);
    pipelined_ = true;
}

void Connection::send_later(const std::string& name, const std::vector<const char*>& parameters) {
    enter_pipeline();
    if (PQsendQueryPrepared(connection_, name.c_str(), static_cast<int>(parameters.size()), parameters.data(), nullptr,
                            nullptr, 0) != 1) {
        poisoned_ = true;
        fail(nullptr);
    }
    ++pending_;
}

void Connection::send_later(const std::string& sql) {
    enter_pipeline();
    if (PQsendQueryParams(connection_, sql.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 0) != 1) {
        poisoned_ = true;
        fail(nullptr);
    }
    ++pending_;
}

Result Connection::sync() {
    count_round_trip();
    const std::size_t queries = pending_;
    pending_ = 0;
    Result failed;  // the first statement that failed
    Result last;    // the last statement's result
    bool synced = false;
    if (PQpipelineSync(connection_) == 1) {
        // Each statement's results end with a null; the Sync's result ends the pipeline.
        std::size_t index = 0;
        while (!synced) {
            Result result(PQgetResult(connection_));
            if (!result) {
                if (!is_usable() || ++index > queries) break;  // lost, or nothing more will come
                continue;
            }
            switch (PQresultStatus(result.get())) {
                case PGRES_PIPELINE_SYNC: synced = true; break;
                case PGRES_PIPELINE_ABORTED: break;  // skipped: an earlier statement failed
                case PGRES_COMMAND_OK:
                case PGRES_TUPLES_OK:
                    if (index + 1 == queries) last = std::move(result);
                    break;
                default:
                    if (!failed) failed = std::move(result);
                    break;
            }
        }
    }
    if (synced && PQexitPipelineMode(connection_) == 1) {
        pipelined_ = false;
    } else {
        poisoned_ = true;  // the connection's state is unknown: it is discarded
    }
    if (failed) fail(failed.get());
    if (!synced || poisoned_) fail(nullptr);
    return last;
}

void Connection::flush() {
    if (pending_ > 0) static_cast<void>(sync());
}

Result Connection::execute_last(const std::string& sql) {
    if (pending_ == 0) return execute(sql);
    send_later(sql);
    return sync();
}

Result Connection::execute(const std::string& sql) {
    try {
        flush();
    } catch (const Failure& failure) {
        // A ROLLBACK (to a savepoint, or of the transaction) undoes what failed in the queue, all
        // of it sent after the savepoint (SAVEPOINT itself reads the queue first): it still runs.
        if (failure.connection_broken() || !sql.starts_with("ROLLBACK")) throw;
    }
    count_round_trip();
    Result result(PQexec(connection_, sql.c_str()));
    if (!succeeded(result.get())) fail(result.get());
    return result;
}

void Connection::prepare(const std::string& name, const std::string& text, int parameter_count,
                         const std::vector<Oid>& types) {
    flush();
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
    if (pending_ > 0) {
        send_later(name, parameters);
        return sync();
    }
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
    return connection_ != nullptr && !poisoned_ && PQstatus(connection_) == CONNECTION_OK;
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
