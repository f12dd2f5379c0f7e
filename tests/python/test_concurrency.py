"""One store shared by threads, and one file shared by processes: every write lands, and capacity is
never oversold."""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from helpers import World, add_spec, add_specs_in_process, claim, claim_in_process, make_event, open_world
from ticketcore import CapacityError, StorageError, Store

THREADS = 8


def run_in_threads(count: int, work: Callable[[int], None]) -> list[BaseException]:
    """Runs work(index) in `count` threads started together; returns the unexpected errors."""
    barrier = threading.Barrier(count)
    errors: list[BaseException] = []
    lock = threading.Lock()

    def body(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            work(index)
        except BaseException as error:  # noqa: BLE001 - reported by the test
            with lock:
                errors.append(error)

    threads = [threading.Thread(target=body, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    return errors


def contend_for_quota(store: Store, spec_id: str, claims_per_thread: int) -> tuple[int, int, list[BaseException]]:
    taken = [0] * THREADS
    refused = [0] * THREADS

    def work(index: int) -> None:
        for _ in range(claims_per_thread):
            try:
                claim(store, spec_id, 1, sold=index % 2 == 0)
            except CapacityError as error:
                assert error.code in ("sold_out", "pool_sold_out")
                refused[index] += 1
            else:
                taken[index] += 1

    errors = run_in_threads(THREADS, work)
    return sum(taken), sum(refused), errors


def test_threads_adding_specifications_all_land(file_world: World) -> None:
    store = file_world.store
    event = make_event(store)
    ids: list[list[str]] = [[] for _ in range(THREADS)]

    def work(index: int) -> None:
        for number in range(10):
            ids[index].append(add_spec(store, event.id, f"Thread {index} spec {number}", price=0).id)

    assert run_in_threads(THREADS, work) == []
    listed = store.specifications.list(event.id)
    assert len(listed) == THREADS * 10
    assert {spec.id for spec in listed} == {spec_id for chunk in ids for spec_id in chunk}
    assert len(store.audit(operation="specification.add", limit=1000)) == THREADS * 10
    for spec in listed:
        assert spec.event_date_ids == tuple(d.id for d in event.dates)


@pytest.mark.parametrize("where", ["file", "memory"])
def test_threads_never_oversell_a_quota(tmp_path: Path, where: str) -> None:
    world = open_world(str(tmp_path / "quota.db") if where == "file" else ":memory:")
    store = world.store
    event = make_event(store)
    spec = add_spec(store, event.id, number_of_tickets_for_sale=50)
    taken, refused, errors = contend_for_quota(store, spec.id, 20)
    assert errors == []
    assert (taken, refused) == (50, THREADS * 20 - 50)
    final = store.specifications.get(spec.id)
    assert final.number_of_tickets_sold + final.number_of_tickets_reserved == 50
    assert final.available == 0
    assert store.check_integrity().ok


def test_threads_never_oversell_a_shared_pool(file_world: World) -> None:
    store = file_world.store
    event = make_event(store)
    member = add_spec(store, event.id, "Member", number_of_tickets_for_sale=40)
    guest = add_spec(store, event.id, "Guest", number_of_tickets_for_sale=40)
    pool = store.pools.create(event.id, "Hall", size=30, specification_ids=[member.id, guest.id])
    taken = [0] * THREADS

    def work(index: int) -> None:
        spec_id = member.id if index % 2 else guest.id
        for _ in range(10):
            try:
                claim(store, spec_id, 1)
            except CapacityError:
                pass
            else:
                taken[index] += 1

    assert run_in_threads(THREADS, work) == []
    assert sum(taken) == 30
    hall = store.pools.get(pool.id)
    assert (hall.sold, hall.available) == (30, 0)
    counts = [store.specifications.get(s).number_of_tickets_sold for s in (member.id, guest.id)]
    assert sum(counts) == 30
    assert store.check_integrity().ok


def test_threads_mixing_reads_and_writes(file_world: World) -> None:
    store = file_world.store
    event = make_event(store)
    spec = add_spec(store, event.id, number_of_tickets_for_sale=1000)
    seen: list[int] = []

    def work(index: int) -> None:
        for _ in range(10):
            if index % 2:
                claim(store, spec.id, 1)
            else:
                current = store.specifications.get(spec.id)
                assert current.number_of_tickets_sold + (current.available or 0) == 1000
                seen.append(current.number_of_tickets_sold)

    assert run_in_threads(THREADS, work) == []
    assert store.specifications.get(spec.id).number_of_tickets_sold == (THREADS // 2) * 10
    assert all(0 <= value <= 40 for value in seen)


def test_processes_never_oversell_a_quota(shared_location: str) -> None:
    path = shared_location  # a SQLite file, or a PostgreSQL schema each process reaches over TCP
    world = open_world(path)
    event = make_event(world.store)
    spec = add_spec(world.store, event.id, number_of_tickets_for_sale=50)
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=3, mp_context=context) as pool:
        futures = [pool.submit(claim_in_process, path, world.organization_id, spec.id, 25) for _ in range(3)]
        results = [future.result(timeout=120) for future in futures]
    assert sum(taken for taken, _ in results) == 50
    assert sum(refused for _, refused in results) == 3 * 25 - 50
    final = world.store.specifications.get(spec.id)
    assert (final.number_of_tickets_sold, final.available) == (50, 0)
    assert world.store.check_integrity().ok


def test_processes_adding_specifications_all_land(shared_location: str) -> None:
    path = shared_location
    world = open_world(path)
    event = make_event(world.store)
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
        futures = [
            pool.submit(add_specs_in_process, path, world.organization_id, event.id, f"Process {index}", 10)
            for index in range(2)
        ]
        created = [spec_id for future in futures for spec_id in future.result(timeout=120)]
    listed = world.store.specifications.list(event.id)
    assert len(created) == len(set(created)) == 20
    assert {spec.id for spec in listed} == set(created)
    assert {row.actor_id for row in world.store.audit(operation="specification.add", limit=1000)} == {"worker"}
    assert world.store.check_integrity().ok


def claim_after_fork(store: Store, spec_id: str) -> int:
    """Forks; the child claims 2 tickets through the parent's store. Returns the child's exit code:
    0 claimed, 3 StorageError 'forked', 4 anything else."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        code = 4
        try:
            claim(store, spec_id, 2)
            code = 0
        except StorageError as error:
            code = 3 if error.code == "forked" else 4
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork()")
def test_a_file_store_keeps_working_in_a_forked_child(file_world: World) -> None:
    store = file_world.store
    spec = add_spec(store, make_event(store).id, number_of_tickets_for_sale=5)
    claim(store, spec.id, 1)
    assert claim_after_fork(store, spec.id) == 0
    assert store.specifications.get(spec.id).number_of_tickets_sold == 3
    claim(store, spec.id, 1)  # the parent's connections are unharmed
    assert store.specifications.get(spec.id).available == 1


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork()")
def test_an_in_memory_store_refuses_work_after_fork(world: World, engine: str) -> None:
    """SQLite's ":memory:" is the one connection, which a child cannot share: refused. A
    PostgreSQL store is a server's: the child opens its own connections and works."""
    store = world.store
    spec = add_spec(store, make_event(store).id, number_of_tickets_for_sale=5)
    if engine == "sqlite":
        assert claim_after_fork(store, spec.id) == 3
        assert store.specifications.get(spec.id).number_of_tickets_sold == 0
        claim(store, spec.id, 1)
        assert store.specifications.get(spec.id).number_of_tickets_sold == 1
    else:
        assert claim_after_fork(store, spec.id) == 0
        assert store.specifications.get(spec.id).number_of_tickets_sold == 2
        claim(store, spec.id, 1)
        assert store.specifications.get(spec.id).number_of_tickets_sold == 3
