#include "ticketcore/text_rules.hpp"

#include <algorithm>

#include "ticketcore/error.hpp"

namespace ticketcore::rules {

bool is_blank(std::string_view text) noexcept {
    return std::all_of(text.begin(), text.end(), [](unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); });
}

void require_name(std::string_view name) {
    if (is_blank(name)) throw ValidationError("name_required", "Name is required");
}

}  // namespace ticketcore::rules
