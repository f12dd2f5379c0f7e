// The SQLite engine's own behaviour, which only a SQLite store has: a ":memory:" store, a file
// that cannot be opened, the migrations of SQLite's schema (PRAGMA user_version) and the refusal
// of a newer one. In ticketcore_tests, run once; the PostgreSQL engine's counterparts are in
// postgres_engine_test.cpp.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "test_support.hpp"
#include "ticketcore/testing/testing.hpp"
#include "ticketcore/ticketcore.hpp"

namespace {

using namespace ticketcore;
using namespace ticketcore_test;

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

// SQLite-only: ":memory:" is a SQLite location, and 8 is SQLite's latest schema version.
TEST(SqliteEngine, OpensAnInMemoryStoreAtTheLatestSchema) {
    const auto clock = std::make_shared<ManualClock>(clock_start);
    const Store store = Store::open(":memory:", manual_options(clock));
    EXPECT_EQ(store.latest_schema_version(), 22);
    EXPECT_EQ(store.backend(), "sqlite");
    EXPECT_EQ(store.schema_version(), store.latest_schema_version());
    EXPECT_EQ(store.path(), ":memory:");
    EXPECT_EQ(store.actor(), Actor::anonymous());
    EXPECT_EQ(store.now(), clock_start);
    clock->advance(one_hour_us);
    EXPECT_EQ(store.now(), Instant{clock_start.micros + one_hour_us}) << "the store reads the injected clock";
}

// SQLite-only: a file that cannot be opened, and SQLite's result code (PostgreSQL's connection
// failures: postgres_engine_test.cpp).
TEST(SqliteEngine, RejectsABusyTimeoutOutOfItsBounds) {
    StoreOptions negative_timeout;
    negative_timeout.busy_timeout_ms = -1;
    EXPECT_TRUE(expect_error<ValidationError>([&] { (void)Store::open(":memory:", negative_timeout); },
                                              "invalid_busy_timeout", "busy_timeout_ms must be between 0 and 3600000"));
    StoreOptions long_timeout;
    long_timeout.busy_timeout_ms = StoreOptions::max_busy_timeout_ms + 1;
    EXPECT_TRUE(expect_error<ValidationError>([&] { (void)Store::open(":memory:", long_timeout); },
                                              "invalid_busy_timeout", "busy_timeout_ms must be between 0 and 3600000"));
}

TEST(SqliteEngine, TakesBusyTimeoutAndRefusesPostgresPoolSize) {
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

TEST(SqliteEngine, AnUnopenablePathIsAStorageErrorWithTheSqliteCode) {
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

// SQLite-only: SQLite's migrations, read through sqlite_master and PRAGMA user_version
// (PostgreSQL's: postgres_engine_test.cpp).
TEST(SqliteEngine, MigratesAnOlderSchemaToTheLatest) {
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
                                                           "board_member",
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
                                                           "pos_payment",
                                                           "pos_reader",
                                                           "product",
                                                           "product_claim",
                                                           "promo_code",
                                                           "promo_code_specification",
                                                           "refund",
                                                           "refund_ticket",
                                                           "sale",
                                                           "sale_item",
                                                           "sale_number",
                                                           "scan_log",
                                                           "seat",
                                                           "seatmap",
                                                           "signing_key",
                                                           "specification",
                                                           "specification_date",
                                                           "specification_name",
                                                           "staff_user",
                                                           "ticket",
                                                           "ticket_date",
                                                           "ticket_holder",
                                                           "ticket_inspector",
                                                           "volume"}));
}

// SQLite-only: rows written into SQLite's version 1 schema by hand.
TEST(SqliteEngine, MigrationKeepsVersionOneData) {
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

// SQLite-only: SQLite's version 5 schema and its indexes, read through sqlite_master.
TEST(SqliteEngine, MigratesVersionFiveToTheIndexesListsPageThrough) {
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

// SQLite-only: SQLite's version 6 schema, written and read by hand.
TEST(SqliteEngine, MigratesVersionSixToHolderCountersOnTheFirstSpecification) {
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

// SQLite-only: PRAGMA user_version and SQLite's latest version in the message (PostgreSQL's
// refusal: postgres_engine_test.cpp).
TEST(SqliteEngine, RefusesASchemaNewerThanThisBuild) {
    const TempDir dir;
    const std::string path = dir.file("future.db");
    (void)Store::open(path);
    ticketcore::testing::force_schema_version(path, 99);
    EXPECT_TRUE(expect_error<StorageError>([&] { (void)Store::open(path); }, "schema_too_new",
                                           "Store '" + path +
                                               "' has schema version 99, newer than this ticketcore supports (22); "
                                               "upgrade ticketcore"));
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    EXPECT_EQ(db.execAndGet("PRAGMA user_version").getInt(), 99) << "the refused file is left alone";
}

}  // namespace
