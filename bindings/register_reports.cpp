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
        .def_property_readonly("has_next_page", [](const ReportTable& self) { return self.has_next_page; })
        .def_property_readonly("end_cursor", [](const ReportTable& self) { return self.end_cursor; })
        .def("__len__", &ReportTable::row_count);

    // --- store.reports ------------------------------------------------------------------------
    py::class_<Reports>(m, "Reports", "The reports of the actor's organization's events (docs/reports.md).")
        // --- sales, orders and refunds
        // --- attendance, sales over time and the box office
        .def(
            "attendance",
            [](const Reports& self, const std::string& event_id, Int64 first, std::optional<std::string> after) {
                GilRelease release;
                return self.attendance(event_id, first.value, after);
            },
            named_args(), py::arg("event_id"), py::kw_only(), py::arg("first") = Int64{1000},
            py::arg("after") = py::none())
        .def("entries_per_hour", &Reports::entries_per_hour, named_args(), py::arg("event_id"), release_gil())
        .def("entries_per_scan_point", &Reports::entries_per_scan_point, named_args(), py::arg("event_id"),
             release_gil())
        .def("inside", &Reports::inside, named_args(), py::arg("event_id"), release_gil())
        .def(
            "scan_conflicts",
            [](const Reports& self, const std::string& event_id, Int64 first, std::optional<std::string> after) {
                GilRelease release;
                return self.scan_conflicts(event_id, first.value, after);
            },
            named_args(), py::arg("event_id"), py::kw_only(), py::arg("first") = Int64{1000},
            py::arg("after") = py::none())
        .def(
            "sales_over_time",
            [](const Reports& self, const std::string& event_id, const std::string& bucket) {
                GilRelease release;
                return self.sales_over_time(event_id, bucket);
            },
            named_args(), py::arg("event_id"), py::kw_only(), py::arg("bucket") = "hour")
        .def("box_office", &Reports::box_office, named_args(), py::arg("event_id"), release_gil())
        .def(
            "open_sales",
            [](const Reports& self, const std::string& event_id, Int64 first, std::optional<std::string> after) {
                GilRelease release;
                return self.open_sales(event_id, first.value, after);
            },
            named_args(), py::arg("event_id"), py::kw_only(), py::arg("first") = Int64{1000},
            py::arg("after") = py::none());
}

}  // namespace ticketcore::bindings
