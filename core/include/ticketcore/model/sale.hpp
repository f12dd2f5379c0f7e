#pragma once
/// @file sale.hpp
/// @brief Box-office sales (seed 001, Eventjet's `Sale`): what staff build, take payment for and
/// print. A sale and an online order are two channels over one ledger: a sale's tickets hold
/// capacity through the same claims, are priced by the same rules (rules/pricing.hpp) and, once
/// committed, are issued as paid orders (one per event) that refunds and the door treat like any.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ticketcore/model/staff.hpp"
#include "ticketcore/values/money.hpp"
#include "ticketcore/values/time.hpp"

namespace ticketcore {

/// @brief The seed's SaleState. `Open` → `PaymentPending` (a payment link or a POS payment in
/// progress) → `Committed` → `Canceled`; an open sale whose time ran out is `Expired`; a sale
/// cancelled before it was committed is `Withdrawn`. Expired, withdrawn and canceled are terminal.
enum class SaleState { Open, PaymentPending, Committed, Expired, Withdrawn, Canceled };
/// @brief "OPEN" / "PAYMENT_PENDING" / "COMMITTED" / "EXPIRED" / "WITHDRAWN" / "CANCELED".
std::string_view to_string(SaleState state) noexcept;
/// @brief Inverse of to_string; ValidationError `unknown_sale_state`.
SaleState sale_state_from_string(std::string_view text);

/// @brief The seed's SalePaymentType.
enum class SalePaymentType { Cash, Card, PosTerminal, PaymentLink, Invoice, Free };
/// @brief "CASH" / "CARD" / "POS_TERMINAL" / "PAYMENT_LINK" / "INVOICE" / "FREE".
std::string_view to_string(SalePaymentType type) noexcept;
/// @brief Inverse of to_string; ValidationError `unknown_payment_type`.
SalePaymentType sale_payment_type_from_string(std::string_view text);

/// @brief What a sale item is: a ticket, a product, a discount (items staff add) or a fee the
/// sale generates (line items only).
enum class SaleItemKind { Ticket, Product, Discount, Fee };
/// @brief "TICKET" / "PRODUCT" / "DISCOUNT" / "FEE".
std::string_view to_string(SaleItemKind kind) noexcept;
/// @brief Inverse of to_string; ValidationError `unknown_sale_item_kind`.
SaleItemKind sale_item_kind_from_string(std::string_view text);

/// @brief A postal address of customer data.
struct Address {
    std::string street;
    std::string postal_code;
    std::string city;
    /// @brief ISO 3166-1 alpha-2, upper case ("AT").
    std::string country;
    friend bool operator==(const Address&, const Address&) = default;
};

/// @brief The seed's CustomerData: what `apply_customer_data` stored, by field.
struct CustomerData {
    std::string first_name;
    std::string last_name;
    std::string email;
    std::string phone;
    std::string company;
    Address address;
    std::optional<bool> newsletter;
    /// @brief Every stored value by its form key ("address.city"), as given (booleans as
    /// "bool:1" / "bool:0"), in key order.
    std::map<std::string, std::string> values;
    friend bool operator==(const CustomerData&, const CustomerData&) = default;
};

/// @brief One entry of a sale (the seed's SaleItem): an item staff added, or a generated fee.
/// `price` is what the entry adds to the grand total (negative for a discount); the line items
/// of a sale sum to its grand total.
struct SaleItem {
    std::string id;
    SaleItemKind kind = SaleItemKind::Ticket;
    /// @brief The name in the default locale; `names` holds the localized ones.
    std::string name;
    std::map<std::string, std::string> names;
    std::int64_t quantity = 0;
    Money unit_price = Money::zero(Currency::of("EUR"));
    Money price = Money::zero(Currency::of("EUR"));
    /// @brief A ticket's share of the sale's discount (the discount item's price, split over the
    /// tickets it applies to); zero for other items. What the ticket costs is price − discount.
    Money discount = Money::zero(Currency::of("EUR"));
    /// @brief VAT rate in basis points, and the VAT included in what the item costs (for a ticket,
    /// price − discount, as its order line; a discount item has none of its own: its effect is in
    /// the tickets' VAT).
    std::int64_t vat_rate = 0;
    Money vat = Money::zero(Currency::of("EUR"));
    std::optional<std::string> event_id;
    std::optional<std::string> ticket_type_id;
    std::optional<std::string> product_id;
    std::optional<std::string> seatmap_id;
    std::optional<std::string> seat_id;
    std::optional<std::string> seat_label;
    std::optional<std::string> volume_id;
    /// @brief A discount's promo code, or its percentage (basis points) and the staff reason.
    std::optional<std::string> promo_code;
    std::optional<std::int64_t> percent_off;
    std::optional<std::string> reason;
    /// @brief False for generated fees: `remove_item` refuses them.
    bool can_be_removed = true;
    /// @brief The name for `locale`: exact match, then its language, then `name`.
    [[nodiscard]] const std::string& name_for(std::string_view locale) const;
    friend bool operator==(const SaleItem&, const SaleItem&) = default;
};

/// @brief The seed's SaleItemGroup: a sale's items of one event (or of none: products and
/// sale-wide discounts), for display.
struct SaleItemGroup {
    std::optional<std::string> event_id;
    std::vector<SaleItem> items;
    friend bool operator==(const SaleItemGroup&, const SaleItemGroup&) = default;
};

/// @brief Whether a payment type can be used for a sale now, and why not.
struct PaymentTypeOption {
    SalePaymentType type = SalePaymentType::Cash;
    bool available = false;
    /// @brief Why it cannot be used; empty when it can.
    std::string reason;
    friend bool operator==(const PaymentTypeOption&, const PaymentTypeOption&) = default;
};

/// @brief A snapshot of a sale (the seed's Sale).
struct Sale {
    std::string id;
    /// @brief Human-readable, unique across every sale of every organization ("BO-000042").
    std::string number;
    SaleState state = SaleState::Open;
    Instant created_at;
    /// @brief The staff member who created it (seed 001's User; see staff::user_or_actor).
    User creator;
    std::optional<Instant> committed_at;
    std::optional<User> committer;
    std::optional<Instant> canceled_at;
    /// @brief Until when an open sale holds what it has.
    Instant expiration;
    Instant updated_at;
    std::optional<SalePaymentType> payment_type;
    /// @brief The payment link's reference or the POS payment's id while one is in progress or
    /// once it paid.
    std::optional<std::string> payment_reference;
    std::optional<CustomerData> customer_data;
    /// @brief Tickets, products and discounts staff added, in the order they were added.
    std::vector<SaleItem> items;
    /// @brief `items` plus the generated fees (per ticket item, then the sale's box-office fee).
    std::vector<SaleItem> line_items;
    /// @brief The events of its ticket items, in the order first added.
    std::vector<std::string> events;
    /// @brief The sum of the items' prices: the subtotal before fees.
    Money fee_base_total = Money::zero(Currency::of("EUR"));
    Money grand_total = Money::zero(Currency::of("EUR"));
    /// @brief The payment types, each with whether it can be used now and why not.
    std::vector<PaymentTypeOption> payment_options;
    /// @brief Once committed: the paid orders (one per event) and the tickets issued.
    std::vector<std::string> order_ids;
    std::vector<std::string> ticket_ids;
    /// @brief The seat label of each seated ticket by ticket id (what a printed ticket shows).
    std::map<std::string, std::string> ticket_seats;
    /// @brief Once a committed sale is canceled: the refunds recorded for its orders.
    std::vector<std::string> refund_ids;
    /// @brief Document references (see docs/box-office.md); set once committed.
    std::optional<std::string> invoice_download_url;
    std::optional<std::string> tickets_download_url;

