"""Refunds (seed 004's ticket and booking refunds, seed 000's refund activity) on both engines:
start → complete or fail, one ticket or a whole order, full or partial, the organization's fee
setting, every refusal with its code and message (and nothing changed), counters and
check_integrity after a completion, idempotent replays, the event's refund activity, and a
buyer's tickets across events (tickets.mine)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from contextlib import closing
from datetime import timedelta

import pytest

import pg_support
from helpers import (
    CLOCK_START,
    SHOP_SCOPES,
    World,
    buyer,
    counts,
    dkk,
    make_event,
    other_organization,
    outbox_topics,
    pay,
    place,
    refused,
    shop_store,
    spec_on_sale,
)
from ticketcore import (
    BuyOrder,
    CapacityError,
    ConflictError,
    Event,
    Money,
    NotFoundError,
    PermissionDeniedError,
    Refund,
    RefundedTicket,
    RefundState,
    Store,
    TicketSpecification,
    ValidationError,
)

DESK_SCOPES = SHOP_SCOPES | {"refunds"}


@pytest.fixture
def desk(world: World) -> Store:
    """The organization's refund desk: events:read/write, orders, sales and refunds."""
    return shop_store(world, DESK_SCOPES, actor_id="desk")


@pytest.fixture
def fee_event(desk: Store) -> Event:
    """A published event with 5.00 DKK platform fee and 2.5 % percentage fee a ticket."""
    return make_event(desk, published=True, platform_fee=Money("5.00", "DKK"), percentage_fee=250)


@pytest.fixture
def member(desk: Store, fee_event: Event) -> TicketSpecification:
    """250.00 DKK + 5.00 + 6.25 fees = 261.25 DKK a ticket; 10 for sale, 2 per buyer."""
    return spec_on_sale(desk, fee_event.id, number_of_tickets_for_sale=10, maximum_number_of_tickets_per_user=2)


def _paid(desk: Store, event: Event, spec: TicketSpecification, quantity: int = 2, name: str = "Alex Reyes",
          reference: str = "pi_1", **options: object) -> BuyOrder:
    return pay(desk, place(desk, event.id, [(spec.id, quantity)], who=buyer(name), **options), reference)


def test_a_ticket_refund_starts_in_progress_then_completes_and_frees_its_capacity(
    world: World, desk: Store, fee_event: Event, member: TicketSpecification
) -> None:
    order = _paid(desk, fee_event, member)
    assert order.total == Money("522.50", "DKK")
    first, second = order.ticket_ids
    world.clock.advance(timedelta(minutes=1))
    started = desk.refunds.start(ticket_id=first, note="asked by phone")
    assert started.state is RefundState.IN_PROGRESS
    assert (started.event_id, started.order_id, started.ticket_id) == (fee_event.id, order.id, first)
    assert started.amount == Money("250.00", "DKK")  # the fees stay: the organization's default
    assert started.fees_included is False
    assert all(isinstance(part, RefundedTicket) for part in started.tickets)
    assert [(part.ticket_id, part.amount) for part in started.tickets] == [(first, dkk(25000))]
    assert (started.payment_reference, started.payment_gateway) == ("pi_1", "stripe")
    assert (started.note, started.allow_redeemed) == ("asked by phone", False)
    assert (started.created, started.closed, started.gateway_reference, started.failure_reason) == (
        CLOCK_START + timedelta(minutes=1), None, None, None)
    assert desk.refunds.get(started.id) == started
    ticket = desk.tickets.get(first)
    assert (ticket.is_refund_in_progress, ticket.is_refunded) == (True, False)
    assert counts(desk, member.id) == (2, 0, 8)  # held until the money is back

    world.clock.advance(timedelta(minutes=1))
    completed = desk.refunds.complete(started.id, gateway_reference="re_1")
    assert completed.state is RefundState.REFUNDED
    assert (completed.gateway_reference, completed.closed) == ("re_1", CLOCK_START + timedelta(minutes=2))
    assert desk.refunds.get(started.id) == completed
    ticket = desk.tickets.get(first)
    assert (ticket.is_refund_in_progress, ticket.is_refunded) == (False, True)
    assert desk.tickets.get(second).is_refunded is False
    assert counts(desk, member.id) == (1, 0, 9)
    assert desk.check_integrity().ok
    assert outbox_topics(desk)[-2:] == ["refund.started", "refund.completed"]
    completed_event = desk.outbox.pending(limit=1000)[-1]
    assert completed_event.entity_id == started.id
    assert completed_event.data == {
        "refund_id": started.id, "event_id": fee_event.id, "order_id": order.id, "ticket_ids": [first],
        "amount": {"minor": 25000, "currency": "DKK"}, "payment_reference": "pi_1", "payment_gateway": "stripe",
        "buyer": {"id": order.buyer_id, "name": "Alex Reyes", "email": "alex@example.com"},
        "gateway_reference": "re_1",
    }
    assert [row.operation for row in desk.audit(entity_id=started.id)] == ["refund.start", "refund.complete"]
    assert desk.audit(entity_id=started.id)[0].actor_id == "desk"

    refused(desk, lambda: desk.refunds.start(ticket_id=first), ConflictError, "ticket_refunded",
            f"Ticket with id: {first} has been refunded")
    desk.refunds.complete(desk.refunds.start(ticket_id=second).id)
    assert counts(desk, member.id) == (0, 0, 10)
    refused(desk, lambda: desk.refunds.start(order_id=order.id), ConflictError, "order_refunded",
            f"Order with id: {order.id} has been refunded")


