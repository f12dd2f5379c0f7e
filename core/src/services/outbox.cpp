#include "ticketcore/services/outbox.hpp"
#include "services/access.hpp"
#include "services/unit_of_work.hpp"
#include "ticketcore/values/error_catalogue.hpp"

namespace ticketcore {

namespace {
constexpr std::int64_t max_outbox_limit = 1000;
}  // namespace

std::vector<OutboxEvent> Outbox::pending(std::int64_t limit) const {
    const Actor& actor = store_.actor();
    actor.require_scope(scope::events_read);
    const std::string organization_id = access::organization_of(actor);
    if (limit < 1 || limit > max_outbox_limit) throw fail::invalid_limit(max_outbox_limit);
    std::vector<OutboxEvent> events;
    store_.read([&](ReadContext& context) { events = context.outbox().pending_outbox(organization_id, limit); });
    return events;
}

std::int64_t Outbox::acknowledge(std::int64_t sequence) const {
    const Actor& actor = store_.actor();
    // Acknowledging changes what every reader of the outbox sees: a write, so not events:read.
    if (!actor.has_scope(scope::orders)) actor.require_scope(scope::events_write);
    const std::string organization_id = access::organization_of(actor);
    if (sequence < 1) throw fail::invalid_sequence();
    std::int64_t acknowledged = 0;
    store_.write([&](UnitOfWork& unit) {
        acknowledged = unit.outbox().acknowledge_outbox(organization_id, sequence, unit.now);
    });
    return acknowledged;
}

}  // namespace ticketcore
