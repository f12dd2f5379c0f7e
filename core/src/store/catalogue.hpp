#pragma once
// Private to the core (layer 4, store): the catalogue repository: organizations, events and their
// dates, ticket specifications.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/inventory.hpp"
#include "ticketcore/model/event.hpp"
#include "ticketcore/model/organization.hpp"
#include "ticketcore/model/specification.hpp"
#include "ticketcore/rules/specification_rules.hpp"
#include "ticketcore/values/rounding.hpp"

namespace ticketcore::repository {

/// @brief A specification as stored, with what its checks and its snapshot need besides. The
/// repository maps columns only: the snapshot's computed fields (percentage_fee_amount,
/// available) are left to rules::specification_snapshot (services/snapshots.hpp).
struct StoredSpecification {
    TicketSpecification stored;  ///< the stored fields; percentage_fee_amount and available unset
    std::string organization_id;
    EventState event_state = EventState::Draft;
    RoundingMode rounding = RoundingMode::HalfUp;      ///< the organization's
    std::vector<rules::CapacityBucket> pool_counters;  ///< of stored.pool_ids, in that order
    ClaimMoney sold_money;                             ///< the sold money counters (sold_revenue, sold_fees, sold_vat)
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
    /// @brief Sets whether the organization's refunds give the fees back (Organization::refund_fees).
    virtual void set_refund_fees(const std::string& organization_id, bool refund_fees) = 0;
    /// @brief Sets the organization's box-office fee and its VAT rate (Organization::box_office_fee).
    virtual void set_box_office_fee(const std::string& organization_id, const Money& fee, std::int64_t vat_rate) = 0;
    /// @brief Sets the organization's customer-data form; nullopt stores none (the default form).
    virtual void set_customer_form(const std::string& organization_id,
                                   const std::optional<std::vector<CustomerField>>& form) = 0;

    /// @brief The event as stored: its dates' local times are left to rules::event_snapshot.
    virtual std::optional<Event> find_event(const std::string& id) = 0;
    /// @brief The place of an event of the organization in creation order; nullopt when `event_id`
    /// is no event of the organization.
    virtual std::optional<std::int64_t> event_position(const std::string& organization_id,
                                                       const std::string& event_id) = 0;
    /// @brief Up to `limit` events of the organization (optionally of one state) created after
    /// `after_position` (0: from the first), in creation order.
    virtual std::vector<Event> page_events(const std::string& organization_id, std::optional<EventState> state,
                                           std::int64_t after_position, std::int64_t limit) = 0;
    virtual void insert_event(const Event& event) = 0;
    virtual void update_event_state(const std::string& id, EventState state) = 0;
    virtual void insert_event_date(const Event& event, const EventDate& date) = 0;

    /// @brief The specification with its live counts as stored (expired holds not excluded).
    virtual std::optional<StoredSpecification> find_specification(const std::string& id) = 0;
    /// @brief The event's specifications in the order they were added.
    virtual std::vector<StoredSpecification> list_specifications(const std::string& event_id) = 0;
    /// @brief How many specifications the event has, counted after waiting for any other caller
    /// adding one to the event (a transaction-scoped lock of the event's specifications; nothing
    /// on SQLite, which runs one writer at a time), so that the cap holds across hosts.
    virtual std::int64_t lock_and_count_specifications(const std::string& event_id) = 0;
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
