"""Expiry of pending orders: read as EXPIRED once the hold runs out, swept before capacity is
counted and in bulk by expire_due, and payments that arrive late."""

from __future__ import annotations

from datetime import timedelta

import pytest

from helpers import (
    CLOCK_START,
    DEFAULT_ORDER_HOLD,
    World,
    buyer,
    counts,
    dkk,
    outbox_topics,
    pay,
    place,
    pool_counts,
    refused,
    spec_on_sale,
)
from ticketcore import CapacityError, ConflictError, Event, OrderState, Store, TicketKind, TicketState, ValidationError

MICRO = timedelta(microseconds=1)


def test_a_pending_order_reads_as_expired_from_its_expiry_on(world: World, shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id)
    order = place(shop, published_event.id, [(spec.id, 1)])
    world.clock.advance(DEFAULT_ORDER_HOLD - MICRO)
    assert shop.orders.get(order.id).state is OrderState.PENDING
    assert shop.orders.list(published_event.id, state=OrderState.PENDING).nodes == (shop.orders.get(order.id),)
    world.clock.advance(MICRO)
    assert world.clock.now() == order.expires
    expired = shop.orders.get(order.id)
    assert expired.state is OrderState.EXPIRED
    assert (expired.expires, expired.paid_at, expired.ticket_ids) == (order.expires, None, ())
    assert shop.orders.list(published_event.id, state=OrderState.PENDING).nodes == ()
    assert shop.orders.list(published_event.id, state=OrderState.EXPIRED).nodes == (expired,)
    # Reading does not sweep: the sweep is a write of its own.
    assert [entry.operation for entry in shop.audit(entity_id=order.id)] == ["order.place"]
    assert shop.orders.expire_due() == [order.id]
    assert shop.orders.get(order.id) == expired


def test_every_read_and_the_sweep_agree_at_the_expiry_instant(
    world: World, shop: Store, published_event: Event
) -> None:
    # The SQL filters (the orders list by state, the live counts, the sweep) are handed the cutoff
    # of rules::hold_cutoff; each agrees with the state get() computes in C++, on both sides of it.
    spec = spec_on_sale(shop, published_event.id, number_of_tickets_for_sale=6)
    pool = shop.pools.create(published_event.id, "Hall", size=3, specification_ids=[spec.id])
    order = place(shop, published_event.id, [(spec.id, 2)])
    world.clock.advance(DEFAULT_ORDER_HOLD - MICRO)
    pending = shop.orders.get(order.id)
    assert pending.state is OrderState.PENDING
    assert shop.orders.list(published_event.id).nodes == (pending,)
    assert shop.orders.list(published_event.id, state=OrderState.PENDING).nodes == (pending,)
    assert shop.orders.list(published_event.id, state=OrderState.EXPIRED).nodes == ()
    assert counts(shop, spec.id) == (0, 2, 1)
    assert pool_counts(shop, pool.id) == (0, 2, 1)
    assert shop.orders.expire_due() == []

    world.clock.advance(MICRO)
    assert world.clock.now() == order.expires
    expired = shop.orders.get(order.id)
    assert expired.state is OrderState.EXPIRED
    assert shop.orders.list(published_event.id).nodes == (expired,)
    assert shop.orders.list(published_event.id, state=OrderState.PENDING).nodes == ()
    assert shop.orders.list(published_event.id, state=OrderState.EXPIRED).nodes == (expired,)
    assert counts(shop, spec.id) == (0, 0, 3)
    assert pool_counts(shop, pool.id) == (0, 0, 3)
    assert shop.orders.expire_due(order.expires - MICRO) == []
    assert shop.orders.expire_due(order.expires) == [order.id]
    assert shop.orders.get(order.id) == expired
    assert counts(shop, spec.id) == (0, 0, 3)


