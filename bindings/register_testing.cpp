#include "prelude.hpp"

#include <algorithm>
#include <map>

#include "ticketcore/model/report.hpp"
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
        "corrupt_revenue_counter",
        [](const Store& store, const std::string& specification_id, Int64 delta) {
            GilRelease release;
            testing::corrupt_revenue_counter(store, specification_id, delta.value);
        },
        named_args(), py::arg("store"), py::arg("specification_id"), py::arg("delta"));
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

    // --- reports: ReportTables built from Python, for the Arrow export's tests (test_arrow_export.py)
    testing.def(
        "report_from_columns",
        [](const std::string& name, const py::list& columns, bool has_next_page,
           const std::optional<std::string>& end_cursor) {
            ReportTable table;
            table.name = name;
            table.has_next_page = has_next_page;
            table.end_cursor = end_cursor;
            const std::map<std::string, ColumnKind> kinds = {{"integer", ColumnKind::integer},
                                                             {"boolean", ColumnKind::boolean},
                                                             {"text", ColumnKind::text},
                                                             {"money", ColumnKind::money},
                                                             {"instant", ColumnKind::instant}};
            for (const py::handle item : columns) {
                const auto spec = item.cast<py::tuple>();
                if (spec.size() != 4) throw py::value_error("a column is (name, kind, values, scale)");
                const auto kind = kinds.find(spec[1].cast<std::string>());
                if (kind == kinds.end()) throw py::value_error("unknown column kind");
                const auto scale = static_cast<int>(std::clamp<std::int64_t>(spec[3].cast<Int64>().value, -99, 99));
                ReportColumn& column = table.add(spec[0].cast<std::string>(), kind->second, scale);
                const auto values = spec[2].cast<py::list>();
                bool any_null = false;
                for (const py::handle value : values) {
                    const bool null = value.is_none();
                    any_null = any_null || null;
                    column.present.push_back(!null);
                    if (column.kind == ColumnKind::text) {
                        column.push_text(null ? std::string() : value.cast<std::string>());
                    } else if (null) {
                        column.integers.push_back(0);
                    } else if (column.kind == ColumnKind::boolean) {
                        column.integers.push_back(value.cast<bool>() ? 1 : 0);
                    } else if (column.kind == ColumnKind::instant && !py::isinstance<py::int_>(value)) {
                        column.integers.push_back(value.cast<Instant>().micros);
                    } else {
                        column.integers.push_back(value.cast<Int64>().value);
                    }
                }
                if (!any_null) column.present.clear();
            }
            return table;
        },
        py::arg("name"), py::arg("columns"), py::kw_only(), py::arg("has_next_page") = false,
        py::arg("end_cursor") = py::none(),
        "A Report of columns (name, kind, values, scale): kind integer, boolean, text, money (ints of minor "
        "units), instant (ints of microseconds or aware datetimes); None is a null. Lengths are not checked.");
    testing.def(
        "synthetic_report",
        [](Int64 rows) {
            GilRelease release;
            const auto count = static_cast<std::size_t>(std::max<std::int64_t>(rows.value, 0));
            ReportTable table;
            table.name = "synthetic";
            table.add("id", ColumnKind::integer);
            table.add("even", ColumnKind::boolean);
            table.add("holder", ColumnKind::text);
            table.add("amount", ColumnKind::money, 2);
            table.add("currency", ColumnKind::text);
            table.add("at", ColumnKind::instant);
            // References once every column is added (an add moves the columns).
            ReportColumn& id = table.columns[0];
            ReportColumn& even = table.columns[1];
            ReportColumn& holder = table.columns[2];
            ReportColumn& amount = table.columns[3];
            ReportColumn& currency = table.columns[4];
            ReportColumn& at = table.columns[5];
            for (std::size_t row = 0; row < count; ++row) {
                const auto value = static_cast<std::int64_t>(row);
                id.integers.push_back(value);
                even.integers.push_back(value % 2 == 0 ? 1 : 0);
                even.present.push_back(value % 5 != 0);
                holder.push_text(value % 7 == 0 ? std::string() : "holder \xC3\xB8 " + std::to_string(value));
                holder.present.push_back(value % 7 != 0);
                amount.integers.push_back(value % 11 == 0 ? 0 : (value % 1000 - 500) * 1001);
                amount.present.push_back(value % 11 != 0);
                currency.push_text("EUR");
                at.integers.push_back(value % 13 == 0 ? 0 : 1'700'000'000'000'000 + value * 1'000'000);
                at.present.push_back(value % 13 != 0);
            }
            return table;
        },
        py::arg("rows"),
        "A Report of `rows` rows: id = i; even = i % 2 == 0 (null when i % 5 == 0); holder = 'holder ø i' "
        "(null when i % 7 == 0); amount = (i % 1000 - 500) * 1001 cents (null when i % 11 == 0); currency = "
        "'EUR'; at = 1700000000 s + i s (null when i % 13 == 0).");
    // The reports' cells for the tests of store.reports (the Arrow export is the supported read):
    // column name -> values (money in minor units, instants in microseconds, None for a null).
    testing.def(
        "report_cells",
        [](const ReportTable& report) {
            py::dict cells;
            for (const ReportColumn& column : report.columns) {
                py::list values;
                for (std::size_t row = 0; row < column.size(); ++row) {
                    if (!column.has_value(row)) {
                        values.append(py::none());
                    } else if (column.kind == ColumnKind::text) {
                        const std::string_view text = column.text(row);
                        values.append(py::str(text.data(), text.size()));
                    } else if (column.kind == ColumnKind::boolean) {
                        values.append(py::bool_(column.integers[row] != 0));
                    } else {
                        values.append(py::int_(column.integers[row]));
                    }
                }
                cells[py::str(column.name)] = values;
            }
            return cells;
        },
        named_args(), py::arg("report"));
    testing.def(
        "report_page",
        [](const ReportTable& report) { return py::make_tuple(report.has_next_page, report.end_cursor); }, named_args(),
        py::arg("report"));
}

}  // namespace ticketcore::bindings
