#include "prelude.hpp"

#include "ticketcore/testing/testing.hpp"
#include "ticketcore/ticketcore.hpp"

namespace ticketcore::bindings {

void register_testing(py::module_& m) {
    auto testing = m.def_submodule("_testing", "Test-only hooks; not part of the supported API.");
    testing.def("create_store_at_version", &testing::create_store_at_version, named_args(), py::arg("path"),
                py::arg("version"), release_gil());
    testing.def("force_schema_version", &testing::force_schema_version, named_args(), py::arg("path"),
                py::arg("version"), release_gil());
    testing.def(
        "claim",
        [](const Store& store, const std::string& specification_id, Int64 quantity, bool sold) {
            GilRelease release;
            return testing::claim(store, specification_id, quantity.value, sold);
        },
        named_args(), py::arg("store"), py::arg("specification_id"), py::arg("quantity"),
        py::arg("sold").noconvert() = false);
    testing.def(
        "claim_seat",
        [](const Store& store, const std::string& seatmap_id, const std::string& seat_id,
           const std::string& specification_id, bool sold) {
            GilRelease release;
            return testing::claim_seat(store, seatmap_id, seat_id, specification_id, sold);
        },
        named_args(), py::arg("store"), py::arg("seatmap_id"), py::arg("seat_id"), py::arg("specification_id"),
        py::arg("sold").noconvert() = false);
    testing.def(
        "claim_volume",
        [](const Store& store, const std::string& seatmap_id, const std::string& volume_id,
           const std::string& specification_id, Int64 quantity, bool sold) {
            GilRelease release;
            return testing::claim_volume(store, seatmap_id, volume_id, specification_id, quantity.value, sold);
        },
        named_args(), py::arg("store"), py::arg("seatmap_id"), py::arg("volume_id"), py::arg("specification_id"),
        py::arg("quantity"), py::arg("sold").noconvert() = false);
    testing.def("settle_claim", &testing::settle_claim, named_args(), py::arg("store"), py::arg("claim_id"),
                release_gil());
    testing.def("release_claim", &testing::release_claim, named_args(), py::arg("store"), py::arg("claim_id"),
                release_gil());
    testing.def(
        "release_claim_units",
        [](const Store& store, const std::string& claim_id, Int64 quantity) {
            GilRelease release;
            return testing::release_claim_units(store, claim_id, quantity.value);
        },
        named_args(), py::arg("store"), py::arg("claim_id"), py::arg("quantity"));
    testing.def("claim_target", &testing::claim_target, named_args(), py::arg("store"), py::arg("claim_id"),
                release_gil(), "The (seat id, volume id) a claim holds, from its ledger row.");
    testing.def(
        "set_seat_guard_disabled",
        [](bool disabled, Int64 race_window_micros) {
            testing::set_seat_guard_disabled(disabled, race_window_micros.value);
        },
        named_args(), py::arg("disabled").noconvert(), py::arg("race_window_micros") = Int64{0},
        "Off, a seat or volume claim is checked before the transaction and taken unconditionally.");
    testing.def(
        "corrupt_sold_counter",
        [](const Store& store, const std::string& specification_id, Int64 delta) {
            GilRelease release;
            testing::corrupt_sold_counter(store, specification_id, delta.value);
        },
        named_args(), py::arg("store"), py::arg("specification_id"), py::arg("delta"));
    testing.def(
        "corrupt_holder_counter",
        [](const Store& store, const std::string& specification_id, Int64 delta) {
            GilRelease release;
            testing::corrupt_holder_counter(store, specification_id, delta.value);
        },
        named_args(), py::arg("store"), py::arg("specification_id"), py::arg("delta"));
    testing.def(
        "claim_product",
        [](const Store& store, const std::string& product_id, Int64 quantity, bool sold) {
            GilRelease release;
            return testing::claim_product(store, product_id, quantity.value, sold);
        },
        named_args(), py::arg("store"), py::arg("product_id"), py::arg("quantity"), py::arg("sold").noconvert() = false,
        "Takes a product's stock as the box office's sales do; returns the claim id.");
    testing.def(
        "settle_product_claim",
        [](const Store& store, const std::string& claim_id) {
            GilRelease release;
            testing::settle_product_claim(store, claim_id);
        },
        named_args(), py::arg("store"), py::arg("claim_id"));
    testing.def(
        "release_product_claim",
        [](const Store& store, const std::string& claim_id) {
            GilRelease release;
            testing::release_product_claim(store, claim_id);
        },
        named_args(), py::arg("store"), py::arg("claim_id"));
    testing.def(
        "corrupt_product_sold_counter",
        [](const Store& store, const std::string& product_id, Int64 delta) {
            GilRelease release;
            testing::corrupt_product_sold_counter(store, product_id, delta.value);
        },
        named_args(), py::arg("store"), py::arg("product_id"), py::arg("delta"));
    testing.def(
        "set_product_guard_disabled",
        [](bool disabled, Int64 race_window_micros) {
            testing::set_product_guard_disabled(disabled, race_window_micros.value);
        },
        named_args(), py::arg("disabled").noconvert(), py::arg("race_window_micros") = Int64{0},
        "Off, a product's stock is checked before the transaction and taken unconditionally: the oversell the "
        "guard prevents.");
    testing.def(
        "query_plans",
        [](const py::function& action) {
            std::vector<std::pair<std::string, std::vector<std::string>>> plans =
                testing::query_plans([&] { action(); });
            py::list result;
            for (auto& [sql, lines] : plans) result.append(py::make_tuple(py::str(sql), py::cast(lines)));
            return result;
        },
        named_args(), py::arg("action"),
        "Runs action() and returns [(sql, plan lines)] for every SELECT it ran, as the engine plans it.");
    testing.def("statements_run", &testing::statements_run,
                "The text of every SQL statement the core has run in this process, each once, sorted.");
    testing.def(
        "set_capacity_guard_disabled",
        [](bool disabled, Int64 race_window_micros) {
            testing::set_capacity_guard_disabled(disabled, race_window_micros.value);
        },
        named_args(), py::arg("disabled").noconvert(), py::arg("race_window_micros") = Int64{0},
        "Off, capacity is checked before the transaction and taken unconditionally: the race the guard prevents.");
    testing.def(
        "set_revocation_guard_disabled",
        [](bool disabled, Int64 race_window_micros) {
            testing::set_revocation_guard_disabled(disabled, race_window_micros.value);
        },
        named_args(), py::arg("disabled").noconvert(), py::arg("race_window_micros") = Int64{0},
        "Off, a cancel or transfer reads the ticket before the transaction and revokes it unconditionally.");
    testing.def(
        "set_refund_guard_disabled",
        [](bool disabled, Int64 race_window_micros) {
            testing::set_refund_guard_disabled(disabled, race_window_micros.value);
        },
        named_args(), py::arg("disabled").noconvert(), py::arg("race_window_micros") = Int64{0},
        "Off, refunds.start checks the tickets before the transaction and records unconditionally: the double "
        "refund the guard prevents.");
    testing.def(
        "set_ticket_state",
        [](const Store& store, const std::string& ticket_id, TicketState state, bool is_refunded,
           bool is_refund_in_progress) {
            GilRelease release;
            testing::set_ticket_state(store, ticket_id, state, is_refunded, is_refund_in_progress);
        },
        named_args(), py::arg("store"), py::arg("ticket_id"), py::kw_only(), py::arg("state"),
        py::arg("is_refunded").noconvert() = false, py::arg("is_refund_in_progress").noconvert() = false);
    testing.def(
        "rotate_ticket_secret",
        [](const Store& store, const std::string& ticket_id) {
            GilRelease release;
            testing::rotate_ticket_secret(store, ticket_id);
        },
        named_args(), py::arg("store"), py::arg("ticket_id"));
    testing.def(
        "sign_ticket_payload",
        [](const Store& store, const std::string& ticket_id, Int64 generation) {
            GilRelease release;
            return testing::sign_ticket_payload(store, ticket_id, static_cast<std::uint32_t>(generation.value));
        },
        named_args(), py::arg("store"), py::arg("ticket_id"), py::arg("generation") = Int64{1});
    testing.def(
        "detach_ticket_date",
        [](const Store& store, const std::string& ticket_id, const std::string& event_date_id) {
            GilRelease release;
            testing::detach_ticket_date(store, ticket_id, event_date_id);
        },
        named_args(), py::arg("store"), py::arg("ticket_id"), py::arg("event_date_id"));
    testing.def(
        "set_redeem_guard_disabled",
        [](bool disabled, Int64 race_window_micros) {
            testing::set_redeem_guard_disabled(disabled, race_window_micros.value);
        },
        named_args(), py::arg("disabled").noconvert(), py::arg("race_window_micros") = Int64{0},
        "Off, redeem decides on a snapshot before its transaction and records the entry unconditionally.");
    testing.def(
        "report_columns",
        [](const ReportTable& report) {
            // Tests read a report's cells without the Arrow export: a dict of column name to its
            // values as stored (minor units, UTC microseconds, 0/1 as bool), None for a null.
            py::dict columns;
            for (const ReportColumn& column : report.columns) {
                py::list values;
                for (std::size_t row = 0; row < column.size(); ++row) {
                    if (!column.has_value(row)) {
                        values.append(py::none());
                    } else if (column.kind == ColumnKind::text) {
                        values.append(py::str(column.texts[row]));
                    } else if (column.kind == ColumnKind::boolean) {
                        values.append(py::bool_(column.integers[row] != 0));
                    } else {
                        values.append(py::int_(column.integers[row]));
                    }
                }
                columns[py::str(column.name)] = values;
            }
            return columns;
        },
        py::arg("report"), "A report's columns as {name: [values]}: minor units, UTC microseconds, None for nulls.");
    testing.def(
        "report_page",
        [](const ReportTable& report) { return py::make_tuple(report.has_next_page, report.end_cursor); },
        py::arg("report"), "A report's (has_next_page, end_cursor).");
}

}  // namespace ticketcore::bindings
