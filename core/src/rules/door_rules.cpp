#include "ticketcore/rules/door_rules.hpp"

#include <algorithm>
#include <array>

#include "ticketcore/rules/text_rules.hpp"
#include "ticketcore/values/error_catalogue.hpp"

namespace ticketcore {

std::string_view to_string(ScanDirection direction) noexcept {
    return direction == ScanDirection::In ? "in" : "out";
}

ScanDirection scan_direction_from_string(std::string_view text) {
    if (text == "in") return ScanDirection::In;
    if (text == "out") return ScanDirection::Out;
    throw fail::invalid_direction(text);
}

std::string_view to_string(DoorRefusal refusal) noexcept {
    return rules::door_refusal_code(refusal);
}

DoorRefusal door_refusal_from_string(std::string_view text) {
    for (const DoorRefusal refusal : rules::all_door_refusals()) {
        if (rules::door_refusal_code(refusal) == text) return refusal;
    }
    throw fail::unknown_door_refusal(text);
}

std::string_view to_string(ScanSource source) noexcept {
    return source == ScanSource::Online ? "online" : "offline";
}

ScanSource scan_source_from_string(std::string_view text) {
    if (text == "online") return ScanSource::Online;
    if (text == "offline") return ScanSource::Offline;
    throw fail::invalid_scan_source(text);
}

std::string_view to_string(InspectorKind kind) noexcept {
    return kind == InspectorKind::External ? "external" : "board_member";
}

InspectorKind inspector_kind_from_string(std::string_view text) {
    if (text == "external") return InspectorKind::External;
    if (text == "board_member") return InspectorKind::BoardMember;
    throw fail::unknown_inspector_kind(text);
}

}  // namespace ticketcore

