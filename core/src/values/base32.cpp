#include "values/base32.hpp"

namespace ticketcore::base32 {

namespace {

constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// The 5-bit value of a base32 character, or -1.
int digit(char c) noexcept {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= '2' && c <= '7') return c - '2' + 26;
    return -1;
}

}  // namespace

std::string encode(std::span<const std::uint8_t> bytes) {
    std::string text;
    text.reserve((bytes.size() * 8 + 4) / 5);
    std::uint32_t buffer = 0;
    int bits = 0;
    for (const std::uint8_t byte : bytes) {
        buffer = (buffer << 8) | byte;
        bits += 8;
        while (bits >= 5) {
            bits -= 5;
            text.push_back(alphabet[(buffer >> bits) & 0x1F]);
        }
    }
    if (bits > 0) text.push_back(alphabet[(buffer << (5 - bits)) & 0x1F]);
    return text;
}

std::optional<std::vector<std::uint8_t>> decode(std::string_view text) {
    std::vector<std::uint8_t> bytes;
    bytes.reserve(text.size() * 5 / 8);
    std::uint32_t buffer = 0;
    int bits = 0;
    for (const char c : text) {
        const int value = digit(c);
        if (value < 0) return std::nullopt;
        buffer = ((buffer << 5) | static_cast<std::uint32_t>(value)) & 0xFFF;
        bits += 5;
        if (bits >= 8) {
            bits -= 8;
            bytes.push_back(static_cast<std::uint8_t>(buffer >> bits));
        }
    }
    // Five or more bits left over means a whole character that encodes no byte (a length of 1, 3
    // or 6 modulo 8); set bits below the last byte would give a second text for the same bytes.
    if (bits >= 5 || (buffer & ((1U << bits) - 1)) != 0) return std::nullopt;
    return bytes;
}

}  // namespace ticketcore::base32
