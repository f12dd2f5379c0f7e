// Scanned ticket QR payloads: rules::verify_ticket_payload on any bytes, for one organization
// whose lookup knows two keys (a current and a previous one, fixed seeds), and check_generation.
//
// Properties: every input is answered (a payload or a refusal), never thrown at; a refusal has one
// of the six documented codes and a message; a text longer than the cap or without the "TC:"
// prefix is `malformed`; an accepted text is exactly what encode_ticket_payload makes of what it
// says (one text per payload: Ed25519 signatures are deterministic and the base32 is strict), names
// a key of the lookup, and its generation checks against itself.

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <variant>

#include "fuzz_support.hpp"
#include "ticketcore/rules/ticket_payload.hpp"
#include "ticketcore/values/signing_key.hpp"

using namespace ticketcore;

namespace {

constexpr std::string_view organization_id = "0190f3a2-5b7c-7d4e-8f01-23456789abcd";

SigningKey key_of_seed(std::uint8_t first) {
    std::array<std::uint8_t, SigningKey::seed_size> seed{};
    for (std::size_t index = 0; index < seed.size(); ++index) seed[index] = static_cast<std::uint8_t>(first + index);
    return SigningKey::from_seed(seed);
}

/// The organization's keys by id: the seeds of the GoogleTests' organization A (1 and 101), so
/// payloads made there are valid here.
struct Keys {
    std::map<KeyId, SigningKey> by_id;
    rules::PublicKeyLookup lookup;

    Keys() {
        for (const std::uint8_t first : {std::uint8_t{1}, std::uint8_t{101}}) {
            const SigningKey key = key_of_seed(first);
            by_id.emplace(key.key_id(), key);
        }
        lookup = [this](const KeyId& id) -> std::optional<PublicKey> {
            const auto found = by_id.find(id);
            if (found == by_id.end()) return std::nullopt;
            return found->second.public_key();
        };
    }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const Keys keys;
    static const std::set<std::string_view> codes{"malformed",     "unsupported_version", "unknown_key",
                                                  "bad_signature", "revoked_generation",  "unknown_generation"};
    const std::string_view text(reinterpret_cast<const char*>(data), size);

    // Anything thrown escapes to libFuzzer as a crash: the text alone never makes verify throw.
    const rules::PayloadVerification verification = rules::verify_ticket_payload(text, organization_id, keys.lookup);

    if (const auto* refusal = std::get_if<rules::PayloadRefusal>(&verification)) {
        FUZZ_CHECK(codes.contains(rules::refusal_code(*refusal)), "unknown refusal code for '%s'",
                   fuzz::escaped(text).c_str());
        FUZZ_CHECK(!rules::refusal_message(*refusal).empty(), "empty refusal message");
        if (text.size() > rules::ticket_payload_max_length || !text.starts_with(rules::ticket_payload_prefix)) {
            FUZZ_CHECK(*refusal == rules::PayloadRefusal::Malformed, "'%s' refused as %s, not malformed",
                       fuzz::escaped(text).c_str(), std::string(rules::refusal_code(*refusal)).c_str());
        }
        return 0;
    }

    const auto& payload = std::get<rules::TicketPayload>(verification);
    const auto key = keys.by_id.find(payload.key_id);
    FUZZ_CHECK(key != keys.by_id.end(), "'%s' accepted under key %s, which the lookup does not have",
               fuzz::escaped(text).c_str(), payload.key_id.text().c_str());
    const std::string again =
        rules::encode_ticket_payload(payload.ticket_id, payload.generation, organization_id, key->second);
    FUZZ_CHECK(again == text, "'%s' accepted, but its payload encodes as '%s'", fuzz::escaped(text).c_str(),
               again.c_str());
    FUZZ_CHECK(text.size() == rules::ticket_payload_length, "'%s' accepted with %zu characters",
               fuzz::escaped(text).c_str(), text.size());
    FUZZ_CHECK(!rules::check_generation(payload.generation, payload.generation).has_value(),
               "generation %u does not check against itself", payload.generation);
    return 0;
}
