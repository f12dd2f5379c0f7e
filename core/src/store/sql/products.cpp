// The SQL repository of products, the ledger of their stock claims and the sold/reserved
// counters, shared by every SQL engine (layer 4, store).
#include <string_view>
#include <utility>
#include <vector>

#include "store/products.hpp"
#include "store/sql/column.hpp"
#include "store/sql/counters.hpp"
#include "store/sql/locks.hpp"
#include "store/sql/repositories.hpp"
#include "store/sql/run.hpp"
#include "store/sql/statement.hpp"
#include "ticketcore/model/json.hpp"
#include "ticketcore/rules/product_rules.hpp"
#include "ticketcore/values/error_catalogue.hpp"

namespace ticketcore::sql {

using repository::ClaimState;

namespace {

// The guard of stock: the condition of the update that takes it. The check and the increment are
// one statement, run on the row's latest version under its write lock (SQLite's one writer,
// PostgreSQL's row lock, which re-checks the WHERE after waiting), so two writers never both take
// the last one. Written as `stock - ?1` so that no quantity can overflow the sum.
constexpr std::string_view stock_guard = " AND (stock IS NULL OR sold + reserved <= stock - ?1)";

constexpr const char* product_columns =
    "SELECT id, name, names, description, price, currency, vat_rate, stock, sold, reserved, is_active, created_us "
    "FROM product WHERE organization_id = ? AND ";

Product read_product(Statement& row) {
    Product product;
    product.id = row.getColumn(0).getString();
    product.name = row.getColumn(1).getString();
    product.names = Json::parse(row.getColumn(2).getString()).get<std::map<std::string, std::string>>();
    product.description = row.getColumn(3).getString();
    product.price = Money(row.getColumn(4).getInt64(), Currency::of(row.getColumn(5).getString()));
    product.vat_rate = row.getColumn(6).getInt64();
    product.stock = optional_int(row.getColumn(7));
    product.sold = row.getColumn(8).getInt64();
    product.reserved = row.getColumn(9).getInt64();
    product.is_active = row.getColumn(10).getBool();
    product.created = Instant{row.getColumn(11).getInt64()};
    return product;
}

struct ProductClaimRow {
    std::string product_id;
    std::int64_t quantity = 0;
    std::string state;
};

const char* product_counter_of(const std::string& state) {
    return state == "sold" ? "sold" : "reserved";
}

class SqlProducts final : public repository::ProductRepository {
public:
    SqlProducts(Session& db, std::optional<std::string> tenant) : db(db), tenant(std::move(tenant)) {}

    std::optional<Product> find_product(const std::string& id) override {
        Statement query(db, std::string(product_columns) + "id = ?");
        query.bind_all(tenant, id);
        if (!query.executeStep()) return std::nullopt;
        return read_product(query);
    }

    void lock_product(const std::string& id) override { lock_row(db, tenant, "product", id); }

    void insert_product(const std::string& organization_id, const Product& product) override {
        run_later(db,
                  "INSERT INTO product (id, organization_id, name, names, description, price, currency, vat_rate, "
                  "stock, is_active, created_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  product.id, organization_id, product.name, Json(product.names).dump(), product.description,
                  product.price.minor(), std::string(product.price.currency().code()), product.vat_rate, product.stock,
                  product.is_active, product.created);
    }

    void update_product(const Product& product) override {
        run_later(db,
                  "UPDATE product SET name = ?, names = ?, description = ?, price = ?, vat_rate = ? "
                  "WHERE id = ? AND organization_id = ?",
                  product.name, Json(product.names).dump(), product.description, product.price.minor(),
                  product.vat_rate, product.id, tenant);
    }

    void update_product_stock(const std::string& id, std::optional<std::int64_t> stock) override {
        run_later(db, "UPDATE product SET stock = ? WHERE id = ? AND organization_id = ?", stock, id, tenant);
    }

    void update_product_active(const std::string& id, bool active) override {
        run_later(db, "UPDATE product SET is_active = ? WHERE id = ? AND organization_id = ?", active, id, tenant);
    }

    std::optional<std::int64_t> product_position(const std::string& id) override {
        Statement query(db, "SELECT rowid FROM product WHERE id = ? AND organization_id = ?");
        query.bind_all(id, tenant);
        if (!query.executeStep()) return std::nullopt;
        return query.getColumn(0).getInt64();
    }

    std::vector<Product> page_products(std::int64_t after_position, std::int64_t limit) override {
        // Index product_by_organization: the organization's products in creation order.
        Statement query(db, std::string(product_columns) + "rowid > ? ORDER BY rowid LIMIT ?");
        query.bind_all(tenant, after_position, limit);
        std::vector<Product> products;
        while (query.executeStep()) products.push_back(read_product(query));
        return products;
    }

    void claim_product(const std::string& organization_id, const std::string& claim_id, const std::string& product_id,
                       std::int64_t quantity, ClaimState state, const std::string& source, Instant now) override {
        take(organization_id, claim_id, product_id, quantity, state, source, now, stock_guard);
    }

#ifdef TICKETCORE_TEST_HOOKS
    void claim_product_unguarded(const std::string& organization_id, const std::string& claim_id,
                                 const std::string& product_id, std::int64_t quantity, ClaimState state,
                                 const std::string& source, Instant now) override {
        take(organization_id, claim_id, product_id, quantity, state, source, now, "");
    }
#endif

