// rules/sale_rules (layer 3): the box-office sale's state machine, customer data, payment types,
// pricing (the same as an online order of each event) and numbers. Every amount in minor units.

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "test_support.hpp"
#include "ticketcore/rules/pricing.hpp"
#include "ticketcore/rules/sale_rules.hpp"
#include "ticketcore/values/error.hpp"

namespace {

using namespace ticketcore;
using namespace ticketcore_test;

Money sale_kr(std::int64_t minor) {
    return Money(minor, dkk);
}

rules::SaleTicketLine sale_ticket(const std::string& event_id, std::int64_t quantity, std::int64_t price,
                                  std::int64_t vat_rate = 2500, std::int64_t platform_fee = 0,
                                  std::int64_t percentage_fee = 0, bool promo = false) {
    return rules::SaleTicketLine{
        event_id, vat_rate,
        rules::PricingItem{quantity, sale_kr(price), sale_kr(platform_fee), sale_kr(percentage_fee), false}, promo};
}

template <typename Call>
std::string sale_error_code(Call&& call) {
    try {
        call();
    } catch (const TicketcoreError& error) {
        return error.code() + ": " + error.what();
    }
    return "no error";
}

TEST(SaleRules, AnOpenSaleExpiresAtItsExpirationAndNothingElseDoes) {
    const Instant expiration{1'000'000};
    EXPECT_EQ(rules::effective_state(SaleState::Open, expiration, Instant{999'999}), SaleState::Open);
    EXPECT_EQ(rules::effective_state(SaleState::Open, expiration, expiration), SaleState::Expired);
    for (const SaleState state : {SaleState::PaymentPending, SaleState::Committed, SaleState::Withdrawn,
                                  SaleState::Canceled, SaleState::Expired}) {
        EXPECT_EQ(rules::effective_state(state, expiration, Instant{5'000'000}), state);
    }
}

TEST(SaleRules, OnlyAnOpenSaleChanges) {
    EXPECT_NO_THROW(rules::check_can_change("BO-000001", SaleState::Open));
    EXPECT_EQ(sale_error_code([] { rules::check_can_change("BO-000001", SaleState::PaymentPending); }),
              "sale_payment_in_progress: Sale BO-000001 has a payment in progress; its items are frozen");
    EXPECT_EQ(sale_error_code([] { rules::check_can_change("BO-000001", SaleState::Committed); }),
              "sale_frozen: Sale BO-000001 is committed and cannot be changed");
    EXPECT_EQ(sale_error_code([] { rules::check_can_change("BO-000001", SaleState::Expired); }),
              "sale_closed: Sale BO-000001 is EXPIRED");
    EXPECT_EQ(sale_error_code([] { rules::check_can_change("BO-000001", SaleState::Withdrawn); }),
              "sale_closed: Sale BO-000001 is WITHDRAWN");
    EXPECT_EQ(sale_error_code([] { rules::check_can_change("BO-000001", SaleState::Canceled); }),
              "sale_closed: Sale BO-000001 is CANCELED");
}

TEST(SaleRules, CancelWithdrawsBeforeCommitAndCancelsAfter) {
    EXPECT_EQ(rules::cancelled_state("BO-1", SaleState::Open), SaleState::Withdrawn);
    EXPECT_EQ(rules::cancelled_state("BO-1", SaleState::PaymentPending), SaleState::Withdrawn);
    EXPECT_EQ(rules::cancelled_state("BO-1", SaleState::Committed), SaleState::Canceled);
    for (const SaleState state : {SaleState::Expired, SaleState::Withdrawn, SaleState::Canceled}) {
        EXPECT_TRUE(rules::is_terminal(state));
        EXPECT_EQ(sale_error_code([&] { (void)rules::cancelled_state("BO-1", state); }),
                  "sale_closed: Sale BO-1 is " + std::string(to_string(state)));
    }
}

TEST(SaleRules, ItemQuantitiesAreZeroToTenThousand) {
    EXPECT_NO_THROW(rules::check_item_quantity(0));
    EXPECT_NO_THROW(rules::check_item_quantity(10000));
    EXPECT_EQ(sale_error_code([] { rules::check_item_quantity(-1); }),
              "invalid_quantity: Quantity must be between 0 and 10000");
    EXPECT_EQ(sale_error_code([] { rules::check_item_quantity(10001); }),
              "invalid_quantity: Quantity must be between 0 and 10000");
}

using Pairs = std::vector<std::pair<std::string, std::string>>;

std::map<std::string, std::string> apply_default(const Pairs& input, std::map<std::string, std::string> values = {}) {
    return rules::apply_customer_values(std::move(values), input, default_customer_form());
}

TEST(SaleRules, CustomerDataFollowsTheForm) {
    const auto values = apply_default({{"first_name", "  Jane "},
                                       {"last_name", "Doe"},
                                       {"email", "jane@example.com"},
                                       {"phone", "+43 (1) 234-56/7"},
                                       {"address.country", "at"},
                                       {"newsletter", "bool:0"}});
    const CustomerData data = rules::customer_data_of(values);
    EXPECT_EQ(data.first_name, "Jane");
    EXPECT_EQ(data.address.country, "AT");
    EXPECT_EQ(data.newsletter, std::optional<bool>(false));
    EXPECT_EQ(data.phone, "+43 (1) 234-56/7");
    EXPECT_EQ(data.values.size(), 6U);
    // An empty value removes the field; others are kept.
    const auto later = apply_default({{"last_name", ""}, {"newsletter", "bool:1"}}, values);
    EXPECT_FALSE(later.contains("last_name"));
    EXPECT_EQ(rules::customer_data_of(later).newsletter, std::optional<bool>(true));
    EXPECT_EQ(rules::customer_data_of(later).email, "jane@example.com");
    EXPECT_EQ(rules::customer_data_of({}).newsletter, std::nullopt);
}

TEST(SaleRules, BadCustomerDataNamesTheKey) {
    const auto refused = [](const Pairs& input) { return sale_error_code([&] { (void)apply_default(input); }); };
    EXPECT_EQ(refused({{"shoe_size", "42"}}), "invalid_customer_data: Customer data 'shoe_size': no such field");
    EXPECT_EQ(refused({{"email", "a@x.dk"}, {"email", "b@x.dk"}}),
              "invalid_customer_data: Customer data 'email': given twice");
    EXPECT_EQ(refused({{"newsletter", "true"}}),
              "invalid_customer_data: Customer data 'newsletter': a boolean must be bool:1 or bool:0");
    EXPECT_EQ(refused({{"newsletter", " bool:1"}}),
              "invalid_customer_data: Customer data 'newsletter': a boolean must be bool:1 or bool:0");
    for (const char* email : {"jane", "@x.dk", "jane@", "a@b@c", "ja ne@x.dk"}) {
        EXPECT_EQ(refused({{"email", email}}), "invalid_customer_data: Customer data 'email': not an e-mail address")
            << email;
    }
    EXPECT_EQ(refused({{"phone", "---"}}), "invalid_customer_data: Customer data 'phone': not a phone number");
    EXPECT_EQ(refused({{"address.country", "AUT"}}),
              "invalid_customer_data: Customer data 'address.country': a country is a two-letter ISO 3166 code");
    EXPECT_EQ(refused({{"company", std::string("A\x01")}}),
              "invalid_customer_data: Customer data 'company': control characters are not allowed");
    EXPECT_EQ(refused({{"company", std::string(201, 'x')}}),
              "invalid_customer_data: Customer data 'company': longer than 200 characters");
    EXPECT_EQ(refused({{"company", std::string("\xff")}}),
              "invalid_customer_data: Customer data 'company': not valid UTF-8");
}

std::string form_error(const std::vector<CustomerField>& form) {
    return sale_error_code([&] { rules::check_customer_form(form); });
}

TEST(SaleRules, ACustomerFormHasWellFormedUniqueKeys) {
    EXPECT_NO_THROW(rules::check_customer_form(default_customer_form()));
    EXPECT_NO_THROW(rules::check_customer_form(std::vector<CustomerField>{{"club.member_2.id", CustomerFieldType::Text},
                                                                          {"email", CustomerFieldType::Email}}));
    const std::string part_rule = "a key is dot-separated parts of a-z, 0-9 and _, each starting with a letter";
    for (const char* key : {"", "Email", ".a", "a.", "a..b", "1a", "_a", "a-b", "a b", "a.1b", "\xc3\xa9"}) {
        EXPECT_EQ(form_error({{key, CustomerFieldType::Text}}),
                  "invalid_customer_form: Customer form field '" + std::string(key) + "': " + part_rule)
            << key;
    }
    EXPECT_EQ(form_error({}), "invalid_customer_form: Customer form field '': a form has at least one field");
    EXPECT_NO_THROW(rules::check_customer_form(std::vector<CustomerField>{{std::string(64, 'a'), {}}}));
    EXPECT_EQ(
        form_error({{std::string(65, 'a'), CustomerFieldType::Text}}),
        "invalid_customer_form: Customer form field '" + std::string(40, 'a') + "...': longer than 64 characters");
    EXPECT_EQ(form_error({{"a", CustomerFieldType::Text}, {"a", CustomerFieldType::Phone}}),
              "invalid_customer_form: Customer form field 'a': given twice");
    EXPECT_EQ(form_error({{"a.b.c", CustomerFieldType::Text}, {"a.b", CustomerFieldType::Text}}),
              "invalid_customer_form: Customer form field 'a.b': both a field and the parent of a.b.c");
    // A sibling that merely starts with the same letters is no child.
    EXPECT_NO_THROW(rules::check_customer_form(
        std::vector<CustomerField>{{"address", CustomerFieldType::Text}, {"address_2.city", CustomerFieldType::Text}}));
    EXPECT_EQ(form_error({{"address.country", CustomerFieldType::Text}}),
              "invalid_customer_form: Customer form field 'address.country': a standard field keeps its type COUNTRY");
    std::vector<CustomerField> many;
    for (int n = 0; n < 51; ++n) many.push_back({"f" + std::to_string(n), CustomerFieldType::Text});
    EXPECT_EQ(form_error(many), "invalid_customer_form: Customer form field 'f50': a form has at most 50 fields");
    many.pop_back();
    EXPECT_NO_THROW(rules::check_customer_form(many));
}

TEST(SaleRules, ACustomFormDecidesKeysAndTypes) {
    const std::vector<CustomerField> form = {{"club.id", CustomerFieldType::Text},
                                             {"club.renewal", CustomerFieldType::Email},
                                             {"seating.country", CustomerFieldType::Country},
                                             {"wheelchair", CustomerFieldType::Boolean}};
    const Pairs input = {{"club.id", "A-17"}, {"seating.country", "dk"}, {"wheelchair", "bool:1"}};
    const auto values = rules::apply_customer_values({}, input, form);
    EXPECT_EQ(values, (std::map<std::string, std::string>{
                          {"club.id", "A-17"}, {"seating.country", "DK"}, {"wheelchair", "bool:1"}}));
    EXPECT_EQ(sale_error_code([&] {
                  (void)rules::apply_customer_values({}, Pairs{{"email", "a@b.c"}}, form);
              }),
              "invalid_customer_data: Customer data 'email': no such field");
    EXPECT_EQ(sale_error_code([&] {
                  (void)rules::apply_customer_values({}, Pairs{{"club.renewal", "x"}}, form);
              }),
              "invalid_customer_data: Customer data 'club.renewal': not an e-mail address");
    EXPECT_EQ(customer_field_type_from_string("EMAIL"), CustomerFieldType::Email);
    EXPECT_EQ(sale_error_code([] { (void)customer_field_type_from_string("email"); }),
              "unknown_customer_field_type: Unknown customer field type: 'email'");
}

std::vector<std::string> reasons(const std::vector<PaymentTypeOption>& options) {
    std::vector<std::string> result;
    for (const PaymentTypeOption& option : options) {
        result.push_back(std::string(to_string(option.type)) + "=" + (option.available ? "ok" : option.reason));
    }
    return result;
}

TEST(SaleRules, PaymentTypesSayWhyNot) {
    rules::PaymentFacts facts;
    facts.empty = false;
    facts.total_is_zero = false;
    EXPECT_EQ(reasons(rules::payment_options(facts)),
              (std::vector<std::string>{
                  "CASH=ok", "CARD=ok", "POS_TERMINAL=no POS reader of the organization is ACTIVE",
                  "PAYMENT_LINK=a payment link needs the customer's e-mail",
                  "INVOICE=an invoice needs the customer's name and address", "FREE=the total is not zero"}));
    facts.active_reader = true;
    facts.has_email = true;
    facts.has_invoice_details = true;
    EXPECT_EQ(reasons(rules::payment_options(facts)),
              (std::vector<std::string>{"CASH=ok", "CARD=ok", "POS_TERMINAL=ok", "PAYMENT_LINK=ok", "INVOICE=ok",
                                        "FREE=the total is not zero"}));
    facts.total_is_zero = true;
    EXPECT_EQ(reasons(rules::payment_options(facts))[5], "FREE=ok");
    EXPECT_EQ(reasons(rules::payment_options(facts))[0], "CASH=the total is zero: use FREE");
    facts.empty = true;
    EXPECT_EQ(reasons(rules::payment_options(facts))[5], "FREE=the sale is empty");
    facts.empty = false;
    facts.state = SaleState::PaymentPending;
    EXPECT_EQ(reasons(rules::payment_options(facts))[0], "CASH=the sale is PAYMENT_PENDING");
    EXPECT_EQ(sale_error_code([&] { rules::check_payment_type(rules::payment_options(facts), SalePaymentType::Card); }),
              "payment_type_unavailable: Payment type CARD is not available: the sale is PAYMENT_PENDING");
}

TEST(SaleRules, OneEventIsPricedExactlyAsItsOnlineOrder) {
    const std::vector<rules::SaleTicketLine> tickets = {sale_ticket("ev-1", 2, 25000, 2500, 500, 625),
                                                        sale_ticket("ev-1", 1, 10000, 2500, 500, 250)};
    const rules::SaleReduction promo{rules::Reduction{1500, std::nullopt}, false};
    const rules::SalePricing pricing = rules::price_sale(tickets, {}, promo, Money::zero(dkk), 0, RoundingMode::HalfUp);
    std::vector<rules::PricingItem> items;
    for (const auto& ticket : tickets) {
        items.push_back(ticket.item);
        items.back().discountable = true;
    }
    EXPECT_EQ(pricing.ticket_lines,
              rules::price_lines(items, rules::Reduction{1500, std::nullopt}, 2500, RoundingMode::HalfUp));
    EXPECT_EQ(pricing.discount, sale_kr(9000));
    EXPECT_EQ(pricing.fee_base_total, sale_kr(51000));
    EXPECT_EQ(pricing.grand_total, sale_kr(51000 + 1500 + 1500));
    EXPECT_EQ(pricing.box_office_fee, sale_kr(0));
}

TEST(SaleRules, AStaffAmountIsSplitOverTheEventsAndCapped) {
    const std::vector<rules::SaleTicketLine> tickets = {sale_ticket("ev-1", 1, 30000, 2500),
                                                        sale_ticket("ev-2", 1, 10000, 700)};
    const rules::SaleReduction amount{rules::Reduction{std::nullopt, sale_kr(4000)}, false};
    const rules::SalePricing pricing =
        rules::price_sale(tickets, {}, amount, Money::zero(dkk), 0, RoundingMode::HalfUp);
    EXPECT_EQ(pricing.ticket_lines[0].discount, sale_kr(3000));
    EXPECT_EQ(pricing.ticket_lines[1].discount, sale_kr(1000));
    EXPECT_EQ(pricing.ticket_lines[0].vat, sale_kr(5400));  // 25 % included in 270.00
    EXPECT_EQ(pricing.ticket_lines[1].vat, sale_kr(589));   // 7 % included in 90.00
    EXPECT_EQ(pricing.grand_total, sale_kr(36000));
    const rules::SaleReduction too_much{rules::Reduction{std::nullopt, sale_kr(99999)}, false};
    EXPECT_EQ(rules::price_sale(tickets, {}, too_much, Money::zero(dkk), 0, RoundingMode::HalfUp).grand_total,
              sale_kr(0));
}

TEST(SaleRules, APromoCodeDiscountsOnlyItsLines) {
    const std::vector<rules::SaleTicketLine> tickets = {sale_ticket("ev-1", 1, 20000, 2500, 0, 0, true),
                                                        sale_ticket("ev-2", 1, 20000, 2500, 0, 0, false)};
    const rules::SaleReduction promo{rules::Reduction{std::nullopt, sale_kr(5000)}, true};
    const rules::SalePricing pricing = rules::price_sale(tickets, {}, promo, Money::zero(dkk), 0, RoundingMode::HalfUp);
    EXPECT_EQ(pricing.ticket_lines[0].discount, sale_kr(5000));
    EXPECT_EQ(pricing.ticket_lines[1].discount, sale_kr(0));
    EXPECT_EQ(pricing.discount, sale_kr(5000));
}

TEST(SaleRules, ProductsAndTheBoxOfficeFeeAddTheirVat) {
    const std::vector<rules::SaleProductLine> products = {{3, sale_kr(1990), 1900}};
    const rules::SalePricing pricing =
        rules::price_sale({}, products, std::nullopt, sale_kr(1500), 2000, RoundingMode::HalfUp);
    EXPECT_EQ(pricing.product_lines.front(), std::make_pair(sale_kr(5970), sale_kr(953)));
    EXPECT_EQ(pricing.box_office_fee_vat, sale_kr(250));
    EXPECT_EQ(pricing.grand_total, sale_kr(7470));
    // An empty sale has no box-office fee.
    EXPECT_EQ(rules::price_sale({}, {}, std::nullopt, sale_kr(1500), 2000, RoundingMode::HalfUp).grand_total,
              sale_kr(0));
}

TEST(SaleRules, NumbersAreReadable) {
    EXPECT_EQ(rules::sale_number(42), "BO-000042");
    EXPECT_EQ(rules::sale_number(1234567), "BO-1234567");
}

}  // namespace
