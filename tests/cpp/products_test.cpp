// The products area (services/products.hpp) and the product stock ledger (store/products.hpp,
// reached as the box office's sales reach it, through ticketcore::testing::claim_product), on the
// engine under test. The oversell race is shown both ways: with
// ticketcore::testing::set_product_guard_disabled switched on, a claim checks the stock on a
// snapshot, waits a race window and then takes it unconditionally (what a naive implementation
// does) and the stock is oversold; with the guard on (the conditional UPDATE, under SQLite's
// write lock or PostgreSQL's row lock) exactly the stock is taken and every other claim gets
// CapacityError `product_sold_out`.

#include <gtest/gtest.h>

#include <atomic>
#include <barrier>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "test_support.hpp"
#include "ticketcore/testing/testing.hpp"
#include "ticketcore/ticketcore.hpp"

namespace {

using namespace ticketcore;
using namespace ticketcore_test;

/// The catalog fixture with its organization's products area.
struct ProductShop {
    Catalog catalog;
    Products products;

    ProductShop() : products(catalog.store) {}
    explicit ProductShop(const std::string& path) : catalog(path), products(catalog.store) {}

    /// A product of `price` øre with 25 % VAT and an optional stock.
    [[nodiscard]] Product add(const std::string& name, std::int64_t price = 4000,
                              std::optional<std::int64_t> stock = std::nullopt) const {
        NewProduct input;
        input.name = name;
        input.price = Amount{price, std::nullopt};
        input.vat_rate = 2500;
        input.stock = stock;
        return products.create(input);
    }

