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
    /// @brief A clock showing `start`.
    explicit ManualClock(Instant start) noexcept : micros_(start.micros) {}
    [[nodiscard]] Instant now() const override { return Instant{micros_.load()}; }
    /// @brief Shows `instant` from now on.
    void set(Instant instant) noexcept { micros_.store(instant.micros); }
    /// @brief Moves forward (or back, when negative) by `micros`.
    void advance(std::int64_t micros) noexcept { micros_.fetch_add(micros); }

private:
    std::atomic<std::int64_t> micros_;
};

/// @brief The shared system clock.
std::shared_ptr<const Clock> system_clock();

}  // namespace ticketcore
