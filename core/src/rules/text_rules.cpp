#include "ticketcore/rules/text_rules.hpp"

#include <string>

#include "ticketcore/values/error_catalogue.hpp"
#include "ticketcore/values/unicode.hpp"

namespace ticketcore::rules {

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

void require_name(std::string_view name) {
    if (is_blank(name)) throw fail::name_required();
}

void require_present(std::string_view value, ValidationError (*missing)()) {
    if (is_blank(value)) throw missing();
}

bool is_email_address(std::string_view text) noexcept {
    const auto at = text.find('@');
    return at != std::string_view::npos && at != 0 && at + 1 < text.size() &&
           text.find('@', at + 1) == std::string_view::npos && !has_space_or_invisible(text);
}

std::string ascii_lower(std::string_view text) {
    std::string lower(text);
    for (char& character : lower) {
        if (character >= 'A' && character <= 'Z') character = static_cast<char>(character - 'A' + 'a');
    }
    return lower;
}

std::string ascii_upper(std::string_view text) {
    std::string upper(text);
    for (char& character : upper) {
        if (character >= 'a' && character <= 'z') character = static_cast<char>(character - 'a' + 'A');
    }
    return upper;
}

std::string_view trimmed(std::string_view text) noexcept {
    std::size_t start = 0;
    std::size_t end = text.size();
    for (std::size_t position = 0; position < text.size();) {
        char32_t code_point = 0;
        if (!unicode::next(text, position, code_point) || !unicode::is_space(code_point)) break;
        start = position;
    }
    // The end: the position after the last code point that is not a space.
    for (std::size_t position = start; position < text.size();) {
        char32_t code_point = 0;
        if (!unicode::next(text, position, code_point)) {
            ++position;  // a malformed byte is text
            end = position;
            continue;
        }
        if (!unicode::is_space(code_point)) end = position;
    }
    if (end < start) end = start;
    return text.substr(start, end - start);
}

void require_localized_names(const LocalizedNames& names) {
    for (const auto& [locale, localized] : names) {
        if (is_blank(locale)) throw fail::locale_required();
        if (is_blank(localized)) throw fail::name_required_for_locale(locale);
    }
}

const std::string& name_for_locale(const LocalizedNames& names, const std::string& fallback, std::string_view locale) {
    if (const auto exact = names.find(std::string(locale)); exact != names.end()) return exact->second;
    const auto separator = locale.find_first_of("-_");
    if (separator != std::string_view::npos) {
        if (const auto language = names.find(std::string(locale.substr(0, separator))); language != names.end()) {
            return language->second;
        }
    }
    return fallback;
}

}  // namespace ticketcore::rules
