#include "ticketcore/values/signing_key.hpp"

#include <openssl/err.h>
#include <openssl/evp.h>

#include <algorithm>
#include <utility>

#include "ticketcore/values/error_catalogue.hpp"
#include "values/hex.hpp"

namespace ticketcore {

namespace {

struct PkeyContextFree {
    void operator()(EVP_PKEY_CTX* context) const noexcept { EVP_PKEY_CTX_free(context); }
};
struct DigestContextFree {
    void operator()(EVP_MD_CTX* context) const noexcept { EVP_MD_CTX_free(context); }
};
// A function pointer, not a deleter type of this anonymous namespace: SigningKey::Pair holds one.
using Pkey = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using PkeyContext = std::unique_ptr<EVP_PKEY_CTX, PkeyContextFree>;
using DigestContext = std::unique_ptr<EVP_MD_CTX, DigestContextFree>;

/// OpenSSL's failures leave entries on the thread's error queue; left there, they would be read as
/// the cause of a later, unrelated failure (libpq's TLS reads that queue), so they are dropped and
/// the failure is thrown as ours.
StorageError crypto_failed(std::string_view action) {
    ERR_clear_error();
    return fail::crypto_failed(action);
}

DigestContext new_digest_context() {
    DigestContext context(EVP_MD_CTX_new());
    if (!context) throw crypto_failed("allocate a signing context");
    return context;
}

std::array<std::uint8_t, PublicKey::size> raw_public_key(EVP_PKEY* key) {
    std::array<std::uint8_t, PublicKey::size> bytes{};
    std::size_t length = bytes.size();
    if (EVP_PKEY_get_raw_public_key(key, bytes.data(), &length) != 1 || length != bytes.size()) {
        throw crypto_failed("read an Ed25519 public key");
    }
    return bytes;
}

}  // namespace

struct SigningKey::Pair {
    Pkey key;
};

std::string KeyId::text() const {
    return hex::encode(bytes_);
}

PublicKey PublicKey::from_bytes(ByteView bytes) {
    if (bytes.size() != size) throw fail::invalid_key_length("An Ed25519 public key", size, bytes.size());
    std::array<std::uint8_t, size> raw{};
    std::copy(bytes.begin(), bytes.end(), raw.begin());
    return PublicKey(raw);
}

KeyId PublicKey::key_id() const {
    std::array<std::uint8_t, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    if (EVP_Digest(bytes_.data(), bytes_.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1) {
        throw crypto_failed("hash a public key");
    }
    std::array<std::uint8_t, KeyId::size> id{};
    std::copy_n(digest.begin(), id.size(), id.begin());
    return KeyId(id);
}

bool verify_signature(const PublicKey& key, ByteView message, ByteView signature) {
    if (signature.size() != Signature{}.size()) return false;
    const Pkey pkey(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, key.bytes().data(), key.bytes().size()),
                    &EVP_PKEY_free);
    if (!pkey) throw crypto_failed("import an Ed25519 public key");
    const DigestContext context = new_digest_context();
    // Ed25519 hashes the message itself (PureEdDSA), so no digest is named: nullptr.
    if (EVP_DigestVerifyInit(context.get(), nullptr, nullptr, nullptr, pkey.get()) != 1) {
        throw crypto_failed("start verifying a signature");
    }
    const bool valid =
        EVP_DigestVerify(context.get(), signature.data(), signature.size(), message.data(), message.size()) == 1;
    // A refused signature may leave an entry on the error queue: a refusal is no error.
    if (!valid) ERR_clear_error();
    return valid;
}

SigningKey::SigningKey(std::shared_ptr<const Pair> pair, const PublicKey& public_key)
    : pair_(std::move(pair)), public_key_(public_key), key_id_(public_key.key_id()) {}

SigningKey SigningKey::generate() {
    const PkeyContext context(EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr));
    EVP_PKEY* generated = nullptr;
    if (!context || EVP_PKEY_keygen_init(context.get()) != 1 || EVP_PKEY_keygen(context.get(), &generated) != 1) {
        throw crypto_failed("generate an Ed25519 key");
    }
    auto pair = std::make_shared<Pair>(Pair{Pkey(generated, &EVP_PKEY_free)});
    const PublicKey public_key = PublicKey::from_bytes(raw_public_key(pair->key.get()));
    return {std::move(pair), public_key};
}

SigningKey SigningKey::from_seed(ByteView seed) {
    if (seed.size() != seed_size) throw fail::invalid_key_length("An Ed25519 private key seed", seed_size, seed.size());
    Pkey key(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed.data(), seed.size()), &EVP_PKEY_free);
    if (!key) throw crypto_failed("import an Ed25519 private key");
    auto pair = std::make_shared<Pair>(Pair{std::move(key)});
    const PublicKey public_key = PublicKey::from_bytes(raw_public_key(pair->key.get()));
    return {std::move(pair), public_key};
}

std::array<std::uint8_t, SigningKey::seed_size> SigningKey::seed() const {
    std::array<std::uint8_t, seed_size> seed{};
    std::size_t length = seed.size();
    if (EVP_PKEY_get_raw_private_key(pair_->key.get(), seed.data(), &length) != 1 || length != seed.size()) {
        throw crypto_failed("read an Ed25519 private key");
    }
    return seed;
}

Signature SigningKey::sign(ByteView message) const {
    const DigestContext context = new_digest_context();
    Signature signature{};
    std::size_t length = signature.size();
    if (EVP_DigestSignInit(context.get(), nullptr, nullptr, nullptr, pair_->key.get()) != 1 ||
        EVP_DigestSign(context.get(), signature.data(), &length, message.data(), message.size()) != 1 ||
        length != signature.size()) {
        throw crypto_failed("sign with an Ed25519 key");
    }
    return signature;
}

}  // namespace ticketcore
