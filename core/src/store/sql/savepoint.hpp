#pragma once
// Private to the core (layer 4, store): a SAVEPOINT of a session's transaction, rolled back
// to unless released.

#include <string>
#include <utility>

#include "store/sql/session.hpp"

namespace ticketcore::sql {

/// @brief A SAVEPOINT inside the session's transaction: rolled back to on scope exit unless
/// released, so part of a unit of work can be tried and undone without losing the rest.
class Savepoint {
public:
    Savepoint(Session& session, std::string name) : session_(session), name_(std::move(name)) {
        session_.execute("SAVEPOINT " + name_);
    }
    Savepoint(const Savepoint&) = delete;
    Savepoint& operator=(const Savepoint&) = delete;
    ~Savepoint() {
        if (released_) return;
        try {
            session_.execute("ROLLBACK TO SAVEPOINT " + name_);
            session_.execute("RELEASE SAVEPOINT " + name_);
        } catch (...) {  // NOLINT(bugprone-empty-catch): the enclosing transaction rolls back anyway
        }
    }
    /// @brief Keeps what was done since the savepoint.
    void release() {
        session_.execute("RELEASE SAVEPOINT " + name_);
        released_ = true;
    }

private:
    Session& session_;
    std::string name_;
    bool released_ = false;
};

}  // namespace ticketcore::sql
