"""examples/offline_scanner.py: a gate working from an export file, its screen line by line, and
the import of what it scanned."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "offline_scanner.py"


def run(*arguments: str) -> list[str]:
    result = subprocess.run([sys.executable, str(EXAMPLE), *arguments], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout.splitlines()


def test_the_offline_gate_scans_from_the_export_file_and_the_store_imports_its_scans(tmp_path: Path) -> None:
    assert run(str(tmp_path)) == [
        "GREEN  in  entries 1, inside",
        "RED    in  already_inside: The holder is already inside",
        "RED    in  forged: The code is not a genuine ticket of this organization",
        "GREEN out  entries 1, outside",
        "GREEN  in  entries 2, inside",
        "GREEN  in  entries 1, inside",  # let in online after the export: a conflict at the import
        "imported: 6 recorded, 0 replayed, 1 conflicts, 0 failed",
        "conflict: gate-9:6 already_inside",
        "imported again: 0 recorded, 6 replayed",
    ]
    scans = json.loads((tmp_path / "export.scans.json").read_text(encoding="utf-8"))
    assert scans["format"] == "ticketcore.offline-scans" and len(scans["scans"]) == 6


def test_the_offline_gate_scans_what_it_is_given(tmp_path: Path) -> None:
    run(str(tmp_path))
    assert run("--export", str(tmp_path / "export.json"), "not a ticket", "00000000-0000-7000-8000-000000000000") == [
        "RED    in  forged: The code is not a genuine ticket of this organization",
        "RED    in  unknown: No such ticket",
    ]
    assert len(json.loads((tmp_path / "export.scans.json").read_text(encoding="utf-8"))["scans"]) == 2


def test_the_default_run_needs_no_folder() -> None:
    assert run()[-1] == "imported again: 0 recorded, 6 replayed"
