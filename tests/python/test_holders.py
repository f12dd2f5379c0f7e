"""tickets.holders (seed 000's ticketHolders): one row per buyer with a ticket, in the order of
their first ticket, with the user, tickets and buy orders; paged by cursor (20 by default, at
most 50) and filterable by order state."""

from __future__ import annotations

from datetime import timedelta

import pytest

from helpers import (
    CLOCK_START,
    DEFAULT_ORDER_HOLD,
    World,
    buyer,
    make_event,
    pay,
    place,
    refused,
    spec_on_sale,
)
import pg_support
from ticketcore import BuyerDetails, Event, OrderState, Store, ValidationError, every
from ticketcore._core import _testing

MINUTE = timedelta(minutes=1)


def test_an_event_without_tickets_has_no_holders(shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id)
    place(shop, published_event.id, [(spec.id, 2)])  # pending only: not a holder yet
    page = shop.tickets.holders(published_event.id)
    assert (page.total_count, page.nodes, page.has_next_page, page.end_cursor) == (0, (), False, None)


def test_holders_come_in_the_order_of_their_first_ticket(world: World, shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id)
    clock = world.clock
    ann_first = place(shop, published_event.id, [(spec.id, 1)], who=buyer("Ann Berg"))
    clock.advance(MINUTE)
    bo_order = place(shop, published_event.id, [(spec.id, 2)], who=buyer("Bo Dahl"))
    clock.advance(MINUTE)
    pay(shop, bo_order)
    clock.advance(MINUTE)
    pay(shop, ann_first)
    clock.advance(MINUTE)
    (cy_ticket,) = shop.tickets.comp(published_event.id, spec.id, holders=[("cy@example.com", "Cy Holm")], note="Press")
    clock.advance(MINUTE)
    ann_second = pay(shop, place(shop, published_event.id, [(spec.id, 1)], who=buyer("Ann Berg")))
    ann_pending = place(shop, published_event.id, [(spec.id, 1)], who=buyer("Ann Berg"))

    page = shop.tickets.holders(published_event.id)
    assert page.total_count == 3
    assert page.has_next_page is False
    bo, ann, cy = page.nodes
    assert page.end_cursor == cy.id
    assert [holder.user.name for holder in page.nodes] == ["Bo Dahl", "Ann Berg", "Cy Holm"]
    assert [holder.issue_time for holder in page.nodes] == [
        CLOCK_START + 2 * MINUTE,
        CLOCK_START + 3 * MINUTE,
        CLOCK_START + 4 * MINUTE,
    ]
    assert {holder.event_id for holder in page.nodes} == {published_event.id}
    assert len({holder.id for holder in page.nodes}) == 3

    assert ann.user.id == ann_first.buyer_id
    assert [ticket.id for ticket in ann.tickets] == list(shop.orders.get(ann_first.id).ticket_ids + ann_second.ticket_ids)
    assert ann.tickets == tuple(shop.tickets.get(ticket.id) for ticket in ann.tickets)
    assert [order.id for order in ann.buy_orders] == [ann_first.id, ann_second.id, ann_pending.id]
    assert [order.state for order in ann.buy_orders] == [OrderState.PAID, OrderState.PAID, OrderState.PENDING]
    assert ann.buy_orders[2] == ann_pending
    assert bo.buy_orders == (shop.orders.get(bo_order.id),)
    assert len(bo.tickets) == 2
    assert cy.tickets == (cy_ticket,)
    assert cy.buy_orders == ()

    # The pending order reads as expired once its hold has run out.
    clock.advance(DEFAULT_ORDER_HOLD)
    ann_later = shop.tickets.holders(published_event.id).nodes[1]
    assert [order.state for order in ann_later.buy_orders] == [OrderState.PAID, OrderState.PAID, OrderState.EXPIRED]


