"""Capacity never oversells: threads in several processes race for the last tickets of a
specification and of a shared pool, on each engine. The race is shown first with the guard
switched off through the test-only hook, then the guard is shown to hold."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import pytest

import ticketcore
from helpers import add_spec, make_event, open_world, org_actor, utc
from oversell_workers import Outcome, race, share_barrier
from ticketcore import ManualClock

PROCESSES = 2
THREADS = 4
QUOTA = 6        # the specification's own quota
POOL_SIZE = 7    # shared by two unlimited specifications
PER_USER = 2


@dataclass(frozen=True)
class Arena:
    path: str
    organization_id: str
    event_id: str
    limited_id: str
    pooled_ids: tuple[str, str]
    pool_id: str


def build_arena(path: str) -> Arena:
    world = open_world(path)
    event = make_event(world.store, published=False)
    limited = add_spec(world.store, event.id, "Limited", number_of_tickets_for_sale=QUOTA,
                       maximum_number_of_tickets_per_user=PER_USER)
    floor_a = add_spec(world.store, event.id, "Floor A", maximum_number_of_tickets_per_user=PER_USER)
    floor_b = add_spec(world.store, event.id, "Floor B", maximum_number_of_tickets_per_user=PER_USER)
    pool = world.store.pools.create(event.id, "Floor", size=POOL_SIZE, specification_ids=[floor_a.id, floor_b.id])
    for spec in (limited, floor_a, floor_b):
        world.store.specifications.set_active(spec.id, True)
    world.store.events.publish(event.id)
    return Arena(path, world.organization_id, event.id, limited.id, (floor_a.id, floor_b.id), pool.id)


def run_race(arena: Arena, *, guard_disabled: bool, buyers: int, attempts: int) -> list[Outcome]:
    context = multiprocessing.get_context("spawn")
    specs = [arena.limited_id, *arena.pooled_ids]
    with ProcessPoolExecutor(max_workers=PROCESSES, mp_context=context, initializer=share_barrier,
                             initargs=(context.Barrier(PROCESSES),)) as pool:
        futures = [
            pool.submit(race, arena.path, arena.organization_id, arena.event_id, specs, index, THREADS, attempts,
                        buyers, guard_disabled)
            for index in range(PROCESSES)
        ]
        return [future.result(timeout=120) for future in futures]


def taken(store: ticketcore.Store, arena: Arena) -> tuple[int, int]:
    """(sold + reserved of the limited spec, sold + reserved of the pool)."""
    limited = store.specifications.get(arena.limited_id)
    pool = store.pools.get(arena.pool_id)
    return limited.number_of_tickets_sold + limited.number_of_tickets_reserved, pool.sold + pool.reserved


def reader(arena: Arena, clock: ManualClock | None = None) -> ticketcore.Store:
    scopes = {"events:read", "orders"}
    return ticketcore.open(arena.path, actor=org_actor(arena.organization_id, scopes, "auditor"), clock=clock)


def test_without_the_guard_the_race_oversells(shared_location: str) -> None:
    # On both engines: a SQLite file several processes open, or a PostgreSQL schema each process
    # reaches over TCP with its own Store (and its own pool of connections).
    arena = build_arena(shared_location)
    # Many distinct buyers, so only capacity stands in the way.
    outcomes = run_race(arena, guard_disabled=True, buyers=1000, attempts=6)
    spec_taken, pool_taken = taken(reader(arena), arena)
    assert spec_taken > QUOTA or pool_taken > POOL_SIZE, (spec_taken, pool_taken, outcomes)
    # The counters still agree with the ledger (what went wrong is the check, not the bookkeeping),
    # and check_integrity reports the excess.
    report = reader(arena).check_integrity()
    assert report.mismatches == ()
    excess = {(row.entity_type, row.entity_id): (row.capacity, row.taken) for row in report.over_capacity}
    expected = {}
    if spec_taken > QUOTA:
        expected[("specification", arena.limited_id)] = (QUOTA, spec_taken)
    if pool_taken > POOL_SIZE:
        expected[("pool", arena.pool_id)] = (POOL_SIZE, pool_taken)
    assert excess == expected
    assert not report.ok


def test_the_guard_holds_across_threads_and_processes(shared_location: str) -> None:
    arena = build_arena(shared_location)
    buyers = 5
    outcomes = run_race(arena, guard_disabled=False, buyers=buyers, attempts=6)
    store = reader(arena)
    spec_taken, pool_taken = taken(store, arena)
    assert (spec_taken, pool_taken) == (QUOTA, POOL_SIZE), outcomes
    placed = sum(outcome.placed for outcome in outcomes)
    assert placed == QUOTA + POOL_SIZE
    assert sum(outcome.sold_out for outcome in outcomes) > 0
    assert store.check_integrity().ok

    # No buyer above the per-user limit on any specification.
    orders = list(ticketcore.every(store.orders.list, arena.event_id))
    per_buyer_and_spec: dict[tuple[str, str], int] = {}
    for order in orders:
        for line in order.event_tickets:
            key = (order.buyer_id, line.ticket_specification_id)
            per_buyer_and_spec[key] = per_buyer_and_spec.get(key, 0) + line.amount
    assert max(per_buyer_and_spec.values()) <= PER_USER

    # After the sweep no hold is left: reserved is 0 everywhere and the counters match the ledger.
    future = ManualClock(utc(2031, 1, 1))
    sweeper = reader(arena, future)
    pending = [order.id for order in orders if order.state is ticketcore.OrderState.PENDING]
    assert sorted(sweeper.orders.expire_due()) == sorted(pending)
    for spec_id in (arena.limited_id, *arena.pooled_ids):
        assert sweeper.specifications.get(spec_id).number_of_tickets_reserved == 0
    assert sweeper.pools.get(arena.pool_id).reserved == 0
    paid = sum(outcome.paid for outcome in outcomes)
    limited = sweeper.specifications.get(arena.limited_id)
    pool = sweeper.pools.get(arena.pool_id)
    assert limited.number_of_tickets_sold + pool.sold == paid
    assert sweeper.check_integrity().ok
