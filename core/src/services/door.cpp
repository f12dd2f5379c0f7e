#include "ticketcore/services/door.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <map>
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
#include "ticketcore/rules/offline_scanner.hpp"
#include "ticketcore/rules/order_rules.hpp"
#include "ticketcore/rules/text_rules.hpp"
#include "ticketcore/rules/ticket_payload.hpp"
#include "ticketcore/rules/ticket_rules.hpp"
#include "ticketcore/values/error_catalogue.hpp"
#include "ticketcore/values/uuid.hpp"

namespace ticketcore {

namespace {

constexpr const char* redeem_operation = "door.redeem";
constexpr const char* add_member_operation = "door.add_board_member";
constexpr const char* add_inspector_operation = "door.add_inspector";
/// How many rows of a list the scanner export reads per statement.
constexpr std::int64_t export_page = 500;

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

Json scan_fingerprint(const ScanRequest& request) {
    return Json{{"ticket", request.ticket},
                {"inspector_id", request.inspector_id},
                {"scan_point", request.scan_point},
                {"direction", std::string(to_string(request.direction))},
                {"at", request.at ? Json(request.at->micros) : Json(nullptr)}};
}

Scan replayed_scan(const UnitOfWork& unit, const std::vector<std::string>& first) {
    auto stored = unit.door().find_scan(first.at(0));
    if (!stored) throw fail::ticket_not_found(first.at(0));
    return std::move(*stored);
}

/// The door state after a scan of the ticket date it concerns, on the scan.
void set_date_of(const UnitOfWork& unit, Scan& scan, const Decided& decided, const rules::DoorDecision& decision) {
    if (!decision.date_index) return;
    const rules::DoorDate& date = decided.ticket.dates.at(*decision.date_index);
    scan.ticket_date_id = date.ticket_date_id;
    scan.event_date_id = date.event_date_id;
    for (const repository::DoorDateRow& row : unit.door().door_dates(*scan.ticket_id)) {
        if (row.ticket_date_id == date.ticket_date_id) {
            scan.entries = row.entries;
            scan.inside = row.inside;
        }
    }
}

/// The event's revocation list, every page of it (tickets.revocations).
void add_revocations(const ReadContext& context, const std::string& event_id, rules::ScannerExportWriter& writer) {
    auto& tickets = context.tickets();
    // Through the partial index ticket_revocation, page by page from the last row read.
    for (std::int64_t after = 0;;) {
        const auto rows = tickets.page_revocations(event_id, after, export_page);
        for (const repository::RevokedTicketRow& row : rows) {
            EventTicket ticket;
            ticket.state = row.state;
            ticket.is_refunded = row.is_refunded;
            writer.add_revocation(row.ticket_id, rules::admitted_generation(ticket, row.generation));
        }
        if (static_cast<std::int64_t>(rows.size()) < export_page) break;
        after = tickets.revocation_position(event_id, rows.back().ticket_id).value_or(after);
    }
}

/// Records one scan in `unit`: decides it on the store as it is (a guarded write for an admitted
/// entry or exit), logs it, audits it and emits its events. `offline` is the verdict of the offline
/// scanner an imported scan was made with (nullopt for `redeem`): a scan it refused is logged with
/// its reason and changes nothing; one it admitted is decided here, and logged as a conflict when
/// the store refuses it.
Scan record_scan(UnitOfWork& unit, const std::string& organization_id, const ScanRequest& request,
                 const std::optional<rules::DoorDecision>& unguarded,
                 const std::optional<std::optional<DoorRefusal>>& offline) {
    const TicketInspector inspector = load_inspector(unit, request.inspector_id);
    Scan scan;
    scan.id = unit.new_id();
    scan.event_id = inspector.event_id;
    scan.inspector_id = inspector.id;
    scan.scan_point = request.scan_point;
    scan.direction = request.direction;
    scan.nonce = request.nonce;
    scan.at = request.at.value_or(unit.now);
    scan.source = offline ? ScanSource::Offline : ScanSource::Online;
    const bool admitted_offline = offline && !offline->has_value();

    const Resolved resolved =
        resolve(unit, organization_id, request.ticket, ticket_keys::lookup(unit, organization_id));
    if (!resolved.row) {
        scan.refusal = resolved.refusal;
        if (offline && !admitted_offline) scan.refusal = **offline;
    } else if (resolved.row->ticket.event_id != inspector.event_id) {
        if (!offline) throw fail::inspector_other_event(inspector.id, resolved.row->ticket.id);
        // An offline scanner without the ticket list cannot tell another event's ticket: the
        // store names it, refused as no ticket of this event.
        scan.ticket_id = resolved.row->ticket.id;
        scan.refusal = admitted_offline ? DoorRefusal::Unknown : **offline;
    } else {
        const EventTicket& ticket = resolved.row->ticket;
        scan.ticket_id = ticket.id;
        const rules::ScanFacts facts{request.scan_point, request.direction, scan.at};
        Decided decided = decide(unit, *resolved.row, resolved.revoked, facts);
        rules::DoorDecision decision = unguarded ? *unguarded : decided.decision;
        if (offline && !admitted_offline) {
            // Refused at the door: logged with the scanner's reason, the door state untouched.
            decision.refusal = **offline;
        } else if (decision.admitted()) {
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
        set_date_of(unit, scan, decided, decision);
    }
    scan.conflict = admitted_offline && !scan.admitted();
    unit.door().insert_scan(organization_id, scan);
    Json audited{{"ticket_id", scan.ticket_id ? Json(*scan.ticket_id) : Json(nullptr)},
                 {"inspector_id", scan.inspector_id},
                 {"scan_point", scan.scan_point},
                 {"direction", std::string(to_string(scan.direction))},
                 {"nonce", scan.nonce},
                 {"at", scan.at.micros},
                 {"admitted", scan.admitted()},
                 {"reason", scan.refusal ? Json(std::string(rules::door_refusal_code(*scan.refusal))) : Json(nullptr)}};
    if (offline) {
        audited["source"] = "offline";
        audited["conflict"] = scan.conflict;
    }
    unit.audit(offline ? "door.import_scan" : "door.redeem", "scan", scan.id, audited);
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
    if (scan.conflict) {
        unit.emit(organization_id, "door.scan_conflict", scan.ticket_id.value_or(scan.id),
                  Json{{"scan_id", scan.id},
                       {"ticket_id", scan.ticket_id ? Json(*scan.ticket_id) : Json(nullptr)},
                       {"event_id", scan.event_id},
                       {"inspector_id", scan.inspector_id},
                       {"scan_point", scan.scan_point},
                       {"direction", std::string(to_string(scan.direction))},
                       {"at", scan.at.micros},
                       {"reason", std::string(rules::door_refusal_code(*scan.refusal))}});
    }
    return scan;
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
    const Json fingerprint = scan_fingerprint(request);

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
            scan = replayed_scan(unit, *first);
            return;
        }
        scan = record_scan(unit, organization_id, request, unguarded, std::nullopt);
        idempotency::remember(unit, organization_id, redeem_operation, request.nonce, fingerprint, {scan.id});
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

std::string Door::export_scanner(const std::string& event_id, bool include_tickets) const {
    const Actor& actor = store_.actor();
    if (!actor.has_scope(scope::scan)) actor.require_scope(scope::events_read);
    const std::string organization_id = access::organization_of(actor);
    std::string text;
    bool keyless = false;
    const auto build = [&](ReadContext& context) {
        const Event event = access::event(context, event_id);
        const std::vector<SigningKeyInfo> keys = context.keys().live_keys(organization_id);
        keyless = keys.empty();
        if (keyless) return;
        const std::vector<TicketSpecification> specifications = snapshot::list_specifications(context, event.id);
        rules::ScannerExportWriter writer(organization_id, event, keys, specifications, context.now, include_tickets);
        auto& tickets = context.tickets();
        // Each list walks its index page by page from the last row read, within this one snapshot.
        add_revocations(context, event.id, writer);
        for (std::int64_t after = 0;;) {
            const auto rows = tickets.page_refund_activity(event.id, after, export_page);
            for (const EventTicket& ticket : rows) {
                writer.add_refund(ticket.id, ticket.is_refunded, ticket.is_refund_in_progress);
            }
            if (static_cast<std::int64_t>(rows.size()) < export_page) break;
            after = tickets.ticket_position(event.id, rows.back().id).value_or(after);
        }
        if (include_tickets) {
            for (std::int64_t after = 0;;) {
                const auto rows = context.door().page_door_tickets(event.id, after, export_page);
                for (const repository::DoorTicketRow& row : rows) {
                    rules::ExportedTicket ticket;
                    ticket.id = row.id;
                    ticket.specification_id = row.specification_id;
                    ticket.state = row.state;
                    ticket.is_refunded = row.is_refunded;
                    ticket.is_refund_in_progress = row.is_refund_in_progress;
                    ticket.generation = row.generation;
                    ticket.transferred = row.transferred;
                    for (const AttendanceDate& date : row.dates) {
                        ticket.dates.push_back(rules::DoorDate{date.id, date.event_date_id, date.entries, date.inside});
                    }
                    writer.add_ticket(ticket);
                }
                if (static_cast<std::int64_t>(rows.size()) < export_page) break;
                after = rows.back().position;
            }
        }
        text = writer.finish();
    };
    store_.read(build);
    if (keyless) {
        // An organization made before keys were gets its first key on first need (as signing_keys).
        store_.write([&](UnitOfWork& unit) { (void)ticket_keys::signing_key(unit, organization_id); });
        store_.read(build);
    }
    return text;
}

ScanImport Door::import_scans(const std::vector<OfflineScan>& scans) const {
    const Actor& actor = store_.actor();
    actor.require_scope(scope::scan);
    const std::string organization_id = access::organization_of(actor);
    if (scans.size() > static_cast<std::size_t>(rules::max_import_scans)) {
        throw fail::door_batch_too_large(rules::max_import_scans);
    }
    // Applied in the order of the scans' instants (the order given among equal instants), so that
    // an entry and the exit after it meet the door state in the order they happened.
    std::vector<std::size_t> order(scans.size());
    for (std::size_t index = 0; index < order.size(); ++index) order[index] = index;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t left, std::size_t right) { return scans[left].at < scans[right].at; });
    ScanImport result;
    result.scans.resize(scans.size());
    for (const std::size_t index : order) {
        const OfflineScan& offline = scans[index];
        ImportedScan& item = result.scans[index];
        item.nonce = offline.nonce;
        try {
            const ScanRequest request{offline.ticket,    offline.inspector_id, offline.scan_point,
                                      offline.direction, offline.nonce,        offline.at};
            check_scan_request(request);
            require_in_range(offline.at, "at");
            const Json fingerprint = scan_fingerprint(request);
            store_.write([&](UnitOfWork& unit) {
                if (const auto first =
                        idempotency::replay(unit, organization_id, redeem_operation, request.nonce, fingerprint)) {
                    item.scan = replayed_scan(unit, *first);
                    item.replayed = true;
                    return;
                }
                item.replayed = false;
                item.scan = record_scan(unit, organization_id, request, std::nullopt, offline.refusal);
                idempotency::remember(unit, organization_id, redeem_operation, request.nonce, fingerprint,
                                      {item.scan->id});
            });
        } catch (const TicketcoreError& error) {
            item.scan.reset();
            item.replayed = false;
            item.error_code = error.code();
            item.error_message = error.what();
        }
    }
    for (const ImportedScan& item : result.scans) {
        if (item.error_code) {
            ++result.failed;
            continue;
        }
        ++(item.replayed ? result.replayed : result.recorded);
        if (item.scan->conflict) ++result.conflicts;
    }
    return result;
}

ScanImport Door::import_scans_json(const std::string& scans_json) const {
    store_.actor().require_scope(scope::scan);
    return import_scans(rules::parse_offline_scans(scans_json));
}

Page<AttendanceTicket> Door::attendance(const std::string& event_id, const PageRequest& request) const {
    store_.actor().require_scope(scope::events_read);
    paging::check(request);
    Page<AttendanceTicket> page;
    store_.read([&](ReadContext& context) {
        (void)access::event(context, event_id);
        const std::int64_t after = paging::start(
            request, request.after ? context.tickets().ticket_position(event_id, *request.after) : std::nullopt,
            "a ticket of this event");
        std::map<std::string, std::string> names;
        for (const TicketSpecification& spec : snapshot::list_specifications(context, event_id)) {
            names.emplace(spec.id, spec.name);
        }
        std::vector<AttendanceTicket> nodes;
        for (repository::DoorTicketRow& row : context.door().page_door_tickets(event_id, after, request.first + 1)) {
            AttendanceTicket ticket;
            ticket.id = std::move(row.id);
            ticket.ticket_specification_id = std::move(row.specification_id);
            if (const auto name = names.find(ticket.ticket_specification_id); name != names.end()) {
                ticket.specification_name = name->second;
            }
            ticket.buyer_id = std::move(row.buyer_id);
            ticket.holder_name = std::move(row.holder_name);
            ticket.holder_email = std::move(row.holder_email);
            ticket.state = row.state;
            ticket.is_refunded = row.is_refunded;
            ticket.is_refund_in_progress = row.is_refund_in_progress;
            ticket.event_dates = std::move(row.dates);
            nodes.push_back(std::move(ticket));
        }
        page = paging::finish(std::move(nodes), request.first);
    });
    return page;
}

}  // namespace ticketcore
