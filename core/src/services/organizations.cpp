#include "ticketcore/services/organizations.hpp"
#include "services/access.hpp"
#include "services/unit_of_work.hpp"
#include "ticketcore/rules/text_rules.hpp"
#include "ticketcore/values/error_catalogue.hpp"

namespace ticketcore {

Organization Organizations::create(const NewOrganization& input) const {
    store_.actor().require_scope(scope::platform_admin);
    rules::require_name(input.name);
    Organization organization;
    organization.name = input.name;
    organization.currency = Currency::of(input.currency);
    organization.rounding = input.rounding;
    organization.refund_fees = input.refund_fees;
    store_.write([&](UnitOfWork& unit) {
        organization.id = unit.new_id();
        organization.created = unit.now;
        unit.catalogue().insert_organization(organization);
        unit.audit("organization.create", "organization", organization.id, Json(organization), organization.id);
    });
    return organization;
}

Organization Organizations::get(const std::string& id) const {
    const Actor& actor = store_.actor();
    if (!actor.has_scope(scope::platform_admin)) {
        actor.require_scope(scope::events_read);
        actor.require_organization(id);
    }
    std::optional<Organization> found;
    store_.read([&](ReadContext& context) { found = context.catalogue().find_organization(id); });
    if (!found) throw fail::organization_not_found(id);
    return *found;
}

Organization Organizations::set_refund_fees(const std::string& id, bool refund_fees) const {
    const Actor& actor = store_.actor();
    if (!actor.has_scope(scope::platform_admin)) {
        actor.require_scope(scope::events_write);
        actor.require_organization(id);
    }
    std::optional<Organization> found;
    store_.write([&](UnitOfWork& unit) {
        found = unit.catalogue().find_organization(id);
        if (!found) throw fail::organization_not_found(id);
        found->refund_fees = refund_fees;
        unit.catalogue().set_refund_fees(id, refund_fees);
        unit.audit("organization.set_refund_fees", "organization", id, Json{{"refund_fees", refund_fees}}, id);
    });
    return *found;
}

}  // namespace ticketcore
