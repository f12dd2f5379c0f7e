#pragma once
/// @file unicode.hpp
/// @brief UTF-8 decoding and the few Unicode properties the text rules need (layer 1, no ICU).
///
/// Properties follow Python's `str.isspace` and `str.isprintable` so a rule decided in C++ says
/// what a Python user would expect of the same text.

#include <cstddef>
#include <string>
#include <string_view>

namespace ticketcore::unicode {

/// @brief Decodes the code point at `position` and moves past it. Returns false, leaving
/// `position` on the offending byte, for bytes that are not well-formed UTF-8 (RFC 3629:
/// overlong forms, surrogates and values past U+10FFFF are refused).
bool next(std::string_view text, std::size_t& position, char32_t& code_point) noexcept;

/// @brief True when every byte of `text` is ASCII (below 0x80).
bool is_ascii(std::string_view text) noexcept;

/// @brief True when `text` is well-formed UTF-8.
bool is_valid(std::string_view text) noexcept;

/// @brief The number of code points in `text` (each malformed byte counts as one).
std::size_t length(std::string_view text) noexcept;

/// @brief Unicode White_Space (what `str.isspace` accepts): ASCII spaces, U+0085, NBSP, U+3000 ...
bool is_space(char32_t code_point) noexcept;

/// @brief A control (Cc) or format (Cf) character, a line or paragraph separator, or a code
/// point that cannot be a character (surrogate, noncharacter): nothing a reader sees.
bool is_invisible(char32_t code_point) noexcept;

/// @brief True when `text` shows nothing: empty, or only whitespace (`str.isspace`) and invisible
/// characters (controls, format characters such as U+200B, separators). A malformed byte counts as
/// something shown.
bool is_blank(std::string_view text) noexcept;

/// @brief True when `text` holds a space or an invisible character anywhere.
bool has_space_or_invisible(std::string_view text) noexcept;

/// @brief `text` with control and format characters, separators other than the plain space, and
/// malformed bytes written as escapes (`\x01`, `\u200b`, `\xff`), so a message quoting user
/// input can be printed and is never cut short.
std::string escape(std::string_view text);

}  // namespace ticketcore::unicode
