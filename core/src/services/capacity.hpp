#pragma once
// Private to the core (layer 5, services): taking capacity, the per-user count, and live counts,
// shared by orders, comps, pre-generation and the catalogue reads.

#include <cstdint>
#include <string>

#include "services/unit_of_work.hpp"
#include "ticketcore/model/order.hpp"
#include "ticketcore/model/pool.hpp"
#include "ticketcore/model/specification.hpp"

namespace ticketcore::capacity {

/// @brief Takes `quantity` of a specification's capacity for `source`, and with a `target` its
/// seat or volume places (InventoryRepository's claim_capacity; claim_capacity_unguarded when a
/// test build switched the capacity guard or the seat guard off); returns the claim id.
std::string claim(const UnitOfWork& unit, const std::string& organization_id, const std::string& specification_id,
                  std::int64_t quantity, repository::ClaimState state, const std::string& source,
                  const repository::ClaimTarget& target = {});

/// @brief Gives an order line's claim the line's money (InventoryRepository::price_claim): its
/// total, its fees (platform and percentage) and its VAT, which the specification's sold money
/// counters count while the claim is sold.
void price(const UnitOfWork& unit, const std::string& claim_id, const OrderLine& line);

/// @brief The per-user limit of `spec` for `quantity` more units to `buyer_id`
/// (rules::check_per_user_limit against rules::units_held_by_buyer of the buyer's pending order
/// lines and live tickets). The holdings are read only when the specification has a limit: most
/// have none, and the two counts are two round trips on PostgreSQL.
void check_per_user_limit(const ReadContext& context, const std::string& buyer_id, const TicketSpecification& spec,
                          std::int64_t quantity);

/// @brief Live counts as of the context's "now": holds of pending orders that ran out but are not
/// swept yet are not reserved any more, so they leave `number_of_tickets_reserved` and come back
/// to `available` (of the spec and of its pools). Reads use this; writes sweep instead.
/// The specifications and pools are those of `event_id`; each call reads the event's expired holds
/// (and, for specifications, its pools) once, whatever their number.
void exclude_expired_holds(const ReadContext& context, const std::string& event_id,
                           std::vector<TicketSpecification>& specs);
void exclude_expired_holds(const ReadContext& context, const std::string& event_id, std::vector<Pool>& pools);

#ifdef TICKETCORE_TEST_HOOKS
/// @brief Test builds only: switches the capacity guard off (see ticketcore::testing).
void set_guard_disabled(bool disabled, std::int64_t race_window_micros) noexcept;
/// @brief Test builds only: whether the guard is off, and the race window to sleep in.
bool guard_disabled() noexcept;
std::int64_t race_window_micros() noexcept;
/// @brief Test builds only: switches the seat guard off (a seat held by one live claim at most, a
/// volume within its capacity), the specification's quota and pools still guarded (see
/// ticketcore::testing::set_seat_guard_disabled).
void set_seat_guard_disabled(bool disabled, std::int64_t race_window_micros) noexcept;
/// @brief Test builds only: whether the seat guard is off, and the race window to sleep in.
bool seat_guard_disabled() noexcept;
std::int64_t seat_race_window_micros() noexcept;
#endif

}  // namespace ticketcore::capacity
