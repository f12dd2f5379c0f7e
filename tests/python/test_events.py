"""Events: creation defaults and validation, dates, the draft -> published -> completed lifecycle."""

from __future__ import annotations

import pickle
from datetime import timedelta
from typing import Any

import pytest

from helpers import COPENHAGEN, World, audit_operations, cph, last_sequence, make_event, snapshot
from ticketcore import (
    ConflictError,
    Event,
    EventState,
    Money,
    NotFoundError,
    Store,
    ValidationError,
)


def test_create_defaults(world: World) -> None:
    event = world.store.events.create("Summer Jazz Nights", time_zone=COPENHAGEN)
    assert event.name == "Summer Jazz Nights"
    assert event.organization_id == world.organization_id
    assert event.time_zone == COPENHAGEN
    assert event.state is EventState.DRAFT
    assert event.currency == "DKK"
    assert event.platform_fee == Money.zero("DKK")
    assert event.percentage_fee == 0
    assert event.vat_rate == 2500
    assert event.location == ""
    assert event.description == ""
    assert event.dates == ()
    assert world.store.events.get(event.id) == event


def test_create_with_every_option(store: Store) -> None:
    event = store.events.create(
        "Gala",
        time_zone="Europe/Berlin",
        location="Philharmonie",
        description="Black tie",
        currency="EUR",
        platform_fee=Money("1.50", "EUR"),
        percentage_fee=250,
        vat_rate=1900,
    )
    assert (event.location, event.description, event.currency) == ("Philharmonie", "Black tie", "EUR")
    assert event.platform_fee == Money("1.50", "EUR")
    assert (event.percentage_fee, event.vat_rate) == (250, 1900)
    assert store.events.create("Plain", time_zone="UTC", platform_fee=500).platform_fee == Money("5.00", "DKK")
    assert store.events.create("Boundaries", time_zone="UTC", percentage_fee=10000, vat_rate=0).vat_rate == 0


BAD_CREATE: list[tuple[dict[str, Any], type[Exception], str | None, str | None]] = [
    ({"name": ""}, ValidationError, "name_required", "Name is required"),
    ({"time_zone": "Nowhere/Special"}, ValidationError, "unknown_time_zone", "Unknown time zone: 'Nowhere/Special'"),
    ({"currency": "XXX"}, ValidationError, "unknown_currency", "Unknown currency: 'XXX'"),
    ({"platform_fee": -1}, ValidationError, "negative_fee", "Platform fee cannot be negative"),
    ({"platform_fee": Money("-0.01", "DKK")}, ValidationError, "negative_fee", "Platform fee cannot be negative"),
    (
        {"platform_fee": Money("1", "EUR")},
        ValidationError,
        "currency_mismatch",
        "Amount in EUR where DKK is expected",
    ),
    (
        {"percentage_fee": 10001},
        ValidationError,
        "invalid_rate",
        "Percentage fee must be between 0 and 10000 basis points",
    ),
    ({"percentage_fee": -1}, ValidationError, "invalid_rate", "Percentage fee must be between 0 and 10000 basis points"),
    ({"vat_rate": -1}, ValidationError, "invalid_rate", "VAT rate must be between 0 and 10000 basis points"),
    ({"vat_rate": 10001}, ValidationError, "invalid_rate", "VAT rate must be between 0 and 10000 basis points"),
    ({"vat_rate": 2**70}, ValidationError, "number_out_of_range", None),
    ({"percentage_fee": 2**63}, ValidationError, "number_out_of_range", None),
    ({"platform_fee": 2**70}, ValidationError, "number_out_of_range", None),
    ({"platform_fee": 5.0}, TypeError, None, None),
    ({"platform_fee": "5.00"}, TypeError, None, None),
    ({"platform_fee": True}, TypeError, None, None),
    ({"vat_rate": 25.0}, TypeError, None, None),
    ({"vat_rate": True}, TypeError, None, None),
    ({"name": None}, TypeError, None, None),
    ({"time_zone": None}, TypeError, None, None),
    ({"currency": 208}, TypeError, None, None),
]


@pytest.mark.parametrize(("override", "error", "code", "message"), BAD_CREATE)
def test_create_rejects_bad_input_and_changes_nothing(
    world: World, override: dict[str, Any], error: type[Exception], code: str | None, message: str | None
) -> None:
    arguments: dict[str, Any] = {"name": "Concert", "time_zone": COPENHAGEN, **override}
    before = snapshot(world.store)
    with pytest.raises(error) as caught:
        world.store.events.create(arguments.pop("name"), **arguments)
    if code is not None:
        assert getattr(caught.value, "code") == code
    if message is not None:
        assert str(caught.value) == message
    assert snapshot(world.store) == before


