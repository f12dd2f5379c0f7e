"""Seat maps (store.seatmaps): seats and volumes of an event, and how the inventory ledger holds
them with the ticket specification's capacity. Every operation with its exact errors, on both
engines; the race for one seat across threads and processes, first with the seat guard off (the
test-only hook), then with it on."""

from __future__ import annotations

import multiprocessing
import pickle
import sqlite3
from contextlib import closing
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import pytest

import pg_support
from helpers import World, add_spec, make_event, open_world, org_actor, other_organization, plan_problems
from seat_race_workers import race, share_barrier
from ticketcore import (
    CapacityError,
    ConflictError,
    Event,
    NewSeat,
    NotFoundError,
    PermissionDeniedError,
    Seat,
    SeatMap,
    SeatPage,
    SeatStatus,
    Store,
    TicketSpecification,
    ValidationError,
    Volume,
)
from ticketcore._core import _testing


@dataclass(frozen=True)
class Hall:
    """An event with two specifications and a seat map: seats A-1..A-4 (A-4 for guests only) and a
    volume "Standing" of 5 places."""

    store: Store
    event: Event
    member: TicketSpecification
    guest: TicketSpecification
    seatmap: SeatMap
    seats: list[Seat]
    standing: Volume

    def seat(self, index: int) -> Seat:
        return self.store.seatmaps.seat(self.seatmap.id, self.seats[index].id)

    def volume(self) -> Volume:
        return self.store.seatmaps.volume(self.seatmap.id, self.standing.id)

    def taken(self, spec: TicketSpecification) -> tuple[int, int]:
        now = self.store.specifications.get(spec.id)
        return now.number_of_tickets_sold, now.number_of_tickets_reserved


def build_hall(store: Store) -> Hall:
    event = make_event(store)
    member = add_spec(store, event.id, "Member", number_of_tickets_for_sale=10)
    guest = add_spec(store, event.id, "Guest")
    seatmap = store.seatmaps.create(event.id, "Main hall")
    seats = store.seatmaps.add_seats(seatmap.id, [
        NewSeat("Stalls", "A", "1", "A-1"),
        NewSeat("Stalls", "A", "2", "A-2"),
        NewSeat("Stalls", "A", "3", "A-3"),
        NewSeat("Stalls", "A", "4", "A-4", ticket_type_ids=[guest.id]),
    ])
    standing = store.seatmaps.add_volume(seatmap.id, "Standing", capacity=5)
    return Hall(store, event, member, guest, seatmap, seats, standing)


@pytest.fixture
def hall(store: Store) -> Hall:
    return build_hall(store)


def raises(call: object, error: type[Exception], code: str, message: str) -> None:
    assert callable(call)
    with pytest.raises(error) as caught:
        call()
    assert type(caught.value) is error
    assert getattr(caught.value, "code") == code
    assert str(caught.value) == message


# --- the catalogue ----------------------------------------------------------------------------


def test_create_get_and_list(world: World, hall: Hall) -> None:
    store = hall.store
    assert hall.seatmap.event_id == hall.event.id
    assert hall.seatmap.name == "Main hall"
    assert hall.seatmap.created == world.clock.now()
    assert store.seatmaps.get(hall.seatmap.id) == hall.seatmap
    balcony = store.seatmaps.create(hall.event.id, "Balcony")
    assert store.seatmaps.list(hall.event.id) == [hall.seatmap, balcony]
    operations = [row.operation for row in store.audit(limit=100) if row.entity_id == hall.seatmap.id]
    assert operations == ["seatmap.create", "seatmap.add_seats", "seatmap.add_volume"]
    for value in (hall.seatmap, hall.seats[0], hall.standing, NewSeat("S", "R", "1", "L", ["x"])):
        assert pickle.loads(pickle.dumps(value)) == value
        assert repr(value).startswith(type(value).__name__ + "(")


