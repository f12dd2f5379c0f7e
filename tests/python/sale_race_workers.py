"""Process bodies for test_sales_seating.py: each spawned process opens the store itself (a SQLite
file or a PostgreSQL URL) and its threads, each at a box office of its own, race to sell the same
seat through store.sales. Importable by the spawn start method, hence its own module."""

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


def race_for_seat(path: str, organization_id: str, seatmap_id: str, seat_id: str, specification_id: str,
                  threads: int, guard_disabled: bool) -> tuple[list[str], dict[str, int]]:
    """``threads`` box offices each open a sale and add the seat. Returns (the sales that got it,
    refusals by code)."""
    _testing.set_seat_guard_disabled(guard_disabled, 50_000 if guard_disabled else 0)
    store = ticketcore.open(path, actor=Actor("till", organization_id, {"events:read", "sales"}))
    sales = [store.sales.create() for _ in range(threads)]
    won: list[str] = []
    refused: dict[str, int] = {}
    lock = threading.Lock()
    barrier = threading.Barrier(threads)
    if _processes_ready is not None:
        _processes_ready.wait(timeout=120)

    def body(sale_id: str) -> None:
        barrier.wait(timeout=30)
        try:
            store.sales.add_seat(sale_id, seatmap_id=seatmap_id, seat_id=seat_id, ticket_type_id=specification_id)
        except ticketcore.CapacityError as error:
            with lock:
                refused[error.code] = refused.get(error.code, 0) + 1
            return
        with lock:
            won.append(sale_id)

    workers = [threading.Thread(target=body, args=(sale.id,)) for sale in sales]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    _testing.set_seat_guard_disabled(False, 0)
    return won, refused
