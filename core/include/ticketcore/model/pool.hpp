#pragma once
/// @file pool.hpp
/// @brief Shared capacity pools: one size several specifications of an event draw from.

#include <cstdint>
#include <string>
#include <vector>

#include "ticketcore/values/time.hpp"

namespace ticketcore {

/// @brief A snapshot of a capacity pool with its live counters.
struct Pool {
    std::string id;
    std::string event_id;
    std::string name;
    std::int64_t size = 0;
    std::int64_t sold = 0;
    std::int64_t reserved = 0;
    std::int64_t available = 0;
    std::vector<std::string> specification_ids;
    Instant created;
    friend bool operator==(const Pool&, const Pool&) = default;
};

}  // namespace ticketcore
