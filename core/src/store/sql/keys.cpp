// The SQL repository of signing keys, shared by every SQL engine (layer 4, store).
#include "store/sql/column.hpp"
#include "store/sql/repositories.hpp"
#include "store/sql/run.hpp"
#include "store/sql/statement.hpp"

namespace ticketcore::sql {

namespace {

constexpr const char* key_columns =
    "SELECT key_id, public_key, state, created_us, rotated_us, retired_us FROM signing_key "
    "WHERE organization_id = ? AND ";

SigningKeyInfo read_key(Statement& row) {
    SigningKeyInfo key;
    key.key_id = row.getColumn(0).getString();
    key.public_key = row.getColumn(1).getString();
    key.state = key_state_from_string(row.getColumn(2).getString());
    key.created = Instant{row.getColumn(3).getInt64()};
    key.rotated = optional_instant(row.getColumn(4));
    key.retired = optional_instant(row.getColumn(5));
    return key;
}

class SqlKeys final : public repository::KeyRepository {
public:
    explicit SqlKeys(Session& db) : db(db) {}

    void insert_key(const std::string& organization_id, const SigningKeyInfo& key,
                    const std::string& private_seed) override {
        run(db,
            "INSERT INTO signing_key (organization_id, key_id, public_key, private_seed, state, created_us) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            organization_id, key.key_id, key.public_key, private_seed, std::string(to_string(key.state)),
            key.created.micros);
    }

    std::optional<repository::ActiveKeyRow> active_key(const std::string& organization_id) override {
        Statement query(db,
                        "SELECT key_id, private_seed FROM signing_key WHERE organization_id = ? AND state = 'active'");
        query.bind_all(organization_id);
        if (!query.executeStep()) return std::nullopt;
        return repository::ActiveKeyRow{query.getColumn(0).getString(), query.getColumn(1).getString()};
    }

    std::vector<SigningKeyInfo> live_keys(const std::string& organization_id) override {
        Statement query(db, std::string(key_columns) + "state <> 'retired' ORDER BY rowid");
        query.bind_all(organization_id);
        std::vector<SigningKeyInfo> keys;
        while (query.executeStep()) keys.push_back(read_key(query));
        return keys;
    }

    std::optional<SigningKeyInfo> find_key(const std::string& organization_id, const std::string& key_id) override {
        Statement query(db, std::string(key_columns) + "key_id = ?");
        query.bind_all(organization_id, key_id);
        if (!query.executeStep()) return std::nullopt;
        return read_key(query);
    }

    std::optional<std::string> verifying_public_key(const std::string& organization_id,
                                                    const std::string& key_id) override {
        const auto found = texts(db,
                                 "SELECT public_key FROM signing_key WHERE organization_id = ? AND key_id = ? "
                                 "AND state <> 'retired'",
                                 organization_id, key_id);
        if (found.empty()) return std::nullopt;
        return found.front();
    }

    void rotate_out(const std::string& organization_id, const std::string& key_id, Instant at) override {
        run(db,
            "UPDATE signing_key SET state = 'verifying', rotated_us = ? WHERE organization_id = ? AND key_id = ? "
            "AND state = 'active'",
            at.micros, organization_id, key_id);
    }

    void retire(const std::string& organization_id, const std::string& key_id, Instant at) override {
        run(db,
            "UPDATE signing_key SET state = 'retired', retired_us = ? WHERE organization_id = ? AND key_id = ? "
            "AND state = 'verifying'",
            at.micros, organization_id, key_id);
    }

private:
    Session& db;
};

}  // namespace

std::unique_ptr<repository::KeyRepository> make_keys(
    Session& session, const store::Tenant& /*tenant*/) {  // every call names its organization
    return std::make_unique<SqlKeys>(session);
}

}  // namespace ticketcore::sql
