"""Every report of ``store.reports`` timed on an event of 1,000,000 tickets, on both engines, with the
Arrow export of 1,000,000 rows and the process's peak memory.

The event is an event day of ``ticketcore.simulation`` (``--day`` tickets: every kind of row the
reports read, orders in every state, the box office, refunds, comps, door scans at two scan
points) grown to ``--tickets`` tickets by bulk copies, as bench/holders.py makes them: one order of
4 tickets on a specification of its own ("Bulk", no quota) placed and paid through the API, then
copied with one ``INSERT ... SELECT`` per table (each copy with ids of its own) and the
specification's counters moved by what was copied, so ``check_integrity`` still holds. ``--full``
makes it 10,000,000 tickets.

For each report this build has (the others are listed as missing) it prints the median of
``--repeat`` calls after WARM_UP calls (on PostgreSQL the first five runs of a prepared statement
are each planned for their values; the sixth on runs a cached plan, as on a store that has served
the report before; the median of the warm-up calls after the first is printed as "cold"): a
grouped report whole, a paged report's first page (``first=1000``; the
ticket holders also at ``first=50``, seed 000's page), against its target from the issue
(sales per specification 1 ms, a page of holders 10 ms, every other report 1 s) and the ratio
measured / target (at most 1.00 meets it). Then the Arrow export: the largest paged report read
as one page of up to 1,000,000 rows, and ``pyarrow.table(report)`` of it timed alone (the median
of ``--repeat``; target 0.5 s). Last, the peak resident memory of the process (``resource.getrusage``; target 1 GiB).

Usage: python bench/reports.py [--tickets N | --full] [--day N] [--repeat R] [--dir DIR]
                              [--postgres URL [--postgres-only]]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ticketcore
from ticketcore import BuyerDetails, Store
from ticketcore.report_tables import REPORTS
from ticketcore.simulation import simulate_event_day

from holders import TICKETS_PER_ORDER, fill_postgres, fill_sqlite, sqlite_location
from postgres import fresh_schema

TARGETS_MS = {"sales_per_specification": 1.0}
DEFAULT_TARGET_MS = 1000.0
HOLDER_PAGE, HOLDER_PAGE_TARGET_MS = 50, 10.0
EXPORT_TARGET_S = 0.5
MEMORY_TARGET = 1 << 30
WARM_UP = 6   # calls before the timed ones: the first, then PostgreSQL's five custom-planned runs
# The paged reports whose rows grow with the tickets, largest first: the Arrow export reads one.
EXPORTED = ("attendance", "ticket_holders", "orders")


def timed(call: Callable[[], object], repeat: int) -> float:
    """The median of ``repeat`` calls, in milliseconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def grow(store: Store, location: str, engine: str, event_id: str, tickets: int) -> float:
    """Adds ``tickets`` tickets (rounded to orders of 4) to the event by bulk copies; returns the
    seconds the copies took."""
    bulk = store.specifications.add(event_id, "Bulk", price=25000)
    store.specifications.set_active(bulk.id, True)
    order = store.orders.place(event_id, buyer=BuyerDetails("Bulk Buyer", "bulk@example.com"),
                               items=[(bulk.id, TICKETS_PER_ORDER)], payment_gateway="stripe")
    store.orders.confirm_payment(order.id, payment_ref="pi_bulk", gateway="stripe", amount=order.total)
    copies = max(tickets // TICKETS_PER_ORDER - 1, 0)
    started = time.monotonic()
    if copies:
        (fill_sqlite if engine == "sqlite" else fill_postgres)(location, order.id, copies)
    return time.monotonic() - started


def reports_of(store: Store) -> Any:
    """The store's reports (``store.reports``); the test of this benchmark puts a stand-in here."""
    return store.reports


def call_of(store: Store, name: str, event_id: str, first: int | None) -> Callable[[], Any]:
    method = getattr(reports_of(store), name)
    if first is None:
        return lambda: method(event_id)
    return lambda: method(event_id, first=first)


def run(engine: str, location: str, tickets: int, day_tickets: int, repeat: int) -> None:
    label = "SQLite" if engine == "sqlite" else "PostgreSQL"
    started = time.monotonic()
    day = simulate_event_day(location, tickets=day_tickets, seed=0, durability="normal")
    generated = time.monotonic() - started
    store = day.store
    copied = grow(store, location, engine, day.event_id, tickets - day_tickets)
    integrity = store.check_integrity()
    assert integrity.ok, integrity
    total = sum(spec.number_of_tickets_sold for spec in store.specifications.list(day.event_id))
    print(f"{label}: an event of {total} tickets (an event day of {day_tickets} generated in {generated:.1f} s, "
          f"the rest copied in {copied:.1f} s)")
    missing = []
    worst = 0.0
    for spec in REPORTS.values():
        if not hasattr(reports_of(store), spec.method):
            missing.append(spec.method)
            continue
        pages = [(HOLDER_PAGE, HOLDER_PAGE_TARGET_MS), (1000, DEFAULT_TARGET_MS)] if spec.method == "ticket_holders" \
            else [(1000, DEFAULT_TARGET_MS)] if spec.paged else [(None, TARGETS_MS.get(spec.method, DEFAULT_TARGET_MS))]
        for first, target in pages:
            call = call_of(store, spec.method, day.event_id, first)
            rows = call().num_rows
            cold = timed(call, WARM_UP - 1)
            median = timed(call, repeat)
            worst = max(worst, median / target)
            what = spec.method + ("" if first is None else f" (first={first})")
            print(f"  {what:<34} {median:10.2f} ms  {rows:>8} rows  target {target:7.1f} ms  ratio {median / target:6.2f}"
                  f"  (cold {cold:.2f} ms)")
    if missing:
        print(f"  missing in this build: {', '.join(missing)}")
    if worst:
        print(f"  worst ratio measured / target: {worst:.2f} (at most 1.00 meets every target)")
    export(store, day.event_id, total, repeat)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(f"  peak memory of the process: {peak / (1 << 20):.0f} MiB  target {MEMORY_TARGET >> 20} MiB  "
          f"ratio {peak / MEMORY_TARGET:.2f}")


def export(store: Store, event_id: str, tickets: int, repeat: int) -> None:
    """Times the Arrow export of the largest paged report, as one page of up to 1,000,000 rows (the
    median of ``repeat`` exports, each table dropped before the next)."""
    name = next((name for name in EXPORTED if hasattr(reports_of(store), name)), None)
    if name is None:
        print("  Arrow export: no paged report in this build")
        return
    try:
        import pyarrow  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        print("  Arrow export: pyarrow is not installed")
        return
    first = min(1_000_000, max(tickets, 1))
    started = time.perf_counter()
    report = getattr(reports_of(store), name)(event_id, first=first)
    queried = time.perf_counter() - started
    table = pyarrow.table(report)
    table.validate(full=True)
    rows, columns = table.num_rows, table.num_columns
    del table
    exported = timed(lambda: pyarrow.table(report), repeat) / 1000
    print(f"  Arrow export of {name} ({rows} rows, {columns} columns): {exported:.3f} s  "
          f"target {EXPORT_TARGET_S} s  ratio {exported / EXPORT_TARGET_S:.2f}  (the page itself read in {queried:.2f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--full", action="store_true", help="10,000,000 tickets")
    parser.add_argument("--day", type=int, default=2000, help="the tickets of the generated event day")
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--dir", type=Path, default=Path("build/bench"))
    parser.add_argument("--postgres", help="a PostgreSQL URL; without it only SQLite is measured")
    parser.add_argument("--postgres-only", action="store_true", help="with --postgres: leave SQLite out")
    options = parser.parse_args()
    tickets = 10_000_000 if options.full else options.tickets
    if tickets < options.day or options.day < 20:
        parser.error("--day must be at least 20 and --tickets at least --day")
    if options.postgres_only and not options.postgres:
        parser.error("--postgres-only needs --postgres URL")
    if not options.postgres_only:
        with sqlite_location(options.dir) as path:
            run("sqlite", path, tickets, options.day, options.repeat)
    if options.postgres:
        with fresh_schema(options.postgres) as url:
            run("postgresql", url, tickets, options.day, options.repeat)


if __name__ == "__main__":
    main()
