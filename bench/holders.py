"""A page of holders over a large event costs what a page over a small one does, on both engines.

One organization, two published events with one specification each, in one store:

- the **large** event: 1,000,000 tickets by default (``--tickets``), in orders of 4 tickets, one
  buyer each, so 250,000 holders. One order is placed and paid through the API; the rest are
  copies of its rows (buyer, order, line, claim, tickets, their dates, holder) made with one
  ``INSERT ... SELECT`` per table, each copy with ids of its own, then the specification's
  counters (sold, holders and the sold money) are moved by what was copied, so the store stays consistent (``check_integrity``);
- the **small** event, the baseline: 250 orders of 4 tickets placed and paid through the API.

On each event it times ``tickets.holders(event_id, first=50)`` at the first page, at a cursor in
the middle and at the last page (each page read ``--repeat`` times; the median), checks every
page (50 holders of 4 tickets and one paid order each, the event's ``total_count``) and prints the
medians and the ratio large / small. On SQLite the store is a file in ``--dir``; on PostgreSQL a
fresh schema of the server of ``--postgres URL`` (dropped after). ``bash bench/run`` runs both.

Target: a page of 50 over 1,000,000 tickets within 10 ms, and a ratio near 1.

Usage: python bench/holders.py [--tickets N] [--repeat R] [--dir DIR] [--postgres URL]
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from datetime import datetime, timezone
from pathlib import Path

import ticketcore
from ticketcore import Actor, BuyerDetails, Store

from postgres import PSQL, fresh_schema, psql, psql_environment

PAGE = 50
TICKETS_PER_ORDER = 4
BASELINE_ORDERS = 250
POSTGRES_CHUNK = 50_000   # copies (of TICKETS_PER_ORDER tickets) per transaction of fill_postgres
PERMISSIONS = {"events:read", "events:write", "orders"}
TABLES = ("buyer", "inventory_claim", "buy_order", "order_line", "ticket", "ticket_date", "ticket_holder")
# The columns that must differ between copies: ids, and the values unique per row.
COPIED_APART = {"id", "buyer_id", "order_id", "claim_id", "ticket_id", "identity", "source", "secret",
                "charge_session_id"}


def event_with_a_spec(store: Store, name: str) -> tuple[str, str]:
    event = store.events.create(name, time_zone="Europe/Copenhagen")
    store.events.add_date(event.id, datetime(2031, 6, 1, 18, tzinfo=timezone.utc),
                          datetime(2031, 6, 1, 23, tzinfo=timezone.utc))
    spec = store.specifications.add(event.id, "Entry", price=25000)
    store.specifications.set_active(spec.id, True)
    store.events.publish(event.id)
    return event.id, spec.id


def sell(store: Store, event_id: str, spec_id: str, buyer: int) -> str:
    order = store.orders.place(event_id, buyer=BuyerDetails(f"Buyer {buyer}", f"buyer{buyer}@example.com"),
                               items=[(spec_id, TICKETS_PER_ORDER)], payment_gateway="stripe")
    store.orders.confirm_payment(order.id, payment_ref=f"pi-{order.id}", gateway="stripe", amount=order.total)
    return order.id


def template_ids(query: Callable[[str], list[str]], order_id: str) -> dict[str, str]:
    """The ids of the rows of order ``order_id`` the copies start from, each kind as an SQL list.
    They are read before the copies and written into them as literals: a subquery over a table the
    same transaction has just grown by a million rows would be planned on PostgreSQL from the
    statistics of before (a scan of the grown table for each copied row)."""
    def listed(sql: str) -> str:
        ids = query(sql)
        assert ids and all("'" not in value for value in ids), ids
        return ", ".join(f"'{value}'" for value in ids)

    return {
        "buyer": listed(f"SELECT buyer_id FROM buy_order WHERE id = '{order_id}'"),
        "claim": listed(f"SELECT claim_id FROM order_line WHERE order_id = '{order_id}' AND claim_id IS NOT NULL"),
        "ticket": listed(f"SELECT id FROM ticket WHERE order_id = '{order_id}'"),
        "specification": listed(f"SELECT DISTINCT specification_id FROM order_line WHERE order_id = '{order_id}'"),
    }


def copy_statements(columns: dict[str, list[str]], order_id: str, ids: dict[str, str], copies: int,
                    numbers: str, serial: str) -> list[str]:
    """One INSERT ... SELECT per table: ``copies`` copies of the rows of order ``order_id`` (whose
    rows' ids ``template_ids`` read)."""
    def select(table: str, where: str) -> str:
        names = [c for c in columns[table] if c not in ("seq", "rowid")]
        values = []
        for name in names:
            if name in COPIED_APART:
                values.append(f"CASE WHEN t.{name} IS NULL THEN NULL ELSE t.{name} || '-' || {serial} END")
            elif name == "issue_us":
                values.append(f"t.issue_us + {serial}")   # holders in the order they were "sold"
            else:
                values.append(f"t.{name}")
        return (f"{numbers} INSERT INTO {table} ({', '.join(names)}) SELECT {', '.join(values)} "
                f"FROM {table} t, numbers WHERE {where}")

    order = f"'{order_id}'"
    return [
        select("buyer", f"t.id IN ({ids['buyer']})"),
        select("inventory_claim", f"t.id IN ({ids['claim']})"),
        select("buy_order", f"t.id = {order}"),
        select("order_line", f"t.order_id = {order}"),
        select("ticket", f"t.id IN ({ids['ticket']})"),
        select("ticket_date", f"t.ticket_id IN ({ids['ticket']})"),
        select("ticket_holder", f"t.buyer_id IN ({ids['buyer']})"),
        f"UPDATE specification SET sold = sold + {copies * TICKETS_PER_ORDER}, holders = holders + {copies}, "
        + ", ".join(f"sold_{money} = sold_{money} + {copies} * (SELECT COALESCE(SUM(c.{money}), 0) FROM "
                    f"inventory_claim c WHERE c.id IN ({ids['claim']}))"
                    for money in ("revenue", "fees", "vat"))
        + f" WHERE id IN ({ids['specification']})",
    ]


def fill_sqlite(path: str, order_id: str, copies: int) -> None:
    with closing(sqlite3.connect(path, timeout=60)) as connection:
        columns = {table: [row[1] for row in connection.execute(f"PRAGMA table_info({table})")] for table in TABLES}
        ids = template_ids(lambda sql: [str(row[0]) for row in connection.execute(sql)], order_id)
        numbers = f"WITH RECURSIVE numbers(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM numbers WHERE n < {copies})"
        with connection:
            for statement in copy_statements(columns, order_id, ids, copies, numbers, "numbers.n"):
                connection.execute(statement)
        connection.execute("ANALYZE")


def psql_rows(url: str, sql: str) -> list[str]:
    """The first column of the rows of ``sql``, through psql."""
    listing = subprocess.run([PSQL, "-X", "-q", "-A", "-t", "-d", url, "-c", sql],
                             check=True, capture_output=True, text=True, timeout=60, env=psql_environment())
    return listing.stdout.split()


def fill_postgres(url: str, order_id: str, copies: int) -> None:
    columns: dict[str, list[str]] = {}
    for table in TABLES:   # the columns a copy writes: not seq, which the server numbers
        columns[table] = psql_rows(
            url, "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
                 f"AND table_name = '{table}' AND is_generated = 'NEVER' AND is_identity = 'NO' "
                 "ORDER BY ordinal_position")
    ids = template_ids(lambda sql: psql_rows(url, sql), order_id)
    # In transactions of POSTGRES_CHUNK copies: one transaction of a million copied rows checks
    # their foreign keys far more slowly than its share (the fill of 1,000,000 tickets took
    # 24 minutes in one transaction, against 14 s per 200,000 tickets).
    for first in range(1, copies + 1, POSTGRES_CHUNK):
        last = min(first + POSTGRES_CHUNK - 1, copies)
        numbers = f"WITH numbers AS (SELECT n FROM generate_series({first}, {last}) AS n)"
        statements = copy_statements(columns, order_id, ids, last - first + 1, numbers, "numbers.n")
        psql(url, "BEGIN; " + "; ".join(statements) + "; COMMIT", timeout=3600)
    # VACUUM as well, as a store that has settled would be: the visibility map lets index-only
    # scans skip the heap, and autovacuum does not come for the new rows while the bench times.
    psql(url, "VACUUM ANALYZE " + ", ".join(TABLES), timeout=3600)


def timed(call: Callable[[], object], repeat: int) -> float:
    """The median of ``repeat`` calls, in milliseconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def measure(store: Store, event_id: str, holders: int, repeat: int) -> list[float]:
    """Median times of the first page, a page from the middle and the last page."""
    first = store.tickets.holders(event_id, first=PAGE)
    assert first.total_count == holders, (first.total_count, holders)
    # The cursor of the middle and of the last page: walk there by the largest pages.
    cursors: list[str | None] = [None]
    after, seen = None, 0
    targets = [holders // 2, max(holders - PAGE, 0)]
    while targets:
        step = min(50, targets[0] - seen)
        if step <= 0:
            cursors.append(after)
            targets.pop(0)
            continue
        page = store.tickets.holders(event_id, first=step, after=after)
        after, seen = page.end_cursor, seen + len(page.nodes)
    figures = []
    for cursor in cursors:
        page = store.tickets.holders(event_id, first=PAGE, after=cursor)
        assert len(page.nodes) == min(PAGE, holders), len(page.nodes)
        for holder in page.nodes:
            assert len(holder.tickets) == TICKETS_PER_ORDER and len(holder.buy_orders) == 1, holder
        figures.append(timed(lambda: store.tickets.holders(event_id, first=PAGE, after=cursor), repeat))
    return figures


@contextmanager
def sqlite_location(directory: Path) -> Iterator[str]:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "holders.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    try:
        yield str(path)
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


def run(engine: str, location: str, tickets: int, repeat: int) -> None:
    platform = ticketcore.open(location, actor=Actor.platform("bench"))
    organization = platform.organizations.create("Holders bench", currency="DKK")
    store = platform.acting_as(Actor("bench", organization.id, PERMISSIONS))
    large, large_spec = event_with_a_spec(store, "Large")
    small, small_spec = event_with_a_spec(store, "Small")
    template = sell(store, large, large_spec, 0)
    copies = tickets // TICKETS_PER_ORDER - 1
    started = time.monotonic()
    if engine == "sqlite":
        fill_sqlite(location, template, copies)
    else:
        fill_postgres(location, template, copies)
    filled = time.monotonic() - started
    for buyer in range(BASELINE_ORDERS):
        sell(store, small, small_spec, buyer)
    report = platform.check_integrity()
    assert report.ok, report
    large_ms = measure(store, large, copies + 1, repeat)
    small_ms = measure(store, small, BASELINE_ORDERS, repeat)
    label = "SQLite" if engine == "sqlite" else "PostgreSQL"
    print(f"{label}: {(copies + 1) * TICKETS_PER_ORDER} tickets, {copies + 1} holders "
          f"(copied in {filled:.1f} s) against {BASELINE_ORDERS * TICKETS_PER_ORDER} tickets, "
          f"{BASELINE_ORDERS} holders")
    for name, big, baseline in zip(["first page", "middle page", "last page"], large_ms, small_ms):
        print(f"  {name} of {PAGE}: {big:7.2f} ms  baseline {baseline:7.2f} ms  ratio {big / baseline:5.2f}")
    print(f"  slowest page over {(copies + 1) * TICKETS_PER_ORDER} tickets: {max(large_ms):.2f} ms (target <= 10 ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--dir", type=Path, default=Path("build/bench"))
    parser.add_argument("--postgres", help="a PostgreSQL URL; without it only SQLite is measured")
    options = parser.parse_args()
    if options.tickets < 2 * TICKETS_PER_ORDER * PAGE:
        parser.error(f"--tickets must be at least {2 * TICKETS_PER_ORDER * PAGE}")
    with sqlite_location(options.dir) as path:
        run("sqlite", path, options.tickets, options.repeat)
    if options.postgres:
        with fresh_schema(options.postgres) as url:
            run("postgresql", url, options.tickets, options.repeat)


if __name__ == "__main__":
    main()
