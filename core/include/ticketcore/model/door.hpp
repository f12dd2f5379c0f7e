#pragma once
/// @file door.hpp
/// @brief The door (seeds 002 and 004): ticket inspectors, board members, scans and their verdicts.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ticketcore/model/ticket.hpp"
#include "ticketcore/values/time.hpp"

namespace ticketcore {

/// @brief Which way a holder passes the scan point.
enum class ScanDirection : std::uint8_t { In, Out };
/// @brief "in" / "out".
std::string_view to_string(ScanDirection direction) noexcept;
/// @brief Inverse of to_string; throws ValidationError `invalid_direction`.
ScanDirection scan_direction_from_string(std::string_view text);

/// @brief Why a scan does not admit. Each has a stable code and an English message
/// (rules::door_refusal_code, rules::door_refusal_message).
enum class DoorRefusal : std::uint8_t {
    Unknown,              ///< `unknown`: no ticket of the organization
    Forged,               ///< `forged`: not a payload of the organization (malformed, unknown key, bad signature)
    Revoked,              ///< `revoked`: an older secret of the ticket (transferred, re-issued)
    Cancelled,            ///< `cancelled`: the ticket was cancelled
    Refunded,             ///< `refunded`: the ticket was refunded
    RefundInProgress,     ///< `refund_in_progress`: a refund of the ticket is under way
    NotActivated,         ///< `not_activated`: a pre-generated ticket not sold yet
    NotForThisDate,       ///< `not_for_this_date`: the ticket does not admit to the date current now
    NotAtThisScanPoint,   ///< `not_at_this_scan_point`: the specification does not accept this scan point
    AlreadyInside,        ///< `already_inside`: entered this date and not scanned out since
    ReentryLimitReached,  ///< `reentry_limit_reached`: every entry the specification allows is used
    OutsideEventDates,    ///< `outside_event_dates`: no date of the event is current now
    NotInside,            ///< `not_inside`: an exit scan of a holder who is not inside
};

/// @brief The stable code of a refusal, e.g. "already_inside" (rules::door_refusal_code).
std::string_view to_string(DoorRefusal refusal) noexcept;
/// @brief Inverse of to_string; throws ValidationError `unknown_door_refusal`.
DoorRefusal door_refusal_from_string(std::string_view text);

/// @brief Where a scan of the scan log was decided: at the store (`door.redeem`), or by an offline
/// scanner and imported later (`door.import_scans`).
enum class ScanSource : std::uint8_t { Online, Offline };
/// @brief "online" / "offline".
std::string_view to_string(ScanSource source) noexcept;
/// @brief Inverse of to_string; throws ValidationError `invalid_scan_source`.
ScanSource scan_source_from_string(std::string_view text);

/// @brief Seed 002's ExternalTicketInspector / BoardMemberTicketInspectorType.
enum class InspectorKind : std::uint8_t { External, BoardMember };
/// @brief "external" / "board_member".
std::string_view to_string(InspectorKind kind) noexcept;
InspectorKind inspector_kind_from_string(std::string_view text);

/// @brief A board member of an organization (seed 002's Administrator record), whose user record
/// gives a board-member inspector its name, e-mail and phone number.
struct BoardMember {
    std::string id;
    std::string name;
    std::string email;
    std::string phone_number;
    Instant created;
    friend bool operator==(const BoardMember&, const BoardMember&) = default;
};

/// @brief Someone who may scan the tickets of one event (seed 002's TicketInspector).
struct TicketInspector {
    std::string id;
    std::string event_id;
    InspectorKind kind = InspectorKind::External;
    /// @brief The board member a board-member inspector was made from.
    std::optional<std::string> board_member_id;
    std::string name;
    std::string email;
    std::string phone_number;
    /// @brief Entries this inspector admitted (an inspector with any cannot be removed).
    std::int64_t admissions = 0;
    Instant created;
    friend bool operator==(const TicketInspector&, const TicketInspector&) = default;
};

/// @brief The answer of `door.validate`: whether the ticket may pass now, and why not.
struct DoorVerdict {
    /// @brief Nothing when the ticket is admitted.
    std::optional<DoorRefusal> refusal;
    /// @brief The ticket the scanned text names, when it names one of the organization.
    std::optional<std::string> ticket_id;
    /// @brief The event date the scan counts for (the current one the ticket admits to).
    std::optional<std::string> event_date_id;
    [[nodiscard]] bool admitted() const noexcept { return !refusal.has_value(); }
    friend bool operator==(const DoorVerdict&, const DoorVerdict&) = default;
};

/// @brief One scan of the scan log (`door.redeem`): admitted or refused, with what was scanned
/// where, by whom and when, and the ticket date's door state after it.
struct Scan {
    std::string id;
    std::string event_id;
    std::optional<std::string> ticket_id;
    std::optional<std::string> ticket_date_id;
    std::optional<std::string> event_date_id;
    std::string inspector_id;
    std::string scan_point;
    ScanDirection direction = ScanDirection::In;
    std::string nonce;
    std::optional<DoorRefusal> refusal;
    /// @brief When the scan happened (given, or the store's now).
    Instant at;
    /// @brief Entries of the ticket date after the scan (0 when no ticket date was concerned).
    std::int64_t entries = 0;
    /// @brief Whether the holder is inside after the scan.
    bool inside = false;
    /// @brief Online (`door.redeem`) or imported from an offline scanner (`door.import_scans`).
    ScanSource source = ScanSource::Online;
    /// @brief An imported scan the offline scanner admitted but the store refuses (`refusal` says
    /// why: a single-entry ticket admitted twice while offline, by two scanners, or already inside
    /// online): the holder went in, the store did not count the entry. Kept, never dropped.
    bool conflict = false;
    [[nodiscard]] bool admitted() const noexcept { return !refusal.has_value(); }
    friend bool operator==(const Scan&, const Scan&) = default;
};

/// @brief Input of `door.redeem`: the scanned text (a QR payload or a ticket id), the inspector,
/// the scan point, the direction, the scanner's nonce (one per scan: a retry repeats it) and when.
struct ScanRequest {
    std::string ticket;
    std::string inspector_id;
    std::string scan_point;
    ScanDirection direction = ScanDirection::In;
    std::string nonce;
    std::optional<Instant> at;
};

/// @brief One item of a batch: the scan, or the error that item raised (its code and message).
struct ScanOutcome {
    std::optional<Scan> scan;
    std::optional<std::string> error_code;
    std::optional<std::string> error_message;
    friend bool operator==(const ScanOutcome&, const ScanOutcome&) = default;
};

/// @brief A scan an offline scanner recorded (rules::OfflineScanner::redeem), in the form
/// `door.import_scans` takes: what was scanned where, by whom, when, and the scanner's verdict.
struct OfflineScan {
    std::string nonce;
    /// @brief The scanned text: a QR payload or a ticket id.
    std::string ticket;
    std::string inspector_id;
    std::string scan_point;
    ScanDirection direction = ScanDirection::In;
    Instant at;
    /// @brief The offline scanner's verdict: nothing when it admitted the holder.
    std::optional<DoorRefusal> refusal;
    /// @brief What the scanner knew after the scan (informative; an import decides again).
    std::optional<std::string> ticket_id;
    std::optional<std::string> event_date_id;
    std::int64_t entries = 0;
    bool inside = false;
    [[nodiscard]] bool admitted() const noexcept { return !refusal.has_value(); }
    friend bool operator==(const OfflineScan&, const OfflineScan&) = default;
};

/// @brief One scan of `door.import_scans`: the scan as the log keeps it, or the error the item
/// raised (an unknown inspector, a nonce reused with other parameters).
struct ImportedScan {
    std::string nonce;
    std::optional<Scan> scan;
    /// @brief True when the nonce was imported (or redeemed online) before: `scan` is that first
    /// result and nothing new was recorded.
    bool replayed = false;
    std::optional<std::string> error_code;
    std::optional<std::string> error_message;
    friend bool operator==(const ImportedScan&, const ImportedScan&) = default;
};

/// @brief The result of `door.import_scans`: one ImportedScan per scan given, in the order given,
/// and the counts.
struct ScanImport {
    std::vector<ImportedScan> scans;
    /// @brief Scans recorded by this call.
    std::int64_t recorded = 0;
    /// @brief Scans whose nonce was recorded before (nothing new recorded).
    std::int64_t replayed = 0;
    /// @brief Scans (recorded now or before) flagged as conflicts.
    std::int64_t conflicts = 0;
    /// @brief Scans that raised an error (nothing recorded for them).
    std::int64_t failed = 0;
    friend bool operator==(const ScanImport&, const ScanImport&) = default;
};

/// @brief One date of a ticket in the attendance feed (seed 000's eventDates): the door state,
/// with the inspector `redeemed_by` names cross-referenced from the event's ticket inspectors.
struct AttendanceDate {
    std::string id;
    std::string event_date_id;
    bool is_redeemed = false;
    std::optional<Instant> time_of_redemption;
    /// @brief The inspector who admitted the first entry.
    std::optional<std::string> redeemed_by;
    /// @brief That inspector's name and kind (also when removed since).
    std::optional<std::string> inspector_name;
    std::optional<InspectorKind> inspector_kind;
    std::int64_t entries = 0;
    bool inside = false;
    friend bool operator==(const AttendanceDate&, const AttendanceDate&) = default;
};

/// @brief One ticket of the attendance feed (seed 000's attendanceFeed): its holder, its
/// specification and its dates' door state.
struct AttendanceTicket {
    /// @brief The ticket id (the page cursor).
    std::string id;
    std::string ticket_specification_id;
    std::string specification_name;
    /// @brief The platform buyer holding it (nullopt for a comp given by e-mail only, or an
    /// unactivated pre-generated ticket).
    std::optional<std::string> buyer_id;
    std::string holder_name;
    std::string holder_email;
    TicketState state = TicketState::Valid;
    bool is_refunded = false;
    bool is_refund_in_progress = false;
    std::vector<AttendanceDate> event_dates;
    friend bool operator==(const AttendanceTicket&, const AttendanceTicket&) = default;
};

}  // namespace ticketcore