def test_seats_read_back_with_their_status_and_page_in_order(hall: Hall) -> None:
    first = hall.seats[0]
    assert (first.section, first.row, first.number, first.label) == ("Stalls", "A", "1", "A-1")
    assert (first.seatmap_id, first.ticket_type_ids, first.status) == (hall.seatmap.id, (), SeatStatus.FREE)
    assert hall.seat(3).ticket_type_ids == (hall.guest.id,)
    page = hall.store.seatmaps.seats(hall.seatmap.id, first=3)
    assert isinstance(page, SeatPage)
    assert page.nodes == tuple(hall.seats[:3])
    assert (page.has_next_page, page.end_cursor) == (True, hall.seats[2].id)
    rest = hall.store.seatmaps.seats(hall.seatmap.id, first=3, after=page.end_cursor)
    assert (rest.nodes, rest.has_next_page) == ((hall.seats[3],), False)
    raises(lambda: hall.store.seatmaps.seats(hall.seatmap.id, first=0), ValidationError, "invalid_page_size",
           "first must be between 1 and 50")
    raises(lambda: hall.store.seatmaps.seats(hall.seatmap.id, after="nope"), ValidationError, "invalid_cursor",
           "Cursor 'nope' is not a seat of this seat map")


def test_volumes(hall: Hall) -> None:
    standing = hall.standing
    assert (standing.name, standing.capacity, standing.sold, standing.reserved, standing.available) == (
        "Standing", 5, 0, 0, 5)
    assert standing.ticket_type_ids == ()
    pit = hall.store.seatmaps.add_volume(hall.seatmap.id, "Pit", capacity=0, ticket_type_ids=[hall.member.id])
    assert pit.ticket_type_ids == (hall.member.id,)
    assert hall.store.seatmaps.volumes(hall.seatmap.id) == [standing, pit]
    raises(lambda: hall.store.seatmaps.add_volume(hall.seatmap.id, "X", capacity=-1), ValidationError,
           "negative_number", "Volume capacity cannot be negative")
    raises(lambda: hall.store.seatmaps.add_volume(hall.seatmap.id, "X", capacity=1,
                                                  ticket_type_ids=[hall.guest.id, hall.guest.id]),
           ValidationError, "duplicate_ticket_type",
           f"Ticket specification with id: {hall.guest.id} is listed twice in ticket_type_ids")
    raises(lambda: hall.store.seatmaps.add_volume(hall.seatmap.id, " ", capacity=1), ValidationError,
           "name_required", "Name is required")
    raises(lambda: hall.store.seatmaps.volume(hall.seatmap.id, "nope"), NotFoundError, "volume_not_found",
           "Volume with id: nope not found in this seat map.")
    assert hall.store.seatmaps.volumes(hall.seatmap.id) == [standing, pit]


def test_bad_seats_are_refused_and_change_nothing(hall: Hall, store: Store) -> None:
    seatmaps = store.seatmaps
    sm = hall.seatmap.id
    raises(lambda: seatmaps.add_seats(sm, [NewSeat("Stalls", "B", "1", "B-1"), NewSeat("Stalls", "A", "2", "x")]),
           ConflictError, "seat_exists", "Seat Stalls / A / 2 already exists in this seat map")
    raises(lambda: seatmaps.add_seats(sm, [NewSeat("Stalls", "B", "1", "B-1"), NewSeat("Stalls", "B", "1", "x")]),
           ValidationError, "duplicate_seat", "Seat Stalls / B / 1 is listed twice")
    raises(lambda: seatmaps.add_seats(sm, []), ValidationError, "seats_required", "At least one seat is required")
    raises(lambda: seatmaps.add_seats(sm, [NewSeat("Stalls", "B", "", "B-1")]), ValidationError,
           "seat_field_required", "number is required")
    raises(lambda: seatmaps.add_seats(sm, [NewSeat("S", "R", str(n), "L") for n in range(10_001)]),
           ValidationError, "batch_too_large", "At most 10000 seats per call")
    other_event = make_event(store, name="Other")
    elsewhere = add_spec(store, other_event.id, "Elsewhere")
    raises(lambda: seatmaps.add_seats(sm, [NewSeat("Stalls", "B", "1", "B-1", [elsewhere.id])]), ValidationError,
           "seatmap_other_event", f"Ticket specification with id: {elsewhere.id} belongs to another event than the seat map")
    raises(lambda: seatmaps.add_seats(sm, [NewSeat("Stalls", "B", "1", "B-1", ["missing"])]), NotFoundError,
           "specification_not_found", "Ticket specification with id: missing not found.")
    raises(lambda: seatmaps.add_seats("nope", [NewSeat("Stalls", "B", "1", "B-1")]), NotFoundError,
           "seatmap_not_found", "Seat map with id: nope not found.")
    raises(lambda: seatmaps.seat(sm, "nope"), NotFoundError, "seat_not_found",
           "Seat with id: nope not found in this seat map.")
    with pytest.raises(TypeError, match="seats must be a list of NewSeat"):
        seatmaps.add_seats(sm, "A-1")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        seatmaps.add_seats(sm, [("Stalls", "B", "1", "B-1")])  # type: ignore[list-item]
    with pytest.raises(TypeError):
        NewSeat("Stalls", "B", 1, "B-1")  # type: ignore[arg-type]
    assert seatmaps.seats(sm, first=50).nodes == tuple(hall.seats)
    assert seatmaps.list(other_event.id) == []


