"""Every list is paged by cursor and costs in proportion to its page: orders.list, tickets.list,
events.list and promo_codes.list take ``first`` (20 by default, 1..50) and ``after`` (the
``end_cursor`` of the page before) and return a page (``nodes``, ``has_next_page``,
``end_cursor``), the shape of tickets.holders. ``ticketcore.every`` walks every page."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest

import pg_support
import ticketcore
from helpers import (
    DEFAULT_ORDER_HOLD,
    SHOP_SCOPES,
    World,
    buyer,
    make_event,
    other_organization,
    pay,
    place,
    plan_problems,
    refused,
    shop_store,
    spec_on_sale,
)
from ticketcore import (
    BuyOrder,
    ConflictError,
    Event,
    EventState,
    NotFoundError,
    OrderPage,
    OrderState,
    PermissionDeniedError,
    Store,
    ValidationError,
)
from ticketcore._core import _testing

MINUTE = timedelta(minutes=1)


def _orders(shop: Store, event_id: str, count: int, prefix: str = "Buyer") -> list[BuyOrder]:
    spec = spec_on_sale(shop, event_id, f"{prefix} ticket", price=10000)
    return [
        place(shop, event_id, [(spec.id, 1)], who=buyer(f"{prefix} {index}", f"{prefix.lower()}{index}@example.com"))
        for index in range(count)
    ]


def _walk(list_page: Callable[..., OrderPage], first: int, **filters: object) -> tuple[list[str], list[OrderPage]]:
    """The ids of every page of ``first``, and the pages, followed by their cursors."""
    pages = [list_page(first=first, **filters)]
    while pages[-1].has_next_page:
        pages.append(list_page(first=first, after=pages[-1].end_cursor, **filters))
    return [order.id for page in pages for order in page.nodes], pages


# --- behaviour -----------------------------------------------------------------------------------


def test_orders_page_in_placing_order_with_cursors(shop: Store, published_event: Event) -> None:
    placed = _orders(shop, published_event.id, 7)
    first = shop.orders.list(published_event.id, first=3)
    assert [order.id for order in first.nodes] == [order.id for order in placed[:3]]
    assert (first.has_next_page, first.end_cursor) == (True, placed[2].id)
    second = shop.orders.list(published_event.id, first=3, after=first.end_cursor)
    assert [order.id for order in second.nodes] == [order.id for order in placed[3:6]]
    assert (second.has_next_page, second.end_cursor) == (True, placed[5].id)
    last = shop.orders.list(published_event.id, first=3, after=second.end_cursor)
    assert last.nodes == (shop.orders.get(placed[6].id),)
    assert (last.has_next_page, last.end_cursor) == (False, placed[6].id)
    # A page that ends exactly at the end says there is nothing after it.
    exact = shop.orders.list(published_event.id, first=7)
    assert (len(exact.nodes), exact.has_next_page) == (7, False)
    empty = shop.orders.list(published_event.id, after=placed[6].id)
    assert (empty.nodes, empty.has_next_page, empty.end_cursor) == ((), False, None)


def test_the_default_page_is_20_and_the_largest_50(shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id, "Guest list", price=0)
    tickets = shop.tickets.comp(published_event.id, spec.id, holders=[(f"g{i}@example.com", f"Guest {i}") for i in range(55)])
    page = shop.tickets.list(published_event.id)
    assert [ticket.id for ticket in page.nodes] == [ticket.id for ticket in tickets[:20]]
    assert page.has_next_page is True
    largest = shop.tickets.list(published_event.id, first=50)
    assert (len(largest.nodes), largest.has_next_page, largest.end_cursor) == (50, True, tickets[49].id)
    rest = shop.tickets.list(published_event.id, first=50, after=largest.end_cursor)
    assert [ticket.id for ticket in rest.nodes] == [ticket.id for ticket in tickets[50:]]
    assert rest.has_next_page is False


@pytest.mark.parametrize("first", [0, -1, 51, 2**63 - 1])
def test_a_page_size_outside_1_to_50_is_refused(shop: Store, published_event: Event, first: int) -> None:
    code = shop.promo_codes.create(published_event.id, "EARLY", percent_off=1000)
    calls: list[Callable[[], object]] = [
        lambda: shop.orders.list(published_event.id, first=first),
        lambda: shop.orders.list(published_event.id, state=OrderState.EXPIRED, first=first),
        lambda: shop.tickets.list(published_event.id, first=first),
        lambda: shop.events.list(first=first),
        lambda: shop.promo_codes.list(published_event.id, first=first, after=code.id),
        lambda: shop.tickets.holders(published_event.id, first=first),
    ]
    for call in calls:
        refused(shop, call, ValidationError, "invalid_page_size", "first must be between 1 and 50")


def test_a_cursor_that_is_not_an_item_of_the_list_is_refused(world: World, shop: Store, published_event: Event) -> None:
    (placed,) = _orders(shop, published_event.id, 1)
    ours = pay(shop, placed)
    other_event = make_event(shop, published=True, name="Other night")
    (elsewhere,) = _orders(shop, other_event.id, 1, prefix="Other")
    code = shop.promo_codes.create(other_event.id, "LATE", percent_off=500)
    cases: list[tuple[Callable[[], object], str]] = [
        (lambda: shop.orders.list(published_event.id, after=elsewhere.id), f"Cursor '{elsewhere.id}' is not an order of this event"),
        (lambda: shop.orders.list(published_event.id, after="bogus"), "Cursor 'bogus' is not an order of this event"),
        (lambda: shop.orders.list(published_event.id, after=ours.ticket_ids[0]), f"Cursor '{ours.ticket_ids[0]}' is not an order of this event"),
        (lambda: shop.orders.list(published_event.id, state=OrderState.PAID, after=""), "Cursor '' is not an order of this event"),
        (lambda: shop.tickets.list(published_event.id, after=elsewhere.id), f"Cursor '{elsewhere.id}' is not a ticket of this event"),
        (lambda: shop.events.list(after=elsewhere.id), f"Cursor '{elsewhere.id}' is not an event of this organization"),
        (lambda: shop.promo_codes.list(published_event.id, after=code.id), f"Cursor '{code.id}' is not a promo code of this event"),
    ]
    for call, message in cases:
        refused(shop, call, ValidationError, "invalid_cursor", message)


def test_another_organizations_lists_and_cursors_are_out_of_reach(world: World, shop: Store, published_event: Event) -> None:
    (ours,) = _orders(shop, published_event.id, 1)
    bob = other_organization(world, scopes=SHOP_SCOPES)
    bob_event = make_event(bob, published=True, name="Bob's night")
    (theirs,) = _orders(bob, bob_event.id, 1, prefix="Bob")
    # Their event is refused as everywhere else; their cursor on our list is no item of it.
    for call in (
        lambda: shop.orders.list(bob_event.id),
        lambda: shop.tickets.list(bob_event.id),
        lambda: shop.promo_codes.list(bob_event.id),
        lambda: shop.orders.list(bob_event.id, after=theirs.id),
    ):
        refused(shop, call, PermissionDeniedError, "other_organization")
    refused(shop, lambda: shop.orders.list(published_event.id, after=theirs.id), ValidationError, "invalid_cursor")
    refused(shop, lambda: shop.events.list(after=bob_event.id), ValidationError, "invalid_cursor")
    refused(bob, lambda: bob.orders.list(bob_event.id, after=ours.id), ValidationError, "invalid_cursor")
    refused(bob, lambda: bob.events.list(after=published_event.id), ValidationError, "invalid_cursor")
    refused(shop, lambda: shop.orders.list("no-such-event", after=ours.id), NotFoundError, "event_not_found")
    assert [event.id for event in bob.events.list().nodes] == [bob_event.id]


def test_orders_added_between_pages_appear_once_and_nothing_is_skipped(shop: Store, published_event: Event) -> None:
    placed = _orders(shop, published_event.id, 3)
    page = shop.orders.list(published_event.id, first=2)
    later = _orders(shop, published_event.id, 2, prefix="Later")
    seen = [order.id for order in page.nodes]
    while page.has_next_page:
        page = shop.orders.list(published_event.id, first=2, after=page.end_cursor)
        seen += [order.id for order in page.nodes]
    assert seen == [order.id for order in placed + later]


def test_the_state_filter_is_the_effective_state_on_every_page(world: World, shop: Store, published_event: Event) -> None:
    clock = world.clock
    spec = spec_on_sale(shop, published_event.id, price=10000)

    def order(name: str) -> BuyOrder:
        return place(shop, published_event.id, [(spec.id, 1)], who=buyer(name, f"{name.lower()}@example.com"))

    swept = order("Swept")  # runs out, then expire_due stores it as expired
    paid = pay(shop, order("Paid"))
    cancelled = shop.orders.cancel(order("Cancelled").id)
    clock.advance(DEFAULT_ORDER_HOLD)
    assert shop.orders.expire_due() == [swept.id]
    ran_out = order("Ranout")  # runs out, and no write sweeps it: still stored pending
    clock.advance(5 * MINUTE)
    live = [order(f"Live{index}") for index in range(3)]
    clock.advance(DEFAULT_ORDER_HOLD - 4 * MINUTE)  # `ran_out` has run out, the live ones not yet
    assert shop.orders.get(ran_out.id).state is OrderState.EXPIRED
    assert shop.orders.get(live[0].id).state is OrderState.PENDING

    def ids(state: OrderState | None, first: int) -> list[str]:
        return _walk(lambda **page: shop.orders.list(published_event.id, state=state, **page), first)[0]

    for first in (1, 2, 50):
        assert ids(OrderState.EXPIRED, first) == [swept.id, ran_out.id]
        assert ids(OrderState.PENDING, first) == [order.id for order in live]
        assert ids(OrderState.PAID, first) == [paid.id]
        assert ids(OrderState.CANCELLED, first) == [cancelled.id]
        assert ids(None, first) == [swept.id, paid.id, cancelled.id, ran_out.id] + [o.id for o in live]
    expired = shop.orders.list(published_event.id, state=OrderState.EXPIRED)
    assert {order.state for order in expired.nodes} == {OrderState.EXPIRED}
    # A cursor stays a place in the list when its order changes state between pages.
    pending_page = shop.orders.list(published_event.id, state=OrderState.PENDING, first=1)
    assert [order.id for order in pending_page.nodes] == [live[0].id]
    pay(shop, live[0])
    rest = shop.orders.list(published_event.id, state=OrderState.PENDING, after=pending_page.end_cursor)
    assert [order.id for order in rest.nodes] == [live[1].id, live[2].id]


def test_tickets_page_by_event_and_by_order(shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id, price=10000)
    big = pay(shop, place(shop, published_event.id, [(spec.id, 5)]))
    small = pay(shop, place(shop, published_event.id, [(spec.id, 2)], who=buyer("Kim Lee")))
    page = shop.tickets.list(published_event.id, order_id=big.id, first=2)
    seen = [ticket.id for ticket in page.nodes]
    while page.has_next_page:
        page = shop.tickets.list(published_event.id, order_id=big.id, first=2, after=page.end_cursor)
        seen += [ticket.id for ticket in page.nodes]
    assert seen == list(big.ticket_ids)
    everything = [ticket.id for ticket in ticketcore.every(shop.tickets.list, published_event.id, first=3)]
    assert everything == list(big.ticket_ids) + list(small.ticket_ids)
    # A ticket of the event is a place in the event's issue order, also for one order's page.
    after_big = shop.tickets.list(published_event.id, order_id=small.id, after=big.ticket_ids[-1])
    assert [ticket.id for ticket in after_big.nodes] == list(small.ticket_ids)


def test_events_page_in_creation_order_by_state(store: Store) -> None:
    events = [make_event(store, name=f"Night {index}", published=index % 2 == 1) for index in range(5)]
    store.events.complete(events[3].id)
    assert [event.id for event in ticketcore.every(store.events.list, first=2)] == [event.id for event in events]
    drafts = store.events.list(state=EventState.DRAFT, first=2)
    assert ([event.id for event in drafts.nodes], drafts.has_next_page) == ([events[0].id, events[2].id], True)
    rest = store.events.list(state=EventState.DRAFT, first=2, after=drafts.end_cursor)
    assert ([event.id for event in rest.nodes], rest.has_next_page) == ([events[4].id], False)
    published = store.events.list(state=EventState.PUBLISHED, after=events[0].id)
    assert [event.id for event in published.nodes] == [events[1].id]


def test_promo_codes_page_in_creation_order(shop: Store, published_event: Event) -> None:
    codes = [shop.promo_codes.create(published_event.id, f"CODE{index}", percent_off=100 * (index + 1)) for index in range(5)]
    page = shop.promo_codes.list(published_event.id, first=2, after=codes[1].id)
    assert (page.nodes, page.has_next_page, page.end_cursor) == ((codes[2], codes[3]), True, codes[3].id)
    assert list(ticketcore.every(shop.promo_codes.list, published_event.id)) == codes


def test_every_walks_each_page_with_the_filters_given(shop: Store, published_event: Event) -> None:
    placed = _orders(shop, published_event.id, 5)
    paid = [pay(shop, order) for order in placed[1::2]]
    calls: list[dict[str, object]] = []

    def recording(*args: object, **kwargs: object) -> OrderPage:
        calls.append(dict(kwargs))
        return shop.orders.list(*args, **kwargs)  # type: ignore[arg-type]

    walked = ticketcore.every(recording, published_event.id, state=OrderState.PAID, first=1)
    assert isinstance(walked, Iterator)
    assert calls == []  # nothing is read before the first item is asked for
    assert list(walked) == [shop.orders.get(order.id) for order in paid]
    assert calls == [
        {"state": OrderState.PAID, "first": 1},
        {"state": OrderState.PAID, "first": 1, "after": paid[0].id},
    ]
    # 50 a page unless given.
    calls.clear()
    assert len(list(ticketcore.every(recording, published_event.id))) == 5
    assert calls == [{"first": 50}]
    with pytest.raises(TypeError, match="list_page must be a list call"):
        ticketcore.every("orders", published_event.id)  # type: ignore[arg-type]
    with pytest.raises(ValidationError) as caught:
        list(ticketcore.every(shop.orders.list, published_event.id, first=51))
    assert caught.value.code == "invalid_page_size"


def test_pages_are_values(shop: Store, published_event: Event) -> None:
    import pickle

    _orders(shop, published_event.id, 2)
    page = shop.orders.list(published_event.id, first=1)
    assert pickle.loads(pickle.dumps(page)) == page
    assert hash(pickle.loads(pickle.dumps(page))) == hash(page)
    assert repr(page).startswith("OrderPage(nodes=(BuyOrder(")
    assert page == shop.orders.list(published_event.id, first=1)
    assert page != shop.orders.list(published_event.id, first=2)


def test_an_event_holds_at_most_200_specifications_and_200_pools(store: Store, event: Event) -> None:
    """Specifications and pools are listed whole, so an event's are capped instead of paged."""
    specs = [store.specifications.add(event.id, f"Tier {index}").id for index in range(199)]  # and the fixture's none
    for index in range(200):
        store.pools.create(event.id, f"Pool {index}", size=10)
    refused(store, lambda: store.pools.create(event.id, "One too many", size=10), ConflictError, "pool_limit_reached",
            "An event has at most 200 capacity pools")
    specs.append(store.specifications.add(event.id, "Tier 199").id)
    refused(store, lambda: store.specifications.add(event.id, "One too many"), ConflictError,
            "specification_limit_reached", "An event has at most 200 ticket specifications")
    assert [spec.id for spec in store.specifications.list(event.id)] == specs
    assert len(store.pools.list(event.id)) == 200
    # Room again once one is removed; another event has its own 200.
    store.specifications.remove(specs[0])
    store.specifications.add(event.id, "Tier 200")
    store.specifications.add(make_event(store, name="Other").id, "Tier 0")


