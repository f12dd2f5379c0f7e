#pragma once
/// @file pricing.hpp
/// @brief Exact order pricing (layer 2): subtotal, discount, fees and included VAT per line.

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "ticketcore/model/order.hpp"
#include "ticketcore/values/money.hpp"

namespace ticketcore::rules {

/// @brief What pricing needs to know of one requested line.
struct PricingItem {
    std::int64_t quantity = 0;
    Money unit_price;
    Money platform_fee;           ///< per ticket
    Money percentage_fee_amount;  ///< per ticket, already rounded (seed 002's percentageFeeAmount)
    bool discountable = false;    ///< whether the promo code applies to this line
};

/// @brief A promo code's reduction: exactly one of the two is set.
struct Reduction {
    std::optional<std::int64_t> percent_off;  ///< basis points
    std::optional<Money> amount_off;
};

/// @brief Throws ValidationError `invalid_rate`, "<field> must be between <minimum> and 10000 basis
/// points", unless `basis_points` lies in [minimum, BasisPoints::max]: the one bound of every rate
/// (event fees and VAT, a specification's percentage fee, a promo code's percentage).
void require_rate(std::int64_t basis_points, std::string_view field, std::int64_t minimum = 0);

/// @brief Prices every line exactly. The discount is computed once on the eligible subtotal
/// (a percentage rounded by `rounding`, or a fixed amount capped at that subtotal) and split over
/// the eligible lines by largest remainder, so line discounts sum to it. VAT at `vat_rate` is
/// the part included in (subtotal − discount). total = subtotal − discount + fees.
std::vector<OrderLine> price_lines(std::span<const PricingItem> items, const std::optional<Reduction>& reduction,
                                   std::int64_t vat_rate, RoundingMode rounding);
/// @brief The sums of the lines' amounts in `currency`.
PriceBreakdown sum_lines(std::span<const OrderLine> lines, Currency currency);

}  // namespace ticketcore::rules
