"""Shared capacity pools: availability is the minimum over the own quota and every pool; claims
never exceed any of them; membership and size rules."""

from __future__ import annotations

import pickle
from typing import Any

import pytest

from helpers import World, add_spec, claim, last_sequence, make_event, other_organization, snapshot
from ticketcore import (
    CapacityError,
    ConflictError,
    Event,
    NotFoundError,
    PermissionDeniedError,
    Pool,
    Store,
    ValidationError,
)


def test_create(store: Store, event: Event) -> None:
    a, b = add_spec(store, event.id, "A"), add_spec(store, event.id, "B")
    pool = store.pools.create(event.id, "Standing floor", size=100, specification_ids=[b.id, a.id])
    assert pool.event_id == event.id
    assert pool.name == "Standing floor"
    assert (pool.size, pool.sold, pool.reserved, pool.available) == (100, 0, 0, 100)
    assert set(pool.specification_ids) == {a.id, b.id}
    assert pool.specification_ids == (a.id, b.id)  # in the order the specs were added
    assert store.pools.get(pool.id) == pool
    assert store.specifications.get(a.id).pool_ids == (pool.id,)
    empty = store.pools.create(event.id, "Balcony", size=0)
    assert (empty.specification_ids, empty.available) == ((), 0)
    assert store.pools.list(event.id) == [pool, empty]


@pytest.mark.parametrize(
    ("quota", "pool_sizes", "available"),
    [
        (None, [], None),
        (10, [], 10),
        (None, [4], 4),
        (10, [5], 5),
        (3, [5], 3),
        (10, [8, 6], 6),
        (None, [8, 6, 7], 6),
        (10, [0], 0),
    ],
)
def test_availability_is_the_minimum_over_quota_and_pools(
    store: Store, event: Event, quota: int | None, pool_sizes: list[int], available: int | None
) -> None:
    spec = add_spec(store, event.id, number_of_tickets_for_sale=quota)
    for index, size in enumerate(pool_sizes):
        store.pools.create(event.id, f"Pool {index}", size=size, specification_ids=[spec.id])
    assert store.specifications.get(spec.id).available == available


def test_claims_draw_from_the_spec_and_every_pool(store: Store, event: Event) -> None:
    member = add_spec(store, event.id, "Member", number_of_tickets_for_sale=10)
    guest = add_spec(store, event.id, "Guest", number_of_tickets_for_sale=10)
    pool = store.pools.create(event.id, "Hall", size=6, specification_ids=[member.id, guest.id])
    claim(store, member.id, 3, sold=True)
    claim(store, guest.id, 1, sold=False)
    hall = store.pools.get(pool.id)
    assert (hall.sold, hall.reserved, hall.available) == (3, 1, 2)
    member_now = store.specifications.get(member.id)
    assert (member_now.number_of_tickets_sold, member_now.number_of_tickets_reserved) == (3, 0)
    assert member_now.available == 2  # own quota leaves 7, the pool leaves 2
    assert store.specifications.get(guest.id).available == 2
    assert store.specifications.get(guest.id).number_of_tickets_reserved == 1


def test_a_claim_over_a_pool_raises_and_changes_nothing(world: World, event: Event) -> None:
    store = world.store
    member = add_spec(store, event.id, "Member", number_of_tickets_for_sale=10)
    guest = add_spec(store, event.id, "Guest")
    pool = store.pools.create(event.id, "Hall", size=5, specification_ids=[member.id, guest.id])
    claim(store, guest.id, 4)
    before = snapshot(store)
    with pytest.raises(CapacityError) as caught:
        claim(store, member.id, 2)
    assert caught.value.code == "pool_sold_out"
    assert str(caught.value) == f"Not enough tickets available in capacity pool with id: {pool.id}"
    # the spec's own counter was not left incremented
    assert snapshot(store) == before
    assert store.specifications.get(member.id).number_of_tickets_sold == 0
    claim(store, member.id, 1)  # exactly the last one
    assert store.pools.get(pool.id).available == 0
    for spec_id in (member.id, guest.id):
        with pytest.raises(CapacityError):
            claim(store, spec_id, 1, sold=False)
    assert store.check_integrity().ok