def test_the_organization_chooses_whether_fees_are_refunded(
    world: World, desk: Store, fee_event: Event, member: TicketSpecification
) -> None:
    assert world.store.organizations.get(world.organization_id).refund_fees is False
    refused(desk, lambda: shop_store(world, {"events:read"}).organizations.set_refund_fees(
        world.organization_id, refund_fees=True), PermissionDeniedError, "missing_scope",
        "Actor 'shop' lacks the scope 'events:write'")
    changed = world.store.organizations.set_refund_fees(world.organization_id, refund_fees=True)
    assert changed.refund_fees is True
    assert world.store.organizations.get(world.organization_id) == changed
    assert world.store.audit(operation="organization.set_refund_fees")[-1].entity_id == world.organization_id
    order = _paid(desk, fee_event, member)
    whole = desk.refunds.start(order_id=order.id)
    assert (whole.ticket_id, whole.fees_included, whole.amount) == (None, True, Money("522.50", "DKK"))
    assert [part.amount for part in whole.tickets] == [dkk(26125), dkk(26125)]
    # A refund keeps the setting it started with.
    world.store.organizations.set_refund_fees(world.organization_id, refund_fees=False)
    assert desk.refunds.get(whole.id).fees_included is True
    created = world.platform.organizations.create("Fee Club", currency="EUR", refund_fees=True)
    assert created.refund_fees is True


def test_a_partial_amount_is_shared_over_the_tickets(desk: Store, fee_event: Event, member: TicketSpecification) -> None:
    order = _paid(desk, fee_event, member)
    partial = desk.refunds.start(order_id=order.id, amount=Money("100.01", "DKK"))
    assert partial.amount == Money("100.01", "DKK")
    assert [(part.ticket_id, part.amount) for part in partial.tickets] == [
        (order.ticket_ids[0], dkk(5001)), (order.ticket_ids[1], dkk(5000))]
    desk.refunds.complete(partial.id)
    # Both tickets are refunded: a refund of part of the price still gives the seats back.
    assert counts(desk, member.id) == (0, 0, 10)
    assert all(desk.tickets.get(ticket_id).is_refunded for ticket_id in order.ticket_ids)


