#include "ticketcore/services/seatmaps.hpp"

#include <set>

#include "services/access.hpp"
#include "services/paging.hpp"
#include "services/seating.hpp"
#include "services/unit_of_work.hpp"
#include "ticketcore/model/json.hpp"
#include "ticketcore/rules/seatmap_rules.hpp"
#include "ticketcore/rules/text_rules.hpp"

namespace ticketcore {

namespace {

/// The seat map, locked for the rest of the unit, of an event that is not completed.
repository::StoredSeatMap changeable_seatmap(const UnitOfWork& unit, const std::string& seatmap_id) {
    (void)seating::seatmap(unit, seatmap_id);
    unit.seating().lock_seatmap(seatmap_id);
    repository::StoredSeatMap stored = seating::seatmap(unit, seatmap_id);
    rules::check_can_change_seatmap(access::event(unit, stored.seatmap.event_id).state);
    return stored;
}

/// Each listed ticket type is a specification of the seat map's event (each looked up once).
void check_ticket_types_of_event(const UnitOfWork& unit, const std::string& event_id,
                                 const std::set<std::string>& specification_ids) {
    for (const std::string& specification_id : specification_ids) {
        if (access::specification(unit, specification_id).specification.event_id != event_id) {
            throw fail::seatmap_other_event(specification_id);
        }
    }
}

}  // namespace

SeatMap SeatMaps::create(const std::string& event_id, const std::string& name) const {
    store_.actor().require_scope(scope::events_write);
    rules::require_text(name, "name", rules::max_seat_text_length);
    rules::require_name(name);
    SeatMap seatmap;
    store_.write([&](UnitOfWork& unit) {
        const Event event = access::event(unit, event_id);
        rules::check_can_add_seatmap(event.state);
        seatmap = SeatMap{unit.new_id(), event_id, name, unit.now};
        unit.seating().insert_seatmap(event.organization_id, seatmap);
        unit.audit("seatmap.create", "seatmap", seatmap.id, Json(seatmap));
    });
    return seatmap;
}

std::vector<Seat> SeatMaps::add_seats(const std::string& seatmap_id, const std::vector<NewSeat>& seats) const {
    store_.actor().require_scope(scope::events_write);
    rules::check_new_seats(seats);
    std::vector<std::string> places;
    places.reserve(seats.size());
    std::set<std::string> ticket_type_ids;
    for (const NewSeat& seat : seats) {
        places.push_back(rules::seat_place_key(seat.section, seat.row, seat.number));
        ticket_type_ids.insert(seat.ticket_type_ids.begin(), seat.ticket_type_ids.end());
    }
    std::vector<Seat> added;
    store_.write([&](UnitOfWork& unit) {
        added.clear();
        const repository::StoredSeatMap stored = changeable_seatmap(unit, seatmap_id);
        check_ticket_types_of_event(unit, stored.seatmap.event_id, ticket_type_ids);
        const std::vector<std::string> taken = unit.seating().taken_places(seatmap_id, places);
        if (!taken.empty()) {
            const std::set<std::string> taken_set(taken.begin(), taken.end());
            for (std::size_t index = 0; index < seats.size(); ++index) {
                if (taken_set.contains(places[index])) {
                    throw fail::seat_exists(seats[index].section, seats[index].row, seats[index].number);
                }
            }
        }
        added.reserve(seats.size());
        for (std::size_t index = 0; index < seats.size(); ++index) {
            const NewSeat& input = seats[index];
            Seat seat{unit.new_id(), seatmap_id,  input.section,         input.row,
                      input.number,  input.label, input.ticket_type_ids, SeatStatus::Free};
            unit.seating().insert_seat(stored.organization_id, seat, places[index]);
            added.push_back(std::move(seat));
        }
        unit.audit(
            "seatmap.add_seats", "seatmap", seatmap_id,
            Json{{"seats", added.size()}, {"first_seat_id", added.front().id}, {"last_seat_id", added.back().id}});
    });
    return added;
}

Volume SeatMaps::add_volume(const std::string& seatmap_id, const std::string& name, std::int64_t capacity,
                            const std::vector<std::string>& ticket_type_ids) const {
    store_.actor().require_scope(scope::events_write);
    rules::require_text(name, "name", rules::max_seat_text_length);
    rules::require_name(name);
    rules::check_volume_capacity(capacity);
    rules::check_ticket_type_ids(ticket_type_ids);
    Volume volume;
    store_.write([&](UnitOfWork& unit) {
        const repository::StoredSeatMap stored = changeable_seatmap(unit, seatmap_id);
        check_ticket_types_of_event(unit, stored.seatmap.event_id,
                                    std::set<std::string>(ticket_type_ids.begin(), ticket_type_ids.end()));
        volume = Volume{};
        volume.id = unit.new_id();
        volume.seatmap_id = seatmap_id;
        volume.name = name;
        volume.capacity = capacity;
        volume.available = capacity;
        volume.ticket_type_ids = ticket_type_ids;
        unit.seating().insert_volume(stored.organization_id, volume);
        unit.audit("seatmap.add_volume", "seatmap", seatmap_id, Json(volume));
    });
    return volume;
}

SeatMap SeatMaps::get(const std::string& seatmap_id) const {
    store_.actor().require_scope(scope::events_read);
    SeatMap seatmap;
    store_.read([&](ReadContext& context) { seatmap = seating::seatmap(context, seatmap_id).seatmap; });
    return seatmap;
}

std::vector<SeatMap> SeatMaps::list(const std::string& event_id) const {
    store_.actor().require_scope(scope::events_read);
    std::vector<SeatMap> seatmaps;
    store_.read([&](ReadContext& context) {
        (void)access::event(context, event_id);
        seatmaps = context.seating().list_seatmaps(event_id);
    });
    return seatmaps;
}

Page<Seat> SeatMaps::seats(const std::string& seatmap_id, const PageRequest& request) const {
    store_.actor().require_scope(scope::events_read);
    paging::check(request);
    Page<Seat> page;
    store_.read([&](ReadContext& context) {
        (void)seating::seatmap(context, seatmap_id);
        auto& seating = context.seating();
        const std::int64_t after =
            paging::start(request, request.after ? seating.seat_position(seatmap_id, *request.after) : std::nullopt,
                          "a seat of this seat map");
        page = paging::finish(seating.page_seats(seatmap_id, after, request.first + 1), request.first);
    });
    return page;
}

Seat SeatMaps::seat(const std::string& seatmap_id, const std::string& seat_id) const {
    store_.actor().require_scope(scope::events_read);
    Seat seat;
    store_.read([&](ReadContext& context) {
        (void)seating::seatmap(context, seatmap_id);
        auto found = context.seating().find_seat(seatmap_id, seat_id);
        if (!found) throw fail::seat_not_found(seat_id);
        seat = std::move(*found);
    });
    return seat;
}

std::vector<Volume> SeatMaps::volumes(const std::string& seatmap_id) const {
    store_.actor().require_scope(scope::events_read);
    std::vector<Volume> volumes;
    store_.read([&](ReadContext& context) {
        (void)seating::seatmap(context, seatmap_id);
        volumes = context.seating().list_volumes(seatmap_id);
    });
    return volumes;
}

Volume SeatMaps::volume(const std::string& seatmap_id, const std::string& volume_id) const {
    store_.actor().require_scope(scope::events_read);
    Volume volume;
    store_.read([&](ReadContext& context) {
        (void)seating::seatmap(context, seatmap_id);
        auto found = context.seating().find_volume(seatmap_id, volume_id);
        if (!found) throw fail::volume_not_found(volume_id);
        volume = std::move(*found);
    });
    return volume;
}

}  // namespace ticketcore
