#include "store/postgres/engine.hpp"

#include <pthread.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <new>
#include <random>
#include <set>
#include <thread>

#include "store/fork_gate.hpp"
#include "store/postgres/failure.hpp"
#include "store/postgres/open.hpp"
#include "store/postgres/schema.hpp"
#include "store/postgres/session.hpp"
#include "ticketcore/values/error_catalogue.hpp"

namespace ticketcore::postgres {

/// The live engines, so that a child after fork() gets fresh pool primitives (the parent's waiters
/// are not in its process). The pool mutex is only ever taken inside a unit of work, and the
/// shared fork gate (store/fork_gate.hpp) makes fork() wait until no unit is in flight, so no
/// thread holds it when the process is copied. The prepare handler must not take the engines'
/// mutexes itself: if it ran before the gate's (atfork handlers run in reverse registration
/// order, which link order decides), it would hold them while the gate waits for units that need
/// them to give their connections back.
class ForkRegistry {
public:
    static ForkRegistry& instance() {
        static ForkRegistry* registry = [] {
            auto* created = new ForkRegistry();  // never destroyed: used by atfork handlers until exit
            pthread_atfork(&prepare, &parent, &child);
            return created;
        }();
        return *registry;
    }

    void add(PostgresEngine* engine) {
        pthread_mutex_lock(&mutex_);
        engines_.insert(engine);
        pthread_mutex_unlock(&mutex_);
    }
    void remove(PostgresEngine* engine) noexcept {
        pthread_mutex_lock(&mutex_);
        engines_.erase(engine);
        pthread_mutex_unlock(&mutex_);
    }

private:
    ForkRegistry() = default;

    static void prepare() {
        ForkRegistry& registry = instance();
        pthread_mutex_lock(&registry.mutex_);  // the set of engines does not change across fork()
    }
    static void parent() {
        ForkRegistry& registry = instance();
        pthread_mutex_unlock(&registry.mutex_);
    }
    static void child() {
        ForkRegistry& registry = instance();
        for (PostgresEngine* engine : registry.engines_) {
            // Fresh primitives, constructed over the copied ones (which are never destroyed).
            new (&engine->mutex_) std::mutex();
            new (&engine->returned_) std::condition_variable();
        }
        registry.mutex_ = PTHREAD_MUTEX_INITIALIZER;
    }

