// Orders (service layer) on stores of the engine under test with a manual clock: placing, paying,
// the hold and its expiry, payments after expiry, cancelling, idempotency keys, per-user limits
// and pools.
// Every test ends with check_integrity() (Catalog's IntegrityCheckAtEnd), and every refusal is checked to
// leave the event's orders, tickets, counters, promo codes, outbox, audit log and holders as
// they were (SellingTest::refused).

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
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

constexpr std::int64_t hold = rules::default_hold_micros;

std::string other_organization(const std::string& actor, const std::string& organization) {
    return "Actor '" + actor + "' may not access organization '" + organization + "'";
}

class OrdersTest : public SellingTest {
protected:
    TicketSpecification member = world.on_sale("Member ticket", 25000, 300, 4);
    TicketSpecification guest = world.on_sale("Guest ticket", 35000, 200);

    PromoCode amount_code(const std::string& code, std::int64_t minor,
                          std::optional<std::int64_t> limit = std::nullopt) {
        NewPromoCode input;
        input.event_id = world.event.id;
        input.code = code;
        input.amount_off = Amount{minor, std::nullopt};
        input.usage_limit = limit;
        return world.promo_codes.create(input);
    }
    [[nodiscard]] std::int64_t uses(const PromoCode& code) const { return world.promo_codes.get(code.id).uses; }

    /// Why a payment was flagged paid_without_capacity (the `reason` of its audit row).
    [[nodiscard]] std::string refusal_reason(const std::string& order_id) const {
        AuditQuery query;
        query.entity_id = order_id;
        query.operation = "order.paid_without_capacity";
        const std::vector<AuditEntry> rows = world.admin.audit(query);
        if (rows.size() != 1) return "(" + std::to_string(rows.size()) + " rows)";
        return json::parse(rows[0].payload).at("reason").get<std::string>();
    }
};

// ---- placing -------------------------------------------------------------------------------

TEST_F(OrdersTest, PlaceHoldsTheTicketsOfAPendingOrderWithExactPrices) {
    const PromoCode jazz100 = amount_code("JAZZ100", 10000);
    NewOrder input = world.order_input({{member.id, 2}, {guest.id, 1}}, alex(), "JAZZ100");
    input.comment = "Two members and a friend";
    input.idempotency_key = "checkout-8c1f";
    const BuyOrder order = world.orders.place(input);

    EXPECT_TRUE(is_uuid(order.id));
    EXPECT_EQ(order.event_id, world.event.id);
    EXPECT_TRUE(is_uuid(order.buyer_id));
    EXPECT_EQ(order.state, OrderState::Pending);
    EXPECT_EQ(order.comment, "Two members and a friend");
    EXPECT_EQ(order.created, clock_start);
    EXPECT_EQ(order.expires, (Instant{clock_start.micros + hold}));
    EXPECT_EQ(order.paid_at, std::nullopt);
    EXPECT_EQ(order.payment_gateway, "stripe");
    EXPECT_EQ(order.charge_session_id, std::nullopt);
    EXPECT_EQ(order.promo_code, "JAZZ100");
    EXPECT_FALSE(order.paid_without_capacity);
    EXPECT_TRUE(order.ticket_ids.empty());

    ASSERT_EQ(order.event_tickets.size(), 2u);
    const OrderLine& m = order.event_tickets[0];
    EXPECT_TRUE(is_uuid(m.id));
    EXPECT_EQ(m.ticket_specification_id, member.id);
    EXPECT_EQ(m.amount, 2);
    EXPECT_EQ(m.unit_price, dkk_minor(25000));
    EXPECT_EQ(m.subtotal, dkk_minor(50000));
    EXPECT_EQ(m.discount, dkk_minor(5882));
    EXPECT_EQ(m.platform_fee, dkk_minor(1000));
    EXPECT_EQ(m.percentage_fee, dkk_minor(1250));
    EXPECT_EQ(m.vat, dkk_minor(8824));
    EXPECT_EQ(m.total, dkk_minor(46368));
    const OrderLine& g = order.event_tickets[1];
    EXPECT_EQ(g.ticket_specification_id, guest.id);
    EXPECT_EQ(g.amount, 1);
    EXPECT_EQ(g.discount, dkk_minor(4118));
    EXPECT_EQ(g.platform_fee, dkk_minor(500));
    EXPECT_EQ(g.percentage_fee, dkk_minor(875));
    EXPECT_EQ(g.vat, dkk_minor(6176));
    EXPECT_EQ(g.total, dkk_minor(32257));
    EXPECT_EQ(order.price, (PriceBreakdown{dkk_minor(85000), dkk_minor(10000), dkk_minor(1500), dkk_minor(2125),
                                           dkk_minor(15000), dkk_minor(78625)}));

    EXPECT_EQ(world.counts(member.id), (Counts{0, 2, 298}));
    EXPECT_EQ(world.counts(guest.id), (Counts{0, 1, 199}));
    EXPECT_EQ(uses(jazz100), 1);
    EXPECT_EQ(world.orders.get(order.id), order);
    EXPECT_EQ(world.orders.list(world.event.id).nodes, std::vector<BuyOrder>{order});

    const std::vector<AuditEntry> audit = world.audit_rows("order.place");
    ASSERT_EQ(audit.size(), 1u);
    EXPECT_EQ(audit[0].actor_id, "web-shop");
    EXPECT_EQ(audit[0].organization_id, world.catalog.organization.id);
    EXPECT_EQ(audit[0].entity_type, "order");
    EXPECT_EQ(audit[0].entity_id, order.id);
    EXPECT_EQ(audit[0].at, clock_start);
    EXPECT_EQ(json::parse(audit[0].payload)["price"]["total"], (json{{"minor", 78625}, {"currency", "DKK"}}));

    const OutboxEvent placed = world.last_outbox_event();
    EXPECT_EQ(placed.topic, "order.placed");
    EXPECT_EQ(placed.entity_id, order.id);
    EXPECT_EQ(placed.created, clock_start);
    EXPECT_EQ(json::parse(placed.payload),
              (json{{"order_id", order.id},
                    {"event_id", world.event.id},
                    {"buyer", {{"id", order.buyer_id}, {"name", "Alex Reyes"}, {"email", "alex@example.com"}}},
                    {"total", {{"minor", 78625}, {"currency", "DKK"}}},
                    {"expires", clock_start.micros + hold}}));
}

TEST_F(OrdersTest, ItemsNamingTheSameSpecificationAreMergedInFirstSeenOrder) {
    const BuyOrder order = world.place({{guest.id, 1}, {member.id, 1}, {guest.id, 2}});
    ASSERT_EQ(order.event_tickets.size(), 2u);
    EXPECT_EQ(order.event_tickets[0].ticket_specification_id, guest.id);
    EXPECT_EQ(order.event_tickets[0].amount, 3);
    EXPECT_EQ(order.event_tickets[0].subtotal, dkk_minor(105000));
    EXPECT_EQ(order.event_tickets[1].ticket_specification_id, member.id);
    EXPECT_EQ(order.event_tickets[1].amount, 1);
    EXPECT_EQ(world.counts(guest.id), (Counts{0, 3, 197}));
}

TEST_F(OrdersTest, AFreeSpecificationCostsOnlyItsFees) {
    const TicketSpecification free = world.on_sale("Free entry", 0, 100);
    const BuyOrder order = world.place({{free.id, 2}});
    EXPECT_EQ(order.price, (PriceBreakdown{dkk_minor(0), dkk_minor(0), dkk_minor(1000), dkk_minor(0), dkk_minor(0),
                                           dkk_minor(1000)}));
    const BuyOrder paid = world.pay(order);
    EXPECT_EQ(paid.state, OrderState::Paid);
    EXPECT_EQ(paid.ticket_ids.size(), 2u);
}

TEST_F(OrdersTest, TheOrganizationsRoundingModeIsUsed) {
    Shop even(RoundingMode::HalfEven);
    const TicketSpecification spec = even.on_sale("Member ticket", 1250);
    NewPromoCode quarter;
    quarter.event_id = even.event.id;
    quarter.code = "QUARTER";
    quarter.percent_off = 2500;
    (void)even.promo_codes.create(quarter);
    // 25 % of 12.50 = 312.5 øre: 312 with HALF_EVEN (313 with HALF_UP); the percentage fee
    // 2.5 % of 12.50 = 31.25 øre is the specification's, rounded when it was added.
    const BuyOrder order = even.place({{spec.id, 1}}, alex(), "QUARTER");
    EXPECT_EQ(order.event_tickets[0].discount, dkk_minor(312));
    EXPECT_EQ(order.event_tickets[0].percentage_fee, dkk_minor(31));
    const BuyOrder up = world.place({{world.on_sale("Cheap", 1250).id, 1}}, alex(), std::nullopt);
    EXPECT_EQ(up.event_tickets[0].percentage_fee, dkk_minor(31)) << "31.25 rounds to 31 either way";
    EXPECT_TRUE(even.catalog.platform.check_integrity().ok());
}

TEST_F(OrdersTest, AGuestIsKnownByItsEmailCaseInsensitively) {
    const BuyOrder first = world.place({{member.id, 1}}, buyer("Alex Reyes", "Alex@Example.com"));
    const BuyOrder second = world.place({{member.id, 1}}, buyer("Alex R.", "alex@example.com"));
    EXPECT_EQ(first.buyer_id, second.buyer_id);
    const BuyOrder other = world.place({{member.id, 1}}, buyer("Alex Reyes", "alex@example.org"));
    EXPECT_NE(other.buyer_id, first.buyer_id);
}

