#pragma once
/// @file event_rules.hpp
/// @brief Pure rules of the event lifecycle (layer 2): no SQL, no clock.

#include <cstdint>
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

}  // namespace ticketcore::rules
