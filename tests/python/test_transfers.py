"""Transfers and cancellations (seed 004), on both engines: ``tickets.transfer`` issues a new
ticket to the new holder and revokes the old one, ``tickets.cancel`` and ``tickets.cancel_order``
void tickets and give their capacity back, ``tickets.revocations`` lists the tickets whose earlier
QR payloads are void for offline scanners. Every refusal has its exact code and message and
changes nothing; capacity always agrees with the ledger (checked after each test)."""

from __future__ import annotations

import pytest

import ticketcore
from helpers import World, buyer, counts, make_event, outbox_topics, pay, place, refused, shop_store, spec_on_sale
from test_concurrency import run_in_threads
from ticketcore import (
    Actor,
    BuyOrder,
    CapacityError,
    ConflictError,
    Event,
    NotFoundError,
    OrderState,
    PermissionDeniedError,
    Revocation,
    Store,
    TicketKind,
    TicketState,
    ValidationError,
)

SAM = {"to_name": "Sam Berg", "to_email": "sam@example.com"}


def paid_order(shop: Store, event: Event, spec_id: str, quantity: int, who: str = "Alex Reyes") -> BuyOrder:
    return pay(shop, place(shop, event.id, [(spec_id, quantity)], who=buyer(who)))


def holder_store(world: World) -> Store:
    """The web shop acting for a ticket's holder: scope ``orders`` (and ``events:read``) only."""
    return shop_store(world, scopes={"orders", "events:read"}, actor_id="web-shop")


# --- transfer ------------------------------------------------------------------------------------


def test_a_transfer_issues_a_new_ticket_and_revokes_the_old(world: World, shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id, number_of_tickets_for_sale=10)
    order = paid_order(shop, published_event, spec.id, 2)
    old = shop.tickets.get(order.ticket_ids[0])
    old_payload = shop.tickets.qr(old.id)
    holders_before = shop.tickets.holders(published_event.id).total_count

    new = holder_store(world).tickets.transfer(old.id, **SAM)

    assert new.id != old.id
    assert (new.event_id, new.ticket_specification_id, new.order_id) == (published_event.id, spec.id, order.id)
    assert (new.kind, new.state, new.generation) == (TicketKind.ORDER, TicketState.VALID, 1)
    assert (new.holder_name, new.holder_email) == ("Sam Berg", "sam@example.com")
    assert new.buyer_id not in (None, old.buyer_id)
    assert (new.transferred_from, new.transferred_to) == (old.id, None)
    assert [date.event_date_id for date in new.event_dates] == [date.event_date_id for date in old.event_dates]
    assert not {date.id for date in new.event_dates} & {date.id for date in old.event_dates}
    assert shop.tickets.get(new.id) == new

    revoked = shop.tickets.get(old.id)
    assert (revoked.state, revoked.generation, revoked.transferred_to) == (TicketState.CANCELLED, 2, new.id)
    assert (revoked.holder_name, revoked.holder_email) == (old.holder_name, old.holder_email)
    # Capacity does not move: the new ticket holds the old one's place.
    assert counts(shop, spec.id) == (2, 0, 8)
    assert shop.tickets.holders(published_event.id).total_count == holders_before + 1

    event = shop.outbox.pending(limit=1000)[-1]
    assert (event.topic, event.entity_id) == ("ticket.transferred", new.id)
    assert event.data == {
        "ticket_id": old.id,
        "new_ticket_id": new.id,
        "event_id": published_event.id,
        "order_id": order.id,
        "previous_holder": {"buyer_id": old.buyer_id, "name": "Alex Reyes", "email": "alex@example.com"},
        "holder": {"buyer_id": new.buyer_id, "name": "Sam Berg", "email": "sam@example.com"},
    }
    (audit,) = shop.audit(operation="ticket.transfer")
    assert (audit.entity_id, audit.actor_id) == (old.id, "web-shop")

    # The old QR is void: no payload for the old ticket, and the scanner's list revokes it.
    refused(shop, lambda: shop.tickets.qr(old.id), ConflictError, "ticket_cancelled",
            f"Ticket with id: {old.id} has been cancelled")
    assert shop.tickets.qr(new.id) != old_payload
    assert _revocations(shop, published_event.id) == [(old.id, None)]


