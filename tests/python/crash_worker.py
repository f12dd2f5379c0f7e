"""The process body of test_crash.py: mixed operations on a file store, one JSON line per step.

Run as ``python crash_worker.py CONFIG_JSON``. Before each operation the worker prints an
*intent* line (``{"i": n, "op": ..., ...}``) and after the call returns it prints an *ack*
line (``{"a": n, ...}``) describing the acknowledged result exactly: ids, states, totals in
minor units, ticket ids. Both are flushed at once, so what the parent reads after a SIGKILL is
exactly what was acknowledged, plus at most one intent whose outcome is unknown (the kill landed
inside that call). A refused call (sold out, per-user limit...) is acknowledged with its error
code: it must have written nothing.

The clock is a ManualClock started where the parent says and advanced a few seconds per
operation, so expiry is decided by the acknowledged instants alone. With several workers on one
file, each touches only the orders and pre-generated tickets it made itself or, of those made
before the run, those it owns (``owner(id) == worker``), so every entity's history comes from
one process, in order.
"""

from __future__ import annotations

import json
import random
import sys
from datetime import datetime, timedelta, timezone
from typing import Any

import ticketcore
from ticketcore import Actor, BuyerDetails, ManualClock, OrderState, TicketKind, TicketState, TicketcoreError

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
ORDER_HOLD = timedelta(hours=2)
SCOPES = {"events:read", "events:write", "orders", "sales"}
BUYERS = 24


def micros(instant: datetime) -> int:
    return (instant - EPOCH) // timedelta(microseconds=1)


def from_micros(value: int) -> datetime:
    return EPOCH + timedelta(microseconds=value)


def owner(entity_id: str, workers: int) -> int:
    return int(entity_id[-1], 16) % workers


def buyer_details(number: int) -> BuyerDetails:
    return BuyerDetails(f"Buyer {number}", f"buyer{number}@example.com")


def order_json(order: ticketcore.BuyOrder) -> dict[str, Any]:
    return {
        "order_id": order.id,
        "state": order.state.name,
        "total": order.total.minor,
        "lines": [[line.ticket_specification_id, line.amount, line.total.minor] for line in order.event_tickets],
        "expires": micros(order.expires),
        "ticket_ids": list(order.ticket_ids),
        "charge": order.charge_session_id,
        "pwc": order.paid_without_capacity,
        "promo": order.promo_code,
    }


def ticket_json(ticket: ticketcore.EventTicket) -> dict[str, Any]:
    return {
        "ticket_id": ticket.id,
        "spec": ticket.ticket_specification_id,
        "kind": ticket.kind.name,
        "state": ticket.state.name,
        "holder_email": ticket.holder_email,
        "note": ticket.note,
        "order_id": ticket.order_id,
    }


