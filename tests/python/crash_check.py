"""The checker of test_crash.py: a model built from the workers' acknowledged results, compared
exactly with what a reopened store holds.

``CrashModel.apply`` takes one intent and its ack (see crash_worker.py); ``resolve`` decides,
from the reopened store, whether an intent the kill interrupted was committed, and applies it
then (it must be all or nothing); ``verify`` lists every difference between the model and the
store, each naming the entity and the step that acknowledged it. ``sqlite_integrity`` runs
SQLite's own ``PRAGMA integrity_check`` on the file, opened read-only. A store on PostgreSQL
(a URL for a path) is checked the same way, its outbox read through psql.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pg_support
import ticketcore
from crash_worker import order_json, ticket_json
from ticketcore import OrderState, TicketState


@dataclass
class Run:
    """What one worker process printed: complete intent and ack lines, by step."""

    worker: int
    intents: dict[int, dict[str, Any]] = field(default_factory=dict)
    acks: dict[int, dict[str, Any]] = field(default_factory=dict)
    ready: bool = False
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def in_flight(self) -> list[dict[str, Any]]:
        return [intent for step, intent in sorted(self.intents.items()) if step not in self.acks]


def parse_output(text: str, worker: int) -> Run:
    """Only complete lines count: a line cut by the kill was never acknowledged."""
    run = Run(worker)
    complete = text if text.endswith("\n") else text[: text.rfind("\n") + 1]
    for line in complete.splitlines():
        record = json.loads(line)
        if "ready" in record:
            run.ready = True
        elif "i" in record:
            run.intents[record["i"]] = record
        elif "a" in record:
            run.acks[record["a"]] = record
        elif "error" in record:
            run.errors.append(record)
    return run


def sqlite_integrity(path: str) -> list[str]:
    """SQLite's integrity_check on the file opened read-only; [] when it says ok (and for a
    PostgreSQL URL, whose server keeps its own files)."""
    if is_postgres(path):
        return []
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
    try:
        rows = [row[0] for row in connection.execute("PRAGMA integrity_check")]
    finally:
        connection.close()
    return [] if rows == ["ok"] else [f"PRAGMA integrity_check: {row}" for row in rows]


def merged(items: list[list[Any]]) -> list[list[Any]]:
    """place's merging of (spec, quantity) pairs naming the same spec, in first-seen order."""
    totals: dict[str, int] = {}
    for spec, quantity in items:
        totals[spec] = totals.get(spec, 0) + quantity
    return [[spec, quantity] for spec, quantity in totals.items()]


