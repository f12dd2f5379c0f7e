#pragma once
/// @file outbox.hpp
/// @brief Domain events written in the same transaction as the change they announce.

#include <cstdint>
#include <string>

#include "ticketcore/values/time.hpp"

namespace ticketcore {

/// @brief One outbox event, e.g. `tickets.issued`; delivered at least once, in sequence order.
struct OutboxEvent {
    std::int64_t sequence = 0;
    std::string topic;
    std::string entity_id;
    std::string payload;  ///< JSON
    Instant created;
    friend bool operator==(const OutboxEvent&, const OutboxEvent&) = default;
};

}  // namespace ticketcore
