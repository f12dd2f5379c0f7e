#include "ticketcore/rules/specification_rules.hpp"

#include <algorithm>
#include <string>

#include "ticketcore/rules/pricing.hpp"
#include "ticketcore/rules/text_rules.hpp"
#include "ticketcore/values/error_catalogue.hpp"

namespace ticketcore {

std::string_view to_string(Visibility visibility) noexcept {
    switch (visibility) {
        case Visibility::Public: return "public";
        case Visibility::Private: return "private";
        case Visibility::InviteOnly: return "invite-only";
    }
    return "public";
}

Visibility visibility_from_string(std::string_view text) {
    if (text == "public") return Visibility::Public;
    if (text == "private") return Visibility::Private;
    if (text == "invite-only") return Visibility::InviteOnly;
    throw fail::unknown_visibility(text);
}

const std::string& TicketSpecification::name_for(std::string_view locale) const {
    return rules::name_for_locale(names, name, locale);
}

namespace rules {

namespace {

void require_non_negative(std::optional<std::int64_t> value, std::string_view field) {
    if (value && *value < 0) {
        throw fail::negative_number(field);
    }
}

void require_labels(const std::vector<std::string>* labels, std::string_view field) {
    if (labels == nullptr) return;
    for (const std::string& label : *labels) {
        if (is_blank(label)) throw fail::empty_label(field);
    }
}

}  // namespace

void validate_specification(const SpecificationFields& fields) {
    require_name(fields.name);
    if (fields.names != nullptr) require_localized_names(*fields.names);
    require_non_negative(fields.price, "Price");
    if (fields.price != 0 && fields.price < minimum_paid_price) {
        throw fail::price_below_minimum();
    }
    require_non_negative(fields.ticket_platform_fee, "Ticket platform fee");
    require_rate(fields.ticket_percentage_fee, "Ticket percentage fee");
    require_non_negative(fields.number_of_tickets_for_sale, "Number of tickets for sale");
    require_non_negative(fields.maximum_number_of_tickets_per_user, "Maximum number of tickets per user");
    if (fields.number_of_tickets_for_sale && fields.maximum_number_of_tickets_per_user &&
        *fields.number_of_tickets_for_sale < *fields.maximum_number_of_tickets_per_user) {
        throw fail::maximum_per_user_above_quota();
    }
    if (fields.sale_start) require_in_range(*fields.sale_start, "sale_start");
    if (fields.sale_end) require_in_range(*fields.sale_end, "sale_end");
    if (fields.sale_start && fields.sale_end && !(*fields.sale_start < *fields.sale_end)) {
        throw fail::invalid_sale_window();
    }
    if (fields.reentry_limit) {
        if (!fields.allow_reentry) {
            throw fail::reentry_not_allowed();
        }
        if (*fields.reentry_limit < 1) throw fail::invalid_reentry_limit();
    }
    require_labels(fields.perks, "Perks");
    require_labels(fields.accepted_scan_points, "Accepted scan points");
}

void check_can_add(EventState event_state) {
    if (event_state == EventState::Completed) {
        throw fail::event_completed("add ticket specification to");
    }
}

void check_room_for_specification(std::int64_t existing) {
    if (existing >= max_specifications_per_event) {
        throw fail::specification_limit_reached(max_specifications_per_event);
    }
}

void check_room_for_pool(std::int64_t existing) {
    if (existing >= max_pools_per_event) {
        throw fail::pool_limit_reached(max_pools_per_event);
    }
}

void check_can_edit(EventState event_state, bool spec_is_active) {
    if (spec_is_active) throw fail::specification_active();
    if (event_state == EventState::Completed) {
        throw fail::event_completed("edit ticket specification for");
    }
    if (event_state == EventState::Published) {
        throw fail::event_published("edit ticket specification for");
    }
}

void check_can_set_active(EventState event_state) {
    if (event_state == EventState::Completed) {
        throw fail::event_completed("change active state of ticket specification for");
    }
}

void check_can_remove(EventState event_state, std::string_view spec_id, std::int64_t sold, std::int64_t reserved) {
    if (event_state == EventState::Completed) {
        throw fail::event_completed("remove ticket specification from");
    }
    if (event_state == EventState::Published) {
        throw fail::event_published("remove ticket specification from");
    }
    if (sold > 0 || reserved > 0) {
        throw fail::specification_sold(spec_id);
    }
}

void throw_specification_not_found(std::string_view spec_id) {
    throw fail::specification_not_found(spec_id);
}

std::optional<std::int64_t> availability(const CapacityBucket& own, std::span<const CapacityBucket> pools) {
    std::optional<std::int64_t> result;
    const auto consider = [&](const CapacityBucket& bucket) {
        if (!bucket.size) return;
        const std::int64_t left = std::max<std::int64_t>(0, *bucket.size - bucket.sold - bucket.reserved);
        result = result ? std::min(*result, left) : left;
    };
    consider(own);
    for (const CapacityBucket& pool : pools) consider(pool);
    return result;
}

Money percentage_fee_amount(Money price, std::int64_t basis_points, RoundingMode rounding) {
    return price.percent(BasisPoints{basis_points}, rounding);
}

TicketSpecification specification_snapshot(TicketSpecification stored, RoundingMode rounding,
                                           std::span<const CapacityBucket> pools) {
    stored.percentage_fee_amount = percentage_fee_amount(stored.price, stored.ticket_percentage_fee, rounding);
    stored.available = availability(
        {stored.number_of_tickets_for_sale, stored.number_of_tickets_sold, stored.number_of_tickets_reserved}, pools);
    return stored;
}

}  // namespace rules
}  // namespace ticketcore