TEST_F(OrdersTest, APlatformUserIsKnownByItsUserIdWhateverTheEmail) {
    const BuyOrder first = world.place({{member.id, 1}}, platform_user("user-1842", "Kim Berg", "kim@example.com"));
    const BuyOrder second = world.place({{member.id, 1}}, platform_user("user-1842", "Kim Berg", "kim@work.example"));
    EXPECT_EQ(first.buyer_id, second.buyer_id);
    const BuyOrder guest_kim = world.place({{member.id, 1}}, buyer("Kim Berg", "kim@example.com"));
    EXPECT_NE(guest_kim.buyer_id, first.buyer_id) << "a guest and a user are different buyers even with one e-mail";
}

TEST_F(OrdersTest, AGuestKeepsTheNameAndEmailOfItsFirstOrder) {
    // The e-mail is a guest's identity and anyone may type it: a later order with the same
    // e-mail does not rename the guest (commit 780c372, "guest names kept").
    (void)world.pay(world.place({{member.id, 1}}, buyer("Alex Reyes", "Alex@Example.com")));
    const BuyOrder second = world.place({{member.id, 1}}, buyer("Somebody Else", "alex@example.com"));
    const BuyOrder paid = world.pay(second, "pi_2");
    HolderQuery query;
    query.event_id = world.event.id;
    const HolderPage page = world.tickets.holders(query);
    ASSERT_EQ(page.nodes.size(), 1u);
    EXPECT_EQ(page.nodes[0].user.name, "Alex Reyes");
    EXPECT_EQ(page.nodes[0].user.email, "Alex@Example.com");
    EXPECT_TRUE(page.nodes[0].user.is_guest());
    EXPECT_EQ(world.tickets.get(paid.ticket_ids.at(0)).holder_name, "Alex Reyes");
}

TEST_F(OrdersTest, EachOrderUpdatesAPlatformUsersContactDetails) {
    BuyerInput first = platform_user("user-1842", "Kim Berg", "kim@example.com");
    first.phone = "+45 20 30 40 50";
    first.avatar_url = "https://cdn.example/kim.png";
    (void)world.pay(world.place({{member.id, 1}}, first));
    (void)world.place({{member.id, 1}}, platform_user("user-1842", "Kim B. Berg", "kim@work.example"));

    HolderQuery query;
    query.event_id = world.event.id;
    const HolderPage page = world.tickets.holders(query);
    ASSERT_EQ(page.nodes.size(), 1u);
    const Buyer& kim = page.nodes[0].user;
    EXPECT_EQ(kim.user_id, "user-1842");
    EXPECT_FALSE(kim.is_guest());
    EXPECT_EQ(kim.name, "Kim B. Berg");
    EXPECT_EQ(kim.email, "kim@work.example");
    EXPECT_EQ(kim.phone, "+45 20 30 40 50") << "an empty phone keeps the known one";
    EXPECT_EQ(kim.avatar_url, "https://cdn.example/kim.png");
}

// ---- refusals of place, in the order of docs/orders.md --------------------------------------

TEST_F(OrdersTest, PlaceNeedsTheOrdersScopeAndAnOrganization) {
    EXPECT_TRUE(refused<PermissionDeniedError>(
        [&] {
            (void)Orders(world.admin).place(world.order_input({{member.id, 1}}));
        },
        "missing_scope", "Actor 'admin-1' lacks the scope 'orders'"));
    const Store nobody = world.catalog.root.acting_as(Actor::make("ops", std::nullopt, {std::string(scope::orders)}));
    EXPECT_TRUE(refused<PermissionDeniedError>(
        [&] {
            (void)Orders(nobody).place(world.order_input({{member.id, 1}}));
        },
        "organization_required", "Actor 'ops' does not belong to an organization"));
}

TEST_F(OrdersTest, PlaceRefusesBadBuyers) {
    EXPECT_TRUE(refused<ValidationError>(
        [&] {
            (void)world.place({{member.id, 1}}, platform_user(" ", "Kim", "kim@example.com"));
        },
        "user_id_required", "User id cannot be empty"));
    EXPECT_TRUE(refused<ValidationError>(
        [&] {
            (void)world.place({{member.id, 1}}, buyer(" \t", "a@b"));
        },
        "name_required", "Name is required"));
    EXPECT_TRUE(refused<ValidationError>(
        [&] {
            (void)world.place({{member.id, 1}}, buyer("Alex", "alex.example.com"));
        },
        "invalid_email", "Invalid e-mail address: 'alex.example.com'"));
}

TEST_F(OrdersTest, PlaceRefusesBadItems) {
    EXPECT_TRUE(
        refused<ValidationError>([&] { (void)world.place({}); }, "no_items", "An order needs at least one item"));
    for (const std::int64_t quantity : {std::int64_t{0}, std::int64_t{-3}}) {
        EXPECT_TRUE(refused<ValidationError>(
            [&] {
                (void)world.place({{member.id, 1}, {guest.id, quantity}});
            },
            "invalid_quantity", "Quantity must be greater than 0"));
    }
    EXPECT_TRUE(refused<ValidationError>(
        [&] {
            (void)world.place({{member.id, int64_max}, {member.id, 1}});
        },
        "number_out_of_range", "Quantity is out of range"));
    NewOrder empty_key = world.order_input({{member.id, 1}});
    empty_key.idempotency_key = "";
    EXPECT_TRUE(refused<ValidationError>([&] { (void)world.orders.place(empty_key); }, "invalid_idempotency_key",
                                         "idempotency_key cannot be empty or blank"));
}

TEST_F(OrdersTest, AnOrderHoldsAtMost10000Tickets) {
    const TicketSpecification hall = world.on_sale("Hall", 10000);
    EXPECT_TRUE(refused<ValidationError>(
        [&] {
            (void)world.place({{hall.id, 5000}, {guest.id, 1}, {hall.id, 5000}});
        },
        "order_too_large", "An order holds at most 10000 tickets"));
    EXPECT_TRUE(refused<ValidationError>(
        [&] {
            (void)world.place({{hall.id, int64_max}, {guest.id, int64_max}});
        },
        "order_too_large", "An order holds at most 10000 tickets"));
    const BuyOrder biggest = world.place({{hall.id, 10000}});
    EXPECT_EQ(biggest.event_tickets.at(0).amount, 10000);
    EXPECT_EQ(biggest.price.subtotal, dkk_minor(100'000'000));
    EXPECT_EQ(world.counts(hall.id), (Counts{0, 10000, std::nullopt}));
    (void)world.orders.cancel(biggest.id);
}

TEST_F(OrdersTest, PlaceChecksTheBuyerBeforeTheItems) {
    EXPECT_TRUE(refused<ValidationError>([&] { (void)world.place({}, buyer("Alex", "nope")); }, "invalid_email",
                                         "Invalid e-mail address: 'nope'"));
    EXPECT_TRUE(
        refused<PermissionDeniedError>([&] { (void)Orders(world.admin).place(world.order_input({}, buyer("", ""))); },
                                       "missing_scope", "Actor 'admin-1' lacks the scope 'orders'"));
}

TEST_F(OrdersTest, PlaceNeedsAPublishedEventOfTheOrganization) {
    NewOrder missing = world.order_input({{member.id, 1}});
    missing.event_id = "no-such-event";
    EXPECT_TRUE(refused<NotFoundError>([&] { (void)world.orders.place(missing); }, "event_not_found",
                                       "Event with id: no-such-event not found."));

    const OtherOrganization other(world);
    NewOrder elsewhere = world.order_input({{other.spec.id, 1}});
    elsewhere.event_id = other.event.id;
    EXPECT_TRUE(refused<PermissionDeniedError>([&] { (void)world.orders.place(elsewhere); }, "other_organization",
                                               other_organization("web-shop", other.organization_id)));

    const Event draft = world.catalog.event_with_date("Draft night");
    const TicketSpecification draft_spec = world.on_sale("Draft ticket", 25000, 10, std::nullopt, {}, draft.id);
    NewOrder for_draft = world.order_input({{draft_spec.id, 1}});
    for_draft.event_id = draft.id;
    EXPECT_TRUE(refused<ConflictError>([&] { (void)world.orders.place(for_draft); }, "event_not_published",
                                       "Cannot buy tickets for an event, which is not published"));
    (void)world.catalog.events.publish(draft.id);
    (void)world.catalog.events.complete(draft.id);
    EXPECT_TRUE(refused<ConflictError>([&] { (void)world.orders.place(for_draft); }, "event_not_published",
                                       "Cannot buy tickets for an event, which is not published"));
}

TEST_F(OrdersTest, PlaceChecksTheSpecifications) {
    EXPECT_TRUE(refused<NotFoundError>(
        [&] {
            (void)world.place({{member.id, 1}, {"no-such-spec", 1}});
        },
        "specification_not_found", "Ticket specification with id: no-such-spec not found."));

    const OtherOrganization other(world);
    EXPECT_TRUE(refused<PermissionDeniedError>(
        [&] {
            (void)world.place({{other.spec.id, 1}});
        },
        "other_organization", other_organization("web-shop", other.organization_id)));

    const Event second = Shop::make_event(world.catalog.events, "Autumn Jazz");
    const TicketSpecification autumn = world.on_sale("Autumn ticket", 25000, 10, std::nullopt, {}, second.id);
    EXPECT_TRUE(refused<ValidationError>(
        [&] {
            (void)world.place({{autumn.id, 1}});
        },
        "specification_other_event", "Ticket specification with id: " + autumn.id + " belongs to another event"));

    NewSpecification inactive_input;
    inactive_input.event_id = world.event.id;
    inactive_input.name = "Not yet";
    inactive_input.price = Amount{25000, std::nullopt};
    const TicketSpecification inactive = world.catalog.specifications.add(inactive_input);
    EXPECT_TRUE(refused<ConflictError>(
        [&] {
            (void)world.place({{inactive.id, 1}});
        },
        "specification_inactive", "Ticket specification with id: " + inactive.id + " is not active"));
}