def test_an_expired_hold_frees_its_capacity_for_other_buyers(world: World, shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id, number_of_tickets_for_sale=6)
    pool = shop.pools.create(published_event.id, "Hall", size=3, specification_ids=[spec.id])
    ann = place(shop, published_event.id, [(spec.id, 3)], who=buyer("Ann Berg"))
    world.clock.advance(DEFAULT_ORDER_HOLD - MICRO)
    refused(
        shop,
        lambda: place(shop, published_event.id, [(spec.id, 3)], who=buyer("Bo Dahl")),
        CapacityError,
        "pool_sold_out",
    )
    world.clock.advance(MICRO)
    bo = place(shop, published_event.id, [(spec.id, 3)], who=buyer("Bo Dahl"))
    assert bo.state is OrderState.PENDING
    assert shop.orders.get(ann.id).state is OrderState.EXPIRED
    assert counts(shop, spec.id) == (0, 3, 0)
    assert pool_counts(shop, pool.id) == (0, 3, 0)
    assert [entry.operation for entry in shop.audit(entity_id=ann.id)] == ["order.place", "order.expire"]
    payload = {
        "order_id": ann.id,
        "event_id": published_event.id,
        "buyer": {"id": ann.buyer_id, "name": "Ann Berg", "email": "ann@example.com"},
    }
    assert shop.audit(entity_id=ann.id)[-1].data == payload
    assert outbox_topics(shop) == ["order.placed", "order.expired", "order.placed"]
    expired_event = shop.outbox.pending()[1]
    assert (expired_event.entity_id, expired_event.data) == (ann.id, payload)
    assert shop.orders.expire_due() == []


def test_expire_due_sweeps_in_bulk_and_returns_the_ids_in_expiry_order(
    world: World, shop: Store, published_event: Event
) -> None:
    spec = spec_on_sale(shop, published_event.id, number_of_tickets_for_sale=10)
    first = place(shop, published_event.id, [(spec.id, 1)], who=buyer("Ann Berg"))
    world.clock.advance(timedelta(minutes=1))
    paid = pay(shop, place(shop, published_event.id, [(spec.id, 1)], who=buyer("Bo Dahl")))
    cancelled = shop.orders.cancel(place(shop, published_event.id, [(spec.id, 1)], who=buyer("Cy Holm")).id)
    second = place(shop, published_event.id, [(spec.id, 2)], who=buyer("Di Lund"))
    world.clock.advance(timedelta(minutes=1))
    third = place(shop, published_event.id, [(spec.id, 3)], who=buyer("Ed Moe"))
    world.clock.advance(timedelta(minutes=1))
    last = place(shop, published_event.id, [(spec.id, 1)], who=buyer("Flo Ny"))
    assert counts(shop, spec.id) == (1, 7, 2)

    world.clock.advance(DEFAULT_ORDER_HOLD)  # the clock is now 15 minutes after `last` was placed
    # An explicit `now` (not after the clock) sweeps what was due at that instant.
    assert shop.orders.expire_due(CLOCK_START + DEFAULT_ORDER_HOLD - MICRO) == []
    assert shop.orders.expire_due(CLOCK_START + DEFAULT_ORDER_HOLD + timedelta(minutes=1)) == [first.id, second.id]
    # Live counts never include a hold that has run out, swept or not.
    assert counts(shop, spec.id) == (1, 0, 9)
    assert shop.orders.expire_due() == [third.id, last.id]
    assert shop.orders.expire_due() == []
    assert counts(shop, spec.id) == (1, 0, 9)
    assert [order.state for order in shop.orders.list(published_event.id).nodes] == [
        OrderState.EXPIRED,
        OrderState.PAID,
        OrderState.CANCELLED,
        OrderState.EXPIRED,
        OrderState.EXPIRED,
        OrderState.EXPIRED,
    ]
    assert shop.orders.get(paid.id) == paid
    assert shop.orders.get(cancelled.id) == cancelled
    assert len(shop.audit(operation="order.expire")) == 4
    assert outbox_topics(shop).count("order.expired") == 4


def test_a_late_payment_reactivates_an_expired_order_when_capacity_allows(
    world: World, shop: Store, published_event: Event
) -> None:
    spec = spec_on_sale(shop, published_event.id, number_of_tickets_for_sale=3)
    order = place(shop, published_event.id, [(spec.id, 2)])
    world.clock.advance(DEFAULT_ORDER_HOLD + timedelta(minutes=5))
    assert shop.orders.expire_due() == [order.id]
    assert counts(shop, spec.id) == (0, 0, 3)

    paid = pay(shop, order, "pi_late")
    assert paid.state is OrderState.PAID
    assert paid.paid_without_capacity is False
    assert paid.paid_at == CLOCK_START + DEFAULT_ORDER_HOLD + timedelta(minutes=5)
    assert paid.charge_session_id == "pi_late"
    assert len(paid.ticket_ids) == 2
    tickets = shop.tickets.list(published_event.id, order_id=order.id).nodes
    assert [(ticket.kind, ticket.state) for ticket in tickets] == [(TicketKind.ORDER, TicketState.VALID)] * 2
    assert counts(shop, spec.id) == (2, 0, 1)
    assert [entry.operation for entry in shop.audit(entity_id=order.id)] == [
        "order.place",
        "order.expire",
        "order.confirm_payment",
    ]
    assert outbox_topics(shop) == ["order.placed", "order.expired", "tickets.issued"]
    assert pay(shop, order, "pi_late") == paid


