#include "ticketcore/values/rounding.hpp"

#include <gtest/gtest.h>

#include <string>

#include "test_support.hpp"
#include "values/quotient.hpp"

namespace {

using namespace ticketcore;
using boost::multiprecision::cpp_int;
using ticketcore_test::expect_error;

cpp_int half_up(long long numerator, long long denominator) {
    return round_quotient(numerator, denominator, RoundingMode::HalfUp);
}
cpp_int half_even(long long numerator, long long denominator) {
    return round_quotient(numerator, denominator, RoundingMode::HalfEven);
}

TEST(Rounding, NamesRoundTrip) {
    EXPECT_EQ(to_string(RoundingMode::HalfUp), "HALF_UP");
    EXPECT_EQ(to_string(RoundingMode::HalfEven), "HALF_EVEN");
    EXPECT_EQ(rounding_mode_from_string("HALF_UP"), RoundingMode::HalfUp);
    EXPECT_EQ(rounding_mode_from_string("HALF_EVEN"), RoundingMode::HalfEven);
}

TEST(Rounding, UnknownNamesAreRejectedCaseSensitively) {
    for (const char* name : {"half_up", "HALF_DOWN", "", "HALF UP"}) {
        EXPECT_TRUE(expect_error<ValidationError>([&] { (void)rounding_mode_from_string(name); },
                                                  "unknown_rounding_mode",
                                                  "Unknown rounding mode: '" + std::string(name) + "'"));
    }
}

TEST(Rounding, HalfUpSendsTiesAwayFromZero) {
    EXPECT_EQ(half_up(5, 2), 3);
    EXPECT_EQ(half_up(7, 2), 4);
    EXPECT_EQ(half_up(-5, 2), -3);
    EXPECT_EQ(half_up(5, -2), -3);
    EXPECT_EQ(half_up(-5, -2), 3);
    EXPECT_EQ(half_up(1, 2), 1);
    EXPECT_EQ(half_up(-1, 2), -1);
}

TEST(Rounding, HalfEvenSendsTiesToTheEvenNeighbour) {
    EXPECT_EQ(half_even(5, 2), 2);
    EXPECT_EQ(half_even(7, 2), 4);
    EXPECT_EQ(half_even(-5, 2), -2);
    EXPECT_EQ(half_even(-7, 2), -4);
    EXPECT_EQ(half_even(5, -2), -2);
    EXPECT_EQ(half_even(1, 2), 0);
    EXPECT_EQ(half_even(3, 2), 2);
}

TEST(Rounding, NonTiesGoToTheNearestIntegerInBothModes) {
    for (const RoundingMode mode : {RoundingMode::HalfUp, RoundingMode::HalfEven}) {
        EXPECT_EQ(round_quotient(1, 3, mode), 0);
        EXPECT_EQ(round_quotient(2, 3, mode), 1);
        EXPECT_EQ(round_quotient(-2, 3, mode), -1);
        EXPECT_EQ(round_quotient(-1, 3, mode), 0);
        EXPECT_EQ(round_quotient(0, 5, mode), 0);
        EXPECT_EQ(round_quotient(10, 5, mode), 2);
        EXPECT_EQ(round_quotient(-10, 5, mode), -2);
    }
}

TEST(Rounding, WorksBeyond64Bits) {
    const cpp_int big = cpp_int(1) << 100;
    EXPECT_EQ(round_quotient(big * 3 + 1, 2, RoundingMode::HalfUp), (big * 3) / 2 + 1);  // exact tie .5
    EXPECT_EQ(round_quotient(big * 3 + 1, 2, RoundingMode::HalfEven), (big * 3) / 2);    // even neighbour
}

TEST(Rounding, DivisionByZeroIsAnError) {
    EXPECT_TRUE(expect_error<ValidationError>([] { (void)round_quotient(1, 0, RoundingMode::HalfUp); },
                                              "division_by_zero", "Division by zero"));
}

}  // namespace
