#include "prelude.hpp"

#include <pybind11/native_enum.h>

#include "ticketcore/rules/door_rules.hpp"
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

    add_page_class<BoardMember>(m, "BoardMemberPage", "A page of the organization's board members.");
    add_page_class<TicketInspector>(m, "TicketInspectorPage", "A page of an event's ticket inspectors.");
    add_page_class<Scan>(m, "ScanPage", "A page of an event's scan log, in the order scans were recorded.");

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
            py::arg("after") = py::none());
}

}  // namespace ticketcore::bindings
