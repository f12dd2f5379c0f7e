// The SQL repository of box-office sales, shared by every SQL engine (layer 4, store).
#include "store/sales.hpp"

#include "store/sql/column.hpp"
#include "store/sql/locks.hpp"
#include "store/sql/repositories.hpp"
#include "store/sql/run.hpp"
#include "store/sql/statement.hpp"
#include "ticketcore/model/json.hpp"
#include "ticketcore/rules/text_rules.hpp"

namespace ticketcore::sql {

using repository::SaleItemRow;
using repository::SaleQuery;
using repository::SaleRow;

namespace {

// Each enum is stored as its seed name in lower case ("payment_pending" for PAYMENT_PENDING) and
// read back through the model's own parser, which refuses a name it does not know.
template <typename Enum>
std::string stored_name(Enum value) {
    return rules::ascii_lower(to_string(value));
}

std::string state_text(SaleState state) {
    return stored_name(state);
}

SaleState state_of(const std::string& text) {
    return sale_state_from_string(rules::ascii_upper(text));
}

std::optional<std::string> payment_text(const std::optional<SalePaymentType>& type) {
    if (!type) return std::nullopt;
    return stored_name(*type);
}

std::optional<SalePaymentType> payment_of(const std::optional<std::string>& text) {
    if (!text) return std::nullopt;
    return sale_payment_type_from_string(rules::ascii_upper(*text));
}

std::string kind_text(SaleItemKind kind) {
    return stored_name(kind);
}

SaleItemKind kind_of(const std::string& text) {
    return sale_item_kind_from_string(rules::ascii_upper(text));
}

std::string pos_status_text(PosPaymentStatus status) {
    return stored_name(status);
}

PosPaymentStatus pos_status_of(const std::string& text) {
    return pos_payment_status_from_string(rules::ascii_upper(text));
}

std::string names_text(const std::map<std::string, std::string>& names) {
    return Json(names).dump();
}

std::map<std::string, std::string> names_of(const std::string& text) {
    return Json::parse(text).get<std::map<std::string, std::string>>();
}

constexpr const char* sale_columns =
    "SELECT id, organization_id, number, state, currency, creator_id, committer_id, payment_type, payment_reference, "
    "customer_data, box_office_fee, box_office_fee_vat_rate, box_office_fee_vat, grand_total, created_us, updated_us, "
    "expires_us, committed_us, canceled_us FROM sale WHERE id = ? AND organization_id = ?";

SaleRow read_sale(Statement& row) {
    SaleRow sale;
    sale.id = row.getColumn(0).getString();
    sale.organization_id = row.getColumn(1).getString();
    sale.number = row.getColumn(2).getString();
    sale.state = state_of(row.getColumn(3).getString());
    sale.currency = row.getColumn(4).getString();
    sale.creator_id = row.getColumn(5).getString();
    sale.committer_id = optional_text(row.getColumn(6));
    sale.payment_type = payment_of(optional_text(row.getColumn(7)));
    sale.payment_reference = optional_text(row.getColumn(8));
    if (const auto values = optional_text(row.getColumn(9))) sale.customer_values = names_of(*values);
    sale.box_office_fee = row.getColumn(10).getInt64();
    sale.box_office_fee_vat_rate = row.getColumn(11).getInt64();
    sale.box_office_fee_vat = row.getColumn(12).getInt64();
    sale.grand_total = row.getColumn(13).getInt64();
    sale.created = Instant{row.getColumn(14).getInt64()};
    sale.updated = Instant{row.getColumn(15).getInt64()};
    sale.expires = Instant{row.getColumn(16).getInt64()};
    sale.committed = optional_instant(row.getColumn(17));
    sale.canceled = optional_instant(row.getColumn(18));
    return sale;
}

constexpr const char* item_columns =
    "SELECT id, kind, event_id, specification_id, product_id, seatmap_id, seat_id, volume_id, promo_code_id, "
    "percent_off, amount_off, reason, quantity, claim_id, name, names, unit_price, subtotal, discount, platform_fee, "
    "percentage_fee, vat_rate, vat FROM sale_item WHERE sale_id = ? AND organization_id = ? ORDER BY rowid";

SaleItemRow read_item(Statement& row) {
    SaleItemRow item;
    item.id = row.getColumn(0).getString();
    item.kind = kind_of(row.getColumn(1).getString());
    item.event_id = optional_text(row.getColumn(2));
    item.specification_id = optional_text(row.getColumn(3));
    item.product_id = optional_text(row.getColumn(4));
    item.seatmap_id = optional_text(row.getColumn(5));
    item.seat_id = optional_text(row.getColumn(6));
    item.volume_id = optional_text(row.getColumn(7));
    item.promo_code_id = optional_text(row.getColumn(8));
    item.percent_off = optional_int(row.getColumn(9));
    item.amount_off = optional_int(row.getColumn(10));
    item.reason = row.getColumn(11).getString();
    item.quantity = row.getColumn(12).getInt64();
    item.claim_id = optional_text(row.getColumn(13));
    item.name = row.getColumn(14).getString();
    item.names = names_of(row.getColumn(15).getString());
    item.unit_price = row.getColumn(16).getInt64();
    item.subtotal = row.getColumn(17).getInt64();
    item.discount = row.getColumn(18).getInt64();
    item.platform_fee = row.getColumn(19).getInt64();
    item.percentage_fee = row.getColumn(20).getInt64();
    item.vat_rate = row.getColumn(21).getInt64();
    item.vat = row.getColumn(22).getInt64();
    return item;
}

/// The WHERE of a sales query after `organization_id = ?`, with its parameters.
struct Filter {
    std::string sql;
    std::vector<std::string> texts;
};

class SqlSales final : public repository::SaleRepository {
public:
    SqlSales(Session& db, const store::Tenant& tenant) : db(db), tenant(tenant.id()) {}

