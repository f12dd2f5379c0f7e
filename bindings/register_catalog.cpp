#include "prelude.hpp"

#include <pybind11/native_enum.h>

#include "ticketcore/ticketcore.hpp"

namespace ticketcore::bindings {

namespace {

/// The sentinel `CLEAR`: passed to `edit`, it sets a nullable field back to None.
struct Clear {};

/// Loads `value` as T through its caster; a value of the wrong type is a TypeError naming `field`.
template <typename T>
T load_as(const py::handle& value, const char* field, const char* expected) {
    py::detail::make_caster<T> caster;
    if (!caster.load(value, false)) {
        throw py::type_error(std::string(field) + " must be " + expected + " or CLEAR, not " +
                             plain_text(py::str(py::type::of(value).attr("__name__"))));
    }
    return py::detail::cast_op<T>(std::move(caster));
}

std::optional<std::optional<std::int64_t>> nullable_int(const py::object& value, const char* field) {
    if (value.is_none()) return std::nullopt;
    if (py::isinstance<Clear>(value)) return std::optional<std::int64_t>{};
    return std::optional<std::int64_t>{load_as<Int64>(value, field, "int").value};
}

std::optional<std::optional<Instant>> nullable_instant(const py::object& value, const char* field) {
    if (value.is_none()) return std::nullopt;
    if (py::isinstance<Clear>(value)) return std::optional<Instant>{};
    return std::optional<Instant>{load_as<Instant>(value, field, "an aware datetime")};
}

/// seed 004 calls the quota `capacity`; both names are accepted, not both at once.
std::optional<std::int64_t> quota(const std::optional<Int64>& for_sale, const std::optional<Int64>& capacity) {
    if (for_sale && capacity) {
        throw fail::quota_given_twice();
    }
    return optional_int(for_sale ? for_sale : capacity);
}

}  // namespace

void register_catalog(py::module_& m) {
    py::class_<Clear>(m, "_Clear").def("__repr__", [](const Clear&) { return "CLEAR"; });
    m.attr("CLEAR") = Clear{};

    py::native_enum<CustomerFieldType>(m, "CustomerFieldType", "enum.Enum",
                                       "The kind of value a field of the customer-data form takes (seed 001).")
        .value("TEXT", CustomerFieldType::Text)
        .value("EMAIL", CustomerFieldType::Email)
        .value("PHONE", CustomerFieldType::Phone)
        .value("COUNTRY", CustomerFieldType::Country)
        .value("BOOLEAN", CustomerFieldType::Boolean)
        .finalize();
    py::class_<CustomerField> customer_field(
        m, "CustomerField", "A field of the organization's customer-data form: a dot-notation key and its type.");
    customer_field.def_readonly("key", &CustomerField::key).def_readonly("type", &CustomerField::type);
    add_value_dunders(customer_field);

    py::class_<Organization> organization(m, "Organization", "A tenant with its currency and rounding mode.");
    organization.def_readonly("id", &Organization::id)
        .def_readonly("name", &Organization::name)
        .def_property_readonly("currency", [](const Organization& self) { return std::string(self.currency.code()); })
        .def_readonly("rounding", &Organization::rounding)
        .def_readonly("billing_profile_enabled", &Organization::billing_profile_enabled)
        .def_readonly("refund_fees", &Organization::refund_fees)
        .def_readonly("box_office_fee", &Organization::box_office_fee)
        .def_readonly("box_office_fee_vat_rate", &Organization::box_office_fee_vat_rate)
        .def_property_readonly("customer_form",
                               [](const Organization& self) { return py::tuple(py::cast(self.customer_form)); })
        .def_readonly("created", &Organization::created);
    add_value_dunders(organization);

    py::native_enum<KeyState>(m, "KeyState", "enum.Enum", "Where an organization's signing key is in its life.")
        .value("ACTIVE", KeyState::Active)
        .value("VERIFYING", KeyState::Verifying)
        .value("RETIRED", KeyState::Retired)
        .finalize();
    py::class_<SigningKeyInfo> signing_key(
        m, "SigningKeyInfo", "The public half of an organization's Ed25519 signing key: what a scanner verifies with.");
    signing_key.def_readonly("key_id", &SigningKeyInfo::key_id)
        .def_readonly("public_key", &SigningKeyInfo::public_key)
        .def_readonly("state", &SigningKeyInfo::state)
        .def_readonly("created", &SigningKeyInfo::created)
        .def_readonly("rotated", &SigningKeyInfo::rotated)
        .def_readonly("retired", &SigningKeyInfo::retired);
    add_value_dunders(signing_key);

    py::class_<EventDate> event_date(m, "EventDate", "One occurrence of an event.");
    event_date.def_readonly("id", &EventDate::id)
        .def_readonly("event_id", &EventDate::event_id)
        .def_readonly("start", &EventDate::start)
        .def_readonly("end", &EventDate::end)
        .def_readonly("local_start", &EventDate::local_start)
        .def_readonly("local_end", &EventDate::local_end);
    add_value_dunders(event_date);

    py::class_<Event> event(m, "Event", "A snapshot of an event with its dates.");
    event.def_readonly("id", &Event::id)
        .def_readonly("organization_id", &Event::organization_id)
        .def_readonly("name", &Event::name)
        .def_readonly("description", &Event::description)
        .def_readonly("location", &Event::location)
        .def_readonly("time_zone", &Event::time_zone)
        .def_readonly("state", &Event::state)
        .def_property_readonly("currency", [](const Event& self) { return std::string(self.currency.code()); })
        .def_readonly("platform_fee", &Event::platform_fee)
        .def_readonly("percentage_fee", &Event::percentage_fee)
        .def_readonly("vat_rate", &Event::vat_rate)
        .def_readonly("created", &Event::created)
        .def_property_readonly("dates", [](const Event& self) { return py::tuple(py::cast(self.dates)); });
    add_value_dunders(event);
    add_page_class<Event>(m, "EventPage", "A page of an organization's events, in creation order.");

    py::class_<TicketSpecification> spec(m, "TicketSpecification", "A ticket specification (SKU) with live counts.");
    spec.def_readonly("id", &TicketSpecification::id)
        .def_readonly("event_id", &TicketSpecification::event_id)
        .def_readonly("name", &TicketSpecification::name)
        .def_property_readonly("names", [](const TicketSpecification& self) { return py::dict(py::cast(self.names)); })
        .def("name_for", &TicketSpecification::name_for, named_args(), py::arg("locale"),
             "The name in `locale`, falling back to its language and then to `name`.")
        .def_readonly("description", &TicketSpecification::description)
        .def_readonly("price", &TicketSpecification::price)
        .def_property_readonly(
            "currency", [](const TicketSpecification& self) { return std::string(self.price.currency().code()); })
        .def_readonly("vat_rate", &TicketSpecification::vat_rate)
        .def_property_readonly("include_vat", &TicketSpecification::include_vat)
        .def_readonly("ticket_platform_fee", &TicketSpecification::ticket_platform_fee)
        .def_readonly("ticket_percentage_fee", &TicketSpecification::ticket_percentage_fee)
        .def_readonly("percentage_fee_amount", &TicketSpecification::percentage_fee_amount)
        .def_readonly("number_of_tickets_for_sale", &TicketSpecification::number_of_tickets_for_sale)
        .def_readonly("capacity", &TicketSpecification::number_of_tickets_for_sale)
        .def_readonly("maximum_number_of_tickets_per_user", &TicketSpecification::maximum_number_of_tickets_per_user)
        .def_readonly("number_of_tickets_sold", &TicketSpecification::number_of_tickets_sold)
        .def_readonly("number_of_tickets_reserved", &TicketSpecification::number_of_tickets_reserved)
        .def_readonly("available", &TicketSpecification::available)
        .def_readonly("is_active", &TicketSpecification::is_active)
        .def_readonly("sale_start", &TicketSpecification::sale_start)
        .def_readonly("sale_end", &TicketSpecification::sale_end)
        .def_property_readonly("perks", [](const TicketSpecification& self) { return to_tuple(self.perks); })
        .def_readonly("visibility", &TicketSpecification::visibility)
        .def_readonly("transferable", &TicketSpecification::transferable)
        .def_readonly("allow_reentry", &TicketSpecification::allow_reentry)
        .def_readonly("reentry_limit", &TicketSpecification::reentry_limit)
        .def_property_readonly("accepted_scan_points",
                               [](const TicketSpecification& self) { return to_tuple(self.accepted_scan_points); })
        .def_readonly("refund_policy", &TicketSpecification::refund_policy)
        .def_property_readonly("pool_ids", [](const TicketSpecification& self) { return to_tuple(self.pool_ids); })
        .def_property_readonly("event_date_ids",
                               [](const TicketSpecification& self) { return to_tuple(self.event_date_ids); })
        .def_readonly("created", &TicketSpecification::created);
    add_value_dunders(spec);

    py::class_<Pool> pool(m, "Pool", "A shared capacity pool several specifications draw from.");
    pool.def_readonly("id", &Pool::id)
        .def_readonly("event_id", &Pool::event_id)
        .def_readonly("name", &Pool::name)
        .def_readonly("size", &Pool::size)
        .def_readonly("sold", &Pool::sold)
        .def_readonly("reserved", &Pool::reserved)
        .def_readonly("available", &Pool::available)
        .def_property_readonly("specification_ids", [](const Pool& self) { return to_tuple(self.specification_ids); })
        .def_readonly("created", &Pool::created);
    add_value_dunders(pool);

    py::class_<Organizations>(m, "Organizations", "Tenants; creating one needs the platform:admin scope.")
        .def(
            "create",
            [](const Organizations& self, const std::string& name, const std::string& currency, RoundingMode rounding,
               bool refund_fees) {
                GilRelease release;
                return self.create(NewOrganization{name, currency, rounding, refund_fees});
            },
            named_args(), py::arg("name"), py::kw_only(), py::arg("currency"),
            py::arg("rounding") = RoundingMode::HalfUp, py::arg("refund_fees").noconvert() = false)
        .def("get", &Organizations::get, named_args(), py::arg("organization_id"), release_gil())
        .def("set_refund_fees", &Organizations::set_refund_fees, named_args(), py::arg("organization_id"),
             py::kw_only(), py::arg("refund_fees").noconvert(), release_gil(),
             "Whether the organization's refunds give the fees paid back (refunds started later follow it).")
        .def(
            "set_box_office_fee",
            [](const Organizations& self, const std::string& organization_id, const py::object& fee, Int64 vat_rate) {
                const Amount amount = to_amount(fee, "fee");
                GilRelease release;
                return self.set_box_office_fee(organization_id, amount, vat_rate.value);
            },
            named_args(), py::arg("organization_id"), py::kw_only(), py::arg("fee"), py::arg("vat_rate") = Int64{0},
            "The fee every box-office sale with items adds, VAT at `vat_rate` basis points included (0 for none).")
        .def(
            "set_customer_form",
            [](const Organizations& self, const std::string& organization_id, const py::object& fields) {
                std::optional<std::vector<CustomerField>> form;
                if (!fields.is_none()) {
                    const auto pairs = pairs_of<CustomerFieldType>(
                        fields, "fields", "a mapping or list of (key, CustomerFieldType) pairs, or None");
                    form.emplace();
                    for (const auto& [key, type] : pairs) form->push_back(CustomerField{key, type});
                }
                GilRelease release;
                return self.set_customer_form(organization_id, form);
            },
            named_args(), py::arg("organization_id"), py::arg("fields"),
            "The customer-data form sales.apply_customer_data checks against, in order; None restores the default.")
        .def("signing_keys", &Organizations::signing_keys, release_gil())
        .def("rotate_signing_key", &Organizations::rotate_signing_key, release_gil())
        .def("retire_signing_key", &Organizations::retire_signing_key, named_args(), py::arg("key_id"), release_gil());

    py::class_<Events>(m, "Events", "Events and their dates.")
        .def(
            "create",
            [](const Events& self, const std::string& name, const std::string& time_zone, const std::string& location,
               const std::string& description, std::optional<std::string> currency, const py::object& platform_fee,
               Int64 percentage_fee, Int64 vat_rate) {
                NewEvent input{name,
                               time_zone,
                               description,
                               location,
                               std::move(currency),
                               to_amount(platform_fee, "platform_fee"),
                               percentage_fee.value,
                               vat_rate.value};
                GilRelease release;
                return self.create(input);
            },
            named_args(), py::arg("name"), py::kw_only(), py::arg("time_zone"), py::arg("location") = "",
            py::arg("description") = "", py::arg("currency") = py::none(), py::arg("platform_fee") = 0,
            py::arg("percentage_fee") = Int64{0}, py::arg("vat_rate") = Int64{2500})
        .def("add_date", &Events::add_date, named_args(), py::arg("event_id"), py::arg("start"), py::arg("end"),
             release_gil())
        .def("publish", &Events::publish, named_args(), py::arg("event_id"), release_gil())
        .def("complete", &Events::complete, named_args(), py::arg("event_id"), release_gil())
        .def("get", &Events::get, named_args(), py::arg("event_id"), release_gil())
        .def(
            "list",
            [](const Events& self, std::optional<EventState> state, Int64 first, std::optional<std::string> after) {
                const PageRequest page{first.value, std::move(after)};
                GilRelease release;
                return self.list(state, page);
            },
            named_args(), py::kw_only(), py::arg("state") = py::none(), py::arg("first") = Int64{default_page_size},
            py::arg("after") = py::none());

    py::class_<Specifications>(m, "Specifications", "Ticket specifications with the rules of seed 003.")
        .def(
            "add",
            [](const Specifications& self, const std::string& event_id, const std::string& name,
               const py::object& price, const std::string& description, const py::object& names,
               const py::object& ticket_platform_fee, std::optional<Int64> ticket_percentage_fee,
               std::optional<Int64> number_of_tickets_for_sale, std::optional<Int64> capacity,
               std::optional<Int64> maximum_number_of_tickets_per_user, std::optional<Instant> sale_start,
               std::optional<Instant> sale_end, const py::object& perks, Visibility visibility, bool transferable,
               bool allow_reentry, std::optional<Int64> reentry_limit, const py::object& accepted_scan_points,
               const std::string& refund_policy) {
                NewSpecification input;
                input.event_id = event_id;
                input.name = name;
                if (!names.is_none()) input.names = to_localized_names(names);
                input.description = description;
                input.price = to_amount(price, "price");
                input.ticket_platform_fee = to_optional_amount(ticket_platform_fee, "ticket_platform_fee");
                input.ticket_percentage_fee = optional_int(ticket_percentage_fee);
                input.number_of_tickets_for_sale = quota(number_of_tickets_for_sale, capacity);
                input.maximum_number_of_tickets_per_user = optional_int(maximum_number_of_tickets_per_user);
                input.sale_start = sale_start;
                input.sale_end = sale_end;
                input.perks = to_strings(perks, "perks");
                input.visibility = visibility;
                input.transferable = transferable;
                input.allow_reentry = allow_reentry;
                input.reentry_limit = optional_int(reentry_limit);
                input.accepted_scan_points = to_strings(accepted_scan_points, "accepted_scan_points");
                input.refund_policy = refund_policy;
                GilRelease release;
                return self.add(input);
            },
            named_args(), py::arg("event_id"), py::arg("name"), py::kw_only(), py::arg("price") = 0,
            py::arg("description") = "", py::arg("names") = py::none(), py::arg("ticket_platform_fee") = py::none(),
            py::arg("ticket_percentage_fee") = py::none(), py::arg("number_of_tickets_for_sale") = py::none(),
            py::arg("capacity") = py::none(), py::arg("maximum_number_of_tickets_per_user") = py::none(),
            py::arg("sale_start") = py::none(), py::arg("sale_end") = py::none(), py::arg("perks") = py::tuple(),
            py::arg("visibility") = Visibility::Public, py::arg("transferable").noconvert() = true,
            py::arg("allow_reentry").noconvert() = false, py::arg("reentry_limit") = py::none(),
            py::arg("accepted_scan_points") = py::tuple(), py::arg("refund_policy") = "")
        .def(
            "edit",
            [](const Specifications& self, const std::string& id, std::optional<std::string> name,
               const py::object& names, std::optional<std::string> description, const py::object& price,
               const py::object& ticket_platform_fee, std::optional<Int64> ticket_percentage_fee,
               const py::object& number_of_tickets_for_sale, const py::object& capacity,
               const py::object& maximum_number_of_tickets_per_user, const py::object& sale_start,
               const py::object& sale_end, const py::object& perks, std::optional<Visibility> visibility,
               std::optional<bool> transferable, std::optional<bool> allow_reentry, const py::object& reentry_limit,
               const py::object& accepted_scan_points, std::optional<std::string> refund_policy) {
                SpecificationChanges changes;
                changes.name = std::move(name);
                if (!names.is_none()) changes.names = to_localized_names(names);
                changes.description = std::move(description);
                changes.price = to_optional_amount(price, "price");
                changes.ticket_platform_fee = to_optional_amount(ticket_platform_fee, "ticket_platform_fee");
                changes.ticket_percentage_fee = optional_int(ticket_percentage_fee);
                if (!number_of_tickets_for_sale.is_none() && !capacity.is_none()) {
                    throw fail::quota_given_twice();
                }
                changes.number_of_tickets_for_sale = nullable_int(
                    capacity.is_none() ? number_of_tickets_for_sale : capacity, "number_of_tickets_for_sale");
                changes.maximum_number_of_tickets_per_user =
                    nullable_int(maximum_number_of_tickets_per_user, "maximum_number_of_tickets_per_user");
                changes.sale_start = nullable_instant(sale_start, "sale_start");
                changes.sale_end = nullable_instant(sale_end, "sale_end");
                if (!perks.is_none()) changes.perks = to_strings(perks, "perks");
                changes.visibility = visibility;
                changes.transferable = transferable;
                changes.allow_reentry = allow_reentry;
                changes.reentry_limit = nullable_int(reentry_limit, "reentry_limit");
                if (!accepted_scan_points.is_none()) {
                    changes.accepted_scan_points = to_strings(accepted_scan_points, "accepted_scan_points");
                }
                changes.refund_policy = std::move(refund_policy);
                GilRelease release;
                return self.edit(id, changes);
            },
            named_args(), py::arg("specification_id"), py::kw_only(), py::arg("name") = py::none(),
            py::arg("names") = py::none(), py::arg("description") = py::none(), py::arg("price") = py::none(),
            py::arg("ticket_platform_fee") = py::none(), py::arg("ticket_percentage_fee") = py::none(),
            py::arg("number_of_tickets_for_sale") = py::none(), py::arg("capacity") = py::none(),
            py::arg("maximum_number_of_tickets_per_user") = py::none(), py::arg("sale_start") = py::none(),
            py::arg("sale_end") = py::none(), py::arg("perks") = py::none(), py::arg("visibility") = py::none(),
            py::arg("transferable").noconvert() = py::none(), py::arg("allow_reentry").noconvert() = py::none(),
            py::arg("reentry_limit") = py::none(), py::arg("accepted_scan_points") = py::none(),
            py::arg("refund_policy") = py::none())
        .def("set_active", &Specifications::set_active, named_args(), py::arg("specification_id"),
             py::arg("active").noconvert(), release_gil())
        .def("remove", &Specifications::remove, named_args(), py::arg("specification_id"), release_gil())
        .def("get", &Specifications::get, named_args(), py::arg("specification_id"), release_gil())
        .def("list", &Specifications::list, named_args(), py::arg("event_id"), release_gil());

    py::class_<Pools>(m, "Pools", "Shared capacity pools.")
        .def(
            "create",
            [](const Pools& self, const std::string& event_id, const std::string& name, Int64 size,
               const py::object& specification_ids) {
                const auto ids = to_strings(specification_ids, "specification_ids");
                GilRelease release;
                return self.create(event_id, name, size.value, ids);
            },
            named_args(), py::arg("event_id"), py::arg("name"), py::kw_only(), py::arg("size"),
            py::arg("specification_ids") = py::tuple())
        .def(
            "resize",
            [](const Pools& self, const std::string& pool_id, Int64 size) {
                GilRelease release;
                return self.resize(pool_id, size.value);
            },
            named_args(), py::arg("pool_id"), py::arg("size"))
        .def("add_specification", &Pools::add_specification, named_args(), py::arg("pool_id"),
             py::arg("specification_id"), release_gil())
        .def("remove_specification", &Pools::remove_specification, named_args(), py::arg("pool_id"),
             py::arg("specification_id"), release_gil())
        .def("remove", &Pools::remove, named_args(), py::arg("pool_id"), release_gil())
        .def("get", &Pools::get, named_args(), py::arg("pool_id"), release_gil())
        .def("list", &Pools::list, named_args(), py::arg("event_id"), release_gil());
}

}  // namespace ticketcore::bindings
