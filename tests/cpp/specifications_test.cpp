#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "test_support.hpp"
#include "ticketcore/model/specification.hpp"
#include "ticketcore/testing/testing.hpp"
#include "ticketcore/ticketcore.hpp"
#include "ticketcore/values/uuid.hpp"

namespace {

using namespace ticketcore;
using namespace ticketcore_test;

std::vector<std::string> date_ids(const Event& event) {
    std::vector<std::string> ids;
    for (const EventDate& date : event.dates) ids.push_back(date.id);
    return ids;
}

std::size_t count_operation(const Catalog& catalog, const std::string& operation) {
    AuditQuery query;
    query.operation = operation;
    query.limit = 1000;
    return catalog.platform.audit(query).size();
}

std::string not_found(const std::string& id) {
    return "Ticket specification with id: " + id + " not found.";
}
std::string already_sold(const std::string& id) {
    return "Tickets for ticket specification with id: " + id + " has already been sold.";
}

// ---- add ---------------------------------------------------------------------------------

TEST(Specifications, AddStoresEveryFieldAndStartsInactive) {
    const Catalog catalog;
    const Event event = catalog.event_with_date();
    NewSpecification input;
    input.event_id = event.id;
    input.name = "Member ticket";
    input.names = {{"da", "Medlemsbillet"}};
    input.description = "For members of the club";
    input.price = Amount{25000, std::nullopt};
    input.number_of_tickets_for_sale = 100;
    input.maximum_number_of_tickets_per_user = 4;
    input.sale_start = clock_start;
    input.sale_end = june_12_2027_17_utc;
    input.perks = {"Free coat check"};
    input.visibility = Visibility::InviteOnly;
    input.transferable = false;
    input.allow_reentry = true;
    input.reentry_limit = 2;
    input.accepted_scan_points = {"Main gate"};
    input.refund_policy = "No refunds";
    const TicketSpecification spec = catalog.specifications.add(input);

    EXPECT_TRUE(is_uuid(spec.id));
    EXPECT_EQ(spec.event_id, event.id);
    EXPECT_EQ(spec.name, "Member ticket");
    EXPECT_EQ(spec.name_for("da-DK"), "Medlemsbillet");
    EXPECT_EQ(spec.description, "For members of the club");
    EXPECT_EQ(spec.price, Money(25000, dkk));
    EXPECT_EQ(spec.vat_rate, 2500);
    EXPECT_TRUE(spec.include_vat());
    EXPECT_EQ(spec.number_of_tickets_for_sale, 100);
    EXPECT_EQ(spec.maximum_number_of_tickets_per_user, 4);
    EXPECT_EQ(spec.number_of_tickets_sold, 0);
    EXPECT_EQ(spec.number_of_tickets_reserved, 0);
    EXPECT_EQ(spec.available, 100);
    EXPECT_FALSE(spec.is_active);
    EXPECT_EQ(spec.sale_start, clock_start);
    EXPECT_EQ(spec.sale_end, june_12_2027_17_utc);
    EXPECT_EQ(spec.perks, (std::vector<std::string>{"Free coat check"}));
    EXPECT_EQ(spec.visibility, Visibility::InviteOnly);
    EXPECT_FALSE(spec.transferable);
    EXPECT_TRUE(spec.allow_reentry);
    EXPECT_EQ(spec.reentry_limit, 2);
    EXPECT_EQ(spec.accepted_scan_points, (std::vector<std::string>{"Main gate"}));
    EXPECT_EQ(spec.refund_policy, "No refunds");
    EXPECT_TRUE(spec.pool_ids.empty());
    EXPECT_EQ(spec.created, clock_start);
    EXPECT_EQ(catalog.specifications.get(spec.id), spec);
}

TEST(Specifications, AddInheritsTheEventsFees) {
    const Catalog catalog;
    const Event event = catalog.draft_event("Sommerjazz", 500, 250);  // 5 DKK + 2.5 %
    const TicketSpecification spec = catalog.add_spec(event.id, "Member ticket", 25000);
    EXPECT_EQ(spec.ticket_platform_fee, Money(500, dkk));
    EXPECT_EQ(spec.ticket_percentage_fee, 250);
    EXPECT_EQ(spec.percentage_fee_amount, Money(625, dkk));  // 2.5 % of 250.00
}

TEST(Specifications, AddMayOverrideTheEventsFees) {
    const Catalog catalog;
    const Event event = catalog.draft_event("Sommerjazz", 500, 250);
    NewSpecification input;
    input.event_id = event.id;
    input.name = "Guest ticket";
    input.price = Amount{35000, dkk};
    input.ticket_platform_fee = Amount{0, std::nullopt};
    input.ticket_percentage_fee = 0;
    const TicketSpecification spec = catalog.specifications.add(input);
    EXPECT_EQ(spec.ticket_platform_fee, Money(0, dkk));
    EXPECT_EQ(spec.ticket_percentage_fee, 0);
    EXPECT_EQ(spec.percentage_fee_amount, Money(0, dkk));
}

TEST(Specifications, PercentageFeeAmountRoundsByTheOrganizationsMode) {
    // 1.25 % of 10.00 DKK = 12.5 øre, an exact tie: HALF_UP gives 13, HALF_EVEN 12.
    // 1.25 % of 10.20 DKK = 12.75 øre, no tie: 13 in both modes.
    const Catalog half_up(RoundingMode::HalfUp);
    const Catalog half_even(RoundingMode::HalfEven);
    const auto fee = [](const Catalog& catalog, std::int64_t price) {
        const Event event = catalog.draft_event("Sommerjazz", 0, 125);
        return catalog.add_spec(event.id, "Ticket", price).percentage_fee_amount.minor();
    };
    EXPECT_EQ(fee(half_up, 1000), 13);
    EXPECT_EQ(fee(half_even, 1000), 12);
    EXPECT_EQ(fee(half_up, 1020), 13);
    EXPECT_EQ(fee(half_even, 1020), 13);
}

TEST(Specifications, AddAttachesTheSpecToEveryExistingDate) {
    const Catalog catalog;
    const Event event = catalog.draft_event();
    (void)catalog.events.add_date(event.id, june_12_2027_17_utc, june_12_2027_20_utc);
    (void)catalog.events.add_date(event.id, january_15_2027_12_utc,
                                  Instant{january_15_2027_12_utc.micros + one_hour_us});
    const TicketSpecification spec = catalog.add_spec(event.id);
    EXPECT_EQ(spec.event_date_ids, date_ids(catalog.events.get(event.id)));
    EXPECT_EQ(spec.event_date_ids.size(), 2u);
}

TEST(Specifications, ADateAddedLaterGetsEverySpec) {
    const Catalog catalog;
    const Event event = catalog.draft_event();
    const TicketSpecification member = catalog.add_spec(event.id, "Member ticket");
    const TicketSpecification guest = catalog.add_spec(event.id, "Guest ticket", 35000);
    EXPECT_TRUE(member.event_date_ids.empty());
    const EventDate date = catalog.events.add_date(event.id, june_12_2027_17_utc, june_12_2027_20_utc);
    EXPECT_EQ(catalog.specifications.get(member.id).event_date_ids, (std::vector<std::string>{date.id}));
    EXPECT_EQ(catalog.specifications.get(guest.id).event_date_ids, (std::vector<std::string>{date.id}));
}

TEST(Specifications, DatesOfOtherEventsAreNotAttached) {
    const Catalog catalog;
    const Event first = catalog.event_with_date("First");
    const Event second = catalog.draft_event("Second");
    const TicketSpecification spec = catalog.add_spec(second.id);
    EXPECT_TRUE(spec.event_date_ids.empty());
    (void)catalog.events.add_date(first.id, january_15_2027_12_utc,
                                  Instant{january_15_2027_12_utc.micros + one_hour_us});
    EXPECT_TRUE(catalog.specifications.get(spec.id).event_date_ids.empty());
}

TEST(Specifications, TheFirstPaidSpecEnablesTheBillingProfile) {
    const Catalog catalog;
    const Event event = catalog.draft_event();
    const Organizations organizations(catalog.store);
    (void)catalog.add_spec(event.id, "Free entry", 0);
    EXPECT_FALSE(organizations.get(catalog.organization.id).billing_profile_enabled);
    EXPECT_EQ(count_operation(catalog, "organization.enable_billing_profile"), 0u);

    const TicketSpecification paid = catalog.add_spec(event.id, "Member ticket", 25000);
    EXPECT_TRUE(organizations.get(catalog.organization.id).billing_profile_enabled);
    AuditQuery query;
    query.operation = "organization.enable_billing_profile";
    const std::vector<AuditEntry> rows = catalog.store.audit(query);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].entity_type, "organization");
    EXPECT_EQ(rows[0].entity_id, catalog.organization.id);
    EXPECT_EQ(nlohmann::json::parse(rows[0].payload).at("specification_id"), paid.id);

    (void)catalog.add_spec(event.id, "Guest ticket", 35000);
    EXPECT_EQ(count_operation(catalog, "organization.enable_billing_profile"), 1u) << "only the first one";
}