def test_a_claim_over_the_own_quota(store: Store, event: Event) -> None:
    spec = add_spec(store, event.id, number_of_tickets_for_sale=2)
    claim(store, spec.id, 1, sold=False)
    claim(store, spec.id, 1, sold=True)
    with pytest.raises(CapacityError) as caught:
        claim(store, spec.id, 1)
    assert caught.value.code == "sold_out"
    assert str(caught.value) == f"Not enough tickets available for ticket specification with id: {spec.id}"
    got = store.specifications.get(spec.id)
    assert (got.number_of_tickets_sold, got.number_of_tickets_reserved, got.available) == (1, 1, 0)


def test_the_smallest_of_several_pools_limits(store: Store, event: Event) -> None:
    spec = add_spec(store, event.id)
    big = store.pools.create(event.id, "Venue", size=100, specification_ids=[spec.id])
    small = store.pools.create(event.id, "Section", size=2, specification_ids=[spec.id])
    claim(store, spec.id, 2)
    with pytest.raises(CapacityError) as caught:
        claim(store, spec.id, 1)
    assert caught.value.code == "pool_sold_out"
    assert str(caught.value).endswith(small.id)
    assert store.pools.get(big.id).sold == 2
    assert store.specifications.get(spec.id).pool_ids == (big.id, small.id)


@pytest.mark.parametrize("quantity", [0, -1])
def test_claim_quantity_must_be_positive(store: Store, event: Event, quantity: int) -> None:
    spec = add_spec(store, event.id, number_of_tickets_for_sale=5)
    with pytest.raises(ValidationError) as caught:
        claim(store, spec.id, quantity)
    assert caught.value.code == "invalid_quantity"
    assert store.specifications.get(spec.id).available == 5


# --- membership -----------------------------------------------------------------------------------


def test_add_and_remove_members(store: Store, event: Event) -> None:
    a, b = add_spec(store, event.id, "A"), add_spec(store, event.id, "B")
    pool = store.pools.create(event.id, "Hall", size=10)
    assert store.pools.add_specification(pool.id, b.id).specification_ids == (b.id,)
    assert store.pools.add_specification(pool.id, a.id).specification_ids == (a.id, b.id)
    assert store.pools.remove_specification(pool.id, b.id).specification_ids == (a.id,)
    assert store.specifications.get(b.id).pool_ids == ()
    assert store.specifications.get(b.id).available is None


def membership_errors(world: World, event: Event) -> dict[str, tuple[Any, type[Exception], str, str]]:
    store = world.store
    member = add_spec(store, event.id, "Member")
    sold = add_spec(store, event.id, "Sold")
    claim(store, sold.id, 1)
    elsewhere_event = make_event(store, name="Elsewhere")
    elsewhere = add_spec(store, elsewhere_event.id, "Elsewhere")
    outsider_store = other_organization(world)
    outsider_event = make_event(outsider_store, name="Outsider")
    outsider = add_spec(outsider_store, outsider_event.id, "Outsider")
    pool = store.pools.create(event.id, "Hall", size=10, specification_ids=[member.id])
    org = world.organization_id
    outsider_org = outsider_store.actor.organization_id
    return {
        "other event": (
            lambda: store.pools.add_specification(pool.id, elsewhere.id),
            ValidationError,
            "pool_other_event",
            f"Ticket specification with id: {elsewhere.id} belongs to another event than the pool",
        ),
        "already member": (
            lambda: store.pools.add_specification(pool.id, member.id),
            ConflictError,
            "already_member",
            f"Ticket specification with id: {member.id} already draws from this pool",
        ),
        "sold joins": (
            lambda: store.pools.add_specification(pool.id, sold.id),
            ConflictError,
            "specification_sold",
            f"Tickets for ticket specification with id: {sold.id} has already been sold.",
        ),
        "not a member": (
            lambda: store.pools.remove_specification(pool.id, sold.id),
            NotFoundError,
            "not_member",
            f"Ticket specification with id: {sold.id} does not draw from this pool",
        ),
        "unknown spec": (
            lambda: store.pools.add_specification(pool.id, "missing"),
            NotFoundError,
            "specification_not_found",
            "Ticket specification with id: missing not found.",
        ),
        "unknown pool": (
            lambda: store.pools.add_specification("missing", member.id),
            NotFoundError,
            "pool_not_found",
            "Capacity pool with id: missing not found.",
        ),
        "other organization's spec": (
            lambda: store.pools.add_specification(pool.id, outsider.id),
            PermissionDeniedError,
            "other_organization",
            f"Actor 'anna' may not access organization '{outsider_org}'",
        ),
        "duplicate on create": (
            lambda: store.pools.create(event.id, "Twice", size=5, specification_ids=[member.id, member.id]),
            ValidationError,
            "duplicate_member",
            f"Ticket specification with id: {member.id} is listed twice",
        ),
        "sold on create": (
            lambda: store.pools.create(event.id, "Late", size=5, specification_ids=[member.id, sold.id]),
            ConflictError,
            "specification_sold",
            f"Tickets for ticket specification with id: {sold.id} has already been sold.",
        ),
        "other event on create": (
            lambda: store.pools.create(event.id, "Mixed", size=5, specification_ids=[elsewhere.id]),
            ValidationError,
            "pool_other_event",
            f"Ticket specification with id: {elsewhere.id} belongs to another event than the pool",
        ),
        "own org in message": (
            lambda: outsider_store.pools.get(pool.id),
            PermissionDeniedError,
            "other_organization",
            f"Actor 'bob' may not access organization '{org}'",
        ),
    }


