#include "ticketcore/rules/activity_report_rules.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <chrono>
#include <map>
#include <string>
#include <utility>

#include "ticketcore/values/error_catalogue.hpp"

namespace ticketcore {

std::string_view to_string(ReportBucket bucket) noexcept {
    switch (bucket) {
        case ReportBucket::hour: return "hour";
        case ReportBucket::day: return "day";
    }
    return "hour";  // unreachable: every bucket is listed
}

std::string_view to_string(SalesChannel channel) noexcept {
    switch (channel) {
        case SalesChannel::online: return "online";
        case SalesChannel::box_office: return "box_office";
        case SalesChannel::comp: return "comp";
        case SalesChannel::door: return "door";
    }
    return "online";  // unreachable: every channel is listed
}

namespace rules {

namespace {

using BucketMicros = std::chrono::microseconds;

const date::time_zone* bucket_zone(std::string_view zone) {
    require_time_zone(zone);  // the catalogue's unknown_time_zone for what is no IANA name
    return date::locate_zone(zone);
}

Instant bucket_start_in(Instant instant, const date::time_zone* tz, ReportBucket bucket) {
    const date::sys_time<BucketMicros> at{BucketMicros{instant.micros}};
    const date::sys_info info = tz->get_info(at);
    const date::local_time<BucketMicros> local{at.time_since_epoch() + info.offset};
    if (bucket == ReportBucket::hour) {
        // The instant less the minutes and seconds of its local time: a repeated hour (clocks
        // turned back) keeps the offset it was lived in, so its two passes are two buckets.
        const auto into_hour = local - date::floor<std::chrono::hours>(local);
        return Instant{instant.micros - std::chrono::duration_cast<BucketMicros>(into_hour).count()};
    }
    const date::local_days day = date::floor<date::days>(local);
    // Local midnight; where it is skipped, the day's first instant (the transition); where it is
    // lived twice, the first time.
    const auto start = tz->to_sys(date::local_time<BucketMicros>{day}, date::choose::earliest);
    return Instant{std::chrono::duration_cast<BucketMicros>(start.time_since_epoch()).count()};
}

}  // namespace

ReportBucket report_bucket(std::string_view text) {
    if (text == "hour") return ReportBucket::hour;
    if (text == "day") return ReportBucket::day;
    throw fail::invalid_report_bucket(text);
}

Instant bucket_start(Instant instant, std::string_view zone, ReportBucket bucket) {
    return bucket_start_in(instant, bucket_zone(zone), bucket);
}

std::vector<TimedCount> fold_into_buckets(const std::vector<TimedCount>& counts, std::string_view zone,
                                          ReportBucket bucket) {
    const date::time_zone* tz = bucket_zone(zone);
    std::map<std::pair<std::int64_t, std::int64_t>, TimedCount> buckets;
    // Many minutes share an hour: the bucket of the previous minute answers most look-ups.
    std::int64_t last_minute = 0;
    Instant last_bucket{};
    bool have_last = false;
    for (const TimedCount& count : counts) {
        if (!have_last || count.at.micros != last_minute) {
            last_bucket = bucket_start_in(count.at, tz, bucket);
            last_minute = count.at.micros;
            have_last = true;
        }
        TimedCount& sum = buckets[{last_bucket.micros, count.key}];
        sum.at = last_bucket;
        sum.key = count.key;
        sum.first += count.first;
        sum.second += count.second;
    }
    std::vector<TimedCount> result;
    result.reserve(buckets.size());
    for (auto& [key, sum] : buckets) result.push_back(sum);
    return result;
}

}  // namespace rules

}  // namespace ticketcore
