// The Store (opening, acting as, reopening), organizations, the audit log and the integrity check,
// on the engine under test (ticketcore_storage_tests, run once per engine). The SQLite engine's
// own behaviour (":memory:", SQLite's migrations) is in sqlite_engine_test.cpp.
#include "ticketcore/ticketcore.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <vector>

#include "test_support.hpp"
#include "ticketcore/testing/testing.hpp"
#include "ticketcore/values/uuid.hpp"

namespace {

using namespace ticketcore;
using namespace ticketcore_test;

std::vector<std::string> operations(const std::vector<AuditEntry>& entries) {
    std::vector<std::string> result;
    for (const AuditEntry& entry : entries) result.push_back(entry.operation);
    return result;
}

// ---- opening -----------------------------------------------------------------------------

TEST(Store, RejectsBadOptions) {
    EXPECT_TRUE(
        expect_error<ValidationError>([] { (void)Store::open(""); }, "path_required", "Store path is required"));
    // Each engine's own options and the other engine's are checked in sqlite_engine_test.cpp and
    // postgres_engine_test.cpp.
}

TEST(Store, ActingAsChangesOnlyTheActorOfTheCopy) {
    const StoreLocation location = StoreLocation::fresh();
    const Store root = Store::open(location.path());
    const Store platform = root.acting_as(Actor::platform("ops-1"));
    EXPECT_EQ(platform.actor(), Actor::platform("ops-1"));
    EXPECT_EQ(root.actor(), Actor::anonymous());
    const Organization created = Organizations(platform).create({"Roskilde Jazzklub", "DKK"});
    EXPECT_EQ(Organizations(root.acting_as(Actor::platform("ops-2"))).get(created.id), created)
        << "both handles share one database";
}

TEST(Store, AFileStoreKeepsItsDataAcrossOpens) {
    const StoreLocation location = StoreLocation::shared();  // a SQLite file, or a PostgreSQL schema
    const std::string& path = location.path();
    std::string organization_id;
    {
        const Store store = Store::open(path).acting_as(Actor::platform("ops-1"));
        organization_id = Organizations(store).create({"Roskilde Jazzklub", "DKK"}).id;
        EXPECT_EQ(store.path(), path);
    }
    const Store reopened = Store::open(path).acting_as(Actor::platform("ops-1"));
    EXPECT_EQ(Organizations(reopened).get(organization_id).name, "Roskilde Jazzklub");
    EXPECT_EQ(reopened.schema_version(), reopened.latest_schema_version());
}

// ---- organizations -----------------------------------------------------------------------

TEST(Organizations, PlatformActorsCreateThem) {
    const Catalog catalog;
    const Organization& organization = catalog.organization;
    EXPECT_TRUE(is_uuid(organization.id));
    EXPECT_EQ(organization.name, "Roskilde Jazzklub");
    EXPECT_EQ(organization.currency, Currency::of("DKK"));
    EXPECT_EQ(organization.rounding, RoundingMode::HalfUp);
    EXPECT_FALSE(organization.billing_profile_enabled);
    EXPECT_EQ(organization.created, clock_start);
    EXPECT_EQ(Organizations(catalog.platform).get(organization.id), organization);
    EXPECT_EQ(Organizations(catalog.store).get(organization.id), organization) << "members read their own";
}

TEST(Organizations, CreatingNeedsThePlatformScope) {
    const Catalog catalog;
    EXPECT_TRUE(expect_error<PermissionDeniedError>(
        [&] {
            (void)Organizations(catalog.store).create({"Another", "DKK"});
        },
        "missing_scope", "Actor 'admin-1' lacks the scope 'platform:admin'"));
    EXPECT_TRUE(expect_error<PermissionDeniedError>(
        [&] {
            (void)Organizations(catalog.root).create({"Another", "DKK"});
        },
        "missing_scope", "Actor 'anonymous' lacks the scope 'platform:admin'"));
}

TEST(Organizations, CreateValidatesAndAFailureWritesNothing) {
    const Catalog catalog;
    const std::size_t rows_before = catalog.audit_log().size();
    const Organizations organizations(catalog.platform);
    EXPECT_TRUE(expect_error<ValidationError>(
        [&] {
            (void)organizations.create({"", "DKK"});
        },
        "name_required", "Name is required"));
    EXPECT_TRUE(expect_error<ValidationError>(
        [&] {
            (void)organizations.create({"Club", "XYZ"});
        },
        "unknown_currency", "Unknown currency: 'XYZ'"));
    EXPECT_EQ(catalog.audit_log().size(), rows_before);
}

TEST(Organizations, MembersCannotReadOtherOrganizations) {
    const Catalog catalog;
    const Organization other = Organizations(catalog.platform).create({"Aarhus Koncerthus", "EUR"});
    EXPECT_TRUE(expect_error<PermissionDeniedError>([&] { (void)Organizations(catalog.store).get(other.id); },
                                                    "other_organization",
                                                    "Actor 'admin-1' may not access organization '" + other.id + "'"));
    EXPECT_TRUE(expect_error<PermissionDeniedError>(
        [&] { (void)Organizations(catalog.member_with({"scan"})).get(catalog.organization.id); }, "missing_scope",
        "Actor 'member-1' lacks the scope 'events:read'"));
}

TEST(Organizations, UnknownIdIsNotFound) {
    const Catalog catalog;
    EXPECT_TRUE(expect_error<NotFoundError>([&] { (void)Organizations(catalog.platform).get("nope"); },
                                            "organization_not_found", "Organization with id: nope not found."));
}

// ---- audit log ---------------------------------------------------------------------------

TEST(Audit, RecordsWhoDidWhatToWhichEntityAndWhen) {
    const Catalog catalog;
    const std::vector<AuditEntry> rows = catalog.audit_log();
    ASSERT_EQ(rows.size(), 1u);
    const AuditEntry& row = rows[0];
    EXPECT_EQ(row.operation, "organization.create");
    EXPECT_EQ(row.entity_type, "organization");
    EXPECT_EQ(row.entity_id, catalog.organization.id);
    EXPECT_EQ(row.actor_id, "platform-1");
    EXPECT_EQ(row.organization_id, catalog.organization.id) << "filed under the new organization, not the actor's";
    EXPECT_EQ(row.at, clock_start);
    const auto payload = nlohmann::json::parse(row.payload);
    EXPECT_EQ(payload.at("name"), "Roskilde Jazzklub");
    EXPECT_EQ(payload.at("currency"), "DKK");
    EXPECT_EQ(payload.at("rounding"), "HALF_UP");
}

TEST(Audit, OneRowPerMutationInOrderWithTheClockTime) {
    const Catalog catalog;
    const Event event = catalog.draft_event();
    catalog.clock->advance(one_hour_us);
    const EventDate date = catalog.events.add_date(event.id, june_12_2027_17_utc, june_12_2027_20_utc);
    const TicketSpecification spec = catalog.add_spec(event.id, "Free entry", 0);
    (void)catalog.specifications.set_active(spec.id, true);
    (void)catalog.events.publish(event.id);

    const std::vector<AuditEntry> rows = catalog.store.audit({});
    EXPECT_EQ(operations(rows),
              (std::vector<std::string>{"organization.create", "event.create", "event.add_date", "specification.add",
                                        "specification.set_active", "event.publish"}));
    ASSERT_EQ(rows.size(), 6u);
    for (std::size_t index = 1; index < rows.size(); ++index) {
        EXPECT_EQ(rows[index].sequence, rows[index - 1].sequence + 1);
    }
    EXPECT_EQ(rows[1].at, clock_start);
    EXPECT_EQ(rows[2].at, Instant{clock_start.micros + one_hour_us});
    EXPECT_EQ(rows[1].entity_id, event.id);
    EXPECT_EQ(rows[2].entity_id, event.id);
    EXPECT_EQ(nlohmann::json::parse(rows[2].payload).at("id"), date.id);
    EXPECT_EQ(rows[3].entity_id, spec.id);
    EXPECT_EQ(rows[4].entity_id, spec.id);
    EXPECT_EQ(rows[5].entity_id, event.id);
    for (const AuditEntry& row : rows) EXPECT_EQ(row.organization_id, catalog.organization.id);
    EXPECT_EQ(rows[0].actor_id, "platform-1");
    for (std::size_t index = 1; index < rows.size(); ++index) EXPECT_EQ(rows[index].actor_id, "admin-1");
}

TEST(Audit, FiltersByEntityOperationSequenceAndLimit) {
    const Catalog catalog;
    const Event first = catalog.draft_event("First");
    const Event second = catalog.draft_event("Second");
    (void)catalog.events.add_date(first.id, june_12_2027_17_utc, june_12_2027_20_utc);

    AuditQuery by_entity;
    by_entity.entity_id = first.id;
    EXPECT_EQ(operations(catalog.store.audit(by_entity)), (std::vector<std::string>{"event.create", "event.add_date"}));

    AuditQuery by_operation;
    by_operation.operation = "event.create";
    const auto creations = catalog.store.audit(by_operation);
    ASSERT_EQ(creations.size(), 2u);
    EXPECT_EQ(creations[1].entity_id, second.id);

    AuditQuery after;
    after.after_sequence = creations[1].sequence;
    EXPECT_EQ(operations(catalog.store.audit(after)), (std::vector<std::string>{"event.add_date"}));

    AuditQuery limited;
    limited.limit = 2;
    const auto first_rows = catalog.store.audit(limited);
    EXPECT_EQ(operations(first_rows), (std::vector<std::string>{"organization.create", "event.create"}));
    ASSERT_EQ(first_rows.size(), 2u);
    EXPECT_EQ(first_rows[1].entity_id, first.id);
}

TEST(Audit, LimitMustBeBetweenOneAndAThousand) {
    const Catalog catalog;
    for (const std::int64_t limit : {std::int64_t{0}, std::int64_t{1001}}) {
        AuditQuery query;
        query.limit = limit;
        EXPECT_TRUE(expect_error<ValidationError>([&] { (void)catalog.store.audit(query); }, "invalid_limit",
                                                  "limit must be between 1 and 1000"));
    }
}

TEST(Audit, MembersSeeOnlyTheirOrganizationsRows) {
    const Catalog catalog;
    (void)catalog.draft_event("Ours");
    const Store other = catalog.other_organization_store();
    (void)Events(other).create({.name = "Theirs", .time_zone = "Europe/Copenhagen"});
    const std::vector<AuditEntry> ours = catalog.store.audit({});
    const std::vector<AuditEntry> theirs = other.audit({});
    EXPECT_EQ(operations(ours), (std::vector<std::string>{"organization.create", "event.create"}));
    EXPECT_EQ(operations(theirs), (std::vector<std::string>{"organization.create", "event.create"}));
    ASSERT_EQ(theirs.size(), 2u);
    EXPECT_NE(theirs[0].entity_id, catalog.organization.id);
    EXPECT_EQ(ours[0].entity_id, catalog.organization.id);
    EXPECT_EQ(catalog.audit_log().size(), 4u) << "two organization.create + two event.create for the platform";
    EXPECT_TRUE(expect_error<PermissionDeniedError>([&] { (void)catalog.member_with({"scan"}).audit({}); },
                                                    "missing_scope", "Actor 'member-1' lacks the scope 'events:read'"));
}

// ---- names -------------------------------------------------------------------------------

// The text rule of text_rules_test.cpp as every service applies it: here, where there is a store.
TEST(TextRules, EveryNamedEntityRefusesABlankName) {
    const Catalog catalog;
    EXPECT_TRUE(expect_error<ValidationError>(
        [&] {
            (void)Organizations(catalog.platform).create({"  ", "DKK"});
        },
        "name_required", "Name is required"));
    EXPECT_TRUE(expect_error<ValidationError>(
        [&] { (void)catalog.events.create({.name = " \t", .time_zone = "Europe/Copenhagen"}); }, "name_required",
        "Name is required"));
    const Event event = catalog.draft_event();
    EXPECT_TRUE(expect_error<ValidationError>([&] { (void)catalog.add_spec(event.id, "\n"); }, "name_required",
                                              "Name is required"));
    EXPECT_TRUE(expect_error<ValidationError>([&] { (void)catalog.pools.create(event.id, "  ", 10); }, "name_required",
                                              "Name is required"));
    EXPECT_EQ(catalog.audit_log().size(), 2u) << "only organization.create and event.create of the fixture";
}

// ---- integrity ---------------------------------------------------------------------------

TEST(Integrity, AFreshCatalogIsConsistent) {
    const Catalog catalog;
    const Event event = catalog.draft_event();
    const TicketSpecification spec = catalog.add_spec(event.id, "Member ticket", 25000, 100);
    (void)catalog.pools.create(event.id, "Floor", 50, {spec.id});
    (void)ticketcore::testing::claim(catalog.store, spec.id, 3, true);
    (void)ticketcore::testing::claim(catalog.store, spec.id, 2, false);
    const IntegrityReport report = catalog.store.check_integrity();
    EXPECT_TRUE(report.ok());
    EXPECT_EQ(report.specifications_checked, 1);
    EXPECT_EQ(report.pools_checked, 1);
    EXPECT_TRUE(report.mismatches.empty());
}

TEST(Integrity, DetectsACorruptedSoldCounter) {
    const Catalog catalog;
    const Event event = catalog.draft_event();
    const TicketSpecification spec = catalog.add_spec(event.id, "Member ticket", 25000, 100);
    (void)ticketcore::testing::claim(catalog.store, spec.id, 2, true);
    catalog.breaks_counters_on_purpose();
    ticketcore::testing::corrupt_sold_counter(catalog.store, spec.id, 3);
    const IntegrityReport report = catalog.store.check_integrity();
    EXPECT_FALSE(report.ok());
    EXPECT_EQ(report.mismatches, (std::vector<CounterMismatch>{{"specification", spec.id, "sold", 5, 2}}));
    EXPECT_EQ(catalog.specifications.get(spec.id).number_of_tickets_sold, 5) << "the report does not repair";
}

TEST(Integrity, MembersCheckOnlyTheirOrganizationAndThePlatformChecksAll) {
    const Catalog catalog;
    (void)catalog.add_spec(catalog.draft_event().id);
    const Store other = catalog.other_organization_store();
    const Event theirs = Events(other).create({.name = "Theirs", .time_zone = "Europe/Copenhagen"});
    const TicketSpecification their_spec = Specifications(other).add({.event_id = theirs.id, .name = "Guest"});
    catalog.breaks_counters_on_purpose();
    ticketcore::testing::corrupt_sold_counter(other, their_spec.id, 1);

    EXPECT_TRUE(catalog.store.check_integrity().ok()) << "the other organization's corruption is not ours";
    EXPECT_EQ(catalog.store.check_integrity().specifications_checked, 1);
    const IntegrityReport everything = catalog.platform.check_integrity();
    EXPECT_EQ(everything.specifications_checked, 2);
    EXPECT_EQ(everything.mismatches, (std::vector<CounterMismatch>{{"specification", their_spec.id, "sold", 1, 0}}));
    EXPECT_TRUE(expect_error<PermissionDeniedError>([&] { (void)catalog.root.check_integrity(); }, "missing_scope",
                                                    "Actor 'anonymous' lacks the scope 'events:read'"));
}

}  // namespace
