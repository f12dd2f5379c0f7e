#include "ticketcore/rules/specification_rules.hpp"

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace {

using namespace ticketcore;
using namespace ticketcore::rules;
using ticketcore_test::expect_error;

/// A valid paid spec: 250 DKK, 100 for sale, 10 per user.
SpecificationFields member_ticket() {
    SpecificationFields fields;
    fields.name = "Member ticket";
    fields.price = 25000;
    fields.number_of_tickets_for_sale = 100;
    fields.maximum_number_of_tickets_per_user = 10;
    return fields;
}

::testing::AssertionResult rejects(const SpecificationFields& fields, std::string_view code, std::string_view message) {
    return expect_error<ValidationError>([&] { validate_specification(fields); }, code, message);
}

TEST(SpecificationRules, AcceptsAValidSpecification) {
    EXPECT_NO_THROW(validate_specification(member_ticket()));
    EXPECT_EQ(minimum_paid_price, 1000);
}

TEST(SpecificationRules, NameIsRequired) {
    SpecificationFields fields = member_ticket();
    fields.name = "";
    EXPECT_TRUE(rejects(fields, "name_required", "Name is required"));
    fields.name = " \t\n";
    EXPECT_TRUE(rejects(fields, "name_required", "Name is required"));
}

TEST(SpecificationRules, LocalizedNamesNeedALocaleAndAText) {
    SpecificationFields fields = member_ticket();
    const std::map<std::string, std::string> blank_name{{"da", "Medlemsbillet"}, {"de", " "}};
    fields.names = &blank_name;
    EXPECT_TRUE(rejects(fields, "name_required", "Name for locale 'de' is required"));
    const std::map<std::string, std::string> blank_locale{{"", "Medlemsbillet"}};
    fields.names = &blank_locale;
    EXPECT_TRUE(rejects(fields, "invalid_locale", "Locale cannot be empty"));
    const std::map<std::string, std::string> good{{"da", "Medlemsbillet"}};
    fields.names = &good;
    EXPECT_NO_THROW(validate_specification(fields));
}

TEST(SpecificationRules, PriceIsZeroOrAtLeastTenKroner) {
    SpecificationFields fields = member_ticket();
    fields.price = 0;
    EXPECT_NO_THROW(validate_specification(fields));
    fields.price = 1000;
    EXPECT_NO_THROW(validate_specification(fields));
    fields.price = 999;
    EXPECT_TRUE(rejects(fields, "price_below_minimum", "Price must be 0 or at least 1000"));
    fields.price = 1;
    EXPECT_TRUE(rejects(fields, "price_below_minimum", "Price must be 0 or at least 1000"));
    fields.price = -1000;
    EXPECT_TRUE(rejects(fields, "negative_number", "Price cannot be negative"));
}

TEST(SpecificationRules, FeesMustBeInRange) {
    SpecificationFields fields = member_ticket();
    fields.ticket_platform_fee = -1;
    EXPECT_TRUE(rejects(fields, "negative_number", "Ticket platform fee cannot be negative"));
    fields.ticket_platform_fee = 0;
    for (const std::int64_t rate : {std::int64_t{-1}, std::int64_t{10001}}) {
        fields.ticket_percentage_fee = rate;
        EXPECT_TRUE(rejects(fields, "invalid_rate", "Ticket percentage fee must be between 0 and 10000 basis points"));
    }
    fields.ticket_percentage_fee = 10000;
    EXPECT_NO_THROW(validate_specification(fields));
}

TEST(SpecificationRules, QuotaAndPerUserCapCannotBeNegative) {
    SpecificationFields fields = member_ticket();
    fields.number_of_tickets_for_sale = -1;
    EXPECT_TRUE(rejects(fields, "negative_number", "Number of tickets for sale cannot be negative"));
    fields = member_ticket();
    fields.maximum_number_of_tickets_per_user = -1;
    EXPECT_TRUE(rejects(fields, "negative_number", "Maximum number of tickets per user cannot be negative"));
}

TEST(SpecificationRules, QuotaBelowThePerUserCapIsTooManyTicketsPerUser) {
    SpecificationFields fields = member_ticket();
    fields.number_of_tickets_for_sale = 5;
    fields.maximum_number_of_tickets_per_user = 6;
    EXPECT_TRUE(rejects(fields, "too_many_tickets_per_user", "Too many tickets per user"));
    fields.maximum_number_of_tickets_per_user = 5;
    EXPECT_NO_THROW(validate_specification(fields)) << "equal is allowed";
    fields.number_of_tickets_for_sale = 0;
    fields.maximum_number_of_tickets_per_user = 1;
    EXPECT_TRUE(rejects(fields, "too_many_tickets_per_user", "Too many tickets per user"));
}

TEST(SpecificationRules, PerUserCapAloneOrQuotaAloneIsFine) {
    SpecificationFields fields = member_ticket();
    fields.number_of_tickets_for_sale = std::nullopt;
    fields.maximum_number_of_tickets_per_user = 1'000'000;
    EXPECT_NO_THROW(validate_specification(fields));
    fields.number_of_tickets_for_sale = 1;
    fields.maximum_number_of_tickets_per_user = std::nullopt;
    EXPECT_NO_THROW(validate_specification(fields));
}

TEST(SpecificationRules, SaleWindowMustEndAfterItStarts) {
    SpecificationFields fields = member_ticket();
    fields.sale_start = Instant{100};
    fields.sale_end = Instant{100};
    EXPECT_TRUE(rejects(fields, "invalid_sale_window", "Sale end must be after sale start"));
    fields.sale_end = Instant{50};
    EXPECT_TRUE(rejects(fields, "invalid_sale_window", "Sale end must be after sale start"));
    fields.sale_end = Instant{101};
    EXPECT_NO_THROW(validate_specification(fields));
    fields.sale_start = std::nullopt;
    EXPECT_NO_THROW(validate_specification(fields)) << "an open start is fine";
}

TEST(SpecificationRules, ReentryLimitNeedsReentryAndAtLeastOneScan) {
    SpecificationFields fields = member_ticket();
    fields.reentry_limit = 3;
    EXPECT_TRUE(rejects(fields, "reentry_not_allowed", "Re-entry limit requires allow_reentry"));
    fields.allow_reentry = true;
    EXPECT_NO_THROW(validate_specification(fields));
    fields.reentry_limit = 0;
    EXPECT_TRUE(rejects(fields, "invalid_reentry_limit", "Re-entry limit must be at least 1"));
    fields.reentry_limit = std::nullopt;
    EXPECT_NO_THROW(validate_specification(fields)) << "unlimited re-entry";
}

TEST(SpecificationRules, LabelsCannotBeBlank) {
    SpecificationFields fields = member_ticket();
    const std::vector<std::string> perks{"Free coat check", ""};
    fields.perks = &perks;
    EXPECT_TRUE(rejects(fields, "empty_label", "Perks cannot contain empty values"));
    fields.perks = nullptr;
    const std::vector<std::string> scan_points{"Main gate", "  "};
    fields.accepted_scan_points = &scan_points;
    EXPECT_TRUE(rejects(fields, "empty_label", "Accepted scan points cannot contain empty values"));
}

TEST(SpecificationRules, AddIsAllowedUntilTheEventIsCompleted) {
    EXPECT_NO_THROW(check_can_add(EventState::Draft));
    EXPECT_NO_THROW(check_can_add(EventState::Published));
    EXPECT_TRUE(expect_error<ConflictError>([] { check_can_add(EventState::Completed); }, "event_completed",
                                            "Cannot add ticket specification to an event, which is completed"));
}

TEST(SpecificationRules, AnEventHoldsAtMost200SpecificationsAnd200Pools) {
    EXPECT_NO_THROW(check_room_for_specification(0));
    EXPECT_NO_THROW(check_room_for_specification(199));
    EXPECT_TRUE(expect_error<ConflictError>([] { check_room_for_specification(200); }, "specification_limit_reached",
                                            "An event has at most 200 ticket specifications"));
    EXPECT_NO_THROW(check_room_for_pool(199));
    EXPECT_TRUE(expect_error<ConflictError>([] { check_room_for_pool(200); }, "pool_limit_reached",
                                            "An event has at most 200 capacity pools"));
}

TEST(SpecificationRules, EditNeedsAnInactiveSpecOfADraftEvent) {
    EXPECT_NO_THROW(check_can_edit(EventState::Draft, false));
    EXPECT_TRUE(expect_error<ConflictError>([] { check_can_edit(EventState::Draft, true); }, "specification_active",
                                            "Cannot edit activated ticket specification"));
    EXPECT_TRUE(expect_error<ConflictError>([] { check_can_edit(EventState::Published, false); }, "event_published",
                                            "Cannot edit ticket specification for an event, which has already been "
                                            "published"));
    EXPECT_TRUE(expect_error<ConflictError>([] { check_can_edit(EventState::Completed, false); }, "event_completed",
                                            "Cannot edit ticket specification for an event, which is completed"));
}

TEST(SpecificationRules, EditOfAnActiveSpecReportsActivationFirst) {
    // The seed tells the user to deactivate first; that advice applies whatever the event state.
    EXPECT_TRUE(expect_error<ConflictError>([] { check_can_edit(EventState::Published, true); }, "specification_active",
                                            "Cannot edit activated ticket specification"));
    EXPECT_TRUE(expect_error<ConflictError>([] { check_can_edit(EventState::Completed, true); }, "specification_active",
                                            "Cannot edit activated ticket specification"));
}

TEST(SpecificationRules, ActivationTogglesUnlessCompleted) {
    EXPECT_NO_THROW(check_can_set_active(EventState::Draft));
    EXPECT_NO_THROW(check_can_set_active(EventState::Published));
    EXPECT_TRUE(expect_error<ConflictError>(
        [] { check_can_set_active(EventState::Completed); }, "event_completed",
        "Cannot change active state of ticket specification for an event, which is completed"));
}

TEST(SpecificationRules, RemoveNeedsADraftEvent) {
    EXPECT_NO_THROW(check_can_remove(EventState::Draft, "spec-1", 0, 0));
    EXPECT_TRUE(expect_error<ConflictError>([] { check_can_remove(EventState::Completed, "spec-1", 0, 0); },
                                            "event_completed",
                                            "Cannot remove ticket specification from an event, which is completed"));
    EXPECT_TRUE(expect_error<ConflictError>(
        [] { check_can_remove(EventState::Published, "spec-1", 0, 0); }, "event_published",
        "Cannot remove ticket specification from an event, which has already been published"));
}

TEST(SpecificationRules, RemoveNeedsNothingSoldOrReserved) {
    EXPECT_TRUE(expect_error<ConflictError>([] { check_can_remove(EventState::Draft, "spec-1", 1, 0); },
                                            "specification_sold",
                                            "Tickets for ticket specification with id: spec-1 has already been sold."));
    EXPECT_TRUE(expect_error<ConflictError>([] { check_can_remove(EventState::Draft, "spec-2", 0, 3); },
                                            "specification_sold",
                                            "Tickets for ticket specification with id: spec-2 has already been sold."));
}

TEST(SpecificationRules, NotFoundUsesTheSeedMessage) {
    EXPECT_TRUE(expect_error<NotFoundError>([] { throw_specification_not_found("0190-abc"); },
                                            "specification_not_found",
                                            "Ticket specification with id: 0190-abc not found."));
}

TEST(Availability, UnlimitedWhenNoBucketHasASize) {
    EXPECT_EQ(availability({std::nullopt, 7, 3}, {}), std::nullopt);
    const std::vector<CapacityBucket> unlimited_pools{{std::nullopt, 1, 1}};
    EXPECT_EQ(availability({std::nullopt, 0, 0}, unlimited_pools), std::nullopt);
}

TEST(Availability, IsTheQuotaMinusSoldAndReserved) {
    EXPECT_EQ(availability({10, 3, 2}, {}), 5);
    EXPECT_EQ(availability({10, 0, 0}, {}), 10);
    EXPECT_EQ(availability({10, 10, 0}, {}), 0);
}

TEST(Availability, IsTheMinimumOverTheQuotaAndEveryPool) {
    const std::vector<CapacityBucket> pools{{20, 5, 5}, {8, 2, 0}, {50, 0, 0}};
    EXPECT_EQ(availability({10, 3, 2}, pools), 5) << "own quota is tightest";
    EXPECT_EQ(availability({100, 0, 0}, pools), 6) << "the second pool is tightest";
    EXPECT_EQ(availability({std::nullopt, 0, 0}, pools), 6) << "an unlimited spec is bounded by its pools";
}

TEST(Availability, IsNeverNegative) {
    EXPECT_EQ(availability({5, 4, 3}, {}), 0);
    const std::vector<CapacityBucket> oversold{{2, 3, 0}};
    EXPECT_EQ(availability({10, 0, 0}, oversold), 0);
}

TEST(Visibility, NamesRoundTrip) {
    for (const Visibility visibility : {Visibility::Public, Visibility::Private, Visibility::InviteOnly}) {
        EXPECT_EQ(visibility_from_string(to_string(visibility)), visibility);
    }
    EXPECT_EQ(to_string(Visibility::InviteOnly), "invite-only");
    EXPECT_TRUE(expect_error<ValidationError>([] { (void)visibility_from_string("hidden"); }, "unknown_visibility",
                                              "Unknown visibility: 'hidden'"));
}

TEST(TicketSpecification, NameForFallsBackFromLocaleToLanguageToName) {
    TicketSpecification spec;
    spec.name = "Member ticket";
    spec.names = {{"da", "Medlemsbillet"}, {"de-AT", "Mitgliedskarte"}};
    EXPECT_EQ(spec.name_for("da"), "Medlemsbillet");
    EXPECT_EQ(spec.name_for("da-DK"), "Medlemsbillet");
    EXPECT_EQ(spec.name_for("da_DK"), "Medlemsbillet");
    EXPECT_EQ(spec.name_for("de-AT"), "Mitgliedskarte");
    EXPECT_EQ(spec.name_for("de-DE"), "Member ticket") << "no 'de' entry, only 'de-AT'";
    EXPECT_EQ(spec.name_for("sv"), "Member ticket");
    EXPECT_EQ(spec.name_for(""), "Member ticket");
}

TEST(TicketSpecification, IncludeVatIsAnyNonZeroRate) {
    TicketSpecification spec;
    spec.vat_rate = 0;
    EXPECT_FALSE(spec.include_vat());
    spec.vat_rate = 2500;
    EXPECT_TRUE(spec.include_vat());
    spec.vat_rate = 600;
    EXPECT_TRUE(spec.include_vat());
}

TEST(SpecificationRules, APoolHasWhatIsNeitherSoldNorReservedLeftAndNeverLessThanNothing) {
    EXPECT_EQ(rules::pool_available(10, 3, 2), 5);
    EXPECT_EQ(rules::pool_available(10, 6, 4), 0);
    EXPECT_EQ(rules::pool_available(10, 9, 4), 0) << "an over-full pool (a corrupted counter) shows 0, not -3";
}

TEST(SpecificationRules, APercentageFeeAmountIsTheRateOfThePriceRoundedOnceByTheOrganizationsRule) {
    const Currency dkk = Currency::of("DKK");
    EXPECT_EQ(rules::percentage_fee_amount(Money(25000, dkk), 250, RoundingMode::HalfUp), Money(625, dkk));
    // 2.5 % of 10.10 DKK is 25.25 øre: a tie is no tie at 25.25; 2.5 % of 10.20 is 25.5 øre, a tie.
    EXPECT_EQ(rules::percentage_fee_amount(Money(1010, dkk), 250, RoundingMode::HalfUp), Money(25, dkk));
    EXPECT_EQ(rules::percentage_fee_amount(Money(1020, dkk), 250, RoundingMode::HalfUp), Money(26, dkk));
    EXPECT_EQ(rules::percentage_fee_amount(Money(1020, dkk), 250, RoundingMode::HalfEven), Money(26, dkk));
    EXPECT_EQ(rules::percentage_fee_amount(Money(1060, dkk), 250, RoundingMode::HalfEven), Money(26, dkk))
        << "26.5 øre to the even neighbour";
    EXPECT_EQ(rules::percentage_fee_amount(Money(1060, dkk), 250, RoundingMode::HalfUp), Money(27, dkk));
    EXPECT_EQ(rules::percentage_fee_amount(Money(0, dkk), 250, RoundingMode::HalfUp), Money(0, dkk));
}

TEST(SpecificationRules, ASnapshotComputesTheFeeAmountAndTheAvailabilityFromTheStoredFields) {
    const Currency dkk = Currency::of("DKK");
    TicketSpecification stored;
    stored.price = Money(25000, dkk);
    stored.ticket_percentage_fee = 250;
    stored.number_of_tickets_for_sale = 100;
    stored.number_of_tickets_sold = 30;
    stored.number_of_tickets_reserved = 5;
    const std::vector<CapacityBucket> no_pools;
    const TicketSpecification own = rules::specification_snapshot(stored, RoundingMode::HalfUp, no_pools);
    EXPECT_EQ(own.percentage_fee_amount, Money(625, dkk));
    EXPECT_EQ(own.available, std::optional<std::int64_t>(65));
    EXPECT_EQ(own.price, stored.price) << "the stored fields are kept";
    EXPECT_EQ(own.number_of_tickets_sold, 30);

    const std::vector<CapacityBucket> pools = {{50, 20, 10}, {std::nullopt, 0, 0}};
    EXPECT_EQ(rules::specification_snapshot(stored, RoundingMode::HalfUp, pools).available,
              std::optional<std::int64_t>(20))
        << "the fullest of its quota and its pools";
    stored.number_of_tickets_for_sale = std::nullopt;
    EXPECT_EQ(rules::specification_snapshot(stored, RoundingMode::HalfUp, no_pools).available, std::nullopt)
        << "unlimited";
}

}  // namespace