def test_total_count_counts_each_holder_once_whichever_way_they_got_a_ticket(shop: Store, published_event: Event) -> None:
    """total_count is kept as counters (one per specification, summed): a holder counts once, at
    their first ticket, whether it came from an order, a comp or a door activation, and however
    many specifications and orders they buy later."""
    event_id = published_event.id
    member = spec_on_sale(shop, event_id, "Member")
    guest = spec_on_sale(shop, event_id, "Guest")
    door = spec_on_sale(shop, event_id, "Door", price=10000)
    ann = buyer("Ann Berg", "ann@example.com")
    shop.tickets.comp(event_id, guest.id, holders=[("ann@example.com", "Ann Berg"), ("cy@example.com", "Cy Holm")])
    assert shop.tickets.holders(event_id).total_count == 2
    pay(shop, place(shop, event_id, [(member.id, 1), (guest.id, 2)], who=ann))   # Ann again: no new holder
    pay(shop, place(shop, event_id, [(guest.id, 1), (member.id, 1)], who=buyer("Bo Dahl", "bo@example.com")))
    place(shop, event_id, [(member.id, 1)], who=buyer("Di Lund", "di@example.com"))   # pending: not yet
    assert shop.tickets.holders(event_id).total_count == 3
    (walk_up, again) = shop.tickets.pre_generate(event_id, door.id, quantity=2)
    assert shop.tickets.holders(event_id).total_count == 3   # unactivated tickets have no holder
    amount = door.price + door.ticket_platform_fee + door.percentage_fee_amount
    shop.tickets.activate(walk_up.id, holder_email="eve@example.com", holder_name="Eve", amount=amount, method="card")
    shop.tickets.activate(again.id, holder_email="bo@example.com", holder_name="Bo Dahl", amount=amount, method="card")
    page = shop.tickets.holders(event_id, first=2)
    assert page.total_count == 4
    assert [holder.user.email for holder in every(shop.tickets.holders, event_id)] == [
        "ann@example.com", "cy@example.com", "bo@example.com", "eve@example.com"]
    assert shop.check_integrity().ok
    # Another event's holders are its own.
    other = make_event(shop, published=True)
    other_spec = spec_on_sale(shop, other.id)
    pay(shop, place(shop, other.id, [(other_spec.id, 1)], who=ann))
    assert (shop.tickets.holders(other.id).total_count, shop.tickets.holders(event_id).total_count) == (1, 4)


@pytest.mark.corrupts_counters
def test_a_corrupted_holder_count_is_reported_by_check_integrity(shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id)
    pay(shop, place(shop, published_event.id, [(spec.id, 1)]))
    assert shop.check_integrity().ok
    _testing.corrupt_holder_counter(shop, spec.id, 2)
    assert shop.tickets.holders(published_event.id).total_count == 3   # the counter is what the page reads
    report = shop.check_integrity()
    assert report.ok is False
    assert [(m.entity_type, m.entity_id, m.counter, m.stored, m.recounted) for m in report.mismatches] == [
        ("event", published_event.id, "holders", 3, 1)]


def test_the_order_state_filter_narrows_each_holders_orders(world: World, shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id)
    paid = pay(shop, place(shop, published_event.id, [(spec.id, 1)]))
    cancelled = shop.orders.cancel(place(shop, published_event.id, [(spec.id, 1)]).id)
    expired = place(shop, published_event.id, [(spec.id, 1)])
    world.clock.advance(DEFAULT_ORDER_HOLD)
    pending = place(shop, published_event.id, [(spec.id, 1)])
    shop.tickets.comp(published_event.id, spec.id, holders=[("vip@example.com", "Vip")])

    def orders_by_holder(state: OrderState | None) -> list[list[str]]:
        page = shop.tickets.holders(published_event.id, order_state=state)
        assert page.total_count == 2
        return [[order.id for order in holder.buy_orders] for holder in page.nodes]

    assert orders_by_holder(None) == [[paid.id, cancelled.id, expired.id, pending.id], []]
    assert orders_by_holder(OrderState.PAID) == [[paid.id], []]
    assert orders_by_holder(OrderState.PENDING) == [[pending.id], []]
    assert orders_by_holder(OrderState.EXPIRED) == [[expired.id], []]
    assert orders_by_holder(OrderState.CANCELLED) == [[cancelled.id], []]
    (alex, _) = shop.tickets.holders(published_event.id, order_state=OrderState.PAID).nodes
    assert alex.buy_orders[0].event_tickets[0].ticket_specification_id == spec.id
    assert alex.buy_orders[0].charge_session_id == "pi_1"


