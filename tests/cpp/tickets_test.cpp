// Tickets (service layer): comps, pre-generated tickets and their activation at the door,
// reading tickets, and the cursor-paged ticket holders (seed 000's ticketHolders). Every test ends
// with check_integrity() and every refusal is checked to change nothing (see order_support.hpp).

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "order_support.hpp"
#include "test_support.hpp"
#include "ticketcore/rules/order_rules.hpp"
#include "ticketcore/ticketcore.hpp"
#include "ticketcore/values/uuid.hpp"

namespace {

using namespace ticketcore;
using namespace ticketcore_test;
using nlohmann::json;

std::vector<std::string> ids_of(const std::vector<EventTicket>& tickets) {
    std::vector<std::string> ids;
    for (const EventTicket& ticket : tickets) ids.push_back(ticket.id);
    return ids;
}

json buyer_json(const std::string& id, const std::string& name, const std::string& email) {
    return json{{"id", id}, {"name", name}, {"email", email}};
}

class TicketsTest : public SellingTest {
protected:
    TicketSpecification member = world.on_sale("Member ticket", 25000, 10, 4);
    TicketSpecification guest = world.on_sale("Guest ticket", 35000, 200);

    [[nodiscard]] static DoorPayment cash(std::int64_t minor, const std::string& reference = "") {
        return DoorPayment{Amount{minor, std::nullopt}, "cash", reference};
    }
    [[nodiscard]] HolderPage holders(std::int64_t first = 20, std::optional<std::string> after = std::nullopt,
                                     std::optional<OrderState> state = std::nullopt) const {
        HolderQuery query;
        query.event_id = world.event.id;
        query.first = first;
        query.after = std::move(after);
        query.order_state = state;
        return world.tickets.holders(query);
    }
};

// ---- comps ----------------------------------------------------------------------------------

TEST_F(TicketsTest, CompIssuesValidTicketsThatCountAsSold) {
    const std::vector<EventTicket> comps = world.tickets.comp(
        world.event.id, member.id, {{"pat@example.com", "Pat Lee"}, {"jordan@example.com", "Jordan Kim"}},
        "Day-1 keynote speakers");
    ASSERT_EQ(comps.size(), 2u);
    const std::vector<std::pair<std::string, std::string>> holders_given = {{"Pat Lee", "pat@example.com"},
                                                                            {"Jordan Kim", "jordan@example.com"}};
    for (std::size_t index = 0; index < comps.size(); ++index) {
        const EventTicket& ticket = comps[index];
        EXPECT_TRUE(is_uuid(ticket.id));
        EXPECT_EQ(ticket.event_id, world.event.id);
        EXPECT_EQ(ticket.ticket_specification_id, member.id);
        EXPECT_EQ(ticket.kind, TicketKind::Comp);
        EXPECT_EQ(ticket.state, TicketState::Valid);
        EXPECT_EQ(ticket.order_id, std::nullopt);
        ASSERT_TRUE(ticket.buyer_id.has_value());
        EXPECT_EQ(ticket.holder_name, holders_given[index].first);
        EXPECT_EQ(ticket.holder_email, holders_given[index].second);
        EXPECT_EQ(ticket.note, "Day-1 keynote speakers");
        EXPECT_EQ(ticket.purchase_date, clock_start);
        EXPECT_EQ(ticket.created, clock_start);
        ASSERT_EQ(ticket.event_dates.size(), 1u);
        EXPECT_EQ(ticket.event_dates[0].event_date_id, world.event.dates.at(0).id);
        EXPECT_EQ(world.tickets.get(ticket.id), ticket);
    }
    EXPECT_NE(comps[0].buyer_id, comps[1].buyer_id);
    EXPECT_EQ(world.counts(member.id), (Counts{2, 0, 8}));
    EXPECT_EQ(world.tickets.list(world.event.id).nodes, comps);

    const HolderPage page = holders();
    ASSERT_EQ(page.total_count, 2);
    EXPECT_EQ(page.nodes[0].user.name, "Pat Lee");
    EXPECT_EQ(page.nodes[0].user.id, *comps[0].buyer_id);
    EXPECT_TRUE(page.nodes[0].user.is_guest());
    EXPECT_EQ(page.nodes[0].tickets, std::vector<EventTicket>{comps[0]});
    EXPECT_TRUE(page.nodes[0].buy_orders.empty());
    EXPECT_EQ(page.nodes[1].user.name, "Jordan Kim");

    // One tickets.issued per holder, so a mailer sends each their own ticket; one audit row.
    const std::vector<OutboxEvent> events = world.outbox.pending(1000);
    ASSERT_EQ(events.size(), 2u);
    for (std::size_t index = 0; index < 2; ++index) {
        EXPECT_EQ(events[index].topic, "tickets.issued");
        EXPECT_EQ(events[index].entity_id, comps[index].id);
        EXPECT_EQ(json::parse(events[index].payload),
                  (json{{"event_id", world.event.id},
                        {"kind", "comp"},
                        {"order_id", nullptr},
                        {"buyer",
                         buyer_json(*comps[index].buyer_id, holders_given[index].first, holders_given[index].second)},
                        {"ticket_ids", {comps[index].id}}}));
    }
    const std::vector<AuditEntry> audit = world.audit_rows("tickets.comp");
    ASSERT_EQ(audit.size(), 1u);
    EXPECT_EQ(audit[0].entity_type, "specification");
    EXPECT_EQ(audit[0].entity_id, member.id);
    EXPECT_EQ(audit[0].actor_id, "admin-1");
    EXPECT_EQ(json::parse(audit[0].payload), (json{{"note", "Day-1 keynote speakers"}, {"ticket_ids", ids_of(comps)}}));
}

TEST_F(TicketsTest, CompsSkipTheSaleRules) {
    // A draft event, an inactive private specification whose sale has not started, and more
    // tickets for one holder than the per-user maximum: comps are staff decisions.
    const Event draft = world.catalog.event_with_date("Rehearsal");
    NewSpecification input;
    input.event_id = draft.id;
    input.name = "Crew";
    input.price = Amount{25000, std::nullopt};
    input.maximum_number_of_tickets_per_user = 1;
    input.visibility = Visibility::Private;
    input.sale_start = Instant{clock_start.micros + 24 * one_hour_us};
    const TicketSpecification crew = world.catalog.specifications.add(input);
    const std::vector<EventTicket> comps = world.tickets.comp(
        draft.id, crew.id, {{"crew@example.com", "Crew"}, {"crew@example.com", "Crew"}, {"crew@example.com", "Crew"}},
        "");
    EXPECT_EQ(comps.size(), 3u);
    EXPECT_EQ(comps[0].buyer_id, comps[2].buyer_id) << "one e-mail, one guest buyer";
    HolderQuery query;
    query.event_id = draft.id;
    EXPECT_EQ(world.tickets.holders(query).total_count, 1);
    EXPECT_EQ(world.catalog.specifications.get(crew.id).number_of_tickets_sold, 3);
}

TEST_F(TicketsTest, CompedTicketsCountTowardTheHoldersLaterPurchases) {
    (void)world.tickets.comp(world.event.id, member.id,
                             {{"alex@example.com", "Alex Reyes"}, {"alex@example.com", "Alex Reyes"}}, "");
    (void)world.place({{member.id, 2}});
    EXPECT_TRUE(refused<CapacityError>(
        [&] {
            (void)world.place({{member.id, 1}});
        },
        "too_many_tickets_per_user", "Too many tickets per user"));
    EXPECT_NO_THROW((void)world.place({{member.id, 1}}, platform_user("user-1", "Alex Reyes", "alex@example.com")))
        << "a platform user is another buyer than the guest with that e-mail";
}

TEST_F(TicketsTest, CompRefusals) {
    const std::vector<HolderInput> one = {{"pat@example.com", "Pat Lee"}};
    EXPECT_TRUE(
        refused<PermissionDeniedError>([&] { (void)Tickets(world.shop).comp(world.event.id, member.id, one, ""); },
                                       "missing_scope", "Actor 'web-shop' lacks the scope 'events:write'"));
    EXPECT_TRUE(refused<ValidationError>([&] { (void)world.tickets.comp(world.event.id, member.id, {}, ""); },
                                         "no_holders", "A comp needs at least one holder"));
    const std::vector<HolderInput> too_many(10001, HolderInput{"pat@example.com", "Pat Lee"});
    EXPECT_TRUE(refused<ValidationError>([&] { (void)world.tickets.comp(world.event.id, guest.id, too_many, ""); },
                                         "batch_too_large", "At most 10000 tickets per call"));
    EXPECT_TRUE(refused<ValidationError>(
        [&] {
            (void)world.tickets.comp(world.event.id, member.id, {{"pat@example.com", "Pat"}, {"jordan", "Jordan"}}, "");
        },
        "invalid_email", "Invalid e-mail address: 'jordan'"));
    EXPECT_TRUE(refused<ValidationError>(
        [&] {
            (void)world.tickets.comp(world.event.id, member.id, {{"pat@example.com", " "}}, "");
        },
        "name_required", "Name is required"));
    EXPECT_TRUE(refused<NotFoundError>([&] { (void)world.tickets.comp("no-such-event", member.id, one, ""); },
                                       "event_not_found", "Event with id: no-such-event not found."));
    EXPECT_TRUE(refused<NotFoundError>([&] { (void)world.tickets.comp(world.event.id, "no-such-spec", one, ""); },
                                       "specification_not_found",
                                       "Ticket specification with id: no-such-spec not found."));
    const Event other_event = Shop::make_event(world.catalog.events, "Autumn Jazz");
    EXPECT_TRUE(refused<ValidationError>([&] { (void)world.tickets.comp(other_event.id, member.id, one, ""); },
                                         "specification_other_event",
                                         "Ticket specification with id: " + member.id + " belongs to another event"));
    const OtherOrganization other(world);
    EXPECT_TRUE(refused<PermissionDeniedError>(
        [&] { (void)world.tickets.comp(other.event.id, other.spec.id, one, ""); }, "other_organization",
        "Actor 'admin-1' may not access organization '" + other.organization_id + "'"));
}

TEST_F(TicketsTest, ACompThatDoesNotFitIssuesNothing) {
    const TicketSpecification front = world.on_sale("Front row", 50000, 2);
    EXPECT_TRUE(refused<CapacityError>(
        [&] {
            (void)world.tickets.comp(world.event.id, front.id,
                                     {{"a@example.com", "A"}, {"b@example.com", "B"}, {"c@example.com", "C"}}, "");
        },
        "sold_out", "Not enough tickets available for ticket specification with id: " + front.id));
    EXPECT_EQ(world.counts(front.id), (Counts{0, 0, 2}));
    const Pool hall = world.catalog.pools.create(world.event.id, "Hall", 1, {guest.id});
    EXPECT_TRUE(refused<CapacityError>(
        [&] {
            (void)world.tickets.comp(world.event.id, guest.id, {{"a@example.com", "A"}, {"b@example.com", "B"}}, "");
        },
        "pool_sold_out", "Not enough tickets available in capacity pool with id: " + hall.id));
}

TEST_F(TicketsTest, NoTicketsForACompletedEvent) {
    const TicketSpecification door_spec = guest;
    const std::vector<EventTicket> batch = world.tickets.pre_generate(world.event.id, door_spec.id, 1);
    (void)world.catalog.events.complete(world.event.id);
    EXPECT_TRUE(refused<ConflictError>(
        [&] {
            (void)world.tickets.comp(world.event.id, member.id, {{"pat@example.com", "Pat"}}, "");
        },
        "event_completed", "Cannot issue tickets for an event, which is completed"));
    EXPECT_TRUE(refused<ConflictError>([&] { (void)world.tickets.pre_generate(world.event.id, member.id, 1); },
                                       "event_completed", "Cannot issue tickets for an event, which is completed"));
    EXPECT_TRUE(refused<ConflictError>(
        [&] {
            (void)world.door_tickets.activate(batch[0].id, {"walk@example.com", "Walk-up"}, cash(36375));
        },
        "event_completed", "Cannot activate a ticket for an event, which is completed"));
}

TEST_F(TicketsTest, CompsAndPreGenerationSweepExpiredHoldsFirst) {
    const TicketSpecification front = world.on_sale("Front row", 50000, 2);
    const BuyOrder held = world.place({{front.id, 2}});
    world.expire(held);
    EXPECT_EQ(world.tickets.comp(world.event.id, front.id, {{"vip@example.com", "Vip"}}, "").size(), 1u);
    EXPECT_EQ(world.tickets.pre_generate(world.event.id, front.id, 1).size(), 1u);
    EXPECT_EQ(world.counts(front.id), (Counts{1, 1, 0}));
    EXPECT_EQ(world.audit_operations(held.id), (std::vector<std::string>{"order.place", "order.expire"}));
    EXPECT_EQ(world.orders.get(held.id).state, OrderState::Expired);
}

// ---- pre-generated tickets and the door ----------------------------------------------------

TEST_F(TicketsTest, PreGeneratedTicketsHoldCapacityUntilActivated) {
    const std::vector<EventTicket> batch = world.tickets.pre_generate(world.event.id, guest.id, 3);
    ASSERT_EQ(batch.size(), 3u);
    for (const EventTicket& ticket : batch) {
        EXPECT_TRUE(is_uuid(ticket.id));
        EXPECT_EQ(ticket.kind, TicketKind::PreGenerated);
        EXPECT_EQ(ticket.state, TicketState::Unactivated);
        EXPECT_EQ(ticket.order_id, std::nullopt);
        EXPECT_EQ(ticket.buyer_id, std::nullopt);
        EXPECT_EQ(ticket.holder_name, "");
        EXPECT_EQ(ticket.holder_email, "");
        EXPECT_EQ(ticket.purchase_date, std::nullopt);
        EXPECT_EQ(ticket.created, clock_start);
        EXPECT_EQ(ticket.event_dates.size(), 1u);
        EXPECT_EQ(world.tickets.get(ticket.id), ticket);
    }
    EXPECT_EQ(world.counts(guest.id), (Counts{0, 3, 197}));
    EXPECT_TRUE(world.outbox.pending(1000).empty()) << "nothing to tell anybody yet";
    EXPECT_EQ(holders().total_count, 0) << "an unactivated ticket has no holder";
    const std::vector<AuditEntry> audit = world.audit_rows("tickets.pre_generate");
    ASSERT_EQ(audit.size(), 1u);
    EXPECT_EQ(audit[0].entity_id, guest.id);
    EXPECT_EQ(json::parse(audit[0].payload), (json{{"quantity", 3}, {"ticket_ids", ids_of(batch)}}));
}

TEST_F(TicketsTest, PreGenerateRefusals) {
    EXPECT_TRUE(
        refused<PermissionDeniedError>([&] { (void)Tickets(world.door).pre_generate(world.event.id, guest.id, 1); },
                                       "missing_scope", "Actor 'door-1' lacks the scope 'events:write'"));
    for (const std::int64_t quantity : {std::int64_t{0}, std::int64_t{-1}}) {
        EXPECT_TRUE(
            refused<ValidationError>([&] { (void)world.tickets.pre_generate(world.event.id, guest.id, quantity); },
                                     "invalid_quantity", "Quantity must be greater than 0"));
    }
    EXPECT_TRUE(refused<ValidationError>([&] { (void)world.tickets.pre_generate(world.event.id, guest.id, 10001); },
                                         "batch_too_large", "At most 10000 tickets per call"));
    EXPECT_TRUE(refused<CapacityError>([&] { (void)world.tickets.pre_generate(world.event.id, member.id, 11); },
                                       "sold_out",
                                       "Not enough tickets available for ticket specification with id: " + member.id));
}

TEST_F(TicketsTest, ActivationSellsAPreGeneratedTicketAtTheDoor) {
    const std::vector<EventTicket> batch = world.tickets.pre_generate(world.event.id, guest.id, 3);
    world.catalog.clock->advance(one_hour_us);
    // The full price of one ticket: 350.00 + 5.00 platform fee + 8.75 percentage fee.
    const EventTicket sold =
        world.door_tickets.activate(batch[0].id, {"walkup@example.com", "Walk-up"},
                                    DoorPayment{Amount{36375, Currency::of("DKK")}, "card", "sq_0042"});
    EXPECT_EQ(sold.id, batch[0].id);
    EXPECT_EQ(sold.kind, TicketKind::PreGenerated);
    EXPECT_EQ(sold.state, TicketState::Valid);
    EXPECT_EQ(sold.holder_name, "Walk-up");
    EXPECT_EQ(sold.holder_email, "walkup@example.com");
    EXPECT_EQ(sold.purchase_date, world.now());
    EXPECT_EQ(sold.created, clock_start);
    ASSERT_TRUE(sold.buyer_id.has_value());
    EXPECT_EQ(sold.order_id, std::nullopt);
    EXPECT_EQ(world.tickets.get(sold.id), sold);
    EXPECT_EQ(world.counts(guest.id), (Counts{1, 2, 197}));

    const HolderPage page = holders();
    ASSERT_EQ(page.total_count, 1);
    EXPECT_EQ(page.nodes[0].user.email, "walkup@example.com");
    EXPECT_EQ(page.nodes[0].issue_time, world.now());
    EXPECT_EQ(page.nodes[0].tickets, std::vector<EventTicket>{sold});

    const OutboxEvent issued = world.last_outbox_event();
    EXPECT_EQ(issued.topic, "tickets.issued");
    EXPECT_EQ(issued.entity_id, sold.id);
    EXPECT_EQ(json::parse(issued.payload), (json{{"event_id", world.event.id},
                                                 {"kind", "pre-generated"},
                                                 {"order_id", nullptr},
                                                 {"buyer", buyer_json(*sold.buyer_id, "Walk-up", "walkup@example.com")},
                                                 {"ticket_ids", {sold.id}}}));
    const std::vector<AuditEntry> audit = world.audit_rows("ticket.activate");
    ASSERT_EQ(audit.size(), 1u);
    EXPECT_EQ(audit[0].entity_type, "ticket");
    EXPECT_EQ(audit[0].entity_id, sold.id);
    EXPECT_EQ(audit[0].actor_id, "door-1");
    EXPECT_EQ(json::parse(audit[0].payload), (json{{"holder_email", "walkup@example.com"},
                                                   {"amount", {{"minor", 36375}, {"currency", "DKK"}}},
                                                   {"method", "card"},
                                                   {"reference", "sq_0042"}}));
    EXPECT_EQ(world.door_tickets.activate(batch[1].id, {"b@example.com", "B"}, cash(36375)).state, TicketState::Valid)
        << "the reference is optional";
}

TEST_F(TicketsTest, ActivateRefusals) {
    const std::vector<EventTicket> batch = world.tickets.pre_generate(world.event.id, guest.id, 2);
    const std::string& id = batch[0].id;
    const HolderInput walkup{"walkup@example.com", "Walk-up"};
    EXPECT_TRUE(refused<PermissionDeniedError>([&] { (void)world.tickets.activate(id, walkup, cash(36375)); },
                                               "missing_scope", "Actor 'admin-1' lacks the scope 'sales'"));
    EXPECT_TRUE(refused<ValidationError>(
        [&] {
            (void)world.door_tickets.activate(id, {"walkup@example.com", ""}, cash(36375));
        },
        "name_required", "Name is required"));
    EXPECT_TRUE(refused<ValidationError>(
        [&] {
            (void)world.door_tickets.activate(id, {"walkup", "Walk-up"}, cash(36375));
        },
        "invalid_email", "Invalid e-mail address: 'walkup'"));
    EXPECT_TRUE(refused<ValidationError>(
        [&] {
            (void)world.door_tickets.activate(id, walkup, DoorPayment{Amount{36375, std::nullopt}, "", ""});
        },
        "payment_method_required", "Payment method is required"));
    EXPECT_TRUE(
        refused<NotFoundError>([&] { (void)world.door_tickets.activate("no-such-ticket", walkup, cash(36375)); },
                               "ticket_not_found", "Ticket with id: no-such-ticket not found."));
    EXPECT_TRUE(refused<ValidationError>([&] { (void)world.door_tickets.activate(id, walkup, cash(35000)); },
                                         "amount_mismatch",
                                         "Payment of 350.00 DKK does not match the ticket price of 363.75 DKK"));
    EXPECT_TRUE(refused<ValidationError>(
        [&] {
            (void)world.door_tickets.activate(id, walkup, DoorPayment{Amount{36375, Currency::of("EUR")}, "card", ""});
        },
        "currency_mismatch", "Amount in EUR where DKK is expected"));
    const OtherOrganization other(world);
    const Store other_door =
        world.catalog.root.acting_as(Actor::make("other-door", other.organization_id, {std::string(scope::sales)}));
    EXPECT_TRUE(refused<PermissionDeniedError>(
        [&] { (void)Tickets(other_door).activate(id, walkup, cash(36375)); }, "other_organization",
        "Actor 'other-door' may not access organization '" + world.catalog.organization.id + "'"));

    (void)world.door_tickets.activate(id, walkup, cash(36375));
    EXPECT_TRUE(refused<ConflictError>([&] { (void)world.door_tickets.activate(id, walkup, cash(36375)); },
                                       "ticket_already_activated", "Ticket with id: " + id + " is already activated"));
    const EventTicket comp = world.tickets.comp(world.event.id, guest.id, {{"vip@example.com", "Vip"}}, "").at(0);
    EXPECT_TRUE(refused<ConflictError>([&] { (void)world.door_tickets.activate(comp.id, walkup, cash(36375)); },
                                       "ticket_already_activated",
                                       "Ticket with id: " + comp.id + " is already activated"));
    const BuyOrder paid = world.pay(world.place({{guest.id, 1}}));
    EXPECT_TRUE(refused<ConflictError>(
        [&] { (void)world.door_tickets.activate(paid.ticket_ids.at(0), walkup, cash(36375)); },
        "ticket_already_activated", "Ticket with id: " + paid.ticket_ids.at(0) + " is already activated"));
}

TEST_F(TicketsTest, AFreeDoorTicketIsActivatedForItsFeesOnly) {
    const TicketSpecification free = world.on_sale("Free entry", 0, 10);
    const EventTicket ticket = world.tickets.pre_generate(world.event.id, free.id, 1).at(0);
    EXPECT_TRUE(refused<ValidationError>(
        [&] {
            (void)world.door_tickets.activate(ticket.id, {"a@b.dk", "A"}, cash(0));
        },
        "amount_mismatch", "Payment of 0.00 DKK does not match the ticket price of 5.00 DKK"));
    EXPECT_EQ(world.door_tickets.activate(ticket.id, {"a@b.dk", "A"}, cash(500)).state, TicketState::Valid);
}

// ---- reading tickets ------------------------------------------------------------------------

TEST_F(TicketsTest, ListShowsAnEventsTicketsInIssueOrder) {
    const BuyOrder paid = world.pay(world.place({{member.id, 2}}));
    const std::vector<EventTicket> comps =
        world.tickets.comp(world.event.id, guest.id, {{"vip@example.com", "Vip"}}, "");
    const std::vector<EventTicket> batch = world.tickets.pre_generate(world.event.id, guest.id, 2);
    const BuyOrder second = world.pay(world.place({{guest.id, 1}}, buyer("Bo Holm", "bo@example.com")), "pi_2");

    std::vector<std::string> expected = paid.ticket_ids;
    expected.push_back(comps[0].id);
    expected.push_back(batch[0].id);
    expected.push_back(batch[1].id);
    expected.push_back(second.ticket_ids[0]);
    EXPECT_EQ(ids_of(world.tickets.list(world.event.id).nodes), expected);
    EXPECT_EQ(ids_of(world.tickets.list(world.event.id, paid.id).nodes), paid.ticket_ids);
    EXPECT_EQ(ids_of(world.tickets.list(world.event.id, second.id).nodes), second.ticket_ids);
    EXPECT_TRUE(
        expect_error<NotFoundError>([&] { (void)world.tickets.list(world.event.id, std::string("no-such-order")); },
                                    "order_not_found", "Order with id: no-such-order not found."));
    const Event empty = Shop::make_event(world.catalog.events, "Empty night");
    EXPECT_TRUE(world.tickets.list(empty.id).nodes.empty());
}

TEST_F(TicketsTest, ReadingNeedsEventsReadAndTheOrganization) {
    const EventTicket ticket = world.tickets.comp(world.event.id, guest.id, {{"vip@example.com", "Vip"}}, "").at(0);
    const Store till = world.catalog.root.acting_as(
        Actor::make("till", world.catalog.organization.id, {std::string(scope::sales), std::string(scope::orders)}));
    EXPECT_TRUE(expect_error<PermissionDeniedError>([&] { (void)Tickets(till).get(ticket.id); }, "missing_scope",
                                                    "Actor 'till' lacks the scope 'events:read'"));
    EXPECT_TRUE(expect_error<PermissionDeniedError>([&] { (void)Tickets(till).list(world.event.id); }, "missing_scope",
                                                    "Actor 'till' lacks the scope 'events:read'"));
    HolderQuery query;
    query.event_id = world.event.id;
    EXPECT_TRUE(expect_error<PermissionDeniedError>([&] { (void)Tickets(till).holders(query); }, "missing_scope",
                                                    "Actor 'till' lacks the scope 'events:read'"));
    EXPECT_TRUE(expect_error<NotFoundError>([&] { (void)world.tickets.get("no-such-ticket"); }, "ticket_not_found",
                                            "Ticket with id: no-such-ticket not found."));
    const OtherOrganization other(world);
    const std::string denied = "Actor 'other-shop' may not access organization '" + world.catalog.organization.id + "'";
    EXPECT_TRUE(expect_error<PermissionDeniedError>([&] { (void)Tickets(other.shop).get(ticket.id); },
                                                    "other_organization", denied));
    EXPECT_TRUE(expect_error<PermissionDeniedError>([&] { (void)Tickets(other.shop).list(world.event.id); },
                                                    "other_organization", denied));
    EXPECT_TRUE(expect_error<PermissionDeniedError>([&] { (void)Tickets(other.shop).holders(query); },
                                                    "other_organization", denied));
    EXPECT_TRUE(expect_error<NotFoundError>([&] { (void)world.tickets.list("no-such-event"); }, "event_not_found",
                                            "Event with id: no-such-event not found."));
}

TEST_F(TicketsTest, ADateAddedLaterAdmitsTicketsAlreadyIssued) {
    const BuyOrder paid = world.pay(world.place({{member.id, 1}}));
    const EventDate encore =
        world.catalog.events.add_date(world.event.id, Instant{june_12_2027_20_utc.micros + one_hour_us},
                                      Instant{june_12_2027_20_utc.micros + 3 * one_hour_us});
    const EventTicket ticket = world.tickets.get(paid.ticket_ids.at(0));
    ASSERT_EQ(ticket.event_dates.size(), 2u);
    EXPECT_EQ(ticket.event_dates[0].event_date_id, world.event.dates.at(0).id);
    EXPECT_EQ(ticket.event_dates[1].event_date_id, encore.id);
    EXPECT_FALSE(ticket.event_dates[1].is_redeemed);
}

// ---- ticket holders -------------------------------------------------------------------------

TEST_F(TicketsTest, HoldersArePagedInTheOrderOfTheirFirstTicket) {
    const BuyOrder alex_order = world.pay(world.place({{member.id, 2}}));
    world.catalog.clock->advance(one_minute_us);
    const BuyOrder bo_order = world.pay(world.place({{guest.id, 1}}, buyer("Bo Holm", "bo@example.com")), "pi_bo");
    world.catalog.clock->advance(one_minute_us);
    (void)world.tickets.comp(world.event.id, member.id,
                             {{"pat@example.com", "Pat Lee"}, {"jordan@example.com", "Jordan Kim"}}, "");
    world.catalog.clock->advance(one_minute_us);
    const EventTicket door = world.tickets.pre_generate(world.event.id, guest.id, 1).at(0);
    (void)world.door_tickets.activate(door.id, {"walkup@example.com", "Walk-up"}, cash(36375));
    // Not holders: a buyer with only a pending order, and one whose order expired.
    (void)world.place({{guest.id, 1}}, buyer("Cy Pending", "cy@example.com"));
    const BuyOrder lapsed = world.place({{guest.id, 1}}, buyer("Di Lapsed", "di@example.com"));
    // Alex buys again later: the holder keeps its place and issue time.
    world.catalog.clock->advance(one_minute_us);
    const BuyOrder alex_again = world.pay(world.place({{guest.id, 1}}), "pi_again");
    world.expire(lapsed);

    std::vector<std::string> names;
    std::vector<Instant> issued;
    std::optional<std::string> after;
    int pages = 0;
    while (true) {
        const HolderPage page = holders(2, after);
        ++pages;
        EXPECT_EQ(page.total_count, 5);
        for (const TicketHolder& holder : page.nodes) {
            names.push_back(holder.user.name);
            issued.push_back(holder.issue_time);
            EXPECT_EQ(holder.event_id, world.event.id);
            EXPECT_TRUE(is_uuid(holder.id));
        }
        ASSERT_TRUE(page.end_cursor.has_value());
        EXPECT_EQ(page.end_cursor, page.nodes.back().id);
        if (!page.has_next_page) break;
        after = page.end_cursor;
    }
    EXPECT_EQ(pages, 3);
    EXPECT_EQ(names, (std::vector<std::string>{"Alex Reyes", "Bo Holm", "Pat Lee", "Jordan Kim", "Walk-up"}));
    EXPECT_EQ(issued, (std::vector<Instant>{clock_start, Instant{clock_start.micros + one_minute_us},
                                            Instant{clock_start.micros + 2 * one_minute_us},
                                            Instant{clock_start.micros + 2 * one_minute_us},
                                            Instant{clock_start.micros + 3 * one_minute_us}}));

    const TicketHolder alex = holders(1).nodes.at(0);
    EXPECT_EQ(alex.user.email, "alex@example.com");
    EXPECT_EQ(alex.tickets.size(), 3u);
    ASSERT_EQ(alex.buy_orders.size(), 2u);
    EXPECT_EQ(alex.buy_orders[0].id, alex_order.id);
    EXPECT_EQ(alex.buy_orders[1].id, alex_again.id);
    EXPECT_EQ(holders(1).nodes.at(0).id, holders(50).nodes.at(0).id);
    (void)bo_order;
}

TEST_F(TicketsTest, TheOrderStateFilterNarrowsTheBuyOrdersNotTheHolders) {
    const BuyOrder paid = world.pay(world.place({{member.id, 1}}));
    const BuyOrder cancelled = world.orders.cancel(world.place({{member.id, 1}}).id);
    const BuyOrder expired = world.place({{guest.id, 1}});
    world.catalog.clock->advance(10 * one_minute_us);
    const BuyOrder pending = world.place({{guest.id, 1}});
    world.catalog.clock->advance(5 * one_minute_us);
    (void)world.tickets.comp(world.event.id, guest.id, {{"vip@example.com", "Vip"}}, "");

    const auto order_ids = [&](std::optional<OrderState> state) {
        std::vector<std::vector<std::string>> result;
        for (const TicketHolder& holder : holders(20, std::nullopt, state).nodes) {
            std::vector<std::string> ids;
            for (const BuyOrder& order : holder.buy_orders) ids.push_back(order.id);
            result.push_back(ids);
        }
        return result;
    };
    using Ids = std::vector<std::vector<std::string>>;
    EXPECT_EQ(order_ids(std::nullopt), (Ids{{paid.id, cancelled.id, expired.id, pending.id}, {}}));
    EXPECT_EQ(order_ids(OrderState::Paid), (Ids{{paid.id}, {}}));
    EXPECT_EQ(order_ids(OrderState::Cancelled), (Ids{{cancelled.id}, {}}));
    EXPECT_EQ(order_ids(OrderState::Expired), (Ids{{expired.id}, {}})) << "effective state, before any sweep";
    EXPECT_EQ(order_ids(OrderState::Pending), (Ids{{pending.id}, {}}));
    EXPECT_EQ(holders(20, std::nullopt, OrderState::Paid).nodes.at(0).buy_orders.at(0).state, OrderState::Paid);
    EXPECT_EQ(holders(20, std::nullopt, OrderState::Expired).nodes.at(0).buy_orders.at(0).state, OrderState::Expired);
}

TEST_F(TicketsTest, AHolderAddedWhilePagingAppearsAfterTheOthers) {
    (void)world.tickets.comp(world.event.id, guest.id, {{"a@example.com", "A"}, {"b@example.com", "B"}}, "");
    const HolderPage first = holders(1);
    EXPECT_TRUE(first.has_next_page);
    world.catalog.clock->advance(one_minute_us);
    (void)world.tickets.comp(world.event.id, guest.id, {{"c@example.com", "C"}}, "");
    const HolderPage rest = holders(50, first.end_cursor);
    std::vector<std::string> names;
    for (const TicketHolder& holder : rest.nodes) names.push_back(holder.user.name);
    EXPECT_EQ(names, (std::vector<std::string>{"B", "C"}));
    EXPECT_FALSE(rest.has_next_page);
    EXPECT_EQ(rest.total_count, 3);
}

TEST_F(TicketsTest, HolderPagingRefusals) {
    (void)world.tickets.comp(world.event.id, guest.id, {{"a@example.com", "A"}}, "");
    for (const std::int64_t first : {std::int64_t{0}, std::int64_t{-1}, std::int64_t{51}}) {
        EXPECT_TRUE(expect_error<ValidationError>([&] { (void)holders(first); }, "invalid_page_size",
                                                  "first must be between 1 and 50"))
            << first;
    }
    EXPECT_EQ(holders(50).nodes.size(), 1u);
    EXPECT_TRUE(expect_error<ValidationError>([&] { (void)holders(20, std::string("nope")); }, "invalid_cursor",
                                              "Cursor 'nope' is not a holder of this event"));
    // A holder of another event is not a cursor for this one.
    const Event other = Shop::make_event(world.catalog.events, "Autumn Jazz");
    const TicketSpecification autumn = world.on_sale("Autumn", 25000, 10, std::nullopt, {}, other.id);
    (void)world.tickets.comp(other.id, autumn.id, {{"a@example.com", "A"}}, "");
    HolderQuery query;
    query.event_id = other.id;
    const std::string foreign = *world.tickets.holders(query).end_cursor;
    EXPECT_TRUE(expect_error<ValidationError>([&] { (void)holders(20, foreign); }, "invalid_cursor",
                                              "Cursor '" + foreign + "' is not a holder of this event"));
    query.event_id = "no-such-event";
    EXPECT_TRUE(expect_error<NotFoundError>([&] { (void)world.tickets.holders(query); }, "event_not_found",
                                            "Event with id: no-such-event not found."));
}

TEST_F(TicketsTest, AnEventWithoutHoldersHasAnEmptyPage) {
    (void)world.place({{member.id, 1}});
    const HolderPage page = holders();
    EXPECT_EQ(page, (HolderPage{0, {}, false, std::nullopt}));
    const HolderPage last = holders(20, std::nullopt);
    EXPECT_EQ(last.end_cursor, std::nullopt);
}

TEST_F(TicketsTest, TheLastPageEndsWithItsLastHolderAndNoNextPage) {
    (void)world.tickets.comp(world.event.id, guest.id, {{"a@example.com", "A"}, {"b@example.com", "B"}}, "");
    const HolderPage page = holders(2);
    EXPECT_FALSE(page.has_next_page) << "exactly a page full";
    EXPECT_EQ(page.end_cursor, page.nodes.at(1).id);
    const HolderPage after_last = holders(2, page.end_cursor);
    EXPECT_TRUE(after_last.nodes.empty());
    EXPECT_FALSE(after_last.has_next_page);
    EXPECT_EQ(after_last.end_cursor, std::nullopt);
    EXPECT_EQ(after_last.total_count, 2);
}

}  // namespace