class Worker:
    def __init__(self, config: dict[str, Any]) -> None:
        self.config = config
        self.worker: int = config["worker"]
        self.workers: int = config["workers"]
        self.run: int = config["run"]
        self.rng = random.Random(f"{config['seed']}/{self.run}/{self.worker}")
        self.clock = ManualClock(from_micros(config["clock_start"]))
        actor = Actor(f"crash-w{self.worker}", config["organization_id"], SCOPES)
        self.store = ticketcore.open(config["path"], actor=actor, clock=self.clock, order_hold=ORDER_HOLD)
        self.event_id: str = config["event_id"]
        self.step = 0
        self.specs = {spec.name: spec.id for spec in self.store.specifications.list(self.event_id)}
        self.pending: list[ticketcore.BuyOrder] = []
        self.expired: list[ticketcore.BuyOrder] = []
        self.unactivated: list[str] = []
        self.promo_codes: list[str] = [code.code for code in ticketcore.every(self.store.promo_codes.list, self.event_id)]
        start = self.clock.now()   # what another worker of this run makes is not ours to touch
        for order in ticketcore.every(self.store.orders.list, self.event_id):
            if owner(order.id, self.workers) != self.worker or order.created >= start:
                continue
            if order.state is OrderState.PENDING:
                self.pending.append(order)
            elif order.state is OrderState.EXPIRED and order.charge_session_id is None:
                self.expired.append(order)
        for ticket in ticketcore.every(self.store.tickets.list, self.event_id):
            if (ticket.kind is TicketKind.PRE_GENERATED and ticket.state is TicketState.UNACTIVATED
                    and owner(ticket.id, self.workers) == self.worker and ticket.created < start):
                self.unactivated.append(ticket.id)

    # --- output --------------------------------------------------------------------------------

    def emit(self, line: dict[str, Any]) -> None:
        sys.stdout.write(json.dumps(line, separators=(",", ":")) + "\n")
        sys.stdout.flush()

    def intent(self, op: str, **fields: Any) -> int:
        self.step += 1
        self.emit({"i": self.step, "w": self.worker, "op": op, "at": micros(self.clock.now()), **fields})
        return self.step

    def ack(self, step: int, **fields: Any) -> None:
        self.emit({"a": step, "w": self.worker, **fields})

    # --- operations ----------------------------------------------------------------------------

    def place(self, params: dict[str, Any] | None = None) -> None:
        if params is None:
            names = ["Member", "Guest", "Front"]
            lines = self.rng.choice([1, 1, 2])
            items = [[self.specs[self.rng.choice(names)], self.rng.randint(1, 3)] for _ in range(lines)]
            promo = self.rng.choice(self.promo_codes) if self.promo_codes and self.rng.random() < 0.25 else None
            key = f"r{self.run}-w{self.worker}-{self.step + 1}"
            params = {"key": key, "buyer": self.rng.randrange(BUYERS), "items": items, "promo": promo}
        step = self.intent("place", **params)
        try:
            order = self.store.orders.place(
                self.event_id, buyer=buyer_details(params["buyer"]), items=[tuple(i) for i in params["items"]],
                promo_code=params["promo"], comment=params["key"], payment_gateway="stripe",
                idempotency_key=params["key"],
            )
        except (ticketcore.CapacityError, ticketcore.ConflictError) as error:
            self.ack(step, refused=error.code)
            return
        self.ack(step, **order_json(order))
        # A retried place whose first try committed replays an order this worker already loaded
        # as pending at start: it must not be tracked twice (the second copy would be paid again).
        known = any(held.id == order.id for held in self.pending)
        if order.state is OrderState.PENDING and owner(order.id, self.workers) == self.worker and not known:
            self.pending.append(order)

    def confirm(self) -> None:
        order = self.pending.pop(self.rng.randrange(len(self.pending)))
        ref = f"pi-{order.id}"
        step = self.intent("confirm", order_id=order.id, ref=ref)
        paid = self.store.orders.confirm_payment(order.id, payment_ref=ref, gateway="stripe", amount=order.total)
        self.ack(step, **order_json(paid))

    def late_payment(self) -> None:
        order = self.expired.pop(self.rng.randrange(len(self.expired)))
        ref = f"pi-late-{order.id}"
        step = self.intent("confirm", order_id=order.id, ref=ref)
        paid = self.store.orders.confirm_payment(order.id, payment_ref=ref, gateway="stripe", amount=order.total.minor)
        self.ack(step, **order_json(paid))

    def cancel(self) -> None:
        order = self.pending.pop(self.rng.randrange(len(self.pending)))
        step = self.intent("cancel", order_id=order.id)
        try:
            cancelled = self.store.orders.cancel(order.id)
        except ticketcore.ConflictError as error:   # swept meanwhile by another worker's clock
            self.ack(step, refused=error.code)
            return
        self.ack(step, **order_json(cancelled))

    def comp(self) -> None:
        spec = self.specs[self.rng.choice(["Member", "Guest"])]
        holders = [(f"guest{self.rng.randrange(100)}@example.com", f"Guest {n}") for n in range(self.rng.randint(1, 2))]
        note = f"comp r{self.run}-w{self.worker}-{self.step + 1}"
        step = self.intent("comp", spec=spec, holders=holders, note=note)
        try:
            tickets = self.store.tickets.comp(self.event_id, spec, holders=holders, note=note)
        except ticketcore.CapacityError as error:
            self.ack(step, refused=error.code)
            return
        self.ack(step, tickets=[ticket_json(ticket) for ticket in tickets])

    def pre_generate(self) -> None:
        spec = self.specs[self.rng.choice(["Member", "Guest"])]
        quantity = self.rng.randint(1, 3)
        step = self.intent("pre_generate", spec=spec, quantity=quantity)
        try:
            tickets = self.store.tickets.pre_generate(self.event_id, spec, quantity=quantity)
        except ticketcore.CapacityError as error:
            self.ack(step, refused=error.code)
            return
        self.ack(step, tickets=[ticket_json(ticket) for ticket in tickets])
        self.unactivated.extend(t.id for t in tickets if owner(t.id, self.workers) == self.worker)

    def activate(self) -> None:
        ticket_id = self.unactivated.pop(self.rng.randrange(len(self.unactivated)))
        ticket = self.store.tickets.get(ticket_id)
        spec = self.store.specifications.get(ticket.ticket_specification_id)
        amount = spec.price + spec.ticket_platform_fee + spec.percentage_fee_amount
        email = f"walkup{self.rng.randrange(50)}@example.com"
        step = self.intent("activate", ticket_id=ticket_id, holder_email=email, amount=amount.minor)
        sold = self.store.tickets.activate(ticket_id, holder_email=email, holder_name="Walk-up", amount=amount,
                                           method="card", reference=f"till-{step}")
        self.ack(step, **ticket_json(sold))

    def promo_code(self) -> None:
        code = f"P{self.run}W{self.worker}S{self.step + 1}"
        percent = self.rng.choice([None, 1000, 2500])
        amount = None if percent is not None else self.rng.choice([1000, 5000])
        limit = self.rng.choice([None, 2, 5])
        step = self.intent("promo_code", code=code)
        created = self.store.promo_codes.create(self.event_id, code, percent_off=percent, amount_off=amount,
                                                usage_limit=limit)
        self.ack(step, promo_id=created.id, code=created.code, percent_off=created.percent_off,
                 amount_off=None if created.amount_off is None else created.amount_off.minor, usage_limit=limit)
        self.promo_codes.append(code)

    def toggle_front(self) -> None:
        """A catalogue change: the small Front specification is taken off sale or put back."""
        spec = self.specs["Front"]
        active = not self.store.specifications.get(spec).is_active
        step = self.intent("set_active", spec=spec, active=active)
        changed = self.store.specifications.set_active(spec, active)
        self.ack(step, spec=changed.id, active=changed.is_active)

    def expire_due(self) -> None:
        step = self.intent("expire_due")
        expired = self.store.orders.expire_due()
        self.ack(step, expired=expired)
        gone = set(expired)
        self.expired.extend(order for order in self.pending if order.id in gone)
        self.pending = [order for order in self.pending if order.id not in gone]

    def forget_expired_holds(self) -> None:
        """Orders whose hold ran out on this worker's clock move to the late-payment list."""
        now = self.clock.now()
        for order in [order for order in self.pending if order.expires <= now]:
            self.pending.remove(order)
            self.expired.append(order)

    def one(self) -> None:
        self.clock.advance(timedelta(seconds=self.rng.randint(1, 30)) if self.rng.random() < 0.97
                           else timedelta(minutes=self.rng.randint(30, 90)))
        self.forget_expired_holds()
        choices: list[tuple[float, Any]] = [(34, self.place), (6, self.comp), (6, self.pre_generate), (2, self.expire_due)]
        if self.pending:
            choices += [(20, self.confirm), (9, self.cancel)]
        if self.expired:
            choices.append((4, self.late_payment))
        if self.unactivated:
            choices.append((9, self.activate))
        if self.worker == 0:   # catalogue changes only where one process owns them
            choices += [(2, self.promo_code), (2, self.toggle_front)]
        total = sum(weight for weight, _ in choices)
        pick = self.rng.uniform(0, total)
        for weight, call in choices:
            pick -= weight
            if pick <= 0:
                call()
                return
        choices[-1][1]()


def main() -> None:
    config = json.loads(sys.argv[1])
    worker = Worker(config)
    worker.emit({"ready": True, "w": worker.worker, "pid_run": config["run"]})
    for params in config.get("retry", []):   # places a kill interrupted, retried with their keys
        worker.place(params)
    limit = config.get("ops")
    while limit is None or worker.step < limit:
        try:
            worker.one()
        except TicketcoreError as error:   # an unexpected refusal: report it and stop
            worker.emit({"error": error.code, "message": str(error), "w": worker.worker})
            raise


if __name__ == "__main__":
    main()
