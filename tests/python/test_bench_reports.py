"""bench/reports.py works end to end (a tiny run; its figures are never asserted): on both engines
from the command line, and with stand-in reports in process, so its timing and export lines are
exercised whatever this build's ``store.reports`` has."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import pg_support
from ticketcore import report_tables
from test_cli_reports import FakeReports

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "bench"


def test_the_reports_benchmark_runs_on_both_engines(tmp_path: Path) -> None:
    url = pg_support.postgres_url()
    result = subprocess.run(
        [sys.executable, str(BENCH / "reports.py"), "--tickets", "2000", "--day", "100", "--repeat", "1",
         "--dir", str(tmp_path), "--postgres", url],
        capture_output=True, text=True, timeout=600, cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    heads = [line for line in lines if not line.startswith("  ")]
    assert [line.split(":")[0] for line in heads] == ["SQLite", "PostgreSQL"]
    for head in heads:
        assert re.fullmatch(r"\w+: an event of \d+ tickets \(an event day of 100 generated in \d+\.\d s, "
                            r"the rest copied in \d+\.\d s\)", head), head
    memory = [line for line in lines if line.startswith("  peak memory of the process: ")]
    assert len(memory) == 2 and all(re.fullmatch(r"  peak memory of the process: \d+ MiB  target 1024 MiB  ratio \d+\.\d\d",
                                                 line) for line in memory)


def test_the_reports_benchmark_can_leave_sqlite_out(tmp_path: Path) -> None:
    url = pg_support.postgres_url()
    command = [sys.executable, str(BENCH / "reports.py"), "--tickets", "200", "--day", "100", "--repeat", "1",
               "--dir", str(tmp_path), "--postgres-only"]
    refused = subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert refused.returncode == 2 and "--postgres-only needs --postgres URL" in refused.stderr
    result = subprocess.run(command + ["--postgres", url], capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    heads = [line for line in result.stdout.splitlines() if not line.startswith("  ")]
    assert [line.split(":")[0] for line in heads] == ["PostgreSQL"]


def test_each_report_is_timed_against_its_target_and_the_export_validated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("pyarrow")
    monkeypatch.syspath_prepend(str(BENCH))
    import reports as bench   # bench/reports.py

    monkeypatch.setattr(bench, "reports_of", lambda store: FakeReports())
    with bench.sqlite_location(tmp_path) as path:
        bench.run("sqlite", path, 400, 100, 1)
    lines = capsys.readouterr().out.splitlines()
    figure = r" +\d+\.\d\d ms +\d+ rows  target +{target} ms  ratio +\d+\.\d\d  \(cold \d+\.\d\d ms\)"
    assert re.fullmatch(r"  sales_per_specification" + figure.format(target=r"1\.0"), lines[1]), lines[1]
    assert re.fullmatch(r"  orders \(first=1000\)" + figure.format(target=r"1000\.0"), lines[2]), lines[2]
    assert re.fullmatch(r"  sales_over_time" + figure.format(target=r"1000\.0"), lines[3]), lines[3]
    missing = [spec.method for spec in report_tables.REPORTS.values()
               if spec.method not in ("sales_per_specification", "orders", "sales_over_time")]
    assert lines[4] == f"  missing in this build: {', '.join(missing)}"
    assert re.fullmatch(r"  worst ratio measured / target: \d+\.\d\d \(at most 1\.00 meets every target\)", lines[5])
    assert re.fullmatch(r"  Arrow export of orders \(2 rows, 6 columns\): \d+\.\d{3} s  target 0\.5 s  ratio \d+\.\d\d  "
                        r"\(the page itself read in \d+\.\d\d s\)", lines[6]), lines[6]
