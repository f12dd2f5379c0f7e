#include "ticketcore/rules/ticket_payload.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <limits>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <tuple>
#include <variant>
#include <vector>

#include "test_support.hpp"
#include "ticketcore/values/error.hpp"
#include "ticketcore/values/signing_key.hpp"
#include "ticketcore/values/uuid.hpp"
#include "values/base32.hpp"

namespace ticket_payload_test {  // named: unity builds join the test files' anonymous namespaces

using namespace ticketcore;
using rules::PayloadRefusal;
using rules::PayloadVerification;
using rules::TicketPayload;
using ticketcore_test::expect_error;

constexpr std::string_view organization_a = "0190f3a2-5b7c-7d4e-8f01-23456789abcd";
constexpr std::string_view organization_b = "0190f3a2-5b7d-7000-8000-000000000002";
constexpr std::string_view ticket = "0190f3a2-6c00-7a00-9b00-0123456789ab";

// The binary payload's layout, written out here as the format the docs state.
constexpr std::size_t binary_size = 93;
constexpr std::size_t key_id_at = 21;
constexpr std::size_t signed_size = 29;

SigningKey key_of_seed(std::uint8_t first) {
    std::array<std::uint8_t, SigningKey::seed_size> seed{};
    for (std::size_t index = 0; index < seed.size(); ++index) seed[index] = static_cast<std::uint8_t>(first + index);
    return SigningKey::from_seed(seed);
}

/// The keys of the tests: organization A has a current and a previous key (both verify), B one key,
/// and an outsider one nobody registered.
struct Keys {
    SigningKey a_current = key_of_seed(1);
    SigningKey a_previous = key_of_seed(101);
    SigningKey b_current = key_of_seed(201);
    SigningKey outsider = key_of_seed(57);
};

const Keys& keys() {
    static const Keys all;
    return all;
}

rules::PublicKeyLookup lookup_of(std::vector<SigningKey> known) {
    std::map<KeyId, PublicKey> by_id;
    for (const SigningKey& key : known) by_id.emplace(key.key_id(), key.public_key());
    return [by_id](const KeyId& id) -> std::optional<PublicKey> {
        const auto found = by_id.find(id);
        if (found == by_id.end()) return std::nullopt;
        return found->second;
    };
}

const rules::PublicKeyLookup& lookup_a() {
    static const rules::PublicKeyLookup lookup = lookup_of({keys().a_current, keys().a_previous});
    return lookup;
}

std::optional<PayloadRefusal> refusal_of(const PayloadVerification& verification) {
    if (const auto* refusal = std::get_if<PayloadRefusal>(&verification)) return *refusal;
    return std::nullopt;
}

PayloadVerification verify_a(std::string_view text) {
    return rules::verify_ticket_payload(text, organization_a, lookup_a());
}

std::vector<std::uint8_t> binary_of(std::string_view text) {
    return base32::decode(text.substr(rules::ticket_payload_prefix.size())).value();
}

std::string text_of(const std::vector<std::uint8_t>& binary) {
    return std::string(rules::ticket_payload_prefix) + base32::encode(binary);
}

/// `fields` (version, ticket id, generation, key id: any bytes) signed by `key` for `organization`,
/// the way the format says, whatever the fields hold.
std::vector<std::uint8_t> forged(std::vector<std::uint8_t> fields, std::string_view organization,
                                 const SigningKey& key) {
    std::vector<std::uint8_t> message;
    for (const char c : std::string_view("ticketcore/ticket-payload")) message.push_back(static_cast<std::uint8_t>(c));
    message.push_back(0);
    const auto organization_bytes = uuid_bytes(organization).value();
    message.insert(message.end(), organization_bytes.begin(), organization_bytes.end());
    message.insert(message.end(), fields.begin(), fields.end());
    const Signature signature = key.sign(message);
    fields.insert(fields.end(), signature.begin(), signature.end());
    return fields;
}

std::vector<std::uint8_t> fields_of(std::uint8_t version, std::string_view ticket_id, std::uint32_t generation,
                                    const KeyId& key_id) {
    std::vector<std::uint8_t> fields{version};
    const auto id = uuid_bytes(ticket_id).value();
    fields.insert(fields.end(), id.begin(), id.end());
    for (int shift = 24; shift >= 0; shift -= 8) fields.push_back(static_cast<std::uint8_t>(generation >> shift));
    fields.insert(fields.end(), key_id.bytes().begin(), key_id.bytes().end());
    return fields;
}

// ---- the format

TEST(TicketPayload, HasTheDocumentedTextForAKnownKey) {
    // Computed independently (Python's `cryptography` and `base64`) from the format in the header.
    const SigningKey& key = keys().a_current;
    EXPECT_EQ(key.key_id().text(), "65b60673d6ed884b");
    EXPECT_EQ(
        rules::encode_ticket_payload(ticket, 3, organization_a, key),
        "TC:AEAZB45CNQAHUAE3AAASGRLHRGVQAAAAANS3MBTT23WYQS3JLIVD4SULMT7IQDY266NUVMO4JFBHVOM5CTCU6YF56OG3JGNKJXOIVTIICOC"
        "5UTYDRSXN5ZJXE6MZKDYXMCETSEMYWSTMWZ3TVQJQY");
}

TEST(TicketPayload, RoundTrips) {
    const std::string text = rules::encode_ticket_payload(ticket, 3, organization_a, keys().a_current);
    EXPECT_EQ(refusal_of(verify_a(text)), std::nullopt);
    EXPECT_EQ(std::get<TicketPayload>(verify_a(text)),
              (TicketPayload{std::string(ticket), 3, keys().a_current.key_id()}));
}

TEST(TicketPayload, RoundTripsTheExtremeGenerationsAndAnUppercaseId) {
    for (const std::uint32_t generation : {0U, 1U, 255U, 256U, std::numeric_limits<std::uint32_t>::max()}) {
        const std::string text = rules::encode_ticket_payload("0190F3A2-6C00-7A00-9B00-0123456789AB", generation,
                                                              organization_a, keys().a_previous);
        EXPECT_EQ(std::get<TicketPayload>(verify_a(text)),
                  (TicketPayload{std::string(ticket), generation, keys().a_previous.key_id()}));
    }
}

TEST(TicketPayload, VerifiesForAnOrganizationIdInEitherCase) {
    const std::string text =
        rules::encode_ticket_payload(ticket, 7, "0190F3A2-5B7C-7D4E-8F01-23456789ABCD", keys().a_current);
    EXPECT_EQ(std::get<TicketPayload>(verify_a(text)).generation, 7U);
}

TEST(TicketPayload, FitsAVersionSixQrCodeAtErrorCorrectionM) {
    const std::string text = rules::encode_ticket_payload(ticket, 3, organization_a, keys().a_current);
    EXPECT_EQ(text.size(), 152U);
    EXPECT_EQ(rules::ticket_payload_length, 152U);
    constexpr std::string_view alphanumeric = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
    for (const char c : text) EXPECT_NE(alphanumeric.find(c), std::string_view::npos) << c;
    // ISO/IEC 18004: data codewords of versions 1 to 10 at level M; an alphanumeric segment takes a
    // 4-bit mode, a 9-bit count (11 bits from version 10), 11 bits per pair and 6 for a last single.
    constexpr std::array<int, 10> data_codewords_m{16, 28, 44, 64, 86, 108, 124, 154, 182, 216};
    const auto bits = [&](int version) {
        const int count = static_cast<int>(text.size());
        return 4 + (version < 10 ? 9 : 11) + 11 * (count / 2) + 6 * (count % 2);
    };
    int smallest = 0;
    for (int version = 1; version <= 10 && smallest == 0; ++version) {
        if (bits(version) <= 8 * data_codewords_m[static_cast<std::size_t>(version - 1)]) smallest = version;
    }
    EXPECT_EQ(smallest, 6);
    EXPECT_EQ(bits(6), 849);  // of 864
}

TEST(TicketPayload, AKeyVerifiesUntilItIsRetired) {
    const std::string text = rules::encode_ticket_payload(ticket, 1, organization_a, keys().a_previous);
    EXPECT_EQ(std::get<TicketPayload>(verify_a(text)).key_id, keys().a_previous.key_id());
    const rules::PublicKeyLookup retired = lookup_of({keys().a_current});
    EXPECT_EQ(refusal_of(rules::verify_ticket_payload(text, organization_a, retired)), PayloadRefusal::UnknownKey);
}

// ---- each refusal

TEST(TicketPayload, RefusalsHaveStableCodesAndMessages) {
    const std::vector<std::tuple<PayloadRefusal, std::string_view, std::string_view>> expected{
        {PayloadRefusal::Malformed, "malformed", "Not a ticket code"},
        {PayloadRefusal::UnsupportedVersion, "unsupported_version", "Ticket code of an unsupported format version"},
        {PayloadRefusal::UnknownKey, "unknown_key", "Ticket code signed with an unknown or retired key"},
        {PayloadRefusal::BadSignature, "bad_signature", "Ticket code with an invalid signature"},
        {PayloadRefusal::RevokedGeneration, "revoked_generation", "Ticket code replaced by a newer one"},
        {PayloadRefusal::UnknownGeneration, "unknown_generation", "Ticket code newer than the ticket"},
    };
    for (const auto& [refusal, code, message] : expected) {
        EXPECT_EQ(rules::refusal_code(refusal), code);
        EXPECT_EQ(rules::refusal_message(refusal), message);
    }
}

TEST(TicketPayload, RefusesWhatIsNotAPayloadAsMalformed) {
    const std::string real = rules::encode_ticket_payload(ticket, 3, organization_a, keys().a_current);
    std::string lowercase = real;
    for (char& c : lowercase) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string wrong_prefix = real;
    wrong_prefix[1] = 'X';
    const std::vector<std::string> texts{
        "",
        "TC:",
        "TC",
        "tc:" + real.substr(3),
        lowercase,
        wrong_prefix,
        real.substr(3),                                     // no prefix
        real + "A",                                         // 150 base32 characters: no byte count gives that
        real + "AA",                                        // 94 bytes
        real.substr(0, real.size() - 1),                    // 148 characters: a last byte cut in half
        real.substr(0, real.size() - 8),                    // 88 bytes
        std::string(1 << 20, 'A'),                          // huge: refused by its length alone
        "TC:" + std::string(254, 'A'),                      // 257 characters: refused by its length alone
        real.substr(0, 40) + " " + real.substr(41),         // a space: QR alphanumeric, not base32
        real.substr(0, 40) + "1" + real.substr(41),         // a digit base32 leaves out
        real.substr(0, 40) + "\xC3\x89" + real.substr(42),  // UTF-8 'É'
        std::string("TC:\0AAAA", 8),
        real.substr(0, real.size() - 1) + "R",  // the last character's unused bit set
    };
    for (const std::string& text : texts) {
        EXPECT_EQ(refusal_of(verify_a(text)), PayloadRefusal::Malformed) << text.substr(0, 200);
    }
}

TEST(TicketPayload, RefusesAnotherFormatVersion) {
    const std::string real = rules::encode_ticket_payload(ticket, 3, organization_a, keys().a_current);
    for (const std::uint8_t version : {0, 2, 255}) {
        // Correctly signed, and still refused: this code does not know what version 2 means.
        const std::vector<std::uint8_t> binary =
            forged(fields_of(version, ticket, 3, keys().a_current.key_id()), organization_a, keys().a_current);
        EXPECT_EQ(refusal_of(verify_a(text_of(binary))), PayloadRefusal::UnsupportedVersion) << int{version};
    }
    EXPECT_EQ(refusal_of(verify_a("TC:AA")), PayloadRefusal::UnsupportedVersion);  // one byte, 0
    EXPECT_EQ(refusal_of(verify_a("TC:AI")), PayloadRefusal::UnsupportedVersion);  // one byte, 2
    EXPECT_EQ(refusal_of(verify_a("TC:AE")), PayloadRefusal::Malformed);           // version 1, one byte
}

TEST(TicketPayload, RefusesAnUnknownKey) {
    // Signed by a key the organization never had, under its own id.
    const std::string outsider = rules::encode_ticket_payload(ticket, 3, organization_a, keys().outsider);
    EXPECT_EQ(refusal_of(verify_a(outsider)), PayloadRefusal::UnknownKey);
    // Organization A's own signature, with the key id changed to one nobody has.
    std::vector<std::uint8_t> binary =
        binary_of(rules::encode_ticket_payload(ticket, 3, organization_a, keys().a_current));
    binary[key_id_at] ^= 0x01;
    EXPECT_EQ(refusal_of(verify_a(text_of(binary))), PayloadRefusal::UnknownKey);
}

TEST(TicketPayload, RefusesAnotherOrganizationsPayload) {
    const std::string of_b = rules::encode_ticket_payload(ticket, 3, organization_b, keys().b_current);
    EXPECT_EQ(refusal_of(verify_a(of_b)), PayloadRefusal::UnknownKey);
    // Even when the lookup knows B's key too, the signature was made for B.
    const rules::PublicKeyLookup both = lookup_of({keys().a_current, keys().b_current});
    EXPECT_EQ(refusal_of(rules::verify_ticket_payload(of_b, organization_a, both)), PayloadRefusal::BadSignature);
    EXPECT_EQ(std::get<TicketPayload>(rules::verify_ticket_payload(of_b, organization_b, both)).ticket_id, ticket);
    // And when both organizations somehow had the same key.
    const std::string shared = rules::encode_ticket_payload(ticket, 3, organization_b, keys().a_current);
    EXPECT_EQ(refusal_of(verify_a(shared)), PayloadRefusal::BadSignature);
}

TEST(TicketPayload, RefusesAForgedSignature) {
    // An outsider's signature under organization A's key id.
    const std::vector<std::uint8_t> binary =
        forged(fields_of(1, ticket, 3, keys().a_current.key_id()), organization_a, keys().outsider);
    EXPECT_EQ(refusal_of(verify_a(text_of(binary))), PayloadRefusal::BadSignature);
    // A real payload whose generation was raised.
    std::vector<std::uint8_t> raised =
        binary_of(rules::encode_ticket_payload(ticket, 3, organization_a, keys().a_current));
    raised[20] = 4;
    EXPECT_EQ(refusal_of(verify_a(text_of(raised))), PayloadRefusal::BadSignature);
    // Signed with A's previous key but naming its current one.
    const std::vector<std::uint8_t> swapped =
        forged(fields_of(1, ticket, 3, keys().a_current.key_id()), organization_a, keys().a_previous);
    EXPECT_EQ(refusal_of(verify_a(text_of(swapped))), PayloadRefusal::BadSignature);
}

TEST(TicketPayload, TreatsALookupAnsweringWithAnotherKeyAsUnknown) {
    const std::string text = rules::encode_ticket_payload(ticket, 3, organization_a, keys().a_current);
    const rules::PublicKeyLookup always_b = [](const KeyId&) { return keys().b_current.public_key(); };
    EXPECT_EQ(refusal_of(rules::verify_ticket_payload(text, organization_a, always_b)), PayloadRefusal::UnknownKey);
}

TEST(TicketPayload, RefusesIdsThatAreNotUuids) {
    EXPECT_TRUE(expect_error<ValidationError>(
        [] { (void)rules::encode_ticket_payload("t-1", 0, organization_a, keys().a_current); }, "invalid_id",
        "Ticket id is not a UUID: 't-1'"));
    EXPECT_TRUE(
        expect_error<ValidationError>([] { (void)rules::encode_ticket_payload(ticket, 0, "", keys().a_current); },
                                      "invalid_id", "Organization id is not a UUID: ''"));
    EXPECT_TRUE(expect_error<ValidationError>([] { (void)rules::verify_ticket_payload("TC:", "org", lookup_a()); },
                                              "invalid_id", "Organization id is not a UUID: 'org'"));
}

TEST(TicketPayload, GenerationsOtherThanTheTicketsAreRefused) {
    EXPECT_EQ(rules::check_generation(3, 3), std::nullopt);
    EXPECT_EQ(rules::check_generation(0, 0), std::nullopt);
    EXPECT_EQ(rules::check_generation(2, 3), PayloadRefusal::RevokedGeneration);
    EXPECT_EQ(rules::check_generation(0, std::numeric_limits<std::uint32_t>::max()), PayloadRefusal::RevokedGeneration);
    EXPECT_EQ(rules::check_generation(4, 3), PayloadRefusal::UnknownGeneration);
    EXPECT_EQ(rules::check_generation(std::numeric_limits<std::uint32_t>::max(), 0), PayloadRefusal::UnknownGeneration);
    // A verified payload of a ticket whose secret was rotated since.
    const auto payload =
        std::get<TicketPayload>(verify_a(rules::encode_ticket_payload(ticket, 3, organization_a, keys().a_current)));
    EXPECT_EQ(rules::check_generation(payload.generation, 4), PayloadRefusal::RevokedGeneration);
}

// ---- the bad-payload trial

/// The reason the documented order of checks gives a text that is not a genuine payload of A.
PayloadRefusal expected_refusal(std::string_view text) {
    if (text.size() > rules::ticket_payload_max_length || !text.starts_with(rules::ticket_payload_prefix)) {
        return PayloadRefusal::Malformed;
    }
    const auto binary = base32::decode(text.substr(rules::ticket_payload_prefix.size()));
    if (!binary || binary->empty()) return PayloadRefusal::Malformed;
    if ((*binary)[0] != 1) return PayloadRefusal::UnsupportedVersion;
    if (binary->size() != binary_size) return PayloadRefusal::Malformed;
    std::array<std::uint8_t, KeyId::size> key_id{};
    std::copy_n(binary->begin() + key_id_at, key_id.size(), key_id.begin());
    if (!lookup_a()(KeyId(key_id))) return PayloadRefusal::UnknownKey;
    return PayloadRefusal::BadSignature;
}

/// Generates bad payloads, verifies each for organization A and counts them by kind and reason.
class Trial {
public:
    explicit Trial(std::uint64_t seed) : random_(seed) {}

