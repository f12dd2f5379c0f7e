#pragma once
/// @file store.hpp
/// @brief The service layer's face: a Store bound to an Actor, and one class per area.
///
/// Every public operation is one unit of work: it validates, loads, applies the rules of
/// layer 3, writes rows, derived counters and an audit row, all in one transaction through
/// `Store::write`. A failed call changes nothing.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ticketcore/values/actor.hpp"
#include "ticketcore/model/audit.hpp"
#include "ticketcore/model/event.hpp"
#include "ticketcore/model/order.hpp"
#include "ticketcore/model/organization.hpp"
#include "ticketcore/model/outbox.hpp"
#include "ticketcore/model/page.hpp"
#include "ticketcore/model/promo_code.hpp"
#include "ticketcore/model/ticket.hpp"
#include "ticketcore/model/pool.hpp"
#include "ticketcore/model/specification.hpp"
#include "ticketcore/values/time.hpp"

namespace ticketcore {

namespace store {
class Engine;
}
namespace testing {
struct StoreAccess;
}
class UnitOfWork;
class ReadContext;

/// @brief What a call that returned promises about the disk. Each engine maps it: SQLite to
/// `PRAGMA synchronous` (FULL, NORMAL, OFF), PostgreSQL to `synchronous_commit` (on; off for both
/// normal and off, as a server cannot skip its own fsync per session).
enum class Durability {
    full,    ///< a call that returned has reached the disk (the default)
    normal,  ///< survives a crash of the process; the last calls may be lost in a power cut (or a server crash)
    off,     ///< the engine does not wait for the disk at all (tests, bulk loads)
};

/// @brief How a store opens its database.
struct StoreOptions {
    Durability durability = Durability::full;
    /// @brief SQLite: how long a writer waits for another connection's lock before retrying.
    int busy_timeout_ms = 10000;
    /// @brief PostgreSQL: how many connections the store keeps (leased one per call).
    int pool_size = 8;
    /// @brief How long a pending order holds its tickets before it expires.
    std::int64_t order_hold_micros = 15LL * 60 * 1'000'000;
    /// @brief The source of "now"; the system clock when null.
    std::shared_ptr<const Clock> clock;
};

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
    /// @brief What the store was opened with (a URL without its password).
    [[nodiscard]] const std::string& path() const noexcept;
    /// @brief The engine: "sqlite" or "postgresql".
    [[nodiscard]] std::string_view backend() const noexcept;

    /// @brief Recounts every sold/reserved counter from the ledger and reports differences.
    [[nodiscard]] IntegrityReport check_integrity() const;
    /// @brief Reads the audit log of the actor's organization (everything for platform actors).
    [[nodiscard]] std::vector<AuditEntry> audit(const AuditQuery& query) const;

