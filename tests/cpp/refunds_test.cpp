// Refunds (service layer, both engines): one ticket or a whole order, full or partial, the
// organization's fee setting, complete (capacity freed, sold count down, promo use kept) and fail
// (ticket valid again), every refusal with its code and message, idempotent replays, the event's
// refund activity and a buyer's tickets across events (tickets.mine). Every test ends with
// check_integrity() (see order_support.hpp).

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "order_support.hpp"
#include "test_support.hpp"
#include "ticketcore/ticketcore.hpp"

namespace {

using namespace ticketcore;
using namespace ticketcore_test;
using nlohmann::json;

class RefundsTest : public SellingTest {
protected:
    // 250.00 DKK + 5.00 platform fee + 6.25 percentage fee = 261.25 DKK a ticket.
    TicketSpecification member = world.on_sale("Member ticket", 25000, 10, 2);
    Store desk = world.catalog.member_with(
        {std::string(scope::refunds), std::string(scope::events_read), std::string(scope::events_write)});
    Refunds refunds{desk};

    [[nodiscard]] BuyOrder paid_order(std::int64_t quantity, BuyerInput buyer = alex(),
                                      const std::string& reference = "pi_1") const {
        return world.pay(world.place({{member.id, quantity}}, std::move(buyer)), reference);
    }
    [[nodiscard]] static NewRefund of_ticket(const std::string& ticket_id, std::optional<std::int64_t> minor = {}) {
        NewRefund input;
        input.ticket_id = ticket_id;
        if (minor) input.amount = Amount{*minor, std::nullopt};
        return input;
    }
    [[nodiscard]] static NewRefund of_order(const std::string& order_id, std::optional<std::int64_t> minor = {}) {
        NewRefund input;
        input.order_id = order_id;
        if (minor) input.amount = Amount{*minor, std::nullopt};
        return input;
    }
    [[nodiscard]] static Money dkk(std::int64_t minor) { return Money(minor, Currency::of("DKK")); }
};

TEST_F(RefundsTest, ATicketRefundGoesInProgressThenCompletesAndFreesItsCapacity) {
    const BuyOrder order = paid_order(2);
    EXPECT_EQ(world.counts(member.id), (Counts{2, 0, 8}));
    const Refund started = refunds.start(of_ticket(order.ticket_ids[0]));
    EXPECT_EQ(started.state, RefundState::InProgress);
    EXPECT_EQ(started.event_id, world.event.id);
    EXPECT_EQ(started.order_id, order.id);
    EXPECT_EQ(started.ticket_id, order.ticket_ids[0]);
    EXPECT_EQ(started.amount, dkk(25000));  // the fees stay: the organization's default
    EXPECT_FALSE(started.fees_included);
    EXPECT_EQ(started.tickets, (std::vector<RefundedTicket>{{order.ticket_ids[0], dkk(25000)}}));
    EXPECT_EQ(started.payment_reference, "pi_1");
    EXPECT_EQ(started.payment_gateway, "stripe");
    EXPECT_EQ(started.created, world.now());
    EXPECT_EQ(started.closed, std::nullopt);
    EXPECT_EQ(refunds.get(started.id), started);
    const EventTicket in_progress = world.tickets.get(order.ticket_ids[0]);
    EXPECT_TRUE(in_progress.is_refund_in_progress);
    EXPECT_FALSE(in_progress.is_refunded);
    EXPECT_EQ(world.counts(member.id), (Counts{2, 0, 8}));  // still held until the money is back

    world.catalog.clock->advance(one_minute_us);
    const Refund completed = refunds.complete(started.id, "re_1");
    EXPECT_EQ(completed.state, RefundState::Refunded);
    EXPECT_EQ(completed.gateway_reference, "re_1");
    EXPECT_EQ(completed.closed, world.now());
    EXPECT_EQ(refunds.get(started.id), completed);
    const EventTicket refunded = world.tickets.get(order.ticket_ids[0]);
    EXPECT_TRUE(refunded.is_refunded);
    EXPECT_FALSE(refunded.is_refund_in_progress);
    EXPECT_FALSE(world.tickets.get(order.ticket_ids[1]).is_refunded);
    EXPECT_EQ(world.counts(member.id), (Counts{1, 0, 9}));

    EXPECT_EQ(world.audit_operations(started.id), (std::vector<std::string>{"refund.start", "refund.complete"}));
    const OutboxEvent done = world.last_outbox_event();
    EXPECT_EQ(done.topic, "refund.completed");
    EXPECT_EQ(json::parse(done.payload),
              (json{{"refund_id", started.id},
                    {"event_id", world.event.id},
                    {"order_id", order.id},
                    {"ticket_ids", {order.ticket_ids[0]}},
                    {"amount", {{"minor", 25000}, {"currency", "DKK"}}},
                    {"payment_reference", "pi_1"},
                    {"payment_gateway", "stripe"},
                    {"buyer", {{"id", order.buyer_id}, {"name", "Alex Reyes"}, {"email", "alex@example.com"}}},
                    {"gateway_reference", "re_1"}}));

    // A second refund of the refunded ticket is refused; the other ticket can still be refunded.
    EXPECT_TRUE(refused<ConflictError>([&] { (void)refunds.start(of_ticket(order.ticket_ids[0])); }, "ticket_refunded",
                                       "Ticket with id: " + order.ticket_ids[0] + " has been refunded"));
    const Refund second = refunds.complete(refunds.start(of_ticket(order.ticket_ids[1])).id);
    EXPECT_EQ(second.amount, dkk(25000));
    EXPECT_EQ(world.counts(member.id), (Counts{0, 0, 10}));
    // Every ticket of the order refunded: the order as a whole is refunded too.
    EXPECT_TRUE(refused<ConflictError>([&] { (void)refunds.start(of_order(order.id)); }, "order_refunded",
                                       "Order with id: " + order.id + " has been refunded"));
}

TEST_F(RefundsTest, AWholeOrderWithTheOrganizationsFeesAndAPartialAmount) {
    (void)Organizations(world.admin).set_refund_fees(world.catalog.organization.id, true);
    const BuyOrder order = paid_order(2);
    EXPECT_EQ(order.price.total, dkk(52250));
    const Refund whole = refunds.start(of_order(order.id));
    EXPECT_EQ(whole.ticket_id, std::nullopt);
    EXPECT_TRUE(whole.fees_included);
    EXPECT_EQ(whole.amount, dkk(52250));
    EXPECT_EQ(whole.tickets,
              (std::vector<RefundedTicket>{{order.ticket_ids[0], dkk(26125)}, {order.ticket_ids[1], dkk(26125)}}));
    (void)refunds.fail(whole.id, "card expired");
    EXPECT_FALSE(world.tickets.get(order.ticket_ids[0]).is_refund_in_progress);

    // A partial amount is shared over the tickets by what each can take back.
    const Refund partial = refunds.start(of_order(order.id, 10001));
    EXPECT_EQ(partial.amount, dkk(10001));
    EXPECT_EQ(partial.tickets,
              (std::vector<RefundedTicket>{{order.ticket_ids[0], dkk(5001)}, {order.ticket_ids[1], dkk(5000)}}));
    EXPECT_TRUE(refused<ConflictError>([&] { (void)refunds.start(of_ticket(order.ticket_ids[0], 100)); },
                                       "refund_in_progress",
                                       "Ticket with id: " + order.ticket_ids[0] + " has a refund in progress"));
}

TEST_F(RefundsTest, AFailedRefundMakesTheTicketValidAgain) {
    const BuyOrder order = paid_order(1);
    const Refund started = refunds.start(of_ticket(order.ticket_ids[0], 10000));
    EXPECT_EQ(started.amount, dkk(10000));
    const Refund failed = refunds.fail(started.id, "insufficient funds on the platform account");
    EXPECT_EQ(failed.state, RefundState::Failed);
    EXPECT_EQ(failed.failure_reason, "insufficient funds on the platform account");
    EXPECT_EQ(refunds.get(started.id), failed);
    const EventTicket ticket = world.tickets.get(order.ticket_ids[0]);
    EXPECT_FALSE(ticket.is_refund_in_progress);
    EXPECT_FALSE(ticket.is_refunded);
    EXPECT_EQ(world.counts(member.id), (Counts{1, 0, 9}));
    EXPECT_EQ(world.last_outbox_event().topic, "refund.failed");
    // Failing it again with the same reason is the same answer; anything else is refused.
    EXPECT_EQ(refunds.fail(started.id, "insufficient funds on the platform account"), failed);
    EXPECT_TRUE(refused<ConflictError>([&] { (void)refunds.complete(started.id, "re_1"); }, "refund_not_in_progress",
                                       "Refund with id: " + started.id + " is failed, not in progress"));
    // What failed does not count: the whole price can be refunded now.
    EXPECT_EQ(refunds.start(of_ticket(order.ticket_ids[0])).amount, dkk(25000));
}

TEST_F(RefundsTest, Refusals) {
    const BuyOrder order = paid_order(1);
    const std::string ticket_id = order.ticket_ids[0];
    EXPECT_TRUE(refused<PermissionDeniedError>([&] { (void)Refunds(world.admin).start(of_ticket(ticket_id)); },
                                               "missing_scope", "Actor 'admin-1' lacks the scope 'refunds'"));
    EXPECT_TRUE(refused<ValidationError>([&] { (void)refunds.start(NewRefund{}); }, "invalid_refund_target",
                                         "Pass ticket_id or order_id, exactly one"));
    NewRefund both = of_ticket(ticket_id);
    both.order_id = order.id;
    EXPECT_TRUE(refused<ValidationError>([&] { (void)refunds.start(both); }, "invalid_refund_target",
                                         "Pass ticket_id or order_id, exactly one"));
    EXPECT_TRUE(refused<ValidationError>([&] { (void)refunds.start(of_ticket(ticket_id, 0)); }, "invalid_amount",
                                         "amount must be greater than zero"));
    EXPECT_TRUE(refused<ValidationError>([&] { (void)refunds.start(of_ticket(ticket_id, 25001)); },
                                         "refund_exceeds_paid",
                                         "A refund of 250.01 DKK exceeds the 250.00 DKK refundable"));
    EXPECT_TRUE(refused<NotFoundError>([&] { (void)refunds.start(of_ticket("no-such-ticket")); }, "ticket_not_found",
                                       "Ticket with id: no-such-ticket not found."));
    EXPECT_TRUE(refused<NotFoundError>([&] { (void)refunds.start(of_order("no-such-order")); }, "order_not_found",
                                       "Order with id: no-such-order not found."));
    const BuyOrder pending = world.place({{member.id, 1}}, buyer("Bo", "bo@example.com"));
    EXPECT_TRUE(
        refused<ConflictError>([&] { (void)refunds.start(of_order(pending.id)); }, "order_not_paid",
                               "Order with id: " + pending.id + " is pending: only a paid order can be refunded"));
    world.expire(pending);
    EXPECT_TRUE(
        refused<ConflictError>([&] { (void)refunds.start(of_order(pending.id)); }, "order_not_paid",
                               "Order with id: " + pending.id + " is expired: only a paid order can be refunded"));
    const EventTicket comp = world.tickets.comp(world.event.id, member.id, {{"pat@example.com", "Pat"}}, "")[0];
    EXPECT_TRUE(refused<ConflictError>([&] { (void)refunds.start(of_ticket(comp.id)); }, "nothing_to_refund",
                                       "Ticket with id: " + comp.id + " was not paid for: there is nothing to refund"));
    const EventTicket unsold = world.tickets.pre_generate(world.event.id, member.id, 1)[0];
    EXPECT_TRUE(refused<ConflictError>([&] { (void)refunds.start(of_ticket(unsold.id)); }, "ticket_not_activated",
                                       "Ticket with id: " + unsold.id + " has not been activated"));
    const Refund started = refunds.start(of_ticket(ticket_id));
    EXPECT_TRUE(refused<ConflictError>([&] { (void)refunds.start(of_ticket(ticket_id)); }, "refund_in_progress",
                                       "Ticket with id: " + ticket_id + " has a refund in progress"));
    EXPECT_TRUE(refused<ConflictError>([&] { (void)refunds.start(of_order(order.id)); }, "refund_in_progress",
                                       "Ticket with id: " + ticket_id + " has a refund in progress"));
    EXPECT_TRUE(refused<ValidationError>([&] { (void)refunds.fail(started.id, "  "); }, "refund_reason_required",
                                         "A failed refund needs a reason"));
    EXPECT_TRUE(refused<ValidationError>([&] { (void)refunds.complete(started.id, ""); }, "invalid_gateway_reference",
                                         "gateway_reference cannot be empty or blank"));
    EXPECT_TRUE(refused<NotFoundError>([&] { (void)refunds.complete("no-such-refund"); }, "refund_not_found",
                                       "Refund with id: no-such-refund not found."));
    (void)refunds.complete(started.id, "re_1");
    EXPECT_EQ(refunds.complete(started.id, "re_1").state, RefundState::Refunded);  // the same completion
    EXPECT_TRUE(refused<ConflictError>([&] { (void)refunds.complete(started.id, "re_2"); }, "refund_not_in_progress",
                                       "Refund with id: " + started.id + " is refunded, not in progress"));
    EXPECT_TRUE(refused<ConflictError>([&] { (void)refunds.fail(started.id, "late"); }, "refund_not_in_progress",
                                       "Refund with id: " + started.id + " is refunded, not in progress"));
}

TEST_F(RefundsTest, AnotherOrganizationsTicketsAndRefundsAreOutOfReach) {
    const BuyOrder order = paid_order(1);
    const Refund started = refunds.start(of_ticket(order.ticket_ids[0]));
    const OtherOrganization other(world);
    const Store theirs = world.catalog.root.acting_as(
        Actor::make("bob", other.organization_id, {std::string(scope::refunds), std::string(scope::events_read)}));
    const std::string message = "Actor 'bob' may not access organization '" + world.catalog.organization.id + "'";
    for (const auto& call : std::vector<std::function<void()>>{
             [&] { (void)Refunds(theirs).start(of_ticket(order.ticket_ids[0])); },
             [&] { (void)Refunds(theirs).start(of_order(order.id)); },
             [&] { (void)Refunds(theirs).complete(started.id); }, [&] { (void)Refunds(theirs).get(started.id); },
             [&] { (void)Refunds(theirs).activity(world.event.id); }}) {
        EXPECT_TRUE(refused<PermissionDeniedError>(call, "other_organization", message));
    }
}

TEST_F(RefundsTest, StartCompleteAndFailReplayByIdempotencyKey) {
    const BuyOrder order = paid_order(2);
    NewRefund input = of_order(order.id, 5000);
    input.idempotency_key = "refund-1";
    const Refund first = refunds.start(input);
    EXPECT_EQ(refunds.start(input), first);
    input.amount = Amount{6000, std::nullopt};
    EXPECT_TRUE(refused<ConflictError>([&] { (void)refunds.start(input); }, "idempotency_key_reused",
                                       "Idempotency key 'refund-1' was already used with different parameters"));
    const Refund done = refunds.complete(first.id, "re_1", "refund-1-complete");
    EXPECT_EQ(refunds.complete(first.id, "re_1", "refund-1-complete"), done);
    // The start replayed after the completion returns the refund as it now is.
    input.amount = Amount{5000, std::nullopt};
    EXPECT_EQ(refunds.start(input), done);
    EXPECT_EQ(world.audit_operations(first.id), (std::vector<std::string>{"refund.start", "refund.complete"}));
    EXPECT_EQ(world.counts(member.id), (Counts{0, 0, 10}));
}

TEST_F(RefundsTest, APreGeneratedTicketSoldAtTheDoorIsRefundedFromItsDoorPayment) {
    const EventTicket unsold = world.tickets.pre_generate(world.event.id, member.id, 1)[0];
    (void)world.door_tickets.activate(unsold.id, {"walkup@example.com", "Walk-up"},
                                      DoorPayment{Amount{26125, std::nullopt}, "card", "sq_1"});
    const Refund started = refunds.start(of_ticket(unsold.id));
    EXPECT_EQ(started.amount, dkk(25000));  // the fees of the specification stay
    EXPECT_EQ(started.order_id, std::nullopt);
    EXPECT_EQ(started.payment_reference, "sq_1");
    EXPECT_EQ(started.payment_gateway, "card");
    (void)refunds.complete(started.id);
    EXPECT_EQ(world.counts(member.id), (Counts{0, 0, 10}));
}

TEST_F(RefundsTest, AnOrderPaidWithoutCapacityIsRefundedItsWholePayment) {
    const TicketSpecification last = world.on_sale("Last seat", 10000, 1);
    const BuyOrder late = world.place({{last.id, 1}});
    world.expire(late);
    (void)world.pay(world.place({{last.id, 1}}, buyer("Bo", "bo@example.com")), "pi_bo");
    const BuyOrder flagged = world.pay(late, "pi_late");
    ASSERT_TRUE(flagged.paid_without_capacity);
    ASSERT_TRUE(flagged.ticket_ids.empty());
    const Refund started = refunds.start(of_order(late.id));
    EXPECT_EQ(started.amount, late.price.total);  // fees included: the buyer got nothing for them
    EXPECT_TRUE(started.fees_included);
    EXPECT_TRUE(started.tickets.empty());
    EXPECT_EQ(started.payment_reference, "pi_late");
    EXPECT_TRUE(refused<ConflictError>([&] { (void)refunds.start(of_order(late.id)); }, "refund_in_progress",
                                       "Order with id: " + late.id + " has a refund in progress"));
    (void)refunds.complete(started.id, "re_late");
    EXPECT_TRUE(refused<ConflictError>([&] { (void)refunds.start(of_order(late.id)); }, "order_refunded",
                                       "Order with id: " + late.id + " has been refunded"));
    EXPECT_EQ(world.counts(last.id), (Counts{1, 0, 0}));  // Bo's ticket is untouched
}

TEST_F(RefundsTest, ARefundedTicketNoLongerCountsForThePerUserLimit) {
    const BuyOrder order = paid_order(2);  // the limit of 2
    EXPECT_TRUE(expect_error<CapacityError>(
        [&] {
            (void)world.place({{member.id, 1}});
        },
        "too_many_tickets_per_user", "Too many tickets per user"));
    const Refund started = refunds.start(of_ticket(order.ticket_ids[0]));
    // In progress, the ticket still counts.
    EXPECT_TRUE(expect_error<CapacityError>(
        [&] {
            (void)world.place({{member.id, 1}});
        },
        "too_many_tickets_per_user", "Too many tickets per user"));
    (void)refunds.complete(started.id);
    EXPECT_EQ(world.pay(world.place({{member.id, 1}}), "pi_2").state, OrderState::Paid);
    EXPECT_EQ(world.counts(member.id), (Counts{2, 0, 8}));
}

TEST_F(RefundsTest, ThePromoCodeUseIsKept) {
    NewPromoCode code;
    code.event_id = world.event.id;
    code.code = "EARLY10";
    code.percent_off = 1000;
    code.usage_limit = 5;
    const PromoCode promo = world.promo_codes.create(code);
    const BuyOrder order = world.pay(world.place({{member.id, 1}}, alex(), "EARLY10"));
    const Refund started = refunds.start(of_order(order.id));
    EXPECT_EQ(started.amount, dkk(22500));  // what was paid after the discount
    (void)refunds.complete(started.id);
    EXPECT_EQ(world.promo_codes.get(promo.id).uses, 1);
}

TEST_F(RefundsTest, TheRefundActivityOfAnEventPagesItsRefundedAndInProgressTickets) {
    const BuyOrder first = paid_order(2);
    const BuyOrder second = paid_order(2, buyer("Bo", "bo@example.com"), "pi_2");
    EXPECT_TRUE(refunds.activity(world.event.id).nodes.empty());
    (void)refunds.complete(refunds.start(of_ticket(first.ticket_ids[1])).id);
    const Refund failing = refunds.start(of_ticket(second.ticket_ids[0]));
    (void)refunds.start(of_ticket(second.ticket_ids[1]));
    const Page<EventTicket> page = refunds.activity(world.event.id, PageRequest{2, std::nullopt});
    ASSERT_EQ(page.nodes.size(), 2u);
    EXPECT_EQ(page.nodes[0].id, first.ticket_ids[1]);
    EXPECT_EQ(page.nodes[1].id, second.ticket_ids[0]);
    EXPECT_TRUE(page.has_next_page);
    (void)refunds.fail(failing.id, "declined");  // the cursor's ticket leaves the list: the cursor still holds
    const Page<EventTicket> rest = refunds.activity(world.event.id, PageRequest{2, page.end_cursor});
    ASSERT_EQ(rest.nodes.size(), 1u);
    EXPECT_EQ(rest.nodes[0].id, second.ticket_ids[1]);
    EXPECT_FALSE(rest.has_next_page);
    EXPECT_TRUE(expect_error<ValidationError>(
        [&] {
            (void)refunds.activity(world.event.id, PageRequest{2, std::string("bogus")});
        },
        "invalid_cursor", "Cursor 'bogus' is not a ticket of this event"));
}

TEST_F(RefundsTest, MineListsABuyersTicketsAcrossEvents) {
    const Event other_event = Shop::make_event(world.catalog.events, "Autumn Jazz");
    const TicketSpecification autumn = world.on_sale("Autumn ticket", 10000, 10, std::nullopt, {}, other_event.id);
    const BuyerInput ann = platform_user("user-ann", "Ann", "ann@example.com");
    const BuyOrder summer = paid_order(1, ann);
    NewOrder input = world.order_input({{autumn.id, 2}}, ann);
    input.event_id = other_event.id;
    const BuyOrder fall = world.pay(world.orders.place(input), "pi_2");
    (void)paid_order(1, buyer("Bo", "bo@example.com"), "pi_3");
    const Page<EventTicket> page = world.tickets.mine(BuyerLookup{"user-ann", std::nullopt}, PageRequest{2, {}});
    ASSERT_EQ(page.nodes.size(), 2u);
    EXPECT_EQ(page.nodes[0].id, summer.ticket_ids[0]);
    EXPECT_EQ(page.nodes[1].id, fall.ticket_ids[0]);
    EXPECT_TRUE(page.has_next_page);
    const Page<EventTicket> rest =
        world.tickets.mine(BuyerLookup{"user-ann", std::nullopt}, PageRequest{2, page.end_cursor});
    ASSERT_EQ(rest.nodes.size(), 1u);
    EXPECT_EQ(rest.nodes[0].id, fall.ticket_ids[1]);
    EXPECT_FALSE(rest.has_next_page);
    // A guest is found by e-mail, in any case; a buyer the organization does not know has none.
    EXPECT_EQ(world.tickets.mine(BuyerLookup{std::nullopt, "BO@example.com"}).nodes.size(), 1u);
    EXPECT_TRUE(world.tickets.mine(BuyerLookup{std::nullopt, "nobody@example.com"}).nodes.empty());
    EXPECT_TRUE(expect_error<ValidationError>([&] { (void)world.tickets.mine(BuyerLookup{}); }, "invalid_buyer_lookup",
                                              "Pass user_id or email, exactly one"));
    EXPECT_TRUE(expect_error<ValidationError>(
        [&] {
            (void)world.tickets.mine(BuyerLookup{"user-ann", std::nullopt}, PageRequest{2, summer.id});
        },
        "invalid_cursor", "Cursor '" + summer.id + "' is not a ticket of this buyer"));
}

}  // namespace
