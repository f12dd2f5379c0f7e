#pragma once
// Private to the core (layer 1, values): RFC 4648 base32 (section 6), uppercase and unpadded, the
// text form of signed ticket payloads. Its 32 characters are all in a QR code's alphanumeric mode,
// which packs them at 5.5 bits each, where byte mode would take 8.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ticketcore::base32 {

/// @brief The unpadded uppercase base32 text of `bytes`: ceil(8 * n / 5) characters, the unused
/// low bits of the last one zero.
std::string encode(std::span<const std::uint8_t> bytes);

/// @brief The bytes of an unpadded uppercase base32 text, or nothing unless the text is exactly what
/// `encode` gives for them: only A-Z and 2-7, no padding, a length some byte count encodes to
/// (never 1, 3 or 6 modulo 8), and the last character's unused bits zero. So each byte string has
/// one text and each accepted text one byte string.
std::optional<std::vector<std::uint8_t>> decode(std::string_view text);

}  // namespace ticketcore::base32
