#pragma once
/// @file event_rules.hpp
/// @brief Pure rules of the event lifecycle (layer 2): no SQL, no clock.

#include <cstdint>
#include <string>
#include <string_view>

#include "ticketcore/model/event.hpp"

namespace ticketcore::rules {

/// @brief Name, zone, fee and VAT checks for a new event; throws ValidationError.
void validate_new_event(const NewEvent& input);
/// @brief A date needs start < end and an event that is not completed.
void check_can_add_date(EventState state, Instant start, Instant end);
/// @brief draft → published, with at least one date; throws ConflictError.
void check_can_publish(EventState state, std::size_t date_count);
/// @brief published → completed; throws ConflictError.
void check_can_complete(EventState state);
/// @brief A date of an event in `time_zone`: its instants and their local wall-clock times there
/// (seed 000's localStartDate / localEndDate, "YYYY-MM-DDTHH:MM:SS").
[[nodiscard]] EventDate event_date(std::string id, std::string event_id, Instant start, Instant end,
                                   std::string_view time_zone);
/// @brief A stored event as its snapshot shows it: each date's local times computed from its
/// instants and the event's time zone.
[[nodiscard]] Event event_snapshot(Event stored);

}  // namespace ticketcore::rules
