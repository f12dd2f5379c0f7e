#include "ticketcore/rules/ticket_payload.hpp"

#include <algorithm>
#include <array>
#include <vector>

#include "ticketcore/values/error_catalogue.hpp"
#include "ticketcore/values/uuid.hpp"
#include "values/base32.hpp"

namespace ticketcore::rules {

namespace {

// The binary payload: version, ticket id, generation, key id, then the signature of the rest.
constexpr std::size_t version_at = 0;
constexpr std::size_t ticket_at = 1;
constexpr std::size_t generation_at = ticket_at + 16;
constexpr std::size_t key_id_at = generation_at + 4;
constexpr std::size_t signed_size = key_id_at + KeyId::size;
constexpr std::size_t binary_size = signed_size + Signature{}.size();
static_assert(binary_size == 93);
static_assert(ticket_payload_length == ticket_payload_prefix.size() + (binary_size * 8 + 4) / 5);

// Signatures made for anything else ticketcore may sign one day never verify as a payload.
constexpr std::string_view signing_label = "ticketcore/ticket-payload";

using Uuid = std::array<std::uint8_t, 16>;

/// What is signed: the label, a NUL, the organization's 16 bytes and the payload's signed fields.
/// Every part has a fixed length, so no two payloads share a message.
std::vector<std::uint8_t> signed_message(const Uuid& organization, ByteView fields) {
    std::vector<std::uint8_t> message(signing_label.begin(), signing_label.end());
    message.push_back(0);
    message.insert(message.end(), organization.begin(), organization.end());
    message.insert(message.end(), fields.begin(), fields.end());
    return message;
}

Uuid require_uuid(std::string_view field, std::string_view id) {
    const std::optional<Uuid> bytes = uuid_bytes(id);
    if (!bytes) throw fail::invalid_id(field, id);
    return *bytes;
}

}  // namespace

std::string_view refusal_code(PayloadRefusal refusal) noexcept {
    switch (refusal) {
        case PayloadRefusal::Malformed: return "malformed";
        case PayloadRefusal::UnsupportedVersion: return "unsupported_version";
        case PayloadRefusal::UnknownKey: return "unknown_key";
        case PayloadRefusal::BadSignature: return "bad_signature";
        case PayloadRefusal::RevokedGeneration: return "revoked_generation";
        case PayloadRefusal::UnknownGeneration: return "unknown_generation";
    }
    return "malformed";
}

std::string_view refusal_message(PayloadRefusal refusal) noexcept {
    switch (refusal) {
        case PayloadRefusal::Malformed: return "Not a ticket code";
        case PayloadRefusal::UnsupportedVersion: return "Ticket code of an unsupported format version";
        case PayloadRefusal::UnknownKey: return "Ticket code signed with an unknown or retired key";
        case PayloadRefusal::BadSignature: return "Ticket code with an invalid signature";
        case PayloadRefusal::RevokedGeneration: return "Ticket code replaced by a newer one";
        case PayloadRefusal::UnknownGeneration: return "Ticket code newer than the ticket";
    }
    return "Not a ticket code";
}

std::string encode_ticket_payload(std::string_view ticket_id, std::uint32_t generation,
                                  std::string_view organization_id, const SigningKey& key) {
    const Uuid ticket = require_uuid("Ticket id", ticket_id);
    const Uuid organization = require_uuid("Organization id", organization_id);
    std::array<std::uint8_t, binary_size> binary{};
    binary[version_at] = ticket_payload_version;
    std::copy(ticket.begin(), ticket.end(), binary.begin() + ticket_at);
    for (std::size_t index = 0; index < 4; ++index) {
        binary[generation_at + index] = static_cast<std::uint8_t>(generation >> (24 - 8 * index));
    }
    const auto& key_id = key.key_id().bytes();
    std::copy(key_id.begin(), key_id.end(), binary.begin() + key_id_at);
    const Signature signature = key.sign(signed_message(organization, ByteView(binary).first(signed_size)));
    std::copy(signature.begin(), signature.end(), binary.begin() + signed_size);
    return std::string(ticket_payload_prefix) + base32::encode(binary);
}

PayloadVerification verify_ticket_payload(std::string_view text, std::string_view organization_id,
                                          const PublicKeyLookup& lookup) {
    const Uuid organization = require_uuid("Organization id", organization_id);
    // The length is capped before anything is read, so no input costs more than a short one.
    if (text.size() > ticket_payload_max_length || !text.starts_with(ticket_payload_prefix)) {
        return PayloadRefusal::Malformed;
    }
    const std::optional<std::vector<std::uint8_t>> binary = base32::decode(text.substr(ticket_payload_prefix.size()));
    if (!binary || binary->empty()) return PayloadRefusal::Malformed;
    // The version comes first so that a later format, whatever its length, is named as such.
    if ((*binary)[version_at] != ticket_payload_version) return PayloadRefusal::UnsupportedVersion;
    if (binary->size() != binary_size) return PayloadRefusal::Malformed;

    std::array<std::uint8_t, KeyId::size> key_id_bytes{};
    std::copy_n(binary->begin() + key_id_at, key_id_bytes.size(), key_id_bytes.begin());
    const KeyId key_id(key_id_bytes);
    const std::optional<PublicKey> key = lookup(key_id);
    // A lookup that answers with another key than the one named is treated as not knowing it.
    if (!key || key->key_id() != key_id) return PayloadRefusal::UnknownKey;

    const ByteView bytes(*binary);
    if (!verify_signature(*key, signed_message(organization, bytes.first(signed_size)), bytes.subspan(signed_size))) {
        return PayloadRefusal::BadSignature;
    }
    Uuid ticket{};
    std::copy_n(binary->begin() + ticket_at, ticket.size(), ticket.begin());
    std::uint32_t generation = 0;
    for (std::size_t index = 0; index < 4; ++index) generation = (generation << 8) | (*binary)[generation_at + index];
    return TicketPayload{uuid_text(ticket), generation, key_id};
}

std::optional<PayloadRefusal> check_generation(std::uint32_t payload_generation,
                                               std::uint32_t current_generation) noexcept {
    if (payload_generation < current_generation) return PayloadRefusal::RevokedGeneration;
    if (payload_generation > current_generation) return PayloadRefusal::UnknownGeneration;
    return std::nullopt;
}

}  // namespace ticketcore::rules