    /// How many audit rows of `operation` the log holds.
    [[nodiscard]] std::size_t audited(const std::string& operation) const {
        AuditQuery query;
        query.operation = operation;
        query.limit = 1000;
        return catalog.store.audit(query).size();
    }
};

std::string product_sold_out_message(const std::string& name, const std::string& id, std::int64_t left) {
    return "Not enough stock of product '" + name + "' (id: " + id + "): " + std::to_string(left) + " left";
}

TEST(Products, CreateStoresTheTrimmedInputInTheOrganizationsCurrency) {
    const ProductShop shop;
    NewProduct input;
    input.name = "  Programme ";
    input.names = {{"da", " Program "}, {"de", "Programmheft"}};
    input.description = "48 pages";
    input.price = Amount{4000, std::nullopt};
    input.vat_rate = 2500;
    input.stock = 100;
    const Product product = shop.products.create(input);
    EXPECT_EQ(product.name, "Programme");
    EXPECT_EQ(product.names, (std::map<std::string, std::string>{{"da", "Program"}, {"de", "Programmheft"}}));
    EXPECT_EQ(product.name_for("da-DK"), "Program");
    EXPECT_EQ(product.name_for("en"), "Programme");
    EXPECT_EQ(product.description, "48 pages");
    EXPECT_EQ(product.price, dkk_minor(4000));
    EXPECT_EQ(product.vat_rate, 2500);
    EXPECT_EQ(product.stock, 100);
    EXPECT_EQ(product.sold, 0);
    EXPECT_EQ(product.reserved, 0);
    EXPECT_EQ(product.available, 100);
    EXPECT_TRUE(product.is_active);
    EXPECT_EQ(product.created, clock_start);
    EXPECT_EQ(shop.products.get(product.id), product);
    EXPECT_EQ(shop.audited("product.create"), 1u);

    NewProduct token;
    token.name = "Cloakroom token";
    token.price = Amount{2000, dkk};
    token.is_active = false;
    const Product unlimited = shop.products.create(token);
    EXPECT_EQ(unlimited.stock, std::nullopt);
    EXPECT_EQ(unlimited.available, std::nullopt);
    EXPECT_EQ(unlimited.vat_rate, 0);
    EXPECT_FALSE(unlimited.is_active);
}

TEST(Products, APriceInAnotherCurrencyIsRefusedAndNothingIsWritten) {
    const ProductShop shop;
    NewProduct input;
    input.name = "T-shirt";
    input.price = Amount{2500, eur};
    EXPECT_TRUE(expect_error<ValidationError>([&] { (void)shop.products.create(input); }, "currency_mismatch",
                                              "Amount in EUR where DKK is expected"));
    input.price = Amount{-1, std::nullopt};
    EXPECT_TRUE(expect_error<ValidationError>([&] { (void)shop.products.create(input); }, "negative_number",
                                              "price cannot be negative"));
    EXPECT_EQ(shop.audited("product.create"), 0u);
    EXPECT_TRUE(shop.products.list().nodes.empty());
}

TEST(Products, UpdateSetStockAndSetActiveChangeWhatTheySayAndAuditIt) {
    const ProductShop shop;
    const Product tee = shop.add("T-shirt", 25000, 10);
    ProductChanges changes;
    changes.name = " Festival T-shirt ";
    changes.names = std::map<std::string, std::string>{{"da", "Festival-T-shirt"}};
    changes.price = Amount{22500, std::nullopt};
    changes.vat_rate = 0;
    const Product updated = shop.products.update(tee.id, changes);
    EXPECT_EQ(updated.name, "Festival T-shirt");
    EXPECT_EQ(updated.name_for("da"), "Festival-T-shirt");
    EXPECT_EQ(updated.description, "") << "not given, kept";
    EXPECT_EQ(updated.price, dkk_minor(22500));
    EXPECT_EQ(updated.vat_rate, 0);
    EXPECT_EQ(updated.stock, 10) << "update leaves the stock alone";

    EXPECT_EQ(shop.products.set_stock(tee.id, 25).available, 25);
    EXPECT_EQ(shop.products.set_stock(tee.id, std::nullopt).available, std::nullopt);
    EXPECT_FALSE(shop.products.set_active(tee.id, false).is_active);
    EXPECT_TRUE(shop.products.set_active(tee.id, true).is_active);
    EXPECT_EQ(shop.audited("product.update"), 1u);
    EXPECT_EQ(shop.audited("product.set_stock"), 2u);
    EXPECT_EQ(shop.audited("product.set_active"), 2u);
}

TEST(Products, ScopesAndOrganizationsAreEnforced) {
    const ProductShop shop;
    const Product tee = shop.add("T-shirt");
    const Store reader = shop.catalog.member_with({std::string(scope::events_read)});
    EXPECT_EQ(Products(reader).get(tee.id), tee);
    EXPECT_TRUE(expect_error<PermissionDeniedError>([&] { (void)Products(reader).set_active(tee.id, false); },
                                                    "missing_scope",
                                                    "Actor 'member-1' lacks the scope 'events:write'"));
    const Store other = shop.catalog.other_organization_store();
    EXPECT_TRUE(expect_error<PermissionDeniedError>(
        [&] { (void)Products(other).get(tee.id); }, "other_organization",
        "Actor 'other-admin' may not access organization '" + shop.catalog.organization.id + "'"));
    EXPECT_TRUE(Products(other).list().nodes.empty()) << "the other organization sees none of them";
    EXPECT_TRUE(expect_error<NotFoundError>([&] { (void)shop.products.get("nope"); }, "product_not_found",
                                            "Product with id: nope not found."));
    EXPECT_TRUE(expect_error<PermissionDeniedError>([&] { (void)Products(shop.catalog.platform).get(tee.id); },
                                                    "missing_scope",
                                                    "Actor 'platform-1' lacks the scope 'events:read'"));
}

TEST(Products, ListPagesInCreationOrder) {
    const ProductShop shop;
    std::vector<std::string> ids;
    for (int index = 0; index < 5; ++index) ids.push_back(shop.add("Product " + std::to_string(index)).id);
    const Page<Product> first = shop.products.list({2, std::nullopt});
    ASSERT_EQ(first.nodes.size(), 2u);
    EXPECT_EQ(first.nodes[0].id, ids[0]);
    EXPECT_EQ(first.nodes[1].id, ids[1]);
    EXPECT_TRUE(first.has_next_page);
    EXPECT_EQ(first.end_cursor, ids[1]);
    const Page<Product> rest = shop.products.list({50, first.end_cursor});
    ASSERT_EQ(rest.nodes.size(), 3u);
    EXPECT_EQ(rest.nodes[2].id, ids[4]);
    EXPECT_FALSE(rest.has_next_page);
    EXPECT_TRUE(expect_error<ValidationError>(
        [&] {
            (void)shop.products.list({2, "nope"});
        },
        "invalid_cursor", "Cursor 'nope' is not a product"));
    EXPECT_TRUE(expect_error<ValidationError>(
        [&] {
            (void)shop.products.list({51, std::nullopt});
        },
        "invalid_page_size", "first must be between 1 and 50"));
}

TEST(Products, CreateWithAnIdempotencyKeyReturnsTheFirstProduct) {
    const ProductShop shop;
    NewProduct input;
    input.name = "Programme";
    input.price = Amount{4000, std::nullopt};
    input.stock = 5;
    input.idempotency_key = "pos-7-programme";
    const Product first = shop.products.create(input);
    (void)ticketcore::testing::claim_product(shop.catalog.store, first.id, 2, true);
    const Product again = shop.products.create(input);
    EXPECT_EQ(again.id, first.id);
    EXPECT_EQ(again.sold, 2) << "the first product as it is now";
    EXPECT_EQ(shop.products.list().nodes.size(), 1u);
    input.stock = 6;
    EXPECT_TRUE(expect_error<ConflictError>([&] { (void)shop.products.create(input); }, "idempotency_key_reused",
                                            "Idempotency key 'pos-7-programme' was already used with different "
                                            "parameters"));
    EXPECT_EQ(shop.audited("product.create"), 1u);
}

TEST(ProductStock, ClaimsMoveTheCountersAndTheLedgerAgrees) {
    const ProductShop shop;
    const Store& store = shop.catalog.store;
    const Product tee = shop.add("T-shirt", 25000, 10);
    const std::string reserved = ticketcore::testing::claim_product(store, tee.id, 3, false);
    const std::string sold = ticketcore::testing::claim_product(store, tee.id, 2, true);
    Product now = shop.products.get(tee.id);
    EXPECT_EQ(now.reserved, 3);
    EXPECT_EQ(now.sold, 2);
    EXPECT_EQ(now.available, 5);

    ticketcore::testing::settle_product_claim(store, reserved);
    now = shop.products.get(tee.id);
    EXPECT_EQ(now.reserved, 0);
    EXPECT_EQ(now.sold, 5);
    EXPECT_TRUE(expect_error<ConflictError>([&] { ticketcore::testing::settle_product_claim(store, reserved); },
                                            "claim_not_reserved", "Product claim " + reserved + " is sold"));

    ticketcore::testing::release_product_claim(store, sold);
    ticketcore::testing::release_product_claim(store, sold);  // a second release gives nothing back again
    now = shop.products.get(tee.id);
    EXPECT_EQ(now.sold, 3);
    EXPECT_EQ(now.available, 7);
    EXPECT_TRUE(expect_error<NotFoundError>([&] { ticketcore::testing::release_product_claim(store, "nope"); },
                                            "claim_not_found", "Product claim nope not found"));

    const IntegrityReport report = shop.catalog.platform.check_integrity();
    EXPECT_TRUE(report.ok());
    EXPECT_EQ(report.products_checked, 1);
}

TEST(ProductStock, AClaimTakesAllOrNothingAndNeverMoreThanTheStock) {
    const ProductShop shop;
    const Store& store = shop.catalog.store;
    const Product tee = shop.add("T-shirt", 25000, 4);
    (void)ticketcore::testing::claim_product(store, tee.id, 3, false);
    EXPECT_TRUE(expect_error<CapacityError>([&] { (void)ticketcore::testing::claim_product(store, tee.id, 2, true); },
                                            "product_sold_out", product_sold_out_message("T-shirt", tee.id, 1)));
    (void)ticketcore::testing::claim_product(store, tee.id, 1, true);
    EXPECT_TRUE(expect_error<CapacityError>([&] { (void)ticketcore::testing::claim_product(store, tee.id, 1, true); },
                                            "product_sold_out", product_sold_out_message("T-shirt", tee.id, 0)));
    EXPECT_TRUE(expect_error<ValidationError>([&] { (void)ticketcore::testing::claim_product(store, tee.id, 0, true); },
                                              "invalid_quantity", "Quantity must be greater than 0"));
    const Product unlimited = shop.add("Programme");
    (void)ticketcore::testing::claim_product(store, unlimited.id, 1'000'000, true);
    EXPECT_EQ(shop.products.get(unlimited.id).sold, 1'000'000);
    EXPECT_EQ(shop.products.get(tee.id).available, 0);
}

TEST(ProductStock, AnInactiveOrUnknownProductCannotBeTaken) {
    const ProductShop shop;
    const Store& store = shop.catalog.store;
    const Product tee = shop.add("T-shirt", 25000, 4);
    (void)shop.products.set_active(tee.id, false);
    EXPECT_TRUE(expect_error<ConflictError>([&] { (void)ticketcore::testing::claim_product(store, tee.id, 1, true); },
                                            "product_inactive", "Product with id: " + tee.id + " is not active"));
    EXPECT_TRUE(expect_error<NotFoundError>([&] { (void)ticketcore::testing::claim_product(store, "nope", 1, true); },
                                            "product_not_found", "Product with id: nope not found."));
    const Store other = shop.catalog.other_organization_store();
    EXPECT_TRUE(expect_error<PermissionDeniedError>(
        [&] { (void)ticketcore::testing::claim_product(other, tee.id, 1, true); }, "other_organization",
        "Actor 'other-admin' may not access organization '" + shop.catalog.organization.id + "'"));
    EXPECT_EQ(shop.products.get(tee.id).sold, 0);
}

TEST(ProductStock, TheStockIsNeverSetBelowWhatIsSoldAndReserved) {
    const ProductShop shop;
    const Store& store = shop.catalog.store;
    const Product tee = shop.add("T-shirt", 25000, 10);
    (void)ticketcore::testing::claim_product(store, tee.id, 4, true);
    (void)ticketcore::testing::claim_product(store, tee.id, 2, false);
    EXPECT_TRUE(expect_error<ConflictError>([&] { (void)shop.products.set_stock(tee.id, 5); }, "stock_below_taken",
                                            "Stock cannot be less than the 6 sold or reserved"));
    EXPECT_EQ(shop.products.get(tee.id).stock, 10) << "a failed call changes nothing";
    EXPECT_EQ(shop.audited("product.set_stock"), 0u);
    const Product exact = shop.products.set_stock(tee.id, 6);
    EXPECT_EQ(exact.stock, 6);
    EXPECT_EQ(exact.available, 0);
    EXPECT_TRUE(expect_error<ValidationError>([&] { (void)shop.products.set_stock(tee.id, -1); }, "negative_number",
                                              "stock cannot be negative"));
}

TEST(ProductStock, CheckIntegrityRecountsProductCounters) {
    const ProductShop shop;
    const Product tee = shop.add("T-shirt", 25000, 10);
    (void)ticketcore::testing::claim_product(shop.catalog.store, tee.id, 2, true);
    shop.catalog.breaks_counters_on_purpose();
    ticketcore::testing::corrupt_product_sold_counter(shop.catalog.store, tee.id, 3);
    const IntegrityReport report = shop.catalog.platform.check_integrity();
    EXPECT_EQ(report.mismatches, (std::vector<CounterMismatch>{{"product", tee.id, "sold", 5, 2}}));
    EXPECT_TRUE(report.over_capacity.empty());
    EXPECT_EQ(shop.catalog.store.check_integrity().mismatches.size(), 1u) << "the organization's own check";
    EXPECT_EQ(Store(shop.catalog.other_organization_store()).check_integrity().products_checked, 0);
}

// ---- the oversell race, with and without the guard ----------------------------------------------

/// Switches the product stock guard off for its lifetime and always back on.
class ProductGuardOff {
public:
    explicit ProductGuardOff(std::int64_t race_window_micros) {
        ticketcore::testing::set_product_guard_disabled(true, race_window_micros);
    }
    ProductGuardOff(const ProductGuardOff&) = delete;
    ProductGuardOff& operator=(const ProductGuardOff&) = delete;
    ~ProductGuardOff() { ticketcore::testing::set_product_guard_disabled(false, 0); }
};

constexpr int product_racers = 8;
constexpr int product_race_rounds = 4;  // 8 threads x 4 rounds = 32 claims of one for a stock of 10
constexpr std::int64_t product_race_window_micros = 2000;

/// What the racing claims achieved, by refusal code.
struct ProductRace {
    std::atomic<int> taken{0};
    std::mutex mutex;
    std::map<std::string, int> refused;
    std::vector<std::string> unexpected;
};

/// `product_racers` threads (each on one of `stores`, round robin) claim one of the product
/// `product_race_rounds` times, all threads starting each round together.
void race_for_product(const std::vector<Store>& stores, const std::string& product_id, ProductRace& race) {
    std::barrier round_start(product_racers);
    std::vector<std::thread> threads;
    threads.reserve(product_racers);
    for (int index = 0; index < product_racers; ++index) {
        threads.emplace_back([&, index] {
            const Store& store = stores[static_cast<std::size_t>(index) % stores.size()];
            for (int round = 0; round < product_race_rounds; ++round) {
                round_start.arrive_and_wait();
                try {
                    (void)ticketcore::testing::claim_product(store, product_id, 1, false);
                    ++race.taken;
                } catch (const CapacityError& error) {
                    const std::lock_guard lock(race.mutex);
                    ++race.refused[error.code()];
                } catch (const std::exception& error) {
                    const std::lock_guard lock(race.mutex);
                    race.unexpected.push_back(error.what());
                }
            }
        });
    }
    for (std::thread& thread : threads) thread.join();
}

TEST(ProductStock, WithoutTheGuardRacingClaimsOversellTheStock) {
    const StoreLocation location = StoreLocation::shared();
    const ProductShop shop(location.path());
    const Product tee = shop.add("T-shirt", 25000, 10);
    shop.catalog.breaks_counters_on_purpose();  // it oversells, and check_integrity() says so below
    const Store second = Store::open(location.path()).acting_as(shop.catalog.admin);  // like a second process
    ProductRace race;
    {
        const ProductGuardOff guard_off(product_race_window_micros);
        race_for_product({shop.catalog.store, second}, tee.id, race);
    }
    EXPECT_EQ(race.unexpected, std::vector<std::string>{});
    const int taken = race.taken.load();
    EXPECT_GT(taken, 10) << "the naive check-then-take oversells";
    EXPECT_EQ((std::map<std::string, int>{{"product_sold_out", product_racers * product_race_rounds - taken}}),
              race.refused)
        << "refused only by the snapshot check";
    const Product loaded = shop.products.get(tee.id);
    EXPECT_EQ(loaded.reserved, taken);
    EXPECT_EQ(loaded.available, 0) << "never negative";
    const IntegrityReport report = shop.catalog.platform.check_integrity();
    EXPECT_TRUE(report.mismatches.empty()) << "the counters agree with the ledger: the stock was simply ignored";
    EXPECT_EQ(report.over_capacity, (std::vector<CapacityExcess>{{"product", tee.id, 10, taken}}));
}

TEST(ProductStock, WithTheGuardRacingClaimsTakeExactlyTheStock) {
    const StoreLocation location = StoreLocation::shared();
    const ProductShop shop(location.path());
    const Product tee = shop.add("T-shirt", 25000, 10);
    {
        // Off and on again: the RAII guard restores the hook, so this race is guarded.
        const ProductGuardOff guard_off(product_race_window_micros);
    }
    const Store second = Store::open(location.path()).acting_as(shop.catalog.admin);
    ProductRace race;
    race_for_product({shop.catalog.store, second}, tee.id, race);
    EXPECT_EQ(race.unexpected, std::vector<std::string>{});
    EXPECT_EQ(race.taken.load(), 10);
    EXPECT_EQ(race.refused,
              (std::map<std::string, int>{{"product_sold_out", product_racers * product_race_rounds - 10}}));
    const Product loaded = shop.products.get(tee.id);
    EXPECT_EQ(loaded.reserved, 10);
    EXPECT_EQ(loaded.available, 0);
    EXPECT_TRUE(shop.catalog.platform.check_integrity().ok());
}

}  // namespace
