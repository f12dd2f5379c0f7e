"""``Store.rehearsal()``: a store whose writes run in full and are rolled back, the ground of
every ``--dry-run`` of the command line. A rehearsed call returns what the call would return and
raises what it would raise, and leaves nothing behind: no rows, counters, audit rows or outbox
events."""

from __future__ import annotations

import pytest

from helpers import World, audit_rows, counts, place, sales_snapshot, shop_store, spec_on_sale
from ticketcore import CapacityError, Event, NotFoundError, OrderState, Store, TicketState


def test_a_rehearsed_write_returns_its_result_and_keeps_nothing(
    world: World, store: Store, published_event: Event
) -> None:
    shop = shop_store(world)
    spec = spec_on_sale(shop, published_event.id, number_of_tickets_for_sale=3)
    before = sales_snapshot(store)
    audit_before = audit_rows(store)
    rehearsal = shop.rehearsal()
    assert rehearsal.rehearsing and not shop.rehearsing

    order = place(rehearsal, published_event.id, [(spec.id, 2)])
    tickets = rehearsal.tickets.comp(published_event.id, spec.id, holders=[("pat@example.com", "Pat Lee")], note="")

    assert order.state is OrderState.PENDING and len(order.event_tickets) == 1
    assert tickets[0].state is TicketState.VALID and tickets[0].holder_email == "pat@example.com"
    assert sales_snapshot(store) == before
    assert audit_rows(store) == audit_before
    assert counts(store, spec.id) == (0, 0, 3)
    with pytest.raises(NotFoundError):
        shop.orders.get(order.id)
    with pytest.raises(NotFoundError):
        shop.tickets.get(tickets[0].id)


def test_a_rehearsal_raises_what_the_call_would_raise(world: World, store: Store, published_event: Event) -> None:
    shop = shop_store(world)
    spec = spec_on_sale(shop, published_event.id, number_of_tickets_for_sale=1)
    with pytest.raises(CapacityError) as raised:
        place(shop.rehearsal(), published_event.id, [(spec.id, 2)])
    with pytest.raises(CapacityError) as real:
        place(shop, published_event.id, [(spec.id, 2)])
    assert (raised.value.code, str(raised.value)) == (real.value.code, str(real.value))


def test_each_rehearsed_call_starts_from_what_is_committed(world: World, published_event: Event) -> None:
    shop = shop_store(world)
    spec = spec_on_sale(shop, published_event.id, number_of_tickets_for_sale=1)
    rehearsal = shop.rehearsal()
    # Nothing of the first rehearsed order stays, so the second still finds the one ticket free.
    assert place(rehearsal, published_event.id, [(spec.id, 1)]).state is OrderState.PENDING
    assert place(rehearsal, published_event.id, [(spec.id, 1)]).state is OrderState.PENDING
    assert place(shop, published_event.id, [(spec.id, 1)]).state is OrderState.PENDING
    with pytest.raises(CapacityError):
        place(rehearsal, published_event.id, [(spec.id, 1)])
