#pragma once
// Private to the core: closing pending orders (expiry, cancel) and sweeping expired holds, shared
// by every unit of work that takes capacity so that an expired hold never blocks anyone.

#include <string>
#include <string_view>
#include <vector>

#include "services/unit_of_work.hpp"

namespace ticketcore::lifecycle {

/// {"id", "name", "email"} of a buyer, as outbox payloads carry it.
Json buyer_json(UnitOfWork& unit, const std::string& buyer_id);
/// Gives a pending order's capacity and promo use back and closes it as `state`, with its audit
/// row and outbox event.
void close_pending(UnitOfWork& unit, const repository::OrderRow& row, OrderState state, std::string_view operation,
                   std::string_view topic);
/// Expires every pending order of the organization whose hold ran out at `now`; returns their ids.
std::vector<std::string> sweep_due(UnitOfWork& unit, Instant now, const std::string& organization_id);

}  // namespace ticketcore::lifecycle
