#include "ticketcore/rules/offline_scanner.hpp"

#include <algorithm>
#include <cctype>
#include <limits>
#include <variant>

#include "ticketcore/model/json.hpp"
#include "ticketcore/rules/text_rules.hpp"
#include "ticketcore/rules/ticket_payload.hpp"
#include "ticketcore/values/error_catalogue.hpp"
#include "ticketcore/values/uuid.hpp"
#include "values/hex.hpp"

namespace ticketcore::rules {

namespace {

Json optional_json(const std::optional<std::string>& text) {
    return text ? Json(*text) : Json(nullptr);
}

Json refusal_json(const std::optional<DoorRefusal>& refusal) {
    return refusal ? Json(std::string(door_refusal_code(*refusal))) : Json(nullptr);
}

std::string lowercase(std::string_view text) {
    std::string lower(text);
    for (char& character : lower) character = static_cast<char>(std::tolower(static_cast<unsigned char>(character)));
    return lower;
}

// ---- reading an export: every field checked, each failure naming its path

[[noreturn]] void bad_export(const std::string& why) {
    throw fail::invalid_scanner_export(why);
}

const Json& field(const Json& object, const char* name, const std::string& path) {
    if (!object.is_object()) bad_export(path + " must be an object");
    const auto found = object.find(name);
    if (found == object.end()) bad_export(path + "." + name + " is missing");
    return *found;
}

std::string text_field(const Json& object, const char* name, const std::string& path) {
    const Json& value = field(object, name, path);
    if (!value.is_string()) bad_export(path + "." + name + " must be a string");
    return value.get<std::string>();
}

/// An id: text, not empty, in the lowercase the store writes ids in (a payload names its ticket
/// in lowercase).
std::string id_field(const Json& object, const char* name, const std::string& path) {
    std::string id = text_field(object, name, path);
    if (id.empty()) bad_export(path + "." + name + " must not be empty");
    return lowercase(id);
}

bool bool_field(const Json& object, const char* name, const std::string& path) {
    const Json& value = field(object, name, path);
    if (!value.is_boolean()) bad_export(path + "." + name + " must be true or false");
    return value.get<bool>();
}

std::int64_t integer_field(const Json& object, const char* name, const std::string& path, std::int64_t low,
                           std::int64_t high) {
    const Json& value = field(object, name, path);
    if (!value.is_number_integer()) bad_export(path + "." + name + " must be an integer");
    // An unsigned value above int64 is refused by the range check through its signed reading.
    if (value.is_number_unsigned() && value.get<std::uint64_t>() > static_cast<std::uint64_t>(high)) {
        bad_export(path + "." + name + " is out of range");
    }
    const auto number = value.get<std::int64_t>();
    if (number < low || number > high) bad_export(path + "." + name + " is out of range");
    return number;
}

Instant instant_field(const Json& object, const char* name, const std::string& path) {
    return Instant{integer_field(object, name, path, earliest_instant.micros, latest_instant.micros)};
}

const Json& array_field(const Json& object, const char* name, const std::string& path) {
    const Json& value = field(object, name, path);
    if (!value.is_array()) bad_export(path + "." + name + " must be a list");
    return value;
}

std::string at(const std::string& path, std::size_t index) {
    return path + "[" + std::to_string(index) + "]";
}

std::optional<std::uint32_t> generation_field(const Json& object, const std::string& path) {
    const Json& value = field(object, "generation", path);
    if (value.is_null()) return std::nullopt;
    return static_cast<std::uint32_t>(integer_field(object, "generation", path, 1, 4'294'967'295LL));
}

DoorDate door_date(const Json& object, const std::string& path) {
    return DoorDate{id_field(object, "ticket_date_id", path), id_field(object, "event_date_id", path),
                    integer_field(object, "entries", path, 0, std::numeric_limits<std::int64_t>::max()),
                    bool_field(object, "inside", path)};
}

TicketState state_field(const Json& object, const std::string& path) {
    const std::string state = text_field(object, "state", path);
    if (state == "valid") return TicketState::Valid;
    if (state == "unactivated") return TicketState::Unactivated;
    if (state == "cancelled") return TicketState::Cancelled;
    bad_export(path + ".state must be 'valid', 'unactivated' or 'cancelled'");
}

// ---- offline scans

[[noreturn]] void bad_scans(const std::string& why) {
    throw fail::invalid_offline_scans(why);
}

const Json& scan_field(const Json& object, const char* name, const std::string& path) {
    const auto found = object.find(name);
    if (found == object.end()) bad_scans(path + "." + name + " is missing");
    return *found;
}

std::string scan_text(const Json& object, const char* name, const std::string& path) {
    const Json& value = scan_field(object, name, path);
    if (!value.is_string()) bad_scans(path + "." + name + " must be a string");
    return value.get<std::string>();
}

OfflineScan read_scan(const Json& object, const std::string& path) {
    if (!object.is_object()) bad_scans(path + " must be an object");
    OfflineScan scan;
    scan.nonce = scan_text(object, "nonce", path);
    scan.ticket = scan_text(object, "ticket", path);
    scan.inspector_id = scan_text(object, "inspector_id", path);
    scan.scan_point = scan_text(object, "scan_point", path);
    const std::string direction = scan_text(object, "direction", path);
    if (direction != "in" && direction != "out") bad_scans(path + ".direction must be 'in' or 'out'");
    scan.direction = direction == "in" ? ScanDirection::In : ScanDirection::Out;
    const Json& when = scan_field(object, "at_us", path);
    const bool integer =
        when.is_number_integer() &&
        !(when.is_number_unsigned() && when.get<std::uint64_t>() > static_cast<std::uint64_t>(latest_instant.micros));
    if (!integer || !in_range(Instant{when.get<std::int64_t>()})) {
        bad_scans(path + ".at_us must be an instant in microseconds since 1970 (years 1 to 9999)");
    }
    scan.at = Instant{when.get<std::int64_t>()};
    const Json& admitted = scan_field(object, "admitted", path);
    if (!admitted.is_boolean()) bad_scans(path + ".admitted must be true or false");
    const auto reason = object.find("reason");
    const bool has_reason = reason != object.end() && !reason->is_null();
    if (admitted.get<bool>()) {
        if (has_reason) bad_scans(path + ".reason must be null for an admitted scan");
    } else {
        if (!has_reason) bad_scans(path + ".reason is missing for a refused scan");
        if (!reason->is_string()) bad_scans(path + ".reason must be a refusal code");
        const auto code = reason->get<std::string>();
        const auto refusals = all_door_refusals();
        const auto known = std::find_if(refusals.begin(), refusals.end(),
                                        [&](DoorRefusal refusal) { return door_refusal_code(refusal) == code; });
        if (known == refusals.end()) bad_scans(path + ".reason is no refusal code");
        scan.refusal = *known;
    }
    return scan;
}

}  // namespace

// ---- the writer

ScannerExportWriter::ScannerExportWriter(const std::string& organization_id, const Event& event,
                                         std::span<const SigningKeyInfo> keys,
                                         std::span<const TicketSpecification> specifications, Instant exported_at,
                                         bool include_tickets)
    : include_tickets_(include_tickets) {
    Json dates = Json::array();
    for (const EventDate& date : event.dates) {
        dates.push_back(Json{{"id", date.id},
                             {"start_us", date.start.micros},
                             {"end_us", date.end.micros},
                             {"local_start", date.local_start},
                             {"local_end", date.local_end}});
    }
    Json key_list = Json::array();
    for (const SigningKeyInfo& key : keys) {
        key_list.push_back(
            Json{{"key_id", key.key_id}, {"public_key", key.public_key}, {"state", std::string(to_string(key.state))}});
    }
    Json spec_list = Json::array();
    for (const TicketSpecification& spec : specifications) {
        spec_list.push_back(Json{{"id", spec.id},
                                 {"name", spec.name},
                                 {"allow_reentry", spec.allow_reentry},
                                 {"reentry_limit", spec.reentry_limit ? Json(*spec.reentry_limit) : Json(nullptr)},
                                 {"accepted_scan_points", spec.accepted_scan_points}});
    }
    const Json head{{"format", std::string(scanner_export_format)},
                    {"version", scanner_export_version},
                    {"organization_id", organization_id},
                    {"exported_at_us", exported_at.micros},
                    {"exported_at", format_utc(exported_at)},
                    {"event", Json{{"id", event.id}, {"time_zone", event.time_zone}, {"dates", dates}}},
                    {"keys", key_list},
                    {"specifications", spec_list},
                    {"includes_tickets", include_tickets}};
    text_ = head.dump();
    text_.pop_back();  // the closing brace: the lists follow
    text_ += ",\"revocations\":[";
}

void ScannerExportWriter::enter(Section section) {
    while (section_ < section) {
        switch (section_) {
            case Section::Revocations: text_ += "],\"refunds\":["; break;
            case Section::Refunds: text_ += include_tickets_ ? "],\"tickets\":[" : "],\"tickets\":null"; break;
            case Section::Tickets: text_ += include_tickets_ ? "]}" : "}"; break;
            case Section::Done: break;
        }
        section_ = static_cast<Section>(static_cast<int>(section_) + 1);
        first_ = true;
    }
}

void ScannerExportWriter::item(const std::string& json) {
    if (!first_) text_ += ',';
    first_ = false;
    text_ += json;
}

void ScannerExportWriter::add_revocation(const std::string& ticket_id, std::optional<std::uint32_t> generation) {
    enter(Section::Revocations);
    item(Json{{"ticket_id", ticket_id}, {"generation", generation ? Json(*generation) : Json(nullptr)}}.dump());
}

void ScannerExportWriter::add_refund(const std::string& ticket_id, bool is_refunded, bool is_refund_in_progress) {
    enter(Section::Refunds);
    item(Json{{"ticket_id", ticket_id}, {"is_refunded", is_refunded}, {"is_refund_in_progress", is_refund_in_progress}}
             .dump());
}

void ScannerExportWriter::add_ticket(const ExportedTicket& ticket) {
    enter(Section::Tickets);
    Json dates = Json::array();
    for (const DoorDate& date : ticket.dates) {
        dates.push_back(Json{{"ticket_date_id", date.ticket_date_id},
                             {"event_date_id", date.event_date_id},
                             {"entries", date.entries},
                             {"inside", date.inside}});
    }
    item(Json{{"id", ticket.id},
              {"specification_id", ticket.specification_id},
              {"state", std::string(to_string(ticket.state))},
              {"is_refunded", ticket.is_refunded},
              {"is_refund_in_progress", ticket.is_refund_in_progress},
              {"generation", ticket.generation},
              {"transferred", ticket.transferred},
              {"dates", dates}}
             .dump());
}

std::string ScannerExportWriter::finish() {
    enter(Section::Done);
    return std::move(text_);
}

// ---- the strictest rules

EntryRules strictest_entry_rules(std::span<const EntryRules> specifications) {
    EntryRules strictest{true, std::nullopt, {}};
    bool any_points_list = false;
    std::vector<std::string> points;
    for (const EntryRules& rules : specifications) {
        if (!rules.allow_reentry) strictest.allow_reentry = false;
        if (rules.allow_reentry && rules.reentry_limit) {
            strictest.reentry_limit = strictest.reentry_limit ? std::min(*strictest.reentry_limit, *rules.reentry_limit)
                                                              : *rules.reentry_limit;
        }
        if (rules.accepted_scan_points.empty()) continue;
        if (!any_points_list) {
            points = rules.accepted_scan_points;
            any_points_list = true;
        } else {
            std::erase_if(points, [&](const std::string& point) {
                return std::find(rules.accepted_scan_points.begin(), rules.accepted_scan_points.end(), point) ==
                       rules.accepted_scan_points.end();
            });
        }
    }
    if (specifications.empty()) strictest.allow_reentry = false;
    if (!strictest.allow_reentry) strictest.reentry_limit.reset();
    if (any_points_list) {
        // Specifications that accept no point in common: no point admits. A list naming a point
        // no scanner uses stands for "none".
        strictest.accepted_scan_points = points.empty() ? std::vector<std::string>{std::string(1, '\0')} : points;
    }
    return strictest;
}

// ---- the scanner

OfflineScanner::OfflineScanner(std::string_view export_text) {
    const Json root = Json::parse(export_text, nullptr, false);
    if (root.is_discarded()) bad_export("the text is not JSON");
    if (!root.is_object()) bad_export("the text must be a JSON object");
    if (text_field(root, "format", "export") != scanner_export_format) {
        bad_export("export.format must be '" + std::string(scanner_export_format) + "'");
    }
    if (integer_field(root, "version", "export", 1, std::numeric_limits<std::int64_t>::max()) !=
        scanner_export_version) {
        bad_export("export.version " + field(root, "version", "export").dump() + " is not one this build reads (" +
                   std::to_string(scanner_export_version) + ")");
    }
    organization_id_ = id_field(root, "organization_id", "export");
    if (!is_uuid(organization_id_)) bad_export("export.organization_id must be a UUID");
    exported_at_ = instant_field(root, "exported_at_us", "export");
    const Json& event = field(root, "event", "export");
    event_id_ = id_field(event, "id", "export.event");
    const Json& dates = array_field(event, "dates", "export.event");
    for (std::size_t index = 0; index < dates.size(); ++index) {
        const std::string path = at("export.event.dates", index);
        EventDate date;
        date.id = id_field(dates[index], "id", path);
        date.event_id = event_id_;
        date.start = instant_field(dates[index], "start_us", path);
        date.end = instant_field(dates[index], "end_us", path);
        event_dates_.push_back(std::move(date));
    }
    const Json& keys = array_field(root, "keys", "export");
    for (std::size_t index = 0; index < keys.size(); ++index) {
        const std::string path = at("export.keys", index);
        const auto bytes = hex::decode(text_field(keys[index], "public_key", path));
        if (!bytes || bytes->size() != PublicKey::size)
            bad_export(path + ".public_key must be 64 lowercase hex digits");
        const PublicKey key = PublicKey::from_bytes(*bytes);
        // The key id is derived from the key, never trusted from the text.
        if (text_field(keys[index], "key_id", path) != key.key_id().text()) {
            bad_export(path + ".key_id is not the id of its public key");
        }
        keys_.emplace(key.key_id(), key);
    }
    const Json& specifications = array_field(root, "specifications", "export");
    std::vector<EntryRules> all_rules;
    for (std::size_t index = 0; index < specifications.size(); ++index) {
        const std::string path = at("export.specifications", index);
        const Json& spec = specifications[index];
        EntryRules rules;
        rules.allow_reentry = bool_field(spec, "allow_reentry", path);
        if (!field(spec, "reentry_limit", path).is_null()) {
            rules.reentry_limit =
                integer_field(spec, "reentry_limit", path, 1, std::numeric_limits<std::int64_t>::max());
        }
        const Json& points = array_field(spec, "accepted_scan_points", path);
        for (std::size_t point = 0; point < points.size(); ++point) {
            if (!points[point].is_string()) bad_export(at(path + ".accepted_scan_points", point) + " must be a string");
            rules.accepted_scan_points.push_back(points[point].get<std::string>());
        }
        all_rules.push_back(rules);
        specifications_.emplace(id_field(spec, "id", path), std::move(rules));
    }
    strictest_ = strictest_entry_rules(all_rules);
    const Json& revocations = array_field(root, "revocations", "export");
    for (std::size_t index = 0; index < revocations.size(); ++index) {
        const std::string path = at("export.revocations", index);
        revocations_[id_field(revocations[index], "ticket_id", path)] = generation_field(revocations[index], path);
    }
    const Json& refunds = array_field(root, "refunds", "export");
    for (std::size_t index = 0; index < refunds.size(); ++index) {
        const std::string path = at("export.refunds", index);
        refunds_[id_field(refunds[index], "ticket_id", path)] = {
            bool_field(refunds[index], "is_refunded", path), bool_field(refunds[index], "is_refund_in_progress", path)};
    }
    const Json& tickets = field(root, "tickets", "export");
    if (tickets.is_null()) return;
    if (!tickets.is_array()) bad_export("export.tickets must be a list or null");
    has_ticket_list_ = true;
    for (std::size_t index = 0; index < tickets.size(); ++index) {
        const std::string path = at("export.tickets", index);
        const Json& ticket = tickets[index];
        Known known;
        known.specification_id = id_field(ticket, "specification_id", path);
        const auto generation = generation_field(ticket, path);
        if (!generation) bad_export(path + ".generation must be an integer");
        known.generation = *generation;
        known.door.state = state_field(ticket, path);
        known.door.is_refunded = bool_field(ticket, "is_refunded", path);
        known.door.is_refund_in_progress = bool_field(ticket, "is_refund_in_progress", path);
        known.door.transferred = bool_field(ticket, "transferred", path);
        const Json& ticket_dates = array_field(ticket, "dates", path);
        for (std::size_t date = 0; date < ticket_dates.size(); ++date) {
            known.door.dates.push_back(door_date(ticket_dates[date], at(path + ".dates", date)));
        }
        tickets_.emplace(id_field(ticket, "id", path), std::move(known));
    }
}

OfflineScanner::Resolution OfflineScanner::resolve(std::string_view text) const {
    if (is_uuid(text)) {
        // A ticket id typed in by hand: only the ticket list can tell a real one.
        std::string id = lowercase(text);
        if (!tickets_.contains(id)) return Resolution{DoorRefusal::Unknown, {}, false};
        return Resolution{std::nullopt, std::move(id), false};
    }
    if (!text.starts_with(ticket_payload_prefix)) return Resolution{DoorRefusal::Forged, {}, false};
    const PublicKeyLookup lookup = [this](const KeyId& key_id) -> std::optional<PublicKey> {
        const auto found = keys_.find(key_id);
        if (found == keys_.end()) return std::nullopt;
        return found->second;
    };
    const PayloadVerification verified = verify_ticket_payload(text, organization_id_, lookup);
    const auto* payload = std::get_if<TicketPayload>(&verified);
    if (payload == nullptr) return Resolution{DoorRefusal::Forged, {}, false};
    std::uint32_t current = 1;
    if (has_ticket_list_) {
        const auto known = tickets_.find(payload->ticket_id);
        if (known == tickets_.end()) return Resolution{DoorRefusal::Unknown, {}, false};
        current = known->second.generation;
    } else if (const auto revoked = revocations_.find(payload->ticket_id); revoked != revocations_.end()) {
        // A ticket that admits with no payload any more: every payload of it is an old one.
        if (!revoked->second) return Resolution{std::nullopt, payload->ticket_id, true};
        current = *revoked->second;
    }
    if (const auto stale = check_generation(payload->generation, current)) {
        if (*stale != PayloadRefusal::RevokedGeneration) return Resolution{DoorRefusal::Forged, {}, false};
        return Resolution{std::nullopt, payload->ticket_id, true};
    }
    return Resolution{std::nullopt, payload->ticket_id, false};
}

const EntryRules& OfflineScanner::rules_of(const std::string& ticket_id) const {
    static const EntryRules none{};
    if (!has_ticket_list_) return strictest_;
    const auto known = tickets_.find(ticket_id);
    if (known == tickets_.end()) return none;
    const auto spec = specifications_.find(known->second.specification_id);
    return spec == specifications_.end() ? none : spec->second;
}

OfflineScanner::Decision OfflineScanner::decide(std::string_view text, const ScanFacts& facts) const {
    const Resolution resolution = resolve(text);
    Decision decision;
    if (resolution.refusal) {
        decision.decision = DoorDecision{resolution.refusal, std::nullopt};
        return decision;
    }
    decision.ticket_id = resolution.ticket_id;
    if (has_ticket_list_) {
        decision.ticket = tickets_.at(resolution.ticket_id).door;
    } else if (const auto local = local_.find(resolution.ticket_id); local != local_.end()) {
        decision.ticket = local->second;
    } else {
        // Unknown to the scanner but genuine: a valid ticket for every date, as the lists leave it.
        for (const EventDate& date : event_dates_) decision.ticket.dates.push_back(DoorDate{{}, date.id, 0, false});
    }
    if (!has_ticket_list_) {
        if (const auto refund = refunds_.find(resolution.ticket_id); refund != refunds_.end()) {
            decision.ticket.is_refunded = refund->second.first;
            decision.ticket.is_refund_in_progress = refund->second.second;
        }
    }
    decision.ticket.revoked = resolution.revoked;
    decision.decision = decide_scan(decision.ticket, rules_of(resolution.ticket_id), event_dates_, facts);
    return decision;
}

DoorVerdict OfflineScanner::validate(std::string_view text, const std::optional<std::string>& scan_point,
                                     Instant at) const {
    if (scan_point) check_scan_point(*scan_point);
    const Decision decided = decide(text, ScanFacts{scan_point, ScanDirection::In, at});
    DoorVerdict verdict{decided.decision.refusal, decided.ticket_id, std::nullopt};
    if (decided.decision.date_index) {
        verdict.event_date_id = decided.ticket.dates[*decided.decision.date_index].event_date_id;
    }
    return verdict;
}

OfflineScan OfflineScanner::redeem(const std::string& ticket, const std::string& inspector_id,
                                   const std::string& scan_point, const std::string& nonce, ScanDirection direction,
                                   Instant at) {
    check_scan_point(scan_point);
    check_nonce(nonce);
    require_text(inspector_id, "inspector_id", 1000);
    if (is_blank(inspector_id)) throw fail::inspector_id_required();
    require_in_range(at, "at");
    if (const auto seen = by_nonce_.find(nonce); seen != by_nonce_.end()) {
        const OfflineScan& first = scans_[seen->second];
        if (first.ticket != ticket || first.inspector_id != inspector_id || first.scan_point != scan_point ||
            first.direction != direction || first.at != at) {
            throw fail::idempotency_key_reused(nonce);
        }
        return first;
    }
    Decision decided = decide(ticket, ScanFacts{scan_point, direction, at});
    OfflineScan scan;
    scan.nonce = nonce;
    scan.ticket = ticket;
    scan.inspector_id = inspector_id;
    scan.scan_point = scan_point;
    scan.direction = direction;
    scan.at = at;
    scan.refusal = decided.decision.refusal;
    scan.ticket_id = decided.ticket_id;
    if (decided.decision.date_index) {
        DoorDate& date = decided.ticket.dates[*decided.decision.date_index];
        if (decided.decision.admitted()) {
            if (direction == ScanDirection::In) {
                ++date.entries;
                date.inside = true;
            } else {
                date.inside = false;
            }
            if (has_ticket_list_) {
                tickets_.at(*decided.ticket_id).door.dates = decided.ticket.dates;
            } else {
                local_[*decided.ticket_id].dates = decided.ticket.dates;
            }
        }
        scan.event_date_id = date.event_date_id;
        scan.entries = date.entries;
        scan.inside = date.inside;
    }
    by_nonce_.emplace(nonce, scans_.size());
    scans_.push_back(scan);
    return scan;
}

std::string OfflineScanner::scans_json() const {
    return offline_scans_json(scans_, organization_id_, event_id_);
}

std::string offline_scans_json(std::span<const OfflineScan> scans, const std::string& organization_id,
                               const std::string& event_id) {
    Json list = Json::array();
    for (const OfflineScan& scan : scans) {
        list.push_back(Json{{"nonce", scan.nonce},
                            {"ticket", scan.ticket},
                            {"inspector_id", scan.inspector_id},
                            {"scan_point", scan.scan_point},
                            {"direction", std::string(to_string(scan.direction))},
                            {"at_us", scan.at.micros},
                            {"admitted", scan.admitted()},
                            {"reason", refusal_json(scan.refusal)},
                            {"ticket_id", optional_json(scan.ticket_id)},
                            {"event_date_id", optional_json(scan.event_date_id)},
                            {"entries", scan.entries},
                            {"inside", scan.inside}});
    }
    return Json{{"format", std::string(offline_scans_format)},
                {"version", offline_scans_version},
                {"organization_id", organization_id},
                {"event_id", event_id},
                {"scans", list}}
        .dump();
}

std::vector<OfflineScan> parse_offline_scans(std::string_view text) {
    const Json root = Json::parse(text, nullptr, false);
    if (root.is_discarded()) bad_scans("the text is not JSON");
    const Json* list = &root;
    if (root.is_object()) {
        const auto format = root.find("format");
        if (format == root.end() || *format != std::string(offline_scans_format)) {
            bad_scans("scans.format must be '" + std::string(offline_scans_format) + "'");
        }
        const auto version = root.find("version");
        if (version == root.end() || !version->is_number_integer() || *version != offline_scans_version) {
            bad_scans("scans.version must be " + std::to_string(offline_scans_version));
        }
        const auto found = root.find("scans");
        if (found == root.end()) bad_scans("scans.scans is missing");
        list = &*found;
    }
    if (!list->is_array()) bad_scans("the scans must be a JSON list, or an object with the list in 'scans'");
    if (list->size() > static_cast<std::size_t>(max_import_scans)) {
        bad_scans("at most " + std::to_string(max_import_scans) + " scans per call");
    }
    std::vector<OfflineScan> scans;
    scans.reserve(list->size());
    for (std::size_t index = 0; index < list->size(); ++index) {
        scans.push_back(read_scan((*list)[index], at("scans", index)));
    }
    return scans;
}

}  // namespace ticketcore::rules
