#include "ticketcore/values/signing_key.hpp"

#include <gtest/gtest.h>
#include <openssl/err.h>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "test_support.hpp"
#include "ticketcore/values/error.hpp"

namespace signing_key_test {  // named: unity builds join the test files' anonymous namespaces

using namespace ticketcore;
using ticketcore_test::expect_error;

std::vector<std::uint8_t> from_hex(std::string_view hex) {
    std::vector<std::uint8_t> bytes;
    for (std::size_t index = 0; index + 1 < hex.size(); index += 2) {
        bytes.push_back(static_cast<std::uint8_t>(std::stoi(std::string(hex.substr(index, 2)), nullptr, 16)));
    }
    return bytes;
}

template <std::size_t N>
std::vector<std::uint8_t> as_vector(const std::array<std::uint8_t, N>& bytes) {
    return {bytes.begin(), bytes.end()};
}

// RFC 8032, section 7.1, TEST 1 (empty message) and TEST 2 (one byte).
constexpr std::string_view test1_seed = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
constexpr std::string_view test1_public = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
constexpr std::string_view test1_signature =
    "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe2465"
    "5141438e7a100b";
constexpr std::string_view test2_seed = "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb";
constexpr std::string_view test2_public = "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c";
constexpr std::string_view test2_signature =
    "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aee"
    "b00d291612bb0c00";

TEST(SigningKey, SignsTheRfc8032TestVectors) {
    const SigningKey first = SigningKey::from_seed(from_hex(test1_seed));
    EXPECT_EQ(as_vector(first.public_key().bytes()), from_hex(test1_public));
    EXPECT_EQ(as_vector(first.sign({})), from_hex(test1_signature));

    const SigningKey second = SigningKey::from_seed(from_hex(test2_seed));
    const std::vector<std::uint8_t> message{0x72};
    EXPECT_EQ(as_vector(second.public_key().bytes()), from_hex(test2_public));
    EXPECT_EQ(as_vector(second.sign(message)), from_hex(test2_signature));
}

TEST(SigningKey, VerifiesTheRfc8032TestVectors) {
    const PublicKey first = PublicKey::from_bytes(from_hex(test1_public));
    EXPECT_TRUE(verify_signature(first, {}, from_hex(test1_signature)));
    const PublicKey second = PublicKey::from_bytes(from_hex(test2_public));
    EXPECT_TRUE(verify_signature(second, std::vector<std::uint8_t>{0x72}, from_hex(test2_signature)));
}

TEST(SigningKey, KeyIdIsTheFirstEightBytesOfTheSha256OfThePublicKey) {
    // sha256(d75a98...511a) = 21fe31dfa154a261 626bf854...
    const SigningKey key = SigningKey::from_seed(from_hex(test1_seed));
    EXPECT_EQ(key.key_id().text(), "21fe31dfa154a261");
    EXPECT_EQ(as_vector(key.key_id().bytes()), from_hex("21fe31dfa154a261"));
    EXPECT_EQ(key.public_key().key_id(), key.key_id());
}

TEST(SigningKey, TheSeedExportsAndImportsTheSameKey) {
    const SigningKey generated = SigningKey::generate();
    const std::array<std::uint8_t, SigningKey::seed_size> seed = generated.seed();
    const SigningKey imported = SigningKey::from_seed(seed);
    EXPECT_EQ(imported.public_key(), generated.public_key());
    EXPECT_EQ(imported.key_id(), generated.key_id());
    const std::vector<std::uint8_t> message{1, 2, 3};
    EXPECT_EQ(imported.sign(message), generated.sign(message));
    EXPECT_EQ(SigningKey::from_seed(from_hex(test1_seed)).seed(), SigningKey::from_seed(from_hex(test1_seed)).seed());
    EXPECT_EQ(as_vector(SigningKey::from_seed(from_hex(test1_seed)).seed()), from_hex(test1_seed));
}

TEST(SigningKey, ThePublicKeyExportsAndImportsTheSameBytes) {
    const SigningKey key = SigningKey::generate();
    const PublicKey exported = PublicKey::from_bytes(key.public_key().bytes());
    EXPECT_EQ(exported, key.public_key());
    const std::vector<std::uint8_t> message{9, 8, 7};
    EXPECT_TRUE(verify_signature(exported, message, key.sign(message)));
}

TEST(SigningKey, GeneratedKeysDiffer) {
    const SigningKey first = SigningKey::generate();
    const SigningKey second = SigningKey::generate();
    EXPECT_NE(first.public_key(), second.public_key());
    EXPECT_NE(first.seed(), second.seed());
    EXPECT_NE(first.key_id(), second.key_id());
}

TEST(SigningKey, CopiesShareTheKey) {
    const SigningKey original = SigningKey::from_seed(from_hex(test2_seed));
    const SigningKey copy = original;
    const std::vector<std::uint8_t> message{0x72};
    EXPECT_EQ(as_vector(copy.sign(message)), from_hex(test2_signature));
    EXPECT_EQ(copy.public_key(), original.public_key());
}

TEST(SigningKey, RefusesAKeyOfTheWrongLength) {
    const std::vector<std::uint8_t> short_key(31, 7);
    const std::vector<std::uint8_t> long_key(33, 7);
    EXPECT_TRUE(expect_error<ValidationError>([&] { (void)SigningKey::from_seed(short_key); }, "invalid_key",
                                              "An Ed25519 private key seed must be 32 bytes, not 31"));
    EXPECT_TRUE(expect_error<ValidationError>([&] { (void)SigningKey::from_seed(long_key); }, "invalid_key",
                                              "An Ed25519 private key seed must be 32 bytes, not 33"));
    EXPECT_TRUE(expect_error<ValidationError>([&] { (void)PublicKey::from_bytes({}); }, "invalid_key",
                                              "An Ed25519 public key must be 32 bytes, not 0"));
    EXPECT_TRUE(expect_error<ValidationError>([&] { (void)PublicKey::from_bytes(long_key); }, "invalid_key",
                                              "An Ed25519 public key must be 32 bytes, not 33"));
}

TEST(VerifySignature, RefusesAnotherMessageKeyOrAlteredSignature) {
    const SigningKey key = SigningKey::from_seed(from_hex(test2_seed));
    const std::vector<std::uint8_t> message{0x72};
    const Signature signature = key.sign(message);
    EXPECT_TRUE(verify_signature(key.public_key(), message, signature));
    EXPECT_FALSE(verify_signature(key.public_key(), std::vector<std::uint8_t>{0x73}, signature));
    EXPECT_FALSE(verify_signature(key.public_key(), {}, signature));
    EXPECT_FALSE(verify_signature(SigningKey::generate().public_key(), message, signature));
    for (std::size_t bit = 0; bit < signature.size() * 8; ++bit) {
        Signature altered = signature;
        altered[bit / 8] = static_cast<std::uint8_t>(altered[bit / 8] ^ (1U << (bit % 8)));
        EXPECT_FALSE(verify_signature(key.public_key(), message, altered)) << "bit " << bit;
    }
}

TEST(VerifySignature, RefusesASignatureOfTheWrongLength) {
    const SigningKey key = SigningKey::from_seed(from_hex(test2_seed));
    const std::vector<std::uint8_t> message{0x72};
    std::vector<std::uint8_t> signature = from_hex(test2_signature);
    EXPECT_FALSE(
        verify_signature(key.public_key(), message, std::vector<std::uint8_t>(signature.begin(), signature.end() - 1)));
    signature.push_back(0);
    EXPECT_FALSE(verify_signature(key.public_key(), message, signature));
    EXPECT_FALSE(verify_signature(key.public_key(), message, {}));
}

TEST(VerifySignature, RefusesWithArbitraryPublicKeyBytes) {
    // Some of these are no point of the curve at all (OpenSSL finds out only when verifying).
    const std::vector<std::uint8_t> message{0x72};
    const std::vector<std::uint8_t> signature = from_hex(test2_signature);
    for (const std::uint8_t fill : {0x00, 0x01, 0x7F, 0xFF}) {
        std::array<std::uint8_t, PublicKey::size> bytes{};
        bytes.fill(fill);
        EXPECT_FALSE(verify_signature(PublicKey::from_bytes(bytes), message, signature)) << int{fill};
        bytes[31] = 0x7F;
        EXPECT_FALSE(verify_signature(PublicKey::from_bytes(bytes), message, signature)) << int{fill};
    }
}

TEST(VerifySignature, LeavesNothingOnOpenSslsErrorQueue) {
    // libpq reads the same per-thread queue for its TLS errors: a refused signature must not be one.
    ERR_clear_error();
    const SigningKey key = SigningKey::from_seed(from_hex(test2_seed));
    Signature signature = key.sign(std::vector<std::uint8_t>{0x72});
    signature[63] = 0xFF;  // S out of range: refused before any arithmetic
    EXPECT_FALSE(verify_signature(key.public_key(), std::vector<std::uint8_t>{0x72}, signature));
    std::array<std::uint8_t, PublicKey::size> bytes{};
    bytes.fill(0xFF);
    bytes[31] = 0x7F;
    EXPECT_FALSE(verify_signature(PublicKey::from_bytes(bytes), std::vector<std::uint8_t>{0x72}, signature));
    EXPECT_EQ(ERR_peek_error(), 0UL);
}

}  // namespace signing_key_test
