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
        "read ticket.png: a QR code",
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


def test_the_scanner_example_reads_pictures(tmp_path: Path) -> None:
    """A picture of another organization's ticket is read, and refused as forged; a picture with no
    QR code in it reads nothing."""
    import ticketcore
    from PIL import Image

    platform = ticketcore.open(":memory:", actor=ticketcore.Actor.platform("ops"))
    other = platform.organizations.create("Elsewhere", currency="DKK")
    staff = platform.acting_as(ticketcore.Actor("anna", other.id, {"events:read", "events:write"}))
    event = staff.events.create("Elsewhere Live", time_zone="Europe/Copenhagen")
    spec = staff.specifications.add(event.id, "Crew", price=0)
    ticket = staff.tickets.comp(event.id, spec.id, holders=[("pat@example.com", "Pat Lee")], note="")[0]
    foreign = tmp_path / "foreign.png"
    foreign.write_bytes(ticketcore.qr_png(staff.tickets.qr(ticket.id)))
    blank = tmp_path / "blank.png"
    Image.new("RGB", (64, 64), "white").save(blank)
    result = subprocess.run([sys.executable, str(EXAMPLE), str(foreign), str(blank)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "read foreign.png: a QR code",
        "RED    in  forged: The code is not a genuine ticket of this organization",
        "read blank.png: no QR code",
        "RED         nothing to scan",
        "scan log: 1 scans",
    ]
