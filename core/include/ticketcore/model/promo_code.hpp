#pragma once
/// @file promo_code.hpp
/// @brief Promo codes: a percentage or a fixed amount off, limited uses, a validity window,
/// limited to some specifications, optionally unlocking hidden ones.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ticketcore/values/money.hpp"
#include "ticketcore/values/time.hpp"

namespace ticketcore {

/// @brief A snapshot of a promo code.
struct PromoCode {
    std::string id;
    std::string event_id;
    std::string code;
    /// @brief Basis points off the eligible subtotal, or nullopt for a fixed amount.
    std::optional<std::int64_t> percent_off;
    /// @brief A fixed amount off the eligible subtotal (capped at it), or nullopt.
    std::optional<Money> amount_off;
    std::optional<std::int64_t> usage_limit;
    std::int64_t uses = 0;
    std::optional<Instant> valid_from;
    std::optional<Instant> valid_until;
    /// @brief The specifications it discounts; empty = every specification of the event.
    std::vector<std::string> specification_ids;
    /// @brief Private / invite-only specifications it makes buyable.
    std::vector<std::string> unlocks;
    Instant created;
    friend bool operator==(const PromoCode&, const PromoCode&) = default;
};

/// @brief Input of `promo_codes.create`: at most one of percent_off and amount_off; a code with
/// neither only unlocks specifications.
struct NewPromoCode {
    std::string event_id;
    std::string code;
    std::optional<std::int64_t> percent_off;
    std::optional<Amount> amount_off;
    std::optional<std::int64_t> usage_limit;
    std::optional<Instant> valid_from;
    std::optional<Instant> valid_until;
    std::vector<std::string> specification_ids;
    std::vector<std::string> unlocks;
};

}  // namespace ticketcore
