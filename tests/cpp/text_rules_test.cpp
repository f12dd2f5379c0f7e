#include "ticketcore/text_rules.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace {

using namespace ticketcore;
using ticketcore_test::Catalog;
using ticketcore_test::expect_error;

TEST(TextRules, BlankIsEmptyOrOnlyWhitespace) {
    EXPECT_TRUE(rules::is_blank(""));
    EXPECT_TRUE(rules::is_blank(" "));
    EXPECT_TRUE(rules::is_blank(" \t\n\v\f\r"));
    EXPECT_FALSE(rules::is_blank("a"));
    EXPECT_FALSE(rules::is_blank("  Sommerjazz  "));
    EXPECT_FALSE(rules::is_blank("\xC2\xA0")) << "a no-break space is text, not ASCII whitespace";
}

TEST(TextRules, RequireNameRefusesBlankNames) {
    for (const char* blank : {"", "   ", "\t\r\n"}) {
        EXPECT_TRUE(expect_error<ValidationError>([&] { rules::require_name(blank); }, "name_required",
                                                  "Name is required"));
    }
    EXPECT_NO_THROW(rules::require_name("Member ticket"));
}

TEST(TextRules, EveryNamedEntityRefusesABlankName) {
    const Catalog catalog;
    EXPECT_TRUE(expect_error<ValidationError>([&] { (void)Organizations(catalog.platform).create({"  ", "DKK"}); },
                                              "name_required", "Name is required"));
    EXPECT_TRUE(expect_error<ValidationError>(
        [&] { (void)catalog.events.create({.name = " \t", .time_zone = "Europe/Copenhagen"}); }, "name_required",
        "Name is required"));
    const Event event = catalog.draft_event();
    EXPECT_TRUE(expect_error<ValidationError>([&] { (void)catalog.add_spec(event.id, "\n"); }, "name_required",
                                              "Name is required"));
    EXPECT_TRUE(expect_error<ValidationError>([&] { (void)catalog.pools.create(event.id, "  ", 10); }, "name_required",
                                              "Name is required"));
    EXPECT_EQ(catalog.audit_log().size(), 2u) << "only organization.create and event.create of the fixture";
}

}  // namespace