namespace ticketcore::rules {

namespace {

constexpr std::array refusals{
    DoorRefusal::Unknown,
    DoorRefusal::Forged,
    DoorRefusal::Revoked,
    DoorRefusal::Cancelled,
    DoorRefusal::Refunded,
    DoorRefusal::RefundInProgress,
    DoorRefusal::NotActivated,
    DoorRefusal::NotForThisDate,
    DoorRefusal::NotAtThisScanPoint,
    DoorRefusal::AlreadyInside,
    DoorRefusal::ReentryLimitReached,
    DoorRefusal::OutsideEventDates,
    DoorRefusal::NotInside,
};

/// Whether `at` lies in the date's door window [start - grace, end].
bool in_window(const EventDate& date, Instant at) noexcept {
    // start - grace cannot overflow: instants lie in years 1..9999, far from the int64 limits.
    return at.micros >= date.start.micros - door_opening_grace_micros && at.micros <= date.end.micros;
}

std::optional<std::size_t> date_index_of(const DoorTicket& ticket, const std::string& event_date_id) {
    for (std::size_t index = 0; index < ticket.dates.size(); ++index) {
        if (ticket.dates[index].event_date_id == event_date_id) return index;
    }
    return std::nullopt;
}

DoorDecision decide_exit(const DoorTicket& ticket, std::span<const EventDate> event_dates, Instant at) {
    // The current date's row when the holder is inside on it, else the latest inside row.
    std::vector<std::string> ids;
    for (const DoorDate& date : ticket.dates) ids.push_back(date.event_date_id);
    const CurrentDate current = current_event_date(event_dates, ids, at);
    if (current.event_date_index) {
        const auto index = date_index_of(ticket, event_dates[*current.event_date_index].id);
        if (index && ticket.dates[*index].inside) return DoorDecision{std::nullopt, index};
    }
    for (std::size_t index = ticket.dates.size(); index-- > 0;) {
        if (ticket.dates[index].inside) return DoorDecision{std::nullopt, index};
    }
    return DoorDecision{DoorRefusal::NotInside, std::nullopt};
}

}  // namespace

std::string_view door_refusal_code(DoorRefusal refusal) noexcept {
    switch (refusal) {
        case DoorRefusal::Unknown: return "unknown";
        case DoorRefusal::Forged: return "forged";
        case DoorRefusal::Revoked: return "revoked";
        case DoorRefusal::Cancelled: return "cancelled";
        case DoorRefusal::Refunded: return "refunded";
        case DoorRefusal::RefundInProgress: return "refund_in_progress";
        case DoorRefusal::NotActivated: return "not_activated";
        case DoorRefusal::NotForThisDate: return "not_for_this_date";
        case DoorRefusal::NotAtThisScanPoint: return "not_at_this_scan_point";
        case DoorRefusal::AlreadyInside: return "already_inside";
        case DoorRefusal::ReentryLimitReached: return "reentry_limit_reached";
        case DoorRefusal::OutsideEventDates: return "outside_event_dates";
        case DoorRefusal::NotInside: return "not_inside";
    }
    return "unknown";
}

std::string_view door_refusal_message(DoorRefusal refusal) noexcept {
    switch (refusal) {
        case DoorRefusal::Unknown: return "No such ticket";
        case DoorRefusal::Forged: return "The code is not a genuine ticket of this organization";
        case DoorRefusal::Revoked: return "The ticket's code was revoked (transferred or re-issued)";
        case DoorRefusal::Cancelled: return "The ticket was cancelled";
        case DoorRefusal::Refunded: return "The ticket was refunded";
        case DoorRefusal::RefundInProgress: return "A refund of the ticket is in progress";
        case DoorRefusal::NotActivated: return "The ticket has not been activated";
        case DoorRefusal::NotForThisDate: return "The ticket is not for this date";
        case DoorRefusal::NotAtThisScanPoint: return "The ticket is not accepted at this scan point";
        case DoorRefusal::AlreadyInside: return "The holder is already inside";
        case DoorRefusal::ReentryLimitReached: return "The ticket has no entries left";
        case DoorRefusal::OutsideEventDates: return "No date of the event is open now";
        case DoorRefusal::NotInside: return "The holder is not inside";
    }
    return "No such ticket";
}

std::span<const DoorRefusal> all_door_refusals() noexcept {
    return refusals;
}

EntryRules entry_rules_of(const TicketSpecification& spec) {
    return EntryRules{spec.allow_reentry, spec.reentry_limit, spec.accepted_scan_points};
}

std::optional<std::int64_t> entry_limit(const EntryRules& rules) noexcept {
    if (!rules.allow_reentry) return 1;
    return rules.reentry_limit;
}

CurrentDate current_event_date(std::span<const EventDate> event_dates,
                               std::span<const std::string> ticket_event_date_ids, Instant at) {
    std::optional<std::size_t> best;
    bool any_open = false;
    for (std::size_t index = 0; index < event_dates.size(); ++index) {
        const EventDate& date = event_dates[index];
        if (!in_window(date, at)) continue;
        any_open = true;
        if (std::find(ticket_event_date_ids.begin(), ticket_event_date_ids.end(), date.id) ==
            ticket_event_date_ids.end()) {
            continue;
        }
        if (!best || date.start < event_dates[*best].start) best = index;
    }
    if (best) return CurrentDate{best, std::nullopt};
    return CurrentDate{std::nullopt, any_open ? DoorRefusal::NotForThisDate : DoorRefusal::OutsideEventDates};
}

DoorDecision decide_scan(const DoorTicket& ticket, const EntryRules& rules, std::span<const EventDate> event_dates,
                         const ScanFacts& scan) {
    if (scan.direction == ScanDirection::Out) return decide_exit(ticket, event_dates, scan.at);
    // What became of the ticket says more than that its code is old: a cancelled or refunded
    // ticket's secret was rotated too, and its holder is told why it no longer admits.
    if (ticket.state == TicketState::Cancelled) {
        return DoorDecision{ticket.transferred ? DoorRefusal::Revoked : DoorRefusal::Cancelled, std::nullopt};
    }
    if (ticket.is_refunded) return DoorDecision{DoorRefusal::Refunded, std::nullopt};
    if (ticket.revoked) return DoorDecision{DoorRefusal::Revoked, std::nullopt};
    if (ticket.is_refund_in_progress) return DoorDecision{DoorRefusal::RefundInProgress, std::nullopt};
    if (ticket.state == TicketState::Unactivated) return DoorDecision{DoorRefusal::NotActivated, std::nullopt};
    if (scan.scan_point && !rules.accepted_scan_points.empty() &&
        std::find(rules.accepted_scan_points.begin(), rules.accepted_scan_points.end(), *scan.scan_point) ==
            rules.accepted_scan_points.end()) {
        return DoorDecision{DoorRefusal::NotAtThisScanPoint, std::nullopt};
    }
    std::vector<std::string> ids;
    for (const DoorDate& date : ticket.dates) ids.push_back(date.event_date_id);
    const CurrentDate current = current_event_date(event_dates, ids, scan.at);
    if (current.refusal) return DoorDecision{current.refusal, std::nullopt};
    const auto index = date_index_of(ticket, event_dates[*current.event_date_index].id);
    const DoorDate& date = ticket.dates[*index];
    if (date.inside) return DoorDecision{DoorRefusal::AlreadyInside, index};
    const auto limit = entry_limit(rules);
    if (limit && date.entries >= *limit) return DoorDecision{DoorRefusal::ReentryLimitReached, index};
    return DoorDecision{std::nullopt, index};
}

void check_scan_point(std::string_view scan_point) {
    require_text(scan_point, "scan_point", max_scan_point_length);
    if (is_blank(scan_point)) throw fail::scan_point_blank();
}

void check_nonce(std::string_view nonce) {
    require_text(nonce, "nonce", max_nonce_length);
    if (is_blank(nonce)) throw fail::nonce_blank();
    if (std::any_of(nonce.begin(), nonce.end(),
                    [](char character) { return static_cast<unsigned char>(character) < 0x20 || character == 0x7f; })) {
        throw fail::nonce_has_control();
    }
}

void check_door_batch(std::size_t items) {
    if (items > static_cast<std::size_t>(max_door_batch)) throw fail::door_batch_too_large(max_door_batch);
}

}  // namespace ticketcore::rules