def test_a_failed_refund_makes_the_ticket_valid_again(
    world: World, desk: Store, fee_event: Event, member: TicketSpecification
) -> None:
    order = _paid(desk, fee_event, member, quantity=1)
    started = desk.refunds.start(ticket_id=order.ticket_ids[0], amount=10000)
    failed = desk.refunds.fail(started.id, reason="card expired")
    assert (failed.state, failed.failure_reason, failed.closed) == (RefundState.FAILED, "card expired", CLOCK_START)
    ticket = desk.tickets.get(order.ticket_ids[0])
    assert (ticket.is_refund_in_progress, ticket.is_refunded) == (False, False)
    assert counts(desk, member.id) == (1, 0, 9)
    assert outbox_topics(desk)[-1] == "refund.failed"
    assert desk.outbox.pending(limit=1000)[-1].data["reason"] == "card expired"
    assert desk.refunds.fail(started.id, reason="card expired") == failed  # the same failure again
    refused(desk, lambda: desk.refunds.complete(started.id), ConflictError, "refund_not_in_progress",
            f"Refund with id: {started.id} is failed, not in progress")
    refused(desk, lambda: desk.refunds.fail(started.id, reason="other"), ConflictError, "refund_not_in_progress",
            f"Refund with id: {started.id} is failed, not in progress")
    # What failed does not count against what can be refunded.
    assert desk.refunds.start(ticket_id=order.ticket_ids[0]).amount == Money("250.00", "DKK")


