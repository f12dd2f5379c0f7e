#pragma once
/// @file products.hpp
/// @brief The `Products` area of a Store (see store.hpp for how every operation runs): the
/// organization's non-ticket items a box office sells, and their stock.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "ticketcore/model/page.hpp"
#include "ticketcore/model/product.hpp"
#include "ticketcore/services/store.hpp"

namespace ticketcore {

/// @brief Products of the actor's organization, priced in its currency. Changing them needs the
/// scope events:write, reading them events:read. The stock is taken, settled and given back by
/// the areas that sell products (the box office), never set below what is sold and reserved.
class Products {
public:
    explicit Products(Store store) : store_(std::move(store)) {}
    /// @brief A new product (see NewProduct); a repeat with the same idempotency key and input
    /// returns the first product as it is now, with other input ConflictError `idempotency_key_reused`.
    Product create(const NewProduct& given) const;
    /// @brief Changes the fields given (name, names, description, price, vat_rate).
    Product update(const std::string& product_id, const ProductChanges& given) const;
    /// @brief Sets the stock (nullopt: unlimited); ConflictError `stock_below_taken` below what is
    /// sold and reserved.
    Product set_stock(const std::string& product_id, std::optional<std::int64_t> stock) const;
    /// @brief Activates or deactivates the product: an inactive one cannot be added to a sale.
    Product set_active(const std::string& product_id, bool active) const;
    [[nodiscard]] Product get(const std::string& product_id) const;
    /// @brief A page of the organization's products in creation order.
    [[nodiscard]] Page<Product> list(const PageRequest& request = {}) const;

private:
    Store store_;
};

}  // namespace ticketcore
