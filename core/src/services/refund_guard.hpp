#pragma once
// Private to the core (layer 5, services): the test builds' switch of the refund guard (see
// ticketcore::testing::set_refund_guard_disabled). Off, refunds.start checks the tickets on a
// snapshot before its write transaction and then writes without checking or locking them again:
// what a naive implementation does, to show the double refund the guard prevents.

#ifdef TICKETCORE_TEST_HOOKS
#include <cstdint>

namespace ticketcore::refund_guard {

void set_disabled(bool disabled, std::int64_t race_window_micros) noexcept;
bool disabled() noexcept;
std::int64_t race_window_micros() noexcept;

}  // namespace ticketcore::refund_guard
#endif
