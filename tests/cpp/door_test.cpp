// The door (service layer, both engines): board members and ticket inspectors (seed 002),
// validate and redeem (seed 004) with every refusal reached through the store, re-entry, exits,
// scan points, nonces, the scan log, batches, and the redeem race shown with the guard off and
// held with it on.

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "order_support.hpp"
#include "test_support.hpp"
#include "ticketcore/rules/door_rules.hpp"
#include "ticketcore/rules/offline_scanner.hpp"
#include "ticketcore/testing/testing.hpp"
#include "ticketcore/ticketcore.hpp"

namespace {

using namespace ticketcore;
using namespace ticketcore_test;

/// The instant `minutes` after the fixture event's date starts (june_12_2027_17_utc).
Instant show_time(std::int64_t minutes = 0) {
    return Instant{june_12_2027_17_utc.micros + minutes * one_minute_us};
}

/// Switches redeem's guard off for the scope (the hook is process-wide).
struct RedeemGuardOff {
    explicit RedeemGuardOff(std::int64_t window) { ticketcore::testing::set_redeem_guard_disabled(true, window); }
    RedeemGuardOff(const RedeemGuardOff&) = delete;
    RedeemGuardOff& operator=(const RedeemGuardOff&) = delete;
    ~RedeemGuardOff() { ticketcore::testing::set_redeem_guard_disabled(false, 0); }
};

class DoorTest : public SellingTest {
protected:
    Store scanner = world.catalog.root.acting_as(
        Actor::make("scanner-1", world.catalog.organization.id, {std::string(scope::scan)}));
    Door admin_door{world.admin};
    Door door{scanner};
    TicketSpecification single = world.on_sale("Single entry", 25000);
    TicketSpecification reentry =
        world.on_sale("Re-entry", 25000, std::nullopt, std::nullopt, [](NewSpecification& input) {
            input.allow_reentry = true;
            input.reentry_limit = 2;
            input.accepted_scan_points = {"main-door", "side-door"};
        });
    TicketInspector pat =
        admin_door.add_external_inspector(world.event.id, "Pat Lee", "pat@example.com", "+4512345678");
    int nonces = 0;