    std::int64_t next_sale_number() override {
        if (db.dialect() == Dialect::postgresql) return integer(db, "SELECT nextval('sale_number')");
        return integer(db, "UPDATE sale_number SET last = last + 1 WHERE id = 1 RETURNING last");
    }

    void insert_sale(const SaleRow& sale) override {
        run(db,
            "INSERT INTO sale (id, organization_id, number, state, currency, creator_id, box_office_fee, "
            "box_office_fee_vat_rate, box_office_fee_vat, grand_total, search_text, created_us, updated_us, "
            "expires_us) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            sale.id, sale.organization_id, sale.number, state_text(sale.state), sale.currency, sale.creator_id,
            sale.box_office_fee, sale.box_office_fee_vat_rate, sale.box_office_fee_vat, sale.grand_total,
            rules::ascii_lower(sale.number), sale.created, sale.updated, sale.expires);
    }

    std::optional<SaleRow> find_sale(const std::string& id) override { return read(id, false); }
    std::optional<SaleRow> lock_sale(const std::string& id) override { return read(id, true); }

    void insert_item(const std::string& organization_id, const std::string& sale_id, const SaleItemRow& item) override {
        Statement insert(db,
                         "INSERT INTO sale_item (id, organization_id, sale_id, kind, event_id, specification_id, "
                         "product_id, seatmap_id, seat_id, volume_id, promo_code_id, percent_off, amount_off, reason, "
                         "quantity, claim_id, name, names, unit_price, subtotal, discount, platform_fee, "
                         "percentage_fee, vat_rate, vat) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                         "?, ?, ?, ?, ?, ?, ?)");
        insert.bind_all(item.id, organization_id, sale_id, kind_text(item.kind), item.event_id, item.specification_id,
                        item.product_id, item.seatmap_id, item.seat_id, item.volume_id, item.promo_code_id,
                        item.percent_off, item.amount_off, item.reason, item.quantity, item.claim_id, item.name,
                        names_text(item.names), item.unit_price, item.subtotal, item.discount, item.platform_fee,
                        item.percentage_fee, item.vat_rate, item.vat);
        insert.exec();
    }

    void delete_item(const std::string& item_id) override {
        run(db, "DELETE FROM sale_item WHERE id = ? AND organization_id = ?", item_id, tenant);
    }

    void update_item_claim(const std::string& item_id, std::int64_t quantity,
                           const std::optional<std::string>& claim_id) override {
        run(db, "UPDATE sale_item SET quantity = ?, claim_id = ? WHERE id = ? AND organization_id = ?", quantity,
            claim_id, item_id, tenant);
    }

