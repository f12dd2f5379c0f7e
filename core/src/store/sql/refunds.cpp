// The SQL repository of refunds and each ticket's part, shared by every SQL engine (layer 4, store).
#include "store/sql/batched_read.hpp"
#include "store/sql/column.hpp"
#include "store/sql/locks.hpp"
#include "store/sql/repositories.hpp"
#include "store/sql/run.hpp"
#include "store/sql/statement.hpp"
#include "ticketcore/model/json.hpp"
#include "ticketcore/values/error.hpp"

namespace ticketcore::sql {

using repository::RefundRow;

namespace {

constexpr const char* refund_columns =
    "SELECT id, event_id, order_id, ticket_id, state, amount, currency, fees_included, allow_redeemed, note, "
    "payment_reference, payment_gateway, gateway_reference, failure_reason, created_us, closed_us, organization_id "
    "FROM refund WHERE id = ? AND organization_id = ?";

RefundRow read_refund(Statement& row) {
    RefundRow result;
    Refund& refund = result.refund;
    refund.id = row.getColumn(0).getString();
    refund.event_id = row.getColumn(1).getString();
    refund.order_id = optional_text(row.getColumn(2));
    refund.ticket_id = optional_text(row.getColumn(3));
    refund.state = refund_state_from_string(row.getColumn(4).getString());
    refund.amount = Money(row.getColumn(5).getInt64(), Currency::of(row.getColumn(6).getString()));
    refund.fees_included = row.getColumn(7).getBool();
    refund.allow_redeemed = row.getColumn(8).getBool();
    refund.note = row.getColumn(9).getString();
    refund.payment_reference = optional_text(row.getColumn(10));
    refund.payment_gateway = row.getColumn(11).getString();
    refund.gateway_reference = optional_text(row.getColumn(12));
    refund.failure_reason = optional_text(row.getColumn(13));
    refund.created = Instant{row.getColumn(14).getInt64()};
    refund.closed = optional_instant(row.getColumn(15));
    result.organization_id = row.getColumn(16).getString();
    return result;
}

class SqlRefunds final : public repository::RefundRepository {
public:
    SqlRefunds(Session& db, std::optional<std::string> tenant) : db(db), tenant(std::move(tenant)) {}

    void insert_refund(const Refund& refund, const std::string& organization_id) override {
        Statement insert(db,
                         "INSERT INTO refund (id, organization_id, event_id, order_id, ticket_id, state, amount, "
                         "currency, fees_included, allow_redeemed, note, payment_reference, payment_gateway, "
                         "created_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        insert.bind_all(refund.id, organization_id, refund.event_id, refund.order_id, refund.ticket_id,
                        std::string(to_string(refund.state)), refund.amount.minor(),
                        std::string(refund.amount.currency().code()), refund.fees_included, refund.allow_redeemed,
                        refund.note, refund.payment_reference, refund.payment_gateway, refund.created);
        insert.exec_later();
        Statement part(db,
                       "INSERT INTO refund_ticket (refund_id, ticket_id, position, amount, organization_id) "
                       "VALUES (?, ?, ?, ?, ?)");
        std::int64_t position = 0;
        for (const RefundedTicket& ticket : refund.tickets) {
            part.bind_all(refund.id, ticket.ticket_id, position++, ticket.amount.minor(), organization_id);
            part.exec_later();
            part.reset();
        }
    }

    std::optional<RefundRow> find_refund(const std::string& id) override { return read(id, false); }

    std::optional<RefundRow> lock_refund(const std::string& id) override { return read(id, true); }

    void close_refund(const std::string& id, RefundState state, const std::optional<std::string>& gateway_reference,
                      const std::optional<std::string>& failure_reason, Instant at) override {
        run_later(db,
                  "UPDATE refund SET state = ?, gateway_reference = ?, failure_reason = ?, closed_us = ? "
                  "WHERE id = ? AND organization_id = ?",
                  std::string(to_string(state)), gateway_reference, failure_reason, at, id, tenant);
    }

    std::vector<RefundState> live_order_refund_states(const std::string& order_id) override {
        // Index refund_by_order (order_id, state): the order's own refunds, not its tickets'.
        std::vector<RefundState> states;
        for (const std::string& state :
             texts(db,
                   "SELECT state FROM refund WHERE order_id = ? AND organization_id = ? AND ticket_id IS NULL "
                   "AND state != 'failed' ORDER BY rowid",
                   order_id, tenant)) {
            states.push_back(refund_state_from_string(state));
        }
        return states;
    }

    std::map<std::string, std::int64_t> refunded_so_far(const std::vector<std::string>& ticket_ids) override {
        // Index refund_ticket_by_ticket; each part's refund read by its key.
        std::map<std::string, std::int64_t> sums;
        for_each_row_in(db, tenant, ticket_ids,
                        "SELECT p.ticket_id, p.amount FROM refund_ticket p JOIN refund r ON r.id = p.refund_id "
                        "AND r.organization_id = p.organization_id WHERE r.state != 'failed' "
                        "AND p.organization_id = ? AND ",
                        "p.ticket_id", "",
                        [&](Statement& row) { sums[row.getColumn(0).getString()] += row.getColumn(1).getInt64(); });
        return sums;
    }

private:
    std::optional<RefundRow> read(const std::string& id, bool locked) {
        Statement query(db, std::string(refund_columns) + (locked ? for_update_of(db, "refund") : ""));
        query.bind_all(id, tenant);
        if (!query.executeStep()) return std::nullopt;
        RefundRow row = read_refund(query);
        while (query.executeStep()) {}
        Statement parts(db,
                        "SELECT ticket_id, amount FROM refund_ticket WHERE refund_id = ? AND organization_id = ? "
                        "ORDER BY position");
        parts.bind_all(id, tenant);
        const Currency currency = row.refund.amount.currency();
        while (parts.executeStep()) {
            row.refund.tickets.push_back(
                RefundedTicket{parts.getColumn(0).getString(), Money(parts.getColumn(1).getInt64(), currency)});
        }
        return row;
    }

    Session& db;
    const std::optional<std::string> tenant;
};

}  // namespace

std::unique_ptr<repository::RefundRepository> make_refunds(Session& session, const store::Tenant& tenant) {
    return std::make_unique<SqlRefunds>(session, tenant.id());
}

}  // namespace ticketcore::sql
