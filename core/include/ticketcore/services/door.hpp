#pragma once
/// @file door.hpp
/// @brief The `Door` area of a Store (see store.hpp for how every operation runs): board members,
/// ticket inspectors (seed 002), validating and redeeming tickets at the door (seed 004), the scan
/// log. docs/door.md is the how-to; rules/door_rules.hpp decides every verdict.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ticketcore/model/door.hpp"
#include "ticketcore/model/page.hpp"
#include "ticketcore/services/store.hpp"

namespace ticketcore {

/// @brief The door. Managing board members and inspectors needs `events:write` (reading them
/// `events:read`); validating and redeeming needs `scan`; reading the scan log `events:read`.
/// The `add_*` operations take an optional idempotency key (a repeat returns the first result, a
/// repeat with another request is refused); `redeem`'s nonce is its key.
class Door {
public:
    explicit Door(Store store) : store_(std::move(store)) {}

    /// @brief Records a board member of the actor's organization (seed 002's Administrator record).
    BoardMember add_board_member(const std::string& name, const std::string& email, const std::string& phone_number,
                                 const std::optional<std::string>& idempotency_key = std::nullopt) const;
    /// @brief The organization's board members in creation order.
    [[nodiscard]] Page<BoardMember> board_members(const PageRequest& request = {}) const;

    /// @brief Adds an external inspector (door staff) to the event.
    TicketInspector add_external_inspector(const std::string& event_id, const std::string& name,
                                           const std::string& email, const std::string& phone_number,
                                           const std::optional<std::string>& idempotency_key = std::nullopt) const;
    /// @brief Adds a board member as an inspector of the event: name, e-mail and phone number come
    /// from the member's record. ConflictError `board_member_already_inspector` when they are one.
    TicketInspector add_board_member_inspector(const std::string& event_id, const std::string& board_member_id,
                                               const std::optional<std::string>& idempotency_key = std::nullopt) const;
    /// @brief Removes an inspector; ConflictError `inspector_has_check_ins` ("Cannot remove ticket
    /// inspector, who has already checked-in tickets") once they admitted anyone.
    void remove_inspector(const std::string& inspector_id) const;
    [[nodiscard]] TicketInspector get_inspector(const std::string& inspector_id) const;
    /// @brief Seed 002's ticketInspectors: the event's inspectors in creation order.
    [[nodiscard]] Page<TicketInspector> ticket_inspectors(const std::string& event_id,
                                                          const PageRequest& request = {}) const;

    /// @brief Whether the scanned `ticket` (a QR payload or a ticket id) may enter now (or `at`),
    /// at `scan_point` (nullopt: any). Writes nothing.
    [[nodiscard]] DoorVerdict validate(const std::string& ticket, const std::optional<std::string>& scan_point = {},
                                       const std::optional<Instant>& at = std::nullopt) const;
    /// @brief validate for many scanned texts on one consistent snapshot: one verdict each.
    [[nodiscard]] std::vector<DoorVerdict> validate_many(const std::vector<std::string>& tickets,
                                                         const std::optional<std::string>& scan_point = {},
                                                         const std::optional<Instant>& at = std::nullopt) const;
    /// @brief Records one scan, atomically: an admitted entry or exit on the ticket date of the
    /// current event date, or a refusal; both go to the scan log. A repeated nonce returns the
    /// first scan and records nothing (ConflictError `idempotency_key_reused` with other
    /// parameters).
    Scan redeem(const ScanRequest& request) const;
    /// @brief redeem for many scans, each in its own transaction: a failing item reports its error
    /// and the others go on.
    std::vector<ScanOutcome> redeem_many(const std::vector<ScanRequest>& requests) const;
    /// @brief The event's scan log in the order the scans were recorded.
    [[nodiscard]] Page<Scan> scans(const std::string& event_id, const PageRequest& request = {}) const;

    /// @brief What a scanner needs to decide offline (docs/offline-scanners.md describes the
    /// format): the event and its dates, the organization's keys that verify, each
    /// specification's entry rules, the revocation list, the refund list, and with
    /// `include_tickets` every ticket with its door state; as a versioned JSON text read on one
    /// snapshot and built page by page. Scope `scan` or `events:read`.
    [[nodiscard]] std::string export_scanner(const std::string& event_id, bool include_tickets = false) const;
    /// @brief Records the scans an offline scanner made (rules::OfflineScanner::scans_json), each
    /// once by its nonce (a repeat returns the first scan and records nothing; the same nonce as a
    /// `redeem` with the same parameters too), in the order of their instants, each in its own
    /// transaction. A scan the scanner admitted that the store refuses is kept in the scan log as
    /// a conflict (Scan::conflict) with the store's reason; a scan the scanner refused is kept
    /// with the scanner's reason and changes nothing. Scope `scan`. At most
    /// rules::max_import_scans scans a call.
    ScanImport import_scans(const std::vector<OfflineScan>& scans) const;
    /// @brief import_scans of a JSON text (rules::parse_offline_scans).
    ScanImport import_scans_json(const std::string& scans_json) const;
    /// @brief Seed 000's attendance feed: a page of the event's tickets in issue order with their
    /// holder, specification and dates' door state, `redeemed_by` cross-referenced with the
    /// event's inspectors. Scope `events:read`.
    [[nodiscard]] Page<AttendanceTicket> attendance(const std::string& event_id, const PageRequest& request = {}) const;

private:
    Store store_;
};

}  // namespace ticketcore
