// A Store is shared between threads (each call leases a connection of its own) and several
// stores may open one database (like several worker processes). These tests hammer one store
// (a SQLite file, or a PostgreSQL schema: StoreLocation::shared) from 8 threads and check that
// every write lands and that capacity is never oversold, on each engine.
//
// The oversell race is shown both ways: with ticketcore::testing::set_capacity_guard_disabled
// switched on, Orders::place checks `available` on a snapshot, waits a race window and then takes
// the capacity unconditionally (what a naive implementation does) and the quota or pool is
// oversold; with the guard on (the conditional UPDATE, under SQLite's write lock or PostgreSQL's
// row lock) exactly the capacity is sold and everybody else gets a CapacityError. The hook is
// process-wide, so CapacityGuardOff (RAII) switches it back on however the test ends.

#include <gtest/gtest.h>

#include <atomic>
#include <barrier>
#include <cstdint>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "order_support.hpp"
#include "test_support.hpp"
#include "ticketcore/testing/testing.hpp"
#include "ticketcore/ticketcore.hpp"

namespace {

using namespace ticketcore;
using namespace ticketcore_test;

constexpr int thread_count = 8;

/// Counts outcomes across threads; anything other than success or the expected CapacityError is
/// recorded as a failure message.
struct Outcomes {
    std::atomic<int> succeeded{0};
    std::atomic<int> sold_out{0};
    std::mutex mutex;
    std::vector<std::string> unexpected;