MEMBERSHIP_CASES = [
    "other event",
    "already member",
    "sold joins",
    "not a member",
    "unknown spec",
    "unknown pool",
    "other organization's spec",
    "duplicate on create",
    "sold on create",
    "other event on create",
    "own org in message",
]


@pytest.mark.parametrize("case", MEMBERSHIP_CASES)
def test_membership_rules(world: World, event: Event, case: str) -> None:
    call, error, code, message = membership_errors(world, event)[case]
    before = snapshot(world.store)
    with pytest.raises(error) as caught:
        call()
    assert getattr(caught.value, "code") == code
    assert str(caught.value) == message
    assert snapshot(world.store) == before


def test_a_member_with_sales_cannot_leave(world: World, event: Event) -> None:
    store = world.store
    spec = add_spec(store, event.id)
    pool = store.pools.create(event.id, "Hall", size=10, specification_ids=[spec.id])
    claim(store, spec.id, 2, sold=False)
    before = snapshot(store)
    with pytest.raises(ConflictError) as caught:
        store.pools.remove_specification(pool.id, spec.id)
    assert caught.value.code == "specification_sold"
    assert snapshot(store) == before


# --- size -----------------------------------------------------------------------------------------


def test_resize(world: World, event: Event) -> None:
    store = world.store
    spec = add_spec(store, event.id)
    pool = store.pools.create(event.id, "Hall", size=10, specification_ids=[spec.id])
    claim(store, spec.id, 2, sold=True)
    claim(store, spec.id, 1, sold=False)
    assert store.pools.resize(pool.id, 20).available == 17
    assert store.pools.resize(pool.id, 3).available == 0  # exactly what is taken
    before = snapshot(store)
    with pytest.raises(CapacityError) as caught:
        store.pools.resize(pool.id, 2)
    assert caught.value.code == "pool_below_taken"
    assert str(caught.value) == "Pool size cannot be less than the 3 tickets sold or reserved"
    assert snapshot(store) == before
    rows = store.audit(operation="pool.resize")
    assert [row.data for row in rows] == [{"before": 10, "after": 20}, {"before": 20, "after": 3}]


@pytest.mark.parametrize(
    ("size", "error", "code"),
    [(-1, ValidationError, "negative_number"), (2**70, ValidationError, "number_out_of_range"), (1.5, TypeError, None)],
)
def test_bad_sizes(world: World, event: Event, size: Any, error: type[Exception], code: str | None) -> None:
    store = world.store
    pool = store.pools.create(event.id, "Hall", size=10)
    before = snapshot(store)
    for call in (lambda: store.pools.create(event.id, "Other", size=size), lambda: store.pools.resize(pool.id, size)):
        with pytest.raises(error) as caught:
            call()
        if code is not None:
            assert getattr(caught.value, "code") == code
    assert snapshot(store) == before


def test_pool_negative_size_message(store: Store, event: Event) -> None:
    with pytest.raises(ValidationError, match=r"^Pool size cannot be negative$"):
        store.pools.create(event.id, "Hall", size=-5)


