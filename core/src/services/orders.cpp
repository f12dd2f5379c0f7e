#include <algorithm>
#include <chrono>
#include <thread>

#include "services/access.hpp"
#include "services/buyers.hpp"
#include "services/capacity.hpp"
#include "services/idempotency.hpp"
#include "services/order_lifecycle.hpp"
#include "services/paging.hpp"
#include "services/snapshots.hpp"
#include "services/ticket_issuing.hpp"
#include "services/unit_of_work.hpp"
#include "ticketcore/rules/order_rules.hpp"
#include "ticketcore/rules/payment_rules.hpp"
#include "ticketcore/rules/pricing.hpp"
#include "ticketcore/rules/text_rules.hpp"
#include "ticketcore/services/orders.hpp"
#include "ticketcore/values/error_catalogue.hpp"

namespace ticketcore {

namespace {

constexpr const char* place_operation = "order.place";
constexpr const char* confirm_operation = "order.confirm_payment";
constexpr const char* cancel_operation = "order.cancel";
/// Orders above this are refused: one confirm issues every ticket in one transaction.
constexpr std::int64_t max_order_tickets = 10000;

/// Items with the same specification merged, in first-seen order.
std::vector<std::pair<std::string, std::int64_t>> merged_items(const NewOrder& input) {
    if (input.items.empty()) throw fail::no_items();
    std::vector<std::pair<std::string, std::int64_t>> merged;
    for (const auto& [specification_id, quantity] : input.items) {
        rules::check_quantity(quantity);
        // Captured by name: clang 14 cannot capture a structured binding.
        const auto found = std::find_if(merged.begin(), merged.end(),
                                        [&id = specification_id](const auto& item) { return item.first == id; });
        if (found == merged.end()) {
            merged.emplace_back(specification_id, quantity);
        } else if (__builtin_add_overflow(found->second, quantity, &found->second)) {
            throw fail::number_out_of_range("Quantity");
        }
    }
    std::int64_t total = 0;
    for (const auto& item : merged) total += std::min<std::int64_t>(item.second, max_order_tickets + 1);
    if (total > max_order_tickets) {
        throw fail::order_too_large(max_order_tickets);
    }
    return merged;
}

Json request_fingerprint(const NewOrder& input, const std::vector<std::pair<std::string, std::int64_t>>& items) {
    return Json{{"event_id", input.event_id},
                {"buyer", {{"user_id", input.buyer.user_id}, {"name", input.buyer.name}, {"email", input.buyer.email}}},
                {"items", items},
                {"promo_code", input.promo_code},
                {"comment", input.comment},
                {"payment_gateway", input.payment_gateway}};
}

repository::OrderRow load_order(UnitOfWork& unit, const std::string& order_id) {
    return access::order_for_update(unit, order_id);
}

/// A payment for an expired order: takes the capacity (and the promo code use) again if the event
/// is still on sale and everything is still there, all or nothing, and gives `lines` (the order's
/// line claims) their new claims. Returns the refusal code when not.
std::optional<std::string> reactivate(UnitOfWork& unit, const repository::OrderRow& row, const Event& event,
                                      std::vector<repository::OrderLineClaim>& lines) {
    const auto savepoint = unit.savepoint("reactivate");
    try {
        rules::check_event_on_sale(event.state);
        for (auto& line : lines) {
            const auto spec = snapshot::find_specification(unit, line.specification_id)->specification;
            if (!spec.is_active) {
                throw fail::specification_inactive(spec.id);
            }
            capacity::check_per_user_limit(unit, row.order.buyer_id, spec, line.amount);
            const std::string claim_id = capacity::claim(unit, row.organization_id, spec.id, line.amount,
                                                         repository::ClaimState::Sold, "order:" + row.order.id);
            unit.orders().set_line_claim(line.line_id, claim_id);
            line.claim_id = claim_id;
            const auto priced = std::find_if(row.order.event_tickets.begin(), row.order.event_tickets.end(),
                                             [&](const OrderLine& each) { return each.id == line.line_id; });
            if (priced != row.order.event_tickets.end()) capacity::price(unit, claim_id, *priced);
        }
        if (row.promo_code_id && !unit.promo_codes().use_promo_code(*row.promo_code_id)) {
            throw fail::promo_code_used_up(unit.promo_codes().find_promo_code(*row.promo_code_id)->code.code);
        }
        savepoint->release();
        return std::nullopt;
    } catch (const CapacityError& error) {
        return error.code();
    } catch (const ConflictError& error) {
        return error.code();
    }
}

BuyOrder presented(BuyOrder order, Instant now) {
    order.state = rules::effective_state(order.state, order.expires, now);
    return order;
}

#ifdef TICKETCORE_TEST_HOOKS
/// Test hook path: the capacity check a naive implementation makes on a snapshot before its
/// write transaction. With the guard on this is never used; with it off it is the only check.
void unguarded_precheck(const Store& store, const std::vector<std::pair<std::string, std::int64_t>>& items) {
    store.read([&](ReadContext& context) {
        for (const auto& [specification_id, quantity] : items) {
            const auto row = snapshot::find_specification(context, specification_id);
            if (row && row->specification.available && *row->specification.available < quantity) {
                throw fail::sold_out(specification_id);
            }
        }
    });
    std::this_thread::sleep_for(std::chrono::microseconds(capacity::race_window_micros()));
}

#endif

}  // namespace

BuyOrder Orders::place(const NewOrder& input) const {
    const Actor& actor = store_.actor();
    actor.require_scope(scope::orders);
    const std::string organization_id = access::organization_of(actor);
    rules::validate_buyer(input.buyer);
    const auto items = merged_items(input);
    idempotency::check(input.idempotency_key);
    const Json fingerprint = request_fingerprint(input, items);
#ifdef TICKETCORE_TEST_HOOKS
    if (capacity::guard_disabled()) unguarded_precheck(store_, items);
#endif

    BuyOrder order;
    store_.write([&](UnitOfWork& unit) {
        if (const auto first =
                idempotency::replay(unit, organization_id, place_operation, input.idempotency_key, fingerprint)) {
            order = presented(load_order(unit, first->at(0)).order, unit.now);
            return;
        }
        const Event event = access::event(unit, input.event_id);
        rules::check_event_on_sale(event.state);
        // Expired holds never block a buyer: sweep before any capacity is counted.
        lifecycle::sweep_due(unit, unit.now, organization_id);
        const auto organization = unit.catalogue().find_organization(organization_id);

        std::optional<repository::PromoCodeRow> promo;
        if (input.promo_code) {
            promo = unit.promo_codes().find_promo_code_by_code(event.id, *input.promo_code);
            if (!promo) throw fail::promo_code_not_found_by_code(*input.promo_code);
            rules::check_promo_code_usable(promo->code, unit.now);
        }
        const Buyer buyer = buyers::find_or_create(unit, organization_id, input.buyer);

        std::vector<TicketSpecification> specs;
        std::vector<rules::PricingItem> pricing;
        for (const auto& [specification_id, quantity] : items) {
            auto row = access::specification(unit, specification_id);
            const TicketSpecification& spec = row.specification;
            if (spec.event_id != event.id) {
                throw fail::specification_other_event(spec.id);
            }
            const auto listed = [&](const std::vector<std::string>& ids) {
                return std::find(ids.begin(), ids.end(), spec.id) != ids.end();
            };
            rules::check_specification_on_sale(spec, unit.now, promo && listed(promo->code.unlocks));
            capacity::check_per_user_limit(unit, buyer.id, spec, quantity);
            const bool discountable =
                promo && (promo->code.specification_ids.empty() || listed(promo->code.specification_ids));
            pricing.push_back(
                {quantity, spec.price, spec.ticket_platform_fee, spec.percentage_fee_amount, discountable});
            specs.push_back(spec);
        }
        std::optional<rules::Reduction> reduction;
        if (promo && (promo->code.percent_off || promo->code.amount_off)) {
            reduction = rules::Reduction{promo->code.percent_off, promo->code.amount_off};
        }
        std::vector<OrderLine> lines = rules::price_lines(pricing, reduction, event.vat_rate, organization->rounding);
        if (promo && !unit.promo_codes().use_promo_code(promo->code.id)) {
            throw fail::promo_code_used_up(promo->code.code);
        }

        order = BuyOrder{};
        order.id = unit.new_id();
        order.event_id = event.id;
        order.buyer_id = buyer.id;
        order.state = OrderState::Pending;
        order.comment = input.comment;
        order.payment_gateway = input.payment_gateway;
        order.created = unit.now;
        order.expires = shifted(unit.now, store_.order_hold_micros(), "The order's expiry (now + order_hold)");
        order.price = rules::sum_lines(lines, event.currency);
        unit.orders().insert_order(order, lines, organization_id,
                                   promo ? std::optional<std::string>(promo->code.id) : std::nullopt);
        for (std::size_t index = 0; index < lines.size(); ++index) {
            lines[index].id = unit.new_id();
            lines[index].ticket_specification_id = specs[index].id;
            const std::string claim_id = capacity::claim(unit, organization_id, specs[index].id, lines[index].amount,
                                                         repository::ClaimState::Reserved, "order:" + order.id);
            unit.orders().insert_order_line(organization_id, order.id, static_cast<int>(index), lines[index], claim_id);
            capacity::price(unit, claim_id, lines[index]);
        }
        idempotency::remember(unit, organization_id, place_operation, input.idempotency_key, fingerprint, {order.id});
        // The order as written, not read back (three round trips on PostgreSQL): what get() reads
        // is equal, field for field (test_what_place_and_confirm_return_is_what_get_reads).
        order.promo_code = promo ? std::optional<std::string>(promo->code.code) : std::nullopt;
        order.event_tickets = std::move(lines);
        unit.audit(place_operation, "order", order.id, Json(order));
        unit.emit(organization_id, "order.placed", order.id,
                  Json{{"order_id", order.id},
                       {"event_id", order.event_id},
                       {"buyer", {{"id", buyer.id}, {"name", buyer.name}, {"email", buyer.email}}},
                       {"total", order.price.total},
                       {"expires", order.expires}});
    });
    return order;
}

BuyOrder Orders::confirm_payment(const PaymentConfirmation& payment) const {
    store_.actor().require_scope(scope::orders);
    rules::require_present(payment.payment_ref, fail::payment_ref_required);
    rules::require_present(payment.gateway, fail::gateway_required);
    idempotency::check(payment.idempotency_key);
    const Json fingerprint{{"order_id", payment.order_id},
                           {"payment_ref", payment.payment_ref},
                           {"gateway", payment.gateway},
                           {"amount", idempotency::amount_fingerprint(payment.amount)}};
    BuyOrder result;
    store_.write([&](UnitOfWork& unit) {
        const std::string& organization_id = access::organization_of(unit.actor);
        if (const auto first =
                idempotency::replay(unit, organization_id, confirm_operation, payment.idempotency_key, fingerprint)) {
            result = presented(load_order(unit, first->at(0)).order, unit.now);
            return;
        }
        // Expired holds never block a late payment: sweep first (this order's own hold too, if it
        // ran out, so the payment below sees it Expired and takes the capacity again).
        lifecycle::sweep_due(unit, unit.now, organization_id);
        auto row = load_order(unit, payment.order_id);
        // A late payment counts the buyer's holdings and a payment turns held units into tickets:
        // both under the buyer's lock, like place, so per-user counts never interleave.
        const auto buyer = unit.buyers().lock_buyer(row.order.buyer_id);
        const BuyOrder& order = row.order;
        const rules::PaymentAction action = rules::confirm_action(order, payment.payment_ref, unit.now);
        if (action == rules::PaymentAction::repeat) {
            result = order;
            idempotency::remember(unit, organization_id, confirm_operation, payment.idempotency_key, fingerprint,
                                  {order.id});
            return;
        }
        const Money amount = rules::check_amount_paid(payment.amount, order.price.total, "order total");
        const auto event = access::event(unit, order.event_id);
        // Why the payment cannot be applied, if it cannot: then it is recorded and flagged for a refund.
        std::optional<std::string> refusal;
        std::vector<repository::OrderLineClaim> lines = row.line_claims;
        switch (action) {
            case rules::PaymentAction::settle:
                for (const auto& line : lines) unit.inventory().settle_claim(*line.claim_id);
                break;
            case rules::PaymentAction::refuse_cancelled: refusal = "order_cancelled"; break;
            case rules::PaymentAction::expire_then_reactivate:
                // Not reached after the sweep above, which closed it; closed here like the sweep
                // would, so that its held capacity is never taken twice.
                lifecycle::close_pending(unit, row, OrderState::Expired, "order.expire", "order.expired");
                refusal = reactivate(unit, row, event, lines);
                break;
            case rules::PaymentAction::reactivate: refusal = reactivate(unit, row, event, lines); break;
            case rules::PaymentAction::repeat: break;  // returned above
        }
        const bool has_capacity = !refusal;
        unit.payments().insert_payment(unit.new_id(), row.organization_id, order.id, std::nullopt, payment.payment_ref,
                                       payment.gateway, amount, has_capacity ? "applied" : "paid_without_capacity",
                                       unit.now);
        if (!has_capacity) {
            unit.orders().mark_paid_without_capacity(order.id, payment.payment_ref, payment.gateway);
            const Json payload{{"order_id", order.id},
                               {"payment_ref", payment.payment_ref},
                               {"amount", amount},
                               {"reason", *refusal},
                               {"buyer", lifecycle::buyer_json(unit, order.buyer_id)}};
            unit.audit("order.paid_without_capacity", "order", order.id, payload);
            unit.emit(row.organization_id, "order.paid_without_capacity", order.id, payload);
            result = unit.orders().find_order(order.id)->order;
            idempotency::remember(unit, organization_id, confirm_operation, payment.idempotency_key, fingerprint,
                                  {order.id});
            return;
        }
        unit.orders().mark_order_paid(order.id, payment.payment_ref, payment.gateway, unit.now);
        const std::vector<std::string> issued =
            issuing::issue_order_tickets(unit, row.organization_id, event.id, order.id, *buyer, lines);
        // The order as it now is, not read back (see place).
        result = order;
        result.state = OrderState::Paid;
        result.paid_at = unit.now;
        result.charge_session_id = payment.payment_ref;
        result.payment_gateway = payment.gateway;
        result.ticket_ids = issued;
        idempotency::remember(unit, organization_id, confirm_operation, payment.idempotency_key, fingerprint,
                              {order.id});
        unit.audit("order.confirm_payment", "order", order.id,
                   Json{{"payment_ref", payment.payment_ref},
                        {"gateway", payment.gateway},
                        {"amount", amount},
                        {"ticket_ids", issued}});
        unit.emit(row.organization_id, "tickets.issued", order.id,
                  issuing::issued_payload(event.id, TicketKind::Order, order.id, *buyer, issued));
    });
    return result;
}

BuyOrder Orders::cancel(const std::string& order_id, const std::optional<std::string>& idempotency_key) const {
    store_.actor().require_scope(scope::orders);
    idempotency::check(idempotency_key);
    const Json fingerprint{{"order_id", order_id}};
    BuyOrder result;
    store_.write([&](UnitOfWork& unit) {
        const auto row = load_order(unit, order_id);
        // The fingerprint names the order, so a replay's result is this order.
        if (idempotency::replay(unit, row.organization_id, cancel_operation, idempotency_key, fingerprint)) {
            result = presented(row.order, unit.now);
            return;
        }
        rules::check_can_cancel(rules::effective_state(row.order.state, row.order.expires, unit.now));
        lifecycle::close_pending(unit, row, OrderState::Cancelled, "order.cancel", "order.cancelled");
        result = unit.orders().find_order(order_id)->order;
        idempotency::remember(unit, row.organization_id, cancel_operation, idempotency_key, fingerprint, {order_id});
    });
    return result;
}

std::vector<std::string> Orders::expire_due(std::optional<Instant> now) const {
    const Actor& actor = store_.actor();
    actor.require_scope(scope::orders);
    const std::string organization_id = access::organization_of(actor);
    std::vector<std::string> expired;
    store_.write([&](UnitOfWork& unit) {
        if (now) require_in_range(*now, "now");
        if (now && unit.now < *now) {
            throw fail::now_in_future();
        }
        expired = lifecycle::sweep_due(unit, now.value_or(unit.now), organization_id);
    });
    return expired;
}

BuyOrder Orders::get(const std::string& order_id) const {
    store_.actor().require_scope(scope::events_read);
    BuyOrder order;
    store_.read([&](ReadContext& context) { order = presented(access::order(context, order_id).order, context.now); });
    return order;
}

Page<BuyOrder> Orders::list(const std::string& event_id, std::optional<OrderState> state,
                            const PageRequest& request) const {
    store_.actor().require_scope(scope::events_read);
    paging::check(request);
    Page<BuyOrder> page;
    store_.read([&](ReadContext& context) {
        (void)access::event(context, event_id);
        auto& orders = context.orders();
        const std::int64_t after =
            paging::start(request, request.after ? orders.order_position(event_id, *request.after) : std::nullopt,
                          "an order of this event");
        // The effective state as stored matches, each read through an index in placing order: an
        // expired order is one stored expired or one pending whose hold ran out, so that filter
        // reads two ranges and merges them.
        const rules::HoldCutoff cutoff = rules::hold_cutoff(context.now);
        std::vector<repository::PlacedOrder> placed;
        for (const rules::StoredOrderMatch& match : rules::stored_matches(state)) {
            auto rows = orders.page_orders(event_id, repository::OrderFilter{match, cutoff}, after, request.first + 1);
            placed.insert(placed.end(), std::make_move_iterator(rows.begin()), std::make_move_iterator(rows.end()));
        }
        std::sort(placed.begin(), placed.end(),
                  [](const auto& left, const auto& right) { return left.position < right.position; });
        if (static_cast<std::int64_t>(placed.size()) > request.first + 1)
            placed.resize(static_cast<std::size_t>(request.first + 1));
        std::vector<BuyOrder> rows;
        for (auto& row : placed) rows.push_back(presented(std::move(row.order), context.now));
        page = paging::finish(std::move(rows), request.first);
    });
    return page;
}

}  // namespace ticketcore