    void record_unexpected(const std::string& text) {
        const std::lock_guard lock(mutex);
        unexpected.push_back(text);
    }
};

/// Runs `work(thread_index)` on `thread_count` threads started together.
void run_together(const std::function<void(int)>& work) {
    std::atomic<int> ready{0};
    std::vector<std::thread> threads;
    threads.reserve(thread_count);
    for (int index = 0; index < thread_count; ++index) {
        threads.emplace_back([&, index] {
            ++ready;
            while (ready.load() < thread_count) std::this_thread::yield();
            work(index);
        });
    }
    for (std::thread& thread : threads) thread.join();
}

/// Each thread claims one ticket `claims_per_thread` times, sorting the outcomes.
void claim_concurrently(const std::vector<Store>& stores, const std::vector<std::string>& spec_ids,
                        int claims_per_thread, Outcomes& outcomes) {
    run_together([&](int index) {
        const Store& store = stores[static_cast<std::size_t>(index) % stores.size()];
        for (int round = 0; round < claims_per_thread; ++round) {
            const std::string& spec_id = spec_ids[static_cast<std::size_t>(index + round) % spec_ids.size()];
            try {
                (void)ticketcore::testing::claim(store, spec_id, 1, true);
                ++outcomes.succeeded;
            } catch (const CapacityError&) {
                ++outcomes.sold_out;
            } catch (const std::exception& error) {
                outcomes.record_unexpected(error.what());
            }
        }
    });
}

TEST(Concurrency, EveryConcurrentWriteLands) {
    const StoreLocation location = StoreLocation::shared();
    const Catalog catalog(location.path());
    const Event event = catalog.event_with_date();
    constexpr int specs_per_thread = 10;
    Outcomes outcomes;
    run_together([&](int index) {
        for (int round = 0; round < specs_per_thread; ++round) {
            try {
                (void)catalog.add_spec(event.id, "Spec " + std::to_string(index) + "-" + std::to_string(round), 25000,
                                       100);
                ++outcomes.succeeded;
            } catch (const std::exception& error) {
                outcomes.record_unexpected(error.what());
            }
        }
    });
    EXPECT_EQ(outcomes.unexpected, std::vector<std::string>{});
    EXPECT_EQ(outcomes.succeeded.load(), thread_count * specs_per_thread);

    const std::vector<TicketSpecification> specs = catalog.specifications.list(event.id);
    ASSERT_EQ(specs.size(), static_cast<std::size_t>(thread_count * specs_per_thread));
    std::set<std::string> ids;
    std::set<std::string> names;
    for (const TicketSpecification& spec : specs) {
        ids.insert(spec.id);
        names.insert(spec.name);
        EXPECT_EQ(spec.event_date_ids.size(), 1u) << spec.name;
    }
    EXPECT_EQ(ids.size(), specs.size());
    EXPECT_EQ(names.size(), specs.size());
    AuditQuery query;
    query.operation = "specification.add";
    query.limit = 1000;
    EXPECT_EQ(catalog.store.audit(query).size(), specs.size());
    EXPECT_EQ(catalog.store.check_integrity().specifications_checked, thread_count * specs_per_thread);
}

TEST(Concurrency, ClaimsNeverExceedTheQuota) {
    const StoreLocation location = StoreLocation::shared();
    const Catalog catalog(location.path());
    const TicketSpecification spec = catalog.add_spec(catalog.draft_event().id, "Member ticket", 25000, 50);
    Outcomes outcomes;
    claim_concurrently({catalog.store}, {spec.id}, 20, outcomes);

    EXPECT_EQ(outcomes.unexpected, std::vector<std::string>{});
    EXPECT_EQ(outcomes.succeeded.load(), 50);
    EXPECT_EQ(outcomes.sold_out.load(), thread_count * 20 - 50);
    const TicketSpecification loaded = catalog.specifications.get(spec.id);
    EXPECT_EQ(loaded.number_of_tickets_sold, 50);
    EXPECT_EQ(loaded.available, 0);
    EXPECT_TRUE(catalog.store.check_integrity().ok());
}

TEST(Concurrency, ClaimsNeverExceedASharedPool) {
    const StoreLocation location = StoreLocation::shared();
    const Catalog catalog(location.path());
    const Event event = catalog.draft_event();
    const TicketSpecification member = catalog.add_spec(event.id, "Member ticket", 25000);
    const TicketSpecification guest = catalog.add_spec(event.id, "Guest ticket", 35000, 20);
    const Pool floor = catalog.pools.create(event.id, "Floor", 30, {member.id, guest.id});
    Outcomes outcomes;
    claim_concurrently({catalog.store}, {member.id, guest.id}, 10, outcomes);

    EXPECT_EQ(outcomes.unexpected, std::vector<std::string>{});
    EXPECT_EQ(outcomes.succeeded.load(), 30);
    EXPECT_EQ(outcomes.sold_out.load(), thread_count * 10 - 30);
    const Pool loaded = catalog.pools.get(floor.id);
    EXPECT_EQ(loaded.sold, 30);
    EXPECT_EQ(catalog.specifications.get(member.id).number_of_tickets_sold +
                  catalog.specifications.get(guest.id).number_of_tickets_sold,
              30);
    EXPECT_LE(catalog.specifications.get(guest.id).number_of_tickets_sold, 20);
    EXPECT_TRUE(catalog.store.check_integrity().ok());
}

TEST(Concurrency, SeparateStoresOnOneFileDoNotOversell) {
    // Two independently opened stores have separate connection pools, like two worker processes:
    // only the database's locking stands between them.
    const StoreLocation location = StoreLocation::shared();
    const std::string& path = location.path();
    const Catalog catalog(path);
    const TicketSpecification spec = catalog.add_spec(catalog.draft_event().id, "Member ticket", 25000, 50);
    const Store second = Store::open(path).acting_as(catalog.admin);
    Outcomes outcomes;
    claim_concurrently({catalog.store, second}, {spec.id}, 20, outcomes);

    EXPECT_EQ(outcomes.unexpected, std::vector<std::string>{});
    EXPECT_EQ(outcomes.succeeded.load(), 50);
    EXPECT_EQ(catalog.specifications.get(spec.id).number_of_tickets_sold, 50);
    EXPECT_TRUE(second.check_integrity().ok());
}

// On SQLite the fresh store is ":memory:", one connection every thread waits for; on PostgreSQL
// a schema of its own, so this is one more mix of writes on the pool there.
TEST(Concurrency, AnInMemoryStoreIsSafeToShareToo) {
    const Catalog catalog;
    const Event event = catalog.draft_event();
    const TicketSpecification spec = catalog.add_spec(event.id, "Member ticket", 25000, 50);
    Outcomes outcomes;
    run_together([&](int index) {
        for (int round = 0; round < 20; ++round) {
            try {
                if (round % 4 == 0) {
                    (void)catalog.add_spec(event.id, "Extra " + std::to_string(index) + "-" + std::to_string(round));
                }
                (void)ticketcore::testing::claim(catalog.store, spec.id, 1, true);
                ++outcomes.succeeded;
            } catch (const CapacityError&) {
                ++outcomes.sold_out;
            } catch (const std::exception& error) {
                outcomes.record_unexpected(error.what());
            }
        }
    });
    EXPECT_EQ(outcomes.unexpected, std::vector<std::string>{});
    EXPECT_EQ(outcomes.succeeded.load(), 50);
    EXPECT_EQ(catalog.specifications.list(event.id).size(), 1u + thread_count * 5);
    EXPECT_TRUE(catalog.store.check_integrity().ok());
}

// ---- the oversell race through Orders::place, with and without the guard --------------------

/// Switches the capacity guard off for its lifetime and always back on, even when an assertion
/// or an exception leaves the test early.
class CapacityGuardOff {
public:
    explicit CapacityGuardOff(std::int64_t race_window_micros) {
        ticketcore::testing::set_capacity_guard_disabled(true, race_window_micros);
    }
    CapacityGuardOff(const CapacityGuardOff&) = delete;
    CapacityGuardOff& operator=(const CapacityGuardOff&) = delete;
    ~CapacityGuardOff() { ticketcore::testing::set_capacity_guard_disabled(false, 0); }
};

constexpr std::int64_t race_window_micros = 2000;
constexpr int order_rounds = 4;  // 8 threads x 4 rounds = 32 orders of one ticket for 10 tickets
constexpr int attempts = thread_count * order_rounds;

/// What the racing checkouts achieved, by refusal code.
struct OrderOutcomes {
    std::atomic<int> placed{0};
    std::mutex mutex;
    std::map<std::string, int> refused;
    std::vector<std::string> unexpected;

