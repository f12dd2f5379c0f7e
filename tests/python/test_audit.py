"""The audit log: one row per mutation in the same transaction; failed calls leave no trace."""

from __future__ import annotations

import json
import pickle
from collections.abc import Callable
from datetime import timedelta

import pytest

from helpers import World, add_spec, claim, cph, last_sequence, make_event, org_actor, other_organization, snapshot, utc
from ticketcore import AuditEntry, Money, Store, TicketcoreError, ValidationError


def test_every_mutation_writes_exactly_one_row(world: World) -> None:
    store, clock = world.store, world.clock
    steps: list[tuple[str, str, Callable[[], str]]] = []
    state: dict[str, str] = {}

    def remember(key: str, value: str) -> str:
        state[key] = value
        return value

    steps = [
        ("event.create", "event", lambda: remember("event", store.events.create("E", time_zone="UTC").id)),
        (
            "event.add_date",
            "event",
            lambda: store.events.add_date(state["event"], utc(2027, 7, 1, 18), utc(2027, 7, 1, 22)).event_id,
        ),
        ("specification.add", "specification", lambda: remember("spec", add_spec(store, state["event"], price=0).id)),
        ("specification.edit", "specification", lambda: store.specifications.edit(state["spec"], name="F").id),
        ("specification.set_active", "specification", lambda: store.specifications.set_active(state["spec"], True).id),
        ("specification.set_active", "specification", lambda: store.specifications.set_active(state["spec"], False).id),
        ("pool.create", "pool", lambda: remember("pool", store.pools.create(state["event"], "P", size=3).id)),
        ("pool.add_specification", "pool", lambda: store.pools.add_specification(state["pool"], state["spec"]).id),
        ("pool.resize", "pool", lambda: store.pools.resize(state["pool"], 5).id),
        ("pool.remove_specification", "pool", lambda: store.pools.remove_specification(state["pool"], state["spec"]).id),
        ("pool.remove", "pool", lambda: (store.pools.remove(state["pool"]), state["pool"])[1]),
        ("specification.remove", "specification", lambda: (store.specifications.remove(state["spec"]), state["spec"])[1]),
        ("event.publish", "event", lambda: store.events.publish(state["event"]).id),
        ("event.complete", "event", lambda: store.events.complete(state["event"]).id),
    ]
    sequence = last_sequence(store)
    for step, (operation, entity_type, action) in enumerate(steps):
        clock.advance(timedelta(seconds=1))
        entity_id = action()
        rows = store.audit(after=sequence)
        assert len(rows) == 1, (operation, [r.operation for r in rows])
        row = rows[0]
        assert row.operation == operation
        assert row.entity_type == entity_type
        assert row.entity_id == entity_id
        assert row.actor_id == "anna"
        assert row.organization_id == world.organization_id
        assert row.at == world.clock.now()
        assert row.sequence > sequence
        assert isinstance(row.data, dict), step
        sequence = row.sequence


def test_reads_write_no_rows(world: World, published_event_with_spec: tuple[str, str]) -> None:
    store = world.store
    event_id, spec_id = published_event_with_spec
    before = store.audit(limit=1000)
    store.events.get(event_id)
    store.events.list()
    store.specifications.get(spec_id)
    store.specifications.list(event_id)
    store.pools.list(event_id)
    store.organizations.get(world.organization_id)
    store.check_integrity()
    store.audit()
    assert store.audit(limit=1000) == before


@pytest.fixture
def published_event_with_spec(store: Store) -> tuple[str, str]:
    event = make_event(store, published=True)
    spec = add_spec(store, event.id, price=0)
    return event.id, spec.id