def test_places_are_per_seat_map_and_a_big_batch_goes_in_at_once(hall: Hall) -> None:
    balcony = hall.store.seatmaps.create(hall.event.id, "Balcony")
    same_place = hall.store.seatmaps.add_seats(balcony.id, [NewSeat("Stalls", "A", "1", "A-1")])
    assert same_place[0].seatmap_id == balcony.id
    rows = hall.store.seatmaps.add_seats(balcony.id, [NewSeat("Balcony", str(r), str(n), f"{r}-{n}")
                                                      for r in range(1, 41) for n in range(1, 51)])
    assert len(rows) == 2000
    assert len({seat.id for seat in rows}) == 2000
    page = hall.store.seatmaps.seats(balcony.id, first=50, after=rows[999].id)
    assert page.nodes == tuple(rows[1000:1050])


def test_scopes_organizations_and_completed_events(world: World, hall: Hall) -> None:
    reader = world.platform.acting_as(org_actor(world.organization_id, {"events:read"}, "reader"))
    assert reader.seatmaps.get(hall.seatmap.id) == hall.seatmap
    raises(lambda: reader.seatmaps.create(hall.event.id, "X"), PermissionDeniedError, "missing_scope",
           "Actor 'reader' lacks the scope 'events:write'")
    raises(lambda: reader.seatmaps.add_volume(hall.seatmap.id, "X", capacity=1), PermissionDeniedError,
           "missing_scope", "Actor 'reader' lacks the scope 'events:write'")
    nobody = world.platform.acting_as(org_actor(world.organization_id, {"orders"}, "clerk"))
    raises(lambda: nobody.seatmaps.seats(hall.seatmap.id), PermissionDeniedError, "missing_scope",
           "Actor 'clerk' lacks the scope 'events:read'")
    other = other_organization(world)
    message = f"Actor 'bob' may not access organization '{world.organization_id}'"
    raises(lambda: other.seatmaps.get(hall.seatmap.id), PermissionDeniedError, "other_organization", message)
    raises(lambda: other.seatmaps.seats(hall.seatmap.id), PermissionDeniedError, "other_organization", message)
    raises(lambda: other.seatmaps.add_seats(hall.seatmap.id, [NewSeat("S", "R", "1", "L")]), PermissionDeniedError,
           "other_organization", message)
    raises(lambda: other.seatmaps.create(hall.event.id, "Theirs"), PermissionDeniedError, "other_organization",
           message)
    # The event has a date: publish it, then complete it.
    hall.store.events.publish(hall.event.id)
    hall.store.events.complete(hall.event.id)
    raises(lambda: hall.store.seatmaps.create(hall.event.id, "Late"), ConflictError, "event_completed",
           "Cannot add a seat map to an event, which is completed")
    raises(lambda: hall.store.seatmaps.add_seats(hall.seatmap.id, [NewSeat("S", "R", "1", "L")]), ConflictError,
           "event_completed", "Cannot change a seat map of an event, which is completed")
    raises(lambda: hall.store.seatmaps.add_volume(hall.seatmap.id, "Late", capacity=1), ConflictError,
           "event_completed", "Cannot change a seat map of an event, which is completed")


def test_seat_pages_walk_the_seat_maps_index(world: World, hall: Hall, engine: str) -> None:
    big = hall.store.seatmaps.create(hall.event.id, "Arena")
    for block in range(3):
        hall.store.seatmaps.add_seats(big.id, [NewSeat(f"B{block}", str(r), str(n), "x")
                                               for r in range(20) for n in range(50)])
    if engine == "postgresql":
        pg_support.execute(world.platform.path, "ANALYZE")
    reads = {
        "first page": lambda: hall.store.seatmaps.seats(hall.seatmap.id, first=50),
        "after": lambda: hall.store.seatmaps.seats(hall.seatmap.id, after=hall.seats[0].id),
        "seat": lambda: hall.store.seatmaps.seat(hall.seatmap.id, hall.seats[1].id),
        "volumes": lambda: hall.store.seatmaps.volumes(hall.seatmap.id),
    }
    # PostgreSQL reads the few rows of the tables this test does not fill, rightly.
    tables = ("seat", "volume", "seatmap") if engine == "sqlite" else ("seat",)
    problems = {name: found for name, read in reads.items()
                if (found := plan_problems(_testing.query_plans(read), tables))}
    assert problems == {}


