"""Crash test: a worker process (crash_worker.py) runs mixed operations on a file store with
durability="full" and prints each acknowledged result; it is killed with SIGKILL at random
moments, a third right after it announces an operation (inside that call), and the store is reopened and
checked against the acknowledgements after every kill (crash_check.py): every acknowledged
result is there exactly, the one operation each kill interrupted is there wholly or not at all,
nothing else was written, the counters agree with the ledger and SQLite's integrity_check is
clean. The same store is carried across all kills, so state accumulates. Every sixth run kills
two workers racing on the file.

On PostgreSQL (the engine parameter) the store is a schema of the test server and the workers
connect to it over TCP; after each kill the checker waits until the server has ended the killed
workers' sessions (found by their application_name), so a COMMIT a worker sent just before it
died has finished, one way or the other, before anything is read.

    TICKETCORE_CRASH_KILLS=200 python -m pytest -s tests/python/test_crash.py   # the long mode
    TICKETCORE_CRASH_SEED=123 ...                                            # another seed

The seed is printed in every failure message; the same seed replays the same choices (the kill
moments are the same too, though where they land depends on timing).
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import ticketcore
import pg_support
from crash_check import CrashModel, Run, is_postgres, parse_output, read_text, sqlite_integrity
from crash_worker import ORDER_HOLD, from_micros, micros
from helpers import CLOCK_START, add_spec, make_event, open_world, org_actor
from ticketcore import ManualClock

SEED = int(os.environ.get("TICKETCORE_CRASH_SEED", "20261201"))
KILLS = int(os.environ.get("TICKETCORE_CRASH_KILLS", "60"))
WORKER = Path(__file__).with_name("crash_worker.py")
RACE_EVERY = 6           # every sixth run has two workers on the file
READY_TIMEOUT = 60.0     # seconds for a worker to open the store
EXIT_TIMEOUT = 10.0      # seconds for a killed worker to be reaped
WORKER_SESSIONS = f"ticketcore_crash_{os.getpid()}"   # the workers' application_name on PostgreSQL


@dataclass(frozen=True)
class Arena:
    path: str
    organization_id: str
    event_id: str
    date_ids: list[str]
    spec_ids: dict[str, str]
    pool_id: str


def build_arena(path: Path | str) -> Arena:
    world = open_world(str(path), order_hold=ORDER_HOLD)
    store = world.store
    event = make_event(store, dates=2, platform_fee=500, percentage_fee=250)
    member = add_spec(store, event.id, "Member", price=25000, number_of_tickets_for_sale=2000,
                      maximum_number_of_tickets_per_user=40)
    guest = add_spec(store, event.id, "Guest", price=35000, number_of_tickets_for_sale=1500)
    front = add_spec(store, event.id, "Front", price=50000, number_of_tickets_for_sale=4)
    pool = store.pools.create(event.id, "Floor", size=3000, specification_ids=[member.id, guest.id])
    for spec in (member, guest, front):
        store.specifications.set_active(spec.id, True)
    event = store.events.publish(event.id)
    return Arena(str(path), world.organization_id, event.id, [d.id for d in event.dates],
                 {"Member": member.id, "Guest": guest.id, "Front": front.id}, pool.id)


def new_model(arena: Arena) -> CrashModel:
    model = CrashModel(arena.event_id, arena.date_ids, [arena.spec_ids["Member"], arena.spec_ids["Guest"]],
                       arena.pool_id)
    model.clock = micros(CLOCK_START)
    return model


def reader(arena: Arena, model: CrashModel) -> ticketcore.Store:
    """The store reopened at the latest instant any worker used, as a reader of the organization."""
    return ticketcore.open(arena.path, actor=org_actor(arena.organization_id, {"events:read"}, "checker"),
                           clock=ManualClock(from_micros(model.clock)), order_hold=ORDER_HOLD)


class Worker:
    """One worker process, its output in a file (a pipe could fill and block it)."""

    def __init__(self, arena: Arena, directory: Path, config: dict[str, Any]) -> None:
        self.index: int = config["worker"]
        self.out = directory / f"run{config['run']}-w{self.index}.out"
        self.err = directory / f"run{config['run']}-w{self.index}.err"
        path = pg_support.with_application_name(arena.path, WORKER_SESSIONS) if is_postgres(arena.path) else arena.path
        config = {"path": path, "organization_id": arena.organization_id, "event_id": arena.event_id} | config
        with self.out.open("w") as out, self.err.open("w") as err:
            self.process = subprocess.Popen([sys.executable, str(WORKER), json.dumps(config)], stdout=out,
                                            stderr=err, cwd=WORKER.parent)

    def wait_ready(self, deadline: float) -> None:
        while '"ready"' not in read_text(self.out):
            if self.process.poll() is not None:
                raise AssertionError(f"worker {self.index} exited with {self.process.returncode} before it was "
                                     f"ready: {read_text(self.err)[-2000:]}")
            if time.monotonic() > deadline:
                raise AssertionError(f"worker {self.index} not ready within {READY_TIMEOUT} s")
            time.sleep(0.002)

    def wait_intents(self, count: int, deadline: float) -> None:
        """Returns as soon as the worker has announced its ``count``-th operation."""
        while read_text(self.out).count('{"i":') < count:
            if self.process.poll() is not None:
                raise AssertionError(f"worker {self.index} exited with {self.process.returncode}: "
                                     f"{read_text(self.err)[-2000:]}")
            if time.monotonic() > deadline:
                raise AssertionError(f"worker {self.index} did not reach operation {count} within {READY_TIMEOUT} s")
            time.sleep(0.0005)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=EXIT_TIMEOUT)

    def finish(self, timeout: float) -> None:
        self.process.wait(timeout=timeout)
        assert self.process.returncode == 0, read_text(self.err)[-2000:]

    def output(self) -> Run:
        return parse_output(read_text(self.out), self.index)


def kill_plan(rng: random.Random) -> tuple[str, float]:
    """When to kill: ("start-up", seconds after the spawn), ("intent", n): as soon as the n-th
    intent line is out, so the kill lands inside that call, or ("ready", seconds after the worker
    is ready): a mix of very short delays, inside its first transactions, and longer ones after
    tens to hundreds of operations."""
    roll = rng.random()
    if roll < 0.08:
        return "start-up", rng.uniform(0.0, 0.25)   # interpreter, import, open, WAL recovery
    if roll < 0.38:
        return "intent", rng.randint(1, 40)
    if roll < 0.55:
        return "ready", rng.uniform(0.0, 0.004)
    if roll < 0.70:
        return "ready", rng.uniform(0.004, 0.05)
    if roll < 0.90:
        return "ready", rng.uniform(0.05, 0.3)
    return "ready", rng.uniform(0.3, 1.5)


def apply_runs(model: CrashModel, runs: list[Run], run_index: int) -> list[dict[str, Any]]:
    """Applies every ack; returns the interrupted intents (at most one per worker)."""
    in_flight = []
    for run in runs:
        assert not run.errors, f"worker {run.worker} of run {run_index} reported {run.errors}"
        for step, ack in sorted(run.acks.items()):
            model.apply(run.intents[step], ack, f"run {run_index} worker {run.worker} step {step}")
        pending = run.in_flight
        assert len(pending) <= 1, pending
        in_flight.extend(pending)
        for intent in pending:
            model.note_intent(intent)
    model.check_sweeps()
    return in_flight


def wait_for_worker_sessions_to_end(url: str) -> None:
    """On PostgreSQL, until the server has ended the sessions of the killed workers: a COMMIT a
    worker sent before it died may still be running, and the check must not read before it ends
    (the server rolls back what a closed connection left open)."""
    deadline = time.monotonic() + READY_TIMEOUT
    while (left := pg_support.sessions_named(url, WORKER_SESSIONS)) > 0:
        assert time.monotonic() < deadline, f"{left} sessions of killed workers still open after {READY_TIMEOUT} s"
        time.sleep(0.01)


def check_after_kill(arena: Arena, model: CrashModel, in_flight: list[dict[str, Any]], run_index: int) -> None:
    if is_postgres(arena.path):
        wait_for_worker_sessions_to_end(arena.path)
    problems = sqlite_integrity(arena.path)   # before anything reopens the file
    store = reader(arena, model)
    for intent in in_flight:
        model.resolve(store, intent, f"run {run_index} worker {intent['w']} step {intent['i']} (interrupted "
                                     f"{intent['op']})")
    problems += model.verify(store)
    problems += model.verify_outbox(arena.path)
    assert not problems, (f"TICKETCORE_CRASH_SEED={SEED}, after the kill of run {run_index}:\n  "
                          + "\n  ".join(problems[:40]))


def test_acknowledged_results_survive_sigkill(tmp_path: Path, shared_location: str, engine: str) -> None:
    # On PostgreSQL the workers' sessions are TCP connections to the server on loopback; the
    # server outlives every kill, and what a killed session left open is rolled back by it.
    arena = build_arena(shared_location)
    model = new_model(arena)
    rng = random.Random(SEED)
    retries: list[dict[str, Any]] = []
    started = time.monotonic()
    kills = landed_in_startup = 0
    workers: list[Worker] = []
    seen_states: set[str] = set()
    try:
        for run_index in range(KILLS):
            count = 2 if run_index % RACE_EVERY == RACE_EVERY - 1 else 1
            clock_start = model.clock + 1_000_000
            workers = [Worker(arena, tmp_path, {"seed": SEED, "run": run_index, "worker": w, "workers": count,
                                                "clock_start": clock_start,
                                                "retry": retries if count == 1 else []})
                       for w in range(count)]
            plan, value = kill_plan(rng)
            deadline = time.monotonic() + READY_TIMEOUT
            if plan == "start-up":
                time.sleep(value)
            elif plan == "intent":
                workers[0].wait_intents(int(value), deadline)
            else:
                for worker in workers:
                    worker.wait_ready(deadline)
                time.sleep(value)
            for worker in workers:
                assert worker.process.poll() is None, (
                    f"TICKETCORE_CRASH_SEED={SEED}: worker {worker.index} of run {run_index} exited by itself "
                    f"({worker.process.returncode}): {read_text(worker.err)[-2000:]}")
                worker.kill()
            kills += len(workers)
            runs = [worker.output() for worker in workers]
            landed_in_startup += sum(not run.ready for run in runs)
            in_flight = apply_runs(model, runs, run_index)
            check_after_kill(arena, model, in_flight, run_index)
            seen_states |= {model.effective(order) for order in model.orders.values()}
            if count == 1:
                retries = []
            # Interrupted places are retried with their keys by the next single worker (in a race
            # the other worker may pay the order meanwhile, and the acks would not say in which order).
            retries += [{k: intent[k] for k in ("key", "buyer", "items", "promo")}
                        for intent in in_flight if intent["op"] == "place"]
            workers = []
    finally:
        for worker in workers:
            worker.kill()
    elapsed = time.monotonic() - started
    print(f"\ncrash test on {engine}: seed {SEED}, {KILLS} runs, {kills} kills ({landed_in_startup} during start-up), "
          f"{model.acknowledged} acknowledged results, {model.resolved_committed} interrupted operations "
          f"committed and {model.resolved_rolled_back} not, {len(model.orders)} orders, "
          f"{len(model.tickets)} comp/door tickets, {elapsed:.1f} s\ninterrupted: {dict(sorted(model.interrupted.items()))}")
    assert kills >= KILLS
    # The mix did happen: without these the test would prove little. The states are those seen
    # after any kill: by the end a fast machine may have sold out and paid every held order late.
    assert {"PAID", "CANCELLED"} <= seen_states and seen_states & {"PENDING", "EXPIRED"}, seen_states
    assert model.resolved_committed > 0 and model.resolved_rolled_back > 0
    assert model.acknowledged > 5 * KILLS


# --- the checker can fail --------------------------------------------------------------------


def run_to_completion(arena: Arena, directory: Path, model: CrashModel, ops: int) -> None:
    worker = Worker(arena, directory, {"seed": SEED, "run": 0, "worker": 0, "workers": 1,
                                       "clock_start": model.clock + 1_000_000, "retry": [], "ops": ops})
    try:
        worker.finish(timeout=120)
    finally:
        worker.kill()
    assert apply_runs(model, [worker.output()], 0) == []


# SQLite only: the tests of the checker change the file behind the store's back with sqlite3 and run PRAGMA integrity_check.
@pytest.fixture
def completed(tmp_path: Path) -> tuple[Arena, CrashModel]:
    """A store after 150 operations of one worker that was not killed, and its model."""
    arena = build_arena(tmp_path / "clean.db")
    model = new_model(arena)
    run_to_completion(arena, tmp_path, model, ops=150)
    assert model.verify(reader(arena, model)) == []
    assert model.verify_outbox(arena.path) == []
    assert sqlite_integrity(arena.path) == []
    return arena, model


def test_the_checker_reports_an_acknowledged_ticket_that_is_not_there(completed: tuple[Arena, CrashModel]) -> None:
    arena, model = completed
    member = arena.spec_ids["Member"]
    fake = "01900000-0000-7000-8000-00000000beef"
    intent = {"i": 999, "w": 0, "op": "comp", "at": model.clock, "spec": member,
              "holders": [["ghost@example.com", "Ghost"]], "note": "fabricated"}
    ack = {"a": 999, "w": 0, "tickets": [{"ticket_id": fake, "spec": member, "kind": "COMP", "state": "VALID",
                                          "holder_email": "ghost@example.com", "note": "fabricated",
                                          "order_id": None}]}
    store = reader(arena, model)
    spec = store.specifications.get(member)
    sold, reserved = spec.number_of_tickets_sold, spec.number_of_tickets_reserved
    model.apply(intent, ack, "fabricated ack")
    assert model.verify(store) == [
        f"ticket {fake} acknowledged (fabricated ack) is missing",
        f"specification Member: (sold, reserved) {(sold, reserved)}, acknowledged {(sold + 1, reserved)}",
        f"pool Floor: (sold, reserved) {(store.pools.get(arena.pool_id).sold, store.pools.get(arena.pool_id).reserved)}"
        f", acknowledged {(store.pools.get(arena.pool_id).sold + 1, store.pools.get(arena.pool_id).reserved)}",
        f"no audit row tickets.comp for {member} (fabricated ack)",
    ]
    assert model.verify_outbox(arena.path) == [f"outbox: 0 tickets.issued events for {fake}, acknowledged 1"]


def test_the_checker_reports_a_ticket_deleted_behind_its_back(completed: tuple[Arena, CrashModel]) -> None:
    arena, model = completed
    paid = [(order_id, order) for order_id, order in model.orders.items()
            if order["state"] == "PAID" and len(order["lines"]) == 1 and order["lines"][0][1] > 1]
    assert paid, "the run paid no order of several tickets of one specification"
    order_id, order = paid[0]
    [[spec, amount, _]] = order["lines"]
    victim = sorted(order["ticket_ids"])[0]
    connection = sqlite3.connect(arena.path)
    try:
        with connection:
            connection.execute("DELETE FROM ticket_date WHERE ticket_id = ?", (victim,))
            connection.execute("DELETE FROM ticket WHERE id = ?", (victim,))
    finally:
        connection.close()
    store = reader(arena, model)
    assert store.check_integrity().ok   # the ledger still has the claim: only the checker sees it
    origin = order["origin"]
    assert model.verify(store) == [
        f"order {order_id} ({origin}): ticket_ids is {sorted(order['ticket_ids'])[1:]!r}, "
        f"acknowledged {sorted(order['ticket_ids'])!r}",
        f"order {order_id} ({origin}): tickets per specification { {spec: amount - 1} }, lines {order['lines']}",
        f"ticket {victim} acknowledged ({origin}) is missing",
    ]


def test_the_checker_reports_half_an_interrupted_comp(completed: tuple[Arena, CrashModel]) -> None:
    """An interrupted comp of two holders of which the store has one ticket is half-written."""
    arena, model = completed
    by_note: dict[str, list[dict[str, Any]]] = {}
    for ticket in model.tickets.values():
        if ticket["kind"] == "COMP":
            by_note.setdefault(ticket["note"], []).append(ticket)
    pairs = [tickets for tickets in by_note.values() if len(tickets) == 2]
    assert pairs, "the run made no comp of two holders"
    first, second = sorted(pairs[0], key=lambda t: t["ticket_id"])
    # Forget the ack, as if the kill had landed before it was printed, and lose one ticket.
    for ticket in (first, second):
        del model.tickets[ticket["ticket_id"]]
    model.expected_audit = [row for row in model.expected_audit
                            if row[2] != tuple(sorted([first["ticket_id"], second["ticket_id"]]))]
    connection = sqlite3.connect(arena.path)
    try:
        with connection:
            connection.execute("DELETE FROM ticket_date WHERE ticket_id = ?", (second["ticket_id"],))
            connection.execute("DELETE FROM ticket WHERE id = ?", (second["ticket_id"],))
    finally:
        connection.close()
    intent = {"i": 999, "w": 0, "op": "comp", "at": model.clock, "spec": first["spec"], "note": first["note"],
              "holders": [[first["holder_email"], "Guest 0"], [second["holder_email"], "Guest 1"]]}
    store = reader(arena, model)
    assert model.resolve(store, intent, "interrupted comp")
    assert model.problems[0] == "interrupted comp: half a comp: 1 of 2 tickets"
    assert model.verify(store)[0] == model.problems[0]
