#include "ticketcore/values/actor.hpp"

#include <algorithm>
#include <array>

#include "ticketcore/values/error_catalogue.hpp"
#include "ticketcore/values/unicode.hpp"

namespace ticketcore {

namespace {

constexpr std::array known_scopes = {scope::events_read,  scope::events_write,  scope::orders,
                                     scope::sales,        scope::refunds,       scope::scan,
                                     scope::reports_read, scope::platform_admin};

}  // namespace

Actor Actor::make(std::string id, std::optional<std::string> organization_id,
                  std::set<std::string, std::less<>> scopes) {
    if (unicode::is_blank(id)) throw fail::actor_id_required();
    if (organization_id && organization_id->empty()) {
        throw fail::actor_organization_empty();
    }
    for (const std::string& name : scopes) {
        if (std::find(known_scopes.begin(), known_scopes.end(), name) == known_scopes.end()) {
            throw fail::unknown_scope(name);
        }
    }
    // A platform operator sees every organization; an organization's actor must not, or one
    // tenant's key could read another's buyers.
    if (organization_id && scopes.contains(scope::platform_admin)) {
        throw fail::platform_admin_in_organization();
    }
    return Actor{std::move(id), std::move(organization_id), std::move(scopes)};
}

Actor Actor::platform(std::string id) {
    return make(std::move(id), std::nullopt, {std::string(scope::platform_admin)});
}

Actor Actor::anonymous() {
    return Actor{"anonymous", std::nullopt, {}};
}

void Actor::require_scope(std::string_view name) const {
    if (!has_scope(name)) {
        throw fail::missing_scope(id, name);
    }
}

void Actor::require_organization(std::string_view organization) const {
    if (!organization_id || *organization_id != organization) {
        throw fail::other_organization(id, organization);
    }
}

}  // namespace ticketcore