    /// One genuine payload and everything made from it: every bit flip of its binary, every
    /// truncation of its text and binary, extensions, one-character substitutions, and the same
    /// ticket signed with other keys, for another organization, or in another version.
    void round() {
        const SigningKey& key = (rounds_++ % 2 == 0) ? keys().a_current : keys().a_previous;
        std::array<std::uint8_t, 16> id{};
        for (auto& byte : id) byte = static_cast<std::uint8_t>(random_());
        id[6] = static_cast<std::uint8_t>(0x70 | (id[6] & 0x0F));
        id[8] = static_cast<std::uint8_t>(0x80 | (id[8] & 0x3F));
        const std::string ticket_id = uuid_text(id);
        const auto generation = static_cast<std::uint32_t>(random_());
        const std::string real = rules::encode_ticket_payload(ticket_id, generation, organization_a, key);
        if (refusal_of(verify_a(real))) {
            ADD_FAILURE() << "a genuine payload was refused: " << real;
            return;
        }
        const std::vector<std::uint8_t> binary = binary_of(real);

        for (std::size_t bit = 0; bit < binary.size() * 8; ++bit) {
            std::vector<std::uint8_t> flipped = binary;
            flipped[bit / 8] = static_cast<std::uint8_t>(flipped[bit / 8] ^ (1U << (bit % 8)));
            const std::string text = text_of(flipped);
            expect("bit flip", text, expected_refusal(text));
        }
        for (std::size_t length = 0; length < real.size(); ++length) {
            expect("text truncation", real.substr(0, length), PayloadRefusal::Malformed);
        }
        for (std::size_t length = 0; length < binary.size(); ++length) {
            const std::string text = text_of({binary.begin(), binary.begin() + static_cast<std::ptrdiff_t>(length)});
            expect("binary truncation", text, PayloadRefusal::Malformed);
        }
        for (const char c : std::string_view("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")) {
            expect("text extension", real + c, PayloadRefusal::Malformed);
        }
        for (std::size_t extra = 1; extra <= 8; ++extra) {
            std::vector<std::uint8_t> longer = binary;
            for (std::size_t index = 0; index < extra; ++index) longer.push_back(static_cast<std::uint8_t>(random_()));
            expect("binary extension", text_of(longer), PayloadRefusal::Malformed);
        }
        constexpr std::string_view base32_alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        for (std::size_t position = rules::ticket_payload_prefix.size(); position < real.size(); ++position) {
            std::string text = real;
            const char replacement = base32_alphabet[(base32_alphabet.find(real[position]) + 1 + random_() % 31) % 32];
            text[position] = replacement;
            expect("one character replaced", text, expected_refusal(text));
        }

        const std::vector<std::uint8_t> fields = {binary.begin(), binary.begin() + signed_size};
        const auto fields_naming = [&](const KeyId& key_id) {
            std::vector<std::uint8_t> changed = fields;
            std::copy(key_id.bytes().begin(), key_id.bytes().end(), changed.begin() + key_id_at);
            return changed;
        };
        expect("another key", rules::encode_ticket_payload(ticket_id, generation, organization_a, keys().outsider),
               PayloadRefusal::UnknownKey);
        expect("another key under this key's id", text_of(forged(fields, organization_a, keys().outsider)),
               PayloadRefusal::BadSignature);
        expect("the organization's other key under this key's id",
               text_of(forged(fields_naming(other(key).key_id()), organization_a, key)), PayloadRefusal::BadSignature);
        expect("another organization's key",
               rules::encode_ticket_payload(ticket_id, generation, organization_b, keys().b_current),
               PayloadRefusal::UnknownKey);
        expect("this key, signed for another organization",
               rules::encode_ticket_payload(ticket_id, generation, organization_b, key), PayloadRefusal::BadSignature);
        std::array<std::uint8_t, KeyId::size> unknown_id{};
        for (auto& byte : unknown_id) byte = static_cast<std::uint8_t>(random_());
        expect("a key id of no key", text_of(forged(fields_naming(KeyId(unknown_id)), organization_a, key)),
               PayloadRefusal::UnknownKey);
        for (const std::uint8_t version :
             {std::uint8_t{0}, std::uint8_t{2}, static_cast<std::uint8_t>(random_() % 254 + 2)}) {
            std::vector<std::uint8_t> versioned = fields;
            versioned[0] = version;
            expect("another version, correctly signed", text_of(forged(versioned, organization_a, key)),
                   PayloadRefusal::UnsupportedVersion);
        }
    }

