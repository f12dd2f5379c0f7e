// The order rules of layer 2 (order_rules.hpp): pure functions, no SQL and no clock. Every
// refusal is checked for its exact class, code and message.

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "test_support.hpp"
#include "ticketcore/model/buyer.hpp"
#include "ticketcore/model/event.hpp"
#include "ticketcore/model/order.hpp"
#include "ticketcore/model/promo_code.hpp"
#include "ticketcore/model/specification.hpp"
#include "ticketcore/model/ticket.hpp"
#include "ticketcore/rules/order_rules.hpp"
#include "ticketcore/values/unicode.hpp"

namespace {

using namespace ticketcore;
using namespace ticketcore_test;

BuyerInput buyer(std::string name, std::string email, std::optional<std::string> user_id = std::nullopt) {
    return BuyerInput{std::move(user_id), std::move(name), std::move(email), "", ""};
}

::testing::AssertionResult invalid_email(const std::string& email) {
    return expect_error<ValidationError>([&] { rules::validate_buyer(buyer("Alex Reyes", email)); }, "invalid_email",
                                         "Invalid e-mail address: '" + unicode::escape(email) + "'");
}

/// An active public specification "spec-1" with a sale window [opens, closes).
TicketSpecification on_sale(std::optional<Instant> opens = std::nullopt, std::optional<Instant> closes = std::nullopt) {
    TicketSpecification spec;
    spec.id = "spec-1";
    spec.is_active = true;
    spec.sale_start = opens;
    spec.sale_end = closes;
    return spec;
}

PromoCode code(std::optional<Instant> from = std::nullopt, std::optional<Instant> until = std::nullopt,
               std::optional<std::int64_t> limit = std::nullopt, std::int64_t uses = 0) {
    PromoCode promo;
    promo.id = "code-1";
    promo.code = "EARLY";
    promo.percent_off = 1000;
    promo.valid_from = from;
    promo.valid_until = until;
    promo.usage_limit = limit;
    promo.uses = uses;
    return promo;
}

constexpr Instant opens = june_12_2027_17_utc;
constexpr Instant closes = june_12_2027_20_utc;

// ---- validate_buyer ------------------------------------------------------------------------

TEST(OrderRules, AGuestAndAPlatformUserAreValidBuyers) {
    EXPECT_NO_THROW(rules::validate_buyer(buyer("Alex Reyes", "alex@example.com")));
    EXPECT_NO_THROW(rules::validate_buyer(buyer("Kim Berg", "kim@example.com", "user-1842")));
    EXPECT_NO_THROW(rules::validate_buyer(BuyerInput{"user-1", "Kim", "k@x", "+45 20 30 40 50", "https://a/b.png"}));
}

TEST(OrderRules, TheNameIsRequired) {
    for (const std::string name : {"", " ", "\t\n", "\r\v\f "}) {
        EXPECT_TRUE(expect_error<ValidationError>([&] { rules::validate_buyer(buyer(name, "alex@example.com")); },
                                                  "name_required", "Name is required"))
            << "'" << name << "'";
    }
    EXPECT_NO_THROW(rules::validate_buyer(buyer(" A ", "alex@example.com")));
}

TEST(OrderRules, AUserIdWhenGivenIsNotBlank) {
    for (const std::string id : {"", " ", "\t"}) {
        EXPECT_TRUE(
            expect_error<ValidationError>([&] { rules::validate_buyer(buyer("Kim Berg", "kim@example.com", id)); },
                                          "user_id_required", "User id cannot be empty"))
            << "'" << id << "'";
    }
}

TEST(OrderRules, EmailShapes) {
    for (const std::string good :
         {"a@b", "alex@example.com", "Alex.Reyes+jazz@example.co.uk", "x@localhost", "ø@æ.dk", "a.b@c"}) {
        EXPECT_NO_THROW(rules::validate_buyer(buyer("Alex Reyes", good))) << good;
    }
    for (const std::string bad : {"",
                                  "@",
                                  "alex.example.com",
                                  "@example.com",
                                  "alex@",
                                  "alex@@example.com",
                                  "a@b@c",
                                  "alex @example.com",
                                  "alex@example .com",
                                  " alex@example.com",
                                  "alex@example.com ",
                                  "alex@exa\tmple.com",
                                  "alex@example.com\n",
                                  "al\rex@x",
                                  "alex@example.com\x01",
                                  "alex@example.com\x7F",
                                  "alex@example\xC2\xA0.com",
                                  "alex@example.com\xE2\x80\x8B",
                                  "alex\xC2\x85@example.com",
                                  "alex@\xE3\x80\x80x"}) {
        EXPECT_TRUE(invalid_email(bad)) << "'" << unicode::escape(bad) << "'";
    }
}

TEST(OrderRules, BuyerChecksRunUserIdThenNameThenEmail) {
    EXPECT_TRUE(expect_error<ValidationError>([&] { rules::validate_buyer(buyer("", "bad", "")); }, "user_id_required",
                                              "User id cannot be empty"));
    EXPECT_TRUE(expect_error<ValidationError>([&] { rules::validate_buyer(buyer(" ", "bad")); }, "name_required",
                                              "Name is required"));
}

// ---- check_event_on_sale / check_quantity --------------------------------------------------

TEST(OrderRules, OnlyAPublishedEventSells) {
    EXPECT_NO_THROW(rules::check_event_on_sale(EventState::Published));
    for (const EventState state : {EventState::Draft, EventState::Completed}) {
        EXPECT_TRUE(expect_error<ConflictError>([&] { rules::check_event_on_sale(state); }, "event_not_published",
                                                "Cannot buy tickets for an event, which is not published"))
            << to_string(state);
    }
}

TEST(OrderRules, AQuantityIsAtLeastOne) {
    for (const std::int64_t good : {std::int64_t{1}, std::int64_t{2}, int64_max}) {
        EXPECT_NO_THROW(rules::check_quantity(good)) << good;
    }
    for (const std::int64_t bad : {std::int64_t{0}, std::int64_t{-1}, std::numeric_limits<std::int64_t>::min()}) {
        EXPECT_TRUE(expect_error<ValidationError>([&] { rules::check_quantity(bad); }, "invalid_quantity",
                                                  "Quantity must be greater than 0"))
            << bad;
    }
}

// ---- check_specification_on_sale -----------------------------------------------------------

TEST(OrderRules, AnInactiveSpecificationDoesNotSell) {
    TicketSpecification spec = on_sale();
    spec.is_active = false;
    EXPECT_TRUE(expect_error<ConflictError>([&] { rules::check_specification_on_sale(spec, opens, true); },
                                            "specification_inactive",
                                            "Ticket specification with id: spec-1 is not active"));
}

TEST(OrderRules, InactiveIsReportedBeforeTheWindowAndTheVisibility) {
    TicketSpecification spec = on_sale(closes, std::nullopt);
    spec.is_active = false;
    spec.visibility = Visibility::Private;
    EXPECT_TRUE(expect_error<ConflictError>([&] { rules::check_specification_on_sale(spec, opens, false); },
                                            "specification_inactive",
                                            "Ticket specification with id: spec-1 is not active"));
}

TEST(OrderRules, TheSaleStartIsInclusive) {
    const TicketSpecification spec = on_sale(opens, closes);
    EXPECT_TRUE(expect_error<ConflictError>(
        [&] { rules::check_specification_on_sale(spec, at(opens.micros - 1), false); }, "sale_not_started",
        "Sale of ticket specification with id: spec-1 has not started"));
    EXPECT_NO_THROW(rules::check_specification_on_sale(spec, opens, false));
    EXPECT_NO_THROW(rules::check_specification_on_sale(spec, at(opens.micros + 1), false));
}

TEST(OrderRules, TheSaleEndIsExclusive) {
    const TicketSpecification spec = on_sale(opens, closes);
    EXPECT_NO_THROW(rules::check_specification_on_sale(spec, at(closes.micros - 1), false));
    EXPECT_TRUE(expect_error<ConflictError>([&] { rules::check_specification_on_sale(spec, closes, false); },
                                            "sale_ended", "Sale of ticket specification with id: spec-1 has ended"));
    EXPECT_TRUE(
        expect_error<ConflictError>([&] { rules::check_specification_on_sale(spec, at(closes.micros + 1), false); },
                                    "sale_ended", "Sale of ticket specification with id: spec-1 has ended"));
}

TEST(OrderRules, OpenSaleWindowsAreOpen) {
    EXPECT_NO_THROW(rules::check_specification_on_sale(on_sale(), at(0), false));
    EXPECT_NO_THROW(rules::check_specification_on_sale(on_sale(std::nullopt, closes), at(closes.micros - 1), false));
    EXPECT_NO_THROW(rules::check_specification_on_sale(on_sale(opens, std::nullopt), at(int64_max), false));
}

TEST(OrderRules, HiddenSpecificationsNeedAnUnlock) {
    for (const Visibility visibility : {Visibility::Private, Visibility::InviteOnly}) {
        TicketSpecification spec = on_sale();
        spec.visibility = visibility;
        EXPECT_TRUE(expect_error<PermissionDeniedError>([&] { rules::check_specification_on_sale(spec, opens, false); },
                                                        "specification_locked",
                                                        "Ticket specification with id: spec-1 requires an access code"))
            << to_string(visibility);
        EXPECT_NO_THROW(rules::check_specification_on_sale(spec, opens, true)) << to_string(visibility);
    }
    EXPECT_NO_THROW(rules::check_specification_on_sale(on_sale(), opens, true))
        << "an unlock on a public spec is harmless";
}

TEST(OrderRules, TheWindowIsCheckedBeforeTheVisibility) {
    TicketSpecification spec = on_sale(closes, std::nullopt);
    spec.visibility = Visibility::InviteOnly;
    EXPECT_TRUE(expect_error<ConflictError>([&] { rules::check_specification_on_sale(spec, opens, false); },
                                            "sale_not_started",
                                            "Sale of ticket specification with id: spec-1 has not started"));
}

// ---- check_per_user_limit ------------------------------------------------------------------

TEST(OrderRules, NoPerUserMaximumMeansNoLimit) {
    EXPECT_NO_THROW(rules::check_per_user_limit(std::nullopt, 0, int64_max));
    EXPECT_NO_THROW(rules::check_per_user_limit(std::nullopt, 1'000'000, 1'000'000));
}

TEST(OrderRules, ThePerUserMaximumCountsWhatIsHeldPlusTheRequest) {
    EXPECT_NO_THROW(rules::check_per_user_limit(4, 0, 4));
    EXPECT_NO_THROW(rules::check_per_user_limit(4, 3, 1));
    EXPECT_NO_THROW(rules::check_per_user_limit(4, 2, 2));
    const std::vector<std::pair<std::int64_t, std::int64_t>> too_many = {{0, 5}, {3, 2}, {4, 1}, {5, 1}, {0, 100}};
    for (const auto& pair : too_many) {
        EXPECT_TRUE(expect_error<CapacityError>([&] { rules::check_per_user_limit(4, pair.first, pair.second); },
                                                "too_many_tickets_per_user", "Too many tickets per user"))
            << pair.first << " + " << pair.second;
    }
    EXPECT_TRUE(expect_error<CapacityError>([&] { rules::check_per_user_limit(0, 0, 1); }, "too_many_tickets_per_user",
                                            "Too many tickets per user"))
        << "a maximum of 0 sells nothing";
}

// A huge request must be refused, not wrap around the limit (the check never adds the two).
TEST(OrderRules, ThePerUserMaximumDoesNotOverflow) {
    EXPECT_TRUE(expect_error<CapacityError>([&] { rules::check_per_user_limit(4, 1, int64_max); },
                                            "too_many_tickets_per_user", "Too many tickets per user"));
    EXPECT_TRUE(expect_error<CapacityError>([&] { rules::check_per_user_limit(int64_max, int64_max, 1); },
                                            "too_many_tickets_per_user", "Too many tickets per user"));
}

TEST(OrderRules, ThePerUserMaximumAtTheEdgeOfInt64) {
    // Sums that fit in int64 work today (the overflowing ones are the test above).
    EXPECT_NO_THROW(rules::check_per_user_limit(int64_max, 0, int64_max));
    EXPECT_NO_THROW(rules::check_per_user_limit(int64_max, int64_max - 1, 1));
    EXPECT_TRUE(expect_error<CapacityError>([&] { rules::check_per_user_limit(4, 0, int64_max); },
                                            "too_many_tickets_per_user", "Too many tickets per user"));
}

// ---- check_promo_code_usable ---------------------------------------------------------------

TEST(OrderRules, APromoCodeWithoutWindowOrLimitIsAlwaysUsable) {
    EXPECT_NO_THROW(rules::check_promo_code_usable(code(), at(0)));
    EXPECT_NO_THROW(rules::check_promo_code_usable(code(std::nullopt, std::nullopt, std::nullopt, 1'000'000), opens));
}

TEST(OrderRules, APromoCodeIsValidFromInclusiveUntilExclusive) {
    const PromoCode promo = code(opens, closes);
    EXPECT_TRUE(expect_error<ConflictError>([&] { rules::check_promo_code_usable(promo, at(opens.micros - 1)); },
                                            "promo_code_not_valid_yet", "Promo code 'EARLY' is not valid yet"));
    EXPECT_NO_THROW(rules::check_promo_code_usable(promo, opens));
    EXPECT_NO_THROW(rules::check_promo_code_usable(promo, at(closes.micros - 1)));
    EXPECT_TRUE(expect_error<ConflictError>([&] { rules::check_promo_code_usable(promo, closes); },
                                            "promo_code_expired", "Promo code 'EARLY' has expired"));
    EXPECT_TRUE(expect_error<ConflictError>([&] { rules::check_promo_code_usable(promo, at(closes.micros + 1)); },
                                            "promo_code_expired", "Promo code 'EARLY' has expired"));
}

TEST(OrderRules, APromoCodeIsUsableBelowItsUsageLimit) {
    EXPECT_NO_THROW(rules::check_promo_code_usable(code(std::nullopt, std::nullopt, 3, 2), opens));
    for (const std::int64_t uses : {3, 4}) {
        EXPECT_TRUE(expect_error<CapacityError>(
            [&] { rules::check_promo_code_usable(code(std::nullopt, std::nullopt, 3, uses), opens); },
            "promo_code_used_up", "Promo code 'EARLY' has been used up"))
            << uses;
    }
    EXPECT_TRUE(expect_error<CapacityError>(
        [&] { rules::check_promo_code_usable(code(std::nullopt, std::nullopt, 0, 0), opens); }, "promo_code_used_up",
        "Promo code 'EARLY' has been used up"))
        << "a limit of 0 is never usable";
}

TEST(OrderRules, ThePromoCodeWindowIsCheckedBeforeItsUses) {
    EXPECT_TRUE(expect_error<ConflictError>([&] { rules::check_promo_code_usable(code(opens, closes, 1, 1), closes); },
                                            "promo_code_expired", "Promo code 'EARLY' has expired"));
    EXPECT_TRUE(expect_error<ConflictError>(
        [&] { rules::check_promo_code_usable(code(opens, closes, 1, 1), at(opens.micros - 1)); },
        "promo_code_not_valid_yet", "Promo code 'EARLY' is not valid yet"));
}

// ---- check_can_cancel ----------------------------------------------------------------------

TEST(OrderRules, OnlyAPendingOrderCanBeCancelled) {
    EXPECT_NO_THROW(rules::check_can_cancel(OrderState::Pending));
    for (const OrderState state : {OrderState::Paid, OrderState::Expired, OrderState::Cancelled}) {
        EXPECT_TRUE(expect_error<ConflictError>(
            [&] { rules::check_can_cancel(state); }, "order_not_pending",
            "Only a pending order can be cancelled; this one is " + std::string(to_string(state))));
    }
}

TEST(OrderRules, TheDefaultHoldIsFifteenMinutes) {
    EXPECT_EQ(rules::default_hold_micros, 15LL * 60 * 1'000'000);
    EXPECT_EQ(StoreOptions{}.order_hold_micros, rules::default_hold_micros);
}

// ---- names ---------------------------------------------------------------------------------

TEST(OrderRules, OrderStateNamesRoundTrip) {
    const std::vector<std::pair<OrderState, std::string>> names = {{OrderState::Pending, "pending"},
                                                                   {OrderState::Paid, "paid"},
                                                                   {OrderState::Expired, "expired"},
                                                                   {OrderState::Cancelled, "cancelled"}};
    for (const auto& [state, name] : names) {
        EXPECT_EQ(to_string(state), name);
        EXPECT_EQ(order_state_from_string(name), state);
        EXPECT_EQ(order_state_from_string(to_string(state)), state);
    }
    for (const std::string bad : {"", "PAID", "Paid", "canceled", "pending ", "refunded"}) {
        EXPECT_TRUE(expect_error<ValidationError>([&] { (void)order_state_from_string(bad); }, "unknown_order_state",
                                                  "Unknown order state: '" + bad + "'"))
            << bad;
    }
}

TEST(OrderRules, TicketKindNamesRoundTrip) {
    const std::vector<std::pair<TicketKind, std::string>> names = {
        {TicketKind::Order, "order"}, {TicketKind::Comp, "comp"}, {TicketKind::PreGenerated, "pre-generated"}};
    for (const auto& [kind, name] : names) {
        EXPECT_EQ(to_string(kind), name);
        EXPECT_EQ(ticket_kind_from_string(name), kind);
    }
    for (const std::string bad : {"", "pre_generated", "PreGenerated", "Comp", "door"}) {
        EXPECT_TRUE(expect_error<ValidationError>([&] { (void)ticket_kind_from_string(bad); }, "unknown_ticket_kind",
                                                  "Unknown ticket kind: '" + bad + "'"))
            << bad;
    }
}

TEST(OrderRules, TicketStateNamesRoundTrip) {
    const std::vector<std::pair<TicketState, std::string>> names = {{TicketState::Unactivated, "unactivated"},
                                                                    {TicketState::Valid, "valid"},
                                                                    {TicketState::Cancelled, "cancelled"}};
    for (const auto& [state, name] : names) {
        EXPECT_EQ(to_string(state), name);
        EXPECT_EQ(ticket_state_from_string(name), state);
    }
    for (const std::string bad : {"", "VALID", "active", "inactive", "redeemed"}) {
        EXPECT_TRUE(expect_error<ValidationError>([&] { (void)ticket_state_from_string(bad); }, "unknown_ticket_state",
                                                  "Unknown ticket state: '" + bad + "'"))
            << bad;
    }
}

TEST(OrderRules, DefaultSnapshotsStartPendingAndValid) {
    EXPECT_EQ(BuyOrder{}.state, OrderState::Pending);
    EXPECT_EQ(EventTicket{}.state, TicketState::Valid);
    EXPECT_EQ(EventTicket{}.kind, TicketKind::Order);
    EXPECT_TRUE((Buyer{"b", std::nullopt, "n", "e", "", ""}).is_guest());
    EXPECT_FALSE((Buyer{"b", "user-1", "n", "e", "", ""}).is_guest());
}

TEST(OrderRules, AnIdempotencyKeyIsNotBlankAtMost200CharactersAndHasNoControlCharacters) {
    const auto invalid = [](std::string_view key, std::string_view message) {
        return expect_error<ValidationError>([&] { rules::check_idempotency_key(key); }, "invalid_idempotency_key",
                                             message);
    };
    EXPECT_TRUE(invalid("", "idempotency_key cannot be empty or blank"));
    EXPECT_TRUE(invalid(" \t\xE3\x80\x80\xC2\xA0", "idempotency_key cannot be empty or blank"));  // U+3000, NBSP
    EXPECT_TRUE(invalid(std::string(201, 'k'), "idempotency_key is longer than 200 characters"));
    EXPECT_TRUE(invalid(std::string("cart\0-1", 7), "idempotency_key cannot contain control characters"));
    EXPECT_TRUE(invalid("cart\x7F", "idempotency_key cannot contain control characters"));
    EXPECT_TRUE(invalid("cart\xC2\x85x", "idempotency_key cannot contain control characters"));  // U+0085
    EXPECT_NO_THROW(rules::check_idempotency_key(std::string(200, 'k')));
    std::string two_hundred_e_acute;
    for (int index = 0; index < 200; ++index) two_hundred_e_acute += "\xC3\xA9";  // 400 bytes, 200 characters
    EXPECT_NO_THROW(rules::check_idempotency_key(two_hundred_e_acute));
    EXPECT_NO_THROW(rules::check_idempotency_key(" cart 1 "));
}

TEST(OrderRules, WhatABuyerHoldsIsPendingUnitsPlusLiveTickets) {
    EXPECT_EQ(rules::units_held_by_buyer(0, 0), 0);
    EXPECT_EQ(rules::units_held_by_buyer(3, 2), 5);
    constexpr std::int64_t most = std::numeric_limits<std::int64_t>::max();
    EXPECT_EQ(rules::units_held_by_buyer(most, 1), most) << "saturates instead of wrapping";
}

TEST(OrderRules, ABuyerIsKnownByUserIdElseByTheEmailInLowerCase) {
    BuyerInput guest{std::nullopt, "Ann Berg", "Ann.Berg@Example.DK", {}, {}};
    EXPECT_EQ(rules::buyer_identity(guest), "email:ann.berg@example.dk");
    BuyerInput same_guest{std::nullopt, "Ann", "ann.berg@example.dk", {}, {}};
    EXPECT_EQ(rules::buyer_identity(same_guest), rules::buyer_identity(guest));
    BuyerInput member{std::string("u-42"), "Ann Berg", "Ann.Berg@Example.DK", {}, {}};
    EXPECT_EQ(rules::buyer_identity(member), "user:u-42");
    BuyerInput accented{std::nullopt, "Åse", "ÅSE@example.dk", {}, {}};
    EXPECT_EQ(rules::buyer_identity(accented), "email:\xc3\x85se@example.dk") << "only ASCII letters fold";
}

TEST(OrderRules, AGuestKeepsTheNameAndEmailOfItsFirstOrder) {
    const Buyer stored{"b-1", std::nullopt, "Ann Berg", "ann@example.dk", "+45 11 22 33 44", "https://a/ann.png"};
    const Buyer merged = rules::merge_buyer(stored, BuyerInput{std::nullopt, "Anne B.", "ANN@example.dk", "", ""});
    EXPECT_EQ(merged, stored) << "a later name or letter case changes nothing, empty phone and avatar keep theirs";
    const Buyer reached = rules::merge_buyer(
        stored, BuyerInput{std::nullopt, "Anne B.", "ann@example.dk", "+45 99 88 77 66", "https://a/2.png"});
    EXPECT_EQ(reached,
              (Buyer{"b-1", std::nullopt, "Ann Berg", "ann@example.dk", "+45 99 88 77 66", "https://a/2.png"}));
}

TEST(OrderRules, APlatformUsersNameAndEmailFollowEachOrder) {
    const Buyer stored{"b-2", std::string("u-42"), "Kim Lund", "kim@old.dk", "+45 10 20 30 40", ""};
    const Buyer merged = rules::merge_buyer(stored, BuyerInput{std::string("u-42"), "Kim Holm", "kim@new.dk", "", ""});
    EXPECT_EQ(merged, (Buyer{"b-2", std::string("u-42"), "Kim Holm", "kim@new.dk", "+45 10 20 30 40", ""}));
    const Buyer avatar =
        rules::merge_buyer(stored, BuyerInput{std::string("u-42"), "Kim Lund", "kim@old.dk", "", "https://a/kim.png"});
    EXPECT_EQ(avatar.avatar_url, "https://a/kim.png");
    EXPECT_EQ(avatar.phone, "+45 10 20 30 40");
    EXPECT_EQ(avatar.id, "b-2") << "the id and user id never change";
}

}  // namespace
