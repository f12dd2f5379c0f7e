#include "ticketcore/rules/event_rules.hpp"

#include <string>
#include <utility>

#include "ticketcore/rules/pricing.hpp"
#include "ticketcore/rules/text_rules.hpp"
#include "ticketcore/values/error_catalogue.hpp"

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
    throw fail::unknown_event_state(text);
}

namespace rules {

void validate_new_event(const NewEvent& input) {
    require_name(input.name);
    require_time_zone(input.time_zone);
    if (input.platform_fee.minor < 0) throw fail::negative_fee();
    require_rate(input.percentage_fee, "Percentage fee");
    require_rate(input.vat_rate, "VAT rate");
}

void check_can_add_date(EventState state, Instant start, Instant end) {
    require_in_range(start, "start");
    require_in_range(end, "end");
    if (!(start < end)) throw fail::invalid_date_range();
    if (state == EventState::Completed) {
        throw fail::event_completed("add a date to");
    }
}

void check_can_publish(EventState state, std::size_t date_count) {
    if (state == EventState::Published) throw fail::event_published("publish");
    if (state == EventState::Completed) throw fail::event_completed("publish");
    if (date_count == 0) throw fail::event_without_dates();
}

void check_can_complete(EventState state) {
    if (state == EventState::Draft) throw fail::event_not_published("complete");
    if (state == EventState::Completed) throw fail::event_completed("complete");
}

EventDate event_date(std::string id, std::string event_id, Instant start, Instant end, std::string_view time_zone) {
    return EventDate{
        std::move(id), std::move(event_id), start, end, format_local(start, time_zone), format_local(end, time_zone)};
}

Event event_snapshot(Event stored) {
    for (EventDate& date : stored.dates) {
        date.local_start = format_local(date.start, stored.time_zone);
        date.local_end = format_local(date.end, stored.time_zone);
    }
    return stored;
}

}  // namespace rules
}  // namespace ticketcore
