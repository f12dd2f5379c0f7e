#pragma once
/// @file text_rules.hpp
/// @brief Rules for free text shared by every area (layer 2).

#include <string_view>

namespace ticketcore::rules {

/// @brief True when `text` is empty or only whitespace.
bool is_blank(std::string_view text) noexcept;
/// @brief Throws ValidationError `name_required`, "Name is required", when `name` is blank.
void require_name(std::string_view name);

}  // namespace ticketcore::rules
