"""ticketcore.simulation: an event day generated through the public API, on both engines; what it
counts is what the store holds, the same seed gives the same day, and its progress is reported."""

from __future__ import annotations

from collections import Counter

import pytest

import ticketcore
from ticketcore import OrderState, SaleState
from ticketcore.simulation import PHASES, EventDay, simulate_event_day

SPECIFICATIONS = ["Early bird", "Regular", "VIP", "Crew and guests", "Door ticket"]


def test_the_store_holds_what_the_day_counted(shared_location: str) -> None:
    day = simulate_event_day(shared_location, tickets=300, seed=5)
    store, counts = day.store, day.counts
    # A fresh store of the location, as another process would open it.
    store = ticketcore.open(shared_location, actor=store.actor)
    specs = store.specifications.list(day.event_id)
    assert [spec.name for spec in specs] == SPECIFICATIONS
    assert day.specifications == {spec.name: spec.id for spec in specs}

    orders = Counter(order.state for order in ticketcore.every(store.orders.list, day.event_id)
                     if order.payment_gateway == "stripe")   # the online ones: the box office's have orders too
    assert orders == {OrderState.PAID: counts["orders paid"], OrderState.EXPIRED: counts["orders expired"],
                      OrderState.PENDING: counts["orders pending"]}
    assert counts["orders pending"] >= 1 and counts["orders expired"] >= 1

    issued = counts["tickets online"] + counts["tickets box office"] + counts["tickets comp"] + counts["tickets door"]
    assert abs(issued - 300) <= 300 // 20
    # Completed refunds gave their places back; the one in progress still holds its place.
    assert sum(spec.number_of_tickets_sold for spec in specs) == issued - counts["refunds completed"]
    assert sum(tickets for _, _, tickets, _ in day.sales_log) == issued - counts["refunds completed"]
    assert counts["refunds in progress"] == 1 and counts["refunds failed"] == 1

    sales = Counter(sale.state for sale in ticketcore.every(store.sales.list, event_id=day.event_id))
    assert sales[SaleState.COMMITTED] == counts["sales committed"]
    assert counts["sales canceled"] == counts["sales withdrawn"] == counts["sales open"] == 1

    scans = list(ticketcore.every(store.door.scans, day.event_id))
    assert len(scans) == counts["scans admitted"] + counts["scans refused"]
    assert {scan.scan_point for scan in scans} == {"main-door", "side-door"}
    assert sum(1 for scan in scans if scan.admitted) == counts["scans admitted"] == len(day.door_log)
    assert counts["scans refused"] == min(3, counts["refunds completed"]) and {scan.code for scan in scans if not scan.admitted} == {"refunded"}
    assert any(step < 0 for _, step in day.door_log)   # VIP holders went out and in again
    assert store.check_integrity().ok


def test_the_same_seed_gives_the_same_day() -> None:
    def fingerprint(day: EventDay) -> tuple[object, ...]:
        return day.counts, day.sales_log, day.door_log

    first = simulate_event_day(tickets=200, seed=11)
    again = simulate_event_day(tickets=200, seed=11)
    other = simulate_event_day(tickets=200, seed=12)
    assert fingerprint(first) == fingerprint(again)
    assert fingerprint(first) != fingerprint(other)
    assert first.event_id != again.event_id      # ids are UUIDv7: only they differ


def test_progress_is_reported_phase_by_phase() -> None:
    calls: list[tuple[str, int, int]] = []
    simulate_event_day(tickets=100, progress=lambda phase, done, total: calls.append((phase, done, total)))
    assert [phase for phase in PHASES] == list(dict.fromkeys(phase for phase, _, _ in calls))
    for phase in PHASES:
        steps = [(done, total) for name, done, total in calls if name == phase]
        assert steps[-1][0] == steps[-1][1] > 0
        assert [done for done, _ in steps] == sorted(done for done, _ in steps)
        assert len({total for _, total in steps}) == 1


@pytest.mark.parametrize("tickets", [19, 10_000_001, True, 100.0, "100"])
def test_a_size_out_of_range_is_refused(tickets: object) -> None:
    with pytest.raises(ValueError, match="^tickets must be an int from 20 to 10,000,000$"):
        simulate_event_day(tickets=tickets)  # type: ignore[arg-type]
