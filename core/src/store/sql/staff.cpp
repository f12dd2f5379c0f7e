// The SQL repository of staff users and POS readers, shared by every SQL engine (layer 4, store).
#include "store/sql/column.hpp"
#include "store/sql/repositories.hpp"
#include "store/sql/run.hpp"
#include "store/sql/statement.hpp"

namespace ticketcore::sql {

namespace {

constexpr const char* reader_columns =
    "SELECT id, label, status, created_us FROM pos_reader WHERE organization_id = ? AND ";
// A user with the reader assigned to them: the join stays in the organization (the reader's key
// includes it).
constexpr const char* user_columns =
    "SELECT u.user_id, u.name, u.created_us, r.id, r.label, r.status, r.created_us FROM staff_user u "
    "LEFT JOIN pos_reader r ON r.id = u.pos_reader_id AND r.organization_id = u.organization_id "
    "WHERE u.organization_id = ? AND ";

PosReader read_reader(Statement& row, int first) {
    PosReader reader;
    reader.id = row.getColumn(first).getString();
    reader.label = row.getColumn(first + 1).getString();
    reader.status = pos_reader_status_from_string(row.getColumn(first + 2).getString());
    reader.created = Instant{row.getColumn(first + 3).getInt64()};
    return reader;
}

User read_user(Statement& row) {
    User user;
    user.id = row.getColumn(0).getString();
    user.name = row.getColumn(1).getString();
    user.created = Instant{row.getColumn(2).getInt64()};
    if (!row.getColumn(3).isNull()) user.pos_reader = read_reader(row, 3);
    return user;
}

class SqlStaff final : public repository::StaffRepository {
public:
    SqlStaff(Session& db, std::optional<std::string> tenant) : db(db), tenant(std::move(tenant)) {}

    std::optional<User> find_user(const std::string& user_id) override {
        Statement query(db, std::string(user_columns) + "u.user_id = ?");
        query.bind_all(tenant, user_id);
        if (!query.executeStep()) return std::nullopt;
        return read_user(query);
    }

    std::optional<std::int64_t> user_position(const std::string& user_id) override {
        Statement query(db, "SELECT rowid FROM staff_user WHERE user_id = ? AND organization_id = ?");
        query.bind_all(user_id, tenant);
        if (!query.executeStep()) return std::nullopt;
        return query.getColumn(0).getInt64();
    }

    std::vector<User> page_users(std::int64_t after_position, std::int64_t limit) override {
        // Index staff_user_by_organization: the organization's users in registration order.
        Statement query(db, std::string(user_columns) + "u.rowid > ? ORDER BY u.rowid LIMIT ?");
        query.bind_all(tenant, after_position, limit);
        std::vector<User> users;
        while (query.executeStep()) users.push_back(read_user(query));
        return users;
    }

    void insert_user(const std::string& organization_id, const User& user) override {
        const std::optional<std::string> reader_id =
            user.pos_reader ? std::optional<std::string>(user.pos_reader->id) : std::nullopt;
        run(db,
            "INSERT INTO staff_user (user_id, organization_id, name, pos_reader_id, created_us) VALUES (?, ?, ?, ?, ?)",
            user.id, organization_id, user.name, reader_id, user.created.value_or(Instant{}));
    }

    void rename_user(const std::string& user_id, const std::string& name) override {
        run(db, "UPDATE staff_user SET name = ? WHERE user_id = ? AND organization_id = ?", name, user_id, tenant);
    }

    void assign_reader(const std::string& user_id, const std::optional<std::string>& reader_id) override {
        run(db, "UPDATE staff_user SET pos_reader_id = ? WHERE user_id = ? AND organization_id = ?", reader_id, user_id,
            tenant);
    }

    std::optional<PosReader> find_reader(const std::string& reader_id) override {
        Statement query(db, std::string(reader_columns) + "id = ?");
        query.bind_all(tenant, reader_id);
        if (!query.executeStep()) return std::nullopt;
        return read_reader(query, 0);
    }

    std::optional<PosReader> find_reader_by_label_key(const std::string& label_key) override {
        // Index pos_reader_label: one row at most.
        Statement query(db, std::string(reader_columns) + "label_key = ?");
        query.bind_all(tenant, label_key);
        if (!query.executeStep()) return std::nullopt;
        return read_reader(query, 0);
    }

    std::optional<std::int64_t> reader_position(const std::string& reader_id) override {
        Statement query(db, "SELECT rowid FROM pos_reader WHERE id = ? AND organization_id = ?");
        query.bind_all(reader_id, tenant);
        if (!query.executeStep()) return std::nullopt;
        return query.getColumn(0).getInt64();
    }

    std::vector<PosReader> page_readers(std::int64_t after_position, std::int64_t limit) override {
        // Index pos_reader_by_organization: the organization's readers in creation order.
        Statement query(db, std::string(reader_columns) + "rowid > ? ORDER BY rowid LIMIT ?");
        query.bind_all(tenant, after_position, limit);
        std::vector<PosReader> readers;
        while (query.executeStep()) readers.push_back(read_reader(query, 0));
        return readers;
    }

    bool has_active_reader() override {
        // Index pos_reader_by_organization: the organization's readers, the first active one.
        return !texts(db, "SELECT id FROM pos_reader WHERE organization_id = ? AND status = 'ACTIVE' LIMIT 1", tenant)
                    .empty();
    }

    void insert_reader(const std::string& organization_id, const PosReader& reader,
                       const std::string& label_key) override {
        run(db,
            "INSERT INTO pos_reader (id, organization_id, label, label_key, status, created_us) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            reader.id, organization_id, reader.label, label_key, std::string(to_string(reader.status)), reader.created);
    }

    void relabel_reader(const std::string& reader_id, const std::string& label, const std::string& label_key) override {
        run(db, "UPDATE pos_reader SET label = ?, label_key = ? WHERE id = ? AND organization_id = ?", label, label_key,
            reader_id, tenant);
    }

    void set_reader_status(const std::string& reader_id, PosReaderStatus status) override {
        run(db, "UPDATE pos_reader SET status = ? WHERE id = ? AND organization_id = ?", std::string(to_string(status)),
            reader_id, tenant);
    }

private:
    Session& db;
    const std::optional<std::string> tenant;
};

}  // namespace

std::unique_ptr<repository::StaffRepository> make_staff(Session& session, const store::Tenant& tenant) {
    return std::make_unique<SqlStaff>(session, tenant.id());
}

}  // namespace ticketcore::sql