TEST(Specifications, EditingAFreeSpecToPaidEnablesTheBillingProfile) {
    const Catalog catalog;
    const TicketSpecification spec = catalog.add_spec(catalog.draft_event().id, "Free entry", 0);
    SpecificationChanges changes;
    changes.price = Amount{15000, std::nullopt};
    (void)catalog.specifications.edit(spec.id, changes);
    EXPECT_TRUE(Organizations(catalog.store).get(catalog.organization.id).billing_profile_enabled);
}

TEST(Specifications, AddRejectsTooManyTicketsPerUserAndWritesNothing) {
    const Catalog catalog;
    const Event event = catalog.draft_event();
    const std::size_t rows_before = catalog.audit_log().size();
    EXPECT_TRUE(expect_error<ValidationError>([&] { (void)catalog.add_spec(event.id, "Member ticket", 25000, 5, 6); },
                                              "too_many_tickets_per_user", "Too many tickets per user"));
    EXPECT_TRUE(catalog.specifications.list(event.id).empty());
    EXPECT_EQ(catalog.audit_log().size(), rows_before);
    EXPECT_FALSE(Organizations(catalog.store).get(catalog.organization.id).billing_profile_enabled)
        << "a rejected paid spec does not turn billing on";
}

TEST(Specifications, AddValidatesNameAndPrice) {
    const Catalog catalog;
    const Event event = catalog.draft_event();
    EXPECT_TRUE(expect_error<ValidationError>([&] { (void)catalog.add_spec(event.id, "", 25000); }, "name_required",
                                              "Name is required"));
    EXPECT_TRUE(expect_error<ValidationError>([&] { (void)catalog.add_spec(event.id, "Cheap", 999); },
                                              "price_below_minimum", "Price must be 0 or at least 1000"));
    NewSpecification euro_price;
    euro_price.event_id = event.id;
    euro_price.name = "Tourist ticket";
    euro_price.price = Amount{3000, Currency::of("EUR")};
    EXPECT_TRUE(expect_error<ValidationError>([&] { (void)catalog.specifications.add(euro_price); },
                                              "currency_mismatch", "Amount in EUR where DKK is expected"));
    EXPECT_TRUE(catalog.specifications.list(event.id).empty());
}

