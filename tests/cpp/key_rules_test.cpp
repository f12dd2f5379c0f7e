// The life of an organization's signing keys (rules/key_rules.hpp): which keys verify, when a
// rotation and a retirement are refused, and the names of the states.

#include <gtest/gtest.h>

#include <string>

#include "ticketcore/rules/key_rules.hpp"
#include "ticketcore/values/error.hpp"

namespace {

using namespace ticketcore;

TEST(KeyRules, OnlyRetiredKeysStopVerifying) {
    EXPECT_TRUE(rules::key_verifies(KeyState::Active));
    EXPECT_TRUE(rules::key_verifies(KeyState::Verifying));
    EXPECT_FALSE(rules::key_verifies(KeyState::Retired));
}

TEST(KeyRules, ARotationNeedsRoomForOneMoreLiveKey) {
    EXPECT_NO_THROW(rules::check_can_rotate(0));
    EXPECT_NO_THROW(rules::check_can_rotate(rules::max_live_keys - 1));
    try {
        rules::check_can_rotate(rules::max_live_keys);
        FAIL() << "a 17th live key was allowed";
    } catch (const ConflictError& error) {
        EXPECT_EQ(error.code(), "too_many_keys");
        EXPECT_STREQ(error.what(),
                     "An organization keeps at most 16 signing keys that are not retired: retire one first");
    }
    EXPECT_THROW(rules::check_can_rotate(rules::max_live_keys + 5), ConflictError);
}

TEST(KeyRules, OnlyAKeyKeptForVerifyingCanBeRetired) {
    EXPECT_NO_THROW(rules::check_can_retire("0123456789abcdef", KeyState::Verifying));
    try {
        rules::check_can_retire("0123456789abcdef", KeyState::Active);
        FAIL() << "the active key was retired";
    } catch (const ConflictError& error) {
        EXPECT_EQ(error.code(), "active_key");
        EXPECT_STREQ(error.what(),
                     "Signing key 0123456789abcdef is the active key: rotate to a new key before retiring it");
    }
    try {
        rules::check_can_retire("0123456789abcdef", KeyState::Retired);
        FAIL() << "a retired key was retired again";
    } catch (const ConflictError& error) {
        EXPECT_EQ(error.code(), "key_retired");
        EXPECT_STREQ(error.what(), "Signing key 0123456789abcdef is already retired");
    }
}

TEST(KeyRules, StatesHaveStableNames) {
    for (const KeyState state : {KeyState::Active, KeyState::Verifying, KeyState::Retired}) {
        EXPECT_EQ(key_state_from_string(to_string(state)), state);
    }
    EXPECT_EQ(to_string(KeyState::Verifying), "verifying");
    try {
        (void)key_state_from_string("revoked");
        FAIL();
    } catch (const ValidationError& error) {
        EXPECT_EQ(error.code(), "unknown_key_state");
        EXPECT_STREQ(error.what(), "Unknown key state: 'revoked'");
    }
}

}  // namespace
