#pragma once
// Private to the core (layer 4, store): a storage engine, as the services' Store sees it.
//
// An engine runs units of work: each is one transaction that commits all of it or nothing, and
// hands the unit the repositories of that transaction. A write may be run more than once when the
// engine meets a transient conflict (SQLite's busy lock, PostgreSQL's serialization failure or
// deadlock) before it commits, so a unit's work must be re-runnable: it reads what it needs
// inside the unit. Engines: store/sqlite (embedded, the default) and store/postgres (a server);
// both speak SQL, so they share the repositories of store/sql and differ in connections,
// transactions, migrations and the few statements a dialect needs of its own. A third engine
// implements Engine (and, when it speaks no SQL, the repository interfaces of store/).

#include <functional>
#include <string>
#include <string_view>

#include "store/repositories.hpp"
#include "store/tenant.hpp"

namespace ticketcore::store {

class Engine {
public:
    Engine() = default;
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;
    virtual ~Engine() = default;

    /// @brief Runs `work` as one write transaction of `tenant` (retried a bounded number of times
    /// on a transient conflict, then StorageError `database_busy`).
    virtual void write(const Tenant& tenant, const std::function<void(Repositories&)>& work) = 0;
    /// @brief Runs `work` on one consistent read snapshot, for `tenant`.
    virtual void read(const Tenant& tenant, const std::function<void(Repositories&)>& work) = 0;
    /// @brief "sqlite" or "postgresql": the `backend` of the StorageErrors this engine raises.
    [[nodiscard]] virtual std::string_view backend() const noexcept = 0;
    /// @brief What the store was opened with: a path, ":memory:", or the URL (without password).
    [[nodiscard]] virtual const std::string& location() const noexcept = 0;
    /// @brief The schema version of the database.
    [[nodiscard]] virtual int schema_version() = 0;
};

}  // namespace ticketcore::store
