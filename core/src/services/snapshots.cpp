#include "services/snapshots.hpp"

#include <utility>

#include "ticketcore/rules/event_rules.hpp"
#include "ticketcore/rules/specification_rules.hpp"

namespace ticketcore::snapshot {

namespace {

SpecificationRow specification_of(repository::StoredSpecification stored) {
    return {rules::specification_snapshot(std::move(stored.stored), stored.rounding, stored.pool_counters),
            std::move(stored.organization_id), stored.event_state, stored.sold_money};
}

Pool pool_of(Pool stored) {
    stored.available = rules::pool_available(stored.size, stored.sold, stored.reserved);
    return stored;
}

}  // namespace

std::optional<SpecificationRow> find_specification(const ReadContext& context, const std::string& id) {
    auto stored = context.catalogue().find_specification(id);
    if (!stored) return std::nullopt;
    return specification_of(std::move(*stored));
}

std::vector<SpecificationRow> list_specification_rows(const ReadContext& context, const std::string& event_id) {
    std::vector<SpecificationRow> rows;
    for (auto& stored : context.catalogue().list_specifications(event_id)) {
        rows.push_back(specification_of(std::move(stored)));
    }
    return rows;
}

std::vector<TicketSpecification> list_specifications(const ReadContext& context, const std::string& event_id) {
    std::vector<TicketSpecification> specifications;
    for (SpecificationRow& row : list_specification_rows(context, event_id)) {
        specifications.push_back(std::move(row.specification));
    }
    return specifications;
}

std::optional<Event> find_event(const ReadContext& context, const std::string& id) {
    auto stored = context.catalogue().find_event(id);
    if (!stored) return std::nullopt;
    return rules::event_snapshot(std::move(*stored));
}

std::vector<Event> page_events(const ReadContext& context, const std::string& organization_id,
                               std::optional<EventState> state, std::int64_t after_position, std::int64_t limit) {
    std::vector<Event> events = context.catalogue().page_events(organization_id, state, after_position, limit);
    for (Event& event : events) event = rules::event_snapshot(std::move(event));
    return events;
}

std::optional<Pool> find_pool(const ReadContext& context, const std::string& id) {
    auto stored = context.inventory().find_pool(id);
    if (!stored) return std::nullopt;
    return pool_of(std::move(*stored));
}

std::vector<Pool> list_pools(const ReadContext& context, const std::string& event_id) {
    std::vector<Pool> pools = context.inventory().list_pools(event_id);
    for (Pool& pool : pools) pool = pool_of(std::move(pool));
    return pools;
}

}  // namespace ticketcore::snapshot
