"""Durable place + confirm on PostgreSQL: one caller against 8 concurrent callers in 2 processes.

Every measurement runs on a fresh schema of the server of URL (``CREATE SCHEMA`` through psql,
selected with the URL's ``options=-csearch_path%3D<schema>``, dropped after): one published
event with 8 specifications of a large capacity, then orders of 1-4 tickets, each for a buyer of
its own, placed and paid (``durability="full"``: ``synchronous_commit=on``). The callers are
spawned processes of threads, released together by a barrier once each has placed and paid two
warm-up orders (so its connection has prepared its statements); orders/s is every caller's
orders over the time from the first start to the last end. Measured: one caller (1 process x 1
thread), 8 callers (2 processes x 4 threads, each process with a Store of its own, caller k on
specification k) and, for honesty, 8 callers on one specification (one hot row). The figures are
the medians over the rounds.

Round trips are counted on the wire: one caller's store connects through a relay (WireCounter)
that counts the server's ReadyForQuery messages, one per request (PQexec, PQprepare,
PQdescribePrepared, PQexecPrepared, and each pipelined batch, which ends with one Sync). The CPU
an order takes is the machine's busy time over the run (/proc/stat) divided by the orders, so run
it on a quiet machine. Run through `bash bench/run`.

Usage: python bench/postgres.py URL [--orders N] [--rounds R] [--sqlite ORDERS_PER_S] [--trace]
"""

from __future__ import annotations

import argparse
import glob
import os
import shutil
import socket
import statistics
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from typing import NamedTuple
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager, suppress
from datetime import datetime, timezone
from multiprocessing import get_context
from multiprocessing.synchronize import Barrier
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

import ticketcore
from ticketcore import Actor, BuyerDetails

SPECIFICATIONS = 8
WARM_UP_ORDERS = 2  # per caller, before the barrier
TRACED_ORDERS = 8  # warm orders whose round trips are counted (two of each size, 1-4 tickets)
PERMISSIONS = {"events:read", "events:write", "orders"}
PSQL = (sorted(glob.glob("/usr/lib/postgresql/*/bin/psql")) or [shutil.which("psql") or "psql"])[-1]


def with_query(url: str, **parameters: str) -> str:
    """``url`` with the query parameters set (``options`` is appended to, not replaced)."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    for key, value in parameters.items():
        query[key] = f"{query[key]} {value}" if key == "options" and key in query else value
    return urlunsplit(parts._replace(query=urlencode(query, quote_via=quote)))


def psql_environment() -> dict[str, str]:
    """The environment psql runs in: without the sanitizer runtime scripts/asan-pytest preloads
    (psql, not built for it, hangs with it preloaded)."""
    environment = {key: value for key, value in os.environ.items() if key != "LD_PRELOAD"}
    environment.setdefault("PGCONNECT_TIMEOUT", "10")
    return environment


def psql(url: str, sql: str, timeout: float = 60) -> None:
    command = [PSQL, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", "SET client_min_messages = warning", "-c", sql]
    subprocess.run(command, check=True, timeout=timeout, env=psql_environment())


@contextmanager
def fresh_schema(base_url: str) -> Iterator[str]:
    """The URL of a new, empty schema on the server of ``base_url``; dropped afterwards."""
    schema = "bench_" + uuid.uuid4().hex
    psql(base_url, f"CREATE SCHEMA {schema}")
    try:
        yield with_query(base_url, options=f"-csearch_path={schema}")
    finally:
        psql(base_url, f"DROP SCHEMA {schema} CASCADE")


def actor(organization_id: str) -> Actor:
    return Actor("bench", organization_id, PERMISSIONS)


def prepare(url: str) -> tuple[str, str, list[str]]:
    """One published event with SPECIFICATIONS paid specifications: (organization, event, spec ids)."""
    platform = ticketcore.open(url, actor=Actor.platform("bench"), durability="full")
    organization = platform.organizations.create("Bench", currency="DKK")
    store = platform.acting_as(actor(organization.id))
    event = store.events.create("Bench night", time_zone="Europe/Copenhagen")
    store.events.add_date(event.id, datetime(2030, 1, 1, 19, tzinfo=timezone.utc), datetime(2030, 1, 1, 23, tzinfo=timezone.utc))
    specifications = [store.specifications.add(event.id, f"Ticket {index}", price=25000, capacity=1_000_000).id
                      for index in range(SPECIFICATIONS)]
    for specification in specifications:
        store.specifications.set_active(specification, True)
    store.events.publish(event.id)
    return organization.id, event.id, specifications


def place_and_confirm(store: ticketcore.Store, event_id: str, specification_id: str, name: str, index: int) -> None:
    buyer = BuyerDetails(f"Buyer {name}-{index}", f"{name}-{index}@example.com")
    order = store.orders.place(event_id, buyer=buyer, items=[(specification_id, 1 + index % 4)])
    store.orders.confirm_payment(order.id, payment_ref=f"pay-{name}-{index}", gateway="bench", amount=order.total)


Span = tuple[float, float, float, float]  # a caller's (start, CPU busy at start, end, CPU busy at end)


class Measurement(NamedTuple):
    orders_per_second: float
    cpu_seconds_per_order: float  # machine-wide busy time over the run / orders


def cpu_busy_seconds() -> float:
    """The time this machine's CPUs have spent busy since boot, all of them added up (/proc/stat:
    every state but idle and iowait), in seconds; its unit is the kernel's tick (10 ms)."""
    with open("/proc/stat", encoding="ascii") as stat:
        fields = [int(field) for field in stat.readline().split()[1:]]
    idle = fields[3] + fields[4]
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


