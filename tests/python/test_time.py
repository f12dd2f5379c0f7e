"""Time: aware datetimes in, aware UTC datetimes out, exact to the microsecond, local times by zone."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import pytest

import ticketcore
from helpers import CLOCK_START, COPENHAGEN, World, add_spec, cph, is_aware_utc, make_event, snapshot, utc
from ticketcore import Event, ManualClock, Store, ValidationError, format_local

NAIVE = datetime(2027, 7, 2, 19, 0)


class NoOffset(tzinfo):
    """A tzinfo that does not know its offset: Python treats such datetimes as naive."""

    def utcoffset(self, dt: datetime | None) -> timedelta | None:
        return None

    def dst(self, dt: datetime | None) -> timedelta | None:
        return None

    def tzname(self, dt: datetime | None) -> str | None:
        return None


def naive_calls(store: Store, event: Event, spec_id: str, clock: ManualClock) -> dict[str, Callable[[], object]]:
    later = cph(2027, 8, 1, 19)
    return {
        "ManualClock()": lambda: ManualClock(NAIVE),
        "ManualClock.set": lambda: clock.set(NAIVE),
        "format_local": lambda: format_local(NAIVE, COPENHAGEN),
        "add_date start": lambda: store.events.add_date(event.id, NAIVE, later),
        "add_date end": lambda: store.events.add_date(event.id, cph(2027, 7, 1, 19), NAIVE),
        "add sale_start": lambda: store.specifications.add(event.id, "Early", sale_start=NAIVE),
        "add sale_end": lambda: store.specifications.add(event.id, "Early", sale_end=NAIVE),
        "edit sale_start": lambda: store.specifications.edit(spec_id, sale_start=NAIVE),
        "edit sale_end": lambda: store.specifications.edit(spec_id, sale_end=NAIVE),
    }


NAIVE_CALL_NAMES = [
    "ManualClock()",
    "ManualClock.set",
    "format_local",
    "add_date start",
    "add_date end",
    "add sale_start",
    "add sale_end",
    "edit sale_start",
    "edit sale_end",
]
# The parameter each call's error names.
NAIVE_PARAMETERS = {
    "ManualClock()": "start",
    "ManualClock.set": "instant",
    "format_local": "instant",
    "add_date start": "start",
    "add_date end": "end",
    "add sale_start": "sale_start",
    "add sale_end": "sale_end",
    "edit sale_start": "sale_start",
    "edit sale_end": "sale_end",
}


@pytest.mark.parametrize("name", NAIVE_CALL_NAMES)
def test_naive_datetimes_are_rejected_everywhere(world: World, event: Event, name: str) -> None:
    store = world.store
    spec = add_spec(store, event.id)
    before = snapshot(store)
    clock_before = world.clock.now()
    with pytest.raises(ValidationError) as caught:
        naive_calls(store, event, spec.id, world.clock)[name]()
    assert isinstance(caught.value, ValueError)
    assert caught.value.code == "naive_datetime"
    assert str(caught.value) == (
        f"{NAIVE_PARAMETERS[name]} must be a timezone-aware datetime, got naive 2027-07-02 19:00:00"
    )
    assert snapshot(store) == before
    assert world.clock.now() == clock_before


def test_a_tzinfo_without_an_offset_counts_as_naive(store: Store, event: Event) -> None:
    unknown = datetime(2027, 7, 2, 19, tzinfo=NoOffset())
    with pytest.raises(ValidationError) as caught:
        store.events.add_date(event.id, unknown, cph(2027, 7, 2, 23))
    assert caught.value.code == "naive_datetime"
    assert len(store.events.get(event.id).dates) == 1


@pytest.mark.parametrize("value", ["2027-07-02T19:00:00+02:00", 1_800_000_000, None])
def test_non_datetimes_are_type_errors(store: Store, event: Event, value: object) -> None:
    with pytest.raises(TypeError):
        store.events.add_date(event.id, value, cph(2027, 7, 2, 23))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        ManualClock(value)  # type: ignore[arg-type]
    assert len(store.events.get(event.id).dates) == 1


def test_returned_datetimes_are_aware_utc(world: World) -> None:
    store = world.store
    event = make_event(store, dates=1)
    spec = add_spec(store, event.id, sale_start=cph(2027, 5, 1, 10), sale_end=cph(2027, 7, 2, 18))
    pool = store.pools.create(event.id, "Floor", size=10)
    values = [
        world.organization.created,
        store.organizations.get(world.organization_id).created,
        event.created,
        event.dates[0].start,
        event.dates[0].end,
        spec.created,
        spec.sale_start,
        spec.sale_end,
        pool.created,
        store.audit()[0].at,
        store.now(),
        world.clock.now(),
    ]
    for value in values:
        assert isinstance(value, datetime)
        assert is_aware_utc(value), value
        assert value.tzinfo == timezone.utc


def test_instants_keep_their_meaning_across_zones(store: Store, event: Event) -> None:
    new_york = ZoneInfo("America/New_York")
    start = datetime(2027, 7, 3, 13, 0, tzinfo=new_york)  # 17:00Z, 19:00 in Copenhagen
    date = store.events.add_date(event.id, start, start + timedelta(hours=4))
    assert date.start == start
    assert date.start == utc(2027, 7, 3, 17)
    assert date.start.hour == 17
    assert date.local_start == "2027-07-03T19:00:00+02:00"


@pytest.mark.parametrize(
    "instant",
    [
        utc(2027, 5, 1, 10, 0, 0, 123456),
        utc(2027, 5, 1, 10, 0, 0, 1),
        utc(2027, 5, 1, 10, 0, 0, 999999),
        datetime(2027, 5, 1, 12, 0, 0, 654321, tzinfo=ZoneInfo(COPENHAGEN)),
        utc(1969, 12, 31, 23, 59, 59, 999999),
        utc(1900, 1, 1, 0, 0, 0, 1),
        utc(9999, 12, 31, 23, 59, 59, 999999),
    ],
)
def test_microseconds_round_trip_exactly(store: Store, event: Event, instant: datetime) -> None:
    spec = add_spec(store, event.id, sale_start=instant)
    assert spec.sale_start == instant
    assert spec.sale_start is not None and spec.sale_start.microsecond == instant.astimezone(timezone.utc).microsecond
    assert store.specifications.get(spec.id).sale_start == instant
    clock = ManualClock(instant)
    assert clock.now() == instant
    assert clock.now().microsecond == instant.microsecond


def test_summer_and_winter_local_times_in_copenhagen(store: Store) -> None:
    event = store.events.create("Seasons", time_zone=COPENHAGEN)
    summer = store.events.add_date(event.id, cph(2027, 7, 2, 19), cph(2027, 7, 2, 23, 30))
    winter = store.events.add_date(event.id, cph(2027, 12, 31, 22), cph(2028, 1, 1, 2))
    assert summer.local_start == "2027-07-02T19:00:00+02:00"
    assert summer.local_end == "2027-07-02T23:30:00+02:00"
    assert summer.start == utc(2027, 7, 2, 17)
    assert winter.local_start == "2027-12-31T22:00:00+01:00"
    assert winter.local_end == "2028-01-01T02:00:00+01:00"
    assert winter.start == utc(2027, 12, 31, 21)
    # the snapshot read back formats the same way
    dates = store.events.get(event.id).dates
    assert [(d.local_start, d.local_end) for d in dates] == [
        ("2027-07-02T19:00:00+02:00", "2027-07-02T23:30:00+02:00"),
        ("2027-12-31T22:00:00+01:00", "2028-01-01T02:00:00+01:00"),
    ]


def test_a_date_across_the_autumn_clock_change(store: Store, event: Event) -> None:
    # Copenhagen leaves summer time at 03:00 local (01:00Z) on 31 October 2027.
    date = store.events.add_date(event.id, utc(2027, 10, 30, 20), utc(2027, 10, 31, 3))
    assert date.local_start == "2027-10-30T22:00:00+02:00"
    assert date.local_end == "2027-10-31T04:00:00+01:00"


def test_dates_are_listed_in_start_order(store: Store) -> None:
    event = store.events.create("Order", time_zone=COPENHAGEN)
    late = store.events.add_date(event.id, cph(2027, 9, 1, 19), cph(2027, 9, 1, 22))
    early = store.events.add_date(event.id, cph(2027, 8, 1, 19), cph(2027, 8, 1, 22))
    assert [d.id for d in store.events.get(event.id).dates] == [early.id, late.id]


def test_format_local() -> None:
    assert format_local(utc(2027, 7, 1, 12), COPENHAGEN) == "2027-07-01T14:00:00+02:00"
    assert format_local(utc(2027, 1, 1, 12), COPENHAGEN) == "2027-01-01T13:00:00+01:00"
    assert format_local(utc(2027, 1, 1, 12), "UTC") == "2027-01-01T12:00:00+00:00"
    assert format_local(utc(2027, 1, 1, 12), "America/St_Johns") == "2027-01-01T08:30:00-03:30"
    # whole seconds, floored (also before 1970)
    assert format_local(utc(2027, 7, 1, 12, 0, 0, 999999), COPENHAGEN) == "2027-07-01T14:00:00+02:00"
    assert format_local(utc(1969, 12, 31, 23, 59, 59, 500000), "UTC") == "1969-12-31T23:59:59+00:00"


@pytest.mark.parametrize("zone", ["Mars/Olympus_Mons", "", "Europe/Copenhagenn", "+02:00"])
def test_unknown_time_zone(world: World, zone: str) -> None:
    before = snapshot(world.store)
    with pytest.raises(ValidationError) as caught:
        world.store.events.create("Nowhere", time_zone=zone)
    assert caught.value.code == "unknown_time_zone"
    assert str(caught.value) == f"Unknown time zone: '{zone}'"
    assert snapshot(world.store) == before
    with pytest.raises(ValidationError) as caught:
        format_local(utc(2027, 1, 1), zone)
    assert caught.value.code == "unknown_time_zone"


@pytest.mark.parametrize(
    ("parts", "code", "message"),
    [
        ((2027, 13, 1), "invalid_date", "month must be between 1 and 12"),
        ((0, 1, 1), "invalid_date", "year must be between 1 and 9999"),
        ((2027, 1, 1, 24), "invalid_date", "hour must be between 0 and 23"),
        ((2027, 2, 29), "invalid_date", "day is out of range for month"),
        ((2027, 4, 31), "invalid_date", "day is out of range for month"),
        ((2027, 1, 1, 0, 2**63), "number_out_of_range", "minute is out of range (it must fit in 64 bits)"),
        ((2027, 1, -(2**63) - 1), "number_out_of_range", "day is out of range (it must fit in 64 bits)"),
    ],
)
def test_utc_refuses_a_moment_that_does_not_exist(parts: tuple[int, ...], code: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        ticketcore.utc(*parts)
    assert (caught.value.code, str(caught.value)) == (code, message)
    assert caught.value.__context__ is None, "the ValueError of datetime is no context of it"


def test_utc_takes_each_part_at_its_bounds() -> None:
    assert ticketcore.utc(2028, 2, 29, 23, 59, 59) == datetime(2028, 2, 29, 23, 59, 59, tzinfo=timezone.utc)
    assert ticketcore.utc(1, 1, 1) == datetime(1, 1, 1, tzinfo=timezone.utc)
    with pytest.raises(TypeError, match="^day must be an int, not bool$"):
        ticketcore.utc(2027, 1, True)


def test_manual_clock_drives_created_timestamps(world: World) -> None:
    store, clock = world.store, world.clock
    assert world.organization.created == CLOCK_START
    assert store.now() == CLOCK_START
    clock.advance(timedelta(hours=1, microseconds=7))
    event = store.events.create("Later", time_zone=COPENHAGEN)
    assert event.created == CLOCK_START + timedelta(hours=1, microseconds=7)
    clock.set(utc(2030, 3, 1, 9))
    spec = add_spec(store, event.id)
    assert spec.created == utc(2030, 3, 1, 9)
    assert store.now() == utc(2030, 3, 1, 9)
    clock.advance(timedelta(days=-1))
    pool = store.pools.create(event.id, "Floor", size=5)
    assert pool.created == utc(2030, 2, 28, 9)
    assert [entry.at for entry in store.audit(operation="specification.add")] == [utc(2030, 3, 1, 9)]
    # timestamps are stored, not recomputed on read
    assert store.events.get(event.id).created == CLOCK_START + timedelta(hours=1, microseconds=7)


def test_manual_clock_is_shared_by_stores_acting_as_other_actors(world: World) -> None:
    world.clock.set(utc(2031, 1, 1))
    assert world.platform.now() == utc(2031, 1, 1)
    assert world.store.now() == utc(2031, 1, 1)


def test_manual_clock_advance_takes_a_timedelta() -> None:
    clock = ManualClock(CLOCK_START)
    with pytest.raises(TypeError):
        clock.advance(60)  # type: ignore[arg-type]
    assert clock.now() == CLOCK_START


def test_a_clock_step_beyond_64_bits_is_refused_and_the_clock_stays() -> None:
    clock = ManualClock(datetime(2027, 1, 1, tzinfo=timezone.utc))
    with pytest.raises(ValidationError) as caught:
        clock.advance(timedelta.max)
    assert (caught.value.code, str(caught.value)) == ("number_out_of_range", "delta is out of range")
    assert clock.now() == datetime(2027, 1, 1, tzinfo=timezone.utc)
    with pytest.raises(TypeError, match="delta must be a datetime.timedelta"):
        clock.advance(5)  # type: ignore[arg-type]
