#pragma once
// Private to the core (layer 4, store): the catalogue repository: organizations, events and their
// dates, ticket specifications.

#include <optional>
#include <string>
#include <vector>

#include "ticketcore/model/event.hpp"
#include "ticketcore/model/organization.hpp"
#include "ticketcore/model/specification.hpp"

namespace ticketcore::repository {

/// @brief A specification with what its checks need besides the snapshot.
struct SpecificationRow {
    TicketSpecification specification;
    std::string organization_id;
    EventState event_state = EventState::Draft;
};

class CatalogueRepository {
public:
    CatalogueRepository() = default;
    CatalogueRepository(const CatalogueRepository&) = delete;
    CatalogueRepository& operator=(const CatalogueRepository&) = delete;
    virtual ~CatalogueRepository() = default;

    virtual std::optional<Organization> find_organization(const std::string& id) = 0;
    virtual void insert_organization(const Organization& organization) = 0;
    virtual void enable_billing_profile(const std::string& organization_id) = 0;

    virtual std::optional<Event> find_event(const std::string& id) = 0;
    /// @brief The organization's events in creation order, optionally of one state.
    virtual std::vector<Event> list_events(const std::string& organization_id, std::optional<EventState> state) = 0;
    virtual void insert_event(const Event& event) = 0;
    virtual void update_event_state(const std::string& id, EventState state) = 0;
    virtual void insert_event_date(const Event& event, const EventDate& date) = 0;

    /// @brief The specification with its live counts as stored (expired holds not excluded).
    virtual std::optional<SpecificationRow> find_specification(const std::string& id) = 0;
    /// @brief The event's specifications in the order they were added.
    virtual std::vector<TicketSpecification> list_specifications(const std::string& event_id) = 0;
    /// @brief Inserts the specification, its names, and its links to every date of the event.
    virtual void insert_specification(const std::string& organization_id, const TicketSpecification& specification) = 0;
    /// @brief Rewrites the editable columns and names.
    virtual void update_specification(const TicketSpecification& specification) = 0;
    /// @brief Locks the specification's row until the transaction ends (see OrderRepository::lock_order):
    /// edits, removals and pool-membership changes lock it before they judge its counters, so a
    /// concurrent claim either lands before the check or waits until the change committed.
    virtual void lock_specification(const std::string& id) = 0;
    virtual void update_specification_active(const std::string& id, bool active) = 0;
    virtual void delete_specification(const std::string& id) = 0;
};

}  // namespace ticketcore::repository
