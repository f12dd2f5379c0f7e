#include "prelude.hpp"

#include "ticketcore/ticketcore.hpp"

namespace ticketcore::bindings {

void register_products(py::module_& m) {
    py::class_<Product> product(m, "Product", "A product (a non-ticket item) of an organization with its live stock.");
    product.def_readonly("id", &Product::id)
        .def_readonly("name", &Product::name)
        .def_property_readonly("names", [](const Product& self) { return py::dict(py::cast(self.names)); })
        .def("name_for", &Product::name_for, named_args(), py::arg("locale"),
             "The name in `locale`, falling back to its language and then to `name`.")
        .def_readonly("description", &Product::description)
        .def_readonly("price", &Product::price)
        .def_property_readonly("currency",
                               [](const Product& self) { return std::string(self.price.currency().code()); })
        .def_readonly("vat_rate", &Product::vat_rate)
        .def_readonly("stock", &Product::stock)
        .def_readonly("sold", &Product::sold)
        .def_readonly("reserved", &Product::reserved)
        .def_readonly("available", &Product::available)
        .def_readonly("is_active", &Product::is_active)
        .def_readonly("created", &Product::created);
    add_value_dunders(product);
    add_page_class<Product>(m, "ProductPage", "A page of an organization's products, in creation order.");

    py::class_<Products>(m, "Products", "The organization's products (non-ticket items) and their stock.")
        .def(
            "create",
            [](const Products& self, const std::string& name, const py::object& price, const py::object& names,
               const std::string& description, Int64 vat_rate, std::optional<Int64> stock, bool is_active,
               std::optional<std::string> idempotency_key) {
                NewProduct input;
                input.name = name;
                input.price = to_amount(price, "price");
                if (!names.is_none()) input.names = to_localized_names(names);
                input.description = description;
                input.vat_rate = vat_rate.value;
                input.stock = optional_int(stock);
                input.is_active = is_active;
                input.idempotency_key = std::move(idempotency_key);
                GilRelease release;
                return self.create(input);
            },
            named_args(), py::arg("name"), py::kw_only(), py::arg("price"), py::arg("names") = py::none(),
            py::arg("description") = "", py::arg("vat_rate") = Int64{0}, py::arg("stock") = py::none(),
            py::arg("is_active").noconvert() = true, py::arg("idempotency_key") = py::none())
        .def(
            "update",
            [](const Products& self, const std::string& product_id, std::optional<std::string> name,
               const py::object& names, std::optional<std::string> description, const py::object& price,
               std::optional<Int64> vat_rate) {
                ProductChanges changes;
                changes.name = std::move(name);
                if (!names.is_none()) changes.names = to_localized_names(names);
                changes.description = std::move(description);
                changes.price = to_optional_amount(price, "price");
                changes.vat_rate = optional_int(vat_rate);
                GilRelease release;
                return self.update(product_id, changes);
            },
            named_args(), py::arg("product_id"), py::kw_only(), py::arg("name") = py::none(),
            py::arg("names") = py::none(), py::arg("description") = py::none(), py::arg("price") = py::none(),
            py::arg("vat_rate") = py::none())
        .def(
            "set_stock",
            [](const Products& self, const std::string& product_id, std::optional<Int64> stock) {
                GilRelease release;
                return self.set_stock(product_id, optional_int(stock));
            },
            named_args(), py::arg("product_id"), py::arg("stock"),
            "Sets the stock (None: unlimited); never below what is sold and reserved.")
        .def("set_active", &Products::set_active, named_args(), py::arg("product_id"), py::arg("active").noconvert(),
             release_gil())
        .def("get", &Products::get, named_args(), py::arg("product_id"), release_gil())
        .def(
            "list",
            [](const Products& self, Int64 first, std::optional<std::string> after) {
                const PageRequest page{first.value, std::move(after)};
                GilRelease release;
                return self.list(page);
            },
            named_args(), py::kw_only(), py::arg("first") = Int64{default_page_size}, py::arg("after") = py::none());
}

}  // namespace ticketcore::bindings
