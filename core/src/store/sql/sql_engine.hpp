#pragma once
// Private to the core (layer 4, store): the part every SQL engine shares. An engine that speaks
// SQL implements `transact` (a connection, a transaction, its retries and its errors); the
// repositories of store/sql, written once over sql::Session, do the rest.

#include <functional>

#include "store/engine.hpp"
#include "store/sql/session.hpp"

namespace ticketcore::sql {

/// @brief The repositories of store/sql over one session, every statement scoped by `tenant`.
std::unique_ptr<store::Repositories> make_repositories(Session& session, const store::Tenant& tenant);

class SqlEngine : public store::Engine {
public:
    enum class Mode { read, write };

    void write(const store::Tenant& tenant, const std::function<void(store::Repositories&)>& work) final {
        transact(Mode::write, [&](Session& session) {
            const auto repositories = make_repositories(session, tenant);
            work(*repositories);
        });
    }
    void read(const store::Tenant& tenant, const std::function<void(store::Repositories&)>& work) final {
        transact(Mode::read, [&](Session& session) {
            const auto repositories = make_repositories(session, tenant);
            work(*repositories);
        });
    }

    /// @brief Runs `work` in one transaction on a leased connection: for writes, retried a bounded
    /// number of times on a transient conflict (then StorageError `database_busy`); a COMMIT whose
    /// outcome cannot be known is StorageError `commit_outcome_unknown`. Engine errors become
    /// StorageErrors carrying the backend and its own code; TicketcoreErrors pass unchanged (and
    /// roll the transaction back).
    virtual void transact(Mode mode, const std::function<void(Session&)>& work) = 0;
};

}  // namespace ticketcore::sql
