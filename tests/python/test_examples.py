"""examples/demo.py: the main job's output, line by line.

SQLite only: the demo takes a file, which it deletes (with its WAL files) to start from scratch."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import ticketcore
from ticketcore import report_tables
from helpers import org_actor
from ticketcore import Actor, EventState, Money, Visibility

LATEST = ticketcore.open(":memory:").latest_schema_version  # the SQLite schema this build writes

DEMO = Path(__file__).resolve().parents[2] / "examples" / "demo.py"
TICKETS = 400   # the demo's size in these tests: seconds, not the default minute
SPECIFICATIONS = ["Early bird", "Regular", "VIP", "Crew and guests", "Door ticket"]


def run_demo(path: Path, *options: str) -> tuple[list[str], list[str]]:
    result = subprocess.run(
        [sys.executable, str(DEMO), str(path), "--tickets", str(TICKETS), *options],
        capture_output=True, text=True, timeout=300, cwd=path.parent,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines(), result.stderr.splitlines()


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str], list[str]]:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    out, err = run_demo(path)
    return path, out, err


def summary(lines: list[str]) -> list[str]:
    """The demo's lines up to its reports: the same for the same seed and size (no ids in them)."""
    return lines[: lines.index("Sold, live from the specifications (X of Y sold):") + 1 + 1 + len(SPECIFICATIONS)]


def test_demo_generates_an_event_day_and_prints_its_summary(demo_run: tuple[Path, list[str], list[str]]) -> None:
    path, out, _ = demo_run
    assert out[:3] == [
        f"store: {path} (schema v{LATEST})",
        "event: Summer Jazz Nights, Kongens Have, Copenhagen, 2027-07-02T19:00:00+02:00 - 2027-07-02T23:30:00+02:00",
        f"an event day of {TICKETS} tickets, seed 0:",
    ]
    assert [line.split(":")[0].strip() for line in out[3:8]] == ["online", "box office", "comps", "refunds", "door"]
    table = summary(out)[-len(SPECIFICATIONS):]
    assert [line.split()[0] for line in table] == ["Early", "Regular", "VIP", "Crew", "Door"]
    assert all(" sold, " in line and line.endswith(" reserved") for line in table)
    assert f"integrity: ok ({len(SPECIFICATIONS)} specifications checked)" in out


def test_demo_prints_every_report_this_build_has(demo_run: tuple[Path, list[str], list[str]]) -> None:
    _, out, _ = demo_run
    reports = ticketcore.open(":memory:").reports
    present = [name for name, spec in report_tables.REPORTS.items() if hasattr(reports, spec.method)]
    missing = [name for name in report_tables.REPORTS if name not in present]
    titles = {line.split(" (")[0] for line in out if line.endswith(":") or "rows" in line}
    for name in present:
        assert report_tables.REPORTS[name].title in titles, name
    if missing:
        assert f"reports not in this build of ticketcore: {', '.join(missing)}" in out
    else:
        assert not any(line.startswith("reports not in this build") for line in out)


def test_demo_writes_the_two_plots_and_says_where(demo_run: tuple[Path, list[str], list[str]]) -> None:
    path, out, err = demo_run
    plots = [line for line in out if line.startswith("plot: ")]
    assert [line.split()[1] for line in plots] == [
        str(path.parent / "demo-sales.png"), str(path.parent / "demo-attendance.png")]
    for line in plots:
        picture = Path(line.split()[1]).read_bytes()
        assert picture.startswith(b"\x89PNG\r\n\x1a\n") and len(picture) > 10_000
    # Not a terminal: one line per phase on standard error, then the time it took.
    assert [line.split(":")[0] for line in err] == ["set-up", "on-sale", "door", "generated in " + err[-1].split("in ")[1]]


def test_demo_is_deterministic_and_starts_from_scratch_each_run(demo_run: tuple[Path, list[str], list[str]]) -> None:
    path, first, _ = demo_run
    again, _ = run_demo(path)
    assert summary(again) == summary(first)
    platform = ticketcore.open(str(path), actor=Actor.platform("ops"))
    assert len([row for row in platform.audit(limit=1000) if row.operation == "organization.create"]) == 1
    other, _ = run_demo(path.parent / "other.db", "--seed", "1")
    assert summary(other)[3:] != summary(first)[3:]


def test_demo_store_can_be_reopened(demo_run: tuple[Path, list[str], list[str]]) -> None:
    path, out, _ = demo_run
    platform = ticketcore.open(str(path), actor=Actor.platform("ops"))
    organization_id = platform.audit(operation="organization.create")[0].entity_id
    store = platform.acting_as(org_actor(organization_id, {"events:read"}))
    (event,) = store.events.list().nodes
    assert event.state is EventState.PUBLISHED
    assert event.platform_fee == Money("5.00", "DKK")
    specs = {spec.name: spec for spec in store.specifications.list(event.id)}
    assert list(specs) == SPECIFICATIONS
    assert specs["Crew and guests"].visibility is Visibility.INVITE_ONLY
    assert specs["VIP"].allow_reentry
    sold = sum(spec.number_of_tickets_sold for spec in specs.values())
    assert sold > TICKETS * 9 // 10
    assert store.check_integrity().ok


def readme_first_look() -> str:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    start = readme.index("## A first look")
    block = readme[readme.index("```python", start) + len("```python") :]
    return block[: block.index("```")]


def test_readme_first_look_runs_and_prints_what_it_says(tmp_path: Path) -> None:
    code = readme_first_look()
    assert 'ticketcore.open("tickets.db"' in code
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "250.00 DKK 0.00 DKK 300\n"
    assert (tmp_path / "tickets.db").exists()
