#pragma once
/// @file order_support.hpp
/// @brief Helpers of the selling tests (orders, tickets, promo codes, outbox): a published event
/// with fees on a ":memory:" (or file) store with a manual clock, one actor per job as in
/// docs/orders.md, and a snapshot of everything a failed call must leave unchanged.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "test_support.hpp"
#include "ticketcore/model/order.hpp"
#include "ticketcore/model/outbox.hpp"
#include "ticketcore/model/promo_code.hpp"
#include "ticketcore/model/ticket.hpp"
#include "ticketcore/ticketcore.hpp"

namespace ticketcore_test {

using namespace ticketcore;

/// @brief A guest buyer (no user id).
inline BuyerInput buyer(std::string name, std::string email) {
    return BuyerInput{std::nullopt, std::move(name), std::move(email), "", ""};
}
/// @brief A platform user buyer.
inline BuyerInput platform_user(std::string user_id, std::string name, std::string email) {
    return BuyerInput{std::move(user_id), std::move(name), std::move(email), "", ""};
}
inline BuyerInput alex() {
    return buyer("Alex Reyes", "alex@example.com");
}

/// @brief What a specification's counters say: (sold, reserved, available).
using Counts = std::tuple<std::int64_t, std::int64_t, std::optional<std::int64_t>>;

/// @brief Everything of an event a failed call must leave as it was.
struct Snapshot {
    std::vector<BuyOrder> orders;
    std::vector<EventTicket> tickets;
    std::vector<TicketSpecification> specifications;
    std::vector<Pool> pools;
    std::vector<PromoCode> promo_codes;
    std::vector<OutboxEvent> outbox;
    std::vector<AuditEntry> audit;
    HolderPage holders;
    friend bool operator==(const Snapshot&, const Snapshot&) = default;
};

/// @brief The set-up of docs/orders.md: an organization selling in DKK, an event with one date,
/// 5.00 DKK platform fee and 2.5 % percentage fee per ticket and 25 % VAT, published.
///
/// `admin` has `events:read` + `events:write` (the box office), `shop` has `orders` +
/// `events:read` (the checkout), `door` has `sales` + `events:read` (a till).
struct Shop {
    Catalog catalog;
    Store admin;
    Store shop;
    Store door;
    Orders orders;
    Tickets tickets;
    Tickets door_tickets;
    PromoCodes promo_codes;
    Outbox outbox;
    Event event;

    /// @brief On a fresh store of the engine under test.
    explicit Shop(RoundingMode rounding = RoundingMode::HalfUp) : Shop(Catalog(rounding)) {}

    /// @brief On the store at `path`, which the test owns (see Catalog).
    explicit Shop(const std::string& path, RoundingMode rounding = RoundingMode::HalfUp)
        : Shop(Catalog(path, rounding)) {}

    /// @brief A published event with one date and the fees above.
    static Event make_event(const Events& events, const std::string& name) {
        NewEvent input;
        input.name = name;
        input.time_zone = "Europe/Copenhagen";
        input.location = "Copenhagen";
        input.platform_fee = Amount{500, std::nullopt};
        input.percentage_fee = 250;
        const Event event = events.create(input);
        (void)events.add_date(event.id, june_12_2027_17_utc, june_12_2027_20_utc);
        return events.publish(event.id);
    }

    /// @brief Adds an active specification to the event; `customize` may set any other field.
    TicketSpecification on_sale(const std::string& name = "Member ticket", std::int64_t price = 25000,
                                std::optional<std::int64_t> quota = std::nullopt,
                                std::optional<std::int64_t> per_user = std::nullopt,
                                const std::function<void(NewSpecification&)>& customize = {},
                                const std::optional<std::string>& event_id = std::nullopt) const {
        NewSpecification input;
        input.event_id = event_id.value_or(event.id);
        input.name = name;
        input.price = Amount{price, std::nullopt};
        input.number_of_tickets_for_sale = quota;
        input.maximum_number_of_tickets_per_user = per_user;
        if (customize) customize(input);
        const TicketSpecification spec = catalog.specifications.add(input);
        return catalog.specifications.set_active(spec.id, true);
    }

    [[nodiscard]] NewOrder order_input(std::vector<std::pair<std::string, std::int64_t>> items,
                                       BuyerInput buyer = alex(),
                                       std::optional<std::string> promo_code = std::nullopt) const {
        NewOrder input;
        input.event_id = event.id;
        input.buyer = std::move(buyer);
        input.items = std::move(items);
        input.promo_code = std::move(promo_code);
        input.payment_gateway = "stripe";
        return input;
    }

    BuyOrder place(std::vector<std::pair<std::string, std::int64_t>> items, BuyerInput buyer = alex(),
                   std::optional<std::string> promo_code = std::nullopt) const {
        return orders.place(order_input(std::move(items), std::move(buyer), std::move(promo_code)));
    }

    [[nodiscard]] static PaymentConfirmation payment(const BuyOrder& order, const std::string& reference = "pi_1",
                                                     const std::string& gateway = "stripe") {
        return PaymentConfirmation{order.id, reference, gateway, Amount{order.price.total.minor(), std::nullopt}};
    }

    BuyOrder pay(const BuyOrder& order, const std::string& reference = "pi_1") const {
        return orders.confirm_payment(payment(order, reference));
    }