# --- holding seats and volumes on the ledger ------------------------------------------------


def test_a_seat_is_held_settled_and_released_with_its_specification(hall: Hall) -> None:
    store = hall.store
    claim = _testing.claim_seat(store, hall.seatmap.id, hall.seats[0].id, hall.member.id)
    assert hall.seat(0).status is SeatStatus.HELD
    assert hall.taken(hall.member) == (0, 1)
    assert _testing.claim_target(store, claim) == (hall.seats[0].id, None)
    _testing.settle_claim(store, claim)
    assert hall.seat(0).status is SeatStatus.SOLD
    assert hall.taken(hall.member) == (1, 0)
    assert store.check_integrity().ok
    _testing.release_claim(store, claim)
    assert hall.seat(0).status is SeatStatus.FREE
    assert hall.taken(hall.member) == (0, 0)
    again = _testing.claim_seat(store, hall.seatmap.id, hall.seats[0].id, hall.guest.id, sold=True)
    assert hall.seat(0).status is SeatStatus.SOLD
    assert _testing.claim_target(store, again) == (hall.seats[0].id, None)


def test_a_taken_seat_and_a_wrong_ticket_type_are_refused(hall: Hall) -> None:
    store = hall.store
    sm = hall.seatmap.id
    _testing.claim_seat(store, sm, hall.seats[1].id, hall.member.id)
    raises(lambda: _testing.claim_seat(store, sm, hall.seats[1].id, hall.guest.id), CapacityError, "seat_taken",
           "Seat A-2 is already taken")
    assert hall.taken(hall.guest) == (0, 0)  # the specification's claim went back with the seat's
    raises(lambda: _testing.claim_seat(store, sm, hall.seats[3].id, hall.member.id), ValidationError,
           "seat_not_for_ticket_type", f"Seat A-4 is not for ticket specification with id: {hall.member.id}")
    other_event = make_event(store, name="Other")
    elsewhere = add_spec(store, other_event.id, "Elsewhere")
    raises(lambda: _testing.claim_seat(store, sm, hall.seats[0].id, elsewhere.id), ValidationError,
           "seatmap_other_event",
           f"Ticket specification with id: {elsewhere.id} belongs to another event than the seat map")
    raises(lambda: _testing.claim_seat(store, sm, "nope", hall.member.id), NotFoundError, "seat_not_found",
           "Seat with id: nope not found in this seat map.")
    single = add_spec(store, hall.event.id, "Single", number_of_tickets_for_sale=1)
    _testing.claim_seat(store, sm, hall.seats[2].id, single.id)
    raises(lambda: _testing.claim_seat(store, sm, hall.seats[0].id, single.id), CapacityError, "sold_out",
           f"Not enough tickets available for ticket specification with id: {single.id}")
    assert hall.seat(0).status is SeatStatus.FREE


def test_a_seat_counts_against_a_pool(hall: Hall) -> None:
    store = hall.store
    store.pools.create(hall.event.id, "House", size=1, specification_ids=[hall.guest.id])
    _testing.claim_seat(store, hall.seatmap.id, hall.seats[0].id, hall.guest.id)
    error = pytest.raises(CapacityError, _testing.claim_seat, store, hall.seatmap.id, hall.seats[1].id, hall.guest.id)
    assert error.value.code == "pool_sold_out"
    assert hall.seat(1).status is SeatStatus.FREE


def test_a_volume_never_holds_more_than_its_capacity(hall: Hall) -> None:
    store = hall.store
    sm, vol = hall.seatmap.id, hall.standing.id
    three = _testing.claim_volume(store, sm, vol, hall.member.id, 3)
    assert (hall.volume().reserved, hall.volume().available) == (3, 2)
    assert _testing.claim_target(store, three) == (None, vol)
    raises(lambda: _testing.claim_volume(store, sm, vol, hall.guest.id, 3), CapacityError, "volume_sold_out",
           "Not enough tickets available in volume Standing")
    assert hall.taken(hall.guest) == (0, 0)
    raises(lambda: _testing.claim_volume(store, sm, vol, hall.guest.id, 0), ValidationError, "invalid_quantity",
           "Quantity must be greater than 0")
    raises(lambda: _testing.claim_volume(store, sm, "nope", hall.guest.id, 1), NotFoundError, "volume_not_found",
           "Volume with id: nope not found in this seat map.")
    _testing.settle_claim(store, three)
    assert (hall.volume().sold, hall.volume().reserved) == (3, 0)
    assert _testing.release_claim_units(store, three, 1) is not None
    assert (hall.volume().sold, hall.volume().available) == (2, 3)
    assert hall.taken(hall.member) == (2, 0)
    pit = store.seatmaps.add_volume(sm, "Pit", capacity=2, ticket_type_ids=[hall.guest.id])
    raises(lambda: _testing.claim_volume(store, sm, pit.id, hall.member.id, 1), ValidationError,
           "volume_not_for_ticket_type", f"Volume Pit is not for ticket specification with id: {hall.member.id}")
    assert store.check_integrity().ok