TEST(Specifications, AddIsAllowedOnPublishedButNotCompletedEvents) {
    const Catalog catalog;
    const Event published = catalog.published_event();
    EXPECT_EQ(catalog.add_spec(published.id).event_date_ids.size(), 1u);
    const Event completed = catalog.completed_event();
    EXPECT_TRUE(expect_error<ConflictError>([&] { (void)catalog.add_spec(completed.id); }, "event_completed",
                                            "Cannot add ticket specification to an event, which is completed"));
    EXPECT_TRUE(catalog.specifications.list(completed.id).empty());
}

TEST(Specifications, AddToAnUnknownEventIsNotFound) {
    const Catalog catalog;
    EXPECT_TRUE(expect_error<NotFoundError>([&] { (void)catalog.add_spec("nope"); }, "event_not_found",
                                            "Event with id: nope not found."));
}

TEST(Specifications, AddIsAudited) {
    const Catalog catalog;
    const TicketSpecification spec = catalog.add_spec(catalog.draft_event().id, "Free entry", 0);
    AuditQuery query;
    query.entity_id = spec.id;
    const std::vector<AuditEntry> rows = catalog.store.audit(query);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].operation, "specification.add");
    EXPECT_EQ(rows[0].entity_type, "specification");
    EXPECT_EQ(rows[0].actor_id, "admin-1");
    const auto payload = nlohmann::json::parse(rows[0].payload);
    EXPECT_EQ(payload.at("name"), "Free entry");
    EXPECT_EQ(payload.at("price"), nlohmann::json({{"minor", 0}, {"currency", "DKK"}}));
}