_barrier: Barrier | None = None


def _share_barrier(barrier: Barrier) -> None:
    global _barrier
    _barrier = barrier


def _caller(store: ticketcore.Store, event_id: str, specification_id: str, name: str, orders: int) -> Span:
    assert _barrier is not None
    try:
        for index in range(WARM_UP_ORDERS):
            place_and_confirm(store, event_id, specification_id, f"{name}-warm", index)
        _barrier.wait(timeout=300)
    except BaseException:
        _barrier.abort()
        raise
    start, busy_at_start = time.monotonic(), cpu_busy_seconds()  # CLOCK_MONOTONIC: comparable across processes
    for index in range(orders):
        place_and_confirm(store, event_id, specification_id, name, index)
    return start, busy_at_start, time.monotonic(), cpu_busy_seconds()


def _process(url: str, organization_id: str, event_id: str, specifications: list[str], process: int, threads: int,
             orders: int) -> list[Span]:
    store = ticketcore.open(url, actor=actor(organization_id), durability="full", pool_size=threads)
    with ThreadPoolExecutor(threads) as pool:
        callers = [pool.submit(_caller, store, event_id, specifications[(process * threads + thread) % len(specifications)],
                               f"p{process}t{thread}", orders) for thread in range(threads)]
        return [caller.result() for caller in callers]


