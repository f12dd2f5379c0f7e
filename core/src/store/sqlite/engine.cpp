#include "store/sqlite/engine.hpp"

#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "store/fork_gate.hpp"
#include "ticketcore/values/error_catalogue.hpp"

namespace ticketcore::sqlite {

namespace {

constexpr int max_busy_retries = 5;

const char* synchronous(Durability durability) noexcept {
    switch (durability) {
        case Durability::full: return "FULL";
        case Durability::normal: return "NORMAL";
        case Durability::off: return "OFF";
    }
    return "FULL";
}

bool is_busy(const SQLite::Exception& error) {
    const int primary = error.getErrorCode() & 0xFF;
    return primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
}

/// A failure of SQLite after `attempts` tries: `database_busy` when the database stayed locked.
StorageError storage_error(const SQLite::Exception& error, int attempts = 1) {
    std::string code = std::to_string(error.getExtendedErrorCode());
    if (is_busy(error)) return fail::database_busy(attempts, error.what(), "sqlite", std::move(code));
    return fail::sqlite_error(error.what(), std::move(code));
}

/// COMMIT failed with something other than BUSY: the frames may or may not have reached the disk.
struct CommitFailed {
    SQLite::Exception error;
};

StorageError commit_outcome_unknown(const SQLite::Exception& error) {
    return fail::commit_outcome_unknown(error.what(), " until the store is reopened", "sqlite",
                                        std::to_string(error.getExtendedErrorCode()));
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

class Engine::Lease {
public:
    Lease(Engine& owner, std::unique_ptr<Connection> connection) : owner_(owner), connection_(std::move(connection)) {}
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
    Engine& owner_;
    std::unique_ptr<Connection> connection_;
};

Engine::Engine(std::string path, StoreOptions options)
    : path_(std::move(path)), options_(std::move(options)), in_memory_(path_ == ":memory:"), owner_pid_(getpid()) {}

Engine::~Engine() {
    if (getpid() != owner_pid_) {
        // Connections inherited through fork() belong to the parent: leak them, never close them here.
        for (auto& connection : idle_) static_cast<void>(connection.release());
    }
}

std::unique_ptr<Connection> Engine::connect() const {
    auto connection =
        std::make_unique<Connection>(path_, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX);
    connection->setBusyTimeout(
        static_cast<int>(options_.busy_timeout_ms.value_or(StoreOptions::default_busy_timeout_ms)));
    if (!in_memory_) connection->exec("PRAGMA journal_mode=WAL");
    connection->exec(std::string("PRAGMA synchronous=") + synchronous(options_.durability));
    connection->exec("PRAGMA foreign_keys=ON");
    return connection;
}

Engine::Lease Engine::lease() {
    std::unique_lock lock(mutex_);
    if (getpid() != owner_pid_) {
        for (auto& connection : idle_) static_cast<void>(connection.release());
        idle_.clear();
        open_connections_ = 0;
        owner_pid_ = getpid();
        if (in_memory_) throw fail::forked_in_memory();
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

void Engine::forget(std::unique_ptr<Connection> connection) {
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

void Engine::give_back(std::unique_ptr<Connection> connection) {
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

std::shared_ptr<Engine> Engine::open(const std::string& path, const StoreOptions& options,
                                     std::optional<int> target_version) {
    auto database = std::make_shared<Engine>(path, options);
    if (database->in_memory_) {
        try {
            database->idle_.push_back(database->connect());
        } catch (const SQLite::Exception& error) {
            throw storage_error(error);
        }
        database->open_connections_ = 1;
    }
    const int target = target_version.value_or(latest_version());
    database->transact(Mode::write, [&](sql::Session& session) {
        auto& db = static_cast<Connection&>(session);
        const int current = db.execAndGet("PRAGMA user_version").getInt();
        if (current > latest_version()) {
            throw fail::schema_too_new(path, current, latest_version(), "sqlite");
        }
        if (current < target) migrate(db, target);
    });
    return database;
}

std::shared_ptr<store::Engine> open(const std::string& path, const StoreOptions& options,
                                    std::optional<int> target_version) {
    return Engine::open(path, options, target_version);
}

void Engine::transact(Mode mode, const std::function<void(sql::Session&)>& work) {
    const store::InFlight in_flight;
    if (mode == Mode::read) {
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
        return;
    }
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
            if (!is_busy(error) || attempt + 1 >= max_busy_retries) throw storage_error(error, attempt + 1);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1 << attempt));
    }
}

int Engine::schema_version() {
    int version = 0;
    transact(Mode::read, [&](sql::Session& session) {
        version = static_cast<Connection&>(session).execAndGet("PRAGMA user_version").getInt();
    });
    return version;
}

}  // namespace ticketcore::sqlite
