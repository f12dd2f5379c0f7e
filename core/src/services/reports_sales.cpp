// store.reports, the sales, orders and refunds section (issue 10, seed 000): sales per
// specification from the maintained counters, the orders of an event paged through its index in
// placing order, and their totals per effective state; the event's ticket holders paged through
// the index tickets.holders walks, and its tickets refunded or with a refund in progress.

#include <algorithm>
#include <array>
#include <iterator>
#include <map>
#include <string>
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

/// The integer column `column` of `table`, null where `value` is empty.
void push_optional(ReportColumn& column, const std::optional<std::int64_t>& value) {
    column.integers.push_back(value.value_or(0));
    column.present.push_back(value.has_value());
}

/// Drops `present` when every row has a value (the table's convention: empty means no nulls).
void compact(ReportTable& table) {
    for (ReportColumn& column : table.columns) {
        if (std::all_of(column.present.begin(), column.present.end(), [](bool value) { return value; }))
            column.present.clear();
    }
}

}  // namespace

ReportTable Reports::sales_per_specification(const std::string& event_id) const {
    require_read(store_.actor());
    ReportTable table;
    table.name = "sales_per_specification";
    store_.read([&](ReadContext& context) {
        const Event event = access::event(context, event_id);
        std::vector<TicketSpecification> specs = snapshot::list_specifications(context, event_id);
        capacity::exclude_expired_holds(context, event_id, specs);
        const auto money = context.sales_reports().specification_money(event_id);
        const int scale = event.currency.exponent();
        table.columns.reserve(12);  // the references below stay valid (ReportTable::add)
        auto& id = table.add("specification_id", ColumnKind::text);
        auto& name = table.add("name", ColumnKind::text);
        auto& price = table.add("price", ColumnKind::money, scale);
        auto& currency = table.add("currency", ColumnKind::text);
        auto& active = table.add("active", ColumnKind::boolean);
        auto& for_sale = table.add("for_sale", ColumnKind::integer);
        auto& sold = table.add("sold", ColumnKind::integer);
        auto& reserved = table.add("reserved", ColumnKind::integer);
        auto& available = table.add("available", ColumnKind::integer);
        auto& revenue = table.add("revenue", ColumnKind::money, scale);
        auto& fees = table.add("fees", ColumnKind::money, scale);
        auto& vat = table.add("vat", ColumnKind::money, scale);
        for (const TicketSpecification& spec : specs) {
            const auto found = money.find(spec.id);
            const repository::ClaimMoney sold_money = found == money.end() ? repository::ClaimMoney{} : found->second;
            id.texts.push_back(spec.id);
            name.texts.push_back(spec.name);
            price.integers.push_back(spec.price.minor());
            currency.texts.emplace_back(event.currency.code());
            active.integers.push_back(spec.is_active ? 1 : 0);
            push_optional(for_sale, spec.number_of_tickets_for_sale);
            sold.integers.push_back(spec.number_of_tickets_sold);
            reserved.integers.push_back(spec.number_of_tickets_reserved);
            push_optional(available, spec.available);
            revenue.integers.push_back(sold_money.revenue);
            fees.integers.push_back(sold_money.fees);
            vat.integers.push_back(sold_money.vat);
        }
    });
    compact(table);
    return table;
}

