"""Print tickets: comp tickets for a festival's speakers, written as one PDF, a ticket a page,
each with its holder, the event, its date, its type and its signed QR code.

Needs fpdf2 (``pip install fpdf2``, or the package's ``documents`` extra) and, for names beyond
Latin-1, Debian's fonts-dejavu-core (see docs/documents.md).

Run:  python examples/print_tickets.py [tickets.pdf]
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import ticketcore
from ticketcore import Actor

SPEAKERS = [
    ("zoe@example.com", "Zoë Ørsted"),
    ("jan@example.com", "Jan Łódzki"),
    ("ana@example.com", "Ana Núñez"),
]


def main(path: Path) -> None:
    platform = ticketcore.open(":memory:", actor=Actor.platform("ops"))
    organization = platform.organizations.create("Copenhagen Jazz Club", currency="DKK")
    staff = platform.acting_as(Actor("anna", organization.id, {"events:read", "events:write", "orders"}))

    copenhagen = ZoneInfo("Europe/Copenhagen")
    event = staff.events.create("Summer Jazz Nights", time_zone="Europe/Copenhagen", location="Kongens Have")
    staff.events.add_date(event.id, datetime(2027, 7, 2, 19, tzinfo=copenhagen), datetime(2027, 7, 2, 23, tzinfo=copenhagen))
    speaker = staff.specifications.add(event.id, "Speaker", price=0, names={"da": "Taler"})
    staff.specifications.set_active(speaker.id, True)
    staff.events.publish(event.id)

    tickets = staff.tickets.comp(event.id, speaker.id, holders=SPEAKERS, note="Day-1 speakers")
    pages = ticketcore.ticket_pages(staff, [ticket.id for ticket in tickets], locale="da")
    path.write_bytes(ticketcore.tickets_pdf(pages))

    print(f"{len(pages)} tickets written to {path.name}")
    for page in pages:
        print(f"  {page.holder}: {page.type_name}, {page.event_name}, {page.date_text.splitlines()[0]}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "tickets.pdf"))