def _revocations(store: Store, event_id: str) -> list[tuple[str, int | None]]:
    return [(r.ticket_id, r.generation) for r in ticketcore.every(store.tickets.revocations, event_id)]


def test_transfer_refusals_change_nothing(world: World, shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id, number_of_tickets_for_sale=20, maximum_number_of_tickets_per_user=4)
    named = spec_on_sale(shop, published_event.id, "Named seat", transferable=False)
    ticket_id = paid_order(shop, published_event, spec.id, 1).ticket_ids[0]
    named_id = paid_order(shop, published_event, named.id, 1).ticket_ids[0]
    unsold = shop.tickets.pre_generate(published_event.id, spec.id, quantity=1)[0]

    refused(shop, lambda: shop.tickets.transfer(named_id, **SAM), ConflictError, "ticket_not_transferable",
            f"Tickets of ticket specification with id: {named.id} cannot be transferred")
    refused(shop, lambda: shop.tickets.transfer(unsold.id, **SAM), ConflictError, "ticket_not_activated",
            f"Ticket with id: {unsold.id} has not been activated")
    refused(shop, lambda: shop.tickets.transfer("no-such-ticket", **SAM), NotFoundError, "ticket_not_found",
            "Ticket with id: no-such-ticket not found.")
    refused(shop, lambda: shop.tickets.transfer(ticket_id, to_name="Kim", to_email="kim"), ValidationError,
            "invalid_email", "Invalid e-mail address: 'kim'")
    refused(shop, lambda: shop.tickets.transfer(ticket_id, to_name=" ", to_email="kim@example.com"),
            ValidationError, "name_required")
    till = shop_store(world, scopes={"sales", "events:read"}, actor_id="till")
    refused(shop, lambda: till.tickets.transfer(ticket_id, **SAM), PermissionDeniedError, "missing_scope",
            "Actor 'till' lacks the scope 'events:write'")
    # Sam already holds the per-user limit of 4.
    paid_order(shop, published_event, spec.id, 4, who="Sam Berg")
    refused(shop, lambda: shop.tickets.transfer(ticket_id, **SAM), CapacityError, "too_many_tickets_per_user",
            "Too many tickets per user")
    # Another organization's ticket.
    other = world.platform.organizations.create("Aarhus Rock", currency="DKK")
    stranger = world.platform.acting_as(Actor("bob", other.id, {"events:write", "orders"}))
    refused(shop, lambda: stranger.tickets.transfer(ticket_id, **SAM), PermissionDeniedError, "other_organization")

    new = shop.tickets.transfer(ticket_id, to_name="Kim Holm", to_email="kim@example.com")
    refused(shop, lambda: shop.tickets.transfer(ticket_id, **SAM), ConflictError, "ticket_transferred",
            f"Ticket with id: {ticket_id} has been transferred to ticket {new.id}")
    shop.tickets.cancel(new.id)
    refused(shop, lambda: shop.tickets.transfer(new.id, **SAM), ConflictError, "ticket_cancelled",
            f"Ticket with id: {new.id} has been cancelled")


def test_no_transfer_for_a_completed_event(shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id)
    ticket_id = paid_order(shop, published_event, spec.id, 1).ticket_ids[0]
    shop.events.complete(published_event.id)
    refused(shop, lambda: shop.tickets.transfer(ticket_id, **SAM), ConflictError, "event_completed",
            "Cannot transfer a ticket of an event, which is completed")
    refused(shop, lambda: shop.tickets.cancel(ticket_id), ConflictError, "event_completed",
            "Cannot cancel a ticket of an event, which is completed")


def test_a_chain_of_transfers_is_kept(shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id, number_of_tickets_for_sale=5)
    first = shop.tickets.comp(published_event.id, spec.id, holders=[("pat@example.com", "Pat Lee")], note="crew")[0]
    second = shop.tickets.transfer(first.id, **SAM)
    third = shop.tickets.transfer(second.id, to_name="Kim Holm", to_email="kim@example.com")
    chain = [first.id]
    while (link := shop.tickets.get(chain[-1]).transferred_to) is not None:
        chain.append(link)
    assert chain == [first.id, second.id, third.id]
    assert (third.kind, third.note, third.transferred_from) == (TicketKind.COMP, "crew", second.id)
    assert counts(shop, spec.id) == (1, 0, 4)
    assert _revocations(shop, published_event.id) == [(first.id, None), (second.id, None)]


