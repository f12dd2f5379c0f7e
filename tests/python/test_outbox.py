"""The outbox: domain events written with the change they announce, read in sequence order,
acknowledged up to a sequence (at-least-once delivery), per organization."""

from __future__ import annotations

from datetime import timedelta

import pytest

import ticketcore
from helpers import (
    CLOCK_START,
    DEFAULT_ORDER_HOLD,
    SHOP_SCOPES,
    World,
    buyer,
    make_event,
    open_world,
    org_actor,
    other_organization,
    outbox_topics,
    pay,
    place,
    refused,
    shop_store,
    spec_on_sale,
)
from ticketcore import Actor, CapacityError, Event, PermissionDeniedError, Store, ValidationError


def _sell(world: World, shop: Store, event: Event) -> dict[str, str]:
    """Places, pays, cancels, comps, expires and sells at the door; returns the entity ids."""
    spec = spec_on_sale(shop, event.id, price=0)
    paid = place(shop, event.id, [(spec.id, 1)], who=buyer("Ann Berg"))
    world.clock.advance(timedelta(minutes=1))
    pay(shop, paid)
    cancelled = place(shop, event.id, [(spec.id, 1)], who=buyer("Bo Dahl"))
    shop.orders.cancel(cancelled.id)
    (comp,) = shop.tickets.comp(event.id, spec.id, holders=[("vip@example.com", "Vip")])
    expired = place(shop, event.id, [(spec.id, 1)], who=buyer("Cy Holm"))
    world.clock.advance(DEFAULT_ORDER_HOLD)
    shop.orders.expire_due()
    (door,) = shop.tickets.pre_generate(event.id, spec.id, quantity=1)
    shop.tickets.activate(door.id, holder_email="walk@example.com", holder_name="Walk-up", amount=0, method="cash")
    return {"paid": paid.id, "cancelled": cancelled.id, "comp": comp.id, "expired": expired.id, "door": door.id}


EXPECTED = [
    ("order.placed", "paid"),
    ("tickets.issued", "paid"),
    ("order.placed", "cancelled"),
    ("order.cancelled", "cancelled"),
    ("tickets.issued", "comp"),
    ("order.placed", "expired"),
    ("order.expired", "expired"),
    ("tickets.issued", "door"),
]


def test_pending_events_come_in_sequence_order(world: World, shop: Store, published_event: Event) -> None:
    ids = _sell(world, shop, published_event)
    pending = shop.outbox.pending()
    assert [(event.topic, event.entity_id) for event in pending] == [(topic, ids[key]) for topic, key in EXPECTED]
    sequences = [event.sequence for event in pending]
    assert sequences == sorted(sequences)
    assert len(set(sequences)) == len(sequences)
    assert [event.created for event in pending] == [CLOCK_START] + [CLOCK_START + timedelta(minutes=1)] * 5 + [
        CLOCK_START + timedelta(minutes=16)
    ] * 2
    for event in pending:
        assert event.data["event_id"] == published_event.id
        assert event.payload.startswith("{")
    # Reading does not consume: delivery is at least once until acknowledged.
    assert shop.outbox.pending() == pending
    assert shop.outbox.pending(limit=3) == pending[:3]
    assert shop.outbox.pending(limit=1000) == pending


def test_acknowledge_removes_events_up_to_a_sequence(world: World, shop: Store, published_event: Event) -> None:
    _sell(world, shop, published_event)
    pending = shop.outbox.pending()
    assert shop.outbox.acknowledge(pending[2].sequence) == 3
    assert shop.outbox.pending() == pending[3:]
    assert shop.outbox.acknowledge(pending[2].sequence) == 0
    assert shop.outbox.acknowledge(pending[0].sequence) == 0
    assert shop.outbox.acknowledge(pending[4].sequence) == 2
    assert shop.outbox.pending() == pending[5:]
    assert shop.outbox.acknowledge(pending[-1].sequence + 1000) == 3
    assert shop.outbox.pending() == []
    assert shop.outbox.acknowledge(pending[-1].sequence) == 0
    # New events come after the acknowledged ones.
    spec = spec_on_sale(shop, published_event.id, "More")
    order = place(shop, published_event.id, [(spec.id, 1)], who=buyer("Di Lund"))
    (fresh,) = shop.outbox.pending()
    assert (fresh.topic, fresh.entity_id) == ("order.placed", order.id)
    assert fresh.sequence > pending[-1].sequence


