// The hold rules of layer 3 (hold_rules.hpp): when a pending order's hold has run out, the state
// a reader sees, and the stored matches the repositories are handed for an effective state.

#include <gtest/gtest.h>

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "test_support.hpp"
#include "ticketcore/model/order.hpp"
#include "ticketcore/rules/hold_rules.hpp"

namespace {

using namespace ticketcore;
using namespace ticketcore_test;

constexpr Instant expires = june_12_2027_20_utc;
constexpr std::array<OrderState, 4> every_state{OrderState::Pending, OrderState::Paid, OrderState::Expired,
                                                OrderState::Cancelled};

// The cutoff is a compile-time value: what SQL is handed is fixed by the rule alone.
static_assert(rules::hold_cutoff(expires).last_ran_out == expires);
static_assert(rules::hold_expired(expires, expires));
static_assert(!rules::hold_expired(expires, at(expires.micros - 1)));

TEST(HoldRules, TheCutoffIsNowAndItsInstantHasRunOut) {
    const rules::HoldCutoff cutoff = rules::hold_cutoff(expires);
    EXPECT_EQ(cutoff.last_ran_out, expires);
    EXPECT_TRUE(rules::hold_ran_out(expires, cutoff)) << "a hold expiring at the cutoff has run out";
    EXPECT_TRUE(rules::hold_ran_out(at(expires.micros - 1), cutoff));
    EXPECT_FALSE(rules::hold_ran_out(at(expires.micros + 1), cutoff)) << "one microsecond later still runs";
}

TEST(HoldRules, AHoldHasRunOutFromItsExpiryOn) {
    EXPECT_FALSE(rules::hold_expired(expires, at(expires.micros - 1)));
    EXPECT_TRUE(rules::hold_expired(expires, expires));
    EXPECT_TRUE(rules::hold_expired(expires, at(expires.micros + 1)));
    EXPECT_TRUE(rules::hold_expired(at(int64_min), at(int64_min)));
    EXPECT_FALSE(rules::hold_expired(at(int64_max), at(int64_max - 1)));
}

TEST(HoldRules, APendingOrderReadsAsExpiredFromItsExpiryOn) {
    EXPECT_EQ(rules::effective_state(OrderState::Pending, expires, at(expires.micros - 1)), OrderState::Pending);
    EXPECT_EQ(rules::effective_state(OrderState::Pending, expires, expires), OrderState::Expired);
    EXPECT_EQ(rules::effective_state(OrderState::Pending, expires, at(expires.micros + 1)), OrderState::Expired);
}

TEST(HoldRules, OtherStatesAreNotAffectedByTheClock) {
    for (const OrderState state : {OrderState::Paid, OrderState::Expired, OrderState::Cancelled}) {
        for (const Instant now : {at(0), at(expires.micros - 1), expires, at(int64_max)}) {
            EXPECT_EQ(rules::effective_state(state, expires, now), state) << to_string(state) << " at " << now.micros;
        }
    }
}

TEST(HoldRules, EachEffectiveStateIsReadAsTheseStoredMatches) {
    using rules::HoldMatch;
    using rules::StoredOrderMatch;
    using Matches = std::vector<StoredOrderMatch>;
    EXPECT_EQ(rules::stored_matches(std::nullopt), (Matches{{std::nullopt, HoldMatch::any}}));
    EXPECT_EQ(rules::stored_matches(OrderState::Pending), (Matches{{OrderState::Pending, HoldMatch::running}}));
    EXPECT_EQ(rules::stored_matches(OrderState::Expired),
              (Matches{{OrderState::Expired, HoldMatch::any}, {OrderState::Pending, HoldMatch::ran_out}}));
    EXPECT_EQ(rules::stored_matches(OrderState::Paid), (Matches{{OrderState::Paid, HoldMatch::any}}));
    EXPECT_EQ(rules::stored_matches(OrderState::Cancelled), (Matches{{OrderState::Cancelled, HoldMatch::any}}));
}

TEST(HoldRules, AMatchTakesTheStoredStateAndTheHoldAtTheCutoff) {
    using rules::HoldMatch;
    const rules::HoldCutoff cutoff = rules::hold_cutoff(expires);
    const rules::StoredOrderMatch running{OrderState::Pending, HoldMatch::running};
    const rules::StoredOrderMatch ran_out{OrderState::Pending, HoldMatch::ran_out};
    EXPECT_TRUE(rules::matches(running, OrderState::Pending, at(expires.micros + 1), cutoff));
    EXPECT_FALSE(rules::matches(running, OrderState::Pending, expires, cutoff));
    EXPECT_TRUE(rules::matches(ran_out, OrderState::Pending, expires, cutoff));
    EXPECT_FALSE(rules::matches(ran_out, OrderState::Pending, at(expires.micros + 1), cutoff));
    EXPECT_FALSE(rules::matches(ran_out, OrderState::Expired, expires, cutoff)) << "another stored state";
    EXPECT_TRUE(rules::matches({std::nullopt, HoldMatch::any}, OrderState::Cancelled, expires, cutoff));
}

// The inverse agrees with effective_state: each order is taken by exactly one match of its own
// effective state and by none of another's, at, just before and just after its expiry.
TEST(HoldRules, StoredMatchesTakeExactlyTheOrdersOfTheirEffectiveState) {
    for (const Instant now : {at(expires.micros - 1), expires, at(expires.micros + 1)}) {
        const rules::HoldCutoff cutoff = rules::hold_cutoff(now);
        for (const OrderState stored : every_state) {
            const OrderState effective = rules::effective_state(stored, expires, now);
            for (const OrderState wanted : every_state) {
                int taken = 0;
                for (const auto& match : rules::stored_matches(wanted)) {
                    if (rules::matches(match, stored, expires, cutoff)) ++taken;
                }
                EXPECT_EQ(taken, wanted == effective ? 1 : 0)
                    << "stored " << to_string(stored) << ", wanted " << to_string(wanted) << " at " << now.micros;
            }
            int every = 0;
            for (const auto& match : rules::stored_matches(std::nullopt)) {
                if (rules::matches(match, stored, expires, cutoff)) ++every;
            }
            EXPECT_EQ(every, 1);
        }
    }
}

}  // namespace
