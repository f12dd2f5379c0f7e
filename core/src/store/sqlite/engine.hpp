#pragma once
// Private to the core (store/sqlite): the embedded engine, one SQLite file (or in-memory
// database) and its connections.

#include <sys/types.h>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "store/sql/sql_engine.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/open.hpp"
#include "ticketcore/values/store_options.hpp"

namespace ticketcore::sqlite {

/// @brief Applies the versioned migrations up to `target` inside the caller's transaction.
void migrate(Connection& db, int target);

/// @brief File databases get a connection per concurrent caller (leased, never shared between two
/// threads at once); ":memory:" has exactly one connection, leased in turn. Writes run in
/// `BEGIN IMMEDIATE` (SQLite's one writer at a time), retried a bounded number of times when
/// another connection holds the write lock past the busy timeout. Durability maps to
/// `PRAGMA synchronous`: full → FULL, normal → NORMAL, off → OFF (WAL journal on files). Connections
/// opened before a fork() are abandoned in the child, never used. A COMMIT that fails with anything
/// but BUSY is StorageError `commit_outcome_unknown` and its connection is closed, not pooled.
class Engine final : public sql::SqlEngine {
public:
    Engine(std::string path, StoreOptions options);
    ~Engine() override;

    /// @brief Opens the database and migrates it to `target_version` (latest when nullopt).
    static std::shared_ptr<Engine> open(const std::string& path, const StoreOptions& options,
                                        std::optional<int> target_version = std::nullopt);

    void transact(Mode mode, const std::function<void(sql::Session&)>& work) override;
    [[nodiscard]] std::string_view backend() const noexcept override { return "sqlite"; }
    [[nodiscard]] const std::string& location() const noexcept override { return path_; }
    [[nodiscard]] int schema_version() override;

private:
    class Lease;
    std::unique_ptr<Connection> connect() const;
    Lease lease();
    void give_back(std::unique_ptr<Connection> connection);
    void forget(std::unique_ptr<Connection> connection);

    std::string path_;
    StoreOptions options_;
    bool in_memory_;
    pid_t owner_pid_;
    std::mutex mutex_;
    std::condition_variable returned_;
    std::vector<std::unique_ptr<Connection>> idle_;
    std::size_t open_connections_ = 0;
};

}  // namespace ticketcore::sqlite
