#pragma once
// Private to the core (layer 4, store): the reads of the sales, orders and refunds reports
// (services/reports_sales.cpp): an event's specifications' sold money counters and its orders'
// totals per state. Each statement is scoped by the tenant and reads through an index.

#include <cstdint>
#include <map>
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

class SalesReportRepository {
public:
    SalesReportRepository() = default;
    SalesReportRepository(const SalesReportRepository&) = delete;
    SalesReportRepository& operator=(const SalesReportRepository&) = delete;
    virtual ~SalesReportRepository() = default;

    /// @brief The sold money counters (specification.sold_revenue / sold_fees / sold_vat) of the
    /// event's specifications by id: one read of the event's specification rows (index
    /// specification_by_event), never of the ledger.
    virtual std::map<std::string, ClaimMoney> specification_money(const std::string& event_id) = 0;
    /// @brief The event's orders by effective state ("pending", "paid", "expired", "cancelled"; a
    /// pending order whose hold ran out at `cutoff` counts as expired), with their lines' units
    /// and totals: one pass over the event's orders (index order_by_event) and their lines
    /// (order_line_by_order). States without orders are left out.
    virtual std::map<std::string, OrderStateTotals> order_totals(const std::string& event_id,
                                                                 rules::HoldCutoff cutoff) = 0;
};

}  // namespace ticketcore::repository
