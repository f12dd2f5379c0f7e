#pragma once
/// @file organization.hpp
/// @brief The tenant: an organization with its currency and rounding mode.

#include <string>

#include "ticketcore/values/currency.hpp"
#include "ticketcore/values/rounding.hpp"
#include "ticketcore/values/time.hpp"

namespace ticketcore {

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

}  // namespace ticketcore
