// The SQL repository of the outbox, shared by every SQL engine (layer 4, store).
#include "store/sql/locks.hpp"
#include "store/sql/repositories.hpp"
#include "store/sql/statement.hpp"
#include "ticketcore/model/json.hpp"
#include "ticketcore/values/error.hpp"

namespace ticketcore::sql {

namespace {

class SqlOutbox final : public repository::OutboxRepository {
public:
    explicit SqlOutbox(Session& db) : db(db) {}

    void insert_outbox(const std::string& organization_id, const std::string& topic, const std::string& entity_id,
                       const std::string& payload, Instant at) override {
        // Sequences are handed out at insert, not at commit: without this lock (held until the
        // transaction ends) a lower sequence could commit after a higher one was read and
        // acknowledged, and acknowledging "up to" would skip it. The organization's event
        // writers take turns from their first event to their commit.
        lock_key(db, "outbox:" + organization_id);
        Statement insert(db,
                         "INSERT INTO outbox (organization_id, topic, entity_id, payload, created_us) "
                         "VALUES (?, ?, ?, ?, ?)");
        insert.bind_all(organization_id, topic, entity_id, payload, at.micros);
        insert.exec_later();
    }

    std::vector<OutboxEvent> pending_outbox(const std::string& organization_id, std::int64_t limit) override {
        Statement query(db,
                        "SELECT sequence, topic, entity_id, payload, created_us FROM outbox WHERE "
                        "organization_id = ? AND acknowledged_us IS NULL ORDER BY sequence LIMIT ?");
        query.bind_all(organization_id, limit);
        std::vector<OutboxEvent> events;
        while (query.executeStep()) {
            events.push_back(OutboxEvent{query.getColumn(0).getInt64(), query.getColumn(1).getString(),
                                         query.getColumn(2).getString(), query.getColumn(3).getString(),
                                         Instant{query.getColumn(4).getInt64()}});
        }
        return events;
    }

    std::int64_t acknowledge_outbox(const std::string& organization_id, std::int64_t up_to, Instant at) override {
        Statement update(db,
                         "UPDATE outbox SET acknowledged_us = ? WHERE organization_id = ? AND sequence <= ? "
                         "AND acknowledged_us IS NULL");
        update.bind_all(at.micros, organization_id, up_to);
        return update.exec();
    }

private:
    Session& db;
};

}  // namespace

std::unique_ptr<repository::OutboxRepository> make_outbox(
    Session& session, const store::Tenant& /*tenant*/) {  // every call names its organization
    return std::make_unique<SqlOutbox>(session);
}

}  // namespace ticketcore::sql
