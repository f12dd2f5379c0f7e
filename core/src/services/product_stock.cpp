#include "services/product_stock.hpp"

#include <atomic>
#include <chrono>
#include <thread>

#include "services/access.hpp"
#include "ticketcore/rules/product_rules.hpp"
#include "ticketcore/services/store.hpp"
#include "ticketcore/values/error_catalogue.hpp"

namespace ticketcore::product_stock {

#ifdef TICKETCORE_TEST_HOOKS
namespace {
std::atomic<bool> guard_off{false};
std::atomic<std::int64_t> race_window{0};
}  // namespace

void set_guard_disabled(bool disabled, std::int64_t race_window_micros) noexcept {
    guard_off.store(disabled);
    race_window.store(race_window_micros);
}

bool guard_disabled() noexcept {
    return guard_off.load();
}

void unguarded_precheck(const Store& store, const std::string& product_id, std::int64_t quantity) {
    store.read([&](ReadContext& context) {
        const auto product = context.products().find_product(product_id);
        if (!product) return;  // the unit of work says why
        const auto left = rules::product_available(product->stock, product->sold, product->reserved);
        if (left && *left < quantity) throw fail::product_sold_out(product->name, product->id, *left);
    });
    std::this_thread::sleep_for(std::chrono::microseconds(race_window.load()));
}
#endif

std::string claim(const UnitOfWork& unit, const std::string& organization_id, const std::string& product_id,
                  std::int64_t quantity, repository::ClaimState state, const std::string& source) {
    if (quantity <= 0) throw fail::invalid_quantity();
    rules::check_product_claimable(access::product(unit, product_id));
    std::string claim_id = unit.new_id();
#ifdef TICKETCORE_TEST_HOOKS
    if (guard_disabled()) {
        unit.products().claim_product_unguarded(organization_id, claim_id, product_id, quantity, state, source,
                                                unit.now);
        return claim_id;
    }
#endif
    unit.products().claim_product(organization_id, claim_id, product_id, quantity, state, source, unit.now);
    return claim_id;
}

void settle(const UnitOfWork& unit, const std::string& claim_id) {
    unit.products().settle_product_claim(claim_id);
}

void release(const UnitOfWork& unit, const std::string& claim_id) {
    unit.products().release_product_claim(claim_id);
}

}  // namespace ticketcore::product_stock