def test_a_transfer_with_an_idempotency_key_happens_once(world: World, shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id)
    ticket_id = paid_order(shop, published_event, spec.id, 1).ticket_ids[0]
    holder = holder_store(world)
    new = holder.tickets.transfer(ticket_id, **SAM, idempotency_key="t-1")
    topics = outbox_topics(shop)
    assert holder.tickets.transfer(ticket_id, **SAM, idempotency_key="t-1") == new
    assert outbox_topics(shop) == topics
    refused(shop, lambda: holder.tickets.transfer(ticket_id, to_name="Kim", to_email="kim@example.com",
                                                  idempotency_key="t-1"),
            ConflictError, "idempotency_key_reused", "Idempotency key 't-1' was already used with different parameters")


# --- cancel --------------------------------------------------------------------------------------


def test_cancel_voids_the_ticket_and_frees_its_place(shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id, number_of_tickets_for_sale=10)
    order = paid_order(shop, published_event, spec.id, 3)
    assert counts(shop, spec.id) == (3, 0, 7)

    cancelled = shop.tickets.cancel(order.ticket_ids[1])

    assert (cancelled.state, cancelled.generation, cancelled.transferred_to) == (TicketState.CANCELLED, 2, None)
    assert shop.tickets.get(cancelled.id) == cancelled
    assert counts(shop, spec.id) == (2, 0, 8)
    assert [shop.tickets.get(i).state for i in order.ticket_ids] == [
        TicketState.VALID, TicketState.CANCELLED, TicketState.VALID]
    event = shop.outbox.pending(limit=1000)[-1]
    assert (event.topic, event.entity_id) == ("ticket.cancelled", cancelled.id)
    assert event.data == {
        "ticket_id": cancelled.id,
        "event_id": published_event.id,
        "order_id": order.id,
        "holder": {"buyer_id": cancelled.buyer_id, "name": "Alex Reyes", "email": "alex@example.com"},
    }
    assert [row.operation for row in shop.audit(entity_id=cancelled.id)] == ["ticket.cancel"]
    assert shop.orders.get(order.id).state is OrderState.PAID
    refused(shop, lambda: shop.tickets.cancel(cancelled.id), ConflictError, "ticket_cancelled",
            f"Ticket with id: {cancelled.id} has been cancelled")
    assert _revocations(shop, published_event.id) == [(cancelled.id, None)]


def test_cancelling_an_unsold_pre_generated_ticket_gives_its_reservation_back(
    shop: Store, published_event: Event
) -> None:
    spec = spec_on_sale(shop, published_event.id, number_of_tickets_for_sale=10)
    unsold = shop.tickets.pre_generate(published_event.id, spec.id, quantity=2)
    assert counts(shop, spec.id) == (0, 2, 8)
    shop.tickets.cancel(unsold[0].id)
    assert counts(shop, spec.id) == (0, 1, 9)
    refused(shop, lambda: shop.tickets.activate(unsold[0].id, holder_email="walk@example.com", holder_name="Walk",
                                                amount=0, method="cash"),
            ConflictError, "ticket_cancelled", f"Ticket with id: {unsold[0].id} has been cancelled")


def test_cancel_needs_events_write_and_a_key_replays_it(world: World, shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id)
    ticket_id = paid_order(shop, published_event, spec.id, 1).ticket_ids[0]
    holder = holder_store(world)
    refused(shop, lambda: holder.tickets.cancel(ticket_id), PermissionDeniedError, "missing_scope",
            "Actor 'web-shop' lacks the scope 'events:write'")
    first = shop.tickets.cancel(ticket_id, idempotency_key="c-1")
    assert shop.tickets.cancel(ticket_id, idempotency_key="c-1") == first
    assert outbox_topics(shop).count("ticket.cancelled") == 1


# --- cancelling a booking ------------------------------------------------------------------------


