// Promo codes (service layer): creation with every rule in its order, reading, and their effect
// on orders: percentage and fixed reductions, the specifications they apply to, unlocking hidden
// specifications, usage limits and validity windows. Every test ends with check_integrity().

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <typeinfo>
#include <vector>

#include "order_support.hpp"
#include "test_support.hpp"
#include "ticketcore/ticketcore.hpp"
#include "ticketcore/values/uuid.hpp"

namespace {

using namespace ticketcore;
using namespace ticketcore_test;
using nlohmann::json;

class PromoCodesTest : public SellingTest {
protected:
    TicketSpecification member = world.on_sale("Member ticket", 25000, 300, 4);
    TicketSpecification guest = world.on_sale("Guest ticket", 35000, 200);

    [[nodiscard]] NewPromoCode percent(const std::string& code, std::int64_t basis_points) const {
        NewPromoCode input;
        input.event_id = world.event.id;
        input.code = code;
        input.percent_off = basis_points;
        return input;
    }
    [[nodiscard]] NewPromoCode amount(const std::string& code, std::int64_t minor) const {
        NewPromoCode input;
        input.event_id = world.event.id;
        input.code = code;
        input.amount_off = Amount{minor, std::nullopt};
        return input;
    }
    [[nodiscard]] std::vector<std::int64_t> discounts(const BuyOrder& order) const {
        std::vector<std::int64_t> result;
        for (const OrderLine& line : order.event_tickets) result.push_back(line.discount.minor());
        return result;
    }
    ::testing::AssertionResult invalid(const NewPromoCode& input, std::string_view code, std::string_view message) {
        return refused<ValidationError>([&] { (void)world.promo_codes.create(input); }, code, message);
    }
};

// ---- create ---------------------------------------------------------------------------------

TEST_F(PromoCodesTest, CreateAPercentageCode) {
    NewPromoCode input = percent("STUDENT15", 1500);
    input.usage_limit = 100;
    input.valid_from = clock_start;
    input.valid_until = june_12_2027_17_utc;
    input.specification_ids = {guest.id};
    const PromoCode code = world.promo_codes.create(input);
    EXPECT_TRUE(is_uuid(code.id));
    EXPECT_EQ(code.event_id, world.event.id);
    EXPECT_EQ(code.code, "STUDENT15");
    EXPECT_EQ(code.percent_off, 1500);
    EXPECT_EQ(code.amount_off, std::nullopt);
    EXPECT_EQ(code.usage_limit, 100);
    EXPECT_EQ(code.uses, 0);
    EXPECT_EQ(code.valid_from, clock_start);
    EXPECT_EQ(code.valid_until, june_12_2027_17_utc);
    EXPECT_EQ(code.specification_ids, std::vector<std::string>{guest.id});
    EXPECT_TRUE(code.unlocks.empty());
    EXPECT_EQ(code.created, clock_start);
    EXPECT_EQ(world.promo_codes.get(code.id), code);
    EXPECT_EQ(world.promo_codes.list(world.event.id).nodes, std::vector<PromoCode>{code});

    const std::vector<AuditEntry> audit = world.audit_rows("promo_code.create");
    ASSERT_EQ(audit.size(), 1u);
    EXPECT_EQ(audit[0].entity_type, "promo_code");
    EXPECT_EQ(audit[0].entity_id, code.id);
    EXPECT_EQ(audit[0].actor_id, "admin-1");
    const json payload = json::parse(audit[0].payload);
    EXPECT_EQ(payload["code"], "STUDENT15");
    EXPECT_EQ(payload["percent_off"], 1500);
    EXPECT_EQ(payload["specification_ids"], json::array({guest.id}));
    EXPECT_TRUE(world.outbox.pending(1000).empty()) << "creating a code tells no buyer anything";
}

TEST_F(PromoCodesTest, CreateAnAmountCodeInTheEventsCurrency) {
    const PromoCode plain = world.promo_codes.create(amount("JAZZ100", 10000));
    EXPECT_EQ(plain.amount_off, dkk_minor(10000));
    EXPECT_EQ(plain.percent_off, std::nullopt);
    EXPECT_EQ(plain.usage_limit, std::nullopt);
    EXPECT_EQ(plain.valid_from, std::nullopt);
    EXPECT_EQ(plain.valid_until, std::nullopt);
    NewPromoCode stated = amount("JAZZ50", 5000);
    stated.amount_off->currency = Currency::of("DKK");
    EXPECT_EQ(world.promo_codes.create(stated).amount_off, dkk_minor(5000));
    NewPromoCode euros = amount("EURO", 5000);
    euros.amount_off->currency = Currency::of("EUR");
    EXPECT_TRUE(invalid(euros, "currency_mismatch", "Amount in EUR where DKK is expected"));
}

TEST_F(PromoCodesTest, AnUnlockOnlyCodeNeedsNoReduction) {
    NewPromoCode input;
    input.event_id = world.event.id;
    input.code = "BACKSTAGE-27";
    input.unlocks = {member.id};
    input.usage_limit = 5;
    const PromoCode code = world.promo_codes.create(input);
    EXPECT_EQ(code.percent_off, std::nullopt);
    EXPECT_EQ(code.amount_off, std::nullopt);
    EXPECT_EQ(code.unlocks, std::vector<std::string>{member.id});
    EXPECT_TRUE(code.specification_ids.empty());
}

TEST_F(PromoCodesTest, TheCodeTextRules) {
    EXPECT_TRUE(invalid(percent("", 1000), "invalid_promo_code", "A promo code has 1 to 64 characters"));
    EXPECT_TRUE(
        invalid(percent(std::string(65, 'A'), 1000), "invalid_promo_code", "A promo code has 1 to 64 characters"));
    const std::vector<std::string> bad_codes = {"JAZZ 100", " JAZZ", "JAZZ\t", "JA\nZZ", "JA\x7FZZ", "\x01"};
    for (const std::string& bad : bad_codes) {
        EXPECT_TRUE(invalid(percent(bad, 1000), "invalid_promo_code",
                            "A promo code cannot contain spaces or control characters"))
            << bad;
    }
    EXPECT_EQ(world.promo_codes.create(percent(std::string(64, 'A'), 1000)).code, std::string(64, 'A'));
    EXPECT_EQ(world.promo_codes.create(percent("X", 1000)).code, "X");
    EXPECT_EQ(world.promo_codes.create(percent("SOMMER-ÆØÅ", 1000)).code, "SOMMER-ÆØÅ") << "UTF-8 is fine";
    EXPECT_EQ(world.promo_codes.create(percent("jazz100", 1000)).code, "jazz100");
    EXPECT_EQ(world.promo_codes.create(percent("JAZZ100", 1000)).code, "JAZZ100") << "codes are case-sensitive";
}

TEST_F(PromoCodesTest, TheReductionRules) {
    NewPromoCode both = percent("BOTH", 1000);
    both.amount_off = Amount{1000, std::nullopt};
    EXPECT_TRUE(invalid(both, "conflicting_reductions", "A promo code takes a percentage or an amount off, not both"));
    for (const std::int64_t rate : {std::int64_t{0}, std::int64_t{-5}, std::int64_t{10001}}) {
        EXPECT_TRUE(
            invalid(percent("RATE", rate), "invalid_rate", "percent_off must be between 1 and 10000 basis points"))
            << rate;
    }
    for (const std::int64_t minor : {std::int64_t{0}, std::int64_t{-1}}) {
        EXPECT_TRUE(invalid(amount("AMOUNT", minor), "invalid_amount", "amount_off must be greater than zero"))
            << minor;
    }
    NewPromoCode nothing;
    nothing.event_id = world.event.id;
    nothing.code = "NOTHING";
    nothing.specification_ids = {member.id};
    EXPECT_TRUE(
        invalid(nothing, "promo_code_without_effect", "A promo code needs a reduction or specifications to unlock"));
    EXPECT_EQ(world.promo_codes.create(percent("ONE", 1)).percent_off, 1);
    EXPECT_EQ(world.promo_codes.create(percent("ALL", 10000)).percent_off, 10000);
    EXPECT_EQ(world.promo_codes.create(amount("ORE", 1)).amount_off, dkk_minor(1));
}

TEST_F(PromoCodesTest, TheLimitAndWindowRules) {
    NewPromoCode negative = percent("NEG", 1000);
    negative.usage_limit = -1;
    EXPECT_TRUE(invalid(negative, "negative_number", "Usage limit cannot be negative"));
    NewPromoCode zero = percent("ZERO", 1000);
    zero.usage_limit = 0;
    EXPECT_EQ(world.promo_codes.create(zero).usage_limit, 0);

    NewPromoCode empty_window = percent("EMPTY", 1000);
    empty_window.valid_from = june_12_2027_17_utc;
    empty_window.valid_until = june_12_2027_17_utc;
    EXPECT_TRUE(invalid(empty_window, "invalid_validity_window", "valid_until must be after valid_from"));
    NewPromoCode reversed = empty_window;
    reversed.valid_from = june_12_2027_20_utc;
    EXPECT_TRUE(invalid(reversed, "invalid_validity_window", "valid_until must be after valid_from"));
    NewPromoCode open_ended = percent("OPEN", 1000);
    open_ended.valid_until = clock_start;
    EXPECT_EQ(world.promo_codes.create(open_ended).valid_until, clock_start) << "a window in the past is allowed";
}

TEST_F(PromoCodesTest, ChecksRunInTheDocumentedOrder) {
    NewPromoCode input = percent("A B", 0);
    input.amount_off = Amount{0, std::nullopt};
    input.usage_limit = -1;
    EXPECT_TRUE(invalid(input, "invalid_promo_code", "A promo code cannot contain spaces or control characters"));
    input.code = "AB";
    EXPECT_TRUE(invalid(input, "conflicting_reductions", "A promo code takes a percentage or an amount off, not both"));
    input.amount_off.reset();
    EXPECT_TRUE(invalid(input, "invalid_rate", "percent_off must be between 1 and 10000 basis points"));
    input.percent_off = 100;
    EXPECT_TRUE(invalid(input, "negative_number", "Usage limit cannot be negative"));
    input.usage_limit.reset();
    input.event_id = "no-such-event";
    input.specification_ids = {"no-such-spec"};
    EXPECT_TRUE(refused<NotFoundError>([&] { (void)world.promo_codes.create(input); }, "event_not_found",
                                       "Event with id: no-such-event not found."));
}

TEST_F(PromoCodesTest, TheEventAndSpecificationRules) {
    EXPECT_TRUE(refused<PermissionDeniedError>([&] { (void)PromoCodes(world.shop).create(percent("SHOP", 1000)); },
                                               "missing_scope", "Actor 'web-shop' lacks the scope 'events:write'"));
    const OtherOrganization other(world);
    NewPromoCode elsewhere = percent("ELSEWHERE", 1000);
    elsewhere.event_id = other.event.id;
    EXPECT_TRUE(
        refused<PermissionDeniedError>([&] { (void)world.promo_codes.create(elsewhere); }, "other_organization",
                                       "Actor 'admin-1' may not access organization '" + other.organization_id + "'"));

    (void)world.promo_codes.create(amount("JAZZ100", 10000));
    EXPECT_TRUE(refused<ConflictError>([&] { (void)world.promo_codes.create(percent("JAZZ100", 1000)); },
                                       "promo_code_exists", "Promo code 'JAZZ100' already exists for this event"));

    NewPromoCode unknown = percent("UNKNOWN", 1000);
    unknown.specification_ids = {member.id, "no-such-spec"};
    EXPECT_TRUE(refused<NotFoundError>([&] { (void)world.promo_codes.create(unknown); }, "specification_not_found",
                                       "Ticket specification with id: no-such-spec not found."));
    const Event autumn = Shop::make_event(world.catalog.events, "Autumn Jazz");
    const TicketSpecification autumn_spec = world.on_sale("Autumn", 25000, 10, std::nullopt, {}, autumn.id);
    NewPromoCode wrong_event = percent("WRONG", 1000);
    wrong_event.specification_ids = {autumn_spec.id};
    EXPECT_TRUE(
        refused<ValidationError>([&] { (void)world.promo_codes.create(wrong_event); }, "specification_other_event",
                                 "Ticket specification with id: " + autumn_spec.id + " belongs to another event"));
    NewPromoCode wrong_unlock;
    wrong_unlock.event_id = world.event.id;
    wrong_unlock.code = "WRONG-UNLOCK";
    wrong_unlock.unlocks = {autumn_spec.id};
    EXPECT_TRUE(
        refused<ValidationError>([&] { (void)world.promo_codes.create(wrong_unlock); }, "specification_other_event",
                                 "Ticket specification with id: " + autumn_spec.id + " belongs to another event"));
    NewPromoCode foreign_spec = percent("FOREIGN", 1000);
    foreign_spec.specification_ids = {other.spec.id};
    EXPECT_TRUE(
        refused<PermissionDeniedError>([&] { (void)world.promo_codes.create(foreign_spec); }, "other_organization",
                                       "Actor 'admin-1' may not access organization '" + other.organization_id + "'"));

    // The same text on another event is another code.
    NewPromoCode same_text = percent("JAZZ100", 1000);
    same_text.event_id = autumn.id;
    EXPECT_EQ(world.promo_codes.create(same_text).event_id, autumn.id);
}

TEST_F(PromoCodesTest, DraftEventsTakeCodesCompletedOnesDoNot) {
    const Event draft = world.catalog.event_with_date("Draft night");
    NewPromoCode early = percent("EARLY", 1000);
    early.event_id = draft.id;
    EXPECT_EQ(world.promo_codes.create(early).event_id, draft.id);
    (void)world.catalog.events.complete(world.event.id);
    EXPECT_TRUE(refused<ConflictError>([&] { (void)world.promo_codes.create(percent("LATE", 1000)); },
                                       "event_completed", "Cannot add a promo code to an event, which is completed"));
}

// A specification listed twice is stored once (first-seen order), never a StorageError.
TEST_F(PromoCodesTest, ASpecificationListedTwiceIsStoredOnce) {
    NewPromoCode input = percent("TWICE", 1000);
    input.specification_ids = {member.id, guest.id, member.id};
    try {
        const PromoCode code = world.promo_codes.create(input);
        EXPECT_EQ(code.specification_ids, (std::vector<std::string>{member.id, guest.id}));
        NewPromoCode unlocks;
        unlocks.event_id = world.event.id;
        unlocks.code = "UNLOCK-TWICE";
        unlocks.unlocks = {guest.id, guest.id};
        EXPECT_EQ(world.promo_codes.create(unlocks).unlocks, std::vector<std::string>{guest.id});
    } catch (const TicketcoreError& error) {
        // Acceptable too: a ValidationError naming the duplicate. Never a storage error.
        EXPECT_EQ(typeid(error), typeid(ValidationError)) << error.code() << ": " << error.what();
    }
}

// ---- reading --------------------------------------------------------------------------------

TEST_F(PromoCodesTest, ReadingCodes) {
    const PromoCode first = world.promo_codes.create(percent("FIRST", 1000));
    const PromoCode second = world.promo_codes.create(amount("SECOND", 1000));
    EXPECT_EQ(world.promo_codes.list(world.event.id).nodes, (std::vector<PromoCode>{first, second}))
        << "creation order";
    const Event empty = Shop::make_event(world.catalog.events, "Empty night");
    EXPECT_TRUE(world.promo_codes.list(empty.id).nodes.empty());
    EXPECT_TRUE(expect_error<NotFoundError>([&] { (void)world.promo_codes.get("no-such-code"); },
                                            "promo_code_not_found", "Promo code with id: no-such-code not found."));
    EXPECT_EQ(PromoCodes(world.shop).get(first.id), first) << "events:read is enough to read";
    const Store till =
        world.catalog.root.acting_as(Actor::make("till", world.catalog.organization.id, {std::string(scope::sales)}));
    EXPECT_TRUE(expect_error<PermissionDeniedError>([&] { (void)PromoCodes(till).get(first.id); }, "missing_scope",
                                                    "Actor 'till' lacks the scope 'events:read'"));
    EXPECT_TRUE(expect_error<PermissionDeniedError>([&] { (void)PromoCodes(till).list(world.event.id); },
                                                    "missing_scope", "Actor 'till' lacks the scope 'events:read'"));
    const OtherOrganization other(world);
    const std::string denied = "Actor 'other-shop' may not access organization '" + world.catalog.organization.id + "'";
    EXPECT_TRUE(expect_error<PermissionDeniedError>([&] { (void)PromoCodes(other.shop).get(first.id); },
                                                    "other_organization", denied));
    EXPECT_TRUE(expect_error<PermissionDeniedError>([&] { (void)PromoCodes(other.shop).list(world.event.id); },
                                                    "other_organization", denied));
}

// ---- codes in orders ------------------------------------------------------------------------

TEST_F(PromoCodesTest, APercentageCodeLimitedToSomeSpecifications) {
    NewPromoCode input = percent("STUDENT15", 1500);
    input.specification_ids = {guest.id};
    const PromoCode code = world.promo_codes.create(input);
    const BuyOrder finn =
        world.place({{member.id, 1}, {guest.id, 1}}, buyer("Finn Mark", "finn@example.com"), "STUDENT15");
    EXPECT_EQ(discounts(finn), (std::vector<std::int64_t>{0, 5250}));
    EXPECT_EQ(finn.price.total, dkk_minor(57250)) << "(250.00 + 5.00 + 6.25) + (297.50 + 5.00 + 8.75)";
    EXPECT_EQ(finn.event_tickets[1].vat, dkk_minor(5950)) << "a fifth of 297.50";
    EXPECT_EQ(finn.promo_code, "STUDENT15");
    EXPECT_EQ(world.promo_codes.get(code.id).uses, 1);
}

TEST_F(PromoCodesTest, ACodeWithoutSpecificationsDiscountsEveryLine) {
    (void)world.promo_codes.create(percent("ALL10", 1000));
    const BuyOrder order = world.place({{member.id, 2}, {guest.id, 1}}, alex(), "ALL10");
    EXPECT_EQ(discounts(order), (std::vector<std::int64_t>{5000, 3500}));
    EXPECT_EQ(order.price.discount, dkk_minor(8500));
}

TEST_F(PromoCodesTest, AFixedCodeIsCappedAtTheEligibleSubtotal) {
    NewPromoCode input = amount("BIG", 100000);
    input.specification_ids = {member.id};
    (void)world.promo_codes.create(input);
    const BuyOrder order = world.place({{member.id, 1}, {guest.id, 1}}, alex(), "BIG");
    EXPECT_EQ(discounts(order), (std::vector<std::int64_t>{25000, 0}));
    EXPECT_EQ(order.event_tickets[0].total, dkk_minor(500 + 625)) << "only the fees are left";
    EXPECT_EQ(order.price.total, dkk_minor(1125 + 36375));
    const BuyOrder paid = world.pay(order);
    EXPECT_EQ(paid.state, OrderState::Paid);
}

TEST_F(PromoCodesTest, ACodeIsUsedEvenWhenItDiscountsNothing) {
    NewPromoCode input = percent("GUESTS", 1000);
    input.specification_ids = {guest.id};
    input.usage_limit = 1;
    const PromoCode code = world.promo_codes.create(input);
    const BuyOrder order = world.place({{member.id, 1}}, alex(), "GUESTS");
    EXPECT_EQ(order.price.discount, dkk_minor(0));
    EXPECT_EQ(order.promo_code, "GUESTS");
    EXPECT_EQ(world.promo_codes.get(code.id).uses, 1);
    EXPECT_TRUE(refused<CapacityError>(
        [&] {
            (void)world.place({{guest.id, 1}}, alex(), "GUESTS");
        },
        "promo_code_used_up", "Promo code 'GUESTS' has been used up"));
}

TEST_F(PromoCodesTest, TheUsageLimitCountsLiveOrders) {
    NewPromoCode input = percent("TWO", 1000);
    input.usage_limit = 2;
    const PromoCode code = world.promo_codes.create(input);
    const BuyOrder first = world.place({{member.id, 1}}, alex(), "TWO");
    (void)world.pay(world.place({{member.id, 1}}, buyer("Bo Holm", "bo@example.com"), "TWO"));
    EXPECT_TRUE(refused<CapacityError>(
        [&] {
            (void)world.place({{member.id, 1}}, buyer("Cy", "cy@example.com"), "TWO");
        },
        "promo_code_used_up", "Promo code 'TWO' has been used up"));
    (void)world.orders.cancel(first.id);
    EXPECT_EQ(world.promo_codes.get(code.id).uses, 1) << "cancelling gives the use back; paying keeps it";
    EXPECT_EQ(world.place({{member.id, 1}}, buyer("Cy", "cy@example.com"), "TWO").promo_code, "TWO");
    EXPECT_EQ(world.promo_codes.get(code.id).uses, 2);

    NewPromoCode never = percent("NEVER", 1000);
    never.usage_limit = 0;
    (void)world.promo_codes.create(never);
    EXPECT_TRUE(refused<CapacityError>(
        [&] {
            (void)world.place({{member.id, 1}}, alex(), "NEVER");
        },
        "promo_code_used_up", "Promo code 'NEVER' has been used up"));
}

TEST_F(PromoCodesTest, TheValidityWindowIsFromInclusiveUntilExclusive) {
    NewPromoCode input = percent("EARLY", 1000);
    input.valid_from = Instant{clock_start.micros + one_hour_us};
    input.valid_until = Instant{clock_start.micros + 2 * one_hour_us};
    (void)world.promo_codes.create(input);
    world.catalog.clock->set(Instant{input.valid_from->micros - 1});
    EXPECT_TRUE(refused<ConflictError>(
        [&] {
            (void)world.place({{member.id, 1}}, alex(), "EARLY");
        },
        "promo_code_not_valid_yet", "Promo code 'EARLY' is not valid yet"));
    world.catalog.clock->set(*input.valid_from);
    EXPECT_EQ(world.place({{member.id, 1}}, alex(), "EARLY").price.discount, dkk_minor(2500));
    world.catalog.clock->set(Instant{input.valid_until->micros - 1});
    EXPECT_EQ(world.place({{member.id, 1}}, alex(), "EARLY").price.discount, dkk_minor(2500));
    world.catalog.clock->set(*input.valid_until);
    EXPECT_TRUE(refused<ConflictError>(
        [&] {
            (void)world.place({{member.id, 1}}, alex(), "EARLY");
        },
        "promo_code_expired", "Promo code 'EARLY' has expired"));
}

TEST_F(PromoCodesTest, AnUnknownCodeIsNotFound) {
    (void)world.promo_codes.create(amount("JAZZ100", 10000));
    EXPECT_TRUE(refused<NotFoundError>(
        [&] {
            (void)world.place({{member.id, 1}}, alex(), "jazz100");
        },
        "promo_code_not_found", "Promo code 'jazz100' not found."));
    const Event autumn = Shop::make_event(world.catalog.events, "Autumn Jazz");
    NewPromoCode autumn_code = percent("AUTUMN", 1000);
    autumn_code.event_id = autumn.id;
    (void)world.promo_codes.create(autumn_code);
    EXPECT_TRUE(refused<NotFoundError>(
        [&] {
            (void)world.place({{member.id, 1}}, alex(), "AUTUMN");
        },
        "promo_code_not_found", "Promo code 'AUTUMN' not found."))
        << "a code belongs to its event";
}

TEST_F(PromoCodesTest, TheCodeIsCheckedBeforeTheLines) {
    NewPromoCode input = percent("OLD", 1000);
    input.valid_until = clock_start;
    (void)world.promo_codes.create(input);
    EXPECT_TRUE(refused<ConflictError>(
        [&] {
            (void)world.place({{"no-such-spec", 1}}, alex(), "OLD");
        },
        "promo_code_expired", "Promo code 'OLD' has expired"));
}

TEST_F(PromoCodesTest, UnlockingHiddenSpecifications) {
    const TicketSpecification backstage = world.on_sale(
        "Backstage", 50000, 10, std::nullopt, [](NewSpecification& s) { s.visibility = Visibility::InviteOnly; });
    const TicketSpecification press = world.on_sale("Press", 30000, 10, std::nullopt,
                                                    [](NewSpecification& s) { s.visibility = Visibility::Private; });
    NewPromoCode vip;
    vip.event_id = world.event.id;
    vip.code = "BACKSTAGE-27";
    vip.unlocks = {backstage.id};
    vip.usage_limit = 5;
    const PromoCode code = world.promo_codes.create(vip);

    const BuyOrder kim =
        world.place({{backstage.id, 1}}, platform_user("user-1842", "Kim Berg", "kim@example.com"), "BACKSTAGE-27");
    EXPECT_EQ(kim.price.discount, dkk_minor(0));
    EXPECT_EQ(kim.price.total, dkk_minor(50000 + 500 + 1250));
    EXPECT_EQ(world.promo_codes.get(code.id).uses, 1);
    EXPECT_TRUE(refused<PermissionDeniedError>(
        [&] {
            (void)world.place({{backstage.id, 1}, {press.id, 1}}, alex(), "BACKSTAGE-27");
        },
        "specification_locked", "Ticket specification with id: " + press.id + " requires an access code"))
        << "it unlocks only what it lists";
    EXPECT_TRUE(refused<PermissionDeniedError>(
        [&] {
            (void)world.place({{backstage.id, 1}});
        },
        "specification_locked", "Ticket specification with id: " + backstage.id + " requires an access code"));
}

TEST_F(PromoCodesTest, ACodeThatUnlocksAndDiscountsAppliesToItsSpecifications) {
    const TicketSpecification backstage = world.on_sale(
        "Backstage", 50000, 10, std::nullopt, [](NewSpecification& s) { s.visibility = Visibility::InviteOnly; });
    NewPromoCode everything = percent("VIP20", 2000);
    everything.unlocks = {backstage.id};
    (void)world.promo_codes.create(everything);
    const BuyOrder all = world.place({{backstage.id, 1}, {member.id, 1}}, alex(), "VIP20");
    EXPECT_EQ(discounts(all), (std::vector<std::int64_t>{10000, 5000})) << "every line when specification_ids is empty";

    NewPromoCode members_only = percent("VIP-M", 2000);
    members_only.unlocks = {backstage.id};
    members_only.specification_ids = {member.id};
    (void)world.promo_codes.create(members_only);
    const BuyOrder some = world.place({{backstage.id, 1}, {member.id, 1}}, buyer("Bo Holm", "bo@example.com"), "VIP-M");
    EXPECT_EQ(discounts(some), (std::vector<std::int64_t>{0, 5000})) << "unlocked but not discounted";
}

TEST_F(PromoCodesTest, ExpiryAndCancellationGiveUsesBack) {
    NewPromoCode input = percent("ONCE", 1000);
    input.usage_limit = 1;
    const PromoCode code = world.promo_codes.create(input);
    const BuyOrder abandoned = world.place({{member.id, 1}}, alex(), "ONCE");
    world.expire(abandoned);
    EXPECT_EQ(world.promo_codes.get(code.id).uses, 1) << "until the sweep";
    (void)world.orders.expire_due();
    EXPECT_EQ(world.promo_codes.get(code.id).uses, 0);
    const BuyOrder again = world.place({{member.id, 1}}, alex(), "ONCE");
    (void)world.orders.cancel(again.id);
    EXPECT_EQ(world.promo_codes.get(code.id).uses, 0);
    EXPECT_EQ(world.pay(world.place({{member.id, 1}}, alex(), "ONCE")).state, OrderState::Paid);
    EXPECT_EQ(world.promo_codes.get(code.id).uses, 1);
}

}  // namespace