def test_add_date(store: Store, event: Event) -> None:
    start, end = cph(2027, 7, 9, 19), cph(2027, 7, 9, 23)
    date = store.events.add_date(event.id, start, end)
    assert date.event_id == event.id
    assert (date.start, date.end) == (start, end)
    assert date.local_start == "2027-07-09T19:00:00+02:00"
    assert store.events.get(event.id).dates[-1] == date


@pytest.mark.parametrize("length", [timedelta(0), timedelta(microseconds=-1), timedelta(hours=-4)])
def test_a_date_must_end_after_it_starts(world: World, event: Event, length: timedelta) -> None:
    before = snapshot(world.store)
    start = cph(2027, 7, 9, 19)
    with pytest.raises(ValidationError) as caught:
        world.store.events.add_date(event.id, start, start + length)
    assert caught.value.code == "invalid_date_range"
    assert str(caught.value) == "Event date must end after it starts"
    assert snapshot(world.store) == before


def test_one_microsecond_is_long_enough(store: Store, event: Event) -> None:
    start = cph(2027, 7, 9, 19)
    assert store.events.add_date(event.id, start, start + timedelta(microseconds=1)).end > start


def test_dates_can_be_added_to_a_published_event_but_not_a_completed_one(
    world: World, published_event: Event, completed_event: Event
) -> None:
    store = world.store
    date = store.events.add_date(published_event.id, cph(2027, 8, 1, 19), cph(2027, 8, 1, 22))
    assert store.events.get(published_event.id).dates[-1] == date
    before = snapshot(store)
    with pytest.raises(ConflictError) as caught:
        store.events.add_date(completed_event.id, cph(2027, 8, 1, 19), cph(2027, 8, 1, 22))
    assert caught.value.code == "event_completed"
    assert str(caught.value) == "Cannot add a date to an event, which is completed"
    assert snapshot(store) == before


def test_lifecycle(world: World) -> None:
    store = world.store
    event = make_event(store, dates=1)
    published = store.events.publish(event.id)
    assert published.state is EventState.PUBLISHED
    assert store.events.get(event.id).state is EventState.PUBLISHED
    completed = store.events.complete(event.id)
    assert completed.state is EventState.COMPLETED
    assert completed.dates == event.dates
    assert audit_operations(store)[-2:] == ["event.publish", "event.complete"]
    publish_row = store.audit(operation="event.publish")[0]
    assert publish_row.data == {"before": "draft", "after": "published"}
    assert store.audit(operation="event.complete")[0].data == {"before": "published", "after": "completed"}


@pytest.mark.parametrize(
    ("setup", "action", "code", "message"),
    [
        ("draft-no-dates", "publish", "event_without_dates", "Cannot publish an event without dates"),
        ("published", "publish", "event_published", "Cannot publish an event, which has already been published"),
        ("completed", "publish", "event_completed", "Cannot publish an event, which is completed"),
        ("draft", "complete", "event_not_published", "Cannot complete an event, which is not published"),
        ("completed", "complete", "event_completed", "Cannot complete an event, which is completed"),
    ],
)
def test_lifecycle_conflicts(world: World, setup: str, action: str, code: str, message: str) -> None:
    store = world.store
    event = make_event(store, dates=0 if setup == "draft-no-dates" else 1, published=setup in ("published", "completed"))
    if setup == "completed":
        store.events.complete(event.id)
    before = snapshot(store)
    with pytest.raises(ConflictError) as caught:
        getattr(store.events, action)(event.id)
    assert caught.value.code == code
    assert str(caught.value) == message
    assert snapshot(store) == before


def test_unknown_event_ids(world: World) -> None:
    store = world.store
    before = snapshot(store)
    for call in (
        lambda: store.events.get("no-such-event"),
        lambda: store.events.publish("no-such-event"),
        lambda: store.events.complete("no-such-event"),
        lambda: store.events.add_date("no-such-event", cph(2027, 1, 1), cph(2027, 1, 2)),
        lambda: store.specifications.add("no-such-event", "Ticket"),
        lambda: store.specifications.list("no-such-event"),
        lambda: store.pools.create("no-such-event", "Floor", size=1),
    ):
        with pytest.raises(NotFoundError) as caught:
            call()
        assert caught.value.code == "event_not_found"
        assert str(caught.value) == "Event with id: no-such-event not found."
    assert snapshot(store) == before


