#pragma once
// Included first by every binding file: the pybind11 namespace alias, the casters shared by all
// areas (Instant <-> aware datetime, checked Python ints), and the value-type dunder helper.

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ticketcore/model/json.hpp"
#include "ticketcore/rules/text_rules.hpp"
#include "ticketcore/values/error.hpp"
#include "ticketcore/values/error_catalogue.hpp"
#include "ticketcore/values/money.hpp"
#include "ticketcore/values/time.hpp"

namespace py = pybind11;

namespace ticketcore::bindings {

/// @brief Releases the GIL for its lifetime (pybind11's gil_scoped_release, minus two traps).
///
/// Interpreter exit with a daemon thread inside a call: once Python finalizes, re-taking the GIL
/// ends the thread with pthread_exit, a forced unwind. This destructor catches it and parks the
/// thread for good instead (so no unwinding runs beside the exit), and counts the calls in
/// flight: at the very end of finalization (Py_AtExit) the module waits until every call in
/// flight has parked, before exit() destroys what those calls use (OpenSSL's random generator,
/// the time-zone database, static tables). Without that wait a daemon thread still inside a call
/// crashed on OpenSSL's freed locks; without the catch, unwinding through a noexcept destructor
/// was std::terminate.
class GilRelease {
public:
    GilRelease();
    GilRelease(const GilRelease&) = delete;
    GilRelease& operator=(const GilRelease&) = delete;
    ~GilRelease() noexcept(false);

private:
    PyThreadState* state_;
};

/// @brief Makes interpreter exit wait (a few seconds at most) for the calls in flight in other
/// threads to park; called once when the module is imported.
void wait_for_calls_at_exit();

/// Every call that touches the database releases the GIL for its duration.
using release_gil = py::call_guard<GilRelease>;

/// @brief Marks a binding whose argument casters name the parameter they refuse
/// (`.def("get", ..., py::arg("event_id"), named_args())`).
struct named_args {};

/// @brief The name of the parameter the value `argument` was passed as, in the call being
/// dispatched (or the field a helper such as to_strings is converting); "value" when unknown.
std::string argument_name(PyObject* argument);

/// @brief Names the values converted in its scope after `field` (for values nested in a list
/// or a dict, which the call's arguments do not show).
class FieldScope {
public:
    explicit FieldScope(const char* field);
    FieldScope(const FieldScope&) = delete;
    FieldScope& operator=(const FieldScope&) = delete;
    ~FieldScope();

private:
    const char* previous_;
};

/// A Python int checked into int64: bool and float are TypeErrors, out of range a ValidationError.
struct Int64 {
    std::int64_t value = 0;
};

/// An optional checked int as the core's optional int64.
inline std::optional<std::int64_t> optional_int(const std::optional<Int64>& value) {
    if (!value) return std::nullopt;
    return value->value;
}

/// @brief str(value) as UTF-8, for text the bindings build themselves (a repr, a type's name):
/// unlike an argument it is not checked or capped.
inline std::string plain_text(const py::handle& value) {
    return static_cast<std::string>(py::str(value));
}

/// @brief `value` converted to T with its values named `field`; a value of the wrong shape is a
/// TypeError saying what `field` must be.
template <typename T>
T convert(const py::handle& value, const char* field, const char* expected) {
    const FieldScope scope(field);
    py::detail::make_caster<T> caster;
    if (!caster.load(value, true)) {
        throw py::type_error(std::string(field) + " must be " + expected + ", not " +
                             plain_text(py::type::of(value).attr("__name__")));
    }
    return py::detail::cast_op<T>(std::move(caster));
}

/// @brief The UTF-8 of a Python str, validated for storage (rules::require_text) and named
/// `field`; the view points into the str's own buffer and lives as long as the str.
std::string_view text_view_of(const py::handle& value, const std::string& field,
                              std::size_t max_length = rules::max_text_length);
/// @brief The same, copied.
inline std::string text_of(const py::handle& value, const std::string& field,
                           std::size_t max_length = rules::max_text_length) {
    return std::string(text_view_of(value, field, max_length));
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
/// @brief The most items a list of text (perks, scan points, specification ids ...) may have.
inline constexpr std::size_t max_list_items = 10'000;
/// A list of strings from any iterable of str (a str itself is refused), each validated as text.
std::vector<std::string> to_strings(const py::handle& value, const char* field);
/// Localized names (`names` of specifications and products): a dict of locale to name, each text
/// validated; anything else is a TypeError naming `names`.
inline std::map<std::string, std::string> to_localized_names(const py::handle& names) {
    return convert<std::map<std::string, std::string>>(names, "names", "a dict of locale to name");
}

/// (key, value) pairs from a mapping (its items, in order) or an iterable of pairs; anything else
/// is a TypeError naming `field`.
template <typename Value>
std::vector<std::pair<std::string, Value>> pairs_of(const py::object& value, const char* field, const char* expected) {
    const py::object items = py::isinstance<py::dict>(value) ? py::object(value.attr("items")()) : value;
    return convert<std::vector<std::pair<std::string, Value>>>(items, field, expected);
}

/// Registers how `_restore(type_name, json)` rebuilds a value type; used by __reduce__.
void register_restorer(const std::string& type_name, std::function<py::object(const Json&)> restore);

/// Gives a snapshot type __eq__, __hash__, __repr__ (TypeName(field=value, ...)) and pickling,
/// all derived from its JSON form, so no type writes them by hand.
template <typename T, typename... Options>
void add_value_dunders(py::class_<T, Options...>& cls) {
    cls.def("__eq__", [](const T& self, const py::object& other) -> py::object {
        if (!py::isinstance<T>(other)) return py::reinterpret_borrow<py::object>(Py_NotImplemented);
        return py::bool_(self == other.cast<const T&>());
    });
    cls.def("__hash__", [](const T& self) { return std::hash<std::string>{}(Json(self).dump()); });
    cls.def(
        "to_json", [](const T& self) { return Json(self).dump(); },
        "The snapshot as JSON text, as it is pickled: instants in microseconds since 1970-01-01 UTC, "
        "money in minor units with its currency.");
    cls.def("__repr__", [](const py::object& self) {
        const Json fields = Json(self.cast<const T&>());
        std::string text = plain_text(py::type::of(self).attr("__name__")) + "(";
        bool first = true;
        for (const auto& item : fields.items()) {
            if (!first) text += ", ";
            first = false;
            text += item.key() + "=" + plain_text(py::repr(self.attr(item.key().c_str())));
        }
        return text + ")";
    });
    // __reduce__ through a module-level function pickles with every protocol (py::pickle needs >= 2).
    const std::string type_name = plain_text(cls.attr("__name__"));
    register_restorer(type_name, [](const Json& json) { return py::cast(snapshot_as<T>(json)); });
    cls.def("__reduce__", [type_name](const T& self) {
        return py::make_tuple(py::module_::import("ticketcore._core").attr("_restore"),
                              py::make_tuple(type_name, Json(self).dump()));
    });
}

/// Binds `Page<Node>` as the Python class `name`: `nodes` (a tuple), `has_next_page`, `end_cursor`.
template <typename Node>
void add_page_class(py::module_& m, const char* name, const char* doc) {
    py::class_<Page<Node>> page(m, name, doc);
    page.def_property_readonly("nodes", [](const Page<Node>& self) { return py::tuple(py::cast(self.nodes)); })
        .def_readonly("has_next_page", &Page<Node>::has_next_page)
        .def_readonly("end_cursor", &Page<Node>::end_cursor);
    add_value_dunders(page);
}

void register_errors(py::module_& m);
void register_values(py::module_& m);
void register_store(py::module_& m);
void register_catalog(py::module_& m);
void register_orders(py::module_& m);
void register_refunds(py::module_& m);
void register_sales(py::module_& m);
void register_door(py::module_& m);
void register_staff(py::module_& m);
void register_products(py::module_& m);
void register_seatmaps(py::module_& m);
void register_reports(py::module_& m);
#ifdef TICKETCORE_TEST_HOOKS
void register_testing(py::module_& m);
#endif

}  // namespace ticketcore::bindings

namespace pybind11::detail {

/// Records the call being dispatched for bindings marked named_args(), before its arguments load.
template <>
struct process_attribute<ticketcore::bindings::named_args>
    : process_attribute_default<ticketcore::bindings::named_args> {
    static void precall(function_call& call);
};

/// str only (bytes are a TypeError), validated: no lone surrogate, no NUL, not too long. Output
/// never fails: text read from a store that is not UTF-8 shows replacement characters.
template <>
struct type_caster<std::string> {
    PYBIND11_TYPE_CASTER(std::string, const_name("str"));

