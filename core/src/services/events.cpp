#include "ticketcore/services/events.hpp"
#include "services/access.hpp"
#include "services/paging.hpp"
#include "services/snapshots.hpp"
#include "services/unit_of_work.hpp"
#include "ticketcore/rules/event_rules.hpp"
#include "ticketcore/values/error_catalogue.hpp"

namespace ticketcore {

namespace {

Event transition(const Store& store, const std::string& event_id, std::string_view operation,
                 void (*check)(const Event&), EventState next) {
    store.actor().require_scope(scope::events_write);
    Event after;
    store.write([&](UnitOfWork& unit) {
        const Event before = access::event(unit, event_id);
        check(before);
        unit.catalogue().update_event_state(event_id, next);
        after = *snapshot::find_event(unit, event_id);
        unit.audit(operation, "event", event_id, Json{{"before", to_string(before.state)}, {"after", to_string(next)}});
    });
    return after;
}

}  // namespace

Event Events::create(const NewEvent& input) const {
    const Actor& actor = store_.actor();
    actor.require_scope(scope::events_write);
    const std::string& organization_id = access::organization_of(actor);
    rules::validate_new_event(input);
    std::optional<Currency> currency;
    if (input.currency) currency = Currency::of(*input.currency);
    Event event;
    store_.write([&](UnitOfWork& unit) {
        const auto organization = unit.catalogue().find_organization(organization_id);
        if (!organization) {
            throw fail::organization_not_found(organization_id);
        }
        event = Event{};
        event.id = unit.new_id();
        event.organization_id = organization_id;
        event.name = input.name;
        event.description = input.description;
        event.location = input.location;
        event.time_zone = input.time_zone;
        event.state = EventState::Draft;
        event.currency = currency.value_or(organization->currency);
        event.platform_fee = input.platform_fee.in(event.currency);
        event.percentage_fee = input.percentage_fee;
        event.vat_rate = input.vat_rate;
        event.created = unit.now;
        unit.catalogue().insert_event(event);
        unit.audit("event.create", "event", event.id, Json(event));
    });
    return event;
}

EventDate Events::add_date(const std::string& event_id, Instant start, Instant end) const {
    store_.actor().require_scope(scope::events_write);
    EventDate date;
    store_.write([&](UnitOfWork& unit) {
        const Event event = access::event(unit, event_id);
        rules::check_can_add_date(event.state, start, end);
        date = rules::event_date(unit.new_id(), event_id, start, end, event.time_zone);
        unit.catalogue().insert_event_date(event, date);
        // A date added later admits every ticket already issued, as it does every specification.
        for (const std::string& ticket_id : unit.tickets().live_ticket_ids(event_id)) {
            unit.tickets().insert_ticket_date(event.organization_id, unit.new_id(), ticket_id, date.id);
        }
        unit.audit("event.add_date", "event", event_id, Json(date));
    });
    return date;
}

Event Events::publish(const std::string& event_id) const {
    return transition(
        store_, event_id, "event.publish",
        [](const Event& event) { rules::check_can_publish(event.state, event.dates.size()); }, EventState::Published);
}

Event Events::complete(const std::string& event_id) const {
    return transition(
        store_, event_id, "event.complete", [](const Event& event) { rules::check_can_complete(event.state); },
        EventState::Completed);
}

Event Events::get(const std::string& event_id) const {
    store_.actor().require_scope(scope::events_read);
    Event event;
    store_.read([&](ReadContext& context) { event = access::event(context, event_id); });
    return event;
}

Page<Event> Events::list(std::optional<EventState> state, const PageRequest& request) const {
    const Actor& actor = store_.actor();
    actor.require_scope(scope::events_read);
    const std::string& organization_id = access::organization_of(actor);
    paging::check(request);
    Page<Event> page;
    store_.read([&](ReadContext& context) {
        auto& catalogue = context.catalogue();
        const std::int64_t after = paging::start(
            request, request.after ? catalogue.event_position(organization_id, *request.after) : std::nullopt,
            "an event of this organization");
        page = paging::finish(snapshot::page_events(context, organization_id, state, after, request.first + 1),
                              request.first);
    });
    return page;
}

}  // namespace ticketcore