def test_every_refusal_has_its_code_and_message_and_changes_nothing(
    world: World, desk: Store, fee_event: Event, member: TicketSpecification
) -> None:
    order = _paid(desk, fee_event, member, quantity=1)
    ticket_id = order.ticket_ids[0]
    shop = shop_store(world)
    cases: list[tuple[Callable[[], object], type[Exception], str, str]] = [
        (lambda: shop.refunds.start(ticket_id=ticket_id), PermissionDeniedError, "missing_scope",
         "Actor 'shop' lacks the scope 'refunds'"),
        (lambda: desk.refunds.start(), ValidationError, "invalid_refund_target", "Pass ticket_id or order_id, exactly one"),
        (lambda: desk.refunds.start(ticket_id=ticket_id, order_id=order.id), ValidationError, "invalid_refund_target",
         "Pass ticket_id or order_id, exactly one"),
        (lambda: desk.refunds.start(ticket_id=ticket_id, amount=0), ValidationError, "invalid_amount",
         "amount must be greater than zero"),
        (lambda: desk.refunds.start(ticket_id=ticket_id, amount=Money("-1", "DKK")), ValidationError, "invalid_amount",
         "amount must be greater than zero"),
        (lambda: desk.refunds.start(ticket_id=ticket_id, amount=25001), ValidationError, "refund_exceeds_paid",
         "A refund of 250.01 DKK exceeds the 250.00 DKK refundable"),
        (lambda: desk.refunds.start(ticket_id=ticket_id, amount=Money("1.00", "EUR")), ValidationError,
         "currency_mismatch", "Amount in EUR where DKK is expected"),
        (lambda: desk.refunds.start(ticket_id="no-such-ticket"), NotFoundError, "ticket_not_found",
         "Ticket with id: no-such-ticket not found."),
        (lambda: desk.refunds.start(order_id="no-such-order"), NotFoundError, "order_not_found",
         "Order with id: no-such-order not found."),
        (lambda: desk.refunds.start(ticket_id=ticket_id, idempotency_key=" "), ValidationError,
         "invalid_idempotency_key", "idempotency_key cannot be empty or blank"),
        (lambda: desk.refunds.get("no-such-refund"), NotFoundError, "refund_not_found",
         "Refund with id: no-such-refund not found."),
        (lambda: desk.refunds.complete("no-such-refund"), NotFoundError, "refund_not_found",
         "Refund with id: no-such-refund not found."),
        (lambda: desk.refunds.fail("no-such-refund", reason="x"), NotFoundError, "refund_not_found",
         "Refund with id: no-such-refund not found."),
    ]
    pending = place(desk, fee_event.id, [(member.id, 1)], who=buyer("Bo Berg"))
    cases.append((lambda: desk.refunds.start(order_id=pending.id), ConflictError, "order_not_paid",
                  f"Order with id: {pending.id} is pending: only a paid order can be refunded"))
    cancelled = desk.orders.cancel(place(desk, fee_event.id, [(member.id, 1)], who=buyer("Cy Dahl")).id)
    cases.append((lambda: desk.refunds.start(order_id=cancelled.id), ConflictError, "order_not_paid",
                  f"Order with id: {cancelled.id} is cancelled: only a paid order can be refunded"))
    (comp,) = desk.tickets.comp(fee_event.id, member.id, holders=[("pat@example.com", "Pat Lee")])
    cases.append((lambda: desk.refunds.start(ticket_id=comp.id), ConflictError, "nothing_to_refund",
                  f"Ticket with id: {comp.id} was not paid for: there is nothing to refund"))
    (unsold,) = desk.tickets.pre_generate(fee_event.id, member.id, quantity=1)
    cases.append((lambda: desk.refunds.start(ticket_id=unsold.id), ConflictError, "ticket_not_activated",
                  f"Ticket with id: {unsold.id} has not been activated"))
    free = spec_on_sale(desk, fee_event.id, "Free", price=0)
    free_order = pay(desk, place(desk, fee_event.id, [(free.id, 1)], who=buyer("Di Eng")), "pi_free")
    cases.append((lambda: desk.refunds.start(order_id=free_order.id), ConflictError, "nothing_to_refund",
                  f"Order with id: {free_order.id} has nothing to refund"))
    for call, error, code, message in cases:
        refused(desk, call, error, code, message)  # type: ignore[arg-type]

    world.clock.advance(timedelta(hours=1))
    cases = [(lambda: desk.refunds.start(order_id=pending.id), ConflictError, "order_not_paid",
              f"Order with id: {pending.id} is expired: only a paid order can be refunded")]
    started = desk.refunds.start(ticket_id=ticket_id)
    cases += [
        (lambda: desk.refunds.start(ticket_id=ticket_id), ConflictError, "refund_in_progress",
         f"Ticket with id: {ticket_id} has a refund in progress"),
        (lambda: desk.refunds.start(order_id=order.id), ConflictError, "refund_in_progress",
         f"Ticket with id: {ticket_id} has a refund in progress"),
        (lambda: desk.refunds.fail(started.id, reason=" \t"), ValidationError, "refund_reason_required",
         "A failed refund needs a reason"),
        (lambda: desk.refunds.complete(started.id, gateway_reference=""), ValidationError,
         "invalid_gateway_reference", "gateway_reference cannot be empty or blank"),
        (lambda: shop.refunds.complete(started.id), PermissionDeniedError, "missing_scope",
         "Actor 'shop' lacks the scope 'refunds'"),
    ]
    for call, error, code, message in cases:
        refused(desk, call, error, code, message)  # type: ignore[arg-type]
    desk.refunds.complete(started.id, gateway_reference="re_1")
    assert desk.refunds.complete(started.id, gateway_reference="re_1").state is RefundState.REFUNDED
    refused(desk, lambda: desk.refunds.complete(started.id, gateway_reference="re_2"), ConflictError,
            "refund_not_in_progress", f"Refund with id: {started.id} is refunded, not in progress")
    refused(desk, lambda: desk.refunds.fail(started.id, reason="late"), ConflictError, "refund_not_in_progress",
            f"Refund with id: {started.id} is refunded, not in progress")


