"""The main job: a whole event day on an embedded store, then its seed-000 reports and two plots.

It generates "Summer Jazz Nights" (Copenhagen, 2 July 2027) on a fresh SQLite file with
ticketcore.simulation: the on-sale with many buyers (paid, expired and still pending orders), the
box office (three staff users, cash, card, POS terminal, payment link), comps, refunds (one still
in progress), door tickets activated at the door and the door scans at two scan points, with a
progress bar on standard error. Then it prints the seed-000 reports as tables (those of
``store.reports`` this build has; the live "X of Y sold" table always) and writes the sales
curve and the attendance curve as PNG files beside the store, saying where.

Run:  python examples/demo.py [store-file] [--tickets N] [--seed S]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import IO

import ticketcore
from ticketcore import Store
from ticketcore import plots, report_tables
from ticketcore.simulation import PHASES, EventDay, simulate_event_day

#: The size of the demo's event: a minute or so on two cores.
DEFAULT_TICKETS = 20_000
#: How many rows of a per-row report the demo prints (its first page), and of a grouped one.
ROWS_SHOWN = 8
GROUPED_ROWS_SHOWN = 24
#: The options the demo gives a report: sales over time per day (per hour is the default).
OPTIONS: dict[str, dict[str, str]] = {"sales_over_time": {"bucket": "day"}}


class ProgressBar:
    """A progress bar per phase on ``stream``: redrawn in place on a terminal, else one line per
    finished phase (so a log stays readable)."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.terminal = stream.isatty()
        self.phase: str | None = None
        self.finished: set[str] = set()
        self.started = time.monotonic()
        self.phase_started = self.started

    def __call__(self, phase: str, done: int, total: int) -> None:
        if phase in self.finished:
            return
        if done >= total:
            self.finished.add(phase)
        if phase != self.phase:
            self.phase, self.phase_started = phase, time.monotonic()
        if self.terminal:
            width = 30
            filled = width * done // max(total, 1)
            number = PHASES.index(phase) + 1 if phase in PHASES else 0
            self.stream.write(f"\r{number}/{len(PHASES)} {phase:<8} [{'#' * filled}{'.' * (width - filled)}] "
                              f"{done}/{total}")
            if done >= total:
                self.stream.write(f" {time.monotonic() - self.phase_started:.1f} s\n")
            self.stream.flush()
        elif done >= total:
            self.stream.write(f"{phase}: {total} steps in {time.monotonic() - self.phase_started:.1f} s\n")


def sold_table(store: Store, event_id: str) -> str:
    """The seed-000 live view from the specifications: one line per specification, "X of Y sold"."""
    lines = [f"  {'specification':<18}{'price':>14}{'active':>8}  sold"]
    for spec in store.specifications.list(event_id):
        quota = "unlimited" if spec.number_of_tickets_for_sale is None else str(spec.number_of_tickets_for_sale)
        lines.append(f"  {spec.name:<18}{str(spec.price):>14}{'yes' if spec.is_active else 'no':>8}"
                     f"  {spec.number_of_tickets_sold} of {quota} sold, {spec.number_of_tickets_reserved} reserved")
    return "\n".join(lines)


def print_reports(store: Store, event_id: str, out: IO[str]) -> list[str]:
    """Prints every report of ``store.reports`` this build has, as a table (a paged report's first
    rows); returns the names of those it does not have."""
    missing = []
    for name, spec in report_tables.REPORTS.items():
        method = getattr(store.reports, spec.method, None)
        if method is None:
            missing.append(name)
            continue
        options = OPTIONS.get(spec.method, {})
        if spec.paged:
            rows = report_tables.collect(lambda after: method(event_id, first=ROWS_SHOWN, after=after, **options),
                                         walk=False)
        else:
            rows = report_tables.collect(lambda after: method(event_id, **options), walk=False)
        more = f", first {ROWS_SHOWN}" if rows.has_next_page else ""
        print(f"\n{spec.title} ({len(rows.rows)} rows{more}):", file=out)
        print(report_tables.table_text(rows, limit=GROUPED_ROWS_SHOWN, indent="  "), file=out)
    return missing


