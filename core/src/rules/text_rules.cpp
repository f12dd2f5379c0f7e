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

}  // namespace ticketcore::rules