ReportTable Reports::orders(const std::string& event_id, std::optional<OrderState> state, std::int64_t first,
                            const std::optional<std::string>& after) const {
    require_read(store_.actor());
    check_first(first);
    ReportTable table;
    table.name = "orders";
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
        table.has_next_page = static_cast<std::int64_t>(placed.size()) > first;
        if (table.has_next_page) placed.resize(static_cast<std::size_t>(first));
        std::vector<std::string> buyer_ids;
        for (const auto& row : placed) buyer_ids.push_back(row.order.buyer_id);
        std::sort(buyer_ids.begin(), buyer_ids.end());
        buyer_ids.erase(std::unique(buyer_ids.begin(), buyer_ids.end()), buyer_ids.end());
        std::map<std::string, Buyer> buyers;
        for (Buyer& buyer : context.buyers().find_buyers(buyer_ids)) buyers[buyer.id] = std::move(buyer);

        const int scale = event.currency.exponent();
        table.columns.reserve(11);  // the references below stay valid (ReportTable::add)
        auto& id = table.add("order_id", ColumnKind::text);
        auto& state_column = table.add("state", ColumnKind::text);
        auto& buyer_id = table.add("buyer_id", ColumnKind::text);
        auto& buyer_name = table.add("buyer_name", ColumnKind::text);
        auto& buyer_email = table.add("buyer_email", ColumnKind::text);
        auto& created = table.add("created", ColumnKind::instant);
        auto& expires = table.add("expires", ColumnKind::instant);
        auto& paid_at = table.add("paid_at", ColumnKind::instant);
        auto& tickets = table.add("tickets", ColumnKind::integer);
        auto& total = table.add("total", ColumnKind::money, scale);
        auto& currency = table.add("currency", ColumnKind::text);
        for (const auto& row : placed) {
            const BuyOrder& order = row.order;
            id.texts.push_back(order.id);
            state_column.texts.emplace_back(to_string(rules::effective_state(order.state, order.expires, context.now)));
            buyer_id.texts.push_back(order.buyer_id);
            const auto buyer = buyers.find(order.buyer_id);
            buyer_name.texts.push_back(buyer == buyers.end() ? std::string() : buyer->second.name);
            buyer_email.texts.push_back(buyer == buyers.end() ? std::string() : buyer->second.email);
            created.integers.push_back(order.created.micros);
            expires.integers.push_back(order.expires.micros);
            push_optional(paid_at, order.paid_at ? std::optional<std::int64_t>(order.paid_at->micros) : std::nullopt);
            std::int64_t units = 0;
            for (const OrderLine& line : order.event_tickets) units += line.amount;
            tickets.integers.push_back(units);
            total.integers.push_back(order.price.total.minor());
            currency.texts.emplace_back(event.currency.code());
        }
        if (table.has_next_page) table.end_cursor = placed.back().order.id;
    });
    compact(table);
    return table;
}

ReportTable Reports::order_totals(const std::string& event_id) const {
    require_read(store_.actor());
    ReportTable table;
    table.name = "order_totals";
    store_.read([&](ReadContext& context) {
        const Event event = access::event(context, event_id);
        const auto totals = context.sales_reports().order_totals(event_id, rules::hold_cutoff(context.now));
        table.columns.reserve(5);  // the references below stay valid (ReportTable::add)
        auto& state = table.add("state", ColumnKind::text);
        auto& orders = table.add("orders", ColumnKind::integer);
        auto& tickets = table.add("tickets", ColumnKind::integer);
        auto& total = table.add("total", ColumnKind::money, event.currency.exponent());
        auto& currency = table.add("currency", ColumnKind::text);
        for (const OrderState each :
             {OrderState::Pending, OrderState::Paid, OrderState::Expired, OrderState::Cancelled}) {
            const std::string name(to_string(each));
            const auto found = totals.find(name);
            const repository::OrderStateTotals row =
                found == totals.end() ? repository::OrderStateTotals{} : found->second;
            state.texts.push_back(name);
            orders.integers.push_back(row.orders);
            tickets.integers.push_back(row.tickets);
            total.integers.push_back(row.total);
            currency.texts.emplace_back(event.currency.code());
        }
    });
    return table;
}

ReportTable Reports::ticket_holders(const std::string& event_id, std::optional<OrderState> order_state,
                                    std::int64_t first, const std::optional<std::string>& after) const {
    require_read(store_.actor());
    check_first(first);
    ReportTable table;
    table.name = "ticket_holders";
    store_.read([&](ReadContext& context) {
        (void)access::event(context, event_id);
        auto& holders = context.tickets();
        // The machinery of tickets.holders: its cursor check, its page through ticket_holder_by_issue,
        // and one read each of the page's buyers, tickets and orders.
        if (after && !holders.is_holder(event_id, *after)) {
            throw fail::invalid_cursor(*after, "a holder of this event");
        }
        auto rows = holders.page_holders(event_id, after, first + 1);
        table.has_next_page = static_cast<std::int64_t>(rows.size()) > first;
        if (table.has_next_page) rows.pop_back();
        std::vector<std::string> buyer_ids;
        for (const auto& row : rows) buyer_ids.push_back(row.buyer_id);
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

        table.columns.reserve(9);  // the references below stay valid (ReportTable::add)
        auto& id = table.add("holder_id", ColumnKind::text);
        auto& issue_time = table.add("issue_time", ColumnKind::instant);
        auto& buyer_id = table.add("buyer_id", ColumnKind::text);
        auto& user_id = table.add("user_id", ColumnKind::text);
        auto& name = table.add("name", ColumnKind::text);
        auto& email = table.add("email", ColumnKind::text);
        auto& phone = table.add("phone", ColumnKind::text);
        auto& tickets = table.add("tickets", ColumnKind::integer);
        auto& orders = table.add("orders", ColumnKind::integer);
        for (const auto& row : rows) {
            const auto buyer = buyers.find(row.buyer_id);
            const Buyer none;
            const Buyer& user = buyer == buyers.end() ? none : buyer->second;
            id.texts.push_back(row.id);
            issue_time.integers.push_back(row.issue_time.micros);
            buyer_id.texts.push_back(row.buyer_id);
            user_id.texts.push_back(user.user_id.value_or(""));
            user_id.present.push_back(user.user_id.has_value());
            name.texts.push_back(user.name);
            email.texts.push_back(user.email);
            phone.texts.push_back(user.phone);
            tickets.integers.push_back(tickets_of[row.buyer_id]);
            orders.integers.push_back(orders_of[row.buyer_id]);
        }
        if (table.has_next_page) table.end_cursor = rows.back().id;
    });
    compact(table);
    return table;
}

