#include "ticketcore/rules/pricing.hpp"

#include <algorithm>

#include "ticketcore/values/error_catalogue.hpp"

namespace ticketcore::rules {

void require_rate(std::int64_t basis_points, std::string_view field, std::int64_t minimum) {
    if (basis_points < minimum || basis_points > BasisPoints::max) throw fail::rate_out_of_range(field, minimum);
}

std::vector<OrderLine> price_lines(std::span<const PricingItem> items, const std::optional<Reduction>& reduction,
                                   std::int64_t vat_rate, RoundingMode rounding) {
    if (items.empty()) throw fail::no_items();
    const Currency currency = items.front().unit_price.currency();
    std::vector<OrderLine> lines(items.size());
    Money eligible = Money::zero(currency);
    std::vector<std::int64_t> weights;
    weights.reserve(items.size());
    for (std::size_t index = 0; index < items.size(); ++index) {
        const PricingItem& item = items[index];
        OrderLine& line = lines[index];
        line.amount = item.quantity;
        line.unit_price = item.unit_price;
        line.subtotal = item.unit_price.times(item.quantity);
        line.platform_fee = item.platform_fee.times(item.quantity);
        line.percentage_fee = item.percentage_fee_amount.times(item.quantity);
        line.discount = Money::zero(currency);
        weights.push_back(item.discountable ? line.subtotal.minor() : 0);
        if (item.discountable) eligible += line.subtotal;
    }

    if (reduction && eligible.minor() > 0) {
        Money discount = Money::zero(currency);
        if (reduction->percent_off) {
            discount = eligible.percent(BasisPoints{*reduction->percent_off}, rounding);
        } else if (reduction->amount_off) {
            if (!(reduction->amount_off->currency() == currency)) {
                throw fail::promo_code_currency_differs();
            }
            discount = std::min(*reduction->amount_off, eligible);
        }
        const std::vector<Money> shares = discount.allocate(weights);
        for (std::size_t index = 0; index < lines.size(); ++index) lines[index].discount = shares[index];
    }

    for (OrderLine& line : lines) {
        const Money net = line.subtotal - line.discount;
        line.vat = net.included_vat(BasisPoints{vat_rate}, rounding);
        line.total = net + line.platform_fee + line.percentage_fee;
    }
    return lines;
}

PriceBreakdown sum_lines(std::span<const OrderLine> lines, Currency currency) {
    PriceBreakdown sum{Money::zero(currency), Money::zero(currency), Money::zero(currency),
                       Money::zero(currency), Money::zero(currency), Money::zero(currency)};
    for (const OrderLine& line : lines) {
        sum.subtotal += line.subtotal;
        sum.discount += line.discount;
        sum.platform_fee += line.platform_fee;
        sum.percentage_fee += line.percentage_fee;
        sum.vat += line.vat;
        sum.total += line.total;
    }
    return sum;
}

}  // namespace ticketcore::rules
