"""Process bodies for test_oversell.py: each spawned process opens the store itself (a SQLite file
or a PostgreSQL URL) and races its threads for the same tickets. Importable by the spawn start
method, hence its own module."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import timedelta
from multiprocessing.synchronize import Barrier

import ticketcore
from ticketcore import Actor, BuyerDetails
from ticketcore._core import _testing


@dataclass(frozen=True)
class Outcome:
    """What one process achieved: orders placed, orders paid, and refusals by reason."""

    placed: int
    paid: int
    sold_out: int
    per_user: int


_processes_ready: Barrier | None = None


def share_barrier(barrier: Barrier) -> None:
    """The pool's initializer: the barrier every racing process waits at once its store is open,
    so no process sells out before another has started (spawning one, under the sanitizers,
    takes longer than a whole race)."""
    global _processes_ready
    _processes_ready = barrier


def race(
    path: str,
    organization_id: str,
    event_id: str,
    specification_ids: list[str],
    process_index: int,
    threads: int,
    attempts: int,
    buyers: int,
    guard_disabled: bool,
) -> Outcome:
    """``threads`` threads each try ``attempts`` orders of one ticket, cycling over the specs and
    over ``buyers`` shared buyers; every second order is paid, the rest are left to expire."""
    _testing.set_capacity_guard_disabled(guard_disabled, 3000 if guard_disabled else 0)
    actor = Actor(f"worker-{process_index}", organization_id, {"orders", "events:read"})
    store = ticketcore.open(path, actor=actor, order_hold=timedelta(seconds=30))
    counts = {"placed": 0, "paid": 0, "sold_out": 0, "per_user": 0}
    lock = threading.Lock()
    barrier = threading.Barrier(threads)
    if _processes_ready is not None:
        _processes_ready.wait(timeout=120)

    def body(thread_index: int) -> None:
        barrier.wait(timeout=30)
        for attempt in range(attempts):
            number = (process_index * threads + thread_index) * attempts + attempt
            buyer_number = number % buyers
            buyer = BuyerDetails(f"Buyer {buyer_number}", f"buyer{buyer_number}@example.com")
            spec_id = specification_ids[number % len(specification_ids)]
            try:
                order = store.orders.place(event_id, buyer=buyer, items=[(spec_id, 1)])
            except ticketcore.CapacityError as error:
                with lock:
                    counts["per_user" if error.code == "too_many_tickets_per_user" else "sold_out"] += 1
                continue
            paid = 0
            if number % 2 == 0:
                store.orders.confirm_payment(order.id, payment_ref=f"pay-{order.id}", gateway="test", amount=order.total)
                paid = 1
            with lock:
                counts["placed"] += 1
                counts["paid"] += paid

    workers = [threading.Thread(target=body, args=(index,)) for index in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    _testing.set_capacity_guard_disabled(False)
    return Outcome(**counts)

