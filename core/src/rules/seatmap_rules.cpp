#include "ticketcore/rules/seatmap_rules.hpp"

#include <algorithm>
#include <set>

#include "ticketcore/model/json.hpp"
#include "ticketcore/rules/text_rules.hpp"
#include "ticketcore/values/error_catalogue.hpp"

namespace ticketcore {

std::string_view to_string(SeatStatus status) noexcept {
    switch (status) {
        case SeatStatus::Free: return "free";
        case SeatStatus::Held: return "held";
        case SeatStatus::Sold: return "sold";
    }
    return "free";  // unreachable: every status is listed
}

SeatStatus seat_status_from_string(std::string_view text) {
    for (const SeatStatus status : {SeatStatus::Free, SeatStatus::Held, SeatStatus::Sold}) {
        if (to_string(status) == text) return status;
    }
    throw fail::invalid_snapshot("unknown seat status '" + std::string(text) + "'");
}

}  // namespace ticketcore

namespace ticketcore::rules {

namespace {

void require_seat_text(std::string_view value, std::string_view field) {
    require_text(value, field, max_seat_text_length);
    if (is_blank(value)) throw fail::seat_field_required(field);
}

}  // namespace

void check_ticket_type_ids(const std::vector<std::string>& ticket_type_ids) {
    std::set<std::string_view> seen;
    for (const std::string& id : ticket_type_ids) {
        if (!seen.insert(id).second) throw fail::duplicate_ticket_type(id);
    }
}

void check_new_seats(const std::vector<NewSeat>& seats) {
    if (seats.empty()) throw fail::seats_required();
    if (static_cast<std::int64_t>(seats.size()) > max_seats_per_call) {
        throw fail::seat_batch_too_large(max_seats_per_call);
    }
    std::set<std::string> places;
    for (const NewSeat& seat : seats) {
        require_seat_text(seat.section, "section");
        require_seat_text(seat.row, "row");
        require_seat_text(seat.number, "number");
        require_seat_text(seat.label, "label");
        check_ticket_type_ids(seat.ticket_type_ids);
        if (!places.insert(seat_place_key(seat.section, seat.row, seat.number)).second) {
            throw fail::duplicate_seat(seat.section, seat.row, seat.number);
        }
    }
}

void check_volume_capacity(std::int64_t capacity) {
    if (capacity < 0) throw fail::negative_number("Volume capacity");
}

void check_can_add_seatmap(EventState event_state) {
    if (event_state == EventState::Completed) throw fail::event_completed("add a seat map to");
}

void check_can_change_seatmap(EventState event_state) {
    if (event_state == EventState::Completed) throw fail::event_completed("change a seat map of");
}

bool allows_ticket_type(const std::vector<std::string>& ticket_type_ids, std::string_view specification_id) noexcept {
    return ticket_type_ids.empty() ||
           std::find(ticket_type_ids.begin(), ticket_type_ids.end(), specification_id) != ticket_type_ids.end();
}

void check_seat_allows(const Seat& seat, std::string_view specification_id) {
    if (!allows_ticket_type(seat.ticket_type_ids, specification_id)) {
        throw fail::seat_not_for_ticket_type(seat.label, specification_id);
    }
}

void check_volume_allows(const Volume& volume, std::string_view specification_id) {
    if (!allows_ticket_type(volume.ticket_type_ids, specification_id)) {
        throw fail::volume_not_for_ticket_type(volume.name, specification_id);
    }
}

SeatStatus seat_status(std::int64_t sold, std::int64_t reserved) noexcept {
    if (sold > 0) return SeatStatus::Sold;
    if (reserved > 0) return SeatStatus::Held;
    return SeatStatus::Free;
}

std::int64_t volume_available(std::int64_t capacity, std::int64_t sold, std::int64_t reserved) noexcept {
    // Each counter is at most the capacity while the guard holds; compare before subtracting so a
    // corrupted counter cannot overflow.
    if (sold >= capacity || reserved >= capacity - sold) return 0;
    return capacity - sold - reserved;
}

std::string seat_place_key(std::string_view section, std::string_view row, std::string_view number) {
    return Json::array({std::string(section), std::string(row), std::string(number)})
        .dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace ticketcore::rules
