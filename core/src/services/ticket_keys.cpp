#include "services/ticket_keys.hpp"

#include <map>
#include <memory>

#include "ticketcore/values/error_catalogue.hpp"
#include "values/hex.hpp"

namespace ticketcore::ticket_keys {

namespace {

/// The key pair of a stored seed. A stored seed that does not read back is a broken store.
SigningKey from_stored_seed(const std::string& seed) {
    const auto bytes = hex::decode(seed);
    if (!bytes) throw fail::invalid_key_length("A stored signing key", SigningKey::seed_size, seed.size() / 2);
    return SigningKey::from_seed(*bytes);
}

}  // namespace

SigningKeyInfo create_key(const UnitOfWork& unit, const std::string& organization_id) {
    const SigningKey key = SigningKey::generate();
    SigningKeyInfo info;
    info.key_id = key.key_id().text();
    info.public_key = hex::encode(key.public_key().bytes());
    info.state = KeyState::Active;
    info.created = unit.now;
    unit.keys().insert_key(organization_id, info, hex::encode(key.seed()));
    return info;
}

SigningKey signing_key(const UnitOfWork& unit, const std::string& organization_id) {
    if (auto found = find_signing_key(unit, organization_id)) return std::move(*found);
    (void)create_key(unit, organization_id);
    return *find_signing_key(unit, organization_id);
}

std::optional<SigningKey> find_signing_key(const ReadContext& context, const std::string& organization_id) {
    const auto row = context.keys().active_key(organization_id);
    if (!row) return std::nullopt;
    return from_stored_seed(row->private_seed);
}

rules::PublicKeyLookup lookup(const ReadContext& context, const std::string& organization_id) {
    auto known = std::make_shared<std::map<KeyId, std::optional<PublicKey>>>();
    return [&context, organization_id, known](const KeyId& key_id) -> std::optional<PublicKey> {
        if (const auto cached = known->find(key_id); cached != known->end()) return cached->second;
        std::optional<PublicKey> key;
        if (const auto text = context.keys().verifying_public_key(organization_id, key_id.text())) {
            const auto bytes = hex::decode(*text);
            if (!bytes) throw fail::invalid_key_length("A stored public key", PublicKey::size, text->size() / 2);
            key = PublicKey::from_bytes(*bytes);
        }
        known->emplace(key_id, key);
        return key;
    };
}

}  // namespace ticketcore::ticket_keys