def test_a_redeemed_ticket_is_refunded_only_with_the_explicit_flag(
    file_world: World, engine: str
) -> None:
    desk = shop_store(file_world, DESK_SCOPES, actor_id="desk")
    event = make_event(desk, published=True)
    spec = spec_on_sale(desk, event.id)
    order = _paid(desk, event, spec, quantity=1)
    ticket_id = order.ticket_ids[0]
    # The door area redeems tickets; here the first date is marked redeemed in the database.
    sql = f"UPDATE ticket_date SET is_redeemed = 1 WHERE ticket_id = '{ticket_id}'"
    if engine == "sqlite":
        with closing(sqlite3.connect(file_world.platform.path)) as connection, connection:
            connection.execute(sql)
    else:
        pg_support.execute(file_world.platform.path, sql)
    assert any(date.is_redeemed for date in desk.tickets.get(ticket_id).event_dates)
    refused(desk, lambda: desk.refunds.start(ticket_id=ticket_id), ConflictError, "ticket_redeemed",
            f"Ticket with id: {ticket_id} has been redeemed; pass allow_redeemed to refund it")
    refused(desk, lambda: desk.refunds.start(order_id=order.id), ConflictError, "ticket_redeemed",
            f"Ticket with id: {ticket_id} has been redeemed; pass allow_redeemed to refund it")
    started = desk.refunds.start(order_id=order.id, allow_redeemed=True)
    assert started.allow_redeemed is True
    desk.refunds.complete(started.id)
    assert counts(desk, spec.id) == (0, 0, None)


def test_another_organizations_refunds_are_out_of_reach(
    world: World, desk: Store, fee_event: Event, member: TicketSpecification
) -> None:
    order = _paid(desk, fee_event, member, quantity=1)
    started = desk.refunds.start(ticket_id=order.ticket_ids[0])
    bob = other_organization(world, scopes=DESK_SCOPES)
    message = f"Actor 'bob' may not access organization '{world.organization_id}'"
    for call in (
        lambda: bob.refunds.start(ticket_id=order.ticket_ids[0]),
        lambda: bob.refunds.start(order_id=order.id),
        lambda: bob.refunds.complete(started.id),
        lambda: bob.refunds.fail(started.id, reason="x"),
        lambda: bob.refunds.get(started.id),
        lambda: bob.refunds.activity(fee_event.id),
    ):
        refused(desk, call, PermissionDeniedError, "other_organization", message)


def test_start_complete_and_fail_replay_by_idempotency_key(
    desk: Store, fee_event: Event, member: TicketSpecification
) -> None:
    order = _paid(desk, fee_event, member)
    first = desk.refunds.start(order_id=order.id, amount=5000, idempotency_key="refund-1")
    assert desk.refunds.start(order_id=order.id, amount=5000, idempotency_key="refund-1") == first
    refused(desk, lambda: desk.refunds.start(order_id=order.id, amount=6000, idempotency_key="refund-1"),
            ConflictError, "idempotency_key_reused", "Idempotency key 'refund-1' was already used with different parameters")
    done = desk.refunds.complete(first.id, gateway_reference="re_1", idempotency_key="refund-1")
    assert desk.refunds.complete(first.id, gateway_reference="re_1", idempotency_key="refund-1") == done
    refused(desk, lambda: desk.refunds.complete(first.id, gateway_reference="re_2", idempotency_key="refund-1"),
            ConflictError, "idempotency_key_reused", "Idempotency key 'refund-1' was already used with different parameters")
    # The start replayed after the completion: the refund as it now is.
    assert desk.refunds.start(order_id=order.id, amount=5000, idempotency_key="refund-1") == done
    assert [row.operation for row in desk.audit(entity_id=first.id)] == ["refund.start", "refund.complete"]
    assert counts(desk, member.id) == (0, 0, 10)


def test_a_door_sale_is_refunded_from_its_door_payment(desk: Store, fee_event: Event, member: TicketSpecification) -> None:
    (unsold,) = desk.tickets.pre_generate(fee_event.id, member.id, quantity=1)
    desk.tickets.activate(unsold.id, holder_email="walkup@example.com", holder_name="Walk-up",
                          amount=Money("261.25", "DKK"), method="card", reference="sq_1")
    started = desk.refunds.start(ticket_id=unsold.id)
    assert (started.amount, started.order_id) == (Money("250.00", "DKK"), None)
    assert (started.payment_reference, started.payment_gateway) == ("sq_1", "card")
    desk.refunds.complete(started.id)
    assert counts(desk, member.id) == (0, 0, 10)


