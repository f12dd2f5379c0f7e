#pragma once
/// @file uuid.hpp
/// @brief Time-ordered UUIDs (RFC 9562 version 7) for entity ids.

#include <string>
#include <string_view>

#include "ticketcore/values/time.hpp"

namespace ticketcore {

/// @brief A new UUIDv7 as a lowercase canonical string; ids made later sort later.
std::string new_uuid_v7(Instant now);
/// @brief True when `text` is a canonical lowercase or uppercase UUID string.
bool is_uuid(std::string_view text) noexcept;

}  // namespace ticketcore
