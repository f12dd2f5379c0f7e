#pragma once
/// @file text_rules.hpp
/// @brief Rules for free text shared by every area (layer 3), decided on Unicode code points.

#include <cstddef>
#include <string_view>

#include "ticketcore/values/error.hpp"
#include "ticketcore/values/unicode.hpp"

namespace ticketcore::rules {

/// @brief The most characters any text input may have.
inline constexpr std::size_t max_text_length = 100'000;

/// @brief Throws ValidationError naming `field` unless `text` is storable: `invalid_text` for
/// malformed UTF-8 (a lone surrogate) or a NUL character, `text_too_long` past `max_length`
/// characters.
void require_text(std::string_view text, std::string_view field, std::size_t max_length = max_text_length);
// What blank text is, is a property of its code points, defined in values (layer 1) so that the
// values themselves (an Actor's id) can refuse blank text; the rules name it as their own.
/// @brief True when `text` shows nothing (see unicode::is_blank).
using unicode::is_blank;
/// @brief True when `text` holds a space or an invisible character (see unicode::has_space_or_invisible).
using unicode::has_space_or_invisible;
/// @brief Throws ValidationError `name_required`, "Name is required", when `name` is blank.
void require_name(std::string_view name);
/// @brief Throws the error `missing()` builds when `value` is blank (a required reference).
void require_present(std::string_view value, ValidationError (*missing)());

}  // namespace ticketcore::rules