# --- query plans ---------------------------------------------------------------------------------

# The tables with many rows here (order_line has a handful: the bulk orders have no lines, and
# PostgreSQL rightly reads a table of a few rows whole).
BIG_TABLES = ("buy_order", "ticket", "event", "promo_code", "ticket_date", "audit_log", "outbox", "ticket_holder",
              "o", "p", "td", "e", "h", "c")


def _bulk_rows(world: World, engine: str, event: Event, spec_id: str) -> None:
    """On PostgreSQL, whose planner weighs the rows it has, many orders, events and promo codes
    (most orders paid and most events published, so that the other states are rare), each by a
    buyer of its own, with a ticket with its dates (on one sold claim, counted on the specification so
    the counters still agree) that makes that buyer a holder of the event, audit rows of this organization and of another one, and
    outbox events, nearly all acknowledged, then ANALYZE: a page must still be read through an
    index, never by a scan and a sort."""
    if engine != "postgresql":
        return
    org = world.organization_id
    now = int(world.clock.now().timestamp() * 1_000_000)
    hold = int(DEFAULT_ORDER_HOLD.total_seconds() * 1_000_000)
    pg_support.execute(world.platform.path, f"""
        INSERT INTO buyer (id, organization_id, identity, name, email, phone, avatar_url, created_us)
        SELECT 'bulk-buyer-' || g, '{org}', 'guest:bulk' || g || '@example.com', 'Bulk ' || g,
               'bulk' || g || '@example.com', '', '', {now}
        FROM generate_series(1, 20000) g;
        INSERT INTO buy_order (id, organization_id, event_id, buyer_id, state, comment, payment_gateway, currency,
                               created_us, expires_us)
        SELECT 'bulk-order-' || g, '{org}', '{event.id}', 'bulk-buyer-' || g,
               CASE g % 100 WHEN 0 THEN 'cancelled' WHEN 1 THEN 'expired' WHEN 2 THEN 'pending'
                            WHEN 3 THEN 'pending' ELSE 'paid' END, '', 'stripe', 'DKK', {now},
               CASE WHEN g % 100 = 2 THEN {now - hold} ELSE {now + hold} END
        FROM generate_series(1, 20000) g;
        INSERT INTO event (id, organization_id, name, description, location, time_zone, currency, state, platform_fee,
                           percentage_fee, vat_rate, created_us)
        SELECT 'bulk-event-' || g, '{org}', 'Bulk ' || g, '', '', 'Europe/Copenhagen', 'DKK',
               CASE g % 100 WHEN 0 THEN 'draft' WHEN 1 THEN 'completed' ELSE 'published' END, 0, 0, 0, {now}
        FROM generate_series(1, 20000) g;
        INSERT INTO promo_code (id, event_id, code, percent_off, created_us, organization_id)
        SELECT 'bulk-code-' || g, '{event.id}', 'BULK' || g, 100, {now}, '{org}' FROM generate_series(1, 20000) g;
        INSERT INTO inventory_claim (id, organization_id, specification_id, quantity, state, source, created_us)
        VALUES ('bulk-claim', '{org}', '{spec_id}', 20000, 'sold', 'bulk', {now});
        UPDATE specification SET sold = sold + 20000, holders = holders + 20000 WHERE id = '{spec_id}';
        INSERT INTO ticket (id, organization_id, event_id, specification_id, kind, state, order_id, buyer_id,
                            holder_name, holder_email, note, secret, purchase_us, claim_id, created_us)
        SELECT 'bulk-ticket-' || g, '{org}', '{event.id}', '{spec_id}', 'order', 'valid', 'bulk-order-' || g,
               'bulk-buyer-' || g, 'Bulk', 'bulk@example.com', '', 'bulk-secret-' || g, {now}, 'bulk-claim', {now}
        FROM generate_series(1, 20000) g;
        INSERT INTO ticket_date (id, organization_id, ticket_id, event_date_id)
        SELECT 'bulk-date-' || g || '-' || d.id, '{org}', 'bulk-ticket-' || g, d.id
        FROM generate_series(1, 20000) g, event_date d WHERE d.event_id = '{event.id}';
        INSERT INTO ticket_holder (id, organization_id, event_id, buyer_id, issue_us)
        SELECT 'bulk-holder-' || g, '{org}', '{event.id}', 'bulk-buyer-' || g, {now} + g FROM generate_series(1, 20000) g;
        INSERT INTO audit_log (at_us, actor_id, organization_id, operation, entity_type, entity_id, payload)
        SELECT {now}, 'bulk', CASE WHEN g % 2 = 0 THEN '{org}' ELSE 'bulk-organization' END,
               CASE WHEN g % 4 = 0 THEN 'order.place' ELSE 'bulk.operation' || (g % 10) END, 'bulk',
               'bulk-entity-' || g, '{{}}'
        FROM generate_series(1, 40000) g;
        INSERT INTO outbox (organization_id, topic, entity_id, payload, created_us, acknowledged_us)
        SELECT CASE WHEN g % 2 = 0 THEN '{org}' ELSE 'bulk-organization' END, 'bulk.topic', 'bulk-entity-' || g,
               '{{}}', {now}, {now} FROM generate_series(1, 40000) g;
        ANALYZE;
    """)


