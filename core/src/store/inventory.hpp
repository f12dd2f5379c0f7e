#pragma once
// Private to the core (layer 4, store): the inventory repository: capacity pools, the ledger of
// claims, and the derived sold/reserved counters of specifications and pools.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ticketcore/model/integrity.hpp"
#include "ticketcore/model/pool.hpp"
#include "ticketcore/model/specification.hpp"
#include "ticketcore/rules/hold_rules.hpp"
#include "ticketcore/values/time.hpp"

namespace ticketcore::repository {

enum class ClaimState { Reserved, Sold };

class InventoryRepository {
public:
    InventoryRepository() = default;
    InventoryRepository(const InventoryRepository&) = delete;
    InventoryRepository& operator=(const InventoryRepository&) = delete;
    virtual ~InventoryRepository() = default;

    virtual std::optional<Pool> find_pool(const std::string& id) = 0;
    /// @brief How many pools the event has, counted under a lock of the event's pools (see
    /// CatalogueRepository::lock_and_count_specifications).
    virtual std::int64_t lock_and_count_pools(const std::string& event_id) = 0;
    /// @brief The event's pools in the order they were created.
    virtual std::vector<Pool> list_pools(const std::string& event_id) = 0;
    virtual void insert_pool(const std::string& organization_id, const Pool& pool) = 0;
    /// @brief Locks the pool's row until the transaction ends (resize and removal judge its counters).
    virtual void lock_pool(const std::string& id) = 0;
    virtual void update_pool_size(const std::string& id, std::int64_t size) = 0;
    virtual void insert_pool_member(const std::string& organization_id, const std::string& pool_id,
                                    const std::string& specification_id) = 0;
    virtual void delete_pool_member(const std::string& pool_id, const std::string& specification_id) = 0;
    virtual void delete_pool(const std::string& id) = 0;

    /// @brief Takes `quantity` of a specification's capacity: appends a ledger row and moves the
    /// spec's and its pools' counters with conditional writes. The contract every engine keeps:
    /// all of it or nothing, and never more than a quota or a pool holds, whatever other callers
    /// do at the same time. CapacityError `sold_out` / `pool_sold_out` when too little is left.
    virtual void claim_capacity(const std::string& organization_id, const std::string& claim_id,
                                const std::string& specification_id, std::int64_t quantity, ClaimState state,
                                const std::string& source, Instant now) = 0;
#ifdef TICKETCORE_TEST_HOOKS
    /// @brief Test builds only: claim_capacity without the guard, the counters moved
    /// unconditionally (what the capacity guard switched off does, to show the oversell it stops).
    virtual void claim_capacity_unguarded(const std::string& organization_id, const std::string& claim_id,
                                          const std::string& specification_id, std::int64_t quantity, ClaimState state,
                                          const std::string& source, Instant now) = 0;
#endif
    /// @brief Moves a reserved claim to sold (an order paid, a pre-generated ticket activated).
    virtual void settle_claim(const std::string& claim_id) = 0;
    /// @brief Gives a reserved or sold claim's capacity back; the row stays, as released.
    virtual void release_claim(const std::string& claim_id) = 0;
    /// @brief Gives back one unit of a reserved or sold claim (one ticket of an order's line) and
    /// returns the claim that now records that unit as released: the claim itself when it held one
    /// unit, otherwise a new released claim `new_claim_id` of one unit split off it (its quantity
    /// goes down by one), so the ledger still sums to the counters. ConflictError-free: the caller
    /// has checked the ticket still holds its unit.
    virtual std::string release_one(const std::string& organization_id, const std::string& claim_id,
                                    const std::string& new_claim_id, const std::string& source, Instant now) = 0;
    /// @brief Units held by pending orders whose hold ran out at `cutoff` (rules::hold_cutoff:
    /// `expires_us <= cutoff.last_ran_out`) but that are not swept yet, per specification of the
    /// event (specifications without any are left out): one query, through the event's pending
    /// orders (index order_hold_by_event; never other events' that no sweep has closed).
    virtual std::map<std::string, std::int64_t> expired_holds_by_specification(const std::string& event_id,
                                                                               rules::HoldCutoff cutoff) = 0;
    /// @brief Recounts the counters from the ledger; `organization_id` limits the check when set.
    virtual IntegrityReport check_counters(const std::optional<std::string>& organization_id) = 0;
};

}  // namespace ticketcore::repository
