"""An offline door scanner: it works from a scanner export file alone, shows GREEN or RED with the
reason for each scan, and writes what it scanned to a file that the store imports once the gate is
back online (docs/offline-scanners.md).

Two ways to run it:

    python examples/offline_scanner.py [DIR]
        The whole round: a store is set up (an event, two tickets, an inspector), its export is
        written to DIR/export.json (DIR defaults to a temporary folder), a built-in sequence is
        scanned offline from that file only, the scans are written to DIR/scans.json and
        imported into the store, and the import's result is shown.

    python examples/offline_scanner.py --export EXPORT.json PAYLOAD-OR-TICKET-ID ...
        Scans what it is given offline against an export file, and writes the scans next to it
        (EXPORT.scans.json) for an import.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import ticketcore
from ticketcore import Actor, ManualClock, OfflineScan, OfflineScanner, ScanDirection

SHOW = datetime(2027, 7, 2, 17, 30, tzinfo=timezone.utc)  # 19:30 in Copenhagen


def show(scan: OfflineScan) -> str:
    """What the scanner's screen says."""
    way = "out" if scan.direction is ScanDirection.OUT else "in"
    if scan.admitted:
        return f"GREEN {way:>3}  entries {scan.entries}, {'inside' if scan.inside else 'outside'}"
    return f"RED   {way:>3}  {scan.code}: {scan.message}"


def scan_offline(export_file: Path, scans: list[tuple[str, str]], inspector_id: str, at: datetime) -> Path:
    """Scans `scans` (text, direction) with a scanner made from `export_file` only; writes the
    scans for the import and returns that file."""
    scanner = OfflineScanner(export_file.read_text(encoding="utf-8"))
    for number, (text, direction) in enumerate(scans, start=1):
        scan = scanner.redeem(text, inspector_id=inspector_id, scan_point="main-door", nonce=f"gate-9:{number}",
                              direction=direction, at=at + timedelta(minutes=number))
        print(show(scan))
    scans_file = export_file.with_name(export_file.stem + ".scans.json")
    scans_file.write_text(scanner.scans_json(), encoding="utf-8")
    return scans_file


def round_trip(folder: Path) -> None:
    copenhagen = ZoneInfo("Europe/Copenhagen")
    clock = ManualClock(datetime(2027, 7, 2, 12, tzinfo=timezone.utc))
    platform = ticketcore.open(":memory:", actor=Actor.platform("ops"), clock=clock)
    organization = platform.organizations.create("Copenhagen Jazz Club", currency="DKK")
    staff = platform.acting_as(Actor("anna", organization.id, {"events:read", "events:write"}))
    gate = platform.acting_as(Actor("gate-9", organization.id, {"scan"}))

    event = staff.events.create("Summer Jazz Nights", time_zone="Europe/Copenhagen")
    staff.events.add_date(event.id, datetime(2027, 7, 2, 19, tzinfo=copenhagen),
                          datetime(2027, 7, 2, 23, tzinfo=copenhagen))
    festival = staff.specifications.add(event.id, "Festival pass", price=60000, allow_reentry=True, reentry_limit=2)
    general = staff.specifications.add(event.id, "General admission", price=25000)
    for spec in (festival, general):
        staff.specifications.set_active(spec.id, True)
    staff.events.publish(event.id)
    pass_ = staff.tickets.comp(event.id, festival.id, holders=[("alex@example.com", "Alex Reyes")])[0]
    ticket = staff.tickets.comp(event.id, general.id, holders=[("jo@example.com", "Jo Kim")])[0]
    inspector = staff.door.add_external_inspector(event.id, name="Sam Door", email="sam@example.com",
                                                  phone_number="+45 1234 5678")

    export_file = folder / "export.json"
    export_file.write_text(gate.door.export_scanner(event.id, include_tickets=True), encoding="utf-8")
    # The ticket is let in online after the export: the offline gate cannot know.
    gate.door.redeem(ticket.id, inspector_id=inspector.id, scan_point="main-door", nonce="gate-1:1", at=SHOW)

    payload = staff.tickets.qr(pass_.id)
    altered = payload[:-1] + ("A" if payload[-1] != "A" else "B")
    scans_file = scan_offline(export_file, [
        (payload, "in"), (payload, "in"), (altered, "in"), (payload, "out"), (payload, "in"),
        (staff.tickets.qr(ticket.id), "in"),
    ], inspector.id, SHOW)

    result = gate.door.import_scans(scans_file.read_text(encoding="utf-8"))
    print(f"imported: {result.recorded} recorded, {result.replayed} replayed, {result.conflicts} conflicts, "
          f"{result.failed} failed")
    for item in result.scans:
        if item.scan is not None and item.scan.conflict:
            print(f"conflict: {item.nonce} {item.scan.code}")
    again = gate.door.import_scans(scans_file.read_text(encoding="utf-8"))
    print(f"imported again: {again.recorded} recorded, {again.replayed} replayed")


def main(arguments: list[str]) -> None:
    if arguments[:1] == ["--export"] and len(arguments) >= 2:
        scan_offline(Path(arguments[1]), [(text, "in") for text in arguments[2:]], "gate-9", SHOW)
    elif arguments:
        round_trip(Path(arguments[0]))
    else:
        with tempfile.TemporaryDirectory() as folder:
            round_trip(Path(folder))


if __name__ == "__main__":
    main(sys.argv[1:])