def test_an_order_paid_without_capacity_is_refunded_its_whole_payment(
    world: World, desk: Store, fee_event: Event
) -> None:
    last = spec_on_sale(desk, fee_event.id, "Last seat", price=10000, number_of_tickets_for_sale=1)
    late = place(desk, fee_event.id, [(last.id, 1)])
    world.clock.advance(timedelta(hours=1))
    pay(desk, place(desk, fee_event.id, [(last.id, 1)], who=buyer("Bo Berg")), "pi_bo")
    flagged = pay(desk, late, "pi_late")
    assert (flagged.paid_without_capacity, flagged.ticket_ids) == (True, ())
    started = desk.refunds.start(order_id=late.id)
    assert (started.amount, started.fees_included, started.tickets) == (late.total, True, ())
    assert started.payment_reference == "pi_late"
    refused(desk, lambda: desk.refunds.start(order_id=late.id), ConflictError, "refund_in_progress",
            f"Order with id: {late.id} has a refund in progress")
    desk.refunds.complete(started.id, gateway_reference="re_late")
    refused(desk, lambda: desk.refunds.start(order_id=late.id), ConflictError, "order_refunded",
            f"Order with id: {late.id} has been refunded")
    assert counts(desk, last.id) == (1, 0, 0)


def test_a_refunded_ticket_no_longer_counts_for_the_per_user_limit(
    desk: Store, fee_event: Event, member: TicketSpecification
) -> None:
    order = _paid(desk, fee_event, member)  # the limit of 2
    refused(desk, lambda: place(desk, fee_event.id, [(member.id, 1)]), CapacityError,
            "too_many_tickets_per_user", "Too many tickets per user")
    started = desk.refunds.start(ticket_id=order.ticket_ids[0])
    refused(desk, lambda: place(desk, fee_event.id, [(member.id, 1)]), CapacityError,
            "too_many_tickets_per_user", "Too many tickets per user")
    desk.refunds.complete(started.id)
    assert pay(desk, place(desk, fee_event.id, [(member.id, 1)]), "pi_2").ticket_ids
    assert counts(desk, member.id) == (2, 0, 8)


def test_the_promo_code_use_is_kept(desk: Store, fee_event: Event, member: TicketSpecification) -> None:
    code = desk.promo_codes.create(fee_event.id, "EARLY10", percent_off=1000, usage_limit=5)
    order = _paid(desk, fee_event, member, quantity=1, promo_code="EARLY10")
    started = desk.refunds.start(order_id=order.id)
    assert started.amount == Money("225.00", "DKK")  # what was paid after the discount, without fees
    desk.refunds.complete(started.id)
    assert desk.promo_codes.get(code.id).uses == 1


def test_the_refund_activity_pages_the_events_refunded_and_in_progress_tickets(
    desk: Store, fee_event: Event, member: TicketSpecification
) -> None:
    first = _paid(desk, fee_event, member)
    second = _paid(desk, fee_event, member, name="Bo Berg", reference="pi_2")
    assert desk.refunds.activity(fee_event.id).nodes == ()
    desk.refunds.complete(desk.refunds.start(ticket_id=first.ticket_ids[1]).id)
    failing = desk.refunds.start(ticket_id=second.ticket_ids[0])
    desk.refunds.start(ticket_id=second.ticket_ids[1])
    page = desk.refunds.activity(fee_event.id, first=2)
    assert [ticket.id for ticket in page.nodes] == [first.ticket_ids[1], second.ticket_ids[0]]
    assert [(t.is_refunded, t.is_refund_in_progress) for t in page.nodes] == [(True, False), (False, True)]
    assert (page.has_next_page, page.end_cursor) == (True, second.ticket_ids[0])
    desk.refunds.fail(failing.id, reason="declined")  # the cursor's ticket leaves the list; the cursor holds
    rest = desk.refunds.activity(fee_event.id, first=2, after=page.end_cursor)
    assert [ticket.id for ticket in rest.nodes] == [second.ticket_ids[1]]
    assert rest.has_next_page is False
    refused(desk, lambda: desk.refunds.activity(fee_event.id, after="bogus"), ValidationError, "invalid_cursor",
            "Cursor 'bogus' is not a ticket of this event")
    refused(desk, lambda: desk.refunds.activity(fee_event.id, first=51), ValidationError, "invalid_page_size",
            "first must be between 1 and 50")


