#pragma once
/// @file seatmaps.hpp
/// @brief The `SeatMaps` area of a Store (see store.hpp for how every operation runs): seat maps
/// of an event, their seats and volumes. Seats and volume places are held and sold through the
/// inventory ledger by the areas that sell them (box-office sales, orders).

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "ticketcore/model/page.hpp"
#include "ticketcore/model/seatmap.hpp"
#include "ticketcore/services/store.hpp"

namespace ticketcore {

/// @brief Seat maps: numbered seats and general-admission volumes of an event. Changes need
/// `events:write`, reads `events:read`.
class SeatMaps {
public:
    explicit SeatMaps(Store store) : store_(std::move(store)) {}
    /// @brief A new, empty seat map of the event (not of a completed one: `event_completed`).
    SeatMap create(const std::string& event_id, const std::string& name) const;
    /// @brief Adds up to rules::max_seats_per_call seats (rules::check_new_seats), each at a place
    /// (section, row, number) the seat map has no seat at yet (ConflictError `seat_exists`), each
    /// ticket_type_id a specification of the seat map's event (`seatmap_other_event`). All or none.
    std::vector<Seat> add_seats(const std::string& seatmap_id, const std::vector<NewSeat>& seats) const;
    /// @brief Adds a volume: a general-admission zone of `capacity` places (not negative), for the
    /// listed specifications of the event (empty: any of them).
    Volume add_volume(const std::string& seatmap_id, const std::string& name, std::int64_t capacity,
                      const std::vector<std::string>& ticket_type_ids = {}) const;
    [[nodiscard]] SeatMap get(const std::string& seatmap_id) const;
    /// @brief The event's seat maps in the order they were created.
    [[nodiscard]] std::vector<SeatMap> list(const std::string& event_id) const;
    /// @brief A page of the seat map's seats in the order they were added, through its index.
    [[nodiscard]] Page<Seat> seats(const std::string& seatmap_id, const PageRequest& request = {}) const;
    /// @brief One seat of the seat map, with its status.
    [[nodiscard]] Seat seat(const std::string& seatmap_id, const std::string& seat_id) const;
    /// @brief The seat map's volumes in the order they were added, with their live counters.
    [[nodiscard]] std::vector<Volume> volumes(const std::string& seatmap_id) const;
    /// @brief One volume of the seat map.
    [[nodiscard]] Volume volume(const std::string& seatmap_id, const std::string& volume_id) const;

private:
    Store store_;
};

}  // namespace ticketcore
