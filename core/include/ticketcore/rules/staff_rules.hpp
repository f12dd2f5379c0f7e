#pragma once
/// @file staff_rules.hpp
/// @brief Rules of staff users and POS readers (layer 3): what a user id, a name and a reader
/// label may be, when two labels are the same, and when a reader can take a payment.

#include <cstddef>
#include <string>
#include <string_view>

#include "ticketcore/model/staff.hpp"

namespace ticketcore::rules {

/// @brief The most characters a user id (an Actor id) may have.
inline constexpr std::size_t max_user_id_length = 200;
/// @brief The most characters a staff user's name may have, once trimmed.
inline constexpr std::size_t max_user_name_length = 200;
/// @brief The most characters a POS reader's label may have, once trimmed.
inline constexpr std::size_t max_pos_reader_label_length = 100;

/// @brief True when `text` holds a control character (C0, DEL or C1; a tab or a line break too).
[[nodiscard]] bool has_control(std::string_view text) noexcept;

/// @brief Checks a user id as given (never trimmed: it is the Actor id the web layer maps a person
/// to): ValidationError `invalid_text` / `text_too_long` naming `user_id`, `user_id_required` when
/// blank, `invalid_text` ("user_id cannot contain control characters").
void check_user_id(std::string_view user_id);

/// @brief The name a staff user is registered with: `name` trimmed. ValidationError naming
/// `name`: `invalid_text` (NUL, malformed, a control character), `name_required` when blank,
/// `text_too_long` past max_user_name_length.
[[nodiscard]] std::string user_name(std::string_view name);

/// @brief The label a POS reader is kept with: `label` trimmed, checked like user_name
/// (`label_required` when blank, at most max_pos_reader_label_length characters).
[[nodiscard]] std::string pos_reader_label(std::string_view label);

/// @brief What makes two labels of one organization the same: ASCII letters in lower case ("Till
/// 1" and "TILL 1" are one label), every other character as it is.
[[nodiscard]] std::string pos_reader_label_key(std::string_view label);

/// @brief Throws ConflictError `pos_reader_not_active` unless the reader is ACTIVE (seed 001: only
/// an ACTIVE reader takes a payment).
void check_reader_usable(const PosReader& reader);

}  // namespace ticketcore::rules
