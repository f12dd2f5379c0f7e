#include "store/sqlite/database.hpp"

#include <pthread.h>
#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "store/sql/audit_repository.hpp"
#include "store/sql/order_repository.hpp"
#include "ticketcore/values/error.hpp"
#include "ticketcore/values/uuid.hpp"

namespace ticketcore {

namespace {

constexpr int max_busy_retries = 5;

/// The process-wide fork gate: every unit of work (read or write, any Database) holds it shared
/// for its whole duration; a pthread_atfork prepare handler takes it exclusively, so fork() waits
/// until no unit is in flight in any thread. A child then inherits no half-done transaction and
/// no lock SQLite's per-process bookkeeping believes is held. Writer-preferring: while a fork
/// waits, new units wait too. Nested units of one thread count once (no self-deadlock).
///
/// Plain pthread primitives, re-initialized in the child: the threads that waited on them in the
/// parent do not exist there.
class ForkGate {
public:
    static ForkGate& instance() {
        static ForkGate* gate = [] {
            auto* created = new ForkGate();  // never destroyed: used by atfork handlers until exit
            pthread_atfork(&prepare, &parent, &child);
            return created;
        }();
        return *gate;
    }

    void enter() {
        if (depth_++ > 0) return;
        pthread_mutex_lock(&mutex_);
        while (forking_) pthread_cond_wait(&changed_, &mutex_);
        ++in_flight_;
        pthread_mutex_unlock(&mutex_);
    }

    void leave() noexcept {
        if (--depth_ > 0) return;
        pthread_mutex_lock(&mutex_);
        --in_flight_;
        const bool wake = forking_ && in_flight_ == waited_for_;
        pthread_mutex_unlock(&mutex_);
        if (wake) pthread_cond_broadcast(&changed_);
    }

private:
    ForkGate() = default;

    static void prepare() {
        ForkGate& gate = *self();
        pthread_mutex_lock(&gate.mutex_);
        gate.forking_ = true;
        // A unit that forks from inside itself waits for everyone but itself.
        gate.waited_for_ = depth_ > 0 ? 1 : 0;
        while (gate.in_flight_ > gate.waited_for_) pthread_cond_wait(&gate.changed_, &gate.mutex_);
        // Held across fork(): no other thread is inside the gate when the process is copied.
    }
    static void parent() {
        ForkGate& gate = *self();
        gate.forking_ = false;
        pthread_mutex_unlock(&gate.mutex_);
        pthread_cond_broadcast(&gate.changed_);
    }
    static void child() {
        ForkGate& gate = *self();
        gate.forking_ = false;
        gate.in_flight_ = gate.waited_for_;
        // Fresh primitives: the parent's waiters are not in this process.
        gate.mutex_ = PTHREAD_MUTEX_INITIALIZER;
        gate.changed_ = PTHREAD_COND_INITIALIZER;
    }
    static ForkGate* self() { return &instance(); }

