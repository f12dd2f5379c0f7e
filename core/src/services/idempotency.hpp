#pragma once
// Private to the services (layer 4): idempotency keys of the operations an integrator retries.
//
// A key is scoped per organization and per operation. The first successful call stores the
// fingerprint of its request and the ids of its result in the same transaction; a repeat with the
// same request returns those (read again, as they are now), a repeat with another request is
// ConflictError `idempotency_key_reused`. A failed call stores nothing.

#include <optional>
#include <string>
#include <vector>

#include "services/unit_of_work.hpp"
#include "ticketcore/model/json.hpp"
#include "ticketcore/rules/order_rules.hpp"
#include "ticketcore/values/error_catalogue.hpp"

namespace ticketcore::idempotency {

/// @brief Validates the key when there is one (before any I/O).
inline void check(const std::optional<std::string>& key) {
    if (key) rules::check_idempotency_key(*key);
}

/// @brief The ids of the first result when `key` was used for `operation` with this
/// `fingerprint`; nullopt when unused (or no key); ConflictError when used with another request.
inline std::optional<std::vector<std::string>> replay(const UnitOfWork& unit, const std::string& organization_id,
                                                      const std::string& operation,
                                                      const std::optional<std::string>& key, const Json& fingerprint) {
    if (!key) return std::nullopt;
    unit.idempotency().lock_idempotency_key(organization_id, operation, *key);
    const auto seen = unit.idempotency().find_idempotency(organization_id, operation, *key);
    if (!seen) return std::nullopt;
    if (seen->fingerprint != fingerprint.dump()) {
        throw fail::idempotency_key_reused(*key);
    }
    return seen->result_ids;
}

/// @brief An amount as given (minor units, and the currency when one was stated) for a fingerprint.
inline Json amount_fingerprint(const Amount& amount) {
    return Json{{"minor", amount.minor},
                {"currency", amount.currency ? Json(std::string(amount.currency->code())) : Json(nullptr)}};
}

/// @brief Records the first result under `key` (no-op without a key), in the unit's transaction.
inline void remember(const UnitOfWork& unit, const std::string& organization_id, const std::string& operation,
                     const std::optional<std::string>& key, const Json& fingerprint,
                     const std::vector<std::string>& result_ids) {
    if (!key) return;
    unit.idempotency().insert_idempotency(organization_id, operation, *key, fingerprint.dump(), result_ids, unit.now);
}

}  // namespace ticketcore::idempotency