def test_a_late_payment_for_an_order_not_yet_swept(world: World, shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id, number_of_tickets_for_sale=3)
    order = place(shop, published_event.id, [(spec.id, 2)])
    world.clock.advance(DEFAULT_ORDER_HOLD)
    paid = pay(shop, order)
    assert paid.state is OrderState.PAID
    assert counts(shop, spec.id) == (2, 0, 1)
    assert [entry.operation for entry in shop.audit(entity_id=order.id)] == [
        "order.place",
        "order.expire",
        "order.confirm_payment",
    ]
    assert shop.orders.expire_due() == []


def test_a_late_payment_of_the_wrong_amount_changes_nothing(world: World, shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id)
    order = place(shop, published_event.id, [(spec.id, 2)])
    world.clock.advance(DEFAULT_ORDER_HOLD)
    refused(
        shop,
        lambda: shop.orders.confirm_payment(order.id, payment_ref="pi_1", gateway="stripe", amount=1),
        ValidationError,
        "amount_mismatch",
    )
    assert shop.orders.expire_due() == [order.id]


def test_a_late_payment_without_capacity_is_recorded_for_a_refund(
    world: World, shop: Store, published_event: Event
) -> None:
    spec = spec_on_sale(shop, published_event.id, number_of_tickets_for_sale=2)
    ann = place(shop, published_event.id, [(spec.id, 2)], who=buyer("Ann Berg"))
    world.clock.advance(DEFAULT_ORDER_HOLD)
    bo = place(shop, published_event.id, [(spec.id, 2)], who=buyer("Bo Dahl"))
    world.clock.advance(timedelta(minutes=1))

    late = pay(shop, ann, "pi_late", gateway="mobilepay")
    assert late.state is OrderState.EXPIRED
    assert late.paid_without_capacity is True
    assert late.charge_session_id == "pi_late"
    assert late.payment_gateway == "mobilepay"
    assert late.paid_at is None
    assert late.ticket_ids == ()
    assert shop.orders.get(ann.id) == late
    assert shop.tickets.list(published_event.id).nodes == ()
    assert counts(shop, spec.id) == (0, 2, 0)
    assert [entry.operation for entry in shop.audit(entity_id=ann.id)] == [
        "order.place",
        "order.expire",
        "order.paid_without_capacity",
    ]
    payload = {
        "order_id": ann.id,
        "payment_ref": "pi_late",
        "amount": {"minor": 50000, "currency": "DKK"},
        "reason": "sold_out",
        "buyer": {"id": ann.buyer_id, "name": "Ann Berg", "email": "ann@example.com"},
    }
    assert shop.audit(entity_id=ann.id)[-1].data == payload
    last = shop.outbox.pending()[-1]
    assert (last.topic, last.entity_id, last.data) == ("order.paid_without_capacity", ann.id, payload)

    # The same payment again is a no-op; another one is a conflict.
    assert pay(shop, ann, "pi_late", gateway="mobilepay") == late
    refused(shop, lambda: pay(shop, ann, "pi_other"), ConflictError, "order_already_paid")
    # Capacity never exceeds the quota, and the buyer who holds it keeps it.
    assert pay(shop, bo).state is OrderState.PAID
    assert counts(shop, spec.id) == (2, 0, 0)
    # Not even once capacity comes back: the payment stays flagged for a refund.
    assert pay(shop, ann, "pi_late") == late


def test_a_late_payment_when_a_pool_is_full(world: World, shop: Store, published_event: Event) -> None:
    a = spec_on_sale(shop, published_event.id, "A", number_of_tickets_for_sale=10)
    b = spec_on_sale(shop, published_event.id, "B")
    pool = shop.pools.create(published_event.id, "Hall", size=3, specification_ids=[a.id, b.id])
    ann = place(shop, published_event.id, [(a.id, 2)], who=buyer("Ann Berg"))
    world.clock.advance(DEFAULT_ORDER_HOLD)
    pay(shop, place(shop, published_event.id, [(b.id, 2)], who=buyer("Bo Dahl")))
    late = pay(shop, ann, "pi_late")
    assert (late.state, late.paid_without_capacity) == (OrderState.EXPIRED, True)
    assert _reason(shop, ann.id) == "pool_sold_out"
    assert counts(shop, a.id) == (0, 0, 1)
    assert pool_counts(shop, pool.id) == (2, 0, 1)


