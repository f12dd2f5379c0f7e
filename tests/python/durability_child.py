"""A child process of test_durability.py: one step on a file store, its result printed as JSON.

    setup PATH         creates an organization, a published event and a specification
    place PATH ORG EVENT SPEC KEY [witness]   places an order with the key; prints the error code
                       or the id, then dies without closing the store (os._exit), as a crashed
                       process would; with "witness" another connection (sqlite3) holds the file
                       open meanwhile, as another process would, so the WAL outlives the failed one
    retry PATH ORG EVENT SPEC KEY   reopens, places with the key, prints what the store holds
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys

import ticketcore
from ticketcore import Actor, BuyerDetails, StorageError

SHOP_SCOPES = {"orders", "events:read", "events:write"}


def _place(store: ticketcore.Store, event_id: str, spec_id: str, key: str) -> ticketcore.BuyOrder:
    return store.orders.place(event_id, buyer=BuyerDetails("Alex Reyes", "alex@example.com"),
                              items=[(spec_id, 2)], idempotency_key=key)


def main(argv: list[str]) -> None:
    step, path = argv[0], argv[1]
    if step == "setup":
        platform = ticketcore.open(path, actor=Actor.platform("ops"))
        organization = platform.organizations.create("Copenhagen Jazz Club", currency="DKK")
        store = platform.acting_as(Actor("anna", organization.id, SHOP_SCOPES))
        event = store.events.create("Summer Jazz Nights", time_zone="Europe/Copenhagen")
        store.events.add_date(event.id, ticketcore.utc(2099, 7, 2, 19), ticketcore.utc(2099, 7, 2, 23))
        spec = store.specifications.add(event.id, "Member ticket", price=25000, number_of_tickets_for_sale=10)
        store.specifications.set_active(spec.id, True)
        store.events.publish(event.id)
        print(json.dumps({"organization": organization.id, "event": event.id, "spec": spec.id}))
        return
    organization_id, event_id, spec_id, key = argv[2:6]
    witness = None
    if argv[6:] == ["witness"]:
        witness = sqlite3.connect(path)
        witness.execute("SELECT count(*) FROM buy_order").fetchall()
    store = ticketcore.open(path).acting_as(Actor("shop", organization_id, SHOP_SCOPES))
    before = [o.id for o in ticketcore.every(store.orders.list, event_id)]
    if step == "place":
        result: dict[str, object]
        try:
            result = {"id": _place(store, event_id, spec_id, key).id}
        except StorageError as error:
            result = {"code": error.code, "message": str(error), "backend": error.backend,
                      "backend_code": error.backend_code}
        print(json.dumps(result), flush=True)
        os._exit(0)
    order = _place(store, event_id, spec_id, key)
    spec = store.specifications.get(spec_id)
    print(json.dumps({
        "before": before,
        "id": order.id,
        "again": _place(store, event_id, spec_id, key).id,
        "orders": [o.id for o in ticketcore.every(store.orders.list, event_id)],
        "reserved": spec.number_of_tickets_reserved,
        "ok": store.check_integrity().ok,
    }))


if __name__ == "__main__":
    main(sys.argv[1:])
