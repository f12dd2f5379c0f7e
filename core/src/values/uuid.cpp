#include "ticketcore/values/uuid.hpp"

#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>

#include "ticketcore/values/error_catalogue.hpp"

namespace ticketcore {

namespace {
std::atomic<std::uint64_t> last_stamp{0};
}  // namespace

std::string new_uuid_v7(Instant now) {
    std::array<std::uint8_t, 16> bytes{};
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
        throw fail::random_failed();
    }
    // 48 bits of milliseconds and 12 bits of sub-millisecond fraction (RFC 9562 method 3), kept
    // strictly increasing within the process so ids made at one instant (a fixed test clock, a
    // batch) still sort in creation order.
    const auto millis = static_cast<std::uint64_t>(now.micros / 1000);
    const auto fraction = static_cast<std::uint64_t>((now.micros % 1000) * 4);
    std::uint64_t stamp = (millis << 12) | fraction;
    std::uint64_t previous = last_stamp.load();
    while (!last_stamp.compare_exchange_weak(previous, std::max(stamp, previous + 1))) {}
    stamp = std::max(stamp, previous + 1);
    for (int index = 0; index < 6; ++index) {
        bytes[static_cast<std::size_t>(index)] = static_cast<std::uint8_t>(stamp >> (12 + 8 * (5 - index)));
    }
    bytes[6] = static_cast<std::uint8_t>(0x70 | ((stamp >> 8) & 0x0F));
    bytes[7] = static_cast<std::uint8_t>(stamp & 0xFF);
    bytes[8] = static_cast<std::uint8_t>((bytes[8] & 0x3F) | 0x80);  // RFC 9562 variant

    return uuid_text(bytes);
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

std::optional<std::array<std::uint8_t, 16>> uuid_bytes(std::string_view text) noexcept {
    if (!is_uuid(text)) return std::nullopt;
    const auto nibble = [](char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        return c - 'A' + 10;
    };
    std::array<std::uint8_t, 16> bytes{};
    std::size_t count = 0;
    for (std::size_t index = 0; index < text.size(); ++index) {
        if (text[index] == '-') continue;
        const int value = nibble(text[index]);
        bytes[count / 2] = static_cast<std::uint8_t>(count % 2 == 0 ? value << 4 : bytes[count / 2] | value);
        ++count;
    }
    return bytes;
}

std::string uuid_text(const std::array<std::uint8_t, 16>& bytes) {
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

}  // namespace ticketcore