TEST_F(OrdersTest, PlaceRespectsTheSaleWindowToTheMicrosecond) {
    const Instant opens{clock_start.micros + one_hour_us};
    const Instant closes{clock_start.micros + 2 * one_hour_us};
    const TicketSpecification early_bird =
        world.on_sale("Early bird", 20000, 10, std::nullopt, [&](NewSpecification& s) {
            s.sale_start = opens;
            s.sale_end = closes;
        });
    world.catalog.clock->set(Instant{opens.micros - 1});
    EXPECT_TRUE(refused<ConflictError>(
        [&] {
            (void)world.place({{early_bird.id, 1}});
        },
        "sale_not_started", "Sale of ticket specification with id: " + early_bird.id + " has not started"));
    world.catalog.clock->set(opens);
    EXPECT_EQ(world.place({{early_bird.id, 1}}).state, OrderState::Pending);
    world.catalog.clock->set(Instant{closes.micros - 1});
    EXPECT_EQ(world.place({{early_bird.id, 1}}).state, OrderState::Pending);
    world.catalog.clock->set(closes);
    EXPECT_TRUE(refused<ConflictError>(
        [&] {
            (void)world.place({{early_bird.id, 1}});
        },
        "sale_ended", "Sale of ticket specification with id: " + early_bird.id + " has ended"));
}

TEST_F(OrdersTest, HiddenSpecificationsNeedAPromoCodeThatUnlocksThem) {
    const TicketSpecification backstage = world.on_sale(
        "Backstage", 50000, 10, std::nullopt, [](NewSpecification& s) { s.visibility = Visibility::InviteOnly; });
    EXPECT_TRUE(refused<PermissionDeniedError>(
        [&] {
            (void)world.place({{backstage.id, 1}});
        },
        "specification_locked", "Ticket specification with id: " + backstage.id + " requires an access code"));
    NewPromoCode jazz10;
    jazz10.event_id = world.event.id;
    jazz10.code = "JAZZ10";
    jazz10.percent_off = 1000;
    (void)world.promo_codes.create(jazz10);
    EXPECT_TRUE(refused<PermissionDeniedError>(
        [&] {
            (void)world.place({{backstage.id, 1}}, alex(), "JAZZ10");
        },
        "specification_locked", "Ticket specification with id: " + backstage.id + " requires an access code"))
        << "a code that does not unlock it does not help";
}

TEST_F(OrdersTest, PlaceRefusesWhatTheQuotaOrAPoolCannotHold) {
    const TicketSpecification front = world.on_sale("Front row", 50000, 2);
    EXPECT_TRUE(refused<CapacityError>(
        [&] {
            (void)world.place({{front.id, 3}});
        },
        "sold_out", spec_sold_out(front.id)));
    (void)world.place({{front.id, 2}}, buyer("Dan Friis", "dan@example.com"));
    // The first line fits, the second does not: nothing of the first line stays taken.
    EXPECT_TRUE(refused<CapacityError>(
        [&] {
            (void)world.place({{member.id, 2}, {front.id, 1}});
        },
        "sold_out", spec_sold_out(front.id)));
    EXPECT_EQ(world.counts(member.id), (Counts{0, 0, 300}));

    const Pool hall = world.catalog.pools.create(world.event.id, "Hall", 3, {guest.id});
    EXPECT_TRUE(refused<CapacityError>(
        [&] {
            (void)world.place({{guest.id, 4}});
        },
        "pool_sold_out", pool_sold_out(hall.id)));
}

TEST_F(OrdersTest, ThePerUserCheckComesBeforeTheCapacityCheck) {
    const TicketSpecification tiny = world.on_sale("Tiny", 25000, 2, 2);
    EXPECT_TRUE(refused<CapacityError>(
        [&] {
            (void)world.place({{tiny.id, 3}});
        },
        "too_many_tickets_per_user", "Too many tickets per user"));
}

// ---- the per-user maximum ------------------------------------------------------------------

TEST_F(OrdersTest, ThePerUserMaximumCountsPendingOrdersAndTickets) {
    (void)world.place({{member.id, 2}});
    const BuyOrder second = world.place({{member.id, 2}});
    EXPECT_TRUE(refused<CapacityError>(
        [&] {
            (void)world.place({{member.id, 1}});
        },
        "too_many_tickets_per_user", "Too many tickets per user"));
    (void)world.pay(second);
    EXPECT_TRUE(refused<CapacityError>(
        [&] {
            (void)world.place({{member.id, 1}});
        },
        "too_many_tickets_per_user", "Too many tickets per user"))
        << "paid tickets count too";
    EXPECT_NO_THROW((void)world.place({{guest.id, 1}})) << "the maximum is per specification";
    EXPECT_NO_THROW((void)world.place({{member.id, 4}}, buyer("Bo Holm", "bo@example.com"))) << "and per buyer";
}

TEST_F(OrdersTest, ThePerUserMaximumIgnoresCancelledAndExpiredOrders) {
    const BuyOrder cancelled = world.place({{member.id, 4}});
    (void)world.orders.cancel(cancelled.id);
    const BuyOrder expired = world.place({{member.id, 4}});
    world.expire(expired);
    const BuyOrder again = world.place({{member.id, 4}});
    EXPECT_EQ(again.state, OrderState::Pending);
    EXPECT_EQ(world.orders.get(expired.id).state, OrderState::Expired);
}

TEST_F(OrdersTest, ThePerUserMaximumSumsTheMergedLines) {
    EXPECT_TRUE(refused<CapacityError>(
        [&] {
            (void)world.place({{member.id, 3}, {member.id, 2}});
        },
        "too_many_tickets_per_user", "Too many tickets per user"));
    EXPECT_NO_THROW((void)world.place({{member.id, 2}, {member.id, 2}}));
}

TEST_F(OrdersTest, ThePerUserMaximumFollowsAPlatformUserAcrossEmails) {
    (void)world.place({{member.id, 3}}, platform_user("user-7", "Kim Berg", "kim@example.com"));
    EXPECT_TRUE(refused<CapacityError>(
        [&] {
            (void)world.place({{member.id, 2}}, platform_user("user-7", "Kim Berg", "kim@other.example"));
        },
        "too_many_tickets_per_user", "Too many tickets per user"));
    EXPECT_NO_THROW((void)world.place({{member.id, 2}}, buyer("Alex Reyes", "ALEX@example.com")))
        << "a guest with Kim's old e-mail would be another buyer; Alex is one too";
}

// ---- paying --------------------------------------------------------------------------------

TEST_F(OrdersTest, ConfirmPaymentIssuesOneTicketPerUnit) {
    const BuyOrder order = world.place({{member.id, 2}, {guest.id, 1}});
    world.catalog.clock->advance(2 * one_minute_us);
    const Instant paid_at = world.now();
    const BuyOrder paid = world.orders.confirm_payment(Shop::payment(order, "pi_3Nf", "adyen"));

    EXPECT_EQ(paid.id, order.id);
    EXPECT_EQ(paid.state, OrderState::Paid);
    EXPECT_EQ(paid.paid_at, paid_at);
    EXPECT_EQ(paid.charge_session_id, "pi_3Nf");
    EXPECT_EQ(paid.payment_gateway, "adyen") << "confirm_payment's gateway replaces place's";
    EXPECT_EQ(paid.event_tickets, order.event_tickets);
    EXPECT_EQ(paid.price, order.price);
    EXPECT_EQ(paid.created, order.created);
    EXPECT_EQ(paid.expires, order.expires);
    ASSERT_EQ(paid.ticket_ids.size(), 3u);
    EXPECT_EQ(world.orders.get(order.id), paid);

    const std::vector<EventTicket> tickets = world.tickets.list(world.event.id, order.id).nodes;
    ASSERT_EQ(tickets.size(), 3u);
    const std::vector<std::string> specs = {member.id, member.id, guest.id};
    for (std::size_t index = 0; index < tickets.size(); ++index) {
        const EventTicket& ticket = tickets[index];
        EXPECT_EQ(ticket.id, paid.ticket_ids[index]);
        EXPECT_TRUE(is_uuid(ticket.id));
        EXPECT_EQ(ticket.event_id, world.event.id);
        EXPECT_EQ(ticket.ticket_specification_id, specs[index]);
        EXPECT_EQ(ticket.kind, TicketKind::Order);
        EXPECT_EQ(ticket.state, TicketState::Valid);
        EXPECT_EQ(ticket.order_id, order.id);
        EXPECT_EQ(ticket.buyer_id, order.buyer_id);
        EXPECT_EQ(ticket.holder_name, "Alex Reyes");
        EXPECT_EQ(ticket.holder_email, "alex@example.com");
        EXPECT_EQ(ticket.note, "");
        EXPECT_EQ(ticket.purchase_date, paid_at);
        EXPECT_FALSE(ticket.is_refunded);
        EXPECT_FALSE(ticket.is_refund_in_progress);
        EXPECT_EQ(ticket.created, paid_at);
        ASSERT_EQ(ticket.event_dates.size(), 1u);
        EXPECT_EQ(ticket.event_dates[0].event_date_id, world.event.dates.at(0).id);
        EXPECT_FALSE(ticket.event_dates[0].is_redeemed);
        EXPECT_EQ(ticket.event_dates[0].time_of_redemption, std::nullopt);
        EXPECT_EQ(ticket.event_dates[0].redeemed_by, std::nullopt);
        EXPECT_EQ(world.tickets.get(ticket.id), ticket);
    }
    EXPECT_EQ(world.counts(member.id), (Counts{2, 0, 298}));
    EXPECT_EQ(world.counts(guest.id), (Counts{1, 0, 199}));

    EXPECT_EQ(world.audit_operations(order.id), (std::vector<std::string>{"order.place", "order.confirm_payment"}));
    const AuditEntry confirm = world.audit_rows("order.confirm_payment").at(0);
    EXPECT_EQ(json::parse(confirm.payload), (json{{"payment_ref", "pi_3Nf"},
                                                  {"gateway", "adyen"},
                                                  {"amount", {{"minor", 88625}, {"currency", "DKK"}}},
                                                  {"ticket_ids", paid.ticket_ids}}));
    const OutboxEvent issued = world.last_outbox_event();
    EXPECT_EQ(issued.topic, "tickets.issued");
    EXPECT_EQ(issued.entity_id, order.id);
    EXPECT_EQ(json::parse(issued.payload),
              (json{{"event_id", world.event.id},
                    {"kind", "order"},
                    {"order_id", order.id},
                    {"buyer", {{"id", order.buyer_id}, {"name", "Alex Reyes"}, {"email", "alex@example.com"}}},
                    {"ticket_ids", paid.ticket_ids}}));
    EXPECT_EQ(world.outbox_topics(), (std::vector<std::string>{"order.placed", "tickets.issued"}));
}

