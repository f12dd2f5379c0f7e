#include "store/sqlite/statement.hpp"
#include "store/sql/order_repository.hpp"

#include <algorithm>
#include <cctype>

#include "ticketcore/values/error.hpp"
#include "ticketcore/model/json.hpp"
#include "ticketcore/rules/pricing.hpp"

namespace ticketcore::repository {

namespace {

std::string identity_of(const BuyerInput& input) {
    if (input.user_id) return "user:" + *input.user_id;
    std::string email = input.email;
    std::transform(email.begin(), email.end(), email.begin(), [](unsigned char c) { return std::tolower(c); });
    return "email:" + email;
}

Buyer read_buyer(Statement& row) {
    return Buyer{row.getColumn(0).getString(), optional_text(row.getColumn(1)), row.getColumn(2).getString(),
                 row.getColumn(3).getString(),  row.getColumn(4).getString(),   row.getColumn(5).getString()};
}

constexpr const char* promo_columns =
    "SELECT p.id, p.event_id, p.code, p.percent_off, p.amount_off, p.usage_limit, p.uses, p.valid_from_us, "
    "p.valid_until_us, p.created_us, e.currency, e.organization_id FROM promo_code p JOIN event e ON e.id = p.event_id ";

PromoCodeRow read_promo(Connection& db, Statement& row) {
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
                    "ON s.id = ps.specification_id WHERE ps.promo_code_id = ? ORDER BY s.rowid");
    specs.bind(1, code.id);
    while (specs.executeStep()) {
        (specs.getColumn(1).getInt() != 0 ? code.unlocks : code.specification_ids).push_back(specs.getColumn(0).getString());
    }
    return result;
}

constexpr const char* order_columns =
    "SELECT o.id, o.event_id, o.buyer_id, o.state, o.comment, o.created_us, o.expires_us, o.paid_us, "
    "o.payment_gateway, o.charge_session_id, p.code, o.paid_without_capacity, o.currency, o.organization_id, "
    "o.promo_code_id FROM buy_order o LEFT JOIN promo_code p ON p.id = o.promo_code_id ";

OrderRow read_order(Connection& db, Statement& row) {
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
    const Currency currency = Currency::of(row.getColumn(12).getString());
    result.organization_id = row.getColumn(13).getString();
    result.promo_code_id = optional_text(row.getColumn(14));

    Statement lines(db,
                    "SELECT id, specification_id, amount, unit_price, subtotal, discount, platform_fee, "
                    "percentage_fee, vat, total FROM order_line WHERE order_id = ? ORDER BY position");
    lines.bind(1, order.id);
    while (lines.executeStep()) {
        OrderLine line;
        line.id = lines.getColumn(0).getString();
        line.ticket_specification_id = lines.getColumn(1).getString();
        line.amount = lines.getColumn(2).getInt64();
        line.unit_price = Money(lines.getColumn(3).getInt64(), currency);
        line.subtotal = Money(lines.getColumn(4).getInt64(), currency);
        line.discount = Money(lines.getColumn(5).getInt64(), currency);
        line.platform_fee = Money(lines.getColumn(6).getInt64(), currency);
        line.percentage_fee = Money(lines.getColumn(7).getInt64(), currency);
        line.vat = Money(lines.getColumn(8).getInt64(), currency);
        line.total = Money(lines.getColumn(9).getInt64(), currency);
        order.event_tickets.push_back(std::move(line));
    }
    order.price = rules::sum_lines(order.event_tickets, currency);
    Statement tickets(db, "SELECT id FROM ticket WHERE order_id = ? ORDER BY rowid");
    tickets.bind(1, order.id);
    while (tickets.executeStep()) order.ticket_ids.push_back(tickets.getColumn(0).getString());
    return result;
}

constexpr const char* ticket_columns =
    "SELECT id, event_id, specification_id, kind, state, order_id, buyer_id, holder_name, holder_email, note, "
    "purchase_us, is_refunded, is_refund_in_progress, created_us, organization_id, claim_id FROM ticket ";

TicketRow read_ticket(Connection& db, Statement& row) {
    TicketRow result;
    EventTicket& ticket = result.ticket;
    ticket.id = row.getColumn(0).getString();
    ticket.event_id = row.getColumn(1).getString();
    ticket.ticket_specification_id = row.getColumn(2).getString();
    ticket.kind = ticket_kind_from_string(row.getColumn(3).getString());
    ticket.state = ticket_state_from_string(row.getColumn(4).getString());
    ticket.order_id = optional_text(row.getColumn(5));
    ticket.buyer_id = optional_text(row.getColumn(6));
    ticket.holder_name = row.getColumn(7).getString();
    ticket.holder_email = row.getColumn(8).getString();
    ticket.note = row.getColumn(9).getString();
    ticket.purchase_date = optional_instant(row.getColumn(10));
    ticket.is_refunded = row.getColumn(11).getInt() != 0;
    ticket.is_refund_in_progress = row.getColumn(12).getInt() != 0;
    ticket.created = Instant{row.getColumn(13).getInt64()};
    result.organization_id = row.getColumn(14).getString();
    result.claim_id = row.getColumn(15).getString();
    Statement dates(db,
                    "SELECT td.id, td.event_date_id, td.is_redeemed, td.redeemed_us, td.redeemed_by "
                    "FROM ticket_date td JOIN event_date d ON d.id = td.event_date_id "
                    "WHERE td.ticket_id = ? ORDER BY d.start_us, d.id");
    dates.bind(1, ticket.id);
    while (dates.executeStep()) {
        ticket.event_dates.push_back(EventTicketDate{dates.getColumn(0).getString(), dates.getColumn(1).getString(),
                                                     dates.getColumn(2).getInt() != 0,
                                                     optional_instant(dates.getColumn(3)),
                                                     optional_text(dates.getColumn(4))});
    }
    return result;
}

}  // namespace