def orders_per_second(base_url: str, processes: int, threads: int, orders: int, hot: bool = False) -> Measurement:
    """``orders`` place + confirm by processes x threads callers on a fresh schema: orders/s, and the
    machine's CPU (every process: the server's and the callers') an order took."""
    callers = processes * threads
    per_caller = max(1, orders // callers)
    with fresh_schema(base_url) as url:
        organization_id, event_id, specifications = prepare(url)
        used = specifications[:1] if hot else specifications
        context = get_context("spawn")
        with ProcessPoolExecutor(processes, mp_context=context, initializer=_share_barrier,
                                 initargs=(context.Barrier(callers),)) as pool:
            runs = [pool.submit(_process, url, organization_id, event_id, used, process, threads, per_caller)
                    for process in range(processes)]
            spans = [span for run in runs for span in run.result()]
        store = ticketcore.open(url, actor=actor(organization_id))
        assert store.check_integrity().ok
        sold = sum(store.specifications.get(specification).number_of_tickets_sold for specification in specifications)
        assert sold == callers * sum(1 + index % 4 for index in [*range(WARM_UP_ORDERS), *range(per_caller)])
    first, last = min(spans, key=lambda span: span[0]), max(spans, key=lambda span: span[2])
    done = callers * per_caller
    return Measurement(done / (last[2] - first[0]), (last[3] - first[1]) / done)


def split_messages(buffer: bytes) -> tuple[list[tuple[bytes, bytes]], bytes]:
    """The complete protocol messages (type byte, body) at the start of ``buffer``, and the rest."""
    messages: list[tuple[bytes, bytes]] = []
    while len(buffer) >= 5 and len(buffer) >= 1 + (length := int.from_bytes(buffer[1:5], "big")):
        messages.append((buffer[:1], buffer[5:1 + length]))
        buffer = buffer[1 + length:]
    return messages, buffer


class WireCounter:
    """A TCP relay to the server that records every round trip: what was asked, and how long the
    answer (up to the server's ReadyForQuery) took. ``url`` is the relayed URL (without TLS, so
    the protocol can be read)."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.hostname is None:
            raise SystemExit(f"bench/postgres.py: the URL needs a TCP host to count round trips: {url}")
        self._server = (parts.hostname, parts.port or 5432)
        self._listener = socket.create_server(("127.0.0.1", 0))
        user = parts.netloc.rpartition("@")[0]
        relayed = parts._replace(netloc=f"{user}{'@' if user else ''}127.0.0.1:{self._listener.getsockname()[1]}")
        self.url = with_query(urlunsplit(relayed), sslmode="disable", gssencmode="disable")
        self.trips: list[tuple[str, float]] = []
        self.transactions = 0
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            client, _ = self._listener.accept()
            server = socket.create_connection(self._server)
            asked: list[tuple[str, float]] = []  # requests sent, not yet answered (at most one)
            threading.Thread(target=self._pump, args=(client, server, asked, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, asked, False), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket, asked: list[tuple[str, float]], from_client: bool) -> None:
        # The client's startup packet has no type byte: a NUL in front makes it a message like the others.
        buffer, statements, request, status = b"\0" if from_client else b"", dict[bytes, bytes](), "", b"I"
        try:
            while data := source.recv(65536):
                messages, buffer = split_messages(buffer + data)
                for kind, body in messages:
                    if not from_client:
                        if kind == b"Z":  # ReadyForQuery: the answer is complete; body: the transaction status
                            what, since = asked.pop(0)
                            with self._lock:
                                self.trips.append((what, time.perf_counter() - since))
                                self.transactions += int(status != b"I" and body == b"I")
                            status = body
                        continue
                    fields = body.split(b"\0")
                    if kind == b"\0":
                        asked.append(("connect", time.perf_counter()))
                    elif kind == b"P":  # Parse: name, query
                        statements[fields[0]] = fields[1]
                        request = request or "prepare " + fields[1].decode()
                    elif kind == b"B":  # Bind: portal, statement
                        request = request or "execute " + statements.get(fields[1], fields[1]).decode()
                    elif kind == b"D":  # Describe
                        request = request or "describe"
                    elif kind in (b"S", b"Q"):  # Sync ends a request of the extended protocol; Query is one
                        asked.append((request if kind == b"S" else "simple " + fields[0].decode(), time.perf_counter()))
                        request = ""
                target.sendall(data)
        except OSError:  # a side went away: so does the other
            pass
        finally:
            with suppress(OSError):
                target.shutdown(socket.SHUT_RDWR)


def round_trips(base_url: str, trace: bool) -> str:
    """The round trips of place and of confirm, warm; and of the first order of a new store."""
    with fresh_schema(base_url) as url:
        organization_id, event_id, specifications = prepare(url)
        counter = WireCounter(url)
        store = ticketcore.open(counter.url, actor=actor(organization_id), durability="full", pool_size=1)

        def order(index: int) -> tuple[int, int]:
            before = len(counter.trips)
            buyer = BuyerDetails(f"Buyer {index}", f"buyer{index}@example.com")
            placed = store.orders.place(event_id, buyer=buyer, items=[(specifications[0], 1 + index % 4)])
            middle = len(counter.trips)
            store.orders.confirm_payment(placed.id, payment_ref=f"pay-{index}", gateway="bench", amount=placed.total)
            return middle - before, len(counter.trips) - middle

        cold = order(0)  # 1 ticket
        for index in range(1, 1 + WARM_UP_ORDERS):
            order(index)
        first_trip, first_transactions = len(counter.trips), counter.transactions
        warm = {(1 + index % 4, order(index)) for index in range(4, 4 + TRACED_ORDERS)}  # (tickets, counts)
        transactions = (counter.transactions - first_transactions) / TRACED_ORDERS
        if trace:
            print(f"round trips of {TRACED_ORDERS} warm orders, by statement (times seen through the relay):")
            times: dict[str, list[float]] = {}
            for what, seconds in counter.trips[first_trip:]:
                times.setdefault(" ".join(what.split())[:110], []).append(seconds)
            for what, seen in sorted(times.items(), key=lambda item: -sum(item[1])):
                print(f"  {len(seen) / TRACED_ORDERS:4.2f} per order x {1000 * sum(seen) / len(seen):6.3f} ms  {what}")
    (place, confirm), (more_place, more_confirm) = cost_per_order_and_ticket(warm)
    return (f"round trips per place + confirm: {place + confirm} (place: {place}, confirm: {confirm}) for 1 ticket, "
            f"+{more_place + more_confirm} per further ticket (place: +{more_place}, confirm: +{more_confirm}); "
            f"{transactions:g} transactions\n"
            f"round trips of the first order of a new store (1 ticket): {sum(cold)} (place: {cold[0]}, confirm: {cold[1]})")


def cost_per_order_and_ticket(counts: set[tuple[int, tuple[int, int]]]) -> tuple[tuple[int, int], tuple[int, int]]:
    """From (tickets, (place, confirm)) of warm orders of 1-4 tickets: the counts of a 1-ticket order
    and what each further ticket adds; raises unless that describes every order exactly."""
    by_size = dict(counts)
    one, two = by_size[1], by_size[2]
    more = (two[0] - one[0], two[1] - one[1])
    if len(by_size) != len(counts) or any(by_size[n] != (one[0] + (n - 1) * more[0], one[1] + (n - 1) * more[1])
                                          for n in by_size):
        raise SystemExit(f"bench/postgres.py: round trips (place, confirm) are not linear in the tickets: {sorted(counts)}")
    return one, more


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("url")
    parser.add_argument("--orders", type=int, default=300, help="orders per measurement (default 300)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--sqlite", type=float, default=None, help="the SQLite orders/s of the same run, to print beside")
    parser.add_argument("--trace", action="store_true", help="also print the round trips of the warm orders")
    arguments = parser.parse_args()

    figures: list[tuple[Measurement, Measurement, Measurement]] = []
    for round_index in range(arguments.rounds):
        figures.append((orders_per_second(arguments.url, 1, 1, arguments.orders),
                        orders_per_second(arguments.url, 2, 4, arguments.orders),
                        orders_per_second(arguments.url, 2, 4, arguments.orders, hot=True)))
        one, eight, hot = (figure.orders_per_second for figure in figures[-1])
        print(f"round {round_index + 1}: PostgreSQL 1 caller {one:8.1f} orders/s   8 callers {eight:8.1f} orders/s"
              f"   8 callers, one specification {hot:8.1f} orders/s")
    one, eight, hot = (statistics.median(figure.orders_per_second for figure in column) for column in zip(*figures))
    cpu_one, cpu_eight = (statistics.median(figure.cpu_seconds_per_order for figure in column)
                          for column in list(zip(*figures))[:2])
    cores = os.cpu_count() or 1
    # 8 callers can make at most `cores` CPU-seconds of orders a second: cores / cpu_eight orders/s.
    # So the ratio to one caller is at most cores x (one caller's time an order) / cpu_eight.
    bound = cores * (1 / one) / cpu_eight if cpu_eight > 0 else None  # a tiny run may see no tick of CPU
    trips = round_trips(arguments.url, arguments.trace)
    print(f"durable place + confirm on PostgreSQL (synchronous_commit=on), orders of 1-4 tickets, "
          f"{arguments.orders} orders x {arguments.rounds} rounds")
    if arguments.sqlite is not None:
        print(f"SQLite, 1 caller (above):                          {arguments.sqlite:8.1f} orders/s (median)")
    print(f"PostgreSQL, 1 caller:                              {one:8.1f} orders/s (median)")
    print(f"PostgreSQL, 8 callers (2 processes x 4 threads):   {eight:8.1f} orders/s (median)")
    print(f"PostgreSQL, 8 callers on one specification:        {hot:8.1f} orders/s (median)")
    print(trips)
    print(f"CPU an order, server and callers together ({cores} cores): 1 caller {1000 * cpu_one:.2f} ms of its "
          f"{1000 / one:.2f} ms an order ({1000 * (1 / one - cpu_one):.2f} ms waiting); 8 callers "
          f"{1000 * cpu_eight:.2f} ms, the cores {100 * eight * cpu_eight / cores:.0f} % busy")
    allowed = ("the run was too short to measure its CPU" if bound is None else
               f"this machine's CPU allows at most {bound:.2f}: {100 * eight / one / bound:.0f} % of it reached")
    print(f"ratio PostgreSQL 8 callers / 1 caller:             {eight / one:8.2f}   (target >= 3.00; {allowed})")


if __name__ == "__main__":
    main()
