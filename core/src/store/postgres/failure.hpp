#pragma once
// Private to the core (layer 4, store/postgres): the StorageError the PostgreSQL engine raises,
// with what the engine needs to decide on a retry (the SQLSTATE, the constraint, whether the
// connection broke).

#include <string>
#include <string_view>
#include <utility>

#include "ticketcore/values/error_catalogue.hpp"

namespace ticketcore::postgres {

/// @brief The `backend` of every StorageError this engine raises.
inline constexpr std::string_view backend_name = "postgresql";

/// @brief SQLSTATEs the engine treats specially.
namespace sqlstate {
inline constexpr std::string_view serialization_failure = "40001";
inline constexpr std::string_view deadlock_detected = "40P01";
inline constexpr std::string_view unique_violation = "23505";
inline constexpr std::string_view in_failed_transaction = "25P02";
}  // namespace sqlstate

/// @brief A StorageError raised by the PostgreSQL engine, with the server's diagnostics.
///
/// Callers catch it as StorageError; the engine catches it as Failure to decide whether a
/// transaction is retried (serialization failure, deadlock, a race on an idempotency key) and
/// whether its connection can be pooled again.
class Failure : public StorageError {
public:
    /// @brief `error` (built by the error catalogue, `ticketcore/values/error_catalogue.hpp`, with backend
    /// "postgresql" and the SQLSTATE as its backend code, empty when the server sent none, e.g. the
    /// connection was lost), with the violated constraint (empty when none) and whether the
    /// connection is unusable afterwards.
    explicit Failure(StorageError error, std::string constraint = {}, bool connection_broken = false)
        : StorageError(std::move(error)),
          sqlstate_(backend_code()),
          constraint_(std::move(constraint)),
          connection_broken_(connection_broken) {}

    /// @brief The SQLSTATE, e.g. "40P01"; empty when the server sent none.
    [[nodiscard]] const std::string& sqlstate() const noexcept { return sqlstate_; }
    /// @brief The name of the violated constraint, e.g. "idempotency_pkey"; empty when none.
    [[nodiscard]] const std::string& constraint() const noexcept { return constraint_; }
    /// @brief True when the connection was lost or reset: it must not be used again.
    [[nodiscard]] bool connection_broken() const noexcept { return connection_broken_; }

private:
    std::string sqlstate_;
    std::string constraint_;
    bool connection_broken_;
};

}  // namespace ticketcore::postgres
