#include "ticketcore/values/uuid.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace {

using namespace ticketcore;
using ticketcore_test::june_12_2027_17_utc;

bool is_lower_hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

TEST(UuidV7, HasTheCanonicalLowercaseForm) {
    const std::string id = new_uuid_v7(june_12_2027_17_utc);
    ASSERT_EQ(id.size(), 36u);
    for (std::size_t index = 0; index < id.size(); ++index) {
        if (index == 8 || index == 13 || index == 18 || index == 23) {
            EXPECT_EQ(id[index], '-') << id;
        } else {
            EXPECT_TRUE(is_lower_hex(id[index])) << id << " at " << index;
        }
    }
    EXPECT_TRUE(is_uuid(id));
}

TEST(UuidV7, CarriesVersionSevenAndTheRfcVariant) {
    for (int round = 0; round < 64; ++round) {
        const std::string id = new_uuid_v7(Instant{june_12_2027_17_utc.micros + round});
        EXPECT_EQ(id[14], '7') << id;
        EXPECT_NE(std::string("89ab").find(id[19]), std::string::npos) << id;
    }
}

TEST(UuidV7, StartsWithTheUnixMilliseconds) {
    // 2027-06-12T17:00:00Z = 1812819600000 ms = 0x01a61477e280.
    const std::string id = new_uuid_v7(june_12_2027_17_utc);
    EXPECT_EQ(id.substr(0, 13), "01a61477-e280");
    // Ids are strictly increasing within a process (core/src/uuid.cpp): an instant earlier than
    // one already used gets the last stamp + 1 instead of its own milliseconds.
    const std::string earlier = new_uuid_v7(Instant{0});
    EXPECT_EQ(earlier.substr(0, 13), "01a61477-e280");
    EXPECT_GT(earlier, id);
}

TEST(UuidV7, LaterInstantsSortLaterEvenWithinOneMillisecond) {
    const std::int64_t base = june_12_2027_17_utc.micros;
    const std::vector<std::int64_t> offsets{0, 1, 2, 999, 1000, 1001, 60'000'000, 86'400'000'000};
    std::vector<std::string> ids;
    for (const std::int64_t offset : offsets) ids.push_back(new_uuid_v7(Instant{base + offset}));
    EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
    EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size());
}

TEST(UuidV7, IdsOfTheSameInstantDiffer) {
    std::set<std::string> ids;
    for (int round = 0; round < 1000; ++round) ids.insert(new_uuid_v7(june_12_2027_17_utc));
    EXPECT_EQ(ids.size(), 1000u);
}

TEST(IsUuid, AcceptsCanonicalStringsInEitherCase) {
    EXPECT_TRUE(is_uuid("01a61477-e280-7000-8000-000000000000"));
    EXPECT_TRUE(is_uuid("01A61477-E280-7ABC-9DEF-0123456789AB"));
    EXPECT_TRUE(is_uuid("00000000-0000-0000-0000-000000000000"));
}

TEST(IsUuid, RejectsEverythingElse) {
    EXPECT_FALSE(is_uuid(""));
    EXPECT_FALSE(is_uuid("01a61477-e280-7000-8000-00000000000"));    // 35 characters
    EXPECT_FALSE(is_uuid("01a61477-e280-7000-8000-0000000000000"));  // 37 characters
    EXPECT_FALSE(is_uuid("01a61477e2807000800000000000000000000"));  // no dashes
    EXPECT_FALSE(is_uuid("01a61477-e280-7000-8000_000000000000"));   // wrong separator
    EXPECT_FALSE(is_uuid("01a6147-7e280-7000-8000-000000000000"));   // misplaced dash
    EXPECT_FALSE(is_uuid("01a61477-e280-7000-8000-00000000000g"));   // not hex
    EXPECT_FALSE(is_uuid("{1a61477-e280-7000-8000-000000000000}"));
}

TEST(UuidBytes, ReadsTheSixteenBytesOfEitherCase) {
    const std::array<std::uint8_t, 16> expected{0x01, 0xa6, 0x14, 0x77, 0xe2, 0x80, 0x7a, 0xbc,
                                                0x9d, 0xef, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab};
    EXPECT_EQ(uuid_bytes("01a61477-e280-7abc-9def-0123456789ab"), expected);
    EXPECT_EQ(uuid_bytes("01A61477-E280-7ABC-9DEF-0123456789AB"), expected);
}

TEST(UuidBytes, RefusesWhatIsNotAUuid) {
    EXPECT_EQ(uuid_bytes(""), std::nullopt);
    EXPECT_EQ(uuid_bytes("01a61477e2807abc9def0123456789ab"), std::nullopt);
    EXPECT_EQ(uuid_bytes("01a61477-e280-7abc-9def-0123456789ag"), std::nullopt);
}

TEST(UuidText, IsTheLowercaseCanonicalFormAndReadsBack) {
    const std::array<std::uint8_t, 16> bytes{0x01, 0xa6, 0x14, 0x77, 0xe2, 0x80, 0x7a, 0xbc,
                                             0x9d, 0xef, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab};
    EXPECT_EQ(uuid_text(bytes), "01a61477-e280-7abc-9def-0123456789ab");
    const std::string id = new_uuid_v7(june_12_2027_17_utc);
    EXPECT_EQ(uuid_text(uuid_bytes(id).value()), id);
}

}  // namespace