    bool load(handle source, bool /*convert*/) {
        if (!PyUnicode_Check(source.ptr())) return false;
        value = ticketcore::bindings::text_of(source, ticketcore::bindings::argument_name(source.ptr()));
        return true;
    }

    static handle cast(const std::string& text, return_value_policy, handle) {
        return PyUnicode_DecodeUTF8(text.data(), static_cast<Py_ssize_t>(text.size()), "replace");
    }
};

/// The same for std::string_view parameters; the view points into the str's own UTF-8 buffer,
/// which lives as long as the argument.
template <>
struct type_caster<std::string_view> {
    PYBIND11_TYPE_CASTER(std::string_view, const_name("str"));

    bool load(handle source, bool /*convert*/) {
        if (!PyUnicode_Check(source.ptr())) return false;
        value = ticketcore::bindings::text_view_of(source, ticketcore::bindings::argument_name(source.ptr()));
        return true;
    }

    static handle cast(std::string_view text, return_value_policy, handle) {
        return PyUnicode_DecodeUTF8(text.data(), static_cast<Py_ssize_t>(text.size()), "replace");
    }
};

/// Aware datetime <-> Instant (UTC microseconds). Naive datetimes are refused with a
/// ValidationError (a ValueError in Python); results are aware UTC datetimes.
template <>
struct type_caster<ticketcore::Instant> {
    PYBIND11_TYPE_CASTER(ticketcore::Instant, const_name("datetime.datetime"));

    bool load(handle source, bool /*convert*/) {
        const auto datetime = module_::import("datetime");
        if (!isinstance(source, datetime.attr("datetime"))) return false;
        const std::string field = ticketcore::bindings::argument_name(source.ptr());
        if (source.attr("utcoffset")().is_none()) {
            // datetime's own __str__, not the argument's: a subclass's override is user code.
            const object shown = datetime.attr("datetime").attr("__str__")(source);
            throw ticketcore::fail::naive_datetime(field, ticketcore::bindings::plain_text(shown));
        }
        const object epoch = datetime.attr("datetime")(1970, 1, 1, 0, 0, 0, 0, datetime.attr("timezone").attr("utc"));
        // A datetime's difference from the epoch always fits a timedelta and 64 bits of microseconds;
        // the instant it names may still be outside datetime's UTC range (datetime.max in New York).
        value = ticketcore::Instant{ticketcore::bindings::timedelta_micros(source - epoch, field.c_str())};
        ticketcore::require_in_range(value, field);
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
            // The number itself is not quoted: printing it may be slow (a huge int), refused (over
            // Python's int-to-str limit) or user code (an int subclass's __str__).
            throw ticketcore::fail::number_beyond_64_bits(ticketcore::bindings::argument_name(source.ptr()));
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
