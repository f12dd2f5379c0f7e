// The floor of the orders benchmark: only the SQLite writes a durable place + confirm of one order
// must make, into ticketcore's own tables (the store file is created by ticketcore, so the schema
// and its indexes are the same): the buyer, the order, its capacity claim, line and counters, then
// the tickets and their dates, the holder, the payment, and the audit and outbox rows with payloads
// of the same size. Two BEGIN IMMEDIATE transactions per order, synchronous=FULL, WAL. No reads,
// no validation, no pricing, ids made by a counter: what ticketcore cannot beat.
//
// Usage: floor DB_PATH ORGANIZATION_ID EVENT_ID SPECIFICATION_ID EVENT_DATE_ID ORDERS
//   prints "orders_per_second <value>"
#include <SQLiteCpp/SQLiteCpp.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

/// A 36-character id like a UUID, unique per (kind, order, index).
std::string id(char kind, long order, long index = 0) {
    char text[40];
    std::snprintf(text, sizeof text, "%c%07ld-%04ld-7000-8000-%012ld", kind, order, index, order * 16 + index);
    return text;
}

/// Payloads as long as ticketcore's (measured on its audit and outbox rows).
std::string payload(std::size_t length) {
    return "{\"x\":\"" + std::string(length - 8, 'x') + "\"}";
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 7) {
        std::fprintf(stderr, "usage: floor DB_PATH ORGANIZATION_ID EVENT_ID SPECIFICATION_ID EVENT_DATE_ID ORDERS\n");
        return 2;
    }
    const std::string organization = argv[2], event = argv[3], spec = argv[4], date = argv[5];
    const long orders = std::atol(argv[6]);
    SQLite::Database db(argv[1], SQLite::OPEN_READWRITE);
    db.exec("PRAGMA journal_mode=WAL");
    db.exec("PRAGMA synchronous=FULL");
    db.exec("PRAGMA foreign_keys=ON");
    db.setBusyTimeout(10000);

    SQLite::Statement buyer_insert(
        db,
        "INSERT INTO buyer (id, organization_id, identity, user_id, name, email, phone, avatar_url, created_us) "
        "VALUES (?1, ?2, ?3, NULL, 'Buyer', ?3, '', '', 1)");
    SQLite::Statement order_insert(
        db,
        "INSERT INTO buy_order (id, organization_id, event_id, buyer_id, state, comment, payment_gateway, currency, "
        "created_us, expires_us, tickets, total) VALUES (?, ?, ?, ?, 'pending', '', '', 'DKK', 1, 900000001, ?, ?)");
    SQLite::Statement claim_insert(
        db,
        "INSERT INTO inventory_claim (id, specification_id, quantity, state, source, created_us) "
        "VALUES (?, ?, ?, 'reserved', ?, 1)");
    SQLite::Statement reserve(db, "UPDATE specification SET reserved = reserved + ?1 WHERE id = ?2");
    SQLite::Statement line_insert(
        db,
        "INSERT INTO order_line (id, order_id, position, specification_id, amount, unit_price, subtotal, discount, "
        "platform_fee, percentage_fee, vat, total, claim_id) VALUES (?, ?, 0, ?, ?, 25000, ?, 0, 0, 0, ?, ?, ?)");
    SQLite::Statement audit_insert(
        db,
        "INSERT INTO audit_log (at_us, actor_id, organization_id, operation, entity_type, entity_id, payload) "
        "VALUES (1, 'bench', ?, ?, 'order', ?, ?)");
    SQLite::Statement outbox_insert(
        db, "INSERT INTO outbox (organization_id, topic, entity_id, payload, created_us) VALUES (?, ?, ?, ?, 1)");
    // Each order is a new buyer, so a new holder, counted on the specification with its sale.
    SQLite::Statement settle(
        db, "UPDATE specification SET reserved = reserved - ?1, sold = sold + ?1, holders = holders + 1 WHERE id = ?2");
    SQLite::Statement claim_sold(db, "UPDATE inventory_claim SET state = 'sold' WHERE id = ?");
    SQLite::Statement order_paid(db,
                                 "UPDATE buy_order SET state = 'paid', charge_session_id = ?, payment_gateway = "
                                 "'bench', paid_us = 2 WHERE id = ?");
    SQLite::Statement ticket_insert(
        db,
        "INSERT INTO ticket (id, organization_id, event_id, specification_id, kind, state, order_id, buyer_id, "
        "holder_name, holder_email, note, secret, purchase_us, claim_id, created_us) "
        "VALUES (?, ?, ?, ?, 'order', 'valid', ?, ?, 'Buyer', ?, '', ?, 2, ?, 2)");
    SQLite::Statement date_insert(db, "INSERT INTO ticket_date (id, ticket_id, event_date_id) VALUES (?, ?, ?)");
    SQLite::Statement holder_insert(db,
                                    "INSERT INTO ticket_holder (id, event_id, buyer_id, issue_us) VALUES (?, ?, ?, 2) "
                                    "ON CONFLICT (event_id, buyer_id) DO NOTHING");
    SQLite::Statement payment_insert(
        db,
        "INSERT INTO payment (id, organization_id, order_id, ticket_id, reference, gateway, amount, currency, outcome, "
        "received_us) VALUES (?, ?, ?, NULL, ?, 'bench', ?, 'DKK', 'applied', 2)");
    const auto run = [](SQLite::Statement& statement) {
        statement.exec();
        statement.reset();
    };
    const std::string place_audit = payload(1063), placed_event = payload(220);
    const std::string confirm_audit = payload(250), issued_event = payload(402);
    const std::string secret(64, 'f');

    const auto start = std::chrono::steady_clock::now();
    for (long order = 0; order < orders; ++order) {
        const long quantity = 1 + order % 4;  // orders of 1-4 tickets, as the Python side
        const std::string order_id = id('o', order), buyer_id = id('b', order), claim_id = id('c', order);
        const std::string email = "buyer" + std::to_string(order) + "@example.com";
        db.exec("BEGIN IMMEDIATE");
        buyer_insert.bind(1, buyer_id);
        buyer_insert.bind(2, organization);
        buyer_insert.bind(3, email);
        run(buyer_insert);
        order_insert.bind(1, order_id);
        order_insert.bind(2, organization);
        order_insert.bind(3, event);
        order_insert.bind(4, buyer_id);
        order_insert.bind(5, static_cast<int64_t>(quantity));
        order_insert.bind(6, static_cast<int64_t>(25000 * quantity));
        run(order_insert);
        claim_insert.bind(1, claim_id);
        claim_insert.bind(2, spec);
        claim_insert.bind(3, static_cast<int64_t>(quantity));
        claim_insert.bind(4, "order:" + order_id);
        run(claim_insert);
        reserve.bind(1, static_cast<int64_t>(quantity));
        reserve.bind(2, spec);
        run(reserve);
        line_insert.bind(1, id('l', order));
        line_insert.bind(2, order_id);
        line_insert.bind(3, spec);
        line_insert.bind(4, static_cast<int64_t>(quantity));
        line_insert.bind(5, static_cast<int64_t>(25000 * quantity));
        line_insert.bind(6, static_cast<int64_t>(5000 * quantity));
        line_insert.bind(7, static_cast<int64_t>(25000 * quantity));
        line_insert.bind(8, claim_id);
        run(line_insert);
        audit_insert.bind(1, organization);
        audit_insert.bind(2, "order.place");
        audit_insert.bind(3, order_id);
        audit_insert.bind(4, place_audit);
        run(audit_insert);
        outbox_insert.bind(1, organization);
        outbox_insert.bind(2, "order.placed");
        outbox_insert.bind(3, order_id);
        outbox_insert.bind(4, placed_event);
        run(outbox_insert);
        db.exec("COMMIT");

        db.exec("BEGIN IMMEDIATE");
        settle.bind(1, static_cast<int64_t>(quantity));
        settle.bind(2, spec);
        run(settle);
        claim_sold.bind(1, claim_id);
        run(claim_sold);
        order_paid.bind(1, "pay-" + std::to_string(order));
        order_paid.bind(2, order_id);
        run(order_paid);
        for (long index = 0; index < quantity; ++index) {
            const std::string ticket_id = id('t', order, index);
            ticket_insert.bind(1, ticket_id);
            ticket_insert.bind(2, organization);
            ticket_insert.bind(3, event);
            ticket_insert.bind(4, spec);
            ticket_insert.bind(5, order_id);
            ticket_insert.bind(6, buyer_id);
            ticket_insert.bind(7, email);
            ticket_insert.bind(8, secret);
            ticket_insert.bind(9, claim_id);
            run(ticket_insert);
            date_insert.bind(1, id('d', order, index));
            date_insert.bind(2, ticket_id);
            date_insert.bind(3, date);
            run(date_insert);
        }
        holder_insert.bind(1, id('h', order));
        holder_insert.bind(2, event);
        holder_insert.bind(3, buyer_id);
        run(holder_insert);
        payment_insert.bind(1, id('p', order));
        payment_insert.bind(2, organization);
        payment_insert.bind(3, order_id);
        payment_insert.bind(4, "pay-" + std::to_string(order));
        payment_insert.bind(5, static_cast<int64_t>(25000 * quantity));
        run(payment_insert);
        audit_insert.bind(1, organization);
        audit_insert.bind(2, "order.confirm_payment");
        audit_insert.bind(3, order_id);
        audit_insert.bind(4, confirm_audit);
        run(audit_insert);
        outbox_insert.bind(1, organization);
        outbox_insert.bind(2, "tickets.issued");
        outbox_insert.bind(3, order_id);
        outbox_insert.bind(4, issued_event);
        run(outbox_insert);
        db.exec("COMMIT");
    }
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    std::printf("orders_per_second %.1f\n", static_cast<double>(orders) / elapsed.count());
    return 0;
}
