#pragma once
/// @file text_rules.hpp
/// @brief Rules for free text shared by every area (layer 3), decided on Unicode code points.

#include <cstddef>
#include <map>
#include <string>
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
/// @brief `text` without the whitespace (`str.isspace`) at its start and end; malformed bytes
/// count as text.
[[nodiscard]] std::string_view trimmed(std::string_view text) noexcept;

/// @brief True for an e-mail address as ticketcore takes one: one '@' with text on both sides,
/// no space or invisible character (the buyer's e-mail of an order, a sale's customer e-mail).
[[nodiscard]] bool is_email_address(std::string_view text) noexcept;
/// @brief `text` with the ASCII letters A-Z made lower case, every other byte as it is.
[[nodiscard]] std::string ascii_lower(std::string_view text);
/// @brief `text` with the ASCII letters a-z made upper case, every other byte as it is.
[[nodiscard]] std::string ascii_upper(std::string_view text);

/// @brief Localized names by locale ("da", "de-AT"), the one shape of every translatable name.
using LocalizedNames = std::map<std::string, std::string>;
/// @brief Refuses a blank locale (`invalid_locale`, "Locale cannot be empty") and a blank name
/// (`name_required`, "Name for locale '<locale>' is required").
void require_localized_names(const LocalizedNames& names);
/// @brief The name for `locale`: an exact match of `names`, then its language ("da" for
/// "da-DK" or "da_DK"), then `fallback`. The one fallback rule of every localized name.
[[nodiscard]] const std::string& name_for_locale(const LocalizedNames& names, const std::string& fallback,
                                                 std::string_view locale);

}  // namespace ticketcore::rules