    pthread_mutex_t mutex_ = PTHREAD_MUTEX_INITIALIZER;
    pthread_cond_t changed_ = PTHREAD_COND_INITIALIZER;
    bool forking_ = false;
    long in_flight_ = 0;
    long waited_for_ = 0;
    static thread_local int depth_;
};

thread_local int ForkGate::depth_ = 0;

/// Holds the fork gate shared for one unit of work.
class InFlight {
public:
    InFlight() { ForkGate::instance().enter(); }
    InFlight(const InFlight&) = delete;
    InFlight& operator=(const InFlight&) = delete;
    ~InFlight() { ForkGate::instance().leave(); }
};

/// Registers the fork handlers when the library is loaded, before any thread can fork.
[[maybe_unused]] const bool fork_gate_registered = (ForkGate::instance(), true);

bool is_busy(const SQLite::Exception& error) {
    const int primary = error.getErrorCode() & 0xFF;
    return primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
}

StorageError storage_error(const SQLite::Exception& error) {
    return StorageError(is_busy(error) ? "database_busy" : "sqlite_error", error.what(), error.getExtendedErrorCode());
}

/// COMMIT failed with something other than BUSY: the frames may or may not have reached the disk.
struct CommitFailed {
    SQLite::Exception error;
};

StorageError commit_outcome_unknown(const SQLite::Exception& error) {
    return StorageError("commit_outcome_unknown",
                        std::string("The commit failed (") + error.what() +
                            "): its outcome is unknown until the store is reopened; retry with the same "
                            "idempotency key",
                        error.getExtendedErrorCode());
}

/// Ends a transaction on scope exit: rolls back unless committed; never throws.
class TransactionGuard {
public:
    TransactionGuard(Connection& db, const char* begin) : db_(db) { db_.exec(begin); }
    TransactionGuard(const TransactionGuard&) = delete;
    TransactionGuard& operator=(const TransactionGuard&) = delete;
    ~TransactionGuard() {
        if (!done_) {
            try {
                db_.exec("ROLLBACK");
            } catch (...) {  // NOLINT(bugprone-empty-catch): a destructor must not throw
            }
        }
    }
    /// COMMIT; BUSY is thrown as is (nothing was written, the unit may be retried), any other
    /// failure as CommitFailed.
    void commit() {
        try {
            db_.exec("COMMIT");
        } catch (const SQLite::Exception& error) {
            if (is_busy(error)) throw;
            throw CommitFailed{error};
        }
        done_ = true;
    }

private:
    Connection& db_;
    bool done_ = false;
};

}  // namespace

class Database::Lease {
public:
    Lease(Database& owner, std::unique_ptr<Connection> connection)
        : owner_(owner), connection_(std::move(connection)) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Lease(Lease&& other) noexcept = default;
    ~Lease() {
        if (connection_) owner_.give_back(std::move(connection_));
    }
    Connection& get() { return *connection_; }
    /// Closes the connection instead of returning it to the pool (after a failed COMMIT its
    /// state is not trusted). The only connection of ":memory:" is kept: it is the database.
    void discard() {
        if (owner_.in_memory_) return;
        owner_.forget(std::move(connection_));
    }

private:
    Database& owner_;
    std::unique_ptr<Connection> connection_;
};

Database::Database(std::string path, StoreOptions options)
    : path_(std::move(path)), options_(std::move(options)), in_memory_(path_ == ":memory:"), owner_pid_(getpid()) {}

Database::~Database() {
    if (getpid() != owner_pid_) {
        // Connections inherited through fork() belong to the parent: leak them, never close them here.
        for (auto& connection : idle_) static_cast<void>(connection.release());
    }
}

std::unique_ptr<Connection> Database::connect() const {
    auto connection = std::make_unique<Connection>(
        path_, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX);
    connection->setBusyTimeout(options_.busy_timeout_ms);
    if (!in_memory_) connection->exec("PRAGMA journal_mode=WAL");
    connection->exec("PRAGMA synchronous=" + options_.synchronous);
    connection->exec("PRAGMA foreign_keys=ON");
    return connection;
}

Database::Lease Database::lease() {
    std::unique_lock lock(mutex_);
    if (getpid() != owner_pid_) {
        for (auto& connection : idle_) static_cast<void>(connection.release());
        idle_.clear();
        open_connections_ = 0;
        owner_pid_ = getpid();
        if (in_memory_) throw StorageError("forked", "An in-memory store cannot be used after fork()");
    }
    if (in_memory_) {
        returned_.wait(lock, [&] { return !idle_.empty(); });
    }
    if (!idle_.empty()) {
        auto connection = std::move(idle_.back());
        idle_.pop_back();
        return Lease(*this, std::move(connection));
    }
    ++open_connections_;
    lock.unlock();
    try {
        return Lease(*this, connect());
    } catch (const SQLite::Exception& error) {
        std::lock_guard relock(mutex_);
        --open_connections_;
        throw storage_error(error);
    }
}

void Database::forget(std::unique_ptr<Connection> connection) {
    {
        std::lock_guard lock(mutex_);
        if (getpid() != owner_pid_) {
            static_cast<void>(connection.release());
            return;
        }
        --open_connections_;
    }
    connection.reset();
}

void Database::give_back(std::unique_ptr<Connection> connection) {
    {
        std::lock_guard lock(mutex_);
        if (getpid() != owner_pid_) {
            static_cast<void>(connection.release());
            return;
        }
        idle_.push_back(std::move(connection));
    }
    returned_.notify_one();
}

std::shared_ptr<Database> Database::open(const std::string& path, const StoreOptions& options,
                                         std::optional<int> target_version) {
    if (path.empty()) throw ValidationError("path_required", "Store path is required");
    const std::string& sync = options.synchronous;
    if (sync != "FULL" && sync != "NORMAL" && sync != "OFF" && sync != "EXTRA") {
        throw ValidationError("invalid_synchronous", "synchronous must be FULL, NORMAL, EXTRA or OFF");
    }
    constexpr std::int64_t max_hold_micros = 366LL * 24 * 3600 * 1'000'000;
    if (options.order_hold_micros <= 0 || options.order_hold_micros > max_hold_micros) {
        throw ValidationError("invalid_order_hold", "The order hold must be longer than zero and at most 366 days");
    }
    if (options.busy_timeout_ms < 0) throw ValidationError("invalid_busy_timeout", "busy_timeout_ms cannot be negative");
    auto database = std::make_shared<Database>(path, options);
    if (database->in_memory_) {
        try {
            database->idle_.push_back(database->connect());
        } catch (const SQLite::Exception& error) {
            throw storage_error(error);
        }
        database->open_connections_ = 1;
    }
    const int target = target_version.value_or(latest_version());
    database->write([&](Connection& db) {
        const int current = db.execAndGet("PRAGMA user_version").getInt();
        if (current > latest_version()) {
            throw StorageError("schema_too_new", "Store '" + path + "' has schema version " + std::to_string(current) +
                                                     ", newer than this ticketcore supports (" +
                                                     std::to_string(latest_version()) + "); upgrade ticketcore");
        }
        if (current < target) migrate(db, target);
    });
    return database;
}

void Database::write(const std::function<void(Connection&)>& work) {
    const InFlight in_flight;
    for (int attempt = 0;; ++attempt) {
        Lease lease = this->lease();
        try {
            TransactionGuard transaction(lease.get(), "BEGIN IMMEDIATE");
            work(lease.get());
            transaction.commit();
            return;
        } catch (const CommitFailed& failed) {
            lease.discard();
            throw commit_outcome_unknown(failed.error);
        } catch (const SQLite::Exception& error) {
            if (!is_busy(error) || attempt + 1 >= max_busy_retries) throw storage_error(error);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1 << attempt));
    }
}

