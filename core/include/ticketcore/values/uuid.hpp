#pragma once
/// @file uuid.hpp
/// @brief Time-ordered UUIDs (RFC 9562 version 7) for entity ids.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ticketcore/values/time.hpp"

namespace ticketcore {

/// @brief A new UUIDv7 as a lowercase canonical string; ids made later sort later.
std::string new_uuid_v7(Instant now);
/// @brief True when `text` is a canonical lowercase or uppercase UUID string.
bool is_uuid(std::string_view text) noexcept;
/// @brief The 16 bytes a UUID string spells (either case), or nothing when `is_uuid` is false.
std::optional<std::array<std::uint8_t, 16>> uuid_bytes(std::string_view text) noexcept;
/// @brief The lowercase canonical string of 16 UUID bytes.
std::string uuid_text(const std::array<std::uint8_t, 16>& bytes);

}  // namespace ticketcore
