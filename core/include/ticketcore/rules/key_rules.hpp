#pragma once
/// @file key_rules.hpp
/// @brief The life of an organization's signing keys (layer 3): one active key signs new ticket
/// payloads; rotating makes a new active key and keeps the old one for verifying the payloads it
/// signed until it is retired; a retired key verifies nothing. No SQL, no clock.

#include <cstddef>
#include <string_view>

#include "ticketcore/model/organization.hpp"

namespace ticketcore::rules {

/// @brief At most this many keys of an organization are not retired (its active key and those
/// kept for verifying): what a scanner export carries stays small, and so does the list of keys.
inline constexpr std::size_t max_live_keys = 16;

/// @brief Whether a payload signed with a key in `state` still verifies.
[[nodiscard]] constexpr bool key_verifies(KeyState state) noexcept {
    return state != KeyState::Retired;
}

/// @brief A rotation is refused (ConflictError `too_many_keys`) when the organization already has
/// `max_live_keys` keys that are not retired: retire one first.
void check_can_rotate(std::size_t live_keys);

/// @brief Only a key kept for verifying can be retired: the active key (ConflictError
/// `active_key`: rotate first) and a retired one (ConflictError `key_retired`) cannot.
void check_can_retire(std::string_view key_id, KeyState state);

}  // namespace ticketcore::rules
