// The promo code rules of layer 3 (promo_code_rules.hpp): what a new promo code must be before any
// stored row is read. Every refusal is checked for its exact class, code and message.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "test_support.hpp"
#include "ticketcore/model/promo_code.hpp"
#include "ticketcore/rules/promo_code_rules.hpp"

namespace {

using namespace ticketcore;
using namespace ticketcore_test;

/// "SPRING": 10 % off, nothing else.
NewPromoCode spring() {
    NewPromoCode input;
    input.event_id = "event-1";
    input.code = "SPRING";
    input.percent_off = 1000;
    return input;
}

::testing::AssertionResult refused(const NewPromoCode& input, std::string_view code, std::string_view message) {
    return expect_error<ValidationError>([&] { rules::validate_new_promo_code(input); }, code, message);
}

TEST(PromoCodeRules, ACodeIsOneTo64CharactersWithoutSpaces) {
    EXPECT_NO_THROW(rules::validate_promo_code_text("A"));
    EXPECT_NO_THROW(rules::validate_promo_code_text(std::string(64, 'X')));
    EXPECT_NO_THROW(rules::validate_promo_code_text("SOMMER-\xc3\x86\xc3\x98\xc3\x85")) << "letters beyond ASCII";
    const char* length = "A promo code has 1 to 64 characters";
    const char* spaces = "A promo code cannot contain spaces or control characters";
    EXPECT_TRUE(
        expect_error<ValidationError>([] { rules::validate_promo_code_text(""); }, "invalid_promo_code", length));
    EXPECT_TRUE(expect_error<ValidationError>([] { rules::validate_promo_code_text(std::string(65, 'X')); },
                                              "invalid_promo_code", length));
    for (const std::string bad : {"SPRING 10", " SPRING", "SPRING\t", "SPR\nING", "SPRING\xc2\xa0"}) {
        EXPECT_TRUE(
            expect_error<ValidationError>([&] { rules::validate_promo_code_text(bad); }, "invalid_promo_code", spaces))
            << bad;
    }
}

TEST(PromoCodeRules, The64CharactersAreCodePoints) {
    std::string danish;
    for (int index = 0; index < 64; ++index) danish += "\xc3\x86";  // 64 characters, 128 bytes
    EXPECT_NO_THROW(rules::validate_promo_code_text(danish));
    EXPECT_TRUE(expect_error<ValidationError>([&] { rules::validate_promo_code_text(danish + "A"); },
                                              "invalid_promo_code", "A promo code has 1 to 64 characters"));
}

TEST(PromoCodeRules, APercentageOrAnAmountOffButNotBoth) {
    NewPromoCode amount = spring();
    amount.percent_off.reset();
    amount.amount_off = Amount{5000, dkk};
    EXPECT_NO_THROW(rules::validate_new_promo_code(spring()));
    EXPECT_NO_THROW(rules::validate_new_promo_code(amount));
    NewPromoCode both = spring();
    both.amount_off = Amount{5000, dkk};
    EXPECT_TRUE(refused(both, "conflicting_reductions", "A promo code takes a percentage or an amount off, not both"));
}

TEST(PromoCodeRules, APercentageIsOneTo10000BasisPoints) {
    for (const std::int64_t fine : {1, 10000}) {
        NewPromoCode input = spring();
        input.percent_off = fine;
        EXPECT_NO_THROW(rules::validate_new_promo_code(input)) << fine;
    }
    for (const std::int64_t bad : {0, -1, 10001}) {
        NewPromoCode input = spring();
        input.percent_off = bad;
        EXPECT_TRUE(refused(input, "invalid_rate", "percent_off must be between 1 and 10000 basis points")) << bad;
    }
}

TEST(PromoCodeRules, AnAmountOffIsAboveZero) {
    for (const std::int64_t bad : {0, -100}) {
        NewPromoCode input = spring();
        input.percent_off.reset();
        input.amount_off = Amount{bad, dkk};
        EXPECT_TRUE(refused(input, "invalid_amount", "amount_off must be greater than zero")) << bad;
    }
}

TEST(PromoCodeRules, ACodeWithoutReductionMustUnlockSomething) {
    NewPromoCode input = spring();
    input.percent_off.reset();
    EXPECT_TRUE(
        refused(input, "promo_code_without_effect", "A promo code needs a reduction or specifications to unlock"));
    input.specification_ids = {"spec-1"};
    EXPECT_TRUE(
        refused(input, "promo_code_without_effect", "A promo code needs a reduction or specifications to unlock"))
        << "limiting it to specifications is no effect of its own";
    input.unlocks = {"spec-hidden"};
    EXPECT_NO_THROW(rules::validate_new_promo_code(input));
}

TEST(PromoCodeRules, AUsageLimitIsNotNegative) {
    NewPromoCode input = spring();
    input.usage_limit = 0;
    EXPECT_NO_THROW(rules::validate_new_promo_code(input));
    input.usage_limit = -1;
    EXPECT_TRUE(refused(input, "negative_number", "Usage limit cannot be negative"));
}

TEST(PromoCodeRules, TheValidityWindowIsInRangeAndOrdered) {
    NewPromoCode input = spring();
    input.valid_from = january_15_2027_12_utc;
    input.valid_until = june_12_2027_20_utc;
    EXPECT_NO_THROW(rules::validate_new_promo_code(input));
    input.valid_until = january_15_2027_12_utc;
    EXPECT_TRUE(refused(input, "invalid_validity_window", "valid_until must be after valid_from")) << "an empty window";
    input.valid_until = Instant{january_15_2027_12_utc.micros - 1};
    EXPECT_TRUE(refused(input, "invalid_validity_window", "valid_until must be after valid_from"));
    input.valid_from = Instant{int64_min};
    EXPECT_TRUE(refused(input, "instant_out_of_range",
                        "valid_from is out of range: instants lie between 0001-01-01T00:00:00Z and "
                        "9999-12-31T23:59:59.999999Z"));
    input.valid_from.reset();
    input.valid_until = Instant{int64_max};
    EXPECT_TRUE(refused(input, "instant_out_of_range",
                        "valid_until is out of range: instants lie between 0001-01-01T00:00:00Z and "
                        "9999-12-31T23:59:59.999999Z"));
}

// The first refusal wins, in the order the header gives: text, reductions, effect, limit, window.
TEST(PromoCodeRules, ChecksRunInTheirOrder) {
    NewPromoCode input = spring();
    input.code = "";
    input.amount_off = Amount{0, dkk};
    input.usage_limit = -1;
    EXPECT_TRUE(refused(input, "invalid_promo_code", "A promo code has 1 to 64 characters"));
    input.code = "SPRING";
    EXPECT_TRUE(refused(input, "conflicting_reductions", "A promo code takes a percentage or an amount off, not both"));
    input.amount_off.reset();
    input.percent_off = 0;
    EXPECT_TRUE(refused(input, "invalid_rate", "percent_off must be between 1 and 10000 basis points"));
    input.percent_off.reset();
    EXPECT_TRUE(
        refused(input, "promo_code_without_effect", "A promo code needs a reduction or specifications to unlock"));
    input.percent_off = 500;
    EXPECT_TRUE(refused(input, "negative_number", "Usage limit cannot be negative"));
}

TEST(PromoCodeRules, ACompletedEventTakesNoPromoCode) {
    EXPECT_NO_THROW(rules::check_can_add_promo_code(EventState::Draft));
    EXPECT_NO_THROW(rules::check_can_add_promo_code(EventState::Published));
    EXPECT_TRUE(expect_error<ConflictError>([] { rules::check_can_add_promo_code(EventState::Completed); },
                                            "event_completed",
                                            "Cannot add a promo code to an event, which is completed"));
}

TEST(PromoCodeRules, ASpecificationListedTwiceIsListedOnceWhereFirstListed) {
    using Ids = std::vector<std::string>;
    EXPECT_EQ(rules::listed_once(Ids{}), Ids{});
    EXPECT_EQ(rules::listed_once(Ids{"b", "a", "b", "c", "a"}), (Ids{"b", "a", "c"}));
    EXPECT_EQ(rules::listed_once(Ids{"a", "A"}), (Ids{"a", "A"})) << "ids are compared exactly";
}

}  // namespace
