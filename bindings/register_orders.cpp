#include "prelude.hpp"

#include <pybind11/native_enum.h>

#include "ticketcore/ticketcore.hpp"

namespace ticketcore::bindings {

void register_orders(py::module_& m) {
    py::native_enum<OrderState>(m, "OrderState", "enum.Enum", "Lifecycle of an order (seed 002's BuyOrderState).")
        .value("PENDING", OrderState::Pending)
        .value("PAID", OrderState::Paid)
        .value("EXPIRED", OrderState::Expired)
        .value("CANCELLED", OrderState::Cancelled)
        .finalize();
    py::native_enum<TicketKind>(m, "TicketKind", "enum.Enum", "How a ticket came to be.")
        .value("ORDER", TicketKind::Order)
        .value("COMP", TicketKind::Comp)
        .value("PRE_GENERATED", TicketKind::PreGenerated)
        .finalize();
    py::native_enum<TicketState>(m, "TicketState", "enum.Enum", "Whether a ticket admits.")
        .value("UNACTIVATED", TicketState::Unactivated)
        .value("VALID", TicketState::Valid)
        .value("CANCELLED", TicketState::Cancelled)
        .finalize();

    py::class_<BuyerInput>(m, "BuyerDetails", "Who buys: a platform user (user_id) or a guest (e-mail and name).")
        .def(py::init([](const std::string& name, const std::string& email, std::optional<std::string> user_id,
                         const std::string& phone, const std::string& avatar_url) {
                 return BuyerInput{std::move(user_id), name, email, phone, avatar_url};
             }),
             named_args(), py::arg("name"), py::arg("email"), py::kw_only(), py::arg("user_id") = py::none(),
             py::arg("phone") = "", py::arg("avatar_url") = "")
        .def_readonly("name", &BuyerInput::name)
        .def_readonly("email", &BuyerInput::email)
        .def_readonly("user_id", &BuyerInput::user_id)
        .def_readonly("phone", &BuyerInput::phone)
        .def_readonly("avatar_url", &BuyerInput::avatar_url)
        .def("__repr__", [](const BuyerInput& self) {
            return "BuyerDetails(name=" + plain_text(py::repr(py::str(self.name))) +
                   ", email=" + plain_text(py::repr(py::str(self.email))) + ")";
        });

    py::class_<Buyer> buyer(m, "Buyer", "A buyer (seed 002's User): name, email, phone, avatar URL.");
    buyer.def_readonly("id", &Buyer::id)
        .def_readonly("user_id", &Buyer::user_id)
        .def_readonly("name", &Buyer::name)
        .def_readonly("email", &Buyer::email)
        .def_readonly("phone", &Buyer::phone)
        .def_readonly("avatar_url", &Buyer::avatar_url)
        .def_property_readonly("is_guest", &Buyer::is_guest);
    add_value_dunders(buyer);

    py::class_<OrderLine> line(m, "OrderLine", "A line item (seed 002's BuyOrderEventTicketItem) with its price.");
    line.def_readonly("id", &OrderLine::id)
        .def_readonly("ticket_specification_id", &OrderLine::ticket_specification_id)
        .def_readonly("amount", &OrderLine::amount)
        .def_readonly("unit_price", &OrderLine::unit_price)
        .def_readonly("subtotal", &OrderLine::subtotal)
        .def_readonly("discount", &OrderLine::discount)
        .def_readonly("platform_fee", &OrderLine::platform_fee)
        .def_readonly("percentage_fee", &OrderLine::percentage_fee)
        .def_readonly("vat", &OrderLine::vat)
        .def_readonly("total", &OrderLine::total);
    add_value_dunders(line);

    py::class_<PriceBreakdown> price(m, "PriceBreakdown", "An order's amounts: each the sum of its lines.");
    price.def_readonly("subtotal", &PriceBreakdown::subtotal)
        .def_readonly("discount", &PriceBreakdown::discount)
        .def_readonly("platform_fee", &PriceBreakdown::platform_fee)
        .def_readonly("percentage_fee", &PriceBreakdown::percentage_fee)
        .def_readonly("vat", &PriceBreakdown::vat)
        .def_readonly("total", &PriceBreakdown::total);
    add_value_dunders(price);

    py::class_<BuyOrder> order(m, "BuyOrder", "An order (seed 002's BuyOrder).");
    order.def_readonly("id", &BuyOrder::id)
        .def_readonly("event_id", &BuyOrder::event_id)
        .def_readonly("buyer_id", &BuyOrder::buyer_id)
        .def_readonly("state", &BuyOrder::state)
        .def_readonly("comment", &BuyOrder::comment)
        .def_readonly("created", &BuyOrder::created)
        .def_readonly("expires", &BuyOrder::expires)
        .def_readonly("paid_at", &BuyOrder::paid_at)
        .def_readonly("payment_gateway", &BuyOrder::payment_gateway)
        .def_readonly("charge_session_id", &BuyOrder::charge_session_id)
        .def_readonly("promo_code", &BuyOrder::promo_code)
        .def_readonly("paid_without_capacity", &BuyOrder::paid_without_capacity)
        .def_property_readonly("event_tickets",
                               [](const BuyOrder& self) { return py::tuple(py::cast(self.event_tickets)); })
        .def_readonly("price", &BuyOrder::price)
        .def_property_readonly("total", [](const BuyOrder& self) { return self.price.total; })
        .def_property_readonly("ticket_ids", [](const BuyOrder& self) { return to_tuple(self.ticket_ids); });
    add_value_dunders(order);

    py::class_<EventTicketDate> ticket_date(m, "EventTicketDate", "A date a ticket admits to, with its door state.");
    ticket_date.def_readonly("id", &EventTicketDate::id)
        .def_readonly("event_date_id", &EventTicketDate::event_date_id)
        .def_readonly("is_redeemed", &EventTicketDate::is_redeemed)
        .def_readonly("time_of_redemption", &EventTicketDate::time_of_redemption)
        .def_readonly("redeemed_by", &EventTicketDate::redeemed_by);
    add_value_dunders(ticket_date);

    py::class_<EventTicket> ticket(m, "EventTicket", "An issued ticket (seed 002's EventTicket).");
    ticket.def_readonly("id", &EventTicket::id)
        .def_readonly("event_id", &EventTicket::event_id)
        .def_readonly("ticket_specification_id", &EventTicket::ticket_specification_id)
        .def_readonly("kind", &EventTicket::kind)
        .def_readonly("state", &EventTicket::state)
        .def_readonly("order_id", &EventTicket::order_id)
        .def_readonly("buyer_id", &EventTicket::buyer_id)
        .def_readonly("holder_name", &EventTicket::holder_name)
        .def_readonly("holder_email", &EventTicket::holder_email)
        .def_readonly("note", &EventTicket::note)
        .def_readonly("purchase_date", &EventTicket::purchase_date)
        .def_readonly("is_refunded", &EventTicket::is_refunded)
        .def_readonly("is_refund_in_progress", &EventTicket::is_refund_in_progress)
        .def_property_readonly("event_dates",
                               [](const EventTicket& self) { return py::tuple(py::cast(self.event_dates)); })
        .def_readonly("created", &EventTicket::created)
        .def_readonly("generation", &EventTicket::generation)
        .def_readonly("transferred_from", &EventTicket::transferred_from)
        .def_readonly("transferred_to", &EventTicket::transferred_to);
    add_value_dunders(ticket);

    py::class_<Revocation> revocation(m, "Revocation",
                                      "A ticket of an event's revocation list: its earlier QR payloads are void.");
    revocation.def_readonly("ticket_id", &Revocation::ticket_id).def_readonly("generation", &Revocation::generation);
    add_value_dunders(revocation);

    py::class_<TicketHolder> holder(m, "TicketHolder", "Seed 002's EventTicketHolder.");
    holder.def_readonly("id", &TicketHolder::id)
        .def_readonly("event_id", &TicketHolder::event_id)
        .def_readonly("issue_time", &TicketHolder::issue_time)
        .def_readonly("user", &TicketHolder::user)
        .def_property_readonly("tickets", [](const TicketHolder& self) { return py::tuple(py::cast(self.tickets)); })
        .def_property_readonly("buy_orders",
                               [](const TicketHolder& self) { return py::tuple(py::cast(self.buy_orders)); });
    add_value_dunders(holder);

    py::class_<HolderPage> page(m, "HolderPage", "A page of ticket holders (seed 000's paging).");
    page.def_readonly("total_count", &HolderPage::total_count)
        .def_property_readonly("nodes", [](const HolderPage& self) { return py::tuple(py::cast(self.nodes)); })
        .def_readonly("has_next_page", &HolderPage::has_next_page)
        .def_readonly("end_cursor", &HolderPage::end_cursor);
    add_value_dunders(page);

    add_page_class<BuyOrder>(m, "OrderPage", "A page of an event's orders, in placing order.");
    add_page_class<EventTicket>(m, "TicketPage", "A page of an event's tickets, in issue order.");
    add_page_class<Revocation>(m, "RevocationPage", "A page of an event's revocation list, in issue order.");

    py::class_<PromoCode> promo(m, "PromoCode", "A promo code of an event.");
    promo.def_readonly("id", &PromoCode::id)
        .def_readonly("event_id", &PromoCode::event_id)
        .def_readonly("code", &PromoCode::code)
        .def_readonly("percent_off", &PromoCode::percent_off)
        .def_readonly("amount_off", &PromoCode::amount_off)
        .def_readonly("usage_limit", &PromoCode::usage_limit)
        .def_readonly("uses", &PromoCode::uses)
        .def_readonly("valid_from", &PromoCode::valid_from)
        .def_readonly("valid_until", &PromoCode::valid_until)
        .def_property_readonly("specification_ids",
                               [](const PromoCode& self) { return to_tuple(self.specification_ids); })
        .def_property_readonly("unlocks", [](const PromoCode& self) { return to_tuple(self.unlocks); })
        .def_readonly("created", &PromoCode::created);
    add_value_dunders(promo);
    add_page_class<PromoCode>(m, "PromoCodePage", "A page of an event's promo codes, in creation order.");

    py::class_<OutboxEvent> outbox_event(m, "OutboxEvent", "A domain event to deliver (e-mail, webhook).");
    outbox_event.def_readonly("sequence", &OutboxEvent::sequence)
        .def_readonly("topic", &OutboxEvent::topic)
        .def_readonly("entity_id", &OutboxEvent::entity_id)
        .def_readonly("payload", &OutboxEvent::payload)
        .def_property_readonly(
            "data", [](const OutboxEvent& self) { return py::module_::import("json").attr("loads")(self.payload); })
        .def_readonly("created", &OutboxEvent::created);
    add_value_dunders(outbox_event);

    py::class_<Orders>(m, "Orders", "Online orders: place, confirm_payment, cancel, expire_due.")
        .def(
            "place",
            [](const Orders& self, const std::string& event_id, const BuyerInput& buyer, const py::object& items,
               std::optional<std::string> promo_code, const std::string& comment, const std::string& payment_gateway,
               std::optional<std::string> idempotency_key) {
                NewOrder input{
                    event_id, buyer, {}, std::move(promo_code), comment, payment_gateway, std::move(idempotency_key)};
                for (const auto& [specification_id, quantity] : convert<std::vector<std::pair<std::string, Int64>>>(
                         items, "items", "a list of (specification id, quantity) pairs")) {
                    input.items.emplace_back(specification_id, quantity.value);
                }
                GilRelease release;
                return self.place(input);
            },
            named_args(), py::arg("event_id"), py::kw_only(), py::arg("buyer"), py::arg("items"),
            py::arg("promo_code") = py::none(), py::arg("comment") = "", py::arg("payment_gateway") = "",
            py::arg("idempotency_key") = py::none())
        .def(
            "confirm_payment",
            [](const Orders& self, const std::string& order_id, const std::string& payment_ref,
               const std::string& gateway, const py::object& amount, std::optional<std::string> idempotency_key) {
                PaymentConfirmation payment{order_id, payment_ref, gateway, to_amount(amount, "amount"),
                                            std::move(idempotency_key)};
                GilRelease release;
                return self.confirm_payment(payment);
            },
            named_args(), py::arg("order_id"), py::kw_only(), py::arg("payment_ref"), py::arg("gateway"),
            py::arg("amount"), py::arg("idempotency_key") = py::none())
        .def("cancel", &Orders::cancel, named_args(), py::arg("order_id"), py::kw_only(),
             py::arg("idempotency_key") = py::none(), release_gil())
        .def("expire_due", &Orders::expire_due, named_args(), py::arg("now") = py::none(), release_gil())
        .def("get", &Orders::get, named_args(), py::arg("order_id"), release_gil())
        .def(
            "list",
            [](const Orders& self, const std::string& event_id, std::optional<OrderState> state, Int64 first,
               std::optional<std::string> after) {
                const PageRequest page{first.value, std::move(after)};
                GilRelease release;
                return self.list(event_id, state, page);
            },
            named_args(), py::arg("event_id"), py::kw_only(), py::arg("state") = py::none(),
            py::arg("first") = Int64{default_page_size}, py::arg("after") = py::none());

    py::class_<Tickets>(m, "Tickets",
                        "Issued tickets: comps, pre-generated tickets, transfers, cancellations, holders.")
        .def(
            "comp",
            [](const Tickets& self, const std::string& event_id, const std::string& specification_id,
               const py::object& holders, const std::string& note, const std::optional<std::string>& idempotency_key) {
                std::vector<HolderInput> inputs;
                for (const auto& [email, name] : convert<std::vector<std::pair<std::string, std::string>>>(
                         holders, "holders", "a list of (e-mail, name) pairs")) {
                    inputs.push_back(HolderInput{email, name});
                }
                GilRelease release;
                return self.comp(event_id, specification_id, inputs, note, idempotency_key);
            },
            named_args(), py::arg("event_id"), py::arg("specification_id"), py::kw_only(), py::arg("holders"),
            py::arg("note") = "", py::arg("idempotency_key") = py::none())
        .def(
            "pre_generate",
            [](const Tickets& self, const std::string& event_id, const std::string& specification_id, Int64 quantity,
               const std::optional<std::string>& idempotency_key) {
                GilRelease release;
                return self.pre_generate(event_id, specification_id, quantity.value, idempotency_key);
            },
            named_args(), py::arg("event_id"), py::arg("specification_id"), py::kw_only(), py::arg("quantity"),
            py::arg("idempotency_key") = py::none())
        .def(
            "activate",
            [](const Tickets& self, const std::string& ticket_id, const std::string& holder_email,
               const std::string& holder_name, const py::object& amount, const std::string& method,
               const std::string& reference, const std::optional<std::string>& idempotency_key) {
                DoorPayment payment{to_amount(amount, "amount"), method, reference};
                GilRelease release;
                return self.activate(ticket_id, HolderInput{holder_email, holder_name}, payment, idempotency_key);
            },
            named_args(), py::arg("ticket_id"), py::kw_only(), py::arg("holder_email"), py::arg("holder_name"),
            py::arg("amount"), py::arg("method"), py::arg("reference") = "", py::arg("idempotency_key") = py::none())
        .def(
            "transfer",
            [](const Tickets& self, const std::string& ticket_id, const std::string& to_name,
               const std::string& to_email, const std::optional<std::string>& idempotency_key) {
                GilRelease release;
                return self.transfer(ticket_id, HolderInput{to_email, to_name}, idempotency_key);
            },
            named_args(), py::arg("ticket_id"), py::kw_only(), py::arg("to_name"), py::arg("to_email"),
            py::arg("idempotency_key") = py::none())
        .def("cancel", &Tickets::cancel, named_args(), py::arg("ticket_id"), py::kw_only(),
             py::arg("idempotency_key") = py::none(), release_gil())
        .def("cancel_order", &Tickets::cancel_order, named_args(), py::arg("order_id"), py::kw_only(),
             py::arg("idempotency_key") = py::none(), release_gil())
        .def(
            "revocations",
            [](const Tickets& self, const std::string& event_id, Int64 first, std::optional<std::string> after) {
                const PageRequest page{first.value, std::move(after)};
                GilRelease release;
                return self.revocations(event_id, page);
            },
            named_args(), py::arg("event_id"), py::kw_only(), py::arg("first") = Int64{default_page_size},
            py::arg("after") = py::none())
        .def("get", &Tickets::get, named_args(), py::arg("ticket_id"), release_gil())
        .def("qr", &Tickets::qr, named_args(), py::arg("ticket_id"), release_gil())
        .def(
            "list",
            [](const Tickets& self, const std::string& event_id, const std::optional<std::string>& order_id,
               Int64 first, std::optional<std::string> after) {
                const PageRequest page{first.value, std::move(after)};
                GilRelease release;
                return self.list(event_id, order_id, page);
            },
            named_args(), py::arg("event_id"), py::kw_only(), py::arg("order_id") = py::none(),
            py::arg("first") = Int64{default_page_size}, py::arg("after") = py::none())
        .def(
            "mine",
            [](const Tickets& self, std::optional<std::string> user_id, std::optional<std::string> email, Int64 first,
               std::optional<std::string> after) {
                const BuyerLookup buyer{std::move(user_id), std::move(email)};
                const PageRequest page{first.value, std::move(after)};
                GilRelease release;
                return self.mine(buyer, page);
            },
            named_args(), py::kw_only(), py::arg("user_id") = py::none(), py::arg("email") = py::none(),
            py::arg("first") = Int64{default_page_size}, py::arg("after") = py::none(),
            "One buyer's tickets across the organization's events (seed 004's tickets/mine), in issue order.")
        .def(
            "holders",
            [](const Tickets& self, const std::string& event_id, Int64 first, std::optional<std::string> after,
               std::optional<OrderState> order_state) {
                HolderQuery query{event_id, first.value, std::move(after), order_state};
                GilRelease release;
                return self.holders(query);
            },
            named_args(), py::arg("event_id"), py::kw_only(), py::arg("first") = Int64{20},
            py::arg("after") = py::none(), py::arg("order_state") = py::none());

    py::class_<PromoCodes>(m, "PromoCodes", "Promo codes of an event.")
        .def(
            "create",
            [](const PromoCodes& self, const std::string& event_id, const std::string& code,
               std::optional<Int64> percent_off, const py::object& amount_off, std::optional<Int64> usage_limit,
               std::optional<Instant> valid_from, std::optional<Instant> valid_until,
               const py::object& specification_ids, const py::object& unlocks) {
                NewPromoCode input{event_id,
                                   code,
                                   optional_int(percent_off),
                                   to_optional_amount(amount_off, "amount_off"),
                                   optional_int(usage_limit),
                                   valid_from,
                                   valid_until,
                                   to_strings(specification_ids, "specification_ids"),
                                   to_strings(unlocks, "unlocks")};
                GilRelease release;
                return self.create(input);
            },
            named_args(), py::arg("event_id"), py::arg("code"), py::kw_only(), py::arg("percent_off") = py::none(),
            py::arg("amount_off") = py::none(), py::arg("usage_limit") = py::none(), py::arg("valid_from") = py::none(),
            py::arg("valid_until") = py::none(), py::arg("specification_ids") = py::tuple(),
            py::arg("unlocks") = py::tuple())
        .def("get", &PromoCodes::get, named_args(), py::arg("promo_code_id"), release_gil())
        .def(
            "list",
            [](const PromoCodes& self, const std::string& event_id, Int64 first, std::optional<std::string> after) {
                const PageRequest page{first.value, std::move(after)};
                GilRelease release;
                return self.list(event_id, page);
            },
            named_args(), py::arg("event_id"), py::kw_only(), py::arg("first") = Int64{default_page_size},
            py::arg("after") = py::none());

    py::class_<Outbox>(m, "Outbox", "Domain events in order; acknowledge what was delivered (at-least-once).")
        .def(
            "pending",
            [](const Outbox& self, Int64 limit) {
                GilRelease release;
                return self.pending(limit.value);
            },
            named_args(), py::kw_only(), py::arg("limit") = Int64{100})
        .def(
            "acknowledge",
            [](const Outbox& self, Int64 sequence) {
                GilRelease release;
                return self.acknowledge(sequence.value);
            },
            named_args(), py::arg("sequence"));
}

}  // namespace ticketcore::bindings
