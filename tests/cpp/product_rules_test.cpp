// The product rules of layer 3 (product_rules.hpp) and the text rules they share with
// specifications (text_rules.hpp: trimmed, require_localized_names, name_for_locale). Every
// refusal is checked for its exact class, code and message.

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "test_support.hpp"
#include "ticketcore/model/product.hpp"
#include "ticketcore/model/specification.hpp"
#include "ticketcore/rules/product_rules.hpp"
#include "ticketcore/rules/text_rules.hpp"

namespace {

using namespace ticketcore;
using namespace ticketcore_test;

/// A programme: 40 DKK, 25 % VAT, 100 of them.
NewProduct programme_input() {
    NewProduct input;
    input.name = "Programme";
    input.names = {{"da", "Program"}};
    input.description = "The festival programme, 48 pages";
    input.price = Amount{4000, std::nullopt};
    input.vat_rate = 2500;
    input.stock = 100;
    return input;
}

::testing::AssertionResult product_refused(const NewProduct& input, std::string_view code, std::string_view message) {
    return expect_error<ValidationError>([&] { rules::validate_new_product(rules::normalized(input)); }, code, message);
}

::testing::AssertionResult product_refused(const ProductChanges& changes, std::string_view code,
                                           std::string_view message) {
    return expect_error<ValidationError>([&] { rules::validate_product_changes(rules::normalized(changes)); }, code,
                                         message);
}

TEST(TextRules, TrimmedDropsTheWhitespaceAroundTextOnly) {
    EXPECT_EQ(rules::trimmed("  Programme \t\n"), "Programme");
    EXPECT_EQ(rules::trimmed("Cloak room"), "Cloak room") << "inner spaces stay";
    EXPECT_EQ(rules::trimmed("\xe3\x80\x80T-shirt\xc2\xa0"), "T-shirt") << "U+3000 and NBSP are whitespace";
    EXPECT_EQ(rules::trimmed("   "), "");
    EXPECT_EQ(rules::trimmed(""), "");
    EXPECT_EQ(rules::trimmed(" \xff "), "\xff") << "a malformed byte is text";
    EXPECT_EQ(rules::trimmed("\xe2\x80\x8bx"), "\xe2\x80\x8bx") << "U+200B is not whitespace (str.isspace)";
}

TEST(TextRules, NameForLocaleFallsBackFromLocaleToLanguageToTheFallback) {
    const rules::LocalizedNames names{{"da", "Program"}, {"de-AT", "Programmheft"}};
    const std::string fallback = "Programme";
    EXPECT_EQ(rules::name_for_locale(names, fallback, "da"), "Program");
    EXPECT_EQ(rules::name_for_locale(names, fallback, "da-DK"), "Program");
    EXPECT_EQ(rules::name_for_locale(names, fallback, "da_DK"), "Program");
    EXPECT_EQ(rules::name_for_locale(names, fallback, "de-AT"), "Programmheft");
    EXPECT_EQ(rules::name_for_locale(names, fallback, "de-DE"), "Programme") << "no 'de' entry, only 'de-AT'";
    EXPECT_EQ(rules::name_for_locale(names, fallback, "sv"), "Programme");
    EXPECT_EQ(rules::name_for_locale(names, fallback, ""), "Programme");
    EXPECT_EQ(rules::name_for_locale({}, fallback, "da"), "Programme");
}

TEST(TextRules, SpecificationsAndProductsShareTheOneFallbackRule) {
    TicketSpecification spec;
    spec.name = "Member ticket";
    spec.names = {{"da", "Medlemsbillet"}};
    Product product;
    product.name = "Programme";
    product.names = {{"da", "Program"}};
    for (const char* locale : {"da", "da-DK", "da_DK", "en", ""}) {
        EXPECT_EQ(spec.name_for(locale), rules::name_for_locale(spec.names, spec.name, locale)) << locale;
        EXPECT_EQ(product.name_for(locale), rules::name_for_locale(product.names, product.name, locale)) << locale;
    }
    EXPECT_EQ(product.name_for("da-DK"), "Program");
    EXPECT_EQ(product.name_for("en-GB"), "Programme");
}

TEST(TextRules, LocalizedNamesNeedALocaleAndANameEach) {
    EXPECT_NO_THROW(rules::require_localized_names({}));
    EXPECT_NO_THROW(rules::require_localized_names({{"da", "Program"}, {"de", "Programmheft"}}));
    EXPECT_TRUE(expect_error<ValidationError>(
        [] {
            rules::require_localized_names({{" ", "Program"}});
        },
        "invalid_locale", "Locale cannot be empty"));
    EXPECT_TRUE(expect_error<ValidationError>(
        [] {
            rules::require_localized_names({{"da", "\xe2\x80\x8b"}});
        },
        "name_required", "Name for locale 'da' is required"));
}

TEST(ProductRules, NormalizedTrimsTheNameAndEachLocalizedName) {
    NewProduct input = programme_input();
    input.name = "  Programme\t";
    input.names = {{"da", " Program "}, {"de", "Programmheft"}};
    input.description = "  kept as given  ";
    const NewProduct stored = rules::normalized(input);
    EXPECT_EQ(stored.name, "Programme");
    EXPECT_EQ(stored.names, (std::map<std::string, std::string>{{"da", "Program"}, {"de", "Programmheft"}}));
    EXPECT_EQ(stored.description, "  kept as given  ");

    ProductChanges changes;
    changes.name = " Cloakroom token ";
    changes.names = std::map<std::string, std::string>{{"da", " Garderobe "}};
    const ProductChanges trimmed = rules::normalized(changes);
    EXPECT_EQ(trimmed.name, "Cloakroom token");
    EXPECT_EQ(trimmed.names, (std::map<std::string, std::string>{{"da", "Garderobe"}}));
    EXPECT_EQ(rules::normalized(ProductChanges{}).name, std::nullopt) << "what is not given stays not given";
}

TEST(ProductRules, AValidProductPasses) {
    EXPECT_NO_THROW(rules::validate_new_product(rules::normalized(programme_input())));
    NewProduct free_and_unlimited = programme_input();
    free_and_unlimited.price = Amount{0, std::nullopt};
    free_and_unlimited.vat_rate = 0;
    free_and_unlimited.stock = std::nullopt;
    free_and_unlimited.names = {};
    free_and_unlimited.description = "";
    EXPECT_NO_THROW(rules::validate_new_product(free_and_unlimited));
    NewProduct bounds = programme_input();
    bounds.name = std::string(rules::max_product_name_length, 'x');
    bounds.vat_rate = 10000;
    bounds.stock = 0;
    bounds.price = Amount{int64_max, std::nullopt};
    EXPECT_NO_THROW(rules::validate_new_product(bounds));
}

TEST(ProductRules, TheNameIsRequiredAndBounded) {
    NewProduct input = programme_input();
    input.name = " \t ";
    EXPECT_TRUE(product_refused(input, "name_required", "Name is required"));
    input.name = "\xe2\x80\x8b";
    EXPECT_TRUE(product_refused(input, "name_required", "Name is required")) << "only an invisible character";
    input.name = std::string(rules::max_product_name_length + 1, 'x');
    EXPECT_TRUE(product_refused(input, "text_too_long", "name is longer than 200 characters"));
    input.name = "  " + std::string(rules::max_product_name_length, 'x') + "  ";
    EXPECT_NO_THROW(rules::validate_new_product(rules::normalized(input))) << "bounded after trimming";
    input.name = std::string("a\0b", 3);
    EXPECT_TRUE(product_refused(input, "invalid_text", "name cannot contain NUL characters"));
    input.name = "\xed\xa0\x80";
    EXPECT_TRUE(
        product_refused(input, "invalid_text", "name is not valid Unicode text (a lone surrogate or malformed UTF-8)"));
}

TEST(ProductRules, LocalizedNamesAreCheckedLikeTheName) {
    NewProduct input = programme_input();
    input.names = {{"", "Program"}};
    EXPECT_TRUE(product_refused(input, "invalid_locale", "Locale cannot be empty"));
    input.names = {{"da", "  "}};
    EXPECT_TRUE(product_refused(input, "name_required", "Name for locale 'da' is required"));
    input.names = {{"da", std::string(rules::max_product_name_length + 1, 'x')}};
    EXPECT_TRUE(product_refused(input, "text_too_long", "names['da'] is longer than 200 characters"));
    input.names = {{std::string(rules::max_locale_length + 1, 'x'), "Program"}};
    EXPECT_TRUE(product_refused(input, "text_too_long", "a locale of names is longer than 35 characters"));
    input.names = {{"da", std::string("a\0b", 3)}};
    EXPECT_TRUE(product_refused(input, "invalid_text", "names['da'] cannot contain NUL characters"));
}

TEST(ProductRules, PriceVatRateStockAndDescriptionAreChecked) {
    NewProduct input = programme_input();
    input.price = Amount{-1, std::nullopt};
    EXPECT_TRUE(product_refused(input, "negative_number", "price cannot be negative"));
    input = programme_input();
    input.vat_rate = -1;
    EXPECT_TRUE(product_refused(input, "invalid_rate", "vat_rate must be between 0 and 10000 basis points"));
    input.vat_rate = 10001;
    EXPECT_TRUE(product_refused(input, "invalid_rate", "vat_rate must be between 0 and 10000 basis points"));
    input = programme_input();
    input.stock = -1;
    EXPECT_TRUE(product_refused(input, "negative_number", "stock cannot be negative"));
    input = programme_input();
    input.description = std::string(rules::max_text_length + 1, 'x');
    EXPECT_TRUE(product_refused(input, "text_too_long", "description is longer than 100000 characters"));
}

TEST(ProductRules, TheFirstBrokenFieldIsReportedInOrder) {
    NewProduct input = programme_input();
    input.name = "";
    input.price = Amount{-1, std::nullopt};
    input.stock = -1;
    EXPECT_TRUE(product_refused(input, "name_required", "Name is required"));
    input.name = "Programme";
    EXPECT_TRUE(product_refused(input, "negative_number", "price cannot be negative"));
}

TEST(ProductRules, ChangesCheckOnlyTheFieldsGiven) {
    EXPECT_NO_THROW(rules::validate_product_changes({}));
    ProductChanges changes;
    changes.name = "  ";
    EXPECT_TRUE(product_refused(changes, "name_required", "Name is required"));
    changes = {};
    changes.names = std::map<std::string, std::string>{{"da", ""}};
    EXPECT_TRUE(product_refused(changes, "name_required", "Name for locale 'da' is required"));
    changes = {};
    changes.price = Amount{-5, std::nullopt};
    EXPECT_TRUE(product_refused(changes, "negative_number", "price cannot be negative"));
    changes = {};
    changes.vat_rate = 10001;
    EXPECT_TRUE(product_refused(changes, "invalid_rate", "vat_rate must be between 0 and 10000 basis points"));
    changes = {};
    changes.description = std::string("\0", 1);
    EXPECT_TRUE(product_refused(changes, "invalid_text", "description cannot contain NUL characters"));
    changes = {};
    changes.names = std::map<std::string, std::string>{};
    EXPECT_NO_THROW(rules::validate_product_changes(changes)) << "clearing the localized names";
}

TEST(ProductRules, AStockIsUnlimitedOrAtLeastZero) {
    EXPECT_NO_THROW(rules::validate_stock(std::nullopt));
    EXPECT_NO_THROW(rules::validate_stock(0));
    EXPECT_NO_THROW(rules::validate_stock(int64_max));
    EXPECT_TRUE(expect_error<ValidationError>([] { rules::validate_stock(-1); }, "negative_number",
                                              "stock cannot be negative"));
    EXPECT_TRUE(expect_error<ValidationError>([] { rules::validate_stock(int64_min); }, "negative_number",
                                              "stock cannot be negative"));
}

TEST(ProductRules, TheStockNeverGoesBelowWhatIsSoldAndReserved) {
    EXPECT_NO_THROW(rules::check_stock_covers_taken(std::nullopt, 5, 5)) << "unlimited covers anything";
    EXPECT_NO_THROW(rules::check_stock_covers_taken(10, 6, 4)) << "exactly what is taken";
    EXPECT_NO_THROW(rules::check_stock_covers_taken(0, 0, 0));
    EXPECT_TRUE(expect_error<ConflictError>([] { rules::check_stock_covers_taken(9, 6, 4); }, "stock_below_taken",
                                            "Stock cannot be less than the 10 sold or reserved"));
    EXPECT_TRUE(expect_error<ConflictError>([] { rules::check_stock_covers_taken(0, 0, 1); }, "stock_below_taken",
                                            "Stock cannot be less than the 1 sold or reserved"));
}

TEST(ProductRules, OnlyAnActiveProductCanBeTaken) {
    Product product;
    product.id = "p-1";
    product.is_active = true;
    EXPECT_NO_THROW(rules::check_product_claimable(product));
    product.is_active = false;
    EXPECT_TRUE(expect_error<ConflictError>([&] { rules::check_product_claimable(product); }, "product_inactive",
                                            "Product with id: p-1 is not active"));
}

TEST(ProductRules, AvailableIsWhatIsLeftNeverBelowZeroOrNoneWhenUnlimited) {
    EXPECT_EQ(rules::product_available(std::nullopt, 10, 10), std::nullopt);
    EXPECT_EQ(rules::product_available(10, 3, 2), 5);
    EXPECT_EQ(rules::product_available(10, 6, 4), 0);
    EXPECT_EQ(rules::product_available(10, 9, 4), 0) << "an oversold stock (the guard off) shows 0, not -3";
    EXPECT_EQ(rules::product_available(int64_max, 0, 0), int64_max);
    Product stored;
    stored.stock = 20;
    stored.sold = 5;
    stored.reserved = 3;
    EXPECT_EQ(rules::product_snapshot(stored).available, 12);
    stored.stock = std::nullopt;
    EXPECT_EQ(rules::product_snapshot(stored).available, std::nullopt);
}

}  // namespace
