"""One store shared by threads, and one file shared by processes: every write lands, and capacity is
never oversold."""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

import pytest

import ticketcore
from helpers import (
    Outcome,
    World,
    add_spec,
    add_specs_in_process,
    claim,
    claim_in_process,
    confirm_in_process,
    counts,
    make_event,
    open_world,
    outbox_topics,
    place,
    place_in_process,
    refused,
    shop_store,
    spec_on_sale,
)
from ticketcore import CapacityError, ConflictError, OrderState, StorageError, Store

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


@pytest.mark.parametrize("where", ["shared", "single"])
def test_threads_never_oversell_a_quota(request: pytest.FixtureRequest, engine: str, where: str) -> None:
    # A database several connections share (a SQLite file), and one that is a single connection
    # (SQLite's ":memory:"); on PostgreSQL both are a schema of the server.
    world = open_world(request.getfixturevalue("shared_location" if where == "shared" else "location"))
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


# --- one idempotency key, raced by processes ------------------------------------------------
# There is no test hook that switches the idempotency check off (only the capacity guard has
# one), so these show that the key holds under the race, not the duplicate a store without it
# would make.

RACERS = 4


def race(world: World, work: Callable[..., Outcome], requests: list[tuple[object, ...]]) -> list[Outcome]:
    """Runs work(location, organization_id, now, barrier, *request) for each request, each in a
    process of its own with its own store (on a clock at the world's now), released together by
    one barrier."""
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager:
        start = manager.Barrier(len(requests))
        with ProcessPoolExecutor(max_workers=len(requests), mp_context=context) as pool:
            futures = [pool.submit(work, world.platform.path, world.organization_id, world.clock.now(), start, *request)
                       for request in requests]
            return [future.result(timeout=120) for future in futures]


def reused(key: str) -> Outcome:
    return ("error", "ConflictError", "idempotency_key_reused",
            f"Idempotency key '{key}' was already used with different parameters")


def test_processes_placing_with_one_key_make_one_order(file_world: World) -> None:
    shop = shop_store(file_world)
    event = make_event(shop, published=True)
    spec = spec_on_sale(shop, event.id, number_of_tickets_for_sale=100)
    outcomes = race(file_world, place_in_process,
                    [(event.id, [(spec.id, 2)], "cart-1")] * RACERS)
    orders = list(ticketcore.every(shop.orders.list, event.id))
    assert len(orders) == 1
    assert outcomes == [("order", shop.orders.get(orders[0].id))] * RACERS
    assert counts(shop, spec.id) == (0, 2, 98)
    assert len(shop.audit(operation="order.place", limit=1000)) == 1
    assert outbox_topics(shop) == ["order.placed"]
    # Afterwards too: the key answers its own request with that order and refuses any other.
    assert place(shop, event.id, [(spec.id, 2)], idempotency_key="cart-1") == orders[0]
    refused(shop, lambda: place(shop, event.id, [(spec.id, 3)], idempotency_key="cart-1"), ConflictError,
            "idempotency_key_reused", "Idempotency key 'cart-1' was already used with different parameters")


def test_processes_placing_different_requests_with_one_key(file_world: World) -> None:
    """One caller asks for 3 tickets where the others ask for 2, all with the same key: whichever
    request lands first makes the one order, and every caller of the other request is refused."""
    shop = shop_store(file_world)
    event = make_event(shop, published=True)
    spec = spec_on_sale(shop, event.id, number_of_tickets_for_sale=100)
    requests: list[tuple[object, ...]] = [(event.id, [(spec.id, 2)], "cart-2")] * (RACERS - 1)
    requests.append((event.id, [(spec.id, 3)], "cart-2"))
    outcomes = race(file_world, place_in_process, requests)
    (order,) = ticketcore.every(shop.orders.list, event.id)
    won = [index for index, outcome in enumerate(outcomes) if outcome[0] == "order"]
    quantity = order.event_tickets[0].amount
    assert won == ([RACERS - 1] if quantity == 3 else list(range(RACERS - 1)))
    assert [outcomes[index] for index in won] == [("order", order)] * len(won)
    assert [outcome for outcome in outcomes if outcome[0] != "order"] == [reused("cart-2")] * (RACERS - len(won))
    assert counts(shop, spec.id) == (0, quantity, 100 - quantity)
    assert len(shop.audit(operation="order.place", limit=1000)) == 1


def test_processes_confirming_one_payment_with_one_key_pay_once(file_world: World) -> None:
    shop = shop_store(file_world)
    event = make_event(shop, published=True)
    spec = spec_on_sale(shop, event.id, number_of_tickets_for_sale=100)
    order = place(shop, event.id, [(spec.id, 2)])
    amount = order.total.minor
    outcomes = race(file_world, confirm_in_process,
                    [(order.id, "pi_1", amount, "pay-1")] * RACERS)
    paid = shop.orders.get(order.id)
    assert (paid.state, paid.charge_session_id, len(paid.ticket_ids)) == (OrderState.PAID, "pi_1", 2)
    assert outcomes == [("order", paid)] * RACERS
    tickets = list(ticketcore.every(shop.tickets.list, event.id))
    assert sorted(ticket.id for ticket in tickets) == sorted(paid.ticket_ids)
    assert counts(shop, spec.id) == (2, 0, 98)
    assert len(shop.audit(operation="order.confirm_payment", limit=1000)) == 1
    assert outbox_topics(shop) == ["order.placed", "tickets.issued"]
    refused(shop, lambda: shop.orders.confirm_payment(order.id, payment_ref="pi_2", gateway="stripe", amount=amount,
                                                      idempotency_key="pay-1"),
            ConflictError, "idempotency_key_reused", "Idempotency key 'pay-1' was already used with different parameters")


def test_processes_confirming_different_payments_with_one_key(file_world: World) -> None:
    """One caller confirms payment pi_2 where the others confirm pi_1, all with the same key: the
    payment that lands first is the one recorded, and every caller of the other is refused."""
    shop = shop_store(file_world)
    event = make_event(shop, published=True)
    spec = spec_on_sale(shop, event.id, number_of_tickets_for_sale=100)
    order = place(shop, event.id, [(spec.id, 2)])
    amount = order.total.minor
    requests: list[tuple[object, ...]] = [(order.id, "pi_1", amount, "pay-2")] * (RACERS - 1)
    requests.append((order.id, "pi_2", amount, "pay-2"))
    outcomes = race(file_world, confirm_in_process, requests)
    paid = shop.orders.get(order.id)
    won = [index for index, outcome in enumerate(outcomes) if outcome[0] == "order"]
    assert won == ([RACERS - 1] if paid.charge_session_id == "pi_2" else list(range(RACERS - 1)))
    assert [outcomes[index] for index in won] == [("order", paid)] * len(won)
    assert [outcome for outcome in outcomes if outcome[0] != "order"] == [reused("pay-2")] * (RACERS - len(won))
    assert (paid.state, len(paid.ticket_ids)) == (OrderState.PAID, 2)
    assert len(list(ticketcore.every(shop.tickets.list, event.id))) == 2
    assert counts(shop, spec.id) == (2, 0, 98)
    assert len(shop.audit(operation="order.confirm_payment", limit=1000)) == 1
