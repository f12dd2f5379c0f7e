#pragma once
/// @file currency.hpp
/// @brief ISO 4217 currencies with their minor-unit exponent.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>

namespace ticketcore {

/// @brief An ISO 4217 currency: three-letter code and number of minor-unit digits.
class Currency {
public:
    /// @brief Looks up a currency by its ISO code; throws ValidationError `unknown_currency`.
    static Currency of(std::string_view code);
    /// @brief The three-letter ISO 4217 code, e.g. "DKK".
    [[nodiscard]] std::string_view code() const noexcept { return {code_.data(), 3}; }
    /// @brief Digits after the decimal point: 2 for DKK, 0 for JPY, 3 for KWD.
    [[nodiscard]] constexpr int exponent() const noexcept { return exponent_; }
    /// @brief 10^exponent: minor units per major unit.
    [[nodiscard]] constexpr std::int64_t minor_per_major() const noexcept {
        std::int64_t factor = 1;
        for (int digit = 0; digit < exponent_; ++digit) factor *= 10;
        return factor;
    }
    friend constexpr bool operator==(const Currency& a, const Currency& b) noexcept { return a.code_ == b.code_; }

private:
    constexpr Currency(std::array<char, 4> code, int exponent) noexcept : code_(code), exponent_(exponent) {}
    std::array<char, 4> code_;
    int exponent_;
};

static_assert(std::is_trivially_copyable_v<Currency>);

}  // namespace ticketcore
