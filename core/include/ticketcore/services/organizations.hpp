#pragma once
/// @file organizations.hpp
/// @brief The `Organizations` area of a Store (see store.hpp for how every operation runs).

#include <string>
#include <utility>
#include <vector>

#include "ticketcore/model/organization.hpp"
#include "ticketcore/services/store.hpp"

namespace ticketcore {

/// @brief Organizations: the tenants. Creating one needs `platform:admin`; changing its refund
/// policy `events:write` in it (or `platform:admin`). Each is made with an Ed25519 signing key for
/// its tickets' QR payloads (rules/ticket_payload.hpp).
class Organizations {
public:
    explicit Organizations(Store store) : store_(std::move(store)) {}
    Organization create(const NewOrganization& input) const;
    [[nodiscard]] Organization get(const std::string& id) const;
    /// @brief The actor's organization's signing keys that still verify (the active one and those
    /// rotated out but not retired), oldest first: the public keys a scanner needs. Needs
    /// `events:read` or `scan`.
    [[nodiscard]] std::vector<SigningKeyInfo> signing_keys() const;
    /// @brief Makes a new active signing key; the previous one is kept for verifying the payloads
    /// it signed until it is retired. Needs `events:write`.
    SigningKeyInfo rotate_signing_key() const;
    /// @brief Retires a key kept for verifying: payloads it signed are refused from then on
    /// (`unknown_key`). Needs `events:write`.
    SigningKeyInfo retire_signing_key(const std::string& key_id) const;
    /// @brief Whether the organization's refunds give the fees paid back (Organization::refund_fees);
    /// refunds started later follow it, those started before keep theirs.
    Organization set_refund_fees(const std::string& id, bool refund_fees) const;
    /// @brief Sets the fee every box-office sale with items adds (0 for none), VAT at `vat_rate`
    /// basis points included; open sales take it at their next change. Scope `events:write` of the
    /// organization (or platform:admin).
    Organization set_box_office_fee(const std::string& id, const Amount& fee, std::int64_t vat_rate = 0) const;
    /// @brief Sets the customer-data form `sales.apply_customer_data` checks against (seed 001):
    /// the fields in order, each a dot-notation key and a type (rules::check_customer_form says
    /// what is accepted); nullopt restores default_customer_form. Values stored on sales before
    /// stay as they are. Scope `events:write` of the organization (or platform:admin).
    Organization set_customer_form(const std::string& id,
                                   const std::optional<std::vector<CustomerField>>& fields) const;

private:
    Store store_;
};

}  // namespace ticketcore
