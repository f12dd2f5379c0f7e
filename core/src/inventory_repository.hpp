#pragma once
// Private to the core: the inventory ledger (claims) and the derived sold/reserved counters.

#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdint>
#include <optional>
#include <string>

#include "ticketcore/audit.hpp"
#include "ticketcore/time.hpp"

namespace ticketcore::repository {

enum class ClaimState { Reserved, Sold };

/// Takes `quantity` of a specification's capacity: appends a ledger row and moves the spec's and
/// its pools' counters with conditional updates, so no interleaving of writers oversells.
/// Throws CapacityError when the spec or one of its pools has too little left.
void claim_capacity(SQLite::Database& db, const std::string& claim_id, const std::string& specification_id,
                    std::int64_t quantity, ClaimState state, const std::string& source, Instant now);

/// Recounts the counters from the ledger; `organization_id` limits the check when set.
IntegrityReport check_counters(SQLite::Database& db, const std::optional<std::string>& organization_id);

}  // namespace ticketcore::repository
