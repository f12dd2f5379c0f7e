#pragma once
/// @file door_rules.hpp
/// @brief Who passes the door (layer 3): the verdict on one scan of a ticket, from the ticket's
/// state, its specification's entry rules, the event's dates and the ticket dates' door state.
/// Pure: no SQL, no clock; the instant of the scan is passed in.
///
/// **The current date.** A scan at instant `t` counts for an event date whose window contains
/// `t`: the window opens `door_opening_grace` (2 hours) before the date's start, when the doors
/// open, and closes at its end, both included: [start − 2 h, end]. Event dates are instants (set
/// from the event's time zone when the date was added), so the window is the same whatever the
/// scanner's zone. When several windows contain `t` (overlapping dates, or a date's grace inside
/// the previous date), the date the ticket admits to wins, and among those the earliest start.
/// No window contains `t`: `outside_event_dates`; windows do but the ticket admits to none of their
/// dates: `not_for_this_date`.
///
/// **Entries.** A ticket date counts the holder's entries and whether the holder is inside.
/// Without re-entry one entry is allowed; with re-entry `reentry_limit` entries (every entry
/// counts, the first included), unlimited without a limit. An entry needs the holder outside
/// (`already_inside` otherwise) and an entry left (`reentry_limit_reached`). An exit needs the
/// holder inside on one of the ticket's dates and is never refused for anything else: nobody is
/// kept in (a cancelled ticket, another scan point, after the end).
///
/// **Order of the checks of an entry**: cancelled (revoked when the ticket was transferred),
/// refunded, revoked (an older generation of a ticket that still admits), refund_in_progress,
/// not_activated, not_at_this_scan_point, outside_event_dates, not_for_this_date,
/// already_inside, reentry_limit_reached. The first that applies is the verdict.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ticketcore/model/door.hpp"
#include "ticketcore/model/event.hpp"
#include "ticketcore/model/specification.hpp"
#include "ticketcore/model/ticket.hpp"
#include "ticketcore/values/time.hpp"

namespace ticketcore::rules {

/// @brief How long before a date's start its doors open: 2 hours.
inline constexpr std::int64_t door_opening_grace_micros = 2LL * 3'600'000'000LL;
/// @brief The most scans (or payloads) one batch call takes.
inline constexpr std::int64_t max_door_batch = 500;
/// @brief The longest scan point name, in characters.
inline constexpr std::size_t max_scan_point_length = 100;
/// @brief The longest nonce, in characters.
inline constexpr std::size_t max_nonce_length = 200;

/// @brief The stable code of a refusal, e.g. "already_inside".
[[nodiscard]] std::string_view door_refusal_code(DoorRefusal refusal) noexcept;
/// @brief The English message of a refusal, e.g. "The holder is already inside".
[[nodiscard]] std::string_view door_refusal_message(DoorRefusal refusal) noexcept;
/// @brief Every refusal, in declaration order.
[[nodiscard]] std::span<const DoorRefusal> all_door_refusals() noexcept;

/// @brief A ticket date's door state.
struct DoorDate {
    std::string ticket_date_id;
    std::string event_date_id;
    std::int64_t entries = 0;
    bool inside = false;
};

/// @brief What the door knows of a ticket.
struct DoorTicket {
    TicketState state = TicketState::Valid;
    bool is_refunded = false;
    bool is_refund_in_progress = false;
    /// @brief Set when the scanned payload is of an older generation of the ticket's secret (its
    /// QR code was re-issued, transferred, cancelled or refunded since): refused.
    bool revoked = false;
    /// @brief Set when the ticket was transferred (cancelled, naming its successor): its payloads
    /// are refused as `revoked` rather than `cancelled`, whatever their generation.
    bool transferred = false;
    std::vector<DoorDate> dates;
};

/// @brief A specification's entry rules (seed 004).
struct EntryRules {
    bool allow_reentry = false;
    std::optional<std::int64_t> reentry_limit;
    std::vector<std::string> accepted_scan_points;
};
/// @brief The entry rules of a specification.
[[nodiscard]] EntryRules entry_rules_of(const TicketSpecification& spec);

/// @brief How many entries a ticket date allows: 1 without re-entry, the limit with one, nullopt
/// (unlimited) with re-entry and no limit.
[[nodiscard]] std::optional<std::int64_t> entry_limit(const EntryRules& rules) noexcept;

/// @brief One scan: where (nullopt: any scan point, for a validation that names none), which way,
/// when.
struct ScanFacts {
    std::optional<std::string> scan_point;
    ScanDirection direction = ScanDirection::In;
    Instant at;
};

/// @brief A verdict and the ticket date it concerns (when there is one).
struct DoorDecision {
    std::optional<DoorRefusal> refusal;
    /// @brief Index into DoorTicket::dates of the ticket date the scan concerns.
    std::optional<std::size_t> date_index;
    [[nodiscard]] bool admitted() const noexcept { return !refusal.has_value(); }
};

/// @brief The event date current at `at` for a ticket admitting to `ticket_date_ids` (see the file
/// comment): its index into `event_dates`, or the refusal `outside_event_dates` /
/// `not_for_this_date`.
struct CurrentDate {
    std::optional<std::size_t> event_date_index;
    std::optional<DoorRefusal> refusal;
};
[[nodiscard]] CurrentDate current_event_date(std::span<const EventDate> event_dates,
                                             std::span<const std::string> ticket_event_date_ids, Instant at);

/// @brief The verdict on a scan of `ticket` (see the file comment for the order of the checks).
[[nodiscard]] DoorDecision decide_scan(const DoorTicket& ticket, const EntryRules& rules,
                                       std::span<const EventDate> event_dates, const ScanFacts& scan);

/// @brief ValidationError `invalid_scan_point` unless `scan_point` is 1 to 100 characters of
/// storable text, not blank.
void check_scan_point(std::string_view scan_point);
/// @brief ValidationError `invalid_nonce` unless `nonce` is 1 to 200 characters of storable text
/// without control characters, not blank.
void check_nonce(std::string_view nonce);
/// @brief ValidationError `batch_too_large` past max_door_batch items.
void check_door_batch(std::size_t items);

}  // namespace ticketcore::rules
