#pragma once
// Private to the core (layer 5, services): the snapshots of stored rows. Repositories map columns
// only; what a snapshot shows beyond its columns (a specification's percentage fee amount and
// availability, a pool's availability, an event's local dates) is computed here, by the rules.

#include <optional>
#include <string>
#include <vector>

#include "services/unit_of_work.hpp"
#include "store/inventory.hpp"
#include "ticketcore/model/event.hpp"
#include "ticketcore/model/pool.hpp"
#include "ticketcore/model/specification.hpp"

namespace ticketcore::snapshot {

/// @brief A specification's snapshot with what its checks need besides.
struct SpecificationRow {
    TicketSpecification specification;
    std::string organization_id;
    EventState event_state = EventState::Draft;
    repository::ClaimMoney sold_money;  ///< its sold money counters (sales_per_specification)
};

/// @brief The specification with its live counts as stored (expired holds not excluded).
std::optional<SpecificationRow> find_specification(const ReadContext& context, const std::string& id);
/// @brief The event's specifications in the order they were added.
std::vector<TicketSpecification> list_specifications(const ReadContext& context, const std::string& event_id);
/// @brief The same, each with what SpecificationRow has besides, in the same one read.
std::vector<SpecificationRow> list_specification_rows(const ReadContext& context, const std::string& event_id);

std::optional<Event> find_event(const ReadContext& context, const std::string& id);
/// @brief See CatalogueRepository::page_events.
std::vector<Event> page_events(const ReadContext& context, const std::string& organization_id,
                               std::optional<EventState> state, std::int64_t after_position, std::int64_t limit);

std::optional<Pool> find_pool(const ReadContext& context, const std::string& id);
/// @brief The event's pools in the order they were created.
std::vector<Pool> list_pools(const ReadContext& context, const std::string& event_id);

}  // namespace ticketcore::snapshot