TEST(Specifications, ListKeepsTheOrderOfAdding) {
    const Catalog catalog;
    const Event event = catalog.draft_event();
    const TicketSpecification guest = catalog.add_spec(event.id, "Guest ticket", 35000);
    const TicketSpecification member = catalog.add_spec(event.id, "Member ticket", 25000);
    const TicketSpecification child = catalog.add_spec(event.id, "Child ticket", 0);
    EXPECT_EQ(catalog.specifications.list(event.id), (std::vector<TicketSpecification>{guest, member, child}));
}

// ---- edit --------------------------------------------------------------------------------

TEST(Specifications, EditKeepsEveryFieldThatIsNotGiven) {
    const Catalog catalog;
    const TicketSpecification before = catalog.add_spec(catalog.draft_event().id, "Member ticket", 25000, 100, 4);
    SpecificationChanges changes;
    changes.name = "Member ticket (early bird)";
    const TicketSpecification after = catalog.specifications.edit(before.id, changes);
    TicketSpecification expected = before;
    expected.name = "Member ticket (early bird)";
    EXPECT_EQ(after, expected);
    EXPECT_EQ(catalog.specifications.get(before.id), expected);
}

TEST(Specifications, EditChangesAndClearsNullableFields) {
    const Catalog catalog;
    const TicketSpecification before = catalog.add_spec(catalog.draft_event().id, "Member ticket", 25000, 100, 4);
    SpecificationChanges changes;
    changes.price = Amount{30000, std::nullopt};
    changes.number_of_tickets_for_sale = std::optional<std::int64_t>{};  // clear: unlimited
    changes.maximum_number_of_tickets_per_user = std::optional<std::int64_t>{8};
    changes.names = std::map<std::string, std::string>{{"da", "Medlemsbillet"}};
    const TicketSpecification after = catalog.specifications.edit(before.id, changes);
    EXPECT_EQ(after.price, Money(30000, dkk));
    EXPECT_EQ(after.number_of_tickets_for_sale, std::nullopt);
    EXPECT_EQ(after.available, std::nullopt);
    EXPECT_EQ(after.maximum_number_of_tickets_per_user, 8);
    EXPECT_EQ(after.names, (std::map<std::string, std::string>{{"da", "Medlemsbillet"}}));
    EXPECT_EQ(after.name, "Member ticket");
}

TEST(Specifications, EditValidatesTheMergedFields) {
    const Catalog catalog;
    const TicketSpecification before = catalog.add_spec(catalog.draft_event().id, "Member ticket", 25000, 5, 2);
    SpecificationChanges changes;
    changes.maximum_number_of_tickets_per_user = std::optional<std::int64_t>{6};
    EXPECT_TRUE(expect_error<ValidationError>([&] { (void)catalog.specifications.edit(before.id, changes); },
                                              "too_many_tickets_per_user", "Too many tickets per user"));
    SpecificationChanges cheaper;
    cheaper.price = Amount{500, std::nullopt};
    EXPECT_TRUE(expect_error<ValidationError>([&] { (void)catalog.specifications.edit(before.id, cheaper); },
                                              "price_below_minimum", "Price must be 0 or at least 1000"));
    EXPECT_EQ(catalog.specifications.get(before.id), before);
}

TEST(Specifications, EditCannotDropTheQuotaBelowWhatIsTaken) {
    const Catalog catalog;
    const TicketSpecification spec = catalog.add_spec(catalog.draft_event().id, "Member ticket", 25000, 10);
    (void)ticketcore::testing::claim(catalog.store, spec.id, 3, true);
    (void)ticketcore::testing::claim(catalog.store, spec.id, 2, false);
    SpecificationChanges below;
    below.number_of_tickets_for_sale = std::optional<std::int64_t>{4};
    EXPECT_TRUE(expect_error<CapacityError>([&] { (void)catalog.specifications.edit(spec.id, below); },
                                            "quota_below_taken",
                                            "Number of tickets for sale cannot be less than the 5 tickets sold or "
                                            "reserved"));
    EXPECT_EQ(catalog.specifications.get(spec.id).number_of_tickets_for_sale, 10);
    SpecificationChanges exactly;
    exactly.number_of_tickets_for_sale = std::optional<std::int64_t>{5};
    EXPECT_EQ(catalog.specifications.edit(spec.id, exactly).available, 0);
    SpecificationChanges unlimited;
    unlimited.number_of_tickets_for_sale = std::optional<std::int64_t>{};
    EXPECT_EQ(catalog.specifications.edit(spec.id, unlimited).available, std::nullopt);
}

