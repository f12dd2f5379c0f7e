"""examples/demo.py: the main job's output, line by line.

SQLite only: the demo takes a file, which it deletes (with its WAL files) to start from scratch."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import ticketcore
from helpers import org_actor
from ticketcore import Actor, EventState, Money, Visibility

LATEST = ticketcore.open(":memory:").latest_schema_version  # the SQLite schema this build writes

DEMO = Path(__file__).resolve().parents[2] / "examples" / "demo.py"


def run_demo(path: Path) -> list[str]:
    result = subprocess.run(
        [sys.executable, str(DEMO), str(path)], capture_output=True, text=True, timeout=120, cwd=path.parent
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout.splitlines()


def expected_lines(path: Path) -> list[str]:
    return [
        f"store: {path} (schema v{LATEST})",
        "organization: Copenhagen Jazz Club, billing profile enabled: True",
        "Summer Jazz Nights (published), Kongens Have, Copenhagen",
        "  date 2027-07-02T19:00:00+02:00 - 2027-07-02T23:30:00+02:00",
        "  date 2027-07-03T19:00:00+02:00 - 2027-07-03T23:30:00+02:00",
        "  specification                  price  active  sold",
        "  Member ticket             250.00 DKK     yes  0 of 300 sold",
        "  Guest ticket              350.00 DKK     yes  0 of 200 sold",
        "  Crew                        0.00 DKK     yes  0 of unlimited sold",
        "integrity: ok (3 specifications checked)",
        "audit rows: 12",
    ]


def test_demo_prints_the_sales_table(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    assert run_demo(path) == expected_lines(path)


def test_demo_starts_from_scratch_each_run(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    run_demo(path)
    assert run_demo(path) == expected_lines(path)
    platform = ticketcore.open(str(path), actor=Actor.platform("ops"))
    assert len([row for row in platform.audit(limit=1000) if row.operation == "organization.create"]) == 1


def test_demo_store_can_be_reopened(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    run_demo(path)
    platform = ticketcore.open(str(path), actor=Actor.platform("ops"))
    organization_id = platform.audit(operation="organization.create")[0].entity_id
    store = platform.acting_as(org_actor(organization_id, {"events:read"}))
    (event,) = store.events.list().nodes
    assert event.state is EventState.PUBLISHED
    assert event.platform_fee == Money("5.00", "DKK")
    specs = {spec.name: spec for spec in store.specifications.list(event.id)}
    assert list(specs) == ["Member ticket", "Guest ticket", "Crew"]
    member = specs["Member ticket"]
    assert member.name_for("da-DK") == "Medlemsbillet"
    assert member.ticket_percentage_fee == 250
    assert member.percentage_fee_amount == Money("6.25", "DKK")
    assert member.maximum_number_of_tickets_per_user == 4
    assert specs["Guest ticket"].names == {"da": "Gæstebillet"}
    assert specs["Crew"].visibility is Visibility.INVITE_ONLY
    assert all(spec.is_active and len(spec.event_date_ids) == 2 for spec in specs.values())
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
