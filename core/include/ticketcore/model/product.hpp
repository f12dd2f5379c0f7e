#pragma once
/// @file product.hpp
/// @brief Products: what a box office sells besides tickets (a programme, a cloakroom token,
/// merchandise), an organization's, with a price, a VAT rate and an optional stock.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "ticketcore/values/money.hpp"
#include "ticketcore/values/time.hpp"

namespace ticketcore {

/// @brief A snapshot of a product with its live stock counters.
struct Product {
    std::string id;
    std::string name;
    /// @brief Localized names by locale ("da", "de-AT"); `name` is the fallback.
    std::map<std::string, std::string> names;
    std::string description;
    /// @brief The price of one, VAT included, in the organization's currency.
    Money price = Money::zero(Currency::of("EUR"));
    /// @brief VAT rate in basis points included in the price; 0 = none.
    std::int64_t vat_rate = 0;
    /// @brief How many there are to sell in all (sold and reserved included); nullopt = unlimited.
    std::optional<std::int64_t> stock;
    std::int64_t sold = 0;
    std::int64_t reserved = 0;
    /// @brief What can still be taken: stock - sold - reserved, never below 0; nullopt = unlimited.
    std::optional<std::int64_t> available;
    bool is_active = true;
    Instant created;

    /// @brief The name for `locale`: exact match, then its language ("da" for "da-DK"), then
    /// `name` (the rule of every localized name, rules::name_for_locale).
    [[nodiscard]] const std::string& name_for(std::string_view locale) const;

    friend bool operator==(const Product&, const Product&) = default;
};

/// @brief Input of `products.create`.
struct NewProduct {
    /// @brief Required; stored without the whitespace around it.
    std::string name;
    std::map<std::string, std::string> names;
    std::string description;
    /// @brief At least 0, in the organization's currency (an amount without a currency is taken in it).
    Amount price;
    std::int64_t vat_rate = 0;
    /// @brief At least 0; nullopt = unlimited.
    std::optional<std::int64_t> stock;
    bool is_active = true;
    /// @brief A repeat with the same key and input returns the first product (see docs/products.md).
    std::optional<std::string> idempotency_key;
};

/// @brief Input of `products.update`: nullopt keeps the current value.
struct ProductChanges {
    std::optional<std::string> name;
    std::optional<std::map<std::string, std::string>> names;
    std::optional<std::string> description;
    std::optional<Amount> price;
    std::optional<std::int64_t> vat_rate;
};

}  // namespace ticketcore
