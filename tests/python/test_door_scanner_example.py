"""examples/door_scanner.py: the scanner's screen, line by line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "door_scanner.py"


def test_the_scanner_example_shows_green_and_red_with_the_reason() -> None:
    result = subprocess.run([sys.executable, str(EXAMPLE)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "GREEN  in  entries 1, inside",
        "RED    in  already_inside: The holder is already inside",
        "RED    in  forged: The code is not a genuine ticket of this organization",
        "GREEN out  entries 1, outside",
        "GREEN  in  entries 2, inside",
        "GREEN out  entries 2, outside",
        "RED    in  reentry_limit_reached: The ticket has no entries left",
        "scan log: 7 scans",
    ]


def test_the_scanner_example_scans_what_it_is_given() -> None:
    result = subprocess.run([sys.executable, str(EXAMPLE), "not a ticket", "00000000-0000-7000-8000-000000000000"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "RED    in  forged: The code is not a genuine ticket of this organization",
        "RED    in  unknown: No such ticket",
        "scan log: 2 scans",
    ]