def test_cancelling_a_booking_cancels_every_ticket_it_still_has(shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id, number_of_tickets_for_sale=10)
    order = paid_order(shop, published_event, spec.id, 4)
    moved = shop.tickets.transfer(order.ticket_ids[0], **SAM)
    shop.tickets.cancel(order.ticket_ids[1])
    assert counts(shop, spec.id) == (3, 0, 7)
    topics = outbox_topics(shop)

    cancelled = shop.tickets.cancel_order(order.id, idempotency_key="b-1")

    assert [t.id for t in cancelled] == [order.ticket_ids[2], order.ticket_ids[3], moved.id]
    assert all(t.state is TicketState.CANCELLED and t.generation == 2 for t in cancelled)
    assert counts(shop, spec.id) == (0, 0, 10)
    assert outbox_topics(shop)[len(topics):] == ["ticket.cancelled"] * 3
    (audit,) = shop.audit(operation="order.cancel_tickets")
    assert audit.entity_id == order.id
    assert shop.orders.get(order.id).state is OrderState.PAID
    assert shop.tickets.cancel_order(order.id, idempotency_key="b-1") == cancelled
    refused(shop, lambda: shop.tickets.cancel_order(order.id), ConflictError, "order_tickets_cancelled",
            f"Order with id: {order.id} has no ticket left to cancel")
    pending = place(shop, published_event.id, [(spec.id, 1)])
    refused(shop, lambda: shop.tickets.cancel_order(pending.id), ConflictError, "order_not_paid",
            "Only a paid order's tickets can be cancelled; this one is pending")
    refused(shop, lambda: shop.tickets.cancel_order("no-such-order"), NotFoundError, "order_not_found",
            "Order with id: no-such-order not found.")


# --- the revocation list -------------------------------------------------------------------------


def test_the_revocation_list_pages_in_issue_order(world: World, shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id)
    ids = paid_order(shop, published_event, spec.id, 5).ticket_ids
    assert shop.tickets.revocations(published_event.id).nodes == ()
    shop.tickets.cancel(ids[3])
    shop.tickets.transfer(ids[1], **SAM)
    shop.tickets.cancel(ids[4])
    first = shop.tickets.revocations(published_event.id, first=2)
    assert [(r.ticket_id, r.generation) for r in first.nodes] == [(ids[1], None), (ids[3], None)]
    assert (first.has_next_page, first.end_cursor) == (True, ids[3])
    rest = shop.tickets.revocations(published_event.id, first=2, after=first.end_cursor)
    assert [(r.ticket_id, r.generation) for r in rest.nodes] == [(ids[4], None)]
    assert not rest.has_next_page
    assert isinstance(rest.nodes[0], Revocation)
    with pytest.raises(ValidationError) as caught:
        shop.tickets.revocations(published_event.id, after=ids[0])
    assert (caught.value.code, str(caught.value)) == (
        "invalid_cursor", f"Cursor '{ids[0]}' is not a revoked ticket of this event")
    scanner = shop_store(world, scopes={"scan"}, actor_id="scanner")
    assert scanner.tickets.revocations(published_event.id) == shop.tickets.revocations(published_event.id)


# --- racing callers ------------------------------------------------------------------------------


def test_racing_cancels_and_transfers_of_one_ticket_revoke_it_once(file_world: World) -> None:
    """Eight threads, each with its own connection, cancel or transfer the same ticket at once:
    exactly one wins (the revocation is one conditional write), the others are refused as the
    ticket now is, and the capacity is given back once (check_integrity after the test)."""
    shop = shop_store(file_world)
    event = make_event(shop, published=True)
    spec = spec_on_sale(shop, event.id, number_of_tickets_for_sale=10)
    for round_ in range(3):
        ticket_id = paid_order(shop, event, spec.id, 2, who=f"Buyer {round_}").ticket_ids[0]
        sold_before = counts(shop, spec.id)[0]
        wins: list[str] = []
        refusals: list[str] = []

        def work(index: int) -> None:
            try:
                if index % 2:
                    shop.tickets.cancel(ticket_id)
                    wins.append("cancel")
                else:
                    shop.tickets.transfer(ticket_id, to_name=f"Sam {index}", to_email=f"sam{index}@example.com")
                    wins.append("transfer")
            except ConflictError as error:
                refusals.append(error.code)

        assert run_in_threads(8, work) == []
        assert len(wins) == 1 and len(refusals) == 7
        assert set(refusals) <= {"ticket_cancelled", "ticket_transferred"}
        assert counts(shop, spec.id)[0] == sold_before - (1 if wins == ["cancel"] else 0)
        assert shop.tickets.get(ticket_id).generation == 2
