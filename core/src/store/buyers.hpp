#pragma once
// Private to the core (layer 4, store): the buyer repository: one buyer per identity and organization.

#include <optional>
#include <string>

#include "ticketcore/model/order.hpp"
#include "ticketcore/values/time.hpp"

namespace ticketcore::repository {

class BuyerRepository {
public:
    BuyerRepository() = default;
    BuyerRepository(const BuyerRepository&) = delete;
    BuyerRepository& operator=(const BuyerRepository&) = delete;
    virtual ~BuyerRepository() = default;

    /// @brief Finds the organization's buyer with the identity `identity` (see
    /// rules::buyer_identity), updating its contact details as rules::merge_buyer says, or
    /// creates it with `new_id`; one conditional write, safe against a concurrent first order.
    virtual Buyer upsert_buyer(const std::string& organization_id, const std::string& identity, const BuyerInput& input,
                               const std::string& new_id, Instant now) = 0;
    virtual std::optional<Buyer> find_buyer(const std::string& id) = 0;
    /// @brief The buyers of `ids` that exist, in one query (in no particular order).
    virtual std::vector<Buyer> find_buyers(const std::vector<std::string>& ids) = 0;
    /// @brief Locks the buyer's row until the transaction ends: every unit that counts what a
    /// buyer holds (the per-user limit) or changes it holds the lock, so counts never interleave.
    /// Returns the buyer as read after the lock (nullopt when there is none).
    virtual std::optional<Buyer> lock_buyer(const std::string& id) = 0;
};

}  // namespace ticketcore::repository
