#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "test_support.hpp"
#include "ticketcore/model/pool.hpp"
#include "ticketcore/testing/testing.hpp"
#include "ticketcore/ticketcore.hpp"
#include "ticketcore/values/uuid.hpp"

namespace {

using namespace ticketcore;
using namespace ticketcore_test;

/// An event with two specs drawing from one "Floor" pool: member (quota 10) and guest (unlimited).
struct FloorFixture {
    Catalog catalog;
    Event event = catalog.draft_event();
    TicketSpecification member = catalog.add_spec(event.id, "Member ticket", 25000, 10);
    TicketSpecification guest = catalog.add_spec(event.id, "Guest ticket", 35000);
    Pool floor = catalog.pools.create(event.id, "Floor", 6, {member.id, guest.id});

    [[nodiscard]] TicketSpecification spec(const TicketSpecification& which) const {
        return catalog.specifications.get(which.id);
    }
    [[nodiscard]] Pool pool() const { return catalog.pools.get(floor.id); }
};

TEST(Pools, CreateLinksTheSpecsAndStartsEmpty) {
    const FloorFixture fixture;
    const Pool& floor = fixture.floor;
    EXPECT_TRUE(is_uuid(floor.id));
    EXPECT_EQ(floor.event_id, fixture.event.id);
    EXPECT_EQ(floor.name, "Floor");
    EXPECT_EQ(floor.size, 6);
    EXPECT_EQ(floor.sold, 0);
    EXPECT_EQ(floor.reserved, 0);
    EXPECT_EQ(floor.available, 6);
    EXPECT_EQ(floor.specification_ids, (std::vector<std::string>{fixture.member.id, fixture.guest.id}));
    EXPECT_EQ(floor.created, clock_start);
    EXPECT_EQ(fixture.pool(), floor);
    EXPECT_EQ(fixture.spec(fixture.member).pool_ids, (std::vector<std::string>{floor.id}));
}

TEST(Pools, AvailabilityIsTheMinimumOverQuotaAndPools) {
    const FloorFixture fixture;
    EXPECT_EQ(fixture.spec(fixture.member).available, 6) << "pool 6 < quota 10";
    EXPECT_EQ(fixture.spec(fixture.guest).available, 6) << "an unlimited spec is bounded by its pool";

    (void)ticketcore::testing::claim(fixture.catalog.store, fixture.member.id, 3, true);
    (void)ticketcore::testing::claim(fixture.catalog.store, fixture.guest.id, 1, false);
    const Pool floor = fixture.pool();
    EXPECT_EQ(floor.sold, 3);
    EXPECT_EQ(floor.reserved, 1);
    EXPECT_EQ(floor.available, 2);
    const TicketSpecification member = fixture.spec(fixture.member);
    EXPECT_EQ(member.number_of_tickets_sold, 3);
    EXPECT_EQ(member.available, 2) << "min(10 - 3, 6 - 4)";
    EXPECT_EQ(fixture.spec(fixture.guest).available, 2);

    (void)fixture.catalog.pools.resize(fixture.floor.id, 100);
    EXPECT_EQ(fixture.spec(fixture.member).available, 7) << "now the quota is tightest: 10 - 3";
    EXPECT_EQ(fixture.spec(fixture.guest).available, 96);
}

TEST(Pools, ASpecInTwoPoolsIsBoundByTheTighterOne) {
    const Catalog catalog;
    const Event event = catalog.draft_event();
    const TicketSpecification spec = catalog.add_spec(event.id);
    const Pool hall = catalog.pools.create(event.id, "Hall", 20, {spec.id});
    const Pool balcony = catalog.pools.create(event.id, "Balcony seats", 5, {spec.id});
    const TicketSpecification loaded = catalog.specifications.get(spec.id);
    EXPECT_EQ(loaded.pool_ids, (std::vector<std::string>{hall.id, balcony.id}));
    EXPECT_EQ(loaded.available, 5);
    (void)ticketcore::testing::claim(catalog.store, spec.id, 5, true);
    EXPECT_TRUE(expect_error<CapacityError>([&] { (void)ticketcore::testing::claim(catalog.store, spec.id, 1, true); },
                                            "pool_sold_out", pool_sold_out(balcony.id)));
    EXPECT_EQ(catalog.pools.get(hall.id).sold, 5) << "the failed claim did not leak into the first pool";
}

TEST(Pools, AClaimBeyondThePoolThrowsAndChangesNothing) {
    const FloorFixture fixture;
    (void)ticketcore::testing::claim(fixture.catalog.store, fixture.guest.id, 5, true);
    EXPECT_TRUE(expect_error<CapacityError>(
        [&] { (void)ticketcore::testing::claim(fixture.catalog.store, fixture.member.id, 2, true); }, "pool_sold_out",
        pool_sold_out(fixture.floor.id)));
    EXPECT_EQ(fixture.spec(fixture.member).number_of_tickets_sold, 0) << "the spec counter was rolled back";
    EXPECT_EQ(fixture.pool().sold, 5);
    EXPECT_TRUE(fixture.catalog.store.check_integrity().ok());
    (void)ticketcore::testing::claim(fixture.catalog.store, fixture.member.id, 1, true);
    EXPECT_EQ(fixture.pool().available, 0);
}

TEST(Pools, AClaimBeyondTheQuotaIsSoldOut) {
    const Catalog catalog;
    const TicketSpecification spec = catalog.add_spec(catalog.draft_event().id, "Member ticket", 25000, 3);
    (void)ticketcore::testing::claim(catalog.store, spec.id, 2, false);
    EXPECT_TRUE(expect_error<CapacityError>([&] { (void)ticketcore::testing::claim(catalog.store, spec.id, 2, true); },
                                            "sold_out", spec_sold_out(spec.id)));
    (void)ticketcore::testing::claim(catalog.store, spec.id, 1, true);
    const TicketSpecification loaded = catalog.specifications.get(spec.id);
    EXPECT_EQ(loaded.number_of_tickets_sold, 1);
    EXPECT_EQ(loaded.number_of_tickets_reserved, 2);
    EXPECT_EQ(loaded.available, 0);
}

TEST(Pools, AnUnlimitedSpecWithoutPoolsNeverSellsOut) {
    const Catalog catalog;
    const TicketSpecification spec = catalog.add_spec(catalog.draft_event().id);
    (void)ticketcore::testing::claim(catalog.store, spec.id, 1'000'000, true);
    const TicketSpecification loaded = catalog.specifications.get(spec.id);
    EXPECT_EQ(loaded.number_of_tickets_sold, 1'000'000);
    EXPECT_EQ(loaded.available, std::nullopt);
}

TEST(Pools, ClaimsCannotOverflowTheCounters) {
    const Catalog catalog;
    const TicketSpecification spec = catalog.add_spec(catalog.draft_event().id);
    constexpr std::int64_t most = std::numeric_limits<std::int64_t>::max();
    (void)ticketcore::testing::claim(catalog.store, spec.id, most, true);
    EXPECT_TRUE(expect_error<CapacityError>([&] { (void)ticketcore::testing::claim(catalog.store, spec.id, 1, false); },
                                            "sold_out", spec_sold_out(spec.id)));
    EXPECT_EQ(catalog.specifications.get(spec.id).number_of_tickets_sold, most);
    EXPECT_EQ(catalog.specifications.get(spec.id).number_of_tickets_reserved, 0);
    EXPECT_TRUE(catalog.store.check_integrity().ok());
}

TEST(Pools, ClaimQuantityMustBePositive) {
    const Catalog catalog;
    const TicketSpecification spec = catalog.add_spec(catalog.draft_event().id);
    for (const std::int64_t quantity : {std::int64_t{0}, std::int64_t{-1}}) {
        EXPECT_TRUE(expect_error<ValidationError>(
            [&] { (void)ticketcore::testing::claim(catalog.store, spec.id, quantity, true); }, "invalid_quantity",
            "Quantity must be greater than 0"));
    }
}

TEST(Pools, ResizeCannotGoBelowWhatIsTaken) {
    const FloorFixture fixture;
    (void)ticketcore::testing::claim(fixture.catalog.store, fixture.member.id, 3, true);
    (void)ticketcore::testing::claim(fixture.catalog.store, fixture.guest.id, 1, false);
    EXPECT_TRUE(expect_error<CapacityError>([&] { (void)fixture.catalog.pools.resize(fixture.floor.id, 3); },
                                            "pool_below_taken",
                                            "Pool size cannot be less than the 4 tickets sold or reserved"));
    EXPECT_EQ(fixture.pool().size, 6);
    EXPECT_EQ(fixture.catalog.pools.resize(fixture.floor.id, 4).available, 0) << "exactly what is taken is fine";
    EXPECT_TRUE(expect_error<ValidationError>([&] { (void)fixture.catalog.pools.resize(fixture.floor.id, -1); },
                                              "negative_number", "Pool size cannot be negative"));
}

TEST(Pools, CreateValidatesNameSizeAndEvent) {
    const Catalog catalog;
    const Event event = catalog.draft_event();
    EXPECT_TRUE(expect_error<ValidationError>([&] { (void)catalog.pools.create(event.id, "", 10); }, "name_required",
                                              "Name is required"));
    EXPECT_TRUE(expect_error<ValidationError>([&] { (void)catalog.pools.create(event.id, "Floor", -1); },
                                              "negative_number", "Pool size cannot be negative"));
    EXPECT_TRUE(expect_error<NotFoundError>([&] { (void)catalog.pools.create("nope", "Floor", 10); }, "event_not_found",
                                            "Event with id: nope not found."));
    const Event completed = catalog.completed_event();
    EXPECT_TRUE(expect_error<ConflictError>([&] { (void)catalog.pools.create(completed.id, "Floor", 10); },
                                            "event_completed",
                                            "Cannot add a capacity pool to an event, which is completed"));
    EXPECT_TRUE(catalog.pools.list(event.id).empty());
    EXPECT_TRUE(catalog.pools.list(completed.id).empty());
}

TEST(Pools, CreateRejectsBadMembersAndWritesNothing) {
    const Catalog catalog;
    const Event event = catalog.draft_event();
    const Event other_event = catalog.draft_event("Other");
    const TicketSpecification spec = catalog.add_spec(event.id);
    const TicketSpecification foreign = catalog.add_spec(other_event.id);
    EXPECT_TRUE(expect_error<ValidationError>(
        [&] {
            (void)catalog.pools.create(event.id, "Floor", 10, {spec.id, spec.id});
        },
        "duplicate_member", "Ticket specification with id: " + spec.id + " is listed twice"));
    EXPECT_TRUE(expect_error<ValidationError>(
        [&] {
            (void)catalog.pools.create(event.id, "Floor", 10, {spec.id, foreign.id});
        },
        "pool_other_event", "Ticket specification with id: " + foreign.id + " belongs to another event than the pool"));
    EXPECT_TRUE(expect_error<NotFoundError>([&] { (void)catalog.pools.create(event.id, "Floor", 10, {"missing-id"}); },
                                            "specification_not_found",
                                            "Ticket specification with id: missing-id not found."));
    EXPECT_TRUE(catalog.pools.list(event.id).empty());
    EXPECT_TRUE(catalog.specifications.get(spec.id).pool_ids.empty());
}

TEST(Pools, MembershipChangesOnlyWhileTheSpecHasNothingTaken) {
    const FloorFixture fixture;
    const Catalog& catalog = fixture.catalog;
    const TicketSpecification child = catalog.add_spec(fixture.event.id, "Child ticket", 0);
    (void)ticketcore::testing::claim(catalog.store, child.id, 1, false);
    EXPECT_TRUE(expect_error<ConflictError>(
        [&] { (void)catalog.pools.add_specification(fixture.floor.id, child.id); }, "specification_sold",
        "Tickets for ticket specification with id: " + child.id + " has already been sold."));
    (void)ticketcore::testing::claim(catalog.store, fixture.member.id, 1, true);
    EXPECT_TRUE(expect_error<ConflictError>(
        [&] { (void)catalog.pools.remove_specification(fixture.floor.id, fixture.member.id); }, "specification_sold",
        "Tickets for ticket specification with id: " + fixture.member.id + " has already been sold."));
    EXPECT_EQ(fixture.pool().specification_ids, (std::vector<std::string>{fixture.member.id, fixture.guest.id}));
    EXPECT_TRUE(catalog.store.check_integrity().ok());
}

TEST(Pools, AddAndRemoveMembers) {
    const FloorFixture fixture;
    const Catalog& catalog = fixture.catalog;
    const TicketSpecification child = catalog.add_spec(fixture.event.id, "Child ticket", 0);
    EXPECT_EQ(catalog.pools.add_specification(fixture.floor.id, child.id).specification_ids,
              (std::vector<std::string>{fixture.member.id, fixture.guest.id, child.id}));
    EXPECT_EQ(catalog.specifications.get(child.id).available, 6);
    EXPECT_TRUE(expect_error<ConflictError>(
        [&] { (void)catalog.pools.add_specification(fixture.floor.id, child.id); }, "already_member",
        "Ticket specification with id: " + child.id + " already draws from this pool"));
    EXPECT_EQ(catalog.pools.remove_specification(fixture.floor.id, fixture.guest.id).specification_ids,
              (std::vector<std::string>{fixture.member.id, child.id}));
    EXPECT_EQ(catalog.specifications.get(fixture.guest.id).available, std::nullopt);
    EXPECT_TRUE(expect_error<NotFoundError>(
        [&] { (void)catalog.pools.remove_specification(fixture.floor.id, fixture.guest.id); }, "not_member",
        "Ticket specification with id: " + fixture.guest.id + " does not draw from this pool"));
}

TEST(Pools, RemoveNeedsAnUnusedPool) {
    const FloorFixture fixture;
    const Catalog& catalog = fixture.catalog;
    (void)ticketcore::testing::claim(catalog.store, fixture.guest.id, 1, false);
    EXPECT_TRUE(expect_error<ConflictError>([&] { catalog.pools.remove(fixture.floor.id); }, "pool_in_use",
                                            "Cannot remove a capacity pool with tickets sold or reserved"));
    const Pool empty = catalog.pools.create(fixture.event.id, "Balcony", 4);
    catalog.pools.remove(empty.id);
    EXPECT_TRUE(expect_error<NotFoundError>([&] { (void)catalog.pools.get(empty.id); }, "pool_not_found",
                                            "Capacity pool with id: " + empty.id + " not found."));
    EXPECT_EQ(catalog.pools.list(fixture.event.id), (std::vector<Pool>{fixture.pool()}));
}

TEST(Pools, RemovingAPoolFreesItsMembers) {
    const Catalog catalog;
    const Event event = catalog.draft_event();
    const TicketSpecification spec = catalog.add_spec(event.id, "Member ticket", 25000, 10);
    const Pool pool = catalog.pools.create(event.id, "Floor", 2, {spec.id});
    catalog.pools.remove(pool.id);
    const TicketSpecification loaded = catalog.specifications.get(spec.id);
    EXPECT_TRUE(loaded.pool_ids.empty());
    EXPECT_EQ(loaded.available, 10);
}

TEST(Pools, ACompletedEventsPoolsAreFrozen) {
    FloorFixture fixture;
    const Catalog& catalog = fixture.catalog;
    const TicketSpecification child = catalog.add_spec(fixture.event.id, "Child ticket", 0);
    (void)catalog.events.add_date(fixture.event.id, june_12_2027_17_utc, june_12_2027_20_utc);
    (void)catalog.events.publish(fixture.event.id);
    (void)catalog.events.complete(fixture.event.id);
    const std::string frozen = "Cannot change a capacity pool of an event, which is completed";
    EXPECT_TRUE(expect_error<ConflictError>([&] { (void)catalog.pools.resize(fixture.floor.id, 10); },
                                            "event_completed", frozen));
    EXPECT_TRUE(expect_error<ConflictError>([&] { (void)catalog.pools.add_specification(fixture.floor.id, child.id); },
                                            "event_completed", frozen));
    EXPECT_TRUE(expect_error<ConflictError>(
        [&] { (void)catalog.pools.remove_specification(fixture.floor.id, fixture.guest.id); }, "event_completed",
        frozen));
    EXPECT_TRUE(
        expect_error<ConflictError>([&] { catalog.pools.remove(fixture.floor.id); }, "event_completed", frozen));
    EXPECT_EQ(fixture.pool(), fixture.floor);
}

TEST(Pools, ListsInCreationOrder) {
    const Catalog catalog;
    const Event event = catalog.draft_event();
    const Pool floor = catalog.pools.create(event.id, "Floor", 100);
    const Pool balcony = catalog.pools.create(event.id, "Balcony", 40);
    EXPECT_EQ(catalog.pools.list(event.id), (std::vector<Pool>{floor, balcony}));
    EXPECT_TRUE(catalog.pools.list(catalog.draft_event("Other").id).empty());
}

TEST(Pools, EveryMutationIsAudited) {
    const Catalog catalog;
    const Event event = catalog.draft_event();
    const TicketSpecification spec = catalog.add_spec(event.id);
    const Pool pool = catalog.pools.create(event.id, "Floor", 10);
    (void)catalog.pools.resize(pool.id, 12);
    (void)catalog.pools.add_specification(pool.id, spec.id);
    (void)catalog.pools.remove_specification(pool.id, spec.id);
    catalog.pools.remove(pool.id);
    AuditQuery query;
    query.entity_id = pool.id;
    const std::vector<AuditEntry> rows = catalog.store.audit(query);
    ASSERT_EQ(rows.size(), 5u);
    const std::vector<std::string> expected{"pool.create", "pool.resize", "pool.add_specification",
                                            "pool.remove_specification", "pool.remove"};
    for (std::size_t index = 0; index < rows.size(); ++index) {
        EXPECT_EQ(rows[index].operation, expected[index]);
        EXPECT_EQ(rows[index].entity_type, "pool");
    }
    EXPECT_EQ(nlohmann::json::parse(rows[1].payload), nlohmann::json({{"before", 10}, {"after", 12}}));
    EXPECT_EQ(nlohmann::json::parse(rows[2].payload), nlohmann::json({{"specification_id", spec.id}}));
}

TEST(Pools, IntegrityCoversPoolCounters) {
    const FloorFixture fixture;
    (void)ticketcore::testing::claim(fixture.catalog.store, fixture.member.id, 2, true);
    (void)ticketcore::testing::claim(fixture.catalog.store, fixture.guest.id, 3, false);
    const IntegrityReport report = fixture.catalog.store.check_integrity();
    EXPECT_TRUE(report.ok());
    EXPECT_EQ(report.specifications_checked, 2);
    EXPECT_EQ(report.pools_checked, 1);
    fixture.catalog.breaks_counters_on_purpose();
    ticketcore::testing::corrupt_sold_counter(fixture.catalog.store, fixture.member.id, -1);
    EXPECT_EQ(fixture.catalog.store.check_integrity().mismatches,
              (std::vector<CounterMismatch>{{"specification", fixture.member.id, "sold", 1, 2}}))
        << "only the spec counter was touched; the pool still agrees with the ledger";
}

TEST(Pools, OtherOrganizationsCannotUseThePool) {
    const FloorFixture fixture;
    const Pools theirs(fixture.catalog.other_organization_store());
    const std::string denied =
        "Actor 'other-admin' may not access organization '" + fixture.catalog.organization.id + "'";
    EXPECT_TRUE(
        expect_error<PermissionDeniedError>([&] { (void)theirs.get(fixture.floor.id); }, "other_organization", denied));
    EXPECT_TRUE(expect_error<PermissionDeniedError>([&] { (void)theirs.resize(fixture.floor.id, 100); },
                                                    "other_organization", denied));
    EXPECT_TRUE(
        expect_error<PermissionDeniedError>([&] { theirs.remove(fixture.floor.id); }, "other_organization", denied));
    EXPECT_TRUE(expect_error<PermissionDeniedError>([&] { (void)theirs.create(fixture.event.id, "Mine", 1); },
                                                    "other_organization", denied));
    EXPECT_EQ(fixture.pool(), fixture.floor);
    EXPECT_TRUE(expect_error<PermissionDeniedError>(
        [&] { (void)Pools(fixture.catalog.member_with({"events:read"})).resize(fixture.floor.id, 100); },
        "missing_scope", "Actor 'member-1' lacks the scope 'events:write'"));
}

}  // namespace
