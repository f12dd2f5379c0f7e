#include "values/base32.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace base32_test {  // named: unity builds join the test files' anonymous namespaces

using namespace ticketcore;

std::vector<std::uint8_t> bytes_of(std::string_view text) {
    return {text.begin(), text.end()};
}

// RFC 4648, section 10, without the padding.
TEST(Base32, EncodesTheRfcTestVectorsUnpadded) {
    EXPECT_EQ(base32::encode(bytes_of("")), "");
    EXPECT_EQ(base32::encode(bytes_of("f")), "MY");
    EXPECT_EQ(base32::encode(bytes_of("fo")), "MZXQ");
    EXPECT_EQ(base32::encode(bytes_of("foo")), "MZXW6");
    EXPECT_EQ(base32::encode(bytes_of("foob")), "MZXW6YQ");
    EXPECT_EQ(base32::encode(bytes_of("fooba")), "MZXW6YTB");
    EXPECT_EQ(base32::encode(bytes_of("foobar")), "MZXW6YTBOI");
}

TEST(Base32, DecodesTheRfcTestVectors) {
    EXPECT_EQ(base32::decode(""), std::vector<std::uint8_t>{});
    EXPECT_EQ(base32::decode("MY"), bytes_of("f"));
    EXPECT_EQ(base32::decode("MZXQ"), bytes_of("fo"));
    EXPECT_EQ(base32::decode("MZXW6"), bytes_of("foo"));
    EXPECT_EQ(base32::decode("MZXW6YQ"), bytes_of("foob"));
    EXPECT_EQ(base32::decode("MZXW6YTB"), bytes_of("fooba"));
    EXPECT_EQ(base32::decode("MZXW6YTBOI"), bytes_of("foobar"));
}

TEST(Base32, EveryByteValueRoundTrips) {
    std::vector<std::uint8_t> bytes;
    for (int value = 0; value < 256; ++value) bytes.push_back(static_cast<std::uint8_t>(value));
    for (std::size_t length = 0; length <= bytes.size(); length += 17) {
        const std::vector<std::uint8_t> part(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(length));
        const std::string text = base32::encode(part);
        EXPECT_EQ(text.size(), (length * 8 + 4) / 5);
        EXPECT_EQ(base32::decode(text), part) << text;
    }
}

TEST(Base32, RefusesPaddingLowercaseAndOtherCharacters) {
    EXPECT_EQ(base32::decode("MY======"), std::nullopt);
    EXPECT_EQ(base32::decode("my"), std::nullopt);
    EXPECT_EQ(base32::decode("M1"), std::nullopt);
    EXPECT_EQ(base32::decode("M8"), std::nullopt);
    EXPECT_EQ(base32::decode("M Y"), std::nullopt);
    EXPECT_EQ(base32::decode(std::string_view("M\0", 2)), std::nullopt);
}

TEST(Base32, RefusesLengthsNoByteCountEncodesTo) {
    EXPECT_EQ(base32::decode("M"), std::nullopt);          // 1 modulo 8
    EXPECT_EQ(base32::decode("MZX"), std::nullopt);        // 3 modulo 8
    EXPECT_EQ(base32::decode("MZXW6Y"), std::nullopt);     // 6 modulo 8
    EXPECT_EQ(base32::decode("MZXW6YTBO"), std::nullopt);  // 9 = 1 modulo 8
}

TEST(Base32, RefusesUnusedBitsThatAreSet) {
    // "MY" is "f" with two zero bits left over; "MZ" would be "f" with the last of them set.
    EXPECT_EQ(base32::decode("MZ"), std::nullopt);
    EXPECT_EQ(base32::decode("MZXR"), std::nullopt);     // "fo" + 0001
    EXPECT_EQ(base32::decode("MZXW7"), std::nullopt);    // "foo" + 1
    EXPECT_EQ(base32::decode("MZXW6YR"), std::nullopt);  // "foob" + 001
}

}  // namespace base32_test