    void settle_product_claim(const std::string& claim_id) override {
        // The move from reserved and the read of what it moves, in one conditional write.
        Statement settle(db,
                         "UPDATE product_claim SET state = 'sold' WHERE id = ? AND organization_id = ? "
                         "AND state = 'reserved' RETURNING product_id, quantity");
        settle.bind_all(claim_id, tenant);
        if (!settle.executeStep()) throw fail::product_claim_not_reserved(claim_id, load_claim(claim_id).state);
        const ProductClaimRow claim{settle.getColumn(0).getString(), settle.getColumn(1).getInt64(), "sold"};
        while (settle.executeStep()) {}
        move_counter(claim, "reserved = reserved - ?1, sold = sold + ?1");
    }

    void release_product_claim(const std::string& claim_id) override {
        for (;;) {  // the state read, then moved from exactly that state; read again if it moved first
            const ProductClaimRow claim = load_claim(claim_id);
            if (claim.state == "released") return;
            if (run(db,
                    "UPDATE product_claim SET state = 'released' WHERE id = ? AND organization_id = ? AND state = ?",
                    claim_id, tenant, claim.state) == 1) {
                const std::string counter = product_counter_of(claim.state);
                move_counter(claim, counter + " = " + counter + " - ?1");
                return;
            }
        }
    }

    void check_product_counters(const std::optional<std::string>& organization_id, IntegrityReport& report) override {
        const bool every = !organization_id;
        const auto bind = [&](Statement& statement) {
            if (organization_id) statement.bind(1, *organization_id);
        };
        Statement products(db, counters_text(every,
                                             "SELECT p.id, p.sold, "
                                             "(SELECT COALESCE(SUM(c.quantity), 0) FROM product_claim c WHERE "
                                             "c.organization_id = p.organization_id AND c.product_id = p.id "
                                             "AND c.state = 'sold'), p.reserved, "
                                             "(SELECT COALESCE(SUM(c.quantity), 0) FROM product_claim c WHERE "
                                             "c.organization_id = p.organization_id AND c.product_id = p.id "
                                             "AND c.state = 'reserved') "
                                             "FROM product p WHERE {p} ORDER BY p.rowid"));
        bind(products);
        compare(products, "product", report, report.products_checked);

        Statement excess(db, counters_text(every,
                                           "SELECT p.id, p.stock, p.sold + p.reserved FROM product p WHERE {p} "
                                           "AND p.stock IS NOT NULL AND p.sold + p.reserved > p.stock "
                                           "ORDER BY p.rowid"));
        bind(excess);
        while (excess.executeStep()) {
            report.over_capacity.push_back({"product", excess.getColumn(0).getString(), excess.getColumn(1).getInt64(),
                                            excess.getColumn(2).getInt64()});
        }
    }

private:
    /// Claims stock with `guard` as the condition of the counter's update: the guard, except in
    /// the test builds' unguarded claim.
    void take(const std::string& organization_id, const std::string& claim_id, const std::string& product_id,
              std::int64_t quantity, ClaimState state, const std::string& source, Instant now, std::string_view guard) {
        if (quantity <= 0) throw fail::invalid_quantity();
        const char* counter = state == ClaimState::Sold ? "sold" : "reserved";
        Statement take_stock(db, std::string("UPDATE product SET ") + counter + " = " + counter +
                                     " + ?1 WHERE id = ?2 AND organization_id = ?3 AND sold + reserved <= "
                                     "9223372036854775807 - ?1" +
                                     std::string(guard));
        take_stock.bind_all(quantity, product_id, tenant);
        if (take_stock.exec() == 0) refuse(product_id);
        run_later(db,
                  "INSERT INTO product_claim (id, organization_id, product_id, quantity, state, source, created_us) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?)",
                  claim_id, organization_id, product_id, quantity, std::string(counter), source, now);
    }

    /// Why a claim took nothing: no such product, or too little left.
    [[noreturn]] void refuse(const std::string& product_id) {
        Statement query(db, "SELECT name, stock, sold, reserved FROM product WHERE id = ? AND organization_id = ?");
        query.bind_all(product_id, tenant);
        if (!query.executeStep()) throw fail::product_not_found(product_id);
        const auto stock = optional_int(query.getColumn(1));
        // Unlimited stock refuses only a quantity the counters cannot hold.
        if (!stock) throw fail::number_out_of_range("quantity");
        const std::int64_t left =
            rules::product_available(stock, query.getColumn(2).getInt64(), query.getColumn(3).getInt64()).value_or(0);
        throw fail::product_sold_out(query.getColumn(0).getString(), product_id, left);
    }

    ProductClaimRow load_claim(const std::string& claim_id) {
        Statement query(db,
                        "SELECT product_id, quantity, state FROM product_claim WHERE id = ? AND organization_id = ?");
        query.bind_all(claim_id, tenant);
        if (!query.executeStep()) throw fail::product_claim_not_found(claim_id);
        return {query.getColumn(0).getString(), query.getColumn(1).getInt64(), query.getColumn(2).getString()};
    }

    void move_counter(const ProductClaimRow& claim, const std::string& set_clause) {
        Statement move(db, "UPDATE product SET " + set_clause + " WHERE id = ?2 AND organization_id = ?3");
        move.bind_all(claim.quantity, claim.product_id, tenant);
        move.exec_later();
    }

    Session& db;
    const std::optional<std::string> tenant;
};

}  // namespace

std::unique_ptr<repository::ProductRepository> make_products(Session& session, const store::Tenant& tenant) {
    return std::make_unique<SqlProducts>(session, tenant.id());
}

}  // namespace ticketcore::sql