Buyer upsert_buyer(Connection& db, const std::string& organization_id, const BuyerInput& input,
                   const std::string& new_id, Instant now) {
    Statement upsert(db,
                     "INSERT INTO buyer (id, organization_id, identity, user_id, name, email, phone, avatar_url, "
                     "created_us) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
                     "ON CONFLICT (organization_id, identity) DO UPDATE SET "
                     "name = CASE WHEN user_id IS NULL THEN name ELSE ?5 END, "
                     "email = CASE WHEN user_id IS NULL THEN email ELSE ?6 END, "
                     "phone = CASE WHEN ?7 = '' THEN phone ELSE ?7 END, "
                     "avatar_url = CASE WHEN ?8 = '' THEN avatar_url ELSE ?8 END "
                     "RETURNING id, user_id, name, email, phone, avatar_url");
    upsert.bind_all(new_id, organization_id, identity_of(input));
    bind_optional(upsert, 4, input.user_id);
    upsert.bind(5, input.name);
    upsert.bind(6, input.email);
    upsert.bind(7, input.phone);
    upsert.bind(8, input.avatar_url);
    upsert.bind(9, now.micros);
    upsert.executeStep();
    Buyer buyer = read_buyer(upsert);
    while (upsert.executeStep()) {
    }
    return buyer;
}

std::optional<Buyer> find_buyer(Connection& db, const std::string& id) {
    Statement query(db, "SELECT id, user_id, name, email, phone, avatar_url FROM buyer WHERE id = ?");
    query.bind(1, id);
    if (!query.executeStep()) return std::nullopt;
    return read_buyer(query);
}

std::optional<PromoCodeRow> find_promo_code(Connection& db, const std::string& id) {
    Statement query(db, std::string(promo_columns) + "WHERE p.id = ?");
    query.bind(1, id);
    if (!query.executeStep()) return std::nullopt;
    return read_promo(db, query);
}