def test_mine_lists_a_buyers_tickets_across_the_organizations_events(
    desk: Store, fee_event: Event, member: TicketSpecification
) -> None:
    autumn_event = make_event(desk, published=True, name="Autumn Jazz")
    autumn = spec_on_sale(desk, autumn_event.id, "Autumn ticket", price=10000)
    ann = buyer("Ann Holm", user_id="user-ann")
    summer = pay(desk, place(desk, fee_event.id, [(member.id, 1)], who=ann))
    fall = pay(desk, place(desk, autumn_event.id, [(autumn.id, 2)], who=ann), "pi_2")
    _paid(desk, fee_event, member, quantity=1, name="Bo Berg", reference="pi_3")
    page = desk.tickets.mine(user_id="user-ann", first=2)
    assert [ticket.id for ticket in page.nodes] == [summer.ticket_ids[0], fall.ticket_ids[0]]
    assert page.nodes[0] == desk.tickets.get(summer.ticket_ids[0])
    assert (page.has_next_page, page.end_cursor) == (True, fall.ticket_ids[0])
    rest = desk.tickets.mine(user_id="user-ann", first=2, after=page.end_cursor)
    assert [ticket.id for ticket in rest.nodes] == [fall.ticket_ids[1]]
    assert rest.has_next_page is False
    # A guest by e-mail, in any case; a buyer the organization does not know has no tickets.
    assert len(desk.tickets.mine(email="BO@example.com").nodes) == 1
    assert desk.tickets.mine(email="nobody@example.com").nodes == ()
    refused(desk, lambda: desk.tickets.mine(), ValidationError, "invalid_buyer_lookup",
            "Pass user_id or email, exactly one")
    refused(desk, lambda: desk.tickets.mine(user_id="u", email="a@b.dk"), ValidationError, "invalid_buyer_lookup",
            "Pass user_id or email, exactly one")
    refused(desk, lambda: desk.tickets.mine(user_id="user-ann", after=summer.id), ValidationError, "invalid_cursor",
            f"Cursor '{summer.id}' is not a ticket of this buyer")
    refused(desk, lambda: desk.tickets.mine(email="nobody@example.com", after="x"), ValidationError, "invalid_cursor",
            "Cursor 'x' is not a ticket of this buyer")


def test_refunds_are_values(desk: Store, fee_event: Event, member: TicketSpecification) -> None:
    import pickle

    order = _paid(desk, fee_event, member, quantity=1)
    refund = desk.refunds.start(ticket_id=order.ticket_ids[0])
    assert pickle.loads(pickle.dumps(refund)) == refund
    assert hash(refund) == hash(desk.refunds.get(refund.id))
    assert repr(refund).startswith("Refund(id=")
    assert json.loads(json.dumps({"state": refund.state.name})) == {"state": "IN_PROGRESS"}
    with pytest.raises(AttributeError):
        refund.amount = Money("1", "DKK")  # type: ignore[misc]


# --- concurrent callers ------------------------------------------------------------------------


