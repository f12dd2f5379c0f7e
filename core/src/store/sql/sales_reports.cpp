// The SQL of the sales, orders and refunds reports (store/sales_reports.hpp), shared by both engines.

#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "store/sales_reports.hpp"
#include "store/sql/batched_read.hpp"
#include "store/sql/repositories.hpp"
#include "store/sql/statement.hpp"

namespace ticketcore::sql {

namespace {

class SqlSalesReports final : public repository::SalesReportRepository {
public:
    SqlSalesReports(Session& db, std::optional<std::string> tenant) : db(db), tenant(std::move(tenant)) {}

    std::map<std::string, repository::OrderStateTotals> order_totals(const std::string& event_id,
                                                                     rules::HoldCutoff cutoff) override {
        // Index order_totals_by_event, covering: the event's orders with their sums, no order line,
        // grouped by stored state in the index's order (no sort).
        Statement query(db,
                        "SELECT state, COUNT(*), COALESCE(SUM(tickets), 0), COALESCE(SUM(total), 0) FROM buy_order "
                        "WHERE organization_id = ? AND event_id = ? GROUP BY state");
        query.bind_all(tenant, event_id);
        std::map<std::string, repository::OrderStateTotals> totals;
        while (query.executeStep()) {
            totals[query.getColumn(0).getString()] = {query.getColumn(1).getInt64(), query.getColumn(2).getInt64(),
                                                      query.getColumn(3).getInt64()};
        }
        // The cutoff's contract (rules::HoldCutoff): a pending hold has run out when
        // expires_us <= the cutoff; such an order is expired in effect, so it moves from pending to
        // expired. The same index, from the event's pending orders to the cutoff.
        Statement ran_out(db,
                          "SELECT COUNT(*), COALESCE(SUM(tickets), 0), COALESCE(SUM(total), 0) FROM buy_order "
                          "WHERE organization_id = ? AND event_id = ? AND state = 'pending' AND expires_us <= ?");
        ran_out.bind_all(tenant, event_id, cutoff.last_ran_out.micros);
        if (ran_out.executeStep() && ran_out.getColumn(0).getInt64() > 0) {
            const repository::OrderStateTotals moved{ran_out.getColumn(0).getInt64(), ran_out.getColumn(1).getInt64(),
                                                     ran_out.getColumn(2).getInt64()};
            for (const auto& [state, sign] : {std::pair{"pending", -1}, std::pair{"expired", 1}}) {
                repository::OrderStateTotals& row = totals[state];
                row.orders += sign * moved.orders;
                row.tickets += sign * moved.tickets;
                row.total += sign * moved.total;
            }
        }
        return totals;
    }

    std::map<std::string, repository::TicketRefundActivity> ticket_refunds(
        const std::vector<std::string>& ticket_ids) override {
        // Index refund_ticket_by_ticket; each part's refund read by its key. The rows come in the
        // order the refunds were asked for, so the last one of a ticket is its latest refund.
        std::map<std::string, repository::TicketRefundActivity> activity;
        for_each_row_in(db, tenant, ticket_ids,
                        "SELECT p.ticket_id, r.id, r.state, p.amount, r.created_us, r.closed_us FROM refund_ticket p "
                        "JOIN refund r ON r.id = p.refund_id AND r.organization_id = p.organization_id "
                        "WHERE r.state != 'failed' AND p.organization_id = ? AND ",
                        "p.ticket_id", " ORDER BY r.created_us, r.id", [&](Statement& row) {
                            repository::TicketRefundActivity& ticket = activity[row.getColumn(0).getString()];
                            ticket.refund_id = row.getColumn(1).getString();
                            ticket.state = row.getColumn(2).getString();
                            ticket.amount += row.getColumn(3).getInt64();
                            ticket.requested_us = row.getColumn(4).getInt64();
                            ticket.completed_us = optional_int(row.getColumn(5));
                        });
        return activity;
    }

private:
    Session& db;
    std::optional<std::string> tenant;
};

}  // namespace

std::unique_ptr<repository::SalesReportRepository> make_sales_reports(Session& session, const store::Tenant& tenant) {
    return std::make_unique<SqlSalesReports>(session, tenant.id());
}

}  // namespace ticketcore::sql