def test_failed_operations_emit_nothing(shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id, number_of_tickets_for_sale=1)
    refused(shop, lambda: place(shop, published_event.id, [(spec.id, 2)]), CapacityError, "sold_out")
    refused(
        shop,
        lambda: shop.tickets.comp(published_event.id, spec.id, holders=[("a@example.com", "A")] * 2),
        CapacityError,
        "sold_out",
    )
    assert shop.outbox.pending() == []


def test_each_organization_has_its_own_outbox(world: World, shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id)
    place(shop, published_event.id, [(spec.id, 1)])
    bob = other_organization(world, scopes=SHOP_SCOPES)
    bob_event = make_event(bob, published=True)
    bob_spec = spec_on_sale(bob, bob_event.id)
    bob_order = place(bob, bob_event.id, [(bob_spec.id, 1)])
    place(shop, published_event.id, [(spec.id, 1)], who=buyer("Kim Lee"))
    mine = shop.outbox.pending()
    (theirs,) = bob.outbox.pending()
    assert theirs.entity_id == bob_order.id
    assert [event.topic for event in mine] == ["order.placed", "order.placed"]
    assert theirs.sequence not in {event.sequence for event in mine}
    # Bob acknowledging everything leaves our events pending.
    assert bob.outbox.acknowledge(10**6) == 1
    assert shop.outbox.pending() == mine
    assert bob.outbox.pending() == []


def test_acknowledgements_are_durable(shared_location: str) -> None:
    path = shared_location
    world = open_world(path)
    shop = shop_store(world)
    event = make_event(shop, published=True)
    spec = spec_on_sale(shop, event.id)
    place(shop, event.id, [(spec.id, 1)])
    place(shop, event.id, [(spec.id, 1)], who=buyer("Kim Lee"))
    first, second = shop.outbox.pending()
    assert shop.outbox.acknowledge(first.sequence) == 1
    # A delivery worker opening the same database sees what is left.
    worker = ticketcore.open(path, actor=org_actor(world.organization_id, {"events:read", "orders"}, actor_id="mailer"))
    assert worker.outbox.pending() == [second]
    assert worker.outbox.acknowledge(second.sequence) == 1
    assert shop.outbox.pending() == []
    assert outbox_topics(shop) == []
    assert world.platform.check_integrity().ok


@pytest.mark.parametrize("limit", [0, -1, 1001])
def test_the_limit_is_1_to_1000(shop: Store, limit: int) -> None:
    refused(
        shop, lambda: shop.outbox.pending(limit=limit), ValidationError, "invalid_limit", "limit must be between 1 and 1000"
    )


@pytest.mark.parametrize("sequence", [0, -5])
def test_a_sequence_is_at_least_1(shop: Store, sequence: int) -> None:
    refused(
        shop, lambda: shop.outbox.acknowledge(sequence), ValidationError, "invalid_sequence", "sequence must be at least 1"
    )


def test_reading_needs_events_read_and_acknowledging_a_writing_scope(world: World, shop: Store) -> None:
    spec_on_sale(shop, make_event(shop, published=True).id)
    seller = shop_store(world, {"orders", "sales"}, actor_id="till")
    refused(shop, lambda: seller.outbox.pending(), PermissionDeniedError, "missing_scope", "Actor 'till' lacks the scope 'events:read'")
    reader = shop_store(world, {"events:read"}, actor_id="reader")
    assert reader.outbox.pending() == []
    refused(
        shop,
        lambda: reader.outbox.acknowledge(1),
        PermissionDeniedError,
        "missing_scope",
        "Actor 'reader' lacks the scope 'events:write'",
    )
    # Acknowledging is a write: the orders scope or events:write allows it.
    for scopes in ({"orders"}, {"events:write"}):
        assert shop_store(world, scopes, actor_id="acker").outbox.acknowledge(1) == 0


def test_the_outbox_needs_an_organization(world: World, shop: Store) -> None:
    relay = world.platform.acting_as(Actor("relay", None, {"events:read", "orders"}))
    for call in (lambda: relay.outbox.pending(), lambda: relay.outbox.acknowledge(1)):
        refused(
            shop,
            call,
            PermissionDeniedError,
            "organization_required",
            "Actor 'relay' does not belong to an organization",
        )