    pthread_mutex_t mutex_ = PTHREAD_MUTEX_INITIALIZER;
    std::set<PostgresEngine*> engines_;
};

namespace {

/// Registers the fork handlers when the library is loaded, before any thread can fork.
[[maybe_unused]] const bool fork_registry_registered = (ForkRegistry::instance(), true);

bool is_transient(const Failure& failure) {
    const std::string& state = failure.sqlstate();
    return state == sqlstate::serialization_failure || state == sqlstate::deadlock_detected ||
           (state == sqlstate::unique_violation &&
            (failure.constraint() == "idempotency_pkey" || failure.constraint() == "pos_reader_label" ||
             failure.constraint() == "staff_user_pkey"));
}

/// A short randomized pause before attempt `attempt + 1`, growing with the attempts, so that the
/// transactions that met each other do not meet again at once.
void back_off(int attempt) {
    thread_local std::minstd_rand random(std::random_device{}());
    const int ceiling_ms = 1 << std::min(attempt, 6);
    std::uniform_int_distribution<int> pause_us(200, ceiling_ms * 1000);
    std::this_thread::sleep_for(std::chrono::microseconds(pause_us(random)));
}

/// COMMIT failed because the connection broke: the server may or may not have committed.
struct CommitFailed {
    Failure failure;
};

/// Ends a transaction on scope exit: rolls back unless committed; never throws.
class TransactionGuard {
public:
    /// BEGIN goes out with the transaction's first statement (Connection::send_later).
    TransactionGuard(Connection& connection, const char* begin) : connection_(connection) {
        connection_.send_later(begin);
    }
    TransactionGuard(const TransactionGuard&) = delete;
    TransactionGuard& operator=(const TransactionGuard&) = delete;
    ~TransactionGuard() {
        if (done_ || !connection_.is_usable()) return;
        try {
            // What is still queued is read (its errors do not matter: all of it is undone) first.
            connection_.flush();
        } catch (...) {  // NOLINT(bugprone-empty-catch): a destructor must not throw
        }
        if (!connection_.is_usable() || connection_.is_idle()) return;
        try {
            static_cast<void>(connection_.execute("ROLLBACK"));
        } catch (...) {  // NOLINT(bugprone-empty-catch): a destructor must not throw
        }
    }
    /// COMMIT. A transaction an error aborted (work caught a failure and went on) is not committed
    /// but rolled back and reported; a failure with the connection broken is CommitFailed; any
    /// other failure (the server refused the COMMIT and rolled back) is thrown as is.
    /// What is still queued goes out with the COMMIT, in one round trip; a failure of it fails
    /// the COMMIT, and the transaction is rolled back.
    void commit() {
        if (connection_.is_in_failed_transaction()) {
            throw Failure(fail::postgres_error(
                "The transaction was aborted by an earlier error, so it was rolled back, not committed",
                std::string(sqlstate::in_failed_transaction)));
        }
        Result result;
        try {
            result = connection_.execute_last("COMMIT");
        } catch (const Failure& failure) {
            if (failure.connection_broken()) throw CommitFailed{failure};
            throw;
        }
        done_ = true;
        if (std::string_view(PQcmdStatus(result.get())) != "COMMIT") {
            throw Failure(fail::postgres_error("The server rolled the transaction back instead of committing it", {}));
        }
    }

private:
    Connection& connection_;
    bool done_ = false;
};

Failure commit_outcome_unknown(const Failure& failure) {
    return Failure(
        fail::commit_outcome_unknown(failure.what(), ", the connection to the server was lost before it answered",
                                     std::string(backend_name), failure.sqlstate()),
        failure.constraint(), true);
}

Failure database_busy(const Failure& failure, int attempts) {
    return Failure(fail::database_busy(attempts, failure.what(), std::string(backend_name), failure.sqlstate()),
                   failure.constraint(), failure.connection_broken());
}

}  // namespace

class PostgresEngine::Lease {
public:
    Lease(PostgresEngine& owner, std::unique_ptr<Connection> connection)
        : owner_(owner), connection_(std::move(connection)), leased_in_(getpid()) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Lease(Lease&& other) noexcept = default;
    ~Lease() {
        if (!connection_) return;
        if (getpid() != leased_in_) {
            // Leased before a fork(): the parent's connection, never used or closed here.
            connection_->abandon();
            static_cast<void>(connection_.release());
            return;
        }
        owner_.give_back(std::move(connection_));
    }
    Connection& get() { return *connection_; }
    /// Closes the connection instead of returning it to the pool.
    void discard() noexcept {
        if (connection_ && getpid() == leased_in_) owner_.forget(std::move(connection_));
    }

private:
    PostgresEngine& owner_;
    std::unique_ptr<Connection> connection_;
    pid_t leased_in_;
};

PostgresEngine::PostgresEngine(std::string url, PostgresOptions options)
    : url_(std::move(url)), location_(without_password(url_)), options_(options), owner_pid_(getpid()) {
    ForkRegistry::instance().add(this);
}

PostgresEngine::~PostgresEngine() {
    ForkRegistry::instance().remove(this);
    if (getpid() != owner_pid_) leave_parent_connections();
}

void PostgresEngine::leave_parent_connections() {
    for (auto& connection : idle_) connection->abandon();
    idle_.clear();
    open_connections_ = 0;
    owner_pid_ = getpid();
}

std::unique_ptr<Connection> PostgresEngine::connect() {
    auto connection = std::make_unique<Connection>(url_, location_, &round_trips_);
    static_cast<void>(connection->execute(options_.durability == Durability::full ? "SET synchronous_commit = on"
                                                                                  : "SET synchronous_commit = off"));
    return connection;
}

PostgresEngine::Lease PostgresEngine::lease() {
    std::unique_lock lock(mutex_);
    if (getpid() != owner_pid_) leave_parent_connections();
    returned_.wait(lock, [&] { return !idle_.empty() || open_connections_ < options_.pool_size; });
    if (!idle_.empty()) {
        auto connection = std::move(idle_.back());
        idle_.pop_back();
        return {*this, std::move(connection)};
    }
    ++open_connections_;
    lock.unlock();
    try {
        return {*this, connect()};
    } catch (...) {
        lock.lock();
        --open_connections_;
        lock.unlock();
        returned_.notify_one();
        throw;
    }
}

void PostgresEngine::forget(std::unique_ptr<Connection> connection) noexcept {
    {
        const std::lock_guard lock(mutex_);
        if (open_connections_ > 0) --open_connections_;
    }
    returned_.notify_one();
    connection.reset();
}

void PostgresEngine::give_back(std::unique_ptr<Connection> connection) noexcept {
    if (!connection->is_usable() || !connection->is_idle()) {
        forget(std::move(connection));
        return;
    }
    {
        const std::lock_guard lock(mutex_);
        idle_.push_back(std::move(connection));
    }
    returned_.notify_one();
}

void PostgresEngine::transact(Mode mode, const std::function<void(sql::Session&)>& work) {
    const store::InFlight in_flight;  // fork() waits until no unit is in the middle of a round trip
    const bool writing = mode == Mode::write;
    const char* begin =
        writing ? "BEGIN ISOLATION LEVEL READ COMMITTED" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
    for (int attempt = 1;; ++attempt) {
        Lease lease = this->lease();
        // BEGIN goes out with the first statement: a failure in that first round trip ran nothing.
        const std::uint64_t first_round_trip = lease.get().round_trips() + 1;
        try {
            TransactionGuard transaction(lease.get(), begin);
            Session session(lease.get());
            work(session);
            transaction.commit();
            return;
        } catch (const CommitFailed& failed) {
            lease.discard();
            throw commit_outcome_unknown(failed.failure);
        } catch (const Failure& failure) {
            // A pooled connection the server closed while it was idle: nothing ran, try a fresh one.
            const bool stale = failure.connection_broken() && lease.get().round_trips() <= first_round_trip;
            if (failure.connection_broken()) lease.discard();
            const bool conflict = writing && is_transient(failure);
            if (attempt >= options_.max_attempts) {
                if (conflict) throw database_busy(failure, attempt);
                throw;
            }
            if (!stale && !conflict) throw;
            if (conflict) back_off(attempt);
        }
    }
}

int PostgresEngine::schema_version() {
    int version = 0;
    transact(Mode::read, [&](sql::Session& session) { version = schema::current_version(session); });
    return version;
}

int latest_version() noexcept {
    return schema::latest_version();
}

void PostgresEngine::migrate(int target) {
    if (target < 0 || target > latest_version()) {
        throw fail::invalid_schema_version(target);
    }
    transact(Mode::write, [&](sql::Session& session) {
        // One migrator per schema at a time; the others wait here, then see its work (READ
        // COMMITTED: each statement after the lock reads what was committed before it).
        session.execute("SELECT pg_advisory_xact_lock(1952672875, hashtext(coalesce(current_schema(), '')))");
        const int current = schema::current_version(session);
        if (current > latest_version()) {
            throw Failure(fail::schema_too_new(location_, current, latest_version(), std::string(backend_name)));
        }
        if (current < target) schema::apply(session, current, target);
    });
}

std::string without_password(std::string_view url) {
    std::string result(url);
    const std::size_t scheme_end = result.find("://");
    if (scheme_end != std::string::npos) {
        const std::size_t authority_start = scheme_end + 3;
        const std::size_t authority_end = std::min(result.find_first_of("/?", authority_start), result.size());
        const std::size_t at = result.rfind('@', authority_end == 0 ? 0 : authority_end - 1);
        if (at != std::string::npos && at >= authority_start) {
            const std::size_t colon = result.find(':', authority_start);
            if (colon != std::string::npos && colon < at) result.erase(colon, at - colon);
        }
    }
    // A password=... parameter, in the query of a URL or in a key=value conninfo.
    for (std::size_t at = result.find("password="); at != std::string::npos; at = result.find("password=", at)) {
        const bool starts_parameter =
            at == 0 || result[at - 1] == '?' || result[at - 1] == '&' || result[at - 1] == ' ';
        if (!starts_parameter) {
            at += 9;
            continue;
        }
        std::size_t end = result.find_first_of("& ", at);
        if (end == std::string::npos) end = result.size();
        std::size_t erase_from = at;
        if (at > 0 && result[at - 1] == '&') {
            erase_from = at - 1;
        } else if (end < result.size() && result[end] == '&') {
            ++end;
        }
        result.erase(erase_from, end - erase_from);
        at = erase_from;
    }
    if (!result.empty() && (result.back() == '?' || result.back() == '&')) result.pop_back();
    return result;
}

std::shared_ptr<PostgresEngine> open_postgres(const std::string& url, const PostgresOptions& options,
                                              std::optional<int> target_version) {
    if (!url.starts_with("postgresql://") && !url.starts_with("postgres://")) {
        throw fail::url_not_postgresql();
    }
    char* parse_error = nullptr;
    PQconninfoOption* parsed = PQconninfoParse(url.c_str(), &parse_error);
    if (parsed == nullptr) {
        std::string reason = parse_error == nullptr ? "out of memory" : parse_error;
        PQfreemem(parse_error);
        while (!reason.empty() && reason.back() == '\n') reason.pop_back();
        throw fail::url_malformed(without_password(url), reason);
    }
    PQconninfoFree(parsed);
    if (options.pool_size < 1 || options.pool_size > static_cast<std::size_t>(StoreOptions::max_pool_size)) {
        throw fail::invalid_pool_size(StoreOptions::max_pool_size);
    }
    constexpr int max_attempts = 100;
    if (options.max_attempts < 1 || options.max_attempts > max_attempts) {
        throw fail::invalid_max_attempts(max_attempts);
    }
    auto engine = std::make_shared<PostgresEngine>(url, options);
    engine->migrate(target_version.value_or(latest_version()));
    return engine;
}

std::shared_ptr<store::Engine> open(const std::string& url, const StoreOptions& options,
                                    std::optional<int> target_version) {
    PostgresOptions engine_options;
    engine_options.pool_size = static_cast<std::size_t>(options.pool_size.value_or(StoreOptions::default_pool_size));
    engine_options.durability = options.durability;
    return open_postgres(url, engine_options, target_version);
}

}  // namespace ticketcore::postgres
