#include "ticketcore/services/specifications.hpp"
#include "services/access.hpp"
#include "services/capacity.hpp"
#include "services/order_lifecycle.hpp"
#include "services/snapshots.hpp"
#include "services/unit_of_work.hpp"
#include "ticketcore/rules/specification_rules.hpp"
#include "ticketcore/values/error_catalogue.hpp"

namespace ticketcore {

namespace {

void validate(const TicketSpecification& spec) {
    rules::validate_specification({
        .name = spec.name,
        .names = &spec.names,
        .price = spec.price.minor(),
        .ticket_platform_fee = spec.ticket_platform_fee.minor(),
        .ticket_percentage_fee = spec.ticket_percentage_fee,
        .number_of_tickets_for_sale = spec.number_of_tickets_for_sale,
        .maximum_number_of_tickets_per_user = spec.maximum_number_of_tickets_per_user,
        .sale_start = spec.sale_start,
        .sale_end = spec.sale_end,
        .perks = &spec.perks,
        .allow_reentry = spec.allow_reentry,
        .reentry_limit = spec.reentry_limit,
        .accepted_scan_points = &spec.accepted_scan_points,
    });
}

template <typename Value>
void apply(Value& field, const std::optional<Value>& change) {
    if (change) field = *change;
}

/// The first paid specification turns the organization's billing profile on (seed 002/003).
void enable_billing_on_first_paid(UnitOfWork& unit, const std::string& organization_id,
                                  const TicketSpecification& spec) {
    if (spec.price.minor() == 0) return;
    const auto organization = unit.catalogue().find_organization(organization_id);
    if (organization && !organization->billing_profile_enabled) {
        unit.catalogue().enable_billing_profile(organization_id);
        unit.audit("organization.enable_billing_profile", "organization", organization_id,
                   Json{{"specification_id", spec.id}});
    }
}

/// The spec with counts that no expired hold inflates: holds that ran out are swept first, so the
/// rules below decide on what is really sold and reserved.
snapshot::SpecificationRow current_specification(UnitOfWork& unit, const std::string& id) {
    const std::string organization_id = access::specification(unit, id).organization_id;
    unit.catalogue().lock_specification(id);  // a concurrent claim lands before the check, or waits
    lifecycle::sweep_due(unit, unit.now, organization_id);
    auto row = *snapshot::find_specification(unit, id);  // read under the lock
    return row;
}

}  // namespace

TicketSpecification Specifications::add(const NewSpecification& input) const {
    store_.actor().require_scope(scope::events_write);
    TicketSpecification spec;
    store_.write([&](UnitOfWork& unit) {
        const Event event = access::event(unit, input.event_id);
        rules::check_can_add(event.state);
        rules::check_room_for_specification(unit.catalogue().lock_and_count_specifications(event.id));
        spec = TicketSpecification{};
        spec.id = unit.new_id();
        spec.event_id = event.id;
        spec.name = input.name;
        spec.names = input.names;
        spec.description = input.description;
        spec.price = input.price.in(event.currency);
        spec.vat_rate = event.vat_rate;
        // A new specification inherits the event's platform and percentage fees (seed 003).
        spec.ticket_platform_fee =
            input.ticket_platform_fee ? input.ticket_platform_fee->in(event.currency) : event.platform_fee;
        spec.ticket_percentage_fee = input.ticket_percentage_fee.value_or(event.percentage_fee);
        spec.number_of_tickets_for_sale = input.number_of_tickets_for_sale;
        spec.maximum_number_of_tickets_per_user = input.maximum_number_of_tickets_per_user;
        spec.sale_start = input.sale_start;
        spec.sale_end = input.sale_end;
        spec.perks = input.perks;
        spec.visibility = input.visibility;
        spec.transferable = input.transferable;
        spec.allow_reentry = input.allow_reentry;
        spec.reentry_limit = input.reentry_limit;
        spec.accepted_scan_points = input.accepted_scan_points;
        spec.refund_policy = input.refund_policy;
        spec.created = unit.now;
        validate(spec);
        unit.catalogue().insert_specification(event.organization_id, spec);
        enable_billing_on_first_paid(unit, event.organization_id, spec);
        spec = snapshot::find_specification(unit, spec.id)->specification;
        unit.audit("specification.add", "specification", spec.id, Json(spec));
    });
    return spec;
}

TicketSpecification Specifications::edit(const std::string& id, const SpecificationChanges& changes) const {
    store_.actor().require_scope(scope::events_write);
    TicketSpecification after;
    store_.write([&](UnitOfWork& unit) {
        const auto row = current_specification(unit, id);
        rules::check_can_edit(row.event_state, row.specification.is_active);
        after = row.specification;
        const Currency currency = after.price.currency();
        apply(after.name, changes.name);
        apply(after.names, changes.names);
        apply(after.description, changes.description);
        if (changes.price) after.price = changes.price->in(currency);
        if (changes.ticket_platform_fee) after.ticket_platform_fee = changes.ticket_platform_fee->in(currency);
        apply(after.ticket_percentage_fee, changes.ticket_percentage_fee);
        apply(after.number_of_tickets_for_sale, changes.number_of_tickets_for_sale);
        apply(after.maximum_number_of_tickets_per_user, changes.maximum_number_of_tickets_per_user);
        apply(after.sale_start, changes.sale_start);
        apply(after.sale_end, changes.sale_end);
        apply(after.perks, changes.perks);
        apply(after.visibility, changes.visibility);
        apply(after.transferable, changes.transferable);
        apply(after.allow_reentry, changes.allow_reentry);
        apply(after.reentry_limit, changes.reentry_limit);
        apply(after.accepted_scan_points, changes.accepted_scan_points);
        apply(after.refund_policy, changes.refund_policy);
        validate(after);
        const std::int64_t taken = after.number_of_tickets_sold + after.number_of_tickets_reserved;
        if (after.number_of_tickets_for_sale && *after.number_of_tickets_for_sale < taken) {
            throw fail::quota_below_taken(taken);
        }
        unit.catalogue().update_specification(after);
        enable_billing_on_first_paid(unit, row.organization_id, after);
        after = snapshot::find_specification(unit, id)->specification;
        unit.audit("specification.edit", "specification", id, Json{{"before", row.specification}, {"after", after}});
    });
    return after;
}

TicketSpecification Specifications::set_active(const std::string& id, bool active) const {
    store_.actor().require_scope(scope::events_write);
    TicketSpecification after;
    store_.write([&](UnitOfWork& unit) {
        const auto row = current_specification(unit, id);
        rules::check_can_set_active(row.event_state);
        unit.catalogue().update_specification_active(id, active);
        after = snapshot::find_specification(unit, id)->specification;
        unit.audit("specification.set_active", "specification", id,
                   Json{{"before", row.specification.is_active}, {"after", active}});
    });
    return after;
}

void Specifications::remove(const std::string& id) const {
    store_.actor().require_scope(scope::events_write);
    store_.write([&](UnitOfWork& unit) {
        const auto row = current_specification(unit, id);
        rules::check_can_remove(row.event_state, id, row.specification.number_of_tickets_sold,
                                row.specification.number_of_tickets_reserved);
        unit.catalogue().delete_specification(id);
        unit.audit("specification.remove", "specification", id, Json{{"before", row.specification}});
    });
}

TicketSpecification Specifications::get(const std::string& id) const {
    store_.actor().require_scope(scope::events_read);
    TicketSpecification spec;
    store_.read([&](ReadContext& context) {
        std::vector<TicketSpecification> specs{access::specification(context, id).specification};
        capacity::exclude_expired_holds(context, specs.front().event_id, specs);
        spec = std::move(specs.front());
    });
    return spec;
}

std::vector<TicketSpecification> Specifications::list(const std::string& event_id) const {
    store_.actor().require_scope(scope::events_read);
    std::vector<TicketSpecification> specs;
    store_.read([&](ReadContext& context) {
        (void)access::event(context, event_id);
        specs = snapshot::list_specifications(context, event_id);
        capacity::exclude_expired_holds(context, event_id, specs);
    });
    return specs;
}

}  // namespace ticketcore
