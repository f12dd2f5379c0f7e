#include "ticketcore/rules/specification_rules.hpp"

#include <algorithm>
#include <string>

#include "ticketcore/values/error.hpp"
#include "ticketcore/rules/text_rules.hpp"

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
    throw ValidationError("unknown_visibility", "Unknown visibility: '" + std::string(text) + "'");
}

const std::string& TicketSpecification::name_for(std::string_view locale) const {
    if (const auto exact = names.find(std::string(locale)); exact != names.end()) return exact->second;
    const auto separator = locale.find_first_of("-_");
    if (separator != std::string_view::npos) {
        if (const auto language = names.find(std::string(locale.substr(0, separator))); language != names.end()) {
            return language->second;
        }
    }
    return name;
}

namespace rules {

namespace {

void require_non_negative(std::optional<std::int64_t> value, std::string_view field) {
    if (value && *value < 0) {
        throw ValidationError("negative_number", std::string(field) + " cannot be negative");
    }
}

void require_labels(const std::vector<std::string>* labels, std::string_view field) {
    if (labels == nullptr) return;
    for (const std::string& label : *labels) {
        if (is_blank(label)) throw ValidationError("empty_label", std::string(field) + " cannot contain empty values");
    }
}

}  // namespace

void validate_specification(const SpecificationFields& fields) {
    require_name(fields.name);
    if (fields.names != nullptr) {
        for (const auto& [locale, localized] : *fields.names) {
            if (is_blank(locale)) throw ValidationError("invalid_locale", "Locale cannot be empty");
            if (is_blank(localized)) throw ValidationError("name_required", "Name for locale '" + locale + "' is required");
        }
    }
    require_non_negative(fields.price, "Price");
    if (fields.price != 0 && fields.price < minimum_paid_price) {
        throw ValidationError("price_below_minimum", "Price must be 0 or at least 1000");
    }
    require_non_negative(fields.ticket_platform_fee, "Ticket platform fee");
    if (fields.ticket_percentage_fee < 0 || fields.ticket_percentage_fee > 10000) {
        throw ValidationError("invalid_rate", "Ticket percentage fee must be between 0 and 10000 basis points");
    }
    require_non_negative(fields.number_of_tickets_for_sale, "Number of tickets for sale");
    require_non_negative(fields.maximum_number_of_tickets_per_user, "Maximum number of tickets per user");
    if (fields.number_of_tickets_for_sale && fields.maximum_number_of_tickets_per_user &&
        *fields.number_of_tickets_for_sale < *fields.maximum_number_of_tickets_per_user) {
        throw ValidationError("too_many_tickets_per_user", "Too many tickets per user");
    }
    if (fields.sale_start) require_in_range(*fields.sale_start, "sale_start");
    if (fields.sale_end) require_in_range(*fields.sale_end, "sale_end");
    if (fields.sale_start && fields.sale_end && !(*fields.sale_start < *fields.sale_end)) {
        throw ValidationError("invalid_sale_window", "Sale end must be after sale start");
    }
    if (fields.reentry_limit) {
        if (!fields.allow_reentry) {
            throw ValidationError("reentry_not_allowed", "Re-entry limit requires allow_reentry");
        }
        if (*fields.reentry_limit < 1) throw ValidationError("invalid_reentry_limit", "Re-entry limit must be at least 1");
    }
    require_labels(fields.perks, "Perks");
    require_labels(fields.accepted_scan_points, "Accepted scan points");
}

void check_can_add(EventState event_state) {
    if (event_state == EventState::Completed) {
        throw ConflictError("event_completed", "Cannot add ticket specification to an event, which is completed");
    }
}

void check_room_for_specification(std::int64_t existing) {
    if (existing >= max_specifications_per_event) {
        throw ConflictError("specification_limit_reached", "An event has at most " +
                                                               std::to_string(max_specifications_per_event) +
                                                               " ticket specifications");
    }
}

void check_room_for_pool(std::int64_t existing) {
    if (existing >= max_pools_per_event) {
        throw ConflictError("pool_limit_reached",
                            "An event has at most " + std::to_string(max_pools_per_event) + " capacity pools");
    }
}

void check_can_edit(EventState event_state, bool spec_is_active) {
    if (spec_is_active) throw ConflictError("specification_active", "Cannot edit activated ticket specification");
    if (event_state == EventState::Completed) {
        throw ConflictError("event_completed", "Cannot edit ticket specification for an event, which is completed");
    }
    if (event_state == EventState::Published) {
        throw ConflictError("event_published",
                            "Cannot edit ticket specification for an event, which has already been published");
    }
}

void check_can_set_active(EventState event_state) {
    if (event_state == EventState::Completed) {
        throw ConflictError("event_completed",
                            "Cannot change active state of ticket specification for an event, which is completed");
    }
}

void check_can_remove(EventState event_state, std::string_view spec_id, std::int64_t sold, std::int64_t reserved) {
    if (event_state == EventState::Completed) {
        throw ConflictError("event_completed", "Cannot remove ticket specification from an event, which is completed");
    }
    if (event_state == EventState::Published) {
        throw ConflictError("event_published",
                            "Cannot remove ticket specification from an event, which has already been published");
    }
    if (sold > 0 || reserved > 0) {
        throw ConflictError("specification_sold",
                            "Tickets for ticket specification with id: " + std::string(spec_id) + " has already been sold.");
    }
}

void throw_specification_not_found(std::string_view spec_id) {
    throw NotFoundError("specification_not_found",
                        "Ticket specification with id: " + std::string(spec_id) + " not found.");
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

}  // namespace rules
}  // namespace ticketcore
