#pragma once
/// @file store_options.hpp
/// @brief How a store opens its database: `StoreOptions` and `Durability` (layer 1). They are
/// values, below the store and its engines, which read them; `ticketcore/services/store.hpp`
/// includes this header, so code that names them through it is unchanged.

#include <cstdint>
#include <memory>
#include <optional>

#include "ticketcore/values/time.hpp"

namespace ticketcore {

/// @brief What a call that returned promises about the disk. Each engine maps it: SQLite to
/// `PRAGMA synchronous` (FULL, NORMAL, OFF), PostgreSQL to `synchronous_commit` (on; off for both
/// normal and off, as a server cannot skip its own fsync per session).
enum class Durability {
    full,    ///< a call that returned has reached the disk (the default)
    normal,  ///< survives a crash of the process; the last calls may be lost in a power cut (or a server crash)
    off,     ///< the engine does not wait for the disk at all (tests, bulk loads)
};

/// @brief How a store opens its database. `busy_timeout_ms` is SQLite's and `pool_size`
/// PostgreSQL's: each is left unset for its engine's default, and setting one for a store of the
/// other engine is ValidationError `option_not_for_engine`, never silently ignored.
struct StoreOptions {
    /// @brief The longest `busy_timeout_ms` (one hour).
    static constexpr int max_busy_timeout_ms = 3'600'000;
    /// @brief The `busy_timeout_ms` of a SQLite store that sets none.
    static constexpr int default_busy_timeout_ms = 10000;
    /// @brief The largest `pool_size`.
    static constexpr int max_pool_size = 1000;
    /// @brief The `pool_size` of a PostgreSQL store that sets none.
    static constexpr int default_pool_size = 8;

    Durability durability = Durability::full;
    /// @brief SQLite only: how long a writer waits for another connection's lock before retrying
    /// (0 to `max_busy_timeout_ms`; `default_busy_timeout_ms` when unset).
    std::optional<std::int64_t> busy_timeout_ms;
    /// @brief PostgreSQL only: how many connections the store keeps, leased one per call (1 to
    /// `max_pool_size`; `default_pool_size` when unset).
    std::optional<std::int64_t> pool_size;
    /// @brief How long a pending order holds its tickets before it expires.
    std::int64_t order_hold_micros = 15LL * 60 * 1'000'000;
    /// @brief How long an open box-office sale holds what it has before it expires.
    std::int64_t sale_hold_micros = 30LL * 60 * 1'000'000;
    /// @brief The source of "now"; the system clock when null.
    std::shared_ptr<const Clock> clock;
};

}  // namespace ticketcore