@pytest.mark.corrupts_counters
def test_check_integrity_reports_a_seat_or_volume_counter_off_the_ledger(file_world: World, engine: str) -> None:
    hall = build_hall(file_world.store)
    _testing.claim_seat(hall.store, hall.seatmap.id, hall.seats[0].id, hall.member.id)
    statement = (f"UPDATE seat SET reserved = 0 WHERE id = '{hall.seats[0].id}';"
                 f"UPDATE volume SET sold = 7 WHERE id = '{hall.standing.id}'")
    if engine == "sqlite":
        with closing(sqlite3.connect(file_world.platform.path)) as connection, connection:
            connection.executescript(statement)
    else:
        pg_support.execute(file_world.platform.path, statement)
    report = hall.store.check_integrity()
    found = {(m.entity_type, m.entity_id, m.counter, m.stored, m.recounted) for m in report.mismatches}
    assert found == {("seat", hall.seats[0].id, "reserved", 0, 1), ("volume", hall.standing.id, "sold", 7, 0)}
    assert {(e.entity_type, e.entity_id, e.capacity, e.taken) for e in report.over_capacity} == {
        ("volume", hall.standing.id, 5, 7)}


# --- the race for one seat, across threads and processes ------------------------------------

PROCESSES = 2
THREADS = 4


def run_race(path: str, organization_id: str, hall: Hall, target: str, quantity: int,
             guard_disabled: bool) -> tuple[int, dict[str, int]]:
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=PROCESSES, mp_context=context, initializer=share_barrier,
                             initargs=(context.Barrier(PROCESSES),)) as pool:
        futures = [pool.submit(race, path, organization_id, hall.seatmap.id, target, hall.guest.id, quantity, THREADS,
                               guard_disabled) for _ in range(PROCESSES)]
        results = [future.result(timeout=120) for future in futures]
    refused: dict[str, int] = {}
    for _, codes in results:
        for code, count in codes.items():
            refused[code] = refused.get(code, 0) + count
    return sum(claimed for claimed, _ in results), refused


@pytest.mark.corrupts_counters
def test_without_the_seat_guard_two_box_offices_sell_one_seat(shared_location: str) -> None:
    world = open_world(shared_location)
    hall = build_hall(world.store)
    claimed, refused = run_race(shared_location, world.organization_id, hall, hall.seats[0].id, 0, True)
    assert claimed >= 2, refused
    assert hall.taken(hall.guest) == (claimed, 0)
    report = world.platform.check_integrity()
    assert report.mismatches == ()
    assert [(e.entity_type, e.entity_id, e.capacity, e.taken) for e in report.over_capacity] == [
        ("seat", hall.seats[0].id, 1, claimed)]
    claimed, refused = run_race(shared_location, world.organization_id, hall, hall.standing.id, 2, True)
    assert hall.volume().sold == claimed * 2 > 5


def test_with_the_seat_guard_exactly_one_box_office_gets_the_seat(shared_location: str) -> None:
    world = open_world(shared_location)
    hall = build_hall(world.store)
    claimed, refused = run_race(shared_location, world.organization_id, hall, hall.seats[0].id, 0, False)
    assert (claimed, refused) == (1, {"seat_taken": PROCESSES * THREADS - 1})
    assert hall.seat(0).status is SeatStatus.SOLD
    assert hall.taken(hall.guest) == (1, 0)
    claimed, refused = run_race(shared_location, world.organization_id, hall, hall.standing.id, 1, False)
    assert (claimed, refused) == (5, {"volume_sold_out": PROCESSES * THREADS - 5})
    assert (hall.volume().sold, hall.volume().available) == (5, 0)
    assert world.platform.check_integrity().ok
