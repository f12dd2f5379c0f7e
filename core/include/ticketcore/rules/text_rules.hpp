#pragma once
/// @file text_rules.hpp
/// @brief Rules for free text shared by every area (layer 2), decided on Unicode code points.

#include <cstddef>
#include <string_view>

#include "ticketcore/values/error.hpp"

namespace ticketcore::rules {

/// @brief The most characters any text input may have.
inline constexpr std::size_t max_text_length = 100'000;

/// @brief Throws ValidationError naming `field` unless `text` is storable: `invalid_text` for
/// malformed UTF-8 (a lone surrogate) or a NUL character, `text_too_long` past `max_length`
/// characters.
void require_text(std::string_view text, std::string_view field, std::size_t max_length = max_text_length);
/// @brief True when `text` shows nothing: empty, or only whitespace (`str.isspace`) and invisible
/// characters (controls, format characters such as U+200B, separators).
bool is_blank(std::string_view text) noexcept;
/// @brief True when `text` holds a space or an invisible character anywhere.
bool has_space_or_invisible(std::string_view text) noexcept;
/// @brief Throws ValidationError `name_required`, "Name is required", when `name` is blank.
void require_name(std::string_view name);
/// @brief Throws the error `missing()` builds when `value` is blank (a required reference).
void require_present(std::string_view value, ValidationError (*missing)());

}  // namespace ticketcore::rules
