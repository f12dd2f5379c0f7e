#include "ticketcore/rules/text_rules.hpp"

#include <string>

#include "ticketcore/values/error_catalogue.hpp"
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
        throw fail::text_contains_nul(field);
    }
    if (!unicode::is_valid(text)) {
        throw fail::text_not_unicode(field);
    }
    // UTF-8 has at most 4 bytes a character, so only long texts need counting.
    if (text.size() > max_length && unicode::length(text) > max_length) {
        throw fail::text_too_long(field, max_length);
    }
}

bool is_blank(std::string_view text) noexcept {
    return !any_code_point(text, [](char32_t c) { return !unicode::is_space(c) && !unicode::is_invisible(c); });
}

bool has_space_or_invisible(std::string_view text) noexcept {
    return any_code_point(text, [](char32_t c) { return unicode::is_space(c) || unicode::is_invisible(c); });
}

void require_name(std::string_view name) {
    if (is_blank(name)) throw fail::name_required();
}

void require_present(std::string_view value, ValidationError (*missing)()) {
    if (is_blank(value)) throw missing();
}

}  // namespace ticketcore::rules
