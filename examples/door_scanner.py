"""A door scanner: an inspector scans what the gate's reader reads (QR payloads as text, or ticket
ids typed in) and the program shows GREEN or RED with the reason, like a scanner app would. The
store is set up here (an event, two tickets, an inspector); the lines to scan come from the command
line, or a built-in sequence: a ticket, the same ticket again, an altered payload, an exit, a
re-entry.

Run:  python examples/door_scanner.py [payload-or-ticket-id ...]
"""

from __future__ import annotations

import sys
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import ticketcore
from ticketcore import Actor, ManualClock, ScanDirection


def show(scan: ticketcore.Scan) -> str:
    """What the scanner's screen says."""
    way = "out" if scan.direction is ScanDirection.OUT else "in"
    if scan.admitted:
        return f"GREEN {way:>3}  entries {scan.entries}, {'inside' if scan.inside else 'outside'}"
    return f"RED   {way:>3}  {scan.code}: {scan.message}"


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
    scans = [(text, "in") for text in lines] or [
        (payload, "in"), (payload, "in"), (altered, "in"), (payload, "out"), (payload, "in"), (payload, "out"),
        (payload, "in"),
    ]
    for number, (text, direction) in enumerate(scans, start=1):
        scan = gate.door.redeem(text, inspector_id=inspector.id, scan_point="main-door",
                                nonce=f"gate-1:{number}", direction=direction)
        print(show(scan))
    print(f"scan log: {sum(1 for _ in ticketcore.every(staff.door.scans, event.id))} scans")


if __name__ == "__main__":
    main(sys.argv[1:])