def _remove_bulk_rows(world: World, engine: str, spec_id: str) -> None:
    """Takes the rows of _bulk_rows that the integrity check after the test reads out again (the
    buyers, promo codes, audit and outbox rows stay): it recounts every event's holders with one
    plan, made for the event of the 21500, which on 20000 events took minutes (a check of the
    whole store, not a paged query)."""
    if engine != "postgresql":
        return
    pg_support.execute(world.platform.path, f"""
        DELETE FROM ticket_date WHERE id LIKE 'bulk-date-%';
        DELETE FROM ticket WHERE id LIKE 'bulk-ticket-%';
        DELETE FROM ticket_holder WHERE id LIKE 'bulk-holder-%';
        DELETE FROM inventory_claim WHERE id = 'bulk-claim';
        UPDATE specification SET sold = sold - 20000, holders = holders - 20000 WHERE id = '{spec_id}';
        DELETE FROM buy_order WHERE id LIKE 'bulk-order-%';
        DELETE FROM event WHERE id LIKE 'bulk-event-%';
    """)


def test_every_page_reads_through_indexes_never_a_scan_or_a_sort(
    world: World, shop: Store, published_event: Event, engine: str
) -> None:
    """A page costs in proportion to its size: each list walks an index in its own order from
    the cursor and stops after the page, with or without a filter. Checked on the plans the engine
    makes for the very queries of a page, on both engines."""
    spec = spec_on_sale(shop, published_event.id, "Guest list", price=0)
    shop.tickets.comp(published_event.id, spec.id, holders=[(f"g{i:04}@example.com", f"Guest {i}") for i in range(1500)])
    orders = _orders(shop, published_event.id, 6)
    paid = pay(shop, orders[0])
    shop.orders.cancel(orders[1].id)
    # Two revoked tickets: the revocation list's cursor needs one, its page another after it.
    comps = [ticket.id for ticket in shop.tickets.list(published_event.id, first=3).nodes]
    shop.tickets.cancel(comps[0])
    shop.tickets.transfer(comps[1], to_name="Sam Berg", to_email="sam@example.com")
    code = shop.promo_codes.create(published_event.id, "EARLY", percent_off=1000)
    # A platform user with more tickets than a page, one of them with a refund in progress: the
    # refund activity and the buyer's tickets (tickets.mine) page through their own indexes. (For
    # a buyer of two tickets, PostgreSQL may rightly read both by a bitmap scan and sort them: a
    # sort of the buyer's few tickets, never of the table's.)
    desk = shop_store(world, SHOP_SCOPES | {"refunds"}, actor_id="desk")
    priced = spec_on_sale(shop, published_event.id, "Member ticket")
    mine = pay(shop, place(shop, published_event.id, [(priced.id, 120)], who=buyer("Ann Holm", user_id="user-ann")),
               "pi_ann")
    desk.refunds.start(ticket_id=mine.ticket_ids[0])
    _bulk_rows(world, engine, published_event, spec.id)
    event_id = published_event.id
    holder_cursor = shop.tickets.holders(event_id, first=5).end_cursor
    assert holder_cursor is not None
    reads: dict[str, Callable[[], object]] = {
        "revocations": lambda: shop.tickets.revocations(event_id, first=50),
        "revocations after": lambda: shop.tickets.revocations(event_id, first=50, after=comps[0]),
        "orders": lambda: shop.orders.list(event_id, first=50),
        "orders after": lambda: shop.orders.list(event_id, first=50, after=orders[2].id),
        "tickets": lambda: shop.tickets.list(event_id, first=50),
        "tickets after": lambda: shop.tickets.list(event_id, first=50, after=paid.ticket_ids[0]),
        "an order's tickets": lambda: shop.tickets.list(event_id, order_id=paid.id, after=paid.ticket_ids[0]),
        "events": lambda: shop.events.list(first=50, after=published_event.id),
        "promo codes": lambda: shop.promo_codes.list(event_id, first=50, after=code.id),
        "holders": lambda: shop.tickets.holders(event_id, first=50),
        "holders after": lambda: shop.tickets.holders(event_id, first=50, after=holder_cursor),
        "outbox": lambda: shop.outbox.pending(limit=50),
        "refund activity": lambda: shop.refunds.activity(event_id, first=50),
        "refund activity after": lambda: shop.refunds.activity(event_id, first=50, after=paid.ticket_ids[0]),
        "a buyer's tickets": lambda: shop.tickets.mine(user_id="user-ann", first=50),
        "a buyer's tickets after": lambda: shop.tickets.mine(user_id="user-ann", first=50, after=mine.ticket_ids[0]),
        "attendance": lambda: shop.door.attendance(event_id, first=50),
        "attendance after": lambda: shop.door.attendance(event_id, first=50, after=paid.ticket_ids[0]),
        # store.reports (sales, orders and refunds): the orders report pages like orders.list;
        # sales per specification reads the specifications' counters, not the ledger.
        "orders report": lambda: shop.reports.orders(event_id, first=50),
        "orders report after": lambda: shop.reports.orders(event_id, first=50, after=orders[2].id),
        "sales per specification": lambda: shop.reports.sales_per_specification(event_id),
        # ticket holders as rows page like tickets.holders; refund activity like refunds.activity.
        "ticket holders report": lambda: shop.reports.ticket_holders(event_id, first=50),
        "ticket holders report after": lambda: shop.reports.ticket_holders(event_id, first=50, after=holder_cursor),
        "paid ticket holders report": lambda: shop.reports.ticket_holders(
            event_id, order_state=OrderState.PAID, first=50, after=holder_cursor),
        "refund activity report": lambda: shop.reports.refund_activity(event_id, first=50),
        "refund activity report after": lambda: shop.reports.refund_activity(
            event_id, first=50, after=paid.ticket_ids[0]),
    }
    # The audit log, as the organization reads it and as the platform reads every organization's,
    # with each combination of its filters, from the start and after a sequence: a filter walks
    # the index that starts with it (an entity's, an operation's), not all the rows in sequence.
    needs: dict[str, str] = {
        "refund activity": "ticket_refund_activity", "refund activity after": "ticket_refund_activity",
        "refund activity report": "ticket_refund_activity",
        "refund activity report after": "ticket_refund_activity",
        "a buyer's tickets": "ticket_by_buyer_issued", "a buyer's tickets after": "ticket_by_buyer_issued",
        "attendance": "ticket_by_event", "attendance after": "ticket_by_event",
    }
    audited = shop.audit(operation="order.place", limit=1)[0]
    for reader_name, reader in (("organization", shop), ("platform", world.platform)):
        for entity_id in (None, audited.entity_id):
            for operation in (None, audited.operation):
                for after in (None, audited.sequence - 1):
                    name = f"audit as {reader_name} entity={entity_id} operation={operation} after={after}"
                    reads[name] = lambda r=reader, i=entity_id, o=operation, a=after: r.audit(
                        entity_id=i, operation=o, after=a, limit=50)
                    if entity_id is not None:
                        needs[name] = "audit_by_entity_sequence"
                    elif operation is not None:
                        needs[name] = {"organization": "audit_by_organization_operation",
                                       "platform": "audit_by_operation "}[reader_name]
    # The revocation list walks its own partial index (the event's tickets whose secret was
    # rotated), not the event's tickets from the first.
    needs["revocations"] = needs["revocations after"] = "ticket_revocation"
    # A filter on a rare state must walk the index that starts with the state, not skip through
    # the event's other orders (on SQLite for every state: its planner does not weigh rows).
    for order_state in OrderState:
        reads[f"orders {order_state.name}"] = lambda s=order_state: shop.orders.list(event_id, state=s, first=50)
        reads[f"orders {order_state.name} after"] = lambda s=order_state: shop.orders.list(
            event_id, state=s, first=50, after=orders[2].id)
        reads[f"orders report {order_state.name}"] = lambda s=order_state: shop.reports.orders(
            event_id, state=s, first=50, after=orders[2].id)
        if engine == "sqlite" or order_state is not OrderState.PAID:
            needs[f"orders {order_state.name}"] = needs[f"orders {order_state.name} after"] = "order_by_event "
            needs[f"orders report {order_state.name}"] = "order_by_event "
    for event_state in EventState:
        reads[f"events {event_state.name}"] = lambda s=event_state: shop.events.list(state=s, first=50)
        if engine == "sqlite" or event_state is not EventState.PUBLISHED:
            needs[f"events {event_state.name}"] = "event_by_state "
    problems: dict[str, object] = {}
    for name, read in reads.items():
        plans = _testing.query_plans(read)
        if not plans:
            problems[name] = "the page ran no query"
        elif found := plan_problems(plans, BIG_TABLES):
            problems[name] = found
        elif name in needs and not any(needs[name] in line for _, lines in plans for line in lines):
            problems[name] = plans
    _remove_bulk_rows(world, engine, spec.id)
    dump = os.environ.get("TICKETCORE_PLAN_PROBLEMS")  # a file to read the plans of a failure in
    if dump and problems:
        Path(dump).write_text(json.dumps(problems, indent=1))
    assert problems == {}


