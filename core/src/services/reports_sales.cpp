// store.reports, the sales, orders and refunds section (issue 10, seed 000): sales per
// specification from the maintained counters, the orders of an event paged through its index in
// placing order, and their totals per effective state; the event's ticket holders paged through
// the index tickets.holders walks, and its tickets refunded or with a refund in progress.

#include <algorithm>
#include <array>
#include <cstddef>
#include <iterator>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "services/access.hpp"
#include "services/capacity.hpp"
#include "services/paging.hpp"
#include "services/snapshots.hpp"
#include "services/unit_of_work.hpp"
#include "ticketcore/rules/hold_rules.hpp"
#include "ticketcore/rules/order_rules.hpp"
#include "ticketcore/services/reports.hpp"
#include "ticketcore/values/error_catalogue.hpp"

namespace ticketcore {

namespace {

/// Reading a report needs `reports:read` or `events:read`.
void require_read(const Actor& actor) {
    if (!actor.has_scope(scope::reports_read) && !actor.has_scope(scope::events_read)) {
        throw fail::missing_scopes(actor.id, scope::reports_read, scope::events_read);
    }
}

void check_first(std::int64_t first) {
    if (first < 1 || first > Reports::max_report_page) throw fail::invalid_page_size(Reports::max_report_page);
}

}  // namespace

ReportTable Reports::sales_per_specification(const std::string& event_id) const {
    require_read(store_.actor());
    ReportTable table;
    store_.read([&](ReadContext& context) {
        const Event event = access::event(context, event_id);
        // The specifications with their sold money counters in one read, then their ran-out holds.
        std::vector<snapshot::SpecificationRow> stored = snapshot::list_specification_rows(context, event_id);
        std::vector<TicketSpecification> specs;
        for (snapshot::SpecificationRow& row : stored) specs.push_back(std::move(row.specification));
        capacity::exclude_expired_holds(context, event_id, specs);
        const int scale = event.currency.exponent();
        ReportBuilder rows("sales_per_specification");
        const auto id = rows.column("specification_id", ColumnKind::text);
        const auto name = rows.column("name", ColumnKind::text);
        const auto price = rows.column("price", ColumnKind::money, scale);
        const auto currency = rows.column("currency", ColumnKind::text);
        const auto active = rows.column("active", ColumnKind::boolean);
        const auto for_sale = rows.column("for_sale", ColumnKind::integer);
        const auto sold = rows.column("sold", ColumnKind::integer);
        const auto reserved = rows.column("reserved", ColumnKind::integer);
        const auto available = rows.column("available", ColumnKind::integer);
        const auto revenue = rows.column("revenue", ColumnKind::money, scale);
        const auto fees = rows.column("fees", ColumnKind::money, scale);
        const auto vat = rows.column("vat", ColumnKind::money, scale);
        for (std::size_t index = 0; index < specs.size(); ++index) {
            const TicketSpecification& spec = specs[index];
            const repository::ClaimMoney& sold_money = stored[index].sold_money;
            rows.text(id, spec.id);
            rows.text(name, spec.name);
            rows.integer(price, spec.price.minor());
            rows.text(currency, event.currency.code());
            rows.boolean(active, spec.is_active);
            rows.optional_integer(for_sale, spec.number_of_tickets_for_sale);
            rows.integer(sold, spec.number_of_tickets_sold);
            rows.integer(reserved, spec.number_of_tickets_reserved);
            rows.optional_integer(available, spec.available);
            rows.integer(revenue, sold_money.revenue);
            rows.integer(fees, sold_money.fees);
            rows.integer(vat, sold_money.vat);
        }
        table = rows.done();
    });
    return table;
}

ReportTable Reports::orders(const std::string& event_id, std::optional<OrderState> state, std::int64_t first,
                            const std::optional<std::string>& after) const {
    require_read(store_.actor());
    check_first(first);
    ReportTable table;
    store_.read([&](ReadContext& context) {
        const Event event = access::event(context, event_id);
        auto& repository = context.orders();
        const PageRequest request{first, after};
        const std::int64_t start = paging::start(
            request, after ? repository.order_position(event_id, *after) : std::nullopt, "an order of this event");
        // The effective state as stored matches, each read through an index in placing order
        // (as Orders::list): an expired order is one stored expired or one pending whose hold ran out.
        const rules::HoldCutoff cutoff = rules::hold_cutoff(context.now);
        std::vector<repository::PlacedOrder> placed;
        for (const rules::StoredOrderMatch& match : rules::stored_matches(state)) {
            auto rows = repository.page_orders(event_id, repository::OrderFilter{match, cutoff}, start, first + 1);
            placed.insert(placed.end(), std::make_move_iterator(rows.begin()), std::make_move_iterator(rows.end()));
        }
        std::sort(placed.begin(), placed.end(),
                  [](const auto& left, const auto& right) { return left.position < right.position; });
        const bool has_next_page = static_cast<std::int64_t>(placed.size()) > first;
        if (has_next_page) placed.resize(static_cast<std::size_t>(first));
        std::vector<std::string> buyer_ids;
        for (const auto& row : placed) buyer_ids.push_back(row.order.buyer_id);
        std::sort(buyer_ids.begin(), buyer_ids.end());
        buyer_ids.erase(std::unique(buyer_ids.begin(), buyer_ids.end()), buyer_ids.end());
        std::map<std::string, Buyer> buyers;
        for (Buyer& buyer : context.buyers().find_buyers(buyer_ids)) buyers[buyer.id] = std::move(buyer);

        const int scale = event.currency.exponent();
        ReportBuilder rows("orders");
        const auto id = rows.column("order_id", ColumnKind::text);
        const auto state_column = rows.column("state", ColumnKind::text);
        const auto buyer_id = rows.column("buyer_id", ColumnKind::text);
        const auto buyer_name = rows.column("buyer_name", ColumnKind::text);
        const auto buyer_email = rows.column("buyer_email", ColumnKind::text);
        const auto created = rows.column("created", ColumnKind::instant);
        const auto expires = rows.column("expires", ColumnKind::instant);
        const auto paid_at = rows.column("paid_at", ColumnKind::instant);
        const auto tickets = rows.column("tickets", ColumnKind::integer);
        const auto total = rows.column("total", ColumnKind::money, scale);
        const auto currency = rows.column("currency", ColumnKind::text);
        for (const auto& row : placed) {
            const BuyOrder& order = row.order;
            rows.text(id, order.id);
            rows.text(state_column, to_string(rules::effective_state(order.state, order.expires, context.now)));
            rows.text(buyer_id, order.buyer_id);
            const auto buyer = buyers.find(order.buyer_id);
            rows.text(buyer_name, buyer == buyers.end() ? std::string_view() : buyer->second.name);
            rows.text(buyer_email, buyer == buyers.end() ? std::string_view() : buyer->second.email);
            rows.instant(created, order.created);
            rows.instant(expires, order.expires);
            rows.optional_instant(paid_at, order.paid_at);
            std::int64_t units = 0;
            for (const OrderLine& line : order.event_tickets) units += line.amount;
            rows.integer(tickets, units);
            rows.integer(total, order.price.total.minor());
            rows.text(currency, event.currency.code());
        }
        table = rows.done(has_next_page, has_next_page ? std::optional(placed.back().order.id) : std::nullopt);
    });
    return table;
}

ReportTable Reports::order_totals(const std::string& event_id) const {
    require_read(store_.actor());
    ReportTable table;
    store_.read([&](ReadContext& context) {
        const Event event = access::event(context, event_id);
        const auto totals = context.sales_reports().order_totals(event_id, rules::hold_cutoff(context.now));
        ReportBuilder rows("order_totals");
        const auto state = rows.column("state", ColumnKind::text);
        const auto orders = rows.column("orders", ColumnKind::integer);
        const auto tickets = rows.column("tickets", ColumnKind::integer);
        const auto total = rows.column("total", ColumnKind::money, event.currency.exponent());
        const auto currency = rows.column("currency", ColumnKind::text);
        for (const OrderState each :
             {OrderState::Pending, OrderState::Paid, OrderState::Expired, OrderState::Cancelled}) {
            const std::string name(to_string(each));
            const auto found = totals.find(name);
            const repository::OrderStateTotals row =
                found == totals.end() ? repository::OrderStateTotals{} : found->second;
            rows.text(state, name);
            rows.integer(orders, row.orders);
            rows.integer(tickets, row.tickets);
            rows.integer(total, row.total);
            rows.text(currency, event.currency.code());
        }
        table = rows.done();
    });
    return table;
}

ReportTable Reports::ticket_holders(const std::string& event_id, std::optional<OrderState> order_state,
                                    std::int64_t first, const std::optional<std::string>& after) const {
    require_read(store_.actor());
    check_first(first);
    ReportTable table;
    store_.read([&](ReadContext& context) {
        (void)access::event(context, event_id);
        auto& holders = context.tickets();
        // The machinery of tickets.holders: its cursor check, its page through ticket_holder_by_issue,
        // and one read each of the page's buyers, tickets and orders.
        if (after && !holders.is_holder(event_id, *after)) {
            throw fail::invalid_cursor(*after, "a holder of this event");
        }
        auto page = holders.page_holders(event_id, after, first + 1);
        const bool has_next_page = static_cast<std::int64_t>(page.size()) > first;
        if (has_next_page) page.pop_back();
        std::vector<std::string> buyer_ids;
        for (const auto& row : page) buyer_ids.push_back(row.buyer_id);
        std::map<std::string, Buyer> buyers;
        for (Buyer& buyer : context.buyers().find_buyers(buyer_ids)) buyers[buyer.id] = std::move(buyer);
        std::map<std::string, std::int64_t> tickets_of;
        for (const EventTicket& ticket : holders.tickets_of_buyers(event_id, buyer_ids)) ++tickets_of[*ticket.buyer_id];
        std::map<std::string, std::int64_t> orders_of;
        for (const BuyOrder& order : context.orders().orders_of_buyers(event_id, buyer_ids)) {
            if (!order_state || rules::effective_state(order.state, order.expires, context.now) == *order_state) {
                ++orders_of[order.buyer_id];
            }
        }

        ReportBuilder rows("ticket_holders");
        const auto id = rows.column("holder_id", ColumnKind::text);
        const auto issue_time = rows.column("issue_time", ColumnKind::instant);
        const auto buyer_id = rows.column("buyer_id", ColumnKind::text);
        const auto user_id = rows.column("user_id", ColumnKind::text);
        const auto name = rows.column("name", ColumnKind::text);
        const auto email = rows.column("email", ColumnKind::text);
        const auto phone = rows.column("phone", ColumnKind::text);
        const auto tickets = rows.column("tickets", ColumnKind::integer);
        const auto orders = rows.column("orders", ColumnKind::integer);
        for (const auto& row : page) {
            const auto buyer = buyers.find(row.buyer_id);
            const Buyer none;
            const Buyer& user = buyer == buyers.end() ? none : buyer->second;
            rows.text(id, row.id);
            rows.instant(issue_time, row.issue_time);
            rows.text(buyer_id, row.buyer_id);
            rows.optional_text(user_id, user.user_id);
            rows.text(name, user.name);
            rows.text(email, user.email);
            rows.text(phone, user.phone);
            rows.integer(tickets, tickets_of[row.buyer_id]);
            rows.integer(orders, orders_of[row.buyer_id]);
        }
        table = rows.done(has_next_page, has_next_page ? std::optional(page.back().id) : std::nullopt);
    });
    return table;
}

ReportTable Reports::refund_activity(const std::string& event_id, std::int64_t first,
                                     const std::optional<std::string>& after) const {
    require_read(store_.actor());
    check_first(first);
    ReportTable table;
    store_.read([&](ReadContext& context) {
        const Event event = access::event(context, event_id);
        auto& repository = context.tickets();
        // As Refunds::activity: any ticket of the event is a place in issue order, so a cursor stays
        // valid when its ticket leaves the list (its refund failed) between two pages.
        const PageRequest request{first, after};
        const std::int64_t start = paging::start(
            request, after ? repository.ticket_position(event_id, *after) : std::nullopt, "a ticket of this event");
        std::vector<EventTicket> page = repository.page_refund_activity(event_id, start, first + 1);
        const bool has_next_page = static_cast<std::int64_t>(page.size()) > first;
        if (has_next_page) page.pop_back();
        std::vector<std::string> ticket_ids;
        for (const EventTicket& ticket : page) ticket_ids.push_back(ticket.id);
        const auto refunds = context.sales_reports().ticket_refunds(ticket_ids);
        std::map<std::string, std::string> spec_names;
        for (const TicketSpecification& spec : snapshot::list_specifications(context, event_id)) {
            spec_names[spec.id] = spec.name;
        }

        const int scale = event.currency.exponent();
        ReportBuilder rows("refund_activity");
        const auto id = rows.column("ticket_id", ColumnKind::text);
        const auto specification_id = rows.column("specification_id", ColumnKind::text);
        const auto specification = rows.column("specification", ColumnKind::text);
        const auto holder_name = rows.column("holder_name", ColumnKind::text);
        const auto holder_email = rows.column("holder_email", ColumnKind::text);
        const auto purchase_date = rows.column("purchase_date", ColumnKind::instant);
        const auto refund_id = rows.column("refund_id", ColumnKind::text);
        const auto refund_state = rows.column("refund_state", ColumnKind::text);
        const auto amount = rows.column("amount", ColumnKind::money, scale);
        const auto currency = rows.column("currency", ColumnKind::text);
        const auto requested = rows.column("requested", ColumnKind::instant);
        const auto completed = rows.column("completed", ColumnKind::instant);
        for (const EventTicket& ticket : page) {
            rows.text(id, ticket.id);
            rows.text(specification_id, ticket.ticket_specification_id);
            rows.text(specification, spec_names[ticket.ticket_specification_id]);
            rows.text(holder_name, ticket.holder_name);
            rows.text(holder_email, ticket.holder_email);
            rows.optional_instant(purchase_date, ticket.purchase_date);
            const auto found = refunds.find(ticket.id);
            const bool known = found != refunds.end();
            const repository::TicketRefundActivity none;
            const repository::TicketRefundActivity& refund = known ? found->second : none;
            rows.optional_text(refund_id, known ? std::optional(refund.refund_id) : std::nullopt);
            rows.text(refund_state, known                          ? std::string_view(refund.state)
                                    : ticket.is_refund_in_progress ? std::string_view("in_progress")
                                                                   : std::string_view("refunded"));
            rows.integer(amount, refund.amount);
            rows.text(currency, event.currency.code());
            rows.optional_instant(requested, known ? std::optional(Instant{refund.requested_us}) : std::nullopt);
            rows.optional_integer(completed, refund.completed_us);
        }
        table = rows.done(has_next_page, has_next_page ? std::optional(page.back().id) : std::nullopt);
    });
    return table;
}

}  // namespace ticketcore
