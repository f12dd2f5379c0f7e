#include "prelude.hpp"

#include <pybind11/native_enum.h>

#include "ticketcore/ticketcore.hpp"

namespace ticketcore::bindings {

void register_refunds(py::module_& m) {
    py::native_enum<RefundState>(m, "RefundState", "enum.Enum", "Where a refund stands.")
        .value("IN_PROGRESS", RefundState::InProgress)
        .value("REFUNDED", RefundState::Refunded)
        .value("FAILED", RefundState::Failed)
        .finalize();

    py::class_<RefundedTicket> part(m, "RefundedTicket", "A ticket of a refund and its part of the amount.");
    part.def_readonly("ticket_id", &RefundedTicket::ticket_id).def_readonly("amount", &RefundedTicket::amount);
    add_value_dunders(part);

    py::class_<Refund> refund(m, "Refund", "A refund of one ticket or of an order (seed 004).");
    refund.def_readonly("id", &Refund::id)
        .def_readonly("event_id", &Refund::event_id)
        .def_readonly("order_id", &Refund::order_id)
        .def_readonly("ticket_id", &Refund::ticket_id)
        .def_readonly("state", &Refund::state)
        .def_readonly("amount", &Refund::amount)
        .def_readonly("fees_included", &Refund::fees_included)
        .def_readonly("allow_redeemed", &Refund::allow_redeemed)
        .def_readonly("note", &Refund::note)
        .def_property_readonly("tickets", [](const Refund& self) { return py::tuple(py::cast(self.tickets)); })
        .def_readonly("payment_reference", &Refund::payment_reference)
        .def_readonly("payment_gateway", &Refund::payment_gateway)
        .def_readonly("gateway_reference", &Refund::gateway_reference)
        .def_readonly("failure_reason", &Refund::failure_reason)
        .def_readonly("created", &Refund::created)
        .def_readonly("closed", &Refund::closed);
    add_value_dunders(refund);

    py::class_<Refunds>(m, "Refunds", "Refunds of tickets and orders: start, then complete or fail.")
        .def(
            "start",
            [](const Refunds& self, std::optional<std::string> ticket_id, std::optional<std::string> order_id,
               const py::object& amount, bool allow_redeemed, const std::string& note,
               std::optional<std::string> idempotency_key) {
                NewRefund input{std::move(ticket_id),
                                std::move(order_id),
                                to_optional_amount(amount, "amount"),
                                allow_redeemed,
                                note,
                                std::move(idempotency_key)};
                GilRelease release;
                return self.start(input);
            },
            named_args(), py::kw_only(), py::arg("ticket_id") = py::none(), py::arg("order_id") = py::none(),
            py::arg("amount") = py::none(), py::arg("allow_redeemed").noconvert() = false, py::arg("note") = "",
            py::arg("idempotency_key") = py::none())
        .def("complete", &Refunds::complete, named_args(), py::arg("refund_id"), py::kw_only(),
             py::arg("gateway_reference") = py::none(), py::arg("idempotency_key") = py::none(), release_gil())
        .def("fail", &Refunds::fail, named_args(), py::arg("refund_id"), py::kw_only(), py::arg("reason"),
             py::arg("idempotency_key") = py::none(), release_gil())
        .def("get", &Refunds::get, named_args(), py::arg("refund_id"), release_gil())
        .def(
            "activity",
            [](const Refunds& self, const std::string& event_id, Int64 first, std::optional<std::string> after) {
                const PageRequest page{first.value, std::move(after)};
                GilRelease release;
                return self.activity(event_id, page);
            },
            named_args(), py::arg("event_id"), py::kw_only(), py::arg("first") = Int64{default_page_size},
            py::arg("after") = py::none(),
            "Seed 000's refund activity: the event's tickets refunded or with a refund in progress, in issue order.");
}

}  // namespace ticketcore::bindings
