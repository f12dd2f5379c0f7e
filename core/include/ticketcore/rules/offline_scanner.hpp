#pragma once
/// @file offline_scanner.hpp
/// @brief Scanning without the store (layer 3): the scanner export (`door.export_scanner`, the
/// JSON text a scanner takes offline; docs/offline-scanners.md describes every field), and the
/// offline scanner that decides from that text alone, with the rules `door.validate` uses
/// (verify_ticket_payload, check_generation, decide_scan), and records its scans in the form
/// `door.import_scans` takes. Pure: no SQL, no clock; the instant of each scan is passed in.
///
/// **With the ticket list** the scanner knows each ticket as the store knew it at the export
/// (specification, state, refund flags, generation, dates with their entries and whether the
/// holder is inside) and decides exactly as `validate` would have on the store as it was then,
/// counting the entries it admits itself from then on. It cannot know what happened elsewhere
/// after the export: scans at other scanners, transfers, cancels, refunds, new tickets (a ticket
/// issued after the export is `unknown`), nor tickets of other events (`unknown`).
///
/// **Without the ticket list** it knows only the lists: a genuine payload of the organization is
/// refused when the revocation list or the refund list says so, and otherwise decided as a valid
/// ticket for every date of the event under the event's strictest entry rules (see
/// strictest_entry_rules): a scan point every specification accepts, one entry per date unless
/// every specification allows re-entry (then the smallest limit). A ticket id typed in by hand is
/// `unknown` (nothing can tell a real id from an invented one), and an unactivated ticket admits.

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ticketcore/model/door.hpp"
#include "ticketcore/model/event.hpp"
#include "ticketcore/model/organization.hpp"
#include "ticketcore/model/specification.hpp"
#include "ticketcore/model/ticket.hpp"
#include "ticketcore/rules/door_rules.hpp"
#include "ticketcore/values/signing_key.hpp"
#include "ticketcore/values/time.hpp"

namespace ticketcore::rules {

/// @brief The "format" of a scanner export.
inline constexpr std::string_view scanner_export_format = "ticketcore.scanner-export";
/// @brief The version of the scanner export this code writes and reads.
inline constexpr std::int64_t scanner_export_version = 1;
/// @brief The "format" of the scans an offline scanner recorded.
inline constexpr std::string_view offline_scans_format = "ticketcore.offline-scans";
/// @brief The version of the offline scans this code writes and reads.
inline constexpr std::int64_t offline_scans_version = 1;
/// @brief The most scans one `door.import_scans` call takes.
inline constexpr std::int64_t max_import_scans = 10'000;

/// @brief One ticket of a scanner export's ticket list.
struct ExportedTicket {
    std::string id;
    std::string specification_id;
    TicketState state = TicketState::Valid;
    bool is_refunded = false;
    bool is_refund_in_progress = false;
    std::uint32_t generation = 1;
    /// @brief Transferred to another holder (cancelled, naming its successor).
    bool transferred = false;
    /// @brief The ticket's dates in date order, with their entries and inside state.
    std::vector<DoorDate> dates;
};

/// @brief Writes a scanner export as text, section by section, so that an export of any size is
/// built once, as text, from pages of rows (no tree of it in memory). Call add_revocation for
/// every revocation, then add_refund for every refund, then add_ticket for every ticket (only
/// when the export includes the ticket list), then finish; out of order is a logic error.
class ScannerExportWriter {
public:
    ScannerExportWriter(const std::string& organization_id, const Event& event, std::span<const SigningKeyInfo> keys,
                        std::span<const TicketSpecification> specifications, Instant exported_at, bool include_tickets);
    /// @brief A ticket whose earlier payloads are void: the generation a payload must carry now,
    /// or nullopt when the ticket admits no more.
    void add_revocation(const std::string& ticket_id, std::optional<std::uint32_t> generation);
    /// @brief A ticket refunded or with a refund in progress.
    void add_refund(const std::string& ticket_id, bool is_refunded, bool is_refund_in_progress);
    void add_ticket(const ExportedTicket& ticket);
    /// @brief The text (the writer is spent).
    [[nodiscard]] std::string finish();

private:
    enum class Section : std::uint8_t { Revocations, Refunds, Tickets, Done };
    void enter(Section section);
    void item(const std::string& json);
    std::string text_;
    Section section_ = Section::Revocations;
    bool first_ = true;
    bool include_tickets_ = false;
};

/// @brief The entry rules an offline scanner without the ticket list applies to every ticket:
/// what every one of `specifications` would admit. Scan points: those every specification accepts
/// (a specification with no list accepts every point; none at all: every point); re-entry only
/// when every specification allows it, with the smallest limit among them (unlimited only when
/// none has a limit).
[[nodiscard]] EntryRules strictest_entry_rules(std::span<const EntryRules> specifications);

/// @brief A door scanner working from a scanner export alone (see the file comment).
class OfflineScanner {
public:
    /// @brief Reads an export; ValidationError `invalid_scanner_export` naming what is wrong for
    /// anything that is not a scanner export of a version this code reads.
    explicit OfflineScanner(std::string_view export_text);