TEST_F(OrdersTest, ConfirmPaymentRefusals) {
    const BuyOrder order = world.place({{member.id, 2}, {guest.id, 1}});
    ASSERT_EQ(order.price.total, dkk_minor(88625));
    EXPECT_TRUE(refused<PermissionDeniedError>([&] { (void)Orders(world.admin).confirm_payment(Shop::payment(order)); },
                                               "missing_scope", "Actor 'admin-1' lacks the scope 'orders'"));
    EXPECT_TRUE(refused<ValidationError>([&] { (void)world.orders.confirm_payment(Shop::payment(order, "")); },
                                         "payment_ref_required", "Payment reference is required"));
    EXPECT_TRUE(refused<ValidationError>([&] { (void)world.orders.confirm_payment(Shop::payment(order, "pi_1", "")); },
                                         "gateway_required", "Payment gateway is required"));
    EXPECT_TRUE(refused<NotFoundError>(
        [&] {
            (void)world.orders.confirm_payment({"no-such-order", "pi_1", "stripe", Amount{1, std::nullopt}});
        },
        "order_not_found", "Order with id: no-such-order not found."));
    const OtherOrganization other(world);
    EXPECT_TRUE(refused<PermissionDeniedError>([&] { (void)Orders(other.shop).confirm_payment(Shop::payment(order)); },
                                               "other_organization",
                                               other_organization("other-shop", world.catalog.organization.id)));
    EXPECT_TRUE(refused<ValidationError>(
        [&] {
            (void)world.orders.confirm_payment({order.id, "pi_1", "stripe", Amount{88600, std::nullopt}});
        },
        "amount_mismatch", "Payment of 886.00 DKK does not match the order total of 886.25 DKK"));
    EXPECT_TRUE(refused<ValidationError>(
        [&] {
            (void)world.orders.confirm_payment({order.id, "pi_1", "stripe", Amount{88625, Currency::of("EUR")}});
        },
        "currency_mismatch", "Amount in EUR where DKK is expected"));
    EXPECT_EQ(world.pay(order).state, OrderState::Paid) << "the exact amount, with or without its currency, pays";
}

TEST_F(OrdersTest, AnAmountWithItsCurrencyPays) {
    const BuyOrder order = world.place({{member.id, 1}});
    const BuyOrder paid =
        world.orders.confirm_payment({order.id, "pi_1", "stripe", Amount{26125, Currency::of("DKK")}});
    EXPECT_EQ(paid.state, OrderState::Paid);
}

TEST_F(OrdersTest, ARepeatedPaymentIsANoOpAndAnotherOneAConflict) {
    const BuyOrder order = world.place({{member.id, 2}});
    const BuyOrder paid = world.pay(order, "pi_3Nf");
    const Snapshot after_payment = world.snapshot();
    world.catalog.clock->advance(one_minute_us);
    EXPECT_EQ(world.pay(order, "pi_3Nf"), paid);
    EXPECT_EQ(world.orders.confirm_payment({order.id, "pi_3Nf", "stripe", Amount{1, std::nullopt}}), paid)
        << "a repeat does not check the amount again";
    EXPECT_EQ(world.snapshot(), after_payment) << "no new tickets, audit rows or outbox events";
    EXPECT_TRUE(
        refused<ConflictError>([&] { (void)world.pay(order, "pi_9Zq"); }, "order_already_paid",
                               "Order with id: " + order.id + " has already been paid with another payment reference"));
}

TEST_F(OrdersTest, AnOrderPlacedInTimeCanBePaidAfterTheSaleEnded) {
    const TicketSpecification last_call = world.on_sale("Last call", 25000, 10, std::nullopt, [](NewSpecification& s) {
        s.sale_end = Instant{clock_start.micros + one_minute_us};
    });
    const BuyOrder order = world.place({{last_call.id, 1}});
    world.catalog.clock->advance(2 * one_minute_us);
    (void)world.catalog.specifications.set_active(last_call.id, false);
    EXPECT_EQ(world.pay(order).state, OrderState::Paid);
}

// ---- the hold and expiry -------------------------------------------------------------------

TEST_F(OrdersTest, APendingOrderReadsAsExpiredFromItsExpiryOnUntilSwept) {
    const PromoCode code = amount_code("JAZZ100", 10000, 5);
    const BuyOrder order = world.place({{member.id, 2}}, alex(), "JAZZ100");
    world.catalog.clock->set(Instant{order.expires.micros - 1});
    EXPECT_EQ(world.orders.get(order.id).state, OrderState::Pending);
    EXPECT_EQ(world.orders.list(world.event.id, OrderState::Pending).nodes.size(), 1u);

    world.catalog.clock->set(order.expires);
    BuyOrder expected = order;
    expected.state = OrderState::Expired;
    EXPECT_EQ(world.orders.get(order.id), expected);
    EXPECT_EQ(world.orders.list(world.event.id, OrderState::Pending).nodes, std::vector<BuyOrder>{});
    EXPECT_EQ(world.orders.list(world.event.id, OrderState::Expired).nodes, std::vector<BuyOrder>{expected});
    EXPECT_EQ(world.counts(member.id), (Counts{0, 0, 300})) << "live counts leave out a hold that ran out";
    EXPECT_EQ(uses(code), 1) << "the use comes back with the sweep";

    EXPECT_EQ(world.orders.expire_due(), std::vector<std::string>{order.id});
    EXPECT_EQ(world.counts(member.id), (Counts{0, 0, 300}));
    EXPECT_EQ(uses(code), 0) << "the promo code use is given back";
    EXPECT_EQ(world.orders.get(order.id), expected);
    EXPECT_EQ(world.audit_operations(order.id), (std::vector<std::string>{"order.place", "order.expire"}));
    const AuditEntry expire = world.audit_rows("order.expire").at(0);
    EXPECT_EQ(expire.actor_id, "web-shop");
    EXPECT_EQ(expire.at, order.expires);
    const json ids = {{"order_id", order.id},
                      {"event_id", world.event.id},
                      {"buyer", {{"id", order.buyer_id}, {"name", "Alex Reyes"}, {"email", "alex@example.com"}}}};
    EXPECT_EQ(json::parse(expire.payload), ids);
    const OutboxEvent expired = world.last_outbox_event();
    EXPECT_EQ(expired.topic, "order.expired");
    EXPECT_EQ(expired.entity_id, order.id);
    EXPECT_EQ(json::parse(expired.payload), ids);

    EXPECT_EQ(world.orders.expire_due(), std::vector<std::string>{}) << "a second sweep finds nothing";
    EXPECT_EQ(world.audit_operations(order.id).size(), 2u);
}

TEST_F(OrdersTest, ExpireDueSweepsOldestFirstAtAnExplicitPastInstant) {
    const BuyOrder first = world.place({{member.id, 1}});
    world.catalog.clock->advance(one_minute_us);
    const BuyOrder second = world.place({{guest.id, 1}}, buyer("Bo Holm", "bo@example.com"));
    const BuyOrder third = world.place({{guest.id, 1}}, buyer("Cy Holm", "cy@example.com"));
    EXPECT_EQ(world.orders.expire_due(), std::vector<std::string>{});
    world.catalog.clock->set(Instant{second.expires.micros + one_hour_us});
    EXPECT_EQ(world.orders.expire_due(Instant{first.expires.micros - 1}), std::vector<std::string>{});
    EXPECT_EQ(world.orders.expire_due(first.expires), std::vector<std::string>{first.id})
        << "an explicit now sweeps what was due at that instant";
    EXPECT_EQ(world.orders.expire_due(), (std::vector<std::string>{second.id, third.id}));
    EXPECT_EQ(world.orders.list(world.event.id, OrderState::Expired).nodes.size(), 3u);
}

