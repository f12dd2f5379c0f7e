#pragma once
/// @file seatmap_rules.hpp
/// @brief The rules of seat maps (layer 3): what a new seat and a volume must be, when a seat map
/// may change, which ticket specifications a seat or volume takes, and a seat's status. No SQL, no
/// clock.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ticketcore/model/event.hpp"
#include "ticketcore/model/seatmap.hpp"

namespace ticketcore::rules {

/// @brief The most seats one add_seats call takes.
inline constexpr std::int64_t max_seats_per_call = 10'000;
/// @brief The most characters of a seat's section, row, number or label, and of a volume's name.
inline constexpr std::size_t max_seat_text_length = 200;

/// @brief A batch of new seats: at least one (ValidationError `seats_required`), at most
/// max_seats_per_call (`batch_too_large`); each with a section, row, number and label that are
/// not blank (`seat_field_required`, naming the field) and storable text of at most
/// max_seat_text_length characters; each place (section, row, number) once (`duplicate_seat`);
/// each seat's ticket_type_ids without repeats (check_ticket_type_ids).
void check_new_seats(const std::vector<NewSeat>& seats);
/// @brief A list of ticket specification ids names each once: ValidationError `duplicate_ticket_type`.
void check_ticket_type_ids(const std::vector<std::string>& ticket_type_ids);
/// @brief A volume's capacity is not negative: ValidationError `negative_number` ("Volume capacity
/// cannot be negative").
void check_volume_capacity(std::int64_t capacity);
/// @brief A completed event takes no new seat map: ConflictError `event_completed`.
void check_can_add_seatmap(EventState event_state);
/// @brief A completed event's seat maps take no new seats or volumes: ConflictError `event_completed`.
void check_can_change_seatmap(EventState event_state);
/// @brief Whether a seat or volume with `ticket_type_ids` takes `specification_id` (an empty list
/// takes every specification of the event).
[[nodiscard]] bool allows_ticket_type(const std::vector<std::string>& ticket_type_ids,
                                      std::string_view specification_id) noexcept;
/// @brief The seat takes `specification_id`: else ValidationError `seat_not_for_ticket_type`.
void check_seat_allows(const Seat& seat, std::string_view specification_id);
/// @brief The volume takes `specification_id`: else ValidationError `volume_not_for_ticket_type`.
void check_volume_allows(const Volume& volume, std::string_view specification_id);
/// @brief A seat's status from its counters (the live claims on it): SOLD when one is sold, HELD
/// when one is reserved, else FREE.
[[nodiscard]] SeatStatus seat_status(std::int64_t sold, std::int64_t reserved) noexcept;
/// @brief What a volume has left: capacity - sold - reserved, never below 0.
[[nodiscard]] std::int64_t volume_available(std::int64_t capacity, std::int64_t sold, std::int64_t reserved) noexcept;
/// @brief The key of a seat's place in its seat map (unique per seat map): section, row and
/// number as a JSON array, so that no choice of texts makes two places one.
[[nodiscard]] std::string seat_place_key(std::string_view section, std::string_view row, std::string_view number);

}  // namespace ticketcore::rules
