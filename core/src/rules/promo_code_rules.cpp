#include "ticketcore/rules/promo_code_rules.hpp"

#include <algorithm>

#include "ticketcore/rules/pricing.hpp"
#include "ticketcore/rules/text_rules.hpp"
#include "ticketcore/values/error_catalogue.hpp"
#include "ticketcore/values/unicode.hpp"

namespace ticketcore::rules {

void validate_promo_code_text(std::string_view code) {
    const std::size_t length = unicode::length(code);
    if (length == 0 || length > max_promo_code_length) throw fail::promo_code_length(max_promo_code_length);
    if (has_space_or_invisible(code)) {
        throw fail::promo_code_has_space();
    }
}

void validate_new_promo_code(const NewPromoCode& input) {
    validate_promo_code_text(input.code);
    if (input.percent_off && input.amount_off) {
        throw fail::conflicting_reductions();
    }
    if (input.percent_off) require_rate(*input.percent_off, "percent_off", 1);
    if (input.amount_off && input.amount_off->minor <= 0) {
        throw fail::amount_not_positive("amount_off");
    }
    if (!input.percent_off && !input.amount_off && input.unlocks.empty()) {
        throw fail::promo_code_without_effect();
    }
    if (input.usage_limit && *input.usage_limit < 0) {
        throw fail::negative_number("Usage limit");
    }
    if (input.valid_from) require_in_range(*input.valid_from, "valid_from");
    if (input.valid_until) require_in_range(*input.valid_until, "valid_until");
    if (input.valid_from && input.valid_until && !(*input.valid_from < *input.valid_until)) {
        throw fail::invalid_validity_window();
    }
}

void check_can_add_promo_code(EventState event_state) {
    if (event_state == EventState::Completed) {
        throw fail::event_completed("add a promo code to");
    }
}

std::vector<std::string> listed_once(const std::vector<std::string>& ids) {
    std::vector<std::string> result;
    for (const std::string& id : ids) {
        if (std::find(result.begin(), result.end(), id) == result.end()) result.push_back(id);
    }
    return result;
}

}  // namespace ticketcore::rules
