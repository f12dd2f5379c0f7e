#pragma once
// Private to the core (layer 5, services): giving back what an open box-office sale holds, and
// expiring sales whose hold ran out; the sweep of expired order holds runs it too, so that an
// expired sale never blocks a buyer.

#include <string>
#include <vector>

#include "services/unit_of_work.hpp"
#include "store/sales.hpp"

namespace ticketcore::sale_lifecycle {

/// Gives back everything the sale holds: its ticket claims (and with them their seats and
/// volumes), its product stock and its promo code's use.
void release_holds(UnitOfWork& unit, const repository::SaleRow& sale);
/// Expires every open sale of the organization whose hold ran out at `now`; returns their ids.
std::vector<std::string> sweep_due(UnitOfWork& unit, Instant now, const std::string& organization_id);

}  // namespace ticketcore::sale_lifecycle
