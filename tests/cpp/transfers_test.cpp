// Transfers and cancellations (seed 004): tickets.transfer, tickets.cancel, tickets.cancel_order
// and the revocation list of an event. Every test ends with check_integrity() (the capacity a
// cancel frees, the claim a transfer hands on), every refusal is checked to change nothing, and the
// QR payload of a revoked ticket is checked to be refused the way a scanner refuses it.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "order_support.hpp"
#include "test_support.hpp"
#include "ticketcore/rules/ticket_payload.hpp"
#include "ticketcore/ticketcore.hpp"
#include "ticketcore/values/uuid.hpp"

namespace {

using namespace ticketcore;
using namespace ticketcore_test;
using nlohmann::json;

class TransfersTest : public SellingTest {
protected:
    TicketSpecification member = world.on_sale("Member ticket", 25000, 10, 4);
    TicketSpecification fixed = world.on_sale("Named seat", 30000, 10, std::nullopt,
                                              [](NewSpecification& input) { input.transferable = false; });
    Organizations organizations{world.admin};
    Tickets holder_tickets{world.shop};  // the holder's own call through the web shop (scope orders)
    const HolderInput sam{"sam@example.com", "Sam Berg"};

    /// A paid order of `quantity` member tickets.
    BuyOrder paid(std::int64_t quantity, const std::string& specification_id = {}) {
        return world.pay(world.place({{specification_id.empty() ? member.id : specification_id, quantity}}));
    }

    [[nodiscard]] rules::PayloadVerification scan(const std::string& payload) const {
        return rules::verify_ticket_payload(payload, world.catalog.organization.id,
                                            scanner_lookup(organizations.signing_keys()));
    }