TEST_F(OrdersTest, ExpireDueRefusesAnInstantAfterTheClock) {
    const BuyOrder order = world.place({{member.id, 1}});
    EXPECT_TRUE(
        refused<ValidationError>([&] { (void)world.orders.expire_due(Instant{order.expires.micros + one_hour_us}); },
                                 "now_in_future", "expire_due cannot sweep at a time after the store's clock"));
    EXPECT_TRUE(refused<ValidationError>([&] { (void)world.orders.expire_due(Instant{world.now().micros + 1}); },
                                         "now_in_future", "expire_due cannot sweep at a time after the store's clock"));
    EXPECT_EQ(world.orders.expire_due(world.now()), std::vector<std::string>{});
}

TEST_F(OrdersTest, ExpireDueNeedsTheOrdersScopeAndSweepsOnlyItsOrganization) {
    const OtherOrganization other(world);
    const BuyOrder theirs = other.place();
    const BuyOrder ours = world.place({{member.id, 1}});
    world.catalog.clock->set(Instant{ours.expires.micros + 1});
    EXPECT_EQ(world.orders.expire_due(), std::vector<std::string>{ours.id});
    EXPECT_EQ(Orders(other.shop).expire_due(), std::vector<std::string>{theirs.id});
    EXPECT_TRUE(expect_error<PermissionDeniedError>([&] { (void)Orders(world.admin).expire_due(); }, "missing_scope",
                                                    "Actor 'admin-1' lacks the scope 'orders'"));
}

TEST_F(OrdersTest, PlaceSweepsDueOrdersBeforeCountingCapacity) {
    const TicketSpecification front = world.on_sale("Front row", 50000, 2);
    const BuyOrder cleo = world.place({{front.id, 2}}, buyer("Cleo Dahl", "cleo@example.com"));
    EXPECT_TRUE(refused<CapacityError>(
        [&] {
            (void)world.place({{front.id, 1}});
        },
        "sold_out", spec_sold_out(front.id)));
    world.expire(cleo);
    const BuyOrder dan = world.place({{front.id, 2}}, buyer("Dan Friis", "dan@example.com"));
    EXPECT_EQ(dan.state, OrderState::Pending);
    EXPECT_EQ(world.counts(front.id), (Counts{0, 2, 0}));
    EXPECT_EQ(world.audit_operations(cleo.id), (std::vector<std::string>{"order.place", "order.expire"}));
    EXPECT_EQ(world.outbox_topics(), (std::vector<std::string>{"order.placed", "order.expired", "order.placed"}));
}

TEST_F(OrdersTest, PlaceSweepsBeforeCountingThePerUserMaximum) {
    const BuyOrder held = world.place({{member.id, 4}});
    world.expire(held);
    EXPECT_EQ(world.place({{member.id, 4}}).state, OrderState::Pending);
}

TEST_F(OrdersTest, PlaceSweepsBeforeCountingPromoCodeUses) {
    const PromoCode once = amount_code("ONCE", 1000, 1);
    const BuyOrder first = world.place({{member.id, 1}}, alex(), "ONCE");
    EXPECT_TRUE(refused<CapacityError>(
        [&] {
            (void)world.place({{member.id, 1}}, alex(), "ONCE");
        },
        "promo_code_used_up", "Promo code 'ONCE' has been used up"));
    world.expire(first);
    EXPECT_EQ(world.place({{member.id, 1}}, alex(), "ONCE").promo_code, "ONCE");
    EXPECT_EQ(uses(once), 1);
}

TEST_F(OrdersTest, TheHoldIsAnOptionOfTheStore) {
    const auto clock = std::make_shared<ManualClock>(clock_start);
    const Store root = Store::open(world.catalog.location.path(),
                                   StoreOptions{.order_hold_micros = 10 * one_minute_us, .clock = clock});
    EXPECT_EQ(root.order_hold_micros(), 10 * one_minute_us);
    EXPECT_TRUE(expect_error<ValidationError>(
        [&] { (void)Store::open(world.catalog.location.path(), StoreOptions{.order_hold_micros = 0, .clock = {}}); },
        "invalid_order_hold", "The order hold must be longer than zero and at most 366 days"));
    EXPECT_TRUE(expect_error<ValidationError>(
        [&] { (void)Store::open(world.catalog.location.path(), StoreOptions{.order_hold_micros = -1, .clock = {}}); },
        "invalid_order_hold", "The order hold must be longer than zero and at most 366 days"));
}

// A hold whose end could overflow int64 was accepted before (and overflowed in place()); holds
// are now capped at 366 days.
TEST_F(OrdersTest, TheHoldIsAtMost366Days) {
    constexpr std::int64_t days_366 = 366LL * 24 * one_hour_us;
    const auto clock = std::make_shared<ManualClock>(clock_start);
    EXPECT_EQ(Store::open(world.catalog.location.path(), StoreOptions{.order_hold_micros = days_366, .clock = clock})
                  .order_hold_micros(),
              days_366);
    for (const std::int64_t bad : {days_366 + 1, int64_max}) {
        EXPECT_TRUE(expect_error<ValidationError>(
            [&] {
                (void)Store::open(world.catalog.location.path(),
                                  StoreOptions{.order_hold_micros = bad, .clock = clock});
            },
            "invalid_order_hold", "The order hold must be longer than zero and at most 366 days"))
            << bad;
    }
}

// ---- payments after expiry ----------------------------------------------------------------

TEST_F(OrdersTest, ALatePaymentReactivatesTheOrderWhenTheTicketsAreStillThere) {
    const BuyOrder order = world.place({{member.id, 2}});
    world.expire(order);  // not swept: confirm_payment sweeps it
    const BuyOrder paid = world.pay(order, "pi_bo");
    EXPECT_EQ(paid.state, OrderState::Paid);
    EXPECT_FALSE(paid.paid_without_capacity);
    EXPECT_EQ(paid.paid_at, order.expires);
    EXPECT_EQ(paid.ticket_ids.size(), 2u);
    EXPECT_EQ(world.counts(member.id), (Counts{2, 0, 298}));
    EXPECT_EQ(world.audit_operations(order.id),
              (std::vector<std::string>{"order.place", "order.expire", "order.confirm_payment"}));
    EXPECT_EQ(world.outbox_topics(), (std::vector<std::string>{"order.placed", "order.expired", "tickets.issued"}));
    EXPECT_EQ(world.orders.get(order.id).state, OrderState::Paid) << "a paid order never reads as expired";
}

TEST_F(OrdersTest, ALatePaymentAfterTheSweepReactivatesToo) {
    const BuyOrder order = world.place({{member.id, 1}, {guest.id, 2}});
    world.expire(order);
    (void)world.orders.expire_due();
    world.catalog.clock->advance(one_hour_us);
    const BuyOrder paid = world.pay(order);
    EXPECT_EQ(paid.state, OrderState::Paid);
    EXPECT_EQ(paid.ticket_ids.size(), 3u);
    EXPECT_EQ(world.counts(member.id), (Counts{1, 0, 299}));
    EXPECT_EQ(world.counts(guest.id), (Counts{2, 0, 198}));
    EXPECT_EQ(world.audit_operations(order.id),
              (std::vector<std::string>{"order.place", "order.expire", "order.confirm_payment"}));
}

TEST_F(OrdersTest, ALatePaymentWithoutCapacityIsRecordedForARefund) {
    const TicketSpecification front = world.on_sale("Front row", 50000, 2);
    const BuyOrder cleo = world.place({{front.id, 2}}, buyer("Cleo Dahl", "cleo@example.com"));
    world.expire(cleo);
    const BuyOrder dan = world.place({{front.id, 2}}, buyer("Dan Friis", "dan@example.com"));

    const BuyOrder refund = world.pay(cleo, "pi_cleo");
    EXPECT_EQ(refund.state, OrderState::Expired);
    EXPECT_TRUE(refund.paid_without_capacity);
    EXPECT_EQ(refund.charge_session_id, "pi_cleo");
    EXPECT_EQ(refund.paid_at, std::nullopt);
    EXPECT_TRUE(refund.ticket_ids.empty());
    EXPECT_EQ(world.orders.get(cleo.id), refund);
    EXPECT_EQ(world.counts(front.id), (Counts{0, 2, 0})) << "Dan keeps his hold";
    EXPECT_TRUE(world.tickets.list(world.event.id, cleo.id).nodes.empty());

    const OutboxEvent event = world.last_outbox_event();
    EXPECT_EQ(event.topic, "order.paid_without_capacity");
    EXPECT_EQ(event.entity_id, cleo.id);
    const json payload = {{"order_id", cleo.id},
                          {"payment_ref", "pi_cleo"},
                          {"amount", {{"minor", cleo.price.total.minor()}, {"currency", "DKK"}}},
                          {"reason", "sold_out"},
                          {"buyer", {{"id", cleo.buyer_id}, {"name", "Cleo Dahl"}, {"email", "cleo@example.com"}}}};
    EXPECT_EQ(json::parse(event.payload), payload);
    EXPECT_EQ(world.audit_operations(cleo.id),
              (std::vector<std::string>{"order.place", "order.expire", "order.paid_without_capacity"}));
    EXPECT_EQ(json::parse(world.audit_rows("order.paid_without_capacity").at(0).payload), payload);

    const Snapshot recorded = world.snapshot();
    EXPECT_EQ(world.pay(cleo, "pi_cleo"), refund) << "the same reference again is a no-op";
    EXPECT_EQ(world.snapshot(), recorded);
    EXPECT_TRUE(
        refused<ConflictError>([&] { (void)world.pay(cleo, "pi_other"); }, "order_already_paid",
                               "Order with id: " + cleo.id + " has already been paid with another payment reference"));
    std::vector<std::string> to_refund;
    for (const BuyOrder& order : world.orders.list(world.event.id).nodes) {
        if (order.paid_without_capacity) to_refund.push_back(order.id);
    }
    EXPECT_EQ(to_refund, std::vector<std::string>{cleo.id});
    EXPECT_EQ(world.pay(dan).state, OrderState::Paid);
}