def test_list_in_creation_order_and_by_state(store: Store) -> None:
    assert store.events.list().nodes == ()
    first = make_event(store, name="First")
    second = make_event(store, name="Second", published=True)
    third = make_event(store, name="Third", published=True)
    store.events.complete(third.id)
    assert [e.name for e in store.events.list().nodes] == ["First", "Second", "Third"]
    assert store.events.list(state=EventState.DRAFT).nodes == (first,)
    assert store.events.list(state=EventState.PUBLISHED).nodes == (second,)
    assert [e.id for e in store.events.list(state=EventState.COMPLETED).nodes] == [third.id]
    with pytest.raises(TypeError):
        store.events.list(state="draft")  # type: ignore[arg-type]


def test_each_event_mutation_writes_one_audit_row(store: Store) -> None:
    start = last_sequence(store)
    event = store.events.create("Audited", time_zone=COPENHAGEN)
    store.events.add_date(event.id, cph(2027, 7, 1, 19), cph(2027, 7, 1, 22))
    store.events.publish(event.id)
    store.events.complete(event.id)
    assert audit_operations(store, after=start) == ["event.create", "event.add_date", "event.publish", "event.complete"]
    assert {row.entity_id for row in store.audit(after=start)} == {event.id}
    assert {row.entity_type for row in store.audit(after=start)} == {"event"}


def test_event_snapshots_are_values(store: Store) -> None:
    event = make_event(store, dates=2)
    again = store.events.get(event.id)
    assert again == event and again is not event
    assert hash(again) == hash(event)
    assert {event, again} == {event}
    assert pickle.loads(pickle.dumps(event)) == event
    assert repr(event).startswith("Event(id='")
    assert f"name='{event.name}'" in repr(event)
    with pytest.raises(AttributeError):
        event.name = "Changed"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        event.dates[0].start = cph(2030, 1, 1)  # type: ignore[misc]
    with pytest.raises(AttributeError):
        event.extra = 1  # type: ignore[attr-defined]
    assert store.events.get(event.id).name == "Summer Jazz Nights"
    date = event.dates[0]
    assert pickle.loads(pickle.dumps(date)) == date
    assert repr(date).startswith("EventDate(")
    # An event changes identity when it changes state.
    store.events.publish(event.id)
    assert store.events.get(event.id) != event


@pytest.mark.parametrize("kind", ["event", "organization", "pool"])
@pytest.mark.parametrize("name", ["   ", "\t\n"])
def test_blank_names_are_refused_like_specification_names(world: World, kind: str, name: str) -> None:
    event = make_event(world.store, name="Existing")
    before = snapshot(world.store)
    platform_rows = world.platform.audit(limit=1000)
    create = {
        "event": lambda: world.store.events.create(name, time_zone=COPENHAGEN),
        "organization": lambda: world.platform.organizations.create(name, currency="DKK"),
        "pool": lambda: world.store.pools.create(event.id, name, size=1),
    }[kind]
    with pytest.raises(ValidationError) as caught:
        create()
    assert (caught.value.code, str(caught.value)) == ("name_required", "Name is required")
    assert snapshot(world.store) == before
    assert world.platform.audit(limit=1000) == platform_rows


@pytest.mark.parametrize("bad_id", [None, 5, 1.5, ["abc"]])
def test_ids_must_be_str(world: World, bad_id: object) -> None:
    store = world.store
    before = snapshot(store)
    for call in (
        lambda: store.events.get(bad_id),  # type: ignore[arg-type]
        lambda: store.events.publish(bad_id),  # type: ignore[arg-type]
        lambda: store.specifications.get(bad_id),  # type: ignore[arg-type]
        lambda: store.specifications.remove(bad_id),  # type: ignore[arg-type]
        lambda: store.pools.get(bad_id),  # type: ignore[arg-type]
        lambda: store.organizations.get(bad_id),  # type: ignore[arg-type]
    ):
        with pytest.raises(TypeError):
            call()
    assert snapshot(store) == before


def test_empty_ids_are_not_found(store: Store) -> None:
    for call, code in (
        (lambda: store.events.get(""), "event_not_found"),
        (lambda: store.specifications.get(""), "specification_not_found"),
        (lambda: store.pools.get(""), "pool_not_found"),
    ):
        with pytest.raises(NotFoundError) as caught:
            call()
        assert caught.value.code == code
