#include "ticketcore/values/unicode.hpp"

#include <gtest/gtest.h>

#include <string>

#include "ticketcore/values/error.hpp"

namespace {

using namespace ticketcore;
using namespace std::string_literals;

TEST(Unicode, DecodesWellFormedUtf8) {
    EXPECT_TRUE(unicode::is_valid(""));
    EXPECT_TRUE(unicode::is_valid("plain ascii"));
    EXPECT_TRUE(unicode::is_valid("\xC3\xA9\xE2\x82\xAC\xF0\x9F\x8E\xAB"));  // é € 🎫
    std::size_t position = 0;
    char32_t code_point = 0;
    ASSERT_TRUE(unicode::next("\xF0\x9F\x8E\xAB", position, code_point));
    EXPECT_EQ(code_point, U'\U0001F3AB');
    EXPECT_EQ(position, 4u);
}

TEST(Unicode, RefusesMalformedUtf8) {
    for (const std::string& bad : {"\xFF"s, "\xC3"s, "\xC0\xAF"s, "\xE0\x80\xAF"s, "\xED\xA0\x80"s, "\xF4\x90\x80\x80"s,
                                   "a\x80"s, "\xE2\x82"s}) {
        EXPECT_FALSE(unicode::is_valid(bad)) << unicode::escape(bad);
    }
}

TEST(Unicode, ChecksAsciiRunsOfAnyLengthAroundAWord) {
    // is_valid and is_ascii read ASCII eight bytes at a time: a non-ASCII byte at any position of
    // a run, before, inside or after a whole word, is still seen.
    for (std::size_t length = 0; length <= 24; ++length) {
        const std::string ascii(length, 'a');
        EXPECT_TRUE(unicode::is_ascii(ascii));
        EXPECT_TRUE(unicode::is_valid(ascii));
        for (std::size_t at = 0; at <= length; ++at) {
            const std::string bad = ascii.substr(0, at) + "\xFF" + ascii.substr(at);
            EXPECT_FALSE(unicode::is_valid(bad)) << length << " " << at;
            EXPECT_FALSE(unicode::is_ascii(bad)) << length << " " << at;
            const std::string good = ascii.substr(0, at) + "\xC3\xA9" + ascii.substr(at);
            EXPECT_TRUE(unicode::is_valid(good)) << length << " " << at;
            EXPECT_FALSE(unicode::is_ascii(good)) << length << " " << at;
            const std::string cut = ascii.substr(0, at) + "\xE2\x82";  // a character cut short at the end
            EXPECT_FALSE(unicode::is_valid(cut)) << length << " " << at;
        }
    }
}

TEST(Unicode, CountsCodePoints) {
    EXPECT_EQ(unicode::length(""), 0u);
    EXPECT_EQ(unicode::length("\xC3\xA9\xC3\xA9"), 2u);
    EXPECT_EQ(unicode::length("\xF0\x9F\x8E\xAB!"), 2u);
    EXPECT_EQ(unicode::length("\xFF\xFE"), 2u) << "each malformed byte counts as one";
}

TEST(Unicode, PropertiesFollowPython) {
    for (char32_t space : {U' ', U'\t', U'\n', U'\x1C', U'\x85', U'\xA0', U'\u1680', U'\u2007', U'\u2028', U'\u3000'}) {
        EXPECT_TRUE(unicode::is_space(space)) << static_cast<unsigned>(space);
    }
    EXPECT_FALSE(unicode::is_space(U'\u200B')) << "U+200B is a format character, not a space";
    for (char32_t invisible :
         {U'\0', U'\x7F', U'\x9F', U'\xAD', U'\u200B', U'\u200E', U'\u2028', U'\uFEFF', U'\uFFFE', U'\U000E0001'}) {
        EXPECT_TRUE(unicode::is_invisible(invisible)) << static_cast<unsigned>(invisible);
    }
    for (char32_t visible : {U'a', U'\xE9', U'\u20AC', U'\u3042', U'\U0001F3AB'}) {
        EXPECT_FALSE(unicode::is_invisible(visible)) << static_cast<unsigned>(visible);
        EXPECT_FALSE(unicode::is_space(visible)) << static_cast<unsigned>(visible);
    }
}

TEST(Unicode, BlankIsEmptyOrOnlyWhitespace) {
    EXPECT_TRUE(unicode::is_blank(""));
    EXPECT_TRUE(unicode::is_blank(" "));
    EXPECT_TRUE(unicode::is_blank(" \t\n\v\f\r"));
    EXPECT_FALSE(unicode::is_blank("a"));
    EXPECT_FALSE(unicode::is_blank("  Sommerjazz  "));
}

TEST(Unicode, BlankIsDecidedLikePythonsIsspace) {
    // NBSP, NEL, U+3000, U+200B (zero width), U+2028 and a lone BOM show nothing.
    for (const char* invisible : {"\xC2\xA0", "\xC2\x85", "\xE3\x80\x80", "\xE2\x80\x8B", "\xE2\x80\xA8",
                                  "\xEF\xBB\xBF", " \xC2\xA0\t\xE2\x80\x8B ", "\x01\x7F"}) {
        EXPECT_TRUE(unicode::is_blank(invisible)) << unicode::escape(invisible);
    }
    EXPECT_FALSE(unicode::is_blank("\xC3\xA9")) << "é is text";
    EXPECT_FALSE(unicode::is_blank("\xE2\x80\x8B\xE6\x97\xA5")) << "a visible CJK character after U+200B";
    EXPECT_FALSE(unicode::is_blank("\xFF")) << "a malformed byte counts as something shown";
}

TEST(Unicode, SpacesAndInvisibleCharactersAnywhere) {
    EXPECT_FALSE(unicode::has_space_or_invisible("SUMMER25"));
    EXPECT_FALSE(unicode::has_space_or_invisible("\xC3\xA9t\xC3\xA9"));
    for (const char* text : {"A B",
                             "A\xC2\xA0"
                             "B",
                             "A\xC2\x85",
                             "\xE2\x80\x8B"
                             "A",
                             "A\xE3\x80\x80", "A\x7F", "A\x1F"}) {
        EXPECT_TRUE(unicode::has_space_or_invisible(text)) << unicode::escape(text);
    }
}

TEST(Unicode, EscapesWhatCannotBeSeen) {
    EXPECT_EQ(unicode::escape("Event with id: a\0b not found."s), "Event with id: a\\x00b not found.");
    EXPECT_EQ(unicode::escape("tab\there"), "tab\\x09here");
    EXPECT_EQ(unicode::escape("\xE2\x80\x8B"
                              "x"),
              "\\u200bx");
    EXPECT_EQ(unicode::escape("bad \xFF byte"), "bad \\xff byte");
    EXPECT_EQ(unicode::escape("caf\xC3\xA9 \xE2\x82\xAC"), "caf\xC3\xA9 \xE2\x82\xAC") << "visible text is kept";
}

TEST(Unicode, ErrorMessagesAreEscapedWhole) {
    const NotFoundError error("event_not_found", "Event with id: a\0b\x01 not found."s);
    EXPECT_STREQ(error.what(), "Event with id: a\\x00b\\x01 not found.");
    EXPECT_TRUE(unicode::is_valid(NotFoundError("x", "\xFF\xFE"s).what()));
}

}  // namespace
