// The SQL repository of idempotency keys, shared by every SQL engine (layer 4, store).
#include "store/sql/locks.hpp"
#include "store/sql/repositories.hpp"
#include "store/sql/statement.hpp"
#include "ticketcore/model/json.hpp"
#include "ticketcore/values/error.hpp"

namespace ticketcore::sql {

using repository::IdempotencyRecord;

namespace {

class SqlIdempotency final : public repository::IdempotencyRepository {
public:
    explicit SqlIdempotency(Session& db) : db(db) {}

    void lock_idempotency_key(const std::string& organization_id, const std::string& operation,
                              const std::string& key) override {
        lock_key(db, "idempotency:" + organization_id + ":" + operation + ":" + key);
    }

    std::optional<IdempotencyRecord> find_idempotency(const std::string& organization_id, const std::string& operation,
                                                      const std::string& key) override {
        Statement query(db,
                        "SELECT fingerprint, result_ids FROM idempotency WHERE organization_id = ? AND "
                        "operation = ? AND key = ?");
        query.bind_all(organization_id, operation, key);
        if (!query.executeStep()) return std::nullopt;
        return IdempotencyRecord{query.getColumn(0).getString(),
                                 Json::parse(query.getColumn(1).getString()).get<std::vector<std::string>>()};
    }

    void insert_idempotency(const std::string& organization_id, const std::string& operation, const std::string& key,
                            const std::string& fingerprint, const std::vector<std::string>& result_ids,
                            Instant at) override {
        Statement insert(
            db,
            "INSERT INTO idempotency (organization_id, operation, key, fingerprint, result_ids, created_us) "
            "VALUES (?, ?, ?, ?, ?, ?)");
        insert.bind_all(organization_id, operation, key, fingerprint, Json(result_ids).dump(), at.micros);
        insert.exec_later();
    }

private:
    Session& db;
};

}  // namespace

std::unique_ptr<repository::IdempotencyRepository> make_idempotency(
    Session& session, const store::Tenant& /*tenant*/) {  // every call names its organization
    return std::make_unique<SqlIdempotency>(session);
}

}  // namespace ticketcore::sql
