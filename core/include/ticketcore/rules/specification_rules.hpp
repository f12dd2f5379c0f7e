#pragma once
/// @file specification_rules.hpp
/// @brief Every rule of seed 003 (and the storefront fields of seed 004) as pure functions.
///
/// Messages are the seed's, verbatim where it gives one.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "ticketcore/model/event.hpp"
#include "ticketcore/model/specification.hpp"
#include "ticketcore/values/money.hpp"
#include "ticketcore/values/rounding.hpp"

namespace ticketcore::rules {

/// @brief The smallest non-zero price in minor units (seed 003: 10 DKK).
inline constexpr std::int64_t minimum_paid_price = 1000;

/// @brief The field values a specification would have after add or edit.
struct SpecificationFields {
    std::string_view name;
    const std::map<std::string, std::string>* names = nullptr;
    std::int64_t price = 0;
    std::int64_t ticket_platform_fee = 0;
    std::int64_t ticket_percentage_fee = 0;
    std::optional<std::int64_t> number_of_tickets_for_sale;
    std::optional<std::int64_t> maximum_number_of_tickets_per_user;
    std::optional<Instant> sale_start;
    std::optional<Instant> sale_end;
    const std::vector<std::string>* perks = nullptr;
    bool allow_reentry = false;
    std::optional<std::int64_t> reentry_limit;
    const std::vector<std::string>* accepted_scan_points = nullptr;
};

/// @brief Field rules: name required, price 0 or >= 1000, quota >= per-user maximum
/// ("Too many tickets per user"), non-negative numbers, sale window order, re-entry limit.
void validate_specification(const SpecificationFields& fields);
/// @brief Seed 003: the event must not be completed.
void check_can_add(EventState event_state);
/// @brief The most ticket specifications, and the most capacity pools, one event has: their
/// lists are read whole, so their size is bounded here instead of paged.
inline constexpr std::int64_t max_specifications_per_event = 200;
inline constexpr std::int64_t max_pools_per_event = 200;
/// @brief Refuses a specification beyond `max_specifications_per_event` (ConflictError
/// `specification_limit_reached`), given how many the event has.
void check_room_for_specification(std::int64_t existing);
/// @brief Refuses a pool beyond `max_pools_per_event` (ConflictError `pool_limit_reached`).
void check_room_for_pool(std::int64_t existing);
/// @brief Seed 003: only an inactive spec of a draft event can be edited.
void check_can_edit(EventState event_state, bool spec_is_active);
/// @brief Seed 003: activation toggles in draft and published, blocked when completed.
void check_can_set_active(EventState event_state);
/// @brief Seed 003: removal only in draft and with nothing sold or reserved.
void check_can_remove(EventState event_state, std::string_view spec_id, std::int64_t sold, std::int64_t reserved);
/// @brief "Ticket specification with id: <id> not found."
[[noreturn]] void throw_specification_not_found(std::string_view spec_id);

/// @brief A quota or pool: how much there is and what is taken.
struct CapacityBucket {
    std::optional<std::int64_t> size;  ///< nullopt = unlimited
    std::int64_t sold = 0;
    std::int64_t reserved = 0;
};

/// @brief Availability of a spec: the minimum over its own quota and its pools, never negative;
/// nullopt when every bucket is unlimited.
std::optional<std::int64_t> availability(const CapacityBucket& own, std::span<const CapacityBucket> pools);
/// @brief Seed 002's percentageFeeAmount: the percentage fee one ticket of `price` carries
/// (`basis_points` of it), rounded once by the organization's `rounding`.
[[nodiscard]] Money percentage_fee_amount(Money price, std::int64_t basis_points, RoundingMode rounding);
/// @brief A stored specification as its snapshot shows it: `stored` with the fields computed from
/// the stored ones, percentage_fee_amount (by the organization's `rounding`) and available (its
/// own quota and `pools`, the counters of its pools).
[[nodiscard]] TicketSpecification specification_snapshot(TicketSpecification stored, RoundingMode rounding,
                                                         std::span<const CapacityBucket> pools);
/// @brief What a pool of `size` has left: never below zero.
[[nodiscard]] constexpr std::int64_t pool_available(std::int64_t size, std::int64_t sold,
                                                    std::int64_t reserved) noexcept {
    return size - sold - reserved > 0 ? size - sold - reserved : 0;
}

}  // namespace ticketcore::rules
