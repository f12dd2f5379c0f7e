#pragma once
// Private to the core (layer 4, store): the seating repository: seat maps of an event, their seats
// and volumes. What a seat or volume holds is taken and given back through the inventory ledger
// (InventoryRepository::claim_capacity with a ClaimTarget); their counters are that ledger's
// derived cache, read here.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ticketcore/model/seatmap.hpp"

namespace ticketcore::repository {

/// @brief A seat map with the organization that owns it.
struct StoredSeatMap {
    SeatMap seatmap;
    std::string organization_id;
};

class SeatingRepository {
public:
    SeatingRepository() = default;
    SeatingRepository(const SeatingRepository&) = delete;
    SeatingRepository& operator=(const SeatingRepository&) = delete;
    virtual ~SeatingRepository() = default;

    virtual std::optional<StoredSeatMap> find_seatmap(const std::string& id) = 0;
    /// @brief The event's seat maps in the order they were created.
    virtual std::vector<SeatMap> list_seatmaps(const std::string& event_id) = 0;
    virtual void insert_seatmap(const std::string& organization_id, const SeatMap& seatmap) = 0;
    /// @brief Locks the seat map's row until the transaction ends: adding seats checks their places
    /// are free and inserts them under it (the unique index of places stays the last word).
    virtual void lock_seatmap(const std::string& id) = 0;

    /// @brief Of `place_keys` (rules::seat_place_key), those the seat map has a seat at already.
    virtual std::vector<std::string> taken_places(const std::string& seatmap_id,
                                                  const std::vector<std::string>& place_keys) = 0;
    /// @brief Inserts the seat (status free) at `place_key`.
    virtual void insert_seat(const std::string& organization_id, const Seat& seat, const std::string& place_key) = 0;
    /// @brief The seat of the seat map (nullopt when it is none of that seat map's).
    virtual std::optional<Seat> find_seat(const std::string& seatmap_id, const std::string& seat_id) = 0;
    /// @brief The place of a seat of the seat map in its order (creation); nullopt when it is none of its.
    virtual std::optional<std::int64_t> seat_position(const std::string& seatmap_id, const std::string& seat_id) = 0;
    /// @brief Up to `limit` seats of the seat map after `after_position` (0: from the first), in
    /// creation order, through the seat map's index.
    virtual std::vector<Seat> page_seats(const std::string& seatmap_id, std::int64_t after_position,
                                         std::int64_t limit) = 0;

    virtual void insert_volume(const std::string& organization_id, const Volume& volume) = 0;
    /// @brief The volume of the seat map (nullopt when it is none of that seat map's).
    virtual std::optional<Volume> find_volume(const std::string& seatmap_id, const std::string& volume_id) = 0;
    /// @brief The seat map's volumes in the order they were added.
    virtual std::vector<Volume> list_volumes(const std::string& seatmap_id) = 0;
};

}  // namespace ticketcore::repository
