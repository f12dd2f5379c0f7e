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

/// @brief What a claim takes besides its specification's capacity (and the pools it draws from):
/// one seat of a seat map, or units of a volume, in the same conditional write path. A claim's
/// seat or volume stays on its ledger row (inventory_claim.seat_id / volume_id), so that what a
/// sale item or a ticket holds is found from its claim id.
struct ClaimTarget {
    std::optional<std::string> seat_id;    ///< the claim's quantity must then be 1
    std::optional<std::string> volume_id;  ///< the claim's quantity of the volume's places
};

/// @brief The money a claim's units were sold for, in minor units of its event's currency: an
/// order line's total, the fees and the VAT in it. A specification's sold_revenue / sold_fees /
/// sold_vat counters are the sums over its sold claims (what sales_per_specification reads).
struct ClaimMoney {
    std::int64_t revenue = 0;
    std::int64_t fees = 0;
    std::int64_t vat = 0;
    friend bool operator==(const ClaimMoney&, const ClaimMoney&) = default;
};

#ifdef TICKETCORE_TEST_HOOKS
/// @brief Test builds only: which guards claim_capacity_unguarded leaves out.
enum class Unguarded {
    everything,       ///< the quota, the pools, the seat and the volume (the capacity guard off)
    seat_and_volume,  ///< only the seat's and the volume's (the seat guard off)
};
#endif

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
    /// With a `target`, the claim also takes its seat (held by at most one live claim: CapacityError
    /// `seat_taken`) or `quantity` places of its volume (never more than its capacity:
    /// `volume_sold_out`) with the same kind of conditional write; NotFoundError `seat_not_found` /
    /// `volume_not_found` when there is none such.
    virtual void claim_capacity(const std::string& organization_id, const std::string& claim_id,
                                const std::string& specification_id, std::int64_t quantity, ClaimState state,
                                const std::string& source, Instant now, const ClaimTarget& target = {}) = 0;
#ifdef TICKETCORE_TEST_HOOKS
    /// @brief Test builds only: claim_capacity without the guard, the counters moved
    /// unconditionally (what the capacity guard switched off does, to show the oversell it stops).
    virtual void claim_capacity_unguarded(const std::string& organization_id, const std::string& claim_id,
                                          const std::string& specification_id, std::int64_t quantity, ClaimState state,
                                          const std::string& source, Instant now, const ClaimTarget& target = {},
                                          Unguarded left_out = Unguarded::everything) = 0;
#endif
    /// @brief Gives the claim the money its units are sold for (an order line's, a door payment's);
    /// a sold claim's specification money counters move by the difference. A unit given back later
    /// (release_claim_units) takes its share along: `money × units ÷ quantity`, rounded down, the
    /// rest staying with the units kept, so that the last unit given back takes what is left.
    virtual void price_claim(const std::string& claim_id, const ClaimMoney& money) = 0;
    /// @brief Moves a reserved claim to sold (an order paid, a pre-generated ticket activated);
    /// its seat becomes sold, its volume's places move from reserved to sold.
    virtual void settle_claim(const std::string& claim_id) = 0;
    /// @brief Gives a reserved or sold claim's capacity back (its seat is free again, its volume's
    /// places given back); the row stays, as released.
    virtual void release_claim(const std::string& claim_id) = 0;
    /// @brief Gives `quantity` units of a reserved or sold claim back (a refunded ticket of an
    /// order line's claim): the whole claim as release_claim when it holds no more; else the claim
    /// keeps the rest and a new row `new_claim_id` of `source` records the units given back, as
    /// released. Returns the id of the released row (none when the claim was released already:
    /// its units were given back before).
    virtual std::optional<std::string> release_claim_units(const std::string& claim_id, std::int64_t quantity,
                                                           const std::string& new_claim_id, const std::string& source,
                                                           Instant now) = 0;
    /// @brief Units held by pending orders whose hold ran out at `cutoff` (rules::hold_cutoff:
    /// `expires_us <= cutoff.last_ran_out`) but that are not swept yet, per specification of the
    /// event (specifications without any are left out), with the claims of open box-office sales
    /// whose hold ran out: one query, through the event's pending orders (index
    /// order_hold_by_event; never other events' that no sweep has closed) and the organization's
    /// open sales by expiry (index sale_due).
    virtual std::map<std::string, std::int64_t> expired_holds_by_specification(const std::string& event_id,
                                                                               rules::HoldCutoff cutoff) = 0;
    /// @brief Recounts the counters (of specifications, pools, volumes and seats) from the ledger;
    /// `organization_id` limits the check when set.
    virtual IntegrityReport check_counters(const std::optional<std::string>& organization_id) = 0;
};

}  // namespace ticketcore::repository
