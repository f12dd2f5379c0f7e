#include "ticketcore/services/products.hpp"

#include "services/access.hpp"
#include "services/idempotency.hpp"
#include "services/paging.hpp"
#include "services/unit_of_work.hpp"
#include "ticketcore/rules/product_rules.hpp"
#include "ticketcore/values/error_catalogue.hpp"

namespace ticketcore {

namespace {

constexpr const char* product_create_operation = "product.create";

/// The fingerprint of a create for its idempotency key: the input as it is stored.
Json product_fingerprint(const NewProduct& input) {
    return Json{{"name", input.name},
                {"names", input.names},
                {"description", input.description},
                {"price", idempotency::amount_fingerprint(input.price)},
                {"vat_rate", input.vat_rate},
                {"stock", input.stock},
                {"is_active", input.is_active}};
}

/// The product as its snapshot shows it, read in this unit.
Product current_product(const ReadContext& context, const std::string& product_id) {
    return rules::product_snapshot(access::product(context, product_id));
}

/// The product locked for the rest of the unit and read after the lock: what every change loads
/// it with, so that concurrent changes and stock claims take turns.
Product product_for_update(const UnitOfWork& unit, const std::string& product_id) {
    unit.products().lock_product(product_id);
    return current_product(unit, product_id);
}

template <typename Value>
void apply_product_change(Value& field, const std::optional<Value>& change) {
    if (change) field = *change;
}

}  // namespace

Product Products::create(const NewProduct& given) const {
    const Actor& actor = store_.actor();
    actor.require_scope(scope::events_write);
    const std::string organization_id = access::organization_of(actor);
    const NewProduct input = rules::normalized(given);
    rules::validate_new_product(input);
    idempotency::check(input.idempotency_key);
    const Json fingerprint = product_fingerprint(input);
    Product product;
    store_.write([&](UnitOfWork& unit) {
        if (const auto first = idempotency::replay(unit, organization_id, product_create_operation,
                                                   input.idempotency_key, fingerprint)) {
            product = current_product(unit, first->at(0));
            return;
        }
        const auto organization = unit.catalogue().find_organization(organization_id);
        if (!organization) throw fail::organization_not_found(organization_id);
        product = Product{};
        product.id = unit.new_id();
        product.name = input.name;
        product.names = input.names;
        product.description = input.description;
        product.price = input.price.in(organization->currency);
        product.vat_rate = input.vat_rate;
        product.stock = input.stock;
        product.is_active = input.is_active;
        product.created = unit.now;
        unit.products().insert_product(organization_id, product);
        product = current_product(unit, product.id);
        idempotency::remember(unit, organization_id, product_create_operation, input.idempotency_key, fingerprint,
                              {product.id});
        unit.audit(product_create_operation, "product", product.id, Json(product));
    });
    return product;
}

Product Products::update(const std::string& product_id, const ProductChanges& given) const {
    const Actor& actor = store_.actor();
    actor.require_scope(scope::events_write);
    (void)access::organization_of(actor);
    const ProductChanges changes = rules::normalized(given);
    rules::validate_product_changes(changes);
    Product after;
    store_.write([&](UnitOfWork& unit) {
        const Product before = product_for_update(unit, product_id);
        after = before;
        apply_product_change(after.name, changes.name);
        apply_product_change(after.names, changes.names);
        apply_product_change(after.description, changes.description);
        if (changes.price) after.price = changes.price->in(before.price.currency());
        apply_product_change(after.vat_rate, changes.vat_rate);
        unit.products().update_product(after);
        after = current_product(unit, product_id);
        unit.audit("product.update", "product", product_id, Json{{"before", before}, {"after", after}});
    });
    return after;
}

Product Products::set_stock(const std::string& product_id, std::optional<std::int64_t> stock) const {
    const Actor& actor = store_.actor();
    actor.require_scope(scope::events_write);
    (void)access::organization_of(actor);
    rules::validate_stock(stock);
    Product after;
    store_.write([&](UnitOfWork& unit) {
        const Product before = product_for_update(unit, product_id);
        rules::check_stock_covers_taken(stock, before.sold, before.reserved);
        unit.products().update_product_stock(product_id, stock);
        after = current_product(unit, product_id);
        unit.audit("product.set_stock", "product", product_id, Json{{"before", before.stock}, {"after", stock}});
    });
    return after;
}

Product Products::set_active(const std::string& product_id, bool active) const {
    const Actor& actor = store_.actor();
    actor.require_scope(scope::events_write);
    (void)access::organization_of(actor);
    Product after;
    store_.write([&](UnitOfWork& unit) {
        const Product before = product_for_update(unit, product_id);
        unit.products().update_product_active(product_id, active);
        after = current_product(unit, product_id);
        unit.audit("product.set_active", "product", product_id, Json{{"before", before.is_active}, {"after", active}});
    });
    return after;
}

Product Products::get(const std::string& product_id) const {
    const Actor& actor = store_.actor();
    actor.require_scope(scope::events_read);
    (void)access::organization_of(actor);
    Product product;
    store_.read([&](ReadContext& context) { product = current_product(context, product_id); });
    return product;
}

Page<Product> Products::list(const PageRequest& request) const {
    const Actor& actor = store_.actor();
    actor.require_scope(scope::events_read);
    (void)access::organization_of(actor);
    paging::check(request);
    Page<Product> page;
    store_.read([&](ReadContext& context) {
        auto& products = context.products();
        const std::int64_t after = paging::start(
            request, request.after ? products.product_position(*request.after) : std::nullopt, "a product");
        std::vector<Product> rows = products.page_products(after, request.first + 1);
        for (Product& row : rows) row = rules::product_snapshot(std::move(row));
        page = paging::finish(std::move(rows), request.first);
    });
    return page;
}

}  // namespace ticketcore
