// The offline scanner (layer 3): the scanner export written and read back, decisions with and
// without the ticket list (revocations, refunds, the strictest rules), local entries and exits,
// nonces, the recorded scans' JSON, and every malformed export and scan list refused by name.

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "test_support.hpp"
#include "ticketcore/model/json.hpp"
#include "ticketcore/rules/offline_scanner.hpp"
#include "ticketcore/rules/ticket_payload.hpp"
#include "values/hex.hpp"

namespace {

using namespace ticketcore;
using namespace ticketcore::rules;
using ticketcore_test::expect_error;

constexpr std::int64_t offline_hour = 3'600'000'000;
constexpr Instant offline_show{1'812'819'600'000'000};  // 2027-06-12T17:00Z
const std::string offline_org = "0190f3a2-5b7c-7d4e-8f01-23456789abcd";
const std::string offline_other_org = "0190f3a2-5b7d-7000-8000-000000000002";
const std::string offline_event = "0190f3a2-0000-7000-8000-0000000000e1";
const std::string offline_day1 = "0190f3a2-0000-7000-8000-0000000000d1";
const std::string offline_day2 = "0190f3a2-0000-7000-8000-0000000000d2";
const std::string spec_single = "0190f3a2-0000-7000-8000-0000000000a1";
const std::string spec_pass = "0190f3a2-0000-7000-8000-0000000000a2";

std::string offline_ticket_id(int number) {
    std::string id = "0190f3a2-0000-7000-8000-000000000000";
    const std::string digits = std::to_string(number);
    id.replace(id.size() - digits.size(), digits.size(), digits);
    return id;
}

/// An event with two evenings, a single-entry and a re-entry specification, and one key.
struct OfflineFixture {
    SigningKey key = SigningKey::generate();
    Event event;
    std::vector<TicketSpecification> specifications;

    OfflineFixture() {
        event.id = offline_event;
        event.organization_id = offline_org;
        event.time_zone = "Europe/Copenhagen";
        event.dates = {EventDate{offline_day1, offline_event, offline_show,
                                 Instant{offline_show.micros + 4 * offline_hour}, "", ""},
                       EventDate{offline_day2, offline_event, Instant{offline_show.micros + 24 * offline_hour},
                                 Instant{offline_show.micros + 28 * offline_hour}, "", ""}};
        TicketSpecification single;
        single.id = spec_single;
        single.name = "Single";
        TicketSpecification pass;
        pass.id = spec_pass;
        pass.name = "Pass";
        pass.allow_reentry = true;
        pass.reentry_limit = 2;
        pass.accepted_scan_points = {"main-door", "vip-door"};
        specifications = {single, pass};
    }

    [[nodiscard]] std::vector<SigningKeyInfo> keys() const {
        SigningKeyInfo info;
        info.key_id = key.key_id().text();
        info.public_key = hex::encode(key.public_key().bytes());
        return {info};
    }

    [[nodiscard]] std::string payload(int ticket, std::uint32_t generation = 1) const {
        return encode_ticket_payload(offline_ticket_id(ticket), generation, offline_org, key);
    }

    /// Ticket 1 single (both dates), 2 pass (day 1), 3 cancelled at generation 2, 4 refunded, 5
    /// unactivated, 6 single already inside on day 1, 7 transferred (cancelled at generation 2).
    [[nodiscard]] std::string export_text(bool include_tickets) const {
        ScannerExportWriter writer(offline_org, event, keys(), specifications, offline_show, include_tickets);
        writer.add_revocation(offline_ticket_id(3), std::nullopt);
        writer.add_revocation(offline_ticket_id(7), std::nullopt);
        writer.add_refund(offline_ticket_id(4), true, false);
        if (include_tickets) {
            const auto dates = [](int ticket, std::vector<std::string> ids) {
                std::vector<DoorDate> result;
                for (const auto& id : ids)
                    result.push_back(DoorDate{"td-" + std::to_string(ticket) + id, id, 0, false});
                return result;
            };
            writer.add_ticket({offline_ticket_id(1), spec_single, TicketState::Valid, false, false, 1, false,
                               dates(1, {offline_day1, offline_day2})});
            writer.add_ticket({offline_ticket_id(2), spec_pass, TicketState::Valid, false, false, 1, false,
                               dates(2, {offline_day1})});
            writer.add_ticket({offline_ticket_id(3), spec_single, TicketState::Cancelled, false, false, 2, false,
                               dates(3, {offline_day1})});
            writer.add_ticket({offline_ticket_id(4), spec_single, TicketState::Valid, true, false, 1, false,
                               dates(4, {offline_day1})});
            writer.add_ticket({offline_ticket_id(5), spec_single, TicketState::Unactivated, false, false, 1, false,
                               dates(5, {offline_day1})});
            auto inside = dates(6, {offline_day1});
            inside[0].entries = 1;
            inside[0].inside = true;
            writer.add_ticket({offline_ticket_id(6), spec_single, TicketState::Valid, false, false, 1, false, inside});
            writer.add_ticket({offline_ticket_id(7), spec_single, TicketState::Cancelled, false, false, 2, true,
                               dates(7, {offline_day1})});
        }
        return writer.finish();
    }
};

std::optional<DoorRefusal> offline_refusal(const OfflineScanner& scanner, const std::string& text,
                                           std::optional<std::string> point = std::nullopt, Instant at = offline_show) {
    return scanner.validate(text, point, at).refusal;
}

TEST(OfflineScanner, TheExportReadsBackAsItWasWritten) {
    const OfflineFixture fixture;
    const std::string text = fixture.export_text(true);
    const Json json = Json::parse(text);
    EXPECT_EQ(json["format"], "ticketcore.scanner-export");
    EXPECT_EQ(json["version"], 1);
    EXPECT_EQ(json["organization_id"], offline_org);
    EXPECT_EQ(json["exported_at_us"], offline_show.micros);
    EXPECT_EQ(json["exported_at"], "2027-06-12T17:00:00.000000Z");
    EXPECT_EQ(json["event"]["time_zone"], "Europe/Copenhagen");
    EXPECT_EQ(json["event"]["dates"].size(), 2U);
    EXPECT_EQ(json["specifications"][1]["accepted_scan_points"], (Json{"main-door", "vip-door"}));
    EXPECT_EQ(json["revocations"][0],
              (Json::parse(R"({"ticket_id":")" + offline_ticket_id(3) + R"(","generation":null})")));
    EXPECT_EQ(json["revocations"].size(), 2U);
    EXPECT_EQ(json["tickets"].size(), 7U);
    EXPECT_EQ(json["tickets"][6]["transferred"], true);
    EXPECT_EQ(Json::parse(fixture.export_text(false))["tickets"], nullptr);
    const OfflineScanner scanner(text);
    EXPECT_EQ(scanner.organization_id(), offline_org);
    EXPECT_EQ(scanner.event_id(), offline_event);
    EXPECT_EQ(scanner.exported_at(), offline_show);
    EXPECT_TRUE(scanner.has_ticket_list());
    EXPECT_EQ(scanner.event_dates().size(), 2U);
    EXPECT_FALSE(OfflineScanner(fixture.export_text(false)).has_ticket_list());
}

TEST(OfflineScanner, WithTheTicketListEveryReasonIsDecided) {
    const OfflineFixture fixture;
    const OfflineScanner scanner(fixture.export_text(true));
    const DoorVerdict admitted = scanner.validate(fixture.payload(1), "main-door", offline_show);
    EXPECT_EQ(admitted, (DoorVerdict{std::nullopt, offline_ticket_id(1), offline_day1}));
    EXPECT_EQ(offline_refusal(scanner, offline_ticket_id(1)), std::nullopt);  // typed in: looked up
    EXPECT_EQ(offline_refusal(scanner, "not a code"), DoorRefusal::Forged);
    EXPECT_EQ(offline_refusal(scanner, offline_ticket_id(99)), DoorRefusal::Unknown);
    EXPECT_EQ(offline_refusal(scanner, fixture.payload(99)), DoorRefusal::Unknown);
    EXPECT_EQ(offline_refusal(scanner, fixture.payload(3)), DoorRefusal::Cancelled);  // its old code: cancelled
    EXPECT_EQ(offline_refusal(scanner, fixture.payload(7)), DoorRefusal::Revoked);    // transferred away
    EXPECT_EQ(offline_refusal(scanner, fixture.payload(1, 2)), DoorRefusal::Forged);  // a generation never made
    EXPECT_EQ(offline_refusal(scanner, offline_ticket_id(3)), DoorRefusal::Cancelled);
    EXPECT_EQ(offline_refusal(scanner, fixture.payload(4)), DoorRefusal::Refunded);
    EXPECT_EQ(offline_refusal(scanner, fixture.payload(5)), DoorRefusal::NotActivated);
    EXPECT_EQ(offline_refusal(scanner, fixture.payload(6)), DoorRefusal::AlreadyInside);
    EXPECT_EQ(offline_refusal(scanner, fixture.payload(2), "back-door"), DoorRefusal::NotAtThisScanPoint);
    EXPECT_EQ(
        offline_refusal(scanner, fixture.payload(2), std::nullopt, Instant{offline_show.micros + 24 * offline_hour}),
        DoorRefusal::NotForThisDate);
    EXPECT_EQ(
        offline_refusal(scanner, fixture.payload(1), std::nullopt, Instant{offline_show.micros - 3 * offline_hour}),
        DoorRefusal::OutsideEventDates);
    // Another organization's payload, even under the same key, and another key's.
    EXPECT_EQ(offline_refusal(scanner, encode_ticket_payload(offline_ticket_id(1), 1, offline_other_org, fixture.key)),
              DoorRefusal::Forged);
    EXPECT_EQ(
        offline_refusal(scanner, encode_ticket_payload(offline_ticket_id(1), 1, offline_org, SigningKey::generate())),
        DoorRefusal::Forged);
}

TEST(OfflineScanner, RedeemCountsEntriesAndExitsLocally) {
    const OfflineFixture fixture;
    OfflineScanner scanner(fixture.export_text(true));
    const std::string pass = fixture.payload(2);
    const OfflineScan first = scanner.redeem(pass, "inspector-1", "main-door", "n1", ScanDirection::In, offline_show);
    EXPECT_TRUE(first.admitted());
    EXPECT_EQ((std::pair{first.entries, first.inside}), (std::pair{std::int64_t{1}, true}));
    EXPECT_EQ(first.ticket_id, offline_ticket_id(2));
    EXPECT_EQ(first.event_date_id, offline_day1);
    EXPECT_EQ(scanner.redeem(pass, "inspector-1", "main-door", "n2", ScanDirection::In, offline_show).refusal,
              DoorRefusal::AlreadyInside);
    EXPECT_TRUE(scanner.redeem(pass, "inspector-1", "main-door", "n3", ScanDirection::Out, offline_show).admitted());
    EXPECT_EQ(scanner.redeem(pass, "inspector-1", "vip-door", "n4", ScanDirection::In, offline_show).entries, 2);
    EXPECT_TRUE(scanner.redeem(pass, "inspector-1", "main-door", "n5", ScanDirection::Out, offline_show).admitted());
    EXPECT_EQ(scanner.redeem(pass, "inspector-1", "main-door", "n6", ScanDirection::In, offline_show).refusal,
              DoorRefusal::ReentryLimitReached);
    EXPECT_EQ(scanner.validate(pass, std::nullopt, offline_show).refusal, DoorRefusal::ReentryLimitReached);
    // A nonce seen before: the first scan, nothing recorded; with other parameters refused.
    EXPECT_EQ(scanner.redeem(pass, "inspector-1", "main-door", "n1", ScanDirection::In, offline_show), first);
    EXPECT_EQ(scanner.scans().size(), 6U);
    EXPECT_TRUE(expect_error<ConflictError>(
        [&] { scanner.redeem(pass, "inspector-1", "vip-door", "n1", ScanDirection::In, offline_show); },
        "idempotency_key_reused", "Idempotency key 'n1' was already used with different parameters"));
    EXPECT_TRUE(expect_error<ValidationError>(
        [&] { scanner.redeem(pass, " ", "main-door", "n7", ScanDirection::In, offline_show); }, "inspector_id_required",
        "Inspector id is required"));
    EXPECT_TRUE(expect_error<ValidationError>(
        [&] { scanner.redeem(pass, "inspector-1", "main-door", " ", ScanDirection::In, offline_show); },
        "invalid_nonce", "nonce cannot be blank"));
    EXPECT_EQ(scanner.scans().size(), 6U);
}

TEST(OfflineScanner, WithoutTheTicketListTheListsAndTheStrictestRulesDecide) {
    const OfflineFixture fixture;
    OfflineScanner scanner(fixture.export_text(false));
    EXPECT_EQ(offline_refusal(scanner, offline_ticket_id(1)), DoorRefusal::Unknown);  // a typed id cannot be told
    EXPECT_EQ(offline_refusal(scanner, fixture.payload(3)), DoorRefusal::Revoked);
    EXPECT_EQ(offline_refusal(scanner, fixture.payload(4)), DoorRefusal::Refunded);
    EXPECT_EQ(offline_refusal(scanner, fixture.payload(5)), std::nullopt);            // unactivated: not in any list
    EXPECT_EQ(offline_refusal(scanner, fixture.payload(99)), std::nullopt);           // genuine, unknown to the lists
    EXPECT_EQ(offline_refusal(scanner, fixture.payload(8, 2)), DoorRefusal::Forged);  // not revoked: generation 1
    // Every date (the ticket's are unknown); a point every specification accepts; one entry.
    EXPECT_EQ(
        offline_refusal(scanner, fixture.payload(2), std::nullopt, Instant{offline_show.micros + 24 * offline_hour}),
        std::nullopt);
    EXPECT_EQ(offline_refusal(scanner, fixture.payload(1), "back-door"), DoorRefusal::NotAtThisScanPoint);
    const std::string pass = fixture.payload(2);
    EXPECT_TRUE(scanner.redeem(pass, "i", "main-door", "a", ScanDirection::In, offline_show).admitted());
    EXPECT_TRUE(scanner.redeem(pass, "i", "main-door", "b", ScanDirection::Out, offline_show).admitted());
    EXPECT_EQ(scanner.redeem(pass, "i", "main-door", "c", ScanDirection::In, offline_show).refusal,
              DoorRefusal::ReentryLimitReached);
    // The next evening is another ticket date.
    EXPECT_TRUE(
        scanner.redeem(pass, "i", "main-door", "d", ScanDirection::In, Instant{offline_show.micros + 24 * offline_hour})
            .admitted());
}

TEST(OfflineScanner, TheStrictestRulesAreWhatEverySpecificationAdmits) {
    const EntryRules single{false, std::nullopt, {}};
    const EntryRules unlimited{true, std::nullopt, {}};
    const EntryRules three{true, 3, {"a", "b"}};
    const EntryRules two{true, 2, {"b", "c"}};
    EXPECT_EQ(strictest_entry_rules(std::vector<EntryRules>{}).allow_reentry, false);
    const EntryRules mixed = strictest_entry_rules(std::vector<EntryRules>{single, three});
    EXPECT_EQ((std::tuple{mixed.allow_reentry, mixed.reentry_limit, mixed.accepted_scan_points}),
              (std::tuple{false, std::optional<std::int64_t>{}, std::vector<std::string>{"a", "b"}}));
    const EntryRules reentry = strictest_entry_rules(std::vector<EntryRules>{unlimited, three, two});
    EXPECT_EQ((std::tuple{reentry.allow_reentry, reentry.reentry_limit, reentry.accepted_scan_points}),
              (std::tuple{true, std::optional<std::int64_t>{2}, std::vector<std::string>{"b"}}));
    EXPECT_EQ(strictest_entry_rules(std::vector<EntryRules>{unlimited}).reentry_limit, std::nullopt);
    // No point in common: no point admits.
    const EntryRules apart =
        strictest_entry_rules(std::vector<EntryRules>{{false, std::nullopt, {"a"}}, {false, std::nullopt, {"c"}}});
    DoorTicket ticket;
    ticket.dates = {DoorDate{"t", "d", 0, false}};
    const std::vector<EventDate> dates{EventDate{"d", "e", offline_show, Instant{offline_show.micros + 1}, "", ""}};
    EXPECT_EQ(decide_scan(ticket, apart, dates, ScanFacts{"a", ScanDirection::In, offline_show}).refusal,
              DoorRefusal::NotAtThisScanPoint);
}

TEST(OfflineScanner, RecordedScansRoundTripThroughTheirJson) {
    const OfflineFixture fixture;
    OfflineScanner scanner(fixture.export_text(true));
    (void)scanner.redeem(fixture.payload(1), "inspector-1", "main-door", "n1", ScanDirection::In, offline_show);
    (void)scanner.redeem("garbage", "inspector-1", "main-door", "n2", ScanDirection::In, offline_show);
    const std::string text = scanner.scans_json();
    const Json json = Json::parse(text);
    EXPECT_EQ(json["format"], "ticketcore.offline-scans");
    EXPECT_EQ(json["event_id"], offline_event);
    EXPECT_EQ(json["scans"][1]["reason"], "forged");
    const auto read = parse_offline_scans(text);
    ASSERT_EQ(read.size(), 2U);
    EXPECT_EQ(read[0].nonce, "n1");
    EXPECT_TRUE(read[0].admitted());
    EXPECT_EQ(read[0].at, offline_show);
    EXPECT_EQ(read[1].refusal, DoorRefusal::Forged);
    EXPECT_EQ(parse_offline_scans(json["scans"].dump()).size(), 2U);  // a bare list too
}

TEST(OfflineScanner, MalformedExportsAreRefusedByName) {
    const OfflineFixture fixture;
    Json good = Json::parse(fixture.export_text(true));
    const auto refused = [](const std::string& text, const std::string& why) {
        EXPECT_TRUE(expect_error<ValidationError>([&] { OfflineScanner scanner(text); }, "invalid_scanner_export",
                                                  "Not a scanner export: " + why));
    };
    refused("{", "the text is not JSON");
    refused("[]", "the text must be a JSON object");
    Json changed = good;
    changed["version"] = 2;
    refused(changed.dump(), "export.version 2 is not one this build reads (1)");
    changed = good;
    changed["format"] = "other";
    refused(changed.dump(), "export.format must be 'ticketcore.scanner-export'");
    changed = good;
    changed["keys"][0]["key_id"] = "0000000000000000";
    refused(changed.dump(), "export.keys[0].key_id is not the id of its public key");
    changed = good;
    changed["tickets"][2]["generation"] = 0;
    refused(changed.dump(), "export.tickets[2].generation is out of range");
    changed = good;
    changed["event"]["dates"][1].erase("end_us");
    refused(changed.dump(), "export.event.dates[1].end_us is missing");
    changed = good;
    changed["tickets"][0]["state"] = "lost";
    refused(changed.dump(), "export.tickets[0].state must be 'valid', 'unactivated' or 'cancelled'");
}

TEST(OfflineScanner, MalformedScanListsAreRefusedByName) {
    const auto refused = [](const std::string& text, const std::string& why) {
        EXPECT_TRUE(expect_error<ValidationError>([&] { (void)parse_offline_scans(text); }, "invalid_offline_scans",
                                                  "Not a list of offline scans: " + why));
    };
    const Json scan = Json::parse(
        R"({"nonce":"n","ticket":"t","inspector_id":"i","scan_point":"p","direction":"in","at_us":0,"admitted":true})");
    EXPECT_EQ(parse_offline_scans(Json::array({scan}).dump()).size(), 1U);
    refused("nope", "the text is not JSON");
    refused("{}", "scans.format must be 'ticketcore.offline-scans'");
    refused("3", "the scans must be a JSON list, or an object with the list in 'scans'");
    Json changed = scan;
    changed.erase("nonce");
    refused(Json::array({changed}).dump(), "scans[0].nonce is missing");
    changed = scan;
    changed["direction"] = "up";
    refused(Json::array({changed}).dump(), "scans[0].direction must be 'in' or 'out'");
    changed = scan;
    changed["at_us"] = 253'402'300'800'000'000LL;
    refused(Json::array({changed}).dump(),
            "scans[0].at_us must be an instant in microseconds since 1970 (years 1 to 9999)");
    changed = scan;
    changed["admitted"] = false;
    refused(Json::array({changed}).dump(), "scans[0].reason is missing for a refused scan");
    changed["reason"] = "sleepy";
    refused(Json::array({changed}).dump(), "scans[0].reason is no refusal code");
    changed = scan;
    changed["reason"] = "forged";
    refused(Json::array({changed}).dump(), "scans[0].reason must be null for an admitted scan");
    refused(Json(std::vector<Json>(10'001, scan)).dump(), "at most 10000 scans per call");
}

}  // namespace
