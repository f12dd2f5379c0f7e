#include "prelude.hpp"

#include <pybind11/native_enum.h>

#include <map>

#include "ticketcore/model/event.hpp"
#include "ticketcore/model/specification.hpp"
#include "ticketcore/values/actor.hpp"

namespace ticketcore::bindings {

namespace {

/// The plain decimal text of a Decimal, built from its digits and exponent so that neither a
/// huge exponent (1E+1000000) nor a tiny one (1E-300000000) is ever written out: amounts that
/// cannot fit are refused from the exponent alone.
std::string decimal_digits(const py::handle& amount, Currency currency) {
    if (!amount.attr("is_finite")().cast<bool>()) throw fail::amount_not_finite();
    const py::tuple parts = amount.attr("as_tuple")();
    const bool negative = parts[0].cast<int>() == 1;
    const py::tuple digit_items = parts[1];
    int overflow = 0;
    const long long exponent = PyLong_AsLongLongAndOverflow(py::handle(parts[2]).ptr(), &overflow);
    std::string digits;
    for (const py::handle digit : digit_items) digits.push_back(static_cast<char>('0' + digit.cast<int>()));
    // Trailing zeros move into the exponent: 1.500 is 15 x 10^-1.
    long long shift = exponent;
    while (digits.size() > 1 && digits.back() == '0' && overflow == 0 && shift < (1LL << 40)) {
        digits.pop_back();
        ++shift;
    }
    if (digits == "0") return "0";
    if (overflow < 0 || (overflow == 0 && shift < -currency.exponent())) {
        throw fail::too_many_decimals(plain_text(py::str(amount)), currency.code(), currency.exponent());
    }
    if (overflow > 0 || static_cast<long long>(digits.size()) + shift > 19) throw fail::money_overflow();
    if (shift >= 0) {
        digits.append(static_cast<std::size_t>(shift), '0');
    } else {
        const auto decimals = static_cast<std::size_t>(-shift);
        if (digits.size() <= decimals) digits.insert(0, decimals - digits.size() + 1, '0');
        digits.insert(digits.size() - decimals, 1, '.');
    }
    return negative ? "-" + digits : digits;
}

/// Decimal | int | str -> exact decimal text; float (and bool) are TypeErrors.
std::string decimal_text(const py::handle& amount, Currency currency) {
    if (PyFloat_Check(amount.ptr())) {
        throw py::type_error(
            "Money amount does not accept float (binary floating point is inexact); "
            "pass a Decimal, an int or a str");
    }
    if (PyBool_Check(amount.ptr())) throw py::type_error("Money amount does not accept bool");
    if (PyLong_Check(amount.ptr())) {
        // The value, never str(): that is slow for huge ints, refused past Python's int-to-str
        // limit, and user code for an int subclass.
        int overflow = 0;
        const long long whole = PyLong_AsLongLongAndOverflow(amount.ptr(), &overflow);
        if (overflow != 0) throw fail::money_overflow();
        return std::to_string(whole);
    }
    // No length cap for amounts: Money::parse refuses a long one by its digit count, in linear time.
    if (py::isinstance<py::str>(amount)) return text_of(amount, "amount", SIZE_MAX);
    const py::object decimal_type = py::module_::import("decimal").attr("Decimal");
    if (py::isinstance(amount, decimal_type)) return decimal_digits(amount, currency);
    throw py::type_error("Money amount must be Decimal, int or str, not " +
                         plain_text(py::str(py::type::of(amount).attr("__name__"))));
}

Money make_money(const py::handle& amount, const std::string& currency) {
    const Currency unit = Currency::of(currency);
    return Money::parse(decimal_text(amount, unit), unit);
}

py::object decimal_of(const Money& money) {
    return py::module_::import("decimal").attr("Decimal")(money.to_decimal_string());
}

py::object not_implemented() {
    return py::reinterpret_borrow<py::object>(Py_NotImplemented);
}

std::set<std::string, std::less<>> scope_set(const py::handle& scopes) {
    const auto names = to_strings(scopes, "scopes");
    return {names.begin(), names.end()};
}

}  // namespace

std::int64_t timedelta_micros(const py::handle& delta, const char* what) {
    if (!py::isinstance(delta, py::module_::import("datetime").attr("timedelta"))) {
        throw py::type_error(std::string(what) + " must be a datetime.timedelta");
    }
    const auto days = delta.attr("days").cast<std::int64_t>();
    const auto seconds = delta.attr("seconds").cast<std::int64_t>();
    const auto micros = delta.attr("microseconds").cast<std::int64_t>();
    std::int64_t total = 0;
    if (__builtin_mul_overflow(days, std::int64_t{86'400'000'000}, &total) ||
        __builtin_add_overflow(total, seconds * 1'000'000 + micros, &total)) {
        throw fail::number_out_of_range(what);
    }
    return total;
}

Amount to_amount(const py::handle& value, const char* field) {
    if (py::isinstance<Money>(value)) {
        const auto money = value.cast<Money>();
        return Amount{money.minor(), money.currency()};
    }
    if (PyFloat_Check(value.ptr())) throw py::type_error(std::string(field) + " does not accept float");
    if (PyBool_Check(value.ptr()) || !PyLong_Check(value.ptr())) {
        throw py::type_error(std::string(field) + " must be Money or an int of minor units");
    }
    return Amount{value.cast<Int64>().value, std::nullopt};
}

std::optional<Amount> to_optional_amount(const py::handle& value, const char* field) {
    if (value.is_none()) return std::nullopt;
    return to_amount(value, field);
}

py::tuple to_tuple(const std::vector<std::string>& items) {
    return py::cast(items).cast<py::tuple>();
}

std::vector<std::string> to_strings(const py::handle& value, const char* field) {
    if (py::isinstance<py::str>(value) || py::isinstance<py::bytes>(value)) {
        throw py::type_error(std::string(field) + " must be an iterable of str, not a single string");
    }
    if (!py::hasattr(value, "__iter__")) {
        throw py::type_error(std::string(field) + " must be an iterable of str, not " +
                             plain_text(py::str(py::type::of(value).attr("__name__"))));
    }
    std::vector<std::string> result;
    for (const py::handle item : py::iter(value)) {
        if (!py::isinstance<py::str>(item)) throw py::type_error(std::string(field) + " must contain only str");
        result.push_back(text_of(item, field));
        if (result.size() > max_list_items) {
            throw fail::too_many_items(field, max_list_items);
        }
    }
    return result;
}

namespace {

std::map<std::string, std::function<py::object(const Json&)>>& restorers() {
    static std::map<std::string, std::function<py::object(const Json&)>> table;
    return table;
}

}  // namespace

void register_restorer(const std::string& type_name, std::function<py::object(const Json&)> restore) {
    restorers()[type_name] = std::move(restore);
}

void register_values(py::module_& m) {
    m.def(
        "_restore",
        [](const std::string& type_name, const py::str& json) {
            const auto found = restorers().find(type_name);
            if (found == restorers().end()) throw fail::unknown_snapshot_type(type_name);
            // A snapshot may hold texts of the full length, so its JSON is not held to the text cap.
            return found->second(parse_snapshot(text_of(json, "json", SIZE_MAX)));
        },
        named_args(), py::arg("type_name"), py::arg("json"), "Rebuilds a pickled value (used by __reduce__).");

    py::native_enum<RoundingMode>(m, "RoundingMode", "enum.Enum", "How exact results are rounded to minor units.")
        .value("HALF_UP", RoundingMode::HalfUp)
        .value("HALF_EVEN", RoundingMode::HalfEven)
        .finalize();
    py::native_enum<EventState>(m, "EventState", "enum.Enum", "Lifecycle of an event.")
        .value("DRAFT", EventState::Draft)
        .value("PUBLISHED", EventState::Published)
        .value("COMPLETED", EventState::Completed)
        .finalize();
    py::native_enum<Visibility>(m, "Visibility", "enum.Enum", "Who can see and buy a ticket specification.")
        .value("PUBLIC", Visibility::Public)
        .value("PRIVATE", Visibility::Private)
        .value("INVITE_ONLY", Visibility::InviteOnly)
        .finalize();

    py::class_<Money> money(m, "Money", "Exact money: integer minor units of one ISO 4217 currency.");
    money
        .def(py::init(&make_money), named_args(), py::arg("amount"), py::arg("currency"),
             "Money from a Decimal, int or str amount in major units, e.g. Money('250.00', 'DKK').")
        .def_static(
            "from_minor",
            [](Int64 minor, const std::string& currency) { return Money(minor.value, Currency::of(currency)); },
            named_args(), py::arg("minor"), py::arg("currency"),
            "Money from minor units, e.g. Money.from_minor(25000, 'DKK').")
        .def_static(
            "zero", [](const std::string& currency) { return Money::zero(Currency::of(currency)); }, named_args(),
            py::arg("currency"))
        .def_property_readonly("amount", &decimal_of, "The amount as a Decimal with the currency's exponent.")
        .def_property_readonly("minor", &Money::minor, "The amount in minor units.")
        .def_property_readonly("currency", [](const Money& self) { return std::string(self.currency().code()); })
        .def_property_readonly("exponent", [](const Money& self) { return self.currency().exponent(); })
        .def("__repr__",
             [](const Money& self) {
                 return "Money('" + self.to_decimal_string() + "', '" + std::string(self.currency().code()) + "')";
             })
        .def("__str__",
             [](const Money& self) { return self.to_decimal_string() + " " + std::string(self.currency().code()); })
        .def("__eq__",
             [](const Money& self, const py::object& other) -> py::object {
                 if (!py::isinstance<Money>(other)) return not_implemented();
                 return py::bool_(self == other.cast<Money>());
             })
        .def("__hash__",
             [](const Money& self) {
                 return py::hash(py::make_tuple(self.minor(), std::string(self.currency().code())));
             })
        .def(
            "__lt__", [](const Money& a, const Money& b) { return a < b; }, py::is_operator())
        .def(
            "__le__", [](const Money& a, const Money& b) { return a <= b; }, py::is_operator())
        .def(
            "__gt__", [](const Money& a, const Money& b) { return a > b; }, py::is_operator())
        .def(
            "__ge__", [](const Money& a, const Money& b) { return a >= b; }, py::is_operator())
        .def(
            "__add__", [](const Money& a, const Money& b) { return a + b; }, py::is_operator())
        .def(
            "__sub__", [](const Money& a, const Money& b) { return a - b; }, py::is_operator())
        .def("__neg__", [](const Money& a) { return -a; })
        .def("__mul__",
             [](const Money& self, const py::object& quantity) -> py::object {
                 if (PyBool_Check(quantity.ptr()) || !PyLong_Check(quantity.ptr())) return not_implemented();
                 return py::cast(self.times(quantity.cast<Int64>().value));
             })
        .def("__rmul__",
             [](const Money& self, const py::object& quantity) -> py::object {
                 if (PyBool_Check(quantity.ptr()) || !PyLong_Check(quantity.ptr())) return not_implemented();
                 return py::cast(self.times(quantity.cast<Int64>().value));
             })
        .def(
            "percent",
            [](const Money& self, Int64 basis_points, RoundingMode rounding) {
                return self.percent(BasisPoints{basis_points.value}, rounding);
            },
            named_args(), py::arg("basis_points"), py::arg("rounding") = RoundingMode::HalfUp,
            "basis_points/10000 of this amount, computed exactly and rounded once.")
        .def(
            "included_vat",
            [](const Money& self, Int64 basis_points, RoundingMode rounding) {
                return self.included_vat(BasisPoints{basis_points.value}, rounding);
            },
            named_args(), py::arg("basis_points"), py::arg("rounding") = RoundingMode::HalfUp,
            "The VAT contained in this gross amount at the given rate.")
        .def(
            "allocate",
            [](const Money& self, const py::sequence& weights) {
                if (PyUnicode_Check(weights.ptr()) || PyBytes_Check(weights.ptr()) ||
                    PyByteArray_Check(weights.ptr())) {
                    throw py::type_error("weights must be a sequence of int, not " +
                                         plain_text(py::type::of(weights).attr("__name__")));
                }
                // Counted before converting, so a huge list is refused at once.
                if (weights.size() > Money::max_parts) {
                    throw fail::allocation_too_many_parts(Money::max_parts);
                }
                const FieldScope field("weights");
                std::vector<std::int64_t> raw;
                raw.reserve(weights.size());
                for (const py::handle weight : weights) {
                    py::detail::make_caster<Int64> caster;
                    if (!caster.load(weight, false)) throw py::type_error("weights must contain only int");
                    raw.push_back(py::detail::cast_op<Int64>(caster).value);
                }
                return self.allocate(raw);
            },
            py::arg("weights"), named_args(), "Splits by weights (largest remainder); the parts sum to this amount.")
        .def(
            "split", [](const Money& self, Int64 parts) { return self.split(parts.value); }, named_args(),
            py::arg("parts"), "Splits into near-equal parts that sum to this amount.")
        .def("__reduce__", [](const Money& self) {
            return py::make_tuple(py::module_::import("ticketcore._core").attr("_restore"),
                                  py::make_tuple("Money", Json(self).dump()));
        });
    register_restorer("Money", [](const Json& state) { return py::cast(snapshot_as<Money>(state)); });

    py::class_<Actor> actor(m, "Actor", "Who an operation runs as: id, organization and scopes.");
    actor
        .def(py::init([](const std::string& id, std::optional<std::string> organization_id, const py::object& scopes) {
                 return Actor::make(id, std::move(organization_id), scope_set(scopes));
             }),
             named_args(), py::arg("id"), py::arg("organization_id") = py::none(), py::arg("scopes") = py::tuple())
        .def_static("platform", &Actor::platform, named_args(), py::arg("id"),
                    "A platform operator (scope platform:admin).")
        .def_readonly("id", &Actor::id)
        .def_readonly("organization_id", &Actor::organization_id)
        .def_property_readonly(
            "scopes",
            [](const Actor& self) {
                return py::frozenset(py::cast(std::vector<std::string>(self.scopes.begin(), self.scopes.end())));
            })
        .def("has_scope", &Actor::has_scope, named_args(), py::arg("scope"));
    add_value_dunders(actor);

    py::class_<ManualClock, std::shared_ptr<ManualClock>>(m, "ManualClock",
                                                          "A clock that only moves when told (tests, replays).")
        .def(py::init<Instant>(), named_args(), py::arg("start"))
        .def("now", &ManualClock::now)
        .def("set", &ManualClock::set, named_args(), py::arg("instant"))
        .def(
            "advance",
            [](ManualClock& self, const py::object& delta) { self.advance(timedelta_micros(delta, "delta")); },
            named_args(), py::arg("delta"));

    m.def(
        "format_local", [](Instant instant, const std::string& zone) { return format_local(instant, zone); },
        named_args(), py::arg("instant"), py::arg("time_zone"), "RFC 3339 local time with offset in an IANA zone.");
}

}  // namespace ticketcore::bindings
