#pragma once
// Private to the core (layer 4, store): the outbox of domain events.

#include <cstdint>
#include <string>
#include <vector>

#include "ticketcore/model/outbox.hpp"
#include "ticketcore/values/time.hpp"

namespace ticketcore::repository {

class OutboxRepository {
public:
    OutboxRepository() = default;
    OutboxRepository(const OutboxRepository&) = delete;
    OutboxRepository& operator=(const OutboxRepository&) = delete;
    virtual ~OutboxRepository() = default;

    virtual void insert_outbox(const std::string& organization_id, const std::string& topic,
                               const std::string& entity_id, const std::string& payload, Instant at) = 0;
    /// @brief Unacknowledged events of the organization, in sequence order.
    virtual std::vector<OutboxEvent> pending_outbox(const std::string& organization_id, std::int64_t limit) = 0;
    /// @brief Acknowledges every event up to `up_to`; how many were acknowledged now.
    virtual std::int64_t acknowledge_outbox(const std::string& organization_id, std::int64_t up_to, Instant at) = 0;
};

}  // namespace ticketcore::repository
