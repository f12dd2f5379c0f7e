#include "ticketcore/rules/order_rules.hpp"

#include <string>

#include "ticketcore/model/ticket.hpp"
#include "ticketcore/rules/text_rules.hpp"
#include "ticketcore/values/error_catalogue.hpp"
#include "ticketcore/values/unicode.hpp"

namespace ticketcore {

std::string_view to_string(OrderState state) noexcept {
    switch (state) {
        case OrderState::Pending: return "pending";
        case OrderState::Paid: return "paid";
        case OrderState::Expired: return "expired";
        case OrderState::Cancelled: return "cancelled";
    }
    return "pending";
}

OrderState order_state_from_string(std::string_view text) {
    if (text == "pending") return OrderState::Pending;
    if (text == "paid") return OrderState::Paid;
    if (text == "expired") return OrderState::Expired;
    if (text == "cancelled") return OrderState::Cancelled;
    throw fail::unknown_order_state(text);
}

std::string_view to_string(TicketKind kind) noexcept {
    switch (kind) {
        case TicketKind::Order: return "order";
        case TicketKind::Comp: return "comp";
        case TicketKind::PreGenerated: return "pre-generated";
    }
    return "order";
}

TicketKind ticket_kind_from_string(std::string_view text) {
    if (text == "order") return TicketKind::Order;
    if (text == "comp") return TicketKind::Comp;
    if (text == "pre-generated") return TicketKind::PreGenerated;
    throw fail::unknown_ticket_kind(text);
}

std::string_view to_string(TicketState state) noexcept {
    switch (state) {
        case TicketState::Unactivated: return "unactivated";
        case TicketState::Valid: return "valid";
        case TicketState::Cancelled: return "cancelled";
    }
    return "valid";
}

TicketState ticket_state_from_string(std::string_view text) {
    if (text == "unactivated") return TicketState::Unactivated;
    if (text == "valid") return TicketState::Valid;
    if (text == "cancelled") return TicketState::Cancelled;
    throw fail::unknown_ticket_state(text);
}

namespace rules {

void validate_buyer(const BuyerInput& buyer) {
    if (buyer.user_id && is_blank(*buyer.user_id)) throw fail::user_id_required();
    require_name(buyer.name);
    if (!is_email_address(buyer.email)) throw fail::invalid_email(buyer.email);
}

void check_event_on_sale(EventState state) {
    if (state != EventState::Published) {
        throw fail::event_not_published("buy tickets for");
    }
}

void check_quantity(std::int64_t quantity) {
    if (quantity <= 0) throw fail::invalid_quantity();
}

void check_specification_on_sale(const TicketSpecification& spec, Instant now, bool unlocked) {
    if (!spec.is_active) {
        throw fail::specification_inactive(spec.id);
    }
    if (spec.sale_start && now < *spec.sale_start) {
        throw fail::sale_not_started(spec.id);
    }
    if (spec.sale_end && !(now < *spec.sale_end)) {
        throw fail::sale_ended(spec.id);
    }
    if (spec.visibility != Visibility::Public && !unlocked) {
        throw fail::specification_locked(spec.id);
    }
}

void check_per_user_limit(std::optional<std::int64_t> maximum, std::int64_t already_held, std::int64_t requested) {
    // Compared without adding, so huge numbers cannot overflow past the check.
    if (maximum && (requested > *maximum || already_held > *maximum - requested)) {
        throw fail::too_many_tickets_per_user();
    }
}

void check_promo_code_usable(const PromoCode& code, Instant now) {
    if (code.valid_from && now < *code.valid_from) {
        throw fail::promo_code_not_valid_yet(code.code);
    }
    if (code.valid_until && !(now < *code.valid_until)) {
        throw fail::promo_code_expired(code.code);
    }
    if (code.usage_limit && code.uses >= *code.usage_limit) {
        throw fail::promo_code_used_up(code.code);
    }
}

std::int64_t units_held_by_buyer(std::int64_t pending_units, std::int64_t live_tickets) noexcept {
    std::int64_t total = 0;
    if (__builtin_add_overflow(pending_units, live_tickets, &total)) return INT64_MAX;
    return total;
}

std::string buyer_identity(const BuyerInput& buyer) {
    if (buyer.user_id) return "user:" + *buyer.user_id;
    return "email:" + ascii_lower(buyer.email);
}

Buyer merge_buyer(Buyer stored, const BuyerInput& given) {
    if (!stored.is_guest()) {
        stored.name = given.name;
        stored.email = given.email;
    }
    if (!given.phone.empty()) stored.phone = given.phone;
    if (!given.avatar_url.empty()) stored.avatar_url = given.avatar_url;
    return stored;
}

void check_can_cancel(OrderState state) {
    if (state != OrderState::Pending) {
        throw fail::order_not_pending(to_string(state));
    }
}

}  // namespace rules
}  // namespace ticketcore

namespace ticketcore::rules {

void check_idempotency_key(std::string_view key) {
    std::size_t position = 0;
    char32_t code_point = 0;
    bool blank = true;
    bool control = false;
    while (position < key.size()) {
        if (!unicode::next(key, position, code_point)) {
            ++position;  // a stray byte (only C++ callers can pass one) counts as a character
            blank = false;
            continue;
        }
        blank = blank && unicode::is_space(code_point);
        control = control || (code_point < 0x20 || (code_point >= 0x7F && code_point <= 0x9F));
    }
    if (blank) throw fail::idempotency_key_blank();
    if (unicode::length(key) > max_idempotency_key_length) {
        throw fail::idempotency_key_too_long(max_idempotency_key_length);
    }
    if (control) throw fail::idempotency_key_has_control();
}

}  // namespace ticketcore::rules
