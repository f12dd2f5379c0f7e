#pragma once
// Private to the core (layer 5, services): the switch of redeem's guard, in test builds only
// (see ticketcore::testing::set_redeem_guard_disabled). Release builds have nothing here.

#include <cstdint>

namespace ticketcore::door_guard {

#ifdef TICKETCORE_TEST_HOOKS
/// @brief Test builds only: switches redeem's conditional write off (decide on a snapshot, sleep
/// `race_window_micros`, write unconditionally).
void set_disabled(bool disabled, std::int64_t race_window_micros) noexcept;
bool disabled() noexcept;
std::int64_t race_window_micros() noexcept;
#endif

}  // namespace ticketcore::door_guard