    /// Random texts of five kinds, from any bytes to well-formed base32 under A's own key id. The
    /// last kind is the only one that reaches a signature check (about 90 µs each), so it is drawn
    /// once in 13 and keeps the trial fast enough for the sanitized CI build.
    void random_text() {
        constexpr std::string_view alphanumeric = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
        constexpr std::string_view base32_alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        std::string text;
        const char* kind = "";
        switch (random_() % 13) {
            case 0:
            case 1:
            case 2: {
                kind = "random bytes";
                const std::size_t length = random_() % 300;
                for (std::size_t index = 0; index < length; ++index) text.push_back(static_cast<char>(random_()));
                break;
            }
            case 3:
            case 4:
            case 5: {
                kind = "random QR alphanumeric text";
                text = random_() % 2 == 0 ? "TC:" : "";
                const std::size_t length = random_() % 300;
                for (std::size_t index = 0; index < length; ++index) text.push_back(alphanumeric[random_() % 45]);
                break;
            }
            case 6:
            case 7:
            case 8: {
                kind = "random base32 of a payload's length";
                text = "TC:";
                for (std::size_t index = 3; index < rules::ticket_payload_length; ++index) {
                    text.push_back(base32_alphabet[random_() % 32]);
                }
                break;
            }
            case 9:
            case 10:
            case 11: {
                kind = "random base32 of any length";
                text = "TC:";
                const std::size_t length = random_() % 260;
                for (std::size_t index = 0; index < length; ++index) text.push_back(base32_alphabet[random_() % 32]);
                break;
            }
            default: {
                kind = "random bytes under version 1 and a known key id";
                std::vector<std::uint8_t> binary(binary_size);
                for (auto& byte : binary) byte = static_cast<std::uint8_t>(random_());
                binary[0] = 1;
                const KeyId& key_id = (random_() % 2 == 0 ? keys().a_current : keys().a_previous).key_id();
                std::copy(key_id.bytes().begin(), key_id.bytes().end(), binary.begin() + key_id_at);
                text = text_of(binary);
                break;
            }
        }
        expect(kind, text, expected_refusal(text));
    }

