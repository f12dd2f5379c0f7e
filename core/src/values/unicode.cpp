#include "ticketcore/values/unicode.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <utility>

namespace ticketcore::unicode {

namespace {

/// Inclusive ranges of format characters (general category Cf), from the Unicode 15 data.
constexpr std::array<std::pair<char32_t, char32_t>, 21> format_ranges = {{
    {0x00AD, 0x00AD},   {0x0600, 0x0605},   {0x061C, 0x061C},   {0x06DD, 0x06DD},   {0x070F, 0x070F},
    {0x0890, 0x0891},   {0x08E2, 0x08E2},   {0x180E, 0x180E},   {0x200B, 0x200F},   {0x202A, 0x202E},
    {0x2060, 0x2064},   {0x2066, 0x206F},   {0xFEFF, 0xFEFF},   {0xFFF9, 0xFFFB},   {0x110BD, 0x110BD},
    {0x110CD, 0x110CD}, {0x13430, 0x1343F}, {0x1BCA0, 0x1BCA3}, {0x1D173, 0x1D17A}, {0xE0001, 0xE0001},
    {0xE0020, 0xE007F},
}};

/// Unicode White_Space, the set `str.isspace` uses.
constexpr std::array<std::pair<char32_t, char32_t>, 10> space_ranges = {{
    {0x0009, 0x000D},
    {0x001C, 0x0020},  // Python counts the information separators U+001C..U+001F as spaces too
    {0x0085, 0x0085},
    {0x00A0, 0x00A0},
    {0x1680, 0x1680},
    {0x2000, 0x200A},
    {0x2028, 0x2029},
    {0x202F, 0x202F},
    {0x205F, 0x205F},
    {0x3000, 0x3000},
}};

template <std::size_t N>
bool in_ranges(const std::array<std::pair<char32_t, char32_t>, N>& ranges, char32_t code_point) noexcept {
    return std::any_of(ranges.begin(), ranges.end(),
                       [&](const auto& range) { return code_point >= range.first && code_point <= range.second; });
}

bool is_continuation(unsigned char byte) noexcept {
    return (byte & 0xC0U) == 0x80U;
}

/// Calls `test` on each code point until it returns true; malformed bytes count as visible
/// characters that are neither spaces nor invisible.
template <typename Test>
bool any_code_point(std::string_view text, Test test) noexcept {
    std::size_t position = 0;
    char32_t code_point = 0;
    while (position < text.size()) {
        if (!next(text, position, code_point)) {
            ++position;
            code_point = U'?';
        }
        if (test(code_point)) return true;
    }
    return false;
}

}  // namespace

bool next(std::string_view text, std::size_t& position, char32_t& code_point) noexcept {
    const auto byte = [&](std::size_t index) { return static_cast<unsigned char>(text[index]); };
    const unsigned char lead = byte(position);
    std::size_t size = 0;
    char32_t value = 0;
    char32_t minimum = 0;
    if (lead < 0x80U) {
        code_point = lead;
        ++position;
        return true;
    }
    if ((lead & 0xE0U) == 0xC0U) {
        size = 2, value = lead & 0x1FU, minimum = 0x80;
    } else if ((lead & 0xF0U) == 0xE0U) {
        size = 3, value = lead & 0x0FU, minimum = 0x800;
    } else if ((lead & 0xF8U) == 0xF0U) {
        size = 4, value = lead & 0x07U, minimum = 0x10000;
    } else {
        return false;
    }
    if (text.size() - position < size) return false;
    for (std::size_t offset = 1; offset < size; ++offset) {
        if (!is_continuation(byte(position + offset))) return false;
        value = (value << 6U) | (byte(position + offset) & 0x3FU);
    }
    if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return false;
    code_point = value;
    position += size;
    return true;
}

namespace {

/// The position of the first byte from `position` on that is not ASCII, or the text's size; eight
/// bytes at a time (most text is ASCII: a word without a high bit is eight code points).
std::size_t skip_ascii(std::string_view text, std::size_t position) noexcept {
    constexpr std::uint64_t high_bits = 0x8080808080808080U;
    std::uint64_t word = 0;
    while (position + sizeof word <= text.size()) {
        std::memcpy(&word, text.data() + position, sizeof word);
        if ((word & high_bits) != 0) break;
        position += sizeof word;
    }
    while (position < text.size() && static_cast<unsigned char>(text[position]) < 0x80) ++position;
    return position;
}

}  // namespace

bool is_ascii(std::string_view text) noexcept {
    return skip_ascii(text, 0) == text.size();
}

bool is_valid(std::string_view text) noexcept {
    std::size_t position = 0;
    char32_t code_point = 0;
    while (position < text.size()) {
        position = skip_ascii(text, position);
        if (position == text.size()) break;
        if (!next(text, position, code_point)) return false;
    }
    return true;
}

std::size_t length(std::string_view text) noexcept {
    std::size_t position = 0;
    std::size_t count = 0;
    char32_t code_point = 0;
    while (position < text.size()) {
        if (!next(text, position, code_point)) ++position;
        ++count;
    }
    return count;
}

bool is_space(char32_t code_point) noexcept {
    return in_ranges(space_ranges, code_point);
}

bool is_invisible(char32_t code_point) noexcept {
    if (code_point < 0x20 || (code_point >= 0x7F && code_point <= 0x9F)) return true;  // Cc
    if (code_point == 0x2028 || code_point == 0x2029) return true;                     // Zl, Zp
    if (code_point >= 0xD800 && code_point <= 0xDFFF) return true;                     // Cs
    if ((code_point >= 0xFDD0 && code_point <= 0xFDEF) || (code_point & 0xFFFEU) == 0xFFFEU) return true;
    return in_ranges(format_ranges, code_point);
}

bool is_blank(std::string_view text) noexcept {
    return !any_code_point(text, [](char32_t c) { return !is_space(c) && !is_invisible(c); });
}

bool has_space_or_invisible(std::string_view text) noexcept {
    return any_code_point(text, [](char32_t c) { return is_space(c) || is_invisible(c); });
}

std::string escape(std::string_view text) {
    std::string result;
    result.reserve(text.size());
    std::size_t position = 0;
    char32_t code_point = 0;
    std::array<char, 16> buffer{};
    while (position < text.size()) {
        const std::size_t start = position;
        if (!next(text, position, code_point)) {
            std::snprintf(buffer.data(), buffer.size(), "\\x%02x", static_cast<unsigned char>(text[position]));
            result += buffer.data();
            ++position;
        } else if (code_point != ' ' && (is_invisible(code_point) || is_space(code_point))) {
            if (code_point <= 0xFF) {
                std::snprintf(buffer.data(), buffer.size(), "\\x%02x", static_cast<unsigned>(code_point));
            } else if (code_point <= 0xFFFF) {
                std::snprintf(buffer.data(), buffer.size(), "\\u%04x", static_cast<unsigned>(code_point));
            } else {
                std::snprintf(buffer.data(), buffer.size(), "\\U%08x", static_cast<unsigned>(code_point));
            }
            result += buffer.data();
        } else {
            result.append(text.substr(start, position - start));
        }
    }
    return result;
}

}  // namespace ticketcore::unicode
