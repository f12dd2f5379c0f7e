"""A door scanner: an inspector scans what the gate's reader reads (QR payloads as text, pictures
of QR codes, or ticket ids typed in) and the program shows GREEN or RED with the reason, like a
scanner app would. The store is set up here (an event, two tickets, an inspector); the lines to
scan come from the command line, or a built-in sequence: a ticket read from a picture of its QR
code, the same ticket again, an altered payload, an exit, a re-entry.

A picture (a .png or .jpg file) is decoded with zxing-cpp and Pillow (`pip install zxing-cpp
pillow`); the QR code of the built-in sequence is drawn with ticketcore.qr_png (segno).

Run:  python examples/door_scanner.py [payload-or-ticket-id-or-picture ...]
"""

from __future__ import annotations

import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import ticketcore
from ticketcore import Actor, ManualClock, ScanDirection


def show(scan: ticketcore.Scan) -> str:
    """What the scanner's screen says."""
    way = "out" if scan.direction is ScanDirection.OUT else "in"
    if scan.admitted:
        return f"GREEN {way:>3}  entries {scan.entries}, {'inside' if scan.inside else 'outside'}"
    return f"RED   {way:>3}  {scan.code}: {scan.message}"


def read_code(text: str) -> str:
    """What the reader reads: the text itself, or the QR code in a picture file."""
    path = Path(text)
    if path.suffix.lower() not in {".png", ".jpg", ".jpeg"} or not path.is_file():
        return text
    import zxingcpp  # the decoder, only needed for pictures
    from PIL import Image

    with Image.open(path) as picture:
        codes = zxingcpp.read_barcodes(picture)
    print(f"read {path.name}: {'a QR code' if codes else 'no QR code'}")
    return codes[0].text if codes else ""


def main(lines: list[str]) -> None:
    copenhagen = ZoneInfo("Europe/Copenhagen")
    clock = ManualClock(datetime(2027, 7, 2, 17, 30, tzinfo=timezone.utc))  # 19:30 in Copenhagen
    platform = ticketcore.open(":memory:", actor=Actor.platform("ops"), clock=clock)
    organization = platform.organizations.create("Copenhagen Jazz Club", currency="DKK")
    staff = platform.acting_as(Actor("anna", organization.id, {"events:read", "events:write"}))
    gate = platform.acting_as(Actor("gate-1", organization.id, {"scan"}))

    event = staff.events.create("Summer Jazz Nights", time_zone="Europe/Copenhagen")
    staff.events.add_date(event.id, datetime(2027, 7, 2, 19, tzinfo=copenhagen),
                          datetime(2027, 7, 2, 23, tzinfo=copenhagen))
    festival = staff.specifications.add(event.id, "Festival pass", price=60000, allow_reentry=True, reentry_limit=2)
    staff.specifications.set_active(festival.id, True)
    staff.events.publish(event.id)
    ticket = staff.tickets.comp(event.id, festival.id, holders=[("alex@example.com", "Alex Reyes")])[0]
    inspector = staff.door.add_external_inspector(event.id, name="Sam Door", email="sam@example.com",
                                                  phone_number="+45 1234 5678")

    payload = staff.tickets.qr(ticket.id)
    altered = payload[:-1] + ("A" if payload[-1] != "A" else "B")
    picture = Path(tempfile.mkdtemp()) / "ticket.png"
    picture.write_bytes(ticketcore.qr_png(payload))  # what the holder shows on a phone
    scans = [(text, "in") for text in lines] or [
        (str(picture), "in"), (payload, "in"), (altered, "in"), (payload, "out"), (payload, "in"), (payload, "out"),
        (payload, "in"),
    ]
    for number, (text, direction) in enumerate(scans, start=1):
        code = read_code(text)
        if not code:
            print("RED         nothing to scan")
            continue
        scan = gate.door.redeem(code, inspector_id=inspector.id, scan_point="main-door",
                                nonce=f"gate-1:{number}", direction=direction)
        print(show(scan))
    print(f"scan log: {sum(1 for _ in ticketcore.every(staff.door.scans, event.id))} scans")


if __name__ == "__main__":
    main(sys.argv[1:])