def test_the_user_of_a_holder(shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id)
    member = BuyerDetails(
        "Alex Reyes", "alex@example.com", user_id="u-42", phone="+45 12 34 56 78", avatar_url="https://cdn.example/a.png"
    )
    pay(shop, place(shop, published_event.id, [(spec.id, 1)], who=member))
    pay(shop, place(shop, published_event.id, [(spec.id, 1)], who=buyer("Kim Lee")))
    alex, kim = shop.tickets.holders(published_event.id).nodes
    assert alex.user.user_id == "u-42"
    assert alex.user.is_guest is False
    assert (alex.user.name, alex.user.email) == ("Alex Reyes", "alex@example.com")
    assert (alex.user.phone, alex.user.avatar_url) == ("+45 12 34 56 78", "https://cdn.example/a.png")
    assert (kim.user.user_id, kim.user.is_guest) == (None, True)
    assert (kim.user.name, kim.user.email, kim.user.phone, kim.user.avatar_url) == (
        "Kim Lee",
        "kim@example.com",
        "",
        "",
    )
    # A later order updates name and e-mail; an empty phone or avatar keeps the known one.
    place(shop, published_event.id, [(spec.id, 1)], who=BuyerDetails("Alex R.", "alex@work.example", user_id="u-42"))
    alex_now = shop.tickets.holders(published_event.id).nodes[0]
    assert alex_now.id == alex.id
    assert (alex_now.user.id, alex_now.user.name, alex_now.user.email) == (alex.user.id, "Alex R.", "alex@work.example")
    assert (alex_now.user.phone, alex_now.user.avatar_url) == ("+45 12 34 56 78", "https://cdn.example/a.png")


def test_holders_belong_to_one_event(shop: Store, published_event: Event) -> None:
    other = make_event(shop, name="Other", published=True)
    here = spec_on_sale(shop, published_event.id)
    there = spec_on_sale(shop, other.id)
    pay(shop, place(shop, published_event.id, [(here.id, 1)]))
    pay(shop, place(shop, other.id, [(there.id, 1)]))
    (holder_here,) = shop.tickets.holders(published_event.id).nodes
    (holder_there,) = shop.tickets.holders(other.id).nodes
    assert holder_here.user == holder_there.user  # one buyer of the organization
    assert holder_here.id != holder_there.id
    assert [ticket.event_id for ticket in holder_here.tickets] == [published_event.id]
    assert [order.event_id for order in holder_there.buy_orders] == [other.id]
    refused(
        shop,
        lambda: shop.tickets.holders(published_event.id, after=holder_there.id),
        ValidationError,
        "invalid_cursor",
        f"Cursor '{holder_there.id}' is not a holder of this event",
    )


def _comp_holders(shop: Store, event_id: str, count: int) -> list[str]:
    spec = spec_on_sale(shop, event_id, "Guest list", price=0)
    holders = [(f"guest{index:03}@example.com", f"Guest {index:03}") for index in range(count)]
    shop.tickets.comp(event_id, spec.id, holders=holders)
    return [email for email, _ in holders]


def test_paging_with_a_cursor(shop: Store, published_event: Event) -> None:
    emails = _comp_holders(shop, published_event.id, 5)
    seen: list[str] = []
    after: str | None = None
    pages = []
    while True:
        page = shop.tickets.holders(published_event.id, first=2, after=after)
        assert page.total_count == 5
        pages.append((len(page.nodes), page.has_next_page))
        seen.extend(holder.user.email for holder in page.nodes)
        assert page.end_cursor == page.nodes[-1].id
        if not page.has_next_page:
            break
        after = page.end_cursor
    assert pages == [(2, True), (2, True), (1, False)]
    assert seen == emails
    last = shop.tickets.holders(published_event.id, first=2, after=page.end_cursor)
    assert (last.total_count, last.nodes, last.has_next_page, last.end_cursor) == (5, (), False, None)
    exact = shop.tickets.holders(published_event.id, first=5)
    assert (len(exact.nodes), exact.has_next_page) == (5, False)


def test_the_page_size_defaults_to_20_and_is_at_most_50(shop: Store, published_event: Event) -> None:
    emails = _comp_holders(shop, published_event.id, 51)
    default = shop.tickets.holders(published_event.id)
    assert (default.total_count, len(default.nodes), default.has_next_page) == (51, 20, True)
    assert [holder.user.email for holder in default.nodes] == emails[:20]
    widest = shop.tickets.holders(published_event.id, first=50)
    assert (len(widest.nodes), widest.has_next_page) == (50, True)
    rest = shop.tickets.holders(published_event.id, first=50, after=widest.end_cursor)
    assert [holder.user.email for holder in rest.nodes] == emails[50:]
    assert rest.has_next_page is False


@pytest.mark.parametrize("first", [0, -1, 51, 1000])
def test_page_sizes_outside_1_to_50_are_refused(shop: Store, published_event: Event, first: int) -> None:
    refused(
        shop,
        lambda: shop.tickets.holders(published_event.id, first=first),
        ValidationError,
        "invalid_page_size",
        "first must be between 1 and 50",
    )


