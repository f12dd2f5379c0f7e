#pragma once
/// @file money.hpp
/// @brief Exact money: int64 minor units of one ISO 4217 currency.

#include <compare>
#include <concepts>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "ticketcore/values/currency.hpp"
#include "ticketcore/values/rounding.hpp"

namespace ticketcore {

/// @brief A rate in basis points: 2500 = 25 %.
struct BasisPoints {
    /// @brief The largest rate any setting takes: 100 %. Rates above it are a typo for a fraction.
    static constexpr std::int64_t max = 10000;
    std::int64_t value;
};

/// @brief An amount of money in minor units (øre, cents) of one currency.
///
/// Arithmetic is checked: overflow raises ValidationError `money_overflow`, mixing currencies
/// raises ValidationError `currency_mismatch`. `Money * Money` and `Money + int` do not compile.
class Money {
public:
    /// @brief `minor` units of `currency`.
    explicit constexpr Money(std::int64_t minor, Currency currency) noexcept : minor_(minor), currency_(currency) {}
    /// @brief Zero of `currency`.
    static constexpr Money zero(Currency currency) noexcept { return Money(0, currency); }
    /// @brief Parses a decimal string such as "250", "250.5", "-0.25" exactly; more decimals than
    /// the currency has, or a malformed string, is a ValidationError.
    static Money parse(std::string_view decimal, Currency currency);

    /// @brief Minor units.
    [[nodiscard]] constexpr std::int64_t minor() const noexcept { return minor_; }
    /// @brief The currency.
    [[nodiscard]] constexpr Currency currency() const noexcept { return currency_; }
    /// @brief Plain decimal with exactly `exponent` digits: "250.00", "-0.05", "1000" (JPY).
    [[nodiscard]] std::string to_decimal_string() const;

    Money operator+(const Money& other) const;
    Money operator-(const Money& other) const;
    Money operator-() const;
    Money& operator+=(const Money& other) { return *this = *this + other; }
    Money& operator-=(const Money& other) { return *this = *this - other; }

    /// @brief This amount times an integer quantity.
    [[nodiscard]] Money times(std::int64_t quantity) const;
    /// @brief `rate` of this amount, computed exactly and rounded once by `mode`.
    [[nodiscard]] Money percent(BasisPoints rate, RoundingMode mode) const;
    /// @brief The part of this gross amount that is VAT at `rate` (gross * r / (1 + r)), rounded by `mode`.
    [[nodiscard]] Money included_vat(BasisPoints rate, RoundingMode mode) const;
    /// @brief The most parts allocate() and split() produce.
    static constexpr std::size_t max_parts = 1'000'000;
    /// @brief Splits this amount by non-negative weights with the largest-remainder method:
    /// the parts always sum to this amount. Ties go to the earlier part.
    [[nodiscard]] std::vector<Money> allocate(std::span<const std::int64_t> weights) const;
    /// @brief Splits this amount into `parts` near-equal parts that sum to it.
    [[nodiscard]] std::vector<Money> split(std::int64_t parts) const;

    /// @brief Equal when the same currency and the same minor units.
    friend constexpr bool operator==(const Money& a, const Money& b) noexcept {
        return a.currency_ == b.currency_ && a.minor_ == b.minor_;
    }
    /// @brief Orders amounts of one currency; comparing two currencies throws `currency_mismatch`.
    friend std::strong_ordering operator<=>(const Money& a, const Money& b);

private:
    void require_same_currency(const Money& other) const;
    std::int64_t minor_;
    Currency currency_;
};

/// @brief An integer quantity times money; only integral types (not bool) take part.
template <std::integral Quantity>
requires(!std::same_as<Quantity, bool>) Money operator*(const Money& money, Quantity quantity) {
    return money.times(static_cast<std::int64_t>(quantity));
}
/// @brief An integer quantity times money.
template <std::integral Quantity>
requires(!std::same_as<Quantity, bool>) Money operator*(Quantity quantity, const Money& money) {
    return money.times(static_cast<std::int64_t>(quantity));
}

static_assert(std::is_trivially_copyable_v<Money>);

/// @brief An input amount in minor units whose currency may be left to the context (a price given
/// as the seeds' plain integer) or stated (a Money), in which case it must match.
struct Amount {
    std::int64_t minor = 0;
    std::optional<Currency> currency;
    /// @brief The amount as Money of `expected`; throws ValidationError `currency_mismatch`.
    [[nodiscard]] Money in(Currency expected) const;
};

}  // namespace ticketcore
