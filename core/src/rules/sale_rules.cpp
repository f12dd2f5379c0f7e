#include "ticketcore/rules/sale_rules.hpp"

#include <algorithm>
#include <array>
#include <set>

#include "ticketcore/model/specification.hpp"
#include "ticketcore/rules/hold_rules.hpp"
#include "ticketcore/rules/text_rules.hpp"
#include "ticketcore/values/error_catalogue.hpp"
#include "ticketcore/values/unicode.hpp"

namespace ticketcore {

std::string_view to_string(SaleState state) noexcept {
    switch (state) {
        case SaleState::Open: return "OPEN";
        case SaleState::PaymentPending: return "PAYMENT_PENDING";
        case SaleState::Committed: return "COMMITTED";
        case SaleState::Expired: return "EXPIRED";
        case SaleState::Withdrawn: return "WITHDRAWN";
        case SaleState::Canceled: return "CANCELED";
    }
    return "OPEN";
}

SaleState sale_state_from_string(std::string_view text) {
    for (const SaleState state : {SaleState::Open, SaleState::PaymentPending, SaleState::Committed, SaleState::Expired,
                                  SaleState::Withdrawn, SaleState::Canceled}) {
        if (to_string(state) == text) return state;
    }
    throw fail::unknown_sale_state(text);
}

std::string_view to_string(SalePaymentType type) noexcept {
    switch (type) {
        case SalePaymentType::Cash: return "CASH";
        case SalePaymentType::Card: return "CARD";
        case SalePaymentType::PosTerminal: return "POS_TERMINAL";
        case SalePaymentType::PaymentLink: return "PAYMENT_LINK";
        case SalePaymentType::Invoice: return "INVOICE";
        case SalePaymentType::Free: return "FREE";
    }
    return "CASH";
}

namespace {
constexpr std::array<SalePaymentType, 6> every_payment_type = {
    SalePaymentType::Cash,        SalePaymentType::Card,    SalePaymentType::PosTerminal,
    SalePaymentType::PaymentLink, SalePaymentType::Invoice, SalePaymentType::Free};
}  // namespace

SalePaymentType sale_payment_type_from_string(std::string_view text) {
    for (const SalePaymentType type : every_payment_type) {
        if (to_string(type) == text) return type;
    }
    throw fail::unknown_payment_type(text);
}

std::string_view to_string(SaleItemKind kind) noexcept {
    switch (kind) {
        case SaleItemKind::Ticket: return "TICKET";
        case SaleItemKind::Product: return "PRODUCT";
        case SaleItemKind::Discount: return "DISCOUNT";
        case SaleItemKind::Fee: return "FEE";
    }
    return "TICKET";
}

SaleItemKind sale_item_kind_from_string(std::string_view text) {
    for (const SaleItemKind kind :
         {SaleItemKind::Ticket, SaleItemKind::Product, SaleItemKind::Discount, SaleItemKind::Fee}) {
        if (to_string(kind) == text) return kind;
    }
    throw fail::unknown_sale_item_kind(text);
}

std::string_view to_string(PosPaymentStatus status) noexcept {
    switch (status) {
        case PosPaymentStatus::RequiresTerminalAction: return "REQUIRES_TERMINAL_ACTION";
        case PosPaymentStatus::Succeeded: return "SUCCEEDED";
        case PosPaymentStatus::Canceled: return "CANCELED";
    }
    return "REQUIRES_TERMINAL_ACTION";
}

PosPaymentStatus pos_payment_status_from_string(std::string_view text) {
    for (const PosPaymentStatus status :
         {PosPaymentStatus::RequiresTerminalAction, PosPaymentStatus::Succeeded, PosPaymentStatus::Canceled}) {
        if (to_string(status) == text) return status;
    }
    throw fail::unknown_pos_payment_status(text);
}

const std::string& SaleItem::name_for(std::string_view locale) const {
    return rules::name_for_locale(names, name, locale);
}

bool Sale::has_discounts() const noexcept {
    return std::any_of(items.begin(), items.end(),
                       [](const SaleItem& item) { return item.kind == SaleItemKind::Discount; });
}

std::int64_t Sale::number_of_items() const noexcept {
    std::int64_t count = 0;
    for (const SaleItem& item : items) {
        if (item.kind != SaleItemKind::Discount) count += item.quantity;
    }
    return count;
}

std::vector<SalePaymentType> Sale::available_payment_types() const {
    std::vector<SalePaymentType> types;
    for (const PaymentTypeOption& option : payment_options) {
        if (option.available) types.push_back(option.type);
    }
    return types;
}

std::vector<SaleItemGroup> Sale::item_groups() const {
    std::vector<SaleItemGroup> groups;
    for (const std::string& event_id : events) {
        SaleItemGroup group{event_id, {}};
        for (const SaleItem& item : items) {
            if (item.event_id == event_id) group.items.push_back(item);
        }
        groups.push_back(std::move(group));
    }
    SaleItemGroup rest;
    for (const SaleItem& item : items) {
        if (!item.event_id) rest.items.push_back(item);
    }
    if (!rest.items.empty()) groups.push_back(std::move(rest));
    return groups;
}

std::string_view to_string(CustomerFieldType type) noexcept {
    switch (type) {
        case CustomerFieldType::Text: return "TEXT";
        case CustomerFieldType::Email: return "EMAIL";
        case CustomerFieldType::Phone: return "PHONE";
        case CustomerFieldType::Country: return "COUNTRY";
        case CustomerFieldType::Boolean: return "BOOLEAN";
    }
    return "TEXT";
}

CustomerFieldType customer_field_type_from_string(std::string_view text) {
    for (const CustomerFieldType type : {CustomerFieldType::Text, CustomerFieldType::Email, CustomerFieldType::Phone,
                                         CustomerFieldType::Country, CustomerFieldType::Boolean}) {
        if (to_string(type) == text) return type;
    }
    throw fail::unknown_customer_field_type(text);
}

const std::vector<CustomerField>& default_customer_form() {
    static const std::vector<CustomerField> form = {
        {"first_name", CustomerFieldType::Text},
        {"last_name", CustomerFieldType::Text},
        {"email", CustomerFieldType::Email},
        {"phone", CustomerFieldType::Phone},
        {"company", CustomerFieldType::Text},
        {"address.street", CustomerFieldType::Text},
        {"address.postal_code", CustomerFieldType::Text},
        {"address.city", CustomerFieldType::Text},
        {"address.country", CustomerFieldType::Country},
        {"newsletter", CustomerFieldType::Boolean},
    };
    return form;
}

namespace rules {

SaleState effective_state(SaleState stored, Instant expiration, Instant now) noexcept {
    return stored == SaleState::Open && hold_expired(expiration, now) ? SaleState::Expired : stored;
}

bool is_terminal(SaleState state) noexcept {
    return state == SaleState::Expired || state == SaleState::Withdrawn || state == SaleState::Canceled;
}

void check_can_change(std::string_view number, SaleState state) {
    switch (state) {
        case SaleState::Open: return;
        case SaleState::PaymentPending: throw fail::sale_payment_in_progress(number);
        case SaleState::Committed: throw fail::sale_frozen(number);
        case SaleState::Expired:
        case SaleState::Withdrawn:
        case SaleState::Canceled: throw fail::sale_closed(number, to_string(state));
    }
}

SaleState cancelled_state(std::string_view number, SaleState state) {
    if (is_terminal(state)) throw fail::sale_closed(number, to_string(state));
    return state == SaleState::Committed ? SaleState::Canceled : SaleState::Withdrawn;
}

void check_item_quantity(std::int64_t quantity) {
    if (quantity < 0 || quantity > max_sale_units) throw fail::sale_quantity_out_of_range(max_sale_units);
}

namespace {

bool is_ascii_letter(char character) noexcept {
    return (character >= 'a' && character <= 'z') || (character >= 'A' && character <= 'Z');
}

bool has_invisible(std::string_view text) {
    std::size_t position = 0;
    char32_t code_point = 0;
    while (position < text.size()) {
        if (!unicode::next(text, position, code_point)) return true;
        if (unicode::is_invisible(code_point)) return true;
    }
    return false;
}

/// The value to store for `field`, or a ValidationError naming the key.
std::string checked_value(const CustomerField& field, std::string_view given) {
    const std::string& key = field.key;
    if (!unicode::is_valid(given)) throw fail::invalid_customer_data(key, "not valid UTF-8");
    if (field.type == CustomerFieldType::Boolean) {
        if (given == "bool:1" || given == "bool:0") return std::string(given);
        throw fail::invalid_customer_data(key, "a boolean must be bool:1 or bool:0");
    }
    std::string value(trimmed(given));
    if (has_invisible(value)) throw fail::invalid_customer_data(key, "control characters are not allowed");
    if (unicode::length(value) > max_customer_value_length) {
        throw fail::invalid_customer_data(key,
                                          "longer than " + std::to_string(max_customer_value_length) + " characters");
    }
    switch (field.type) {
        case CustomerFieldType::Email:
            if (!is_email_address(value)) throw fail::invalid_customer_data(key, "not an e-mail address");
            break;
        case CustomerFieldType::Phone: {
            const bool allowed = std::all_of(value.begin(), value.end(), [](char character) {
                return (character >= '0' && character <= '9') || character == ' ' || character == '+' ||
                       character == '-' || character == '(' || character == ')' || character == '/';
            });
            const bool digits = std::any_of(value.begin(), value.end(),
                                            [](char character) { return character >= '0' && character <= '9'; });
            if (!allowed || !digits) throw fail::invalid_customer_data(key, "not a phone number");
            break;
        }
        case CustomerFieldType::Country:
            if (value.size() != 2 || !is_ascii_letter(value[0]) || !is_ascii_letter(value[1])) {
                throw fail::invalid_customer_data(key, "a country is a two-letter ISO 3166 code");
            }
            value = ascii_upper(value);
            break;
        case CustomerFieldType::Text:
        case CustomerFieldType::Boolean: break;
    }
    return value;
}

std::string value_of(const std::map<std::string, std::string>& values, const std::string& key) {
    const auto found = values.find(key);
    return found == values.end() ? std::string() : found->second;
}

bool is_key_part(std::string_view part) noexcept {
    if (part.empty() || part.front() < 'a' || part.front() > 'z') return false;
    return std::all_of(part.begin(), part.end(), [](char character) {
        return (character >= 'a' && character <= 'z') || (character >= '0' && character <= '9') || character == '_';
    });
}

bool is_field_key(std::string_view key) noexcept {
    std::size_t start = 0;
    while (true) {
        const std::size_t dot = key.find('.', start);
        if (!is_key_part(key.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start))) {
            return false;
        }
        if (dot == std::string_view::npos) return true;
        start = dot + 1;
    }
}

}  // namespace

void check_customer_form(std::span<const CustomerField> form) {
    if (form.empty()) throw fail::invalid_customer_form("", "a form has at least one field");
    if (form.size() > max_customer_form_fields) {
        throw fail::invalid_customer_form(form[max_customer_form_fields].key,
                                          "a form has at most " + std::to_string(max_customer_form_fields) + " fields");
    }
    std::set<std::string, std::less<>> keys;
    for (const CustomerField& field : form) {
        if (field.key.size() > max_customer_field_key_length) {
            throw fail::invalid_customer_form(
                field.key, "longer than " + std::to_string(max_customer_field_key_length) + " characters");
        }
        if (!is_field_key(field.key)) {
            throw fail::invalid_customer_form(
                field.key, "a key is dot-separated parts of a-z, 0-9 and _, each starting with a letter");
        }
        if (!keys.insert(field.key).second) throw fail::invalid_customer_form(field.key, "given twice");
        for (const CustomerField& standard : default_customer_form()) {
            if (standard.key == field.key && standard.type != field.type) {
                throw fail::invalid_customer_form(
                    field.key, "a standard field keeps its type " + std::string(to_string(standard.type)));
            }
        }
    }
    // A key that is also the parent of another (`address` beside `address.city`) would make the
    // nested customer data ambiguous.
    for (const std::string& key : keys) {
        const auto child = keys.lower_bound(key + ".");
        if (child != keys.end() && child->starts_with(key + ".")) {
            throw fail::invalid_customer_form(key, "both a field and the parent of " + *child);
        }
    }
}

std::map<std::string, std::string> apply_customer_values(std::map<std::string, std::string> values,
                                                         std::span<const std::pair<std::string, std::string>> input,
                                                         std::span<const CustomerField> form) {
    std::set<std::string> seen;
    for (const auto& [key, given] : input) {
        const auto field = std::find_if(form.begin(), form.end(),
                                        [&name = key](const CustomerField& entry) { return entry.key == name; });
        if (field == form.end()) throw fail::invalid_customer_data(key, "no such field");
        if (!seen.insert(key).second) throw fail::invalid_customer_data(key, "given twice");
        if (given.empty()) {
            values.erase(key);
            continue;
        }
        std::string value = checked_value(*field, given);
        if (value.empty()) {
            values.erase(key);
        } else {
            values[key] = std::move(value);
        }
    }
    return values;
}

CustomerData customer_data_of(const std::map<std::string, std::string>& values) {
    CustomerData data;
    data.first_name = value_of(values, "first_name");
    data.last_name = value_of(values, "last_name");
    data.email = value_of(values, "email");
    data.phone = value_of(values, "phone");
    data.company = value_of(values, "company");
    data.address.street = value_of(values, "address.street");
    data.address.postal_code = value_of(values, "address.postal_code");
    data.address.city = value_of(values, "address.city");
    data.address.country = value_of(values, "address.country");
    if (const auto newsletter = values.find("newsletter"); newsletter != values.end()) {
        data.newsletter = newsletter->second == "bool:1";
    }
    data.values = values;
    return data;
}

std::vector<PaymentTypeOption> payment_options(const PaymentFacts& facts) {
    std::vector<PaymentTypeOption> options;
    for (const SalePaymentType type : every_payment_type) {
        PaymentTypeOption option{type, false, ""};
        if (facts.state != SaleState::Open) {
            option.reason = "the sale is " + std::string(to_string(facts.state));
        } else if (facts.empty) {
            option.reason = "the sale is empty";
        } else if (type == SalePaymentType::Free) {
            option.available = facts.total_is_zero;
            if (!option.available) option.reason = "the total is not zero";
        } else if (facts.total_is_zero) {
            option.reason = "the total is zero: use FREE";
        } else if (type == SalePaymentType::PosTerminal && !facts.active_reader) {
            option.reason = "no POS reader of the organization is ACTIVE";
        } else if (type == SalePaymentType::PaymentLink && !facts.has_email) {
            option.reason = "a payment link needs the customer's e-mail";
        } else if (type == SalePaymentType::Invoice && !facts.has_invoice_details) {
            option.reason = "an invoice needs the customer's name and address";
        } else {
            option.available = true;
        }
        options.push_back(std::move(option));
    }
    return options;
}

void check_payment_type(std::span<const PaymentTypeOption> options, SalePaymentType type) {
    for (const PaymentTypeOption& option : options) {
        if (option.type == type && !option.available)
            throw fail::payment_type_unavailable(to_string(type), option.reason);
    }
}

SalePricing price_sale(std::span<const SaleTicketLine> tickets, std::span<const SaleProductLine> products,
                       const std::optional<SaleReduction>& reduction, Money box_office_fee, std::int64_t fee_vat_rate,
                       RoundingMode rounding) {
    const Currency currency = box_office_fee.currency();
    SalePricing pricing{{},
                        {},
                        Money::zero(currency),
                        Money::zero(currency),
                        Money::zero(currency),
                        Money::zero(currency),
                        Money::zero(currency)};
    pricing.ticket_lines.resize(tickets.size());

    // The events in order of first appearance, each with the indexes of its lines.
    std::vector<std::pair<std::string, std::vector<std::size_t>>> groups;
    for (std::size_t index = 0; index < tickets.size(); ++index) {
        const auto found = std::find_if(groups.begin(), groups.end(),
                                        [&](const auto& group) { return group.first == tickets[index].event_id; });
        if (found == groups.end()) {
            groups.push_back({tickets[index].event_id, {index}});
        } else {
            found->second.push_back(index);
        }
    }
    // A staff amount is split over the events by their subtotals (all of a sale's tickets are
    // eligible), capped at their sum, so every event's lines are priced as one online order of
    // that event with its share off.
    std::vector<std::optional<Reduction>> reductions(groups.size());
    if (reduction && !reduction->promo && reduction->reduction.amount_off) {
        std::vector<std::int64_t> weights;
        Money eligible = Money::zero(currency);
        for (const auto& group : groups) {
            Money subtotal = Money::zero(currency);
            for (const std::size_t index : group.second) {
                subtotal += tickets[index].item.unit_price.times(tickets[index].item.quantity);
            }
            weights.push_back(subtotal.minor());
            eligible += subtotal;
        }
        if (!(reduction->reduction.amount_off->currency() == currency)) throw fail::promo_code_currency_differs();
        const Money capped = std::min(*reduction->reduction.amount_off, eligible);
        const std::vector<Money> shares = capped.allocate(weights);
        for (std::size_t group = 0; group < groups.size(); ++group) {
            reductions[group] = Reduction{std::nullopt, shares[group]};
        }
    } else if (reduction) {
        for (auto& entry : reductions) entry = reduction->reduction;
    }
    for (std::size_t group = 0; group < groups.size(); ++group) {
        std::vector<PricingItem> items;
        for (const std::size_t index : groups[group].second) {
            PricingItem item = tickets[index].item;
            item.discountable = reduction && (!reduction->promo || tickets[index].discountable_by_promo);
            items.push_back(item);
        }
        const std::int64_t vat_rate = tickets[groups[group].second.front()].vat_rate;
        const std::vector<OrderLine> lines = price_lines(items, reductions[group], vat_rate, rounding);
        for (std::size_t position = 0; position < lines.size(); ++position) {
            pricing.ticket_lines[groups[group].second[position]] = lines[position];
        }
    }
    for (const OrderLine& line : pricing.ticket_lines) {
        pricing.discount += line.discount;
        pricing.fee_base_total += line.subtotal - line.discount;
        pricing.grand_total += line.total;
    }
    for (const SaleProductLine& product : products) {
        const Money price = product.unit_price.times(product.quantity);
        const Money vat = price.included_vat(BasisPoints{product.vat_rate}, rounding);
        pricing.product_lines.emplace_back(price, vat);
        pricing.fee_base_total += price;
        pricing.grand_total += price;
    }
    if (!tickets.empty() || !products.empty()) {
        pricing.box_office_fee = box_office_fee;
        pricing.box_office_fee_vat = box_office_fee.included_vat(BasisPoints{fee_vat_rate}, rounding);
        pricing.grand_total += box_office_fee;
    }
    return pricing;
}

std::string sale_number(std::int64_t sequence) {
    std::string digits = std::to_string(sequence);
    if (digits.size() < 6) digits.insert(0, 6 - digits.size(), '0');
    return "BO-" + digits;
}

}  // namespace rules

}  // namespace ticketcore
