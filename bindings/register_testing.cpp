#include "prelude.hpp"

#include "ticketcore/testing/testing.hpp"

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
}

}  // namespace ticketcore::bindings