    [[nodiscard]] int refusals() {
        const std::lock_guard lock(mutex);
        int total = 0;
        for (const auto& entry : refused) total += entry.second;
        return total;
    }
};

/// 8 threads place `order_rounds` orders of one ticket each, every order for a different buyer;
/// all threads start each round together. Thread t orders spec_ids[(t + round) % size].
void place_concurrently(const Shop& world, const std::vector<std::string>& spec_ids, OrderOutcomes& outcomes) {
    std::barrier round_start(thread_count);
    std::vector<std::thread> threads;
    threads.reserve(thread_count);
    for (int index = 0; index < thread_count; ++index) {
        threads.emplace_back([&, index] {
            for (int round = 0; round < order_rounds; ++round) {
                round_start.arrive_and_wait();
                const std::string tag = std::to_string(index) + "-" + std::to_string(round);
                const std::string& spec_id = spec_ids[static_cast<std::size_t>(index + round) % spec_ids.size()];
                try {
                    (void)world.place({{spec_id, 1}}, buyer("Buyer " + tag, "buyer-" + tag + "@example.com"));
                    ++outcomes.placed;
                } catch (const CapacityError& error) {
                    const std::lock_guard lock(outcomes.mutex);
                    ++outcomes.refused[error.code()];
                } catch (const std::exception& error) {
                    const std::lock_guard lock(outcomes.mutex);
                    outcomes.unexpected.push_back(error.what());
                }
            }
        });
    }
    for (std::thread& thread : threads) thread.join();
}

std::int64_t pending_tickets(const Shop& world) {
    std::int64_t total = 0;
    for (const BuyOrder& order : all_pages(
             [&](const PageRequest& page) { return world.orders.list(world.event.id, OrderState::Pending, page); })) {
        for (const OrderLine& line : order.event_tickets) total += line.amount;
    }
    return total;
}

TEST(Concurrency, WithoutTheGuardRacingOrdersOversellAQuota) {
    const StoreLocation location = StoreLocation::shared();
    const Shop world(location.path());
    const TicketSpecification spec = world.on_sale("Member ticket", 25000, 10);
    world.catalog.breaks_counters_on_purpose();  // it oversells, and check_integrity() says so below
    OrderOutcomes outcomes;
    {
        const CapacityGuardOff guard_off(race_window_micros);
        place_concurrently(world, {spec.id}, outcomes);
    }
    EXPECT_EQ(outcomes.unexpected, std::vector<std::string>{});
    const int placed = outcomes.placed.load();
    EXPECT_GT(placed, 10) << "the naive check-then-take oversells";
    EXPECT_EQ(placed + outcomes.refusals(), attempts);
    EXPECT_EQ((std::map<std::string, int>{{"sold_out", attempts - placed}}), outcomes.refused)
        << "refused only by the snapshot check";

    const TicketSpecification loaded = world.catalog.specifications.get(spec.id);
    EXPECT_EQ(loaded.number_of_tickets_reserved, placed);
    EXPECT_EQ(loaded.available, 0) << "never negative";
    EXPECT_EQ(pending_tickets(world), placed);
    // The counters still agree with the ledger: nothing was lost, the quota was simply ignored.
    const IntegrityReport report = world.catalog.platform.check_integrity();
    EXPECT_TRUE(report.mismatches.empty());
    EXPECT_EQ(report.over_capacity, (std::vector<CapacityExcess>{{"specification", spec.id, 10, placed}}));
}

TEST(Concurrency, WithTheGuardRacingOrdersSellExactlyTheQuota) {
    const StoreLocation location = StoreLocation::shared();
    const Shop world(location.path());
    const TicketSpecification spec = world.on_sale("Member ticket", 25000, 10);
    {
        // Off and on again: the RAII guard restores the hook, so this race is guarded.
        const CapacityGuardOff guard_off(race_window_micros);
    }
    OrderOutcomes outcomes;
    place_concurrently(world, {spec.id}, outcomes);
    EXPECT_EQ(outcomes.unexpected, std::vector<std::string>{});
    EXPECT_EQ(outcomes.placed.load(), 10);
    EXPECT_EQ(outcomes.refused, (std::map<std::string, int>{{"sold_out", attempts - 10}}));
    const TicketSpecification loaded = world.catalog.specifications.get(spec.id);
    EXPECT_EQ(loaded.number_of_tickets_reserved, 10);
    EXPECT_EQ(loaded.available, 0);
    EXPECT_EQ(pending_tickets(world), 10);
    EXPECT_TRUE(world.catalog.platform.check_integrity().ok());
}

TEST(Concurrency, WithoutTheGuardRacingOrdersOversellASharedPool) {
    const StoreLocation location = StoreLocation::shared();
    const Shop world(location.path());
    const TicketSpecification member = world.on_sale("Member ticket", 25000);
    const TicketSpecification guest = world.on_sale("Guest ticket", 35000);
    const Pool floor = world.catalog.pools.create(world.event.id, "Floor", 10, {member.id, guest.id});
    world.catalog.breaks_counters_on_purpose();  // it oversells, and check_integrity() says so below
    OrderOutcomes outcomes;
    {
        const CapacityGuardOff guard_off(race_window_micros);
        place_concurrently(world, {member.id, guest.id}, outcomes);
    }
    EXPECT_EQ(outcomes.unexpected, std::vector<std::string>{});
    const int placed = outcomes.placed.load();
    EXPECT_GT(placed, 10) << "the naive check-then-take oversells the pool";
    EXPECT_EQ(placed + outcomes.refusals(), attempts);
    const Pool loaded = world.catalog.pools.get(floor.id);
    EXPECT_EQ(loaded.reserved, placed);
    EXPECT_EQ(loaded.available, 0);
    EXPECT_EQ(world.catalog.specifications.get(member.id).number_of_tickets_reserved +
                  world.catalog.specifications.get(guest.id).number_of_tickets_reserved,
              placed);
    const IntegrityReport report = world.catalog.platform.check_integrity();
    EXPECT_TRUE(report.mismatches.empty()) << "the counters agree with the ledger";
    EXPECT_EQ(report.over_capacity, (std::vector<CapacityExcess>{{"pool", floor.id, 10, placed}}));
}

TEST(Concurrency, WithTheGuardRacingOrdersSellExactlyASharedPool) {
    const StoreLocation location = StoreLocation::shared();
    const Shop world(location.path());
    const TicketSpecification member = world.on_sale("Member ticket", 25000);
    const TicketSpecification guest = world.on_sale("Guest ticket", 35000);
    const Pool floor = world.catalog.pools.create(world.event.id, "Floor", 10, {member.id, guest.id});
    OrderOutcomes outcomes;
    place_concurrently(world, {member.id, guest.id}, outcomes);
    EXPECT_EQ(outcomes.unexpected, std::vector<std::string>{});
    EXPECT_EQ(outcomes.placed.load(), 10);
    EXPECT_EQ(outcomes.refused, (std::map<std::string, int>{{"pool_sold_out", attempts - 10}}));
    const Pool loaded = world.catalog.pools.get(floor.id);
    EXPECT_EQ(loaded.reserved, 10);
    EXPECT_EQ(loaded.available, 0);
    EXPECT_EQ(pending_tickets(world), 10);
    EXPECT_TRUE(world.catalog.platform.check_integrity().ok());
}

TEST(Concurrency, TheGuardIsBackOnWhenAGuardOffScopeIsLeftByAnException) {
    const StoreLocation location = StoreLocation::shared();
    const Shop world(location.path());
    try {
        const CapacityGuardOff guard_off(race_window_micros);
        throw std::runtime_error("leaving the scope by an exception");
    } catch (const std::runtime_error&) {}
    // Two buyers race for the last seat: with the guard on there is no snapshot check and no
    // race window, and the conditional UPDATE stops the second writer.
    OrderOutcomes outcomes;
    std::barrier start(2);
    std::vector<std::thread> pair;
    const TicketSpecification seat = world.on_sale("Last seat", 25000, 1);
    for (int index = 0; index < 2; ++index) {
        pair.emplace_back([&, index] {
            start.arrive_and_wait();
            try {
                (void)world.place({{seat.id, 1}}, buyer("P" + std::to_string(index), std::to_string(index) + "@p.dk"));
                ++outcomes.placed;
            } catch (const CapacityError& error) {
                const std::lock_guard lock(outcomes.mutex);
                ++outcomes.refused[error.code()];
            }
        });
    }
    for (std::thread& thread : pair) thread.join();
    EXPECT_EQ(outcomes.placed.load(), 1);
    EXPECT_EQ(outcomes.refused, (std::map<std::string, int>{{"sold_out", 1}}));
    EXPECT_TRUE(world.catalog.platform.check_integrity().ok());
}

}  // namespace
