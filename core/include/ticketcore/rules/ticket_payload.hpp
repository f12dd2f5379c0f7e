#pragma once
/// @file ticket_payload.hpp
/// @brief A ticket's QR payload (layer 3): compact text naming the ticket, its secret's generation
/// and the organization's signing key, signed with that key (Ed25519) so that a scanner can check
/// it offline and nobody can forge one.
///
/// The text is "TC:" and the RFC 4648 base32 (uppercase, unpadded) of 93 bytes: the format version
/// (1), the ticket id's 16 bytes, the generation (4 bytes, big-endian), the key id (8 bytes) and the
/// Ed25519 signature (64 bytes). That is 152 characters, all in a QR code's alphanumeric mode: the
/// smallest QR code holding it at error correction M is version 6 (154 characters at most). The
/// signature covers the label "ticketcore/ticket-payload", a NUL, the organization id's 16 bytes
/// and the four fields before it, so a payload never verifies for another organization, even under
/// the same key. Ed25519 signatures are deterministic, so a payload has exactly one text.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "ticketcore/values/signing_key.hpp"

namespace ticketcore::rules {

/// @brief What every ticket payload text starts with.
inline constexpr std::string_view ticket_payload_prefix = "TC:";
/// @brief The format version this code writes and reads.
inline constexpr std::uint8_t ticket_payload_version = 1;
/// @brief The length of a version-1 payload text in characters.
inline constexpr std::size_t ticket_payload_length = 152;
/// @brief Longer texts are refused before anything else is read.
inline constexpr std::size_t ticket_payload_max_length = 256;

/// @brief Why a payload is refused. Each has a stable snake_case code and a short English message.
enum class PayloadRefusal : std::uint8_t {
    Malformed,           ///< `malformed`: not a payload text (prefix, characters, base32, length)
    UnsupportedVersion,  ///< `unsupported_version`: a format version this code does not read
    UnknownKey,          ///< `unknown_key`: a key id the organization does not have (or has retired)
    BadSignature,        ///< `bad_signature`: altered, forged, or of another organization
    RevokedGeneration,   ///< `revoked_generation`: an older secret of the ticket (transferred, cancelled)
    UnknownGeneration,   ///< `unknown_generation`: a generation newer than the ticket's
};

/// @brief The stable code of a refusal, e.g. "bad_signature".
[[nodiscard]] std::string_view refusal_code(PayloadRefusal refusal) noexcept;
/// @brief The short English message of a refusal.
[[nodiscard]] std::string_view refusal_message(PayloadRefusal refusal) noexcept;

/// @brief What a verified payload says.
struct TicketPayload {
    std::string ticket_id;     ///< the ticket's UUID, lowercase canonical
    std::uint32_t generation;  ///< the generation of the ticket's secret the payload was made for
    KeyId key_id;              ///< the key that signed it

    /// @brief Payloads are equal when every field is.
    friend bool operator==(const TicketPayload&, const TicketPayload&) = default;
};

/// @brief The public key of a key id among the organization's keys (current and not yet retired),
/// or nothing.
using PublicKeyLookup = std::function<std::optional<PublicKey>(const KeyId&)>;

/// @brief A verified payload, or why it was refused.
using PayloadVerification = std::variant<TicketPayload, PayloadRefusal>;

/// @brief The payload text of a ticket's secret generation, signed with the organization's key.
/// A ticket or organization id that is not a UUID is a ValidationError `invalid_id`.
[[nodiscard]] std::string encode_ticket_payload(std::string_view ticket_id, std::uint32_t generation,
                                                std::string_view organization_id, const SigningKey& key);

/// @brief Reads and verifies a scanned text for an organization: the payload, or the first reason
/// to refuse it, in the order malformed, unsupported_version, unknown_key, bad_signature. Any text
/// is answered, never thrown at; only an organization id that is not a UUID (ValidationError
/// `invalid_id`) and what `lookup` throws propagate. Whether the generation is still the ticket's is
/// `check_generation`'s to say, with the ticket's stored generation.
[[nodiscard]] PayloadVerification verify_ticket_payload(std::string_view text, std::string_view organization_id,
                                                        const PublicKeyLookup& lookup);

/// @brief Nothing when a verified payload's generation is the ticket's current one; otherwise
/// `revoked_generation` (older: the secret was rotated since) or `unknown_generation` (newer).
[[nodiscard]] std::optional<PayloadRefusal> check_generation(std::uint32_t payload_generation,
                                                             std::uint32_t current_generation) noexcept;

}  // namespace ticketcore::rules
