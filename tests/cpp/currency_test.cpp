#include "ticketcore/values/currency.hpp"

#include <gtest/gtest.h>

#include <string>
#include <type_traits>

#include "test_support.hpp"

namespace {

using namespace ticketcore;
using ticketcore_test::expect_error;

static_assert(std::is_trivially_copyable_v<Currency>);
static_assert(!std::is_default_constructible_v<Currency>, "a currency always has a code");

struct KnownCurrency {
    const char* code;
    int exponent;
    std::int64_t minor_per_major;
};

TEST(Currency, KnowsTheExponentsOfTheCurrenciesWeSellIn) {
    const KnownCurrency expected[] = {{"DKK", 2, 100}, {"EUR", 2, 100}, {"USD", 2, 100},
                                      {"GBP", 2, 100}, {"SEK", 2, 100}, {"NOK", 2, 100},
                                      {"CHF", 2, 100}, {"JPY", 0, 1},   {"KWD", 3, 1000}};
    for (const KnownCurrency& known : expected) {
        const Currency currency = Currency::of(known.code);
        EXPECT_EQ(currency.code(), known.code);
        EXPECT_EQ(currency.exponent(), known.exponent) << known.code;
        EXPECT_EQ(currency.minor_per_major(), known.minor_per_major) << known.code;
    }
}

TEST(Currency, UnknownCodesAreAValidationError) {
    for (const char* code : {"XXX", "dkk", "", "DK", "DKKK", "EURO"}) {
        EXPECT_TRUE(expect_error<ValidationError>([&] { (void)Currency::of(code); }, "unknown_currency",
                                                  "Unknown currency: '" + std::string(code) + "'"));
    }
}

TEST(Currency, EqualityIsByCode) {
    EXPECT_EQ(Currency::of("DKK"), Currency::of("DKK"));
    EXPECT_NE(Currency::of("DKK"), Currency::of("SEK"));
    EXPECT_NE(Currency::of("EUR"), Currency::of("USD")) << "same exponent, different currency";
}

TEST(Currency, CodeViewStaysValidInACopy) {
    const Currency original = Currency::of("NOK");
    const Currency copy = original;  // NOLINT(performance-unnecessary-copy-initialization)
    EXPECT_EQ(std::string(copy.code()), "NOK");
    EXPECT_EQ(copy.code().size(), 3u);
}

}  // namespace