    [[nodiscard]] std::vector<Revocation> revocations() const {
        return all_pages([&](const PageRequest& page) { return world.tickets.revocations(world.event.id, page); });
    }
};

// ---- transfer -------------------------------------------------------------------------------

TEST_F(TransfersTest, ATransferIssuesANewTicketToTheNewHolderAndRevokesTheOldOne) {
    const BuyOrder order = paid(2);
    const EventTicket old = world.tickets.get(order.ticket_ids[0]);
    const std::string old_payload = world.tickets.qr(old.id);
    const std::int64_t holders_before = world.tickets.holders(HolderQuery{world.event.id}).total_count;
    world.catalog.clock->advance(5 * 60 * 1000000);

    const EventTicket successor = holder_tickets.transfer(old.id, sam);

    EXPECT_TRUE(is_uuid(successor.id));
    EXPECT_NE(successor.id, old.id);
    EXPECT_EQ(successor.event_id, world.event.id);
    EXPECT_EQ(successor.ticket_specification_id, member.id);
    EXPECT_EQ(successor.kind, TicketKind::Order);
    EXPECT_EQ(successor.state, TicketState::Valid);
    EXPECT_EQ(successor.order_id, order.id);
    ASSERT_TRUE(successor.buyer_id.has_value());
    EXPECT_NE(successor.buyer_id, old.buyer_id);
    EXPECT_EQ(successor.holder_name, "Sam Berg");
    EXPECT_EQ(successor.holder_email, "sam@example.com");
    EXPECT_EQ(successor.purchase_date, old.purchase_date);
    EXPECT_EQ(successor.created, world.now());
    EXPECT_EQ(successor.generation, 1u);
    EXPECT_EQ(successor.transferred_from, old.id);
    EXPECT_EQ(successor.transferred_to, std::nullopt);
    ASSERT_EQ(successor.event_dates.size(), 1u);
    EXPECT_NE(successor.event_dates[0].id, old.event_dates[0].id);
    EXPECT_EQ(successor.event_dates[0].event_date_id, old.event_dates[0].event_date_id);
    EXPECT_FALSE(successor.event_dates[0].is_redeemed);
    EXPECT_EQ(world.tickets.get(successor.id), successor);

    // The old ticket keeps its record, admits no more, names its successor.
    EventTicket revoked = old;
    revoked.state = TicketState::Cancelled;
    revoked.generation = 2;
    revoked.transferred_to = successor.id;
    EXPECT_EQ(world.tickets.get(old.id), revoked);

    // Capacity does not move: the successor holds the old ticket's place.
    EXPECT_EQ(world.counts(member.id), (Counts{2, 0, 8}));
    EXPECT_EQ(world.tickets.holders(HolderQuery{world.event.id}).total_count, holders_before + 1);

    const OutboxEvent event = world.last_outbox_event();
    EXPECT_EQ(event.topic, "ticket.transferred");
    EXPECT_EQ(event.entity_id, successor.id);
    const json payload{
        {"ticket_id", old.id},
        {"new_ticket_id", successor.id},
        {"event_id", world.event.id},
        {"order_id", order.id},
        {"previous_holder", {{"buyer_id", *old.buyer_id}, {"name", "Alex Reyes"}, {"email", "alex@example.com"}}},
        {"holder", {{"buyer_id", *successor.buyer_id}, {"name", "Sam Berg"}, {"email", "sam@example.com"}}}};
    EXPECT_EQ(json::parse(event.payload), payload);
    const std::vector<AuditEntry> audit = world.audit_rows("ticket.transfer");
    ASSERT_EQ(audit.size(), 1u);
    EXPECT_EQ(audit[0].entity_id, old.id);
    EXPECT_EQ(audit[0].actor_id, "web-shop");
    EXPECT_EQ(json::parse(audit[0].payload), payload);

    // The old QR is refused from now on: it still verifies, but its generation is revoked.
    const auto verified = scan(old_payload);
    ASSERT_TRUE(std::holds_alternative<rules::TicketPayload>(verified));
    const auto& fields = std::get<rules::TicketPayload>(verified);
    EXPECT_EQ(fields.ticket_id, old.id);
    EXPECT_EQ(rules::check_generation(fields.generation, world.tickets.get(old.id).generation),
              rules::PayloadRefusal::RevokedGeneration);
    EXPECT_TRUE(expect_error<ConflictError>([&] { (void)world.tickets.qr(old.id); }, "ticket_cancelled",
                                            "Ticket with id: " + old.id + " has been cancelled"));
    // The new one's passes.
    const auto fresh = scan(world.tickets.qr(successor.id));
    ASSERT_TRUE(std::holds_alternative<rules::TicketPayload>(fresh));
    EXPECT_EQ(std::get<rules::TicketPayload>(fresh).ticket_id, successor.id);
    EXPECT_EQ(rules::check_generation(std::get<rules::TicketPayload>(fresh).generation, successor.generation),
              std::nullopt);
}

TEST_F(TransfersTest, TheChainOfTransfersIsKeptAndOnlyItsLastTicketAdmits) {
    const std::vector<EventTicket> comp =
        world.tickets.comp(world.event.id, member.id, {{"pat@example.com", "Pat Lee"}}, "crew");
    const EventTicket second = world.tickets.transfer(comp[0].id, sam);
    const EventTicket third = holder_tickets.transfer(second.id, HolderInput{"kim@example.com", "Kim Holm"});
    EXPECT_EQ(third.kind, TicketKind::Comp);
    EXPECT_EQ(third.note, "crew");
    EXPECT_EQ(third.order_id, std::nullopt);
    EXPECT_EQ(third.transferred_from, second.id);
    EXPECT_EQ(world.tickets.get(second.id).transferred_from, comp[0].id);
    EXPECT_EQ(world.tickets.get(second.id).transferred_to, third.id);
    EXPECT_EQ(world.tickets.get(comp[0].id).transferred_to, second.id);
    EXPECT_EQ(world.counts(member.id), (Counts{1, 0, 9}));
    EXPECT_TRUE(
        refused<ConflictError>([&] { (void)world.tickets.transfer(comp[0].id, sam); }, "ticket_transferred",
                               "Ticket with id: " + comp[0].id + " has been transferred to ticket " + second.id));
    EXPECT_EQ(revocations(), (std::vector<Revocation>{{comp[0].id, std::nullopt}, {second.id, std::nullopt}}));
}

TEST_F(TransfersTest, ATicketGivenBackToItsHolderIsReissuedWithANewSecret) {
    const BuyOrder order = paid(4);  // Alex holds the per-user limit of 4
    const EventTicket back = world.tickets.transfer(order.ticket_ids[0], HolderInput{"alex@example.com", "Alex Reyes"});
    EXPECT_EQ(back.buyer_id, world.tickets.get(order.ticket_ids[1]).buyer_id);
    EXPECT_EQ(world.counts(member.id), (Counts{4, 0, 6}));
}

TEST_F(TransfersTest, RefusalsOfATransferChangeNothing) {
    const BuyOrder order = paid(1);
    const std::string ticket_id = order.ticket_ids[0];

    const BuyOrder named = paid(1, fixed.id);
    EXPECT_TRUE(refused<ConflictError>(
        [&] { (void)world.tickets.transfer(named.ticket_ids[0], sam); }, "ticket_not_transferable",
        "Tickets of ticket specification with id: " + fixed.id + " cannot be transferred"));

    const EventTicket unsold = world.tickets.pre_generate(world.event.id, member.id, 1)[0];
    EXPECT_TRUE(refused<ConflictError>([&] { (void)world.tickets.transfer(unsold.id, sam); }, "ticket_not_activated",
                                       "Ticket with id: " + unsold.id + " has not been activated"));

    // Sam already holds the per-user limit of member tickets.
    (void)world.pay(world.place({{member.id, 4}}, buyer("Sam Berg", "sam@example.com")));
    EXPECT_TRUE(refused<CapacityError>([&] { (void)world.tickets.transfer(ticket_id, sam); },
                                       "too_many_tickets_per_user", "Too many tickets per user"));

    EXPECT_TRUE(refused<ValidationError>(
        [&] {
            (void)world.tickets.transfer(ticket_id, HolderInput{"not-an-email", "Kim"});
        },
        "invalid_email", "Invalid e-mail address: 'not-an-email'"));
    EXPECT_TRUE(refused<NotFoundError>([&] { (void)world.tickets.transfer("no-such-ticket", sam); }, "ticket_not_found",
                                       "Ticket with id: no-such-ticket not found."));
    EXPECT_TRUE(refused<PermissionDeniedError>([&] { (void)world.door_tickets.transfer(ticket_id, sam); },
                                               "missing_scope", "Actor 'door-1' lacks the scope 'events:write'"));

    world.tickets.cancel(ticket_id);
    EXPECT_TRUE(refused<ConflictError>([&] { (void)world.tickets.transfer(ticket_id, sam); }, "ticket_cancelled",
                                       "Ticket with id: " + ticket_id + " has been cancelled"));

    const BuyOrder late = paid(1);
    (void)world.catalog.events.complete(world.event.id);
    EXPECT_TRUE(refused<ConflictError>([&] { (void)world.tickets.transfer(late.ticket_ids[0], sam); },
                                       "event_completed", "Cannot transfer a ticket of an event, which is completed"));
}

TEST_F(TransfersTest, ATransferWithAnIdempotencyKeyHappensOnce) {
    const BuyOrder order = paid(1);
    const EventTicket first = holder_tickets.transfer(order.ticket_ids[0], sam, "transfer-1");
    const Snapshot after = world.snapshot();
    EXPECT_EQ(holder_tickets.transfer(order.ticket_ids[0], sam, "transfer-1"), first);
    EXPECT_EQ(world.snapshot(), after);
    EXPECT_TRUE(refused<ConflictError>(
        [&] {
            (void)holder_tickets.transfer(order.ticket_ids[0], HolderInput{"kim@example.com", "Kim"}, "transfer-1");
        },
        "idempotency_key_reused", "Idempotency key 'transfer-1' was already used with different parameters"));
    // Without the key, a repeat is a second transfer of a ticket already transferred.
    EXPECT_TRUE(refused<ConflictError>(
        [&] { (void)holder_tickets.transfer(order.ticket_ids[0], sam); }, "ticket_transferred",
        "Ticket with id: " + order.ticket_ids[0] + " has been transferred to ticket " + first.id));
}

// ---- cancel ---------------------------------------------------------------------------------

TEST_F(TransfersTest, CancellingATicketVoidsItsQrAndFreesItsPlace) {
    const BuyOrder order = paid(3);
    const std::string ticket_id = order.ticket_ids[1];
    const std::string payload = world.tickets.qr(ticket_id);
    EXPECT_EQ(world.counts(member.id), (Counts{3, 0, 7}));

    const EventTicket cancelled = world.tickets.cancel(ticket_id);
    EventTicket expected = world.tickets.get(order.ticket_ids[1]);
    EXPECT_EQ(cancelled, expected);
    EXPECT_EQ(cancelled.state, TicketState::Cancelled);
    EXPECT_EQ(cancelled.generation, 2u);
    EXPECT_EQ(cancelled.transferred_to, std::nullopt);
    EXPECT_EQ(cancelled.order_id, order.id);
    EXPECT_EQ(cancelled.holder_email, "alex@example.com");
    // One unit of the order's claim of 3 given back; the other two stay sold.
    EXPECT_EQ(world.counts(member.id), (Counts{2, 0, 8}));
    EXPECT_EQ(world.tickets.get(order.ticket_ids[0]).state, TicketState::Valid);

    const OutboxEvent event = world.last_outbox_event();
    EXPECT_EQ(event.topic, "ticket.cancelled");
    EXPECT_EQ(event.entity_id, ticket_id);
    EXPECT_EQ(
        json::parse(event.payload),
        (json{{"ticket_id", ticket_id},
              {"event_id", world.event.id},
              {"order_id", order.id},
              {"holder", {{"buyer_id", *cancelled.buyer_id}, {"name", "Alex Reyes"}, {"email", "alex@example.com"}}}}));
    EXPECT_EQ(world.audit_operations(ticket_id), (std::vector<std::string>{"ticket.cancel"}));

    const auto verified = scan(payload);
    ASSERT_TRUE(std::holds_alternative<rules::TicketPayload>(verified));
    EXPECT_EQ(rules::check_generation(std::get<rules::TicketPayload>(verified).generation, cancelled.generation),
              rules::PayloadRefusal::RevokedGeneration);

    // The other two, one after the other: the claim goes down to nothing, the ledger agrees.
    (void)world.tickets.cancel(order.ticket_ids[0]);
    (void)world.tickets.cancel(order.ticket_ids[2]);
    EXPECT_EQ(world.counts(member.id), (Counts{0, 0, 10}));
}

TEST_F(TransfersTest, CancellingACompOrAnUnsoldPreGeneratedTicketGivesItsCapacityBack) {
    const EventTicket comp = world.tickets.comp(world.event.id, member.id, {{"pat@example.com", "Pat Lee"}}, "")[0];
    const EventTicket unsold = world.tickets.pre_generate(world.event.id, member.id, 1)[0];
    EXPECT_EQ(world.counts(member.id), (Counts{1, 1, 8}));
    EXPECT_EQ(world.tickets.cancel(comp.id).state, TicketState::Cancelled);
    EXPECT_EQ(world.tickets.cancel(unsold.id).state, TicketState::Cancelled);
    EXPECT_EQ(world.counts(member.id), (Counts{0, 0, 10}));
    EXPECT_TRUE(refused<ConflictError>(
        [&] {
            (void)world.door_tickets.activate(unsold.id, {"walk@example.com", "Walk Up"},
                                              DoorPayment{Amount{0, std::nullopt}, "cash", ""});
        },
        "ticket_cancelled", "Ticket with id: " + unsold.id + " has been cancelled"));
}

TEST_F(TransfersTest, ATransferredTicketIsCancelledThroughItsSuccessor) {
    const BuyOrder order = paid(2);
    const EventTicket successor = world.tickets.transfer(order.ticket_ids[0], sam);
    EXPECT_TRUE(refused<ConflictError>(
        [&] { (void)world.tickets.cancel(order.ticket_ids[0]); }, "ticket_transferred",
        "Ticket with id: " + order.ticket_ids[0] + " has been transferred to ticket " + successor.id));
    (void)world.tickets.cancel(successor.id);
    EXPECT_EQ(world.counts(member.id), (Counts{1, 0, 9}));
}

TEST_F(TransfersTest, RefusalsOfACancelChangeNothingAndAKeyReplaysTheFirst) {
    const BuyOrder order = paid(1);
    const std::string ticket_id = order.ticket_ids[0];
    EXPECT_TRUE(refused<PermissionDeniedError>([&] { (void)holder_tickets.cancel(ticket_id); }, "missing_scope",
                                               "Actor 'web-shop' lacks the scope 'events:write'"));
    const EventTicket first = world.tickets.cancel(ticket_id, "cancel-1");
    const Snapshot after = world.snapshot();
    EXPECT_EQ(world.tickets.cancel(ticket_id, "cancel-1"), first);
    EXPECT_EQ(world.snapshot(), after);
    EXPECT_TRUE(refused<ConflictError>([&] { (void)world.tickets.cancel(ticket_id); }, "ticket_cancelled",
                                       "Ticket with id: " + ticket_id + " has been cancelled"));
    EXPECT_TRUE(refused<ConflictError>([&] { (void)world.tickets.cancel(order.ticket_ids[0], "cancel-2"); },
                                       "ticket_cancelled", "Ticket with id: " + ticket_id + " has been cancelled"));
}

// ---- cancelling a booking -------------------------------------------------------------------

TEST_F(TransfersTest, CancellingABookingCancelsEveryTicketItStillHas) {
    const BuyOrder order = paid(4);
    const EventTicket successor = world.tickets.transfer(order.ticket_ids[0], sam);
    (void)world.tickets.cancel(order.ticket_ids[1]);
    EXPECT_EQ(world.counts(member.id), (Counts{3, 0, 7}));
    const std::size_t outbox_before = world.outbox.pending(1000).size();

    const std::vector<EventTicket> cancelled = world.tickets.cancel_order(order.id);

    std::vector<std::string> ids;
    for (const EventTicket& ticket : cancelled) {
        EXPECT_EQ(ticket.state, TicketState::Cancelled);
        EXPECT_EQ(ticket.generation, 2u);
        EXPECT_EQ(world.tickets.get(ticket.id), ticket);
        ids.push_back(ticket.id);
    }
    // In issue order: the untouched two, then the transferred one's successor.
    EXPECT_EQ(ids, (std::vector<std::string>{order.ticket_ids[2], order.ticket_ids[3], successor.id}));
    EXPECT_EQ(world.counts(member.id), (Counts{0, 0, 10}));
    EXPECT_EQ(Orders(world.admin).get(order.id).state, OrderState::Paid);  // no money moved
    const std::vector<std::string> topics = world.outbox_topics();
    EXPECT_EQ(std::vector<std::string>(topics.begin() + static_cast<std::ptrdiff_t>(outbox_before), topics.end()),
              (std::vector<std::string>{"ticket.cancelled", "ticket.cancelled", "ticket.cancelled"}));
    const std::vector<AuditEntry> audit = world.audit_rows("order.cancel_tickets");
    ASSERT_EQ(audit.size(), 1u);
    EXPECT_EQ(audit[0].entity_id, order.id);
    EXPECT_EQ(json::parse(audit[0].payload), (json{{"event_id", world.event.id}, {"ticket_ids", ids}}));

    EXPECT_TRUE(refused<ConflictError>([&] { (void)world.tickets.cancel_order(order.id); }, "order_tickets_cancelled",
                                       "Order with id: " + order.id + " has no ticket left to cancel"));
}

TEST_F(TransfersTest, OnlyAPaidBookingIsCancelledAndAKeyReplaysTheFirst) {
    const BuyOrder pending = world.place({{member.id, 1}});
    EXPECT_TRUE(refused<ConflictError>([&] { (void)world.tickets.cancel_order(pending.id); }, "order_not_paid",
                                       "Only a paid order's tickets can be cancelled; this one is pending"));
    EXPECT_TRUE(refused<NotFoundError>([&] { (void)world.tickets.cancel_order("no-such-order"); }, "order_not_found",
                                       "Order with id: no-such-order not found."));
    const BuyOrder order = paid(2);
    const std::vector<EventTicket> first = world.tickets.cancel_order(order.id, "booking-1");
    const Snapshot after = world.snapshot();
    EXPECT_EQ(world.tickets.cancel_order(order.id, "booking-1"), first);
    EXPECT_EQ(world.snapshot(), after);
}

// ---- the revocation list --------------------------------------------------------------------

TEST_F(TransfersTest, TheRevocationListPagesTheTicketsWhoseEarlierPayloadsAreVoid) {
    EXPECT_EQ(revocations(), std::vector<Revocation>{});
    const BuyOrder order = paid(4);
    (void)world.tickets.cancel(order.ticket_ids[2]);
    (void)world.tickets.transfer(order.ticket_ids[0], sam);
    const std::vector<Revocation> expected{{order.ticket_ids[0], std::nullopt}, {order.ticket_ids[2], std::nullopt}};
    EXPECT_EQ(revocations(), expected);

    const Page<Revocation> first = world.tickets.revocations(world.event.id, PageRequest{1, std::nullopt});
    EXPECT_EQ(first.nodes, std::vector<Revocation>{expected[0]});
    EXPECT_TRUE(first.has_next_page);
    EXPECT_EQ(first.end_cursor, order.ticket_ids[0]);
    const Page<Revocation> second = world.tickets.revocations(world.event.id, PageRequest{1, first.end_cursor});
    EXPECT_EQ(second.nodes, std::vector<Revocation>{expected[1]});
    EXPECT_FALSE(second.has_next_page);

    // A ticket that is not in the list is no cursor of it.
    EXPECT_TRUE(expect_error<ValidationError>(
        [&] {
            (void)world.tickets.revocations(world.event.id, PageRequest{1, order.ticket_ids[1]});
        },
        "invalid_cursor", "Cursor '" + order.ticket_ids[1] + "' is not a revoked ticket of this event"));
    EXPECT_TRUE(expect_error<ValidationError>(
        [&] {
            (void)world.tickets.revocations(world.event.id, PageRequest{51, std::nullopt});
        },
        "invalid_page_size", "first must be between 1 and 50"));
    // A scanner (scope scan) reads it; an actor without scan nor events:read does not.
    const Tickets scanner(world.catalog.root.acting_as(
        Actor::make("scanner-1", world.catalog.organization.id, {std::string(scope::scan)})));
    EXPECT_EQ(scanner.revocations(world.event.id).nodes, expected);
    const Tickets till(world.catalog.root.acting_as(
        Actor::make("till-1", world.catalog.organization.id, {std::string(scope::sales)})));
    EXPECT_TRUE(expect_error<PermissionDeniedError>([&] { (void)till.revocations(world.event.id); }, "missing_scope",
                                                    "Actor 'till-1' lacks the scope 'events:read'"));
}

}  // namespace