    void update_item_prices(const SaleItemRow& item) override {
        run(db,
            "UPDATE sale_item SET name = ?, names = ?, unit_price = ?, subtotal = ?, discount = ?, platform_fee = ?, "
            "percentage_fee = ?, vat_rate = ?, vat = ? WHERE id = ? AND organization_id = ?",
            item.name, names_text(item.names), item.unit_price, item.subtotal, item.discount, item.platform_fee,
            item.percentage_fee, item.vat_rate, item.vat, item.id, tenant);
    }

    void update_sale_prices(const SaleRow& sale) override {
        run(db,
            "UPDATE sale SET box_office_fee = ?, box_office_fee_vat_rate = ?, box_office_fee_vat = ?, grand_total = ?, "
            "updated_us = ? WHERE id = ? AND organization_id = ?",
            sale.box_office_fee, sale.box_office_fee_vat_rate, sale.box_office_fee_vat, sale.grand_total, sale.updated,
            sale.id, tenant);
    }

    void set_customer_data(const std::string& sale_id, const std::map<std::string, std::string>& values,
                           const std::string& search_text, Instant updated) override {
        run(db,
            "UPDATE sale SET customer_data = ?, search_text = ?, updated_us = ? WHERE id = ? AND organization_id = ?",
            names_text(values), search_text, updated, sale_id, tenant);
    }

    void update_state(const SaleRow& sale) override {
        run(db,
            "UPDATE sale SET state = ?, payment_type = ?, payment_reference = ?, committer_id = ?, committed_us = ?, "
            "canceled_us = ?, updated_us = ? WHERE id = ? AND organization_id = ?",
            state_text(sale.state), payment_text(sale.payment_type), sale.payment_reference, sale.committer_id,
            sale.committed, sale.canceled, sale.updated, sale.id, tenant);
    }

    std::vector<std::string> due_sales(rules::HoldCutoff cutoff, const std::string& organization_id) override {
        // Index sale_due: the organization's open sales by expiry.
        return texts(db,
                     "SELECT id FROM sale WHERE organization_id = ? AND state = 'open' AND expires_us <= ? "
                     "ORDER BY expires_us, id",
                     organization_id, cutoff.last_ran_out.micros);
    }

    std::optional<std::int64_t> sale_position(const std::string& sale_id) override {
        Statement query(db, "SELECT rowid FROM sale WHERE id = ? AND organization_id = ?");
        query.bind_all(sale_id, tenant);
        if (!query.executeStep()) return std::nullopt;
        return query.getColumn(0).getInt64();
    }

    std::vector<std::string> page_sales(const SaleQuery& query, std::int64_t after, std::int64_t limit) override {
        const Filter filter = where(query);
        // Index sale_by_organization: the organization's sales in creation order, from the cursor.
        Statement statement(
            db, "SELECT id FROM sale WHERE organization_id = ? AND rowid > ?" + filter.sql + " ORDER BY rowid LIMIT ?");
        int index = 0;
        statement.bind(++index, tenant);
        statement.bind(++index, after);
        for (const std::string& text : filter.texts) statement.bind(++index, text);
        statement.bind(++index, limit);
        std::vector<std::string> ids;
        while (statement.executeStep()) ids.push_back(statement.getColumn(0).getString());
        return ids;
    }

    std::int64_t count_sales(const SaleQuery& query) override {
        const Filter filter = where(query);
        Statement statement(db, "SELECT COUNT(*) FROM sale WHERE organization_id = ?" + filter.sql);
        int index = 0;
        statement.bind(++index, tenant);
        for (const std::string& text : filter.texts) statement.bind(++index, text);
        statement.executeStep();
        return statement.getColumn(0).getInt64();
    }

    void insert_pos_payment(const std::string& organization_id, const PosPayment& payment) override {
        run(db,
            "INSERT INTO pos_payment (id, organization_id, sale_id, reader_id, status, amount, currency, created_us) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            payment.id, organization_id, payment.sale_id, payment.reader_id, pos_status_text(payment.status),
            payment.amount.minor(), std::string(payment.amount.currency().code()), payment.created);
    }

