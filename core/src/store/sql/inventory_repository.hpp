#pragma once
// Private to the core: the inventory ledger (claims) and the derived sold/reserved counters.

#include "store/sqlite/statement.hpp"

#include <cstdint>
#include <optional>
#include <string>

#include "ticketcore/model/audit.hpp"
#include "ticketcore/values/time.hpp"

namespace ticketcore::repository {

enum class ClaimState { Reserved, Sold };

/// Takes `quantity` of a specification's capacity: appends a ledger row and moves the spec's and
/// its pools' counters with conditional updates, so no interleaving of writers oversells.
/// Throws CapacityError when the spec or one of its pools has too little left.
void claim_capacity(Connection& db, const std::string& claim_id, const std::string& specification_id,
                    std::int64_t quantity, ClaimState state, const std::string& source, Instant now);

/// Moves a reserved claim to sold (an order paid, a pre-generated ticket activated).
void settle_claim(Connection& db, const std::string& claim_id);
/// Gives a reserved or sold claim's capacity back (expiry, cancel, refund); the row stays as released.
void release_claim(Connection& db, const std::string& claim_id);

/// Test-only: with the guard off, claims increment the counters unconditionally, so only a
/// check made before the transaction (see Orders::place) stands between buyers and an oversell.
void set_capacity_guard_disabled(bool disabled, std::int64_t race_window_micros) noexcept;
bool capacity_guard_disabled() noexcept;
std::int64_t race_window_micros() noexcept;

/// Recounts the counters from the ledger; `organization_id` limits the check when set.
IntegrityReport check_counters(Connection& db, const std::optional<std::string>& organization_id);

}  // namespace ticketcore::repository
