"""Process bodies for test_revocation_race.py: each spawned process opens the store itself (a
SQLite file or a PostgreSQL URL) and its threads cancel or transfer the same ticket at once.
Importable by the spawn start method, hence its own module."""

from __future__ import annotations

import threading
from multiprocessing.synchronize import Barrier

import ticketcore
from ticketcore import Actor
from ticketcore._core import _testing

_processes_ready: Barrier | None = None


def share_barrier(barrier: Barrier) -> None:
    """The pool's initializer: the barrier every racing process waits at once its store is open."""
    global _processes_ready
    _processes_ready = barrier


def revoke_race(
    path: str, organization_id: str, ticket_id: str, process_index: int, threads: int, guard_disabled: bool,
    transfers: bool,
) -> tuple[list[str], list[str]]:
    """``threads`` threads each cancel the ticket once (every second one transfers it instead
    when ``transfers``); returns what won ("cancel" / "transfer") and the codes of the refusals."""
    _testing.set_revocation_guard_disabled(guard_disabled, 200_000 if guard_disabled else 0)
    actor = Actor(f"worker-{process_index}", organization_id, {"events:read", "events:write"})
    store = ticketcore.open(path, actor=actor)
    wins: list[str] = []
    refusals: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(threads)
    if _processes_ready is not None:
        _processes_ready.wait(timeout=120)

    def body(thread_index: int) -> None:
        barrier.wait(timeout=30)
        number = process_index * threads + thread_index
        try:
            if transfers and number % 2:
                store.tickets.transfer(ticket_id, to_name=f"Sam {number}", to_email=f"sam{number}@example.com")
                won = "transfer"
            else:
                store.tickets.cancel(ticket_id)
                won = "cancel"
        except ticketcore.ConflictError as error:
            with lock:
                refusals.append(error.code)
            return
        with lock:
            wins.append(won)

    workers = [threading.Thread(target=body, args=(index,)) for index in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    _testing.set_revocation_guard_disabled(False, 0)
    return wins, refusals
