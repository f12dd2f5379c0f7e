#include "prelude.hpp"

#include "ticketcore/ticketcore.hpp"

namespace ticketcore::bindings {

void register_store(py::module_& m) {
    py::class_<AuditEntry> audit_entry(m, "AuditEntry", "One audit row: who did what to which entity.");
    audit_entry.def_readonly("sequence", &AuditEntry::sequence)
        .def_readonly("at", &AuditEntry::at)
        .def_readonly("actor_id", &AuditEntry::actor_id)
        .def_readonly("organization_id", &AuditEntry::organization_id)
        .def_readonly("operation", &AuditEntry::operation)
        .def_readonly("entity_type", &AuditEntry::entity_type)
        .def_readonly("entity_id", &AuditEntry::entity_id)
        .def_readonly("payload", &AuditEntry::payload)
        .def_property_readonly(
            "data", [](const AuditEntry& self) { return py::module_::import("json").attr("loads")(self.payload); },
            "The payload parsed from JSON.");
    add_value_dunders(audit_entry);

    py::class_<CounterMismatch> mismatch(m, "CounterMismatch", "A derived counter that differs from the ledger.");
    mismatch.def_readonly("entity_type", &CounterMismatch::entity_type)
        .def_readonly("entity_id", &CounterMismatch::entity_id)
        .def_readonly("counter", &CounterMismatch::counter)
        .def_readonly("stored", &CounterMismatch::stored)
        .def_readonly("recounted", &CounterMismatch::recounted);
    add_value_dunders(mismatch);

    py::class_<CapacityExcess> excess(m, "CapacityExcess", "A quota or pool holding more than its capacity.");
    excess.def_readonly("entity_type", &CapacityExcess::entity_type)
        .def_readonly("entity_id", &CapacityExcess::entity_id)
        .def_readonly("capacity", &CapacityExcess::capacity)
        .def_readonly("taken", &CapacityExcess::taken);
    add_value_dunders(excess);

    py::class_<IntegrityReport> report(m, "IntegrityReport", "Counters recounted from the ledger.");
    report.def_readonly("specifications_checked", &IntegrityReport::specifications_checked)
        .def_readonly("pools_checked", &IntegrityReport::pools_checked)
        .def_readonly("products_checked", &IntegrityReport::products_checked)
        .def_property_readonly("mismatches",
                               [](const IntegrityReport& self) { return py::tuple(py::cast(self.mismatches)); })
        .def_property_readonly("over_capacity",
                               [](const IntegrityReport& self) { return py::tuple(py::cast(self.over_capacity)); })
        .def_property_readonly("ok", &IntegrityReport::ok)
        .def("__bool__", &IntegrityReport::ok);
    add_value_dunders(report);

    py::class_<Store>(m, "Store", "A ticketcore database acting as one Actor; safe to share between threads.")
        .def("acting_as", &Store::acting_as, named_args(), py::arg("actor"),
             "The same database, acting as another actor.")
        .def("rehearsal", &Store::rehearsal,
             "The same database and actor, rehearsing: every write runs in full and is rolled back.")
        .def_property_readonly("rehearsing", &Store::rehearsing)
        .def_property_readonly("actor", &Store::actor)
        .def_property_readonly("path", &Store::path)
        .def_property_readonly("schema_version",
                               [](const Store& self) {
                                   GilRelease release;
                                   return self.schema_version();
                               })
        .def_property_readonly("latest_schema_version", &Store::latest_schema_version)
        .def_property_readonly("backend", [](const Store& self) { return std::string(self.backend()); })
        .def("now", &Store::now, "What the store's clock says now (aware UTC).")
        .def_property_readonly("organizations", [](const Store& self) { return Organizations(self); })
        .def_property_readonly("events", [](const Store& self) { return Events(self); })
        .def_property_readonly("specifications", [](const Store& self) { return Specifications(self); })
        .def_property_readonly("pools", [](const Store& self) { return Pools(self); })
        .def_property_readonly("seatmaps", [](const Store& self) { return SeatMaps(self); })
        .def_property_readonly("orders", [](const Store& self) { return Orders(self); })
        .def_property_readonly("tickets", [](const Store& self) { return Tickets(self); })
        .def_property_readonly("door", [](const Store& self) { return Door(self); })
        .def_property_readonly("staff", [](const Store& self) { return Staff(self); })
        .def_property_readonly("promo_codes", [](const Store& self) { return PromoCodes(self); })
        .def_property_readonly("products", [](const Store& self) { return Products(self); })
        .def_property_readonly("refunds", [](const Store& self) { return Refunds(self); })
        .def_property_readonly("sales", [](const Store& self) { return Sales(self); })
        .def_property_readonly("reports", [](const Store& self) { return Reports(self); })
        .def_property_readonly("outbox", [](const Store& self) { return Outbox(self); })
        .def("check_integrity", &Store::check_integrity, release_gil(),
             "Recounts every sold/reserved counter from the ledgers (tickets and product stock).")
        .def(
            "audit",
            [](const Store& self, std::optional<std::string> entity_id, std::optional<std::string> operation,
               std::optional<Int64> after, Int64 limit) {
                AuditQuery query{std::move(entity_id), std::move(operation), std::nullopt, limit.value};
                if (after) query.after_sequence = after->value;
                GilRelease release;
                return self.audit(query);
            },
            named_args(), py::kw_only(), py::arg("entity_id") = py::none(), py::arg("operation") = py::none(),
            py::arg("after") = py::none(), py::arg("limit") = Int64{100},
            "Audit rows of the actor's organization in order; `after` is a sequence number.");

    m.def(
        "open_store",
        [](const std::string& path, const std::string& durability, std::optional<Int64> busy_timeout_ms,
           std::optional<Int64> pool_size, std::shared_ptr<ManualClock> clock, const py::object& order_hold,
           const py::object& sale_hold) {
            StoreOptions options;
            if (durability == "full") {
                options.durability = Durability::full;
            } else if (durability == "normal") {
                options.durability = Durability::normal;
            } else if (durability == "off") {
                options.durability = Durability::off;
            } else {
                throw fail::invalid_durability();
            }
            // The core checks both, and refuses the one the location's engine does not take.
            if (busy_timeout_ms) options.busy_timeout_ms = busy_timeout_ms->value;
            if (pool_size) options.pool_size = pool_size->value;
            options.clock = std::move(clock);
            if (!order_hold.is_none()) {
                // The core checks the bounds; a hold too long even for 64 bits gets the same answer.
                try {
                    options.order_hold_micros = timedelta_micros(order_hold, "order_hold");
                } catch (const ValidationError&) {
                    throw fail::invalid_order_hold();
                }
            }
            if (!sale_hold.is_none()) {
                try {
                    options.sale_hold_micros = timedelta_micros(sale_hold, "sale_hold");
                } catch (const ValidationError&) {
                    throw fail::invalid_sale_hold();
                }
            }
            GilRelease release;
            return Store::open(path, options);
        },
        named_args(), py::arg("path"), py::kw_only(), py::arg("durability") = "full",
        py::arg("busy_timeout_ms") = py::none(), py::arg("pool_size") = py::none(), py::arg("clock") = py::none(),
        py::arg("order_hold") = py::none(), py::arg("sale_hold") = py::none());
}

}  // namespace ticketcore::bindings
