#pragma once
// Included first by every binding file: the pybind11 namespace alias, the casters shared by all
// areas (Instant <-> aware datetime, checked Python ints), and the value-type dunder helper.

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "ticketcore/error.hpp"
#include "ticketcore/json.hpp"
#include "ticketcore/money.hpp"
#include "ticketcore/time.hpp"

namespace py = pybind11;

namespace ticketcore::bindings {

/// Every call that touches the database releases the GIL for its duration.
using release_gil = py::call_guard<py::gil_scoped_release>;

/// A Python int checked into int64: bool and float are TypeErrors, out of range a ValidationError.
struct Int64 {
    std::int64_t value = 0;
};

/// Builds a ValidationError when a caster refuses its input for a reason a user should see.
[[noreturn]] inline void invalid(const std::string& code, const std::string& message) {
    throw ValidationError(code, message);
}

/// Microseconds in a datetime.timedelta, exactly (a TypeError naming `what` for anything else;
/// a ValidationError `number_out_of_range` beyond 64 bits).
std::int64_t timedelta_micros(const py::handle& delta, const char* what);

/// Money, or an int of minor units as the seeds write prices (25000 = 250 DKK).
Amount to_amount(const py::handle& value, const char* field);
/// An optional amount: None stays empty.
std::optional<Amount> to_optional_amount(const py::handle& value, const char* field);
/// A tuple of strings.
py::tuple to_tuple(const std::vector<std::string>& items);
/// A list of strings from any iterable of str (a str itself is refused).
std::vector<std::string> to_strings(const py::handle& value, const char* field);

/// Registers how `_restore(type_name, json)` rebuilds a value type; used by __reduce__.
void register_restorer(const std::string& type_name, std::function<py::object(const std::string&)> restore);

/// Gives a snapshot type __eq__, __hash__, __repr__ (TypeName(field=value, ...)) and pickling,
/// all derived from its JSON form, so no type writes them by hand.
template <typename T, typename... Options>
void add_value_dunders(py::class_<T, Options...>& cls) {
    cls.def("__eq__", [](const T& self, const py::object& other) -> py::object {
        if (!py::isinstance<T>(other)) return py::reinterpret_borrow<py::object>(Py_NotImplemented);
        return py::bool_(self == other.cast<const T&>());
    });
    cls.def("__hash__", [](const T& self) { return std::hash<std::string>{}(Json(self).dump()); });
    cls.def("__repr__", [](const py::object& self) {
        const Json fields = Json(self.cast<const T&>());
        std::string text = py::str(py::type::of(self).attr("__name__")).cast<std::string>() + "(";
        bool first = true;
        for (const auto& item : fields.items()) {
            if (!first) text += ", ";
            first = false;
            text += item.key() + "=" + py::repr(self.attr(item.key().c_str())).cast<std::string>();
        }
        return text + ")";
    });
    // __reduce__ through a module-level function pickles with every protocol (py::pickle needs >= 2).
    const std::string type_name = py::str(cls.attr("__name__")).cast<std::string>();
    register_restorer(type_name, [](const std::string& json) { return py::cast(Json::parse(json).template get<T>()); });
    cls.def("__reduce__", [type_name](const T& self) {
        return py::make_tuple(py::module_::import("ticketcore._core").attr("_restore"),
                              py::make_tuple(type_name, Json(self).dump()));
    });
}

void register_errors(py::module_& m);
void register_values(py::module_& m);
void register_store(py::module_& m);
void register_catalog(py::module_& m);
void register_orders(py::module_& m);
void register_testing(py::module_& m);

}  // namespace ticketcore::bindings

namespace pybind11::detail {

/// Aware datetime <-> Instant (UTC microseconds). Naive datetimes are refused with a
/// ValidationError (a ValueError in Python); results are aware UTC datetimes.
template <>
struct type_caster<ticketcore::Instant> {
    PYBIND11_TYPE_CASTER(ticketcore::Instant, const_name("datetime.datetime"));

    bool load(handle source, bool /*convert*/) {
        const auto datetime = module_::import("datetime");
        if (!isinstance(source, datetime.attr("datetime"))) return false;
        if (source.attr("utcoffset")().is_none()) {
            ticketcore::bindings::invalid("naive_datetime",
                                          "A timezone-aware datetime is required, got naive " +
                                              str(source).cast<std::string>());
        }
        const object epoch = datetime.attr("datetime")(1970, 1, 1, 0, 0, 0, 0, datetime.attr("timezone").attr("utc"));
        value = ticketcore::Instant{ticketcore::bindings::timedelta_micros(source - epoch, "a datetime difference")};
        return true;
    }

    static handle cast(ticketcore::Instant instant, return_value_policy, handle) {
        const auto datetime = module_::import("datetime");
        const object epoch = datetime.attr("datetime")(1970, 1, 1, 0, 0, 0, 0, datetime.attr("timezone").attr("utc"));
        return (epoch + datetime.attr("timedelta")(arg("microseconds") = instant.micros)).release();
    }
};

/// Python int -> int64 with a typed error instead of a silent wrap or a generic TypeError.
template <>
struct type_caster<ticketcore::bindings::Int64> {
    PYBIND11_TYPE_CASTER(ticketcore::bindings::Int64, const_name("int"));

    bool load(handle source, bool /*convert*/) {
        if (PyBool_Check(source.ptr()) || !PyLong_Check(source.ptr())) return false;
        int overflow = 0;
        const long long result = PyLong_AsLongLongAndOverflow(source.ptr(), &overflow);
        if (overflow != 0) {
            ticketcore::bindings::invalid("number_out_of_range",
                                          "Number " + str(source).cast<std::string>() + " is out of range");
        }
        if (result == -1 && PyErr_Occurred()) throw error_already_set();
        value.value = result;
        return true;
    }

    static handle cast(ticketcore::bindings::Int64 number, return_value_policy, handle) {
        return PyLong_FromLongLong(number.value);
    }
};

}  // namespace pybind11::detail
