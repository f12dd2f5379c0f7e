#pragma once
/// @file order_rules.hpp
/// @brief Rules of placing, paying, expiring and cancelling orders (layer 2): no SQL, no clock.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ticketcore/values/time.hpp"

#include "ticketcore/model/buyer.hpp"
#include "ticketcore/model/event.hpp"
#include "ticketcore/model/order.hpp"
#include "ticketcore/model/promo_code.hpp"
#include "ticketcore/model/specification.hpp"
#include "ticketcore/rules/hold_rules.hpp"

namespace ticketcore::rules {

/// @brief The hold of a pending order when the store sets none: 15 minutes.
inline constexpr std::int64_t default_hold_micros = 15LL * 60 * 1'000'000;

/// @brief Name and e-mail required; an e-mail has one '@' with text on both sides.
void validate_buyer(const BuyerInput& buyer);
/// @brief Orders need a published event.
void check_event_on_sale(EventState state);
/// @brief Quantity must be at least 1.
void check_quantity(std::int64_t quantity);
/// @brief Active, inside its sale window at `now`, and visible (public, or `unlocked` by a code).
void check_specification_on_sale(const TicketSpecification& spec, Instant now, bool unlocked);
/// @brief Seed 003's per-user cap over all of the buyer's live orders and tickets:
/// CapacityError `too_many_tickets_per_user`, "Too many tickets per user".
void check_per_user_limit(std::optional<std::int64_t> maximum, std::int64_t already_held, std::int64_t requested);
/// @brief Usable at `now` and below its usage limit.
void check_promo_code_usable(const PromoCode& code, Instant now);
/// @brief What counts against a per-user limit: the units on the buyer's pending orders (held or
/// not yet swept) plus the buyer's live tickets (see rules::counted_tickets), saturating.
[[nodiscard]] std::int64_t units_held_by_buyer(std::int64_t pending_units, std::int64_t live_tickets) noexcept;
/// @brief The identity a buyer is known by within an organization: the user id when there is
/// one, else the e-mail in lower case (ASCII), so "Ann@x.dk" and "ann@x.dk" are one guest.
[[nodiscard]] std::string buyer_identity(const BuyerInput& buyer);
/// @brief A buyer as a later order, comp or door sale with the same identity leaves it: a guest
/// keeps the name and e-mail of its first one (a later one changes neither, whatever it gives); a
/// platform user's name and e-mail become the ones given; the phone and avatar URL become the ones
/// given when not empty. The id and user id never change.
[[nodiscard]] Buyer merge_buyer(Buyer stored, const BuyerInput& given);
/// @brief Only a pending order can be cancelled.
void check_can_cancel(OrderState state);
/// @brief Longest idempotency key, in characters (code points).
inline constexpr std::size_t max_idempotency_key_length = 200;
/// @brief An idempotency key (UTF-8): not empty or only white space, at most 200 characters, no
/// control characters (C0, DEL, C1). ValidationError `invalid_idempotency_key` naming the parameter.
void check_idempotency_key(std::string_view key);

}  // namespace ticketcore::rules
