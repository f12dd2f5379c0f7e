#pragma once
/// @file actor.hpp
/// @brief Who performs an operation: an id, an organization and scopes.

#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace ticketcore {

/// @brief The scope names the core knows.
namespace scope {
inline constexpr std::string_view events_read = "events:read";
inline constexpr std::string_view events_write = "events:write";
inline constexpr std::string_view orders = "orders";
inline constexpr std::string_view sales = "sales";
/// @brief Starting, completing and failing refunds (a storefront's `orders` key cannot refund).
inline constexpr std::string_view refunds = "refunds";
inline constexpr std::string_view scan = "scan";
inline constexpr std::string_view reports_read = "reports:read";
inline constexpr std::string_view platform_admin = "platform:admin";
}  // namespace scope

/// @brief The identity every operation runs as. The web layer maps its JWT or API key to one.
struct Actor {
    std::string id;
    /// @brief The organization the actor works for; empty only for platform actors.
    std::optional<std::string> organization_id;
    std::set<std::string, std::less<>> scopes;

    /// @brief Validates id and scopes; throws ValidationError.
    static Actor make(std::string id, std::optional<std::string> organization_id,
                      std::set<std::string, std::less<>> scopes);
    /// @brief A platform operator who may create organizations (scope `platform:admin`, no organization).
    static Actor platform(std::string id);
    /// @brief An actor with no scopes: every operation is refused.
    static Actor anonymous();

    /// @brief True when the actor holds `name`.
    [[nodiscard]] bool has_scope(std::string_view name) const { return scopes.contains(name); }
    /// @brief Throws PermissionDeniedError `missing_scope` unless the actor holds `name`.
    void require_scope(std::string_view name) const;
    /// @brief Throws PermissionDeniedError `other_organization` unless the actor belongs to `organization`.
    void require_organization(std::string_view organization) const;

    friend bool operator==(const Actor&, const Actor&) = default;
};

}  // namespace ticketcore
