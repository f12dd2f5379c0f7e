#pragma once
/// @file sale_rules.hpp
/// @brief Rules of box-office sales (layer 3, seed 001): the state machine, customer data,
/// payment types and pricing. No SQL, no clock: the time is passed in.

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ticketcore/model/order.hpp"
#include "ticketcore/model/organization.hpp"
#include "ticketcore/model/sale.hpp"
#include "ticketcore/rules/pricing.hpp"
#include "ticketcore/values/money.hpp"
#include "ticketcore/values/rounding.hpp"
#include "ticketcore/values/time.hpp"

namespace ticketcore::rules {

/// @brief How long an open sale holds what it has when the store sets nothing: 30 minutes.
inline constexpr std::int64_t default_sale_hold_micros = 30LL * 60 * 1'000'000;
/// @brief The most tickets (and product units) one sale holds: it is committed in one transaction.
inline constexpr std::int64_t max_sale_units = 10000;
/// @brief The most items (lines staff added) one sale holds.
inline constexpr std::int64_t max_sale_items = 500;

/// @brief The state a sale is in at `now`: an open sale whose expiration is not after `now` is
/// Expired (the sweep writes it so later).
[[nodiscard]] SaleState effective_state(SaleState stored, Instant expiration, Instant now) noexcept;
/// @brief Whether `state` is terminal (expired, withdrawn, canceled).
[[nodiscard]] bool is_terminal(SaleState state) noexcept;
/// @brief Items, customer data and discounts change only on an open sale: ConflictError
/// `sale_payment_in_progress` while a payment is in progress, `sale_frozen` once committed,
/// `sale_closed` when expired, withdrawn or canceled.
void check_can_change(std::string_view number, SaleState state);
/// @brief What `cancel` makes of a sale in `state`: Withdrawn before it is committed, Canceled
/// after; ConflictError `sale_closed` for a terminal one.
[[nodiscard]] SaleState cancelled_state(std::string_view number, SaleState state);
/// @brief Quantities of `set_item_quantity`: 0 (remove) or more, at most max_sale_units.
void check_item_quantity(std::int64_t quantity);

/// @brief The most fields a customer-data form has.
inline constexpr std::size_t max_customer_form_fields = 50;
/// @brief The longest key of a customer-data field, in characters.
inline constexpr std::size_t max_customer_field_key_length = 64;
/// @brief Checks a customer-data form (`organizations.set_customer_form`): 1 to
/// max_customer_form_fields fields; each key is dot-separated parts of lower-case ASCII letters,
/// digits and '_', each part starting with a letter (`address.city`), at most
/// max_customer_field_key_length characters; no key twice, and no key both a field and the
/// parent of one (`address` beside `address.city`); a field of the default form keeps its type
/// (`email` is an e-mail). ValidationError `invalid_customer_form` naming the key.
void check_customer_form(std::span<const CustomerField> form);
/// @brief The longest value of a text field, in characters.
inline constexpr std::size_t max_customer_value_length = 200;
/// @brief Applies key/value pairs to the stored `values` against the organization's `form`, all or nothing: an
/// unknown key, a key given twice, or a malformed value is a ValidationError naming the key
/// (`invalid_customer_data`); an empty value removes the field. Text is trimmed; an e-mail has
/// one '@' with text on both sides; a phone has digits, spaces and + - ( ) /; a country is two
/// letters (stored upper case); a boolean is exactly "bool:1" or "bool:0".
[[nodiscard]] std::map<std::string, std::string> apply_customer_values(
    std::map<std::string, std::string> values, std::span<const std::pair<std::string, std::string>> input,
    std::span<const CustomerField> form);
/// @brief The CustomerData of stored values.
[[nodiscard]] CustomerData customer_data_of(const std::map<std::string, std::string>& values);

/// @brief What decides which payment types a sale can use.
struct PaymentFacts {
    SaleState state = SaleState::Open;
    bool empty = true;
    bool total_is_zero = true;
    bool has_email = false;
    /// @brief A name (first and last) and a full address (street, postal code, city, country).
    bool has_invoice_details = false;
    /// @brief The organization has a POS reader that is ACTIVE.
    bool active_reader = false;
};
/// @brief Every payment type with whether it is available and why not: nothing on a sale that is
/// not open or is empty; FREE only, and always, when the total is zero; otherwise CASH and CARD,
/// POS_TERMINAL with an active reader, PAYMENT_LINK with an e-mail, INVOICE with name and address.
[[nodiscard]] std::vector<PaymentTypeOption> payment_options(const PaymentFacts& facts);
/// @brief ConflictError `payment_type_unavailable` with the option's reason unless `type` is
/// available in `options`.
void check_payment_type(std::span<const PaymentTypeOption> options, SalePaymentType type);

/// @brief A ticket item of a sale for pricing: its event (items are priced per event, as one
/// online order of that event would be) and what pricing needs.
struct SaleTicketLine {
    std::string event_id;
    std::int64_t vat_rate = 0;  ///< the event's
    PricingItem item;
    /// @brief The promo code's event, when the discount is one: only its lines are discounted.
    bool discountable_by_promo = false;
};
/// @brief A product item for pricing.
struct SaleProductLine {
    std::int64_t quantity = 0;
    Money unit_price;
    std::int64_t vat_rate = 0;
};
/// @brief The discount of a sale for pricing: a promo code's reduction (applies to the lines
/// marked discountable_by_promo, within their event) or a staff reduction (every ticket line).
struct SaleReduction {
    Reduction reduction;
    bool promo = false;
};
/// @brief A sale priced: one OrderLine per ticket line (exactly what rules::price_lines gives the
/// online order of the same event and tickets), product prices and VAT, the box-office fee.
struct SalePricing {
    std::vector<OrderLine> ticket_lines;
    std::vector<std::pair<Money, Money>> product_lines;  ///< (price, VAT)
    Money discount;
    Money box_office_fee;
    Money box_office_fee_vat;
    Money fee_base_total;
    Money grand_total;
};
/// @brief Prices a sale: ticket lines per event (in order of first appearance) by
/// rules::price_lines with the event's VAT; a percentage staff discount applies to every event's
/// lines, an amount is split over the events by their subtotals (largest remainder) and capped
/// at their sum; a promo code's to its event's lines. Products at their price, VAT included at
/// their rate. The box-office fee (with VAT at `fee_vat_rate`) when the sale has any item.
[[nodiscard]] SalePricing price_sale(std::span<const SaleTicketLine> tickets, std::span<const SaleProductLine> products,
                                     const std::optional<SaleReduction>& reduction, Money box_office_fee,
                                     std::int64_t fee_vat_rate, RoundingMode rounding);

/// @brief A sale number: "BO-" and the sequence number, at least six digits ("BO-000042").
[[nodiscard]] std::string sale_number(std::int64_t sequence);

}  // namespace ticketcore::rules