def _selects(read: Callable[[], object]) -> int:
    """How many SELECT statements ``read`` ran (each one a round trip on PostgreSQL)."""
    return len(_testing.query_plans(read))


def test_live_counts_and_sweeps_read_their_own_ran_out_holds_not_every_organizations(
    world: World, shop: Store, published_event: Event, engine: str
) -> None:
    # A specification's live counts leave out the holds that ran out and no sweep has closed yet.
    # Those are found through the event's pending orders (index order_hold_by_event), never
    # through order_due, which holds every event's, of every organization: one whose buyers
    # walked away keeps its ran-out holds until its next sale sweeps them.
    idle = other_organization(world, scopes=SHOP_SCOPES)
    idle_event = make_event(idle, published=True)
    idle_spec = spec_on_sale(idle, idle_event.id, "Walk-in")
    idle_orders = [place(idle, idle_event.id, [(idle_spec.id, 1)], who=buyer(f"Idle {i}", f"idle{i}@example.com"))
                   for i in range(5)]
    spec = spec_on_sale(shop, published_event.id, "Member", number_of_tickets_for_sale=10)
    place(shop, published_event.id, [(spec.id, 3)])
    world.clock.advance(DEFAULT_ORDER_HOLD)  # every hold above has run out; none is swept
    if engine == "postgresql":  # and many more of the idle organization's, as the planner weighs rows
        now = int(world.clock.now().timestamp() * 1_000_000)
        pg_support.execute(world.platform.path, f"""
            INSERT INTO buy_order (id, organization_id, event_id, buyer_id, state, comment, payment_gateway,
                                   currency, created_us, expires_us)
            SELECT 'idle-order-' || g, '{idle_event.organization_id}', '{idle_event.id}', '{idle_orders[0].buyer_id}', 'pending',
                   '', 'stripe', 'DKK', {now} - 1000000, {now} - g
            FROM generate_series(1, 20000) g;
            ANALYZE;
        """)
    plans = _testing.query_plans(lambda: shop.specifications.get(spec.id))
    lines = [line for _, plan in plans for line in plan]
    # The event's ran-out holds (order_hold_by_event); on PostgreSQL, whose statistics may find
    # the organization's as few, those (order_due_by_organization), or the event's pending orders
    # by hold in order_totals_by_event (organization, event, state, expires_us, ...): never every
    # organization's.
    indexes = (("order_hold_by_event",) if engine == "sqlite"
               else ("order_hold_by_event", "order_due_by_organization", "order_totals_by_event"))
    assert any(index in line for line in lines for index in indexes), plans
    assert not any(re.search(r"\border_due\b", line) for line in lines), plans
    live = shop.specifications.get(spec.id)
    assert (live.number_of_tickets_reserved, live.available) == (0, 10)
    # The sweep that every place and confirm runs first finds its own organization's due orders
    # (index order_due_by_organization), not every organization's.
    plans = _testing.query_plans(lambda: place(shop, published_event.id, [(spec.id, 1)], who=buyer("Di", "di@x.dk")))
    sweep = [(sql, plan) for sql, plan in plans if "expires_us <=" in sql and "FROM buy_order WHERE" in sql]
    assert sweep and all(any("order_due_by_organization" in line for line in plan) for _, plan in sweep), plans
    assert shop.specifications.get(spec.id).number_of_tickets_reserved == 1  # the 3 ran out and were swept


