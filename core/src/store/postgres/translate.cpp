#include "store/postgres/translate.hpp"

#include <algorithm>
#include <cctype>

namespace ticketcore::postgres {

namespace {

bool is_identifier_char(char character) noexcept {
    const auto byte = static_cast<unsigned char>(character);
    return std::isalnum(byte) != 0 || character == '_' || character == '$' || byte >= 0x80;
}

bool is_digit(char character) noexcept { return character >= '0' && character <= '9'; }

/// The index just past a quoted run that starts at `start` with `quote` (a doubled quote stays
/// inside); the end of the text when it is not closed.
std::size_t end_of_quoted(std::string_view sql, std::size_t start, char quote) noexcept {
    std::size_t at = start + 1;
    while (at < sql.size()) {
        if (sql[at] == quote) {
            if (at + 1 < sql.size() && sql[at + 1] == quote) {
                at += 2;
                continue;
            }
            return at + 1;
        }
        ++at;
    }
    return sql.size();
}

bool is_rowid_at(std::string_view sql, std::size_t at) noexcept {
    constexpr std::string_view word = "rowid";
    if (at + word.size() > sql.size()) return false;
    if (at > 0 && is_identifier_char(sql[at - 1])) return false;
    if (at + word.size() < sql.size() && is_identifier_char(sql[at + word.size()])) return false;
    return std::equal(word.begin(), word.end(), sql.begin() + static_cast<std::ptrdiff_t>(at),
                      [](char expected, char actual) {
                          return expected == std::tolower(static_cast<unsigned char>(actual));
                      });
}

}  // namespace

TranslatedSql translate(std::string_view sql) {
    TranslatedSql translated;
    translated.text.reserve(sql.size() + 16);
    int bare_placeholders = 0;
    std::size_t at = 0;
    while (at < sql.size()) {
        const char character = sql[at];
        if (character == '\'' || character == '"') {
            const std::size_t end = end_of_quoted(sql, at, character);
            translated.text.append(sql.substr(at, end - at));
            at = end;
        } else if (character == '-' && at + 1 < sql.size() && sql[at + 1] == '-') {
            const std::size_t end = std::min(sql.find('\n', at), sql.size());
            translated.text.append(sql.substr(at, end - at));
            at = end;
        } else if (character == '/' && at + 1 < sql.size() && sql[at + 1] == '*') {
            const std::size_t close = sql.find("*/", at + 2);
            const std::size_t end = close == std::string_view::npos ? sql.size() : close + 2;
            translated.text.append(sql.substr(at, end - at));
            at = end;
        } else if (character == '?') {
            std::size_t digits_end = at + 1;
            while (digits_end < sql.size() && is_digit(sql[digits_end])) ++digits_end;
            int number = 0;
            if (digits_end == at + 1) {
                number = ++bare_placeholders;
            } else {
                for (std::size_t digit = at + 1; digit < digits_end; ++digit) {
                    number = std::min(number * 10 + (sql[digit] - '0'), 1'000'000);
                }
            }
            translated.text += '$';
            translated.text += std::to_string(number);
            translated.parameter_count = std::max(translated.parameter_count, number);
            at = digits_end;
        } else if ((character == 'r' || character == 'R') && is_rowid_at(sql, at)) {
            translated.text += "seq";
            at += 5;
        } else if (is_identifier_char(character)) {
            // A whole identifier at once, so that "rowid" is only ever matched at a word start.
            std::size_t end = at + 1;
            while (end < sql.size() && is_identifier_char(sql[end])) ++end;
            translated.text.append(sql.substr(at, end - at));
            at = end;
        } else {
            translated.text += character;
            ++at;
        }
    }
    return translated;
}

}  // namespace ticketcore::postgres
