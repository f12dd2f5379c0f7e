// The door's rules (layer 3): every refusal, in its order, the current date with its grace, entry
// limits, exits; and the input checks of scans.

#include <gtest/gtest.h>

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "test_support.hpp"
#include "ticketcore/rules/door_rules.hpp"

namespace {

using namespace ticketcore;
using namespace ticketcore::rules;
using ticketcore_test::expect_error;

constexpr std::int64_t hour = 3'600'000'000;
constexpr Instant day1_start{1'812'819'600'000'000};  // 2027-06-12T17:00Z, 19:00 in Copenhagen
constexpr Instant day1_end{day1_start.micros + 3 * hour};
constexpr Instant day2_start{day1_start.micros + 24 * hour};
constexpr Instant day2_end{day2_start.micros + 3 * hour};

std::vector<EventDate> two_dates() {
    return {EventDate{"d1", "e", day1_start, day1_end, "", ""}, EventDate{"d2", "e", day2_start, day2_end, "", ""}};
}

DoorTicket valid_ticket(std::vector<std::string> event_dates = {"d1"}) {
    DoorTicket ticket;
    for (const std::string& id : event_dates) ticket.dates.push_back(DoorDate{"t-" + id, id, 0, false});
    return ticket;
}

ScanFacts entry(Instant at, std::optional<std::string> point = std::nullopt) {
    return ScanFacts{std::move(point), ScanDirection::In, at};
}
ScanFacts exit_at(Instant at) {
    return ScanFacts{"main-door", ScanDirection::Out, at};
}

std::optional<DoorRefusal> verdict(const DoorTicket& ticket, const EntryRules& rules, const ScanFacts& scan) {
    return decide_scan(ticket, rules, two_dates(), scan).refusal;
}

TEST(DoorRules, EveryRefusalHasADistinctCodeAndAMessage) {
    std::set<std::string_view> codes;
    for (const DoorRefusal refusal : all_door_refusals()) {
        EXPECT_TRUE(codes.insert(door_refusal_code(refusal)).second) << door_refusal_code(refusal);
        EXPECT_FALSE(door_refusal_message(refusal).empty());
    }
    EXPECT_EQ(codes, (std::set<std::string_view>{"unknown", "forged", "revoked", "cancelled", "refunded",
                                                 "refund_in_progress", "not_activated", "not_for_this_date",
                                                 "not_at_this_scan_point", "already_inside", "reentry_limit_reached",
                                                 "outside_event_dates", "not_inside"}));
    EXPECT_EQ(door_refusal_message(DoorRefusal::AlreadyInside), "The holder is already inside");
    EXPECT_EQ(door_refusal_message(DoorRefusal::NotForThisDate), "The ticket is not for this date");
}

TEST(DoorRules, AValidTicketEntersDuringItsDate) {
    const DoorDecision decision = decide_scan(valid_ticket(), {}, two_dates(), entry(day1_start));
    EXPECT_TRUE(decision.admitted());
    EXPECT_EQ(decision.date_index, 0u);
}

TEST(DoorRules, TheDoorsOpenTwoHoursBeforeTheStartAndCloseAtTheEnd) {
    const Instant opening{day1_start.micros - door_opening_grace_micros};
    EXPECT_EQ(verdict(valid_ticket(), {}, entry(opening)), std::nullopt);
    EXPECT_EQ(verdict(valid_ticket(), {}, entry(Instant{opening.micros - 1})), DoorRefusal::OutsideEventDates);
    EXPECT_EQ(verdict(valid_ticket(), {}, entry(day1_end)), std::nullopt);
    EXPECT_EQ(verdict(valid_ticket(), {}, entry(Instant{day1_end.micros + 1})), DoorRefusal::OutsideEventDates);
}

TEST(DoorRules, ATicketOfAnotherDateIsNotForThisDate) {
    EXPECT_EQ(verdict(valid_ticket({"d2"}), {}, entry(day1_start)), DoorRefusal::NotForThisDate);
    const DoorDecision day2 = decide_scan(valid_ticket({"d2"}), {}, two_dates(), entry(day2_start));
    EXPECT_TRUE(day2.admitted());
    EXPECT_EQ(day2.date_index, 0u);
    // A two-day ticket enters each day on that day's row.
    EXPECT_EQ(decide_scan(valid_ticket({"d1", "d2"}), {}, two_dates(), entry(day2_start)).date_index, 1u);
}

TEST(DoorRules, OverlappingWindowsPreferTheTicketsDateThenTheEarliest) {
    // A second show starting 1 hour after the first ends: its doors open during the first.
    const std::vector<EventDate> dates{
        EventDate{"a", "e", day1_start, day1_end, "", ""},
        EventDate{"b", "e", Instant{day1_end.micros + hour}, Instant{day1_end.micros + 3 * hour}, "", ""}};
    const std::vector<std::string> both{"a", "b"};
    const std::vector<std::string> only_b{"b"};
    const Instant overlap{day1_end.micros - hour / 2};
    EXPECT_EQ(current_event_date(dates, both, overlap).event_date_index, 0u);
    EXPECT_EQ(current_event_date(dates, only_b, overlap).event_date_index, 1u);
    EXPECT_EQ(current_event_date(dates, {}, overlap).refusal, DoorRefusal::NotForThisDate);
    EXPECT_EQ(current_event_date({}, both, overlap).refusal, DoorRefusal::OutsideEventDates);
}

TEST(DoorRules, TicketStatesRefuseInTheirOrder) {
    DoorTicket ticket = valid_ticket();
    ticket.state = TicketState::Unactivated;
    EXPECT_EQ(verdict(ticket, {}, entry(day1_start)), DoorRefusal::NotActivated);
    ticket.is_refund_in_progress = true;
    EXPECT_EQ(verdict(ticket, {}, entry(day1_start)), DoorRefusal::RefundInProgress);
    ticket.is_refunded = true;
    EXPECT_EQ(verdict(ticket, {}, entry(day1_start)), DoorRefusal::Refunded);
    ticket.state = TicketState::Cancelled;
    EXPECT_EQ(verdict(ticket, {}, entry(day1_start)), DoorRefusal::Cancelled);
    ticket.revoked = true;  // the old code of a cancelled ticket: still told it was cancelled
    EXPECT_EQ(verdict(ticket, {}, entry(day1_start)), DoorRefusal::Cancelled);
    ticket.transferred = true;  // cancelled by a transfer: its code was revoked
    EXPECT_EQ(verdict(ticket, {}, entry(day1_start)), DoorRefusal::Revoked);
    // The state is checked before the time and the scan point.
    EXPECT_EQ(verdict(ticket, EntryRules{false, std::nullopt, {"vip"}}, entry(Instant{0}, "main")),
              DoorRefusal::Revoked);
    DoorTicket reissued = valid_ticket();
    reissued.revoked = true;  // a valid ticket's older code
    EXPECT_EQ(verdict(reissued, {}, entry(day1_start)), DoorRefusal::Revoked);
    reissued.is_refunded = true;
    EXPECT_EQ(verdict(reissued, {}, entry(day1_start)), DoorRefusal::Refunded);
}

TEST(DoorRules, ScanPointsRestrictWhereATicketIsAccepted) {
    const EntryRules vip_only{false, std::nullopt, {"vip-door", "backstage"}};
    EXPECT_EQ(verdict(valid_ticket(), vip_only, entry(day1_start, "main-door")), DoorRefusal::NotAtThisScanPoint);
    EXPECT_EQ(verdict(valid_ticket(), vip_only, entry(day1_start, "backstage")), std::nullopt);
    // No scan point named (a validation): not checked. No list: every point accepted.
    EXPECT_EQ(verdict(valid_ticket(), vip_only, entry(day1_start)), std::nullopt);
    EXPECT_EQ(verdict(valid_ticket(), {}, entry(day1_start, "anything")), std::nullopt);
    // The scan point is checked before the time.
    EXPECT_EQ(verdict(valid_ticket(), vip_only, entry(Instant{0}, "main-door")), DoorRefusal::NotAtThisScanPoint);
}

TEST(DoorRules, EntryLimits) {
    EXPECT_EQ(entry_limit(EntryRules{false, std::nullopt, {}}), 1);
    EXPECT_EQ(entry_limit(EntryRules{false, 5, {}}), 1);  // a limit without re-entry allows one entry
    EXPECT_EQ(entry_limit(EntryRules{true, 3, {}}), 3);
    EXPECT_EQ(entry_limit(EntryRules{true, std::nullopt, {}}), std::nullopt);
}

TEST(DoorRules, InsideIsAlreadyInsideAndUsedEntriesReachTheLimit) {
    DoorTicket ticket = valid_ticket();
    ticket.dates[0] = DoorDate{"t-d1", "d1", 1, true};
    EXPECT_EQ(verdict(ticket, {}, entry(day1_start)), DoorRefusal::AlreadyInside);
    ticket.dates[0].inside = false;
    EXPECT_EQ(verdict(ticket, {}, entry(day1_start)), DoorRefusal::ReentryLimitReached);
    const EntryRules three{true, 3, {}};
    ticket.dates[0].entries = 2;
    EXPECT_EQ(verdict(ticket, three, entry(day1_start)), std::nullopt);
    ticket.dates[0].entries = 3;
    EXPECT_EQ(verdict(ticket, three, entry(day1_start)), DoorRefusal::ReentryLimitReached);
    ticket.dates[0].inside = true;  // inside is said first
    EXPECT_EQ(verdict(ticket, three, entry(day1_start)), DoorRefusal::AlreadyInside);
    ticket.dates[0] = DoorDate{"t-d1", "d1", 1'000'000, false};
    EXPECT_EQ(verdict(ticket, EntryRules{true, std::nullopt, {}}, entry(day1_start)), std::nullopt);
    // The entries of day 1 do not count on day 2.
    DoorTicket two_days = valid_ticket({"d1", "d2"});
    two_days.dates[0] = DoorDate{"t-d1", "d1", 1, true};
    EXPECT_EQ(verdict(two_days, {}, entry(day2_start)), std::nullopt);
}

TEST(DoorRules, AnExitNeedsTheHolderInsideAndNothingElse) {
    DoorTicket ticket = valid_ticket({"d1", "d2"});
    EXPECT_EQ(verdict(ticket, {}, exit_at(day1_start)), DoorRefusal::NotInside);
    ticket.dates[0].inside = true;
    ticket.state = TicketState::Cancelled;
    ticket.revoked = true;
    const DoorDecision late = decide_scan(ticket, EntryRules{false, std::nullopt, {"vip"}}, two_dates(),
                                          exit_at(Instant{day2_end.micros + 100 * hour}));
    EXPECT_TRUE(late.admitted());
    EXPECT_EQ(late.date_index, 0u);
    // Inside on both days: the current date's row first.
    ticket.dates[1].inside = true;
    EXPECT_EQ(decide_scan(ticket, {}, two_dates(), exit_at(day1_start)).date_index, 0u);
    EXPECT_EQ(decide_scan(ticket, {}, two_dates(), exit_at(day2_start)).date_index, 1u);
    EXPECT_EQ(decide_scan(ticket, {}, two_dates(), exit_at(Instant{0})).date_index, 1u);  // else the latest
}

TEST(DoorRules, EveryCombinationOfStateFlagsGivesTheFirstReasonInOrder) {
    for (const TicketState state : {TicketState::Unactivated, TicketState::Valid, TicketState::Cancelled}) {
        for (const bool revoked : {false, true}) {
            for (const bool refunded : {false, true}) {
                for (const bool in_progress : {false, true}) {
                    DoorTicket ticket = valid_ticket();
                    ticket.state = state;
                    ticket.revoked = revoked;
                    ticket.is_refunded = refunded;
                    ticket.is_refund_in_progress = in_progress;
                    std::optional<DoorRefusal> expected;
                    if (state == TicketState::Cancelled)
                        expected = DoorRefusal::Cancelled;
                    else if (refunded)
                        expected = DoorRefusal::Refunded;
                    else if (revoked)
                        expected = DoorRefusal::Revoked;
                    else if (in_progress)
                        expected = DoorRefusal::RefundInProgress;
                    else if (state == TicketState::Unactivated)
                        expected = DoorRefusal::NotActivated;
                    EXPECT_EQ(verdict(ticket, {}, entry(day1_start)), expected);
                }
            }
        }
    }
}

TEST(DoorRules, DirectionsAndKindsReadAndWrite) {
    EXPECT_EQ(to_string(ScanDirection::In), "in");
    EXPECT_EQ(to_string(ScanDirection::Out), "out");
    EXPECT_EQ(scan_direction_from_string("out"), ScanDirection::Out);
    EXPECT_TRUE(expect_error<ValidationError>([] { (void)scan_direction_from_string("sideways"); }, "invalid_direction",
                                              "direction must be 'in' or 'out', got 'sideways'"));
    EXPECT_EQ(inspector_kind_from_string(to_string(InspectorKind::BoardMember)), InspectorKind::BoardMember);
    EXPECT_EQ(inspector_kind_from_string(to_string(InspectorKind::External)), InspectorKind::External);
}

TEST(DoorRules, ScanInputsAreChecked) {
    EXPECT_NO_THROW(check_scan_point("main-door"));
    EXPECT_TRUE(expect_error<ValidationError>([] { check_scan_point("  "); }, "invalid_scan_point",
                                              "scan_point cannot be blank"));
    EXPECT_TRUE(expect_error<ValidationError>([] { check_scan_point(std::string(101, 'x')); }, "text_too_long",
                                              "scan_point is longer than 100 characters"));
    EXPECT_NO_THROW(check_nonce("scanner-7:000123"));
    EXPECT_TRUE(expect_error<ValidationError>([] { check_nonce(""); }, "invalid_nonce", "nonce cannot be blank"));
    EXPECT_TRUE(expect_error<ValidationError>([] { check_nonce("a\tb"); }, "invalid_nonce",
                                              "nonce cannot contain control characters"));
    EXPECT_NO_THROW(check_door_batch(500));
    EXPECT_TRUE(
        expect_error<ValidationError>([] { check_door_batch(501); }, "batch_too_large", "At most 500 scans per call"));
}

}  // namespace
