#include "ticketcore/services/sales.hpp"

#include <algorithm>
#include <set>

#include "services/access.hpp"
#include "services/buyers.hpp"
#include "services/capacity.hpp"
#include "services/idempotency.hpp"
#include "services/order_lifecycle.hpp"
#include "services/paging.hpp"
#include "services/product_stock.hpp"
#include "services/refund_flow.hpp"
#include "services/sale_lifecycle.hpp"
#include "services/seating.hpp"
#include "services/snapshots.hpp"
#include "services/staff_lookup.hpp"
#include "services/ticket_issuing.hpp"
#include "services/unit_of_work.hpp"
#include "ticketcore/rules/order_rules.hpp"
#include "ticketcore/rules/payment_rules.hpp"
#include "ticketcore/rules/pricing.hpp"
#include "ticketcore/rules/sale_rules.hpp"
#include "ticketcore/rules/text_rules.hpp"
#include "ticketcore/values/error_catalogue.hpp"

namespace ticketcore {

using repository::SaleItemRow;
using repository::SaleRow;

namespace sale_lifecycle {

void release_holds(UnitOfWork& unit, const SaleRow& sale) {
    for (const SaleItemRow& item : sale.items) {
        if (item.kind == SaleItemKind::Ticket && item.claim_id) unit.inventory().release_claim(*item.claim_id);
        if (item.kind == SaleItemKind::Product && item.claim_id) product_stock::release(unit, *item.claim_id);
        if (item.kind == SaleItemKind::Discount && item.promo_code_id) {
            unit.promo_codes().unuse_promo_code(*item.promo_code_id);
        }
    }
}

std::vector<std::string> sweep_due(UnitOfWork& unit, Instant now, const std::string& organization_id) {
    std::vector<std::string> expired;
    const rules::HoldCutoff cutoff = rules::hold_cutoff(now);
    for (const std::string& sale_id : unit.sales().due_sales(cutoff, organization_id)) {
        // Locked and read again: another caller may have committed or cancelled it since.
        auto sale = unit.sales().lock_sale(sale_id);
        if (!sale || sale->state != SaleState::Open || !rules::hold_ran_out(sale->expires, cutoff)) continue;
        release_holds(unit, *sale);
        sale->state = SaleState::Expired;
        sale->updated = unit.now;
        unit.sales().update_state(*sale);
        const Json payload{{"sale_id", sale->id}, {"number", sale->number}};
        unit.audit("sale.expire", "sale", sale->id, payload);
        unit.emit(sale->organization_id, "sale.expired", sale->id, payload);
        expired.push_back(sale_id);
    }
    return expired;
}

}  // namespace sale_lifecycle

namespace {

constexpr const char* sale_create_operation = "sale.create";
constexpr const char* sale_complete_operation = "sale.complete";
constexpr const char* sale_confirm_link_operation = "sale.confirm_payment_link";
constexpr const char* sale_cancel_operation = "sale.cancel";
/// The buyer of a sale's orders when its customer data names nobody.
constexpr const char* sale_walk_in_user = "box-office";

void require_sales_read(const Actor& actor) {
    if (!actor.has_scope(scope::events_read)) actor.require_scope(scope::sales);
}

SaleRow sale_for_update(const UnitOfWork& unit, const std::string& sale_id) {
    auto found = unit.sales().lock_sale(sale_id);
    if (!found) access::missing(unit, store::Owned::sale, sale_id, [&] { throw fail::sale_not_found(sale_id); });
    unit.actor.require_organization(found->organization_id);
    return std::move(*found);
}

SaleRow sale_for_read(const ReadContext& context, const std::string& sale_id) {
    auto found = context.sales().find_sale(sale_id);
    if (!found) access::missing(context, store::Owned::sale, sale_id, [&] { throw fail::sale_not_found(sale_id); });
    context.actor.require_organization(found->organization_id);
    return std::move(*found);
}

/// The sale's state as of `now` (an open sale past its expiration is Expired).
SaleState sale_state_now(const SaleRow& sale, Instant now) {
    return rules::effective_state(sale.state, sale.expires, now);
}

Money sale_money(std::int64_t minor, const std::string& currency) {
    return Money(minor, Currency::of(currency));
}

/// What `sales.list`'s search matches: the number and the customer's name, e-mail and company.
std::string sale_search_text(const SaleRow& sale) {
    std::string text = sale.number;
    if (sale.customer_values) {
        for (const char* key : {"first_name", "last_name", "email", "company"}) {
            const auto found = sale.customer_values->find(key);
            if (found != sale.customer_values->end()) text += " " + found->second;
        }
    }
    return rules::ascii_lower(text);
}

/// Prices the sale as it now stands (current prices, fees, discount and box-office fee), writes
/// the prices of its items and its totals, and returns the pricing.
rules::SalePricing reprice_sale(const UnitOfWork& unit, SaleRow& sale) {
    const Organization organization = *unit.catalogue().find_organization(sale.organization_id);
    const Currency currency = Currency::of(sale.currency);
    std::optional<rules::SaleReduction> reduction;
    std::optional<PromoCode> promo;
    for (const SaleItemRow& item : sale.items) {
        if (item.kind != SaleItemKind::Discount) continue;
        if (item.promo_code_id) {
            promo = unit.promo_codes().find_promo_code(*item.promo_code_id)->code;
            reduction = rules::SaleReduction{rules::Reduction{promo->percent_off, promo->amount_off}, true};
        } else {
            std::optional<Money> amount;
            if (item.amount_off) amount = Money(*item.amount_off, currency);
            reduction = rules::SaleReduction{rules::Reduction{item.percent_off, amount}, false};
        }
    }
    std::vector<rules::SaleTicketLine> tickets;
    std::vector<std::size_t> ticket_items;
    for (std::size_t index = 0; index < sale.items.size(); ++index) {
        SaleItemRow& item = sale.items[index];
        if (item.kind != SaleItemKind::Ticket) continue;
        const TicketSpecification spec = snapshot::find_specification(unit, *item.specification_id)->specification;
        item.name = spec.name;
        item.names = spec.names;
        item.vat_rate = spec.vat_rate;
        const bool promo_applies = promo && promo->event_id == spec.event_id &&
                                   (promo->specification_ids.empty() ||
                                    std::find(promo->specification_ids.begin(), promo->specification_ids.end(),
                                              spec.id) != promo->specification_ids.end());
        tickets.push_back(rules::SaleTicketLine{
            spec.event_id, spec.vat_rate,
            rules::PricingItem{item.quantity, spec.price, spec.ticket_platform_fee, spec.percentage_fee_amount, false},
            promo_applies});
        ticket_items.push_back(index);
    }
    std::vector<rules::SaleProductLine> products;
    std::vector<std::size_t> product_items;
    for (std::size_t index = 0; index < sale.items.size(); ++index) {
        SaleItemRow& item = sale.items[index];
        if (item.kind != SaleItemKind::Product) continue;
        const Product product = access::product(unit, *item.product_id);
        item.name = product.name;
        item.names = product.names;
        item.vat_rate = product.vat_rate;
        products.push_back(rules::SaleProductLine{item.quantity, product.price, product.vat_rate});
        product_items.push_back(index);
    }
    const Money fee =
        organization.box_office_fee.currency() == currency ? organization.box_office_fee : Money::zero(currency);
    rules::SalePricing pricing = rules::price_sale(tickets, products, reduction, fee,
                                                   organization.box_office_fee_vat_rate, organization.rounding);
    for (std::size_t position = 0; position < ticket_items.size(); ++position) {
        SaleItemRow& item = sale.items[ticket_items[position]];
        const OrderLine& line = pricing.ticket_lines[position];
        item.unit_price = line.unit_price.minor();
        item.subtotal = line.subtotal.minor();
        item.discount = line.discount.minor();
        item.platform_fee = line.platform_fee.minor();
        item.percentage_fee = line.percentage_fee.minor();
        item.vat = line.vat.minor();
        unit.sales().update_item_prices(item);
    }
    for (std::size_t position = 0; position < product_items.size(); ++position) {
        SaleItemRow& item = sale.items[product_items[position]];
        item.unit_price = products[position].unit_price.minor();
        item.subtotal = pricing.product_lines[position].first.minor();
        item.discount = 0;
        item.vat = pricing.product_lines[position].second.minor();
        unit.sales().update_item_prices(item);
    }
    for (SaleItemRow& item : sale.items) {
        if (item.kind != SaleItemKind::Discount) continue;
        item.subtotal = -pricing.discount.minor();
        item.unit_price = item.subtotal;
        unit.sales().update_item_prices(item);
    }
    sale.box_office_fee = pricing.box_office_fee.minor();
    sale.box_office_fee_vat_rate = organization.box_office_fee_vat_rate;
    sale.box_office_fee_vat = pricing.box_office_fee_vat.minor();
    sale.grand_total = pricing.grand_total.minor();
    sale.updated = unit.now;
    unit.sales().update_sale_prices(sale);
    return pricing;
}

bool has_customer_value(const std::optional<std::map<std::string, std::string>>& values, const char* key) {
    return values && values->contains(key);
}

rules::PaymentFacts sale_payment_facts(const ReadContext& context, const SaleRow& sale, SaleState state) {
    rules::PaymentFacts facts;
    facts.state = state;
    facts.empty = sale.items.empty();
    facts.total_is_zero = sale.grand_total == 0;
    facts.has_email = has_customer_value(sale.customer_values, "email");
    facts.has_invoice_details = has_customer_value(sale.customer_values, "first_name") &&
                                has_customer_value(sale.customer_values, "last_name") &&
                                has_customer_value(sale.customer_values, "address.street") &&
                                has_customer_value(sale.customer_values, "address.postal_code") &&
                                has_customer_value(sale.customer_values, "address.city") &&
                                has_customer_value(sale.customer_values, "address.country");
    // Asked only when the answer can matter (an open sale with something to pay): a page of closed
    // sales costs no query for it.
    if (state == SaleState::Open && !facts.empty && !facts.total_is_zero) {
        facts.active_reader = context.staff().has_active_reader();
    }
    return facts;
}

SaleItem sale_item_snapshot(const SaleItemRow& row, const std::string& currency) {
    SaleItem item;
    item.id = row.id;
    item.kind = row.kind;
    item.name = row.name;
    item.names = row.names;
    item.quantity = row.quantity;
    item.unit_price = sale_money(row.unit_price, currency);
    item.price = sale_money(row.subtotal, currency);
    item.discount = sale_money(row.kind == SaleItemKind::Ticket ? row.discount : 0, currency);
    item.vat_rate = row.vat_rate;
    item.vat = sale_money(row.vat, currency);
    item.event_id = row.event_id;
    item.ticket_type_id = row.specification_id;
    item.product_id = row.product_id;
    item.seatmap_id = row.seatmap_id;
    item.seat_id = row.seat_id;
    item.volume_id = row.volume_id;
    item.percent_off = row.percent_off;
    if (row.kind == SaleItemKind::Discount && !row.promo_code_id) item.reason = row.reason;
    return item;
}

SaleItem sale_fee_item(std::string id, std::string name, std::int64_t quantity, std::int64_t total,
                       const std::optional<std::string>& event_id, const std::string& currency) {
    SaleItem fee;
    fee.id = std::move(id);
    fee.kind = SaleItemKind::Fee;
    fee.name = std::move(name);
    fee.quantity = quantity;
    fee.unit_price = sale_money(quantity > 0 ? total / quantity : total, currency);
    fee.price = sale_money(total, currency);
    fee.discount = sale_money(0, currency);
    fee.vat = sale_money(0, currency);
    fee.event_id = event_id;
    fee.can_be_removed = false;
    return fee;
}

/// The snapshot users read of a sale row as of `now`.
Sale sale_snapshot(const ReadContext& context, const SaleRow& row) {
    Sale sale;
    sale.id = row.id;
    sale.number = row.number;
    sale.state = sale_state_now(row, context.now);
    sale.created_at = row.created;
    sale.creator = staff::user_or_actor(context, row.creator_id);
    sale.committed_at = row.committed;
    if (row.committer_id) sale.committer = staff::user_or_actor(context, *row.committer_id);
    sale.canceled_at = row.canceled;
    sale.expiration = row.expires;
    sale.updated_at = row.updated;
    sale.payment_type = row.payment_type;
    sale.payment_reference = row.payment_reference;
    if (row.customer_values) sale.customer_data = rules::customer_data_of(*row.customer_values);
    const std::string& currency = row.currency;
    Money base = Money::zero(Currency::of(currency));
    for (const SaleItemRow& item : row.items) {
        SaleItem snapshot = sale_item_snapshot(item, currency);
        if (item.seat_id && item.seatmap_id) {
            if (const auto seat = context.seating().find_seat(*item.seatmap_id, *item.seat_id)) {
                snapshot.seat_label = seat->label;
            }
        }
        if (item.kind == SaleItemKind::Discount && item.promo_code_id) {
            if (const auto promo = context.promo_codes().find_promo_code(*item.promo_code_id)) {
                snapshot.promo_code = promo->code.code;
                snapshot.percent_off = promo->code.percent_off;
            }
        }
        base += snapshot.price;
        sale.items.push_back(snapshot);
        if (item.event_id && std::find(sale.events.begin(), sale.events.end(), *item.event_id) == sale.events.end()) {
            sale.events.push_back(*item.event_id);
        }
    }
    sale.line_items = sale.items;
    for (const SaleItemRow& item : row.items) {
        if (item.kind != SaleItemKind::Ticket) continue;
        if (item.platform_fee != 0) {
            sale.line_items.push_back(sale_fee_item(item.id + "/platform_fee", "Platform fee: " + item.name,
                                                    item.quantity, item.platform_fee, item.event_id, currency));
        }
        if (item.percentage_fee != 0) {
            sale.line_items.push_back(sale_fee_item(item.id + "/percentage_fee", "Percentage fee: " + item.name,
                                                    item.quantity, item.percentage_fee, item.event_id, currency));
        }
    }
    if (row.box_office_fee != 0) {
        SaleItem fee =
            sale_fee_item(row.id + "/box_office_fee", "Box-office fee", 1, row.box_office_fee, std::nullopt, currency);
        fee.vat_rate = row.box_office_fee_vat_rate;
        fee.vat = sale_money(row.box_office_fee_vat, currency);
        sale.line_items.push_back(fee);
    }
    sale.fee_base_total = base;
    sale.grand_total = sale_money(row.grand_total, currency);
    sale.payment_options = rules::payment_options(sale_payment_facts(context, row, sale.state));
    if (row.state == SaleState::Committed || row.state == SaleState::Canceled) {
        sale.order_ids = context.sales().orders_of_sale(row.id);
        for (const std::string& order_id : sale.order_ids) {
            const auto order = context.orders().find_order(order_id);
            sale.ticket_ids.insert(sale.ticket_ids.end(), order->order.ticket_ids.begin(),
                                   order->order.ticket_ids.end());
        }
        // A seated ticket was issued from its seat's claim: its claim names the seat item.
        std::map<std::string, std::string> seat_by_claim;
        for (const SaleItem& item : sale.items) {
            if (!item.seat_label) continue;
            const auto stored = std::find_if(row.items.begin(), row.items.end(),
                                             [&](const SaleItemRow& candidate) { return candidate.id == item.id; });
            if (stored != row.items.end() && stored->claim_id) seat_by_claim[*stored->claim_id] = *item.seat_label;
        }
        if (!seat_by_claim.empty()) {
            for (const std::string& ticket_id : sale.ticket_ids) {
                const auto ticket = context.tickets().find_ticket(ticket_id);
                if (!ticket) continue;
                const auto seat = seat_by_claim.find(ticket->claim_id);
                if (seat != seat_by_claim.end()) sale.ticket_seats[ticket_id] = seat->second;
            }
        }
        sale.refund_ids = context.sales().refunds_of_sale(row.id);
        sale.invoice_download_url = "sales/" + row.number + "/invoice.pdf";
        sale.tickets_download_url = "sales/" + row.number + "/tickets.pdf";
    }
    return sale;
}

/// The buyer a committed sale's orders are for: the customer when the customer data names one,
/// else the organization's walk-in buyer.
Buyer sale_buyer(const UnitOfWork& unit, const SaleRow& sale) {
    BuyerInput input;
    const CustomerData data = sale.customer_values ? rules::customer_data_of(*sale.customer_values) : CustomerData{};
    std::string name = data.first_name;
    if (!data.last_name.empty()) name += (name.empty() ? "" : " ") + data.last_name;
    if (!data.email.empty()) {
        input.name = name.empty() ? data.email : name;
        input.email = data.email;
    } else if (!name.empty()) {
        input.user_id = "box-office-sale:" + sale.id;
        input.name = name;
    } else {
        input.user_id = sale_walk_in_user;
        input.name = "Box office";
    }
    input.phone = data.phone;
    return buyers::find_or_create(unit, sale.organization_id, input);
}

/// The order line of a ticket item at the prices the sale was last priced at.
OrderLine priced_line(const SaleItemRow& item, const std::string& currency) {
    OrderLine line;
    line.amount = item.quantity;
    line.unit_price = sale_money(item.unit_price, currency);
    line.subtotal = sale_money(item.subtotal, currency);
    line.discount = sale_money(item.discount, currency);
    line.platform_fee = sale_money(item.platform_fee, currency);
    line.percentage_fee = sale_money(item.percentage_fee, currency);
    line.vat = sale_money(item.vat, currency);
    line.total = line.subtotal - line.discount + line.platform_fee + line.percentage_fee;
    return line;
}

/// Commits the sale at the prices it was last priced at (complete prices it just before; a
/// payment in progress was started at them): its ticket claims become paid orders (one per event,
/// in the order their events were first added), each with its payment, lines and tickets.
void commit_sale(UnitOfWork& unit, SaleRow& sale, SalePaymentType payment_type, const std::string& reference) {
    const Buyer buyer = sale.items.empty() ? Buyer{} : sale_buyer(unit, sale);
    std::optional<std::string> promo_event;
    std::optional<std::string> promo_id;
    for (const SaleItemRow& item : sale.items) {
        if (item.kind == SaleItemKind::Discount && item.promo_code_id) {
            promo_id = item.promo_code_id;
            promo_event = unit.promo_codes().find_promo_code(*item.promo_code_id)->code.event_id;
        }
    }
    std::vector<std::string> events;
    for (const SaleItemRow& item : sale.items) {
        if (item.kind == SaleItemKind::Ticket &&
            std::find(events.begin(), events.end(), *item.event_id) == events.end())
            events.push_back(*item.event_id);
    }
    const std::string gateway = "box_office:" + rules::ascii_lower(to_string(payment_type));
    std::vector<std::string> all_tickets;
    for (const std::string& event_id : events) {
        BuyOrder order;
        order.id = unit.new_id();
        order.event_id = event_id;
        order.buyer_id = buyer.id;
        order.state = OrderState::Pending;
        order.comment = "Box-office sale " + sale.number;
        order.payment_gateway = gateway;
        order.created = unit.now;
        order.expires = unit.now;
        std::vector<OrderLine> lines;
        std::vector<repository::OrderLineClaim> claims;
        for (const SaleItemRow& item : sale.items) {
            if (item.kind != SaleItemKind::Ticket || *item.event_id != event_id) continue;
            OrderLine line = priced_line(item, sale.currency);
            line.id = unit.new_id();
            line.ticket_specification_id = *item.specification_id;
            lines.push_back(line);
            claims.push_back({line.id, line.ticket_specification_id, line.amount, item.claim_id});
        }
        order.price = rules::sum_lines(lines, Currency::of(sale.currency));
        unit.orders().insert_order(order, lines, sale.organization_id,
                                   promo_event == event_id ? promo_id : std::optional<std::string>());
        unit.orders().set_order_sale(order.id, sale.id);
        for (std::size_t index = 0; index < lines.size(); ++index) {
            unit.orders().insert_order_line(sale.organization_id, order.id, static_cast<int>(index), lines[index],
                                            *claims[index].claim_id);
            capacity::price(unit, *claims[index].claim_id, lines[index]);
            unit.inventory().settle_claim(*claims[index].claim_id);
        }
        unit.payments().insert_payment(unit.new_id(), sale.organization_id, order.id, std::nullopt, reference, gateway,
                                       order.price.total, "applied", unit.now);
        unit.orders().mark_order_paid(order.id, reference, gateway, unit.now);
        const std::vector<std::string> issued =
            issuing::issue_order_tickets(unit, sale.organization_id, event_id, order.id, buyer, claims);
        unit.emit(sale.organization_id, "tickets.issued", order.id,
                  issuing::issued_payload(event_id, TicketKind::Order, order.id, buyer, issued));
        all_tickets.insert(all_tickets.end(), issued.begin(), issued.end());
    }
    for (const SaleItemRow& item : sale.items) {
        if (item.kind == SaleItemKind::Product && item.claim_id) product_stock::settle(unit, *item.claim_id);
    }
    sale.state = SaleState::Committed;
    sale.payment_type = payment_type;
    sale.payment_reference = reference;
    sale.committer_id = unit.actor.id;
    sale.committed = unit.now;
    sale.updated = unit.now;
    unit.sales().update_state(sale);
    const Json payload{{"sale_id", sale.id},
                       {"number", sale.number},
                       {"payment_type", to_string(payment_type)},
                       {"grand_total", sale_money(sale.grand_total, sale.currency)},
                       {"ticket_ids", all_tickets}};
    unit.audit("sale.commit", "sale", sale.id, payload);
    unit.emit(sale.organization_id, "sale.committed", sale.id, payload);
}

/// Loads the sale for a change of its items or data: locked, and open at the unit's now.
SaleRow open_sale_for_change(UnitOfWork& unit, const std::string& sale_id) {
    SaleRow sale = sale_for_update(unit, sale_id);
    rules::check_can_change(sale.number, sale_state_now(sale, unit.now));
    return sale;
}

/// Total units the sale holds.
std::int64_t sale_units(const SaleRow& sale) {
    std::int64_t units = 0;
    for (const SaleItemRow& item : sale.items) {
        if (item.kind != SaleItemKind::Discount) units += item.quantity;
    }
    return units;
}

void check_sale_size(const SaleRow& sale) {
    if (sale_units(sale) > rules::max_sale_units) throw fail::sale_too_large(rules::max_sale_units);
    if (static_cast<std::int64_t>(sale.items.size()) > rules::max_sale_items) {
        throw fail::sale_too_many_items(rules::max_sale_items);
    }
}

/// A specification a sale may sell: of the organization, active, of a published event in the
/// sale's currency. The box office sells hidden types and outside the online sale window.
TicketSpecification sellable_specification(const UnitOfWork& unit, const SaleRow& sale,
                                           const std::string& specification_id) {
    const snapshot::SpecificationRow row = access::specification(unit, specification_id);
    const TicketSpecification& spec = row.specification;
    rules::check_event_on_sale(row.event_state);
    if (!spec.is_active) throw fail::specification_inactive(spec.id);
    if (spec.price.currency().code() != sale.currency) {
        throw fail::currency_not_expected(spec.price.currency().code(), sale.currency);
    }
    return spec;
}

Json sale_json(const Sale& sale) {
    return Json{{"sale_id", sale.id},
                {"number", sale.number},
                {"state", to_string(sale.state)},
                {"grand_total", sale.grand_total}};
}

}  // namespace

Sale Sales::create(const std::optional<std::string>& idempotency_key) const {
    const Actor& actor = store_.actor();
    actor.require_scope(scope::sales);
    const std::string organization_id = access::organization_of(actor);
    idempotency::check(idempotency_key);
    const Json fingerprint{{"creator", actor.id}};
    // A replay needs no number; a new sale draws one in a transaction of its own first, so that
    // a number is never given twice (see SaleRepository::next_sale_number).
    std::optional<Sale> replayed;
    if (idempotency_key) {
        store_.read([&](ReadContext& context) {
            const auto seen =
                context.idempotency().find_idempotency(organization_id, sale_create_operation, *idempotency_key);
            if (seen && seen->fingerprint == fingerprint.dump()) {
                replayed = sale_snapshot(context, sale_for_read(context, seen->result_ids.at(0)));
            }
        });
        if (replayed) return *replayed;
    }
    std::int64_t sequence = 0;
    store_.write([&](UnitOfWork& unit) {
        (void)access::organization_of(unit.actor);
        sequence = unit.sales().next_sale_number();
    });
    Sale result;
    store_.write([&](UnitOfWork& unit) {
        if (const auto first =
                idempotency::replay(unit, organization_id, sale_create_operation, idempotency_key, fingerprint)) {
            result = sale_snapshot(unit, sale_for_read(unit, first->at(0)));
            return;
        }
        const auto organization = unit.catalogue().find_organization(organization_id);
        if (!organization) throw fail::organization_not_found(organization_id);
        SaleRow sale;
        sale.id = unit.new_id();
        sale.organization_id = organization_id;
        sale.number = rules::sale_number(sequence);
        sale.state = SaleState::Open;
        sale.currency = std::string(organization->currency.code());
        sale.creator_id = unit.actor.id;
        sale.created = unit.now;
        sale.updated = unit.now;
        sale.expires = shifted(unit.now, store_.sale_hold_micros(), "The sale's expiration (now + sale_hold)");
        unit.sales().insert_sale(sale);
        idempotency::remember(unit, organization_id, sale_create_operation, idempotency_key, fingerprint, {sale.id});
        result = sale_snapshot(unit, sale);
        unit.audit(sale_create_operation, "sale", sale.id, sale_json(result));
        unit.emit(organization_id, "sale.created", sale.id, sale_json(result));
    });
    return result;
}

namespace {

/// Checks the (key, quantity) pairs of an absolute-quantity call: 1 to max_sale_items of them,
/// each quantity 0 to max_sale_units, no key twice (`twice` builds that error).
void check_quantities(const std::vector<ItemQuantity>& items,
                      ValidationError (*twice)(std::string_view) = fail::ticket_type_given_twice) {
    if (items.empty()) throw fail::no_items();
    if (items.size() > static_cast<std::size_t>(rules::max_sale_items)) {
        throw fail::too_many_items("items", static_cast<std::size_t>(rules::max_sale_items));
    }
    std::set<std::string> seen;
    for (const ItemQuantity& item : items) {
        rules::check_item_quantity(item.quantity);
        if (!seen.insert(item.ticket_type_id).second) throw twice(item.ticket_type_id);
    }
}

/// Sets the quantity of the sale's item that `matches` finds to `quantity` (0 removes it): its
/// old hold is given back by `release` and the new quantity taken by `take` (which returns the
/// claim id), all in the unit's transaction; `make` shapes a new item when there is none.
template <typename Matches, typename Take, typename Release, typename Make>
void set_quantity(const UnitOfWork& unit, SaleRow& sale, Matches matches, std::int64_t quantity, Take take,
                  Release release, Make make) {
    const auto found = std::find_if(sale.items.begin(), sale.items.end(), matches);
    if (found != sale.items.end()) {
        if (found->claim_id) release(*found->claim_id);
        if (quantity == 0) {
            unit.sales().delete_item(found->id);
            sale.items.erase(found);
            return;
        }
        found->quantity = quantity;
        found->claim_id = take(quantity);
        unit.sales().update_item_claim(found->id, found->quantity, found->claim_id);
    } else if (quantity > 0) {
        SaleItemRow item;
        item.id = unit.new_id();
        make(item);
        item.quantity = quantity;
        item.claim_id = take(quantity);
        unit.sales().insert_item(sale.organization_id, sale.id, item);
        sale.items.push_back(item);
    }
}

/// A new ticket item of `spec`.
auto ticket_item(const TicketSpecification& spec) {
    return [&spec](SaleItemRow& item) {
        item.kind = SaleItemKind::Ticket;
        item.event_id = spec.event_id;
        item.specification_id = spec.id;
        item.name = spec.name;
        item.names = spec.names;
    };
}

Json quantities_json(const std::vector<ItemQuantity>& items) {
    Json list = Json::array();
    for (const ItemQuantity& item : items) list.push_back({{"id", item.ticket_type_id}, {"quantity", item.quantity}});
    return list;
}

}  // namespace

Sale Sales::set_item_quantity(const std::string& sale_id, const std::vector<ItemQuantity>& items) const {
    store_.actor().require_scope(scope::sales);
    check_quantities(items);
    Sale result;
    store_.write([&](UnitOfWork& unit) {
        SaleRow sale = open_sale_for_change(unit, sale_id);
        // Expired holds never block the box office either.
        lifecycle::sweep_due(unit, unit.now, sale.organization_id);
        const auto release = [&](const std::string& claim_id) { unit.inventory().release_claim(claim_id); };
        for (const ItemQuantity& wanted : items) {
            const TicketSpecification spec = sellable_specification(unit, sale, wanted.ticket_type_id);
            set_quantity(
                unit, sale,
                [&](const SaleItemRow& item) {
                    return item.kind == SaleItemKind::Ticket && item.specification_id == spec.id && !item.seat_id &&
                           !item.volume_id;
                },
                wanted.quantity,
                [&](std::int64_t quantity) {
                    return capacity::claim(unit, sale.organization_id, spec.id, quantity,
                                           repository::ClaimState::Reserved, "sale:" + sale.id);
                },
                release, ticket_item(spec));
        }
        check_sale_size(sale);
        reprice_sale(unit, sale);
        result = sale_snapshot(unit, sale);
        unit.audit("sale.set_item_quantity", "sale", sale.id, Json{{"items", quantities_json(items)}});
    });
    return result;
}

Sale Sales::add_seat(const std::string& sale_id, const std::string& seatmap_id, const std::string& seat_id,
                     const std::string& ticket_type_id) const {
    store_.actor().require_scope(scope::sales);
    rules::require_text(seatmap_id, "seatmap_id");
    rules::require_text(seat_id, "seat_id");
    rules::require_text(ticket_type_id, "ticket_type_id");
#ifdef TICKETCORE_TEST_HOOKS
    if (capacity::seat_guard_disabled()) seating::unguarded_precheck(store_, seatmap_id, seat_id, "", 1);
#endif
    Sale result;
    store_.write([&](UnitOfWork& unit) {
        SaleRow sale = open_sale_for_change(unit, sale_id);
        lifecycle::sweep_due(unit, unit.now, sale.organization_id);
        const TicketSpecification spec = sellable_specification(unit, sale, ticket_type_id);
        SaleItemRow item;
        item.id = unit.new_id();
        ticket_item(spec)(item);
        item.seatmap_id = seatmap_id;
        item.seat_id = seat_id;
        item.quantity = 1;
        // seat_taken when an open sale or a pending order holds it, or it is sold.
        item.claim_id = seating::claim_seat(unit, sale.organization_id, seatmap_id, seat_id, spec.id,
                                            repository::ClaimState::Reserved, "sale:" + sale.id);
        unit.sales().insert_item(sale.organization_id, sale.id, item);
        sale.items.push_back(item);
        check_sale_size(sale);
        reprice_sale(unit, sale);
        result = sale_snapshot(unit, sale);
        unit.audit("sale.add_seat", "sale", sale.id,
                   Json{{"seatmap_id", seatmap_id}, {"seat_id", seat_id}, {"ticket_type_id", ticket_type_id}});
    });
    return result;
}

Sale Sales::set_volume_quantities(const std::string& sale_id, const std::string& seatmap_id,
                                  const std::string& volume_id, const std::vector<ItemQuantity>& quantities) const {
    store_.actor().require_scope(scope::sales);
    rules::require_text(seatmap_id, "seatmap_id");
    rules::require_text(volume_id, "volume_id");
    check_quantities(quantities);
    Sale result;
    store_.write([&](UnitOfWork& unit) {
        SaleRow sale = open_sale_for_change(unit, sale_id);
        lifecycle::sweep_due(unit, unit.now, sale.organization_id);
        const auto release = [&](const std::string& claim_id) { unit.inventory().release_claim(claim_id); };
        for (const ItemQuantity& wanted : quantities) {
            const TicketSpecification spec = sellable_specification(unit, sale, wanted.ticket_type_id);
            const auto make = [&](SaleItemRow& item) {
                ticket_item(spec)(item);
                item.seatmap_id = seatmap_id;
                item.volume_id = volume_id;
            };
            set_quantity(
                unit, sale,
                [&](const SaleItemRow& item) {
                    return item.kind == SaleItemKind::Ticket && item.specification_id == spec.id &&
                           item.volume_id == volume_id && item.seatmap_id == seatmap_id;
                },
                wanted.quantity,
                [&](std::int64_t quantity) {
                    return seating::claim_volume(unit, sale.organization_id, seatmap_id, volume_id, spec.id, quantity,
                                                 repository::ClaimState::Reserved, "sale:" + sale.id);
                },
                release, make);
        }
        check_sale_size(sale);
        reprice_sale(unit, sale);
        result = sale_snapshot(unit, sale);
        unit.audit(
            "sale.set_volume_quantities", "sale", sale.id,
            Json{{"seatmap_id", seatmap_id}, {"volume_id", volume_id}, {"quantities", quantities_json(quantities)}});
    });
    return result;
}

Sale Sales::set_product_quantity(const std::string& sale_id, const std::vector<ItemQuantity>& products) const {
    store_.actor().require_scope(scope::sales);
    check_quantities(products, fail::product_given_twice);
#ifdef TICKETCORE_TEST_HOOKS
    if (product_stock::guard_disabled()) {
        for (const ItemQuantity& wanted : products) {
            if (wanted.quantity > 0) product_stock::unguarded_precheck(store_, wanted.ticket_type_id, wanted.quantity);
        }
    }
#endif
    Sale result;
    store_.write([&](UnitOfWork& unit) {
        SaleRow sale = open_sale_for_change(unit, sale_id);
        lifecycle::sweep_due(unit, unit.now, sale.organization_id);
        const auto release = [&](const std::string& claim_id) { product_stock::release(unit, claim_id); };
        for (const ItemQuantity& wanted : products) {
            const Product product = access::product(unit, wanted.ticket_type_id);
            if (product.price.currency().code() != sale.currency) {
                throw fail::currency_not_expected(product.price.currency().code(), sale.currency);
            }
            set_quantity(
                unit, sale,
                [&](const SaleItemRow& item) {
                    return item.kind == SaleItemKind::Product && item.product_id == product.id;
                },
                wanted.quantity,
                [&](std::int64_t quantity) {
                    return product_stock::claim(unit, sale.organization_id, product.id, quantity,
                                                repository::ClaimState::Reserved, "sale:" + sale.id);
                },
                release,
                [&](SaleItemRow& item) {
                    item.kind = SaleItemKind::Product;
                    item.product_id = product.id;
                    item.name = product.name;
                    item.names = product.names;
                });
        }
        check_sale_size(sale);
        reprice_sale(unit, sale);
        result = sale_snapshot(unit, sale);
        unit.audit("sale.set_product_quantity", "sale", sale.id, Json{{"products", quantities_json(products)}});
    });
    return result;
}

Sale Sales::apply_discount(const std::string& sale_id, const SaleDiscount& discount) const {
    store_.actor().require_scope(scope::sales);
    const int kinds = (discount.promo_code ? 1 : 0) + (discount.percent_off ? 1 : 0) + (discount.amount_off ? 1 : 0);
    if (kinds != 1) throw fail::discount_kind_required();
    if (discount.promo_code) {
        rules::require_text(*discount.promo_code, "promo_code", 200);
    } else {
        if (rules::is_blank(discount.reason)) throw fail::discount_reason_required();
        rules::require_text(discount.reason, "reason", 500);
        if (discount.percent_off) rules::require_rate(*discount.percent_off, "percent_off", 1);
        if (discount.amount_off && discount.amount_off->minor <= 0) throw fail::amount_not_positive("amount_off");
    }
    Sale result;
    store_.write([&](UnitOfWork& unit) {
        SaleRow sale = open_sale_for_change(unit, sale_id);
        if (std::any_of(sale.items.begin(), sale.items.end(),
                        [](const SaleItemRow& item) { return item.kind == SaleItemKind::Discount; })) {
            throw fail::sale_discount_exists(sale.number);
        }
        SaleItemRow item;
        item.id = unit.new_id();
        item.kind = SaleItemKind::Discount;
        item.quantity = 1;
        if (discount.promo_code) {
            // A code of one of the events the sale sells.
            std::optional<repository::PromoCodeRow> promo;
            for (const SaleItemRow& ticket : sale.items) {
                if (ticket.kind != SaleItemKind::Ticket || promo) continue;
                promo = unit.promo_codes().find_promo_code_by_code(*ticket.event_id, *discount.promo_code);
            }
            if (!promo) throw fail::promo_code_not_found_by_code(*discount.promo_code);
            rules::check_promo_code_usable(promo->code, unit.now);
            if (!unit.promo_codes().use_promo_code(promo->code.id)) throw fail::promo_code_used_up(promo->code.code);
            item.promo_code_id = promo->code.id;
            item.event_id = promo->code.event_id;
            item.name = "Promo code " + promo->code.code;
        } else {
            item.percent_off = discount.percent_off;
            if (discount.amount_off) item.amount_off = discount.amount_off->in(Currency::of(sale.currency)).minor();
            item.reason = discount.reason;
            item.name = "Discount: " + discount.reason;
        }
        unit.sales().insert_item(sale.organization_id, sale.id, item);
        sale.items.push_back(item);
        reprice_sale(unit, sale);
        result = sale_snapshot(unit, sale);
        unit.audit("sale.apply_discount", "sale", sale.id,
                   Json{{"item_id", item.id},
                        {"promo_code", discount.promo_code},
                        {"percent_off", discount.percent_off},
                        {"amount_off", item.amount_off},
                        {"reason", discount.reason}});
    });
    return result;
}

Sale Sales::remove_item(const std::string& sale_id, const std::string& item_id) const {
    store_.actor().require_scope(scope::sales);
    rules::require_text(item_id, "item_id");
    Sale result;
    store_.write([&](UnitOfWork& unit) {
        SaleRow sale = open_sale_for_change(unit, sale_id);
        const auto found = std::find_if(sale.items.begin(), sale.items.end(),
                                        [&](const SaleItemRow& item) { return item.id == item_id; });
        if (found == sale.items.end()) {
            // A generated fee is a line item of the sale, not an item staff added.
            const bool fee = item_id == sale.id + "/box_office_fee" ||
                             std::any_of(sale.items.begin(), sale.items.end(), [&](const SaleItemRow& item) {
                                 return item_id == item.id + "/platform_fee" || item_id == item.id + "/percentage_fee";
                             });
            if (fee) throw fail::sale_item_not_removable();
            throw fail::sale_item_not_found(item_id);
        }
        if (found->kind == SaleItemKind::Ticket && found->claim_id) unit.inventory().release_claim(*found->claim_id);
        if (found->kind == SaleItemKind::Product && found->claim_id) product_stock::release(unit, *found->claim_id);
        if (found->kind == SaleItemKind::Discount && found->promo_code_id) {
            unit.promo_codes().unuse_promo_code(*found->promo_code_id);
        }
        unit.sales().delete_item(found->id);
        sale.items.erase(found);
        reprice_sale(unit, sale);
        result = sale_snapshot(unit, sale);
        unit.audit("sale.remove_item", "sale", sale.id, Json{{"item_id", item_id}});
    });
    return result;
}

Sale Sales::apply_customer_data(const std::string& sale_id,
                                const std::vector<std::pair<std::string, std::string>>& data) const {
    store_.actor().require_scope(scope::sales);
    if (data.size() > 100) throw fail::too_many_items("data", 100);
    Sale result;
    store_.write([&](UnitOfWork& unit) {
        SaleRow sale = open_sale_for_change(unit, sale_id);
        // The organization's form decides every key and value; nothing is written before it has.
        const Organization organization = *unit.catalogue().find_organization(sale.organization_id);
        sale.customer_values = rules::apply_customer_values(
            sale.customer_values.value_or(std::map<std::string, std::string>{}), data, organization.customer_form);
        sale.updated = unit.now;
        unit.sales().set_customer_data(sale.id, *sale.customer_values, sale_search_text(sale), unit.now);
        result = sale_snapshot(unit, sale);
        Json keys = Json::array();
        for (const auto& entry : data) keys.push_back(entry.first);
        unit.audit("sale.apply_customer_data", "sale", sale.id, Json{{"keys", keys}});
    });
    return result;
}

Sale Sales::complete(const std::string& sale_id, SalePaymentType payment_type,
                     const std::optional<std::string>& idempotency_key) const {
    store_.actor().require_scope(scope::sales);
    if (payment_type == SalePaymentType::PosTerminal) {
        throw fail::payment_type_needs_flow(to_string(payment_type), "initiate_pos_payment");
    }
    if (payment_type == SalePaymentType::PaymentLink) {
        throw fail::payment_type_needs_flow(to_string(payment_type), "set_payment_type");
    }
    idempotency::check(idempotency_key);
    const Json fingerprint{{"sale_id", sale_id}, {"payment_type", to_string(payment_type)}};
    Sale result;
    store_.write([&](UnitOfWork& unit) {
        SaleRow sale = sale_for_update(unit, sale_id);
        if (idempotency::replay(unit, sale.organization_id, sale_complete_operation, idempotency_key, fingerprint)) {
            result = sale_snapshot(unit, sale);
            return;
        }
        rules::check_can_change(sale.number, sale_state_now(sale, unit.now));
        reprice_sale(unit, sale);
        rules::check_payment_type(rules::payment_options(sale_payment_facts(unit, sale, SaleState::Open)),
                                  payment_type);
        commit_sale(unit, sale, payment_type, sale.number);
        idempotency::remember(unit, sale.organization_id, sale_complete_operation, idempotency_key, fingerprint,
                              {sale.id});
        result = sale_snapshot(unit, sale);
    });
    return result;
}

Sale Sales::set_payment_type(const std::string& sale_id, SalePaymentType payment_type) const {
    store_.actor().require_scope(scope::sales);
    if (payment_type == SalePaymentType::PosTerminal) {
        throw fail::payment_type_needs_flow(to_string(payment_type), "initiate_pos_payment");
    }
    if (payment_type != SalePaymentType::PaymentLink) {
        throw fail::payment_type_needs_flow(to_string(payment_type), "complete");
    }
    Sale result;
    store_.write([&](UnitOfWork& unit) {
        SaleRow sale = open_sale_for_change(unit, sale_id);
        reprice_sale(unit, sale);
        rules::check_payment_type(rules::payment_options(sale_payment_facts(unit, sale, SaleState::Open)),
                                  payment_type);
        sale.state = SaleState::PaymentPending;
        sale.payment_type = payment_type;
        sale.payment_reference = "link-" + unit.new_id();
        sale.updated = unit.now;
        unit.sales().update_state(sale);
        result = sale_snapshot(unit, sale);
        const Json payload{{"sale_id", sale.id},
                           {"number", sale.number},
                           {"link_reference", *sale.payment_reference},
                           {"email", sale.customer_values->at("email")},
                           {"amount", result.grand_total}};
        unit.audit("sale.set_payment_type", "sale", sale.id, payload);
        unit.emit(sale.organization_id, "sale.payment_link", sale.id, payload);
    });
    return result;
}

Sale Sales::confirm_payment_link(const std::string& sale_id, const std::string& payment_ref, const Amount& amount,
                                 const std::optional<std::string>& idempotency_key) const {
    store_.actor().require_scope(scope::sales);
    rules::require_present(payment_ref, fail::payment_ref_required);
    rules::require_text(payment_ref, "payment_ref", 200);
    idempotency::check(idempotency_key);
    const Json fingerprint{
        {"sale_id", sale_id}, {"payment_ref", payment_ref}, {"amount", idempotency::amount_fingerprint(amount)}};
    Sale result;
    store_.write([&](UnitOfWork& unit) {
        SaleRow sale = sale_for_update(unit, sale_id);
        if (idempotency::replay(unit, sale.organization_id, sale_confirm_link_operation, idempotency_key,
                                fingerprint)) {
            result = sale_snapshot(unit, sale);
            return;
        }
        if (sale.state == SaleState::Committed && sale.payment_type == SalePaymentType::PaymentLink &&
            sale.payment_reference == payment_ref) {
            result = sale_snapshot(unit, sale);  // the same payment again: nothing changes
            idempotency::remember(unit, sale.organization_id, sale_confirm_link_operation, idempotency_key, fingerprint,
                                  {sale.id});
            return;
        }
        if (sale.state != SaleState::PaymentPending || sale.payment_type != SalePaymentType::PaymentLink) {
            throw fail::no_payment_in_progress(sale.number, "payment link");
        }
        (void)rules::check_amount_paid(amount, sale_money(sale.grand_total, sale.currency), "sale total");
        commit_sale(unit, sale, SalePaymentType::PaymentLink, payment_ref);
        idempotency::remember(unit, sale.organization_id, sale_confirm_link_operation, idempotency_key, fingerprint,
                              {sale.id});
        result = sale_snapshot(unit, sale);
    });
    return result;
}

namespace {

/// A payment in progress that did not happen (a cancelled link or POS payment): the sale's state is
/// re-evaluated, open again or expired (everything given back) if its time ran out.
void reopen_after_payment(UnitOfWork& unit, SaleRow& sale) {
    sale.payment_type = std::nullopt;
    sale.payment_reference = std::nullopt;
    sale.updated = unit.now;
    if (rules::hold_expired(sale.expires, unit.now)) {
        sale_lifecycle::release_holds(unit, sale);
        sale.state = SaleState::Expired;
    } else {
        sale.state = SaleState::Open;
    }
    unit.sales().update_state(sale);
}

}  // namespace

Sale Sales::cancel_payment_link(const std::string& sale_id) const {
    store_.actor().require_scope(scope::sales);
    Sale result;
    store_.write([&](UnitOfWork& unit) {
        SaleRow sale = sale_for_update(unit, sale_id);
        if (sale.state != SaleState::PaymentPending || sale.payment_type != SalePaymentType::PaymentLink) {
            throw fail::no_payment_in_progress(sale.number, "payment link");
        }
        reopen_after_payment(unit, sale);
        result = sale_snapshot(unit, sale);
        unit.audit("sale.cancel_payment_link", "sale", sale.id, sale_json(result));
    });
    return result;
}

Sale Sales::cancel(const std::string& sale_id, const std::optional<std::string>& idempotency_key) const {
    store_.actor().require_scope(scope::sales);
    idempotency::check(idempotency_key);
    const Json fingerprint{{"sale_id", sale_id}};
    Sale result;
    store_.write([&](UnitOfWork& unit) {
        SaleRow sale = sale_for_update(unit, sale_id);
        if (idempotency::replay(unit, sale.organization_id, sale_cancel_operation, idempotency_key, fingerprint)) {
            result = sale_snapshot(unit, sale);
            return;
        }
        const SaleState next = rules::cancelled_state(sale.number, sale_state_now(sale, unit.now));
        if (next == SaleState::Withdrawn) {
            if (sale.state == SaleState::PaymentPending && sale.payment_type == SalePaymentType::PosTerminal) {
                unit.sales().close_pos_payment(*sale.payment_reference, PosPaymentStatus::Canceled, unit.now);
            }
            sale_lifecycle::release_holds(unit, sale);
        } else {
            // Committed: every order of the sale is refunded through the refund flow, at once
            // (the money goes back at the box office, or through the terminal it came from).
            for (const std::string& order_id : unit.sales().orders_of_sale(sale.id)) {
                NewRefund refund;
                refund.order_id = order_id;
                refund.note = "Sale " + sale.number + " canceled";
                const Refund started = refund_flow::start(unit, sale.organization_id, refund, true);
                refund_flow::complete(unit, *unit.refunds().lock_refund(started.id), "sale:" + sale.number);
            }
            // Products go back on the shelf: their stock is free again.
            for (const SaleItemRow& item : sale.items) {
                if (item.kind == SaleItemKind::Product && item.claim_id) product_stock::release(unit, *item.claim_id);
            }
        }
        sale.state = next;
        sale.canceled = unit.now;
        sale.updated = unit.now;
        unit.sales().update_state(sale);
        idempotency::remember(unit, sale.organization_id, sale_cancel_operation, idempotency_key, fingerprint,
                              {sale.id});
        result = sale_snapshot(unit, sale);
        unit.audit("sale.cancel", "sale", sale.id, sale_json(result));
        unit.emit(sale.organization_id, next == SaleState::Withdrawn ? "sale.withdrawn" : "sale.canceled", sale.id,
                  sale_json(result));
    });
    return result;
}

PosPayment Sales::initiate_pos_payment(const std::string& sale_id, const std::string& reader_id) const {
    store_.actor().require_scope(scope::sales);
    rules::require_text(reader_id, "reader_id");
    PosPayment payment;
    store_.write([&](UnitOfWork& unit) {
        SaleRow sale = open_sale_for_change(unit, sale_id);
        reprice_sale(unit, sale);
        rules::check_payment_type(rules::payment_options(sale_payment_facts(unit, sale, SaleState::Open)),
                                  SalePaymentType::PosTerminal);
        const PosReader reader = staff::usable_reader(unit, reader_id);
        payment.id = unit.new_id();
        payment.sale_id = sale.id;
        payment.reader_id = reader.id;
        payment.status = PosPaymentStatus::RequiresTerminalAction;
        payment.amount = sale_money(sale.grand_total, sale.currency);
        payment.created = unit.now;
        unit.sales().insert_pos_payment(sale.organization_id, payment);
        // The items are frozen and the hold kept while the customer is at the terminal.
        sale.state = SaleState::PaymentPending;
        sale.payment_type = SalePaymentType::PosTerminal;
        sale.payment_reference = payment.id;
        sale.updated = unit.now;
        unit.sales().update_state(sale);
        const Json payload{{"sale_id", sale.id},
                           {"number", sale.number},
                           {"payment_id", payment.id},
                           {"reader_id", reader.id},
                           {"amount", payment.amount}};
        unit.audit("sale.initiate_pos_payment", "sale", sale.id, payload);
        unit.emit(sale.organization_id, "sale.pos_payment", sale.id, payload);
    });
    return payment;
}

namespace {

/// The sale and its POS payment `payment_id`, both for a change, when the payment is still to be
/// closed as `closing`; nullopt when it was closed so before (a repeat returns it as it is).
/// ConflictError `pos_payment_closed` when it was closed the other way.
std::optional<std::pair<SaleRow, PosPayment>> pos_payment_to_close(const UnitOfWork& unit, const std::string& sale_id,
                                                                   const std::string& payment_id,
                                                                   PosPaymentStatus closing, PosPaymentResult& result) {
    SaleRow sale = sale_for_update(unit, sale_id);
    auto payment = unit.sales().find_pos_payment(sale.id, payment_id);
    if (!payment) throw fail::pos_payment_not_found(payment_id);
    if (payment->status == closing) {
        result = PosPaymentResult{*payment, sale_snapshot(unit, sale)};
        return std::nullopt;
    }
    if (payment->status != PosPaymentStatus::RequiresTerminalAction) {
        throw fail::pos_payment_closed(payment->id, to_string(payment->status));
    }
    payment->status = closing;
    payment->closed = unit.now;
    unit.sales().close_pos_payment(payment->id, closing, unit.now);
    return std::pair{std::move(sale), std::move(*payment)};
}

}  // namespace

PosPaymentResult Sales::capture_pos_payment(const std::string& sale_id, const std::string& payment_id) const {
    store_.actor().require_scope(scope::sales);
    rules::require_text(payment_id, "payment_id");
    PosPaymentResult result;
    store_.write([&](UnitOfWork& unit) {
        auto closing = pos_payment_to_close(unit, sale_id, payment_id, PosPaymentStatus::Succeeded, result);
        if (!closing) return;  // captured before: the same
        auto& [sale, payment] = *closing;
        commit_sale(unit, sale, SalePaymentType::PosTerminal, payment.id);
        result = PosPaymentResult{payment, sale_snapshot(unit, sale)};
    });
    return result;
}

PosPaymentResult Sales::cancel_pos_payment(const std::string& sale_id, const std::string& payment_id) const {
    store_.actor().require_scope(scope::sales);
    rules::require_text(payment_id, "payment_id");
    PosPaymentResult result;
    store_.write([&](UnitOfWork& unit) {
        auto closing = pos_payment_to_close(unit, sale_id, payment_id, PosPaymentStatus::Canceled, result);
        if (!closing) return;  // cancelled before: the same
        auto& [sale, payment] = *closing;
        reopen_after_payment(unit, sale);
        result = PosPaymentResult{payment, sale_snapshot(unit, sale)};
        unit.audit("sale.cancel_pos_payment", "sale", sale.id, Json{{"payment_id", payment.id}});
    });
    return result;
}

std::vector<std::string> Sales::expire_due(std::optional<Instant> now) const {
    const Actor& actor = store_.actor();
    actor.require_scope(scope::sales);
    const std::string organization_id = access::organization_of(actor);
    std::vector<std::string> expired;
    store_.write([&](UnitOfWork& unit) {
        if (now) require_in_range(*now, "now");
        if (now && unit.now < *now) throw fail::now_in_future();
        expired = sale_lifecycle::sweep_due(unit, now.value_or(unit.now), organization_id);
    });
    return expired;
}

Sale Sales::get(const std::string& sale_id) const {
    require_sales_read(store_.actor());
    Sale sale;
    store_.read([&](ReadContext& context) { sale = sale_snapshot(context, sale_for_read(context, sale_id)); });
    return sale;
}

SaleConnection Sales::list(const SaleFilter& filter, const PageRequest& request) const {
    const Actor& actor = store_.actor();
    require_sales_read(actor);
    (void)access::organization_of(actor);
    paging::check(request);
    repository::SaleQuery query;
    query.states = filter.states;
    if (filter.search) {
        rules::require_text(*filter.search, "search", 200);
        if (!rules::is_blank(*filter.search)) query.search = rules::ascii_lower(*filter.search);
    }
    if (filter.created_from) require_in_range(*filter.created_from, "created_from");
    if (filter.created_to) require_in_range(*filter.created_to, "created_to");
    query.created_from = filter.created_from;
    query.created_to = filter.created_to;
    query.creator_id = filter.creator_id;
    query.payment_type = filter.payment_type;
    query.event_id = filter.event_id;
    SaleConnection connection;
    store_.read([&](ReadContext& context) {
        auto& sales = context.sales();
        // States are matched as users see them: an open sale whose hold ran out is expired.
        query.cutoff = rules::hold_cutoff(context.now);
        const std::int64_t after = paging::start(
            request, request.after ? sales.sale_position(*request.after) : std::nullopt, "a sale of this organization");
        std::vector<Sale> rows;
        for (const std::string& id : sales.page_sales(query, after, request.first + 1)) {
            rows.push_back(sale_snapshot(context, sale_for_read(context, id)));
        }
        const Page<Sale> page = paging::finish(std::move(rows), request.first);
        for (const Sale& sale : page.nodes) connection.edges.push_back(SaleEdge{sale.id, sale});
        connection.has_next_page = page.has_next_page;
        connection.end_cursor = page.end_cursor;
        connection.total_count = sales.count_sales(query);
    });
    return connection;
}

}  // namespace ticketcore
