#include "ticketcore/rules/refund_rules.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>

#include "ticketcore/values/error_catalogue.hpp"

namespace ticketcore {

std::string_view to_string(RefundState state) noexcept {
    switch (state) {
        case RefundState::InProgress: return "in_progress";
        case RefundState::Refunded: return "refunded";
        case RefundState::Failed: return "failed";
    }
    return "in_progress";
}

RefundState refund_state_from_string(std::string_view text) {
    if (text == "in_progress") return RefundState::InProgress;
    if (text == "refunded") return RefundState::Refunded;
    if (text == "failed") return RefundState::Failed;
    throw fail::unknown_refund_state(text);
}

namespace rules {

std::vector<TicketPaid> paid_per_ticket(std::span<const OrderLine> lines,
                                        std::span<const std::string> ticket_specification_ids, Currency currency) {
    // Each line's parts, handed out to its tickets in issue order.
    std::map<std::string, std::pair<std::vector<TicketPaid>, std::size_t>> by_specification;
    for (const OrderLine& line : lines) {
        if (line.amount <= 0) continue;
        const std::vector<Money> net = (line.subtotal - line.discount).split(line.amount);
        const std::vector<Money> fees = (line.platform_fee + line.percentage_fee).split(line.amount);
        auto& parts = by_specification[line.ticket_specification_id].first;
        for (std::size_t index = 0; index < net.size(); ++index) parts.push_back({net[index], fees[index]});
    }
    std::vector<TicketPaid> paid;
    paid.reserve(ticket_specification_ids.size());
    for (const std::string& specification_id : ticket_specification_ids) {
        const auto found = by_specification.find(specification_id);
        if (found == by_specification.end() || found->second.second >= found->second.first.size()) {
            paid.push_back({Money::zero(currency), Money::zero(currency)});
            continue;
        }
        paid.push_back(found->second.first[found->second.second++]);
    }
    return paid;
}

TicketPaid door_paid(Money payment, Money fees) {
    const Money capped = std::max(Money::zero(payment.currency()), std::min(fees, payment));
    return {payment - capped, capped};
}

Money refundable(const TicketPaid& paid, bool refund_fees) {
    return refund_fees ? paid.net + paid.fees : paid.net;
}

void check_ticket_refundable(const EventTicket& ticket, bool allow_redeemed) {
    if (ticket.state == TicketState::Cancelled) throw fail::ticket_cancelled(ticket.id);
    if (ticket.state == TicketState::Unactivated) throw fail::ticket_not_activated(ticket.id);
    if (ticket.is_refunded) throw fail::ticket_refunded(ticket.id);
    if (ticket.is_refund_in_progress) throw fail::refund_in_progress(ticket.id);
    const bool redeemed = std::any_of(ticket.event_dates.begin(), ticket.event_dates.end(),
                                      [](const EventTicketDate& date) { return date.is_redeemed; });
    if (redeemed && !allow_redeemed) throw fail::ticket_redeemed(ticket.id);
}

bool left_out_of_order_refund(const EventTicket& ticket) noexcept {
    return ticket.is_refunded || ticket.state == TicketState::Cancelled;
}

void check_order_refundable(const BuyOrder& order, OrderState state) {
    if (state == OrderState::Paid || order.paid_without_capacity) return;
    throw fail::order_not_paid(order.id, to_string(state));
}

std::vector<Money> refund_shares(const std::optional<Money>& requested, std::span<const Money> refundable,
                                 std::string_view what_id, bool what_is_ticket) {
    if (refundable.empty()) {
        throw what_is_ticket ? fail::nothing_to_refund_ticket(what_id) : fail::nothing_to_refund_order(what_id);
    }
    Money total = Money::zero(refundable.front().currency());
    for (const Money& part : refundable) total += part;
    if (total.minor() <= 0) {
        throw what_is_ticket ? fail::nothing_to_refund_ticket(what_id) : fail::nothing_to_refund_order(what_id);
    }
    if (!requested) return {refundable.begin(), refundable.end()};
    if (requested->minor() <= 0) throw fail::amount_not_positive("amount");
    if (*requested > total) throw fail::refund_exceeds_paid(*requested, total);
    std::vector<std::int64_t> weights;
    weights.reserve(refundable.size());
    for (const Money& part : refundable) weights.push_back(part.minor());
    return requested->allocate(weights);
}

void check_refund_in_progress(std::string_view refund_id, RefundState state) {
    if (state != RefundState::InProgress) throw fail::refund_not_in_progress(refund_id, to_string(state));
}

}  // namespace rules
}  // namespace ticketcore