def test_payloads(world: World) -> None:
    store = world.store
    event = store.events.create("Payloads", time_zone="Europe/Copenhagen", platform_fee=Money("5", "DKK"))
    date = store.events.add_date(event.id, cph(2027, 7, 2, 19), cph(2027, 7, 2, 23))
    spec = add_spec(store, event.id, price=25000, names={"da": "Billet"}, perks=["Drink"])
    created = store.audit(operation="event.create")[-1].data
    assert created["id"] == event.id
    assert created["name"] == "Payloads"
    assert created["state"] == "draft"
    assert created["platform_fee"] == {"minor": 500, "currency": "DKK"}
    added_date = store.audit(operation="event.add_date")[-1].data
    assert added_date["id"] == date.id
    assert added_date["start"] == 1_814_547_600_000_000  # microseconds since the epoch (17:00Z)
    assert added_date["local_start"] == "2027-07-02T19:00:00+02:00"
    spec_row = store.audit(operation="specification.add")[-1]
    assert spec_row.data["id"] == spec.id
    assert spec_row.data["price"] == {"minor": 25000, "currency": "DKK"}
    assert spec_row.data["ticket_platform_fee"] == {"minor": 500, "currency": "DKK"}
    assert spec_row.data["names"] == {"da": "Billet"}
    assert spec_row.data["perks"] == ["Drink"]
    assert spec_row.data["event_date_ids"] == [date.id]
    assert json.loads(spec_row.payload) == spec_row.data

    store.specifications.edit(spec.id, price=30000, perks=["Drink", "Snack"])
    edit = store.audit(operation="specification.edit")[-1].data
    assert set(edit) == {"before", "after"}
    assert (edit["before"]["price"]["minor"], edit["after"]["price"]["minor"]) == (25000, 30000)
    assert (edit["before"]["perks"], edit["after"]["perks"]) == (["Drink"], ["Drink", "Snack"])
    assert edit["before"]["id"] == edit["after"]["id"] == spec.id

    store.specifications.set_active(spec.id, True)
    assert store.audit(operation="specification.set_active")[-1].data == {"before": False, "after": True}
    store.specifications.set_active(spec.id, False)
    store.specifications.remove(spec.id)
    removed = store.audit(operation="specification.remove")[-1].data
    assert removed["before"]["price"] == {"minor": 30000, "currency": "DKK"}


def failing_calls(world: World) -> dict[str, tuple[Callable[[], object], type[TicketcoreError], str]]:
    store = world.store
    draft = make_event(store, name="Draft")
    published = make_event(store, name="Published", published=True)
    spec = add_spec(store, draft.id, number_of_tickets_for_sale=2, price=0)
    active = add_spec(store, published.id, "Active", price=0)
    store.specifications.set_active(active.id, True)
    sold = add_spec(store, draft.id, "Sold", price=0)
    pool = store.pools.create(draft.id, "Hall", size=1, specification_ids=[sold.id])
    claim(store, sold.id, 1)
    reader = store.acting_as(org_actor(world.organization_id, {"events:read"}, actor_id="reader"))
    intruder = other_organization(world)
    from ticketcore import CapacityError, ConflictError, NotFoundError, PermissionDeniedError

    return {
        "paid spec with too many per user": (
            lambda: add_spec(store, draft.id, price=25000, number_of_tickets_for_sale=1, maximum_number_of_tickets_per_user=2),
            ValidationError,
            "too_many_tickets_per_user",
        ),
        "edit to a price below the minimum": (
            lambda: store.specifications.edit(spec.id, price=500),
            ValidationError,
            "price_below_minimum",
        ),
        "edit an active spec": (
            lambda: store.specifications.edit(active.id, name="x"),
            ConflictError,
            "specification_active",
        ),
        "remove a sold spec": (lambda: store.specifications.remove(sold.id), ConflictError, "specification_sold"),
        "publish twice": (lambda: store.events.publish(published.id), ConflictError, "event_published"),
        "shrink a pool below what is taken": (lambda: store.pools.resize(pool.id, 0), CapacityError, "pool_below_taken"),
        "claim over the quota": (lambda: claim(store, spec.id, 3), CapacityError, "sold_out"),
        "a reader writes": (lambda: reader.events.publish(draft.id), PermissionDeniedError, "missing_scope"),
        "another organization writes": (
            lambda: intruder.specifications.edit(spec.id, name="x"),
            PermissionDeniedError,
            "other_organization",
        ),
        "unknown spec": (lambda: store.specifications.set_active("missing", True), NotFoundError, "specification_not_found"),
        "naive datetime": (
            lambda: store.events.add_date(draft.id, utc(2027, 1, 1).replace(tzinfo=None), utc(2027, 1, 2)),
            ValidationError,
            "naive_datetime",
        ),
        "huge number": (lambda: store.pools.create(draft.id, "Big", size=2**70), ValidationError, "number_out_of_range"),
    }


