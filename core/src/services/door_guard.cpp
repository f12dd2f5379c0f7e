#include "services/door_guard.hpp"

#include <atomic>

namespace ticketcore::door_guard {

#ifdef TICKETCORE_TEST_HOOKS
namespace {
std::atomic<bool> off{false};
std::atomic<std::int64_t> window{0};
}  // namespace

void set_disabled(bool disabled, std::int64_t race_window_micros) noexcept {
    off.store(disabled);
    window.store(race_window_micros);
}
bool disabled() noexcept {
    return off.load();
}
std::int64_t race_window_micros() noexcept {
    return window.load();
}
#endif

}  // namespace ticketcore::door_guard
