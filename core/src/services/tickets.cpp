#include "ticketcore/services/tickets.hpp"
#include <chrono>
#include <limits>
#include <map>
#include <thread>

#include "services/access.hpp"
#include "services/buyers.hpp"
#include "services/capacity.hpp"
#include "services/idempotency.hpp"
#include "services/order_lifecycle.hpp"
#include "services/paging.hpp"
#include "services/snapshots.hpp"
#include "services/ticket_issuing.hpp"
#include "services/ticket_keys.hpp"
#include "services/unit_of_work.hpp"
#include "ticketcore/rules/order_rules.hpp"
#include "ticketcore/rules/text_rules.hpp"
#include "ticketcore/rules/ticket_rules.hpp"
#include "ticketcore/values/error_catalogue.hpp"

namespace ticketcore {

namespace {

constexpr std::int64_t max_batch = 10000;
constexpr const char* comp_operation = "tickets.comp";
constexpr const char* pre_generate_operation = "tickets.pre_generate";
constexpr const char* activate_operation = "ticket.activate";
constexpr const char* transfer_operation = "ticket.transfer";
constexpr const char* cancel_operation = "ticket.cancel";
constexpr const char* cancel_order_operation = "order.cancel_tickets";

/// The tickets of a first result, as they are now.
std::vector<EventTicket> tickets_by_id(const ReadContext& context, const std::vector<std::string>& ids) {
    std::vector<EventTicket> tickets;
    tickets.reserve(ids.size());
    for (const std::string& id : ids) {
        auto found = context.tickets().find_ticket(id);
        if (!found) throw fail::ticket_not_found(id);
        tickets.push_back(std::move(found->ticket));
    }
    return tickets;
}

/// A comp or door holder as a guest buyer (known by e-mail).
BuyerInput guest(const HolderInput& holder) {
    return BuyerInput{std::nullopt, holder.name, holder.email, {}, {}};
}

/// The spec, checked to belong to `event` and the event to be open for tickets.
TicketSpecification issuable_spec(UnitOfWork& unit, const Event& event, const std::string& specification_id) {
    if (event.state == EventState::Completed) {
        throw fail::event_completed("issue tickets for");
    }
    auto row = access::specification(unit, specification_id);
    if (row.specification.event_id != event.id) {
        throw fail::specification_other_event(specification_id);
    }
    return std::move(row.specification);
}

EventTicket load_ticket(const ReadContext& context, const std::string& ticket_id) {
    auto row = context.tickets().find_ticket(ticket_id);
    if (!row)
        access::missing(context, store::Owned::ticket, ticket_id, [&] { throw fail::ticket_not_found(ticket_id); });
    context.actor.require_organization(row->organization_id);
    return std::move(row->ticket);
}

/// The ticket of `ticket_id`, checked to be the actor's organization's.
repository::TicketRow ticket_for_write(const UnitOfWork& unit, const std::string& ticket_id) {
    auto row = unit.tickets().find_ticket(ticket_id);
    if (!row) access::missing(unit, store::Owned::ticket, ticket_id, [&] { throw fail::ticket_not_found(ticket_id); });
    unit.actor.require_organization(row->organization_id);
    return std::move(*row);
}

Json holder_json(const EventTicket& ticket) {
    return Json{{"buyer_id", ticket.buyer_id}, {"name", ticket.holder_name}, {"email", ticket.holder_email}};
}

/// Marks the ticket cancelled (naming its successor for a transfer) and rotates its secret, so
/// that every payload of it so far is refused. The write is conditional: when another caller
/// changed the ticket first, `recheck` (the caller's rule) refuses it as it now is.
template <typename Recheck>
void revoke(const UnitOfWork& unit, const repository::TicketRow& row, const std::optional<std::string>& transferred_to,
            Recheck&& recheck) {
#ifdef TICKETCORE_TEST_HOOKS
    if (issuing::revocation_guard_disabled()) {
        unit.tickets().revoke_ticket_unguarded(row.ticket.id, transferred_to);
        unit.tickets().rotate_secret(row.ticket.id, issuing::random_secret());
        return;
    }
#endif
    if (!unit.tickets().revoke_ticket(row.ticket.id, row.ticket.state, row.generation, transferred_to)) {
        recheck(ticket_for_write(unit, row.ticket.id).ticket);
        throw fail::ticket_cancelled(row.ticket.id);  // not reached: the rule refuses what changed
    }
    unit.tickets().rotate_secret(row.ticket.id, issuing::random_secret());
}

/// The ticket as read before the write transaction, after the race window, when a test build
/// switched the revocation guard off (nothing otherwise): the naive read-then-write the guard's
/// conditional write replaces.
std::optional<repository::TicketRow> stale_read(const Store& store, const std::string& ticket_id) {
#ifdef TICKETCORE_TEST_HOOKS
    if (issuing::revocation_guard_disabled()) {
        std::optional<repository::TicketRow> row;
        store.read([&](ReadContext& context) { row = context.tickets().find_ticket(ticket_id); });
        std::this_thread::sleep_for(std::chrono::microseconds(issuing::revocation_race_window_micros()));
        return row;
    }
#else
    (void)store;
    (void)ticket_id;
#endif
    return std::nullopt;
}

/// Cancels one ticket the rules allowed: voids its QR, gives its unit of capacity back (sold
/// count down; a pre-generated ticket's reservation), and files `ticket.cancelled`.
void cancel_one(const UnitOfWork& unit, const repository::TicketRow& row, EventState event_state) {
    revoke(unit, row, std::nullopt, [&](const EventTicket& ticket) { rules::check_can_cancel(ticket, event_state); });
    // The ticket's own unit only: an order line's claim of several tickets keeps the others'.
    const std::string claim_id =
        unit.inventory()
            .release_claim_units(row.claim_id, 1, unit.new_id(), "cancel:" + row.ticket.id, unit.now)
            .value_or(row.claim_id);
    if (claim_id != row.claim_id) unit.tickets().set_ticket_claim(row.ticket.id, claim_id);
    unit.emit(row.organization_id, "ticket.cancelled", row.ticket.id,
              Json{{"ticket_id", row.ticket.id},
                   {"event_id", row.ticket.event_id},
                   {"order_id", row.ticket.order_id},
                   {"holder", holder_json(row.ticket)}});
}

}  // namespace

std::vector<EventTicket> Tickets::comp(const std::string& event_id, const std::string& specification_id,
                                       const std::vector<HolderInput>& holders, const std::string& note,
                                       const std::optional<std::string>& idempotency_key) const {
    store_.actor().require_scope(scope::events_write);
    if (holders.empty()) throw fail::no_holders();
    if (static_cast<std::int64_t>(holders.size()) > max_batch) {
        throw fail::batch_too_large(max_batch);
    }
    for (const HolderInput& holder : holders) rules::validate_buyer(guest(holder));
    idempotency::check(idempotency_key);
    Json holder_list = Json::array();
    for (const HolderInput& holder : holders)
        holder_list.push_back(Json{{"email", holder.email}, {"name", holder.name}});
    const Json fingerprint{
        {"event_id", event_id}, {"specification_id", specification_id}, {"holders", holder_list}, {"note", note}};
    std::vector<EventTicket> tickets;
    store_.write([&](UnitOfWork& unit) {
        tickets.clear();
        const Event event = access::event(unit, event_id);
        if (const auto first =
                idempotency::replay(unit, event.organization_id, comp_operation, idempotency_key, fingerprint)) {
            tickets = tickets_by_id(unit, *first);
            return;
        }
        lifecycle::sweep_due(unit, unit.now, event.organization_id);
        const TicketSpecification spec = issuable_spec(unit, event, specification_id);
        for (const HolderInput& holder : holders) {
            const BuyerInput buyer_input = guest(holder);
            const Buyer buyer = buyers::find_or_create(unit, event.organization_id, buyer_input);
            const std::string claim_id =
                capacity::claim(unit, event.organization_id, spec.id, 1, repository::ClaimState::Sold, "comp");
            EventTicket ticket = issuing::new_ticket(unit, spec, TicketKind::Comp, TicketState::Valid);
            ticket.buyer_id = buyer.id;
            ticket.holder_name = holder.name;
            ticket.holder_email = holder.email;
            ticket.note = note;
            ticket.purchase_date = unit.now;
            issuing::store_ticket(unit, ticket, event.organization_id, claim_id);
            unit.tickets().ensure_holder(event.organization_id, event.id, buyer.id, spec.id, unit.new_id(), unit.now);
            // One event per holder, so a mailer sends each their own ticket.
            unit.emit(event.organization_id, "tickets.issued", ticket.id,
                      issuing::issued_payload(event.id, TicketKind::Comp, std::nullopt, buyer, {ticket.id}));
            tickets.push_back(unit.tickets().find_ticket(ticket.id)->ticket);
        }
        std::vector<std::string> ids;
        for (const EventTicket& ticket : tickets) ids.push_back(ticket.id);
        idempotency::remember(unit, event.organization_id, comp_operation, idempotency_key, fingerprint, ids);
        unit.audit("tickets.comp", "specification", spec.id, Json{{"note", note}, {"ticket_ids", ids}});
    });
    return tickets;
}

std::vector<EventTicket> Tickets::pre_generate(const std::string& event_id, const std::string& specification_id,
                                               std::int64_t quantity,
                                               const std::optional<std::string>& idempotency_key) const {
    store_.actor().require_scope(scope::events_write);
    rules::check_quantity(quantity);
    if (quantity > max_batch) throw fail::batch_too_large(max_batch);
    idempotency::check(idempotency_key);
    const Json fingerprint{{"event_id", event_id}, {"specification_id", specification_id}, {"quantity", quantity}};
    std::vector<EventTicket> tickets;
    store_.write([&](UnitOfWork& unit) {
        tickets.clear();
        const Event event = access::event(unit, event_id);
        if (const auto first = idempotency::replay(unit, event.organization_id, pre_generate_operation, idempotency_key,
                                                   fingerprint)) {
            tickets = tickets_by_id(unit, *first);
            return;
        }
        lifecycle::sweep_due(unit, unit.now, event.organization_id);
        const TicketSpecification spec = issuable_spec(unit, event, specification_id);
        std::vector<std::string> ids;
        for (std::int64_t index = 0; index < quantity; ++index) {
            // One claim per ticket: each is activated (sold) on its own at the door.
            const std::string claim_id = capacity::claim(unit, event.organization_id, spec.id, 1,
                                                         repository::ClaimState::Reserved, "pre-generated");
            EventTicket ticket = issuing::new_ticket(unit, spec, TicketKind::PreGenerated, TicketState::Unactivated);
            issuing::store_ticket(unit, ticket, event.organization_id, claim_id);
            tickets.push_back(std::move(ticket));
            ids.push_back(tickets.back().id);
        }
        idempotency::remember(unit, event.organization_id, pre_generate_operation, idempotency_key, fingerprint, ids);
        unit.audit("tickets.pre_generate", "specification", spec.id, Json{{"quantity", quantity}, {"ticket_ids", ids}});
    });
    return tickets;
}

EventTicket Tickets::activate(const std::string& ticket_id, const HolderInput& holder, const DoorPayment& payment,
                              const std::optional<std::string>& idempotency_key) const {
    store_.actor().require_scope(scope::sales);
    rules::validate_buyer(guest(holder));
    rules::require_present(payment.method, fail::payment_method_required);
    idempotency::check(idempotency_key);
    const Json fingerprint{{"ticket_id", ticket_id},     {"holder_email", holder.email},
                           {"holder_name", holder.name}, {"amount", idempotency::amount_fingerprint(payment.amount)},
                           {"method", payment.method},   {"reference", payment.reference}};
    EventTicket result;
    store_.write([&](UnitOfWork& unit) {
        const auto row = unit.tickets().find_ticket(ticket_id);
        if (!row)
            access::missing(unit, store::Owned::ticket, ticket_id, [&] { throw fail::ticket_not_found(ticket_id); });
        unit.actor.require_organization(row->organization_id);
        if (const auto first =
                idempotency::replay(unit, row->organization_id, activate_operation, idempotency_key, fingerprint)) {
            const auto replayed = unit.tickets().find_ticket(first->at(0));
            if (!replayed) throw fail::ticket_not_found(first->at(0));
            result = replayed->ticket;
            return;
        }
        const auto event = snapshot::find_event(unit, row->ticket.event_id);
        const EventState event_state = event->state;
        const auto spec = snapshot::find_specification(unit, row->ticket.ticket_specification_id)->specification;
        const Money amount =
            rules::check_can_activate(row->ticket, event_state, payment.amount, rules::door_price(spec));
        const BuyerInput buyer_input = guest(holder);
        const Buyer buyer = buyers::find_or_create(unit, row->organization_id, buyer_input);
        // The door payment is what the ticket was sold for (rules::door_price: its price, with the
        // event's VAT in it as an order line's, and its fees).
        const auto organization = unit.catalogue().find_organization(row->organization_id);
        unit.inventory().price_claim(
            row->claim_id, {amount.minor(), (spec.ticket_platform_fee + spec.percentage_fee_amount).minor(),
                            spec.price.included_vat(BasisPoints{event->vat_rate}, organization->rounding).minor()});
        unit.inventory().settle_claim(row->claim_id);
        unit.tickets().activate_ticket(ticket_id, buyer.id, holder.name, holder.email, unit.now);
        unit.payments().insert_payment(unit.new_id(), row->organization_id, std::nullopt, ticket_id, payment.reference,
                                       payment.method, amount, "applied", unit.now);
        unit.tickets().ensure_holder(row->organization_id, row->ticket.event_id, buyer.id, spec.id, unit.new_id(),
                                     unit.now);
        result = unit.tickets().find_ticket(ticket_id)->ticket;
        idempotency::remember(unit, row->organization_id, activate_operation, idempotency_key, fingerprint,
                              {ticket_id});
        unit.audit("ticket.activate", "ticket", ticket_id,
                   Json{{"holder_email", holder.email},
                        {"amount", amount},
                        {"method", payment.method},
                        {"reference", payment.reference}});
        unit.emit(
            row->organization_id, "tickets.issued", ticket_id,
            issuing::issued_payload(row->ticket.event_id, TicketKind::PreGenerated, std::nullopt, buyer, {ticket_id}));
    });
    return result;
}

EventTicket Tickets::transfer(const std::string& ticket_id, const HolderInput& to,
                              const std::optional<std::string>& idempotency_key) const {
    // The holder's own call in a web shop (its checkout actor, scope `orders`) or the box office's.
    const Actor& actor = store_.actor();
    if (!actor.has_scope(scope::orders)) actor.require_scope(scope::events_write);
    rules::validate_buyer(guest(to));
    idempotency::check(idempotency_key);
    const Json fingerprint{{"ticket_id", ticket_id}, {"to_email", to.email}, {"to_name", to.name}};
    EventTicket result;
    const auto stale = stale_read(store_, ticket_id);
    store_.write([&](UnitOfWork& unit) {
        const repository::TicketRow row = stale ? *stale : ticket_for_write(unit, ticket_id);
        if (const auto first =
                idempotency::replay(unit, row.organization_id, transfer_operation, idempotency_key, fingerprint)) {
            result = tickets_by_id(unit, *first).at(0);
            return;
        }
        const EventState event_state = snapshot::find_event(unit, row.ticket.event_id)->state;
        const TicketSpecification spec =
            snapshot::find_specification(unit, row.ticket.ticket_specification_id)->specification;
        const auto check = [&](const EventTicket& ticket) { rules::check_can_transfer(ticket, spec, event_state); };
        check(row.ticket);
        const Buyer buyer = buyers::find_or_create(unit, row.organization_id, guest(to));
        // The new holder's tickets of the spec count against its per-user limit; a ticket passed
        // back to the one who holds it takes no second place.
        if (buyer.id != row.ticket.buyer_id) capacity::check_per_user_limit(unit, buyer.id, spec, 1);
        EventTicket successor = issuing::new_ticket(unit, spec, row.ticket.kind, TicketState::Valid);
        successor.order_id = row.ticket.order_id;
        successor.buyer_id = buyer.id;
        successor.holder_name = to.name;
        successor.holder_email = to.email;
        successor.note = row.ticket.note;
        successor.purchase_date = row.ticket.purchase_date;
        successor.transferred_from = row.ticket.id;
        // The successor takes over the old ticket's claim: capacity and counters do not move.
        issuing::store_ticket(unit, successor, row.organization_id, row.claim_id);
        revoke(unit, row, successor.id, check);
        unit.tickets().ensure_holder(row.organization_id, row.ticket.event_id, buyer.id, spec.id, unit.new_id(),
                                     unit.now);
        result = unit.tickets().find_ticket(successor.id)->ticket;
        idempotency::remember(unit, row.organization_id, transfer_operation, idempotency_key, fingerprint,
                              {successor.id});
        const Json payload{{"ticket_id", row.ticket.id},
                           {"new_ticket_id", successor.id},
                           {"event_id", row.ticket.event_id},
                           {"order_id", row.ticket.order_id},
                           {"previous_holder", holder_json(row.ticket)},
                           {"holder", {{"buyer_id", buyer.id}, {"name", to.name}, {"email", to.email}}}};
        unit.audit("ticket.transfer", "ticket", row.ticket.id, payload);
        unit.emit(row.organization_id, "ticket.transferred", successor.id, payload);
    });
    return result;
}

EventTicket Tickets::cancel(const std::string& ticket_id, const std::optional<std::string>& idempotency_key) const {
    store_.actor().require_scope(scope::events_write);
    idempotency::check(idempotency_key);
    const Json fingerprint{{"ticket_id", ticket_id}};
    EventTicket result;
    const auto stale = stale_read(store_, ticket_id);
    store_.write([&](UnitOfWork& unit) {
        const repository::TicketRow row = stale ? *stale : ticket_for_write(unit, ticket_id);
        if (const auto first =
                idempotency::replay(unit, row.organization_id, cancel_operation, idempotency_key, fingerprint)) {
            result = tickets_by_id(unit, *first).at(0);
            return;
        }
        const EventState event_state = snapshot::find_event(unit, row.ticket.event_id)->state;
        rules::check_can_cancel(row.ticket, event_state);
        cancel_one(unit, row, event_state);
        result = unit.tickets().find_ticket(ticket_id)->ticket;
        idempotency::remember(unit, row.organization_id, cancel_operation, idempotency_key, fingerprint, {ticket_id});
        unit.audit("ticket.cancel", "ticket", ticket_id,
                   Json{{"event_id", row.ticket.event_id}, {"order_id", row.ticket.order_id}});
    });
    return result;
}

std::vector<EventTicket> Tickets::cancel_order(const std::string& order_id,
                                               const std::optional<std::string>& idempotency_key) const {
    store_.actor().require_scope(scope::events_write);
    idempotency::check(idempotency_key);
    const Json fingerprint{{"order_id", order_id}};
    std::vector<EventTicket> cancelled;
    store_.write([&](UnitOfWork& unit) {
        cancelled.clear();
        const repository::OrderRow order = access::order_for_update(unit, order_id);
        if (const auto first = idempotency::replay(unit, order.organization_id, cancel_order_operation, idempotency_key,
                                                   fingerprint)) {
            cancelled = tickets_by_id(unit, *first);
            return;
        }
        const EventState event_state = snapshot::find_event(unit, order.order.event_id)->state;
        // Every ticket of the order: those it issued and those transferred from them.
        const std::vector<EventTicket> tickets =
            unit.tickets().page_tickets(order.order.event_id, order_id, 0, std::numeric_limits<std::int64_t>::max());
        std::vector<std::string> ids;
        for (const EventTicket& ticket : rules::tickets_to_cancel(order.order, event_state, tickets)) {
            cancel_one(unit, ticket_for_write(unit, ticket.id), event_state);
            ids.push_back(ticket.id);
        }
        cancelled = tickets_by_id(unit, ids);
        idempotency::remember(unit, order.organization_id, cancel_order_operation, idempotency_key, fingerprint, ids);
        unit.audit("order.cancel_tickets", "order", order_id,
                   Json{{"event_id", order.order.event_id}, {"ticket_ids", ids}});
    });
    return cancelled;
}

Page<Revocation> Tickets::revocations(const std::string& event_id, const PageRequest& request) const {
    const Actor& actor = store_.actor();
    if (!actor.has_scope(scope::scan)) actor.require_scope(scope::events_read);
    paging::check(request);
    Page<Revocation> page;
    store_.read([&](ReadContext& context) {
        (void)access::event(context, event_id);
        auto& tickets = context.tickets();
        const std::int64_t after =
            paging::start(request, request.after ? tickets.revocation_position(event_id, *request.after) : std::nullopt,
                          "a revoked ticket of this event");
        auto rows = tickets.page_revocations(event_id, after, request.first + 1);
        page = Page<Revocation>{};
        page.has_next_page = static_cast<std::int64_t>(rows.size()) > request.first;
        if (page.has_next_page) rows.pop_back();
        for (const repository::RevokedTicketRow& row : rows) {
            EventTicket ticket;
            ticket.state = row.state;
            ticket.is_refunded = row.is_refunded;
            page.nodes.push_back(Revocation{row.ticket_id, rules::admitted_generation(ticket, row.generation)});
        }
        if (!page.nodes.empty()) page.end_cursor = page.nodes.back().ticket_id;
    });
    return page;
}

EventTicket Tickets::get(const std::string& ticket_id) const {
    store_.actor().require_scope(scope::events_read);
    EventTicket ticket;
    store_.read([&](ReadContext& context) { ticket = load_ticket(context, ticket_id); });
    return ticket;
}

std::string Tickets::qr(const std::string& ticket_id) const {
    store_.actor().require_scope(scope::events_read);
    std::string payload;
    const auto encode = [&](const ReadContext& context, const std::optional<SigningKey>& key) {
        const auto row = context.tickets().find_ticket(ticket_id);
        if (!row)
            access::missing(context, store::Owned::ticket, ticket_id, [&] { throw fail::ticket_not_found(ticket_id); });
        context.actor.require_organization(row->organization_id);
        if (row->ticket.state == TicketState::Cancelled) throw fail::ticket_cancelled(ticket_id);
        if (row->ticket.is_refunded) throw fail::ticket_refunded(ticket_id);
        if (key) payload = rules::encode_ticket_payload(ticket_id, row->generation, row->organization_id, *key);
    };
    const std::string& organization_id = access::organization_of(store_.actor());
    store_.read(
        [&](ReadContext& context) { encode(context, ticket_keys::find_signing_key(context, organization_id)); });
    if (payload.empty()) {
        // An organization made before keys were: its first key is made on first need.
        store_.write([&](UnitOfWork& unit) { encode(unit, ticket_keys::signing_key(unit, organization_id)); });
    }
    return payload;
}

Page<EventTicket> Tickets::list(const std::string& event_id, const std::optional<std::string>& order_id,
                                const PageRequest& request) const {
    store_.actor().require_scope(scope::events_read);
    paging::check(request);
    Page<EventTicket> page;
    store_.read([&](ReadContext& context) {
        (void)access::event(context, event_id);
        // A filter on an order that does not exist, or is another organization's, is an error
        // rather than an empty list.
        if (order_id) (void)access::order(context, *order_id);
        auto& tickets = context.tickets();
        const std::int64_t after =
            paging::start(request, request.after ? tickets.ticket_position(event_id, *request.after) : std::nullopt,
                          "a ticket of this event");
        page = paging::finish(tickets.page_tickets(event_id, order_id, after, request.first + 1), request.first);
    });
    return page;
}

Page<EventTicket> Tickets::mine(const BuyerLookup& buyer, const PageRequest& request) const {
    store_.actor().require_scope(scope::events_read);
    (void)access::organization_of(store_.actor());
    if (buyer.user_id.has_value() == buyer.email.has_value()) throw fail::buyer_lookup_required();
    if (buyer.user_id && rules::is_blank(*buyer.user_id)) throw fail::user_id_required();
    paging::check(request);
    const std::string identity = rules::buyer_identity(BuyerInput{buyer.user_id, {}, buyer.email.value_or(""), {}, {}});
    Page<EventTicket> page;
    store_.read([&](ReadContext& context) {
        page = Page<EventTicket>{};
        const auto found = context.buyers().find_buyer_by_identity(identity);
        auto& tickets = context.tickets();
        const std::int64_t after = paging::start(
            request, request.after && found ? tickets.buyer_ticket_position(found->id, *request.after) : std::nullopt,
            "a ticket of this buyer");
        if (!found) return;  // a buyer the organization does not know has no tickets
        page = paging::finish(tickets.page_tickets_of_buyer(found->id, after, request.first + 1), request.first);
    });
    return page;
}

HolderPage Tickets::holders(const HolderQuery& query) const {
    store_.actor().require_scope(scope::events_read);
    paging::check(PageRequest{query.first, query.after});
    HolderPage page;
    store_.read([&](ReadContext& context) {
        (void)access::event(context, query.event_id);
        if (query.after && !context.tickets().is_holder(query.event_id, *query.after)) {
            throw fail::invalid_cursor(*query.after, "a holder of this event");
        }
        page = HolderPage{};
        page.total_count = context.tickets().count_holders(query.event_id);
        auto rows = context.tickets().page_holders(query.event_id, query.after, query.first + 1);
        page.has_next_page = static_cast<std::int64_t>(rows.size()) > query.first;
        if (page.has_next_page) rows.pop_back();
        // The page's buyers, tickets and orders in one read each (not one per holder).
        std::vector<std::string> buyer_ids;
        for (const auto& row : rows) buyer_ids.push_back(row.buyer_id);
        std::map<std::string, TicketHolder> by_buyer;
        for (Buyer& buyer : context.buyers().find_buyers(buyer_ids)) {
            by_buyer[buyer.id].user = std::move(buyer);
        }
        for (EventTicket& ticket : context.tickets().tickets_of_buyers(query.event_id, buyer_ids)) {
            by_buyer[*ticket.buyer_id].tickets.push_back(std::move(ticket));
        }
        for (BuyOrder& order : context.orders().orders_of_buyers(query.event_id, buyer_ids)) {
            order.state = rules::effective_state(order.state, order.expires, context.now);
            if (!query.order_state || order.state == *query.order_state) {
                by_buyer[order.buyer_id].buy_orders.push_back(std::move(order));
            }
        }
        for (const auto& row : rows) {
            TicketHolder holder = std::move(by_buyer[row.buyer_id]);
            holder.id = row.id;
            holder.event_id = query.event_id;
            holder.issue_time = row.issue_time;
            page.nodes.push_back(std::move(holder));
        }
        if (!page.nodes.empty()) page.end_cursor = page.nodes.back().id;
    });
    return page;
}

}  // namespace ticketcore
