#pragma once
// Private to the core (layer 4, store): the door repository: board members, ticket inspectors,
// the door state of ticket dates (entries, inside) and the scan log.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ticketcore/model/door.hpp"
#include "ticketcore/values/time.hpp"

namespace ticketcore::repository {

/// @brief A ticket date's door state, as stored.
struct DoorDateRow {
    std::string ticket_date_id;
    std::string event_date_id;
    std::int64_t entries = 0;
    bool inside = false;
};

/// @brief A ticket of an event with its door state, for the scanner export and the attendance
/// feed: the ticket's columns and its dates (AttendanceDate: the door state and the inspector of
/// the first entry, by name and kind).
struct DoorTicketRow {
    /// @brief The ticket's place in the event's issue order (a page's cursor).
    std::int64_t position = 0;
    std::string id;
    std::string specification_id;
    TicketState state = TicketState::Valid;
    bool is_refunded = false;
    bool is_refund_in_progress = false;
    std::uint32_t generation = 1;
    /// @brief The ticket was transferred (cancelled, naming its successor).
    bool transferred = false;
    std::optional<std::string> buyer_id;
    std::string holder_name;
    std::string holder_email;
    /// @brief In date order (start, then id), as door_dates.
    std::vector<AttendanceDate> dates;
};

class DoorRepository {
public:
    DoorRepository() = default;
    DoorRepository(const DoorRepository&) = delete;
    DoorRepository& operator=(const DoorRepository&) = delete;
    virtual ~DoorRepository() = default;

    virtual void insert_board_member(const std::string& organization_id, const BoardMember& member) = 0;
    virtual std::optional<BoardMember> find_board_member(const std::string& id) = 0;
    /// @brief The place of a board member in creation order; nullopt when there is none.
    virtual std::optional<std::int64_t> board_member_position(const std::string& id) = 0;
    /// @brief Up to `limit` board members created after `after_position`, in creation order.
    virtual std::vector<BoardMember> page_board_members(std::int64_t after_position, std::int64_t limit) = 0;

    virtual void insert_inspector(const std::string& organization_id, const TicketInspector& inspector) = 0;
    /// @brief The inspector unless removed.
    virtual std::optional<TicketInspector> find_inspector(const std::string& id) = 0;
    /// @brief The event's (not removed) inspector made from the board member, if any.
    virtual std::optional<std::string> inspector_of_board_member(const std::string& event_id,
                                                                 const std::string& board_member_id) = 0;
    virtual std::optional<std::int64_t> inspector_position(const std::string& event_id, const std::string& id) = 0;
    /// @brief Up to `limit` of the event's inspectors (not removed) after `after_position`, in creation order.
    virtual std::vector<TicketInspector> page_inspectors(const std::string& event_id, std::int64_t after_position,
                                                         std::int64_t limit) = 0;
    /// @brief Marks the inspector removed when it has admitted nobody: a conditional write; false
    /// when the row did not match (removed already, or has admissions).
    virtual bool remove_inspector(const std::string& id, Instant at) = 0;
    /// @brief Counts an admission on the inspector unless it was removed meanwhile (false then).
    /// The row stays locked to the end of the unit, so a removal waits for it.
    virtual bool count_admission(const std::string& inspector_id) = 0;

    /// @brief The door state of the ticket's dates, in date order.
    virtual std::vector<DoorDateRow> door_dates(const std::string& ticket_id) = 0;
    /// @brief The guard: records an entry on the ticket date only while the holder is outside and
    /// `limit` (nullopt: unlimited) entries are not used up, in one conditional UPDATE; false when
    /// it did not match. The first entry sets is_redeemed, its time and its inspector.
    virtual bool record_entry(const std::string& ticket_date_id, std::optional<std::int64_t> limit, Instant at,
                              const std::string& inspector_id) = 0;
#ifdef TICKETCORE_TEST_HOOKS
    /// @brief Test builds only: records the entry whatever the row says (the race the guard prevents).
    virtual void record_entry_unguarded(const std::string& ticket_date_id, Instant at,
                                        const std::string& inspector_id) = 0;
#endif
    /// @brief Records an exit while the holder is inside; false when not inside.
    virtual bool record_exit(const std::string& ticket_date_id) = 0;

    /// @brief Up to `limit` tickets of the event issued after `after_position` (0: from the first),
    /// in issue order, each with its dates: two statements whatever the page's size (the tickets
    /// through ticket_by_event, then the page's ticket dates through ticket_date_by_ticket).
    virtual std::vector<DoorTicketRow> page_door_tickets(const std::string& event_id, std::int64_t after_position,
                                                         std::int64_t limit) = 0;

    virtual void insert_scan(const std::string& organization_id, const Scan& scan) = 0;
    virtual std::optional<Scan> find_scan(const std::string& id) = 0;
    virtual std::optional<std::int64_t> scan_position(const std::string& event_id, const std::string& id) = 0;
    /// @brief Up to `limit` scans of the event after `after_position`, in the order they were logged.
    virtual std::vector<Scan> page_scans(const std::string& event_id, std::int64_t after_position,
                                         std::int64_t limit) = 0;
};

}  // namespace ticketcore::repository
