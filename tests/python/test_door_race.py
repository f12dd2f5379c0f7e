"""Scanners redeeming one ticket at the same instant, in several processes with several threads
each, on each engine: with the guard switched off (the test-only hook: decide on a snapshot, write
unconditionally) one ticket is admitted more than once; with the guard (a conditional UPDATE of
the ticket date) exactly once for a single-entry ticket and never more than the limit for re-entry."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from datetime import timedelta

import pytest

from door_race_workers import scan_together, share_barrier
from helpers import cph, make_event, open_world, org_actor, shop_store, spec_on_sale
from ticketcore import ScanDirection, Store

PROCESSES = 2
SHOW = cph(2027, 7, 2, 19)


def race(path: str, organization_id: str, ticket_id: str, inspector_id: str, *, threads: int, round_index: int,
         guard_disabled: bool) -> int:
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=PROCESSES, mp_context=context, initializer=share_barrier,
                             initargs=(context.Barrier(PROCESSES),)) as pool:
        futures = [pool.submit(scan_together, path, organization_id, ticket_id, inspector_id, SHOW, index,
                               round_index, threads, guard_disabled) for index in range(PROCESSES)]
        return sum(future.result(timeout=120) for future in futures)


def arena(path: str) -> tuple[Store, str, str, str, str]:
    world = open_world(path)
    admin = shop_store(world)
    event = make_event(admin, published=True)
    single = spec_on_sale(admin, event.id, "Single entry")
    thrice = spec_on_sale(admin, event.id, "Three entries", allow_reentry=True, reentry_limit=3)
    inspector = admin.door.add_external_inspector(event.id, name="Pat", email="pat@example.com", phone_number="1")
    return admin, event.id, single.id, thrice.id, inspector.id


def test_without_the_guard_one_ticket_is_admitted_more_than_once(shared_location: str) -> None:
    admin, event_id, single_id, _, inspector_id = arena(shared_location)
    ticket = admin.tickets.comp(event_id, single_id, holders=[("a@example.com", "A")])[0]
    organization_id = admin.actor.organization_id
    assert organization_id is not None
    admitted = race(shared_location, organization_id, ticket.id, inspector_id, threads=2, round_index=0,
                    guard_disabled=True)
    assert admitted > 1
    scans = admin.door.scans(event_id, first=50).nodes
    assert sum(scan.admitted for scan in scans) == admitted
    assert admin.tickets.get(ticket.id).event_dates[0].is_redeemed


@pytest.mark.parametrize("threads", [1, 4])  # 2 and 8 scanners
def test_the_guard_admits_a_single_entry_ticket_exactly_once(shared_location: str, threads: int) -> None:
    admin, event_id, single_id, _, inspector_id = arena(shared_location)
    ticket = admin.tickets.comp(event_id, single_id, holders=[("a@example.com", "A")])[0]
    organization_id = admin.actor.organization_id
    assert organization_id is not None
    admitted = race(shared_location, organization_id, ticket.id, inspector_id, threads=threads, round_index=0,
                    guard_disabled=False)
    assert admitted == 1
    scans = admin.door.scans(event_id, first=50).nodes
    assert len(scans) == PROCESSES * threads
    assert sorted(scan.code or "admitted" for scan in scans) == sorted(
        ["admitted"] + ["already_inside"] * (PROCESSES * threads - 1))


def test_the_guard_never_admits_past_the_reentry_limit(shared_location: str) -> None:
    admin, event_id, _, thrice_id, inspector_id = arena(shared_location)
    ticket = admin.tickets.comp(event_id, thrice_id, holders=[("a@example.com", "A")])[0]
    organization_id = admin.actor.organization_id
    assert organization_id is not None
    scanner = admin.acting_as(org_actor(organization_id, {"scan"}, actor_id="exit"))
    total = 0
    for round_index in range(4):
        total += race(shared_location, organization_id, ticket.id, inspector_id, threads=2, round_index=round_index,
                      guard_disabled=False)
        scanner.door.redeem(ticket.id, inspector_id=inspector_id, scan_point="exit", nonce=f"out-{round_index}",
                            direction=ScanDirection.OUT, at=SHOW + timedelta(minutes=1))
    assert total == 3
    assert admin.door.get_inspector(inspector_id).admissions == 3
