"""Durability: a COMMIT whose outcome is unknown says so (StorageError commit_outcome_unknown,
injected with strace on the WAL's fdatasync), and a retry with the same idempotency key after
reopening leaves exactly one order; fork() while another thread writes leaves a child that works."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import warnings
from pathlib import Path
from typing import Any

import pytest

import ticketcore
from ticketcore import StorageError

from helpers import World, buyer, make_event, place, shop_store, spec_on_sale

CHILD = str(Path(__file__).with_name("durability_child.py"))
UNKNOWN = (
    "The commit failed (disk I/O error): its outcome is unknown until the store is reopened; "
    "retry with the same idempotency key"
)


def _ptrace_refusal() -> str | None:
    """Why strace cannot run here (no strace, or ptrace not permitted), or None."""
    try:
        probe = subprocess.run(["strace", "-f", "-o", "/dev/null", "-e", "trace=none", "true"],
                               capture_output=True, text=True, timeout=30)
    except FileNotFoundError:
        return None  # strace missing is a set-up error (scripts/install-deps), not a reason to skip
    if probe.returncode != 0 and ("Operation not permitted" in probe.stderr or "EPERM" in probe.stderr):
        return "ptrace is not permitted here (strace: " + probe.stderr.strip().splitlines()[0] + ")"
    return None


def _child(*arguments: str, strace: list[str] | None = None) -> dict[str, Any]:
    command = [sys.executable, CHILD, *arguments]
    if strace is not None:
        command = ["strace", "-f", "-o", "/dev/null", *strace, *command]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(Path(__file__).parent)})
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


CASES = {
    # The 1st fdatasync of the WAL syncs its header: nothing of the order is in the file yet.
    "header sync fails": (1, False, False),
    # The 2nd syncs the order's frames: they are in the file. The failed connection is closed;
    # alone, it checkpoints what the index knows and removes the WAL, so the order is gone.
    "commit sync fails": (2, False, False),
    # With another connection open on the file the WAL stays, and recovery on reopening after
    # the crash replays the frames whose sync failed: the order is there.
    "commit sync fails, file held open": (2, True, True),
}


# SQLite only: the failure is injected into the fdatasync of the file's WAL (PostgreSQL's lost
# COMMIT: tests/cpp/postgres_engine_test.cpp).
@pytest.mark.parametrize("when, witness, landed", CASES.values(), ids=CASES.keys())
def test_a_failed_wal_sync_is_outcome_unknown_and_a_retry_with_the_key_gives_one_order(
    tmp_path: Path, when: int, witness: bool, landed: bool
) -> None:
    refusal = _ptrace_refusal()
    if refusal is not None:
        pytest.skip(refusal)
    path = str(tmp_path / "store.db")
    ids = _child("setup", path)
    step = [path, ids["organization"], ids["event"], ids["spec"], "cart-1"]
    # Only the WAL's fdatasync calls count (-P).
    failed = _child("place", *step, *(["witness"] if witness else []),
                    strace=["-P", path + "-wal", "-e", "trace=fdatasync", "-e", f"inject=fdatasync:error=EIO:when={when}"])
    assert failed == {"code": "commit_outcome_unknown", "message": UNKNOWN, "backend": "sqlite", "backend_code": "1034"}
    retried = _child("retry", *step)
    assert retried["before"] == ([retried["id"]] if landed else [])
    assert retried["orders"] == [retried["id"]] and retried["again"] == retried["id"]
    assert retried["reserved"] == 2 and retried["ok"] is True


def test_a_child_forked_while_another_thread_writes_can_write(file_world: World) -> None:
    shop = shop_store(file_world)
    event = make_event(shop, published=True)
    spec = spec_on_sale(shop, event.id)
    stop = threading.Event()
    written: list[str] = []

    def write() -> None:
        while not stop.is_set():
            written.append(place(shop, event.id, [(spec.id, 1)], who=buyer("Writer", f"w{len(written)}@example.com")).id)

    writer = threading.Thread(target=write)
    writer.start()
    try:
        deadline = time.monotonic() + 30
        while len(written) < 3 and time.monotonic() < deadline:
            time.sleep(0.001)
        for round_ in range(8):
            with warnings.catch_warnings():  # Python 3.12+ warns about fork() with threads: that is the point
                warnings.simplefilter("ignore", DeprecationWarning)
                pid = os.fork()
            if pid == 0:  # pragma: no cover - runs in the child
                code = 4
                try:
                    signal.alarm(10)  # a child that cannot write would wait 5 x the busy timeout
                    place(shop, event.id, [(spec.id, 1)], who=buyer("Child", f"child{round_}@example.com"))
                    code = 0
                except StorageError:
                    code = 3
                finally:
                    os._exit(code)
            _, status = os.waitpid(pid, 0)
            assert os.waitstatus_to_exitcode(status) == 0, f"round {round_}: child exit {os.waitstatus_to_exitcode(status)}"
            time.sleep(0.003)
    finally:
        stop.set()
        writer.join()
    orders = list(ticketcore.every(shop.orders.list, event.id))
    assert len(orders) == len(written) + 8
    assert len({order.buyer_id for order in orders}) == len(written) + 8  # each its own buyer
    assert shop.check_integrity().ok
