#pragma once
// Private to the core (layer 1, values): lowercase hexadecimal, how a store keeps key bytes and key
// ids as text (the same text on every engine, readable in a SQL shell).

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ticketcore::hex {

/// @brief The lowercase hex digits of `bytes`, two per byte.
std::string encode(std::span<const std::uint8_t> bytes);

/// @brief The bytes of a text of lowercase hex digit pairs, or nothing for any other text (odd
/// length, uppercase, anything not a hex digit): each byte string has one text.
std::optional<std::vector<std::uint8_t>> decode(std::string_view text);

}  // namespace ticketcore::hex
