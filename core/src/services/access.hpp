#pragma once
// Private to the core: loading an entity for an actor, with the scope and tenant checks.

#include <stdexcept>
#include <string>

#include "services/snapshots.hpp"
#include "services/unit_of_work.hpp"
#include "ticketcore/rules/specification_rules.hpp"
#include "ticketcore/values/actor.hpp"
#include "ticketcore/values/error_catalogue.hpp"

namespace ticketcore::access {

/// The actor's organization, or PermissionDeniedError for actors that have none.
inline const std::string& organization_of(const Actor& actor) {
    if (!actor.organization_id) {
        throw fail::organization_required(actor.id);
    }
    return *actor.organization_id;
}

/// Throws for an id the unit's organization has none of: PermissionDeniedError
/// `other_organization` when another organization owns it, else what `not_found` throws.
template <typename NotFound>
[[noreturn]] void missing(const ReadContext& context, store::Owned kind, const std::string& id, NotFound&& not_found) {
    if (const auto owner = context.owner(kind, id)) context.actor.require_organization(*owner);
    not_found();
    throw std::logic_error("not_found must throw");
}

inline Event event(const ReadContext& context, const std::string& id) {
    const Actor& actor = context.actor;
    auto found = snapshot::find_event(context, id);
    if (!found) missing(context, store::Owned::event, id, [&] { throw fail::event_not_found(id); });
    actor.require_organization(found->organization_id);
    return std::move(*found);
}

inline snapshot::SpecificationRow specification(const ReadContext& context, const std::string& id) {
    const Actor& actor = context.actor;
    auto found = snapshot::find_specification(context, id);
    if (!found) missing(context, store::Owned::specification, id, [&] { rules::throw_specification_not_found(id); });
    actor.require_organization(found->organization_id);
    return std::move(*found);
}

inline Pool pool(const ReadContext& context, const std::string& id) {
    auto found = snapshot::find_pool(context, id);
    if (!found) missing(context, store::Owned::pool, id, [&] { throw fail::pool_not_found(id); });
    (void)event(context, found->event_id);
    return std::move(*found);
}

inline repository::OrderRow order(const ReadContext& context, const std::string& id) {
    const Actor& actor = context.actor;
    auto found = context.orders().find_order(id);
    if (!found) missing(context, store::Owned::order, id, [&] { throw fail::order_not_found(id); });
    actor.require_organization(found->organization_id);
    return std::move(*found);
}

/// The actor's organization's product `id` as stored (rules::product_snapshot computes its
/// `available`): NotFoundError `product_not_found`, or PermissionDeniedError `other_organization`
/// for another organization's.
inline Product product(const ReadContext& context, const std::string& id) {
    auto found = context.products().find_product(id);
    if (!found) missing(context, store::Owned::product, id, [&] { throw fail::product_not_found(id); });
    return std::move(*found);
}

/// The order, locked for the rest of the unit (see OrderRepository::lock_order) and read after the
/// lock: what every unit that changes an order loads it with.
inline repository::OrderRow order_for_update(const UnitOfWork& unit, const std::string& id) {
    auto found = unit.orders().lock_order(id);
    if (!found) missing(unit, store::Owned::order, id, [&] { throw fail::order_not_found(id); });
    unit.actor.require_organization(found->organization_id);
    return std::move(*found);
}

}  // namespace ticketcore::access
