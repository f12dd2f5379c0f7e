// The SQL repository of orders and their lines, shared by every SQL engine (layer 4, store).
#include "store/sql/repositories.hpp"

#include <map>

#include "store/sql/batched_read.hpp"
#include "store/sql/column.hpp"
#include "store/sql/locks.hpp"
#include "store/sql/run.hpp"
#include "store/sql/statement.hpp"
#include "ticketcore/model/json.hpp"
#include "ticketcore/rules/pricing.hpp"
#include "ticketcore/values/error.hpp"

namespace ticketcore::sql {

using repository::OrderFilter;
using repository::OrderLineClaim;
using repository::OrderRow;
using repository::PlacedOrder;
using rules::HoldMatch;

namespace {

constexpr const char* order_fields =
    "SELECT o.id, o.event_id, o.buyer_id, o.state, o.comment, o.created_us, o.expires_us, o.paid_us, "
    "o.payment_gateway, o.charge_session_id, p.code, o.paid_without_capacity, o.currency, o.organization_id, "
    "o.promo_code_id";
constexpr const char* order_from =
    " FROM buy_order o LEFT JOIN promo_code p ON p.id = o.promo_code_id AND p.organization_id = o.organization_id ";
const std::string order_columns = std::string(order_fields) + order_from;
/// The same columns and, last (column 15), the order's place in placing order.
const std::string placed_order_columns = std::string(order_fields) + ", o.rowid" + order_from;

/// An order's columns; its lines, price and ticket ids come from attach_lines.
OrderRow read_order_fields(Statement& row) {
    OrderRow result;
    BuyOrder& order = result.order;
    order.id = row.getColumn(0).getString();
    order.event_id = row.getColumn(1).getString();
    order.buyer_id = row.getColumn(2).getString();
    order.state = order_state_from_string(row.getColumn(3).getString());
    order.comment = row.getColumn(4).getString();
    order.created = Instant{row.getColumn(5).getInt64()};
    order.expires = Instant{row.getColumn(6).getInt64()};
    order.paid_at = optional_instant(row.getColumn(7));
    order.payment_gateway = row.getColumn(8).getString();
    order.charge_session_id = optional_text(row.getColumn(9));
    order.promo_code = optional_text(row.getColumn(10));
    order.paid_without_capacity = row.getColumn(11).getInt() != 0;
    // The currency, until attach_lines prices the order in it.
    order.price.total = Money::zero(Currency::of(row.getColumn(12).getString()));
    result.organization_id = row.getColumn(13).getString();
    result.promo_code_id = optional_text(row.getColumn(14));
    return result;
}

/// Reads the lines and ticket ids of `orders` and prices them, in two queries (see
/// for_each_row_in), not three per order: a page of orders costs a fixed number of round trips.
/// With `claims`, of one order, also that order's lines' claims (OrderRow::line_claims).
void attach_lines(Session& db, const std::optional<std::string>& tenant, const std::vector<BuyOrder*>& orders,
                  std::vector<OrderLineClaim>* claims = nullptr) {
    const auto [by_id, ids] = index_by_id(orders);
    for_each_row_in(db, tenant, ids,
                    "SELECT id, specification_id, amount, unit_price, subtotal, discount, platform_fee, "
                    "percentage_fee, vat, total, order_id, claim_id FROM order_line WHERE organization_id = ? AND ",
                    "order_id", " ORDER BY order_id, position", [&by_id = by_id, claims](Statement& row) {
                        BuyOrder& order = *by_id.at(row.getColumn(10).getString());
                        if (claims) {
                            claims->push_back({row.getColumn(0).getString(), row.getColumn(1).getString(),
                                               row.getColumn(2).getInt64(), optional_text(row.getColumn(11))});
                        }
                        const Currency currency = order.price.total.currency();
                        OrderLine line;
                        line.id = row.getColumn(0).getString();
                        line.ticket_specification_id = row.getColumn(1).getString();
                        line.amount = row.getColumn(2).getInt64();
                        line.unit_price = Money(row.getColumn(3).getInt64(), currency);
                        line.subtotal = Money(row.getColumn(4).getInt64(), currency);
                        line.discount = Money(row.getColumn(5).getInt64(), currency);
                        line.platform_fee = Money(row.getColumn(6).getInt64(), currency);
                        line.percentage_fee = Money(row.getColumn(7).getInt64(), currency);
                        line.vat = Money(row.getColumn(8).getInt64(), currency);
                        line.total = Money(row.getColumn(9).getInt64(), currency);
                        order.event_tickets.push_back(std::move(line));
                    });
    for_each_row_in(db, tenant, ids, "SELECT id, order_id FROM ticket WHERE organization_id = ? AND ", "order_id",
                    " ORDER BY rowid", [&by_id = by_id](Statement& row) {
                        by_id.at(row.getColumn(1).getString())->ticket_ids.push_back(row.getColumn(0).getString());
                    });
    for (BuyOrder* order : orders) {
        order->price = rules::sum_lines(order->event_tickets, order->price.total.currency());
    }
}

class SqlOrders final : public repository::OrderRepository {
public:
    SqlOrders(Session& db, std::optional<std::string> tenant) : db(db), tenant(std::move(tenant)) {}