FAILING = [
    "paid spec with too many per user",
    "edit to a price below the minimum",
    "edit an active spec",
    "remove a sold spec",
    "publish twice",
    "shrink a pool below what is taken",
    "claim over the quota",
    "a reader writes",
    "another organization writes",
    "unknown spec",
    "naive datetime",
    "huge number",
]


@pytest.mark.parametrize("case", FAILING)
def test_a_failed_call_writes_no_row_and_changes_nothing(world: World, case: str) -> None:
    call, error, code = failing_calls(world)[case]
    before = snapshot(world.store)
    platform_rows = world.platform.audit(limit=1000)
    with pytest.raises(error) as caught:
        call()
    assert caught.value.code == code
    assert snapshot(world.store) == before
    assert world.platform.audit(limit=1000) == platform_rows


def test_audit_filters(world: World) -> None:
    store = world.store
    first = make_event(store, name="First")
    second = make_event(store, name="Second")
    rows = store.audit()
    assert [row.sequence for row in rows] == sorted(row.sequence for row in rows)
    assert len({row.sequence for row in rows}) == len(rows)
    assert [row.operation for row in store.audit(entity_id=second.id)] == ["event.create", "event.add_date"]
    assert [row.entity_id for row in store.audit(operation="event.create")] == [first.id, second.id]
    assert store.audit(entity_id=first.id, operation="event.add_date")[0].entity_id == first.id
    assert store.audit(operation="no.such.operation") == []
    assert store.audit(entity_id="missing") == []
    assert len(store.audit(limit=1)) == 1
    assert store.audit(limit=1)[0] == rows[0]
    middle = rows[1].sequence
    assert store.audit(after=middle) == [row for row in rows if row.sequence > middle]
    assert store.audit(after=rows[-1].sequence) == []
    assert store.audit(limit=1000) == rows


@pytest.mark.parametrize(("limit", "code"), [(0, "invalid_limit"), (1001, "invalid_limit"), (-1, "invalid_limit"), (2**70, "number_out_of_range")])
def test_audit_limit_is_checked(store: Store, limit: int, code: str) -> None:
    with pytest.raises(ValidationError) as caught:
        store.audit(limit=limit)
    assert caught.value.code == code
    if code == "invalid_limit":
        assert str(caught.value) == "limit must be between 1 and 1000"


def test_audit_limit_of_1000_is_accepted(store: Store) -> None:
    make_event(store)
    # organization.create (filed under the organization it created), event.create, event.add_date
    assert [row.operation for row in store.audit(limit=1000)] == ["organization.create", "event.create", "event.add_date"]


def test_audit_entries_are_values(store: Store) -> None:
    make_event(store)
    entry = store.audit()[0]
    assert isinstance(entry, AuditEntry)
    assert entry == store.audit()[0]
    assert hash(entry) == hash(store.audit()[0])
    assert pickle.loads(pickle.dumps(entry)) == entry
    assert repr(entry).startswith("AuditEntry(sequence=")
    with pytest.raises(AttributeError):
        entry.operation = "forged"  # type: ignore[misc]
    assert store.audit()[0].operation == "organization.create"
