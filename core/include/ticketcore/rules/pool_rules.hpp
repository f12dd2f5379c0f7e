#pragma once
/// @file pool_rules.hpp
/// @brief The rules of capacity pools (layer 3): their size, when they may change, and which
/// specifications may join or leave one. No SQL, no clock. (How many pools an event may have and
/// what a pool has left are in specification_rules.hpp: check_room_for_pool, pool_available.)

#include <cstdint>
#include <string_view>

#include "ticketcore/model/event.hpp"
#include "ticketcore/model/pool.hpp"
#include "ticketcore/model/specification.hpp"

namespace ticketcore::rules {

/// @brief A pool's size is not negative: ValidationError `negative_number` ("Pool size cannot be negative").
void check_pool_size(std::int64_t size);
/// @brief A completed event takes no new pool: ConflictError `event_completed`.
void check_can_add_pool(EventState event_state);
/// @brief A completed event's pools are frozen (resize, membership, removal): ConflictError `event_completed`.
void check_can_change_pool(EventState event_state);
/// @brief Whether `specification_id` draws from `pool`.
[[nodiscard]] bool is_member(const Pool& pool, std::string_view specification_id) noexcept;
/// @brief A pool being created lists each specification once: one already among its members so
/// far is a ValidationError `duplicate_member`.
void check_listed_once(const Pool& pool, std::string_view specification_id);
/// @brief A specification joins a pool it does not draw from yet: ConflictError `already_member`.
void check_not_member(const Pool& pool, std::string_view specification_id);
/// @brief A specification leaves a pool it draws from: NotFoundError `not_member`.
void check_member(const Pool& pool, std::string_view specification_id);
/// @brief A specification may join or leave `pool` only when it is of the pool's event
/// (ValidationError `pool_other_event`) and has nothing sold or reserved (ConflictError
/// `specification_sold`), so that a pool's counters always equal the recount of its members' claims.
void check_membership_change(const Pool& pool, const TicketSpecification& spec);
/// @brief A pool is not resized below what is sold and reserved of it: CapacityError `pool_below_taken`.
void check_can_resize(const Pool& pool, std::int64_t size);
/// @brief Only a pool with nothing sold or reserved is removed: ConflictError `pool_in_use`.
void check_can_remove_pool(const Pool& pool);

}  // namespace ticketcore::rules
