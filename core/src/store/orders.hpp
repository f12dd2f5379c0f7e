#pragma once
// Private to the core (layer 4, store): the order repository: orders and their lines.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ticketcore/model/order.hpp"
#include "ticketcore/rules/hold_rules.hpp"
#include "ticketcore/values/time.hpp"

namespace ticketcore::repository {

struct OrderLineClaim {
    std::string line_id;
    std::string specification_id;
    std::int64_t amount = 0;
    std::optional<std::string> claim_id;
};

struct OrderRow {
    BuyOrder order;
    std::string organization_id;
    std::optional<std::string> promo_code_id;
    /// @brief Its lines' capacity claims, in line order, as read with the order (find_order and
    /// lock_order).
    std::vector<OrderLineClaim> line_claims;
};
/// @brief Which orders of an event a page reads: the stored state and hold match of
/// rules::stored_matches, judged at `cutoff` (rules::hold_cutoff). The SQL compares
/// `expires_us <= cutoff.last_ran_out` for ran_out and `expires_us > cutoff.last_ran_out` for
/// running, as rules::matches does, and decides nothing else about expiry.
struct OrderFilter {
    rules::StoredOrderMatch match;
    rules::HoldCutoff cutoff;
};
/// @brief An order with its place in placing order (what a cursor resolves to).
struct PlacedOrder {
    std::int64_t position = 0;
    BuyOrder order;
};
class OrderRepository {
public:
    OrderRepository() = default;
    OrderRepository(const OrderRepository&) = delete;
    OrderRepository& operator=(const OrderRepository&) = delete;
    virtual ~OrderRepository() = default;

    /// @brief Inserts the order; `lines` are the lines inserted with it next (insert_order_line),
    /// whose tickets and total the order keeps (they never change once placed).
    virtual void insert_order(const BuyOrder& order, const std::vector<OrderLine>& lines,
                              const std::string& organization_id, const std::optional<std::string>& promo_code_id) = 0;
    virtual void insert_order_line(const std::string& organization_id, const std::string& order_id, int position,
                                   const OrderLine& line, const std::string& claim_id) = 0;
    virtual std::optional<OrderRow> find_order(const std::string& id) = 0;
    /// @brief Locks the order's row until the transaction ends, so that two callers changing one
    /// order (a payment and a sweep, two sweeps on two hosts) take turns and each reads what the
    /// other wrote (a no-op where the engine already runs one writer at a time), and reads it
    /// after the lock, as find_order; nullopt when there is no such order.
    virtual std::optional<OrderRow> lock_order(const std::string& id) = 0;
    /// @brief The place of an order of the event in placing order; nullopt when `order_id` is no
    /// order of the event.
    virtual std::optional<std::int64_t> order_position(const std::string& event_id, const std::string& order_id) = 0;
    /// @brief Up to `limit` orders of the event that match `filter`, placed after `after_position`
    /// (0: from the first), in placing order; through an index, stopping at the limit.
    virtual std::vector<PlacedOrder> page_orders(const std::string& event_id, const OrderFilter& filter,
                                                 std::int64_t after_position, std::int64_t limit) = 0;
    /// @brief The buyers' orders of the event, grouped by buyer, each buyer's in placing order: through their own
    /// orders, never a walk over the event's, in a fixed number of queries (a holders page costs in proportion to its
    /// holders).
    virtual std::vector<BuyOrder> orders_of_buyers(const std::string& event_id,
                                                   const std::vector<std::string>& buyer_ids) = 0;
    /// @brief Marks an order as made by a committed box-office sale.
    virtual void set_order_sale(const std::string& order_id, const std::string& sale_id) = 0;
    virtual void set_line_claim(const std::string& line_id, const std::optional<std::string>& claim_id) = 0;
    virtual void close_order(const std::string& id, OrderState state, Instant at) = 0;
    virtual void mark_order_paid(const std::string& id, const std::string& reference, const std::string& gateway,
                                 Instant at) = 0;
    virtual void mark_paid_without_capacity(const std::string& id, const std::string& reference,
                                            const std::string& gateway) = 0;
    /// @brief The organization's pending orders whose hold has run out at `cutoff`
    /// (rules::hold_cutoff): those with `expires_us <= cutoff.last_ran_out`, through the index
    /// order_due_by_organization, soonest expiry first.
    virtual std::vector<std::string> due_orders(rules::HoldCutoff cutoff, const std::string& organization_id) = 0;
    /// @brief Units of a specification on the buyer's pending orders (held ones, expired or not).
    virtual std::int64_t pending_units_of_buyer(const std::string& buyer_id, const std::string& specification_id) = 0;
};

}  // namespace ticketcore::repository
