#pragma once
// Private to the core (layer 4, store): the buyer repository: one buyer per identity and organization.

#include <optional>
#include <string>

#include "ticketcore/model/buyer.hpp"
#include "ticketcore/values/time.hpp"

namespace ticketcore::repository {

class BuyerRepository {
public:
    BuyerRepository() = default;
    BuyerRepository(const BuyerRepository&) = delete;
    BuyerRepository& operator=(const BuyerRepository&) = delete;
    virtual ~BuyerRepository() = default;

    /// @brief The organization's buyer with the identity `identity` (see rules::buyer_identity)
    /// as stored, or `candidate`, inserted, when it has none (its id tells which). One write that
    /// inserts or touches the row, safe against a concurrent first order (which it waits for,
    /// and finds); the row is locked until the transaction ends, like lock_buyer. What a later
    /// order changes in it is the service's to write (rules::merge_buyer, update_buyer_contact).
    virtual Buyer insert_or_find_buyer(const std::string& organization_id, const std::string& identity,
                                       const Buyer& candidate, Instant now) = 0;
    /// @brief Writes the buyer's name, e-mail, phone and avatar URL.
    virtual void update_buyer_contact(const Buyer& buyer) = 0;
    virtual std::optional<Buyer> find_buyer(const std::string& id) = 0;
    /// @brief The organization's buyer known by `identity` (rules::buyer_identity), if any.
    virtual std::optional<Buyer> find_buyer_by_identity(const std::string& identity) = 0;
    /// @brief The buyers of `ids` that exist, in one query (in no particular order).
    virtual std::vector<Buyer> find_buyers(const std::vector<std::string>& ids) = 0;
    /// @brief Locks the buyer's row until the transaction ends: every unit that counts what a
    /// buyer holds (the per-user limit) or changes it holds the lock, so counts never interleave.
    /// Returns the buyer as read after the lock (nullopt when there is none).
    virtual std::optional<Buyer> lock_buyer(const std::string& id) = 0;
};

}  // namespace ticketcore::repository
