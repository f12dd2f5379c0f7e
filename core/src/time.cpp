#include "ticketcore/time.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <chrono>
#include <string>

#include "ticketcore/error.hpp"

namespace ticketcore {

namespace {

using Microseconds = std::chrono::microseconds;
using SysMicros = date::sys_time<Microseconds>;

SysMicros to_sys(Instant instant) { return SysMicros{Microseconds{instant.micros}}; }

const date::time_zone* find_zone(std::string_view zone) {
    if (zone.empty()) throw ValidationError("unknown_time_zone", "Unknown time zone: ''");
    try {
        return date::locate_zone(zone);
    } catch (const std::runtime_error&) {
        throw ValidationError("unknown_time_zone", "Unknown time zone: '" + std::string(zone) + "'");
    }
}

}  // namespace

std::string format_utc(Instant instant) { return date::format("%FT%TZ", to_sys(instant)); }

std::string format_local(Instant instant, std::string_view zone) {
    const auto zoned = date::make_zoned(find_zone(zone), std::chrono::floor<std::chrono::seconds>(to_sys(instant)));
    const std::string text = date::format("%FT%T%z", zoned);
    // %z gives +0200; RFC 3339 wants +02:00.
    return text.substr(0, text.size() - 2) + ":" + text.substr(text.size() - 2);
}

void require_time_zone(std::string_view zone) { (void)find_zone(zone); }

Instant SystemClock::now() const {
    const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
    return Instant{std::chrono::duration_cast<Microseconds>(since_epoch).count()};
}

std::shared_ptr<const Clock> system_clock() {
    static const auto clock = std::make_shared<const SystemClock>();
    return clock;
}

}  // namespace ticketcore
