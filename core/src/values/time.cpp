#include "ticketcore/values/time.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <string>

#include "ticketcore/values/error_catalogue.hpp"

namespace ticketcore {

namespace {

using Microseconds = std::chrono::microseconds;
using SysMicros = date::sys_time<Microseconds>;

SysMicros to_sys(Instant instant) {
    return SysMicros{Microseconds{instant.micros}};
}

/// Files of the system zoneinfo folder that are not IANA zone names: the machine's own zone and
/// the POSIX rule template. A store must not change meaning when it moves to another machine.
constexpr std::array<std::string_view, 2> not_zone_names = {"localtime", "posixrules"};

const date::time_zone* find_zone(std::string_view zone) {
    if (zone.empty()) throw fail::unknown_time_zone(zone);
    if (std::find(not_zone_names.begin(), not_zone_names.end(), zone) != not_zone_names.end()) {
        throw fail::unknown_time_zone(zone);
    }
    try {
        return date::locate_zone(zone);
    } catch (const std::runtime_error&) {
        throw fail::unknown_time_zone(zone);
    }
}

[[noreturn]] void throw_out_of_range(std::string_view field) {
    throw fail::instant_out_of_range(field);
}

}  // namespace

std::string format_utc(Instant instant) {
    return date::format("%FT%TZ", to_sys(instant));
}

std::string format_local(Instant instant, std::string_view zone) {
    const auto zoned = date::make_zoned(find_zone(zone), std::chrono::floor<std::chrono::seconds>(to_sys(instant)));
    const std::string text = date::format("%FT%T%z", zoned);
    // %z gives +0200; RFC 3339 wants +02:00.
    return text.substr(0, text.size() - 2) + ":" + text.substr(text.size() - 2);
}

void require_time_zone(std::string_view zone) {
    (void)find_zone(zone);
}

void require_in_range(Instant instant, std::string_view field) {
    if (!in_range(instant)) throw_out_of_range(field);
}

Instant shifted(Instant instant, std::int64_t micros, std::string_view field) {
    Instant result;
    if (__builtin_add_overflow(instant.micros, micros, &result.micros) || !in_range(result)) throw_out_of_range(field);
    return result;
}

ManualClock::ManualClock(Instant start) : micros_(start.micros) {
    require_in_range(start, "start");
}

void ManualClock::set(Instant instant) {
    require_in_range(instant, "instant");
    micros_.store(instant.micros);
}

void ManualClock::advance(std::int64_t micros) {
    Instant current{micros_.load()};
    // Compare-and-swap so a concurrent advance is never lost and a refused one changes nothing.
    while (!micros_.compare_exchange_weak(current.micros, shifted(current, micros, "delta").micros)) {}
}

Instant SystemClock::now() const {
    const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
    return Instant{std::chrono::duration_cast<Microseconds>(since_epoch).count()};
}

std::shared_ptr<const Clock> system_clock() {
    static const auto clock = std::make_shared<const SystemClock>();
    return clock;
}

}  // namespace ticketcore