def test_a_late_payment_that_would_break_the_per_user_maximum(
    world: World, shop: Store, published_event: Event
) -> None:
    spec = spec_on_sale(shop, published_event.id, maximum_number_of_tickets_per_user=2)
    first = place(shop, published_event.id, [(spec.id, 2)])
    world.clock.advance(DEFAULT_ORDER_HOLD)
    second = place(shop, published_event.id, [(spec.id, 2)])
    late = pay(shop, first, "pi_late")
    assert (late.state, late.paid_without_capacity, late.ticket_ids) == (OrderState.EXPIRED, True, ())
    assert _reason(shop, first.id) == "too_many_tickets_per_user"
    assert counts(shop, spec.id) == (0, 2, None)
    assert pay(shop, second).state is OrderState.PAID
    assert counts(shop, spec.id) == (2, 0, None)


def test_a_late_payment_takes_every_line_or_none(world: World, shop: Store, published_event: Event) -> None:
    a = spec_on_sale(shop, published_event.id, "A", number_of_tickets_for_sale=5)
    b = spec_on_sale(shop, published_event.id, "B", number_of_tickets_for_sale=1)
    ann = place(shop, published_event.id, [(a.id, 2), (b.id, 1)], who=buyer("Ann Berg"))
    world.clock.advance(DEFAULT_ORDER_HOLD)
    place(shop, published_event.id, [(b.id, 1)], who=buyer("Bo Dahl"))
    late = pay(shop, ann)
    assert (late.state, late.paid_without_capacity) == (OrderState.EXPIRED, True)
    assert _reason(shop, ann.id) == "sold_out"
    assert counts(shop, a.id) == (0, 0, 5)  # the first line's capacity was not kept
    assert counts(shop, b.id) == (0, 1, 0)


def _reason(shop: Store, order_id: str) -> str:
    (entry,) = shop.audit(entity_id=order_id, operation="order.paid_without_capacity")
    return str(entry.data["reason"])


@pytest.mark.parametrize("case", ["event completed", "spec deactivated", "promo code used up"])
def test_a_late_payment_rechecks_the_event_the_spec_and_the_promo_limit(
    world: World, shop: Store, published_event: Event, case: str
) -> None:
    spec = spec_on_sale(shop, published_event.id, number_of_tickets_for_sale=5)
    code = shop.promo_codes.create(published_event.id, "ONCE", percent_off=1000, usage_limit=1)
    ann = place(shop, published_event.id, [(spec.id, 2)], who=buyer("Ann Berg"), promo_code="ONCE")
    world.clock.advance(DEFAULT_ORDER_HOLD)
    assert shop.orders.expire_due() == [ann.id]
    expected = {
        "event completed": "event_not_published",
        "spec deactivated": "specification_inactive",
        "promo code used up": "promo_code_used_up",
    }[case]
    if case == "event completed":
        shop.events.complete(published_event.id)
    elif case == "spec deactivated":
        shop.specifications.set_active(spec.id, False)
    else:
        place(shop, published_event.id, [(spec.id, 1)], who=buyer("Bo Dahl"), promo_code="ONCE")
    taken = counts(shop, spec.id)
    late = pay(shop, ann, "pi_late")
    assert (late.state, late.paid_without_capacity, late.ticket_ids) == (OrderState.EXPIRED, True, ())
    assert _reason(shop, ann.id) == expected
    assert counts(shop, spec.id) == taken
    assert shop.promo_codes.get(code.id).uses == (1 if case == "promo code used up" else 0)


def test_a_late_payment_does_not_recheck_the_sale_or_promo_windows(
    world: World, shop: Store, published_event: Event
) -> None:
    spec = spec_on_sale(shop, published_event.id, sale_end=CLOCK_START + timedelta(minutes=10))
    code = shop.promo_codes.create(
        published_event.id, "SOON", percent_off=1000, valid_until=CLOCK_START + timedelta(minutes=10)
    )
    order = place(shop, published_event.id, [(spec.id, 1)], promo_code="SOON")
    world.clock.advance(DEFAULT_ORDER_HOLD + timedelta(hours=1))
    paid = pay(shop, order, "pi_late")
    assert (paid.state, paid.total, len(paid.ticket_ids)) == (OrderState.PAID, dkk(22500), 1)
    assert shop.promo_codes.get(code.id).uses == 1


