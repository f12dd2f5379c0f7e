#include "ticketcore/rules/event_rules.hpp"

#include <gtest/gtest.h>

#include <string>

#include "test_support.hpp"

namespace {

using namespace ticketcore;
using namespace ticketcore::rules;
using ticketcore_test::expect_error;

NewEvent concert() {
    NewEvent input;
    input.name = "Sommerjazz";
    input.time_zone = "Europe/Copenhagen";
    return input;
}

TEST(EventRules, AcceptsAValidEvent) {
    NewEvent input = concert();
    EXPECT_NO_THROW(validate_new_event(input));
    input.percentage_fee = 10000;
    input.vat_rate = 0;
    EXPECT_NO_THROW(validate_new_event(input)) << "the bounds are inclusive";
}

TEST(EventRules, NameIsRequired) {
    NewEvent input = concert();
    for (const char* blank : {"", "   ", "\t\n"}) {
        input.name = blank;
        EXPECT_TRUE(
            expect_error<ValidationError>([&] { validate_new_event(input); }, "name_required", "Name is required"));
    }
}

TEST(EventRules, TimeZoneMustBeAnIanaName) {
    NewEvent input = concert();
    input.time_zone = "CEST";
    EXPECT_TRUE(expect_error<ValidationError>([&] { validate_new_event(input); }, "unknown_time_zone",
                                              "Unknown time zone: 'CEST'"));
}

TEST(EventRules, FeesAndVatMustBeInRange) {
    NewEvent input = concert();
    input.platform_fee = Amount{-1, std::nullopt};
    EXPECT_TRUE(expect_error<ValidationError>([&] { validate_new_event(input); }, "negative_fee",
                                              "Platform fee cannot be negative"));
    for (const std::int64_t rate : {std::int64_t{-1}, std::int64_t{10001}}) {
        input = concert();
        input.percentage_fee = rate;
        EXPECT_TRUE(expect_error<ValidationError>([&] { validate_new_event(input); }, "invalid_rate",
                                                  "Percentage fee must be between 0 and 10000 basis points"));
        input = concert();
        input.vat_rate = rate;
        EXPECT_TRUE(expect_error<ValidationError>([&] { validate_new_event(input); }, "invalid_rate",
                                                  "VAT rate must be between 0 and 10000 basis points"));
    }
}

TEST(EventRules, DateMustEndAfterItStarts) {
    EXPECT_NO_THROW(check_can_add_date(EventState::Draft, Instant{1}, Instant{2}));
    EXPECT_TRUE(expect_error<ValidationError>([] { check_can_add_date(EventState::Draft, Instant{2}, Instant{2}); },
                                              "invalid_date_range", "Event date must end after it starts"));
    EXPECT_TRUE(expect_error<ValidationError>([] { check_can_add_date(EventState::Draft, Instant{3}, Instant{2}); },
                                              "invalid_date_range", "Event date must end after it starts"));
}

TEST(EventRules, DatesCanBeAddedUntilCompleted) {
    EXPECT_NO_THROW(check_can_add_date(EventState::Published, Instant{1}, Instant{2}));
    EXPECT_TRUE(expect_error<ConflictError>([] { check_can_add_date(EventState::Completed, Instant{1}, Instant{2}); },
                                            "event_completed", "Cannot add a date to an event, which is completed"));
}

TEST(EventRules, PublishNeedsADraftWithADate) {
    EXPECT_NO_THROW(check_can_publish(EventState::Draft, 1));
    EXPECT_TRUE(expect_error<ConflictError>([] { check_can_publish(EventState::Draft, 0); }, "event_without_dates",
                                            "Cannot publish an event without dates"));
    EXPECT_TRUE(expect_error<ConflictError>([] { check_can_publish(EventState::Published, 1); }, "event_published",
                                            "Cannot publish an event, which has already been published"));
    EXPECT_TRUE(expect_error<ConflictError>([] { check_can_publish(EventState::Completed, 1); }, "event_completed",
                                            "Cannot publish an event, which is completed"));
}

TEST(EventRules, CompleteNeedsAPublishedEvent) {
    EXPECT_NO_THROW(check_can_complete(EventState::Published));
    EXPECT_TRUE(expect_error<ConflictError>([] { check_can_complete(EventState::Draft); }, "event_not_published",
                                            "Cannot complete an event, which is not published"));
    EXPECT_TRUE(expect_error<ConflictError>([] { check_can_complete(EventState::Completed); }, "event_completed",
                                            "Cannot complete an event, which is completed"));
}

TEST(EventState, NamesRoundTrip) {
    for (const EventState state : {EventState::Draft, EventState::Published, EventState::Completed}) {
        EXPECT_EQ(event_state_from_string(to_string(state)), state);
    }
    EXPECT_EQ(to_string(EventState::Published), "published");
}

TEST(EventState, UnknownNamesAreRejected) {
    EXPECT_TRUE(expect_error<ValidationError>([] { (void)event_state_from_string("cancelled"); }, "unknown_event_state",
                                              "Unknown event state: 'cancelled'"));
    EXPECT_TRUE(expect_error<ValidationError>([] { (void)event_state_from_string("Draft"); }, "unknown_event_state",
                                              "Unknown event state: 'Draft'"));
}

TEST(EventRules, ADateShowsItsInstantsInTheEventsTimeZone) {
    const Instant july_2_2027_17_utc{1814547600000000};
    const Instant july_2_2027_21_utc{1814547600000000 + 4LL * 3600 * 1000000};
    const EventDate date = event_date("d1", "e1", july_2_2027_17_utc, july_2_2027_21_utc, "Europe/Copenhagen");
    EXPECT_EQ(date.id, "d1");
    EXPECT_EQ(date.event_id, "e1");
    EXPECT_EQ(date.start, july_2_2027_17_utc);
    EXPECT_EQ(date.local_start, "2027-07-02T19:00:00+02:00");
    EXPECT_EQ(date.local_end, "2027-07-02T23:00:00+02:00");
}

TEST(EventRules, AStoredEventsSnapshotHasEachDatesLocalTimes) {
    Event stored;
    stored.time_zone = "America/New_York";
    const Instant january_15_2027_12_30_utc{1800016200000000};
    stored.dates.push_back(EventDate{"d1", "e1", january_15_2027_12_30_utc,
                                     Instant{january_15_2027_12_30_utc.micros + 3600LL * 1000000}, "", ""});
    const Event event = event_snapshot(stored);
    ASSERT_EQ(event.dates.size(), 1U);
    EXPECT_EQ(event.dates[0].local_start, "2027-01-15T07:30:00-05:00");
    EXPECT_EQ(event.dates[0].local_end, "2027-01-15T08:30:00-05:00");
}

}  // namespace
