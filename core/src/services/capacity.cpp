#include "services/capacity.hpp"
#include "services/snapshots.hpp"

#include <atomic>
#include <vector>

#include "ticketcore/rules/order_rules.hpp"
#include "ticketcore/rules/specification_rules.hpp"

namespace ticketcore::capacity {

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
std::int64_t race_window_micros() noexcept {
    return race_window.load();
}
#endif

std::string claim(const UnitOfWork& unit, const std::string& organization_id, const std::string& specification_id,
                  std::int64_t quantity, repository::ClaimState state, const std::string& source) {
#ifdef TICKETCORE_TEST_HOOKS
    const bool guarded = !guard_disabled();
#else
    constexpr bool guarded = true;
#endif
    std::string claim_id = unit.new_id();
    unit.inventory().claim_capacity(organization_id, claim_id, specification_id, quantity, state, source, unit.now,
                                    guarded);
    return claim_id;
}

std::int64_t held_by_buyer(const ReadContext& context, const std::string& buyer_id,
                           const std::string& specification_id) {
    return rules::units_held_by_buyer(context.orders().pending_units_of_buyer(buyer_id, specification_id),
                                      context.tickets().live_tickets_of_buyer(buyer_id, specification_id));
}

void exclude_expired_holds(const ReadContext& context, TicketSpecification& spec) {
    spec.number_of_tickets_reserved -= context.inventory().expired_specification_holds(spec.id, context.now);
    std::vector<rules::CapacityBucket> buckets;
    for (const std::string& pool_id : spec.pool_ids) {
        Pool pool = *snapshot::find_pool(context, pool_id);
        exclude_expired_holds(context, pool);
        buckets.push_back({pool.size, pool.sold, pool.reserved});
    }
    spec.available = rules::availability(
        {spec.number_of_tickets_for_sale, spec.number_of_tickets_sold, spec.number_of_tickets_reserved}, buckets);
}

void exclude_expired_holds(const ReadContext& context, Pool& pool) {
    pool.reserved -= context.inventory().expired_pool_holds(pool.id, context.now);
    pool.available = rules::pool_available(pool.size, pool.sold, pool.reserved);
}

}  // namespace ticketcore::capacity
