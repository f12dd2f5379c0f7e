#pragma once
/// @file time.hpp
/// @brief UTC instants in microseconds, IANA time zones (date/tz) and injectable clocks.

#include <atomic>
#include <compare>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>

namespace ticketcore {

/// @brief A point in time: microseconds since 1970-01-01T00:00:00Z.
struct Instant {
    std::int64_t micros = 0;
    friend constexpr auto operator<=>(const Instant&, const Instant&) noexcept = default;
};
static_assert(std::is_trivially_copyable_v<Instant>);

/// @brief The earliest instant ticketcore stores: 0001-01-01T00:00:00Z (Python's datetime.min).
inline constexpr Instant earliest_instant{-62'135'596'800'000'000};
/// @brief The latest instant ticketcore stores: 9999-12-31T23:59:59.999999Z (Python's datetime.max).
inline constexpr Instant latest_instant{253'402'300'799'999'999};

/// @brief True when `instant` lies in [earliest_instant, latest_instant].
constexpr bool in_range(Instant instant) noexcept {
    return instant >= earliest_instant && instant <= latest_instant;
}
/// @brief Throws ValidationError `instant_out_of_range` naming `field` unless `instant` is in range.
void require_in_range(Instant instant, std::string_view field);
/// @brief `instant` moved by `micros`; ValidationError `instant_out_of_range` naming `field` when the
/// result leaves the range (never a wrap-around).
Instant shifted(Instant instant, std::int64_t micros, std::string_view field);

/// @brief RFC 3339 in UTC with microseconds, e.g. "2027-06-12T17:00:00.000000Z".
std::string format_utc(Instant instant);
/// @brief RFC 3339 local time with offset in the IANA `zone`, e.g. "2027-06-12T19:00:00+02:00".
std::string format_local(Instant instant, std::string_view zone);
/// @brief Throws ValidationError `unknown_time_zone` unless `zone` is an IANA name of the system zoneinfo.
void require_time_zone(std::string_view zone);

/// @brief The source of "now"; services read it once per unit of work.
class Clock {
public:
    virtual ~Clock() = default;
    /// @brief The current instant.
    [[nodiscard]] virtual Instant now() const = 0;
};

/// @brief The machine's real-time clock.
class SystemClock final : public Clock {
public:
    [[nodiscard]] Instant now() const override;
};

/// @brief A clock that stands still until set or advanced (tests, replays). Thread-safe.
class ManualClock final : public Clock {
public:
    /// @brief A clock showing `start`; ValidationError `instant_out_of_range` outside the range.
    explicit ManualClock(Instant start);
    [[nodiscard]] Instant now() const override { return Instant{micros_.load()}; }
    /// @brief Shows `instant` from now on; out of range it is refused and the clock unchanged.
    void set(Instant instant);
    /// @brief Moves forward (or back, when negative) by `micros`; a move that would leave the
    /// range is refused (ValidationError `instant_out_of_range`) and the clock stays where it was.
    void advance(std::int64_t micros);

private:
    std::atomic<std::int64_t> micros_;
};

/// @brief The shared system clock.
std::shared_ptr<const Clock> system_clock();

}  // namespace ticketcore
