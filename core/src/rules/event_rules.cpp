#include "ticketcore/rules/event_rules.hpp"

#include <string>

#include "ticketcore/values/error.hpp"
#include "ticketcore/rules/text_rules.hpp"

namespace ticketcore {

std::string_view to_string(EventState state) noexcept {
    switch (state) {
        case EventState::Draft: return "draft";
        case EventState::Published: return "published";
        case EventState::Completed: return "completed";
    }
    return "draft";
}

EventState event_state_from_string(std::string_view text) {
    if (text == "draft") return EventState::Draft;
    if (text == "published") return EventState::Published;
    if (text == "completed") return EventState::Completed;
    throw ValidationError("unknown_event_state", "Unknown event state: '" + std::string(text) + "'");
}

namespace rules {

namespace {
// Rates above 100 % are never meant; they are a typo for a fraction.
constexpr std::int64_t max_rate_bps = 10000;
}  // namespace

void validate_new_event(const NewEvent& input) {
    require_name(input.name);
    require_time_zone(input.time_zone);
    if (input.platform_fee.minor < 0) throw ValidationError("negative_fee", "Platform fee cannot be negative");
    if (input.percentage_fee < 0 || input.percentage_fee > max_rate_bps) {
        throw ValidationError("invalid_rate", "Percentage fee must be between 0 and 10000 basis points");
    }
    if (input.vat_rate < 0 || input.vat_rate > max_rate_bps) {
        throw ValidationError("invalid_rate", "VAT rate must be between 0 and 10000 basis points");
    }
}

void check_can_add_date(EventState state, Instant start, Instant end) {
    require_in_range(start, "start");
    require_in_range(end, "end");
    if (!(start < end)) throw ValidationError("invalid_date_range", "Event date must end after it starts");
    if (state == EventState::Completed) {
        throw ConflictError("event_completed", "Cannot add a date to an event, which is completed");
    }
}

void check_can_publish(EventState state, std::size_t date_count) {
    if (state == EventState::Published) throw ConflictError("event_published", "Event has already been published");
    if (state == EventState::Completed) throw ConflictError("event_completed", "Cannot publish an event, which is completed");
    if (date_count == 0) throw ConflictError("event_without_dates", "Cannot publish an event without dates");
}

void check_can_complete(EventState state) {
    if (state == EventState::Draft) throw ConflictError("event_not_published", "Cannot complete an event, which is not published");
    if (state == EventState::Completed) throw ConflictError("event_completed", "Event has already been completed");
}

}  // namespace rules
}  // namespace ticketcore
