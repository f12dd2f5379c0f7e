// The SQL repository of the audit log, shared by every SQL engine (layer 4, store).
#include "store/sql/not_indexed.hpp"
#include "store/sql/repositories.hpp"
#include "store/sql/statement.hpp"
#include "ticketcore/model/json.hpp"
#include "ticketcore/values/error.hpp"

namespace ticketcore::sql {

namespace {

class SqlAudit final : public repository::AuditRepository {
public:
    explicit SqlAudit(Session& db) : db(db) {}

    void insert_audit(const AuditEntry& entry) override {
        Statement insert(db,
                         "INSERT INTO audit_log (at_us, actor_id, organization_id, operation, entity_type, "
                         "entity_id, payload) VALUES (?, ?, ?, ?, ?, ?, ?)");
        insert.bind_all(entry.at.micros, entry.actor_id);
        if (entry.organization_id) insert.bind(3, *entry.organization_id);
        insert.bind(4, entry.operation);
        insert.bind(5, entry.entity_type);
        insert.bind(6, entry.entity_id);
        insert.bind(7, entry.payload);
        insert.exec_later();
    }

    std::vector<AuditEntry> query_audit(const AuditQuery& query,
                                        const std::optional<std::string>& organization_id) override {
        // One text per combination of filters, not `(? IS NULL OR ...)`: a plan PostgreSQL caches
        // for a prepared statement must not have to serve every combination with one index.
        // The platform's read of every organization's rows is marked as such (the tenant-scope
        // check of the tests lets it through); an organization's is scoped by it.
        std::string sql = std::string(organization_id ? "" : "/* every organization */ ") +
                          "SELECT sequence, at_us, actor_id, organization_id, operation, entity_type, entity_id, "
                          "payload FROM audit_log WHERE sequence > ?";
        // An entity has few rows: with one, the organization and the operation only filter what
        // its index finds, or SQLite, which does not weigh rows, would walk the organization's
        // rows of the operation instead.
        const bool by_entity = query.entity_id.has_value();
        if (organization_id) {
            sql += " AND " + (by_entity ? not_indexed(db, "organization_id") : std::string("organization_id")) + " = ?";
        }
        if (by_entity) sql += " AND entity_id = ?";
        if (query.operation) {
            sql += " AND " + (by_entity ? not_indexed(db, "operation") : std::string("operation")) + " = ?";
        }
        sql += " ORDER BY sequence LIMIT ?";
        Statement select(db, sql);
        int position = 0;
        select.bind(++position, query.after_sequence.value_or(0));
        if (organization_id) select.bind(++position, *organization_id);
        if (query.entity_id) select.bind(++position, *query.entity_id);
        if (query.operation) select.bind(++position, *query.operation);
        select.bind(++position, query.limit);
        std::vector<AuditEntry> entries;
        while (select.executeStep()) {
            AuditEntry entry;
            entry.sequence = select.getColumn(0).getInt64();
            entry.at = Instant{select.getColumn(1).getInt64()};
            entry.actor_id = select.getColumn(2).getString();
            if (!select.getColumn(3).isNull()) entry.organization_id = select.getColumn(3).getString();
            entry.operation = select.getColumn(4).getString();
            entry.entity_type = select.getColumn(5).getString();
            entry.entity_id = select.getColumn(6).getString();
            entry.payload = select.getColumn(7).getString();
            entries.push_back(std::move(entry));
        }
        return entries;
    }

private:
    Session& db;
};

}  // namespace

std::unique_ptr<repository::AuditRepository> make_audit(
    Session& session, const store::Tenant& /*tenant*/) {  // every call names its organization
    return std::make_unique<SqlAudit>(session);
}

}  // namespace ticketcore::sql
