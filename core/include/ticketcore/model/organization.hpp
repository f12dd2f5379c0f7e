#pragma once
/// @file organization.hpp
/// @brief The tenant: an organization with its currency and rounding mode.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ticketcore/values/currency.hpp"
#include "ticketcore/values/money.hpp"
#include "ticketcore/values/rounding.hpp"
#include "ticketcore/values/time.hpp"

namespace ticketcore {

/// @brief The kind of value a field of the customer-data form takes (seed 001's customer data).
enum class CustomerFieldType : std::uint8_t { Text, Email, Phone, Country, Boolean };
/// @brief "TEXT", "EMAIL", "PHONE", "COUNTRY", "BOOLEAN".
std::string_view to_string(CustomerFieldType type) noexcept;
CustomerFieldType customer_field_type_from_string(std::string_view text);

/// @brief A field of an organization's customer-data form: its dot-notation key (`address.city`)
/// and the kind of value it takes.
struct CustomerField {
    std::string key;
    CustomerFieldType type = CustomerFieldType::Text;
    friend bool operator==(const CustomerField&, const CustomerField&) = default;
};

/// @brief The form every organization starts with: first_name, last_name, email, phone, company,
/// address.street, address.postal_code, address.city, address.country and newsletter (a boolean).
const std::vector<CustomerField>& default_customer_form();

/// @brief A snapshot of an organization.
struct Organization {
    std::string id;
    std::string name;
    Currency currency = Currency::of("EUR");
    RoundingMode rounding = RoundingMode::HalfUp;
    /// @brief Turned on by the first paid ticket specification (seed 002/003).
    bool billing_profile_enabled = false;
    /// @brief Whether refunds give the fees paid back too (see docs/refunds.md); off by default:
    /// a refund returns the price paid after discounts, the booking fees stay.
    bool refund_fees = false;
    /// @brief The fee every box-office sale with items adds (a generated line item), VAT at
    /// `box_office_fee_vat_rate` (basis points) included; none by default.
    Money box_office_fee = Money::zero(Currency::of("EUR"));
    std::int64_t box_office_fee_vat_rate = 0;
    /// @brief The fields `sales.apply_customer_data` takes, in the order staff fill them in.
    std::vector<CustomerField> customer_form = default_customer_form();
    Instant created;
    friend bool operator==(const Organization&, const Organization&) = default;
};

/// @brief Input of `organizations.create`.
struct NewOrganization {
    std::string name;
    std::string currency;
    RoundingMode rounding = RoundingMode::HalfUp;
    bool refund_fees = false;
};

/// @brief Where an organization's signing key is in its life (rules/key_rules.hpp): `Active` signs
/// new ticket payloads (one per organization); `Verifying` was rotated out and still verifies the
/// payloads it signed; `Retired` verifies nothing any more.
enum class KeyState { Active, Verifying, Retired };
/// @brief "active" / "verifying" / "retired".
std::string_view to_string(KeyState state) noexcept;
KeyState key_state_from_string(std::string_view text);

/// @brief The public half of one of an organization's Ed25519 signing keys: what a scanner needs
/// to verify ticket payloads offline. The private key never leaves the store.
struct SigningKeyInfo {
    /// @brief 16 lowercase hex digits: the first 8 bytes of the SHA-256 of the public key, as a
    /// payload names its key.
    std::string key_id;
    /// @brief The raw 32-byte Ed25519 public key (RFC 8032) as 64 lowercase hex digits.
    std::string public_key;
    KeyState state = KeyState::Active;
    Instant created;
    /// @brief When a newer key replaced it as the active one.
    std::optional<Instant> rotated;
    /// @brief When it was retired.
    std::optional<Instant> retired;
    friend bool operator==(const SigningKeyInfo&, const SigningKeyInfo&) = default;
};

}  // namespace ticketcore
