#include "ticketcore/values/actor.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <set>
#include <string>

#include "test_support.hpp"

namespace {

using namespace ticketcore;
using ticketcore_test::expect_error;

using Scopes = std::set<std::string, std::less<>>;

TEST(Actor, MakeKeepsIdOrganizationAndScopes) {
    const Actor actor = Actor::make("alice", "org-a", {"events:read", "events:write", "scan"});
    EXPECT_EQ(actor.id, "alice");
    EXPECT_EQ(actor.organization_id, std::optional<std::string>("org-a"));
    EXPECT_EQ(actor.scopes, (Scopes{"events:read", "events:write", "scan"}));
    EXPECT_TRUE(actor.has_scope(scope::events_write));
    EXPECT_FALSE(actor.has_scope(scope::sales));
}

TEST(Actor, MakeAcceptsEveryKnownScope) {
    const Actor actor = Actor::make(
        "ops", "org-a", {"events:read", "events:write", "orders", "sales", "refunds", "scan", "reports:read"});
    EXPECT_EQ(actor.scopes.size(), 7u);
    const Actor platform = Actor::make("root", std::nullopt, {"platform:admin", "events:read"});
    EXPECT_EQ(platform.scopes.size(), 2u);
}

TEST(Actor, PlatformScopeOnlyWithoutAnOrganization) {
    EXPECT_TRUE(expect_error<ValidationError>(
        [] {
            (void)Actor::make("ops", "org-a", {"events:read", "platform:admin"});
        },
        "invalid_actor",
        "platform:admin is only for platform actors, which have no organization: remove it from scopes"));
}

TEST(Actor, BlankIdIsRefused) {
    EXPECT_TRUE(expect_error<ValidationError>([] { (void)Actor::make("\u3000\t", "org-a", {}); }, "actor_id_required",
                                              "Actor id is required"));
}

TEST(Actor, MakeRequiresAnId) {
    EXPECT_TRUE(expect_error<ValidationError>([] { (void)Actor::make("", "org-a", {}); }, "actor_id_required",
                                              "Actor id is required"));
}

TEST(Actor, MakeRejectsAnEmptyOrganization) {
    EXPECT_TRUE(expect_error<ValidationError>([] { (void)Actor::make("alice", std::string(), {}); },
                                              "organization_required", "Actor organization cannot be empty"));
}

TEST(Actor, MakeRejectsUnknownScopes) {
    EXPECT_TRUE(expect_error<ValidationError>(
        [] {
            (void)Actor::make("alice", "org-a", {"events:read", "events:delete"});
        },
        "unknown_scope", "Unknown scope: 'events:delete'"));
    EXPECT_TRUE(expect_error<ValidationError>([] { (void)Actor::make("alice", "org-a", {"EVENTS:READ"}); },
                                              "unknown_scope", "Unknown scope: 'EVENTS:READ'"));
}

TEST(Actor, PlatformActorsHaveOnlyTheAdminScopeAndNoOrganization) {
    const Actor platform = Actor::platform("ops-1");
    EXPECT_EQ(platform.id, "ops-1");
    EXPECT_EQ(platform.organization_id, std::nullopt);
    EXPECT_EQ(platform.scopes, (Scopes{"platform:admin"}));
    EXPECT_TRUE(
        expect_error<ValidationError>([] { (void)Actor::platform(""); }, "actor_id_required", "Actor id is required"));
}

TEST(Actor, AnonymousHoldsNothing) {
    const Actor anonymous = Actor::anonymous();
    EXPECT_EQ(anonymous.id, "anonymous");
    EXPECT_EQ(anonymous.organization_id, std::nullopt);
    EXPECT_TRUE(anonymous.scopes.empty());
    EXPECT_TRUE(expect_error<PermissionDeniedError>([&] { anonymous.require_scope(scope::events_read); },
                                                    "missing_scope",
                                                    "Actor 'anonymous' lacks the scope 'events:read'"));
}

TEST(Actor, RequireScopeNamesTheMissingScope) {
    const Actor reader = Actor::make("alice", "org-a", {"events:read"});
    EXPECT_NO_THROW(reader.require_scope(scope::events_read));
    EXPECT_TRUE(expect_error<PermissionDeniedError>([&] { reader.require_scope(scope::events_write); }, "missing_scope",
                                                    "Actor 'alice' lacks the scope 'events:write'"));
}

TEST(Actor, RequireOrganizationRefusesOtherTenants) {
    const Actor alice = Actor::make("alice", "org-a", {"events:read"});
    EXPECT_NO_THROW(alice.require_organization("org-a"));
    EXPECT_TRUE(expect_error<PermissionDeniedError>([&] { alice.require_organization("org-b"); }, "other_organization",
                                                    "Actor 'alice' may not access organization 'org-b'"));
    const Actor platform = Actor::platform("ops-1");
    EXPECT_TRUE(expect_error<PermissionDeniedError>([&] { platform.require_organization("org-a"); },
                                                    "other_organization",
                                                    "Actor 'ops-1' may not access organization 'org-a'"));
}

TEST(Actor, EqualityComparesEveryField) {
    const Actor alice = Actor::make("alice", "org-a", {"events:read"});
    EXPECT_EQ(alice, Actor::make("alice", "org-a", {"events:read"}));
    EXPECT_NE(alice, Actor::make("alice", "org-b", {"events:read"}));
    EXPECT_NE(alice, Actor::make("alice", "org-a", {"events:read", "scan"}));
    EXPECT_NE(alice, Actor::make("bob", "org-a", {"events:read"}));
}

}  // namespace