def test_an_unknown_cursor_is_refused(shop: Store, published_event: Event) -> None:
    _comp_holders(shop, published_event.id, 2)
    refused(
        shop,
        lambda: shop.tickets.holders(published_event.id, after="nope"),
        ValidationError,
        "invalid_cursor",
        "Cursor 'nope' is not a holder of this event",
    )


def test_paging_neither_skips_nor_repeats_holders_added_meanwhile(
    world: World, shop: Store, published_event: Event
) -> None:
    spec = spec_on_sale(shop, published_event.id, price=0)
    for name in ("Ann Berg", "Bo Dahl", "Cy Holm"):
        pay(shop, place(shop, published_event.id, [(spec.id, 1)], who=buyer(name)))
    first = shop.tickets.holders(published_event.id, first=2)
    world.clock.advance(MINUTE)
    pay(shop, place(shop, published_event.id, [(spec.id, 1)], who=buyer("Di Lund")))
    pay(shop, place(shop, published_event.id, [(spec.id, 1)], who=buyer("Ann Berg")))  # not a new holder
    second = shop.tickets.holders(published_event.id, first=2, after=first.end_cursor)
    assert [holder.user.name for holder in first.nodes + second.nodes] == ["Ann Berg", "Bo Dahl", "Cy Holm", "Di Lund"]
    assert (second.total_count, second.has_next_page) == (4, False)


def test_a_guest_keeps_the_name_first_given(shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id)
    pay(shop, place(shop, published_event.id, [(spec.id, 1)], who=BuyerDetails("Alex Reyes", "alex@example.com")))
    later = place(
        shop, published_event.id, [(spec.id, 1)], who=BuyerDetails("A. R.", "ALEX@example.com", phone="+45 11 22 33 44")
    )
    (comp,) = shop.tickets.comp(published_event.id, spec.id, holders=[("Alex@Example.com", "Guest of honour")])
    (holder,) = shop.tickets.holders(published_event.id).nodes
    assert holder.user.id == later.buyer_id == comp.buyer_id
    assert (holder.user.name, holder.user.email, holder.user.phone) == ("Alex Reyes", "alex@example.com", "+45 11 22 33 44")
    # The ticket carries the name it was issued to.
    assert (comp.holder_name, comp.holder_email) == ("Guest of honour", "Alex@Example.com")


def _full_scans(plans: list[tuple[str, list[str]]], tables: tuple[str, ...]) -> list[tuple[str, str]]:
    """The plan lines that read a whole table of `tables` (SQLite's SCAN, PostgreSQL's Seq Scan)."""
    found = []
    for sql, lines in plans:
        for line in lines:
            words = line.replace("Seq Scan on ", "SCAN ").split()
            if len(words) >= 2 and words[0] == "SCAN" and words[1] in tables:
                found.append((line, sql))
    return found


def test_a_holders_page_reads_through_indexes_never_the_events_tickets(
    world: World, shop: Store, published_event: Event, engine: str
) -> None:
    """A page costs in proportion to its holders: each holder's tickets and orders are reached
    through the holder's own rows (indexes by buyer), never by walking the event's tickets or
    orders. Checked on the plans the engine makes for the very queries of a page."""
    _comp_holders(shop, published_event.id, 1500)
    spec = spec_on_sale(shop, published_event.id, "Member", price=10000)
    for index in range(40):
        pay(shop, place(shop, published_event.id, [(spec.id, 1)], who=buyer(f"Buyer {index}", f"b{index}@example.com")))
    if engine == "postgresql":
        pg_support.execute(world.platform.path, "ANALYZE")  # the planner's statistics, as in production
    plans = _testing.query_plans(lambda: shop.tickets.holders(published_event.id, first=50))
    assert plans, "the page ran no query"
    assert _full_scans(plans, ("ticket", "buy_order", "order_line", "ticket_holder", "ticket_date", "t", "o", "l", "td")) == []
    # The holders themselves: walked in order of their first ticket from the cursor (schema 6 / 2).
    assert any("ticket_holder_by_issue" in line for _, lines in plans for line in lines)
    # Nor through the indexes that walk all of the event's tickets or orders.
    walks = [(line, sql) for sql, lines in plans for line in lines
             if "ticket_by_event" in line or "order_by_event" in line]
    assert walks == []
    page = shop.tickets.holders(published_event.id, first=50)
    assert (page.total_count, len(page.nodes), page.has_next_page) == (1540, 50, True)