TEST_F(OrdersTest, ReactivationIsAllLinesOrNone) {
    const TicketSpecification front = world.on_sale("Front row", 50000, 1);
    const BuyOrder order = world.place({{member.id, 2}, {front.id, 1}});
    world.expire(order);
    (void)world.place({{front.id, 1}}, buyer("Dan Friis", "dan@example.com"));
    const BuyOrder late = world.pay(order);
    EXPECT_TRUE(late.paid_without_capacity);
    EXPECT_EQ(refusal_reason(order.id), "sold_out");
    EXPECT_EQ(world.counts(member.id), (Counts{0, 0, 300})) << "the member line took nothing";
    EXPECT_EQ(world.counts(front.id), (Counts{0, 1, 0}));
}

TEST_F(OrdersTest, ReactivationRespectsThePerUserMaximum) {
    const BuyOrder first = world.place({{member.id, 3}});
    world.expire(first);
    (void)world.place({{member.id, 2}});  // sweeps the first; Alex now holds 2 of 4
    const BuyOrder late = world.pay(first);
    EXPECT_EQ(late.state, OrderState::Expired);
    EXPECT_TRUE(late.paid_without_capacity);
    EXPECT_EQ(refusal_reason(first.id), "too_many_tickets_per_user");
    EXPECT_EQ(world.counts(member.id), (Counts{0, 2, 298}));
}

TEST_F(OrdersTest, AReactivationTakesThePromoCodeUseAgainWithinItsLimit) {
    const PromoCode twice = amount_code("TWICE", 1000, 2);
    const BuyOrder first = world.place({{member.id, 1}}, alex(), "TWICE");
    world.expire(first);
    (void)world.place({{member.id, 1}}, buyer("Bo Holm", "bo@example.com"), "TWICE");
    EXPECT_EQ(uses(twice), 1);
    const BuyOrder late = world.pay(first);
    EXPECT_EQ(late.state, OrderState::Paid);
    EXPECT_EQ(late.price.discount, dkk_minor(1000));
    EXPECT_EQ(uses(twice), 2);
}

TEST_F(OrdersTest, AReactivationIsRefusedWhenThePromoCodeIsUsedUp) {
    const PromoCode once = amount_code("ONCE", 1000, 1);
    const BuyOrder first = world.place({{member.id, 1}}, alex(), "ONCE");
    world.expire(first);
    (void)world.place({{member.id, 1}}, buyer("Bo Holm", "bo@example.com"), "ONCE");
    const BuyOrder late = world.pay(first);
    EXPECT_EQ(late.state, OrderState::Expired);
    EXPECT_TRUE(late.paid_without_capacity);
    EXPECT_EQ(refusal_reason(first.id), "promo_code_used_up");
    EXPECT_EQ(uses(once), 1) << "never above the limit";
    EXPECT_EQ(world.counts(member.id), (Counts{0, 1, 299})) << "the claims of the refused reactivation rolled back";
}

TEST_F(OrdersTest, AReactivationRechecksTheEventAndTheSpecification) {
    const BuyOrder first = world.place({{member.id, 1}});
    const BuyOrder second = world.place({{guest.id, 1}}, buyer("Bo Holm", "bo@example.com"));
    world.expire(second);
    (void)world.orders.expire_due();
    (void)world.catalog.specifications.set_active(member.id, false);
    EXPECT_TRUE(world.pay(first).paid_without_capacity);
    EXPECT_EQ(refusal_reason(first.id), "specification_inactive");
    (void)world.catalog.events.complete(world.event.id);
    EXPECT_TRUE(world.pay(second).paid_without_capacity);
    EXPECT_EQ(refusal_reason(second.id), "event_not_published");
    EXPECT_EQ(world.counts(guest.id), (Counts{0, 0, 200}));
}

TEST_F(OrdersTest, AReactivationDoesNotRecheckTheSaleOrPromoWindows) {
    const TicketSpecification soon = world.on_sale("Soon over", 25000, 10, std::nullopt, [](NewSpecification& s) {
        s.sale_end = Instant{clock_start.micros + 10 * one_minute_us};
    });
    NewPromoCode input;
    input.event_id = world.event.id;
    input.code = "SOON";
    input.percent_off = 1000;
    input.valid_until = Instant{clock_start.micros + 10 * one_minute_us};
    (void)world.promo_codes.create(input);
    const BuyOrder order = world.place({{soon.id, 1}}, alex(), "SOON");
    world.catalog.clock->advance(hold + one_hour_us);
    const BuyOrder paid = world.pay(order, "pi_late");
    EXPECT_EQ(paid.state, OrderState::Paid);
    EXPECT_EQ(paid.price.total, dkk_minor(22500 + 500 + 625));
    EXPECT_EQ(paid.ticket_ids.size(), 1u);
}

TEST_F(OrdersTest, APaymentForACancelledOrderIsRecordedForARefund) {
    const TicketSpecification front = world.on_sale("Front row", 50000, 2);
    const BuyOrder eve = world.place({{front.id, 2}}, buyer("Eve Lund", "eve@example.com"));
    const BuyOrder cancelled = world.orders.cancel(eve.id);
    const BuyOrder late = world.pay(eve, "pi_eve");
    EXPECT_EQ(late.state, OrderState::Cancelled) << "Cancelled never becomes Paid";
    EXPECT_TRUE(late.paid_without_capacity);
    EXPECT_EQ(late.charge_session_id, "pi_eve");
    EXPECT_TRUE(late.ticket_ids.empty());
    EXPECT_EQ(late.paid_at, std::nullopt);
    EXPECT_EQ(refusal_reason(eve.id), "order_cancelled");
    EXPECT_EQ(world.counts(front.id), (Counts{0, 0, 2})) << "the capacity stays free";
    EXPECT_TRUE(world.tickets.list(world.event.id).nodes.empty());
    EXPECT_EQ(world.audit_operations(eve.id),
              (std::vector<std::string>{"order.place", "order.cancel", "order.paid_without_capacity"}));
    EXPECT_EQ(world.last_outbox_event().topic, "order.paid_without_capacity");
    EXPECT_EQ(world.pay(eve, "pi_eve"), late);
    EXPECT_TRUE(
        refused<ConflictError>([&] { (void)world.pay(eve, "pi_eve_2"); }, "order_already_paid",
                               "Order with id: " + eve.id + " has already been paid with another payment reference"));
    (void)cancelled;
}

TEST_F(OrdersTest, AFailedLatePaymentDoesNotSweepTheOrder) {
    const BuyOrder order = world.place({{member.id, 2}});
    world.expire(order);
    EXPECT_TRUE(refused<ValidationError>(
        [&] {
            (void)world.orders.confirm_payment({order.id, "pi_1", "stripe", Amount{1, std::nullopt}});
        },
        "amount_mismatch", "Payment of 0.01 DKK does not match the order total of 522.50 DKK"));
    EXPECT_EQ(world.audit_operations(order.id), std::vector<std::string>{"order.place"})
        << "the sweep rolled back with the call";
    EXPECT_EQ(world.orders.expire_due(), std::vector<std::string>{order.id});
}

// confirm_payment sweeps every due order of the organization first (as place does), so an
// expired hold of another buyer that nobody swept yet does not block a late payment. (Before
// commit 780c372 it only swept its own order and this payment was flagged for a refund.)
TEST_F(OrdersTest, AnExpiredUnsweptHoldNeverBlocksALatePayment) {
    const TicketSpecification front = world.on_sale("Front row", 50000, 2);
    const BuyOrder ann = world.place({{front.id, 2}}, buyer("Ann Berg", "ann@example.com"));
    world.expire(ann);
    const BuyOrder bo = world.place({{front.id, 2}}, buyer("Bo Holm", "bo@example.com"));  // sweeps Ann
    world.expire(bo);  // Bo's hold has run out too, but nobody swept it
    const BuyOrder late = world.pay(ann, "pi_ann");
    EXPECT_EQ(late.state, OrderState::Paid);
    EXPECT_FALSE(late.paid_without_capacity);
    EXPECT_EQ(late.ticket_ids.size(), 2u);
    EXPECT_EQ(world.orders.get(bo.id).state, OrderState::Expired);
    EXPECT_EQ(world.audit_operations(bo.id), (std::vector<std::string>{"order.place", "order.expire"}));
    EXPECT_EQ(world.counts(front.id), (Counts{2, 0, 0}));
}

// ---- cancelling ---------------------------------------------------------------------------

