#include "ticketcore/values/money.hpp"

#include <algorithm>
#include <limits>
#include <numeric>
#include <string>

#include "ticketcore/values/error_catalogue.hpp"
#include "values/quotient.hpp"

namespace ticketcore {

using boost::multiprecision::cpp_int;
__extension__ using Wide = unsigned __int128;

namespace {

[[noreturn]] void throw_overflow() {
    throw fail::money_overflow();
}

std::int64_t to_int64(const cpp_int& value) {
    if (value > std::numeric_limits<std::int64_t>::max() || value < std::numeric_limits<std::int64_t>::min()) {
        throw_overflow();
    }
    return value.convert_to<std::int64_t>();
}

[[noreturn]] void throw_malformed(std::string_view text) {
    throw fail::invalid_money_amount(text);
}

}  // namespace

Money Money::parse(std::string_view decimal, Currency currency) {
    std::string_view rest = decimal;
    bool negative = false;
    if (!rest.empty() && (rest.front() == '-' || rest.front() == '+')) {
        negative = rest.front() == '-';
        rest.remove_prefix(1);
    }
    const auto point = rest.find('.');
    const std::string_view whole = rest.substr(0, point);
    std::string_view fraction = point == std::string_view::npos ? std::string_view{} : rest.substr(point + 1);
    if (whole.empty() && fraction.empty()) throw_malformed(decimal);
    if (point != std::string_view::npos && fraction.empty() && whole.empty()) throw_malformed(decimal);
    const auto is_digits = [](std::string_view part) {
        return std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    if (!is_digits(whole) || !is_digits(fraction)) throw_malformed(decimal);
    // Trailing zeros beyond the exponent are harmless ("1.500" DKK); other digits are not.
    while (fraction.size() > static_cast<std::size_t>(currency.exponent()) && fraction.back() == '0') {
        fraction.remove_suffix(1);
    }
    if (fraction.size() > static_cast<std::size_t>(currency.exponent())) {
        throw fail::too_many_decimals(decimal, currency.code(), currency.exponent());
    }
    // Refuse by digit count before any arithmetic: an int64 has at most 19 digits, so a longer
    // amount is out of range however it is written, and the loop below stays short.
    std::string_view significant = whole.substr(std::min(whole.find_first_not_of('0'), whole.size()));
    if (significant.size() + static_cast<std::size_t>(currency.exponent()) > 19) throw_overflow();
    cpp_int minor = 0;
    for (char digit : significant) minor = minor * 10 + (digit - '0');
    for (int position = 0; position < currency.exponent(); ++position) {
        const auto index = static_cast<std::size_t>(position);
        minor = minor * 10 + (index < fraction.size() ? fraction[index] - '0' : 0);
    }
    return Money(to_int64(negative ? cpp_int(-minor) : minor), currency);
}

std::string Money::to_decimal_string() const {
    const bool negative = minor_ < 0;
    // Widen before negating so INT64_MIN prints correctly.
    std::string digits = (negative ? cpp_int(-cpp_int(minor_)) : cpp_int(minor_)).str();
    const auto exponent = static_cast<std::size_t>(currency_.exponent());
    if (exponent > 0) {
        if (digits.size() <= exponent) digits.insert(0, exponent - digits.size() + 1, '0');
        digits.insert(digits.size() - exponent, 1, '.');
    }
    return negative ? "-" + digits : digits;
}

void Money::require_same_currency(const Money& other) const {
    if (!(currency_ == other.currency_)) {
        throw fail::currencies_combined(currency_.code(), other.currency_.code());
    }
}

Money Money::operator+(const Money& other) const {
    require_same_currency(other);
    std::int64_t sum = 0;
    if (__builtin_add_overflow(minor_, other.minor_, &sum)) throw_overflow();
    return Money(sum, currency_);
}

Money Money::operator-(const Money& other) const {
    require_same_currency(other);
    std::int64_t difference = 0;
    if (__builtin_sub_overflow(minor_, other.minor_, &difference)) throw_overflow();
    return Money(difference, currency_);
}

Money Money::operator-() const {
    if (minor_ == std::numeric_limits<std::int64_t>::min()) throw_overflow();
    return Money(-minor_, currency_);
}

Money Money::times(std::int64_t quantity) const {
    std::int64_t product = 0;
    if (__builtin_mul_overflow(minor_, quantity, &product)) throw_overflow();
    return Money(product, currency_);
}

Money Money::percent(BasisPoints rate, RoundingMode mode) const {
    return Money(to_int64(round_quotient(cpp_int(minor_) * rate.value, 10000, mode)), currency_);
}

Money Money::included_vat(BasisPoints rate, RoundingMode mode) const {
    if (rate.value < 0) throw fail::negative_vat_rate();
    // gross * r / (1 + r) with r = bps / 10000, i.e. gross * bps / (10000 + bps).
    return Money(to_int64(round_quotient(cpp_int(minor_) * rate.value, cpp_int(10000) + rate.value, mode)), currency_);
}

std::vector<Money> Money::allocate(std::span<const std::int64_t> weights) const {
    if (weights.empty()) throw fail::allocation_without_weights();
    if (weights.size() > max_parts) {
        throw fail::allocation_too_many_parts(max_parts);
    }
    Wide total = 0;
    for (std::int64_t weight : weights) {
        if (weight < 0) throw fail::allocation_negative_weight();
        total += static_cast<std::uint64_t>(weight);
    }
    if (total == 0) throw fail::allocation_zero_weights();

    // 128 bits hold every intermediate exactly: |amount| <= 2^63 and each weight < 2^63, so a
    // product is below 2^126; at most 10^6 weights sum below 2^83. No big-number arithmetic.
    const bool negative = minor_ < 0;
    const Wide amount =
        negative ? Wide(static_cast<std::uint64_t>(-(minor_ + 1))) + 1 : Wide(static_cast<std::uint64_t>(minor_));
    std::vector<Wide> parts(weights.size());
    std::vector<Wide> remainders(weights.size());
    Wide assigned = 0;
    for (std::size_t index = 0; index < weights.size(); ++index) {
        const Wide scaled = amount * static_cast<std::uint64_t>(weights[index]);
        parts[index] = scaled / total;
        remainders[index] = scaled % total;
        assigned += parts[index];
    }
    // Largest remainder: hand out the leftover units one each, biggest remainder first.
    std::vector<std::size_t> order(weights.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return remainders[a] > remainders[b]; });
    Wide leftover = amount - assigned;
    for (std::size_t rank = 0; leftover > 0; ++rank, --leftover) parts[order[rank]] += 1;

    std::vector<Money> result;
    result.reserve(parts.size());
    for (const Wide part : parts) {
        // A part never exceeds |amount|, so it fits int64 (INT64_MIN's magnitude only when it is all of it).
        std::int64_t minor = 0;
        if (part != 0) minor = negative ? -static_cast<std::int64_t>(part - 1) - 1 : static_cast<std::int64_t>(part);
        result.emplace_back(minor, currency_);
    }
    return result;
}

std::vector<Money> Money::split(std::int64_t parts) const {
    if (parts <= 0) throw fail::split_without_parts();
    if (parts > static_cast<std::int64_t>(max_parts)) {
        throw fail::split_too_many_parts(max_parts);
    }
    const std::vector<std::int64_t> weights(static_cast<std::size_t>(parts), 1);
    return allocate(weights);
}

Money Amount::in(Currency expected) const {
    if (currency && !(*currency == expected)) {
        throw fail::currency_not_expected(currency->code(), expected.code());
    }
    return Money(minor, expected);
}

std::strong_ordering operator<=>(const Money& a, const Money& b) {
    a.require_same_currency(b);
    return a.minor_ <=> b.minor_;
}

}  // namespace ticketcore
