#include "ticketcore/ticketcore.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
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

std::vector<std::string> table_names(const std::string& path) {
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    SQLite::Statement query(db,
                            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                            "ORDER BY name");
    std::vector<std::string> names;
    while (query.executeStep()) names.push_back(query.getColumn(0).getString());
    return names;
}

StoreOptions manual_options(const std::shared_ptr<ManualClock>& clock) {
    StoreOptions options;
    options.clock = clock;
    return options;
}

// ---- opening -----------------------------------------------------------------------------

TEST(Store, OpensAnInMemoryStoreAtTheLatestSchema) {
    const auto clock = std::make_shared<ManualClock>(clock_start);
    const Store store = Store::open(":memory:", manual_options(clock));
    EXPECT_EQ(store.latest_schema_version(), 8);
    EXPECT_EQ(store.backend(), "sqlite");
    EXPECT_EQ(store.schema_version(), store.latest_schema_version());
    EXPECT_EQ(store.path(), ":memory:");
    EXPECT_EQ(store.actor(), Actor::anonymous());
    EXPECT_EQ(store.now(), clock_start);
    clock->advance(one_hour_us);
    EXPECT_EQ(store.now(), Instant{clock_start.micros + one_hour_us}) << "the store reads the injected clock";
}

TEST(Store, RejectsBadOptions) {
    EXPECT_TRUE(
        expect_error<ValidationError>([] { (void)Store::open(""); }, "path_required", "Store path is required"));
    StoreOptions negative_timeout;
    negative_timeout.busy_timeout_ms = -1;
    EXPECT_TRUE(expect_error<ValidationError>([&] { (void)Store::open(":memory:", negative_timeout); },
                                              "invalid_busy_timeout", "busy_timeout_ms must be between 0 and 3600000"));
    StoreOptions long_timeout;
    long_timeout.busy_timeout_ms = StoreOptions::max_busy_timeout_ms + 1;
    EXPECT_TRUE(expect_error<ValidationError>([&] { (void)Store::open(":memory:", long_timeout); },
                                              "invalid_busy_timeout", "busy_timeout_ms must be between 0 and 3600000"));
}

TEST(Store, SQLiteTakesBusyTimeoutAndRefusesPostgresPoolSize) {
    EXPECT_EQ(Store::open(":memory:", StoreOptions{.busy_timeout_ms = 0}).backend(), "sqlite");
    EXPECT_EQ(Store::open(":memory:", StoreOptions{.busy_timeout_ms = StoreOptions::max_busy_timeout_ms}).backend(),
              "sqlite");
    // Any pool size, even a valid one, would be ignored by SQLite: refused before its range is checked.
    for (const std::int64_t size : {std::int64_t{8}, std::int64_t{0}}) {
        EXPECT_TRUE(expect_error<ValidationError>(
            [&] { (void)Store::open(":memory:", StoreOptions{.pool_size = size}); }, "option_not_for_engine",
            "pool_size is an option of PostgreSQL stores; this is a SQLite store"));
    }
}

TEST(Store, ActingAsChangesOnlyTheActorOfTheCopy) {
    const Store root = Store::open(":memory:");
    const Store platform = root.acting_as(Actor::platform("ops-1"));
    EXPECT_EQ(platform.actor(), Actor::platform("ops-1"));
    EXPECT_EQ(root.actor(), Actor::anonymous());
    const Organization created = Organizations(platform).create({"Roskilde Jazzklub", "DKK"});
    EXPECT_EQ(Organizations(root.acting_as(Actor::platform("ops-2"))).get(created.id), created)
        << "both handles share one database";
}

