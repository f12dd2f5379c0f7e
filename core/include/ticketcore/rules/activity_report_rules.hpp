#pragma once
/// @file activity_report_rules.hpp
/// @brief Pure rules of the attendance, sales-over-time and box-office reports (issue 10): the
/// time buckets of an event's time zone (hours or days, DST-correct), the sales channels, and
/// the folding of per-minute counts into buckets. No SQL, no clock.
///
/// The store groups what it counts by UTC minute; every offset of the IANA database since 1972 is
/// a whole number of minutes, so a minute never straddles the start of a local hour or day, and
/// folding the minutes into local buckets here is exact.

#include <cstdint>
#include <string_view>
#include <vector>

#include "ticketcore/values/time.hpp"

namespace ticketcore {

/// @brief The size of a time bucket of a report.
enum class ReportBucket : std::uint8_t {
    hour,  ///< a local hour of the event's time zone
    day,   ///< a local day (from local midnight, or the first instant of the day where midnight is skipped)
};

/// @brief How a ticket was sold, for sales_over_time.
enum class SalesChannel : std::uint8_t {
    online,      ///< an online order (orders.place / confirm)
    box_office,  ///< a committed box-office sale (its paid orders)
    comp,        ///< a complimentary ticket (tickets.comp)
    door,        ///< a pre-generated ticket activated at the door (tickets.activate)
};

/// @brief "hour" / "day".
[[nodiscard]] std::string_view to_string(ReportBucket bucket) noexcept;
/// @brief "online", "box_office", "comp", "door".
[[nodiscard]] std::string_view to_string(SalesChannel channel) noexcept;

namespace rules {

/// @brief Microseconds in a minute: the grain the store groups by.
inline constexpr std::int64_t minute_micros = 60'000'000;

/// @brief The bucket named `text` ("hour" or "day"); ValidationError `invalid_report_bucket` otherwise.
[[nodiscard]] ReportBucket report_bucket(std::string_view text);

/// @brief The first instant of the local hour or day of `zone` that contains `instant`. An hour
/// lived twice (clocks turned back) is two buckets, each starting at its own instant; a day
/// whose midnight is skipped starts at the first instant it has. ValidationError
/// `unknown_time_zone` for a zone that is not an IANA name.
[[nodiscard]] Instant bucket_start(Instant instant, std::string_view zone, ReportBucket bucket);

/// @brief One count of a report: at a time (a minute, or a bucket's start), under a key (a
/// channel, or 0), with two measures (entries and exits, tickets and revenue).
struct TimedCount {
    Instant at;
    std::int64_t key = 0;
    std::int64_t first = 0;
    std::int64_t second = 0;
    friend bool operator==(const TimedCount&, const TimedCount&) = default;
};

/// @brief `counts` (each at the start of a minute, in any order) summed per bucket of `zone` and
/// key: each result at its bucket's start, in order of bucket, then key.
[[nodiscard]] std::vector<TimedCount> fold_into_buckets(const std::vector<TimedCount>& counts, std::string_view zone,
                                                        ReportBucket bucket);

}  // namespace rules

}  // namespace ticketcore