TEST_F(OrdersTest, CancelGivesTheTicketsAndThePromoCodeUseBack) {
    const PromoCode code = amount_code("JAZZ100", 10000, 1);
    const BuyOrder order = world.place({{member.id, 2}, {guest.id, 1}}, alex(), "JAZZ100");
    world.catalog.clock->advance(one_minute_us);
    const BuyOrder cancelled = world.orders.cancel(order.id);
    EXPECT_EQ(cancelled.state, OrderState::Cancelled);
    EXPECT_EQ(cancelled.paid_at, std::nullopt);
    EXPECT_TRUE(cancelled.ticket_ids.empty());
    EXPECT_EQ(cancelled.event_tickets, order.event_tickets);
    EXPECT_EQ(cancelled.price, order.price);
    EXPECT_EQ(world.orders.get(order.id), cancelled);
    EXPECT_EQ(world.counts(member.id), (Counts{0, 0, 300}));
    EXPECT_EQ(world.counts(guest.id), (Counts{0, 0, 200}));
    EXPECT_EQ(uses(code), 0);
    EXPECT_EQ(world.audit_operations(order.id), (std::vector<std::string>{"order.place", "order.cancel"}));
    const OutboxEvent event = world.last_outbox_event();
    EXPECT_EQ(event.topic, "order.cancelled");
    EXPECT_EQ(json::parse(event.payload),
              (json{{"order_id", order.id},
                    {"event_id", world.event.id},
                    {"buyer", {{"id", order.buyer_id}, {"name", "Alex Reyes"}, {"email", "alex@example.com"}}}}));
    EXPECT_EQ(world.place({{member.id, 1}}, buyer("Bo Holm", "bo@example.com"), "JAZZ100").promo_code, "JAZZ100");
}

TEST_F(OrdersTest, OnlyAPendingOrderCanBeCancelled) {
    const BuyOrder paid = world.pay(world.place({{member.id, 1}}));
    const BuyOrder cancelled = world.orders.cancel(world.place({{member.id, 1}}).id);
    const BuyOrder unswept = world.place({{guest.id, 1}});
    world.catalog.clock->advance(hold);
    for (const auto& entry : std::vector<std::pair<BuyOrder, std::string>>{
             {paid, "paid"}, {cancelled, "cancelled"}, {unswept, "expired"}}) {
        const std::string& id = entry.first.id;
        EXPECT_TRUE(refused<ConflictError>([&] { (void)world.orders.cancel(id); }, "order_not_pending",
                                           "Only a pending order can be cancelled; this one is " + entry.second));
    }
    (void)world.orders.expire_due();
    EXPECT_TRUE(refused<ConflictError>([&] { (void)world.orders.cancel(unswept.id); }, "order_not_pending",
                                       "Only a pending order can be cancelled; this one is expired"));
    EXPECT_TRUE(refused<NotFoundError>([&] { (void)world.orders.cancel("no-such-order"); }, "order_not_found",
                                       "Order with id: no-such-order not found."));
}

TEST_F(OrdersTest, CancelNeedsTheOrdersScopeAndTheOrganization) {
    const BuyOrder order = world.place({{member.id, 1}});
    EXPECT_TRUE(refused<PermissionDeniedError>([&] { (void)Orders(world.admin).cancel(order.id); }, "missing_scope",
                                               "Actor 'admin-1' lacks the scope 'orders'"));
    const OtherOrganization other(world);
    EXPECT_TRUE(refused<PermissionDeniedError>([&] { (void)Orders(other.shop).cancel(order.id); }, "other_organization",
                                               other_organization("other-shop", world.catalog.organization.id)));
}

// ---- idempotency keys ----------------------------------------------------------------------

TEST_F(OrdersTest, TheSameKeyAndParametersReturnTheOrderAsItIsNow) {
    (void)amount_code("JAZZ100", 10000);
    NewOrder input = world.order_input({{member.id, 2}, {guest.id, 1}}, alex(), "JAZZ100");
    input.comment = "Two members and a friend";
    input.idempotency_key = "checkout-8c1f";
    const BuyOrder order = world.orders.place(input);
    const Snapshot placed = world.snapshot();
    world.catalog.clock->advance(one_minute_us);

    EXPECT_EQ(world.orders.place(input), order);
    EXPECT_EQ(world.snapshot(), placed) << "a replay writes nothing: no order, no audit row, no outbox event";

    NewOrder split = input;
    split.items = {{member.id, 1}, {guest.id, 1}, {member.id, 1}};
    split.buyer.phone = "+45 11 22 33 44";
    EXPECT_EQ(world.orders.place(split), order) << "the merged items are compared; phone and avatar are not";

    const BuyOrder paid = world.pay(order);
    EXPECT_EQ(world.orders.place(input), paid);
}

TEST_F(OrdersTest, AReplayShowsAnExpiredOrderAndPlacesNothing) {
    NewOrder input = world.order_input({{member.id, 1}});
    input.idempotency_key = "cart-17";
    const BuyOrder order = world.orders.place(input);
    world.expire(order);
    const BuyOrder replay = world.orders.place(input);
    EXPECT_EQ(replay.id, order.id);
    EXPECT_EQ(replay.state, OrderState::Expired);
    EXPECT_EQ(world.orders.list(world.event.id).nodes.size(), 1u);
}

TEST_F(OrdersTest, AReplayDoesNotLookAtTheEventOrTheCapacityAgain) {
    const TicketSpecification front = world.on_sale("Front row", 50000, 1);
    NewOrder input = world.order_input({{front.id, 1}});
    input.idempotency_key = "cart-18";
    const BuyOrder order = world.orders.place(input);
    (void)world.catalog.specifications.set_active(front.id, false);
    (void)world.catalog.events.complete(world.event.id);
    EXPECT_EQ(world.orders.place(input), order);
}

TEST_F(OrdersTest, TheSameKeyWithOtherParametersIsAConflict) {
    (void)amount_code("JAZZ100", 10000);
    NewOrder input = world.order_input({{member.id, 2}}, alex(), "JAZZ100");
    input.comment = "note";
    input.idempotency_key = "checkout-8c1f";
    (void)world.orders.place(input);

    std::vector<std::pair<std::string, NewOrder>> variations;
    auto vary = [&](const std::string& what, const std::function<void(NewOrder&)>& change) {
        NewOrder changed = input;
        change(changed);
        variations.emplace_back(what, changed);
    };
    vary("items", [&](NewOrder& o) { o.items = {{member.id, 1}}; });
    vary("another spec", [&](NewOrder& o) { o.items = {{member.id, 2}, {guest.id, 1}}; });
    vary("buyer name", [](NewOrder& o) { o.buyer.name = "Alex R."; });
    vary("buyer e-mail", [](NewOrder& o) { o.buyer.email = "alex@example.org"; });
    vary("buyer user id", [](NewOrder& o) { o.buyer.user_id = "user-1"; });
    vary("promo code", [](NewOrder& o) { o.promo_code = std::nullopt; });
    vary("comment", [](NewOrder& o) { o.comment = "other note"; });
    vary("gateway", [](NewOrder& o) { o.payment_gateway = "paypal"; });
    vary("event", [&](NewOrder& o) { o.event_id = "another-event"; });
    for (const auto& variation : variations) {
        const NewOrder& changed = variation.second;
        EXPECT_TRUE(
            refused<ConflictError>([&] { (void)world.orders.place(changed); }, "idempotency_key_reused",
                                   "Idempotency key 'checkout-8c1f' was already used with different parameters"))
            << variation.first;
    }
}

TEST_F(OrdersTest, AFailedCallDoesNotKeepItsKey) {
    const TicketSpecification front = world.on_sale("Front row", 50000, 1);
    const BuyOrder dan = world.place({{front.id, 1}}, buyer("Dan Friis", "dan@example.com"));
    NewOrder input = world.order_input({{front.id, 1}});
    input.idempotency_key = "cart-19";
    EXPECT_TRUE(refused<CapacityError>([&] { (void)world.orders.place(input); }, "sold_out", spec_sold_out(front.id)));
    (void)world.orders.cancel(dan.id);
    const BuyOrder order = world.orders.place(input);
    EXPECT_EQ(order.state, OrderState::Pending);
    EXPECT_EQ(world.orders.place(input), order);
}

TEST_F(OrdersTest, KeysArePerOrganization) {
    const OtherOrganization other(world);
    NewOrder input = world.order_input({{member.id, 1}});
    input.idempotency_key = "shared-key";
    const BuyOrder ours = world.orders.place(input);
    const BuyOrder theirs = other.place(1, alex(), "shared-key");
    EXPECT_NE(theirs.id, ours.id);
    EXPECT_EQ(theirs.event_id, other.event.id);
    EXPECT_EQ(other.place(1, alex(), "shared-key"), theirs);
}

// ---- pools ----------------------------------------------------------------------------------

