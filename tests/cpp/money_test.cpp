#include "ticketcore/values/money.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <numeric>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "test_support.hpp"

namespace {

using namespace ticketcore;
using ticketcore_test::dkk;
using ticketcore_test::dkk_minor;
using ticketcore_test::eur;
using ticketcore_test::expect_error;
using ticketcore_test::int64_max;
using ticketcore_test::int64_min;

const Currency jpy = Currency::of("JPY");
const Currency kwd = Currency::of("KWD");

std::vector<std::int64_t> minors(const std::vector<Money>& parts) {
    std::vector<std::int64_t> result;
    for (const Money& part : parts) result.push_back(part.minor());
    return result;
}

static_assert(std::is_trivially_copyable_v<Money>);
static_assert(std::is_trivially_copyable_v<Currency>);
static_assert(std::is_trivially_copyable_v<BasisPoints>);
static_assert(!std::is_convertible_v<std::int64_t, Money>, "an integer is not money");
static_assert(!std::is_constructible_v<Money, std::int64_t>, "money needs a currency");
static_assert(!std::is_default_constructible_v<Money>, "there is no currency-less zero");
static_assert(std::is_nothrow_constructible_v<Money, std::int64_t, Currency>);
static_assert(noexcept(std::declval<const Money&>().minor()));
static_assert(noexcept(std::declval<const Money&>() == std::declval<const Money&>()));

TEST(Money, ParsesDanishKroner) {
    EXPECT_EQ(Money::parse("250", dkk).minor(), 25000);
    EXPECT_EQ(Money::parse("250.5", dkk).minor(), 25050);
    EXPECT_EQ(Money::parse("250.05", dkk).minor(), 25005);
    EXPECT_EQ(Money::parse("-0.25", dkk).minor(), -25);
    EXPECT_EQ(Money::parse("+3", dkk).minor(), 300);
    EXPECT_EQ(Money::parse("007.10", dkk).minor(), 710);
    EXPECT_EQ(Money::parse("250", dkk).currency(), dkk);
}

TEST(Money, ParsesYenWithoutDecimals) {
    EXPECT_EQ(Money::parse("1000", jpy).minor(), 1000);
    EXPECT_EQ(Money::parse("1000.0", jpy).minor(), 1000);
    EXPECT_TRUE(expect_error<ValidationError>([] { (void)Money::parse("1000.5", jpy); }, "too_many_decimals",
                                              "Amount '1000.5' has more decimal places than JPY allows (0)"));
}

TEST(Money, ParsesKuwaitiDinarWithThreeDecimals) {
    EXPECT_EQ(Money::parse("1.234", kwd).minor(), 1234);
    EXPECT_EQ(Money::parse("1.5", kwd).minor(), 1500);
    EXPECT_EQ(Money::parse("-0.001", kwd).minor(), -1);
    EXPECT_TRUE(expect_error<ValidationError>([] { (void)Money::parse("1.2345", kwd); }, "too_many_decimals",
                                              "Amount '1.2345' has more decimal places than KWD allows (3)"));
}

TEST(Money, RejectsMoreDecimalsThanTheCurrencyHas) {
    EXPECT_TRUE(expect_error<ValidationError>([] { (void)Money::parse("250.001", dkk); }, "too_many_decimals",
                                              "Amount '250.001' has more decimal places than DKK allows (2)"));
    EXPECT_TRUE(expect_error<ValidationError>([] { (void)Money::parse("0.0001", dkk); }, "too_many_decimals",
                                              "Amount '0.0001' has more decimal places than DKK allows (2)"));
}

TEST(Money, AcceptsTrailingZerosBeyondTheExponent) {
    EXPECT_EQ(Money::parse("1.500", dkk).minor(), 150);
    EXPECT_EQ(Money::parse("1.5000000000", dkk).minor(), 150);
    EXPECT_EQ(Money::parse("1.2340", kwd).minor(), 1234);
    EXPECT_EQ(Money::parse("7.000", jpy).minor(), 7);
}

TEST(Money, RejectsMalformedStrings) {
    for (const char* text :
         {"", "-", "+", ".", "-.", "abc", "1,50", "1.2.3", " 1", "1 ", "1e3", "--1", "+-1", "0x10", "1.-5", "١٢"}) {
        EXPECT_TRUE(expect_error<ValidationError>([&] { (void)Money::parse(text, dkk); }, "invalid_amount",
                                                  "Invalid money amount: '" + std::string(text) + "'"))
            << "input: '" << text << "'";
    }
}

TEST(Money, ParsesTheWholeInt64RangeAndNoMore) {
    EXPECT_EQ(Money::parse("92233720368547758.07", dkk).minor(), int64_max);
    EXPECT_EQ(Money::parse("-92233720368547758.08", dkk).minor(), int64_min);
    EXPECT_TRUE(expect_error<ValidationError>([] { (void)Money::parse("92233720368547758.08", dkk); }, "money_overflow",
                                              "Money amount is out of range"));
    EXPECT_TRUE(expect_error<ValidationError>([] { (void)Money::parse("100000000000000000000000000", jpy); },
                                              "money_overflow", "Money amount is out of range"));
}

TEST(Money, RefusesLongAmountsByDigitCountBeforeAnyArithmetic) {
    // 400000 nines: refused from the digit count alone (this took 9 s when every digit was multiplied in).
    const std::string nines(400'000, '9');
    EXPECT_TRUE(expect_error<ValidationError>([&] { (void)Money::parse(nines, dkk); }, "money_overflow",
                                              "Money amount is out of range"));
    // Leading zeros do not count, and an amount that long still parses exactly.
    EXPECT_EQ(Money::parse(std::string(100'000, '0') + "250.50", dkk).minor(), 25050);
    // The message quotes a long amount cut short.
    EXPECT_TRUE(expect_error<ValidationError>([&] { (void)Money::parse(std::string(50, '1') + "x", dkk); },
                                              "invalid_amount",
                                              "Invalid money amount: '" + std::string(40, '1') + "...'"));
    EXPECT_TRUE(expect_error<ValidationError>([] { (void)Money::parse("9223372036854775808", jpy); }, "money_overflow",
                                              "Money amount is out of range"));
    EXPECT_EQ(Money::parse("9223372036854775807", jpy).minor(), int64_max);
}

TEST(Money, FormatsWithExactlyTheCurrencyExponent) {
    EXPECT_EQ(dkk_minor(25000).to_decimal_string(), "250.00");
    EXPECT_EQ(dkk_minor(25050).to_decimal_string(), "250.50");
    EXPECT_EQ(dkk_minor(5).to_decimal_string(), "0.05");
    EXPECT_EQ(dkk_minor(0).to_decimal_string(), "0.00");
    EXPECT_EQ(dkk_minor(-5).to_decimal_string(), "-0.05");
    EXPECT_EQ(dkk_minor(-12345).to_decimal_string(), "-123.45");
    EXPECT_EQ(Money(1000, jpy).to_decimal_string(), "1000");
    EXPECT_EQ(Money(-7, jpy).to_decimal_string(), "-7");
    EXPECT_EQ(Money(1, kwd).to_decimal_string(), "0.001");
    EXPECT_EQ(Money(-1234, kwd).to_decimal_string(), "-1.234");
}

TEST(Money, FormatsTheInt64Extremes) {
    EXPECT_EQ(dkk_minor(int64_min).to_decimal_string(), "-92233720368547758.08");
    EXPECT_EQ(dkk_minor(int64_max).to_decimal_string(), "92233720368547758.07");
    EXPECT_EQ(Money(int64_min, jpy).to_decimal_string(), "-9223372036854775808");
}

TEST(Money, ParseInvertsFormat) {
    for (const Currency currency : {dkk, jpy, kwd}) {
        for (const std::int64_t minor : {std::int64_t{0}, std::int64_t{1}, std::int64_t{-1}, std::int64_t{99},
                                         std::int64_t{-100}, std::int64_t{123456789}, int64_max, int64_min}) {
            const Money money(minor, currency);
            EXPECT_EQ(Money::parse(money.to_decimal_string(), currency), money) << money.to_decimal_string();
        }
    }
}

TEST(Money, AddsAndSubtractsOneCurrency) {
    EXPECT_EQ(dkk_minor(25000) + dkk_minor(1050), dkk_minor(26050));
    EXPECT_EQ(dkk_minor(25000) - dkk_minor(26000), dkk_minor(-1000));
    EXPECT_EQ(-dkk_minor(250), dkk_minor(-250));
    Money running = dkk_minor(100);
    running += dkk_minor(50);
    running -= dkk_minor(30);
    EXPECT_EQ(running, dkk_minor(120));
}

TEST(Money, RefusesToMixCurrencies) {
    EXPECT_TRUE(expect_error<ValidationError>([] { (void)(dkk_minor(100) + Money(100, eur)); }, "currency_mismatch",
                                              "Cannot combine DKK and EUR"));
    EXPECT_TRUE(expect_error<ValidationError>([] { (void)(Money(100, eur) - dkk_minor(100)); }, "currency_mismatch",
                                              "Cannot combine EUR and DKK"));
    Money running = dkk_minor(100);
    EXPECT_TRUE(expect_error<ValidationError>([&] { running += Money(1, jpy); }, "currency_mismatch",
                                              "Cannot combine DKK and JPY"));
    EXPECT_EQ(running, dkk_minor(100)) << "a failed += leaves the value alone";
}

TEST(Money, OverflowIsAnErrorNeverAWrap) {
    const auto overflows = [](auto&& action) {
        return expect_error<ValidationError>(action, "money_overflow", "Money amount is out of range");
    };
    EXPECT_TRUE(overflows([] { (void)(dkk_minor(int64_max) + dkk_minor(1)); }));
    EXPECT_TRUE(overflows([] { (void)(dkk_minor(int64_min) + dkk_minor(-1)); }));
    EXPECT_TRUE(overflows([] { (void)(dkk_minor(int64_min) - dkk_minor(1)); }));
    EXPECT_TRUE(overflows([] { (void)(dkk_minor(0) - dkk_minor(int64_min)); }));
    EXPECT_TRUE(overflows([] { (void)(-dkk_minor(int64_min)); }));
    EXPECT_TRUE(overflows([] { (void)(dkk_minor(int64_max) * 2); }));
    EXPECT_TRUE(overflows([] { (void)(dkk_minor(int64_min) * -1); }));
    EXPECT_TRUE(overflows([] { (void)dkk_minor(4'611'686'018'427'387'904).times(2); }));
    // The edges themselves are fine.
    EXPECT_EQ(dkk_minor(int64_max - 1) + dkk_minor(1), dkk_minor(int64_max));
    EXPECT_EQ(-dkk_minor(int64_max), dkk_minor(int64_min + 1));
    EXPECT_EQ(dkk_minor(4'611'686'018'427'387'904).times(-2), dkk_minor(int64_min));
}

TEST(Money, MultipliesByIntegerQuantities) {
    EXPECT_EQ(dkk_minor(25000) * 3, dkk_minor(75000));
    EXPECT_EQ(4 * dkk_minor(25000), dkk_minor(100000));
    EXPECT_EQ(dkk_minor(25000) * 2u, dkk_minor(50000));
    EXPECT_EQ(dkk_minor(25000) * std::int16_t{-1}, dkk_minor(-25000));
    EXPECT_EQ(dkk_minor(25000).times(0), dkk_minor(0));
}

TEST(Money, PercentRoundsHalfUpAwayFromZeroOnExactTies) {
    // 25 øre × 50 % = 12.5 øre, an exact tie.
    EXPECT_EQ(dkk_minor(25).percent(BasisPoints{5000}, RoundingMode::HalfUp), dkk_minor(13));
    EXPECT_EQ(dkk_minor(35).percent(BasisPoints{5000}, RoundingMode::HalfUp), dkk_minor(18));
    EXPECT_EQ(dkk_minor(-25).percent(BasisPoints{5000}, RoundingMode::HalfUp), dkk_minor(-13));
    EXPECT_EQ(dkk_minor(-35).percent(BasisPoints{5000}, RoundingMode::HalfUp), dkk_minor(-18));
}

TEST(Money, PercentRoundsHalfEvenToTheEvenNeighbourOnExactTies) {
    EXPECT_EQ(dkk_minor(25).percent(BasisPoints{5000}, RoundingMode::HalfEven), dkk_minor(12));
    EXPECT_EQ(dkk_minor(35).percent(BasisPoints{5000}, RoundingMode::HalfEven), dkk_minor(18));
    EXPECT_EQ(dkk_minor(-25).percent(BasisPoints{5000}, RoundingMode::HalfEven), dkk_minor(-12));
    EXPECT_EQ(dkk_minor(-35).percent(BasisPoints{5000}, RoundingMode::HalfEven), dkk_minor(-18));
}

TEST(Money, PercentRoundsNonTiesToTheNearestInBothModes) {
    for (const RoundingMode mode : {RoundingMode::HalfUp, RoundingMode::HalfEven}) {
        EXPECT_EQ(dkk_minor(25000).percent(BasisPoints{2500}, mode), dkk_minor(6250));
        EXPECT_EQ(dkk_minor(1001).percent(BasisPoints{2500}, mode), dkk_minor(250));  // 250.25
        EXPECT_EQ(dkk_minor(1003).percent(BasisPoints{2500}, mode), dkk_minor(251));  // 250.75
        EXPECT_EQ(dkk_minor(-1003).percent(BasisPoints{2500}, mode), dkk_minor(-251));
        EXPECT_EQ(dkk_minor(12345).percent(BasisPoints{1}, mode), dkk_minor(1));  // 1.2345
        EXPECT_EQ(dkk_minor(12345).percent(BasisPoints{0}, mode), dkk_minor(0));
    }
}

TEST(Money, PercentIsExactBeyondInt64Intermediates) {
    // int64_max × 10000 does not fit in 64 bits; the exact result is the amount itself.
    EXPECT_EQ(dkk_minor(int64_max).percent(BasisPoints{10000}, RoundingMode::HalfUp), dkk_minor(int64_max));
    EXPECT_TRUE(expect_error<ValidationError>(
        [] { (void)dkk_minor(int64_max).percent(BasisPoints{20000}, RoundingMode::HalfUp); }, "money_overflow",
        "Money amount is out of range"));
}

TEST(Money, IncludedVatIsTheVatPartOfTheGross) {
    // 25 % VAT included in 250.00 DKK gross: 250 × 0.25 / 1.25 = 50.00.
    EXPECT_EQ(dkk_minor(25000).included_vat(BasisPoints{2500}, RoundingMode::HalfUp), dkk_minor(5000));
    EXPECT_EQ(dkk_minor(25000).included_vat(BasisPoints{2500}, RoundingMode::HalfEven), dkk_minor(5000));
    EXPECT_EQ(dkk_minor(10000).included_vat(BasisPoints{2500}, RoundingMode::HalfUp), dkk_minor(2000));
    EXPECT_EQ(dkk_minor(999).included_vat(BasisPoints{2500}, RoundingMode::HalfUp), dkk_minor(200));  // 199.8
    EXPECT_EQ(dkk_minor(25000).included_vat(BasisPoints{0}, RoundingMode::HalfUp), dkk_minor(0));
    EXPECT_EQ(dkk_minor(-25000).included_vat(BasisPoints{2500}, RoundingMode::HalfUp), dkk_minor(-5000));
}

TEST(Money, IncludedVatRoundsTiesByMode) {
    // At 100 % VAT half the gross is VAT: 25 øre → 12.5.
    EXPECT_EQ(dkk_minor(25).included_vat(BasisPoints{10000}, RoundingMode::HalfUp), dkk_minor(13));
    EXPECT_EQ(dkk_minor(25).included_vat(BasisPoints{10000}, RoundingMode::HalfEven), dkk_minor(12));
}

// Regression: money.cpp once computed `10000 + rate.value` in int64, which overflowed (undefined
// behaviour; it wrapped and flipped the sign to -100).
TEST(Money, IncludedVatWithAHugeRateDoesNotOverflow) {
    // 100 × r / (10000 + r) for r = int64 max is 99.99999…, so nearly all of it is VAT.
    EXPECT_EQ(dkk_minor(100).included_vat(BasisPoints{int64_max}, RoundingMode::HalfUp), dkk_minor(100));
}

TEST(Money, IncludedVatRejectsANegativeRate) {
    EXPECT_TRUE(expect_error<ValidationError>(
        [] { (void)dkk_minor(25000).included_vat(BasisPoints{-2500}, RoundingMode::HalfUp); }, "invalid_rate",
        "A VAT rate cannot be negative"));
}

TEST(Money, AllocateGivesLeftoverUnitsToTheEarliestPartsOnTies) {
    const std::vector<std::int64_t> thirds{1, 1, 1};
    EXPECT_EQ(minors(dkk_minor(100).allocate(thirds)), (std::vector<std::int64_t>{34, 33, 33}));
    const std::vector<std::int64_t> sixths{1, 1, 1, 1, 1, 1};
    EXPECT_EQ(minors(dkk_minor(100).allocate(sixths)), (std::vector<std::int64_t>{17, 17, 17, 17, 16, 16}));
}

TEST(Money, AllocateUsesTheLargestRemainder) {
    // 100 × 1/3 = 33.33 and 100 × 2/3 = 66.67: the larger remainder gets the leftover unit.
    const std::vector<std::int64_t> one_two{1, 2};
    EXPECT_EQ(minors(dkk_minor(100).allocate(one_two)), (std::vector<std::int64_t>{33, 67}));
    // 1000 by 1:1:98 = 10 + 10 + 980 exactly.
    const std::vector<std::int64_t> exact{1, 1, 98};
    EXPECT_EQ(minors(dkk_minor(1000).allocate(exact)), (std::vector<std::int64_t>{10, 10, 980}));
    // 11 by 3:3:4 = 3.3, 3.3, 4.4: the leftover unit goes to the largest remainder, not the first part.
    const std::vector<std::int64_t> three_three_four{3, 3, 4};
    EXPECT_EQ(minors(dkk_minor(11).allocate(three_three_four)), (std::vector<std::int64_t>{3, 3, 5}));
    // 12 by 3:3:4 = 3.6, 3.6, 4.8: two leftover units go to the two largest remainders.
    EXPECT_EQ(minors(dkk_minor(12).allocate(three_three_four)), (std::vector<std::int64_t>{4, 3, 5}));
}

TEST(Money, AllocateGivesZeroWeightsNothing) {
    const std::vector<std::int64_t> weights{0, 1, 1};
    EXPECT_EQ(minors(dkk_minor(5).allocate(weights)), (std::vector<std::int64_t>{0, 3, 2}));
}

TEST(Money, AllocateSplitsNegativeTotalsSymmetrically) {
    const std::vector<std::int64_t> thirds{1, 1, 1};
    EXPECT_EQ(minors(dkk_minor(-100).allocate(thirds)), (std::vector<std::int64_t>{-34, -33, -33}));
    const std::vector<std::int64_t> one_two{1, 2};
    EXPECT_EQ(minors(dkk_minor(-100).allocate(one_two)), (std::vector<std::int64_t>{-33, -67}));
}

TEST(Money, AllocatePartsAlwaysSumToTheTotal) {
    const std::vector<std::vector<std::int64_t>> weight_sets{
        {1}, {1, 1}, {1, 2, 3}, {7, 0, 13, 1}, {2500, 2500, 5000}, {1, 1, 1, 1, 1, 1, 1}, {int64_max, 1}};
    for (const auto& weights : weight_sets) {
        for (std::int64_t total = -1003; total <= 1003; total += 17) {
            const std::vector<Money> parts = dkk_minor(total).allocate(weights);
            ASSERT_EQ(parts.size(), weights.size());
            std::int64_t sum = 0;
            for (const Money& part : parts) {
                EXPECT_EQ(part.currency(), dkk);
                sum += part.minor();
            }
            EXPECT_EQ(sum, total) << "total " << total;
        }
    }
}

TEST(Money, AllocateHandlesTheInt64Extremes) {
    const std::vector<std::int64_t> halves{1, 1};
    EXPECT_EQ(minors(dkk_minor(int64_max).allocate(halves)),
              (std::vector<std::int64_t>{4'611'686'018'427'387'904, 4'611'686'018'427'387'903}));
    EXPECT_EQ(minors(dkk_minor(int64_min).allocate(halves)),
              (std::vector<std::int64_t>{-4'611'686'018'427'387'904, -4'611'686'018'427'387'904}));
    const std::vector<std::int64_t> huge_weights{int64_max, int64_max};
    EXPECT_EQ(minors(dkk_minor(100).allocate(huge_weights)), (std::vector<std::int64_t>{50, 50}));
}

TEST(Money, AllocateRejectsBadWeights) {
    const std::vector<std::int64_t> none;
    EXPECT_TRUE(expect_error<ValidationError>([&] { (void)dkk_minor(100).allocate(none); }, "invalid_allocation",
                                              "Allocation needs at least one weight"));
    const std::vector<std::int64_t> negative{1, -1, 2};
    EXPECT_TRUE(expect_error<ValidationError>([&] { (void)dkk_minor(100).allocate(negative); }, "invalid_allocation",
                                              "Allocation weights cannot be negative"));
    const std::vector<std::int64_t> zeros{0, 0};
    EXPECT_TRUE(expect_error<ValidationError>([&] { (void)dkk_minor(100).allocate(zeros); }, "invalid_allocation",
                                              "Allocation weights cannot all be zero"));
    const std::vector<std::int64_t> too_many(Money::max_parts + 1, 1);
    EXPECT_TRUE(expect_error<ValidationError>([&] { (void)dkk_minor(100).allocate(too_many); }, "invalid_allocation",
                                              "Allocation into more than 1000000 parts"));
}

TEST(Money, SplitsIntoNearEqualParts) {
    EXPECT_EQ(minors(dkk_minor(100).split(3)), (std::vector<std::int64_t>{34, 33, 33}));
    EXPECT_EQ(minors(dkk_minor(100).split(1)), (std::vector<std::int64_t>{100}));
    EXPECT_EQ(minors(dkk_minor(2).split(4)), (std::vector<std::int64_t>{1, 1, 0, 0}));
    EXPECT_EQ(minors(dkk_minor(-7).split(2)), (std::vector<std::int64_t>{-4, -3}));
}

TEST(Money, SplitRejectsBadPartCounts) {
    EXPECT_TRUE(expect_error<ValidationError>([] { (void)dkk_minor(100).split(0); }, "invalid_allocation",
                                              "Split needs at least one part"));
    EXPECT_TRUE(expect_error<ValidationError>([] { (void)dkk_minor(100).split(-3); }, "invalid_allocation",
                                              "Split needs at least one part"));
    EXPECT_TRUE(expect_error<ValidationError>([] { (void)dkk_minor(100).split(1'000'001); }, "invalid_allocation",
                                              "Split into more than 1000000 parts"));
}

TEST(Money, OrdersAmountsOfOneCurrency) {
    EXPECT_LT(dkk_minor(1), dkk_minor(2));
    EXPECT_GT(dkk_minor(0), dkk_minor(-1));
    EXPECT_LE(dkk_minor(5), dkk_minor(5));
    EXPECT_EQ(dkk_minor(5) <=> dkk_minor(5), std::strong_ordering::equal);
}

TEST(Money, OrderingAcrossCurrenciesThrows) {
    EXPECT_TRUE(expect_error<ValidationError>([] { (void)(dkk_minor(1) < Money(2, eur)); }, "currency_mismatch",
                                              "Cannot combine DKK and EUR"));
    EXPECT_TRUE(expect_error<ValidationError>([] { (void)(Money(2, eur) >= dkk_minor(1)); }, "currency_mismatch",
                                              "Cannot combine EUR and DKK"));
}

TEST(Money, EqualityNeedsTheSameCurrencyAndDoesNotThrow) {
    EXPECT_EQ(dkk_minor(100), Money(100, Currency::of("DKK")));
    EXPECT_NE(dkk_minor(100), Money(100, eur));
    EXPECT_NE(dkk_minor(100), dkk_minor(101));
}

TEST(Amount, TakesTheContextCurrencyOrAMatchingStatedOne) {
    EXPECT_EQ((Amount{25000, std::nullopt}.in(dkk)), dkk_minor(25000));
    EXPECT_EQ((Amount{25000, dkk}.in(dkk)), dkk_minor(25000));
    EXPECT_TRUE(expect_error<ValidationError>(
        [] {
            (void)Amount{25000, eur}.in(dkk);
        },
        "currency_mismatch", "Amount in EUR where DKK is expected"));
}

}  // namespace
