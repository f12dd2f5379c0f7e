#pragma once
/// @file promo_code_rules.hpp
/// @brief The rules of creating a promo code (layer 3): its text, its reduction, its limit and
/// validity window, its lists of specifications. No SQL, no clock. (Whether a code is usable when
/// an order is placed is order_rules.hpp's check_promo_code_usable.)

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "ticketcore/model/event.hpp"
#include "ticketcore/model/promo_code.hpp"

namespace ticketcore::rules {

/// @brief Longest promo code, in characters (code points).
inline constexpr std::size_t max_promo_code_length = 64;

/// @brief A code is 1 to 64 characters with no white space or invisible character: else a
/// ValidationError `invalid_promo_code`.
void validate_promo_code_text(std::string_view code);
/// @brief Everything of a new promo code that needs no stored row, in this order: its text
/// (validate_promo_code_text); a percentage or an amount off, not both (`conflicting_reductions`);
/// the percentage a rate of at least 1 basis point (`invalid_rate`); the amount above zero
/// (`invalid_amount`); some effect, a reduction or specifications to unlock
/// (`promo_code_without_effect`); a usage limit not negative (`negative_number`); both instants in
/// range (`instant_out_of_range`) and `valid_from` before `valid_until` (`invalid_validity_window`).
/// Each a ValidationError.
void validate_new_promo_code(const NewPromoCode& input);
/// @brief A completed event takes no new promo code: ConflictError `event_completed`.
void check_can_add_promo_code(EventState event_state);
/// @brief `ids` with each id once, where it is first listed: a specification listed twice on a
/// promo code is listed once.
[[nodiscard]] std::vector<std::string> listed_once(const std::vector<std::string>& ids);

}  // namespace ticketcore::rules