    EventTicket comp(const TicketSpecification& spec) const {
        return world.tickets.comp(world.event.id, spec.id, {{"alex@example.com", "Alex Reyes"}}, "").at(0);
    }
    Scan scan(const std::string& ticket, ScanDirection direction = ScanDirection::In,
              std::optional<Instant> at = show_time(), const std::string& point = "main-door") {
        return door.redeem(ScanRequest{ticket, pat.id, point, direction, "nonce-" + std::to_string(++nonces), at});
    }
    std::vector<Scan> scan_log() const {
        return all_pages([&](const PageRequest& page) { return admin_door.scans(world.event.id, page); });
    }
};

// ---- board members and inspectors ---------------------------------------------------------

TEST_F(DoorTest, ExternalInspectorsAreListedPerEvent) {
    EXPECT_EQ(pat.event_id, world.event.id);
    EXPECT_EQ(pat.kind, InspectorKind::External);
    EXPECT_EQ(pat.board_member_id, std::nullopt);
    EXPECT_EQ(pat.name, "Pat Lee");
    EXPECT_EQ(pat.email, "pat@example.com");
    EXPECT_EQ(pat.phone_number, "+4512345678");
    EXPECT_EQ(pat.admissions, 0);
    const TicketInspector jo = admin_door.add_external_inspector(world.event.id, "Jo", "jo@example.com", "+45 1");
    const auto listed =
        all_pages([&](const PageRequest& page) { return admin_door.ticket_inspectors(world.event.id, page); });
    EXPECT_EQ(listed, (std::vector<TicketInspector>{pat, jo}));
    const Page<TicketInspector> first = admin_door.ticket_inspectors(world.event.id, PageRequest{1, std::nullopt});
    EXPECT_TRUE(first.has_next_page);
    EXPECT_EQ(first.end_cursor, pat.id);
    EXPECT_EQ(admin_door.get_inspector(jo.id), jo);
    EXPECT_TRUE(refused<ValidationError>(
        [&] { (void)admin_door.add_external_inspector(world.event.id, "Jo", "jo@example.com", " "); },
        "phone_number_required", "Phone number is required"));
    EXPECT_TRUE(refused<ValidationError>(
        [&] { (void)admin_door.add_external_inspector(world.event.id, "Jo", "not-an-email", "+45 1"); },
        "invalid_email", "Invalid e-mail address: 'not-an-email'"));
    EXPECT_TRUE(refused<PermissionDeniedError>(
        [&] { (void)door.add_external_inspector(world.event.id, "Jo", "jo@example.com", "+45 1"); }, "missing_scope",
        "Actor 'scanner-1' lacks the scope 'events:write'"));
}

TEST_F(DoorTest, BoardMemberInspectorsTakeTheMembersRecord) {
    const BoardMember member = admin_door.add_board_member("Kim Board", "kim@example.com", "+45 2222");
    EXPECT_EQ(admin_door.board_members().nodes, std::vector<BoardMember>{member});
    const TicketInspector kim = admin_door.add_board_member_inspector(world.event.id, member.id);
    EXPECT_EQ(kim.kind, InspectorKind::BoardMember);
    EXPECT_EQ(kim.board_member_id, member.id);
    EXPECT_EQ(kim.name, "Kim Board");
    EXPECT_EQ(kim.email, "kim@example.com");
    EXPECT_EQ(kim.phone_number, "+45 2222");
    EXPECT_TRUE(refused<ConflictError>(
        [&] { (void)admin_door.add_board_member_inspector(world.event.id, member.id); },
        "board_member_already_inspector",
        "Board member " + member.id + " is already a ticket inspector of event " + world.event.id));
    EXPECT_TRUE(refused<NotFoundError>([&] { (void)admin_door.add_board_member_inspector(world.event.id, "nobody"); },
                                       "board_member_not_found", "Board member with id: nobody not found."));
    // Another organization's board member is not this organization's to use.
    const Store other = world.catalog.other_organization_store();
    const BoardMember theirs = Door(other).add_board_member("Their Member", "their@example.com", "+45 3");
    EXPECT_THROW((void)admin_door.add_board_member_inspector(world.event.id, theirs.id), PermissionDeniedError);
    // Removed, the member can be added again.
    admin_door.remove_inspector(kim.id);
    EXPECT_EQ(admin_door.add_board_member_inspector(world.event.id, member.id).board_member_id, member.id);
}

TEST_F(DoorTest, AnInspectorWhoCheckedInTicketsCannotBeRemoved) {
    const TicketInspector jo = admin_door.add_external_inspector(world.event.id, "Jo", "jo@example.com", "+45 1");
    admin_door.remove_inspector(jo.id);
    EXPECT_TRUE(expect_error<NotFoundError>([&] { (void)admin_door.get_inspector(jo.id); },
                                            "ticket_inspector_not_found",
                                            "Ticket inspector with id: " + jo.id + " not found."));
    // Refused scans do not count as check-ins.
    EXPECT_FALSE(scan("not a ticket").admitted());
    EXPECT_TRUE(scan(comp(single).id).admitted());
    EXPECT_EQ(admin_door.get_inspector(pat.id).admissions, 1);
    EXPECT_TRUE(refused<ConflictError>([&] { admin_door.remove_inspector(pat.id); }, "inspector_has_check_ins",
                                       "Cannot remove ticket inspector, who has already checked-in tickets"));
    EXPECT_EQ(admin_door.get_inspector(pat.id).admissions, 1);
}

TEST_F(DoorTest, InspectorsOfAnotherEventOrOrganizationAreRefused) {
    const Event other_event = Shop::make_event(world.catalog.events, "Autumn Jazz");
    const TicketInspector elsewhere =
        admin_door.add_external_inspector(other_event.id, "Sam", "sam@example.com", "+45 4");
    const EventTicket ticket = comp(single);
    EXPECT_TRUE(expect_error<ConflictError>(
        [&] {
            (void)door.redeem(ScanRequest{ticket.id, elsewhere.id, "main-door", ScanDirection::In, "n1", show_time()});
        },
        "inspector_other_event",
        "Ticket inspector " + elsewhere.id + " does not inspect the event of ticket " + ticket.id));
    const Store other = world.catalog.other_organization_store();
    const Event their_event = Shop::make_event(Events(other), "Their show");
    const TicketInspector theirs = Door(other).add_external_inspector(their_event.id, "Max", "max@example.com", "+4");
    EXPECT_TRUE(expect_error<PermissionDeniedError>(
        [&] {
            (void)door.redeem(ScanRequest{ticket.id, theirs.id, "main-door", ScanDirection::In, "n2", show_time()});
        },
        "other_organization",
        "Actor 'scanner-1' may not access organization '" + *other.actor().organization_id + "'"));
    EXPECT_TRUE(expect_error<NotFoundError>(
        [&] {
            (void)door.redeem(ScanRequest{ticket.id, "nobody", "main-door", ScanDirection::In, "n3", show_time()});
        },
        "ticket_inspector_not_found", "Ticket inspector with id: nobody not found."));
    EXPECT_TRUE(scan_log().empty());
    EXPECT_FALSE(world.tickets.get(ticket.id).event_dates.at(0).is_redeemed);
}

// ---- validate -------------------------------------------------------------------------------

TEST_F(DoorTest, ValidateAnswersWithoutWriting) {
    const EventTicket ticket = comp(single);
    const EventTicket pre = world.tickets.pre_generate(world.event.id, single.id, 1).at(0);
    const EventTicket vip = comp(reentry);
    const Snapshot before = world.snapshot();
    const DoorVerdict green = door.validate(ticket.id, "main-door", show_time());
    EXPECT_TRUE(green.admitted());
    EXPECT_EQ(green.ticket_id, ticket.id);
    EXPECT_EQ(green.event_date_id, world.event.dates.at(0).id);
    // Upper-case ids are the same ticket.
    std::string upper = ticket.id;
    for (char& character : upper) character = static_cast<char>(std::toupper(static_cast<unsigned char>(character)));
    EXPECT_TRUE(door.validate(upper, std::nullopt, show_time()).admitted());
    EXPECT_EQ(door.validate("00000000-0000-7000-8000-000000000000", std::nullopt, show_time()),
              (DoorVerdict{DoorRefusal::Unknown, std::nullopt, std::nullopt}));
    EXPECT_EQ(door.validate("hello", std::nullopt, show_time()).refusal, DoorRefusal::Forged);
    EXPECT_EQ(door.validate(std::string("\0\xff", 2), std::nullopt, show_time()).refusal, DoorRefusal::Forged);
    EXPECT_EQ(door.validate(ticket.id, std::nullopt, Instant{show_time().micros - 3 * one_hour_us}).refusal,
              DoorRefusal::OutsideEventDates);
    // Now (the clock is months before the show) is outside the dates too.
    EXPECT_EQ(door.validate(ticket.id).refusal, DoorRefusal::OutsideEventDates);
    EXPECT_EQ(door.validate(pre.id, std::nullopt, show_time()).refusal, DoorRefusal::NotActivated);
    EXPECT_EQ(door.validate(vip.id, "back-door", show_time()).refusal, DoorRefusal::NotAtThisScanPoint);
    EXPECT_TRUE(door.validate(vip.id, "side-door", show_time()).admitted());
    const std::vector<DoorVerdict> many =
        door.validate_many({ticket.id, "junk", pre.id}, std::string("main-door"), show_time());
    ASSERT_EQ(many.size(), 3u);
    EXPECT_TRUE(many[0].admitted());
    EXPECT_EQ(many[1].refusal, DoorRefusal::Forged);
    EXPECT_EQ(many[2].refusal, DoorRefusal::NotActivated);
    EXPECT_TRUE(world.snapshot() == before);
    EXPECT_TRUE(expect_error<PermissionDeniedError>([&] { (void)admin_door.validate(ticket.id); }, "missing_scope",
                                                    "Actor 'admin-1' lacks the scope 'scan'"));
    EXPECT_TRUE(expect_error<ValidationError>([&] { (void)door.validate(ticket.id, std::string(" ")); },
                                              "invalid_scan_point", "scan_point cannot be blank"));
    EXPECT_TRUE(
        expect_error<ValidationError>([&] { (void)door.validate_many(std::vector<std::string>(501, ticket.id)); },
                                      "batch_too_large", "At most 500 scans per call"));
}

// ---- redeem ---------------------------------------------------------------------------------

TEST_F(DoorTest, TheFirstEntryRedeemsTheTicketDate) {
    const EventTicket ticket = comp(single);
    const Scan first = scan(ticket.id, ScanDirection::In, show_time(5));
    EXPECT_TRUE(first.admitted());
    EXPECT_EQ(first.event_id, world.event.id);
    EXPECT_EQ(first.ticket_id, ticket.id);
    EXPECT_EQ(first.ticket_date_id, ticket.event_dates.at(0).id);
    EXPECT_EQ(first.event_date_id, world.event.dates.at(0).id);
    EXPECT_EQ(first.inspector_id, pat.id);
    EXPECT_EQ(first.scan_point, "main-door");
    EXPECT_EQ(first.direction, ScanDirection::In);
    EXPECT_EQ(first.nonce, "nonce-1");
    EXPECT_EQ(first.at, show_time(5));
    EXPECT_EQ(first.entries, 1);
    EXPECT_TRUE(first.inside);
    const EventTicketDate date = world.tickets.get(ticket.id).event_dates.at(0);
    EXPECT_TRUE(date.is_redeemed);
    EXPECT_EQ(date.time_of_redemption, show_time(5));
    EXPECT_EQ(date.redeemed_by, pat.id);
    EXPECT_EQ(world.audit_rows("door.redeem").size(), 1u);
    EXPECT_EQ(world.last_outbox_event().topic, "ticket.entered");

    const Scan again = scan(ticket.id, ScanDirection::In, show_time(6));
    EXPECT_EQ(again.refusal, DoorRefusal::AlreadyInside);
    EXPECT_EQ(again.entries, 1);
    EXPECT_TRUE(again.inside);
    const Scan out = scan(ticket.id, ScanDirection::Out, show_time(30));
    EXPECT_TRUE(out.admitted());
    EXPECT_EQ(out.entries, 1);
    EXPECT_FALSE(out.inside);
    EXPECT_EQ(scan(ticket.id, ScanDirection::Out, show_time(31)).refusal, DoorRefusal::NotInside);
    EXPECT_EQ(scan(ticket.id, ScanDirection::In, show_time(40)).refusal, DoorRefusal::ReentryLimitReached);
    // The first entry's time and inspector stay.
    const EventTicketDate after = world.tickets.get(ticket.id).event_dates.at(0);
    EXPECT_EQ(after.time_of_redemption, show_time(5));
    EXPECT_EQ(after.redeemed_by, pat.id);
    // Every scan is in the log, in order, with its reason.
    std::vector<std::optional<DoorRefusal>> reasons;
    for (const Scan& logged : scan_log()) reasons.push_back(logged.refusal);
    EXPECT_EQ(reasons,
              (std::vector<std::optional<DoorRefusal>>{std::nullopt, DoorRefusal::AlreadyInside, std::nullopt,
                                                       DoorRefusal::NotInside, DoorRefusal::ReentryLimitReached}));
    EXPECT_EQ(scan_log().front(), first);
}

TEST_F(DoorTest, ReentryCountsEveryEntryUpToTheLimit) {
    const EventTicket ticket = comp(reentry);
    EXPECT_TRUE(scan(ticket.id, ScanDirection::In).admitted());
    EXPECT_TRUE(scan(ticket.id, ScanDirection::Out).admitted());
    const Scan second = scan(ticket.id, ScanDirection::In, show_time(1), "side-door");
    EXPECT_TRUE(second.admitted());
    EXPECT_EQ(second.entries, 2);
    EXPECT_TRUE(scan(ticket.id, ScanDirection::Out, show_time(2), "anywhere").admitted());
    EXPECT_EQ(scan(ticket.id, ScanDirection::In, show_time(3)).refusal, DoorRefusal::ReentryLimitReached);
    EXPECT_EQ(scan(ticket.id, ScanDirection::In, show_time(3), "back-door").refusal, DoorRefusal::NotAtThisScanPoint);
    EXPECT_EQ(admin_door.get_inspector(pat.id).admissions, 2);
}

TEST_F(DoorTest, RefusalsForTheTicketsStateAndTime) {
    const EventTicket pre = world.tickets.pre_generate(world.event.id, single.id, 1).at(0);
    EXPECT_EQ(scan(pre.id).refusal, DoorRefusal::NotActivated);
    const EventTicket ticket = comp(single);
    EXPECT_EQ(scan(ticket.id, ScanDirection::In, Instant{show_time().micros + 4 * one_hour_us}).refusal,
              DoorRefusal::OutsideEventDates);
    const Scan unknown = scan("00000000-0000-7000-8000-000000000000");
    EXPECT_EQ(unknown.refusal, DoorRefusal::Unknown);
    EXPECT_EQ(unknown.ticket_id, std::nullopt);
    EXPECT_EQ(unknown.event_id, world.event.id);
    EXPECT_EQ(scan("TC:AAAA").refusal, DoorRefusal::Forged);
    // A ticket of another organization is unknown here: its existence is not told.
    const Store other = world.catalog.other_organization_store();
    const Event their_event = Shop::make_event(Events(other), "Their show");
    NewSpecification input;
    input.event_id = their_event.id;
    input.name = "Theirs";
    input.price = Amount{25000, std::nullopt};
    const TicketSpecification theirs = Specifications(other).set_active(Specifications(other).add(input).id, true);
    const EventTicket their_ticket = Tickets(other).comp(their_event.id, theirs.id, {{"x@example.com", "X"}}, "").at(0);
    EXPECT_EQ(scan(their_ticket.id).refusal, DoorRefusal::Unknown);
    EXPECT_EQ(scan_log().size(), 5u);
    EXPECT_EQ(admin_door.get_inspector(pat.id).admissions, 0);
}

TEST_F(DoorTest, ARepeatedNonceReturnsTheFirstScan) {
    const EventTicket ticket = comp(single);
    const ScanRequest request{ticket.id, pat.id, "main-door", ScanDirection::In, "scanner-7:1", show_time()};
    const Scan first = door.redeem(request);
    EXPECT_TRUE(first.admitted());
    const Snapshot before = world.snapshot();
    EXPECT_EQ(door.redeem(request), first);
    EXPECT_TRUE(world.snapshot() == before);
    EXPECT_EQ(scan_log().size(), 1u);
    ScanRequest other = request;
    other.direction = ScanDirection::Out;
    EXPECT_TRUE(refused<ConflictError>([&] { (void)door.redeem(other); }, "idempotency_key_reused",
                                       "Idempotency key 'scanner-7:1' was already used with different parameters"));
    // A refused scan is replayed as refused.
    const ScanRequest junk{"junk", pat.id, "main-door", ScanDirection::In, "scanner-7:2", show_time()};
    const Scan refused_scan = door.redeem(junk);
    EXPECT_EQ(door.redeem(junk), refused_scan);
    EXPECT_TRUE(expect_error<ValidationError>(
        [&] {
            (void)door.redeem(ScanRequest{ticket.id, pat.id, "main-door", ScanDirection::In, " ", show_time()});
        },
        "invalid_nonce", "nonce cannot be blank"));
    EXPECT_TRUE(expect_error<ValidationError>(
        [&] {
            (void)door.redeem(ScanRequest{ticket.id, pat.id, "", ScanDirection::In, "n", show_time()});
        },
        "invalid_scan_point", "scan_point cannot be blank"));
}

TEST_F(DoorTest, ABatchGivesEveryItemItsOwnAnswer) {
    const EventTicket a = comp(single);
    const EventTicket b = comp(single);
    const std::vector<ScanOutcome> outcomes = door.redeem_many({
        ScanRequest{a.id, pat.id, "main-door", ScanDirection::In, "b1", show_time()},
        ScanRequest{"junk", pat.id, "main-door", ScanDirection::In, "b2", show_time()},
        ScanRequest{b.id, "nobody", "main-door", ScanDirection::In, "b3", show_time()},
        ScanRequest{b.id, pat.id, "main-door", ScanDirection::In, "b4", show_time()},
        ScanRequest{a.id, pat.id, "main-door", ScanDirection::In, "b5", show_time()},
    });
    ASSERT_EQ(outcomes.size(), 5u);
    EXPECT_TRUE(outcomes[0].scan->admitted());
    EXPECT_EQ(outcomes[1].scan->refusal, DoorRefusal::Forged);
    EXPECT_EQ(outcomes[2].scan, std::nullopt);
    EXPECT_EQ(outcomes[2].error_code, "ticket_inspector_not_found");
    EXPECT_EQ(outcomes[2].error_message, "Ticket inspector with id: nobody not found.");
    EXPECT_TRUE(outcomes[3].scan->admitted());
    EXPECT_EQ(outcomes[4].scan->refusal, DoorRefusal::AlreadyInside);
    EXPECT_EQ(scan_log().size(), 4u);
}

// ---- QR payloads ----------------------------------------------------------------------------

TEST_F(DoorTest, PayloadsAreVerifiedWithTheOrganizationsKeys) {
    const EventTicket ticket = comp(single);
    const std::string payload = world.tickets.qr(ticket.id);
    const DoorVerdict green = door.validate(payload, "main-door", show_time());
    EXPECT_TRUE(green.admitted());
    EXPECT_EQ(green.ticket_id, ticket.id);
    // One character changed, cut short, extended, or not a payload at all: forged.
    std::string flipped = payload;
    flipped[40] = flipped[40] == 'A' ? 'B' : 'A';
    for (const std::string& bad : {flipped, payload.substr(0, 100), payload + "A", std::string("TC:"), payload + " "}) {
        EXPECT_EQ(door.validate(bad, std::nullopt, show_time()),
                  (DoorVerdict{DoorRefusal::Forged, std::nullopt, std::nullopt}))
            << bad;
    }
    // A payload of another organization (signed with its key) is forged here.
    const Store other = world.catalog.other_organization_store();
    const Event their_event = Shop::make_event(Events(other), "Their show");
    NewSpecification input;
    input.event_id = their_event.id;
    input.name = "Theirs";
    input.price = Amount{25000, std::nullopt};
    const TicketSpecification theirs = Specifications(other).set_active(Specifications(other).add(input).id, true);
    const EventTicket their_ticket = Tickets(other).comp(their_event.id, theirs.id, {{"x@example.com", "X"}}, "").at(0);
    EXPECT_EQ(door.validate(Tickets(other).qr(their_ticket.id), std::nullopt, show_time()).refusal,
              DoorRefusal::Forged);
    // A genuine payload naming no ticket of the organization is unknown; a generation the ticket
    // never had is forged.
    EXPECT_EQ(
        door.validate(ticketcore::testing::sign_ticket_payload(world.admin, "00000000-0000-7000-8000-000000000000", 1),
                      std::nullopt, show_time())
            .refusal,
        DoorRefusal::Unknown);
    EXPECT_EQ(
        door.validate(ticketcore::testing::sign_ticket_payload(world.admin, ticket.id, 2), std::nullopt, show_time())
            .refusal,
        DoorRefusal::Forged);
    // Redeemed through its payload, the entry is the ticket's.
    const Scan scanned = scan(payload);
    EXPECT_TRUE(scanned.admitted());
    EXPECT_EQ(scanned.ticket_id, ticket.id);
    EXPECT_TRUE(world.tickets.get(ticket.id).event_dates.at(0).is_redeemed);
}

TEST_F(DoorTest, APayloadOfARotatedSecretIsRevoked) {
    const EventTicket ticket = comp(single);
    const std::string old_payload = world.tickets.qr(ticket.id);
    EXPECT_TRUE(scan(old_payload).admitted());
    ticketcore::testing::rotate_ticket_secret(world.admin, ticket.id);
    const std::string new_payload = world.tickets.qr(ticket.id);
    EXPECT_NE(new_payload, old_payload);
    const DoorVerdict revoked = door.validate(old_payload, std::nullopt, show_time());
    EXPECT_EQ(revoked.refusal, DoorRefusal::Revoked);
    EXPECT_EQ(revoked.ticket_id, ticket.id);
    // Whoever holds the old code is let out, never in again.
    EXPECT_TRUE(scan(old_payload, ScanDirection::Out).admitted());
    const Scan refused_scan = scan(old_payload);
    EXPECT_EQ(refused_scan.refusal, DoorRefusal::Revoked);
    EXPECT_EQ(refused_scan.ticket_id, ticket.id);
    EXPECT_EQ(door.validate(new_payload, std::nullopt, show_time()).refusal, DoorRefusal::ReentryLimitReached);
}

// ---- offline scanners, imports, the attendance feed ---------------------------------------------

TEST_F(DoorTest, AnOfflineScannerDecidesFromTheExportAsValidateDoes) {
    const EventTicket ticket = comp(single);
    const EventTicket pass = comp(reentry);
    EXPECT_TRUE(scan(ticket.id).admitted());
    const rules::OfflineScanner offline(door.export_scanner(world.event.id, true));
    EXPECT_TRUE(offline.has_ticket_list());
    for (const std::string& text :
         {world.tickets.qr(ticket.id), world.tickets.qr(pass.id), ticket.id, pass.id, std::string("garbage")}) {
        for (const std::optional<std::string>& point :
             {std::optional<std::string>{}, std::optional<std::string>{"main-door"},
              std::optional<std::string>{"back-door"}}) {
            for (const std::int64_t minutes : {-200, -60, 0, 170, 300}) {
                EXPECT_EQ(offline.validate(text, point, show_time(minutes)),
                          door.validate(text, point, show_time(minutes)))
                    << text << " " << point.value_or("-") << " " << minutes;
            }
        }
    }
    // Scope: scan or events:read.
    const Store outsider = world.catalog.root.acting_as(Actor::make("x", world.catalog.organization.id, {}));
    EXPECT_TRUE(expect_error<PermissionDeniedError>([&] { (void)Door(outsider).export_scanner(world.event.id); },
                                                    "missing_scope", "Actor 'x' lacks the scope 'events:read'"));
}

TEST_F(DoorTest, ImportedScansApplyOnceByNonceAndConflictsAreKept) {
    const EventTicket ticket = comp(single);
    const EventTicket inside_online = comp(single);
    const std::string exported = door.export_scanner(world.event.id, true);
    rules::OfflineScanner gate_a(exported);
    rules::OfflineScanner gate_b(exported);
    EXPECT_TRUE(scan(inside_online.id, ScanDirection::In, show_time(1)).admitted());
    const std::string payload = world.tickets.qr(ticket.id);
    // Both gates admit the single-entry ticket while offline; gate B also the one already inside.
    EXPECT_TRUE(gate_a.redeem(payload, pat.id, "main-door", "a-1", ScanDirection::In, show_time(5)).admitted());
    EXPECT_TRUE(gate_b.redeem(payload, pat.id, "main-door", "b-1", ScanDirection::In, show_time(3)).admitted());
    EXPECT_TRUE(
        gate_b.redeem(inside_online.id, pat.id, "main-door", "b-2", ScanDirection::In, show_time(4)).admitted());
    EXPECT_EQ(gate_b.redeem("garbage", pat.id, "main-door", "b-3", ScanDirection::In, show_time(6)).refusal,
              DoorRefusal::Forged);
    std::vector<OfflineScan> scans = gate_a.scans();
    for (const OfflineScan& scanned : gate_b.scans()) scans.push_back(scanned);

    const ScanImport first = door.import_scans(scans);
    EXPECT_EQ((std::tuple{first.recorded, first.replayed, first.conflicts, first.failed}), (std::tuple{4, 0, 2, 0}));
    // In the order given; applied by instant: gate B's entry (3 minutes) came before gate A's (5).
    ASSERT_EQ(first.scans.size(), 4U);
    const Scan& from_a = *first.scans[0].scan;
    const Scan& from_b = *first.scans[1].scan;
    EXPECT_TRUE(from_b.admitted());
    EXPECT_EQ((std::tuple{from_b.source, from_b.conflict, from_b.entries}),
              (std::tuple{ScanSource::Offline, false, 1}));
    EXPECT_EQ((std::tuple{from_a.refusal, from_a.conflict}),
              (std::tuple{std::optional{DoorRefusal::AlreadyInside}, true}));
    EXPECT_EQ((std::tuple{first.scans[2].scan->refusal, first.scans[2].scan->conflict}),
              (std::tuple{std::optional{DoorRefusal::AlreadyInside}, true}));
    EXPECT_EQ((std::tuple{first.scans[3].scan->refusal, first.scans[3].scan->conflict}),
              (std::tuple{std::optional{DoorRefusal::Forged}, false}));
    const EventTicket stored = world.tickets.get(ticket.id);
    EXPECT_EQ(stored.event_dates.at(0).time_of_redemption, show_time(3));
    // Kept in the log, each once; a second import records nothing and returns the first scans.
    const auto logged = scan_log();
    EXPECT_EQ(std::count_if(logged.begin(), logged.end(), [](const Scan& s) { return s.conflict; }), 2);
    const ScanImport again = door.import_scans_json(gate_a.scans_json());
    EXPECT_EQ((std::tuple{again.recorded, again.replayed, again.conflicts}), (std::tuple{0, 1, 1}));
    EXPECT_EQ(*again.scans[0].scan, from_a);
    EXPECT_EQ(scan_log().size(), logged.size());
    // An item with an unknown inspector reports its error; the others go on.
    OfflineScan stranger = scans[0];
    stranger.nonce = "c-1";
    stranger.inspector_id = "nobody";
    const ScanImport mixed = door.import_scans({stranger});
    EXPECT_EQ(mixed.failed, 1);
    EXPECT_EQ(mixed.scans[0].error_code, "ticket_inspector_not_found");
    EXPECT_TRUE(expect_error<ValidationError>([&] { (void)door.import_scans_json("[1]"); }, "invalid_offline_scans",
                                              "Not a list of offline scans: scans[0] must be an object"));
}

TEST_F(DoorTest, TheAttendanceFeedNamesTheInspectorOfEachRedemption) {
    const EventTicket first = comp(single);
    const EventTicket second = comp(reentry);
    EXPECT_TRUE(scan(second.id).admitted());
    const Page<AttendanceTicket> page = admin_door.attendance(world.event.id, PageRequest{1, std::nullopt});
    ASSERT_EQ(page.nodes.size(), 1U);
    EXPECT_TRUE(page.has_next_page);
    EXPECT_EQ(page.nodes[0].id, first.id);
    EXPECT_FALSE(page.nodes[0].event_dates.at(0).is_redeemed);
    const Page<AttendanceTicket> next = admin_door.attendance(world.event.id, PageRequest{1, page.end_cursor});
    ASSERT_EQ(next.nodes.size(), 1U);
    EXPECT_FALSE(next.has_next_page);
    const AttendanceTicket& row = next.nodes[0];
    EXPECT_EQ((std::tuple{row.id, row.ticket_specification_id, row.specification_name, row.holder_name}),
              (std::tuple{second.id, reentry.id, std::string("Re-entry"), std::string("Alex Reyes")}));
    const AttendanceDate& date = row.event_dates.at(0);
    EXPECT_EQ(
        (std::tuple{date.is_redeemed, date.time_of_redemption, date.redeemed_by, date.inspector_name,
                    date.inspector_kind, date.entries, date.inside}),
        (std::tuple{true, std::optional{show_time()}, std::optional{pat.id}, std::optional<std::string>{"Pat Lee"},
                    std::optional{InspectorKind::External}, std::int64_t{1}, true}));
    EXPECT_TRUE(expect_error<PermissionDeniedError>([&] { (void)door.attendance(world.event.id); }, "missing_scope",
                                                    "Actor 'scanner-1' lacks the scope 'events:read'"));
}

// ---- the race -------------------------------------------------------------------------------

/// `scanners` threads (each with a store of its own, like separate scanner processes' pools)
/// redeem one ticket at the same instant; returns how many were admitted.
int race(const std::string& path, const Actor& actor, const std::string& ticket_id, const std::string& inspector_id,
         int scanners, std::vector<std::string>& unexpected) {
    static std::atomic<int> races{0};
    const int race_number = ++races;
    std::atomic<int> admitted{0};
    std::atomic<int> ready{0};
    std::mutex mutex;
    std::vector<Store> stores;
    for (int index = 0; index < scanners; ++index) stores.push_back(Store::open(path).acting_as(actor));
    std::vector<std::thread> threads;
    for (int index = 0; index < scanners; ++index) {
        threads.emplace_back([&, index] {
            ++ready;
            while (ready.load() < scanners) std::this_thread::yield();
            try {
                const Scan result =
                    Door(stores[static_cast<std::size_t>(index)])
                        .redeem(ScanRequest{ticket_id, inspector_id, "main-door", ScanDirection::In,
                                            "race-" + std::to_string(race_number) + "-" + std::to_string(index),
                                            show_time()});
                if (result.admitted()) ++admitted;
            } catch (const std::exception& error) {
                const std::lock_guard lock(mutex);
                unexpected.emplace_back(error.what());
            }
        });
    }
    for (std::thread& thread : threads) thread.join();
    return admitted.load();
}

TEST(DoorRace, WithoutTheGuardScannersAdmitOneTicketTwiceWithItExactlyOnce) {
    const StoreLocation location = StoreLocation::shared();
    const Shop world(location.path());
    const Door admin(world.admin);
    const TicketInspector inspector =
        admin.add_external_inspector(world.event.id, "Pat Lee", "pat@example.com", "+4512345678");
    const TicketSpecification spec = world.on_sale("Single entry", 25000);
    const Actor scanner = Actor::make("scanner", world.catalog.organization.id, {std::string(scope::scan)});
    std::vector<std::string> unexpected;
    int unguarded_admissions = 0;
    {
        const RedeemGuardOff off(300'000);
        const EventTicket ticket = world.tickets.comp(world.event.id, spec.id, {{"a@example.com", "A"}}, "").at(0);
        unguarded_admissions = race(location.path(), scanner, ticket.id, inspector.id, 4, unexpected);
    }
    EXPECT_EQ(unexpected, std::vector<std::string>{});
    EXPECT_GT(unguarded_admissions, 1);
    for (const int scanners : {2, 8}) {
        const EventTicket ticket = world.tickets.comp(world.event.id, spec.id, {{"b@example.com", "B"}}, "").at(0);
        EXPECT_EQ(race(location.path(), scanner, ticket.id, inspector.id, scanners, unexpected), 1) << scanners;
        EXPECT_EQ(unexpected, std::vector<std::string>{});
        EXPECT_EQ(world.tickets.get(ticket.id).event_dates.at(0).is_redeemed, true);
    }
    // Re-entry with a limit of 3: 8 scanners in, all out, 8 in again... never more than 3 entries.
    const TicketSpecification thrice =
        world.on_sale("Thrice", 25000, std::nullopt, std::nullopt, [](NewSpecification& input) {
            input.allow_reentry = true;
            input.reentry_limit = 3;
        });
    const EventTicket ticket = world.tickets.comp(world.event.id, thrice.id, {{"c@example.com", "C"}}, "").at(0);
    int total = 0;
    const Door door(world.catalog.root.acting_as(scanner));
    for (int round = 0; round < 5; ++round) {
        total += race(location.path(), scanner, ticket.id, inspector.id, 4, unexpected);
        (void)door.redeem(ScanRequest{ticket.id, inspector.id, "main-door", ScanDirection::Out,
                                      "out-" + std::to_string(round), show_time()});
    }
    EXPECT_EQ(unexpected, std::vector<std::string>{});
    EXPECT_EQ(total, 3);
}

}  // namespace