    /// @brief Moves the clock past `order`'s hold (to exactly its expiry).
    void expire(const BuyOrder& order) const { catalog.clock->set(order.expires); }

    [[nodiscard]] Counts counts(const std::string& specification_id) const {
        const TicketSpecification spec = catalog.specifications.get(specification_id);
        return {spec.number_of_tickets_sold, spec.number_of_tickets_reserved, spec.available};
    }

    [[nodiscard]] Instant now() const { return catalog.clock->now(); }

    /// @brief The operations of the audit rows of `entity_id`, in order.
    [[nodiscard]] std::vector<std::string> audit_operations(const std::string& entity_id) const {
        AuditQuery query;
        query.entity_id = entity_id;
        query.limit = 1000;
        std::vector<std::string> operations;
        for (const AuditEntry& entry : admin.audit(query)) operations.push_back(entry.operation);
        return operations;
    }

    [[nodiscard]] std::vector<AuditEntry> audit_rows(const std::string& operation) const {
        AuditQuery query;
        query.operation = operation;
        query.limit = 1000;
        return admin.audit(query);
    }

    /// @brief The topics of the organization's pending outbox events, in order.
    [[nodiscard]] std::vector<std::string> outbox_topics() const {
        std::vector<std::string> topics;
        for (const OutboxEvent& event : outbox.pending(1000)) topics.push_back(event.topic);
        return topics;
    }

    /// @brief The newest pending outbox event.
    [[nodiscard]] OutboxEvent last_outbox_event() const {
        const std::vector<OutboxEvent> events = outbox.pending(1000);
        if (events.empty()) throw std::runtime_error("the outbox is empty");
        return events.back();
    }

    [[nodiscard]] Snapshot snapshot() const {
        HolderQuery holders;
        holders.event_id = event.id;
        holders.first = 50;
        AuditQuery audit;
        audit.limit = 1000;
        const Orders orders_of_admin(admin);
        return Snapshot{
            all_pages([&](const PageRequest& page) { return orders_of_admin.list(event.id, std::nullopt, page); }),
            all_pages([&](const PageRequest& page) { return tickets.list(event.id, std::nullopt, page); }),
            catalog.specifications.list(event.id),
            catalog.pools.list(event.id),
            all_pages([&](const PageRequest& page) { return promo_codes.list(event.id, page); }),
            outbox.pending(1000),
            catalog.platform.audit(audit),
            tickets.holders(holders)};
    }

private:
    explicit Shop(Catalog made)
        : catalog(std::move(made)),
          admin(catalog.store),
          shop(catalog.root.acting_as(Actor::make("web-shop", catalog.organization.id,
                                                  {std::string(scope::orders), std::string(scope::events_read)}))),
          door(catalog.root.acting_as(Actor::make("door-1", catalog.organization.id,
                                                  {std::string(scope::sales), std::string(scope::events_read)}))),
          orders(shop),
          tickets(admin),
          door_tickets(door),
          promo_codes(admin),
          outbox(admin),
          event(make_event(catalog.events, "Summer Jazz Nights")) {}
};

/// @brief A second organization in the same database with its own published event, one
/// active specification (quota 10) and a checkout actor "other-shop".
struct OtherOrganization {
    Store admin;
    std::string organization_id;
    Store shop;
    Event event;
    TicketSpecification spec;

    explicit OtherOrganization(const Shop& world)
        : admin(world.catalog.other_organization_store()),
          organization_id(*admin.actor().organization_id),
          shop(world.catalog.root.acting_as(Actor::make(
              "other-shop", organization_id, {std::string(scope::orders), std::string(scope::events_read)}))),
          event(Shop::make_event(Events(admin), "Aarhus Jazz")),
          spec(make_spec(admin, event.id)) {}

    static TicketSpecification make_spec(const Store& admin, const std::string& event_id) {
        NewSpecification input;
        input.event_id = event_id;
        input.name = "Aarhus ticket";
        input.price = Amount{20000, std::nullopt};
        input.number_of_tickets_for_sale = 10;
        const Specifications specifications(admin);
        return specifications.set_active(specifications.add(input).id, true);
    }

    BuyOrder place(std::int64_t quantity = 1, BuyerInput buyer = alex(),
                   std::optional<std::string> idempotency_key = std::nullopt) const {
        NewOrder input;
        input.event_id = event.id;
        input.buyer = std::move(buyer);
        input.items = {{spec.id, quantity}};
        input.payment_gateway = "stripe";
        input.idempotency_key = std::move(idempotency_key);
        return Orders(shop).place(input);
    }
};

/// @brief The fixture of the selling tests; its Shop's Catalog checks at the end of each test that
/// every counter agrees with the ledger (IntegrityCheckAtEnd).
class SellingTest : public ::testing::Test {
protected:
    Shop world;

    /// @brief Passes when `action` throws exactly `E` with `code` and `message` and leaves the
    /// event's orders, tickets, counters, promo codes, outbox, audit log and holders unchanged.
    template <typename E, typename Action>
    ::testing::AssertionResult refused(Action&& action, std::string_view code, std::string_view message) {
        const Snapshot before = world.snapshot();
        ::testing::AssertionResult result = expect_error<E>(std::forward<Action>(action), code, message);
        if (!result) return result;
        if (!(world.snapshot() == before)) return ::testing::AssertionFailure() << "the failed call changed something";
        return ::testing::AssertionSuccess();
    }
};

}  // namespace ticketcore_test