ReportTable Reports::refund_activity(const std::string& event_id, std::int64_t first,
                                     const std::optional<std::string>& after) const {
    require_read(store_.actor());
    check_first(first);
    ReportTable table;
    table.name = "refund_activity";
    store_.read([&](ReadContext& context) {
        const Event event = access::event(context, event_id);
        auto& repository = context.tickets();
        // As Refunds::activity: any ticket of the event is a place in issue order, so a cursor stays
        // valid when its ticket leaves the list (its refund failed) between two pages.
        const PageRequest request{first, after};
        const std::int64_t start = paging::start(
            request, after ? repository.ticket_position(event_id, *after) : std::nullopt, "a ticket of this event");
        std::vector<EventTicket> rows = repository.page_refund_activity(event_id, start, first + 1);
        table.has_next_page = static_cast<std::int64_t>(rows.size()) > first;
        if (table.has_next_page) rows.pop_back();
        std::vector<std::string> ticket_ids;
        for (const EventTicket& ticket : rows) ticket_ids.push_back(ticket.id);
        const auto refunds = context.sales_reports().ticket_refunds(ticket_ids);
        std::map<std::string, std::string> spec_names;
        for (const TicketSpecification& spec : snapshot::list_specifications(context, event_id)) {
            spec_names[spec.id] = spec.name;
        }

        const int scale = event.currency.exponent();
        table.columns.reserve(12);  // the references below stay valid (ReportTable::add)
        auto& id = table.add("ticket_id", ColumnKind::text);
        auto& specification_id = table.add("specification_id", ColumnKind::text);
        auto& specification = table.add("specification", ColumnKind::text);
        auto& holder_name = table.add("holder_name", ColumnKind::text);
        auto& holder_email = table.add("holder_email", ColumnKind::text);
        auto& purchase_date = table.add("purchase_date", ColumnKind::instant);
        auto& refund_id = table.add("refund_id", ColumnKind::text);
        auto& refund_state = table.add("refund_state", ColumnKind::text);
        auto& amount = table.add("amount", ColumnKind::money, scale);
        auto& currency = table.add("currency", ColumnKind::text);
        auto& requested = table.add("requested", ColumnKind::instant);
        auto& completed = table.add("completed", ColumnKind::instant);
        for (const EventTicket& ticket : rows) {
            id.texts.push_back(ticket.id);
            specification_id.texts.push_back(ticket.ticket_specification_id);
            specification.texts.push_back(spec_names[ticket.ticket_specification_id]);
            holder_name.texts.push_back(ticket.holder_name);
            holder_email.texts.push_back(ticket.holder_email);
            push_optional(purchase_date, ticket.purchase_date
                                             ? std::optional<std::int64_t>(ticket.purchase_date->micros)
                                             : std::nullopt);
            const auto found = refunds.find(ticket.id);
            const bool known = found != refunds.end();
            const repository::TicketRefundActivity none;
            const repository::TicketRefundActivity& refund = known ? found->second : none;
            refund_id.texts.push_back(refund.refund_id);
            refund_id.present.push_back(known);
            refund_state.texts.emplace_back(known                          ? refund.state
                                            : ticket.is_refund_in_progress ? "in_progress"
                                                                           : "refunded");
            amount.integers.push_back(refund.amount);
            currency.texts.emplace_back(event.currency.code());
            push_optional(requested, known ? std::optional<std::int64_t>(refund.requested_us) : std::nullopt);
            push_optional(completed, refund.completed_us);
        }
        if (table.has_next_page) table.end_cursor = rows.back().id;
    });
    compact(table);
    return table;
}

}  // namespace ticketcore
