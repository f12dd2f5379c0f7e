#include "ticketcore/rules/text_rules.hpp"

#include <string>

#include "ticketcore/values/error.hpp"
#include "ticketcore/values/unicode.hpp"

namespace ticketcore::rules {

namespace {

/// Calls `test` on each code point until it returns true; malformed bytes count as visible
/// characters that are neither spaces nor invisible.
template <typename Test>
bool any_code_point(std::string_view text, Test test) noexcept {
    std::size_t position = 0;
    char32_t code_point = 0;
    while (position < text.size()) {
        if (!unicode::next(text, position, code_point)) {
            ++position;
            code_point = U'?';
        }
        if (test(code_point)) return true;
    }
    return false;
}

}  // namespace

void require_text(std::string_view text, std::string_view field, std::size_t max_length) {
    if (text.find('\0') != std::string_view::npos) {
        throw ValidationError("invalid_text", std::string(field) + " cannot contain NUL characters");
    }
    if (!unicode::is_valid(text)) {
        throw ValidationError("invalid_text", std::string(field) + " is not valid Unicode text (a lone surrogate "
                                                                   "or malformed UTF-8)");
    }
    // UTF-8 has at most 4 bytes a character, so only long texts need counting.
    if (text.size() > max_length && unicode::length(text) > max_length) {
        throw ValidationError("text_too_long", std::string(field) + " is longer than " +
                                                   std::to_string(max_length) + " characters");
    }
}

bool is_blank(std::string_view text) noexcept {
    return !any_code_point(text, [](char32_t c) { return !unicode::is_space(c) && !unicode::is_invisible(c); });
}

bool has_space_or_invisible(std::string_view text) noexcept {
    return any_code_point(text, [](char32_t c) { return unicode::is_space(c) || unicode::is_invisible(c); });
}

void require_name(std::string_view name) {
    if (is_blank(name)) throw ValidationError("name_required", "Name is required");
}

void require_present(std::string_view value, const char* code, const char* message) {
    if (is_blank(value)) throw ValidationError(code, message);
}

}  // namespace ticketcore::rules
