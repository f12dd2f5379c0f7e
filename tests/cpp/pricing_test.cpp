// rules::price_lines and rules::sum_lines (layer 2): exact prices of order lines. Every amount is
// checked in minor units; the VAT examples use the event default of 25 % included in the price.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "test_support.hpp"
#include "ticketcore/model/order.hpp"
#include "ticketcore/rules/pricing.hpp"
#include "ticketcore/values/money.hpp"

namespace {

using namespace ticketcore;
using namespace ticketcore_test;
using rules::PricingItem;
using rules::Reduction;

constexpr std::int64_t vat_25 = 2500;

Money kr(std::int64_t minor) {
    return Money(minor, dkk);
}

/// `quantity` tickets at `price` øre with per-ticket fees.
PricingItem item(std::int64_t quantity, std::int64_t price, std::int64_t platform_fee = 0,
                 std::int64_t percentage_fee = 0, bool discountable = false) {
    return PricingItem{quantity, kr(price), kr(platform_fee), kr(percentage_fee), discountable};
}

Reduction percent_off(std::int64_t basis_points) {
    return Reduction{basis_points, std::nullopt};
}
Reduction amount_off(Money amount) {
    return Reduction{std::nullopt, amount};
}

std::vector<OrderLine> price(const std::vector<PricingItem>& items,
                             const std::optional<Reduction>& reduction = std::nullopt, std::int64_t vat_rate = vat_25,
                             RoundingMode rounding = RoundingMode::HalfUp) {
    return rules::price_lines(items, reduction, vat_rate, rounding);
}

std::vector<std::int64_t> discounts(const std::vector<OrderLine>& lines) {
    std::vector<std::int64_t> result;
    for (const OrderLine& line : lines) result.push_back(line.discount.minor());
    return result;
}

/// The invariants every priced line keeps, whatever the input.
void expect_consistent(const OrderLine& line, std::int64_t vat_rate, RoundingMode rounding) {
    EXPECT_EQ(line.subtotal, line.unit_price.times(line.amount));
    EXPECT_GE(line.discount.minor(), 0);
    EXPECT_LE(line.discount, line.subtotal);
    EXPECT_EQ(line.vat, (line.subtotal - line.discount).included_vat(BasisPoints{vat_rate}, rounding));
    EXPECT_EQ(line.total, line.subtotal - line.discount + line.platform_fee + line.percentage_fee);
}

// ---- one line, no promo code ---------------------------------------------------------------

TEST(Pricing, ALineWithoutFeesOrDiscount) {
    const auto lines = price({item(3, 25000)});
    ASSERT_EQ(lines.size(), 1u);
    const OrderLine& line = lines[0];
    EXPECT_EQ(line.amount, 3);
    EXPECT_EQ(line.unit_price, kr(25000));
    EXPECT_EQ(line.subtotal, kr(75000));
    EXPECT_EQ(line.discount, kr(0));
    EXPECT_EQ(line.platform_fee, kr(0));
    EXPECT_EQ(line.percentage_fee, kr(0));
    EXPECT_EQ(line.vat, kr(15000)) << "25 % included in 750.00 is 150.00";
    EXPECT_EQ(line.total, kr(75000));
    EXPECT_EQ(line.id, "") << "pricing does not invent ids";
    EXPECT_EQ(line.ticket_specification_id, "");
}

TEST(Pricing, VatIsTheIncludedPartNotAnAddition) {
    const auto lines = price({item(1, 25000)});
    EXPECT_EQ(lines[0].vat, kr(5000)) << "25 % included in 250.00 is 50.00 (250.00 * 25 / 125)";
    EXPECT_EQ(lines[0].total, kr(25000)) << "VAT never changes the total";
}

TEST(Pricing, FeesAreMultipliedByTheQuantityAndCarryNoVat) {
    const auto lines = price({item(4, 25000, 500, 625)});
    const OrderLine& line = lines[0];
    EXPECT_EQ(line.subtotal, kr(100000));
    EXPECT_EQ(line.platform_fee, kr(2000));
    EXPECT_EQ(line.percentage_fee, kr(2500));
    EXPECT_EQ(line.vat, kr(20000)) << "only the ticket price carries the included VAT";
    EXPECT_EQ(line.total, kr(104500));
}

TEST(Pricing, NoVatAtRateZero) {
    const auto lines = price({item(2, 25000, 500)}, std::nullopt, 0);
    EXPECT_EQ(lines[0].vat, kr(0));
    EXPECT_EQ(lines[0].total, kr(51000));
}

TEST(Pricing, VatRoundsByTheOrganizationsMode) {
    // 100 % VAT makes the included part exactly half the net amount, so odd amounts tie.
    EXPECT_EQ(price({item(1, 25)}, std::nullopt, 10000, RoundingMode::HalfUp)[0].vat, kr(13));
    EXPECT_EQ(price({item(1, 25)}, std::nullopt, 10000, RoundingMode::HalfEven)[0].vat, kr(12));
    EXPECT_EQ(price({item(1, 35)}, std::nullopt, 10000, RoundingMode::HalfUp)[0].vat, kr(18));
    EXPECT_EQ(price({item(1, 35)}, std::nullopt, 10000, RoundingMode::HalfEven)[0].vat, kr(18));
    // 25 %: a fifth of the net amount never ties; 441.18 / 5 = 88.236 rounds to 88.24 both ways.
    EXPECT_EQ(price({item(1, 44118)}, std::nullopt, vat_25, RoundingMode::HalfUp)[0].vat, kr(8824));
    EXPECT_EQ(price({item(1, 44118)}, std::nullopt, vat_25, RoundingMode::HalfEven)[0].vat, kr(8824));
}

TEST(Pricing, ZeroPriceLinesCostOnlyTheirFees) {
    const auto lines = price({item(2, 0, 500, 0, true)}, percent_off(5000));
    const OrderLine& line = lines[0];
    EXPECT_EQ(line.subtotal, kr(0));
    EXPECT_EQ(line.discount, kr(0)) << "nothing eligible, nothing to take off";
    EXPECT_EQ(line.vat, kr(0));
    EXPECT_EQ(line.platform_fee, kr(1000));
    EXPECT_EQ(line.total, kr(1000));

    const auto free = price({item(5, 0)});
    EXPECT_EQ(free[0].total, kr(0));
    EXPECT_EQ(free[0].vat, kr(0));
}

TEST(Pricing, AZeroPriceLineNextToAPaidOneGetsNoShareOfTheDiscount) {
    const auto lines = price({item(1, 0, 0, 0, true), item(1, 10000, 0, 0, true)}, amount_off(kr(3000)));
    EXPECT_EQ(discounts(lines), (std::vector<std::int64_t>{0, 3000}));
}

// ---- percentage codes ----------------------------------------------------------------------

TEST(Pricing, PercentOffTakesThePercentageOfTheEligibleSubtotal) {
    const auto lines = price({item(2, 25000, 500, 625, true)}, percent_off(2000));
    const OrderLine& line = lines[0];
    EXPECT_EQ(line.discount, kr(10000)) << "20 % of 500.00";
    EXPECT_EQ(line.vat, kr(8000)) << "25 % included in 400.00";
    EXPECT_EQ(line.total, kr(40000 + 1000 + 1250)) << "fees are never discounted";
}

TEST(Pricing, PercentOffRoundsHalfUpOrHalfEven) {
    // 25 % of 12.50 = 3.125 DKK = 312.5 øre: a tie.
    EXPECT_EQ(price({item(1, 1250, 0, 0, true)}, percent_off(2500), vat_25, RoundingMode::HalfUp)[0].discount, kr(313));
    EXPECT_EQ(price({item(1, 1250, 0, 0, true)}, percent_off(2500), vat_25, RoundingMode::HalfEven)[0].discount,
              kr(312));
    // 25 % of 12.70 = 317.5 øre: both modes go to the even 318.
    EXPECT_EQ(price({item(1, 1270, 0, 0, true)}, percent_off(2500), vat_25, RoundingMode::HalfUp)[0].discount, kr(318));
    EXPECT_EQ(price({item(1, 1270, 0, 0, true)}, percent_off(2500), vat_25, RoundingMode::HalfEven)[0].discount,
              kr(318));
    // Not a tie: 10 % of 10.04 = 100.4 øre rounds down in both modes, 10 % of 10.06 up.
    EXPECT_EQ(price({item(1, 1004, 0, 0, true)}, percent_off(1000), vat_25, RoundingMode::HalfUp)[0].discount, kr(100));
    EXPECT_EQ(price({item(1, 1006, 0, 0, true)}, percent_off(1000), vat_25, RoundingMode::HalfEven)[0].discount,
              kr(101));
}

TEST(Pricing, PercentOffIsRoundedOnceOnTheEligibleSubtotalNotPerLine) {
    // Per line, 10 % of 10.05 would be 100.5 -> 101 each, 303 in all. On the eligible subtotal
    // it is 10 % of 30.15 = 301.5 -> 302, split 101 / 101 / 100 (ties go to the earlier lines).
    const auto lines = price({item(1, 1005, 0, 0, true), item(1, 1005, 0, 0, true), item(1, 1005, 0, 0, true)},
                             percent_off(1000), vat_25, RoundingMode::HalfUp);
    EXPECT_EQ(discounts(lines), (std::vector<std::int64_t>{101, 101, 100}));
    const auto even = price({item(1, 1005, 0, 0, true), item(1, 1005, 0, 0, true), item(1, 1005, 0, 0, true)},
                            percent_off(1000), vat_25, RoundingMode::HalfEven);
    EXPECT_EQ(discounts(even), (std::vector<std::int64_t>{101, 101, 100})) << "301.5 -> 302 (even) as well";
}

TEST(Pricing, AHundredPercentCodeLeavesOnlyTheFees) {
    const auto lines = price({item(2, 25000, 500, 625, true)}, percent_off(10000));
    EXPECT_EQ(lines[0].discount, kr(50000));
    EXPECT_EQ(lines[0].vat, kr(0));
    EXPECT_EQ(lines[0].total, kr(2250));
}

TEST(Pricing, NonEligibleLinesGetNoDiscountAndDoNotCountTowardsIt) {
    // 15 % of the guest line only (docs/orders.md, Finn's order).
    const auto lines = price({item(1, 25000, 500, 625, false), item(1, 35000, 500, 875, true)}, percent_off(1500));
    EXPECT_EQ(discounts(lines), (std::vector<std::int64_t>{0, 5250}));
    EXPECT_EQ(lines[0].total, kr(26125));
    EXPECT_EQ(lines[1].total, kr(29750 + 500 + 875));
    EXPECT_EQ(rules::sum_lines(lines, dkk).total, kr(57250));
}

TEST(Pricing, NoEligibleLineMeansNoDiscount) {
    const auto lines = price({item(1, 25000), item(2, 35000)}, percent_off(5000));
    EXPECT_EQ(discounts(lines), (std::vector<std::int64_t>{0, 0}));
    EXPECT_EQ(rules::sum_lines(lines, dkk).total, kr(95000));
}

TEST(Pricing, AReductionWithNeitherPartDiscountsNothing) {
    // An unlock-only code reaches pricing as no reduction at all, or as an empty one.
    const auto lines = price({item(1, 25000, 0, 0, true)}, Reduction{std::nullopt, std::nullopt});
    EXPECT_EQ(lines[0].discount, kr(0));
    EXPECT_EQ(lines[0].total, kr(25000));
}

// ---- fixed amount codes --------------------------------------------------------------------

TEST(Pricing, AmountOffIsSplitByLargestRemainder) {
    // docs/orders.md's worked example: 2 x 250.00 and 1 x 350.00, 100.00 off, 5.00 + 2.5 % fees.
    const auto lines = price({item(2, 25000, 500, 625, true), item(1, 35000, 500, 875, true)}, amount_off(kr(10000)));
    ASSERT_EQ(lines.size(), 2u);
    const OrderLine& member = lines[0];
    const OrderLine& guest = lines[1];
    EXPECT_EQ(member.subtotal, kr(50000));
    EXPECT_EQ(member.discount, kr(5882)) << "58.8235...: floor, smaller remainder";
    EXPECT_EQ(member.platform_fee, kr(1000));
    EXPECT_EQ(member.percentage_fee, kr(1250));
    EXPECT_EQ(member.vat, kr(8824)) << "441.18 / 5 = 88.236";
    EXPECT_EQ(member.total, kr(46368));
    EXPECT_EQ(guest.subtotal, kr(35000));
    EXPECT_EQ(guest.discount, kr(4118)) << "41.1764...: floor plus the leftover øre";
    EXPECT_EQ(guest.vat, kr(6176)) << "308.82 / 5 = 61.764";
    EXPECT_EQ(guest.total, kr(32257));

    const PriceBreakdown sum = rules::sum_lines(lines, dkk);
    EXPECT_EQ(sum.subtotal, kr(85000));
    EXPECT_EQ(sum.discount, kr(10000));
    EXPECT_EQ(sum.platform_fee, kr(1500));
    EXPECT_EQ(sum.percentage_fee, kr(2125));
    EXPECT_EQ(sum.vat, kr(15000));
    EXPECT_EQ(sum.total, kr(78625));
}

TEST(Pricing, AmountOffIsCappedAtTheEligibleSubtotal) {
    const auto lines = price({item(1, 25000, 500, 625, true), item(1, 35000, 0, 0, false)}, amount_off(kr(100000)));
    EXPECT_EQ(discounts(lines), (std::vector<std::int64_t>{25000, 0})) << "capped at 250.00, never into the other line";
    EXPECT_EQ(lines[0].total, kr(1125)) << "only the fees are left; a total never goes negative";
    EXPECT_EQ(lines[0].vat, kr(0));
    EXPECT_EQ(lines[1].total, kr(35000));
}

TEST(Pricing, AmountOffEqualToTheEligibleSubtotalTakesItAll) {
    const auto lines = price({item(3, 1000, 0, 0, true)}, amount_off(kr(3000)));
    EXPECT_EQ(lines[0].discount, kr(3000));
    EXPECT_EQ(lines[0].total, kr(0));
}

TEST(Pricing, LeftoverUnitsGoToTheLargestRemainderNotTheFirstLine) {
    // 1.00 over 10 : 20 : 40 -> 14.28 / 28.57 / 57.14: floors 14 + 28 + 57 = 99, remainders
    // 2000, 4000, 1000 (of 7000): the leftover øre goes to the second line.
    const auto lines =
        price({item(1, 1000, 0, 0, true), item(1, 2000, 0, 0, true), item(1, 4000, 0, 0, true)}, amount_off(kr(100)));
    EXPECT_EQ(discounts(lines), (std::vector<std::int64_t>{14, 29, 57}));
}

TEST(Pricing, EqualRemaindersGoToTheEarlierLines) {
    const auto three =
        price({item(1, 1000, 0, 0, true), item(1, 1000, 0, 0, true), item(1, 1000, 0, 0, true)}, amount_off(kr(100)));
    EXPECT_EQ(discounts(three), (std::vector<std::int64_t>{34, 33, 33}));
    const auto two_left =
        price({item(1, 1000, 0, 0, true), item(1, 1000, 0, 0, true), item(1, 1000, 0, 0, true)}, amount_off(kr(101)));
    EXPECT_EQ(discounts(two_left), (std::vector<std::int64_t>{34, 34, 33}));
    // A non-eligible line in between does not take part in the tie-break.
    const auto gap = price({item(1, 1000, 0, 0, true), item(1, 5000), item(1, 1000, 0, 0, true)}, amount_off(kr(1)));
    EXPECT_EQ(discounts(gap), (std::vector<std::int64_t>{1, 0, 0}));
}

TEST(Pricing, LineDiscountsAlwaysSumToTheDiscount) {
    // A sweep over amounts and line shapes: the shares add up exactly, stay within one øre of
    // the exact proportional share, and every line keeps its invariants.
    const std::vector<std::vector<PricingItem>> shapes = {
        {item(1, 1000, 0, 0, true), item(1, 2000, 0, 0, true), item(1, 4000, 0, 0, true)},
        {item(3, 1005, 500, 25, true), item(1, 99999, 0, 0, false), item(7, 1333, 100, 33, true)},
        {item(1, 1, 0, 0, true), item(1, 1, 0, 0, true), item(1, 1, 0, 0, true), item(1, 1, 0, 0, true)},
        {item(2, 25000, 500, 625, true), item(1, 35000, 500, 875, true)},
    };
    for (std::size_t shape = 0; shape < shapes.size(); ++shape) {
        std::int64_t eligible = 0;
        for (const PricingItem& it : shapes[shape]) {
            if (it.discountable) eligible += it.unit_price.minor() * it.quantity;
        }
        for (std::int64_t off = 1; off <= eligible + 3; off += (off < 200 ? 1 : 97)) {
            for (const RoundingMode mode : {RoundingMode::HalfUp, RoundingMode::HalfEven}) {
                const auto lines = price(shapes[shape], amount_off(kr(off)), vat_25, mode);
                std::int64_t sum = 0;
                for (std::size_t index = 0; index < lines.size(); ++index) {
                    const OrderLine& line = lines[index];
                    expect_consistent(line, vat_25, mode);
                    sum += line.discount.minor();
                    const std::int64_t taken = std::min(off, eligible);
                    if (!shapes[shape][index].discountable) {
                        EXPECT_EQ(line.discount, kr(0));
                    } else {
                        // |share - taken * subtotal / eligible| < 1, i.e. |share * eligible - taken * subtotal| <
                        // eligible.
                        const std::int64_t exact_scaled = taken * line.subtotal.minor();
                        const std::int64_t share_scaled = line.discount.minor() * eligible;
                        EXPECT_LT(std::llabs(share_scaled - exact_scaled), eligible)
                            << "shape " << shape << ", off " << off << ", line " << index;
                    }
                }
                EXPECT_EQ(sum, std::min(off, eligible)) << "shape " << shape << ", off " << off;
            }
        }
        for (std::int64_t bps = 1; bps <= 10000; bps += 37) {
            const auto lines = price(shapes[shape], percent_off(bps));
            std::int64_t sum = 0;
            for (const OrderLine& line : lines) {
                expect_consistent(line, vat_25, RoundingMode::HalfUp);
                sum += line.discount.minor();
            }
            EXPECT_EQ(sum, kr(eligible).percent(BasisPoints{bps}, RoundingMode::HalfUp).minor())
                << "shape " << shape << ", " << bps << " bp";
        }
    }
}

TEST(Pricing, AFixedDiscountInAnotherCurrencyIsRefused) {
    EXPECT_TRUE(
        expect_error<ValidationError>([&] { (void)price({item(1, 25000, 0, 0, true)}, amount_off(Money(1000, eur))); },
                                      "currency_mismatch", "Promo code currency differs from the order's"));
}

TEST(Pricing, NoItemsIsAnError) {
    EXPECT_TRUE(
        expect_error<ValidationError>([&] { (void)price({}); }, "no_items", "An order needs at least one item"));
    EXPECT_TRUE(expect_error<ValidationError>([&] { (void)price({}, percent_off(1000)); }, "no_items",
                                              "An order needs at least one item"));
}

TEST(Pricing, AnOverflowingLineIsAnError) {
    EXPECT_THROW((void)price({item(INT64_MAX, 2)}), ValidationError);
    EXPECT_THROW((void)price({item(2, 0, INT64_MAX)}), ValidationError);
}

TEST(Pricing, OtherCurrenciesKeepTheirOwnMinorUnits) {
    const Currency jpy = Currency::of("JPY");
    const std::vector<PricingItem> items = {PricingItem{3, Money(1000, jpy), Money(50, jpy), Money(25, jpy), true}};
    const auto lines = rules::price_lines(items, percent_off(1250), 1000, RoundingMode::HalfUp);
    EXPECT_EQ(lines[0].subtotal, Money(3000, jpy));
    EXPECT_EQ(lines[0].discount, Money(375, jpy));
    EXPECT_EQ(lines[0].vat, Money(239, jpy)) << "2625 * 10 / 110 = 238.6";
    EXPECT_EQ(lines[0].total, Money(2625 + 150 + 75, jpy));
    EXPECT_EQ(rules::sum_lines(lines, jpy).total, Money(2850, jpy));
}

// ---- sum_lines -----------------------------------------------------------------------------

TEST(Pricing, SumLinesAddsEveryFieldOfEveryLine) {
    const auto lines = price(
        {item(1, 10000, 100, 250, true), item(2, 20000, 200, 500, false), item(3, 0, 300, 0, true)}, percent_off(1000));
    const PriceBreakdown sum = rules::sum_lines(lines, dkk);
    Money subtotal = kr(0), discount = kr(0), platform = kr(0), percentage = kr(0), vat = kr(0), total = kr(0);
    for (const OrderLine& line : lines) {
        subtotal += line.subtotal;
        discount += line.discount;
        platform += line.platform_fee;
        percentage += line.percentage_fee;
        vat += line.vat;
        total += line.total;
    }
    EXPECT_EQ(sum.subtotal, subtotal);
    EXPECT_EQ(sum.discount, discount);
    EXPECT_EQ(sum.platform_fee, platform);
    EXPECT_EQ(sum.percentage_fee, percentage);
    EXPECT_EQ(sum.vat, vat);
    EXPECT_EQ(sum.total, total);
    EXPECT_EQ(sum.subtotal, kr(50000));
    EXPECT_EQ(sum.discount, kr(1000));
    EXPECT_EQ(sum.platform_fee, kr(100 + 400 + 900));
    EXPECT_EQ(sum.percentage_fee, kr(250 + 1000));
    EXPECT_EQ(sum.vat, kr(1800 + 8000)) << "the order's VAT is the sum of the lines' VAT";
    EXPECT_EQ(sum.total, kr(49000 + 1400 + 1250));
}

TEST(Pricing, SumOfNoLinesIsZeroInTheGivenCurrency) {
    const PriceBreakdown sum = rules::sum_lines({}, eur);
    const Money zero = Money::zero(eur);
    EXPECT_EQ(sum, (PriceBreakdown{zero, zero, zero, zero, zero, zero}));
}

TEST(Pricing, SumInAnotherCurrencyIsRefused) {
    const auto lines = price({item(1, 10000)});
    EXPECT_TRUE(expect_error<ValidationError>([&] { (void)rules::sum_lines(lines, eur); }, "currency_mismatch",
                                              "Cannot combine EUR and DKK"));
}

}  // namespace
