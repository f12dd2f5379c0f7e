"""Process bodies for test_products.py's oversell race: each spawned process opens the store itself
(a SQLite file or a PostgreSQL URL) and races its threads for the same product's stock, through
the path the box office's sales take it by (the test hook ``_testing.claim_product``). Importable
by the spawn start method, hence its own module."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from multiprocessing.synchronize import Barrier

import ticketcore
from ticketcore import Actor
from ticketcore._core import _testing


@dataclass(frozen=True)
class ProductOutcome:
    """What one process achieved: claims that took stock, claims refused as sold out (with the
    refusals' messages), and anything else that went wrong."""

    taken: int
    sold_out: int
    messages: frozenset[str]
    unexpected: tuple[str, ...]


_processes_ready: Barrier | None = None


def share_product_barrier(barrier: Barrier) -> None:
    """The pool's initializer: every racing process waits at this barrier once its store is open,
    so that none takes the stock before another has started."""
    global _processes_ready
    _processes_ready = barrier


def race_for_product(path: str, organization_id: str, product_id: str, process_index: int, threads: int,
                     attempts: int, guard_disabled: bool) -> ProductOutcome:
    """``threads`` threads each claim one of the product ``attempts`` times, as sold. With
    ``guard_disabled`` the stock is checked on a snapshot, 3 ms pass, and it is taken
    unconditionally (the naive check-then-take)."""
    _testing.set_product_guard_disabled(guard_disabled, 3000 if guard_disabled else 0)
    store = ticketcore.open(path, actor=Actor(f"till-{process_index}", organization_id, {"events:read", "sales"}))
    taken = sold_out = 0
    messages: set[str] = set()
    unexpected: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(threads)
    if _processes_ready is not None:
        _processes_ready.wait(timeout=120)

    def body() -> None:
        nonlocal taken, sold_out
        barrier.wait(timeout=30)
        for _ in range(attempts):
            try:
                _testing.claim_product(store, product_id, 1, sold=True)
            except ticketcore.CapacityError as error:
                with lock:
                    sold_out += 1
                    messages.add(str(error))
            except Exception as error:  # noqa: BLE001 - reported, not raised: the test lists it
                with lock:
                    unexpected.append(f"{type(error).__name__}: {error}")
            else:
                with lock:
                    taken += 1

    workers = [threading.Thread(target=body) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    _testing.set_product_guard_disabled(False)
    return ProductOutcome(taken, sold_out, frozenset(messages), tuple(unexpected))
