#pragma once
/// @file store.hpp
/// @brief The service layer's face: a Store bound to an Actor, and one class per area.
///
/// Every public operation is one unit of work: it validates, loads, applies the rules of
/// layer 2, writes rows, derived counters and an audit row, all in one `BEGIN IMMEDIATE`
/// transaction through `Store::write`. A failed call changes nothing.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ticketcore/actor.hpp"
#include "ticketcore/audit.hpp"
#include "ticketcore/event.hpp"
#include "ticketcore/organization.hpp"
#include "ticketcore/pool.hpp"
#include "ticketcore/specification.hpp"
#include "ticketcore/time.hpp"

namespace ticketcore {

class Database;
class UnitOfWork;
class ReadContext;

/// @brief How a store opens its database.
struct StoreOptions {
    /// @brief SQLite `synchronous` (upper case): "FULL" (default: a call that returned has reached
    /// the disk), "EXTRA", "NORMAL", or "OFF".
    std::string synchronous = "FULL";
    /// @brief How long a writer waits for another connection's lock before retrying.
    int busy_timeout_ms = 10000;
    /// @brief The source of "now"; the system clock when null.
    std::shared_ptr<const Clock> clock;
};

/// @brief A handle on one database, acting as one Actor. Cheap to copy; safe to share between
/// threads (each call leases its own connection). Several processes may open the same file.
class Store {
public:
    /// @brief Opens (creating and migrating when needed) the store at `path`, or ":memory:".
    static Store open(const std::string& path, StoreOptions options = {});
    /// @brief The same database, acting as `actor`.
    [[nodiscard]] Store acting_as(Actor actor) const;
    /// @brief The actor calls run as.
    [[nodiscard]] const Actor& actor() const noexcept { return actor_; }
    /// @brief What the store's clock says now.
    [[nodiscard]] Instant now() const;
    /// @brief The schema version (`PRAGMA user_version`) of the file.
    [[nodiscard]] int schema_version() const;
    /// @brief The newest schema version this build knows.
    static int latest_schema_version() noexcept;
    /// @brief The path the store was opened with.
    [[nodiscard]] const std::string& path() const noexcept;

    /// @brief Recounts every sold/reserved counter from the ledger and reports differences.
    [[nodiscard]] IntegrityReport check_integrity() const;
    /// @brief Reads the audit log of the actor's organization (everything for platform actors).
    [[nodiscard]] std::vector<AuditEntry> audit(const AuditQuery& query) const;

    /// @brief The single write path: runs `work` as one unit of work in one transaction.
    void write(const std::function<void(UnitOfWork&)>& work) const;
    /// @brief Runs `work` on a consistent read snapshot.
    void read(const std::function<void(ReadContext&)>& work) const;

private:
    Store(std::shared_ptr<Database> database, Actor actor, std::shared_ptr<const Clock> clock);
    std::shared_ptr<Database> database_;
    Actor actor_;
    std::shared_ptr<const Clock> clock_;
};

/// @brief Organizations: the tenants. Creating one needs `platform:admin`.
class Organizations {
public:
    explicit Organizations(Store store) : store_(std::move(store)) {}
    Organization create(const NewOrganization& input) const;
    [[nodiscard]] Organization get(const std::string& id) const;

private:
    Store store_;
};

/// @brief Events and their dates (`events:write` to change, `events:read` to read).
class Events {
public:
    explicit Events(Store store) : store_(std::move(store)) {}
    Event create(const NewEvent& input) const;
    /// @brief Adds a date; every specification of the event is attached to it.
    EventDate add_date(const std::string& event_id, Instant start, Instant end) const;
    Event publish(const std::string& event_id) const;
    Event complete(const std::string& event_id) const;
    [[nodiscard]] Event get(const std::string& event_id) const;
    /// @brief The organization's events in creation order, optionally of one state.
    [[nodiscard]] std::vector<Event> list(std::optional<EventState> state = std::nullopt) const;

private:
    Store store_;
};

/// @brief Ticket specifications with every rule of seed 003.
class Specifications {
public:
    explicit Specifications(Store store) : store_(std::move(store)) {}
    TicketSpecification add(const NewSpecification& input) const;
    TicketSpecification edit(const std::string& id, const SpecificationChanges& changes) const;
    TicketSpecification set_active(const std::string& id, bool active) const;
    void remove(const std::string& id) const;
    [[nodiscard]] TicketSpecification get(const std::string& id) const;
    /// @brief The event's specifications in the order they were added.
    [[nodiscard]] std::vector<TicketSpecification> list(const std::string& event_id) const;

private:
    Store store_;
};

/// @brief Shared capacity pools of an event.
class Pools {
public:
    explicit Pools(Store store) : store_(std::move(store)) {}
    Pool create(const std::string& event_id, const std::string& name, std::int64_t size,
                const std::vector<std::string>& specification_ids = {}) const;
    /// @brief Changes the size; it may not drop below what is sold and reserved.
    Pool resize(const std::string& pool_id, std::int64_t size) const;
    /// @brief Makes a spec draw from the pool; only while nothing of the spec is sold or reserved.
    Pool add_specification(const std::string& pool_id, const std::string& specification_id) const;
    Pool remove_specification(const std::string& pool_id, const std::string& specification_id) const;
    void remove(const std::string& pool_id) const;
    [[nodiscard]] Pool get(const std::string& pool_id) const;
    [[nodiscard]] std::vector<Pool> list(const std::string& event_id) const;

private:
    Store store_;
};

}  // namespace ticketcore