def test_a_specification_list_and_an_events_page_cost_the_same_statements_whatever_their_size(
    store: Store,
) -> None:
    # Each specification has names, pools and dates, and each event dates: they are read for the
    # whole list in one statement each, not once per row.
    small = make_event(store, dates=1, name="Small")
    large = make_event(store, dates=3, name="Large")
    for event, count in ((small, 1), (large, 12)):
        specs = [
            store.specifications.add(event.id, f"Ticket {index}", price=1000 + index, names={"da": f"Billet {index}"})
            for index in range(count)
        ]
        store.pools.create(event.id, "Floor", size=100, specification_ids=[spec.id for spec in specs])
        store.pools.create(event.id, "Balcony", size=50, specification_ids=[specs[0].id])
    for index in range(5):
        store.pools.create(large.id, f"Extra {index}", size=10)
    for index in range(10):
        make_event(store, dates=2, name=f"More {index}")

    assert _selects(lambda: store.specifications.list(small.id)) == _selects(
        lambda: store.specifications.list(large.id)
    )
    assert _selects(lambda: store.pools.list(small.id)) == _selects(lambda: store.pools.list(large.id))
    assert _selects(lambda: store.events.list(first=1)) == _selects(lambda: store.events.list(first=12))

    listed = store.specifications.list(large.id)
    assert [spec.name for spec in listed] == [f"Ticket {index}" for index in range(12)]
    assert [spec.names for spec in listed] == [{"da": f"Billet {index}"} for index in range(12)]
    floor, balcony, *_ = (pool.id for pool in store.pools.list(large.id))
    assert [spec.pool_ids for spec in listed] == [(floor, balcony)] + [(floor,)] * 11
    assert all(spec.event_date_ids == tuple(date.id for date in large.dates) for spec in listed)
    assert listed == [store.specifications.get(spec.id) for spec in listed]
    page = store.events.list(first=12)
    assert [event.name for event in page.nodes] == ["Small", "Large"] + [f"More {index}" for index in range(10)]
    assert [len(event.dates) for event in page.nodes] == [1, 3] + [2] * 10
    assert list(page.nodes) == [store.events.get(event.id) for event in page.nodes]
