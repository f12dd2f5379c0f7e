#include "prelude.hpp"

namespace ticketcore::bindings {

namespace {

/// Raises the Python class named `name` of this module with `code` (and more) as attributes.
void raise(const char* name, const TicketcoreError& error) {
    const py::object type = py::module_::import("ticketcore._core").attr(name);
    py::object instance = type(error.what());
    instance.attr("code") = error.code();
    if (const auto* storage = dynamic_cast<const StorageError*>(&error)) {
        instance.attr("backend") = py::str(storage->backend());
        instance.attr("backend_code") = py::str(storage->backend_code());
    }
    PyErr_SetObject(type.ptr(), instance.ptr());
}

}  // namespace

void register_errors(py::module_& m) {
    // Base first; the subclasses also derive from the matching built-in where one fits, so
    // `except ValueError` keeps working for bad input.
    const py::exception<TicketcoreError> base(m, "TicketcoreError");
    base.attr("code") = "error";
    const auto subclass = [&](const char* name, py::handle builtin) {
        const py::tuple bases = builtin ? py::tuple(py::make_tuple(base, builtin)) : py::tuple(py::make_tuple(base));
        py::object type = py::reinterpret_steal<py::object>(
            PyErr_NewException((std::string("ticketcore._core.") + name).c_str(), bases.ptr(), nullptr));
        m.attr(name) = type;
    };
    subclass("ValidationError", PyExc_ValueError);
    subclass("NotFoundError", PyExc_LookupError);
    subclass("ConflictError", py::handle());
    subclass("CapacityError", py::handle());
    subclass("PermissionDeniedError", py::handle());
    subclass("StorageError", py::handle());
    m.attr("StorageError").attr("backend") = "";
    m.attr("StorageError").attr("backend_code") = "";

    // By value: pybind11's ExceptionTranslator is a plain void (*)(std::exception_ptr).
    // The checks of the Python package's own code (ticketcore.utc), raised from the catalogue so
    // that no code or message is spelled outside it. Each raises; none returns.
    m.def(
        "_number_beyond_64_bits", [](const std::string& field) { throw fail::number_beyond_64_bits(field); },
        py::arg("field"));
    m.def(
        "_date_part_out_of_range",
        [](const std::string& field, std::int64_t low, std::int64_t high) {
            throw fail::date_part_out_of_range(field, low, high);
        },
        py::arg("field"), py::arg("low"), py::arg("high"));
    m.def("_day_out_of_month", [] { throw fail::day_out_of_month(); });
    m.def("_invalid_qr_payload", [] { throw fail::invalid_qr_payload(); });
    // The documents a sale prints (ticketcore.documents) refuse with the catalogue's errors.
    m.def(
        "_sale_not_committed",
        [](const std::string& number, const std::string& state) { throw fail::sale_not_committed(number, state); },
        py::arg("number"), py::arg("state"));
    m.def(
        "_invoice_buyer_required", [](const std::string& missing) { throw fail::invoice_buyer_required(missing); },
        py::arg("missing"));
    m.def(
        "_qr_size_out_of_range",
        [](const std::string& field, std::int64_t low, std::int64_t high) {
            throw fail::qr_size_out_of_range(field, low, high);
        },
        py::arg("field"), py::arg("low"), py::arg("high"));
    // Text a Python value object keeps (ticketcore.RefundResult) checked as every argument is.
    m.def(
        "_check_text", [](const py::str& value, const std::string& field) { (void)text_view_of(value, field); },
        py::arg("value"), py::arg("field"));

    py::register_exception_translator([](std::exception_ptr pointer) {  // NOLINT(performance-unnecessary-value-param)
        try {
            if (pointer) std::rethrow_exception(pointer);
        } catch (const ValidationError& error) {
            raise("ValidationError", error);
        } catch (const NotFoundError& error) {
            raise("NotFoundError", error);
        } catch (const ConflictError& error) {
            raise("ConflictError", error);
        } catch (const CapacityError& error) {
            raise("CapacityError", error);
        } catch (const PermissionDeniedError& error) {
            raise("PermissionDeniedError", error);
        } catch (const StorageError& error) {
            raise("StorageError", error);
        } catch (const TicketcoreError& error) {
            raise("TicketcoreError", error);
        }
    });
}

}  // namespace ticketcore::bindings
