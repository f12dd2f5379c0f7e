"""bench/run works end to end (a tiny run; the figures themselves are never asserted)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_orders_benchmark_runs_and_prints_its_ratio(tmp_path: Path) -> None:
    result = subprocess.run(
        ["bash", str(ROOT / "bench" / "run"), "--orders", "8", "--rounds", "1", "--dir", str(tmp_path)],
        capture_output=True, text=True, timeout=300, cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert re.fullmatch(r"round 1: floor +\d+\.\d orders/s +ticketcore +\d+\.\d orders/s", lines[0])
    assert lines[1] == "durable place + confirm, orders of 1-4 tickets, durability=full, 8 orders x 1 rounds"
    assert re.fullmatch(r"ratio ticketcore / floor: +\d+\.\d\d +\(target >= 0\.70\)", lines[-1])
