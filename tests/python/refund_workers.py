"""Process bodies for the refund races of test_refunds.py: each spawned process opens the store
itself (a SQLite file or a PostgreSQL URL) and its threads start a refund of one ticket at the
same time. Importable by the spawn start method, hence its own module."""

from __future__ import annotations

import threading
from multiprocessing.synchronize import Barrier

import ticketcore
from ticketcore import Actor, ConflictError
from ticketcore._core import _testing

_processes_ready: Barrier | None = None


def share_barrier(barrier: Barrier) -> None:
    """The pool's initializer: the barrier every racing process waits at once its store is open."""
    global _processes_ready
    _processes_ready = barrier


def race_refunds(path: str, organization_id: str, ticket_id: str, process_index: int, threads: int,
                 guard_disabled: bool) -> tuple[int, int]:
    """``threads`` threads each start a refund of ``ticket_id``; returns (started, refused as a
    refund in progress or a refunded ticket)."""
    _testing.set_refund_guard_disabled(guard_disabled, 300_000 if guard_disabled else 0)
    store = ticketcore.open(path, actor=Actor(f"desk-{process_index}", organization_id, {"refunds", "events:read"}))
    counts = [0, 0]
    lock = threading.Lock()
    barrier = threading.Barrier(threads)
    if _processes_ready is not None:
        _processes_ready.wait(timeout=120)

    def body() -> None:
        barrier.wait(timeout=60)
        try:
            store.refunds.start(ticket_id=ticket_id)
            outcome = 0
        except ConflictError:
            outcome = 1
        with lock:
            counts[outcome] += 1

    workers = [threading.Thread(target=body) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    _testing.set_refund_guard_disabled(False, 0)
    return counts[0], counts[1]