TEST(Specifications, ARejectedEditChangesNothing) {
    const Catalog catalog;
    const TicketSpecification before = catalog.add_spec(catalog.event_with_date().id, "Member ticket", 25000, 100);
    (void)catalog.specifications.set_active(before.id, true);
    const TicketSpecification active = catalog.specifications.get(before.id);
    const std::size_t rows_before = catalog.audit_log().size();
    SpecificationChanges changes;
    changes.name = "Renamed";
    changes.price = Amount{99900, std::nullopt};
    EXPECT_TRUE(expect_error<ConflictError>([&] { (void)catalog.specifications.edit(before.id, changes); },
                                            "specification_active", "Cannot edit activated ticket specification"));
    EXPECT_EQ(catalog.specifications.get(before.id), active);
    EXPECT_EQ(catalog.audit_log().size(), rows_before);
}

TEST(Specifications, EditIsRefusedOncePublishedOrCompleted) {
    const Catalog catalog;
    SpecificationChanges changes;
    changes.name = "Renamed";
    const Event published = catalog.published_event();
    const TicketSpecification on_published = catalog.add_spec(published.id);
    EXPECT_TRUE(expect_error<ConflictError>(
        [&] { (void)catalog.specifications.edit(on_published.id, changes); }, "event_published",
        "Cannot edit ticket specification for an event, which has already been published"));

    const Event event = catalog.event_with_date("Later completed");
    const TicketSpecification on_completed = catalog.add_spec(event.id);
    (void)catalog.events.publish(event.id);
    (void)catalog.events.complete(event.id);
    EXPECT_TRUE(expect_error<ConflictError>([&] { (void)catalog.specifications.edit(on_completed.id, changes); },
                                            "event_completed",
                                            "Cannot edit ticket specification for an event, which is completed"));
    EXPECT_EQ(catalog.specifications.get(on_completed.id).name, "Member ticket");
}

TEST(Specifications, DeactivatingAllowsEditingAgain) {
    const Catalog catalog;
    const TicketSpecification spec = catalog.add_spec(catalog.draft_event().id);
    (void)catalog.specifications.set_active(spec.id, true);
    (void)catalog.specifications.set_active(spec.id, false);
    SpecificationChanges changes;
    changes.price = Amount{27500, std::nullopt};
    EXPECT_EQ(catalog.specifications.edit(spec.id, changes).price, Money(27500, dkk));
}

TEST(Specifications, EditIsAuditedWithBeforeAndAfter) {
    const Catalog catalog;
    const TicketSpecification before = catalog.add_spec(catalog.draft_event().id);
    SpecificationChanges changes;
    changes.name = "Renamed";
    (void)catalog.specifications.edit(before.id, changes);
    AuditQuery query;
    query.entity_id = before.id;
    query.operation = "specification.edit";
    const std::vector<AuditEntry> rows = catalog.store.audit(query);
    ASSERT_EQ(rows.size(), 1u);
    const auto payload = nlohmann::json::parse(rows[0].payload);
    EXPECT_EQ(payload.at("before").at("name"), "Member ticket");
    EXPECT_EQ(payload.at("after").at("name"), "Renamed");
}

TEST(Specifications, EditOfAnUnknownSpecIsNotFound) {
    const Catalog catalog;
    EXPECT_TRUE(expect_error<NotFoundError>([&] { (void)catalog.specifications.edit("missing-id", {}); },
                                            "specification_not_found", not_found("missing-id")));
}

// ---- set_active --------------------------------------------------------------------------

TEST(Specifications, ActivationTogglesInDraftAndPublished) {
    const Catalog catalog;
    const Event event = catalog.event_with_date();
    const TicketSpecification spec = catalog.add_spec(event.id);
    EXPECT_TRUE(catalog.specifications.set_active(spec.id, true).is_active);
    (void)catalog.events.publish(event.id);
    EXPECT_FALSE(catalog.specifications.set_active(spec.id, false).is_active);
    EXPECT_TRUE(catalog.specifications.set_active(spec.id, true).is_active);
    EXPECT_TRUE(catalog.specifications.get(spec.id).is_active);
}