    void insert_order(const BuyOrder& order, const std::vector<OrderLine>& lines, const std::string& organization_id,
                      const std::optional<std::string>& promo_code_id) override {
        Statement insert(db,
                         "INSERT INTO buy_order (id, organization_id, event_id, buyer_id, state, comment, "
                         "payment_gateway, promo_code_id, currency, created_us, expires_us, tickets, total) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        insert.bind_all(order.id, organization_id, order.event_id, order.buyer_id, std::string(to_string(order.state)),
                        order.comment, order.payment_gateway);
        bind_optional(insert, 8, promo_code_id);
        insert.bind(9, std::string(order.price.total.currency().code()));
        insert.bind(10, order.created.micros);
        insert.bind(11, order.expires.micros);
        // The sums of the lines inserted with it (insert_order_line), which never change.
        std::int64_t tickets = 0;
        std::int64_t total = 0;
        for (const OrderLine& line : lines) {
            tickets += line.amount;
            total += line.total.minor();
        }
        insert.bind(12, tickets);
        insert.bind(13, total);
        insert.exec_later();
    }

    void insert_order_line(const std::string& organization_id, const std::string& order_id, int position,
                           const OrderLine& line, const std::string& claim_id) override {
        Statement insert(db,
                         "INSERT INTO order_line (id, order_id, position, specification_id, amount, unit_price, "
                         "subtotal, discount, platform_fee, percentage_fee, vat, total, claim_id, organization_id) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        insert.bind_all(line.id, order_id, position, line.ticket_specification_id, line.amount, line.unit_price.minor(),
                        line.subtotal.minor(), line.discount.minor(), line.platform_fee.minor(),
                        line.percentage_fee.minor(), line.vat.minor(), line.total.minor(), claim_id, organization_id);
        insert.exec_later();
    }

    std::optional<OrderRow> find_order(const std::string& id) override { return read_order(id, false); }

    std::optional<OrderRow> lock_order(const std::string& id) override { return read_order(id, true); }

    std::optional<std::int64_t> order_position(const std::string& event_id, const std::string& order_id) override {
        Statement query(db, "SELECT rowid FROM buy_order WHERE id = ? AND event_id = ? AND organization_id = ?");
        query.bind_all(order_id, event_id, tenant);
        if (!query.executeStep()) return std::nullopt;
        return query.getColumn(0).getInt64();
    }

    std::vector<PlacedOrder> page_orders(const std::string& event_id, const OrderFilter& filter,
                                         std::int64_t after_position, std::int64_t limit) override {
        // Index order_by_event_placed (event_id, then the placing order) for every order, and
        // order_by_event (event_id, state, then the placing order) for one stored state: either
        // walks the event's orders in placing order from the cursor and stops at the limit. A hold
        // filter is checked on the rows the index yields.
        const rules::StoredOrderMatch& match = filter.match;
        std::string sql = placed_order_columns + "WHERE o.organization_id = ?1 AND o.event_id = ?2 AND o.rowid > ?3";
        if (match.stored_state) sql += " AND o.state = ?5";
        // The cutoff's contract (rules::HoldCutoff): run out is expires_us <= the cutoff.
        if (match.hold == HoldMatch::running)
            sql += match.stored_state ? " AND o.expires_us > ?6" : " AND o.expires_us > ?5";
        // Written so that no index on expires_us applies: PostgreSQL would otherwise read the
        // event's pending orders whose hold ran out through order_hold_by_event and sort them,
        // instead of walking the event's in order and stopping at the limit.
        if (match.hold == HoldMatch::ran_out)
            sql += match.stored_state ? " AND o.expires_us - ?6 <= 0" : " AND o.expires_us - ?5 <= 0";
        sql += " ORDER BY o.rowid LIMIT ?4";
        Statement query(db, sql);
        query.bind_all(tenant, event_id, after_position, limit);
        int next = 5;
        if (match.stored_state) query.bind(next++, std::string(to_string(*match.stored_state)));
        if (match.hold != HoldMatch::any) query.bind(next, filter.cutoff.last_ran_out.micros);
        std::vector<PlacedOrder> result;
        while (query.executeStep()) {
            const std::int64_t position = query.getColumn(15).getInt64();
            result.push_back({position, read_order_fields(query).order});
        }
        std::vector<BuyOrder*> all;
        for (PlacedOrder& placed : result) all.push_back(&placed.order);
        attach_lines(db, tenant, all);
        return result;
    }

