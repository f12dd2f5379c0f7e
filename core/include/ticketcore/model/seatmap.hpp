#pragma once
/// @file seatmap.hpp
/// @brief Seat maps of an event: numbered seats, each sold at most once, and volumes
/// (general-admission zones with a capacity). Both are taken through the inventory ledger, together
/// with the capacity of the ticket specification a seat or a place of a volume is sold as.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ticketcore/values/time.hpp"

namespace ticketcore {

/// @brief A seat map of an event (seed 001's `seatmapId`).
struct SeatMap {
    std::string id;
    std::string event_id;
    std::string name;
    Instant created;
    friend bool operator==(const SeatMap&, const SeatMap&) = default;
};

/// @brief Where a seat stands, from its claims on the ledger: FREE (no live claim), HELD (a reserved
/// claim: an open sale or a pending order) or SOLD.
enum class SeatStatus { Free, Held, Sold };

/// @brief "free", "held" or "sold".
std::string_view to_string(SeatStatus status) noexcept;
/// @brief The status named `text`; ValidationError `invalid_snapshot` for anything else.
SeatStatus seat_status_from_string(std::string_view text);

/// @brief A seat to add to a seat map. `ticket_type_ids` empty: any ticket specification of the
/// seat map's event may be sold on it.
struct NewSeat {
    std::string section;
    std::string row;
    std::string number;
    std::string label;
    std::vector<std::string> ticket_type_ids;
    friend bool operator==(const NewSeat&, const NewSeat&) = default;
};

/// @brief A snapshot of a seat with its status.
struct Seat {
    std::string id;
    std::string seatmap_id;
    std::string section;
    std::string row;
    std::string number;
    std::string label;
    /// @brief The ticket specifications that may be sold on the seat; empty: any of the event's.
    std::vector<std::string> ticket_type_ids;
    SeatStatus status = SeatStatus::Free;
    friend bool operator==(const Seat&, const Seat&) = default;
};

/// @brief A snapshot of a volume (a general-admission zone of a seat map) with its live counters.
struct Volume {
    std::string id;
    std::string seatmap_id;
    std::string name;
    std::int64_t capacity = 0;
    std::int64_t sold = 0;
    std::int64_t reserved = 0;
    std::int64_t available = 0;
    /// @brief The ticket specifications that may be sold in the volume; empty: any of the event's.
    std::vector<std::string> ticket_type_ids;
    friend bool operator==(const Volume&, const Volume&) = default;
};

}  // namespace ticketcore