    std::optional<PosPayment> find_pos_payment(const std::string& sale_id, const std::string& payment_id) override {
        Statement query(
            db,
            "SELECT id, sale_id, reader_id, status, amount, currency, created_us, closed_us FROM pos_payment "
            "WHERE id = ? AND sale_id = ? AND organization_id = ?");
        query.bind_all(payment_id, sale_id, tenant);
        if (!query.executeStep()) return std::nullopt;
        PosPayment payment;
        payment.id = query.getColumn(0).getString();
        payment.sale_id = query.getColumn(1).getString();
        payment.reader_id = query.getColumn(2).getString();
        payment.status = pos_status_of(query.getColumn(3).getString());
        payment.amount = Money(query.getColumn(4).getInt64(), Currency::of(query.getColumn(5).getString()));
        payment.created = Instant{query.getColumn(6).getInt64()};
        payment.closed = optional_instant(query.getColumn(7));
        return payment;
    }

    void close_pos_payment(const std::string& payment_id, PosPaymentStatus status, Instant at) override {
        run(db, "UPDATE pos_payment SET status = ?, closed_us = ? WHERE id = ? AND organization_id = ?",
            pos_status_text(status), at, payment_id, tenant);
    }

    std::vector<std::string> refunds_of_sale(const std::string& sale_id) override {
        // Index order_by_sale, then refund_by_order.
        return texts(db,
                     "SELECT r.id FROM buy_order o CROSS JOIN refund r ON r.order_id = o.id AND r.organization_id = "
                     "o.organization_id WHERE o.sale_id = ? AND o.organization_id = ? ORDER BY r.created_us, r.id",
                     sale_id, tenant);
    }

    std::vector<std::string> orders_of_sale(const std::string& sale_id) override {
        return texts(db, "SELECT id FROM buy_order WHERE sale_id = ? AND organization_id = ? ORDER BY rowid", sale_id,
                     tenant);
    }

private:
    Filter where(const SaleQuery& query) const {
        Filter filter;
        if (!query.states.empty()) {
            filter.sql +=
                " AND (CASE WHEN state = 'open' AND expires_us <= CAST(? AS BIGINT) THEN 'expired' ELSE state "
                "END) IN (";
            filter.texts.push_back(std::to_string(query.cutoff.last_ran_out.micros));
            for (std::size_t index = 0; index < query.states.size(); ++index) {
                filter.sql += index == 0 ? "?" : ", ?";
                filter.texts.push_back(state_text(query.states[index]));
            }
            filter.sql += ")";
        }
        if (query.search) {
            // The search text holds the number and the customer's name, e-mail and company, lower
            // case; the term's own wildcards are escaped.
            std::string pattern = "%";
            for (const char character : *query.search) {
                if (character == '%' || character == '_' || character == '\\') pattern += '\\';
                pattern += character;
            }
            pattern += "%";
            filter.sql += " AND search_text LIKE ? ESCAPE '\\'";
            filter.texts.push_back(pattern);
        }
        if (query.created_from) {
            filter.sql += " AND created_us >= CAST(? AS BIGINT)";
            filter.texts.push_back(std::to_string(query.created_from->micros));
        }
        if (query.created_to) {
            filter.sql += " AND created_us < CAST(? AS BIGINT)";
            filter.texts.push_back(std::to_string(query.created_to->micros));
        }
        if (query.creator_id) {
            filter.sql += " AND creator_id = ?";
            filter.texts.push_back(*query.creator_id);
        }
        if (query.payment_type) {
            filter.sql += " AND payment_type = ?";
            filter.texts.push_back(*payment_text(query.payment_type));
        }
        if (query.event_id) {
            filter.sql +=
                " AND EXISTS (SELECT 1 FROM sale_item i WHERE i.sale_id = sale.id AND i.organization_id = "
                "sale.organization_id "
                "AND i.event_id = ?)";
            filter.texts.push_back(*query.event_id);
        }
        return filter;
    }

    std::optional<SaleRow> read(const std::string& id, bool locked) {
        Statement query(db, std::string(sale_columns) + (locked ? for_update_of(db, "sale") : ""));
        query.bind_all(id, tenant);
        if (!query.executeStep()) return std::nullopt;
        SaleRow sale = read_sale(query);
        Statement items(db, item_columns);
        items.bind_all(id, tenant);
        while (items.executeStep()) sale.items.push_back(read_item(items));
        return sale;
    }

    Session& db;
    std::optional<std::string> tenant;
};

}  // namespace

std::unique_ptr<repository::SaleRepository> make_sales(Session& session, const store::Tenant& tenant) {
    return std::make_unique<SqlSales>(session, tenant);
}

}  // namespace ticketcore::sql
