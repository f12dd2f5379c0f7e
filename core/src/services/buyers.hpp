#pragma once
// Private to the core: the buyer an order, a comp or a door sale is for.

#include <string>

#include "services/unit_of_work.hpp"
#include "ticketcore/model/buyer.hpp"
#include "ticketcore/rules/order_rules.hpp"

namespace ticketcore::buyers {

/// The organization's buyer for `input` (rules::buyer_identity): created by its first order,
/// comp or door sale; on a later one, its contact details changed as rules::merge_buyer says.
/// Locked until the unit ends (see BuyerRepository::lock_buyer).
inline Buyer find_or_create(const UnitOfWork& unit, const std::string& organization_id, const BuyerInput& input) {
    const Buyer candidate{unit.new_id(), input.user_id, input.name, input.email, input.phone, input.avatar_url};
    Buyer stored =
        unit.buyers().insert_or_find_buyer(organization_id, rules::buyer_identity(input), candidate, unit.now);
    if (stored.id == candidate.id) return stored;
    Buyer merged = rules::merge_buyer(stored, input);
    if (merged != stored) unit.buyers().update_buyer_contact(merged);
    return merged;
}

}  // namespace ticketcore::buyers