    /// @brief The single write path: runs `work` as one unit of work in one transaction (run
    /// again from the start when the engine retries a transient conflict).
    void write(const std::function<void(UnitOfWork&)>& work) const;
    /// @brief Runs `work` on a consistent read snapshot.
    void read(const std::function<void(ReadContext&)>& work) const;

private:
    friend struct testing::StoreAccess;  // test builds reach the engine (ticketcore/testing)
    Store(std::shared_ptr<store::Engine> engine, Actor actor, StoreOptions options);
    std::shared_ptr<store::Engine> engine_;
    Actor actor_;
    std::shared_ptr<const StoreOptions> options_;
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
    /// @brief A page of the organization's events in creation order, optionally of one state.
    [[nodiscard]] Page<Event> list(std::optional<EventState> state = std::nullopt, const PageRequest& page = {}) const;

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

/// @brief Online orders (seed 002's BuyOrder, seed 004's booking): place, pay, expire, cancel.
class Orders {
public:
    explicit Orders(Store store) : store_(std::move(store)) {}
    /// @brief A Pending order holding capacity until `expires`; needs scope `orders`.
    BuyOrder place(const NewOrder& input) const;
    /// @brief Records the payment and issues one ticket per unit (Paid); see docs/orders.md for
    /// repeats and payments that arrive after expiry.
    BuyOrder confirm_payment(const PaymentConfirmation& payment) const;
    /// @brief The buyer cancels a pending order; its capacity is free again. With an idempotency
    /// key, a repeat returns the first result.
    BuyOrder cancel(const std::string& order_id,
                    const std::optional<std::string>& idempotency_key = std::nullopt) const;
    /// @brief Expires every pending order of the organization whose hold ran out at `now`
    /// (the store's clock when nullopt); returns their ids.
    std::vector<std::string> expire_due(std::optional<Instant> now = std::nullopt) const;
    [[nodiscard]] BuyOrder get(const std::string& order_id) const;
    /// @brief A page of the event's orders in placing order, optionally of one (effective) state.
    [[nodiscard]] Page<BuyOrder> list(const std::string& event_id, std::optional<OrderState> state = std::nullopt,
                                      const PageRequest& page = {}) const;

private:
    Store store_;
};

/// @brief Issued tickets: comps, pre-generated tickets and their activation, and the holders.
/// `comp`, `pre_generate` and `activate` take an optional idempotency key: a repeat with the same
/// key and request returns the first result (the same tickets), another request is refused.
class Tickets {
public:
    explicit Tickets(Store store) : store_(std::move(store)) {}
    /// @brief Issues free tickets to `holders` (seed 004 comp); they count against capacity.
    std::vector<EventTicket> comp(const std::string& event_id, const std::string& specification_id,
                                  const std::vector<HolderInput>& holders, const std::string& note,
                                  const std::optional<std::string>& idempotency_key = std::nullopt) const;
    /// @brief Creates `quantity` unactivated tickets that hold capacity (seed 004 pre-generate).
    std::vector<EventTicket> pre_generate(const std::string& event_id, const std::string& specification_id,
                                          std::int64_t quantity,
                                          const std::optional<std::string>& idempotency_key = std::nullopt) const;
    /// @brief Sells a pre-generated ticket at the door: holder and payment recorded, ticket valid.
    EventTicket activate(const std::string& ticket_id, const HolderInput& holder, const DoorPayment& payment,
                         const std::optional<std::string>& idempotency_key = std::nullopt) const;
    [[nodiscard]] EventTicket get(const std::string& ticket_id) const;
    /// @brief A page of the event's tickets (or one order's) in issue order.
    [[nodiscard]] Page<EventTicket> list(const std::string& event_id,
                                         const std::optional<std::string>& order_id = std::nullopt,
                                         const PageRequest& page = {}) const;
    /// @brief Seed 000's ticketHolders: buyers with tickets, cursor-paged.
    [[nodiscard]] HolderPage holders(const HolderQuery& query) const;

private:
    Store store_;
};

/// @brief Promo codes of an event.
class PromoCodes {
public:
    explicit PromoCodes(Store store) : store_(std::move(store)) {}
    PromoCode create(const NewPromoCode& input) const;
    [[nodiscard]] PromoCode get(const std::string& promo_code_id) const;
    /// @brief A page of the event's promo codes in creation order.
    [[nodiscard]] Page<PromoCode> list(const std::string& event_id, const PageRequest& page = {}) const;

private:
    Store store_;
};

/// @brief Domain events for Python to deliver (e-mails, webhooks): read in order, then acknowledge.
class Outbox {
public:
    explicit Outbox(Store store) : store_(std::move(store)) {}
    /// @brief Unacknowledged events of the actor's organization, oldest first.
    [[nodiscard]] std::vector<OutboxEvent> pending(std::int64_t limit = 100) const;
    /// @brief Acknowledges every event up to and including `sequence`; returns how many.
    std::int64_t acknowledge(std::int64_t sequence) const;

private:
    Store store_;
};

}  // namespace ticketcore
