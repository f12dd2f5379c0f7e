"""bench/run works end to end (a tiny run; the figures themselves are never asserted).

The PostgreSQL part runs on the server of TICKETCORE_TEST_POSTGRES_URL (``--postgres``): without
it the test fails, it is not skipped.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pg_support

ROOT = Path(__file__).resolve().parents[2]
FIGURE = r" +(\d+\.\d) orders/s \(median\)"


def test_the_orders_benchmark_runs_and_prints_its_ratios(tmp_path: Path) -> None:
    url = pg_support.postgres_url()
    result = subprocess.run(
        ["bash", str(ROOT / "bench" / "run"), "--orders", "8", "--rounds", "1", "--dir", str(tmp_path), "--postgres", url,
         "--holder-tickets", "4000"],
        capture_output=True, text=True, timeout=600, cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 25, result.stdout
    assert re.fullmatch(r"round 1: floor +\d+\.\d orders/s +ticketcore +\d+\.\d orders/s", lines[0])
    assert lines[1] == "durable place + confirm, orders of 1-4 tickets, durability=full, 8 orders x 1 rounds"
    assert re.fullmatch(r"ratio ticketcore / floor: +\d+\.\d\d +\(target >= 0\.70\)", lines[4])

    assert re.fullmatch(
        r"round 1: PostgreSQL 1 caller +\d+\.\d orders/s +8 callers +\d+\.\d orders/s"
        r" +8 callers, one specification +\d+\.\d orders/s", lines[5])
    assert lines[6] == ("durable place + confirm on PostgreSQL (synchronous_commit=on), orders of 1-4 tickets, "
                        "8 orders x 1 rounds")
    figures = [re.fullmatch(label + FIGURE, line) for label, line in zip(
        [r"SQLite, 1 caller \(above\):", r"PostgreSQL, 1 caller:", r"PostgreSQL, 8 callers \(2 processes x 4 threads\):",
         r"PostgreSQL, 8 callers on one specification:"], lines[7:11])]
    assert all(figure is not None and float(figure[1]) > 0 for figure in figures), lines[7:11]
    trips = re.fullmatch(r"round trips per place \+ confirm: (\d+) \(place: (\d+), confirm: (\d+)\) for 1 ticket, "
                         r"\+(\d+) per further ticket \(place: \+(\d+), confirm: \+(\d+)\); 2 transactions", lines[11])
    assert trips is not None, lines[11]
    total, place, confirm, more, more_place, more_confirm = (int(count) for count in trips.groups())
    assert place > 0 and confirm > 0 and total == place + confirm and more == more_place + more_confirm
    cold = re.fullmatch(r"round trips of the first order of a new store \(1 ticket\): (\d+) \(place: (\d+), confirm: (\d+)\)",
                        lines[12])
    assert cold is not None, lines[12]
    assert int(cold[1]) == int(cold[2]) + int(cold[3]) >= total
    cpu = re.fullmatch(r"CPU an order, server and callers together \((\d+) cores\): 1 caller (\d+\.\d\d) ms of its "
                       r"(\d+\.\d\d) ms an order \((-?\d+\.\d\d) ms waiting\); 8 callers (\d+\.\d\d) ms, the cores "
                       r"(\d+) % busy", lines[13])
    assert cpu is not None, lines[13]
    assert int(cpu[1]) >= 1 and float(cpu[3]) > 0 and float(cpu[5]) > 0
    assert re.fullmatch(r"ratio PostgreSQL 8 callers / 1 caller: +\d+\.\d\d +\(target >= 3\.00; this machine's CPU "
                        r"allows at most \d+\.\d\d: \d+ % of it reached\)|"
                        r"ratio PostgreSQL 8 callers / 1 caller: +\d+\.\d\d +\(target >= 3\.00; the run was too short to "
                        r"measure its CPU\)", lines[14]), lines[14]

    # The holders benchmark, on both engines: the figures are printed, their bounds never asserted.
    for start, engine in ((15, "SQLite"), (20, "PostgreSQL")):
        assert re.fullmatch(rf"{engine}: 4000 tickets, 1000 holders \(copied in \d+\.\d s\) against 1000 tickets, "
                            r"250 holders", lines[start]), lines[start]
        for offset, page in enumerate(["first", "middle", "last"], start=1):
            assert re.fullmatch(rf"  {page} page of 50: +\d+\.\d\d ms  baseline +\d+\.\d\d ms  ratio +\d+\.\d\d",
                                lines[start + offset]), lines[start + offset]
        assert re.fullmatch(r"  slowest page over 4000 tickets: \d+\.\d\d ms \(target <= 10 ms\)", lines[start + 4])
