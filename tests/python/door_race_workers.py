"""Process bodies for test_door_race.py: each spawned process opens the store itself (a SQLite file
or a PostgreSQL URL) and its threads scan the same ticket at the same instant. Importable by the
spawn start method, hence its own module."""

from __future__ import annotations

import threading
from datetime import datetime
from multiprocessing.synchronize import Barrier

import ticketcore
from ticketcore import Actor
from ticketcore._core import _testing

_processes_ready: Barrier | None = None


def share_barrier(barrier: Barrier) -> None:
    """The pool's initializer: the barrier every scanning process waits at once its store is open."""
    global _processes_ready
    _processes_ready = barrier


def scan_together(path: str, organization_id: str, ticket_id: str, inspector_id: str, at: datetime,
                  process_index: int, round_index: int, threads: int, guard_disabled: bool) -> int:
    """``threads`` threads each redeem the ticket once (their own nonce); returns the admissions."""
    _testing.set_redeem_guard_disabled(guard_disabled, 200_000 if guard_disabled else 0)
    store = ticketcore.open(path, actor=Actor(f"scanner-{process_index}", organization_id, {"scan"}))
    admitted = 0
    errors: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(threads)
    if _processes_ready is not None:
        _processes_ready.wait(timeout=120)

    def body(thread_index: int) -> None:
        nonlocal admitted
        barrier.wait(timeout=30)
        try:
            scan = store.door.redeem(ticket_id, inspector_id=inspector_id, scan_point="main-door",
                                     nonce=f"race-{round_index}-{process_index}-{thread_index}", at=at)
        except ticketcore.TicketcoreError as error:  # pragma: no cover - reported to the test
            with lock:
                errors.append(f"{error.code}: {error}")
            return
        if scan.admitted:
            with lock:
                admitted += 1

    workers = [threading.Thread(target=body, args=(index,)) for index in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    _testing.set_redeem_guard_disabled(False)
    if errors:
        raise RuntimeError("; ".join(errors))
    return admitted
