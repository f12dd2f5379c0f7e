#pragma once
/// @file specification.hpp
/// @brief Ticket specifications (the SKU of seeds 002/003/004).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ticketcore/values/money.hpp"
#include "ticketcore/values/time.hpp"

namespace ticketcore {

/// @brief Who can see and buy a specification (seed 004).
enum class Visibility { Public, Private, InviteOnly };
/// @brief "public" / "private" / "invite-only".
std::string_view to_string(Visibility visibility) noexcept;
/// @brief Inverse of to_string; throws ValidationError `unknown_visibility`.
Visibility visibility_from_string(std::string_view text);

/// @brief A snapshot of a ticket specification with its live counters.
struct TicketSpecification {
    std::string id;
    std::string event_id;
    std::string name;
    /// @brief Localized names by locale ("da", "de-AT"); `name` is the fallback.
    std::map<std::string, std::string> names;
    std::string description;
    Money price = Money::zero(Currency::of("EUR"));
    /// @brief VAT rate in basis points included in the price (the event's); 0 = none.
    std::int64_t vat_rate = 0;
    Money ticket_platform_fee = Money::zero(Currency::of("EUR"));
    /// @brief Basis points of the price.
    std::int64_t ticket_percentage_fee = 0;
    /// @brief price × ticket_percentage_fee, rounded by the organization's mode.
    Money percentage_fee_amount = Money::zero(Currency::of("EUR"));
    /// @brief Quota; nullopt = unlimited. Seed 004 calls it capacity.
    std::optional<std::int64_t> number_of_tickets_for_sale;
    /// @brief Per-buyer cap; nullopt = no cap.
    std::optional<std::int64_t> maximum_number_of_tickets_per_user;
    std::int64_t number_of_tickets_sold = 0;
    std::int64_t number_of_tickets_reserved = 0;
    /// @brief What can still be taken: minimum over the quota and every pool; nullopt = unlimited.
    std::optional<std::int64_t> available;
    bool is_active = false;
    std::optional<Instant> sale_start;
    std::optional<Instant> sale_end;
    std::vector<std::string> perks;
    Visibility visibility = Visibility::Public;
    bool transferable = true;
    bool allow_reentry = false;
    /// @brief Total scans allowed including the first; nullopt = unlimited when re-entry is allowed.
    std::optional<std::int64_t> reentry_limit;
    std::vector<std::string> accepted_scan_points;
    std::string refund_policy;
    std::vector<std::string> pool_ids;
    std::vector<std::string> event_date_ids;
    Instant created;

    /// @brief true when VAT is included in the price (seed 002: any non-zero VAT).
    [[nodiscard]] bool include_vat() const noexcept { return vat_rate != 0; }
    /// @brief The name for `locale`: exact match, then its language ("da" for "da-DK"), then `name`.
    [[nodiscard]] const std::string& name_for(std::string_view locale) const;

    friend bool operator==(const TicketSpecification&, const TicketSpecification&) = default;
};

/// @brief Input of `specifications.add`. Fees default to the event's.
struct NewSpecification {
    std::string event_id;
    std::string name;
    std::map<std::string, std::string> names;
    std::string description;
    Amount price;
    std::optional<Amount> ticket_platform_fee;
    std::optional<std::int64_t> ticket_percentage_fee;
    std::optional<std::int64_t> number_of_tickets_for_sale;
    std::optional<std::int64_t> maximum_number_of_tickets_per_user;
    std::optional<Instant> sale_start;
    std::optional<Instant> sale_end;
    std::vector<std::string> perks;
    Visibility visibility = Visibility::Public;
    bool transferable = true;
    bool allow_reentry = false;
    std::optional<std::int64_t> reentry_limit;
    std::vector<std::string> accepted_scan_points;
    std::string refund_policy;
};

/// @brief Input of `specifications.edit`: nullopt keeps the current value. For nullable
/// fields the inner optional is the new value, so `std::optional{std::nullopt}` clears it.
struct SpecificationChanges {
    std::optional<std::string> name;
    std::optional<std::map<std::string, std::string>> names;
    std::optional<std::string> description;
    std::optional<Amount> price;
    std::optional<Amount> ticket_platform_fee;
    std::optional<std::int64_t> ticket_percentage_fee;
    std::optional<std::optional<std::int64_t>> number_of_tickets_for_sale;
    std::optional<std::optional<std::int64_t>> maximum_number_of_tickets_per_user;
    std::optional<std::optional<Instant>> sale_start;
    std::optional<std::optional<Instant>> sale_end;
    std::optional<std::vector<std::string>> perks;
    std::optional<Visibility> visibility;
    std::optional<bool> transferable;
    std::optional<bool> allow_reentry;
    std::optional<std::optional<std::int64_t>> reentry_limit;
    std::optional<std::vector<std::string>> accepted_scan_points;
    std::optional<std::string> refund_policy;
};

}  // namespace ticketcore
