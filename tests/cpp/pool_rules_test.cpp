// The pool rules of layer 3 (pool_rules.hpp): size, frozen pools of completed events, membership
// and the counters a resize or removal is judged on. Every refusal is checked for its exact class,
// code and message.

#include <gtest/gtest.h>

#include <string>

#include "test_support.hpp"
#include "ticketcore/model/pool.hpp"
#include "ticketcore/model/specification.hpp"
#include "ticketcore/rules/pool_rules.hpp"

namespace {

using namespace ticketcore;
using namespace ticketcore_test;

Pool pool(std::int64_t sold = 0, std::int64_t reserved = 0) {
    Pool result;
    result.id = "pool-1";
    result.event_id = "event-1";
    result.size = 10;
    result.sold = sold;
    result.reserved = reserved;
    result.specification_ids = {"spec-a", "spec-b"};
    return result;
}

TicketSpecification spec(std::string id, std::string event_id = "event-1", std::int64_t sold = 0,
                         std::int64_t reserved = 0) {
    TicketSpecification result;
    result.id = std::move(id);
    result.event_id = std::move(event_id);
    result.number_of_tickets_sold = sold;
    result.number_of_tickets_reserved = reserved;
    return result;
}

TEST(PoolRules, APoolSizeIsNotNegative) {
    EXPECT_NO_THROW(rules::check_pool_size(0));
    EXPECT_NO_THROW(rules::check_pool_size(int64_max));
    EXPECT_TRUE(expect_error<ValidationError>([] { rules::check_pool_size(-1); }, "negative_number",
                                              "Pool size cannot be negative"));
}

TEST(PoolRules, ACompletedEventTakesNoPoolAndFreezesItsPools) {
    for (const EventState state : {EventState::Draft, EventState::Published}) {
        EXPECT_NO_THROW(rules::check_can_add_pool(state));
        EXPECT_NO_THROW(rules::check_can_change_pool(state));
    }
    EXPECT_TRUE(expect_error<ConflictError>([] { rules::check_can_add_pool(EventState::Completed); }, "event_completed",
                                            "Cannot add a capacity pool to an event, which is completed"));
    EXPECT_TRUE(expect_error<ConflictError>([] { rules::check_can_change_pool(EventState::Completed); },
                                            "event_completed",
                                            "Cannot change a capacity pool of an event, which is completed"));
}

TEST(PoolRules, MembershipIsBySpecificationId) {
    EXPECT_TRUE(rules::is_member(pool(), "spec-a"));
    EXPECT_TRUE(rules::is_member(pool(), "spec-b"));
    EXPECT_FALSE(rules::is_member(pool(), "spec-c"));
    EXPECT_FALSE(rules::is_member(pool(), "SPEC-A"));
    EXPECT_FALSE(rules::is_member(Pool{}, "spec-a"));
}

TEST(PoolRules, ANewPoolListsEachSpecificationOnce) {
    EXPECT_NO_THROW(rules::check_listed_once(pool(), "spec-c"));
    EXPECT_TRUE(expect_error<ValidationError>([] { rules::check_listed_once(pool(), "spec-b"); }, "duplicate_member",
                                              "Ticket specification with id: spec-b is listed twice"));
}

TEST(PoolRules, OnlyANonMemberJoins) {
    EXPECT_NO_THROW(rules::check_not_member(pool(), "spec-c"));
    EXPECT_TRUE(expect_error<ConflictError>([] { rules::check_not_member(pool(), "spec-a"); }, "already_member",
                                            "Ticket specification with id: spec-a already draws from this pool"));
}

TEST(PoolRules, OnlyAMemberLeaves) {
    EXPECT_NO_THROW(rules::check_member(pool(), "spec-a"));
    EXPECT_TRUE(expect_error<NotFoundError>([] { rules::check_member(pool(), "spec-c"); }, "not_member",
                                            "Ticket specification with id: spec-c does not draw from this pool"));
}

TEST(PoolRules, AMemberIsOfThePoolsEventWithNothingSoldOrReserved) {
    EXPECT_NO_THROW(rules::check_membership_change(pool(), spec("spec-c")));
    EXPECT_TRUE(expect_error<ValidationError>(
        [] { rules::check_membership_change(pool(), spec("spec-c", "event-2")); }, "pool_other_event",
        "Ticket specification with id: spec-c belongs to another event than the pool"));
    for (const auto& [sold, reserved] : {std::pair{1, 0}, std::pair{0, 1}}) {
        EXPECT_TRUE(expect_error<ConflictError>(
            [&] { rules::check_membership_change(pool(), spec("spec-c", "event-1", sold, reserved)); },
            "specification_sold", "Tickets for ticket specification with id: spec-c has already been sold."))
            << sold << " sold, " << reserved << " reserved";
    }
}

TEST(PoolRules, TheEventIsCheckedBeforeTheCounters) {
    EXPECT_TRUE(expect_error<ValidationError>(
        [] { rules::check_membership_change(pool(), spec("spec-c", "event-2", 3, 0)); }, "pool_other_event",
        "Ticket specification with id: spec-c belongs to another event than the pool"));
}

TEST(PoolRules, APoolShrinksDownToWhatIsSoldAndReserved) {
    EXPECT_NO_THROW(rules::check_can_resize(pool(3, 2), 5));
    EXPECT_NO_THROW(rules::check_can_resize(pool(3, 2), 100));
    EXPECT_NO_THROW(rules::check_can_resize(pool(), 0));
    EXPECT_TRUE(expect_error<CapacityError>([] { rules::check_can_resize(pool(3, 2), 4); }, "pool_below_taken",
                                            "Pool size cannot be less than the 5 tickets sold or reserved"));
}

TEST(PoolRules, OnlyAnUnusedPoolIsRemoved) {
    EXPECT_NO_THROW(rules::check_can_remove_pool(pool()));
    for (const auto& [sold, reserved] : {std::pair{1, 0}, std::pair{0, 1}}) {
        EXPECT_TRUE(expect_error<ConflictError>([&] { rules::check_can_remove_pool(pool(sold, reserved)); },
                                                "pool_in_use",
                                                "Cannot remove a capacity pool with tickets sold or reserved"))
            << sold << " sold, " << reserved << " reserved";
    }
}

}  // namespace