TEST_F(OrdersTest, OrdersDrawFromTheirSpecificationsPools) {
    const Pool floor = world.catalog.pools.create(world.event.id, "Floor", 3, {member.id, guest.id});
    const BuyOrder members = world.place({{member.id, 2}});
    EXPECT_EQ(world.catalog.pools.get(floor.id).reserved, 2);
    EXPECT_EQ(world.counts(guest.id), (Counts{0, 0, 1})) << "the pool is the tightest bucket";
    EXPECT_TRUE(refused<CapacityError>(
        [&] {
            (void)world.place({{guest.id, 2}}, buyer("Bo Holm", "bo@example.com"));
        },
        "pool_sold_out", pool_sold_out(floor.id)));
    const BuyOrder guests = world.place({{guest.id, 1}}, buyer("Bo Holm", "bo@example.com"));
    (void)world.pay(members);
    Pool loaded = world.catalog.pools.get(floor.id);
    EXPECT_EQ(loaded.sold, 2);
    EXPECT_EQ(loaded.reserved, 1);
    EXPECT_EQ(loaded.available, 0);
    (void)world.orders.cancel(guests.id);
    loaded = world.catalog.pools.get(floor.id);
    EXPECT_EQ(loaded.reserved, 0);
    EXPECT_EQ(loaded.available, 1);
}

TEST_F(OrdersTest, ALatePaymentIsBlockedByAFullPool) {
    const Pool floor = world.catalog.pools.create(world.event.id, "Floor", 2, {member.id, guest.id});
    const BuyOrder first = world.place({{member.id, 2}});
    world.expire(first);
    (void)world.place({{guest.id, 2}}, buyer("Bo Holm", "bo@example.com"));
    const BuyOrder late = world.pay(first);
    EXPECT_TRUE(late.paid_without_capacity);
    EXPECT_EQ(refusal_reason(first.id), "pool_sold_out");
    EXPECT_EQ(world.catalog.pools.get(floor.id).reserved, 2);
    EXPECT_EQ(world.catalog.pools.get(floor.id).sold, 0);
}

// ---- reading --------------------------------------------------------------------------------

TEST_F(OrdersTest, ListShowsTheOrdersInPlacingOrderWithTheirEffectiveState) {
    const BuyOrder paid = world.pay(world.place({{member.id, 1}}));
    const BuyOrder cancelled = world.orders.cancel(world.place({{member.id, 1}}, buyer("Bo", "bo@example.com")).id);
    const BuyOrder expired = world.place({{guest.id, 1}}, buyer("Cy", "cy@example.com"));
    world.catalog.clock->advance(10 * one_minute_us);
    const BuyOrder pending = world.place({{guest.id, 1}}, buyer("Di", "di@example.com"));
    world.catalog.clock->advance(5 * one_minute_us);  // `expired` has run out, `pending` has not

    std::vector<std::string> ids;
    for (const BuyOrder& order : world.orders.list(world.event.id).nodes) ids.push_back(order.id);
    EXPECT_EQ(ids, (std::vector<std::string>{paid.id, cancelled.id, expired.id, pending.id}));
    const auto only = [&](OrderState state) {
        std::vector<std::string> result;
        for (const BuyOrder& order : world.orders.list(world.event.id, state).nodes) result.push_back(order.id);
        return result;
    };
    EXPECT_EQ(only(OrderState::Paid), std::vector<std::string>{paid.id});
    EXPECT_EQ(only(OrderState::Cancelled), std::vector<std::string>{cancelled.id});
    EXPECT_EQ(only(OrderState::Expired), std::vector<std::string>{expired.id});
    EXPECT_EQ(only(OrderState::Pending), std::vector<std::string>{pending.id});
}

TEST_F(OrdersTest, ListPagesByCursorInPlacingOrder) {
    std::vector<std::string> placed;
    for (int index = 0; index < 5; ++index) {
        const std::string name = "Buyer " + std::to_string(index);
        placed.push_back(world.place({{guest.id, 1}}, buyer(name, "b" + std::to_string(index) + "@example.com")).id);
    }
    const auto ids = [](const Page<BuyOrder>& page) {
        std::vector<std::string> result;
        for (const BuyOrder& order : page.nodes) result.push_back(order.id);
        return result;
    };
    const Page<BuyOrder> first = world.orders.list(world.event.id, std::nullopt, PageRequest{2, std::nullopt});
    EXPECT_EQ(ids(first), (std::vector<std::string>{placed[0], placed[1]}));
    EXPECT_TRUE(first.has_next_page);
    EXPECT_EQ(first.end_cursor, placed[1]);
    const Page<BuyOrder> second = world.orders.list(world.event.id, std::nullopt, PageRequest{2, first.end_cursor});
    EXPECT_EQ(ids(second), (std::vector<std::string>{placed[2], placed[3]}));
    const Page<BuyOrder> last =
        world.orders.list(world.event.id, OrderState::Pending, PageRequest{2, second.end_cursor});
    EXPECT_EQ(ids(last), (std::vector<std::string>{placed[4]}));
    EXPECT_FALSE(last.has_next_page);
    EXPECT_EQ(world.orders.list(world.event.id).nodes.size(), 5U) << "20 by default";
    EXPECT_TRUE(expect_error<ValidationError>(
        [&] {
            (void)world.orders.list(world.event.id, std::nullopt, PageRequest{2, std::string("nope")});
        },
        "invalid_cursor", "Cursor 'nope' is not an order of this event"));
    for (const std::int64_t size : {std::int64_t{0}, std::int64_t{51}}) {
        EXPECT_TRUE(expect_error<ValidationError>(
            [&] {
                (void)world.orders.list(world.event.id, std::nullopt, PageRequest{size, std::nullopt});
            },
            "invalid_page_size", "first must be between 1 and 50"));
    }
}

TEST_F(OrdersTest, GetAndListNeedEventsReadAndTheOrganization) {
    const BuyOrder order = world.place({{member.id, 1}});
    const Store checkout_only =
        world.catalog.root.acting_as(Actor::make("cart", world.catalog.organization.id, {std::string(scope::orders)}));
    EXPECT_TRUE(expect_error<PermissionDeniedError>([&] { (void)Orders(checkout_only).get(order.id); }, "missing_scope",
                                                    "Actor 'cart' lacks the scope 'events:read'"));
    EXPECT_TRUE(expect_error<PermissionDeniedError>([&] { (void)Orders(checkout_only).list(world.event.id); },
                                                    "missing_scope", "Actor 'cart' lacks the scope 'events:read'"));
    EXPECT_TRUE(expect_error<NotFoundError>([&] { (void)world.orders.get("no-such-order"); }, "order_not_found",
                                            "Order with id: no-such-order not found."));
    const OtherOrganization other(world);
    EXPECT_TRUE(expect_error<PermissionDeniedError>([&] { (void)Orders(other.shop).get(order.id); },
                                                    "other_organization",
                                                    other_organization("other-shop", world.catalog.organization.id)));
    EXPECT_TRUE(expect_error<PermissionDeniedError>([&] { (void)Orders(other.shop).list(world.event.id); },
                                                    "other_organization",
                                                    other_organization("other-shop", world.catalog.organization.id)));
    EXPECT_TRUE(expect_error<NotFoundError>([&] { (void)world.orders.list("no-such-event"); }, "event_not_found",
                                            "Event with id: no-such-event not found."));
}

// ---- a day of sales -------------------------------------------------------------------------

TEST_F(OrdersTest, ALongMixOfOperationsKeepsTheLedgerAndCountersInStep) {
    const TicketSpecification front = world.on_sale("Front row", 50000, 6, 3);
    const Pool floor = world.catalog.pools.create(world.event.id, "Floor", 20, {member.id, front.id});
    std::vector<BuyOrder> open;
    for (int round = 0; round < 30; ++round) {
        const std::string n = std::to_string(round);
        const BuyerInput who = buyer("Buyer " + n, "b" + std::to_string(round % 7) + "@example.com");
        try {
            open.push_back(world.place({{round % 2 == 0 ? member.id : front.id, 1 + round % 3}}, who));
        } catch (const CapacityError&) {}
        if (round % 4 == 1 && !open.empty()) {
            (void)world.pay(open.front(), "pi_" + n);
            open.erase(open.begin());
        }
        if (round % 5 == 2 && !open.empty()) {
            try {
                (void)world.orders.cancel(open.back().id);
            } catch (const ConflictError&) {}
            open.pop_back();
        }
        if (round % 6 == 3) world.catalog.clock->advance(8 * one_minute_us);
        if (round % 9 == 4) (void)world.orders.expire_due();
        if (round % 7 == 5 && !open.empty()) {
            (void)world.pay(open.front(), "pi_late_" + n);  // maybe after expiry
            open.erase(open.begin());
        }
        ASSERT_TRUE(world.admin.check_integrity().ok()) << "round " << round;
    }
    const Pool loaded = world.catalog.pools.get(floor.id);
    EXPECT_LE(loaded.sold + loaded.reserved, loaded.size);
    const TicketSpecification front_now = world.catalog.specifications.get(front.id);
    EXPECT_LE(front_now.number_of_tickets_sold + front_now.number_of_tickets_reserved, 6);
    std::int64_t issued = 0;
    for (const BuyOrder& order : all_pages(
             [&](const PageRequest& page) { return world.orders.list(world.event.id, OrderState::Paid, page); })) {
        std::int64_t units = 0;
        for (const OrderLine& line : order.event_tickets) units += line.amount;
        EXPECT_EQ(static_cast<std::int64_t>(order.ticket_ids.size()), units) << order.id;
        issued += units;
    }
    EXPECT_GT(issued, 0);
    EXPECT_EQ(static_cast<std::int64_t>(all_pages([&](const PageRequest& page) {
                                            return world.tickets.list(world.event.id, std::nullopt, page);
                                        }).size()),
              issued);
    EXPECT_EQ(std::get<0>(world.counts(member.id)) + std::get<0>(world.counts(front.id)), issued);
}

}  // namespace
