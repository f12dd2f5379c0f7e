// The outbox: domain events written in the same transaction as the change they announce, read
// in sequence order per organization and acknowledged cumulatively (at-least-once delivery).

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "order_support.hpp"
#include "test_support.hpp"
#include "ticketcore/rules/order_rules.hpp"
#include "ticketcore/ticketcore.hpp"

namespace {

using namespace ticketcore;
using namespace ticketcore_test;
using nlohmann::json;

std::vector<std::pair<std::string, std::string>> topics_and_entities(const std::vector<OutboxEvent>& events) {
    std::vector<std::pair<std::string, std::string>> result;
    for (const OutboxEvent& event : events) result.emplace_back(event.topic, event.entity_id);
    return result;
}

class OutboxTest : public SellingTest {
protected:
    struct Sold {
        std::string paid, cancelled, comp, expired, door;
    };

    /// Places and pays, cancels, comps, lets an order expire and sells at the door.
    Sold sell() {
        const TicketSpecification spec = world.on_sale("Free entry", 0);
        Sold ids;
        const BuyOrder paid = world.place({{spec.id, 1}}, buyer("Ann Berg", "ann@example.com"));
        ids.paid = paid.id;
        world.catalog.clock->advance(one_minute_us);
        (void)world.pay(paid);
        ids.cancelled = world.orders.cancel(world.place({{spec.id, 1}}, buyer("Bo Dahl", "bo@example.com")).id).id;
        ids.comp = world.tickets.comp(world.event.id, spec.id, {{"vip@example.com", "Vip"}}, "").at(0).id;
        ids.expired = world.place({{spec.id, 1}}, buyer("Cy Holm", "cy@example.com")).id;
        world.catalog.clock->advance(rules::default_hold_micros);
        (void)world.orders.expire_due();
        const EventTicket door = world.tickets.pre_generate(world.event.id, spec.id, 1).at(0);
        ids.door = door.id;
        (void)world.door_tickets.activate(door.id, {"walk@example.com", "Walk-up"},
                                          DoorPayment{Amount{500, std::nullopt}, "cash", ""});
        return ids;
    }
};

TEST_F(OutboxTest, PendingEventsComeInSequenceOrder) {
    const Sold ids = sell();
    const std::vector<OutboxEvent> pending = world.outbox.pending();
    EXPECT_EQ(topics_and_entities(pending), (std::vector<std::pair<std::string, std::string>>{
                                                {"order.placed", ids.paid},
                                                {"tickets.issued", ids.paid},
                                                {"order.placed", ids.cancelled},
                                                {"order.cancelled", ids.cancelled},
                                                {"tickets.issued", ids.comp},
                                                {"order.placed", ids.expired},
                                                {"order.expired", ids.expired},
                                                {"tickets.issued", ids.door},
                                            }));
    for (std::size_t index = 1; index < pending.size(); ++index) {
        EXPECT_LT(pending[index - 1].sequence, pending[index].sequence);
    }
    std::vector<Instant> created;
    for (const OutboxEvent& event : pending) created.push_back(event.created);
    const Instant later{clock_start.micros + one_minute_us};
    const Instant last{clock_start.micros + one_minute_us + rules::default_hold_micros};
    EXPECT_EQ(created, (std::vector<Instant>{clock_start, later, later, later, later, later, last, last}));
    for (const OutboxEvent& event : pending) {
        const json payload = json::parse(event.payload);
        EXPECT_TRUE(payload.is_object()) << event.topic;
        EXPECT_EQ(payload.at("event_id"), world.event.id) << event.topic;
    }
    // Reading does not consume: delivery is at least once until acknowledged.
    EXPECT_EQ(world.outbox.pending(), pending);
    EXPECT_EQ(world.outbox.pending(3), (std::vector<OutboxEvent>(pending.begin(), pending.begin() + 3)));
    EXPECT_EQ(world.outbox.pending(1), std::vector<OutboxEvent>{pending.front()});
    EXPECT_EQ(world.outbox.pending(1000), pending);
}

TEST_F(OutboxTest, AcknowledgeRemovesEverythingUpToASequence) {
    (void)sell();
    const std::vector<OutboxEvent> pending = world.outbox.pending();
    ASSERT_EQ(pending.size(), 8u);
    const Outbox acker(world.shop);
    EXPECT_EQ(acker.acknowledge(pending[2].sequence), 3);
    EXPECT_EQ(world.outbox.pending(), (std::vector<OutboxEvent>(pending.begin() + 3, pending.end())));
    EXPECT_EQ(acker.acknowledge(pending[2].sequence), 0) << "acknowledging again is harmless";
    EXPECT_EQ(acker.acknowledge(pending[0].sequence), 0);
    EXPECT_EQ(acker.acknowledge(pending[4].sequence), 2);
    EXPECT_EQ(world.outbox.pending(), (std::vector<OutboxEvent>(pending.begin() + 5, pending.end())));
    EXPECT_EQ(acker.acknowledge(pending.back().sequence + 1000), 3);
    EXPECT_TRUE(world.outbox.pending().empty());
    EXPECT_EQ(acker.acknowledge(pending.back().sequence), 0);

    // New events come after the acknowledged ones.
    const BuyOrder order = world.place({{world.on_sale("More").id, 1}}, buyer("Di Lund", "di@example.com"));
    const std::vector<OutboxEvent> fresh = world.outbox.pending();
    ASSERT_EQ(fresh.size(), 1u);
    EXPECT_EQ(fresh[0].topic, "order.placed");
    EXPECT_EQ(fresh[0].entity_id, order.id);
    EXPECT_GT(fresh[0].sequence, pending.back().sequence);
}

TEST_F(OutboxTest, FailedOperationsReplaysAndRepeatsEmitNothing) {
    const TicketSpecification front = world.on_sale("Front row", 50000, 1);
    EXPECT_THROW((void)world.place({{front.id, 2}}), CapacityError);
    EXPECT_THROW(
        (void)world.tickets.comp(world.event.id, front.id, {{"a@example.com", "A"}, {"b@example.com", "B"}}, ""),
        CapacityError);
    EXPECT_TRUE(world.outbox.pending().empty());

    NewOrder input = world.order_input({{front.id, 1}});
    input.idempotency_key = "cart-1";
    const BuyOrder order = world.orders.place(input);
    (void)world.orders.place(input);
    (void)world.pay(order);
    (void)world.pay(order);
    EXPECT_EQ(world.outbox_topics(), (std::vector<std::string>{"order.placed", "tickets.issued"}));
    EXPECT_THROW((void)world.pay(order, "pi_other"), ConflictError);
    (void)world.tickets.pre_generate(world.event.id, world.on_sale("Door").id, 2);
    EXPECT_EQ(world.outbox_topics(), (std::vector<std::string>{"order.placed", "tickets.issued"}))
        << "pre-generation tells nobody";
}

TEST_F(OutboxTest, EachOrganizationHasItsOwnOutbox) {
    const TicketSpecification spec = world.on_sale();
    (void)world.place({{spec.id, 1}});
    const OtherOrganization other(world);
    const BuyOrder theirs = other.place();
    (void)world.place({{spec.id, 1}}, buyer("Kim Lee", "kim@example.com"));
    const std::vector<OutboxEvent> mine = world.outbox.pending();
    const std::vector<OutboxEvent> bobs = Outbox(other.shop).pending();
    ASSERT_EQ(bobs.size(), 1u);
    EXPECT_EQ(bobs[0].entity_id, theirs.id);
    EXPECT_EQ(world.outbox_topics(), (std::vector<std::string>{"order.placed", "order.placed"}));
    for (const OutboxEvent& event : mine) EXPECT_NE(event.sequence, bobs[0].sequence);
    EXPECT_EQ(Outbox(other.shop).acknowledge(1'000'000), 1);
    EXPECT_EQ(world.outbox.pending(), mine) << "the other organization's acknowledgement leaves ours pending";
    EXPECT_TRUE(Outbox(other.shop).pending().empty());
}

TEST_F(OutboxTest, TheLimitIs1To1000AndTheSequenceAtLeast1) {
    for (const std::int64_t limit : {std::int64_t{0}, std::int64_t{-1}, std::int64_t{1001}}) {
        EXPECT_TRUE(refused<ValidationError>([&] { (void)world.outbox.pending(limit); }, "invalid_limit",
                                             "limit must be between 1 and 1000"))
            << limit;
    }
    for (const std::int64_t sequence : {std::int64_t{0}, std::int64_t{-5}}) {
        EXPECT_TRUE(refused<ValidationError>([&] { (void)Outbox(world.shop).acknowledge(sequence); },
                                             "invalid_sequence", "sequence must be at least 1"))
            << sequence;
    }
}

TEST_F(OutboxTest, ReadingNeedsEventsReadAndAcknowledgingAWritingScope) {
    const auto actor = [&](const std::string& id, std::set<std::string, std::less<>> scopes) {
        return world.catalog.root.acting_as(Actor::make(id, world.catalog.organization.id, std::move(scopes)));
    };
    EXPECT_TRUE(refused<PermissionDeniedError>(
        [&] {
            (void)Outbox(actor("till", {"orders", "sales"})).pending();
        },
        "missing_scope", "Actor 'till' lacks the scope 'events:read'"));
    const Store reader = actor("reader", {"events:read"});
    EXPECT_TRUE(Outbox(reader).pending().empty());
    EXPECT_TRUE(refused<PermissionDeniedError>([&] { (void)Outbox(reader).acknowledge(1); }, "missing_scope",
                                               "Actor 'reader' lacks the scope 'events:write'"));
    EXPECT_EQ(Outbox(actor("acker-1", {"orders"})).acknowledge(1), 0);
    EXPECT_EQ(Outbox(actor("acker-2", {"events:write"})).acknowledge(1), 0);
}

TEST_F(OutboxTest, TheOutboxNeedsAnOrganization) {
    const Store relay = world.catalog.root.acting_as(Actor::make("relay", std::nullopt, {"events:read", "orders"}));
    EXPECT_TRUE(refused<PermissionDeniedError>([&] { (void)Outbox(relay).pending(); }, "organization_required",
                                               "Actor 'relay' does not belong to an organization"));
    EXPECT_TRUE(refused<PermissionDeniedError>([&] { (void)Outbox(relay).acknowledge(1); }, "organization_required",
                                               "Actor 'relay' does not belong to an organization"));
}

TEST(OutboxFile, AcknowledgementsAreDurableAcrossStores) {
    const StoreLocation location = StoreLocation::shared();
    const std::string& path = location.path();
    const std::string organization_id = [&] {
        const Shop world(path);
        const TicketSpecification spec = world.on_sale();
        (void)world.place({{spec.id, 1}});
        (void)world.place({{spec.id, 1}}, buyer("Kim Lee", "kim@example.com"));
        const std::vector<OutboxEvent> events = world.outbox.pending();
        EXPECT_EQ(events.size(), 2u);
        EXPECT_EQ(Outbox(world.shop).acknowledge(events.at(0).sequence), 1);
        return world.catalog.organization.id;
    }();
    // A delivery worker opening the same store later sees what is left.
    const Store reopened = Store::open(path);
    const Store worker =
        reopened.acting_as(Actor::make("mailer", organization_id, {std::string(scope::events_read), "orders"}));
    const std::vector<OutboxEvent> left = Outbox(worker).pending();
    ASSERT_EQ(left.size(), 1u);
    EXPECT_EQ(left[0].topic, "order.placed");
    EXPECT_EQ(Outbox(worker).acknowledge(left[0].sequence), 1);
    EXPECT_TRUE(Outbox(worker).pending().empty());
    EXPECT_TRUE(Outbox(Store::open(path).acting_as(worker.actor())).pending().empty());
    EXPECT_TRUE(reopened.acting_as(Actor::platform("ops")).check_integrity().ok());
}

TEST_F(OutboxTest, EveryOutboxEventIsWrittenWithItsAuditRow) {
    // Each announced change has its audit row at the same instant; acknowledging writes no event.
    (void)sell();
    std::vector<std::string> audited;
    AuditQuery query;
    query.limit = 1000;
    for (const AuditEntry& entry : world.admin.audit(query)) audited.push_back(entry.operation);
    const std::vector<std::string> expected_tail = {"order.place",  "order.confirm_payment", "order.place",
                                                    "order.cancel", "tickets.comp",          "order.place",
                                                    "order.expire", "tickets.pre_generate",  "ticket.activate"};
    ASSERT_GE(audited.size(), expected_tail.size());
    EXPECT_EQ(
        std::vector<std::string>(audited.end() - static_cast<std::ptrdiff_t>(expected_tail.size()), audited.end()),
        expected_tail);
    (void)Outbox(world.shop).acknowledge(1'000'000);
    EXPECT_EQ(world.admin.audit(query).size(), audited.size());
    EXPECT_TRUE(world.outbox.pending().empty());
}

}  // namespace