TEST(Specifications, ActivationIsBlockedOnceCompleted) {
    const Catalog catalog;
    const Event event = catalog.event_with_date();
    const TicketSpecification spec = catalog.add_spec(event.id);
    (void)catalog.events.publish(event.id);
    (void)catalog.events.complete(event.id);
    EXPECT_TRUE(expect_error<ConflictError>(
        [&] { (void)catalog.specifications.set_active(spec.id, true); }, "event_completed",
        "Cannot change active state of ticket specification for an event, which is completed"));
    EXPECT_FALSE(catalog.specifications.get(spec.id).is_active);
}

TEST(Specifications, ActivationIsAudited) {
    const Catalog catalog;
    const TicketSpecification spec = catalog.add_spec(catalog.draft_event().id);
    (void)catalog.specifications.set_active(spec.id, true);
    AuditQuery query;
    query.operation = "specification.set_active";
    const std::vector<AuditEntry> rows = catalog.store.audit(query);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].entity_id, spec.id);
    EXPECT_EQ(nlohmann::json::parse(rows[0].payload), nlohmann::json({{"before", false}, {"after", true}}));
}

TEST(Specifications, ActivationOfAnUnknownSpecIsNotFound) {
    const Catalog catalog;
    EXPECT_TRUE(expect_error<NotFoundError>([&] { (void)catalog.specifications.set_active("missing-id", true); },
                                            "specification_not_found", not_found("missing-id")));
}

// ---- remove ------------------------------------------------------------------------------

TEST(Specifications, RemoveDeletesADraftSpec) {
    const Catalog catalog;
    const Event event = catalog.event_with_date();
    const TicketSpecification spec = catalog.add_spec(event.id);
    const TicketSpecification kept = catalog.add_spec(event.id, "Guest ticket", 35000);
    catalog.specifications.remove(spec.id);
    EXPECT_TRUE(expect_error<NotFoundError>([&] { (void)catalog.specifications.get(spec.id); },
                                            "specification_not_found", not_found(spec.id)));
    EXPECT_EQ(catalog.specifications.list(event.id), (std::vector<TicketSpecification>{kept}));
    AuditQuery query;
    query.operation = "specification.remove";
    const std::vector<AuditEntry> rows = catalog.store.audit(query);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].entity_id, spec.id);
    EXPECT_EQ(nlohmann::json::parse(rows[0].payload).at("before").at("id"), spec.id);
}

TEST(Specifications, RemoveOfAnUnknownSpecUsesTheSeedMessage) {
    const Catalog catalog;
    EXPECT_TRUE(expect_error<NotFoundError>(
        [&] { catalog.specifications.remove("0190aaaa-0000-7000-8000-000000000000"); }, "specification_not_found",
        "Ticket specification with id: 0190aaaa-0000-7000-8000-000000000000 not "
        "found."));
}

TEST(Specifications, RemoveIsRefusedOncePublishedOrCompleted) {
    const Catalog catalog;
    const TicketSpecification on_published = catalog.add_spec(catalog.published_event().id);
    EXPECT_TRUE(expect_error<ConflictError>(
        [&] { catalog.specifications.remove(on_published.id); }, "event_published",
        "Cannot remove ticket specification from an event, which has already been published"));

    const Event event = catalog.event_with_date("Later completed");
    const TicketSpecification on_completed = catalog.add_spec(event.id);
    (void)catalog.events.publish(event.id);
    (void)catalog.events.complete(event.id);
    EXPECT_TRUE(expect_error<ConflictError>([&] { catalog.specifications.remove(on_completed.id); }, "event_completed",
                                            "Cannot remove ticket specification from an event, which is completed"));
    EXPECT_EQ(catalog.specifications.get(on_published.id), on_published);
    EXPECT_EQ(catalog.specifications.get(on_completed.id).id, on_completed.id);
}

