"""check_integrity: derived sold/reserved counters recounted from the claim ledger."""

from __future__ import annotations

import pickle

import pytest

from helpers import World, add_spec, claim, corrupt_sold_counter, make_event, open_world, other_organization, snapshot
from ticketcore import CapacityError, CounterMismatch, Event, IntegrityReport, StorageError, Store, ValidationError


def test_ok_after_claims(store: Store, event: Event) -> None:
    member = add_spec(store, event.id, "Member", number_of_tickets_for_sale=10)
    guest = add_spec(store, event.id, "Guest")
    store.pools.create(event.id, "Hall", size=8, specification_ids=[member.id, guest.id])
    claim(store, member.id, 3, sold=True)
    claim(store, member.id, 2, sold=False)
    claim(store, guest.id, 1, sold=True)
    report = store.check_integrity()
    assert report.ok is True
    assert bool(report) is True
    assert report.mismatches == ()
    assert (report.specifications_checked, report.pools_checked) == (2, 1)


def test_an_empty_store_is_ok(world: World) -> None:
    report = world.store.check_integrity()
    assert report.ok
    assert (report.specifications_checked, report.pools_checked) == (0, 0)


@pytest.mark.corrupts_counters
def test_a_corrupted_sold_counter_is_reported_exactly(world: World, event: Event) -> None:
    store = world.store
    spec = add_spec(store, event.id, number_of_tickets_for_sale=10)
    pool = store.pools.create(event.id, "Hall", size=10, specification_ids=[spec.id])
    claim(store, spec.id, 3, sold=True)
    claim(store, spec.id, 1, sold=False)
    corrupt_sold_counter(store, spec.id, 2)
    assert store.specifications.get(spec.id).number_of_tickets_sold == 5
    report = store.check_integrity()
    assert report.ok is False
    assert not report
    assert report.mismatches == (store.check_integrity().mismatches[0],)
    mismatch = report.mismatches[0]
    assert isinstance(mismatch, CounterMismatch)
    assert (mismatch.entity_type, mismatch.entity_id, mismatch.counter) == ("specification", spec.id, "sold")
    assert (mismatch.stored, mismatch.recounted) == (5, 3)
    # the pool's counters are untouched and still agree with the ledger
    assert store.pools.get(pool.id).sold == 3
    assert world.platform.check_integrity().mismatches == report.mismatches


def test_repairing_the_counter_makes_it_ok_again(store: Store, event: Event) -> None:
    spec = add_spec(store, event.id)
    claim(store, spec.id, 4)
    corrupt_sold_counter(store, spec.id, -1)
    report = store.check_integrity()
    assert [(m.stored, m.recounted) for m in report.mismatches] == [(3, 4)]
    corrupt_sold_counter(store, spec.id, 1)
    assert store.check_integrity().ok


@pytest.mark.corrupts_counters
def test_several_mismatches_in_order(world: World, event: Event) -> None:
    store = world.store
    first = add_spec(store, event.id, "First")
    second = add_spec(store, event.id, "Second")
    third = add_spec(store, event.id, "Third")
    claim(store, second.id, 2)
    corrupt_sold_counter(store, third.id, 7)
    corrupt_sold_counter(store, first.id, 1)
    report = store.check_integrity()
    assert [(m.entity_id, m.counter, m.stored, m.recounted) for m in report.mismatches] == [
        (first.id, "sold", 1, 0),
        (third.id, "sold", 7, 0),
    ]
    assert report.specifications_checked == 3


@pytest.mark.corrupts_counters
def test_mismatches_are_reported_to_their_own_organization(world: World, event: Event) -> None:
    other = other_organization(world)
    theirs = add_spec(other, make_event(other, name="Theirs").id)
    corrupt_sold_counter(other, theirs.id, 1)
    add_spec(world.store, event.id)
    assert world.store.check_integrity().ok
    assert [m.entity_id for m in other.check_integrity().mismatches] == [theirs.id]
    assert [m.entity_id for m in world.platform.check_integrity().mismatches] == [theirs.id]


def test_a_counter_cannot_go_negative(world: World, event: Event, engine: str) -> None:
    store = world.store
    spec = add_spec(store, event.id)
    claim(store, spec.id, 1)
    before = snapshot(store)
    with pytest.raises(StorageError) as caught:
        corrupt_sold_counter(store, spec.id, -2)
    # The schema's CHECK (sold >= 0) refuses it: SQLITE_CONSTRAINT_CHECK, or SQLSTATE check_violation.
    expected = {"sqlite": ("sqlite_error", "275"), "postgresql": ("postgres_error", "23514")}[engine]
    assert (caught.value.code, caught.value.backend_code) == expected
    assert caught.value.backend == engine
    assert snapshot(store) == before
    with pytest.raises(ValidationError) as out_of_range:
        corrupt_sold_counter(store, spec.id, 2**70)
    assert out_of_range.value.code == "number_out_of_range"


@pytest.mark.corrupts_counters
def test_reports_are_values(world: World, event: Event) -> None:
    store = world.store
    spec = add_spec(store, event.id)
    corrupt_sold_counter(store, spec.id, 1)
    report = store.check_integrity()
    assert isinstance(report, IntegrityReport)
    assert report == store.check_integrity()
    assert hash(report) == hash(store.check_integrity())
    restored = pickle.loads(pickle.dumps(report))
    assert restored == report and restored.mismatches[0].stored == 1
    assert repr(report).startswith("IntegrityReport(specifications_checked=1, pools_checked=0, mismatches=(CounterMismatch(")
    mismatch = report.mismatches[0]
    assert pickle.loads(pickle.dumps(mismatch)) == mismatch
    with pytest.raises(AttributeError):
        mismatch.stored = 0  # type: ignore[misc]
    with pytest.raises(AttributeError):
        report.mismatches = ()  # type: ignore[misc]


def test_counters_never_overflow(location: str) -> None:
    world = open_world(location)  # not the world fixture: the failure leaves a store whose integrity check raises
    store = world.store
    spec = add_spec(store, make_event(store).id, price=0)  # unlimited
    claim(store, spec.id, 2**63 - 1)
    with pytest.raises((CapacityError, ValidationError)):
        claim(store, spec.id, 1)
    assert store.specifications.get(spec.id).number_of_tickets_sold == 2**63 - 1
    assert store.check_integrity().ok
