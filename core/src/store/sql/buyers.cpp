// The SQL repository of buyers, shared by every SQL engine (layer 4, store).
#include "store/sql/repositories.hpp"
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
    explicit SqlBuyers(Session& db) : db(db) {}

    Buyer upsert_buyer(const std::string& organization_id, const std::string& identity, const BuyerInput& input,
                       const std::string& new_id, Instant now) override {
        Statement upsert(db,
                         "INSERT INTO buyer (id, organization_id, identity, user_id, name, email, phone, avatar_url, "
                         "created_us) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
                         "ON CONFLICT (organization_id, identity) DO UPDATE SET "
                         "name = CASE WHEN buyer.user_id IS NULL THEN buyer.name ELSE ?5 END, "
                         "email = CASE WHEN buyer.user_id IS NULL THEN buyer.email ELSE ?6 END, "
                         "phone = CASE WHEN ?7 = '' THEN buyer.phone ELSE ?7 END, "
                         "avatar_url = CASE WHEN ?8 = '' THEN buyer.avatar_url ELSE ?8 END "
                         "RETURNING id, user_id, name, email, phone, avatar_url");
        upsert.bind_all(new_id, organization_id, identity);
        bind_optional(upsert, 4, input.user_id);
        upsert.bind(5, input.name);
        upsert.bind(6, input.email);
        upsert.bind(7, input.phone);
        upsert.bind(8, input.avatar_url);
        upsert.bind(9, now.micros);
        upsert.executeStep();
        Buyer buyer = read_buyer(upsert);
        while (upsert.executeStep()) {}
        return buyer;
    }

    std::optional<Buyer> lock_buyer(const std::string& id) override { return read_buyer_row(id, true); }

    std::optional<Buyer> find_buyer(const std::string& id) override { return read_buyer_row(id, false); }

    std::vector<Buyer> find_buyers(const std::vector<std::string>& ids) override {
        std::vector<Buyer> buyers;
        for_each_row_in(db, ids, "SELECT id, user_id, name, email, phone, avatar_url FROM buyer WHERE ", "id", "",
                        [&](Statement& row) { buyers.push_back(read_buyer(row)); });
        return buyers;
    }

private:
    std::optional<Buyer> read_buyer_row(const std::string& id, bool locked) {
        Statement query(db, "SELECT id, user_id, name, email, phone, avatar_url FROM buyer WHERE id = ?" +
                                (locked ? for_update_of(db, "buyer") : ""));
        query.bind(1, id);
        if (!query.executeStep()) return std::nullopt;
        return read_buyer(query);
    }

    Session& db;
};

}  // namespace

std::unique_ptr<repository::BuyerRepository> make_buyers(Session& session) {
    return std::make_unique<SqlBuyers>(session);
}

}  // namespace ticketcore::sql
