#include "ticketcore/services/door.hpp"

#include <cctype>
#include <chrono>
#include <thread>
#include <variant>

#include "services/access.hpp"
#include "services/door_guard.hpp"
#include "services/idempotency.hpp"
#include "services/paging.hpp"
#include "services/snapshots.hpp"
#include "services/ticket_keys.hpp"
#include "services/unit_of_work.hpp"
#include "ticketcore/rules/door_rules.hpp"
#include "ticketcore/rules/order_rules.hpp"
#include "ticketcore/rules/text_rules.hpp"
#include "ticketcore/rules/ticket_payload.hpp"
#include "ticketcore/values/error_catalogue.hpp"
#include "ticketcore/values/uuid.hpp"

namespace ticketcore {

namespace {

constexpr const char* redeem_operation = "door.redeem";
constexpr const char* add_member_operation = "door.add_board_member";
constexpr const char* add_inspector_operation = "door.add_inspector";

/// The inspector a replayed add made (a removed one is not found any more).
TicketInspector replayed_inspector(const UnitOfWork& unit, const std::vector<std::string>& first) {
    auto found = unit.door().find_inspector(first.at(0));
    if (!found) throw fail::ticket_inspector_not_found(first.at(0));
    return std::move(*found);
}

/// What a scanned text names: a ticket of the organization, or why it names none.
struct Resolved {
    std::optional<repository::TicketRow> row;
    std::optional<DoorRefusal> refusal;
    bool revoked = false;
};

/// A ticket id (any case) is looked up (a ticket typed in by hand); a QR payload is verified with
/// the organization's keys: a payload that does not verify is `forged`, one naming no ticket of
/// the organization `unknown`, one of an older generation of the ticket's secret names the ticket
/// as revoked (refused for entry, `revoked`), one of a generation the ticket never had `forged`.
/// Any other text is no genuine code of the organization: `forged`.
Resolved resolve(const ReadContext& context, const std::string& organization_id, const std::string& text,
                 const rules::PublicKeyLookup& keys) {
    if (is_uuid(text)) {
        std::string id = text;
        for (char& character : id) character = static_cast<char>(std::tolower(static_cast<unsigned char>(character)));
        auto row = context.tickets().find_ticket(id);
        if (!row) return Resolved{std::nullopt, DoorRefusal::Unknown, false};
        return Resolved{std::move(row), std::nullopt, false};
    }
    if (!text.starts_with(rules::ticket_payload_prefix)) return Resolved{std::nullopt, DoorRefusal::Forged, false};
    const rules::PayloadVerification verified = rules::verify_ticket_payload(text, organization_id, keys);
    const auto* payload = std::get_if<rules::TicketPayload>(&verified);
    if (payload == nullptr) return Resolved{std::nullopt, DoorRefusal::Forged, false};
    auto row = context.tickets().find_ticket(payload->ticket_id);
    if (!row) return Resolved{std::nullopt, DoorRefusal::Unknown, false};
    if (const auto stale = rules::check_generation(payload->generation, row->generation)) {
        if (*stale != rules::PayloadRefusal::RevokedGeneration) {
            return Resolved{std::nullopt, DoorRefusal::Forged, false};
        }
        return Resolved{std::move(row), std::nullopt, true};
    }
    return Resolved{std::move(row), std::nullopt, false};
}

/// What the door decides about a resolved ticket, with what it decided from.
struct Decided {
    rules::DoorTicket ticket;
    rules::EntryRules rules;
    rules::DoorDecision decision;
    std::vector<EventDate> event_dates;
};

rules::DoorTicket door_ticket(const ReadContext& context, const EventTicket& ticket, bool revoked) {
    rules::DoorTicket door{
        ticket.state, ticket.is_refunded, ticket.is_refund_in_progress, revoked, ticket.transferred_to.has_value(), {}};
    for (const repository::DoorDateRow& row : context.door().door_dates(ticket.id)) {
        door.dates.push_back(rules::DoorDate{row.ticket_date_id, row.event_date_id, row.entries, row.inside});
    }
    return door;
}

Decided decide(const ReadContext& context, const repository::TicketRow& row, bool revoked,
               const rules::ScanFacts& facts) {
    Decided decided;
    decided.ticket = door_ticket(context, row.ticket, revoked);
    const auto spec = snapshot::find_specification(context, row.ticket.ticket_specification_id);
    if (spec) decided.rules = rules::entry_rules_of(spec->specification);
    if (auto event = snapshot::find_event(context, row.ticket.event_id)) decided.event_dates = std::move(event->dates);
    decided.decision = rules::decide_scan(decided.ticket, decided.rules, decided.event_dates, facts);
    return decided;
}

DoorVerdict verdict_of(const ReadContext& context, const std::string& organization_id, const std::string& text,
                       const rules::PublicKeyLookup& keys, const rules::ScanFacts& facts) {
    const Resolved resolved = resolve(context, organization_id, text, keys);
    if (!resolved.row) return DoorVerdict{resolved.refusal, std::nullopt, std::nullopt};
    const Decided decided = decide(context, *resolved.row, resolved.revoked, facts);
    DoorVerdict verdict{decided.decision.refusal, resolved.row->ticket.id, std::nullopt};
    if (decided.decision.date_index) {
        verdict.event_date_id = decided.ticket.dates[*decided.decision.date_index].event_date_id;
    }
    return verdict;
}

TicketInspector load_inspector(const ReadContext& context, const std::string& inspector_id) {
    auto found = context.door().find_inspector(inspector_id);
    if (!found) {
        access::missing(context, store::Owned::ticket_inspector, inspector_id,
                        [&] { throw fail::ticket_inspector_not_found(inspector_id); });
    }
    return std::move(*found);
}

void validate_person(const std::string& name, const std::string& email, const std::string& phone_number) {
    for (const auto& [text, field] : {std::pair{&name, "name"}, {&email, "email"}, {&phone_number, "phone_number"}}) {
        rules::require_text(*text, field, 1000);
    }
    rules::validate_buyer(BuyerInput{std::nullopt, name, email, "", ""});
    if (rules::is_blank(phone_number)) throw fail::phone_number_required();
}

Json inspector_json(const TicketInspector& inspector) {
    return Json{{"event_id", inspector.event_id},
                {"kind", std::string(to_string(inspector.kind))},
                {"board_member_id", inspector.board_member_id ? Json(*inspector.board_member_id) : Json(nullptr)},
                {"name", inspector.name},
                {"email", inspector.email},
                {"phone_number", inspector.phone_number}};
}

void check_scan_request(const ScanRequest& request) {
    rules::check_scan_point(request.scan_point);
    rules::check_nonce(request.nonce);
}

}  // namespace

BoardMember Door::add_board_member(const std::string& name, const std::string& email, const std::string& phone_number,
                                   const std::optional<std::string>& idempotency_key) const {
    const Actor& actor = store_.actor();
    actor.require_scope(scope::events_write);
    const std::string organization_id = access::organization_of(actor);
    validate_person(name, email, phone_number);
    idempotency::check(idempotency_key);
    const Json fingerprint{{"name", name}, {"email", email}, {"phone_number", phone_number}};
    BoardMember member;
    store_.write([&](UnitOfWork& unit) {
        if (const auto first =
                idempotency::replay(unit, organization_id, add_member_operation, idempotency_key, fingerprint)) {
            auto found = unit.door().find_board_member(first->at(0));
            if (!found) throw fail::board_member_not_found(first->at(0));
            member = std::move(*found);
            return;
        }
        member = BoardMember{unit.new_id(), name, email, phone_number, unit.now};
        unit.door().insert_board_member(organization_id, member);
        idempotency::remember(unit, organization_id, add_member_operation, idempotency_key, fingerprint, {member.id});
        unit.audit("door.add_board_member", "board_member", member.id,
                   Json{{"name", name}, {"email", email}, {"phone_number", phone_number}});
    });
    return member;
}

Page<BoardMember> Door::board_members(const PageRequest& request) const {
    const Actor& actor = store_.actor();
    actor.require_scope(scope::events_read);
    (void)access::organization_of(actor);
    paging::check(request);
    Page<BoardMember> page;
    store_.read([&](ReadContext& context) {
        auto& door = context.door();
        const std::int64_t after = paging::start(
            request, request.after ? door.board_member_position(*request.after) : std::nullopt, "a board member");
        page = paging::finish(door.page_board_members(after, request.first + 1), request.first);
    });
    return page;
}

TicketInspector Door::add_external_inspector(const std::string& event_id, const std::string& name,
                                             const std::string& email, const std::string& phone_number,
                                             const std::optional<std::string>& idempotency_key) const {
    store_.actor().require_scope(scope::events_write);
    validate_person(name, email, phone_number);
    idempotency::check(idempotency_key);
    const Json fingerprint{{"event_id", event_id}, {"name", name}, {"email", email}, {"phone_number", phone_number}};
    TicketInspector inspector;
    store_.write([&](UnitOfWork& unit) {
        const Event event = access::event(unit, event_id);
        if (const auto first = idempotency::replay(unit, event.organization_id, add_inspector_operation,
                                                   idempotency_key, fingerprint)) {
            inspector = replayed_inspector(unit, *first);
            return;
        }
        inspector = TicketInspector{
            unit.new_id(), event.id, InspectorKind::External, std::nullopt, name, email, phone_number, 0, unit.now};
        unit.door().insert_inspector(event.organization_id, inspector);
        idempotency::remember(unit, event.organization_id, add_inspector_operation, idempotency_key, fingerprint,
                              {inspector.id});
        unit.audit("door.add_inspector", "ticket_inspector", inspector.id, inspector_json(inspector));
    });
    return inspector;
}

TicketInspector Door::add_board_member_inspector(const std::string& event_id, const std::string& board_member_id,
                                                 const std::optional<std::string>& idempotency_key) const {
    store_.actor().require_scope(scope::events_write);
    idempotency::check(idempotency_key);
    const Json fingerprint{{"event_id", event_id}, {"board_member_id", board_member_id}};
    TicketInspector inspector;
    store_.write([&](UnitOfWork& unit) {
        const Event event = access::event(unit, event_id);
        if (const auto first = idempotency::replay(unit, event.organization_id, add_inspector_operation,
                                                   idempotency_key, fingerprint)) {
            inspector = replayed_inspector(unit, *first);
            return;
        }
        const auto member = unit.door().find_board_member(board_member_id);
        if (!member) {
            access::missing(unit, store::Owned::board_member, board_member_id,
                            [&] { throw fail::board_member_not_found(board_member_id); });
        }
        if (unit.door().inspector_of_board_member(event.id, member->id)) {
            throw fail::board_member_already_inspector(member->id, event.id);
        }
        inspector = TicketInspector{unit.new_id(), event.id,      InspectorKind::BoardMember, member->id,
                                    member->name,  member->email, member->phone_number,       0,
                                    unit.now};
        unit.door().insert_inspector(event.organization_id, inspector);
        idempotency::remember(unit, event.organization_id, add_inspector_operation, idempotency_key, fingerprint,
                              {inspector.id});
        unit.audit("door.add_inspector", "ticket_inspector", inspector.id, inspector_json(inspector));
    });
    return inspector;
}

void Door::remove_inspector(const std::string& inspector_id) const {
    store_.actor().require_scope(scope::events_write);
    store_.write([&](UnitOfWork& unit) {
        const TicketInspector inspector = load_inspector(unit, inspector_id);
        (void)access::event(unit, inspector.event_id);
        // A conditional write, so a removal and a concurrent admission by the inspector take turns.
        if (!unit.door().remove_inspector(inspector.id, unit.now)) {
            if (unit.door().find_inspector(inspector.id)) throw fail::inspector_has_check_ins();
            throw fail::ticket_inspector_not_found(inspector.id);
        }
        unit.audit("door.remove_inspector", "ticket_inspector", inspector.id, inspector_json(inspector));
    });
}

TicketInspector Door::get_inspector(const std::string& inspector_id) const {
    store_.actor().require_scope(scope::events_read);
    TicketInspector inspector;
    store_.read([&](ReadContext& context) { inspector = load_inspector(context, inspector_id); });
    return inspector;
}

Page<TicketInspector> Door::ticket_inspectors(const std::string& event_id, const PageRequest& request) const {
    store_.actor().require_scope(scope::events_read);
    paging::check(request);
    Page<TicketInspector> page;
    store_.read([&](ReadContext& context) {
        (void)access::event(context, event_id);
        auto& door = context.door();
        const std::int64_t after =
            paging::start(request, request.after ? door.inspector_position(event_id, *request.after) : std::nullopt,
                          "a ticket inspector of this event");
        page = paging::finish(door.page_inspectors(event_id, after, request.first + 1), request.first);
    });
    return page;
}

DoorVerdict Door::validate(const std::string& ticket, const std::optional<std::string>& scan_point,
                           const std::optional<Instant>& at) const {
    return validate_many({ticket}, scan_point, at).at(0);
}

std::vector<DoorVerdict> Door::validate_many(const std::vector<std::string>& tickets,
                                             const std::optional<std::string>& scan_point,
                                             const std::optional<Instant>& at) const {
    const Actor& actor = store_.actor();
    actor.require_scope(scope::scan);
    const std::string organization_id = access::organization_of(actor);
    if (scan_point) rules::check_scan_point(*scan_point);
    rules::check_door_batch(tickets.size());
    std::vector<DoorVerdict> verdicts;
    store_.read([&](ReadContext& context) {
        verdicts.clear();
        const rules::PublicKeyLookup keys = ticket_keys::lookup(context, organization_id);
        const rules::ScanFacts facts{scan_point, ScanDirection::In, at.value_or(context.now)};
        for (const std::string& text : tickets) {
            verdicts.push_back(verdict_of(context, organization_id, text, keys, facts));
        }
    });
    return verdicts;
}

Scan Door::redeem(const ScanRequest& request) const {
    const Actor& actor = store_.actor();
    actor.require_scope(scope::scan);
    const std::string organization_id = access::organization_of(actor);
    check_scan_request(request);
    const Json fingerprint{{"ticket", request.ticket},
                           {"inspector_id", request.inspector_id},
                           {"scan_point", request.scan_point},
                           {"direction", std::string(to_string(request.direction))},
                           {"at", request.at ? Json(request.at->micros) : Json(nullptr)}};

    // Test builds with the guard off: the decision is taken on a snapshot before the write and
    // applied without a condition, as a naive implementation would (see ticketcore::testing).
    std::optional<rules::DoorDecision> unguarded;
#ifdef TICKETCORE_TEST_HOOKS
    if (door_guard::disabled()) {
        store_.read([&](ReadContext& context) {
            const Resolved resolved =
                resolve(context, organization_id, request.ticket, ticket_keys::lookup(context, organization_id));
            if (!resolved.row) return;
            const rules::ScanFacts facts{request.scan_point, request.direction, request.at.value_or(context.now)};
            unguarded = decide(context, *resolved.row, resolved.revoked, facts).decision;
        });
        std::this_thread::sleep_for(std::chrono::microseconds(door_guard::race_window_micros()));
    }
#endif

    Scan scan;
    store_.write([&](UnitOfWork& unit) {
        if (const auto first =
                idempotency::replay(unit, organization_id, redeem_operation, request.nonce, fingerprint)) {
            auto stored = unit.door().find_scan(first->at(0));
            if (!stored) throw fail::ticket_not_found(first->at(0));
            scan = std::move(*stored);
            return;
        }
        const TicketInspector inspector = load_inspector(unit, request.inspector_id);
        scan = Scan{};
        scan.id = unit.new_id();
        scan.event_id = inspector.event_id;
        scan.inspector_id = inspector.id;
        scan.scan_point = request.scan_point;
        scan.direction = request.direction;
        scan.nonce = request.nonce;
        scan.at = request.at.value_or(unit.now);

        const Resolved resolved =
            resolve(unit, organization_id, request.ticket, ticket_keys::lookup(unit, organization_id));
        if (!resolved.row) {
            scan.refusal = resolved.refusal;
        } else {
            const EventTicket& ticket = resolved.row->ticket;
            if (ticket.event_id != inspector.event_id) throw fail::inspector_other_event(inspector.id, ticket.id);
            scan.ticket_id = ticket.id;
            const rules::ScanFacts facts{request.scan_point, request.direction, scan.at};
            Decided decided = decide(unit, *resolved.row, resolved.revoked, facts);
            rules::DoorDecision decision = unguarded ? *unguarded : decided.decision;
            if (decision.admitted()) {
                const rules::DoorDate& date = decided.ticket.dates.at(*decision.date_index);
                bool recorded = false;
                if (request.direction == ScanDirection::Out) {
                    recorded = unit.door().record_exit(date.ticket_date_id);
                } else if (unguarded) {
#ifdef TICKETCORE_TEST_HOOKS
                    unit.door().record_entry_unguarded(date.ticket_date_id, scan.at, inspector.id);
                    recorded = true;
#endif
                } else {
                    recorded = unit.door().record_entry(date.ticket_date_id, rules::entry_limit(decided.rules), scan.at,
                                                        inspector.id);
                }
                if (!recorded) {
                    // Another scanner's write came first: decide again on the row as it is now.
                    decided = decide(unit, *resolved.row, resolved.revoked, facts);
                    decision = decided.decision;
                    if (decision.admitted()) decision.refusal = DoorRefusal::AlreadyInside;
                }
                if (decision.admitted() && request.direction == ScanDirection::In &&
                    !unit.door().count_admission(inspector.id)) {
                    throw fail::ticket_inspector_not_found(inspector.id);
                }
            }
            scan.refusal = decision.refusal;
            if (decision.date_index) {
                const auto rows = unit.door().door_dates(ticket.id);
                const rules::DoorDate& date = decided.ticket.dates.at(*decision.date_index);
                scan.ticket_date_id = date.ticket_date_id;
                scan.event_date_id = date.event_date_id;
                for (const repository::DoorDateRow& row : rows) {
                    if (row.ticket_date_id == date.ticket_date_id) {
                        scan.entries = row.entries;
                        scan.inside = row.inside;
                    }
                }
            }
        }
        unit.door().insert_scan(organization_id, scan);
        idempotency::remember(unit, organization_id, redeem_operation, request.nonce, fingerprint, {scan.id});
        const Json audited{
            {"ticket_id", scan.ticket_id ? Json(*scan.ticket_id) : Json(nullptr)},
            {"inspector_id", scan.inspector_id},
            {"scan_point", scan.scan_point},
            {"direction", std::string(to_string(scan.direction))},
            {"nonce", scan.nonce},
            {"at", scan.at.micros},
            {"admitted", scan.admitted()},
            {"reason", scan.refusal ? Json(std::string(rules::door_refusal_code(*scan.refusal))) : Json(nullptr)}};
        unit.audit("door.redeem", "scan", scan.id, audited);
        if (scan.admitted()) {
            unit.emit(organization_id, scan.direction == ScanDirection::In ? "ticket.entered" : "ticket.exited",
                      *scan.ticket_id,
                      Json{{"scan_id", scan.id},
                           {"ticket_id", *scan.ticket_id},
                           {"event_id", scan.event_id},
                           {"event_date_id", *scan.event_date_id},
                           {"inspector_id", scan.inspector_id},
                           {"scan_point", scan.scan_point},
                           {"at", scan.at.micros},
                           {"entries", scan.entries}});
        }
    });
    return scan;
}

std::vector<ScanOutcome> Door::redeem_many(const std::vector<ScanRequest>& requests) const {
    const Actor& actor = store_.actor();
    actor.require_scope(scope::scan);
    (void)access::organization_of(actor);
    rules::check_door_batch(requests.size());
    std::vector<ScanOutcome> outcomes;
    outcomes.reserve(requests.size());
    for (const ScanRequest& request : requests) {
        ScanOutcome outcome;
        try {
            outcome.scan = redeem(request);
        } catch (const TicketcoreError& error) {
            outcome.error_code = error.code();
            outcome.error_message = error.what();
        }
        outcomes.push_back(std::move(outcome));
    }
    return outcomes;
}

Page<Scan> Door::scans(const std::string& event_id, const PageRequest& request) const {
    store_.actor().require_scope(scope::events_read);
    paging::check(request);
    Page<Scan> page;
    store_.read([&](ReadContext& context) {
        (void)access::event(context, event_id);
        auto& door = context.door();
        const std::int64_t after =
            paging::start(request, request.after ? door.scan_position(event_id, *request.after) : std::nullopt,
                          "a scan of this event");
        page = paging::finish(door.page_scans(event_id, after, request.first + 1), request.first);
    });
    return page;
}

}  // namespace ticketcore
