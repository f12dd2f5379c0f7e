// Staff rules (layer 3): user ids, names and labels as kept, label keys, reader statuses and when a
// reader can take a payment.
#include "ticketcore/rules/staff_rules.hpp"
#include "ticketcore/rules/text_rules.hpp"

#include <gtest/gtest.h>

#include <string>

#include "test_support.hpp"
#include "ticketcore/model/json.hpp"

namespace {

using namespace ticketcore;
using ticketcore_test::expect_error;
using namespace std::string_literals;

TEST(StaffRules, TrimmedDropsUnicodeWhitespaceAtBothEndsOnly) {
    EXPECT_EQ(rules::trimmed("  Kim  Lee \t\n"), "Kim  Lee");
    // NBSP, U+3000 and NEL are whitespace; U+200B (zero width, a format character) is not.
    EXPECT_EQ(rules::trimmed("\xC2\xA0\xE3\x80\x80Till 1\xC2\x85"), "Till 1");
    EXPECT_EQ(rules::trimmed("\xE2\x80\x8BX"), "\xE2\x80\x8BX");
    EXPECT_EQ(rules::trimmed(" \t "), "");
    EXPECT_EQ(rules::trimmed(""), "");
    EXPECT_EQ(rules::trimmed("\xC3\xA9"), "\xC3\xA9");
    EXPECT_EQ(rules::trimmed(" \xFF "), "\xFF");  // a malformed byte is kept (C++ callers only)
}

TEST(StaffRules, ControlCharactersAreC0DelAndC1) {
    for (const std::string text : {"a\tb"s, "a\nb"s, "\x01"s, "x\x7F"s, "\xC2\x80"s, "\xC2\x9F"s}) {
        EXPECT_TRUE(rules::has_control(text)) << text;
    }
    for (const std::string text : {"Kim"s, "\xC2\xA0"s, "\xC2\xA0"s, "\xE2\x80\x8B"s, "\xC3\xA9"s, ""s}) {
        EXPECT_FALSE(rules::has_control(text)) << text;
    }
}

TEST(StaffRules, UserNamesAreTrimmedNotBlankBoundedAndWithoutControls) {
    EXPECT_EQ(rules::user_name("  Kim Lee "), "Kim Lee");
    EXPECT_EQ(rules::user_name("Zo\xC3\xAB"), "Zo\xC3\xAB");
    for (const char* blank : {"", "   ", "\t\n", "\xC2\xA0", "\xE2\x80\x8B"}) {
        EXPECT_TRUE(
            expect_error<ValidationError>([&] { (void)rules::user_name(blank); }, "name_required", "Name is required"));
    }
    EXPECT_TRUE(expect_error<ValidationError>([] { (void)rules::user_name("Kim\nLee"); }, "invalid_text",
                                              "name cannot contain control characters"));
    EXPECT_TRUE(expect_error<ValidationError>([] { (void)rules::user_name("Kim\0"s); }, "invalid_text",
                                              "name cannot contain NUL characters"));
    EXPECT_TRUE(expect_error<ValidationError>([] { (void)rules::user_name("\xED\xA0\x80"); }, "invalid_text",
                                              "name is not valid Unicode text (a lone surrogate or malformed UTF-8)"));
    const std::string longest(rules::max_user_name_length, 'x');
    EXPECT_EQ(rules::user_name("  " + longest + "  "), longest);  // the bound counts the kept name
    EXPECT_TRUE(expect_error<ValidationError>([&] { (void)rules::user_name(longest + "x"); }, "text_too_long",
                                              "name is longer than 200 characters"));
    std::string accents;
    for (std::size_t index = 0; index < rules::max_user_name_length; ++index) accents += "\xC3\xA9";
    EXPECT_EQ(rules::user_name(accents), accents);  // characters, not bytes
}

TEST(StaffRules, LabelsAreCheckedLikeNamesWithTheirOwnErrorAndBound) {
    EXPECT_EQ(rules::pos_reader_label(" Till 1 "), "Till 1");
    EXPECT_TRUE(expect_error<ValidationError>([] { (void)rules::pos_reader_label(" "); }, "label_required",
                                              "Label is required"));
    EXPECT_TRUE(expect_error<ValidationError>([] { (void)rules::pos_reader_label("Till\t1"); }, "invalid_text",
                                              "label cannot contain control characters"));
    const std::string longest(rules::max_pos_reader_label_length, 'x');
    EXPECT_EQ(rules::pos_reader_label(longest), longest);
    EXPECT_TRUE(expect_error<ValidationError>([&] { (void)rules::pos_reader_label(longest + "x"); }, "text_too_long",
                                              "label is longer than 100 characters"));
}

TEST(StaffRules, LabelKeysIgnoreAsciiCaseOnly) {
    EXPECT_EQ(rules::pos_reader_label_key("Till 1"), "till 1");
    EXPECT_EQ(rules::pos_reader_label_key("TILL 1"), rules::pos_reader_label_key("till 1"));
    EXPECT_EQ(rules::pos_reader_label_key("K\xC3\x89"), "k\xC3\x89");  // É stays as it is
    EXPECT_NE(rules::pos_reader_label_key("Till 1"), rules::pos_reader_label_key("Till  1"));
}

TEST(StaffRules, UserIdsAreTakenAsGiven) {
    EXPECT_NO_THROW(rules::check_user_id(" anna "));  // an Actor id is exact: never trimmed
    EXPECT_NO_THROW(rules::check_user_id(std::string(rules::max_user_id_length, 'u')));
    for (const char* blank : {"", " ", "\xC2\xA0"}) {
        EXPECT_TRUE(expect_error<ValidationError>([&] { rules::check_user_id(blank); }, "user_id_required",
                                                  "User id cannot be empty"));
    }
    EXPECT_TRUE(expect_error<ValidationError>([] { rules::check_user_id("anna\n"); }, "invalid_text",
                                              "user_id cannot contain control characters"));
    EXPECT_TRUE(
        expect_error<ValidationError>([] { rules::check_user_id(std::string(rules::max_user_id_length + 1, 'u')); },
                                      "text_too_long", "user_id is longer than 200 characters"));
}

TEST(StaffRules, OnlyAnActiveReaderTakesAPayment) {
    PosReader reader{"r-1", "Till 1", PosReaderStatus::Active, Instant{0}};
    EXPECT_NO_THROW(rules::check_reader_usable(reader));
    reader.status = PosReaderStatus::Inactive;
    EXPECT_TRUE(expect_error<ConflictError>([&] { rules::check_reader_usable(reader); }, "pos_reader_not_active",
                                            "POS reader 'Till 1' is INACTIVE: only an ACTIVE reader can take a "
                                            "payment"));
    reader.status = PosReaderStatus::Disconnected;
    EXPECT_TRUE(expect_error<ConflictError>([&] { rules::check_reader_usable(reader); }, "pos_reader_not_active",
                                            "POS reader 'Till 1' is DISCONNECTED: only an ACTIVE reader can take a "
                                            "payment"));
}

TEST(StaffRules, StatusesRoundTripThroughTheirNames) {
    for (const PosReaderStatus status :
         {PosReaderStatus::Active, PosReaderStatus::Inactive, PosReaderStatus::Disconnected}) {
        EXPECT_EQ(pos_reader_status_from_string(to_string(status)), status);
    }
    EXPECT_EQ(to_string(PosReaderStatus::Disconnected), "DISCONNECTED");
    EXPECT_TRUE(expect_error<ValidationError>([] { (void)pos_reader_status_from_string("active"); },
                                              "unknown_pos_reader_status", "Unknown POS reader status: 'active'"));
}

TEST(StaffRules, UsersRoundTripThroughJson) {
    const User user{"anna", "Anna", PosReader{"r-1", "Till 1", PosReaderStatus::Inactive, Instant{5}}, Instant{7}};
    EXPECT_EQ(Json(user).dump(),
              R"({"id":"anna","name":"Anna","pos_reader":{"id":"r-1","label":"Till 1","status":"INACTIVE",)"
              R"("created":5},"created":7})");
    EXPECT_EQ(snapshot_as<User>(Json(user)), user);
    const User unregistered{"web-1", "web-1", std::nullopt, std::nullopt};
    EXPECT_EQ(snapshot_as<User>(Json(unregistered)), unregistered);
}

}  // namespace
