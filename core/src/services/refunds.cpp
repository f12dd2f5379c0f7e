#include "ticketcore/services/refunds.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <limits>
#include <thread>

#include "services/access.hpp"
#include "services/idempotency.hpp"
#include "services/order_lifecycle.hpp"
#include "services/paging.hpp"
#include "services/refund_flow.hpp"
#include "services/refund_guard.hpp"
#include "services/snapshots.hpp"
#include "services/ticket_issuing.hpp"
#include "services/unit_of_work.hpp"
#include "ticketcore/rules/order_rules.hpp"
#include "ticketcore/rules/refund_rules.hpp"
#include "ticketcore/values/error_catalogue.hpp"
#include "ticketcore/values/unicode.hpp"

namespace ticketcore {

#ifdef TICKETCORE_TEST_HOOKS
namespace refund_guard {
namespace {
std::atomic<bool> guard_off{false};
std::atomic<std::int64_t> race_window{0};
}  // namespace

void set_disabled(bool disabled, std::int64_t race_window_micros) noexcept {
    guard_off.store(disabled);
    race_window.store(race_window_micros);
}
bool disabled() noexcept {
    return guard_off.load();
}
std::int64_t race_window_micros() noexcept {
    return race_window.load();
}
}  // namespace refund_guard
#endif

namespace {

constexpr const char* start_operation = "refund.start";
constexpr const char* complete_operation = "refund.complete";
constexpr const char* fail_operation = "refund.fail";

/// What a refund is being made of: its tickets (each with what it can still take back) or, for an
/// order paid without capacity, its payment alone.
struct Plan {
    std::vector<std::string> ticket_ids;
    std::vector<Money> refundable;
    std::optional<std::string> order_id;
    std::optional<std::string> buyer_id;
    std::optional<std::string> payment_reference;
    std::string payment_gateway;
    bool fees_included = false;
};

repository::RefundRow load_refund(const UnitOfWork& unit, const std::string& refund_id, bool locked) {
    auto row = locked ? unit.refunds().lock_refund(refund_id) : unit.refunds().find_refund(refund_id);
    if (!row) access::missing(unit, store::Owned::refund, refund_id, [&] { throw fail::refund_not_found(refund_id); });
    unit.actor.require_organization(row->organization_id);
    return std::move(*row);
}

repository::TicketRow lock_ticket(const UnitOfWork& unit, const std::string& ticket_id) {
    auto row = unit.tickets().lock_ticket(ticket_id);
    if (!row) access::missing(unit, store::Owned::ticket, ticket_id, [&] { throw fail::ticket_not_found(ticket_id); });
    unit.actor.require_organization(row->organization_id);
    return std::move(*row);
}

/// What is left to refund of each ticket: `refundable` less its parts in refunds that did not fail.
void subtract_refunded(const UnitOfWork& unit, Plan& plan) {
    const auto so_far = unit.refunds().refunded_so_far(plan.ticket_ids);
    for (std::size_t index = 0; index < plan.ticket_ids.size(); ++index) {
        const auto found = so_far.find(plan.ticket_ids[index]);
        if (found == so_far.end()) continue;
        const Money done(found->second, plan.refundable[index].currency());
        plan.refundable[index] = std::max(plan.refundable[index] - done, Money::zero(done.currency()));
    }
}

/// What each ticket of the order was paid, the tickets named in issue order.
std::vector<rules::TicketPaid> order_ticket_paid(const BuyOrder& order, const std::vector<EventTicket>& tickets) {
    std::vector<std::string> specification_ids;
    specification_ids.reserve(tickets.size());
    for (const EventTicket& ticket : tickets) specification_ids.push_back(ticket.ticket_specification_id);
    return rules::paid_per_ticket(order.event_tickets, specification_ids, order.price.total.currency());
}

/// One ticket's refund: its checks, and what it was paid.
Plan plan_ticket(const UnitOfWork& unit, const EventTicket& ticket, const Organization& organization,
                 bool allow_redeemed, bool checked) {
    if (checked) rules::check_ticket_refundable(ticket, allow_redeemed);
    const Event event = access::event(unit, ticket.event_id);
    Plan plan;
    plan.ticket_ids = {ticket.id};
    plan.order_id = ticket.order_id;
    plan.buyer_id = ticket.buyer_id;
    plan.fees_included = organization.refund_fees;
    rules::TicketPaid paid{Money::zero(event.currency), Money::zero(event.currency)};
    if (ticket.kind == TicketKind::Order && ticket.order_id) {
        const BuyOrder order = access::order(unit, *ticket.order_id).order;
        // The order's tickets as issued (read, not locked: only this ticket changes).
        const std::vector<EventTicket> tickets =
            unit.tickets().page_tickets(order.event_id, order.id, 0, std::numeric_limits<std::int64_t>::max());
        const std::vector<rules::TicketPaid> parts = order_ticket_paid(order, tickets);
        for (std::size_t index = 0; index < tickets.size(); ++index) {
            if (tickets[index].id == ticket.id) paid = parts[index];
        }
        plan.payment_reference = order.charge_session_id;
        plan.payment_gateway = order.payment_gateway;
    } else if (ticket.kind == TicketKind::PreGenerated) {
        if (const auto payment = unit.payments().find_payment_of_ticket(ticket.id)) {
            const auto spec = snapshot::find_specification(unit, ticket.ticket_specification_id)->specification;
            paid = rules::door_paid(payment->amount, spec.ticket_platform_fee + spec.percentage_fee_amount);
            plan.payment_reference = payment->reference;
            plan.payment_gateway = payment->gateway;
        }
    }
    // A comp was paid nothing: rules::refund_shares refuses it as nothing to refund.
    plan.refundable = {rules::refundable(paid, organization.refund_fees)};
    if (checked) subtract_refunded(unit, plan);
    return plan;
}

/// A whole order's refund: its checks, and what each of its tickets still refundable was paid.
Plan plan_order(const UnitOfWork& unit, const repository::OrderRow& row, const Organization& organization,
                bool allow_redeemed, bool checked) {
    const BuyOrder& order = row.order;
    rules::check_order_refundable(order, rules::effective_state(order.state, order.expires, unit.now));
    Plan plan;
    plan.order_id = order.id;
    plan.buyer_id = order.buyer_id;
    plan.payment_reference = order.charge_session_id;
    plan.payment_gateway = order.payment_gateway;
    if (order.paid_without_capacity) {
        // No ticket was issued: the whole payment goes back, fees included, whatever the
        // organization's setting (the buyer got nothing for them).
        for (const RefundState state : unit.refunds().live_order_refund_states(order.id)) {
            if (state == RefundState::InProgress) throw fail::order_refund_in_progress(order.id);
            throw fail::order_refunded(order.id);
        }
        const auto payment = unit.payments().find_payment_of_order(order.id);
        plan.refundable = {payment ? payment->amount : Money::zero(order.price.total.currency())};
        plan.fees_included = true;
        return plan;
    }
    plan.fees_included = organization.refund_fees;
    const std::vector<repository::TicketRow> rows = unit.tickets().lock_tickets_of_order(order.id);
    std::vector<EventTicket> tickets;
    for (const auto& ticket_row : rows) tickets.push_back(ticket_row.ticket);
    const std::vector<rules::TicketPaid> paid = order_ticket_paid(order, tickets);
    bool refunded_before = false;
    for (std::size_t index = 0; index < tickets.size(); ++index) {
        const EventTicket& ticket = tickets[index];
        if (rules::left_out_of_order_refund(ticket)) {
            refunded_before = refunded_before || ticket.is_refunded;
            continue;
        }
        if (checked) rules::check_ticket_refundable(ticket, allow_redeemed);
        plan.ticket_ids.push_back(ticket.id);
        plan.refundable.push_back(rules::refundable(paid[index], organization.refund_fees));
    }
    if (plan.ticket_ids.empty() && refunded_before) throw fail::order_refunded(order.id);
    if (checked) subtract_refunded(unit, plan);
    return plan;
}

Json refund_payload(UnitOfWork& unit, const Refund& refund, const std::optional<std::string>& buyer_id) {
    std::vector<std::string> ticket_ids;
    for (const RefundedTicket& ticket : refund.tickets) ticket_ids.push_back(ticket.ticket_id);
    Json payload{{"refund_id", refund.id},
                 {"event_id", refund.event_id},
                 {"order_id", refund.order_id},
                 {"ticket_ids", ticket_ids},
                 {"amount", refund.amount},
                 {"payment_reference", refund.payment_reference},
                 {"payment_gateway", refund.payment_gateway},
                 {"buyer", buyer_id ? lifecycle::buyer_json(unit, *buyer_id) : Json(nullptr)}};
    if (refund.gateway_reference) payload["gateway_reference"] = *refund.gateway_reference;
    if (refund.failure_reason) payload["reason"] = *refund.failure_reason;
    return payload;
}

/// The buyer a refund goes to: its order's, else its ticket's.
std::optional<std::string> buyer_of(const UnitOfWork& unit, const Refund& refund) {
    if (refund.order_id) {
        if (const auto order = unit.orders().find_order(*refund.order_id)) return order->order.buyer_id;
    }
    if (refund.ticket_id) {
        if (const auto ticket = unit.tickets().find_ticket(*refund.ticket_id)) return ticket->ticket.buyer_id;
    }
    return std::nullopt;
}

#ifdef TICKETCORE_TEST_HOOKS
/// Test hook path: the checks a naive implementation makes on a snapshot before its write
/// transaction. With the guard on this is never used; with it off it is the only check.
void unguarded_precheck(const Store& store, const NewRefund& input) {
    store.read([&](ReadContext& context) {
        if (input.ticket_id) {
            if (const auto row = context.tickets().find_ticket(*input.ticket_id)) {
                rules::check_ticket_refundable(row->ticket, input.allow_redeemed);
            }
        } else if (const auto order = context.orders().find_order(*input.order_id)) {
            for (const EventTicket& ticket : context.tickets().page_tickets(order->order.event_id, order->order.id, 0,
                                                                            std::numeric_limits<std::int64_t>::max())) {
                if (!rules::left_out_of_order_refund(ticket))
                    rules::check_ticket_refundable(ticket, input.allow_redeemed);
            }
        }
    });
    std::this_thread::sleep_for(std::chrono::microseconds(refund_guard::race_window_micros()));
}
#endif

}  // namespace

namespace refund_flow {

Refund start(UnitOfWork& unit, const std::string& organization_id, const NewRefund& input, bool checked) {
    const Organization organization = *unit.catalogue().find_organization(organization_id);
    std::string event_id;
    Plan plan;
    if (input.ticket_id) {
        const repository::TicketRow row = lock_ticket(unit, *input.ticket_id);
        event_id = row.ticket.event_id;
        plan = plan_ticket(unit, row.ticket, organization, input.allow_redeemed, checked);
    } else {
        const repository::OrderRow row = access::order_for_update(unit, *input.order_id);
        event_id = row.order.event_id;
        plan = plan_order(unit, row, organization, input.allow_redeemed, checked);
    }
    const Currency currency = access::event(unit, event_id).currency;
    std::optional<Money> requested;
    if (input.amount) requested = input.amount->in(currency);
    const std::vector<Money> shares = input.ticket_id
                                          ? rules::refund_shares(requested, plan.refundable, *input.ticket_id, true)
                                          : rules::refund_shares(requested, plan.refundable, *input.order_id, false);

    Refund refund;
    refund.id = unit.new_id();
    refund.event_id = event_id;
    refund.order_id = plan.order_id;
    refund.ticket_id = input.ticket_id;
    refund.state = RefundState::InProgress;
    refund.amount = Money::zero(currency);
    for (const Money& share : shares) refund.amount += share;
    refund.fees_included = plan.fees_included;
    refund.allow_redeemed = input.allow_redeemed;
    refund.note = input.note;
    for (std::size_t index = 0; index < plan.ticket_ids.size(); ++index) {
        refund.tickets.push_back(RefundedTicket{plan.ticket_ids[index], shares[index]});
    }
    refund.payment_reference = plan.payment_reference;
    refund.payment_gateway = plan.payment_gateway;
    refund.created = unit.now;
    unit.refunds().insert_refund(refund, organization_id);
    for (const std::string& ticket_id : plan.ticket_ids) unit.tickets().set_refund_flags(ticket_id, true, false);
    unit.audit(start_operation, "refund", refund.id, Json(refund));
    unit.emit(organization_id, "refund.started", refund.id, refund_payload(unit, refund, plan.buyer_id));
    return refund;
}

Refund complete(UnitOfWork& unit, const repository::RefundRow& row,
                const std::optional<std::string>& gateway_reference) {
    const Refund& refund = row.refund;
    rules::check_refund_in_progress(refund.id, refund.state);
    for (const RefundedTicket& part : refund.tickets) {
        const repository::TicketRow ticket = lock_ticket(unit, part.ticket_id);
        // The ticket's capacity is free again: its unit of the claim it was sold from (an
        // order line's claim holds every ticket of the line) given back, and the ticket
        // pointed at the row that records it.
        const auto released =
            unit.inventory().release_claim_units(ticket.claim_id, 1, unit.new_id(), "refund:" + refund.id, unit.now);
        if (released && *released != ticket.claim_id) unit.tickets().set_ticket_claim(ticket.ticket.id, *released);
        unit.tickets().set_refund_flags(ticket.ticket.id, false, true);
        // Its QR code is void from now on, offline too: the revocation list names it.
        unit.tickets().rotate_secret(ticket.ticket.id, issuing::random_secret());
    }
    unit.refunds().close_refund(refund.id, RefundState::Refunded, gateway_reference, std::nullopt, unit.now);
    Refund result = refund;
    result.state = RefundState::Refunded;
    result.gateway_reference = gateway_reference;
    result.closed = unit.now;
    unit.audit(complete_operation, "refund", refund.id,
               Json{{"gateway_reference", gateway_reference}, {"amount", refund.amount}});
    unit.emit(row.organization_id, "refund.completed", refund.id, refund_payload(unit, result, buyer_of(unit, result)));
    return result;
}

}  // namespace refund_flow

Refund Refunds::start(const NewRefund& input) const {
    store_.actor().require_scope(scope::refunds);
    if (input.ticket_id.has_value() == input.order_id.has_value()) throw fail::refund_target_required();
    if (input.amount && input.amount->minor <= 0) throw fail::amount_not_positive("amount");
    idempotency::check(input.idempotency_key);
    const Json fingerprint{{"ticket_id", input.ticket_id},
                           {"order_id", input.order_id},
                           {"amount", input.amount ? idempotency::amount_fingerprint(*input.amount) : Json(nullptr)},
                           {"allow_redeemed", input.allow_redeemed},
                           {"note", input.note}};
#ifdef TICKETCORE_TEST_HOOKS
    const bool checked = !refund_guard::disabled();
    if (!checked) unguarded_precheck(store_, input);
#else
    constexpr bool checked = true;
#endif
    Refund refund;
    store_.write([&](UnitOfWork& unit) {
        const std::string& organization_id = access::organization_of(unit.actor);
        if (const auto first =
                idempotency::replay(unit, organization_id, start_operation, input.idempotency_key, fingerprint)) {
            refund = load_refund(unit, first->at(0), false).refund;
            return;
        }
        refund = refund_flow::start(unit, organization_id, input, checked);
        idempotency::remember(unit, organization_id, start_operation, input.idempotency_key, fingerprint, {refund.id});
    });
    return refund;
}

Refund Refunds::complete(const std::string& refund_id, const std::optional<std::string>& gateway_reference,
                         const std::optional<std::string>& idempotency_key) const {
    store_.actor().require_scope(scope::refunds);
    if (gateway_reference && unicode::is_blank(*gateway_reference)) throw fail::gateway_reference_blank();
    idempotency::check(idempotency_key);
    const Json fingerprint{{"refund_id", refund_id}, {"gateway_reference", gateway_reference}};
    Refund result;
    store_.write([&](UnitOfWork& unit) {
        const repository::RefundRow row = load_refund(unit, refund_id, true);
        const Refund& refund = row.refund;
        if (idempotency::replay(unit, row.organization_id, complete_operation, idempotency_key, fingerprint)) {
            result = refund;
            return;
        }
        if (refund.state == RefundState::Refunded && refund.gateway_reference == gateway_reference) {
            result = refund;  // the same completion again: nothing changes
            idempotency::remember(unit, row.organization_id, complete_operation, idempotency_key, fingerprint,
                                  {refund.id});
            return;
        }
        result = refund_flow::complete(unit, row, gateway_reference);
        idempotency::remember(unit, row.organization_id, complete_operation, idempotency_key, fingerprint, {refund.id});
    });
    return result;
}

Refund Refunds::fail(const std::string& refund_id, const std::string& reason,
                     const std::optional<std::string>& idempotency_key) const {
    store_.actor().require_scope(scope::refunds);
    if (unicode::is_blank(reason)) throw fail::refund_reason_required();
    idempotency::check(idempotency_key);
    const Json fingerprint{{"refund_id", refund_id}, {"reason", reason}};
    Refund result;
    store_.write([&](UnitOfWork& unit) {
        const repository::RefundRow row = load_refund(unit, refund_id, true);
        const Refund& refund = row.refund;
        if (idempotency::replay(unit, row.organization_id, fail_operation, idempotency_key, fingerprint)) {
            result = refund;
            return;
        }
        if (refund.state == RefundState::Failed && refund.failure_reason == reason) {
            result = refund;  // the same failure again: nothing changes
            idempotency::remember(unit, row.organization_id, fail_operation, idempotency_key, fingerprint, {refund.id});
            return;
        }
        rules::check_refund_in_progress(refund.id, refund.state);
        for (const RefundedTicket& part : refund.tickets) {
            const repository::TicketRow ticket = lock_ticket(unit, part.ticket_id);
            unit.tickets().set_refund_flags(ticket.ticket.id, false, false);
        }
        unit.refunds().close_refund(refund.id, RefundState::Failed, std::nullopt, reason, unit.now);
        result = refund;
        result.state = RefundState::Failed;
        result.failure_reason = reason;
        result.closed = unit.now;
        idempotency::remember(unit, row.organization_id, fail_operation, idempotency_key, fingerprint, {refund.id});
        unit.audit(fail_operation, "refund", refund.id, Json{{"reason", reason}});
        unit.emit(row.organization_id, "refund.failed", refund.id,
                  refund_payload(unit, result, buyer_of(unit, result)));
    });
    return result;
}

Refund Refunds::get(const std::string& refund_id) const {
    store_.actor().require_scope(scope::events_read);
    Refund refund;
    store_.read([&](ReadContext& context) {
        auto row = context.refunds().find_refund(refund_id);
        if (!row)
            access::missing(context, store::Owned::refund, refund_id, [&] { throw fail::refund_not_found(refund_id); });
        context.actor.require_organization(row->organization_id);
        refund = std::move(row->refund);
    });
    return refund;
}

Page<EventTicket> Refunds::activity(const std::string& event_id, const PageRequest& request) const {
    store_.actor().require_scope(scope::events_read);
    paging::check(request);
    Page<EventTicket> page;
    store_.read([&](ReadContext& context) {
        (void)access::event(context, event_id);
        auto& tickets = context.tickets();
        // Any ticket of the event is a place in issue order: a cursor stays valid when its ticket
        // leaves the list (its refund failed) between two pages.
        const std::int64_t after =
            paging::start(request, request.after ? tickets.ticket_position(event_id, *request.after) : std::nullopt,
                          "a ticket of this event");
        page = paging::finish(tickets.page_refund_activity(event_id, after, request.first + 1), request.first);
    });
    return page;
}

}  // namespace ticketcore