void Database::read(const std::function<void(Connection&)>& work) {
    const InFlight in_flight;
    Lease lease = this->lease();
    try {
        TransactionGuard transaction(lease.get(), "BEGIN");
        work(lease.get());
        transaction.commit();
    } catch (const CommitFailed& failed) {
        throw storage_error(failed.error);  // a read transaction wrote nothing
    } catch (const SQLite::Exception& error) {
        throw storage_error(error);
    }
}

namespace {

/// The JSON text of an audit or outbox payload. Every text a unit writes passes through one, so
/// malformed UTF-8 from a C++ caller (Python's str cannot carry it) is refused here, in the
/// unit's transaction, instead of reaching a row nobody can read back.
std::string stored_json(const Json& payload) {
    try {
        return payload.dump();
    } catch (const nlohmann::json::type_error&) {
        throw ValidationError("invalid_text", "Text must be valid UTF-8: a value of this operation is not");
    }
}

}  // namespace

std::string UnitOfWork::new_id() const { return new_uuid_v7(now); }

void UnitOfWork::audit(std::string_view operation, std::string_view entity_type, std::string_view entity_id,
                       const Json& payload, const std::optional<std::string>& organization_id) const {
    repository::insert_audit(db, AuditEntry{0, now, actor.id, organization_id ? organization_id : actor.organization_id,
                                            std::string(operation), std::string(entity_type), std::string(entity_id),
                                            stored_json(payload)});
}

}  // namespace ticketcore

namespace ticketcore {

void UnitOfWork::emit(const std::string& organization_id, std::string_view topic, std::string_view entity_id,
                      const Json& payload) const {
    repository::insert_outbox(db, organization_id, std::string(topic), std::string(entity_id), stored_json(payload), now);
}

}  // namespace ticketcore
