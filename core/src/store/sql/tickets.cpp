// The SQL repository of tickets, their dates and the
// holders of an event, shared by every SQL engine (layer 4, store).
#include <map>

#include "store/sql/batched_read.hpp"
#include "store/sql/column.hpp"
#include "store/sql/locks.hpp"
#include "store/sql/repositories.hpp"
#include "store/sql/run.hpp"
#include "store/sql/statement.hpp"
#include "ticketcore/model/json.hpp"
#include "ticketcore/values/error.hpp"

namespace ticketcore::sql {

using repository::HolderRow;
using repository::TicketRow;

namespace {

constexpr const char* ticket_columns =
    "SELECT id, event_id, specification_id, kind, state, order_id, buyer_id, holder_name, holder_email, note, "
    "purchase_us, is_refunded, is_refund_in_progress, created_us, organization_id, claim_id, generation, "
    "transferred_from, transferred_to FROM ticket "
    "WHERE organization_id = ? AND ";

/// A ticket's columns; its dates come from attach_dates.
TicketRow read_ticket_fields(Statement& row) {
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
    result.generation = static_cast<std::uint32_t>(row.getColumn(16).getInt64());
    ticket.generation = result.generation;
    ticket.transferred_from = optional_text(row.getColumn(17));
    ticket.transferred_to = optional_text(row.getColumn(18));
    return result;
}

/// Reads the dates of `tickets` (in date order) in one query (see for_each_row_in), not one
/// per ticket: a page of tickets costs a fixed number of round trips.
void attach_dates(Session& db, const std::optional<std::string>& tenant, const std::vector<EventTicket*>& tickets) {
    const auto [by_id, ids] = index_by_id(tickets);
    for_each_row_in(
        db, tenant, ids,
        "SELECT td.id, td.event_date_id, td.is_redeemed, td.redeemed_us, td.redeemed_by, td.ticket_id "
        "FROM ticket_date td JOIN event_date d ON d.id = td.event_date_id AND d.organization_id = td.organization_id "
        "WHERE td.organization_id = ? AND ",
        "td.ticket_id", " ORDER BY d.start_us, d.id", [&by_id = by_id](Statement& row) {
            by_id.at(row.getColumn(5).getString())
                ->event_dates.push_back(EventTicketDate{
                    row.getColumn(0).getString(), row.getColumn(1).getString(), row.getColumn(2).getInt() != 0,
                    optional_instant(row.getColumn(3)), optional_text(row.getColumn(4))});
        });
}

class SqlTickets final : public repository::TicketRepository {
public:
    SqlTickets(Session& db, std::optional<std::string> tenant) : db(db), tenant(std::move(tenant)) {}

