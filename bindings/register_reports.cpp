#include "prelude.hpp"

#include <cstdint>
#include <limits>

#include "ticketcore/model/arrow_c.hpp"
#include "ticketcore/ticketcore.hpp"

namespace ticketcore::bindings {

namespace {

// ---- the Arrow PyCapsule interface (docs/reports.md, "Reports in notebooks") ---------------
// A capsule owns the struct it points to: its destructor releases the struct unless a consumer
// moved it out (release set to null), then frees it.

constexpr const char* schema_capsule_name = "arrow_schema";
constexpr const char* stream_capsule_name = "arrow_array_stream";

void delete_schema_capsule(PyObject* capsule) {
    auto* schema = static_cast<ArrowSchema*>(PyCapsule_GetPointer(capsule, schema_capsule_name));
    if (schema == nullptr) {
        PyErr_WriteUnraisable(capsule);
        return;
    }
    if (schema->release != nullptr) schema->release(schema);
    delete schema;
}

void delete_stream_capsule(PyObject* capsule) {
    auto* stream = static_cast<ArrowArrayStream*>(PyCapsule_GetPointer(capsule, stream_capsule_name));
    if (stream == nullptr) {
        PyErr_WriteUnraisable(capsule);
        return;
    }
    if (stream->release != nullptr) stream->release(stream);
    delete stream;
}

/// Wraps a struct into a capsule that owns it (freed, and released if still live, on failure too).
template <typename Struct>
py::capsule capsule_of(std::unique_ptr<Struct> value, const char* name, PyCapsule_Destructor destructor) {
    PyObject* capsule = PyCapsule_New(value.get(), name, destructor);
    if (capsule == nullptr) {
        if (value->release != nullptr) value->release(value.get());
        throw py::error_already_set();
    }
    static_cast<void>(value.release());  // the capsule owns it now
    return py::reinterpret_steal<py::capsule>(capsule);
}

py::capsule schema_capsule(const ReportTable& table) {
    auto schema = std::make_unique<ArrowSchema>();
    arrow::export_schema(table, schema.get());
    return capsule_of(std::move(schema), schema_capsule_name, &delete_schema_capsule);
}

/// The stream of `batches` as a capsule; the checks and the copy into Arrow buffers run without the GIL
/// (a Report cannot change: nothing in Python writes to it).
py::capsule stream_capsule(const std::vector<const ReportTable*>& batches) {
    auto stream = std::make_unique<ArrowArrayStream>();
    {
        GilRelease release;
        arrow::export_stream(batches, stream.get());
    }
    return capsule_of(std::move(stream), stream_capsule_name, &delete_stream_capsule);
}

/// A Python library a helper needs, imported when first asked for: missing, an ImportError saying
/// how to install it.
py::module_ optional_library(const char* name, const char* helper) {
    try {
        return py::module_::import(name);
    } catch (py::error_already_set& error) {
        if (!error.matches(PyExc_ImportError)) throw;
        throw py::import_error(std::string("Report.") + helper + "() needs " + name +
                               ": pip install 'ticketcore[reports]' (" + plain_text(error.value()) + ")");
    }
}

/// Exact decimal text of `minor` units at `scale` digits ("-0.05" for -5 at 2).
std::string decimal_text(std::int64_t minor, int scale) {
    const bool negative = minor < 0;
    const std::uint64_t magnitude =
        negative ? std::uint64_t{0} - static_cast<std::uint64_t>(minor) : static_cast<std::uint64_t>(minor);
    std::string digits = std::to_string(magnitude);
    if (scale > 0) {
        const auto width = static_cast<std::size_t>(scale);
        if (digits.size() <= width) digits.insert(0, width + 1 - digits.size(), '0');
        digits.insert(digits.size() - width, 1, '.');
    }
    return negative ? "-" + digits : digits;
}

/// One value of a report as Python gives it: int, bool, str, Decimal, aware UTC datetime or None.
py::object python_value(const ReportColumn& column, std::size_t row, const py::handle& decimal) {
    if (!column.has_value(row)) return py::none();
    switch (column.kind) {
        case ColumnKind::integer: return py::int_(column.integers[row]);
        case ColumnKind::boolean: return py::bool_(column.integers[row] != 0);
        case ColumnKind::text: return py::cast(column.text(row));
        case ColumnKind::money: return decimal(decimal_text(column.integers[row], column.scale));
        case ColumnKind::instant: return py::cast(Instant{column.integers[row]});
    }
    return py::none();
}

/// A column's Arrow type as pyarrow spells it, for the repr.
std::string arrow_type_name(const ReportColumn& column) {
    switch (column.kind) {
        case ColumnKind::integer: return "int64";
        case ColumnKind::boolean: return "bool";
        case ColumnKind::text: return "string";
        case ColumnKind::money: return "decimal128(18, " + std::to_string(column.scale) + ")";
        case ColumnKind::instant: return "timestamp[us, tz=UTC]";
    }
    return "?";
}

/// The reports `pages`, refused with a TypeError naming `pages` unless each is a Report. `keep`
/// holds the Report objects while their tables are used (a generator's would go away).
std::vector<const ReportTable*> reports_of(const py::handle& pages, py::list& keep) {
    if (!py::isinstance<py::iterable>(pages) || py::isinstance<py::str>(pages)) {
        throw py::type_error("pages must be an iterable of Report, not " +
                             plain_text(py::type::of(pages).attr("__name__")));
    }
    std::vector<const ReportTable*> tables;
    for (const py::handle page : pages) {
        if (!py::isinstance<ReportTable>(page)) {
            throw py::type_error("pages must be an iterable of Report, not of " +
                                 plain_text(py::type::of(page).attr("__name__")));
        }
        if (tables.size() == max_list_items) throw fail::too_many_items("pages", max_list_items);
        keep.append(page);
        tables.push_back(&page.cast<const ReportTable&>());
    }
    return tables;
}

}  // namespace

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
        .def("__len__", &ReportTable::row_count)
        .def_readonly("has_next_page", &ReportTable::has_next_page,
                      "True when rows follow this page (a paged report only).")
        .def_readonly("end_cursor", &ReportTable::end_cursor,
                      "Pass as `after` for the next page; None when no row follows or the report is not paged.")
        // --- the Arrow export (model/arrow_c.hpp; docs/reports.md, "Reports in notebooks")
        .def("__arrow_c_schema__", &schema_capsule,
             "The report's Arrow schema as a PyCapsule 'arrow_schema' (the Arrow PyCapsule interface).")
        .def(
            "__arrow_c_stream__",
            [](const ReportTable& self, const py::object& /*requested_schema*/) { return stream_capsule({&self}); },
            py::arg("requested_schema") = py::none(),
            "The report as a PyCapsule 'arrow_array_stream' of one record batch (the Arrow PyCapsule interface); "
            "requested_schema is ignored, as the interface allows: the report has one schema.")
        .def(
            "to_pyarrow",
            [](const py::object& self) { return optional_library("pyarrow", "to_pyarrow").attr("table")(self); },
            "The report as a pyarrow.Table (imports pyarrow).")
        .def(
            "to_polars",
            [](const py::object& self) { return optional_library("polars", "to_polars").attr("DataFrame")(self); },
            "The report as a polars.DataFrame (imports polars): money as Decimal(18, scale), times as "
            "Datetime('us', 'UTC').")
        .def(
            "to_pandas",
            [](const py::object& self, bool arrow_dtypes) {
                const py::module_ pandas = optional_library("pandas", "to_pandas");
                const py::module_ pyarrow = optional_library("pyarrow", "to_pandas");
                const py::object table = pyarrow.attr("table")(self);
                if (arrow_dtypes) return table.attr("to_pandas")(py::arg("types_mapper") = pandas.attr("ArrowDtype"));
                py::dict types;
                types[pyarrow.attr("int64")()] = pandas.attr("Int64Dtype")();
                types[pyarrow.attr("bool_")()] = pandas.attr("BooleanDtype")();
                return table.attr("to_pandas")(py::arg("types_mapper") = types.attr("get"));
            },
            py::kw_only(), py::arg("arrow_dtypes").noconvert() = false,
            "The report as a pandas.DataFrame (imports pandas and pyarrow). Integers are Int64 and booleans "
            "boolean (nullable), money stays exact as decimal.Decimal objects, times are datetime64[us, UTC], "
            "text is str; with arrow_dtypes=True every column is a pandas.ArrowDtype (decimal128, "
            "timestamp[us, tz=UTC]).")
        .def(
            "rows",
            [](const ReportTable& self) {
                const py::object decimal = py::module_::import("decimal").attr("Decimal");
                const std::size_t count = self.row_count();
                py::list rows(count);
                for (std::size_t row = 0; row < count; ++row) {
                    py::tuple values(self.columns.size());
                    for (std::size_t index = 0; index < self.columns.size(); ++index) {
                        values[index] = python_value(self.columns[index], row, decimal);
                    }
                    rows[row] = std::move(values);
                }
                return rows;
            },
            "The rows as tuples of Python values in column order: int, bool, str, Decimal (money, with the "
            "currency's digits), aware UTC datetime, None for a null.")
        .def(
            "__reduce__",
            [](const ReportTable& /*self*/) -> py::object {
                throw py::type_error(
                    "cannot pickle a Report: pickle report.to_pyarrow() (or its rows()) instead, or ask the store "
                    "again");
            },
            "Refused with a TypeError: a report is read from the store or kept as a pyarrow.Table.")
        .def("__repr__", [](const ReportTable& self) {
            std::string text = "Report(name=" + plain_text(py::repr(py::cast(self.name))) +
                               ", num_rows=" + std::to_string(self.row_count()) + ", columns=[";
            for (std::size_t index = 0; index < self.columns.size(); ++index) {
                const ReportColumn& column = self.columns[index];
                if (index != 0) text += ", ";
                text += plain_text(py::repr(py::cast(column.name))) + ": " + arrow_type_name(column);
            }
            text += "]";
            if (self.has_next_page) text += ", has_next_page=True";
            return text + ")";
        });

