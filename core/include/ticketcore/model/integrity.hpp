#pragma once
/// @file integrity.hpp
/// @brief What `check_integrity` reports: derived counters that differ from the recount of the
/// ledger, and quotas or pools holding more than their capacity.

#include <cstdint>
#include <string>
#include <vector>

namespace ticketcore {

/// @brief One derived counter that differs from the recount of the ledger.
struct CounterMismatch {
    std::string entity_type;  ///< "specification", "pool", "event" or "product"
    std::string entity_id;
    std::string counter;  ///< "sold" or "reserved"; an event's: "holders"
    std::int64_t stored = 0;
    std::int64_t recounted = 0;
    friend bool operator==(const CounterMismatch&, const CounterMismatch&) = default;
};

/// @brief A quota, pool or product stock holding more than its capacity (what the capacity and
/// stock guards prevent).
struct CapacityExcess {
    std::string entity_type;  ///< "specification", "pool" or "product"
    std::string entity_id;
    std::int64_t capacity = 0;
    std::int64_t taken = 0;  ///< sold + reserved
    friend bool operator==(const CapacityExcess&, const CapacityExcess&) = default;
};

/// @brief The result of `check_integrity`: ok when every counter equals its recount and no quota
/// or pool holds more than its capacity.
struct IntegrityReport {
    std::int64_t specifications_checked = 0;
    std::int64_t pools_checked = 0;
    std::vector<CounterMismatch> mismatches;
    std::vector<CapacityExcess> over_capacity;
    /// @brief Products whose stock counters were recounted.
    std::int64_t products_checked = 0;
    [[nodiscard]] bool ok() const noexcept { return mismatches.empty() && over_capacity.empty(); }
    friend bool operator==(const IntegrityReport&, const IntegrityReport&) = default;
};

}  // namespace ticketcore
