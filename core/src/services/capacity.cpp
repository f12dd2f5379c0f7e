#include "services/capacity.hpp"
#include "services/snapshots.hpp"

#include <algorithm>
#include <atomic>
#include <map>
#include <string>
#include <vector>

#include "ticketcore/rules/order_rules.hpp"
#include "ticketcore/rules/specification_rules.hpp"
#include "ticketcore/rules/ticket_rules.hpp"

namespace ticketcore::capacity {

#ifdef TICKETCORE_TEST_HOOKS
namespace {
std::atomic<bool> guard_off{false};
std::atomic<std::int64_t> race_window{0};
std::atomic<bool> seat_guard_off{false};
std::atomic<std::int64_t> seat_race_window{0};
}  // namespace

void set_seat_guard_disabled(bool disabled, std::int64_t race_window_micros) noexcept {
    seat_guard_off.store(disabled);
    seat_race_window.store(race_window_micros);
}
bool seat_guard_disabled() noexcept {
    return seat_guard_off.load();
}
std::int64_t seat_race_window_micros() noexcept {
    return seat_race_window.load();
}

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

void price(const UnitOfWork& unit, const std::string& claim_id, const OrderLine& line) {
    unit.inventory().price_claim(
        claim_id, {line.total.minor(), (line.platform_fee + line.percentage_fee).minor(), line.vat.minor()});
}

std::string claim(const UnitOfWork& unit, const std::string& organization_id, const std::string& specification_id,
                  std::int64_t quantity, repository::ClaimState state, const std::string& source,
                  const repository::ClaimTarget& target) {
    std::string claim_id = unit.new_id();
#ifdef TICKETCORE_TEST_HOOKS
    if (guard_disabled() || (seat_guard_disabled() && (target.seat_id || target.volume_id))) {
        unit.inventory().claim_capacity_unguarded(
            organization_id, claim_id, specification_id, quantity, state, source, unit.now, target,
            guard_disabled() ? repository::Unguarded::everything : repository::Unguarded::seat_and_volume);
        return claim_id;
    }
#endif
    unit.inventory().claim_capacity(organization_id, claim_id, specification_id, quantity, state, source, unit.now,
                                    target);
    return claim_id;
}

void check_per_user_limit(const ReadContext& context, const std::string& buyer_id, const TicketSpecification& spec,
                          std::int64_t quantity) {
    if (!spec.maximum_number_of_tickets_per_user) return;
    const std::int64_t held = rules::units_held_by_buyer(
        context.orders().pending_units_of_buyer(buyer_id, spec.id),
        context.tickets().count_tickets_of_buyer(buyer_id, spec.id, rules::counted_tickets()));
    rules::check_per_user_limit(spec.maximum_number_of_tickets_per_user, held, quantity);
}

namespace {

using ExpiredHolds = std::map<std::string, std::int64_t>;

std::int64_t expired_of(const ExpiredHolds& expired, const std::string& specification_id) {
    const auto found = expired.find(specification_id);
    return found == expired.end() ? 0 : found->second;
}

/// A pool's expired holds are those of its member specifications.
void exclude(Pool& pool, const ExpiredHolds& expired) {
    for (const std::string& specification_id : pool.specification_ids) {
        pool.reserved -= expired_of(expired, specification_id);
    }
    pool.available = rules::pool_available(pool.size, pool.sold, pool.reserved);
}

}  // namespace

void exclude_expired_holds(const ReadContext& context, const std::string& event_id,
                           std::vector<TicketSpecification>& specs) {
    const ExpiredHolds expired =
        context.inventory().expired_holds_by_specification(event_id, rules::hold_cutoff(context.now));
    // The event's pools only when one of the specifications is in one (most are in none).
    const bool pooled =
        std::any_of(specs.begin(), specs.end(), [](const TicketSpecification& spec) { return !spec.pool_ids.empty(); });
    std::vector<Pool> pools = pooled ? snapshot::list_pools(context, event_id) : std::vector<Pool>{};
    std::map<std::string, const Pool*> pool_by_id;
    for (Pool& pool : pools) {
        exclude(pool, expired);
        pool_by_id[pool.id] = &pool;
    }
    for (TicketSpecification& spec : specs) {
        spec.number_of_tickets_reserved -= expired_of(expired, spec.id);
        std::vector<rules::CapacityBucket> buckets;
        for (const std::string& pool_id : spec.pool_ids) {
            const Pool& pool = *pool_by_id.at(pool_id);
            buckets.push_back({pool.size, pool.sold, pool.reserved});
        }
        spec.available = rules::availability(
            {spec.number_of_tickets_for_sale, spec.number_of_tickets_sold, spec.number_of_tickets_reserved}, buckets);
    }
}

void exclude_expired_holds(const ReadContext& context, const std::string& event_id, std::vector<Pool>& pools) {
    const ExpiredHolds expired =
        context.inventory().expired_holds_by_specification(event_id, rules::hold_cutoff(context.now));
    for (Pool& pool : pools) exclude(pool, expired);
}

}  // namespace ticketcore::capacity
