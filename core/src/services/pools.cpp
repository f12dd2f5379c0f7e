#include <algorithm>

#include "services/access.hpp"
#include "services/capacity.hpp"
#include "services/order_lifecycle.hpp"
#include "services/snapshots.hpp"
#include "services/unit_of_work.hpp"
#include "ticketcore/rules/specification_rules.hpp"
#include "ticketcore/rules/text_rules.hpp"
#include "ticketcore/services/pools.hpp"
#include "ticketcore/values/error_catalogue.hpp"

namespace ticketcore {

namespace {

void require_valid_size(std::int64_t size) {
    if (size < 0) throw fail::negative_number("Pool size");
}

/// The pool as it stands once expired holds are swept; a completed event's pools are frozen.
Pool changeable_pool(UnitOfWork& unit, const std::string& pool_id) {
    (void)access::pool(unit, pool_id);
    unit.inventory().lock_pool(pool_id);  // resize and removal judge the counters: claims wait or land first
    Pool pool = *snapshot::find_pool(unit, pool_id);
    const Event event = *snapshot::find_event(unit, pool.event_id);
    if (event.state == EventState::Completed) {
        throw fail::event_completed("change a capacity pool of");
    }
    // Expired holds must not count against the change: sweep them, then read the pool again.
    if (!lifecycle::sweep_due(unit, unit.now, event.organization_id).empty())
        pool = *snapshot::find_pool(unit, pool_id);
    return pool;
}

/// Membership may change only while the spec has nothing sold or reserved, so a pool's counters
/// always equal the recount of its members' claims.
snapshot::SpecificationRow member_candidate(UnitOfWork& unit, const Pool& pool, const std::string& specification_id) {
    (void)access::specification(unit, specification_id);
    unit.catalogue().lock_specification(specification_id);  // a claim on it waits until membership committed
    auto row = *snapshot::find_specification(unit, specification_id);
    if (row.specification.event_id != pool.event_id) {
        throw fail::pool_other_event(specification_id);
    }
    if (row.specification.number_of_tickets_sold > 0 || row.specification.number_of_tickets_reserved > 0) {
        throw fail::specification_sold(specification_id);
    }
    return row;
}

bool is_member(const Pool& pool, const std::string& specification_id) {
    return std::find(pool.specification_ids.begin(), pool.specification_ids.end(), specification_id) !=
           pool.specification_ids.end();
}

}  // namespace

Pool Pools::create(const std::string& event_id, const std::string& name, std::int64_t size,
                   const std::vector<std::string>& specification_ids) const {
    store_.actor().require_scope(scope::events_write);
    rules::require_name(name);
    require_valid_size(size);
    Pool pool;
    store_.write([&](UnitOfWork& unit) {
        const Event event = access::event(unit, event_id);
        if (event.state == EventState::Completed) {
            throw fail::event_completed("add a capacity pool to");
        }
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
            if (is_member(current, specification_id)) {
                throw fail::duplicate_member(specification_id);
            }
            (void)member_candidate(unit, current, specification_id);
            unit.inventory().insert_pool_member(event.organization_id, pool.id, specification_id);
        }
        pool = *snapshot::find_pool(unit, pool.id);
        unit.audit("pool.create", "pool", pool.id, Json(pool));
    });
    return pool;
}

Pool Pools::resize(const std::string& pool_id, std::int64_t size) const {
    store_.actor().require_scope(scope::events_write);
    require_valid_size(size);
    Pool after;
    store_.write([&](UnitOfWork& unit) {
        const Pool before = changeable_pool(unit, pool_id);
        if (size < before.sold + before.reserved) {
            throw fail::pool_below_taken(before.sold + before.reserved);
        }
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
        if (is_member(before, specification_id)) {
            throw fail::already_member(specification_id);
        }
        (void)member_candidate(unit, before, specification_id);
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
        if (!is_member(before, specification_id)) {
            throw fail::not_member(specification_id);
        }
        (void)member_candidate(unit, before, specification_id);
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
        if (before.sold + before.reserved > 0) {
            throw fail::pool_in_use();
        }
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