    /// @brief Whether the sale's hold ran out (an open sale past its expiration, or expired).
    [[nodiscard]] bool is_expired() const noexcept { return state == SaleState::Expired; }
    [[nodiscard]] bool is_empty() const noexcept { return items.empty(); }
    [[nodiscard]] bool has_discounts() const noexcept;
    /// @brief The sum of the quantities of its items.
    [[nodiscard]] std::int64_t number_of_items() const noexcept;
    /// @brief The types of `payment_options` available now.
    [[nodiscard]] std::vector<SalePaymentType> available_payment_types() const;
    /// @brief The items grouped by event, groups in the order of `events`, then the items of no
    /// event.
    [[nodiscard]] std::vector<SaleItemGroup> item_groups() const;
    friend bool operator==(const Sale&, const Sale&) = default;
};

/// @brief Where a POS terminal payment stands (seed 001's payment `status`).
enum class PosPaymentStatus { RequiresTerminalAction, Succeeded, Canceled };
/// @brief "REQUIRES_TERMINAL_ACTION" / "SUCCEEDED" / "CANCELED".
std::string_view to_string(PosPaymentStatus status) noexcept;
/// @brief Inverse of to_string; ValidationError `unknown_pos_payment_status`.
PosPaymentStatus pos_payment_status_from_string(std::string_view text);

/// @brief A card payment of a sale on a POS reader (seed 001's `initiatePosPaymentForSale`).
struct PosPayment {
    std::string id;
    std::string sale_id;
    std::string reader_id;
    PosPaymentStatus status = PosPaymentStatus::RequiresTerminalAction;
    Money amount = Money::zero(Currency::of("EUR"));
    Instant created;
    std::optional<Instant> closed;
    friend bool operator==(const PosPayment&, const PosPayment&) = default;
};

/// @brief What capturing or cancelling a POS payment returns: the payment and its sale.
struct PosPaymentResult {
    PosPayment payment;
    Sale sale;
    friend bool operator==(const PosPaymentResult&, const PosPaymentResult&) = default;
};

/// @brief An item of `set_item_quantity` / `set_volume_quantities`: a ticket type and its quantity.
struct ItemQuantity {
    std::string ticket_type_id;
    std::int64_t quantity = 0;
};

/// @brief A discount for `apply_discount`: a promo code of one of the sale's events, or a staff
/// discount (a percentage in basis points or an amount, with a reason).
struct SaleDiscount {
    std::optional<std::string> promo_code;
    std::optional<std::int64_t> percent_off;
    std::optional<Amount> amount_off;
    std::string reason;
};

/// @brief The filter of `sales.list` (the seed's SaleFilter). Every set field must match.
struct SaleFilter {
    std::vector<SaleState> states;
    /// @brief Matches the number, or the customer's name or e-mail (case-insensitive, part of it).
    std::optional<std::string> search;
    std::optional<Instant> created_from;  ///< inclusive
    std::optional<Instant> created_to;    ///< exclusive
    std::optional<std::string> creator_id;
    std::optional<SalePaymentType> payment_type;
    std::optional<std::string> event_id;
};

/// @brief A page of sales in the seed's connection shape.
struct SaleEdge {
    std::string cursor;
    Sale node;
    friend bool operator==(const SaleEdge&, const SaleEdge&) = default;
};
struct SaleConnection {
    std::vector<SaleEdge> edges;
    bool has_next_page = false;
    std::optional<std::string> end_cursor;
    std::int64_t total_count = 0;
    friend bool operator==(const SaleConnection&, const SaleConnection&) = default;
};

}  // namespace ticketcore
