#pragma once
// Private to the core: SQL of the audit log (layer 3).

#include "statement.hpp"

#include <optional>
#include <string>
#include <vector>

#include "ticketcore/audit.hpp"

namespace ticketcore::repository {

void insert_audit(Connection& db, const AuditEntry& entry);
/// Rows matching `query`, limited to `organization_id` when set, in sequence order.
std::vector<AuditEntry> query_audit(Connection& db, const AuditQuery& query,
                                    const std::optional<std::string>& organization_id);

}  // namespace ticketcore::repository