def _in_threads(count: int, work: Callable[[int], object]) -> list[object]:
    """Runs work(index) in `count` threads started together; each result or the exception raised."""
    import threading

    barrier = threading.Barrier(count)
    results: list[object] = [None] * count

    def body(index: int) -> None:
        barrier.wait(timeout=30)
        try:
            results[index] = work(index)
        except Exception as error:  # noqa: BLE001 - the test judges each outcome
            results[index] = error

    threads = [threading.Thread(target=body, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    return results


def test_concurrent_refunds_of_one_ticket_start_once_and_complete_once(file_world: World) -> None:
    # Eight callers (a desk and a webhook, say) refunding one ticket at the same instant: its row
    # is locked by the first (PostgreSQL) or the writes take turns (SQLite), so exactly one refund
    # starts; completing it from eight threads gives its seat back once.
    desk = shop_store(file_world, DESK_SCOPES, actor_id="desk")
    event = make_event(desk, published=True)
    spec = spec_on_sale(desk, event.id, number_of_tickets_for_sale=10)
    order = _paid(desk, event, spec, quantity=2)
    outcomes = _in_threads(8, lambda index: desk.refunds.start(ticket_id=order.ticket_ids[0]))
    started = [outcome for outcome in outcomes if not isinstance(outcome, Exception)]
    refusals = [outcome for outcome in outcomes if isinstance(outcome, Exception)]
    assert len(started) == 1, outcomes
    assert all(isinstance(error, ConflictError) and error.code == "refund_in_progress" for error in refusals), refusals
    refund = started[0]
    assert isinstance(refund, Refund)
    results = _in_threads(8, lambda index: desk.refunds.complete(refund.id, gateway_reference="re_1"))
    assert all(not isinstance(result, Exception) for result in results), results  # the same completion, repeated
    assert counts(desk, spec.id) == (1, 0, 9)
    assert desk.check_integrity().ok


def test_tickets_of_one_order_line_refunded_at_once_each_give_their_seat_back(file_world: World) -> None:
    # The tickets of an order line share the line's ledger claim: refunds completing at the same
    # time each take one unit off it, and the counters agree with the ledger.
    desk = shop_store(file_world, DESK_SCOPES, actor_id="desk")
    event = make_event(desk, published=True)
    spec = spec_on_sale(desk, event.id, number_of_tickets_for_sale=10)
    order = _paid(desk, event, spec, quantity=6)
    refunds = [desk.refunds.start(ticket_id=ticket_id) for ticket_id in order.ticket_ids]
    results = _in_threads(6, lambda index: desk.refunds.complete(refunds[index].id))
    assert all(not isinstance(result, Exception) for result in results), results
    assert counts(desk, spec.id) == (0, 0, 10)
    assert desk.check_integrity().ok
    assert all(desk.tickets.get(ticket_id).is_refunded for ticket_id in order.ticket_ids)



def _race_refunds(world: World, ticket_id: str, *, guard_disabled: bool) -> tuple[int, int]:
    """Two processes of two threads each start a refund of ``ticket_id`` at once; (started, refused)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from refund_workers import race_refunds, share_barrier

    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=2, mp_context=context, initializer=share_barrier,
                             initargs=(context.Barrier(2),)) as pool:
        futures = [pool.submit(race_refunds, world.platform.path, world.organization_id, ticket_id, index, 2,
                               guard_disabled) for index in range(2)]
        outcomes = [future.result(timeout=180) for future in futures]
    return sum(started for started, _ in outcomes), sum(refused for _, refused in outcomes)


def test_without_the_guard_one_ticket_is_refunded_twice_with_it_once(file_world: World) -> None:
    # The race first: with the guard off (the test hook), the tickets are checked on a snapshot
    # before the write, so callers in two processes that check at the same time all start a
    # refund of the one ticket: the buyer would be paid back several times.
    desk = shop_store(file_world, DESK_SCOPES, actor_id="desk")
    event = make_event(desk, published=True)
    spec = spec_on_sale(desk, event.id, number_of_tickets_for_sale=10)
    order = _paid(desk, event, spec, quantity=2)
    started, refused_count = _race_refunds(file_world, order.ticket_ids[0], guard_disabled=True)
    assert started > 1, (started, refused_count)
    assert sum(1 for e in desk.outbox.pending(limit=1000) if e.topic == "refund.started") == started
    # With the guard, the ticket is locked and checked in the write: exactly one refund starts.
    started, refused_count = _race_refunds(file_world, order.ticket_ids[1], guard_disabled=False)
    assert (started, refused_count) == (1, 3)
