#include "services/ticket_issuing.hpp"

#include <openssl/rand.h>

#include <array>
#include <atomic>

#include "services/snapshots.hpp"
#include "ticketcore/values/error_catalogue.hpp"
#include "values/hex.hpp"

namespace ticketcore::issuing {

#ifdef TICKETCORE_TEST_HOOKS
namespace {
std::atomic<bool> revocation_guard_off{false};
std::atomic<std::int64_t> revocation_race_window{0};
}  // namespace

void set_revocation_guard_disabled(bool disabled, std::int64_t race_window_micros) noexcept {
    revocation_guard_off.store(disabled);
    revocation_race_window.store(race_window_micros);
}
bool revocation_guard_disabled() noexcept {
    return revocation_guard_off.load();
}
std::int64_t revocation_race_window_micros() noexcept {
    return revocation_race_window.load();
}
#endif

std::string random_secret() {
    std::array<unsigned char, 32> bytes{};
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
        throw fail::random_failed();
    }
    return hex::encode(bytes);
}

EventTicket new_ticket(const UnitOfWork& unit, const TicketSpecification& spec, TicketKind kind, TicketState state) {
    EventTicket ticket;
    ticket.id = unit.new_id();
    ticket.event_id = spec.event_id;
    ticket.ticket_specification_id = spec.id;
    ticket.kind = kind;
    ticket.state = state;
    ticket.created = unit.now;
    for (const std::string& date_id : spec.event_date_ids) {
        ticket.event_dates.push_back(EventTicketDate{unit.new_id(), date_id, false, std::nullopt, std::nullopt});
    }
    return ticket;
}

void store_ticket(const UnitOfWork& unit, const EventTicket& ticket, const std::string& organization_id,
                  const std::string& claim_id) {
    unit.tickets().insert_ticket(ticket, organization_id, random_secret(), claim_id);
}

std::vector<std::string> issue_order_tickets(const UnitOfWork& unit, const std::string& organization_id,
                                             const std::string& event_id, const std::string& order_id,
                                             const Buyer& buyer, const std::vector<repository::OrderLineClaim>& lines) {
    std::vector<std::string> issued;
    for (const auto& line : lines) {
        const auto spec = snapshot::find_specification(unit, line.specification_id)->specification;
        for (std::int64_t unit_index = 0; unit_index < line.amount; ++unit_index) {
            EventTicket ticket = new_ticket(unit, spec, TicketKind::Order, TicketState::Valid);
            ticket.order_id = order_id;
            ticket.buyer_id = buyer.id;
            ticket.holder_name = buyer.name;
            ticket.holder_email = buyer.email;
            ticket.purchase_date = unit.now;
            store_ticket(unit, ticket, organization_id, *line.claim_id);
            issued.push_back(ticket.id);
        }
    }
    if (!lines.empty()) {  // an order has lines; no ticket, no holder
        unit.tickets().ensure_holder(organization_id, event_id, buyer.id, lines.front().specification_id, unit.new_id(),
                                     unit.now);
    }
    return issued;
}

Json issued_payload(const std::string& event_id, TicketKind kind, const std::optional<std::string>& order_id,
                    const Buyer& holder, const std::vector<std::string>& ticket_ids) {
    return Json{{"event_id", event_id},
                {"kind", to_string(kind)},
                {"order_id", order_id},
                {"buyer", {{"id", holder.id}, {"name", holder.name}, {"email", holder.email}}},
                {"ticket_ids", ticket_ids}};
}

}  // namespace ticketcore::issuing