    m.def(
        "concat_reports",
        [](const py::handle& pages) {
            py::list keep;
            const std::vector<const ReportTable*> tables = reports_of(pages, keep);
            GilRelease release;
            return arrow::concatenate(tables);
        },
        py::arg("pages"),
        "The pages of one report as one Report: their rows in order, the last page's has_next_page and "
        "end_cursor. The pages must have the same columns.");

    // --- store.reports ------------------------------------------------------------------------
    py::class_<Reports>(m, "Reports", "The reports of the actor's organization's events (docs/reports.md).")
        // --- sales, orders and refunds
        .def("sales_per_specification", &Reports::sales_per_specification, named_args(), py::arg("event_id"),
             release_gil())
        .def(
            "orders",
            [](const Reports& self, const std::string& event_id, std::optional<OrderState> state, Int64 first,
               const std::optional<std::string>& after) {
                GilRelease release;
                return self.orders(event_id, state, first.value, after);
            },
            named_args(), py::arg("event_id"), py::kw_only(), py::arg("state") = py::none(),
            py::arg("first") = Int64{Reports::default_report_page}, py::arg("after") = py::none())
        .def("order_totals", &Reports::order_totals, named_args(), py::arg("event_id"), release_gil())
        .def(
            "ticket_holders",
            [](const Reports& self, const std::string& event_id, std::optional<OrderState> order_state, Int64 first,
               const std::optional<std::string>& after) {
                GilRelease release;
                return self.ticket_holders(event_id, order_state, first.value, after);
            },
            named_args(), py::arg("event_id"), py::kw_only(), py::arg("order_state") = py::none(),
            py::arg("first") = Int64{Reports::default_report_page}, py::arg("after") = py::none())
        .def(
            "refund_activity",
            [](const Reports& self, const std::string& event_id, Int64 first, const std::optional<std::string>& after) {
                GilRelease release;
                return self.refund_activity(event_id, first.value, after);
            },
            named_args(), py::arg("event_id"), py::kw_only(), py::arg("first") = Int64{Reports::default_report_page},
            py::arg("after") = py::none())
        // --- attendance, sales over time and the box office
        .def(
            "attendance",
            [](const Reports& self, const std::string& event_id, Int64 first, const std::optional<std::string>& after) {
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
            [](const Reports& self, const std::string& event_id, Int64 first, const std::optional<std::string>& after) {
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
            [](const Reports& self, const std::string& event_id, Int64 first, const std::optional<std::string>& after) {
                GilRelease release;
                return self.open_sales(event_id, first.value, after);
            },
            named_args(), py::arg("event_id"), py::kw_only(), py::arg("first") = Int64{1000},
            py::arg("after") = py::none());
}

}  // namespace ticketcore::bindings
