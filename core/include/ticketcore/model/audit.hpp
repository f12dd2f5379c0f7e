#pragma once
/// @file audit.hpp
/// @brief Audit rows written by every mutation, and the filter that reads them.

#include <cstdint>
#include <optional>
#include <string>

#include "ticketcore/values/time.hpp"

namespace ticketcore {

/// @brief One audit row: who did what to which entity, with a JSON payload.
struct AuditEntry {
    std::int64_t sequence = 0;
    Instant at;
    std::string actor_id;
    std::optional<std::string> organization_id;
    std::string operation;
    std::string entity_type;
    std::string entity_id;
    /// @brief JSON text: the entity after the operation (and before, for edits).
    std::string payload;
    friend bool operator==(const AuditEntry&, const AuditEntry&) = default;
};

/// @brief Filter for reading the audit log; empty fields match everything.
struct AuditQuery {
    std::optional<std::string> entity_id;
    std::optional<std::string> operation;
    std::optional<std::int64_t> after_sequence;
    std::int64_t limit = 100;
};

}  // namespace ticketcore
