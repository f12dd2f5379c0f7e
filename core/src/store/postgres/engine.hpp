#pragma once
// Private to the core (layer 4, store/postgres): the PostgreSQL engine of the store.
//
// Durability: PostgreSQL cannot turn fsync off for one session (fsync is a server setting), so
// the levels map to `synchronous_commit`, set on every connection when it is opened:
//   full   -> synchronous_commit = on:  a COMMIT returns once its WAL is flushed to disk;
//   normal -> synchronous_commit = off: a COMMIT returns before the flush; a server crash may lose
//             the last few hundred milliseconds of commits, never corrupt or half-apply one;
//   off    -> the same as normal (the least PostgreSQL offers per session).

#include <sys/types.h>

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/postgres/connection.hpp"
#include "store/postgres/open.hpp"
#include "store/sql/sql_engine.hpp"
#include "ticketcore/values/store_options.hpp"

namespace ticketcore::postgres {

/// @brief The options of a PostgresEngine.
struct PostgresOptions {
    /// @brief The most connections the engine opens; a transaction waits when all are leased.
    std::size_t pool_size = StoreOptions::default_pool_size;
    /// @brief synchronous_commit of every connection.
    Durability durability = Durability::full;
    /// @brief How many times a write is run when it meets a serialization failure, a deadlock or a
    /// race on an idempotency key, before it is StorageError `database_busy`.
    int max_attempts = 8;
};

/// @brief The schema version this build creates and reads.

/// @brief A ticketcore store on a PostgreSQL server.
///
/// Connections are pooled (up to `pool_size`) and leased one per transaction, never shared by two
/// threads at once; a broken connection is dropped, not pooled. Connections opened before a
/// fork() are never used by the child: it abandons them (without closing them, which would end the
/// parent's sessions) and opens its own.
///
/// Writes run in READ COMMITTED (capacity is claimed with a conditional UPDATE, which PostgreSQL
/// re-checks on the newest row version after waiting for the row lock) and are retried on a
/// serialization failure (40001), a deadlock (40P01) and a unique violation of `idempotency_pkey`
/// (the retry finds the first caller's key and replays its result). Reads run in REPEATABLE READ
/// READ ONLY: one snapshot.
class PostgresEngine final : public sql::SqlEngine {
public:
    /// @brief An engine for `url`; opens no connection yet (open_postgres connects and migrates).
    PostgresEngine(std::string url, PostgresOptions options);
    PostgresEngine(const PostgresEngine&) = delete;
    PostgresEngine& operator=(const PostgresEngine&) = delete;
    ~PostgresEngine() override;

    void transact(Mode mode, const std::function<void(sql::Session&)>& work) override;
    [[nodiscard]] std::string_view backend() const noexcept override { return "postgresql"; }
    /// @brief The URL without its password.
    [[nodiscard]] const std::string& location() const noexcept override { return location_; }
    [[nodiscard]] int schema_version() override;

    /// @brief Migrates the database to `target` (inside one transaction holding an advisory lock,
    /// so that two processes opening a fresh database do not both migrate); StorageError
    /// `schema_too_new` when the database is newer than this build.
    void migrate(int target);
    /// @brief The round trips of every connection of this engine so far.
    [[nodiscard]] std::uint64_t round_trips() const noexcept { return round_trips_.load(std::memory_order_relaxed); }
    [[nodiscard]] const PostgresOptions& options() const noexcept { return options_; }

private:
    class Lease;
    friend class ForkRegistry;
    std::unique_ptr<Connection> connect();
    Lease lease();
    void give_back(std::unique_ptr<Connection> connection) noexcept;
    void forget(std::unique_ptr<Connection> connection) noexcept;
    /// In a child after fork(): abandons the parent's connections. Called with mutex_ held.
    void leave_parent_connections();

    std::string url_;
    std::string location_;
    PostgresOptions options_;
    std::atomic<std::uint64_t> round_trips_{0};
    pid_t owner_pid_;
    std::mutex mutex_;
    std::condition_variable returned_;
    std::vector<std::unique_ptr<Connection>> idle_;
    std::size_t open_connections_ = 0;
};

/// @brief The URL with any password removed (from the user part and from a `password=`
/// parameter): what error messages and `location()` show.
[[nodiscard]] std::string without_password(std::string_view url);

/// @brief Opens a store on the PostgreSQL server of `url` (`postgresql://` or `postgres://`):
/// validates the options, connects, and migrates to `target_version` (the latest when nullopt; an
/// older one only for tests of migrations).
std::shared_ptr<PostgresEngine> open_postgres(const std::string& url, const PostgresOptions& options = {},
                                              std::optional<int> target_version = std::nullopt);

}  // namespace ticketcore::postgres