class CrashModel:
    def __init__(self, event_id: str, date_ids: list[str], pool_specs: list[str], pool_id: str) -> None:
        self.event_id = event_id
        self.date_ids = sorted(date_ids)
        self.pool_specs = pool_specs
        self.pool_id = pool_id
        self.orders: dict[str, dict[str, Any]] = {}
        self.order_keys: dict[str, str] = {}          # idempotency key -> order id
        self.refused_keys: set[str] = set()
        self.tickets: dict[str, dict[str, Any]] = {}  # comps and pre-generated tickets
        self.promo_codes: dict[str, dict[str, Any]] = {}
        self.specs: dict[str, bool] = {}              # spec id -> is_active, once changed
        self.expected_audit: list[tuple[str, str, tuple[str, ...] | None, str]] = []
        self.problems: list[str] = []
        self.sweeps: list[tuple[str, int, str]] = []
        self.clock = 0                                # the latest instant any worker used
        self.acknowledged = 0
        self.resolved_committed = 0
        self.resolved_rolled_back = 0
        self.interrupted: Counter[str] = Counter()   # "place committed", "confirm not committed"...

    # --- applying acknowledged results -----------------------------------------------------------

    def note_intent(self, intent: dict[str, Any]) -> None:
        self.clock = max(self.clock, intent["at"])

    def apply(self, intent: dict[str, Any], ack: dict[str, Any], origin: str) -> None:
        """Adds one acknowledged (or resolved) result; ``origin`` names it in messages."""
        self.note_intent(intent)
        self.acknowledged += 1
        op = intent["op"]
        if "refused" in ack:
            if op == "place":
                self.refused_keys.add(intent["key"])
            return
        getattr(self, f"_apply_{op}")(intent, ack, origin)

    def _audit(self, operation: str, entity_id: str, ticket_ids: list[str] | None, origin: str) -> None:
        self.expected_audit.append((operation, entity_id, None if ticket_ids is None else tuple(sorted(ticket_ids)), origin))

    def _order_record(self, ack: dict[str, Any], origin: str) -> dict[str, Any]:
        return {key: ack[key] for key in ("state", "total", "lines", "expires", "ticket_ids", "charge", "pwc", "promo")} | {
            "origin": origin}

    def _apply_place(self, intent: dict[str, Any], ack: dict[str, Any], origin: str) -> None:
        order_id = ack["order_id"]
        if [[spec, amount] for spec, amount, _ in ack["lines"]] != merged(intent["items"]):
            self.problems.append(f"{origin}: order {order_id} has lines {ack['lines']} for items {intent['items']}")
        if intent["key"] in self.order_keys:   # a retry with the same key: the same order, unchanged
            first = self.order_keys[intent["key"]]
            if first != order_id:
                self.problems.append(f"{origin}: idempotency key {intent['key']} placed a second order {order_id} "
                                     f"(first {first})")
                return
            known = {k: v for k, v in self.orders[order_id].items() if k not in ("origin", "key")}
            replay = {k: v for k, v in self._order_record(ack, origin).items() if k != "origin"}
            if known["state"] == "PENDING" and replay["state"] == "EXPIRED" and intent["at"] >= known["expires"]:
                replay["state"] = "PENDING"   # the same order, read after its hold ran out
            if replay != known:
                self.problems.append(f"{origin}: the replay of {intent['key']} returned {replay}, the order is {known}")
            return
        self.order_keys[intent["key"]] = order_id
        self.orders[order_id] = self._order_record(ack, origin) | {"key": intent["key"]}
        self._audit("order.place", order_id, None, origin)

    def _apply_confirm(self, intent: dict[str, Any], ack: dict[str, Any], origin: str) -> None:
        order = self.orders[intent["order_id"]]
        key = order["key"]
        self.orders[intent["order_id"]] = self._order_record(ack, origin) | {"key": key}
        if ack["state"] == "PAID":
            self._audit("order.confirm_payment", intent["order_id"], ack["ticket_ids"], origin)
        elif ack["pwc"]:
            self._audit("order.paid_without_capacity", intent["order_id"], None, origin)

    def _apply_cancel(self, intent: dict[str, Any], ack: dict[str, Any], origin: str) -> None:
        key = self.orders[intent["order_id"]]["key"]
        self.orders[intent["order_id"]] = self._order_record(ack, origin) | {"key": key}
        self._audit("order.cancel", intent["order_id"], None, origin)

    def _add_tickets(self, tickets: list[dict[str, Any]], origin: str) -> None:
        for ticket in tickets:
            self.tickets[ticket["ticket_id"]] = ticket | {"origin": origin}

    def _apply_comp(self, intent: dict[str, Any], ack: dict[str, Any], origin: str) -> None:
        emails = sorted(email for email, _ in intent["holders"])
        if sorted(t["holder_email"] for t in ack["tickets"]) != emails:
            self.problems.append(f"{origin}: comp tickets {ack['tickets']} for holders {intent['holders']}")
        self._add_tickets(ack["tickets"], origin)
        self._audit("tickets.comp", intent["spec"], [t["ticket_id"] for t in ack["tickets"]], origin)

    def _apply_pre_generate(self, intent: dict[str, Any], ack: dict[str, Any], origin: str) -> None:
        if len(ack["tickets"]) != intent["quantity"]:
            self.problems.append(f"{origin}: pre_generate of {intent['quantity']} returned {len(ack['tickets'])}")
        self._add_tickets(ack["tickets"], origin)
        self._audit("tickets.pre_generate", intent["spec"], [t["ticket_id"] for t in ack["tickets"]], origin)

    def _apply_activate(self, intent: dict[str, Any], ack: dict[str, Any], origin: str) -> None:
        self.tickets[intent["ticket_id"]] = {k: v for k, v in ack.items() if k not in ("a", "w")} | {"origin": origin}
        self._audit("ticket.activate", intent["ticket_id"], None, origin)

    def _apply_promo_code(self, intent: dict[str, Any], ack: dict[str, Any], origin: str) -> None:
        self.promo_codes[ack["code"]] = {k: v for k, v in ack.items() if k not in ("a", "w")}
        self._audit("promo_code.create", ack["promo_id"], None, origin)

    def _apply_set_active(self, intent: dict[str, Any], ack: dict[str, Any], origin: str) -> None:
        self.specs[ack["spec"]] = ack["active"]
        self._audit("specification.set_active", ack["spec"], None, origin)

    def _apply_expire_due(self, intent: dict[str, Any], ack: dict[str, Any], origin: str) -> None:
        self.sweeps.extend((order_id, intent["at"], origin) for order_id in ack["expired"])

    def check_sweeps(self) -> None:
        """After a run's acks are all in (another worker may have placed what one swept): each
        order expire_due reported is known and its hold had run out on the sweeper's clock."""
        for order_id, at, origin in self.sweeps:
            order = self.orders.get(order_id)
            if order is None or order["expires"] > at:
                self.problems.append(f"{origin}: expire_due swept {order_id}, which was {order}")
        self.sweeps = []

    # --- the kill's interrupted operation ------------------------------------------------------

    def resolve(self, store: ticketcore.Store, intent: dict[str, Any], origin: str) -> bool:
        """Was the interrupted ``intent`` committed? Applies it when it was; checks it is whole."""
        self.note_intent(intent)
        ack = self._committed(store, intent, origin)
        if ack is None:
            self.resolved_rolled_back += 1
            self.interrupted[f"{intent['op']} not committed"] += 1
            return False
        self.resolved_committed += 1
        self.interrupted[f"{intent['op']} committed"] += 1
        self.apply(intent, ack, origin)
        self.acknowledged -= 1
        return True

    def _committed(self, store: ticketcore.Store, intent: dict[str, Any], origin: str) -> dict[str, Any] | None:
        op = intent["op"]
        if op == "place":
            found = [o for o in ticketcore.every(store.orders.list, self.event_id) if o.comment == intent["key"]]
            if intent["key"] in self.order_keys:
                return order_json(store.orders.get(self.order_keys[intent["key"]]))
            if len(found) > 1:
                self.problems.append(f"{origin}: {len(found)} orders for idempotency key {intent['key']}")
            return order_json(found[0]) if found else None
        if op == "confirm":
            order = store.orders.get(intent["order_id"])
            return order_json(order) if order.charge_session_id == intent["ref"] else None
        if op == "cancel":
            order = store.orders.get(intent["order_id"])
            return order_json(order) if order.state is OrderState.CANCELLED and \
                self.orders[order.id]["state"] != "CANCELLED" else None
        if op == "comp":
            tickets = [t for t in ticketcore.every(store.tickets.list, self.event_id) if t.note == intent["note"]]
            if tickets and len(tickets) != len(intent["holders"]):
                self.problems.append(f"{origin}: half a comp: {len(tickets)} of {len(intent['holders'])} tickets")
            return {"tickets": [ticket_json(t) for t in tickets]} if tickets else None
        if op == "pre_generate":
            rows = [row for row in all_audit(store, "tickets.pre_generate")
                    if row.entity_id == intent["spec"] and row.actor_id == f"crash-w{intent['w']}"
                    and not set(row.data["ticket_ids"]) & set(self.tickets)]
            if len(rows) > 1:
                self.problems.append(f"{origin}: {len(rows)} unacknowledged pre_generate rows")
            if not rows:
                return None
            generated: list[dict[str, Any]] = []
            for ticket_id in rows[0].data["ticket_ids"]:
                try:
                    generated.append(ticket_json(store.tickets.get(ticket_id)))
                except ticketcore.NotFoundError:
                    self.problems.append(f"{origin}: pre_generate audited ticket {ticket_id}, which is missing")
            return {"tickets": generated}
        if op == "activate":
            ticket = store.tickets.get(intent["ticket_id"])
            return ticket_json(ticket) if ticket.state is TicketState.VALID else None
        if op == "promo_code":
            codes = {c.code: c for c in ticketcore.every(store.promo_codes.list, self.event_id)}
            code = codes.get(intent["code"])
            if code is None:
                return None
            return {"promo_id": code.id, "code": code.code, "percent_off": code.percent_off,
                    "amount_off": None if code.amount_off is None else code.amount_off.minor,
                    "usage_limit": code.usage_limit}
        if op == "set_active":
            spec = store.specifications.get(intent["spec"])
            if spec.is_active != intent["active"]:
                return None
            return {"spec": spec.id, "active": spec.is_active}
        if op == "expire_due":
            return None   # a sweep changes no effective state; its order.expire rows are allowed either way
        raise AssertionError(op)

    # --- comparing with the store --------------------------------------------------------------

    def effective(self, order: dict[str, Any]) -> str:
        if order["state"] == "PENDING" and self.clock >= order["expires"]:
            return "EXPIRED"
        return str(order["state"])

    def verify(self, store: ticketcore.Store) -> list[str]:
        """Every difference between the model and ``store`` (a platform reader whose clock is
        ``self.clock``), plus the problems found while applying acks."""
        problems = list(self.problems)
        stored_orders = {o.id: o for o in ticketcore.every(store.orders.list, self.event_id)}
        for order_id in sorted(set(self.orders) - set(stored_orders)):
            problems.append(f"order {order_id} acknowledged ({self.orders[order_id]['origin']}) is missing")
        for order_id in sorted(set(stored_orders) - set(self.orders)):
            problems.append(f"order {order_id} ({stored_orders[order_id].comment}) is in the store but was never "
                            "acknowledged nor in flight")
        for order in stored_orders.values():
            if order.comment in self.refused_keys:
                problems.append(f"order {order.id} exists for the refused key {order.comment}")
        stored_tickets = {t.id: t for t in ticketcore.every(store.tickets.list, self.event_id)}
        expected_tickets: dict[str, dict[str, Any]] = dict(self.tickets)
        reserved: Counter[str] = Counter()
        sold: Counter[str] = Counter()
        for order_id, model in self.orders.items():
            stored = stored_orders.get(order_id)
            for ticket_id in model["ticket_ids"]:
                expected_tickets[ticket_id] = {"order_id": order_id, "kind": "ORDER", "state": "VALID",
                                               "origin": model["origin"]}
            state = self.effective(model)
            for spec, amount, _ in model["lines"]:
                if state == "PENDING":
                    reserved[spec] += amount
                elif state == "PAID":
                    sold[spec] += amount
            if stored is None:
                continue
            actual = order_json(stored)
            wanted = {"state": state, "total": model["total"], "lines": model["lines"], "charge": model["charge"],
                      "pwc": model["pwc"], "ticket_ids": sorted(model["ticket_ids"]), "promo": model["promo"],
                      "expires": model["expires"]}
            got = {key: sorted(actual[key]) if key == "ticket_ids" else actual[key] for key in wanted}
            for key in wanted:
                if got[key] != wanted[key]:
                    problems.append(f"order {order_id} ({model['origin']}): {key} is {got[key]!r}, "
                                    f"acknowledged {wanted[key]!r}")
            if stored.state is OrderState.PAID:
                specs = Counter(stored_tickets[t].ticket_specification_id for t in stored.ticket_ids
                                if t in stored_tickets)
                if specs != Counter({spec: amount for spec, amount, _ in model["lines"]}):
                    problems.append(f"order {order_id} ({model['origin']}): tickets per specification {dict(specs)}, "
                                    f"lines {model['lines']}")
        for ticket_id in sorted(set(expected_tickets) - set(stored_tickets)):
            problems.append(f"ticket {ticket_id} acknowledged ({expected_tickets[ticket_id]['origin']}) is missing")
        for ticket_id in sorted(set(stored_tickets) - set(expected_tickets)):
            problems.append(f"ticket {ticket_id} is in the store but was never acknowledged nor in flight")
        for ticket_id, model in expected_tickets.items():
            ticket = stored_tickets.get(ticket_id)
            if "spec" in model:   # comps and pre-generated tickets: the acks say what they take
                if model["state"] == "VALID":
                    sold[model["spec"]] += 1
                elif model["state"] == "UNACTIVATED":
                    reserved[model["spec"]] += 1
            if ticket is None:
                continue
            actual = ticket_json(ticket)
            for key in ("spec", "kind", "state", "holder_email", "note", "order_id"):
                if key in model and actual[key] != model[key]:
                    problems.append(f"ticket {ticket_id} ({model['origin']}): {key} is {actual[key]!r}, "
                                    f"acknowledged {model[key]!r}")
            dates = sorted(date.event_date_id for date in ticket.event_dates)
            if dates != self.date_ids:
                problems.append(f"ticket {ticket_id} ({model['origin']}): dates {dates}, the event has {self.date_ids}")
        for spec in store.specifications.list(self.event_id):
            counts = (spec.number_of_tickets_sold, spec.number_of_tickets_reserved)
            if counts != (sold[spec.id], reserved[spec.id]):
                problems.append(f"specification {spec.name}: (sold, reserved) {counts}, acknowledged "
                                f"{(sold[spec.id], reserved[spec.id])}")
            if spec.is_active != self.specs.get(spec.id, True):
                problems.append(f"specification {spec.name}: is_active {spec.is_active}, acknowledged "
                                f"{self.specs.get(spec.id, True)}")
        pool = store.pools.get(self.pool_id)
        pool_counts = (sum(sold[s] for s in self.pool_specs), sum(reserved[s] for s in self.pool_specs))
        if (pool.sold, pool.reserved) != pool_counts:
            problems.append(f"pool {pool.name}: (sold, reserved) {(pool.sold, pool.reserved)}, acknowledged {pool_counts}")
        stored_codes = {c.code: c for c in ticketcore.every(store.promo_codes.list, self.event_id)}
        if set(stored_codes) != set(self.promo_codes):
            problems.append(f"promo codes {sorted(stored_codes)}, acknowledged {sorted(self.promo_codes)}")
        problems.extend(self._verify_audit(store))
        report = store.check_integrity()
        if not report.ok:
            problems.append(f"check_integrity: mismatches {report.mismatches}, over capacity {report.over_capacity}")
        return problems

    def verify_outbox(self, path: str) -> list[str]:
        """Each acknowledged change queued its outbox events exactly once, in its transaction."""
        rows = outbox_rows(path)
        expected: Counter[tuple[str, str]] = Counter()
        for order_id, order in self.orders.items():
            expected[("order.placed", order_id)] += 1
            if order["state"] == "PAID":
                expected[("tickets.issued", order_id)] += 1
            if order["state"] == "CANCELLED":
                expected[("order.cancelled", order_id)] += 1
            if order["pwc"]:
                expected[("order.paid_without_capacity", order_id)] += 1
        for ticket_id, ticket in self.tickets.items():
            if ticket["state"] == "VALID":   # a comp, or a pre-generated ticket sold at the door
                expected[("tickets.issued", ticket_id)] += 1
        problems = []
        for key in sorted(set(expected) | {k for k in rows if k[0] != "order.expired"}):
            if rows[key] != expected[key]:
                problems.append(f"outbox: {rows[key]} {key[0]} events for {key[1]}, acknowledged {expected[key]}")
        for (topic, entity_id), count in rows.items():
            if topic == "order.expired" and (count > 1 or entity_id not in self.orders):
                problems.append(f"outbox: {count} order.expired events for {entity_id}")
        return problems

    def _verify_audit(self, store: ticketcore.Store) -> list[str]:
        problems = []
        rows = all_audit(store)
        found: Counter[tuple[str, str, tuple[str, ...] | None]] = Counter()
        for row in rows:
            tickets = row.data.get("ticket_ids") if isinstance(row.data, dict) else None
            found[(row.operation, row.entity_id, None if tickets is None or row.operation == "order.place"
                   else tuple(sorted(tickets)))] += 1
        for operation, entity_id, tickets, origin in self.expected_audit:
            if found[(operation, entity_id, tickets)] < 1:
                problems.append(f"no audit row {operation} for {entity_id} ({origin})")
        places = Counter(row.entity_id for row in rows if row.operation == "order.place")
        for order_id in self.orders:
            if places[order_id] != 1:
                problems.append(f"order {order_id}: {places[order_id]} order.place audit rows")
        for operation in ("order.expire", "order.cancel", "order.confirm_payment"):
            for entity_id, count in Counter(r.entity_id for r in rows if r.operation == operation).items():
                if count > 1:
                    problems.append(f"order {entity_id}: {count} {operation} audit rows")
        return problems


def is_postgres(path: str) -> bool:
    return path.startswith(("postgresql://", "postgres://"))


def outbox_rows(path: str) -> Counter[tuple[str, str]]:
    """(topic, entity id) of every outbox row, read with sqlite3 or psql (the API pages only
    unacknowledged events, 1000 at a time)."""
    if is_postgres(path):
        return Counter((topic, entity) for topic, entity in pg_support.rows(path, "SELECT topic, entity_id FROM outbox"))
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
    try:
        return Counter((topic, entity) for topic, entity in connection.execute("SELECT topic, entity_id FROM outbox"))
    finally:
        connection.close()


def all_audit(store: ticketcore.Store, operation: str | None = None) -> list[ticketcore.AuditEntry]:
    rows: list[ticketcore.AuditEntry] = []
    after = 0
    while page := store.audit(operation=operation, after=after, limit=1000):
        rows.extend(page)
        after = page[-1].sequence
    return rows


def read_text(path: Path) -> str:
    return path.read_text() if path.exists() else ""
