#pragma once
/// @file product_rules.hpp
/// @brief The rules of products (layer 3): their fields, their stock and whether one can be
/// taken. No SQL, no clock.

#include <cstddef>
#include <cstdint>
#include <optional>

#include "ticketcore/model/product.hpp"

namespace ticketcore::rules {

/// @brief The longest product name (and localized name), in characters (code points).
inline constexpr std::size_t max_product_name_length = 200;
/// @brief The longest locale of a localized name, in characters (BCP 47 tags in use are shorter).
inline constexpr std::size_t max_locale_length = 35;

/// @brief The input as it is stored: the name and each localized name without the whitespace
/// around them.
[[nodiscard]] NewProduct normalized(NewProduct input);
/// @brief The same for changes: the names given, trimmed.
[[nodiscard]] ProductChanges normalized(ProductChanges changes);

/// @brief Every field of a new product (normalized first), in this order: the name
/// (`invalid_text`, `text_too_long` past max_product_name_length, `name_required` when blank), the
/// localized names (rules::require_localized_names; each locale and name bounded like the name),
/// the description (`invalid_text`, `text_too_long`), the price (`negative_number`), the VAT
/// rate (rules::require_rate, `invalid_rate`) and the stock (`negative_number`). Each a
/// ValidationError naming its parameter.
void validate_new_product(const NewProduct& input);
/// @brief The same checks of the fields given.
void validate_product_changes(const ProductChanges& changes);
/// @brief A stock is unlimited (nullopt) or at least 0: else ValidationError `negative_number`.
void validate_stock(std::optional<std::int64_t> stock);

/// @brief A stock never below what is sold and reserved: else ConflictError `stock_below_taken`.
void check_stock_covers_taken(std::optional<std::int64_t> stock, std::int64_t sold, std::int64_t reserved);
/// @brief Only an active product can be taken (added to a sale): else ConflictError `product_inactive`.
void check_product_claimable(const Product& product);

/// @brief What is left of `stock` with `sold` and `reserved` taken: never below 0; nullopt when
/// the stock is unlimited.
[[nodiscard]] std::optional<std::int64_t> product_available(std::optional<std::int64_t> stock, std::int64_t sold,
                                                            std::int64_t reserved) noexcept;
/// @brief A stored product as its snapshot shows it: `available` computed from its counters.
[[nodiscard]] Product product_snapshot(Product stored);

}  // namespace ticketcore::rules
