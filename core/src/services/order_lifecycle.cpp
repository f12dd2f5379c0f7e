#include "services/order_lifecycle.hpp"

#include "store/sql/inventory_repository.hpp"

namespace ticketcore::lifecycle {

Json buyer_json(UnitOfWork& unit, const std::string& buyer_id) {
    const auto buyer = repository::find_buyer(unit.db, buyer_id);
    return Json{{"id", buyer->id}, {"name", buyer->name}, {"email", buyer->email}};
}

// Gives a pending order's capacity and promo use back and closes it as `state`.
void close_pending(UnitOfWork& unit, const repository::OrderRow& row, OrderState state, std::string_view operation,
                   std::string_view topic) {
    for (const auto& line : repository::order_line_claims(unit.db, row.order.id)) {
        if (line.claim_id) repository::release_claim(unit.db, *line.claim_id);
    }
    if (row.promo_code_id) repository::unuse_promo_code(unit.db, *row.promo_code_id);
    repository::close_order(unit.db, row.order.id, state, unit.now);
    const Json payload{{"order_id", row.order.id}, {"event_id", row.order.event_id},
                       {"buyer", buyer_json(unit, row.order.buyer_id)}};
    unit.audit(operation, "order", row.order.id, payload);
    unit.emit(row.organization_id, topic, row.order.id, payload);
}

std::vector<std::string> sweep_due(UnitOfWork& unit, Instant now, const std::string& organization_id) {
    std::vector<std::string> expired = repository::due_orders(unit.db, now, organization_id);
    for (const std::string& order_id : expired) {
        close_pending(unit, *repository::find_order(unit.db, order_id), OrderState::Expired, "order.expire",
                      "order.expired");
    }
    return expired;
}

}  // namespace ticketcore::lifecycle
