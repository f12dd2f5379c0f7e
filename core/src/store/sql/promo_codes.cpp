// The SQL repository of promo codes, shared by every SQL engine (layer 4, store).
#include "store/sql/column.hpp"
#include "store/sql/repositories.hpp"
#include "store/sql/statement.hpp"
#include "ticketcore/model/json.hpp"
#include "ticketcore/values/error.hpp"

namespace ticketcore::sql {

using repository::PromoCodeRow;

namespace {

constexpr const char* promo_columns =
    "SELECT p.id, p.event_id, p.code, p.percent_off, p.amount_off, p.usage_limit, p.uses, p.valid_from_us, "
    "p.valid_until_us, p.created_us, e.currency, e.organization_id FROM promo_code p JOIN event e ON e.id = "
    "p.event_id AND e.organization_id = p.organization_id WHERE p.organization_id = ? ";

PromoCodeRow read_promo(Session& db, const std::optional<std::string>& tenant, Statement& row) {
    PromoCodeRow result;
    PromoCode& code = result.code;
    code.id = row.getColumn(0).getString();
    code.event_id = row.getColumn(1).getString();
    code.code = row.getColumn(2).getString();
    code.percent_off = optional_int(row.getColumn(3));
    if (!row.getColumn(4).isNull()) {
        code.amount_off = Money(row.getColumn(4).getInt64(), Currency::of(row.getColumn(10).getString()));
    }
    code.usage_limit = optional_int(row.getColumn(5));
    code.uses = row.getColumn(6).getInt64();
    code.valid_from = optional_instant(row.getColumn(7));
    code.valid_until = optional_instant(row.getColumn(8));
    code.created = Instant{row.getColumn(9).getInt64()};
    result.organization_id = row.getColumn(11).getString();
    Statement specs(db,
                    "SELECT ps.specification_id, ps.unlocks FROM promo_code_specification ps JOIN specification s "
                    "ON s.id = ps.specification_id AND s.organization_id = ps.organization_id "
                    "WHERE ps.organization_id = ? AND ps.promo_code_id = ? ORDER BY s.rowid");
    specs.bind_all(tenant, code.id);
    while (specs.executeStep()) {
        (specs.getColumn(1).getInt() != 0 ? code.unlocks : code.specification_ids)
            .push_back(specs.getColumn(0).getString());
    }
    return result;
}

class SqlPromoCodes final : public repository::PromoCodeRepository {
public:
    SqlPromoCodes(Session& db, std::optional<std::string> tenant) : db(db), tenant(std::move(tenant)) {}

    std::optional<PromoCodeRow> find_promo_code(const std::string& id) override {
        Statement query(db, std::string(promo_columns) + "AND p.id = ?");
        query.bind_all(tenant, id);
        if (!query.executeStep()) return std::nullopt;
        return read_promo(db, tenant, query);
    }

    std::optional<PromoCodeRow> find_promo_code_by_code(const std::string& event_id, const std::string& code) override {
        Statement query(db, std::string(promo_columns) + "AND p.event_id = ? AND p.code = ?");
        query.bind_all(tenant, event_id, code);
        if (!query.executeStep()) return std::nullopt;
        return read_promo(db, tenant, query);
    }

    std::optional<std::int64_t> promo_code_position(const std::string& event_id,
                                                    const std::string& promo_code_id) override {
        Statement query(db, "SELECT rowid FROM promo_code WHERE id = ? AND event_id = ? AND organization_id = ?");
        query.bind_all(promo_code_id, event_id, tenant);
        if (!query.executeStep()) return std::nullopt;
        return query.getColumn(0).getInt64();
    }

    std::vector<PromoCode> page_promo_codes(const std::string& event_id, std::int64_t after_position,
                                            std::int64_t limit) override {
        // Index promo_code_by_event: the event's codes in creation order from the cursor on.
        Statement query(db, std::string(promo_columns) + "AND p.event_id = ? AND p.rowid > ? ORDER BY p.rowid LIMIT ?");
        query.bind_all(tenant, event_id, after_position, limit);
        std::vector<PromoCode> codes;
        while (query.executeStep()) codes.push_back(read_promo(db, tenant, query).code);
        return codes;
    }

    void insert_promo_code(const std::string& organization_id, const PromoCode& code) override {
        Statement insert(
            db,
            "INSERT INTO promo_code (id, event_id, code, percent_off, amount_off, usage_limit, "
            "valid_from_us, valid_until_us, created_us, organization_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        insert.bind_all(code.id, code.event_id, code.code);
        bind_optional(insert, 4, code.percent_off);
        bind_optional(insert, 5,
                      code.amount_off ? std::optional<std::int64_t>(code.amount_off->minor()) : std::nullopt);
        bind_optional(insert, 6, code.usage_limit);
        bind_optional(insert, 7, code.valid_from);
        bind_optional(insert, 8, code.valid_until);
        insert.bind(9, code.created);
        insert.bind(10, organization_id);
        insert.exec();
        Statement link(
            db,
            "INSERT INTO promo_code_specification (promo_code_id, specification_id, unlocks, organization_id) "
            "VALUES (?, ?, ?, ?)");
        const auto insert_links = [&](const std::vector<std::string>& ids, int unlocks) {
            for (const std::string& id : ids) {
                link.bind_all(code.id, id, unlocks, organization_id);
                link.exec();
                link.reset();
            }
        };
        insert_links(code.specification_ids, 0);
        insert_links(code.unlocks, 1);
    }

    bool use_promo_code(const std::string& id) override {
        Statement update(db,
                         "UPDATE promo_code SET uses = uses + 1 WHERE id = ? AND organization_id = ? AND "
                         "(usage_limit IS NULL OR uses < usage_limit)");
        update.bind_all(id, tenant);
        return update.exec() == 1;
    }

    void unuse_promo_code(const std::string& id) override {
        Statement update(db, "UPDATE promo_code SET uses = uses - 1 WHERE id = ? AND organization_id = ? AND uses > 0");
        update.bind_all(id, tenant);
        update.exec_later();
    }

private:
    Session& db;
    const std::optional<std::string> tenant;
};

}  // namespace

std::unique_ptr<repository::PromoCodeRepository> make_promo_codes(Session& session, const store::Tenant& tenant) {
    return std::make_unique<SqlPromoCodes>(session, tenant.id());
}

}  // namespace ticketcore::sql
