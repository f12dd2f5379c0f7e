#pragma once
// Private to the core (layer 5, services): holding a seat or places of a volume on the inventory
// ledger, for the areas that sell them (box-office sales, orders). A seat or volume claim is a
// claim of its ticket specification's capacity too (quota and pools), in one conditional write
// path (InventoryRepository::claim_capacity with a ClaimTarget). Settling and releasing go through
// the InventoryRepository by claim id (settle_claim, release_claim, release_claim_units), which keep
// the seat or volume in step; the claim row names its seat or volume (inventory_claim.seat_id /
// volume_id) for whoever shows it later.

#include <cstdint>
#include <string>

#include "services/unit_of_work.hpp"
#include "store/inventory.hpp"
#include "store/seating.hpp"
#include "ticketcore/services/store.hpp"

namespace ticketcore::seating {

/// @brief The seat map, checked for the actor: NotFoundError `seatmap_not_found`, or
/// PermissionDeniedError `other_organization` for another organization's.
repository::StoredSeatMap seatmap(const ReadContext& context, const std::string& seatmap_id);

/// @brief Holds (ClaimState::Reserved) or sells (Sold) seat `seat_id` of seat map `seatmap_id` as
/// ticket specification `specification_id` for `source`; returns the claim id. Checks that the
/// seat is the seat map's (`seat_not_found`), the seat map of the specification's event
/// (`seatmap_other_event`), the specification allowed on the seat (`seat_not_for_ticket_type`);
/// CapacityError `seat_taken` when a live claim holds the seat, `sold_out` / `pool_sold_out` when
/// the specification has nothing left. Whether the specification is on sale is the caller's rule.
std::string claim_seat(const UnitOfWork& unit, const std::string& organization_id, const std::string& seatmap_id,
                       const std::string& seat_id, const std::string& specification_id, repository::ClaimState state,
                       const std::string& source);

/// @brief Holds or sells `quantity` places of volume `volume_id` of seat map `seatmap_id` as
/// `specification_id`, like claim_seat (`volume_not_found`, `volume_not_for_ticket_type`,
/// CapacityError `volume_sold_out` when the volume has fewer places left); returns the claim id.
std::string claim_volume(const UnitOfWork& unit, const std::string& organization_id, const std::string& seatmap_id,
                         const std::string& volume_id, const std::string& specification_id, std::int64_t quantity,
                         repository::ClaimState state, const std::string& source);

#ifdef TICKETCORE_TEST_HOOKS
/// @brief Test builds only: what a naive implementation checks on a snapshot before its write
/// transaction when the seat guard is off (the seat free, the volume with `quantity` places left),
/// then the race window it sleeps in; nothing when the guard is on.
void unguarded_precheck(const Store& store, const std::string& seatmap_id, const std::string& seat_id,
                        const std::string& volume_id, std::int64_t quantity);
#endif

}  // namespace ticketcore::seating
