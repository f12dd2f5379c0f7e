#pragma once
/// @file hold_rules.hpp
/// @brief When a pending order's hold has run out, and the order state a reader sees because of it
/// (layer 3): no SQL, no clock. The one definition of expiry: the services test rows with it and
/// hand the repositories its cutoff, so SQL filters through its indexes without deciding anew.

#include <optional>
#include <vector>

#include "ticketcore/model/order.hpp"
#include "ticketcore/values/time.hpp"

namespace ticketcore::rules {

/// @brief The last instant at which a hold counts as run out, at some "now": a hold that runs
/// until `expires` has run out exactly when `expires <= last_ran_out`. A repository handed one
/// compares `expires_us <= last_ran_out` (run out) or `expires_us > last_ran_out` (still running),
/// never anything else, so whether the expiry instant itself belongs to the hold is decided here.
struct HoldCutoff {
    Instant last_ran_out;
};

/// @brief The cutoff at `now`: a hold has run out from its expiry on (the expiry instant included).
[[nodiscard]] constexpr HoldCutoff hold_cutoff(Instant now) noexcept {
    return HoldCutoff{now};
}
/// @brief Whether a hold that runs until `expires` has run out at `cutoff`.
[[nodiscard]] constexpr bool hold_ran_out(Instant expires, HoldCutoff cutoff) noexcept {
    return expires <= cutoff.last_ran_out;
}
/// @brief Whether a hold that runs until `expires` has run out at `now` (the one test of expiry:
/// reads, sweeps and late payments all use it).
[[nodiscard]] constexpr bool hold_expired(Instant expires, Instant now) noexcept {
    return hold_ran_out(expires, hold_cutoff(now));
}
/// @brief The state a reader sees: a pending order past `expires` is Expired even before a sweep.
OrderState effective_state(OrderState stored, Instant expires, Instant now) noexcept;

/// @brief Which stored orders a match takes by their hold: every one, those whose hold still runs,
/// or those whose hold ran out (at a HoldCutoff).
enum class HoldMatch { any, running, ran_out };
/// @brief Stored orders as a repository can select them through its indexes: a stored state (none:
/// every state) and a hold match.
struct StoredOrderMatch {
    std::optional<OrderState> stored_state;
    HoldMatch hold = HoldMatch::any;
    /// @brief Equal when both the stored state and the hold match are.
    friend bool operator==(const StoredOrderMatch&, const StoredOrderMatch&) = default;
};
/// @brief The stored orders whose effective state is `effective` (none: every order), as matches
/// that do not overlap: Pending is a pending order whose hold still runs; Expired is an order
/// stored expired or a pending one whose hold ran out; Paid and Cancelled are the stored states.
[[nodiscard]] std::vector<StoredOrderMatch> stored_matches(std::optional<OrderState> effective);
/// @brief Whether an order stored as `stored`, held until `expires`, is one `match` takes at
/// `cutoff` (what a repository's SQL does with the match, said once in C++).
[[nodiscard]] bool matches(const StoredOrderMatch& match, OrderState stored, Instant expires,
                           HoldCutoff cutoff) noexcept;

}  // namespace ticketcore::rules
