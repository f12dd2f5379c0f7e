#pragma once
// Private to the core (layer 5, services): an organization's signing keys as the services use
// them: the key that signs ticket payloads, and the lookup that verifies them.

#include <string>

#include "services/unit_of_work.hpp"
#include "ticketcore/model/organization.hpp"
#include "ticketcore/rules/ticket_payload.hpp"
#include "ticketcore/values/signing_key.hpp"

namespace ticketcore::ticket_keys {

/// Makes a new key pair and stores it as the organization's active key (the caller has rotated
/// the previous one out, or there was none); its public half.
SigningKeyInfo create_key(const UnitOfWork& unit, const std::string& organization_id);

/// The organization's active key, made in this unit when it has none yet (an organization made
/// before keys were).
SigningKey signing_key(const UnitOfWork& unit, const std::string& organization_id);

/// The organization's active key, or nothing when it has none yet (a read cannot make one).
std::optional<SigningKey> find_signing_key(const ReadContext& context, const std::string& organization_id);

/// The public keys of the organization that still verify, looked up in `context` (each key id
/// read once per lookup object, so a batch of payloads reads each key once). The lookup refers
/// to `context`: use it only inside the unit.
rules::PublicKeyLookup lookup(const ReadContext& context, const std::string& organization_id);

}  // namespace ticketcore::ticket_keys