def test_an_expired_hold_never_blocks_a_late_payment(world: World, shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id, number_of_tickets_for_sale=2)
    ann = place(shop, published_event.id, [(spec.id, 2)], who=buyer("Ann Berg"))
    world.clock.advance(DEFAULT_ORDER_HOLD)
    bo = place(shop, published_event.id, [(spec.id, 2)], who=buyer("Bo Dahl"))
    world.clock.advance(DEFAULT_ORDER_HOLD)  # Bo's hold has run out too
    late = pay(shop, ann, "pi_late")
    assert (late.state, late.paid_without_capacity, len(late.ticket_ids)) == (OrderState.PAID, False, 2)
    assert shop.orders.get(bo.id).state is OrderState.EXPIRED
    assert counts(shop, spec.id) == (2, 0, 0)


@pytest.mark.parametrize("issue", ["comp", "pre_generate"])
def test_a_sweep_frees_an_expired_hold_for_comps_and_door_tickets(
    world: World, shop: Store, published_event: Event, issue: str
) -> None:
    spec = spec_on_sale(shop, published_event.id, number_of_tickets_for_sale=2)
    order = place(shop, published_event.id, [(spec.id, 2)])
    world.clock.advance(DEFAULT_ORDER_HOLD)
    assert shop.orders.expire_due() == [order.id]
    if issue == "comp":
        shop.tickets.comp(published_event.id, spec.id, holders=[("vip@example.com", "Pat Lee")] * 2)
        assert counts(shop, spec.id) == (2, 0, 0)
    else:
        shop.tickets.pre_generate(published_event.id, spec.id, quantity=2)
        assert counts(shop, spec.id) == (0, 2, 0)


def test_counts_are_live_even_before_an_expired_hold_is_swept(
    world: World, shop: Store, published_event: Event
) -> None:
    # A hold that ran out no longer counts as reserved, for the spec and its pools, as soon as it
    # runs out; the sweep then brings the stored counters (and the ledger) in line.
    spec = spec_on_sale(shop, published_event.id, number_of_tickets_for_sale=5)
    pool = shop.pools.create(published_event.id, "Hall", size=4, specification_ids=[spec.id])
    order = place(shop, published_event.id, [(spec.id, 3)])
    world.clock.advance(DEFAULT_ORDER_HOLD)
    assert shop.orders.get(order.id).state is OrderState.EXPIRED
    assert counts(shop, spec.id) == (0, 0, 4)
    assert pool_counts(shop, pool.id) == (0, 0, 4)
    world.clock.advance(-MICRO)  # one microsecond before it ran out, it still held
    assert counts(shop, spec.id) == (0, 3, 1)
    assert pool_counts(shop, pool.id) == (0, 3, 1)
    world.clock.advance(MICRO)
    assert shop.orders.expire_due() == [order.id]
    assert counts(shop, spec.id) == (0, 0, 4)
    assert pool_counts(shop, pool.id) == (0, 0, 4)


def test_expire_due_refuses_a_time_after_the_clock(world: World, shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id)
    order = place(shop, published_event.id, [(spec.id, 1)])
    refused(
        shop,
        lambda: shop.orders.expire_due(CLOCK_START + timedelta(hours=1)),
        ValidationError,
        "now_in_future",
        "expire_due cannot sweep at a time after the store's clock",
    )
    refused(shop, lambda: shop.orders.expire_due(CLOCK_START + MICRO), ValidationError, "now_in_future")
    assert shop.orders.expire_due(CLOCK_START) == []
    assert shop.orders.get(order.id).state is OrderState.PENDING


def test_a_payment_in_time_ignores_the_sale_window_and_the_event_state(
    world: World, shop: Store, published_event: Event
) -> None:
    spec = spec_on_sale(shop, published_event.id, sale_end=CLOCK_START + timedelta(minutes=5))
    order = place(shop, published_event.id, [(spec.id, 1)])
    world.clock.advance(timedelta(minutes=10))
    shop.events.complete(published_event.id)
    assert pay(shop, order).state is OrderState.PAID


def test_a_keyed_replay_returns_the_order_as_it_is_now(world: World, shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id, number_of_tickets_for_sale=1)
    order = place(shop, published_event.id, [(spec.id, 1)], idempotency_key="cart-1")
    world.clock.advance(DEFAULT_ORDER_HOLD)
    replay = place(shop, published_event.id, [(spec.id, 1)], idempotency_key="cart-1")
    assert (replay.id, replay.state) == (order.id, OrderState.EXPIRED)
    paid = pay(shop, order)
    shop.events.complete(published_event.id)
    assert place(shop, published_event.id, [(spec.id, 1)], idempotency_key="cart-1") == paid
