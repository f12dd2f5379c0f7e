#include "ticketcore/values/time.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <type_traits>

#include "test_support.hpp"

namespace {

using namespace ticketcore;
using ticketcore_test::expect_error;
using ticketcore_test::january_15_2027_12_utc;
using ticketcore_test::june_12_2027_17_utc;
using ticketcore_test::one_hour_us;

static_assert(std::is_trivially_copyable_v<Instant>);

/// 2027-03-28T01:00:00Z: Copenhagen springs forward from 02:00 CET to 03:00 CEST.
constexpr Instant spring_forward_2027{1'806'195'600'000'000};
/// 2027-10-31T01:00:00Z: Copenhagen falls back from 03:00 CEST to 02:00 CET.
constexpr Instant fall_back_2027{1'824'944'400'000'000};

TEST(Time, FormatsUtcWithMicroseconds) {
    EXPECT_EQ(format_utc(Instant{0}), "1970-01-01T00:00:00.000000Z");
    EXPECT_EQ(format_utc(june_12_2027_17_utc), "2027-06-12T17:00:00.000000Z");
    EXPECT_EQ(format_utc(Instant{june_12_2027_17_utc.micros + 123'456}), "2027-06-12T17:00:00.123456Z");
    EXPECT_EQ(format_utc(Instant{-1}), "1969-12-31T23:59:59.999999Z");
}

TEST(Time, FormatsCopenhagenSummerTimeAtPlusTwo) {
    EXPECT_EQ(format_local(june_12_2027_17_utc, "Europe/Copenhagen"), "2027-06-12T19:00:00+02:00");
}

TEST(Time, FormatsCopenhagenWinterTimeAtPlusOne) {
    EXPECT_EQ(format_local(january_15_2027_12_utc, "Europe/Copenhagen"), "2027-01-15T13:00:00+01:00");
}

TEST(Time, FollowsDaylightSavingTransitions) {
    EXPECT_EQ(format_local(Instant{spring_forward_2027.micros - 1'000'000}, "Europe/Copenhagen"),
              "2027-03-28T01:59:59+01:00");
    EXPECT_EQ(format_local(spring_forward_2027, "Europe/Copenhagen"), "2027-03-28T03:00:00+02:00");
    EXPECT_EQ(format_local(Instant{fall_back_2027.micros - 1'000'000}, "Europe/Copenhagen"),
              "2027-10-31T02:59:59+02:00");
    EXPECT_EQ(format_local(fall_back_2027, "Europe/Copenhagen"), "2027-10-31T02:00:00+01:00");
}

TEST(Time, FormatsOtherZonesAndDropsSubSeconds) {
    EXPECT_EQ(format_local(june_12_2027_17_utc, "UTC"), "2027-06-12T17:00:00+00:00");
    EXPECT_EQ(format_local(june_12_2027_17_utc, "America/New_York"), "2027-06-12T13:00:00-04:00");
    EXPECT_EQ(format_local(june_12_2027_17_utc, "Asia/Kolkata"), "2027-06-12T22:30:00+05:30");
    EXPECT_EQ(format_local(Instant{june_12_2027_17_utc.micros + 999'999}, "Europe/Copenhagen"),
              "2027-06-12T19:00:00+02:00");
}

TEST(Time, UnknownZonesAreAValidationError) {
    EXPECT_TRUE(expect_error<ValidationError>([] { (void)format_local(june_12_2027_17_utc, "Mars/Olympus_Mons"); },
                                              "unknown_time_zone", "Unknown time zone: 'Mars/Olympus_Mons'"));
    EXPECT_TRUE(
        expect_error<ValidationError>([] { require_time_zone(""); }, "unknown_time_zone", "Unknown time zone: ''"));
    EXPECT_TRUE(expect_error<ValidationError>([] { require_time_zone("europe/copenhagen"); }, "unknown_time_zone",
                                              "Unknown time zone: 'europe/copenhagen'"));
    EXPECT_NO_THROW(require_time_zone("Europe/Copenhagen"));
}

TEST(Time, InstantsOrderByMicroseconds) {
    EXPECT_LT(Instant{1}, Instant{2});
    EXPECT_EQ(Instant{5}, Instant{5});
    EXPECT_GT(Instant{0}, Instant{-1});
}

TEST(ManualClock, StandsStillUntilSetOrAdvanced) {
    ManualClock clock(june_12_2027_17_utc);
    const Clock& as_clock = clock;
    EXPECT_EQ(as_clock.now(), june_12_2027_17_utc);
    EXPECT_EQ(as_clock.now(), june_12_2027_17_utc);
    clock.advance(one_hour_us);
    EXPECT_EQ(as_clock.now(), Instant{june_12_2027_17_utc.micros + one_hour_us});
    clock.advance(-2 * one_hour_us);
    EXPECT_EQ(as_clock.now(), Instant{june_12_2027_17_utc.micros - one_hour_us});
    clock.set(january_15_2027_12_utc);
    EXPECT_EQ(as_clock.now(), january_15_2027_12_utc);
}

TEST(Time, TheRangeIsPythonsDatetimeRange) {
    EXPECT_EQ(format_utc(earliest_instant), "0001-01-01T00:00:00.000000Z");
    EXPECT_EQ(format_utc(latest_instant), "9999-12-31T23:59:59.999999Z");
    EXPECT_TRUE(in_range(earliest_instant));
    EXPECT_TRUE(in_range(latest_instant));
    EXPECT_FALSE(in_range(Instant{latest_instant.micros + 1}));
    EXPECT_FALSE(in_range(Instant{earliest_instant.micros - 1}));
    EXPECT_TRUE(expect_error<ValidationError>(
        [] { require_in_range(Instant{latest_instant.micros + 1}, "valid_until"); }, "instant_out_of_range",
        "valid_until is out of range: instants lie between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999Z"));
}

TEST(Time, ShiftedNeverWrapsAround) {
    EXPECT_EQ(shifted(june_12_2027_17_utc, one_hour_us, "expiry"), Instant{june_12_2027_17_utc.micros + one_hour_us});
    EXPECT_EQ(shifted(Instant{latest_instant.micros - 1}, 1, "expiry"), latest_instant);
    for (const std::int64_t micros : {std::int64_t{1}, INT64_MAX}) {
        EXPECT_TRUE(expect_error<ValidationError>([&] { (void)shifted(latest_instant, micros, "expiry"); },
                                                  "instant_out_of_range",
                                                  "expiry is out of range: instants lie between "
                                                  "0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999Z"));
    }
    EXPECT_TRUE(expect_error<ValidationError>([] { (void)shifted(earliest_instant, INT64_MIN, "expiry"); },
                                              "instant_out_of_range",
                                              "expiry is out of range: instants lie between "
                                              "0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999Z"));
}

TEST(ManualClock, RefusesToLeaveTheRangeAndStaysPut) {
    EXPECT_THROW(ManualClock(Instant{latest_instant.micros + 1}), ValidationError);
    ManualClock clock(january_15_2027_12_utc);
    constexpr std::int64_t days_106751991 = 106'751'991LL * 86'400'000'000LL;
    EXPECT_THROW(clock.advance(days_106751991), ValidationError);
    EXPECT_THROW(clock.advance(days_106751991), ValidationError);
    EXPECT_EQ(clock.now(), january_15_2027_12_utc) << "a refused advance leaves the clock where it was";
    EXPECT_THROW(clock.set(Instant{INT64_MIN}), ValidationError);
    EXPECT_EQ(clock.now(), january_15_2027_12_utc);
    clock.set(latest_instant);
    EXPECT_EQ(clock.now(), latest_instant);
}

TEST(Time, RefusesZoneinfoFilesThatAreNotZones) {
    for (const char* zone : {"localtime", "posixrules"}) {
        EXPECT_TRUE(expect_error<ValidationError>([&] { require_time_zone(zone); }, "unknown_time_zone",
                                                  "Unknown time zone: '" + std::string(zone) + "'"));
    }
    EXPECT_NO_THROW(require_time_zone("Europe/Copenhagen"));
}

TEST(SystemClock, ReadsTheRealTimeInMicroseconds) {
    const auto micros = [] {
        return std::chrono::duration_cast<std::chrono::microseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
            .count();
    };
    const std::int64_t before = micros();
    const Instant now = system_clock()->now();
    const std::int64_t after = micros();
    EXPECT_LE(before, now.micros);
    EXPECT_LE(now.micros, after);
    EXPECT_EQ(system_clock().get(), system_clock().get()) << "one shared instance";
}

}  // namespace
