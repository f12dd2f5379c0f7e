#include "prelude.hpp"

#include <pybind11/native_enum.h>

#include <chrono>

#include "ticketcore/rules/door_rules.hpp"
#include "ticketcore/rules/offline_scanner.hpp"
#include "ticketcore/ticketcore.hpp"

namespace ticketcore::bindings {

namespace {

/// "in" / "out" or a ScanDirection.
ScanDirection to_direction(const py::handle& value) {
    if (py::isinstance<py::str>(value)) return scan_direction_from_string(text_of(value, "direction", 10));
    py::detail::make_caster<ScanDirection> caster;
    if (!caster.load(value, false)) {
        throw py::type_error("direction must be a ScanDirection, 'in' or 'out', not " +
                             plain_text(py::type::of(value).attr("__name__")));
    }
    return py::detail::cast_op<ScanDirection>(caster);
}

ScanRequest scan_request(const std::string& ticket, const std::string& inspector_id, const std::string& scan_point,
                         const std::string& nonce, const py::object& direction, std::optional<Instant> at) {
    return ScanRequest{ticket, inspector_id, scan_point, to_direction(direction), nonce, at};
}

/// The system clock's now: what an offline scanner scans at when no instant is given.
Instant system_now() {
    const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
    return Instant{std::chrono::duration_cast<std::chrono::microseconds>(since_epoch).count()};
}

/// The longest JSON text (a scanner export, a list of offline scans) taken, in characters: an
/// export of an event with 100,000 tickets is about 30 million.
constexpr std::size_t max_json_text = 1U << 30U;

/// A JSON text argument: a str, validated as text (no NUL, no lone surrogate) up to max_json_text.
std::string_view json_text(const py::handle& value, const char* field) {
    if (!py::isinstance<py::str>(value)) {
        throw py::type_error(std::string(field) + " must be str, not " +
                             plain_text(py::type::of(value).attr("__name__")));
    }
    return text_view_of(value, field, max_json_text);
}

/// A JSON text of offline scans, or a list of OfflineScan.
ScanImport import_scans(const Door& door, const py::object& scans) {
    if (py::isinstance<py::str>(scans)) {
        std::string text(json_text(scans, "scans"));
        GilRelease release;
        return door.import_scans_json(text);
    }
    if (py::isinstance<py::bytes>(scans) || !py::isinstance<py::sequence>(scans)) {
        throw py::type_error("scans must be a JSON text or a list of OfflineScan, not " +
                             plain_text(py::type::of(scans).attr("__name__")));
    }
    const auto list = convert<std::vector<OfflineScan>>(scans, "scans", "a list of OfflineScan");
    GilRelease release;
    return door.import_scans(list);
}

}  // namespace

void register_door(py::module_& m) {
    py::native_enum<ScanDirection>(m, "ScanDirection", "enum.Enum", "Which way a holder passes the scan point.")
        .value("IN", ScanDirection::In)
        .value("OUT", ScanDirection::Out)
        .finalize();
    py::native_enum<DoorRefusal>(m, "DoorRefusal", "enum.Enum", "Why a scan does not admit.")
        .value("UNKNOWN", DoorRefusal::Unknown)
        .value("FORGED", DoorRefusal::Forged)
        .value("REVOKED", DoorRefusal::Revoked)
        .value("CANCELLED", DoorRefusal::Cancelled)
        .value("REFUNDED", DoorRefusal::Refunded)
        .value("REFUND_IN_PROGRESS", DoorRefusal::RefundInProgress)
        .value("NOT_ACTIVATED", DoorRefusal::NotActivated)
        .value("NOT_FOR_THIS_DATE", DoorRefusal::NotForThisDate)
        .value("NOT_AT_THIS_SCAN_POINT", DoorRefusal::NotAtThisScanPoint)
        .value("ALREADY_INSIDE", DoorRefusal::AlreadyInside)
        .value("REENTRY_LIMIT_REACHED", DoorRefusal::ReentryLimitReached)
        .value("OUTSIDE_EVENT_DATES", DoorRefusal::OutsideEventDates)
        .value("NOT_INSIDE", DoorRefusal::NotInside)
        .finalize();
    py::native_enum<ScanSource>(m, "ScanSource", "enum.Enum",
                                "Where a scan was decided: online, or offline and imported.")
        .value("ONLINE", ScanSource::Online)
        .value("OFFLINE", ScanSource::Offline)
        .finalize();
    py::native_enum<InspectorKind>(m, "InspectorKind", "enum.Enum", "External door staff, or a board member.")
        .value("EXTERNAL", InspectorKind::External)
        .value("BOARD_MEMBER", InspectorKind::BoardMember)
        .finalize();
    m.def(
        "door_refusal_message", [](DoorRefusal refusal) { return std::string(rules::door_refusal_message(refusal)); },
        py::arg("refusal"), "The English message of a refusal.");

    py::class_<BoardMember> member(m, "BoardMember", "A board member of the organization (seed 002).");
    member.def_readonly("id", &BoardMember::id)
        .def_readonly("name", &BoardMember::name)
        .def_readonly("email", &BoardMember::email)
        .def_readonly("phone_number", &BoardMember::phone_number)
        .def_readonly("created", &BoardMember::created);
    add_value_dunders(member);

    py::class_<TicketInspector> inspector(m, "TicketInspector", "Someone who scans an event's tickets (seed 002).");
    inspector.def_readonly("id", &TicketInspector::id)
        .def_readonly("event_id", &TicketInspector::event_id)
        .def_readonly("kind", &TicketInspector::kind)
        .def_readonly("board_member_id", &TicketInspector::board_member_id)
        .def_readonly("name", &TicketInspector::name)
        .def_readonly("email", &TicketInspector::email)
        .def_readonly("phone_number", &TicketInspector::phone_number)
        .def_readonly("admissions", &TicketInspector::admissions)
        .def_readonly("created", &TicketInspector::created);
    add_value_dunders(inspector);

    const auto code_of = [](const std::optional<DoorRefusal>& refusal) -> std::optional<std::string> {
        if (!refusal) return std::nullopt;
        return std::string(rules::door_refusal_code(*refusal));
    };
    const auto message_of = [](const std::optional<DoorRefusal>& refusal) -> std::optional<std::string> {
        if (!refusal) return std::nullopt;
        return std::string(rules::door_refusal_message(*refusal));
    };

    py::class_<DoorVerdict> verdict(m, "DoorVerdict", "Whether a scanned ticket may pass now, and why not.");
    verdict.def_readonly("refusal", &DoorVerdict::refusal)
        .def_readonly("ticket_id", &DoorVerdict::ticket_id)
        .def_readonly("event_date_id", &DoorVerdict::event_date_id)
        .def_property_readonly("admitted", &DoorVerdict::admitted)
        .def_property_readonly("code", [code_of](const DoorVerdict& self) { return code_of(self.refusal); })
        .def_property_readonly("message", [message_of](const DoorVerdict& self) { return message_of(self.refusal); });
    add_value_dunders(verdict);

    py::class_<Scan> scan(m, "Scan", "One scan of the scan log: admitted or refused.");
    scan.def_readonly("id", &Scan::id)
        .def_readonly("event_id", &Scan::event_id)
        .def_readonly("ticket_id", &Scan::ticket_id)
        .def_readonly("ticket_date_id", &Scan::ticket_date_id)
        .def_readonly("event_date_id", &Scan::event_date_id)
        .def_readonly("inspector_id", &Scan::inspector_id)
        .def_readonly("scan_point", &Scan::scan_point)
        .def_readonly("direction", &Scan::direction)
        .def_readonly("nonce", &Scan::nonce)
        .def_readonly("refusal", &Scan::refusal)
        .def_readonly("at", &Scan::at)
        .def_readonly("entries", &Scan::entries)
        .def_readonly("inside", &Scan::inside)
        .def_readonly("source", &Scan::source)
        .def_readonly("conflict", &Scan::conflict)
        .def_property_readonly("admitted", &Scan::admitted)
        .def_property_readonly("code", [code_of](const Scan& self) { return code_of(self.refusal); })
        .def_property_readonly("message", [message_of](const Scan& self) { return message_of(self.refusal); });
    add_value_dunders(scan);

    py::class_<ScanOutcome> outcome(m, "ScanOutcome", "One item of redeem_many: its scan, or its error.");
    outcome.def_readonly("scan", &ScanOutcome::scan)
        .def_readonly("error_code", &ScanOutcome::error_code)
        .def_readonly("error_message", &ScanOutcome::error_message);
    add_value_dunders(outcome);

    py::class_<ScanRequest>(m, "ScanRequest", "One scan for redeem_many.")
        .def(py::init(&scan_request), named_args(), py::arg("ticket"), py::kw_only(), py::arg("inspector_id"),
             py::arg("scan_point"), py::arg("nonce"), py::arg("direction") = "in", py::arg("at") = py::none())
        .def_readonly("ticket", &ScanRequest::ticket)
        .def_readonly("inspector_id", &ScanRequest::inspector_id)
        .def_readonly("scan_point", &ScanRequest::scan_point)
        .def_readonly("direction", &ScanRequest::direction)
        .def_readonly("nonce", &ScanRequest::nonce)
        .def_readonly("at", &ScanRequest::at)
        .def("__repr__", [](const ScanRequest& self) {
            return "ScanRequest(ticket=" + plain_text(py::repr(py::str(self.ticket))) +
                   ", nonce=" + plain_text(py::repr(py::str(self.nonce))) + ")";
        });

    py::class_<OfflineScan> offline(m, "OfflineScan",
                                    "A scan an offline scanner recorded, as door.import_scans takes it.");
    offline
        .def(py::init([](const std::string& ticket, const std::string& nonce, const std::string& inspector_id,
                         const std::string& scan_point, Instant at, const py::object& direction,
                         std::optional<DoorRefusal> refusal) {
                 OfflineScan scan;
                 scan.ticket = ticket;
                 scan.nonce = nonce;
                 scan.inspector_id = inspector_id;
                 scan.scan_point = scan_point;
                 scan.at = at;
                 scan.direction = to_direction(direction);
                 scan.refusal = refusal;
                 return scan;
             }),
             named_args(), py::arg("ticket"), py::kw_only(), py::arg("nonce"), py::arg("inspector_id"),
             py::arg("scan_point"), py::arg("at"), py::arg("direction") = "in", py::arg("refusal") = py::none())
        .def_readonly("nonce", &OfflineScan::nonce)
        .def_readonly("ticket", &OfflineScan::ticket)
        .def_readonly("inspector_id", &OfflineScan::inspector_id)
        .def_readonly("scan_point", &OfflineScan::scan_point)
        .def_readonly("direction", &OfflineScan::direction)
        .def_readonly("at", &OfflineScan::at)
        .def_readonly("refusal", &OfflineScan::refusal)
        .def_readonly("ticket_id", &OfflineScan::ticket_id)
        .def_readonly("event_date_id", &OfflineScan::event_date_id)
        .def_readonly("entries", &OfflineScan::entries)
        .def_readonly("inside", &OfflineScan::inside)
        .def_property_readonly("admitted", &OfflineScan::admitted)
        .def_property_readonly("code", [code_of](const OfflineScan& self) { return code_of(self.refusal); })
        .def_property_readonly("message", [message_of](const OfflineScan& self) { return message_of(self.refusal); });
    add_value_dunders(offline);

    py::class_<ImportedScan> imported(m, "ImportedScan", "One scan of door.import_scans: its scan, or its error.");
    imported.def_readonly("nonce", &ImportedScan::nonce)
        .def_readonly("scan", &ImportedScan::scan)
        .def_readonly("replayed", &ImportedScan::replayed)
        .def_readonly("error_code", &ImportedScan::error_code)
        .def_readonly("error_message", &ImportedScan::error_message);
    add_value_dunders(imported);

    py::class_<ScanImport> result(m, "ScanImport", "What door.import_scans did: each scan, and the counts.");
    result.def_property_readonly("scans", [](const ScanImport& self) { return py::tuple(py::cast(self.scans)); })
        .def_readonly("recorded", &ScanImport::recorded)
        .def_readonly("replayed", &ScanImport::replayed)
        .def_readonly("conflicts", &ScanImport::conflicts)
        .def_readonly("failed", &ScanImport::failed);
    add_value_dunders(result);

    py::class_<AttendanceDate> attendance_date(m, "AttendanceDate", "One date of a ticket in the attendance feed.");
    attendance_date.def_readonly("id", &AttendanceDate::id)
        .def_readonly("event_date_id", &AttendanceDate::event_date_id)
        .def_readonly("is_redeemed", &AttendanceDate::is_redeemed)
        .def_readonly("time_of_redemption", &AttendanceDate::time_of_redemption)
        .def_readonly("redeemed_by", &AttendanceDate::redeemed_by)
        .def_readonly("inspector_name", &AttendanceDate::inspector_name)
        .def_readonly("inspector_kind", &AttendanceDate::inspector_kind)
        .def_readonly("entries", &AttendanceDate::entries)
        .def_readonly("inside", &AttendanceDate::inside);
    add_value_dunders(attendance_date);

    py::class_<AttendanceTicket> attendance_ticket(m, "AttendanceTicket",
                                                   "One ticket of the attendance feed (seed 000).");
    attendance_ticket.def_readonly("id", &AttendanceTicket::id)
        .def_readonly("ticket_specification_id", &AttendanceTicket::ticket_specification_id)
        .def_readonly("specification_name", &AttendanceTicket::specification_name)
        .def_readonly("buyer_id", &AttendanceTicket::buyer_id)
        .def_readonly("holder_name", &AttendanceTicket::holder_name)
        .def_readonly("holder_email", &AttendanceTicket::holder_email)
        .def_readonly("state", &AttendanceTicket::state)
        .def_readonly("is_refunded", &AttendanceTicket::is_refunded)
        .def_readonly("is_refund_in_progress", &AttendanceTicket::is_refund_in_progress)
        .def_property_readonly("event_dates",
                               [](const AttendanceTicket& self) { return py::tuple(py::cast(self.event_dates)); });
    add_value_dunders(attendance_ticket);

    py::class_<rules::OfflineScanner>(m, "OfflineScanner",
                                      "A door scanner deciding from a scanner export alone (docs/offline-scanners.md).")
        .def(py::init([](const py::object& export_json) {
                 const std::string_view text = json_text(export_json, "export_json");
                 GilRelease release;  // the str stays alive (and unchanged) as the call's argument
                 return rules::OfflineScanner(text);
             }),
             named_args(), py::arg("export_json"))
        .def_property_readonly("organization_id", &rules::OfflineScanner::organization_id)
        .def_property_readonly("event_id", &rules::OfflineScanner::event_id)
        .def_property_readonly("exported_at", &rules::OfflineScanner::exported_at)
        .def_property_readonly("has_ticket_list", &rules::OfflineScanner::has_ticket_list)
        .def(
            "validate",
            [](const rules::OfflineScanner& self, const std::string& payload,
               const std::optional<std::string>& scan_point,
               std::optional<Instant> at) { return self.validate(payload, scan_point, at.value_or(system_now())); },
            named_args(), py::arg("payload"), py::kw_only(), py::arg("scan_point") = py::none(),
            py::arg("at") = py::none())
        .def(
            "redeem",
            [](rules::OfflineScanner& self, const std::string& ticket, const std::string& inspector_id,
               const std::string& scan_point, const std::string& nonce, const py::object& direction,
               std::optional<Instant> at) {
                return self.redeem(ticket, inspector_id, scan_point, nonce, to_direction(direction),
                                   at.value_or(system_now()));
            },
            named_args(), py::arg("payload_or_ticket_id"), py::kw_only(), py::arg("inspector_id"),
            py::arg("scan_point"), py::arg("nonce"), py::arg("direction") = "in", py::arg("at") = py::none())
        .def_property_readonly("scans",
                               [](const rules::OfflineScanner& self) { return py::tuple(py::cast(self.scans())); })
        .def("scans_json", &rules::OfflineScanner::scans_json)
        .def("__repr__", [](const rules::OfflineScanner& self) {
            return "OfflineScanner(event_id=" + plain_text(py::repr(py::str(self.event_id()))) +
                   ", has_ticket_list=" + (self.has_ticket_list() ? "True" : "False") +
                   ", scans=" + std::to_string(self.scans().size()) + ")";
        });

    add_page_class<BoardMember>(m, "BoardMemberPage", "A page of the organization's board members.");
    add_page_class<TicketInspector>(m, "TicketInspectorPage", "A page of an event's ticket inspectors.");
    add_page_class<Scan>(m, "ScanPage", "A page of an event's scan log, in the order scans were recorded.");
    add_page_class<AttendanceTicket>(m, "AttendanceTicketPage",
                                     "A page of an event's attendance feed, in issue order.");

    py::class_<Door>(m, "Door", "The door: inspectors, validate, redeem, the scan log.")
        .def("add_board_member", &Door::add_board_member, named_args(), py::arg("name"), py::kw_only(),
             py::arg("email"), py::arg("phone_number"), py::arg("idempotency_key") = py::none(), release_gil())
        .def(
            "board_members",
            [](const Door& self, Int64 first, std::optional<std::string> after) {
                const PageRequest page{first.value, std::move(after)};
                GilRelease release;
                return self.board_members(page);
            },
            named_args(), py::kw_only(), py::arg("first") = Int64{default_page_size}, py::arg("after") = py::none())
        .def("add_external_inspector", &Door::add_external_inspector, named_args(), py::arg("event_id"), py::kw_only(),
             py::arg("name"), py::arg("email"), py::arg("phone_number"), py::arg("idempotency_key") = py::none(),
             release_gil())
        .def("add_board_member_inspector", &Door::add_board_member_inspector, named_args(), py::arg("event_id"),
             py::arg("board_member_id"), py::kw_only(), py::arg("idempotency_key") = py::none(), release_gil())
        .def("remove_inspector", &Door::remove_inspector, named_args(), py::arg("inspector_id"), release_gil())
        .def("get_inspector", &Door::get_inspector, named_args(), py::arg("inspector_id"), release_gil())
        .def(
            "ticket_inspectors",
            [](const Door& self, const std::string& event_id, Int64 first, std::optional<std::string> after) {
                const PageRequest page{first.value, std::move(after)};
                GilRelease release;
                return self.ticket_inspectors(event_id, page);
            },
            named_args(), py::arg("event_id"), py::kw_only(), py::arg("first") = Int64{default_page_size},
            py::arg("after") = py::none())
        .def("validate", &Door::validate, named_args(), py::arg("payload"), py::kw_only(),
             py::arg("scan_point") = py::none(), py::arg("at") = py::none(), release_gil())
        .def(
            "validate_many",
            [](const Door& self, const py::object& payloads, const std::optional<std::string>& scan_point,
               std::optional<Instant> at) {
                const std::vector<std::string> texts = to_strings(payloads, "payloads");
                GilRelease release;
                return self.validate_many(texts, scan_point, at);
            },
            named_args(), py::arg("payloads"), py::kw_only(), py::arg("scan_point") = py::none(),
            py::arg("at") = py::none())
        .def(
            "redeem",
            [](const Door& self, const std::string& ticket, const std::string& inspector_id,
               const std::string& scan_point, const std::string& nonce, const py::object& direction,
               std::optional<Instant> at) {
                const ScanRequest request = scan_request(ticket, inspector_id, scan_point, nonce, direction, at);
                GilRelease release;
                return self.redeem(request);
            },
            named_args(), py::arg("payload_or_ticket_id"), py::kw_only(), py::arg("inspector_id"),
            py::arg("scan_point"), py::arg("nonce"), py::arg("direction") = "in", py::arg("at") = py::none())
        .def(
            "redeem_many",
            [](const Door& self, const py::object& scans) {
                const auto requests = convert<std::vector<ScanRequest>>(scans, "scans", "a list of ScanRequest");
                GilRelease release;
                return self.redeem_many(requests);
            },
            named_args(), py::arg("scans"))
        .def(
            "scans",
            [](const Door& self, const std::string& event_id, Int64 first, std::optional<std::string> after) {
                const PageRequest page{first.value, std::move(after)};
                GilRelease release;
                return self.scans(event_id, page);
            },
            named_args(), py::arg("event_id"), py::kw_only(), py::arg("first") = Int64{default_page_size},
            py::arg("after") = py::none())
        .def("export_scanner", &Door::export_scanner, named_args(), py::arg("event_id"), py::kw_only(),
             py::arg("include_tickets").noconvert() = false, release_gil())
        .def("import_scans", &import_scans, named_args(), py::arg("scans"))
        .def(
            "attendance",
            [](const Door& self, const std::string& event_id, Int64 first, std::optional<std::string> after) {
                const PageRequest page{first.value, std::move(after)};
                GilRelease release;
                return self.attendance(event_id, page);
            },
            named_args(), py::arg("event_id"), py::kw_only(), py::arg("first") = Int64{default_page_size},
            py::arg("after") = py::none());
}

}  // namespace ticketcore::bindings