    [[nodiscard]] const std::string& organization_id() const noexcept { return organization_id_; }
    [[nodiscard]] const std::string& event_id() const noexcept { return event_id_; }
    [[nodiscard]] Instant exported_at() const noexcept { return exported_at_; }
    [[nodiscard]] bool has_ticket_list() const noexcept { return has_ticket_list_; }
    [[nodiscard]] const std::vector<EventDate>& event_dates() const noexcept { return event_dates_; }

    /// @brief What `door.validate` says of `text` at `scan_point` (nullopt: any) at `at`, from the
    /// export and the scans admitted here since. Writes nothing.
    [[nodiscard]] DoorVerdict validate(std::string_view text, const std::optional<std::string>& scan_point,
                                       Instant at) const;
    /// @brief Decides one scan as `door.redeem` would and records it here (an admitted entry or
    /// exit changes the ticket date's local state). A nonce seen before returns the first scan
    /// (ConflictError `idempotency_key_reused` with other parameters). The scan point and the
    /// nonce are checked as `redeem` checks them; the inspector id must be text, not blank.
    OfflineScan redeem(const std::string& ticket, const std::string& inspector_id, const std::string& scan_point,
                       const std::string& nonce, ScanDirection direction, Instant at);
    /// @brief The scans recorded here, in the order they were made.
    [[nodiscard]] const std::vector<OfflineScan>& scans() const noexcept { return scans_; }
    /// @brief The recorded scans as the JSON text `door.import_scans` takes.
    [[nodiscard]] std::string scans_json() const;

private:
    struct Known {
        std::string specification_id;
        std::uint32_t generation = 1;
        DoorTicket door;
    };
    struct Resolution {
        std::optional<DoorRefusal> refusal;
        std::string ticket_id;
        bool revoked = false;
    };
    struct Decision {
        std::optional<std::string> ticket_id;
        DoorTicket ticket;
        DoorDecision decision;
    };
    [[nodiscard]] Resolution resolve(std::string_view text) const;
    [[nodiscard]] Decision decide(std::string_view text, const ScanFacts& facts) const;
    [[nodiscard]] const EntryRules& rules_of(const std::string& ticket_id) const;

    std::string organization_id_;
    std::string event_id_;
    Instant exported_at_;
    bool has_ticket_list_ = false;
    std::vector<EventDate> event_dates_;
    std::map<KeyId, PublicKey> keys_;
    std::map<std::string, EntryRules> specifications_;
    EntryRules strictest_;
    std::map<std::string, std::optional<std::uint32_t>> revocations_;
    std::map<std::string, std::pair<bool, bool>> refunds_;
    std::map<std::string, Known> tickets_;
    /// Without the ticket list: the door state of the tickets scanned here, by ticket id.
    std::map<std::string, DoorTicket> local_;
    std::vector<OfflineScan> scans_;
    std::map<std::string, std::size_t> by_nonce_;
};

/// @brief The JSON text of offline scans (the format OfflineScanner::scans_json writes).
[[nodiscard]] std::string offline_scans_json(std::span<const OfflineScan> scans, const std::string& organization_id,
                                             const std::string& event_id);

/// @brief Reads offline scans: the object OfflineScanner::scans_json writes, or a bare JSON list of
/// its scans. ValidationError `invalid_offline_scans` naming what is wrong (not JSON, a missing or
/// mistyped field, an unknown direction or reason, an instant out of range, more than
/// max_import_scans scans). Each scan needs nonce, ticket, inspector_id, scan_point, direction,
/// at_us and admitted, and a refused one its reason; the other fields are informative.
[[nodiscard]] std::vector<OfflineScan> parse_offline_scans(std::string_view text);

}  // namespace ticketcore::rules