std::optional<PromoCodeRow> find_promo_code_by_code(Connection& db, const std::string& event_id,
                                                    const std::string& code) {
    Statement query(db, std::string(promo_columns) + "WHERE p.event_id = ? AND p.code = ?");
    query.bind_all(event_id, code);
    if (!query.executeStep()) return std::nullopt;
    return read_promo(db, query);
}

std::vector<PromoCode> list_promo_codes(Connection& db, const std::string& event_id) {
    Statement query(db, std::string(promo_columns) + "WHERE p.event_id = ? ORDER BY p.rowid");
    query.bind(1, event_id);
    std::vector<PromoCode> codes;
    while (query.executeStep()) codes.push_back(read_promo(db, query).code);
    return codes;
}

void insert_promo_code(Connection& db, const PromoCode& code) {
    Statement insert(db,
                     "INSERT INTO promo_code (id, event_id, code, percent_off, amount_off, usage_limit, "
                     "valid_from_us, valid_until_us, created_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind_all(code.id, code.event_id, code.code);
    bind_optional(insert, 4, code.percent_off);
    bind_optional(insert, 5, code.amount_off ? std::optional<std::int64_t>(code.amount_off->minor()) : std::nullopt);
    bind_optional(insert, 6, code.usage_limit);
    bind_optional(insert, 7, code.valid_from);
    bind_optional(insert, 8, code.valid_until);
    insert.bind(9, code.created.micros);
    insert.exec();
    Statement link(db,
                   "INSERT INTO promo_code_specification (promo_code_id, specification_id, unlocks) "
                   "VALUES (?, ?, ?)");
    const auto insert_links = [&](const std::vector<std::string>& ids, int unlocks) {
        for (const std::string& id : ids) {
            link.bind_all(code.id, id, unlocks);
            link.exec();
            link.reset();
        }
    };
    insert_links(code.specification_ids, 0);
    insert_links(code.unlocks, 1);
}

bool use_promo_code(Connection& db, const std::string& id) {
    Statement update(db,
                     "UPDATE promo_code SET uses = uses + 1 WHERE id = ? AND "
                     "(usage_limit IS NULL OR uses < usage_limit)");
    update.bind(1, id);
    return update.exec() == 1;
}

void unuse_promo_code(Connection& db, const std::string& id) {
    Statement update(db, "UPDATE promo_code SET uses = uses - 1 WHERE id = ? AND uses > 0");
    update.bind(1, id);
    update.exec();
}

void insert_order(Connection& db, const BuyOrder& order, const std::string& organization_id,
                  const std::optional<std::string>& promo_code_id) {
    Statement insert(db,
                     "INSERT INTO buy_order (id, organization_id, event_id, buyer_id, state, comment, "
                     "payment_gateway, promo_code_id, currency, created_us, expires_us) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind_all(order.id, organization_id, order.event_id, order.buyer_id, std::string(to_string(order.state)),
                    order.comment, order.payment_gateway);
    bind_optional(insert, 8, promo_code_id);
    insert.bind(9, std::string(order.price.total.currency().code()));
    insert.bind(10, order.created.micros);
    insert.bind(11, order.expires.micros);
    insert.exec();
}

void insert_order_line(Connection& db, const std::string& order_id, int position, const OrderLine& line,
                       const std::string& claim_id) {
    Statement insert(db,
                     "INSERT INTO order_line (id, order_id, position, specification_id, amount, unit_price, "
                     "subtotal, discount, platform_fee, percentage_fee, vat, total, claim_id) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind_all(line.id, order_id, position, line.ticket_specification_id, line.amount, line.unit_price.minor(),
                    line.subtotal.minor(), line.discount.minor(), line.platform_fee.minor(),
                    line.percentage_fee.minor(), line.vat.minor(), line.total.minor(), claim_id);
    insert.exec();
}

std::optional<OrderRow> find_order(Connection& db, const std::string& id) {
    Statement query(db, std::string(order_columns) + "WHERE o.id = ?");
    query.bind(1, id);
    if (!query.executeStep()) return std::nullopt;
    return read_order(db, query);
}

std::vector<BuyOrder> list_orders(Connection& db, const std::string& event_id, std::optional<OrderState> state,
                                  const std::optional<std::string>& buyer_id) {
    Statement query(db, std::string(order_columns) +
                                    "WHERE o.event_id = ?1 AND (?2 IS NULL OR o.state = ?2) "
                                    "AND (?3 IS NULL OR o.buyer_id = ?3) ORDER BY o.rowid");
    query.bind(1, event_id);
    if (state) query.bind(2, std::string(to_string(*state)));
    bind_optional(query, 3, buyer_id);
    std::vector<BuyOrder> orders;
    while (query.executeStep()) orders.push_back(read_order(db, query).order);
    return orders;
}

std::vector<OrderLineClaim> order_line_claims(Connection& db, const std::string& order_id) {
    Statement query(db,
                    "SELECT id, specification_id, amount, claim_id FROM order_line WHERE order_id = ? "
                    "ORDER BY position");
    query.bind(1, order_id);
    std::vector<OrderLineClaim> lines;
    while (query.executeStep()) {
        lines.push_back({query.getColumn(0).getString(), query.getColumn(1).getString(), query.getColumn(2).getInt64(),
                         optional_text(query.getColumn(3))});
    }
    return lines;
}

void set_line_claim(Connection& db, const std::string& line_id, const std::optional<std::string>& claim_id) {
    Statement update(db, "UPDATE order_line SET claim_id = ? WHERE id = ?");
    bind_optional(update, 1, claim_id);
    update.bind(2, line_id);
    update.exec();
}

void close_order(Connection& db, const std::string& id, OrderState state, Instant at) {
    Statement update(db, "UPDATE buy_order SET state = ?, closed_us = ? WHERE id = ?");
    update.bind_all(std::string(to_string(state)), at.micros, id);
    update.exec();
}

void mark_order_paid(Connection& db, const std::string& id, const std::string& reference,
                     const std::string& gateway, Instant at) {
    Statement update(db,
                     "UPDATE buy_order SET state = 'paid', charge_session_id = ?, payment_gateway = ?, "
                     "paid_us = ?, paid_without_capacity = 0, closed_us = NULL WHERE id = ?");
    update.bind_all(reference, gateway, at.micros, id);
    update.exec();
}

void mark_paid_without_capacity(Connection& db, const std::string& id, const std::string& reference,
                                const std::string& gateway) {
    Statement update(db,
                     "UPDATE buy_order SET paid_without_capacity = 1, charge_session_id = ?, "
                     "payment_gateway = ? WHERE id = ?");
    update.bind_all(reference, gateway, id);
    update.exec();
}

std::vector<std::string> due_orders(Connection& db, Instant now, const std::optional<std::string>& organization_id) {
    Statement query(db,
                    "SELECT id FROM buy_order WHERE state = 'pending' AND expires_us <= ?1 "
                    "AND (?2 IS NULL OR organization_id = ?2) ORDER BY expires_us, id");
    query.bind(1, now.micros);
    bind_optional(query, 2, organization_id);
    std::vector<std::string> ids;
    while (query.executeStep()) ids.push_back(query.getColumn(0).getString());
    return ids;
}

std::int64_t held_by_buyer(Connection& db, const std::string& buyer_id, const std::string& specification_id) {
    Statement query(
        db,
        // CROSS JOIN keeps the buyer's orders as the outer loop (index order_by_buyer); joined the
        // other way SQLite walks every line of the specification, which grows with each sale.
        "SELECT (SELECT COALESCE(SUM(l.amount), 0) FROM buy_order o CROSS JOIN order_line l ON l.order_id = o.id "
        "        WHERE o.buyer_id = ?1 AND o.state = 'pending' AND l.specification_id = ?2) + "
        "       (SELECT COUNT(*) FROM ticket WHERE buyer_id = ?1 AND specification_id = ?2 "
        "        AND state != 'cancelled' AND is_refunded = 0)");
    query.bind_all(buyer_id, specification_id);
    query.executeStep();
    return query.getColumn(0).getInt64();
}

void insert_ticket(Connection& db, const EventTicket& ticket, const std::string& organization_id,
                   const std::string& secret, const std::string& claim_id) {
    Statement insert(db,
                     "INSERT INTO ticket (id, organization_id, event_id, specification_id, kind, state, "
                     "order_id, buyer_id, holder_name, holder_email, note, secret, purchase_us, claim_id, "
                     "created_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind_all(ticket.id, organization_id, ticket.event_id, ticket.ticket_specification_id,
                    std::string(to_string(ticket.kind)), std::string(to_string(ticket.state)));
    bind_optional(insert, 7, ticket.order_id);
    bind_optional(insert, 8, ticket.buyer_id);
    insert.bind(9, ticket.holder_name);
    insert.bind(10, ticket.holder_email);
    insert.bind(11, ticket.note);
    insert.bind(12, secret);
    bind_optional(insert, 13, ticket.purchase_date);
    insert.bind(14, claim_id);
    insert.bind(15, ticket.created.micros);
    insert.exec();
    Statement dates(db, "INSERT INTO ticket_date (id, ticket_id, event_date_id) VALUES (?, ?, ?)");
    for (const EventTicketDate& date : ticket.event_dates) {
        dates.bind_all(date.id, ticket.id, date.event_date_id);
        dates.exec();
        dates.reset();
    }
}

std::optional<TicketRow> find_ticket(Connection& db, const std::string& id) {
    Statement query(db, std::string(ticket_columns) + "WHERE id = ?");
    query.bind(1, id);
    if (!query.executeStep()) return std::nullopt;
    return read_ticket(db, query);
}

std::vector<EventTicket> list_tickets(Connection& db, const std::string& event_id,
                                      const std::optional<std::string>& order_id,
                                      const std::optional<std::string>& buyer_id) {
    Statement query(db, std::string(ticket_columns) +
                                    "WHERE event_id = ?1 AND (?2 IS NULL OR order_id = ?2) "
                                    "AND (?3 IS NULL OR buyer_id = ?3) ORDER BY rowid");
    query.bind(1, event_id);
    bind_optional(query, 2, order_id);
    bind_optional(query, 3, buyer_id);
    std::vector<EventTicket> tickets;
    while (query.executeStep()) tickets.push_back(read_ticket(db, query).ticket);
    return tickets;
}

void activate_ticket(Connection& db, const std::string& id, const std::string& buyer_id,
                     const std::string& holder_name, const std::string& holder_email, Instant at) {
    Statement update(db,
                     "UPDATE ticket SET state = 'valid', buyer_id = ?, holder_name = ?, holder_email = ?, "
                     "purchase_us = ? WHERE id = ?");
    update.bind_all(buyer_id, holder_name, holder_email, at.micros, id);
    update.exec();
}

void ensure_holder(Connection& db, const std::string& event_id, const std::string& buyer_id,
                   const std::string& new_id, Instant issue_time) {
    Statement insert(db,
                     "INSERT INTO ticket_holder (id, event_id, buyer_id, issue_us) VALUES (?, ?, ?, ?) "
                     "ON CONFLICT (event_id, buyer_id) DO NOTHING");
    insert.bind_all(new_id, event_id, buyer_id, issue_time.micros);
    insert.exec();
}

std::int64_t count_holders(Connection& db, const std::string& event_id) {
    Statement query(db, "SELECT COUNT(*) FROM ticket_holder WHERE event_id = ?");
    query.bind(1, event_id);
    query.executeStep();
    return query.getColumn(0).getInt64();
}

bool is_holder(Connection& db, const std::string& event_id, const std::string& holder_id) {
    Statement query(db, "SELECT 1 FROM ticket_holder WHERE event_id = ? AND id = ?");
    query.bind_all(event_id, holder_id);
    return query.executeStep();
}

std::vector<HolderRow> page_holders(Connection& db, const std::string& event_id,
                                    const std::optional<std::string>& after, std::int64_t limit) {
    // Holders in the order they got their first ticket; the cursor is the last holder's id.
    Statement query(db,
                    "SELECT id, buyer_id, issue_us FROM ticket_holder WHERE event_id = ?1 "
                    "AND (?2 IS NULL OR (issue_us, id) > (SELECT issue_us, id FROM ticket_holder "
                    "WHERE id = ?2)) ORDER BY issue_us, id LIMIT ?3");
    query.bind(1, event_id);
    bind_optional(query, 2, after);
    query.bind(3, limit);
    std::vector<HolderRow> rows;
    while (query.executeStep()) {
        rows.push_back({query.getColumn(0).getString(), query.getColumn(1).getString(), Instant{query.getColumn(2).getInt64()}});
    }
    return rows;
}

void insert_payment(Connection& db, const std::string& id, const std::string& organization_id,
                    const std::optional<std::string>& order_id, const std::optional<std::string>& ticket_id,
                    const std::string& reference, const std::string& gateway, const Money& amount,
                    const std::string& outcome, Instant at) {
    Statement insert(db,
                     "INSERT INTO payment (id, organization_id, order_id, ticket_id, reference, gateway, amount, "
                     "currency, outcome, received_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind_all(id, organization_id);
    bind_optional(insert, 3, order_id);
    bind_optional(insert, 4, ticket_id);
    insert.bind(5, reference);
    insert.bind(6, gateway);
    insert.bind(7, amount.minor());
    insert.bind(8, std::string(amount.currency().code()));
    insert.bind(9, outcome);
    insert.bind(10, at.micros);
    insert.exec();
}

std::optional<IdempotencyRecord> find_idempotency(Connection& db, const std::string& organization_id,
                                                  const std::string& operation, const std::string& key) {
    Statement query(db,
                    "SELECT fingerprint, result_ids FROM idempotency WHERE organization_id = ? AND "
                    "operation = ? AND key = ?");
    query.bind_all(organization_id, operation, key);
    if (!query.executeStep()) return std::nullopt;
    return IdempotencyRecord{query.getColumn(0).getString(),
                             Json::parse(query.getColumn(1).getString()).get<std::vector<std::string>>()};
}

void insert_idempotency(Connection& db, const std::string& organization_id, const std::string& operation,
                        const std::string& key, const std::string& fingerprint,
                        const std::vector<std::string>& result_ids, Instant at) {
    Statement insert(db,
                     "INSERT INTO idempotency (organization_id, operation, key, fingerprint, result_ids, created_us) "
                     "VALUES (?, ?, ?, ?, ?, ?)");
    insert.bind_all(organization_id, operation, key, fingerprint, Json(result_ids).dump(), at.micros);
    insert.exec();
}

void insert_outbox(Connection& db, const std::string& organization_id, const std::string& topic,
                   const std::string& entity_id, const std::string& payload, Instant at) {
    Statement insert(db,
                     "INSERT INTO outbox (organization_id, topic, entity_id, payload, created_us) "
                     "VALUES (?, ?, ?, ?, ?)");
    insert.bind_all(organization_id, topic, entity_id, payload, at.micros);
    insert.exec();
}

std::vector<OutboxEvent> pending_outbox(Connection& db, const std::string& organization_id, std::int64_t limit) {
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

std::int64_t acknowledge_outbox(Connection& db, const std::string& organization_id, std::int64_t up_to,
                                Instant at) {
    Statement update(db,
                     "UPDATE outbox SET acknowledged_us = ? WHERE organization_id = ? AND sequence <= ? "
                     "AND acknowledged_us IS NULL");
    update.bind_all(at.micros, organization_id, up_to);
    return update.exec();
}

}  // namespace ticketcore::repository
