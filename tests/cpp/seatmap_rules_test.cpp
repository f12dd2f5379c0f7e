#include "ticketcore/rules/seatmap_rules.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "test_support.hpp"

namespace {

using namespace ticketcore;
using namespace ticketcore_test;

NewSeat seat_at(std::string section, std::string row, std::string number, std::string label = "L") {
    return NewSeat{std::move(section), std::move(row), std::move(number), std::move(label), {}};
}

TEST(SeatMapRules, ANewSeatNeedsEveryFieldAndAPlaceOfItsOwn) {
    EXPECT_NO_THROW(rules::check_new_seats({seat_at("S", "A", "1"), seat_at("S", "A", "2")}));
    EXPECT_TRUE(expect_error<ValidationError>([] { rules::check_new_seats({}); }, "seats_required",
                                              "At least one seat is required"));
    for (const auto& [seat, field] :
         std::vector<std::pair<NewSeat, std::string>>{{seat_at("", "A", "1"), "section"},
                                                      {seat_at("S", "\t", "1"), "row"},
                                                      {seat_at("S", "A", " "), "number"},
                                                      {seat_at("S", "A", "1", ""), "label"}}) {
        EXPECT_TRUE(expect_error<ValidationError>([&] { rules::check_new_seats({seat}); }, "seat_field_required",
                                                  field + " is required"));
    }
    EXPECT_TRUE(expect_error<ValidationError>(
        [] {
            rules::check_new_seats({seat_at("S", "A", "1", "x"), seat_at("S", "A", "1", "y")});
        },
        "duplicate_seat", "Seat S / A / 1 is listed twice"));
    EXPECT_THROW(rules::check_new_seats({seat_at(std::string(201, 'x'), "A", "1")}), ValidationError);
    EXPECT_NO_THROW(rules::check_new_seats({seat_at(std::string(200, 'x'), "A", "1")}));
}

TEST(SeatMapRules, ABatchHoldsAtMostTenThousandSeats) {
    std::vector<NewSeat> seats;
    for (int index = 0; index < 10'000; ++index) seats.push_back(seat_at("S", "A", std::to_string(index)));
    EXPECT_NO_THROW(rules::check_new_seats(seats));
    seats.push_back(seat_at("S", "B", "1"));
    EXPECT_TRUE(expect_error<ValidationError>([&] { rules::check_new_seats(seats); }, "batch_too_large",
                                              "At most 10000 seats per call"));
}

TEST(SeatMapRules, PlacesThatLookAlikeAreStillTwo) {
    // Section "a b" row "c" and section "a" row "b c" are different places.
    EXPECT_NE(rules::seat_place_key("a b", "c", "1"), rules::seat_place_key("a", "b c", "1"));
    EXPECT_NE(rules::seat_place_key("a\",\"b", "c", "1"), rules::seat_place_key("a", "b\",\"c", "1"));
    EXPECT_EQ(rules::seat_place_key("S", "A", "1"), rules::seat_place_key("S", "A", "1"));
    EXPECT_NO_THROW(rules::check_new_seats({seat_at("a b", "c", "1"), seat_at("a", "b c", "1")}));
}

TEST(SeatMapRules, TicketTypesAreListedOnceAndAnEmptyListTakesEveryType) {
    EXPECT_NO_THROW(rules::check_ticket_type_ids({"a", "b"}));
    EXPECT_TRUE(expect_error<ValidationError>(
        [] {
            rules::check_ticket_type_ids({"a", "b", "a"});
        },
        "duplicate_ticket_type", "Ticket specification with id: a is listed twice in ticket_type_ids"));
    EXPECT_TRUE(rules::allows_ticket_type({}, "any"));
    EXPECT_TRUE(rules::allows_ticket_type({"a", "b"}, "b"));
    EXPECT_FALSE(rules::allows_ticket_type({"a", "b"}, "c"));
    Seat seat;
    seat.label = "A-4";
    seat.ticket_type_ids = {"guest"};
    EXPECT_NO_THROW(rules::check_seat_allows(seat, "guest"));
    EXPECT_TRUE(expect_error<ValidationError>([&] { rules::check_seat_allows(seat, "member"); },
                                              "seat_not_for_ticket_type",
                                              "Seat A-4 is not for ticket specification with id: member"));
    Volume volume;
    volume.name = "Standing";
    volume.ticket_type_ids = {"guest"};
    EXPECT_TRUE(expect_error<ValidationError>([&] { rules::check_volume_allows(volume, "member"); },
                                              "volume_not_for_ticket_type",
                                              "Volume Standing is not for ticket specification with id: member"));
}

TEST(SeatMapRules, StatusAndAvailabilityComeFromTheCounters) {
    EXPECT_EQ(rules::seat_status(0, 0), SeatStatus::Free);
    EXPECT_EQ(rules::seat_status(0, 1), SeatStatus::Held);
    EXPECT_EQ(rules::seat_status(1, 0), SeatStatus::Sold);
    EXPECT_EQ(rules::seat_status(1, 1), SeatStatus::Sold);
    EXPECT_EQ(rules::volume_available(5, 0, 0), 5);
    EXPECT_EQ(rules::volume_available(5, 2, 1), 2);
    EXPECT_EQ(rules::volume_available(5, 3, 2), 0);
    EXPECT_EQ(rules::volume_available(5, 4, 4), 0) << "an oversold volume has nothing left, never a negative";
    EXPECT_EQ(rules::volume_available(int64_max, int64_max, int64_max), 0);
    EXPECT_EQ(rules::volume_available(0, 0, 0), 0);
    for (const SeatStatus status : {SeatStatus::Free, SeatStatus::Held, SeatStatus::Sold}) {
        EXPECT_EQ(seat_status_from_string(to_string(status)), status);
    }
    EXPECT_THROW((void)seat_status_from_string("taken"), ValidationError);
}

TEST(SeatMapRules, VolumesAndCompletedEvents) {
    EXPECT_NO_THROW(rules::check_volume_capacity(0));
    EXPECT_TRUE(expect_error<ValidationError>([] { rules::check_volume_capacity(-1); }, "negative_number",
                                              "Volume capacity cannot be negative"));
    for (const EventState state : {EventState::Draft, EventState::Published}) {
        EXPECT_NO_THROW(rules::check_can_add_seatmap(state));
        EXPECT_NO_THROW(rules::check_can_change_seatmap(state));
    }
    EXPECT_TRUE(expect_error<ConflictError>([] { rules::check_can_add_seatmap(EventState::Completed); },
                                            "event_completed",
                                            "Cannot add a seat map to an event, which is completed"));
    EXPECT_TRUE(expect_error<ConflictError>([] { rules::check_can_change_seatmap(EventState::Completed); },
                                            "event_completed",
                                            "Cannot change a seat map of an event, which is completed"));
}

}  // namespace
