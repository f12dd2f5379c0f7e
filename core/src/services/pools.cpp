#include "ticketcore/services/pools.hpp"
#include "services/access.hpp"
#include "services/capacity.hpp"
#include "services/order_lifecycle.hpp"
#include "services/snapshots.hpp"
#include "services/unit_of_work.hpp"
#include "ticketcore/rules/pool_rules.hpp"
#include "ticketcore/rules/specification_rules.hpp"
#include "ticketcore/rules/text_rules.hpp"

namespace ticketcore {

namespace {

/// The pool as it stands once expired holds are swept; a completed event's pools are frozen.
Pool changeable_pool(UnitOfWork& unit, const std::string& pool_id) {
    (void)access::pool(unit, pool_id);
    unit.inventory().lock_pool(pool_id);  // resize and removal judge the counters: claims wait or land first
    Pool pool = *snapshot::find_pool(unit, pool_id);
    const Event event = *snapshot::find_event(unit, pool.event_id);
    rules::check_can_change_pool(event.state);
    // Expired holds must not count against the change: sweep them, then read the pool again.
    if (!lifecycle::sweep_due(unit, unit.now, event.organization_id).empty())
        pool = *snapshot::find_pool(unit, pool_id);
    return pool;
}

/// The specification joining or leaving `pool`, locked and judged by rules::check_membership_change.
void check_member_candidate(UnitOfWork& unit, const Pool& pool, const std::string& specification_id) {
    (void)access::specification(unit, specification_id);
    unit.catalogue().lock_specification(specification_id);  // a claim on it waits until membership committed
    rules::check_membership_change(pool, snapshot::find_specification(unit, specification_id)->specification);
}

}  // namespace

Pool Pools::create(const std::string& event_id, const std::string& name, std::int64_t size,
                   const std::vector<std::string>& specification_ids) const {
    store_.actor().require_scope(scope::events_write);
    rules::require_name(name);
    rules::check_pool_size(size);
    Pool pool;
    store_.write([&](UnitOfWork& unit) {
        const Event event = access::event(unit, event_id);
        rules::check_can_add_pool(event.state);
        rules::check_room_for_pool(unit.inventory().lock_and_count_pools(event.id));
        lifecycle::sweep_due(unit, unit.now, event.organization_id);  // members are judged on live counts
        pool = Pool{};
        pool.id = unit.new_id();
        pool.event_id = event_id;
        pool.name = name;
        pool.size = size;
        pool.created = unit.now;
        unit.inventory().insert_pool(event.organization_id, pool);
        for (const std::string& specification_id : specification_ids) {
            const Pool current = *snapshot::find_pool(unit, pool.id);
            rules::check_listed_once(current, specification_id);
            check_member_candidate(unit, current, specification_id);
            unit.inventory().insert_pool_member(event.organization_id, pool.id, specification_id);
        }
        pool = *snapshot::find_pool(unit, pool.id);
        unit.audit("pool.create", "pool", pool.id, Json(pool));
    });
    return pool;
}

Pool Pools::resize(const std::string& pool_id, std::int64_t size) const {
    store_.actor().require_scope(scope::events_write);
    rules::check_pool_size(size);
    Pool after;
    store_.write([&](UnitOfWork& unit) {
        const Pool before = changeable_pool(unit, pool_id);
        rules::check_can_resize(before, size);
        unit.inventory().update_pool_size(pool_id, size);
        after = *snapshot::find_pool(unit, pool_id);
        unit.audit("pool.resize", "pool", pool_id, Json{{"before", before.size}, {"after", size}});
    });
    return after;
}

Pool Pools::add_specification(const std::string& pool_id, const std::string& specification_id) const {
    store_.actor().require_scope(scope::events_write);
    Pool after;
    store_.write([&](UnitOfWork& unit) {
        const Pool before = changeable_pool(unit, pool_id);
        rules::check_not_member(before, specification_id);
        check_member_candidate(unit, before, specification_id);
        unit.inventory().insert_pool_member(access::event(unit, before.event_id).organization_id, pool_id,
                                            specification_id);
        after = *snapshot::find_pool(unit, pool_id);
        unit.audit("pool.add_specification", "pool", pool_id, Json{{"specification_id", specification_id}});
    });
    return after;
}

Pool Pools::remove_specification(const std::string& pool_id, const std::string& specification_id) const {
    store_.actor().require_scope(scope::events_write);
    Pool after;
    store_.write([&](UnitOfWork& unit) {
        const Pool before = changeable_pool(unit, pool_id);
        // Another organization's specification is refused as such, like everywhere else.
        (void)access::specification(unit, specification_id);
        rules::check_member(before, specification_id);
        check_member_candidate(unit, before, specification_id);
        unit.inventory().delete_pool_member(pool_id, specification_id);
        after = *snapshot::find_pool(unit, pool_id);
        unit.audit("pool.remove_specification", "pool", pool_id, Json{{"specification_id", specification_id}});
    });
    return after;
}

void Pools::remove(const std::string& pool_id) const {
    store_.actor().require_scope(scope::events_write);
    store_.write([&](UnitOfWork& unit) {
        const Pool before = changeable_pool(unit, pool_id);
        rules::check_can_remove_pool(before);
        unit.inventory().delete_pool(pool_id);
        unit.audit("pool.remove", "pool", pool_id, Json{{"before", before}});
    });
}

Pool Pools::get(const std::string& pool_id) const {
    store_.actor().require_scope(scope::events_read);
    Pool pool;
    store_.read([&](ReadContext& context) {
        std::vector<Pool> pools{access::pool(context, pool_id)};
        capacity::exclude_expired_holds(context, pools.front().event_id, pools);
        pool = std::move(pools.front());
    });
    return pool;
}

std::vector<Pool> Pools::list(const std::string& event_id) const {
    store_.actor().require_scope(scope::events_read);
    std::vector<Pool> pools;
    store_.read([&](ReadContext& context) {
        (void)access::event(context, event_id);
        pools = snapshot::list_pools(context, event_id);
        capacity::exclude_expired_holds(context, event_id, pools);
    });
    return pools;
}

}  // namespace ticketcore
