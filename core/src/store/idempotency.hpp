#pragma once
// Private to the core (layer 4, store): used idempotency keys.

#include <optional>
#include <string>
#include <vector>

#include "ticketcore/values/time.hpp"

namespace ticketcore::repository {

/// @brief A used idempotency key: the fingerprint of its request and the ids of its first result.
struct IdempotencyRecord {
    std::string fingerprint;
    std::vector<std::string> result_ids;
};

class IdempotencyRepository {
public:
    IdempotencyRepository() = default;
    IdempotencyRepository(const IdempotencyRepository&) = delete;
    IdempotencyRepository& operator=(const IdempotencyRepository&) = delete;
    virtual ~IdempotencyRepository() = default;

    /// @brief Serializes callers of one key until the transaction ends, so a repeat that arrives
    /// while the first call is still running waits for it and replays its result.
    virtual void lock_idempotency_key(const std::string& organization_id, const std::string& operation,
                                      const std::string& key) = 0;
    virtual std::optional<IdempotencyRecord> find_idempotency(const std::string& organization_id,
                                                              const std::string& operation, const std::string& key) = 0;
    /// @brief Records the key; a key another caller recorded first is StorageError
    /// `database_busy` from the engine's retry, whose next attempt replays that caller's result.
    virtual void insert_idempotency(const std::string& organization_id, const std::string& operation,
                                    const std::string& key, const std::string& fingerprint,
                                    const std::vector<std::string>& result_ids, Instant at) = 0;
};

}  // namespace ticketcore::repository
