#include "services/order_lifecycle.hpp"
#include "services/sale_lifecycle.hpp"

#include "ticketcore/rules/order_rules.hpp"

namespace ticketcore::lifecycle {

Json buyer_json(UnitOfWork& unit, const std::string& buyer_id) {
    const auto buyer = unit.buyers().find_buyer(buyer_id);
    return Json{{"id", buyer->id}, {"name", buyer->name}, {"email", buyer->email}};
}

// Gives a pending order's capacity and promo use back and closes it as `state`.
void close_pending(UnitOfWork& unit, const repository::OrderRow& row, OrderState state, std::string_view operation,
                   std::string_view topic) {
    for (const auto& line : row.line_claims) {
        if (line.claim_id) unit.inventory().release_claim(*line.claim_id);
    }
    if (row.promo_code_id) unit.promo_codes().unuse_promo_code(*row.promo_code_id);
    unit.orders().close_order(row.order.id, state, unit.now);
    const Json payload{
        {"order_id", row.order.id}, {"event_id", row.order.event_id}, {"buyer", buyer_json(unit, row.order.buyer_id)}};
    unit.audit(operation, "order", row.order.id, payload);
    unit.emit(row.organization_id, topic, row.order.id, payload);
}

std::vector<std::string> sweep_due(UnitOfWork& unit, Instant now, const std::string& organization_id) {
    // Open box-office sales hold capacity like pending orders: theirs is given back first.
    (void)sale_lifecycle::sweep_due(unit, now, organization_id);
    std::vector<std::string> expired;
    const rules::HoldCutoff cutoff = rules::hold_cutoff(now);
    for (const std::string& order_id : unit.orders().due_orders(cutoff, organization_id)) {
        // Locked and read again: another caller (a payment, a sweep on another host) may have
        // closed it since the list was read.
        const auto row = unit.orders().lock_order(order_id);
        if (!row || row->order.state != OrderState::Pending || !rules::hold_ran_out(row->order.expires, cutoff))
            continue;
        close_pending(unit, *row, OrderState::Expired, "order.expire", "order.expired");
        expired.push_back(order_id);
    }
    return expired;
}

}  // namespace ticketcore::lifecycle