def write_plots(day: EventDay, directory: Path, stem: str) -> list[tuple[Path, str]]:
    """Writes the sales curve and the attendance curve as PNG files; returns (path, source) each."""
    import matplotlib

    matplotlib.use("Agg")
    event = day.store.events.get(day.event_id)
    written = []
    source, sales = plots.sales_points(day.store, day.event_id, day)
    figure = plots.sales_figure(sales, title=f"{event.name}: tickets and revenue", currency=event.currency,
                                time_zone=event.time_zone)
    path = directory / f"{stem}-sales.png"
    figure.savefig(path)
    written.append((path, source))
    source, door = plots.door_points(day.store, day.event_id, day)
    figure = plots.attendance_figure(door, title=f"{event.name}: entries per hour and people inside",
                                     time_zone=event.time_zone)
    path = directory / f"{stem}-attendance.png"
    figure.savefig(path)
    written.append((path, source))
    return written


def main(argv: list[str] | None = None) -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    options.add_argument("store", nargs="?", default="demo.db", help="the SQLite file to create (replaced)")
    options.add_argument("--tickets", type=int, default=int(os.environ.get("TICKETCORE_DEMO_TICKETS", DEFAULT_TICKETS)),
                         help=f"about how many tickets the event issues (default {DEFAULT_TICKETS})")
    options.add_argument("--seed", type=int, default=0, help="the random seed (default 0)")
    arguments = options.parse_args(argv)
    path = arguments.store
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)

    started = time.monotonic()
    day = simulate_event_day(path, tickets=arguments.tickets, seed=arguments.seed, progress=ProgressBar(sys.stderr))
    print(f"generated in {time.monotonic() - started:.1f} s", file=sys.stderr)
    store = day.store
    event = store.events.get(day.event_id)
    counts = day.counts
    print(f"store: {path} (schema v{store.schema_version})")
    print(f"event: {event.name}, {event.location}, {event.dates[0].local_start} - {event.dates[0].local_end}")
    print(f"an event day of {arguments.tickets} tickets, seed {arguments.seed}:")
    print(f"  online: {counts.get('orders paid', 0)} orders paid ({counts.get('tickets online', 0)} tickets), "
          f"{counts.get('orders expired', 0)} expired, {counts.get('orders pending', 0)} pending")
    print(f"  box office: {counts.get('sales committed', 0)} sales ({counts.get('tickets box office', 0)} tickets), "
          f"{counts.get('sales canceled', 0)} canceled, {counts.get('sales withdrawn', 0)} withdrawn, "
          f"{counts.get('sales open', 0)} open")
    print(f"  comps: {counts.get('tickets comp', 0)} tickets; door: {counts.get('tickets door', 0)} tickets activated")
    print(f"  refunds: {counts.get('refunds completed', 0)} completed, {counts.get('refunds failed', 0)} failed, "
          f"{counts.get('refunds in progress', 0)} in progress")
    print(f"  door: {counts.get('scans admitted', 0)} scans admitted, {counts.get('scans refused', 0)} refused")
    print("\nSold, live from the specifications (X of Y sold):")
    print(sold_table(store, day.event_id))
    missing = print_reports(store, day.event_id, sys.stdout)
    if missing:
        print(f"\nreports not in this build of ticketcore: {', '.join(missing)}")
    integrity = store.check_integrity()
    print(f"\nintegrity: {'ok' if integrity.ok else integrity.mismatches} "
          f"({integrity.specifications_checked} specifications checked)")
    target = Path(path).resolve().parent
    for png, source in write_plots(day, target, Path(path).stem):
        print(f"plot: {png} (from the {source})")


if __name__ == "__main__":
    main()
