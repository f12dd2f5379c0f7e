#include "ticketcore/uuid.hpp"

#include <openssl/rand.h>

#include <array>
#include <cstdint>

#include "ticketcore/error.hpp"

namespace ticketcore {

std::string new_uuid_v7(Instant now) {
    std::array<unsigned char, 16> bytes{};
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
        throw StorageError("random_failed", "OpenSSL could not produce random bytes");
    }
    const auto millis = static_cast<std::uint64_t>(now.micros / 1000);
    for (int index = 0; index < 6; ++index) {
        bytes[static_cast<std::size_t>(index)] = static_cast<unsigned char>(millis >> (8 * (5 - index)));
    }
    // rand_a carries the sub-millisecond microseconds so ids made in one millisecond still sort.
    const auto sub_millis = static_cast<std::uint16_t>((now.micros % 1000) * 4);
    bytes[6] = static_cast<unsigned char>(0x70 | ((sub_millis >> 8) & 0x0F));
    bytes[7] = static_cast<unsigned char>(sub_millis & 0xFF);
    bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3F) | 0x80);  // RFC 9562 variant

    static constexpr char hex[] = "0123456789abcdef";
    std::string text;
    text.reserve(36);
    for (std::size_t index = 0; index < bytes.size(); ++index) {
        if (index == 4 || index == 6 || index == 8 || index == 10) text.push_back('-');
        text.push_back(hex[bytes[index] >> 4]);
        text.push_back(hex[bytes[index] & 0x0F]);
    }
    return text;
}

bool is_uuid(std::string_view text) noexcept {
    if (text.size() != 36) return false;
    for (std::size_t index = 0; index < text.size(); ++index) {
        const char c = text[index];
        if (index == 8 || index == 13 || index == 18 || index == 23) {
            if (c != '-') return false;
        } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
            return false;
        }
    }
    return true;
}

}  // namespace ticketcore
