#pragma once
// Private to the core (layer 5, services): taking, settling and giving back a product's stock,
// for the areas that sell products (the box office's sales). Each runs inside the caller's unit
// of work; the product ledger (store/products.hpp) keeps the stock's guarantees.

#include <cstdint>
#include <string>

#include "services/unit_of_work.hpp"
#include "store/inventory.hpp"

namespace ticketcore {
class Store;
}

namespace ticketcore::product_stock {

/// @brief Takes `quantity` of product `product_id` of the organization `organization_id` for
/// `source` (what holds it, e.g. "sale:<id>"), reserved or sold; returns the claim id. Refuses,
/// changing nothing: a product of another organization (PermissionDeniedError
/// `other_organization`), none (NotFoundError `product_not_found`), an inactive one (ConflictError
/// `product_inactive`), a quantity below 1 (ValidationError `invalid_quantity`) and more than the
/// stock has left (CapacityError `product_sold_out`). In a test build with the stock guard off
/// (set_guard_disabled) the stock is taken unconditionally.
std::string claim(const UnitOfWork& unit, const std::string& organization_id, const std::string& product_id,
                  std::int64_t quantity, repository::ClaimState state, const std::string& source);
/// @brief Moves a reserved claim to sold (a sale paid); ConflictError `claim_not_reserved` when
/// it is not reserved.
void settle(const UnitOfWork& unit, const std::string& claim_id);
/// @brief Gives a reserved or sold claim's stock back (a sale withdrawn, expired or cancelled);
/// releasing a released claim again does nothing.
void release(const UnitOfWork& unit, const std::string& claim_id);

#ifdef TICKETCORE_TEST_HOOKS
/// @brief Test builds only: switches the stock guard off (see ticketcore::testing::set_product_guard_disabled).
void set_guard_disabled(bool disabled, std::int64_t race_window_micros) noexcept;
/// @brief Test builds only: whether the stock guard is off.
bool guard_disabled() noexcept;
/// @brief Test builds only, with the guard off: what a naive implementation checks before its
/// write transaction: on a snapshot read of `store`, `quantity` more than the product has left is
/// CapacityError `product_sold_out`; then it waits the race window. A caller that sells products
/// runs it before its unit of work when guard_disabled(), as Orders::place does for tickets.
void unguarded_precheck(const Store& store, const std::string& product_id, std::int64_t quantity);
#endif

}  // namespace ticketcore::product_stock