    std::uint64_t tried() const { return tried_; }
    std::uint64_t failures() const { return failures_; }
    const std::map<std::string, std::uint64_t>& by_kind() const { return by_kind_; }
    const std::map<std::string_view, std::uint64_t>& by_reason() const { return by_reason_; }

private:
    static const SigningKey& other(const SigningKey& key) {
        return key.key_id() == keys().a_current.key_id() ? keys().a_previous : keys().a_current;
    }

    void expect(const std::string& kind, std::string_view text, PayloadRefusal expected) {
        ++tried_;
        ++by_kind_[kind];
        const PayloadVerification verification = verify_a(text);
        const std::optional<PayloadRefusal> refusal = refusal_of(verification);
        if (refusal) ++by_reason_[rules::refusal_code(*refusal)];
        if (refusal != expected) {
            ++failures_;
            if (failures_ <= 10) {
                ADD_FAILURE() << kind << ": expected " << rules::refusal_code(expected) << ", got "
                              << (refusal ? rules::refusal_code(*refusal) : std::string_view("ACCEPTED")) << " for '"
                              << text.substr(0, 300) << "'";
            }
        }
    }

    std::mt19937_64 random_;
    std::uint64_t rounds_ = 0;
    std::uint64_t tried_ = 0;
    std::uint64_t failures_ = 0;
    std::map<std::string, std::uint64_t> by_kind_;
    std::map<std::string_view, std::uint64_t> by_reason_;
};

/// TICKETCORE_PAYLOAD_TRIES raises the count (e.g. 1000000 in a release build); at least 100,000.
std::uint64_t payload_tries() {
    constexpr std::uint64_t minimum = 100'000;
    const char* configured = std::getenv("TICKETCORE_PAYLOAD_TRIES");
    if (configured == nullptr) return minimum;
    return std::max<std::uint64_t>(minimum, std::strtoull(configured, nullptr, 10));
}

TEST(TicketPayload, RefusesEveryGeneratedBadPayloadWithItsReason) {
    const std::uint64_t wanted = payload_tries();
    const auto started = std::chrono::steady_clock::now();
    Trial trial(20'270'612);
    // Each round makes about 1,330 bad payloads from a genuine one, 3,000 random texts follow it.
    while (trial.tried() < wanted && trial.failures() == 0) {
        trial.round();
        for (int index = 0; index < 3'000 && trial.tried() < wanted; ++index) trial.random_text();
    }
    const auto elapsed =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    std::cout << "[ trial    ] " << trial.tried() << " bad payloads tried, " << trial.failures()
              << " not refused as expected, in " << elapsed.count() << " ms\n";
    for (const auto& [kind, count] : trial.by_kind()) std::cout << "[ trial    ]   " << kind << ": " << count << "\n";
    for (const auto& [reason, count] : trial.by_reason())
        std::cout << "[ trial    ]   -> " << reason << ": " << count << "\n";
    EXPECT_EQ(trial.failures(), 0U);
    EXPECT_GE(trial.tried(), wanted);
    RecordProperty("bad_payloads_tried", std::to_string(trial.tried()));
}

}  // namespace ticket_payload_test
