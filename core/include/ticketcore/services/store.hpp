#pragma once
/// @file store.hpp
/// @brief The service layer's face: a Store bound to an Actor. Each area of it (organizations,
/// events, specifications, pools, orders, tickets, promo codes, outbox) is a class in a header of
/// its own beside this one; `ticketcore/ticketcore.hpp` includes them all.
///
/// Every public operation is one unit of work: it validates, loads, applies the rules of
/// layer 3, writes rows, derived counters and an audit row, all in one transaction through
/// `Store::write`. A failed call changes nothing.
///
/// The options a store opens with, `StoreOptions` and `Durability`, are values of layer 1
/// (`ticketcore/values/store_options.hpp`, included here) so that the engines can read them.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ticketcore/model/audit.hpp"
#include "ticketcore/model/integrity.hpp"
#include "ticketcore/values/actor.hpp"
#include "ticketcore/values/store_options.hpp"
#include "ticketcore/values/time.hpp"

namespace ticketcore {

namespace store {
class Engine;
}
#ifdef TICKETCORE_TEST_HOOKS
namespace testing {
struct StoreAccess;
}
#endif
class UnitOfWork;
class ReadContext;

/// @brief A handle on one database, acting as one Actor. Cheap to copy; safe to share between
/// threads (each call leases its own connection). Several processes (and, on PostgreSQL, several
/// hosts) may open the same database.
class Store {
public:
    /// @brief Opens (creating and migrating when needed) the store at `location`: a
    /// `postgresql://` (or `postgres://`) URL opens a PostgreSQL store; anything else is a SQLite
    /// file path, or ":memory:".
    static Store open(const std::string& location, StoreOptions options = {});
    /// @brief The same database, acting as `actor`.
    [[nodiscard]] Store acting_as(Actor actor) const;
    /// @brief The same database and actor, rehearsing: each write runs in full (every check, read
    /// and row) and is then rolled back, and returns what it would have returned; nothing is kept,
    /// not even its audit row or outbox events. What a command line's `--dry-run` runs.
    [[nodiscard]] Store rehearsal() const;
    /// @brief True for a store made by `rehearsal()`.
    [[nodiscard]] bool rehearsing() const noexcept { return rehearsing_; }
    /// @brief The actor calls run as.
    [[nodiscard]] const Actor& actor() const noexcept { return actor_; }
    /// @brief What the store's clock says now.
    [[nodiscard]] Instant now() const;
    /// @brief The schema version of the database.
    [[nodiscard]] int schema_version() const;
    /// @brief The newest schema version this build knows for the store's engine.
    [[nodiscard]] int latest_schema_version() const noexcept;
    /// @brief How long a pending order holds its tickets.
    [[nodiscard]] std::int64_t order_hold_micros() const noexcept;
    /// @brief How long an open box-office sale holds what it has.
    [[nodiscard]] std::int64_t sale_hold_micros() const noexcept;
    /// @brief What the store was opened with (a URL without its password).
    [[nodiscard]] const std::string& path() const noexcept;
    /// @brief The engine: "sqlite" or "postgresql".
    [[nodiscard]] std::string_view backend() const noexcept;

    /// @brief Recounts every sold/reserved counter from the ledgers (ticket inventory and product
    /// stock) and reports differences.
    [[nodiscard]] IntegrityReport check_integrity() const;
    /// @brief Reads the audit log of the actor's organization (everything for platform actors).
    [[nodiscard]] std::vector<AuditEntry> audit(const AuditQuery& query) const;

    /// @brief The single write path: runs `work` as one unit of work in one transaction (run
    /// again from the start when the engine retries a transient conflict).
    void write(const std::function<void(UnitOfWork&)>& work) const;
    /// @brief Runs `work` on a consistent read snapshot.
    void read(const std::function<void(ReadContext&)>& work) const;

private:
#ifdef TICKETCORE_TEST_HOOKS
    friend struct testing::StoreAccess;  // test builds reach the engine (ticketcore/testing)
#endif
    Store(std::shared_ptr<store::Engine> engine, Actor actor, StoreOptions options);
    std::shared_ptr<store::Engine> engine_;
    Actor actor_;
    std::shared_ptr<const StoreOptions> options_;
    bool rehearsing_ = false;
};

}  // namespace ticketcore
