#pragma once
// Private to the core (layer 4, store): the audit log.

#include <optional>
#include <string>
#include <vector>

#include "ticketcore/model/audit.hpp"

namespace ticketcore::repository {

class AuditRepository {
public:
    AuditRepository() = default;
    AuditRepository(const AuditRepository&) = delete;
    AuditRepository& operator=(const AuditRepository&) = delete;
    virtual ~AuditRepository() = default;

    virtual void insert_audit(const AuditEntry& entry) = 0;
    /// @brief Rows matching `query`, limited to `organization_id` when set, in sequence order.
    virtual std::vector<AuditEntry> query_audit(const AuditQuery& query,
                                                const std::optional<std::string>& organization_id) = 0;
};

}  // namespace ticketcore::repository
