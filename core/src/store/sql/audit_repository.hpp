#pragma once
// Private to the core: SQL of the audit log (layer 3).

#include "store/sqlite/statement.hpp"

#include <optional>
#include <string>
#include <vector>

#include "ticketcore/model/audit.hpp"

namespace ticketcore::repository {

void insert_audit(Connection& db, const AuditEntry& entry);
/// Rows matching `query`, limited to `organization_id` when set, in sequence order.
std::vector<AuditEntry> query_audit(Connection& db, const AuditQuery& query,
                                    const std::optional<std::string>& organization_id);

}  // namespace ticketcore::repository
