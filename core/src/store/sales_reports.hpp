#pragma once
// Private to the core (layer 4, store): the reads of the sales, orders and refunds reports
// (services/reports_sales.cpp): an event's specifications' sold money counters and its orders'
// totals per state. Each statement is scoped by the tenant and reads through an index.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "store/inventory.hpp"
#include "ticketcore/rules/hold_rules.hpp"

namespace ticketcore::repository {

/// @brief The orders of an event in one effective state: how many, their tickets, their total.
struct OrderStateTotals {
    std::int64_t orders = 0;
    std::int64_t tickets = 0;
    std::int64_t total = 0;  ///< minor units of the event's currency
};

/// @brief A ticket's refunds that did not fail: the latest of them (refund id, state, when it was
/// asked for and closed) and the sum of the ticket's parts in all of them (minor units).
struct TicketRefundActivity {
    std::string refund_id;
    std::string state;  ///< "in_progress" or "refunded"
    std::int64_t amount = 0;
    std::int64_t requested_us = 0;
    std::optional<std::int64_t> completed_us;
};

class SalesReportRepository {
public:
    SalesReportRepository() = default;
    SalesReportRepository(const SalesReportRepository&) = delete;
    SalesReportRepository& operator=(const SalesReportRepository&) = delete;
    virtual ~SalesReportRepository() = default;

    /// @brief The event's orders by effective state ("pending", "paid", "expired", "cancelled"; a
    /// pending order whose hold ran out at `cutoff` counts as expired), with their lines' units
    /// and totals: one pass over the event's orders (index order_by_event) and their lines
    /// (order_line_by_order). States without orders are left out.
    virtual std::map<std::string, OrderStateTotals> order_totals(const std::string& event_id,
                                                                 rules::HoldCutoff cutoff) = 0;
    /// @brief Per ticket of `ticket_ids`, its refunds that did not fail (TicketRefundActivity);
    /// tickets without any are left out. A fixed number of statements whatever the number of
    /// tickets, each through refund_ticket_by_ticket and the refund's key.
    virtual std::map<std::string, TicketRefundActivity> ticket_refunds(const std::vector<std::string>& ticket_ids) = 0;
};

}  // namespace ticketcore::repository
