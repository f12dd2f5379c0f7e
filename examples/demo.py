"""The main job for now: a store file with one organization, a published event with two dates
in Europe/Copenhagen, three ticket specifications, and the live "X of Y sold" table (seed 000).

Run:  python examples/demo.py [store-file]
"""

from __future__ import annotations

import os
import sys
from datetime import datetime
from zoneinfo import ZoneInfo

import ticketcore
from ticketcore import Actor, Money


def sold_table(store: ticketcore.Store, event_id: str) -> str:
    """The seed-000 report: one line per specification, "X of Y sold"."""
    event = store.events.get(event_id)
    lines = [f"{event.name} ({event.state.name.lower()}), {event.location}"]
    for date in event.dates:
        lines.append(f"  date {date.local_start} - {date.local_end}")
    lines.append(f"  {'specification':<22}{'price':>14}{'active':>8}  sold")
    for spec in store.specifications.list(event_id):
        quota = "unlimited" if spec.number_of_tickets_for_sale is None else str(spec.number_of_tickets_for_sale)
        lines.append(
            f"  {spec.name:<22}{str(spec.price):>14}{'yes' if spec.is_active else 'no':>8}"
            f"  {spec.number_of_tickets_sold} of {quota} sold"
        )
    return "\n".join(lines)


def main(path: str) -> None:
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    platform = ticketcore.open(path, actor=Actor.platform("ops@ticketcore"))
    organization = platform.organizations.create("Copenhagen Jazz Club", currency="DKK")
    store = platform.acting_as(Actor("anna@jazzclub.dk", organization.id, {"events:read", "events:write"}))

    copenhagen = ZoneInfo("Europe/Copenhagen")
    event = store.events.create(
        "Summer Jazz Nights",
        time_zone="Europe/Copenhagen",
        location="Kongens Have, Copenhagen",
        platform_fee=Money("5.00", "DKK"),
        percentage_fee=250,
    )
    store.events.add_date(
        event.id, datetime(2027, 7, 2, 19, 0, tzinfo=copenhagen), datetime(2027, 7, 2, 23, 30, tzinfo=copenhagen)
    )
    store.events.add_date(
        event.id, datetime(2027, 7, 3, 19, 0, tzinfo=copenhagen), datetime(2027, 7, 3, 23, 30, tzinfo=copenhagen)
    )
    member = store.specifications.add(
        event.id, "Member ticket", price=25000, number_of_tickets_for_sale=300,
        maximum_number_of_tickets_per_user=4, names={"da": "Medlemsbillet"},
    )
    guest = store.specifications.add(
        event.id, "Guest ticket", price=Money("350.00", "DKK"), number_of_tickets_for_sale=200,
        maximum_number_of_tickets_per_user=2, names={"da": "Gæstebillet"},
    )
    crew = store.specifications.add(event.id, "Crew", price=0, visibility=ticketcore.Visibility.INVITE_ONLY)
    for spec in (member, guest, crew):
        store.specifications.set_active(spec.id, True)
    store.events.publish(event.id)

    print(f"store: {path} (schema v{store.schema_version})")
    print(f"organization: {organization.name}, billing profile enabled: "
          f"{store.organizations.get(organization.id).billing_profile_enabled}")
    print(sold_table(store, event.id))
    integrity = store.check_integrity()
    print(f"integrity: {'ok' if integrity.ok else integrity.mismatches} "
          f"({integrity.specifications_checked} specifications checked)")
    print(f"audit rows: {len(store.audit(limit=1000))}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "demo.db")
