#include "prelude.hpp"

#include <pybind11/native_enum.h>

#include "ticketcore/ticketcore.hpp"

namespace ticketcore::bindings {

void register_sales(py::module_& m) {
    py::native_enum<SaleState>(m, "SaleState", "enum.Enum", "Where a box-office sale stands (seed 001's SaleState).")
        .value("OPEN", SaleState::Open)
        .value("PAYMENT_PENDING", SaleState::PaymentPending)
        .value("COMMITTED", SaleState::Committed)
        .value("EXPIRED", SaleState::Expired)
        .value("WITHDRAWN", SaleState::Withdrawn)
        .value("CANCELED", SaleState::Canceled)
        .finalize();
    py::native_enum<SalePaymentType>(m, "SalePaymentType", "enum.Enum", "How a sale is paid (seed 001).")
        .value("CASH", SalePaymentType::Cash)
        .value("CARD", SalePaymentType::Card)
        .value("POS_TERMINAL", SalePaymentType::PosTerminal)
        .value("PAYMENT_LINK", SalePaymentType::PaymentLink)
        .value("INVOICE", SalePaymentType::Invoice)
        .value("FREE", SalePaymentType::Free)
        .finalize();
    py::native_enum<SaleItemKind>(m, "SaleItemKind", "enum.Enum", "What a sale item is.")
        .value("TICKET", SaleItemKind::Ticket)
        .value("PRODUCT", SaleItemKind::Product)
        .value("DISCOUNT", SaleItemKind::Discount)
        .value("FEE", SaleItemKind::Fee)
        .finalize();

    py::native_enum<PosPaymentStatus>(m, "PosPaymentStatus", "enum.Enum", "Where a POS terminal payment stands.")
        .value("REQUIRES_TERMINAL_ACTION", PosPaymentStatus::RequiresTerminalAction)
        .value("SUCCEEDED", PosPaymentStatus::Succeeded)
        .value("CANCELED", PosPaymentStatus::Canceled)
        .finalize();

    py::class_<Address> address(m, "Address", "A postal address of customer data.");
    address.def_readonly("street", &Address::street)
        .def_readonly("postal_code", &Address::postal_code)
        .def_readonly("city", &Address::city)
        .def_readonly("country", &Address::country);
    add_value_dunders(address);

    py::class_<CustomerData> customer(m, "CustomerData", "A sale's customer data (seed 001).");
    customer.def_readonly("first_name", &CustomerData::first_name)
        .def_readonly("last_name", &CustomerData::last_name)
        .def_readonly("email", &CustomerData::email)
        .def_readonly("phone", &CustomerData::phone)
        .def_readonly("company", &CustomerData::company)
        .def_readonly("address", &CustomerData::address)
        .def_readonly("newsletter", &CustomerData::newsletter)
        .def_property_readonly("values", [](const CustomerData& self) { return py::dict(py::cast(self.values)); });
    add_value_dunders(customer);

    py::class_<SaleItem> item(m, "SaleItem", "An item of a sale, or a generated fee (seed 001's SaleItem).");
    item.def_readonly("id", &SaleItem::id)
        .def_readonly("kind", &SaleItem::kind)
        .def(
            "name", [](const SaleItem& self, const std::string& locale) { return self.name_for(locale); }, named_args(),
            py::arg("locale") = "", "The name for `locale`: exact match, then its language, then the default name.")
        .def_property_readonly("names", [](const SaleItem& self) { return py::dict(py::cast(self.names)); })
        .def_readonly("quantity", &SaleItem::quantity)
        .def_readonly("unit_price", &SaleItem::unit_price)
        .def_readonly("price", &SaleItem::price)
        .def_readonly("discount", &SaleItem::discount)
        .def_readonly("vat_rate", &SaleItem::vat_rate)
        .def_readonly("vat", &SaleItem::vat)
        .def_readonly("event_id", &SaleItem::event_id)
        .def_readonly("ticket_type_id", &SaleItem::ticket_type_id)
        .def_readonly("product_id", &SaleItem::product_id)
        .def_readonly("seatmap_id", &SaleItem::seatmap_id)
        .def_readonly("seat_id", &SaleItem::seat_id)
        .def_readonly("seat_label", &SaleItem::seat_label)
        .def_readonly("volume_id", &SaleItem::volume_id)
        .def_readonly("promo_code", &SaleItem::promo_code)
        .def_readonly("percent_off", &SaleItem::percent_off)
        .def_readonly("reason", &SaleItem::reason)
        .def_readonly("can_be_removed", &SaleItem::can_be_removed);
    add_value_dunders(item);
    // `name` is a method (the seed's name(locale)), which the shared repr would print as a bound
    // method (whose repr is the item's again): replaced, not overloaded, by one that shows the
    // default name.
    item.attr("__repr__") = py::cpp_function(
        [](const SaleItem& self) {
            return "SaleItem(id=" + plain_text(py::repr(py::str(self.id))) +
                   ", kind=" + std::string(to_string(self.kind)) +
                   ", name=" + plain_text(py::repr(py::str(self.name))) +
                   ", quantity=" + std::to_string(self.quantity) +
                   ", price=" + plain_text(py::repr(py::cast(self.price))) + ")";
        },
        py::name("__repr__"), py::is_method(item));

    py::class_<SaleItemGroup> group(m, "SaleItemGroup", "A sale's items of one event (seed 001's SaleItemGroup).");
    group.def_readonly("event_id", &SaleItemGroup::event_id)
        .def_property_readonly("items", [](const SaleItemGroup& self) { return py::tuple(py::cast(self.items)); });
    add_value_dunders(group);

    py::class_<PaymentTypeOption> option(m, "PaymentTypeOption",
                                         "A payment type, whether a sale can use it, and why not.");
    option.def_readonly("type", &PaymentTypeOption::type)
        .def_readonly("available", &PaymentTypeOption::available)
        .def_readonly("reason", &PaymentTypeOption::reason);
    add_value_dunders(option);

    py::class_<Sale> sale(m, "Sale", "A box-office sale (seed 001's Sale).");
    sale.def_readonly("id", &Sale::id)
        .def_readonly("number", &Sale::number)
        .def_readonly("state", &Sale::state)
        .def_readonly("created_at", &Sale::created_at)
        .def_readonly("creator", &Sale::creator)
        .def_readonly("committed_at", &Sale::committed_at)
        .def_readonly("committer", &Sale::committer)
        .def_readonly("canceled_at", &Sale::canceled_at)
        .def_readonly("expiration", &Sale::expiration)
        .def_readonly("updated_at", &Sale::updated_at)
        .def_readonly("payment_type", &Sale::payment_type)
        .def_readonly("payment_reference", &Sale::payment_reference)
        .def_readonly("customer_data", &Sale::customer_data)
        .def_property_readonly("items", [](const Sale& self) { return py::tuple(py::cast(self.items)); })
        .def_property_readonly("line_items", [](const Sale& self) { return py::tuple(py::cast(self.line_items)); })
        .def_property_readonly("item_groups", [](const Sale& self) { return py::tuple(py::cast(self.item_groups())); })
        .def_property_readonly("events", [](const Sale& self) { return to_tuple(self.events); })
        .def_readonly("fee_base_total", &Sale::fee_base_total)
        .def_readonly("grand_total", &Sale::grand_total)
        .def_property_readonly("has_discounts", &Sale::has_discounts)
        .def_property_readonly("is_empty", &Sale::is_empty)
        .def_property_readonly("is_expired", &Sale::is_expired)
        .def_property_readonly("number_of_items", &Sale::number_of_items)
        .def_property_readonly("payment_options",
                               [](const Sale& self) { return py::tuple(py::cast(self.payment_options)); })
        .def_property_readonly("available_payment_types",
                               [](const Sale& self) { return py::tuple(py::cast(self.available_payment_types())); })
        .def_property_readonly("order_ids", [](const Sale& self) { return to_tuple(self.order_ids); })
        .def_property_readonly("ticket_ids", [](const Sale& self) { return to_tuple(self.ticket_ids); })
        .def_property_readonly("ticket_seats", [](const Sale& self) { return py::dict(py::cast(self.ticket_seats)); })
        .def_property_readonly("refund_ids", [](const Sale& self) { return to_tuple(self.refund_ids); })
        .def_readonly("invoice_download_url", &Sale::invoice_download_url)
        .def_readonly("tickets_download_url", &Sale::tickets_download_url);
    add_value_dunders(sale);

    py::class_<PosPayment> pos_payment(m, "PosPayment", "A card payment of a sale on a POS reader (seed 001).");
    pos_payment.def_readonly("id", &PosPayment::id)
        .def_readonly("sale_id", &PosPayment::sale_id)
        .def_readonly("reader_id", &PosPayment::reader_id)
        .def_readonly("status", &PosPayment::status)
        .def_readonly("amount", &PosPayment::amount)
        .def_readonly("created", &PosPayment::created)
        .def_readonly("closed", &PosPayment::closed);
    add_value_dunders(pos_payment);

    py::class_<PosPaymentResult> pos_result(m, "PosPaymentResult",
                                            "A POS payment and its sale, as capture and cancel leave them.");
    pos_result.def_readonly("payment", &PosPaymentResult::payment).def_readonly("sale", &PosPaymentResult::sale);
    add_value_dunders(pos_result);

    py::class_<SaleEdge> edge(m, "SaleEdge", "A sale of a page and its cursor.");
    edge.def_readonly("cursor", &SaleEdge::cursor).def_readonly("node", &SaleEdge::node);
    add_value_dunders(edge);

    py::class_<SaleConnection> connection(m, "SaleConnection",
                                          "A page of sales in the seed's shape: edges, page info, total count.");
    connection
        .def_property_readonly("edges", [](const SaleConnection& self) { return py::tuple(py::cast(self.edges)); })
        .def_property_readonly("nodes",
                               [](const SaleConnection& self) {
                                   py::list nodes;
                                   for (const SaleEdge& edge : self.edges) nodes.append(py::cast(edge.node));
                                   return py::tuple(nodes);
                               })
        .def_readonly("has_next_page", &SaleConnection::has_next_page)
        .def_readonly("end_cursor", &SaleConnection::end_cursor)
        .def_readonly("total_count", &SaleConnection::total_count);
    add_value_dunders(connection);

    py::class_<Sales>(m, "Sales", "The box office (seed 001): build a sale, take payment, cancel, list.")
        .def("create", &Sales::create, named_args(), py::kw_only(), py::arg("idempotency_key") = py::none(),
             release_gil())
        .def(
            "set_item_quantity",
            [](const Sales& self, const std::string& sale_id, const py::object& items) {
                std::vector<ItemQuantity> input;
                for (const auto& [ticket_type_id, quantity] :
                     pairs_of<Int64>(items, "items", "a mapping or list of (ticket type id, quantity) pairs")) {
                    input.push_back(ItemQuantity{ticket_type_id, quantity.value});
                }
                GilRelease release;
                return self.set_item_quantity(sale_id, input);
            },
            named_args(), py::arg("sale_id"), py::arg("items"))
        .def("add_seat", &Sales::add_seat, named_args(), py::arg("sale_id"), py::kw_only(), py::arg("seatmap_id"),
             py::arg("seat_id"), py::arg("ticket_type_id"), release_gil())
        .def(
            "set_volume_quantities",
            [](const Sales& self, const std::string& sale_id, const std::string& seatmap_id,
               const std::string& volume_id, const py::object& quantities) {
                std::vector<ItemQuantity> input;
                for (const auto& [ticket_type_id, quantity] : pairs_of<Int64>(
                         quantities, "quantities", "a mapping or list of (ticket type id, quantity) pairs")) {
                    input.push_back(ItemQuantity{ticket_type_id, quantity.value});
                }
                GilRelease release;
                return self.set_volume_quantities(sale_id, seatmap_id, volume_id, input);
            },
            named_args(), py::arg("sale_id"), py::kw_only(), py::arg("seatmap_id"), py::arg("volume_id"),
            py::arg("quantities"))
        .def(
            "set_product_quantity",
            [](const Sales& self, const std::string& sale_id, const py::object& products) {
                std::vector<ItemQuantity> input;
                for (const auto& [product_id, quantity] :
                     pairs_of<Int64>(products, "products", "a mapping or list of (product id, quantity) pairs")) {
                    input.push_back(ItemQuantity{product_id, quantity.value});
                }
                GilRelease release;
                return self.set_product_quantity(sale_id, input);
            },
            named_args(), py::arg("sale_id"), py::arg("products"))
        .def(
            "apply_discount",
            [](const Sales& self, const std::string& sale_id, std::optional<std::string> promo_code,
               std::optional<Int64> percent_off, const py::object& amount_off, const std::string& reason) {
                SaleDiscount discount{std::move(promo_code), optional_int(percent_off),
                                      to_optional_amount(amount_off, "amount_off"), reason};
                GilRelease release;
                return self.apply_discount(sale_id, discount);
            },
            named_args(), py::arg("sale_id"), py::kw_only(), py::arg("promo_code") = py::none(),
            py::arg("percent_off") = py::none(), py::arg("amount_off") = py::none(), py::arg("reason") = "")
        .def("remove_item", &Sales::remove_item, named_args(), py::arg("sale_id"), py::arg("item_id"), release_gil())
        .def(
            "apply_customer_data",
            [](const Sales& self, const std::string& sale_id, const py::object& data) {
                const auto input =
                    pairs_of<std::string>(data, "data", "a mapping or list of (key, value) pairs of str");
                GilRelease release;
                return self.apply_customer_data(sale_id, input);
            },
            named_args(), py::arg("sale_id"), py::arg("data"))
        .def("complete", &Sales::complete, named_args(), py::arg("sale_id"), py::arg("payment_type"), py::kw_only(),
             py::arg("idempotency_key") = py::none(), release_gil())
        .def("set_payment_type", &Sales::set_payment_type, named_args(), py::arg("sale_id"), py::arg("payment_type"),
             release_gil())
        .def(
            "confirm_payment_link",
            [](const Sales& self, const std::string& sale_id, const std::string& payment_ref, const py::object& amount,
               const std::optional<std::string>& idempotency_key) {
                const Amount paid = to_amount(amount, "amount");
                GilRelease release;
                return self.confirm_payment_link(sale_id, payment_ref, paid, idempotency_key);
            },
            named_args(), py::arg("sale_id"), py::kw_only(), py::arg("payment_ref"), py::arg("amount"),
            py::arg("idempotency_key") = py::none())
        .def("cancel_payment_link", &Sales::cancel_payment_link, named_args(), py::arg("sale_id"), release_gil())
        .def("initiate_pos_payment", &Sales::initiate_pos_payment, named_args(), py::arg("sale_id"),
             py::arg("reader_id"), release_gil())
        .def("capture_pos_payment", &Sales::capture_pos_payment, named_args(), py::arg("sale_id"),
             py::arg("payment_id"), release_gil())
        .def("cancel_pos_payment", &Sales::cancel_pos_payment, named_args(), py::arg("sale_id"), py::arg("payment_id"),
             release_gil())
        .def("cancel", &Sales::cancel, named_args(), py::arg("sale_id"), py::kw_only(),
             py::arg("idempotency_key") = py::none(), release_gil())
        .def("expire_due", &Sales::expire_due, named_args(), py::arg("now") = py::none(), release_gil())
        .def("get", &Sales::get, named_args(), py::arg("sale_id"), release_gil())
        .def(
            "list",
            [](const Sales& self, Int64 first, std::optional<std::string> after, const py::object& states,
               std::optional<std::string> search, std::optional<Instant> created_from,
               std::optional<Instant> created_to, std::optional<std::string> creator_id,
               std::optional<SalePaymentType> payment_type, std::optional<std::string> event_id) {
                SaleFilter filter;
                if (!states.is_none()) {
                    filter.states = convert<std::vector<SaleState>>(states, "states", "a list of SaleState");
                }
                filter.search = std::move(search);
                filter.created_from = created_from;
                filter.created_to = created_to;
                filter.creator_id = std::move(creator_id);
                filter.payment_type = payment_type;
                filter.event_id = std::move(event_id);
                const PageRequest page{first.value, std::move(after)};
                GilRelease release;
                return self.list(filter, page);
            },
            named_args(), py::kw_only(), py::arg("first") = Int64{default_page_size}, py::arg("after") = py::none(),
            py::arg("states") = py::none(), py::arg("search") = py::none(), py::arg("created_from") = py::none(),
            py::arg("created_to") = py::none(), py::arg("creator_id") = py::none(),
            py::arg("payment_type") = py::none(), py::arg("event_id") = py::none(),
            "The organization's sales in creation order (seed 001's Company.sales), filtered, with the total count.");
}

}  // namespace ticketcore::bindings
