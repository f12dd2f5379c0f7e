#pragma once
// Private to the core (layer 4, store): the product repository: an organization's products, the
// ledger of their stock claims (a row per claim), and the derived sold/reserved counters.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/inventory.hpp"
#include "ticketcore/model/integrity.hpp"
#include "ticketcore/model/product.hpp"
#include "ticketcore/values/time.hpp"

namespace ticketcore::repository {

class ProductRepository {
public:
    ProductRepository() = default;
    ProductRepository(const ProductRepository&) = delete;
    ProductRepository& operator=(const ProductRepository&) = delete;
    virtual ~ProductRepository() = default;

    /// @brief The tenant's product `id` as stored (`available` not computed: rules::product_snapshot).
    virtual std::optional<Product> find_product(const std::string& id) = 0;
    /// @brief Locks the product's row until the transaction ends (set_stock judges its counters).
    virtual void lock_product(const std::string& id) = 0;
    virtual void insert_product(const std::string& organization_id, const Product& product) = 0;
    /// @brief Writes name, names, description, price and vat_rate.
    virtual void update_product(const Product& product) = 0;
    virtual void update_product_stock(const std::string& id, std::optional<std::int64_t> stock) = 0;
    virtual void update_product_active(const std::string& id, bool active) = 0;
    /// @brief The place of a product of the tenant in creation order; nullopt when `id` is none.
    virtual std::optional<std::int64_t> product_position(const std::string& id) = 0;
    /// @brief Up to `limit` of the tenant's products created after `after_position` (0: from the
    /// first), in creation order, through the index product_by_organization.
    virtual std::vector<Product> page_products(std::int64_t after_position, std::int64_t limit) = 0;

    /// @brief Takes `quantity` of a product's stock: appends a ledger row and moves the product's
    /// counter with a conditional write. The contract every engine keeps: all of it or nothing,
    /// and never more than the stock holds, whatever other callers do at the same time.
    /// ValidationError `invalid_quantity` unless quantity > 0; CapacityError `product_sold_out`
    /// when too little is left; NotFoundError `product_not_found` when there is no such product.
    virtual void claim_product(const std::string& organization_id, const std::string& claim_id,
                               const std::string& product_id, std::int64_t quantity, ClaimState state,
                               const std::string& source, Instant now) = 0;
#ifdef TICKETCORE_TEST_HOOKS
    /// @brief Test builds only: claim_product without the guard, the counter moved
    /// unconditionally (what the stock guard switched off does, to show the oversell it stops).
    virtual void claim_product_unguarded(const std::string& organization_id, const std::string& claim_id,
                                         const std::string& product_id, std::int64_t quantity, ClaimState state,
                                         const std::string& source, Instant now) = 0;
#endif
    /// @brief Moves a reserved claim to sold; ConflictError `claim_not_reserved` when it is not
    /// reserved, NotFoundError `claim_not_found` when there is none.
    virtual void settle_product_claim(const std::string& claim_id) = 0;
    /// @brief Gives a reserved or sold claim's stock back; the row stays, as released (releasing
    /// it again does nothing). NotFoundError `claim_not_found` when there is none.
    virtual void release_product_claim(const std::string& claim_id) = 0;
    /// @brief Recounts the products' counters from the ledger into `report` (products_checked,
    /// mismatches and over_capacity of entity type "product"); `organization_id` limits the check
    /// when set.
    virtual void check_product_counters(const std::optional<std::string>& organization_id, IntegrityReport& report) = 0;
};

}  // namespace ticketcore::repository
