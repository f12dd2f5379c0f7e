#include "store/postgres/translate.hpp"

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

namespace ticketcore::postgres {

namespace {

bool is_identifier_char(char character) noexcept {
    const auto byte = static_cast<unsigned char>(character);
    return std::isalnum(byte) != 0 || character == '_' || character == '$' || byte >= 0x80;
}

/// More than PostgreSQL's limit (65535), so that the server refuses the statement.
constexpr int max_parameters = 65536;

bool is_digit(char character) noexcept {
    return character >= '0' && character <= '9';
}

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

/// True when the whole word `word` (any case) starts at `at`.
bool is_word_at(std::string_view sql, std::size_t at, std::string_view word) noexcept {
    if (at + word.size() > sql.size()) return false;
    if (at > 0 && is_identifier_char(sql[at - 1])) return false;
    if (at + word.size() < sql.size() && is_identifier_char(sql[at + word.size()])) return false;
    return std::equal(
        word.begin(), word.end(), sql.begin() + static_cast<std::ptrdiff_t>(at),
        [](char expected, char actual) { return expected == std::tolower(static_cast<unsigned char>(actual)); });
}

/// The length of an `IS [NOT] NULL` test (with the blanks before it) at `at`, or 0.
std::size_t null_test_at(std::string_view sql, std::size_t at) noexcept {
    const std::size_t start = at;
    const auto skip_blanks = [&] {
        const std::size_t before = at;
        while (at < sql.size() && std::isspace(static_cast<unsigned char>(sql[at])) != 0) ++at;
        return at > before;
    };
    const auto word = [&](std::string_view expected) {
        if (at + expected.size() > sql.size()) return false;
        for (std::size_t index = 0; index < expected.size(); ++index) {
            if (std::toupper(static_cast<unsigned char>(sql[at + index])) != expected[index]) return false;
        }
        if (at + expected.size() < sql.size() && is_identifier_char(sql[at + expected.size()])) return false;
        at += expected.size();
        return true;
    };
    if (!skip_blanks() || !word("IS") || !skip_blanks()) return 0;
    if (word("NOT") && !skip_blanks()) return 0;
    if (!word("NULL")) return 0;
    return at - start;
}

}  // namespace

TranslatedSql translate(std::string_view sql) {
    TranslatedSql translated;
    translated.text.reserve(sql.size() + 16);
    int bare_placeholders = 0;
    std::vector<int> uses;
    std::vector<int> null_tests;
    std::string probe;
    probe.reserve(sql.size() + 16);
    const auto emit = [&](std::string_view part) {
        translated.text.append(part);
        probe.append(part);
    };
    std::size_t at = 0;
    while (at < sql.size()) {
        const char character = sql[at];
        if (character == '\'' || character == '"') {
            const std::size_t end = end_of_quoted(sql, at, character);
            emit(sql.substr(at, end - at));
            at = end;
        } else if (character == '-' && at + 1 < sql.size() && sql[at + 1] == '-') {
            const std::size_t end = std::min(sql.find('\n', at), sql.size());
            emit(sql.substr(at, end - at));
            at = end;
        } else if (character == '/' && at + 1 < sql.size() && sql[at + 1] == '*') {
            const std::size_t close = sql.find("*/", at + 2);
            const std::size_t end = close == std::string_view::npos ? sql.size() : close + 2;
            emit(sql.substr(at, end - at));
            at = end;
        } else if (character == '?') {
            std::size_t digits_end = at + 1;
            while (digits_end < sql.size() && is_digit(sql[digits_end])) ++digits_end;
            int number = 0;
            if (digits_end == at + 1) {
                number = ++bare_placeholders;
            } else {
                for (std::size_t digit = at + 1; digit < digits_end; ++digit) {
                    number = std::min(number * 10 + (sql[digit] - '0'), max_parameters);
                }
            }
            const std::string placeholder = "$" + std::to_string(number);
            translated.text += placeholder;
            translated.parameter_count = std::max(translated.parameter_count, number);
            if (number < 1) {  // ?0: the server refuses "$0" itself
                probe += placeholder;
                at = digits_end;
                continue;
            }
            if (uses.size() < static_cast<std::size_t>(number)) {
                uses.resize(static_cast<std::size_t>(number));
                null_tests.resize(static_cast<std::size_t>(number));
            }
            ++uses[static_cast<std::size_t>(number - 1)];
            if (null_test_at(sql, digits_end) > 0) {
                ++null_tests[static_cast<std::size_t>(number - 1)];
                probe += "NULL";
            } else {
                probe += placeholder;
            }
            at = digits_end;
        } else if ((character == 'r' || character == 'R') && is_word_at(sql, at, "rowid")) {
            emit("seq");
            at += 5;
        } else if ((character == 'c' || character == 'C') && is_word_at(sql, at, "cross")) {
            // SQLite's CROSS JOIN ... ON fixes the join order for its planner; PostgreSQL reads
            // the same join as an inner JOIN ... ON (it plans the order itself).
            std::size_t next = at + 5;
            while (next < sql.size() && std::isspace(static_cast<unsigned char>(sql[next])) != 0) ++next;
            if (is_word_at(sql, next, "join")) {
                at = next;
            } else {
                emit(sql.substr(at, 5));
                at += 5;
            }
        } else if (is_identifier_char(character)) {
            // A whole identifier at once, so that "rowid" is only ever matched at a word start.
            std::size_t end = at + 1;
            while (end < sql.size() && is_identifier_char(sql[end])) ++end;
            emit(sql.substr(at, end - at));
            at = end;
        } else {
            emit(std::string_view(&character, 1));
            ++at;
        }
    }
    bool any_null_test = false;
    translated.only_null_tested.assign(static_cast<std::size_t>(translated.parameter_count), false);
    for (std::size_t index = 0; index < uses.size(); ++index) {
        if (null_tests[index] == 0) continue;
        any_null_test = true;
        translated.only_null_tested[index] = null_tests[index] == uses[index];
    }
    if (any_null_test) translated.probe_text = std::move(probe);
    return translated;
}

}  // namespace ticketcore::postgres
