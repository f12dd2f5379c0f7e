#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "test_support.hpp"
#include "ticketcore/model/event.hpp"
#include "ticketcore/ticketcore.hpp"
#include "ticketcore/values/uuid.hpp"

namespace {

using namespace ticketcore;
using namespace ticketcore_test;

std::vector<std::string> names(const std::vector<Event>& events) {
    std::vector<std::string> result;
    for (const Event& event : events) result.push_back(event.name);
    return result;
}

TEST(Events, CreateMakesADraftInTheOrganizationsCurrency) {
    const Catalog catalog;
    NewEvent input;
    input.name = "Sommerjazz";
    input.time_zone = "Europe/Copenhagen";
    input.description = "Jazz i parken";
    input.location = "Roskilde";
    input.platform_fee = Amount{500, std::nullopt};
    input.percentage_fee = 250;
    const Event event = catalog.events.create(input);
    EXPECT_TRUE(is_uuid(event.id));
    EXPECT_EQ(event.organization_id, catalog.organization.id);
    EXPECT_EQ(event.name, "Sommerjazz");
    EXPECT_EQ(event.description, "Jazz i parken");
    EXPECT_EQ(event.location, "Roskilde");
    EXPECT_EQ(event.time_zone, "Europe/Copenhagen");
    EXPECT_EQ(event.state, EventState::Draft);
    EXPECT_EQ(event.currency, Currency::of("DKK"));
    EXPECT_EQ(event.platform_fee, Money(500, Currency::of("DKK")));
    EXPECT_EQ(event.percentage_fee, 250);
    EXPECT_EQ(event.vat_rate, 2500);
    EXPECT_EQ(event.created, clock_start);
    EXPECT_TRUE(event.dates.empty());
    EXPECT_EQ(catalog.events.get(event.id), event);
}

TEST(Events, CreateMayChooseAnotherCurrency) {
    const Catalog catalog;
    NewEvent input;
    input.name = "Berlin trip";
    input.time_zone = "Europe/Berlin";
    input.currency = "EUR";
    input.platform_fee = Amount{150, Currency::of("EUR")};
    const Event event = catalog.events.create(input);
    EXPECT_EQ(event.currency, Currency::of("EUR"));
    EXPECT_EQ(event.platform_fee, Money(150, Currency::of("EUR")));
}

TEST(Events, CreateRejectsAFeeInTheWrongCurrency) {
    const Catalog catalog;
    NewEvent input;
    input.name = "Sommerjazz";
    input.time_zone = "Europe/Copenhagen";
    input.platform_fee = Amount{500, Currency::of("EUR")};
    EXPECT_TRUE(expect_error<ValidationError>([&] { (void)catalog.events.create(input); }, "currency_mismatch",
                                              "Amount in EUR where DKK is expected"));
    EXPECT_TRUE(catalog.events.list().nodes.empty());
}

TEST(Events, CreateValidatesAndAFailureWritesNothing) {
    const Catalog catalog;
    const std::size_t rows_before = catalog.audit_log().size();
    EXPECT_TRUE(expect_error<ValidationError>(
        [&] { (void)catalog.events.create({.name = "", .time_zone = "Europe/Copenhagen"}); }, "name_required",
        "Name is required"));
    EXPECT_TRUE(expect_error<ValidationError>(
        [&] { (void)catalog.events.create({.name = "Sommerjazz", .time_zone = "Europe/Roskilde"}); },
        "unknown_time_zone", "Unknown time zone: 'Europe/Roskilde'"));
    EXPECT_TRUE(expect_error<ValidationError>(
        [&] {
            (void)catalog.events.create({.name = "Sommerjazz", .time_zone = "Europe/Copenhagen", .currency = "XYZ"});
        },
        "unknown_currency", "Unknown currency: 'XYZ'"));
    EXPECT_TRUE(catalog.events.list().nodes.empty());
    EXPECT_EQ(catalog.audit_log().size(), rows_before);
}

TEST(Events, CreateNeedsTheWriteScopeAndAnOrganization) {
    const Catalog catalog;
    const NewEvent input{.name = "Sommerjazz", .time_zone = "Europe/Copenhagen"};
    EXPECT_TRUE(
        expect_error<PermissionDeniedError>([&] { (void)Events(catalog.member_with({"events:read"})).create(input); },
                                            "missing_scope", "Actor 'member-1' lacks the scope 'events:write'"));
    EXPECT_TRUE(expect_error<PermissionDeniedError>([&] { (void)Events(catalog.platform).create(input); },
                                                    "missing_scope",
                                                    "Actor 'platform-1' lacks the scope 'events:write'"));
    const Store homeless = catalog.root.acting_as(Actor::make("drifter", std::nullopt, {"events:write"}));
    EXPECT_TRUE(expect_error<PermissionDeniedError>([&] { (void)Events(homeless).create(input); },
                                                    "organization_required",
                                                    "Actor 'drifter' does not belong to an organization"));
    const Store ghost = catalog.root.acting_as(organization_admin("ghost", "no-such-org"));
    EXPECT_TRUE(expect_error<NotFoundError>([&] { (void)Events(ghost).create(input); }, "organization_not_found",
                                            "Organization with id: no-such-org not found."));
}

TEST(Events, AddDateFormatsLocalTimesInTheEventZone) {
    const Catalog catalog;
    const Event event = catalog.draft_event();
    const EventDate date = catalog.events.add_date(event.id, june_12_2027_17_utc, june_12_2027_20_utc);
    EXPECT_TRUE(is_uuid(date.id));
    EXPECT_EQ(date.event_id, event.id);
    EXPECT_EQ(date.start, june_12_2027_17_utc);
    EXPECT_EQ(date.end, june_12_2027_20_utc);
    EXPECT_EQ(date.local_start, "2027-06-12T19:00:00+02:00");
    EXPECT_EQ(date.local_end, "2027-06-12T22:00:00+02:00");
    EXPECT_EQ(catalog.events.get(event.id).dates, (std::vector<EventDate>{date}));
}

TEST(Events, DatesAreListedInStartOrder) {
    const Catalog catalog;
    const Event event = catalog.draft_event();
    const EventDate summer = catalog.events.add_date(event.id, june_12_2027_17_utc, june_12_2027_20_utc);
    const EventDate winter = catalog.events.add_date(event.id, january_15_2027_12_utc,
                                                     Instant{january_15_2027_12_utc.micros + 2 * one_hour_us});
    EXPECT_EQ(winter.local_start, "2027-01-15T13:00:00+01:00");
    EXPECT_EQ(catalog.events.get(event.id).dates, (std::vector<EventDate>{winter, summer}));
}

TEST(Events, AddDateRejectsBadRangesAndCompletedEvents) {
    const Catalog catalog;
    const Event draft = catalog.draft_event();
    EXPECT_TRUE(expect_error<ValidationError>(
        [&] { (void)catalog.events.add_date(draft.id, june_12_2027_17_utc, june_12_2027_17_utc); },
        "invalid_date_range", "Event date must end after it starts"));
    const Event completed = catalog.completed_event();
    EXPECT_TRUE(expect_error<ConflictError>(
        [&] { (void)catalog.events.add_date(completed.id, june_12_2027_17_utc, june_12_2027_20_utc); },
        "event_completed", "Cannot add a date to an event, which is completed"));
    EXPECT_TRUE(catalog.events.get(draft.id).dates.empty());
    EXPECT_EQ(catalog.events.get(completed.id).dates.size(), 1u);
}

TEST(Events, ADateCanBeAddedToAPublishedEvent) {
    const Catalog catalog;
    const Event published = catalog.published_event();
    (void)catalog.events.add_date(published.id, january_15_2027_12_utc,
                                  Instant{january_15_2027_12_utc.micros + one_hour_us});
    EXPECT_EQ(catalog.events.get(published.id).dates.size(), 2u);
}

TEST(Events, PublishNeedsADate) {
    const Catalog catalog;
    const Event event = catalog.draft_event();
    EXPECT_TRUE(expect_error<ConflictError>([&] { (void)catalog.events.publish(event.id); }, "event_without_dates",
                                            "Cannot publish an event without dates"));
    EXPECT_EQ(catalog.events.get(event.id).state, EventState::Draft);
    (void)catalog.events.add_date(event.id, june_12_2027_17_utc, june_12_2027_20_utc);
    const Event published = catalog.events.publish(event.id);
    EXPECT_EQ(published.state, EventState::Published);
    EXPECT_EQ(catalog.events.get(event.id), published);
}

TEST(Events, LifecycleGoesDraftPublishedCompletedOnly) {
    const Catalog catalog;
    const Event draft = catalog.event_with_date();
    EXPECT_TRUE(expect_error<ConflictError>([&] { (void)catalog.events.complete(draft.id); }, "event_not_published",
                                            "Cannot complete an event, which is not published"));
    (void)catalog.events.publish(draft.id);
    EXPECT_TRUE(expect_error<ConflictError>([&] { (void)catalog.events.publish(draft.id); }, "event_published",
                                            "Cannot publish an event, which has already been published"));
    EXPECT_EQ(catalog.events.complete(draft.id).state, EventState::Completed);
    EXPECT_TRUE(expect_error<ConflictError>([&] { (void)catalog.events.complete(draft.id); }, "event_completed",
                                            "Cannot complete an event, which is completed"));
    EXPECT_TRUE(expect_error<ConflictError>([&] { (void)catalog.events.publish(draft.id); }, "event_completed",
                                            "Cannot publish an event, which is completed"));
    EXPECT_EQ(catalog.events.get(draft.id).state, EventState::Completed);
}

TEST(Events, TransitionsAreAudited) {
    const Catalog catalog;
    const Event event = catalog.event_with_date();
    (void)catalog.events.publish(event.id);
    (void)catalog.events.complete(event.id);
    AuditQuery query;
    query.entity_id = event.id;
    const std::vector<AuditEntry> rows = catalog.store.audit(query);
    ASSERT_EQ(rows.size(), 4u);
    EXPECT_EQ(rows[2].operation, "event.publish");
    EXPECT_EQ(nlohmann::json::parse(rows[2].payload), nlohmann::json({{"before", "draft"}, {"after", "published"}}));
    EXPECT_EQ(rows[3].operation, "event.complete");
    EXPECT_EQ(nlohmann::json::parse(rows[3].payload),
              nlohmann::json({{"before", "published"}, {"after", "completed"}}));
}

TEST(Events, ListsInCreationOrderAndFiltersByState) {
    const Catalog catalog;
    (void)catalog.draft_event("Alpha");
    const Event beta = catalog.event_with_date("Beta");
    (void)catalog.draft_event("Gamma");
    (void)catalog.events.publish(beta.id);
    EXPECT_EQ(names(catalog.events.list().nodes), (std::vector<std::string>{"Alpha", "Beta", "Gamma"}));
    EXPECT_EQ(names(catalog.events.list(EventState::Draft).nodes), (std::vector<std::string>{"Alpha", "Gamma"}));
    EXPECT_EQ(names(catalog.events.list(EventState::Published).nodes), (std::vector<std::string>{"Beta"}));
    EXPECT_TRUE(catalog.events.list(EventState::Completed).nodes.empty());
}

TEST(Events, ListShowsOnlyTheActorsOrganization) {
    const Catalog catalog;
    (void)catalog.draft_event("Ours");
    const Store other = catalog.other_organization_store();
    (void)Events(other).create({.name = "Theirs", .time_zone = "Europe/Copenhagen"});
    EXPECT_EQ(names(catalog.events.list().nodes), (std::vector<std::string>{"Ours"}));
    EXPECT_EQ(names(Events(other).list().nodes), (std::vector<std::string>{"Theirs"}));
}

TEST(Events, OtherOrganizationsCannotReadOrChangeTheEvent) {
    const Catalog catalog;
    const Event event = catalog.event_with_date();
    const Events theirs(catalog.other_organization_store());
    const std::string denied = "Actor 'other-admin' may not access organization '" + catalog.organization.id + "'";
    EXPECT_TRUE(expect_error<PermissionDeniedError>([&] { (void)theirs.get(event.id); }, "other_organization", denied));
    EXPECT_TRUE(
        expect_error<PermissionDeniedError>([&] { (void)theirs.publish(event.id); }, "other_organization", denied));
    EXPECT_TRUE(expect_error<PermissionDeniedError>(
        [&] { (void)theirs.add_date(event.id, june_12_2027_17_utc, june_12_2027_20_utc); }, "other_organization",
        denied));
    EXPECT_EQ(catalog.events.get(event.id), event) << "nothing changed";
}

TEST(Events, ReadingNeedsTheReadScope) {
    const Catalog catalog;
    const Event event = catalog.draft_event();
    const Events scanner(catalog.member_with({"scan"}));
    EXPECT_TRUE(expect_error<PermissionDeniedError>([&] { (void)scanner.get(event.id); }, "missing_scope",
                                                    "Actor 'member-1' lacks the scope 'events:read'"));
    EXPECT_TRUE(expect_error<PermissionDeniedError>([&] { (void)scanner.list(); }, "missing_scope",
                                                    "Actor 'member-1' lacks the scope 'events:read'"));
    const Events reader(catalog.member_with({"events:read"}));
    EXPECT_EQ(reader.get(event.id), event);
    EXPECT_TRUE(expect_error<PermissionDeniedError>([&] { (void)reader.publish(event.id); }, "missing_scope",
                                                    "Actor 'member-1' lacks the scope 'events:write'"));
}

TEST(Events, UnknownIdsAreNotFound) {
    const Catalog catalog;
    EXPECT_TRUE(expect_error<NotFoundError>([&] { (void)catalog.events.get("nope"); }, "event_not_found",
                                            "Event with id: nope not found."));
    EXPECT_TRUE(expect_error<NotFoundError>([&] { (void)catalog.events.publish("nope"); }, "event_not_found",
                                            "Event with id: nope not found."));
    EXPECT_TRUE(expect_error<NotFoundError>(
        [&] { (void)catalog.events.add_date("nope", june_12_2027_17_utc, june_12_2027_20_utc); }, "event_not_found",
        "Event with id: nope not found."));
}

}  // namespace