TEST(Store, AFileStoreKeepsItsDataAcrossOpens) {
    const TempDir dir;
    const std::string path = dir.file("tickets.db");
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

TEST(Store, AnUnopenablePathIsAStorageErrorWithTheSqliteCode) {
    try {
        (void)Store::open("/nonexistent-ticketcore-dir/tickets.db");
        FAIL() << "opened a file in a directory that does not exist";
    } catch (const StorageError& error) {
        EXPECT_EQ(error.code(), "sqlite_error");
        EXPECT_EQ(error.backend(), "sqlite");
        EXPECT_EQ(error.backend_code(), "14");  // SQLITE_CANTOPEN
        EXPECT_STREQ(error.what(), "unable to open database file");
    }
}

// ---- migrations --------------------------------------------------------------------------

TEST(Store, MigratesAnOlderSchemaToTheLatest) {
    const TempDir dir;
    const std::string path = dir.file("v1.db");
    ticketcore::testing::create_store_at_version(path, 1);
    EXPECT_EQ(table_names(path), (std::vector<std::string>{"audit_log", "event", "event_date", "organization",
                                                           "specification", "specification_date"}));
    {
        SQLite::Database db(path, SQLite::OPEN_READONLY);
        EXPECT_EQ(db.execAndGet("PRAGMA user_version").getInt(), 1);
    }
    const Store store = Store::open(path);
    EXPECT_EQ(store.schema_version(), store.latest_schema_version());
    EXPECT_EQ(table_names(path), (std::vector<std::string>{"audit_log",
                                                           "buy_order",
                                                           "buyer",
                                                           "event",
                                                           "event_date",
                                                           "idempotency",
                                                           "inventory_claim",
                                                           "order_line",
                                                           "organization",
                                                           "outbox",
                                                           "payment",
                                                           "pool",
                                                           "pool_member",
                                                           "promo_code",
                                                           "promo_code_specification",
                                                           "specification",
                                                           "specification_date",
                                                           "specification_name",
                                                           "ticket",
                                                           "ticket_date",
                                                           "ticket_holder"}));
}

TEST(Store, MigrationKeepsVersionOneData) {
    const TempDir dir;
    const std::string path = dir.file("v1.db");
    ticketcore::testing::create_store_at_version(path, 1);
    {
        SQLite::Database db(path, SQLite::OPEN_READWRITE);
        db.exec(
            "INSERT INTO organization (id, name, currency, rounding, billing_profile_enabled, created_us) "
            "VALUES ('org-1', 'Old Club', 'SEK', 'HALF_EVEN', 1, 42)");
    }
    const Store store = Store::open(path).acting_as(Actor::platform("ops-1"));
    const Organization organization = Organizations(store).get("org-1");
    EXPECT_EQ(organization.name, "Old Club");
    EXPECT_EQ(organization.currency, Currency::of("SEK"));
    EXPECT_EQ(organization.rounding, RoundingMode::HalfEven);
    EXPECT_TRUE(organization.billing_profile_enabled);
    EXPECT_EQ(organization.created, Instant{42});
}

TEST(Store, MigratesVersionFiveToTheIndexesListsPageThrough) {
    const TempDir dir;
    const std::string path = dir.file("v5.db");
    ticketcore::testing::create_store_at_version(path, 5);
    {
        SQLite::Database db(path, SQLite::OPEN_READWRITE);
        db.exec(
            "INSERT INTO organization (id, name, currency, rounding, billing_profile_enabled, created_us) "
            "VALUES ('org-1', 'Old Club', 'DKK', 'HALF_EVEN', 0, 42)");
        for (const char* id : {"ev-1", "ev-2", "ev-3"}) {
            db.exec(std::string("INSERT INTO event VALUES ('") + id +
                    "', 'org-1', 'Old Event', '', 'Aarhus', 'Europe/Copenhagen', 'DKK', 'draft', 0, 0, 0, 42)");
        }
    }
    const Store store = Store::open(path).acting_as(Actor::make("anna", "org-1", {std::string(scope::events_read)}));
    EXPECT_EQ(store.schema_version(), store.latest_schema_version());
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    SQLite::Statement indexes(
        db,
        "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master WHERE type = 'index' "
        "AND name IN ('order_by_event_placed', 'event_by_state', 'promo_code_by_event', "
        "'ticket_holder_by_issue') ORDER BY name)");
    ASSERT_TRUE(indexes.executeStep());
    EXPECT_EQ(indexes.getColumn(0).getString(),
              "event_by_state,order_by_event_placed,promo_code_by_event,ticket_holder_by_issue");
    const Page<Event> first = Events(store).list(EventState::Draft, PageRequest{2, std::nullopt});
    ASSERT_EQ(first.nodes.size(), 2U);
    EXPECT_EQ(first.nodes[0].id, "ev-1");
    EXPECT_TRUE(first.has_next_page);
    const Page<Event> rest = Events(store).list(EventState::Draft, PageRequest{2, first.end_cursor});
    ASSERT_EQ(rest.nodes.size(), 1U);
    EXPECT_EQ(rest.nodes[0].id, "ev-3");
    EXPECT_FALSE(rest.has_next_page);
}

TEST(Store, MigratesVersionSixToHolderCountersOnTheFirstSpecification) {
    const TempDir dir;
    const std::string path = dir.file("v6.db");
    ticketcore::testing::create_store_at_version(path, 6);
    {
        SQLite::Database db(path, SQLite::OPEN_READWRITE);
        db.exec(
            "INSERT INTO organization (id, name, currency, rounding, billing_profile_enabled, created_us) "
            "VALUES ('org-1', 'Old Club', 'DKK', 'HALF_EVEN', 0, 42)");
        for (const char* event : {"ev-1", "ev-2"}) {
            db.exec(std::string("INSERT INTO event VALUES ('") + event +
                    "', 'org-1', 'Old Event', '', 'Aarhus', 'Europe/Copenhagen', 'DKK', 'published', 0, 0, 0, 42)");
        }
        for (const char* spec : {"ev-1:a", "ev-1:b", "ev-2:a"}) {
            const std::string id(spec);
            db.exec(
                "INSERT INTO specification (id, event_id, name, description, price, ticket_platform_fee, "
                "ticket_percentage_fee, visibility, transferable, allow_reentry, refund_policy, created_us, "
                "organization_id) VALUES ('" +
                id + "', '" + id.substr(0, 4) + "', 'Old', '', 100, 0, 0, 'public', 1, 0, '', 42, 'org-1')");
        }
        for (const char* holder : {"h-1", "h-2", "h-3"}) {
            db.exec(std::string("INSERT INTO ticket_holder (id, event_id, buyer_id, issue_us, organization_id) "
                                "VALUES ('") +
                    holder + "', 'ev-1', 'buyer-" + holder + "', 42, 'org-1')");
        }
    }
    const Store store = Store::open(path).acting_as(Actor::make("anna", "org-1", {std::string(scope::events_read)}));
    EXPECT_EQ(store.schema_version(), store.latest_schema_version());
    {
        SQLite::Database db(path, SQLite::OPEN_READONLY);
        SQLite::Statement counters(db, "SELECT group_concat(id || '=' || holders, ',') FROM specification");
        ASSERT_TRUE(counters.executeStep());
        EXPECT_EQ(counters.getColumn(0).getString(), "ev-1:a=3,ev-1:b=0,ev-2:a=0");
    }
    EXPECT_TRUE(store.check_integrity().ok()) << "the event's holder count equals its holder rows";
}

TEST(Store, RefusesASchemaNewerThanThisBuild) {
    const TempDir dir;
    const std::string path = dir.file("future.db");
    (void)Store::open(path);
    ticketcore::testing::force_schema_version(path, 99);
    EXPECT_TRUE(expect_error<StorageError>([&] { (void)Store::open(path); }, "schema_too_new",
                                           "Store '" + path +
                                               "' has schema version 99, newer than this ticketcore supports (8); "
                                               "upgrade ticketcore"));
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    EXPECT_EQ(db.execAndGet("PRAGMA user_version").getInt(), 99) << "the refused file is left alone";
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
