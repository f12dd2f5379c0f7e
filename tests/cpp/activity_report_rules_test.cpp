// rules/activity_report_rules: the local hours and days of a time zone as buckets (DST both ways,
// half-hour and 45-minute offsets, days whose midnight is skipped), the bucket names, and the
// folding of per-minute counts into buckets.

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "test_support.hpp"
#include "ticketcore/rules/activity_report_rules.hpp"
#include "ticketcore/values/error.hpp"

namespace {

using namespace ticketcore;
using ticketcore_test::expect_error;

constexpr std::int64_t bucket_minute = 60'000'000;
constexpr std::int64_t bucket_hour = 60 * bucket_minute;

/// 2027-10-31T00:00:00Z; Copenhagen leaves summer time at 01:00 UTC that night.
constexpr Instant october_31_utc{1'824'940'800'000'000};
/// 2027-03-28T00:00:00Z; Copenhagen enters summer time at 01:00 UTC that night.
constexpr Instant march_28_utc{1'806'192'000'000'000};

Instant plus(Instant at, std::int64_t micros) {
    return Instant{at.micros + micros};
}

TEST(ActivityReportRules, NamesBuckets) {
    EXPECT_EQ(rules::report_bucket("hour"), ReportBucket::hour);
    EXPECT_EQ(rules::report_bucket("day"), ReportBucket::day);
    EXPECT_EQ(to_string(ReportBucket::hour), "hour");
    EXPECT_EQ(to_string(ReportBucket::day), "day");
    EXPECT_EQ(to_string(SalesChannel::online), "online");
    EXPECT_EQ(to_string(SalesChannel::box_office), "box_office");
    EXPECT_EQ(to_string(SalesChannel::comp), "comp");
    EXPECT_EQ(to_string(SalesChannel::door), "door");
    for (const char* bad : {"", "Hour", "HOUR", "week", " hour", "hour "}) {
        EXPECT_TRUE(expect_error<ValidationError>([&] { (void)rules::report_bucket(bad); }, "invalid_report_bucket",
                                                  std::string("bucket must be 'hour' or 'day', not '") + bad + "'"));
    }
}

TEST(ActivityReportRules, HoursOfAWholeHourZoneAreUtcHours) {
    const Instant at = plus(october_31_utc, -3 * bucket_hour + 17 * bucket_minute + 5);  // 21:17 UTC
    EXPECT_EQ(rules::bucket_start(at, "Europe/Copenhagen", ReportBucket::hour), plus(october_31_utc, -3 * bucket_hour));
    EXPECT_EQ(rules::bucket_start(at, "UTC", ReportBucket::hour), plus(october_31_utc, -3 * bucket_hour));
}

TEST(ActivityReportRules, TheHourLivedTwiceIsTwoBuckets) {
    // 02:30 summer time (00:30 UTC) and 02:30 winter time (01:30 UTC).
    const Instant first = plus(october_31_utc, 30 * bucket_minute);
    const Instant second = plus(october_31_utc, bucket_hour + 30 * bucket_minute);
    EXPECT_EQ(rules::bucket_start(first, "Europe/Copenhagen", ReportBucket::hour), october_31_utc);
    EXPECT_EQ(rules::bucket_start(second, "Europe/Copenhagen", ReportBucket::hour), plus(october_31_utc, bucket_hour));
    // That day has 25 hours: it starts at 22:00 UTC the day before.
    EXPECT_EQ(rules::bucket_start(second, "Europe/Copenhagen", ReportBucket::day),
              plus(october_31_utc, -2 * bucket_hour));
    EXPECT_EQ(rules::bucket_start(plus(october_31_utc, 22 * bucket_hour + 59 * bucket_minute), "Europe/Copenhagen",
                                  ReportBucket::day),
              plus(october_31_utc, -2 * bucket_hour));
    EXPECT_EQ(rules::bucket_start(plus(october_31_utc, 23 * bucket_hour), "Europe/Copenhagen", ReportBucket::day),
              plus(october_31_utc, 23 * bucket_hour));
}

TEST(ActivityReportRules, TheSkippedHourHasNoBucket) {
    // 01:59 winter time (00:59 UTC), then 03:00 summer time (01:00 UTC).
    EXPECT_EQ(rules::bucket_start(plus(march_28_utc, 59 * bucket_minute), "Europe/Copenhagen", ReportBucket::hour),
              march_28_utc);
    EXPECT_EQ(rules::bucket_start(plus(march_28_utc, bucket_hour), "Europe/Copenhagen", ReportBucket::hour),
              plus(march_28_utc, bucket_hour));
    // That day has 23 hours and starts at 23:00 UTC the day before.
    EXPECT_EQ(rules::bucket_start(plus(march_28_utc, 20 * bucket_hour), "Europe/Copenhagen", ReportBucket::day),
              plus(march_28_utc, -bucket_hour));
}

TEST(ActivityReportRules, HalfHourAndQuarterHourZones) {
    // Kolkata is 05:30 ahead: 10:45 there is 05:15 UTC; its hour starts at 04:30 UTC.
    const Instant at = plus(october_31_utc, 5 * bucket_hour + 15 * bucket_minute);
    EXPECT_EQ(rules::bucket_start(at, "Asia/Kolkata", ReportBucket::hour),
              plus(october_31_utc, 4 * bucket_hour + 30 * bucket_minute));
    EXPECT_EQ(rules::bucket_start(at, "Asia/Kolkata", ReportBucket::day),
              plus(october_31_utc, -5 * bucket_hour - 30 * bucket_minute));
    // Kathmandu is 05:45 ahead: 11:00 there is 05:15 UTC.
    EXPECT_EQ(rules::bucket_start(at, "Asia/Kathmandu", ReportBucket::hour), at);
}

TEST(ActivityReportRules, ADayWhoseMidnightIsSkippedStartsAtItsFirstInstant) {
    // Santiago (Chile) enters summer time at 24:00 on 2 September 2023 (04:00 UTC on the 3rd):
    // 3 September starts at 01:00 local, 04:00 UTC.
    constexpr Instant september_3_2023_04_utc{1'693'713'600'000'000};
    EXPECT_EQ(
        rules::bucket_start(plus(september_3_2023_04_utc, 10 * bucket_hour), "America/Santiago", ReportBucket::day),
        september_3_2023_04_utc);
}

TEST(ActivityReportRules, BeforeNineteenSeventy) {
    // 1969-12-31T23:30:00Z in UTC: its hour starts at 23:00, its day at midnight of the 31st.
    EXPECT_EQ(rules::bucket_start(Instant{-30 * bucket_minute}, "UTC", ReportBucket::hour), Instant{-bucket_hour});
    EXPECT_EQ(rules::bucket_start(Instant{-30 * bucket_minute}, "UTC", ReportBucket::day), Instant{-24 * bucket_hour});
}

TEST(ActivityReportRules, UnknownZonesAreRefused) {
    EXPECT_TRUE(
        expect_error<ValidationError>([] { (void)rules::bucket_start(Instant{0}, "Mars/Olympus", ReportBucket::hour); },
                                      "unknown_time_zone", "Unknown time zone: 'Mars/Olympus'"));
    EXPECT_TRUE(expect_error<ValidationError>([] { (void)rules::fold_into_buckets({}, "", ReportBucket::hour); },
                                              "unknown_time_zone", "Unknown time zone: ''"));
}

TEST(ActivityReportRules, FoldsMinutesIntoBucketsPerKey) {
    const std::vector<rules::TimedCount> minutes = {
        {plus(october_31_utc, bucket_hour + 5 * bucket_minute), 1, 2, 200},
        {plus(october_31_utc, 10 * bucket_minute), 0, 1, 100},
        {plus(october_31_utc, 50 * bucket_minute), 0, 3, 300},
        {plus(october_31_utc, 50 * bucket_minute), 1, 4, 400},
        {plus(october_31_utc, bucket_hour), 0, 5, 500},
    };
    const std::vector<rules::TimedCount> hours =
        rules::fold_into_buckets(minutes, "Europe/Copenhagen", ReportBucket::hour);
    EXPECT_EQ(hours, (std::vector<rules::TimedCount>{
                         {october_31_utc, 0, 4, 400},
                         {october_31_utc, 1, 4, 400},
                         {plus(october_31_utc, bucket_hour), 0, 5, 500},
                         {plus(october_31_utc, bucket_hour), 1, 2, 200},
                     }));
    const std::vector<rules::TimedCount> days =
        rules::fold_into_buckets(minutes, "Europe/Copenhagen", ReportBucket::day);
    EXPECT_EQ(days, (std::vector<rules::TimedCount>{
                        {plus(october_31_utc, -2 * bucket_hour), 0, 9, 900},
                        {plus(october_31_utc, -2 * bucket_hour), 1, 6, 600},
                    }));
    EXPECT_TRUE(rules::fold_into_buckets({}, "UTC", ReportBucket::day).empty());
}

}  // namespace
