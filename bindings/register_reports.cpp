#include "prelude.hpp"

#include "ticketcore/ticketcore.hpp"

namespace ticketcore::bindings {

void register_reports(py::module_& m) {
    // --- the report table (model/report.hpp) as ticketcore.Report -------------------------------
    py::class_<ReportTable>(m, "Report",
                            "A report's rows as typed columns; pyarrow, polars and pandas read it through the "
                            "Arrow PyCapsule interface.")
        .def_property_readonly("name", [](const ReportTable& self) { return self.name; })
        .def_property_readonly("column_names",
                               [](const ReportTable& self) {
                                   std::vector<std::string> names;
                                   names.reserve(self.columns.size());
                                   for (const ReportColumn& column : self.columns) {
                                       names.push_back(column.name);
                                   }
                                   return names;
                               })
        .def_property_readonly("num_rows", &ReportTable::row_count)
        .def("__len__", &ReportTable::row_count);

    // --- store.reports ------------------------------------------------------------------------
    py::class_<Reports>(m, "Reports", "The reports of the actor's organization's events (docs/reports.md).")
        // --- sales, orders and refunds
        .def("sales_per_specification", &Reports::sales_per_specification, named_args(), py::arg("event_id"),
             release_gil())
        .def(
            "orders",
            [](const Reports& self, const std::string& event_id, std::optional<OrderState> state, Int64 first,
               std::optional<std::string> after) {
                GilRelease release;
                return self.orders(event_id, state, first.value, after);
            },
            named_args(), py::arg("event_id"), py::kw_only(), py::arg("state") = py::none(),
            py::arg("first") = Int64{Reports::default_report_page}, py::arg("after") = py::none())
        .def("order_totals", &Reports::order_totals, named_args(), py::arg("event_id"), release_gil())
        // --- attendance, sales over time and the box office
        ;
}

}  // namespace ticketcore::bindings
