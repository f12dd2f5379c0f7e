#include "ticketcore/services/organizations.hpp"
#include "services/access.hpp"
#include "services/ticket_keys.hpp"
#include "services/unit_of_work.hpp"
#include "ticketcore/rules/key_rules.hpp"
#include "ticketcore/rules/pricing.hpp"
#include "ticketcore/rules/sale_rules.hpp"
#include "ticketcore/rules/text_rules.hpp"
#include "ticketcore/values/error_catalogue.hpp"

namespace ticketcore {

Organization Organizations::create(const NewOrganization& input) const {
    store_.actor().require_scope(scope::platform_admin);
    rules::require_name(input.name);
    Organization organization;
    organization.name = input.name;
    organization.currency = Currency::of(input.currency);
    organization.box_office_fee = Money::zero(organization.currency);
    organization.rounding = input.rounding;
    organization.refund_fees = input.refund_fees;
    store_.write([&](UnitOfWork& unit) {
        organization.id = unit.new_id();
        organization.created = unit.now;
        unit.catalogue().insert_organization(organization);
        const SigningKeyInfo key = ticket_keys::create_key(unit, organization.id);
        Json payload(organization);
        payload["signing_key_id"] = key.key_id;
        unit.audit("organization.create", "organization", organization.id, payload, organization.id);
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

namespace {

/// A key id as a store keys it: 16 lowercase hex digits.
void check_key_id(const std::string& key_id) {
    constexpr std::size_t length = 2 * KeyId::size;
    if (key_id.size() != length || key_id.find_first_not_of("0123456789abcdef") != std::string::npos) {
        throw fail::invalid_key_id();
    }
}

}  // namespace

std::vector<SigningKeyInfo> Organizations::signing_keys() const {
    const Actor& actor = store_.actor();
    if (!actor.has_scope(scope::scan)) actor.require_scope(scope::events_read);
    const std::string& organization_id = access::organization_of(actor);
    std::vector<SigningKeyInfo> keys;
    store_.read([&](ReadContext& context) { keys = context.keys().live_keys(organization_id); });
    if (keys.empty()) {
        // An organization made before keys were: its first key is made on first need.
        store_.write([&](UnitOfWork& unit) {
            (void)ticket_keys::signing_key(unit, organization_id);
            keys = unit.keys().live_keys(organization_id);
        });
    }
    return keys;
}

SigningKeyInfo Organizations::rotate_signing_key() const {
    store_.actor().require_scope(scope::events_write);
    const std::string& organization_id = access::organization_of(store_.actor());
    SigningKeyInfo key;
    store_.write([&](UnitOfWork& unit) {
        const auto live = unit.keys().live_keys(organization_id);
        rules::check_can_rotate(live.size());
        std::optional<std::string> previous;
        if (const auto active = unit.keys().active_key(organization_id)) {
            previous = active->key_id;
            unit.keys().rotate_out(organization_id, active->key_id, unit.now);
        }
        key = ticket_keys::create_key(unit, organization_id);
        unit.audit("organization.rotate_signing_key", "signing_key", key.key_id,
                   Json{{"key_id", key.key_id}, {"public_key", key.public_key}, {"previous_key_id", previous}});
    });
    return key;
}

SigningKeyInfo Organizations::retire_signing_key(const std::string& key_id) const {
    store_.actor().require_scope(scope::events_write);
    const std::string& organization_id = access::organization_of(store_.actor());
    check_key_id(key_id);
    SigningKeyInfo key;
    store_.write([&](UnitOfWork& unit) {
        const auto found = unit.keys().find_key(organization_id, key_id);
        if (!found) throw fail::key_not_found(key_id);
        rules::check_can_retire(key_id, found->state);
        unit.keys().retire(organization_id, key_id, unit.now);
        key = *unit.keys().find_key(organization_id, key_id);
        unit.audit("organization.retire_signing_key", "signing_key", key_id, Json{{"key_id", key_id}});
    });
    return key;
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

Organization Organizations::set_box_office_fee(const std::string& id, const Amount& fee, std::int64_t vat_rate) const {
    const Actor& actor = store_.actor();
    if (!actor.has_scope(scope::platform_admin)) {
        actor.require_scope(scope::events_write);
        actor.require_organization(id);
    }
    if (fee.minor < 0) throw fail::negative_number("fee");
    rules::require_rate(vat_rate, "vat_rate");
    std::optional<Organization> found;
    store_.write([&](UnitOfWork& unit) {
        found = unit.catalogue().find_organization(id);
        if (!found) throw fail::organization_not_found(id);
        found->box_office_fee = fee.in(found->currency);
        found->box_office_fee_vat_rate = vat_rate;
        unit.catalogue().set_box_office_fee(id, found->box_office_fee, vat_rate);
        unit.audit("organization.set_box_office_fee", "organization", id,
                   Json{{"fee", found->box_office_fee}, {"vat_rate", vat_rate}}, id);
    });
    return *found;
}

Organization Organizations::set_customer_form(const std::string& id,
                                              const std::optional<std::vector<CustomerField>>& fields) const {
    const Actor& actor = store_.actor();
    if (!actor.has_scope(scope::platform_admin)) {
        actor.require_scope(scope::events_write);
        actor.require_organization(id);
    }
    if (fields) rules::check_customer_form(*fields);
    std::optional<Organization> found;
    store_.write([&](UnitOfWork& unit) {
        found = unit.catalogue().find_organization(id);
        if (!found) throw fail::organization_not_found(id);
        found->customer_form = fields.value_or(default_customer_form());
        unit.catalogue().set_customer_form(id, fields);
        unit.audit("organization.set_customer_form", "organization", id, Json{{"fields", found->customer_form}}, id);
    });
    return *found;
}

}  // namespace ticketcore
