#pragma once
// Private to the core (layer 4, store): the organization a unit of work runs for.

#include <optional>
#include <string>
#include <utility>

namespace ticketcore::store {

/// @brief The organization whose rows a unit of work reads and writes: the actor's. Every
/// statement of a unit is scoped by it (`organization_id = ?`, which on a distributed PostgreSQL
/// such as Citus routes the unit to the one shard that holds the organization). A platform actor
/// has none: its unit sees no organization's rows, except through the few reads that are
/// documented as cross-organization (the platform's integrity check and audit log, an
/// organization by its id, and the owner of an id that was not found).
class Tenant {
public:
    explicit Tenant(std::optional<std::string> organization_id) : id_(std::move(organization_id)) {}

    /// @brief The organization id, or nullopt for a platform actor (bound as NULL, which no row
    /// matches).
    [[nodiscard]] const std::optional<std::string>& id() const noexcept { return id_; }

private:
    std::optional<std::string> id_;
};

}  // namespace ticketcore::store