@pytest.mark.parametrize(
    ("kwargs", "error", "code"),
    [
        ({"name": ""}, ValidationError, "name_required"),
        ({"specification_ids": "not-a-list"}, TypeError, None),
        ({"specification_ids": [1]}, TypeError, None),
        ({"name": None}, TypeError, None),
    ],
)
def test_bad_pool_input(world: World, event: Event, kwargs: dict[str, Any], error: type[Exception], code: str | None) -> None:
    arguments: dict[str, Any] = {"name": "Hall", "size": 5, **kwargs}
    before = snapshot(world.store)
    with pytest.raises(error) as caught:
        world.store.pools.create(event.id, arguments.pop("name"), **arguments)
    if code is not None:
        assert getattr(caught.value, "code") == code
    assert snapshot(world.store) == before


def test_no_pool_on_a_completed_event(world: World, completed_event: Event) -> None:
    before = snapshot(world.store)
    with pytest.raises(ConflictError) as caught:
        world.store.pools.create(completed_event.id, "Hall", size=5)
    assert caught.value.code == "event_completed"
    assert str(caught.value) == "Cannot add a capacity pool to an event, which is completed"
    assert snapshot(world.store) == before


# --- remove ---------------------------------------------------------------------------------------


def test_remove(world: World, event: Event) -> None:
    store = world.store
    spec = add_spec(store, event.id, number_of_tickets_for_sale=50)
    pool = store.pools.create(event.id, "Hall", size=5, specification_ids=[spec.id])
    assert store.specifications.get(spec.id).available == 5
    assert store.pools.remove(pool.id) is None
    with pytest.raises(NotFoundError) as caught:
        store.pools.get(pool.id)
    assert caught.value.code == "pool_not_found"
    assert str(caught.value) == f"Capacity pool with id: {pool.id} not found."
    assert store.pools.list(event.id) == []
    assert store.specifications.get(spec.id).pool_ids == ()
    assert store.specifications.get(spec.id).available == 50


def test_a_pool_in_use_cannot_be_removed(world: World, event: Event) -> None:
    store = world.store
    spec = add_spec(store, event.id)
    pool = store.pools.create(event.id, "Hall", size=5, specification_ids=[spec.id])
    claim(store, spec.id, 1, sold=False)
    before = snapshot(store)
    with pytest.raises(ConflictError) as caught:
        store.pools.remove(pool.id)
    assert caught.value.code == "pool_in_use"
    assert str(caught.value) == "Cannot remove a capacity pool with tickets sold or reserved"
    assert snapshot(store) == before


# --- audit and snapshots -------------------------------------------------------------------------


def test_every_pool_mutation_writes_one_audit_row(store: Store, event: Event) -> None:
    a, b = add_spec(store, event.id, "A"), add_spec(store, event.id, "B")
    start = last_sequence(store)
    pool = store.pools.create(event.id, "Hall", size=5, specification_ids=[a.id])
    store.pools.add_specification(pool.id, b.id)
    store.pools.remove_specification(pool.id, a.id)
    store.pools.resize(pool.id, 7)
    store.pools.remove(pool.id)
    rows = store.audit(after=start)
    assert [row.operation for row in rows] == [
        "pool.create",
        "pool.add_specification",
        "pool.remove_specification",
        "pool.resize",
        "pool.remove",
    ]
    assert {(row.entity_type, row.entity_id) for row in rows} == {("pool", pool.id)}
    assert rows[0].data["specification_ids"] == [a.id]
    assert rows[1].data == {"specification_id": b.id}
    assert rows[4].data["before"]["size"] == 7


def test_pool_snapshots_are_values(store: Store, event: Event) -> None:
    pool = store.pools.create(event.id, "Hall", size=5)
    again = store.pools.get(pool.id)
    assert pool == again and hash(pool) == hash(again)
    assert pickle.loads(pickle.dumps(pool)) == pool
    assert repr(pool).startswith("Pool(id=")
    with pytest.raises(AttributeError):
        pool.size = 6  # type: ignore[misc]
    assert isinstance(pool, Pool)
    store.pools.resize(pool.id, 6)
    assert store.pools.get(pool.id) != pool


def test_integrity_counts_pools(world: World, event: Event) -> None:
    store = world.store
    spec = add_spec(store, event.id)
    store.pools.create(event.id, "Hall", size=5, specification_ids=[spec.id])
    store.pools.create(event.id, "Balcony", size=5)
    claim(store, spec.id, 3)
    report = store.check_integrity()
    assert report.ok
    assert (report.specifications_checked, report.pools_checked) == (1, 2)
