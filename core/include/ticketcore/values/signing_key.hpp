#pragma once
/// @file signing_key.hpp
/// @brief Ed25519 keys (RFC 8032, through OpenSSL): an organization's signing key, the public key
/// that scanners verify with, and the short key id by which a ticket payload names its key.

#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <type_traits>

namespace ticketcore {

/// @brief Bytes as the keys read them: a key, a message, a signature.
using ByteView = std::span<const std::uint8_t>;

/// @brief Names a public key compactly: the first 8 bytes of the SHA-256 of its 32 raw bytes.
class KeyId {
public:
    /// @brief The length of a key id in bytes.
    static constexpr std::size_t size = 8;

    /// @brief The key id of these bytes (as a payload carries them).
    constexpr explicit KeyId(const std::array<std::uint8_t, size>& bytes) noexcept : bytes_(bytes) {}

    /// @brief The 8 bytes.
    [[nodiscard]] constexpr const std::array<std::uint8_t, size>& bytes() const noexcept { return bytes_; }
    /// @brief The 16 lowercase hex digits of the bytes, e.g. "21fe31dfa154a261": how a store keys it.
    [[nodiscard]] std::string text() const;

    /// @brief Key ids are equal when their bytes are; ordered by their bytes (a map's key).
    friend constexpr auto operator<=>(const KeyId&, const KeyId&) noexcept = default;

private:
    std::array<std::uint8_t, size> bytes_;
};
static_assert(std::is_trivially_copyable_v<KeyId>);

/// @brief An Ed25519 public key: 32 raw bytes (RFC 8032), what an organization exports to scanners.
class PublicKey {
public:
    /// @brief The length of a raw public key in bytes.
    static constexpr std::size_t size = 32;

    /// @brief The public key of 32 raw bytes; another length is a ValidationError `invalid_key`.
    /// Whether the bytes are a point of the curve shows only when a signature is verified with it.
    [[nodiscard]] static PublicKey from_bytes(ByteView bytes);

    /// @brief The 32 raw bytes, for a store or a scanner to keep.
    [[nodiscard]] constexpr const std::array<std::uint8_t, size>& bytes() const noexcept { return bytes_; }
    /// @brief The key id derived from the bytes.
    [[nodiscard]] KeyId key_id() const;

    /// @brief Public keys are equal when their bytes are.
    friend constexpr bool operator==(const PublicKey&, const PublicKey&) noexcept = default;

private:
    constexpr explicit PublicKey(const std::array<std::uint8_t, size>& bytes) noexcept : bytes_(bytes) {}
    std::array<std::uint8_t, size> bytes_;
};
static_assert(std::is_trivially_copyable_v<PublicKey>);

/// @brief An Ed25519 signature: 64 bytes.
using Signature = std::array<std::uint8_t, 64>;

/// @brief True when `signature` is `key`'s Ed25519 signature of `message` (OpenSSL's
/// EVP_DigestVerify, which refuses non-canonical signatures); a signature of another length is
/// false. A failure of OpenSSL itself (no memory) is a StorageError `crypto_failed`.
[[nodiscard]] bool verify_signature(const PublicKey& key, ByteView message, ByteView signature);

/// @brief An Ed25519 key pair: signs with the private key, exports the public key and the 32-byte
/// private seed (RFC 8032's private key) for a store to keep.
///
/// Copies share one OpenSSL key, freed (and wiped by OpenSSL) with the last copy. Each signature
/// has its own OpenSSL context and only reads the key (openssl-threads(7)), so copies may sign from
/// several threads at once.
class SigningKey {
public:
    /// @brief The length of the private seed in bytes.
    static constexpr std::size_t seed_size = 32;

    /// @brief A new key pair from OpenSSL's random source; its failure is a StorageError `crypto_failed`.
    [[nodiscard]] static SigningKey generate();
    /// @brief The key pair of a 32-byte private seed (as `seed()` exported it); another length is a
    /// ValidationError `invalid_key`.
    [[nodiscard]] static SigningKey from_seed(ByteView seed);

    /// @brief The 32-byte private seed: secret, for the organization's store only.
    [[nodiscard]] std::array<std::uint8_t, seed_size> seed() const;
    /// @brief The public key, for scanners.
    [[nodiscard]] const PublicKey& public_key() const noexcept { return public_key_; }
    /// @brief The public key's id.
    [[nodiscard]] const KeyId& key_id() const noexcept { return key_id_; }
    /// @brief The Ed25519 signature of `message` (deterministic: the same message always gives the
    /// same signature). A failure of OpenSSL is a StorageError `crypto_failed`.
    [[nodiscard]] Signature sign(ByteView message) const;

private:
    struct Pair;  // the OpenSSL key, defined in signing_key.cpp so that no public header names OpenSSL
    SigningKey(std::shared_ptr<const Pair> pair, const PublicKey& public_key);

    std::shared_ptr<const Pair> pair_;
    PublicKey public_key_;
    KeyId key_id_;
};

}  // namespace ticketcore