    std::vector<BuyOrder> orders_of_buyers(const std::string& event_id,
                                           const std::vector<std::string>& buyer_ids) override {
        // Index order_by_holder (buyer, event): each buyer's orders of this event.
        // One IN list of a page's buyers (at most 50).
        if (buyer_ids.empty()) return {};
        return orders(order_columns + "WHERE o.organization_id = ? AND o.event_id = ? AND " +
                          in_list(db, "o.buyer_id", buyer_ids.size()) + " ORDER BY o.buyer_id, o.rowid",
                      tenant, event_id, buyer_ids);
    }

    void set_line_claim(const std::string& line_id, const std::optional<std::string>& claim_id) override {
        Statement update(db, "UPDATE order_line SET claim_id = ? WHERE id = ? AND organization_id = ?");
        update.bind_all(claim_id, line_id, tenant);
        update.exec_later();
    }

    void close_order(const std::string& id, OrderState state, Instant at) override {
        Statement update(db, "UPDATE buy_order SET state = ?, closed_us = ? WHERE id = ? AND organization_id = ?");
        update.bind_all(std::string(to_string(state)), at.micros, id, tenant);
        update.exec_later();
    }

    void set_order_sale(const std::string& order_id, const std::string& sale_id) override {
        run_later(db, "UPDATE buy_order SET sale_id = ? WHERE id = ? AND organization_id = ?", sale_id, order_id,
                  tenant);
    }

    void mark_order_paid(const std::string& id, const std::string& reference, const std::string& gateway,
                         Instant at) override {
        Statement update(
            db,
            "UPDATE buy_order SET state = 'paid', charge_session_id = ?, payment_gateway = ?, "
            "paid_us = ?, paid_without_capacity = 0, closed_us = NULL WHERE id = ? AND organization_id = ?");
        update.bind_all(reference, gateway, at.micros, id, tenant);
        update.exec_later();
    }

    void mark_paid_without_capacity(const std::string& id, const std::string& reference,
                                    const std::string& gateway) override {
        Statement update(db,
                         "UPDATE buy_order SET paid_without_capacity = 1, charge_session_id = ?, "
                         "payment_gateway = ? WHERE id = ? AND organization_id = ?");
        update.bind_all(reference, gateway, id, tenant);
        update.exec_later();
    }

    std::vector<std::string> due_orders(rules::HoldCutoff cutoff, const std::string& organization_id) override {
        // Index order_due_by_organization: the organization's own, never another's. Run out is
        // expires_us <= the cutoff (rules::HoldCutoff).
        Statement query(db,
                        "SELECT id FROM buy_order WHERE organization_id = ? AND state = 'pending' AND expires_us <= ? "
                        "ORDER BY expires_us, id");
        query.bind_all(organization_id, cutoff.last_ran_out.micros);
        std::vector<std::string> ids;
        while (query.executeStep()) ids.push_back(query.getColumn(0).getString());
        return ids;
    }

    std::int64_t pending_units_of_buyer(const std::string& buyer_id, const std::string& specification_id) override {
        // CROSS JOIN keeps the buyer's orders as the outer loop (index order_by_buyer); joined the
        // other way SQLite walks every line of the specification, which grows with each sale.
        return integer(db,
                       "SELECT COALESCE(SUM(l.amount), 0) FROM buy_order o CROSS JOIN order_line l "
                       "ON l.order_id = o.id AND l.organization_id = o.organization_id WHERE o.organization_id = ? "
                       "AND o.buyer_id = ? AND o.state = 'pending' AND l.specification_id = ?",
                       tenant, buyer_id, specification_id);
    }

private:
    std::optional<OrderRow> read_order(const std::string& id, bool locked) {
        Statement query(
            db, order_columns + "WHERE o.id = ? AND o.organization_id = ?" + (locked ? for_update_of(db, "o") : ""));
        query.bind_all(id, tenant);
        if (!query.executeStep()) return std::nullopt;
        OrderRow row = read_order_fields(query);
        attach_lines(db, tenant, {&row.order}, &row.line_claims);
        return row;
    }

    template <typename... Values>
    std::vector<BuyOrder> orders(const std::string& sql, const Values&... values) {
        Statement query(db, sql);
        query.bind_all(values...);
        std::vector<BuyOrder> result;
        while (query.executeStep()) result.push_back(read_order_fields(query).order);
        std::vector<BuyOrder*> all;
        for (BuyOrder& order : result) all.push_back(&order);
        attach_lines(db, tenant, all);
        return result;
    }

    Session& db;
    const std::optional<std::string> tenant;
};

}  // namespace

std::unique_ptr<repository::OrderRepository> make_orders(Session& session, const store::Tenant& tenant) {
    return std::make_unique<SqlOrders>(session, tenant.id());
}

}  // namespace ticketcore::sql