TEST(Specifications, RemoveIsRefusedWhenTicketsAreSold) {
    const Catalog catalog;
    const TicketSpecification spec = catalog.add_spec(catalog.draft_event().id, "Member ticket", 25000, 100);
    (void)ticketcore::testing::claim(catalog.store, spec.id, 1, true);
    const std::size_t rows_before = catalog.audit_log().size();
    EXPECT_TRUE(expect_error<ConflictError>([&] { catalog.specifications.remove(spec.id); }, "specification_sold",
                                            already_sold(spec.id)));
    EXPECT_EQ(catalog.specifications.get(spec.id).number_of_tickets_sold, 1);
    EXPECT_EQ(catalog.audit_log().size(), rows_before);
}

TEST(Specifications, RemoveIsRefusedWhenTicketsAreReserved) {
    const Catalog catalog;
    const TicketSpecification spec = catalog.add_spec(catalog.draft_event().id, "Member ticket", 25000, 100);
    (void)ticketcore::testing::claim(catalog.store, spec.id, 2, false);
    EXPECT_TRUE(expect_error<ConflictError>([&] { catalog.specifications.remove(spec.id); }, "specification_sold",
                                            already_sold(spec.id)));
    EXPECT_EQ(catalog.specifications.get(spec.id).number_of_tickets_reserved, 2);
}

TEST(Specifications, RemoveLeavesTheSpecsPoolsConsistent) {
    const Catalog catalog;
    const Event event = catalog.draft_event();
    const TicketSpecification spec = catalog.add_spec(event.id);
    const Pool pool = catalog.pools.create(event.id, "Floor", 10, {spec.id});
    catalog.specifications.remove(spec.id);
    EXPECT_TRUE(catalog.pools.get(pool.id).specification_ids.empty());
    EXPECT_TRUE(catalog.store.check_integrity().ok());
}

// ---- permissions and tenants -------------------------------------------------------------

TEST(Specifications, MutationsNeedTheWriteScope) {
    const Catalog catalog;
    const Event event = catalog.draft_event();
    const TicketSpecification spec = catalog.add_spec(event.id);
    const Specifications reader(catalog.member_with({"events:read"}));
    const std::string denied = "Actor 'member-1' lacks the scope 'events:write'";
    EXPECT_TRUE(expect_error<PermissionDeniedError>([&] { (void)reader.add({.event_id = event.id, .name = "Sneaky"}); },
                                                    "missing_scope", denied));
    EXPECT_TRUE(expect_error<PermissionDeniedError>([&] { (void)reader.edit(spec.id, {}); }, "missing_scope", denied));
    EXPECT_TRUE(
        expect_error<PermissionDeniedError>([&] { (void)reader.set_active(spec.id, true); }, "missing_scope", denied));
    EXPECT_TRUE(expect_error<PermissionDeniedError>([&] { reader.remove(spec.id); }, "missing_scope", denied));
    EXPECT_EQ(reader.get(spec.id), spec) << "reading is allowed";
    EXPECT_EQ(catalog.specifications.list(event.id), (std::vector<TicketSpecification>{spec}));
}

TEST(Specifications, OtherOrganizationsCannotTouchTheSpec) {
    const Catalog catalog;
    const Event event = catalog.draft_event();
    const TicketSpecification spec = catalog.add_spec(event.id);
    const Specifications theirs(catalog.other_organization_store());
    const std::string denied = "Actor 'other-admin' may not access organization '" + catalog.organization.id + "'";
    EXPECT_TRUE(expect_error<PermissionDeniedError>([&] { (void)theirs.get(spec.id); }, "other_organization", denied));
    EXPECT_TRUE(
        expect_error<PermissionDeniedError>([&] { (void)theirs.list(event.id); }, "other_organization", denied));
    EXPECT_TRUE(expect_error<PermissionDeniedError>([&] { (void)theirs.add({.event_id = event.id, .name = "Sneaky"}); },
                                                    "other_organization", denied));
    EXPECT_TRUE(
        expect_error<PermissionDeniedError>([&] { (void)theirs.edit(spec.id, {}); }, "other_organization", denied));
    EXPECT_TRUE(expect_error<PermissionDeniedError>([&] { (void)theirs.set_active(spec.id, true); },
                                                    "other_organization", denied));
    EXPECT_TRUE(expect_error<PermissionDeniedError>([&] { theirs.remove(spec.id); }, "other_organization", denied));
    EXPECT_EQ(catalog.specifications.list(event.id), (std::vector<TicketSpecification>{spec}));
}

}  // namespace
