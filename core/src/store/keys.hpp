#pragma once
// Private to the core (layer 4, store): the signing-key repository: each organization's Ed25519
// keys (rules/key_rules.hpp), with the private seed only the services that sign ever read.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ticketcore/model/organization.hpp"
#include "ticketcore/values/time.hpp"

namespace ticketcore::repository {

/// @brief The key that signs: its id and its private seed (64 lowercase hex digits).
struct ActiveKeyRow {
    std::string key_id;
    std::string private_seed;
};

class KeyRepository {
public:
    KeyRepository() = default;
    KeyRepository(const KeyRepository&) = delete;
    KeyRepository& operator=(const KeyRepository&) = delete;
    virtual ~KeyRepository() = default;

    /// @brief Stores a new key of the organization as its active key (at most one is: a second
    /// active key breaks the unique index signing_key_active).
    virtual void insert_key(const std::string& organization_id, const SigningKeyInfo& key,
                            const std::string& private_seed) = 0;
    /// @brief The organization's active key, or nothing (an organization made before keys were).
    virtual std::optional<ActiveKeyRow> active_key(const std::string& organization_id) = 0;
    /// @brief The organization's keys that are not retired (at most rules::max_live_keys), in the
    /// order they were made.
    virtual std::vector<SigningKeyInfo> live_keys(const std::string& organization_id) = 0;
    /// @brief One key of the organization, whatever its state.
    virtual std::optional<SigningKeyInfo> find_key(const std::string& organization_id, const std::string& key_id) = 0;
    /// @brief The public key (hex) of a key of the organization that still verifies.
    virtual std::optional<std::string> verifying_public_key(const std::string& organization_id,
                                                            const std::string& key_id) = 0;
    /// @brief The active key becomes a key kept for verifying, rotated at `at`.
    virtual void rotate_out(const std::string& organization_id, const std::string& key_id, Instant at) = 0;
    /// @brief A key kept for verifying is retired at `at`.
    virtual void retire(const std::string& organization_id, const std::string& key_id, Instant at) = 0;
};

}  // namespace ticketcore::repository
