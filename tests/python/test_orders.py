"""Online orders: placing (lines, exact prices, every refusal), paying, cancelling, idempotency,
live counts, queries and permissions."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from helpers import (
    CLOCK_START,
    DEFAULT_ORDER_HOLD,
    SHOP_SCOPES,
    World,
    buyer,
    counts,
    dkk,
    make_event,
    open_world,
    org_actor,
    other_organization,
    outbox_topics,
    pay,
    place,
    pool_counts,
    refused,
    sales_snapshot,
    shop_store,
    spec_on_sale,
)
from ticketcore import (
    Actor,
    BuyerDetails,
    CapacityError,
    ConflictError,
    Event,
    ManualClock,
    Money,
    NotFoundError,
    OrderState,
    PermissionDeniedError,
    RoundingMode,
    Store,
    TicketcoreError,
    TicketKind,
    TicketState,
    ValidationError,
    Visibility,
)

# --- placing -------------------------------------------------------------------------------


def test_place_makes_a_pending_order_holding_its_tickets(world: World, shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id, number_of_tickets_for_sale=10)
    order = place(shop, published_event.id, [(spec.id, 2)], comment="Aisle seats", payment_gateway="stripe")

    assert order.state is OrderState.PENDING
    assert order.event_id == published_event.id
    assert order.created == CLOCK_START
    assert order.expires == CLOCK_START + DEFAULT_ORDER_HOLD
    assert order.comment == "Aisle seats"
    assert order.payment_gateway == "stripe"
    assert order.paid_at is None
    assert order.charge_session_id is None
    assert order.promo_code is None
    assert order.paid_without_capacity is False
    assert order.ticket_ids == ()
    assert len(order.event_tickets) == 1
    line = order.event_tickets[0]
    assert (line.ticket_specification_id, line.amount, line.unit_price) == (spec.id, 2, dkk(25000))
    assert order.total == dkk(50000)
    assert shop.orders.get(order.id) == order
    assert shop.orders.list(published_event.id).nodes == (order,)
    assert shop.tickets.list(published_event.id).nodes == ()
    assert counts(shop, spec.id) == (0, 2, 8)
    assert [entry.operation for entry in shop.audit(entity_id=order.id)] == ["order.place"]
    assert outbox_topics(shop) == ["order.placed"]
    (placed,) = shop.outbox.pending()
    assert placed.entity_id == order.id
    assert placed.data == {
        "order_id": order.id,
        "event_id": published_event.id,
        "buyer": {"id": order.buyer_id, "name": "Alex Reyes", "email": "alex@example.com"},
        "total": {"minor": 50000, "currency": "DKK"},
        "expires": int((order.expires.timestamp()) * 1_000_000),
    }


def test_what_place_and_confirm_return_is_what_get_reads(world: World, shop: Store, published_event: Event) -> None:
    # place and confirm_payment build the order they return from what they wrote, without reading
    # it back: every field must equal what get() reads, for every shape an order takes (several
    # lines, a promo code with a discount, a payment on time, a late payment that takes the
    # capacity again, a late payment flagged for a refund).
    a = spec_on_sale(shop, published_event.id, "A", price=25000, number_of_tickets_for_sale=4)
    b = spec_on_sale(shop, published_event.id, "B", price=9950, number_of_tickets_for_sale=10)
    shop.promo_codes.create(published_event.id, "TENOFF", percent_off=1000)
    orders = [
        place(shop, published_event.id, [(a.id, 3), (b.id, 1)], promo_code="TENOFF", comment="Box 4",
              payment_gateway="stripe", who=buyer("Ann Berg")),
        place(shop, published_event.id, [(b.id, 2)], who=buyer("Bo Dahl")),
        place(shop, published_event.id, [(a.id, 1)], who=buyer("Cy Lund")),
    ]
    assert orders[0].promo_code == "TENOFF" and orders[0].price.discount == dkk(8495)
    assert [line.amount for line in orders[0].event_tickets] == [3, 1]
    for order in orders:
        assert shop.orders.get(order.id) == order
    paid = pay(shop, orders[0], "pi_ann")
    assert (paid.state, paid.charge_session_id, paid.paid_at, len(paid.ticket_ids)) == (
        OrderState.PAID, "pi_ann", CLOCK_START, 4)
    assert shop.orders.get(paid.id) == paid
    world.clock.advance(DEFAULT_ORDER_HOLD + timedelta(minutes=1))
    late = pay(shop, orders[1], "pi_bo", gateway="mobilepay")
    assert (late.state, late.payment_gateway, late.paid_at, len(late.ticket_ids)) == (
        OrderState.PAID, "mobilepay", CLOCK_START + DEFAULT_ORDER_HOLD + timedelta(minutes=1), 2)
    assert shop.orders.get(late.id) == late
    place(shop, published_event.id, [(a.id, 1)], who=buyer("Dee Holm"))  # takes the ticket Cy's hold had
    flagged = pay(shop, orders[2], "pi_cy")
    assert (flagged.state, flagged.paid_without_capacity, flagged.ticket_ids) == (OrderState.EXPIRED, True, ())
    assert shop.orders.get(flagged.id) == flagged



@pytest.mark.parametrize(
    "hold", [timedelta(minutes=5), timedelta(hours=2), timedelta(seconds=1), timedelta(microseconds=1)]
)
def test_the_hold_is_configured_when_opening(location: str, hold: timedelta) -> None:
    world = open_world(location, order_hold=hold)
    shop = shop_store(world)
    event = make_event(shop, published=True)
    spec = spec_on_sale(shop, event.id)
    order = place(shop, event.id, [(spec.id, 1)])
    assert order.created == CLOCK_START
    assert order.expires == CLOCK_START + hold
    assert world.platform.check_integrity().ok


@pytest.mark.parametrize(
    "hold",
    [
        timedelta(0),
        timedelta(microseconds=-1),
        timedelta(days=-1),
        timedelta(days=366, microseconds=1),
        timedelta(days=3_000_000),
        timedelta.max,
        timedelta.min,
    ],
)
def test_a_hold_must_be_longer_than_zero_and_at_most_366_days(location: str, hold: timedelta) -> None:
    import ticketcore

    with pytest.raises(ValidationError) as caught:
        ticketcore.open(location, order_hold=hold)
    assert caught.value.code == "invalid_order_hold"
    assert str(caught.value) == "The order hold must be longer than zero and at most 366 days"


def test_the_longest_hold(location: str) -> None:
    long = open_world(location, order_hold=timedelta(days=366))
    shop = shop_store(long)
    event = make_event(shop, published=True)
    spec = spec_on_sale(shop, event.id)
    assert place(shop, event.id, [(spec.id, 1)]).expires == CLOCK_START + timedelta(days=366)


def test_the_hold_must_be_a_timedelta(location: str) -> None:
    import ticketcore

    with pytest.raises(TypeError):
        ticketcore.open(location, order_hold=900)  # type: ignore[arg-type]


def test_exact_price_breakdown_per_line_and_in_total(shop: Store) -> None:
    # 2.5 % percentage fee and 5.00 platform fee from the event; spec B overrides both.
    event = make_event(shop, dates=1, published=True, platform_fee=500, percentage_fee=250)
    a = spec_on_sale(shop, event.id, "A", price=25000)
    b = spec_on_sale(shop, event.id, "B", price=10001, ticket_platform_fee=199, ticket_percentage_fee=333)
    assert a.percentage_fee_amount == dkk(625)
    assert b.percentage_fee_amount == dkk(333)  # 333.0333 rounded

    order = place(shop, event.id, [(a.id, 3), (b.id, 2)])
    line_a, line_b = order.event_tickets
    assert (line_a.ticket_specification_id, line_a.amount) == (a.id, 3)
    assert (line_a.unit_price, line_a.subtotal, line_a.discount) == (dkk(25000), dkk(75000), dkk(0))
    assert (line_a.platform_fee, line_a.percentage_fee) == (dkk(1500), dkk(1875))
    assert line_a.vat == dkk(15000)  # 25 % included in 750.00
    assert line_a.total == dkk(78375)
    assert (line_b.ticket_specification_id, line_b.amount) == (b.id, 2)
    assert (line_b.unit_price, line_b.subtotal, line_b.discount) == (dkk(10001), dkk(20002), dkk(0))
    assert (line_b.platform_fee, line_b.percentage_fee) == (dkk(398), dkk(666))
    assert line_b.vat == dkk(4000)  # 4000.4 rounded
    assert line_b.total == dkk(21066)

    price = order.price
    assert price.subtotal == dkk(95002)
    assert price.discount == dkk(0)
    assert price.platform_fee == dkk(1898)
    assert price.percentage_fee == dkk(2541)
    assert price.vat == dkk(19000)
    assert price.total == dkk(99441)
    assert order.total == price.total
    for field in ("subtotal", "discount", "platform_fee", "percentage_fee", "vat", "total"):
        assert getattr(line_a, field) + getattr(line_b, field) == getattr(price, field), field
    for line in order.event_tickets:
        assert line.total == line.subtotal - line.discount + line.platform_fee + line.percentage_fee


@pytest.mark.parametrize(
    ("vat_rate", "price", "vat"),
    [(0, 25000, 0), (2500, 25000, 5000), (1200, 11200, 1200), (10000, 1002, 501), (2500, 1001, 200)],
)
def test_vat_is_included_at_the_events_rate(shop: Store, vat_rate: int, price: int, vat: int) -> None:
    event = make_event(shop, published=True, vat_rate=vat_rate)
    spec = spec_on_sale(shop, event.id, price=price)
    order = place(shop, event.id, [(spec.id, 1)])
    assert order.price.vat == dkk(vat)
    assert order.event_tickets[0].vat == dkk(vat)
    assert order.total == dkk(price)  # VAT is included, not added


@pytest.mark.parametrize(("rounding", "vat"), [(RoundingMode.HALF_UP, 501), (RoundingMode.HALF_EVEN, 500)])
def test_vat_rounds_with_the_organizations_mode(location: str, rounding: RoundingMode, vat: int) -> None:
    world = open_world(location, rounding=rounding)
    shop = shop_store(world)
    event = make_event(shop, published=True, vat_rate=10000)
    spec = spec_on_sale(shop, event.id, price=1001)  # 500.5 øre of VAT
    assert place(shop, event.id, [(spec.id, 1)]).price.vat == dkk(vat)


def test_a_free_ticket_costs_only_its_fees(shop: Store) -> None:
    event = make_event(shop, published=True, platform_fee=300, percentage_fee=500)
    spec = spec_on_sale(shop, event.id, price=0)
    order = place(shop, event.id, [(spec.id, 2)])
    assert order.price.subtotal == dkk(0)
    assert order.price.platform_fee == dkk(600)
    assert order.price.percentage_fee == dkk(0)
    assert order.price.vat == dkk(0)
    assert order.total == dkk(600)


def test_duplicate_items_are_merged_in_first_seen_order(shop: Store, published_event: Event) -> None:
    a = spec_on_sale(shop, published_event.id, "A", number_of_tickets_for_sale=10)
    b = spec_on_sale(shop, published_event.id, "B", number_of_tickets_for_sale=10)
    order = place(shop, published_event.id, [(a.id, 1), (b.id, 2), (a.id, 2)])
    assert [(line.ticket_specification_id, line.amount) for line in order.event_tickets] == [(a.id, 3), (b.id, 2)]
    assert order.price.subtotal == dkk(125000)
    assert counts(shop, a.id) == (0, 3, 7)
    assert counts(shop, b.id) == (0, 2, 8)
    paid = pay(shop, order)
    tickets = shop.tickets.list(published_event.id, order_id=order.id).nodes
    assert [ticket.ticket_specification_id for ticket in tickets] == [a.id, a.id, a.id, b.id, b.id]
    assert paid.ticket_ids == tuple(ticket.id for ticket in tickets)


# --- refusals: exact error, nothing written ------------------------------------------------

Case = Callable[[World, Store, Event], Callable[[], object]]


def _draft_event(world: World, shop: Store, event: Event) -> Callable[[], object]:
    draft = make_event(shop, name="Draft")
    spec = spec_on_sale(shop, draft.id)
    return lambda: place(shop, draft.id, [(spec.id, 1)])


def _completed_event(world: World, shop: Store, event: Event) -> Callable[[], object]:
    spec = spec_on_sale(shop, event.id)
    shop.events.complete(event.id)
    return lambda: place(shop, event.id, [(spec.id, 1)])


def _inactive(world: World, shop: Store, event: Event) -> Callable[[], object]:
    spec = shop.specifications.add(event.id, "Inactive", price=25000)
    return lambda: place(shop, event.id, [(spec.id, 1)])


def _deactivated(world: World, shop: Store, event: Event) -> Callable[[], object]:
    spec = spec_on_sale(shop, event.id)
    shop.specifications.set_active(spec.id, False)
    return lambda: place(shop, event.id, [(spec.id, 1)])


def _not_started(world: World, shop: Store, event: Event) -> Callable[[], object]:
    spec = spec_on_sale(shop, event.id, sale_start=CLOCK_START + timedelta(microseconds=1))
    return lambda: place(shop, event.id, [(spec.id, 1)])


def _ended(world: World, shop: Store, event: Event) -> Callable[[], object]:
    spec = spec_on_sale(shop, event.id, sale_start=CLOCK_START - timedelta(days=1), sale_end=CLOCK_START)
    return lambda: place(shop, event.id, [(spec.id, 1)])


def _private(world: World, shop: Store, event: Event) -> Callable[[], object]:
    spec = spec_on_sale(shop, event.id, visibility=Visibility.PRIVATE)
    return lambda: place(shop, event.id, [(spec.id, 1)])


def _invite_only(world: World, shop: Store, event: Event) -> Callable[[], object]:
    spec = spec_on_sale(shop, event.id, visibility=Visibility.INVITE_ONLY)
    return lambda: place(shop, event.id, [(spec.id, 1)])


def _code_unlocking_another_spec(world: World, shop: Store, event: Event) -> Callable[[], object]:
    spec = spec_on_sale(shop, event.id, "Hidden", visibility=Visibility.INVITE_ONLY)
    other = spec_on_sale(shop, event.id, "Other hidden", visibility=Visibility.PRIVATE)
    shop.promo_codes.create(event.id, "BACKSTAGE", unlocks=[other.id])
    return lambda: place(shop, event.id, [(spec.id, 1)], promo_code="BACKSTAGE")


def _zero(world: World, shop: Store, event: Event) -> Callable[[], object]:
    spec = spec_on_sale(shop, event.id)
    return lambda: place(shop, event.id, [(spec.id, 0)])


def _negative(world: World, shop: Store, event: Event) -> Callable[[], object]:
    spec = spec_on_sale(shop, event.id)
    return lambda: place(shop, event.id, [(spec.id, 3), (spec.id, -1)])


def _merged_overflow(world: World, shop: Store, event: Event) -> Callable[[], object]:
    spec = spec_on_sale(shop, event.id)
    return lambda: place(shop, event.id, [(spec.id, 2**62), (spec.id, 2**62)])


def _money_overflow(world: World, shop: Store, event: Event) -> Callable[[], object]:
    spec = spec_on_sale(shop, event.id, price=2**62)
    return lambda: place(shop, event.id, [(spec.id, 2)])


def _no_items(world: World, shop: Store, event: Event) -> Callable[[], object]:
    return lambda: place(shop, event.id, [])


def _other_event(world: World, shop: Store, event: Event) -> Callable[[], object]:
    other = make_event(shop, name="Other", published=True)
    spec = spec_on_sale(shop, other.id)
    return lambda: place(shop, event.id, [(spec.id, 1)])


def _unknown_spec(world: World, shop: Store, event: Event) -> Callable[[], object]:
    return lambda: place(shop, event.id, [("no-such-spec", 1)])


def _unknown_event(world: World, shop: Store, event: Event) -> Callable[[], object]:
    spec = spec_on_sale(shop, event.id)
    return lambda: place(shop, "no-such-event", [(spec.id, 1)])


def _over_quota(world: World, shop: Store, event: Event) -> Callable[[], object]:
    spec = spec_on_sale(shop, event.id, number_of_tickets_for_sale=5)
    place(shop, event.id, [(spec.id, 2)], who=buyer("Kim Lee"))
    return lambda: place(shop, event.id, [(spec.id, 4)])


def _second_line_over_quota(world: World, shop: Store, event: Event) -> Callable[[], object]:
    a = spec_on_sale(shop, event.id, "A", number_of_tickets_for_sale=5)
    b = spec_on_sale(shop, event.id, "B", number_of_tickets_for_sale=1)
    return lambda: place(shop, event.id, [(a.id, 2), (b.id, 2)])


def _over_pool(world: World, shop: Store, event: Event) -> Callable[[], object]:
    a = spec_on_sale(shop, event.id, "A", number_of_tickets_for_sale=10)
    b = spec_on_sale(shop, event.id, "B")
    shop.pools.create(event.id, "Hall", size=4, specification_ids=[a.id, b.id])
    place(shop, event.id, [(b.id, 3)], who=buyer("Kim Lee"))
    return lambda: place(shop, event.id, [(a.id, 2)])


def _per_user(world: World, shop: Store, event: Event) -> Callable[[], object]:
    spec = spec_on_sale(shop, event.id, maximum_number_of_tickets_per_user=4)
    place(shop, event.id, [(spec.id, 3)])
    return lambda: place(shop, event.id, [(spec.id, 2)])


def _per_user_over_lines(world: World, shop: Store, event: Event) -> Callable[[], object]:
    spec = spec_on_sale(shop, event.id, maximum_number_of_tickets_per_user=4)
    return lambda: place(shop, event.id, [(spec.id, 2), (spec.id, 3)])


def _blank_name(world: World, shop: Store, event: Event) -> Callable[[], object]:
    spec = spec_on_sale(shop, event.id)
    return lambda: place(shop, event.id, [(spec.id, 1)], who=BuyerDetails("  ", "alex@example.com"))


def _bad_email(world: World, shop: Store, event: Event) -> Callable[[], object]:
    spec = spec_on_sale(shop, event.id)
    return lambda: place(shop, event.id, [(spec.id, 1)], who=BuyerDetails("Alex", "alex.example.com"))


def _blank_user_id(world: World, shop: Store, event: Event) -> Callable[[], object]:
    spec = spec_on_sale(shop, event.id)
    return lambda: place(shop, event.id, [(spec.id, 1)], who=BuyerDetails("Alex", "alex@example.com", user_id=" "))


def _unknown_code(world: World, shop: Store, event: Event) -> Callable[[], object]:
    spec = spec_on_sale(shop, event.id)
    return lambda: place(shop, event.id, [(spec.id, 1)], promo_code="NOPE")


def _empty_key(world: World, shop: Store, event: Event) -> Callable[[], object]:
    spec = spec_on_sale(shop, event.id)
    return lambda: place(shop, event.id, [(spec.id, 1)], idempotency_key="")


REFUSALS: dict[str, tuple[Case, type[TicketcoreError], str, str | None]] = {
    "draft event": (_draft_event, ConflictError, "event_not_published", "Cannot buy tickets for an event, which is not published"),
    "completed event": (_completed_event, ConflictError, "event_not_published", None),
    "inactive spec": (_inactive, ConflictError, "specification_inactive", None),
    "deactivated spec": (_deactivated, ConflictError, "specification_inactive", None),
    "sale not started": (_not_started, ConflictError, "sale_not_started", None),
    "sale ended": (_ended, ConflictError, "sale_ended", None),
    "private": (_private, PermissionDeniedError, "specification_locked", None),
    "invite-only": (_invite_only, PermissionDeniedError, "specification_locked", None),
    "code unlocking another spec": (_code_unlocking_another_spec, PermissionDeniedError, "specification_locked", None),
    "quantity 0": (_zero, ValidationError, "invalid_quantity", "Quantity must be greater than 0"),
    "negative quantity": (_negative, ValidationError, "invalid_quantity", "Quantity must be greater than 0"),
    "merged quantities overflow": (_merged_overflow, ValidationError, "number_out_of_range", "Quantity is out of range"),
    "total overflows": (_money_overflow, ValidationError, "money_overflow", "Money amount is out of range"),
    "no items": (_no_items, ValidationError, "no_items", "An order needs at least one item"),
    "spec of another event": (_other_event, ValidationError, "specification_other_event", None),
    "unknown spec": (
        _unknown_spec,
        NotFoundError,
        "specification_not_found",
        "Ticket specification with id: no-such-spec not found.",
    ),
    "unknown event": (_unknown_event, NotFoundError, "event_not_found", "Event with id: no-such-event not found."),
    "over the quota": (_over_quota, CapacityError, "sold_out", None),
    "second line over its quota": (_second_line_over_quota, CapacityError, "sold_out", None),
    "over a pool": (_over_pool, CapacityError, "pool_sold_out", None),
    "per user over orders": (_per_user, CapacityError, "too_many_tickets_per_user", "Too many tickets per user"),
    "per user over lines": (_per_user_over_lines, CapacityError, "too_many_tickets_per_user", "Too many tickets per user"),
    "blank name": (_blank_name, ValidationError, "name_required", "Name is required"),
    "invalid e-mail": (_bad_email, ValidationError, "invalid_email", "Invalid e-mail address: 'alex.example.com'"),
    "blank user id": (_blank_user_id, ValidationError, "user_id_required", "User id cannot be empty"),
    "unknown promo code": (_unknown_code, NotFoundError, "promo_code_not_found", "Promo code 'NOPE' not found."),
    "empty idempotency key": (_empty_key, ValidationError, "invalid_idempotency_key", "idempotency_key cannot be empty or blank"),
}


@pytest.mark.parametrize("case", list(REFUSALS))
def test_refused_orders_write_nothing(world: World, shop: Store, published_event: Event, case: str) -> None:
    build, error, code, message = REFUSALS[case]
    call = build(world, shop, published_event)
    refused(shop, call, error, code, message)


def test_an_order_holds_at_most_10000_tickets(shop: Store, published_event: Event) -> None:
    a = spec_on_sale(shop, published_event.id, "A", price=0)
    b = spec_on_sale(shop, published_event.id, "B", price=0)
    for items in ([(a.id, 10**12)], [(a.id, 5000), (b.id, 5001)], [(a.id, 9000), (b.id, 1), (a.id, 1000)]):
        refused(
            shop,
            lambda items=items: place(shop, published_event.id, items),  # type: ignore[misc]
            ValidationError,
            "order_too_large",
            "An order holds at most 10000 tickets",
        )
    order = place(shop, published_event.id, [(a.id, 9999), (b.id, 1)])
    assert sum(line.amount for line in order.event_tickets) == 10000


def test_refusal_messages_name_the_specification(shop: Store, published_event: Event) -> None:
    inactive = shop.specifications.add(published_event.id, "Inactive", price=0)
    later = spec_on_sale(shop, published_event.id, "Later", sale_start=CLOCK_START + timedelta(days=1))
    over = spec_on_sale(shop, published_event.id, "Over", sale_end=CLOCK_START - timedelta(seconds=1))
    hidden = spec_on_sale(shop, published_event.id, "Hidden", visibility=Visibility.PRIVATE)
    small = spec_on_sale(shop, published_event.id, "Small", number_of_tickets_for_sale=1)
    other = make_event(shop, name="Other", published=True)
    foreign = spec_on_sale(shop, other.id)
    pool_spec = spec_on_sale(shop, published_event.id, "Pooled")
    pool = shop.pools.create(published_event.id, "Hall", size=1, specification_ids=[pool_spec.id])
    expected = [
        (inactive.id, ConflictError, "specification_inactive", f"Ticket specification with id: {inactive.id} is not active"),
        (later.id, ConflictError, "sale_not_started", f"Sale of ticket specification with id: {later.id} has not started"),
        (over.id, ConflictError, "sale_ended", f"Sale of ticket specification with id: {over.id} has ended"),
        (
            hidden.id,
            PermissionDeniedError,
            "specification_locked",
            f"Ticket specification with id: {hidden.id} requires an access code",
        ),
        (
            small.id,
            CapacityError,
            "sold_out",
            f"Not enough tickets available for ticket specification with id: {small.id}",
        ),
        (
            foreign.id,
            ValidationError,
            "specification_other_event",
            f"Ticket specification with id: {foreign.id} belongs to another event",
        ),
        (
            pool_spec.id,
            CapacityError,
            "pool_sold_out",
            f"Not enough tickets available in capacity pool with id: {pool.id}",
        ),
    ]

    def two_of(spec_id: str) -> Callable[[], object]:
        return lambda: place(shop, published_event.id, [(spec_id, 2)])

    for spec_id, error, code, message in expected:
        refused(shop, two_of(spec_id), error, code, message)


def test_the_first_failing_check_wins(shop: Store, published_event: Event) -> None:
    """A few of docs/orders.md's ordered checks: the per-user limit before capacity, the promo code
    before the lines, the event before the promo code, the lines in order."""
    small = spec_on_sale(shop, published_event.id, "Small", number_of_tickets_for_sale=2, maximum_number_of_tickets_per_user=1)
    inactive = shop.specifications.add(published_event.id, "Inactive", price=25000)
    shop.promo_codes.create(published_event.id, "NONE-LEFT", percent_off=1000, usage_limit=0)
    draft = make_event(shop, name="Draft")
    calls: list[tuple[Callable[[], object], type[TicketcoreError], str]] = [
        (lambda: place(shop, published_event.id, [(small.id, 3)]), CapacityError, "too_many_tickets_per_user"),
        (
            lambda: place(shop, published_event.id, [(inactive.id, 1)], promo_code="NONE-LEFT"),
            CapacityError,
            "promo_code_used_up",
        ),
        (lambda: place(shop, draft.id, [(inactive.id, 1)], promo_code="NOPE"), ConflictError, "event_not_published"),
        (
            lambda: place(shop, published_event.id, [(inactive.id, 1), ("nope", 1)]),
            ConflictError,
            "specification_inactive",
        ),
        (
            lambda: place(shop, published_event.id, [("nope", 1), (inactive.id, 1)]),
            NotFoundError,
            "specification_not_found",
        ),
        (lambda: place(shop, published_event.id, [(small.id, 0)], who=BuyerDetails("", "x")), ValidationError, "name_required"),
    ]
    for call, error, code in calls:
        refused(shop, call, error, code)


def test_sale_window_bounds(shop: Store, published_event: Event) -> None:
    # sale_start is inclusive, sale_end exclusive.
    starts_now = spec_on_sale(shop, published_event.id, "Starts now", sale_start=CLOCK_START)
    ends_soon = spec_on_sale(
        shop, published_event.id, "Ends soon", sale_end=CLOCK_START + timedelta(microseconds=1)
    )
    order = place(shop, published_event.id, [(starts_now.id, 1), (ends_soon.id, 1)])
    assert order.state is OrderState.PENDING


def test_a_spec_fills_exactly_to_its_quota_and_a_pool_to_its_size(shop: Store, published_event: Event) -> None:
    a = spec_on_sale(shop, published_event.id, "A", number_of_tickets_for_sale=5)
    b = spec_on_sale(shop, published_event.id, "B", number_of_tickets_for_sale=5)
    pool = shop.pools.create(published_event.id, "Hall", size=7, specification_ids=[a.id, b.id])
    place(shop, published_event.id, [(a.id, 5)], who=buyer("Kim Lee"))
    assert counts(shop, a.id) == (0, 5, 0)
    place(shop, published_event.id, [(b.id, 2)], who=buyer("Sam Berg"))
    assert counts(shop, b.id) == (0, 2, 0)
    assert pool_counts(shop, pool.id) == (0, 7, 0)
    refused(shop, lambda: place(shop, published_event.id, [(b.id, 1)]), CapacityError, "pool_sold_out")
    refused(shop, lambda: place(shop, published_event.id, [(a.id, 1)]), CapacityError, "sold_out")


# --- the per-user maximum --------------------------------------------------------------------


def test_per_user_maximum_allows_exactly_the_maximum(shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id, maximum_number_of_tickets_per_user=4)
    place(shop, published_event.id, [(spec.id, 1), (spec.id, 2)])
    place(shop, published_event.id, [(spec.id, 1)])
    refused(shop, lambda: place(shop, published_event.id, [(spec.id, 1)]), CapacityError, "too_many_tickets_per_user")
    # Other buyers and other specifications are not affected.
    place(shop, published_event.id, [(spec.id, 4)], who=buyer("Kim Lee"))
    other = spec_on_sale(shop, published_event.id, "Other", maximum_number_of_tickets_per_user=1)
    place(shop, published_event.id, [(other.id, 1)])


def test_per_user_maximum_counts_paid_tickets(shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id, maximum_number_of_tickets_per_user=4)
    pay(shop, place(shop, published_event.id, [(spec.id, 3)]))
    refused(shop, lambda: place(shop, published_event.id, [(spec.id, 2)]), CapacityError, "too_many_tickets_per_user")
    place(shop, published_event.id, [(spec.id, 1)])


def test_per_user_maximum_ignores_cancelled_and_expired_orders(
    shop: Store, clock: ManualClock, published_event: Event
) -> None:
    spec = spec_on_sale(shop, published_event.id, maximum_number_of_tickets_per_user=4)
    shop.orders.cancel(place(shop, published_event.id, [(spec.id, 4)]).id)
    expiring = place(shop, published_event.id, [(spec.id, 4)])
    clock.advance(DEFAULT_ORDER_HOLD)
    order = place(shop, published_event.id, [(spec.id, 4)])
    assert order.state is OrderState.PENDING
    assert shop.orders.get(expiring.id).state is OrderState.EXPIRED


def test_per_user_maximum_knows_a_guest_by_email_in_any_case(shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id, maximum_number_of_tickets_per_user=4)
    first = place(shop, published_event.id, [(spec.id, 3)], who=BuyerDetails("Alex Reyes", "Alex.Reyes@Example.COM"))
    second = place(shop, published_event.id, [(spec.id, 1)], who=BuyerDetails("Alex", "alex.reyes@example.com"))
    assert second.buyer_id == first.buyer_id
    refused(
        shop,
        lambda: place(shop, published_event.id, [(spec.id, 1)], who=BuyerDetails("A. Reyes", "ALEX.REYES@EXAMPLE.COM")),
        CapacityError,
        "too_many_tickets_per_user",
        "Too many tickets per user",
    )


def test_platform_users_are_known_by_user_id(shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id, maximum_number_of_tickets_per_user=2)
    user = place(shop, published_event.id, [(spec.id, 2)], who=BuyerDetails("Alex", "alex@example.com", user_id="u-1"))
    # The same user with another address is the same buyer; a guest with the user's address is not.
    refused(
        shop,
        lambda: place(shop, published_event.id, [(spec.id, 1)], who=BuyerDetails("Alex", "a@work.example", user_id="u-1")),
        CapacityError,
        "too_many_tickets_per_user",
    )
    guest = place(shop, published_event.id, [(spec.id, 2)], who=BuyerDetails("Alex", "alex@example.com"))
    assert guest.buyer_id != user.buyer_id
    other_user = place(shop, published_event.id, [(spec.id, 2)], who=BuyerDetails("Alex", "alex@example.com", user_id="u-2"))
    assert len({user.buyer_id, guest.buyer_id, other_user.buyer_id}) == 3


# --- idempotency -----------------------------------------------------------------------------


def test_repeating_a_keyed_request_returns_the_same_order(shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id, number_of_tickets_for_sale=10)
    first = place(shop, published_event.id, [(spec.id, 2)], idempotency_key="checkout-42", comment="hi")
    before = sales_snapshot(shop)
    again = place(shop, published_event.id, [(spec.id, 2)], idempotency_key="checkout-42", comment="hi")
    assert again == first
    assert sales_snapshot(shop) == before
    assert counts(shop, spec.id) == (0, 2, 8)
    # Merged items are the same request.
    assert place(shop, published_event.id, [(spec.id, 1), (spec.id, 1)], idempotency_key="checkout-42", comment="hi") == first
    # Another key is another order.
    other = place(shop, published_event.id, [(spec.id, 2)], idempotency_key="checkout-43", comment="hi")
    assert other.id != first.id
    assert len(shop.orders.list(published_event.id).nodes) == 2


@pytest.mark.parametrize(
    ("quantity", "change"),
    [
        (3, {}),
        (2, {"who": BuyerDetails("Kim Lee", "kim@example.com")}),
        (2, {"who": BuyerDetails("Alex Reyes", "alex@example.com", user_id="u-1")}),
        (2, {"comment": "other"}),
        (2, {"payment_gateway": "paypal"}),
        (2, {"promo_code": "TENOFF"}),
    ],
)
def test_reusing_a_key_with_other_parameters_is_a_conflict(
    shop: Store, published_event: Event, quantity: int, change: dict[str, Any]
) -> None:
    spec = spec_on_sale(shop, published_event.id)
    shop.promo_codes.create(published_event.id, "TENOFF", percent_off=1000)
    place(shop, published_event.id, [(spec.id, 2)], idempotency_key="k1")
    refused(
        shop,
        lambda: place(shop, published_event.id, [(spec.id, quantity)], idempotency_key="k1", **change),
        ConflictError,
        "idempotency_key_reused",
        "Idempotency key 'k1' was already used with different parameters",
    )


def test_a_refused_keyed_request_does_not_use_up_its_key(shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id, number_of_tickets_for_sale=1)
    refused(shop, lambda: place(shop, published_event.id, [(spec.id, 2)], idempotency_key="k1"), CapacityError, "sold_out")
    order = place(shop, published_event.id, [(spec.id, 1)], idempotency_key="k1")
    assert order.state is OrderState.PENDING


def test_keys_belong_to_one_organization(world: World, shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id)
    mine = place(shop, published_event.id, [(spec.id, 1)], idempotency_key="k1")
    bob = other_organization(world, scopes=SHOP_SCOPES)
    bob_event = make_event(bob, published=True)
    bob_spec = spec_on_sale(bob, bob_event.id)
    theirs = place(bob, bob_event.id, [(bob_spec.id, 1)], idempotency_key="k1")
    assert theirs.id != mine.id
    assert theirs.event_id == bob_event.id


# --- paying ----------------------------------------------------------------------------------


def test_confirm_payment_issues_one_ticket_per_unit(world: World, shop: Store, published_event: Event) -> None:
    a = spec_on_sale(shop, published_event.id, "A", number_of_tickets_for_sale=10)
    b = spec_on_sale(shop, published_event.id, "B", price=0, number_of_tickets_for_sale=10)
    order = place(shop, published_event.id, [(a.id, 2), (b.id, 1)], who=buyer("Alex Reyes"))
    world.clock.advance(timedelta(minutes=3))
    paid = shop.orders.confirm_payment(order.id, payment_ref="pi_123", gateway="stripe", amount=dkk(50000))

    assert paid.state is OrderState.PAID
    assert paid.paid_at == CLOCK_START + timedelta(minutes=3)
    assert paid.charge_session_id == "pi_123"
    assert paid.payment_gateway == "stripe"
    assert paid.paid_without_capacity is False
    assert (paid.created, paid.expires, paid.event_tickets, paid.price) == (
        order.created,
        order.expires,
        order.event_tickets,
        order.price,
    )
    assert len(paid.ticket_ids) == 3
    assert shop.orders.get(order.id) == paid
    tickets = shop.tickets.list(published_event.id, order_id=order.id).nodes
    assert [ticket.id for ticket in tickets] == list(paid.ticket_ids)
    assert [ticket.ticket_specification_id for ticket in tickets] == [a.id, a.id, b.id]
    date_ids = [date.id for date in published_event.dates]
    assert len(date_ids) == 2
    for ticket in tickets:
        assert ticket.event_id == published_event.id
        assert ticket.kind is TicketKind.ORDER
        assert ticket.state is TicketState.VALID
        assert ticket.order_id == order.id
        assert ticket.buyer_id == order.buyer_id
        assert (ticket.holder_name, ticket.holder_email) == ("Alex Reyes", "alex@example.com")
        assert ticket.note == ""
        assert ticket.purchase_date == CLOCK_START + timedelta(minutes=3)
        assert ticket.created == CLOCK_START + timedelta(minutes=3)
        assert (ticket.is_refunded, ticket.is_refund_in_progress) == (False, False)
        assert [date.event_date_id for date in ticket.event_dates] == date_ids
        for date in ticket.event_dates:
            assert (date.is_redeemed, date.time_of_redemption, date.redeemed_by) == (False, None, None)
        assert shop.tickets.get(ticket.id) == ticket
    assert len({date.id for ticket in tickets for date in ticket.event_dates}) == 6
    assert counts(shop, a.id) == (2, 0, 8)
    assert counts(shop, b.id) == (1, 0, 9)
    assert [entry.operation for entry in shop.audit(entity_id=order.id)] == ["order.place", "order.confirm_payment"]
    confirmed = shop.audit(entity_id=order.id)[-1].data
    assert confirmed == {
        "payment_ref": "pi_123",
        "gateway": "stripe",
        "amount": {"minor": 50000, "currency": "DKK"},
        "ticket_ids": list(paid.ticket_ids),
    }
    issued = shop.outbox.pending()[-1]
    assert (issued.topic, issued.entity_id) == ("tickets.issued", order.id)
    assert issued.data == {
        "event_id": published_event.id,
        "kind": "order",
        "order_id": order.id,
        "buyer": {"id": order.buyer_id, "name": "Alex Reyes", "email": "alex@example.com"},
        "ticket_ids": list(paid.ticket_ids),
    }


def _in_threads(count: int, work: Callable[[int], object]) -> list[object]:
    """Runs work(index) in `count` threads started together; returns results or raised errors."""
    barrier = threading.Barrier(count)
    results: list[object] = [None] * count

    def body(index: int) -> None:
        barrier.wait(timeout=30)
        try:
            results[index] = work(index)
        except Exception as error:  # noqa: BLE001 - inspected by the test
            results[index] = error

    threads = [threading.Thread(target=body, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return results


def test_duplicate_webhooks_at_once_issue_the_tickets_once(file_world: World) -> None:
    shop = shop_store(file_world)
    event = make_event(shop, published=True)
    spec = spec_on_sale(shop, event.id, number_of_tickets_for_sale=10)
    order = place(shop, event.id, [(spec.id, 3)])
    results = _in_threads(8, lambda index: pay(shop, order, "pi_same"))
    paid = shop.orders.get(order.id)
    assert paid.state is OrderState.PAID
    assert results == [paid] * 8
    assert len(shop.tickets.list(event.id).nodes) == 3
    assert counts(shop, spec.id) == (3, 0, 7)
    assert len(shop.audit(operation="order.confirm_payment")) == 1


def test_concurrent_payments_with_different_references_pay_once(file_world: World) -> None:
    shop = shop_store(file_world)
    event = make_event(shop, published=True)
    spec = spec_on_sale(shop, event.id)
    order = place(shop, event.id, [(spec.id, 2)])
    results = _in_threads(6, lambda index: pay(shop, order, f"pi_{index}"))
    paid = shop.orders.get(order.id)
    winners = [result for result in results if isinstance(result, type(paid))]
    losers = [result for result in results if isinstance(result, ConflictError)]
    assert winners == [paid]
    assert [error.code for error in losers] == ["order_already_paid"] * 5
    assert len(paid.ticket_ids) == 2


def test_concurrent_retries_with_one_key_place_one_order(file_world: World) -> None:
    shop = shop_store(file_world)
    event = make_event(shop, published=True)
    spec = spec_on_sale(shop, event.id, number_of_tickets_for_sale=100)
    results = _in_threads(8, lambda index: place(shop, event.id, [(spec.id, 2)], idempotency_key="cart-7"))
    (order,) = shop.orders.list(event.id).nodes
    assert results == [order] * 8
    assert counts(shop, spec.id) == (0, 2, 98)


def test_a_date_added_later_admits_the_tickets_already_issued(shop: Store) -> None:
    event = make_event(shop, dates=1, published=True)
    spec = spec_on_sale(shop, event.id, price=0)
    paid = pay(shop, place(shop, event.id, [(spec.id, 1)]))
    (door,) = shop.tickets.pre_generate(event.id, spec.id, quantity=1)
    extra = shop.events.add_date(event.id, event.dates[0].start + timedelta(days=7), event.dates[0].end + timedelta(days=7))
    for ticket_id in (paid.ticket_ids[0], door.id):
        ticket = shop.tickets.get(ticket_id)
        assert [date.event_date_id for date in ticket.event_dates] == [event.dates[0].id, extra.id]
        assert (ticket.event_dates[1].is_redeemed, ticket.event_dates[1].redeemed_by) == (False, None)
    later = pay(shop, place(shop, event.id, [(spec.id, 1)], who=buyer("Kim Lee")))
    assert len(shop.tickets.get(later.ticket_ids[0]).event_dates) == 2


def test_the_amount_may_be_given_in_minor_units(shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id)
    order = place(shop, published_event.id, [(spec.id, 1)])
    paid = shop.orders.confirm_payment(order.id, payment_ref="pi_1", gateway="stripe", amount=25000)
    assert paid.state is OrderState.PAID


def test_the_same_payment_twice_is_a_no_op(shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id, number_of_tickets_for_sale=4)
    order = place(shop, published_event.id, [(spec.id, 2)])
    paid = pay(shop, order, "pi_1")
    before = sales_snapshot(shop)
    assert pay(shop, order, "pi_1") == paid
    assert pay(shop, order, "pi_1", gateway="another gateway") == paid
    assert sales_snapshot(shop) == before
    assert counts(shop, spec.id) == (2, 0, 2)


def test_another_payment_for_a_paid_order_is_a_conflict(shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id)
    order = place(shop, published_event.id, [(spec.id, 1)])
    pay(shop, order, "pi_1")
    refused(
        shop,
        lambda: pay(shop, order, "pi_2"),
        ConflictError,
        "order_already_paid",
        f"Order with id: {order.id} has already been paid with another payment reference",
    )


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (dkk(49999), "Payment of 499.99 DKK does not match the order total of 500.00 DKK"),
        (50001, "Payment of 500.01 DKK does not match the order total of 500.00 DKK"),
        (0, "Payment of 0.00 DKK does not match the order total of 500.00 DKK"),
    ],
)
def test_a_payment_of_another_amount_is_refused(
    shop: Store, published_event: Event, amount: Money | int, message: str
) -> None:
    spec = spec_on_sale(shop, published_event.id)
    order = place(shop, published_event.id, [(spec.id, 2)])
    refused(
        shop,
        lambda: shop.orders.confirm_payment(order.id, payment_ref="pi_1", gateway="stripe", amount=amount),
        ValidationError,
        "amount_mismatch",
        message,
    )
    assert shop.orders.get(order.id).state is OrderState.PENDING


def test_payment_input_is_validated(shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id)
    order = place(shop, published_event.id, [(spec.id, 1)])
    orders = shop.orders
    refused(
        shop,
        lambda: orders.confirm_payment(order.id, payment_ref="", gateway="stripe", amount=order.total),
        ValidationError,
        "payment_ref_required",
        "Payment reference is required",
    )
    refused(
        shop,
        lambda: orders.confirm_payment(order.id, payment_ref="pi_1", gateway="", amount=order.total),
        ValidationError,
        "gateway_required",
        "Payment gateway is required",
    )
    refused(
        shop,
        lambda: orders.confirm_payment(order.id, payment_ref="pi_1", gateway="stripe", amount=Money("250.00", "EUR")),
        ValidationError,
        "currency_mismatch",
    )
    refused(
        shop,
        lambda: orders.confirm_payment("no-such-order", payment_ref="pi_1", gateway="stripe", amount=0),
        NotFoundError,
        "order_not_found",
        "Order with id: no-such-order not found.",
    )


# --- cancelling ------------------------------------------------------------------------------


def test_the_buyer_cancels_a_pending_order(world: World, shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id, number_of_tickets_for_sale=3)
    pool = shop.pools.create(published_event.id, "Hall", size=3, specification_ids=[spec.id])
    order = place(shop, published_event.id, [(spec.id, 3)])
    assert counts(shop, spec.id) == (0, 3, 0)
    world.clock.advance(timedelta(minutes=1))
    cancelled = shop.orders.cancel(order.id)
    assert cancelled.state is OrderState.CANCELLED
    assert (cancelled.paid_at, cancelled.ticket_ids, cancelled.event_tickets) == (None, (), order.event_tickets)
    assert shop.orders.get(order.id) == cancelled
    assert counts(shop, spec.id) == (0, 0, 3)
    assert pool_counts(shop, pool.id) == (0, 0, 3)
    assert [entry.operation for entry in shop.audit(entity_id=order.id)] == ["order.place", "order.cancel"]
    payload = {
        "order_id": order.id,
        "event_id": published_event.id,
        "buyer": {"id": order.buyer_id, "name": "Alex Reyes", "email": "alex@example.com"},
    }
    assert shop.audit(entity_id=order.id)[-1].data == payload
    assert outbox_topics(shop) == ["order.placed", "order.cancelled"]
    assert shop.outbox.pending()[-1].data == payload
    # The freed tickets can be bought again.
    assert place(shop, published_event.id, [(spec.id, 3)], who=buyer("Kim Lee")).state is OrderState.PENDING


def test_only_a_pending_order_can_be_cancelled(world: World, shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id)
    paid = place(shop, published_event.id, [(spec.id, 1)])
    pay(shop, paid)
    cancelled = place(shop, published_event.id, [(spec.id, 1)])
    shop.orders.cancel(cancelled.id)
    expired = place(shop, published_event.id, [(spec.id, 1)])
    world.clock.advance(DEFAULT_ORDER_HOLD)
    for order, state in [(paid, "paid"), (cancelled, "cancelled"), (expired, "expired")]:
        refused(
            shop,
            lambda order=order: shop.orders.cancel(order.id),  # type: ignore[misc]
            ConflictError,
            "order_not_pending",
            f"Only a pending order can be cancelled; this one is {state}",
        )
    refused(shop, lambda: shop.orders.cancel("no-such-order"), NotFoundError, "order_not_found")


@pytest.mark.parametrize("taken_meanwhile", [0, 1])
def test_a_payment_for_a_cancelled_order_is_flagged_for_a_refund(
    shop: Store, published_event: Event, taken_meanwhile: int
) -> None:
    spec = spec_on_sale(shop, published_event.id, number_of_tickets_for_sale=2)
    order = place(shop, published_event.id, [(spec.id, 2)])
    shop.orders.cancel(order.id)
    if taken_meanwhile:
        place(shop, published_event.id, [(spec.id, taken_meanwhile)], who=buyer("Kim Lee"))
    flagged = pay(shop, order, "pi_late", gateway="mobilepay")
    assert (flagged.state, flagged.paid_without_capacity, flagged.ticket_ids) == (OrderState.CANCELLED, True, ())
    assert (flagged.charge_session_id, flagged.payment_gateway, flagged.paid_at) == ("pi_late", "mobilepay", None)
    assert shop.orders.get(order.id) == flagged
    assert counts(shop, spec.id) == (0, taken_meanwhile, 2 - taken_meanwhile)
    assert shop.tickets.list(published_event.id).nodes == ()
    payload = {
        "order_id": order.id,
        "payment_ref": "pi_late",
        "amount": {"minor": 50000, "currency": "DKK"},
        "reason": "order_cancelled",
        "buyer": {"id": order.buyer_id, "name": "Alex Reyes", "email": "alex@example.com"},
    }
    assert [entry.operation for entry in shop.audit(entity_id=order.id)] == [
        "order.place",
        "order.cancel",
        "order.paid_without_capacity",
    ]
    assert shop.audit(entity_id=order.id)[-1].data == payload
    last = shop.outbox.pending()[-1]
    assert (last.topic, last.entity_id, last.data) == ("order.paid_without_capacity", order.id, payload)
    assert shop.orders.list(published_event.id, state=OrderState.CANCELLED).nodes == (flagged,)
    # The same payment again is a no-op, another one a conflict; cancelling is still refused.
    assert pay(shop, order, "pi_late", gateway="mobilepay") == flagged
    refused(shop, lambda: pay(shop, order, "pi_other"), ConflictError, "order_already_paid")
    refused(shop, lambda: shop.orders.cancel(order.id), ConflictError, "order_not_pending")


# --- live counts and queries -----------------------------------------------------------------


def test_live_counts_follow_every_operation(shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id, number_of_tickets_for_sale=20)
    pool = shop.pools.create(published_event.id, "Hall", size=15, specification_ids=[spec.id])
    assert counts(shop, spec.id) == (0, 0, 15)
    pending = place(shop, published_event.id, [(spec.id, 2)])
    assert counts(shop, spec.id) == (0, 2, 13)
    pay(shop, pending)
    assert counts(shop, spec.id) == (2, 0, 13)
    shop.tickets.comp(published_event.id, spec.id, holders=[("vip@example.com", "Pat Lee")])
    assert counts(shop, spec.id) == (3, 0, 12)
    door = shop.tickets.pre_generate(published_event.id, spec.id, quantity=3)
    assert counts(shop, spec.id) == (3, 3, 9)
    shop.tickets.activate(door[0].id, holder_email="walk@example.com", holder_name="Walk-up", amount=25000, method="card")
    assert counts(shop, spec.id) == (4, 2, 9)
    shop.orders.cancel(place(shop, published_event.id, [(spec.id, 1)], who=buyer("Kim Lee")).id)
    assert counts(shop, spec.id) == (4, 2, 9)
    assert pool_counts(shop, pool.id) == (4, 2, 9)
    spec_now = shop.specifications.get(spec.id)
    assert spec_now.number_of_tickets_for_sale == 20
    assert shop.specifications.list(published_event.id) == [spec_now]


def test_orders_are_listed_in_placing_order_and_filtered_by_state(world: World, shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id)
    paid = pay(shop, place(shop, published_event.id, [(spec.id, 1)], who=buyer("Ann Berg")))
    cancelled = shop.orders.cancel(place(shop, published_event.id, [(spec.id, 1)], who=buyer("Bo Dahl")).id)
    expired = place(shop, published_event.id, [(spec.id, 1)], who=buyer("Cy Holm"))
    world.clock.advance(DEFAULT_ORDER_HOLD)
    pending = place(shop, published_event.id, [(spec.id, 1)], who=buyer("Di Lund"))
    orders = shop.orders
    assert [order.id for order in orders.list(published_event.id).nodes] == [paid.id, cancelled.id, expired.id, pending.id]
    assert orders.list(published_event.id, state=OrderState.PAID).nodes == (paid,)
    assert orders.list(published_event.id, state=OrderState.CANCELLED).nodes == (cancelled,)
    assert [order.id for order in orders.list(published_event.id, state=OrderState.EXPIRED).nodes] == [expired.id]
    assert orders.list(published_event.id, state=OrderState.PENDING).nodes == (pending,)
    assert orders.list(published_event.id, state=OrderState.EXPIRED).nodes[0].state is OrderState.EXPIRED
    other = make_event(shop, name="Other", published=True)
    assert orders.list(other.id).nodes == ()


def test_cancelled_orders_are_listed_as_cancelled(shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id)
    kept = place(shop, published_event.id, [(spec.id, 1)])
    dropped = shop.orders.cancel(place(shop, published_event.id, [(spec.id, 1)]).id)
    assert shop.orders.list(published_event.id, state=OrderState.CANCELLED).nodes == (dropped,)
    assert shop.orders.list(published_event.id, state=OrderState.PENDING).nodes == (kept,)


def test_lookups_of_unknown_ids(shop: Store, published_event: Event) -> None:
    refused(shop, lambda: shop.orders.get("nope"), NotFoundError, "order_not_found", "Order with id: nope not found.")
    refused(shop, lambda: shop.orders.list("nope"), NotFoundError, "event_not_found")
    refused(shop, lambda: shop.tickets.get("nope"), NotFoundError, "ticket_not_found", "Ticket with id: nope not found.")
    refused(shop, lambda: shop.tickets.list("nope"), NotFoundError, "event_not_found")


# --- permissions -----------------------------------------------------------------------------


def test_order_writes_need_the_orders_scope(world: World, shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id)
    order = place(shop, published_event.id, [(spec.id, 1)])
    editor = world.store  # events:read and events:write only
    calls: list[Callable[[], object]] = [
        lambda: place(editor, published_event.id, [(spec.id, 1)]),
        lambda: pay(editor, order),
        lambda: editor.orders.cancel(order.id),
        lambda: editor.orders.expire_due(),
    ]
    for call in calls:
        refused(shop, call, PermissionDeniedError, "missing_scope", "Actor 'anna' lacks the scope 'orders'")


def test_reading_orders_and_tickets_needs_events_read(world: World, shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id)
    order = pay(shop, place(shop, published_event.id, [(spec.id, 1)]))
    seller = shop_store(world, {"orders", "sales"}, actor_id="till")
    calls: list[Callable[[], object]] = [
        lambda: seller.orders.get(order.id),
        lambda: seller.orders.list(published_event.id),
        lambda: seller.tickets.get(order.ticket_ids[0]),
        lambda: seller.tickets.list(published_event.id),
        lambda: seller.tickets.holders(published_event.id),
    ]
    for call in calls:
        refused(shop, call, PermissionDeniedError, "missing_scope", "Actor 'till' lacks the scope 'events:read'")
    # The orders scope alone is enough to sell.
    assert place(seller, published_event.id, [(spec.id, 1)], who=buyer("Kim Lee")).state is OrderState.PENDING


def test_another_organizations_orders_and_tickets_are_out_of_reach(
    world: World, shop: Store, published_event: Event
) -> None:
    spec = spec_on_sale(shop, published_event.id)
    pending = place(shop, published_event.id, [(spec.id, 1)])
    paid = pay(shop, place(shop, published_event.id, [(spec.id, 1)], who=buyer("Kim Lee")))
    bob = other_organization(world, scopes=SHOP_SCOPES)
    bob_event = make_event(bob, published=True)
    bob_spec = spec_on_sale(bob, bob_event.id)
    calls: list[Callable[[], object]] = [
        lambda: bob.orders.get(pending.id),
        lambda: bob.orders.list(published_event.id),
        lambda: pay(bob, pending),
        lambda: bob.orders.cancel(pending.id),
        lambda: place(bob, published_event.id, [(spec.id, 1)]),
        lambda: place(bob, bob_event.id, [(spec.id, 1)]),
        lambda: bob.tickets.get(paid.ticket_ids[0]),
        lambda: bob.tickets.list(published_event.id),
        lambda: bob.tickets.holders(published_event.id),
    ]
    for call in calls:
        error = refused(shop, call, PermissionDeniedError, "other_organization")
        assert str(error) == f"Actor 'bob' may not access organization '{world.organization_id}'"
    # Bob's own sales are not affected, and his expire_due leaves our orders alone.
    assert place(bob, bob_event.id, [(bob_spec.id, 1)]).state is OrderState.PENDING
    world.clock.advance(DEFAULT_ORDER_HOLD)
    assert len(bob.orders.expire_due()) == 1
    assert shop.orders.expire_due() == [pending.id]


def test_an_actor_without_an_organization_cannot_order(world: World, shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id)
    lost = world.platform.acting_as(Actor("ops-bot", None, {"orders"}))
    for call in (lambda: place(lost, published_event.id, [(spec.id, 1)]), lambda: lost.orders.expire_due()):
        refused(
            shop,
            call,
            PermissionDeniedError,
            "organization_required",
            "Actor 'ops-bot' does not belong to an organization",
        )


def test_the_shop_actor_fixture_holds_its_scopes(shop: Store, world: World) -> None:
    assert shop.actor == org_actor(world.organization_id, SHOP_SCOPES, actor_id="shop")
