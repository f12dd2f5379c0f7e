#include "ticketcore/rules/key_rules.hpp"

#include "ticketcore/values/error_catalogue.hpp"

namespace ticketcore {

std::string_view to_string(KeyState state) noexcept {
    switch (state) {
        case KeyState::Active: return "active";
        case KeyState::Verifying: return "verifying";
        case KeyState::Retired: return "retired";
    }
    return "active";  // unreachable: every state is listed
}

KeyState key_state_from_string(std::string_view text) {
    if (text == "active") return KeyState::Active;
    if (text == "verifying") return KeyState::Verifying;
    if (text == "retired") return KeyState::Retired;
    throw fail::unknown_key_state(text);
}

namespace rules {

void check_can_rotate(std::size_t live_keys) {
    if (live_keys >= max_live_keys) throw fail::too_many_keys(max_live_keys);
}

void check_can_retire(std::string_view key_id, KeyState state) {
    if (state == KeyState::Active) throw fail::active_key(key_id);
    if (state == KeyState::Retired) throw fail::key_retired(key_id);
}

}  // namespace rules

}  // namespace ticketcore
