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
        // --- attendance, sales over time and the box office
        ;
}

}  // namespace ticketcore::bindings
