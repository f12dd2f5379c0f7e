"""Process bodies for test_seatmaps.py: each spawned process opens the store itself (a SQLite file
or a PostgreSQL URL) and races its threads for the same seat, or the same volume. Importable by the
spawn start method, hence its own module."""

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


def race(
    path: str,
    organization_id: str,
    seatmap_id: str,
    target_id: str,
    specification_id: str,
    volume_quantity: int,
    threads: int,
    guard_disabled: bool,
) -> tuple[int, dict[str, int]]:
    """``threads`` threads each claim once: the seat ``target_id`` (``volume_quantity`` 0), or
    ``volume_quantity`` places of the volume ``target_id``. Returns (claims made, refusals by code)."""
    _testing.set_seat_guard_disabled(guard_disabled, 50_000 if guard_disabled else 0)
    store = ticketcore.open(path, actor=Actor("box-office", organization_id, {"events:read", "events:write"}))
    claimed = 0
    refused: dict[str, int] = {}
    lock = threading.Lock()
    barrier = threading.Barrier(threads)
    if _processes_ready is not None:
        _processes_ready.wait(timeout=120)

    def body() -> None:
        nonlocal claimed
        barrier.wait(timeout=30)
        try:
            if volume_quantity:
                _testing.claim_volume(store, seatmap_id, target_id, specification_id, volume_quantity, sold=True)
            else:
                _testing.claim_seat(store, seatmap_id, target_id, specification_id, sold=True)
        except ticketcore.CapacityError as error:
            with lock:
                refused[error.code] = refused.get(error.code, 0) + 1
            return
        with lock:
            claimed += 1

    workers = [threading.Thread(target=body) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    _testing.set_seat_guard_disabled(False, 0)
    return claimed, refused
