#include "ticketcore/rules/text_rules.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"
#include "ticketcore/values/unicode.hpp"

namespace {

using namespace ticketcore;
using ticketcore_test::expect_error;

TEST(TextRules, RequireNameRefusesNamesThatShowNothing) {
    // NBSP, NEL, U+3000, U+200B (zero width), U+2028, a lone BOM and controls show nothing
    // (unicode::is_blank, unicode_test.cpp).
    for (const char* invisible : {"\xC2\xA0", "\xC2\x85", "\xE3\x80\x80", "\xE2\x80\x8B", "\xE2\x80\xA8",
                                  "\xEF\xBB\xBF", " \xC2\xA0\t\xE2\x80\x8B ", "\x01\x7F"}) {
        EXPECT_TRUE(
            expect_error<ValidationError>([&] { rules::require_name(invisible); }, "name_required", "Name is required"))
            << unicode::escape(invisible);
    }
    EXPECT_NO_THROW(rules::require_name("\xE2\x80\x8B\xE6\x97\xA5"));
}

TEST(TextRules, RequireTextRefusesNulMalformedAndTooLong) {
    using namespace std::string_literals;
    EXPECT_TRUE(expect_error<ValidationError>([] { rules::require_text("a\0b"s, "name"); }, "invalid_text",
                                              "name cannot contain NUL characters"));
    EXPECT_TRUE(expect_error<ValidationError>([] { rules::require_text("\xED\xA0\x80", "perks"); }, "invalid_text",
                                              "perks is not valid Unicode text (a lone surrogate or malformed UTF-8)"));
    const std::string longest(rules::max_text_length, 'x');
    EXPECT_NO_THROW(rules::require_text(longest, "description"));
    EXPECT_TRUE(expect_error<ValidationError>([&] { rules::require_text(longest + "x", "description"); },
                                              "text_too_long", "description is longer than 100000 characters"));
    // Characters, not bytes: 100000 two-byte characters are allowed.
    std::string accents;
    for (std::size_t index = 0; index < rules::max_text_length; ++index) accents += "\xC3\xA9";
    EXPECT_NO_THROW(rules::require_text(accents, "description"));
}

TEST(TextRules, RequireNameRefusesBlankNames) {
    for (const char* blank : {"", "   ", "\t\r\n"}) {
        EXPECT_TRUE(
            expect_error<ValidationError>([&] { rules::require_name(blank); }, "name_required", "Name is required"));
    }
    EXPECT_NO_THROW(rules::require_name("Member ticket"));
}

TEST(TextRules, AnEmailAddressHasOneAtWithTextAroundIt) {
    for (const char* address : {"a@b", "jane.doe+x@example.com", "\xc3\xa9@\xc3\xa9.dk"}) {
        EXPECT_TRUE(rules::is_email_address(address)) << address;
    }
    for (const char* address :
         {"", "@", "jane", "@x.dk", "jane@", "a@b@c", "ja ne@x.dk", "jane@x.dk\n", "ja\xe2\x80\x8bne@x.dk"}) {
        EXPECT_FALSE(rules::is_email_address(address)) << address;
    }
}

TEST(TextRules, AsciiCaseChangesOnlyAsciiLetters) {
    EXPECT_EQ(rules::ascii_lower("PAYMENT_Link-\xc3\x89"), "payment_link-\xc3\x89");
    EXPECT_EQ(rules::ascii_upper("payment_link-\xc3\xa9"), "PAYMENT_LINK-\xc3\xa9");
    EXPECT_EQ(rules::ascii_lower(""), "");
}

}  // namespace
