#pragma once
// Private to the core: the SQLite database behind a Store (layer 3).

#include <SQLiteCpp/SQLiteCpp.h>
#include <sys/types.h>

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "store/sqlite/statement.hpp"
#include "ticketcore/values/actor.hpp"
#include "ticketcore/model/json.hpp"
#include "ticketcore/services/store.hpp"

namespace ticketcore {

/// @brief Applies the versioned migrations up to `target` inside the caller's transaction.
void migrate(Connection& db, int target);
/// @brief The newest schema version.
int latest_version() noexcept;

/// @brief One SQLite file (or in-memory database) and its connections.
///
/// File databases get a connection per concurrent caller (leased, never shared between two
/// threads at once); ":memory:" has exactly one connection, leased in turn. Connections opened
/// before a fork() are abandoned in the child, never used; fork() waits until no unit of work of
/// any Database is in flight (a pthread_atfork handler), so the child never inherits one.
/// A COMMIT that fails with anything but BUSY is StorageError `commit_outcome_unknown` and its
/// connection is closed, not pooled.
class Database {
public:
    Database(std::string path, StoreOptions options);
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    ~Database();

    /// @brief Opens the database and migrates it to `target_version` (latest when nullopt).
    static std::shared_ptr<Database> open(const std::string& path, const StoreOptions& options,
                                          std::optional<int> target_version = std::nullopt);

    /// @brief Runs `work` in one BEGIN IMMEDIATE transaction, retrying a bounded number of
    /// times when another connection holds the write lock past the busy timeout.
    void write(const std::function<void(Connection&)>& work);
    /// @brief Runs `work` in one read transaction (a consistent snapshot).
    void read(const std::function<void(Connection&)>& work);

    [[nodiscard]] const std::string& path() const noexcept { return path_; }
    [[nodiscard]] const StoreOptions& options() const noexcept { return options_; }

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

/// @brief What a unit of work sees: the connection inside its transaction, the actor, and the
/// one instant the whole unit uses as "now".
class UnitOfWork {
public:
    UnitOfWork(Connection& db, const Actor& actor, Instant now) : db(db), actor(actor), now(now) {}
    Connection& db;
    const Actor& actor;
    const Instant now;

    /// @brief A fresh time-ordered id.
    [[nodiscard]] std::string new_id() const;
    /// @brief Writes an audit row of this unit, filed under the actor's organization unless
    /// `organization_id` names the one concerned (a platform actor creating an organization).
    void audit(std::string_view operation, std::string_view entity_type, std::string_view entity_id,
               const Json& payload, const std::optional<std::string>& organization_id = std::nullopt) const;
    /// @brief Writes a domain event to the outbox of `organization_id`, in this transaction.
    void emit(const std::string& organization_id, std::string_view topic, std::string_view entity_id,
              const Json& payload) const;
};

/// @brief What a read sees: the connection on its snapshot, the actor and "now".
class ReadContext {
public:
    ReadContext(Connection& db, const Actor& actor, Instant now) : db(db), actor(actor), now(now) {}
    Connection& db;
    const Actor& actor;
    const Instant now;
};

}  // namespace ticketcore