    void insert_ticket(const EventTicket& ticket, const std::string& organization_id, const std::string& secret,
                       const std::string& claim_id) override {
        Statement insert(db,
                         "INSERT INTO ticket (id, organization_id, event_id, specification_id, kind, state, "
                         "order_id, buyer_id, holder_name, holder_email, note, secret, purchase_us, claim_id, "
                         "created_us, transferred_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
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
        bind_optional(insert, 16, ticket.transferred_from);
        insert.exec_later();
        Statement dates(db,
                        "INSERT INTO ticket_date (id, ticket_id, event_date_id, organization_id) VALUES (?, ?, ?, ?)");
        for (const EventTicketDate& date : ticket.event_dates) {
            dates.bind_all(date.id, ticket.id, date.event_date_id, organization_id);
            dates.exec_later();
            dates.reset();
        }
    }

    std::optional<TicketRow> find_ticket(const std::string& id) override {
        Statement query(db, std::string(ticket_columns) + "id = ?");
        query.bind_all(tenant, id);
        if (!query.executeStep()) return std::nullopt;
        TicketRow row = read_ticket_fields(query);
        attach_dates(db, tenant, {&row.ticket});
        return row;
    }

    void rotate_secret(const std::string& id, const std::string& secret) override {
        run(db, "UPDATE ticket SET secret = ?, generation = generation + 1 WHERE id = ? AND organization_id = ?",
            secret, id, tenant);
    }

    std::optional<TicketRow> lock_ticket(const std::string& id) override {
        Statement query(db, std::string(ticket_columns) + "id = ?" + for_update_of(db, "ticket"));
        query.bind_all(tenant, id);
        if (!query.executeStep()) return std::nullopt;
        TicketRow row = read_ticket_fields(query);
        while (query.executeStep()) {}
        attach_dates(db, tenant, {&row.ticket});
        return row;
    }

    std::vector<TicketRow> lock_tickets_of_order(const std::string& order_id) override {
        // Index ticket_by_order; locked in issue order.
        Statement query(db, std::string(ticket_columns) + "order_id = ? ORDER BY rowid" + for_update_of(db, "ticket"));
        query.bind_all(tenant, order_id);
        std::vector<TicketRow> rows;
        while (query.executeStep()) rows.push_back(read_ticket_fields(query));
        std::vector<EventTicket*> all;
        for (TicketRow& row : rows) all.push_back(&row.ticket);
        attach_dates(db, tenant, all);
        return rows;
    }

    void set_refund_flags(const std::string& id, bool in_progress, bool refunded) override {
        run_later(db,
                  "UPDATE ticket SET is_refund_in_progress = ?, is_refunded = ? WHERE id = ? AND organization_id = ?",
                  in_progress, refunded, id, tenant);
    }

    void set_ticket_claim(const std::string& id, const std::string& claim_id) override {
        run_later(db, "UPDATE ticket SET claim_id = ? WHERE id = ? AND organization_id = ?", claim_id, id, tenant);
    }

    std::vector<EventTicket> page_refund_activity(const std::string& event_id, std::int64_t after_position,
                                                  std::int64_t limit) override {
        // The partial index ticket_refund_activity holds just these tickets, in issue order: its
        // condition is spelled here as in the index, so that both engines see that it applies.
        return tickets(std::string(ticket_columns) +
                           "event_id = ? AND (is_refunded = 1 OR is_refund_in_progress = 1) AND rowid > ? "
                           "ORDER BY rowid LIMIT ?",
                       tenant, event_id, after_position, limit);
    }

    std::optional<std::int64_t> buyer_ticket_position(const std::string& buyer_id,
                                                      const std::string& ticket_id) override {
        Statement query(db, "SELECT rowid FROM ticket WHERE id = ? AND buyer_id = ? AND organization_id = ?");
        query.bind_all(ticket_id, buyer_id, tenant);
        if (!query.executeStep()) return std::nullopt;
        return query.getColumn(0).getInt64();
    }

    std::vector<EventTicket> page_tickets_of_buyer(const std::string& buyer_id, std::int64_t after_position,
                                                   std::int64_t limit) override {
        // Index ticket_by_buyer_issued (buyer_id, then issue order): the walk stops at the limit.
        return tickets(std::string(ticket_columns) + "buyer_id = ? AND rowid > ? ORDER BY rowid LIMIT ?", tenant,
                       buyer_id, after_position, limit);
    }

    bool revoke_ticket(const std::string& id, TicketState expected_state, std::uint32_t expected_generation,
                       const std::optional<std::string>& transferred_to) override {
        Statement update(db,
                         "UPDATE ticket SET state = 'cancelled', transferred_to = ? WHERE id = ? AND "
                         "organization_id = ? AND state = ? AND generation = ? AND is_refunded = 0 AND "
                         "is_refund_in_progress = 0");
        bind_optional(update, 1, transferred_to);
        update.bind(2, id);
        bind_optional(update, 3, tenant);
        update.bind(4, std::string(to_string(expected_state)));
        update.bind(5, static_cast<std::int64_t>(expected_generation));
        return update.exec() == 1;
    }

#ifdef TICKETCORE_TEST_HOOKS
    void revoke_ticket_unguarded(const std::string& id, const std::optional<std::string>& transferred_to) override {
        Statement update(db,
                         "UPDATE ticket SET state = 'cancelled', transferred_to = ? WHERE id = ? AND "
                         "organization_id = ?");
        bind_optional(update, 1, transferred_to);
        update.bind(2, id);
        bind_optional(update, 3, tenant);
        update.exec();
    }
#endif

    std::optional<std::int64_t> revocation_position(const std::string& event_id,
                                                    const std::string& ticket_id) override {
        Statement query(db,
                        "SELECT rowid FROM ticket WHERE id = ? AND event_id = ? AND organization_id = ? AND "
                        "generation > 1");
        query.bind_all(ticket_id, event_id, tenant);
        if (!query.executeStep()) return std::nullopt;
        return query.getColumn(0).getInt64();
    }

    std::vector<repository::RevokedTicketRow> page_revocations(const std::string& event_id, std::int64_t after_position,
                                                               std::int64_t limit) override {
        // The partial index ticket_revocation holds only the tickets whose secret was rotated
        // (generation > 1, the condition repeated so that both engines use it), in issue order.
        Statement query(db,
                        "SELECT id, state, is_refunded, generation FROM ticket WHERE event_id = ? AND "
                        "generation > 1 AND organization_id = ? AND rowid > ? ORDER BY rowid LIMIT ?");
        query.bind_all(event_id, tenant, after_position, limit);
        std::vector<repository::RevokedTicketRow> rows;
        while (query.executeStep()) {
            rows.push_back({query.getColumn(0).getString(), ticket_state_from_string(query.getColumn(1).getString()),
                            query.getColumn(2).getInt() != 0,
                            static_cast<std::uint32_t>(query.getColumn(3).getInt64())});
        }
        return rows;
    }

    std::optional<std::int64_t> ticket_position(const std::string& event_id, const std::string& ticket_id) override {
        Statement query(db, "SELECT rowid FROM ticket WHERE id = ? AND event_id = ? AND organization_id = ?");
        query.bind_all(ticket_id, event_id, tenant);
        if (!query.executeStep()) return std::nullopt;
        return query.getColumn(0).getInt64();
    }

    std::vector<EventTicket> page_tickets(const std::string& event_id, const std::optional<std::string>& order_id,
                                          std::int64_t after_position, std::int64_t limit) override {
        // Index ticket_by_order for one order's tickets, ticket_by_event for the event's: both
        // yield the tickets in issue order from the cursor on, so the walk stops at the limit.
        if (order_id) {
            return tickets(
                std::string(ticket_columns) + "order_id = ? AND event_id = ? AND rowid > ? ORDER BY rowid LIMIT ?",
                tenant, *order_id, event_id, after_position, limit);
        }
        return tickets(std::string(ticket_columns) + "event_id = ? AND rowid > ? ORDER BY rowid LIMIT ?", tenant,
                       event_id, after_position, limit);
    }

    std::vector<EventTicket> tickets_of_buyers(const std::string& event_id,
                                               const std::vector<std::string>& buyer_ids) override {
        // Index ticket_by_holder (buyer, event): each buyer's tickets of this event. One IN list
        // of a page's buyers (at most 50).
        if (buyer_ids.empty()) return {};
        return tickets(std::string(ticket_columns) + "event_id = ? AND " + in_list(db, "buyer_id", buyer_ids.size()) +
                           " ORDER BY buyer_id, rowid",
                       tenant, event_id, buyer_ids);
    }

    std::vector<std::string> live_ticket_ids(const std::string& event_id) override {
        return texts(db,
                     "SELECT id FROM ticket WHERE event_id = ? AND organization_id = ? AND state != 'cancelled' "
                     "ORDER BY rowid",
                     event_id, tenant);
    }

    void insert_ticket_date(const std::string& organization_id, const std::string& id, const std::string& ticket_id,
                            const std::string& event_date_id) override {
        run_later(db, "INSERT INTO ticket_date (id, ticket_id, event_date_id, organization_id) VALUES (?, ?, ?, ?)", id,
                  ticket_id, event_date_id, organization_id);
    }

    void activate_ticket(const std::string& id, const std::string& buyer_id, const std::string& holder_name,
                         const std::string& holder_email, Instant at) override {
        Statement update(db,
                         "UPDATE ticket SET state = 'valid', buyer_id = ?, holder_name = ?, holder_email = ?, "
                         "purchase_us = ? WHERE id = ? AND organization_id = ?");
        update.bind_all(buyer_id, holder_name, holder_email, at.micros, id, tenant);
        update.exec_later();
    }

    void ensure_holder(const std::string& organization_id, const std::string& event_id, const std::string& buyer_id,
                       const std::string& specification_id, const std::string& new_id, Instant issue_time) override {
        // The one conflict there can be is the unique (event_id, buyer_id[, organization_id]): the
        // id is new. No conflict target, so the text holds on SQLite's key and PostgreSQL's.
        Statement insert(db,
                         "INSERT INTO ticket_holder (id, event_id, buyer_id, issue_us, organization_id) "
                         "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
        insert.bind_all(new_id, event_id, buyer_id, issue_time, organization_id);
        if (insert.exec() == 1) {
            run_later(db, "UPDATE specification SET holders = holders + 1 WHERE id = ? AND organization_id = ?",
                      specification_id, organization_id);
        }
    }

    std::int64_t count_tickets_of_buyer(const std::string& buyer_id, const std::string& specification_id,
                                        const rules::CountedTickets& counted) override {
        // Index ticket_by_buyer (buyer, specification); the states and refunds are the rule's.
        std::vector<std::string> states;
        for (const TicketState state : counted.states) states.emplace_back(to_string(state));
        return integer(db,
                       "SELECT COUNT(*) FROM ticket WHERE buyer_id = ? AND specification_id = ? "
                       "AND organization_id = ? AND " +
                           in_list(db, "state", states.size()) + (counted.refunded ? "" : " AND is_refunded = 0"),
                       buyer_id, specification_id, tenant, states);
    }

    std::int64_t count_holders(const std::string& event_id) override {
        Statement query(
            db, "SELECT COALESCE(SUM(holders), 0) FROM specification WHERE event_id = ? AND organization_id = ?");
        query.bind_all(event_id, tenant);
        query.executeStep();
        return query.getColumn(0).getInt64();
    }

    bool is_holder(const std::string& event_id, const std::string& holder_id) override {
        Statement query(db, "SELECT 1 FROM ticket_holder WHERE event_id = ? AND id = ? AND organization_id = ?");
        query.bind_all(event_id, holder_id, tenant);
        return query.executeStep();
    }

    std::vector<HolderRow> page_holders(const std::string& event_id, const std::optional<std::string>& after,
                                        std::int64_t limit) override {
        // Holders in the order they got their first ticket; the cursor is the last holder's id.
        // One text per shape, not `?2 IS NULL OR ...`: a plan PostgreSQL caches for a prepared
        // statement (a generic plan) could not know the cursor is there, and would walk the
        // event's holders from the first to reach it.
        Statement query(db,
                        after ? "SELECT h.id, h.buyer_id, h.issue_us FROM ticket_holder h WHERE h.organization_id = ?1 "
                                "AND h.event_id = ?2 AND (h.issue_us, h.id) > (SELECT c.issue_us, c.id FROM "
                                "ticket_holder c WHERE c.organization_id = ?1 AND c.id = ?3) "
                                "ORDER BY h.issue_us, h.id LIMIT ?4"
                              : "SELECT id, buyer_id, issue_us FROM ticket_holder WHERE organization_id = ?1 "
                                "AND event_id = ?2 ORDER BY issue_us, id LIMIT ?3");
        if (after) {
            query.bind_all(tenant, event_id, *after, limit);
        } else {
            query.bind_all(tenant, event_id, limit);
        }
        std::vector<HolderRow> rows;
        while (query.executeStep()) {
            rows.push_back({query.getColumn(0).getString(), query.getColumn(1).getString(),
                            Instant{query.getColumn(2).getInt64()}});
        }
        return rows;
    }

private:
    template <typename... Values>
    std::vector<EventTicket> tickets(const std::string& sql, const Values&... values) {
        Statement query(db, sql);
        query.bind_all(values...);
        std::vector<EventTicket> result;
        while (query.executeStep()) result.push_back(read_ticket_fields(query).ticket);
        std::vector<EventTicket*> all;
        for (EventTicket& ticket : result) all.push_back(&ticket);
        attach_dates(db, tenant, all);
        return result;
    }

    Session& db;
    const std::optional<std::string> tenant;
};

}  // namespace

std::unique_ptr<repository::TicketRepository> make_tickets(Session& session, const store::Tenant& tenant) {
    return std::make_unique<SqlTickets>(session, tenant.id());
}

}  // namespace ticketcore::sql
