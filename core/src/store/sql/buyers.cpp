// The SQL repository of buyers, shared by every SQL engine (layer 4, store).
#include "store/sql/batched_read.hpp"
#include "store/sql/column.hpp"
#include "store/sql/locks.hpp"
#include "store/sql/repositories.hpp"
#include "store/sql/run.hpp"
#include "store/sql/statement.hpp"
#include "ticketcore/model/json.hpp"
#include "ticketcore/values/error.hpp"

namespace ticketcore::sql {

namespace {

Buyer read_buyer(Statement& row) {
    return Buyer{row.getColumn(0).getString(), optional_text(row.getColumn(1)), row.getColumn(2).getString(),
                 row.getColumn(3).getString(), row.getColumn(4).getString(),    row.getColumn(5).getString()};
}

class SqlBuyers final : public repository::BuyerRepository {
public:
    SqlBuyers(Session& db, std::optional<std::string> tenant) : db(db), tenant(std::move(tenant)) {}

    Buyer insert_or_find_buyer(const std::string& organization_id, const std::string& identity, const Buyer& candidate,
                               Instant now) override {
        // On a conflict the row is touched (its identity set to itself), not left alone: so that
        // the statement returns it, and holds its lock, whichever caller inserted it.
        Statement upsert(db,
                         "INSERT INTO buyer (id, organization_id, identity, user_id, name, email, phone, avatar_url, "
                         "created_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                         "ON CONFLICT (organization_id, identity) DO UPDATE SET identity = excluded.identity "
                         "RETURNING id, user_id, name, email, phone, avatar_url");
        upsert.bind_all(candidate.id, organization_id, identity);
        bind_optional(upsert, 4, candidate.user_id);
        upsert.bind(5, candidate.name);
        upsert.bind(6, candidate.email);
        upsert.bind(7, candidate.phone);
        upsert.bind(8, candidate.avatar_url);
        upsert.bind(9, now.micros);
        upsert.executeStep();
        Buyer buyer = read_buyer(upsert);
        while (upsert.executeStep()) {}
        return buyer;
    }

    void update_buyer_contact(const Buyer& buyer) override {
        run_later(
            db, "UPDATE buyer SET name = ?, email = ?, phone = ?, avatar_url = ? WHERE id = ? AND organization_id = ?",
            buyer.name, buyer.email, buyer.phone, buyer.avatar_url, buyer.id, tenant);
    }

    std::optional<Buyer> lock_buyer(const std::string& id) override { return read_buyer_row(id, true); }

    std::optional<Buyer> find_buyer(const std::string& id) override { return read_buyer_row(id, false); }

    std::optional<Buyer> find_buyer_by_identity(const std::string& identity) override {
        // The key (organization_id, identity).
        Statement query(db,
                        "SELECT id, user_id, name, email, phone, avatar_url FROM buyer WHERE organization_id = ? "
                        "AND identity = ?");
        query.bind_all(tenant, identity);
        if (!query.executeStep()) return std::nullopt;
        return read_buyer(query);
    }

    std::vector<Buyer> find_buyers(const std::vector<std::string>& ids) override {
        std::vector<Buyer> buyers;
        for_each_row_in(db, tenant, ids,
                        "SELECT id, user_id, name, email, phone, avatar_url FROM buyer WHERE organization_id = ? AND ",
                        "id", "", [&](Statement& row) { buyers.push_back(read_buyer(row)); });
        return buyers;
    }

private:
    std::optional<Buyer> read_buyer_row(const std::string& id, bool locked) {
        Statement query(
            db, "SELECT id, user_id, name, email, phone, avatar_url FROM buyer WHERE id = ? AND organization_id = ?" +
                    (locked ? for_update_of(db, "buyer") : ""));
        query.bind_all(id, tenant);
        if (!query.executeStep()) return std::nullopt;
        return read_buyer(query);
    }

    Session& db;
    const std::optional<std::string> tenant;
};

}  // namespace

std::unique_ptr<repository::BuyerRepository> make_buyers(Session& session, const store::Tenant& tenant) {
    return std::make_unique<SqlBuyers>(session, tenant.id());
}

}  // namespace ticketcore::sql
