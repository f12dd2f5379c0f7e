#include "ticketcore/rules/product_rules.hpp"

#include <string>
#include <utility>

#include "ticketcore/rules/pricing.hpp"
#include "ticketcore/rules/text_rules.hpp"
#include "ticketcore/values/error_catalogue.hpp"

namespace ticketcore {

const std::string& Product::name_for(std::string_view locale) const {
    return rules::name_for_locale(names, name, locale);
}

namespace rules {

namespace {

LocalizedNames trimmed_names(const LocalizedNames& names) {
    LocalizedNames result;
    for (const auto& [locale, localized] : names) result.emplace(locale, std::string(trimmed(localized)));
    return result;
}

void validate_name(std::string_view name) {
    require_text(name, "name", max_product_name_length);
    require_name(name);
}

void validate_names(const LocalizedNames& names) {
    for (const auto& [locale, localized] : names) {
        require_text(locale, "a locale of names", max_locale_length);
        require_text(localized, "names['" + locale + "']", max_product_name_length);
    }
    require_localized_names(names);
}

void validate_price(std::int64_t minor) {
    if (minor < 0) throw fail::negative_number("price");
}

}  // namespace

NewProduct normalized(NewProduct input) {
    input.name = std::string(trimmed(input.name));
    input.names = trimmed_names(input.names);
    return input;
}

ProductChanges normalized(ProductChanges changes) {
    if (changes.name) changes.name = std::string(trimmed(*changes.name));
    if (changes.names) changes.names = trimmed_names(*changes.names);
    return changes;
}

void validate_new_product(const NewProduct& input) {
    validate_name(input.name);
    validate_names(input.names);
    require_text(input.description, "description");
    validate_price(input.price.minor);
    require_rate(input.vat_rate, "vat_rate");
    validate_stock(input.stock);
}

void validate_product_changes(const ProductChanges& changes) {
    if (changes.name) validate_name(*changes.name);
    if (changes.names) validate_names(*changes.names);
    if (changes.description) require_text(*changes.description, "description");
    if (changes.price) validate_price(changes.price->minor);
    if (changes.vat_rate) require_rate(*changes.vat_rate, "vat_rate");
}

void validate_stock(std::optional<std::int64_t> stock) {
    if (stock && *stock < 0) throw fail::negative_number("stock");
}

void check_stock_covers_taken(std::optional<std::int64_t> stock, std::int64_t sold, std::int64_t reserved) {
    if (stock && *stock < sold + reserved) throw fail::stock_below_taken(sold + reserved);
}

void check_product_claimable(const Product& product) {
    if (!product.is_active) throw fail::product_inactive(product.id);
}

std::optional<std::int64_t> product_available(std::optional<std::int64_t> stock, std::int64_t sold,
                                              std::int64_t reserved) noexcept {
    if (!stock) return std::nullopt;
    // The counters never exceed 2^63 - 1 together (the claim's guard), so the sum cannot overflow.
    return *stock > sold + reserved ? *stock - sold - reserved : 0;
}

Product product_snapshot(Product stored) {
    stored.available = product_available(stored.stock, stored.sold, stored.reserved);
    return stored;
}

}  // namespace rules
}  // namespace ticketcore
