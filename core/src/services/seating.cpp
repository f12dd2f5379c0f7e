#include "services/seating.hpp"

#include <chrono>
#include <thread>

#include "services/access.hpp"
#include "services/capacity.hpp"
#include "ticketcore/rules/seatmap_rules.hpp"
#include "ticketcore/values/error_catalogue.hpp"

namespace ticketcore::seating {

repository::StoredSeatMap seatmap(const ReadContext& context, const std::string& seatmap_id) {
    auto found = context.seating().find_seatmap(seatmap_id);
    if (!found) {
        access::missing(context, store::Owned::seatmap, seatmap_id, [&] { throw fail::seatmap_not_found(seatmap_id); });
    }
    context.actor.require_organization(found->organization_id);
    return std::move(*found);
}

namespace {

/// The seat map, checked to be of the specification's event.
repository::StoredSeatMap seatmap_of_specification(const UnitOfWork& unit, const std::string& seatmap_id,
                                                   const std::string& specification_id) {
    repository::StoredSeatMap stored = seatmap(unit, seatmap_id);
    const auto spec = access::specification(unit, specification_id);
    if (spec.specification.event_id != stored.seatmap.event_id) throw fail::seatmap_other_event(specification_id);
    return stored;
}

}  // namespace

std::string claim_seat(const UnitOfWork& unit, const std::string& organization_id, const std::string& seatmap_id,
                       const std::string& seat_id, const std::string& specification_id, repository::ClaimState state,
                       const std::string& source) {
    (void)seatmap_of_specification(unit, seatmap_id, specification_id);
    const auto seat = unit.seating().find_seat(seatmap_id, seat_id);
    if (!seat) throw fail::seat_not_found(seat_id);
    rules::check_seat_allows(*seat, specification_id);
    repository::ClaimTarget target;
    target.seat_id = seat_id;
    return capacity::claim(unit, organization_id, specification_id, 1, state, source, target);
}

std::string claim_volume(const UnitOfWork& unit, const std::string& organization_id, const std::string& seatmap_id,
                         const std::string& volume_id, const std::string& specification_id, std::int64_t quantity,
                         repository::ClaimState state, const std::string& source) {
    if (quantity <= 0) throw fail::invalid_quantity();
    (void)seatmap_of_specification(unit, seatmap_id, specification_id);
    const auto volume = unit.seating().find_volume(seatmap_id, volume_id);
    if (!volume) throw fail::volume_not_found(volume_id);
    rules::check_volume_allows(*volume, specification_id);
    repository::ClaimTarget target;
    target.volume_id = volume_id;
    return capacity::claim(unit, organization_id, specification_id, quantity, state, source, target);
}

#ifdef TICKETCORE_TEST_HOOKS
void unguarded_precheck(const Store& store, const std::string& seatmap_id, const std::string& seat_id,
                        const std::string& volume_id, std::int64_t quantity) {
    if (!capacity::seat_guard_disabled()) return;
    store.read([&](ReadContext& context) {
        if (!seat_id.empty()) {
            const auto seat = context.seating().find_seat(seatmap_id, seat_id);
            if (seat && seat->status != SeatStatus::Free) throw fail::seat_taken(seat->label);
        }
        if (!volume_id.empty()) {
            const auto volume = context.seating().find_volume(seatmap_id, volume_id);
            if (volume && volume->available < quantity) throw fail::volume_sold_out(volume->name);
        }
    });
    std::this_thread::sleep_for(std::chrono::microseconds(capacity::seat_race_window_micros()));
}
#endif

}  // namespace ticketcore::seating
