"""Fixtures for the ticketcore suite, built from helpers.py.

Every test that takes a store (``world``, ``file_world``, ``location`` and what builds on them)
runs twice: on SQLite and on PostgreSQL (the ``engine`` parameter). The PostgreSQL runs use the
server of ``TICKETCORE_TEST_POSTGRES_URL`` (scripts/test starts a throwaway one), each test in a
fresh schema of its own; without the variable those runs fail, they are never skipped.
``TICKETCORE_TEST_ENGINES=sqlite`` (or ``postgresql``) narrows a local run to one engine.

Every store made by the ``world`` / ``file_world`` fixtures is checked after its test: the
derived sold/reserved counters must equal the recount of the ledger (``check_integrity().ok``).
A test that corrupts counters on purpose says so with ``@pytest.mark.corrupts_counters``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

import pg_support
from helpers import World, make_event, open_world, shop_store
from ticketcore import Event, ManualClock, Store

settings.register_profile(
    "ticketcore", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("ticketcore")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "corrupts_counters: the test breaks counters on purpose; skip the integrity check after it"
    )


def _check_integrity_after(request: pytest.FixtureRequest, world: World) -> None:
    if request.node.get_closest_marker("corrupts_counters") is not None:
        return
    report = world.platform.check_integrity()
    assert report.ok, f"counters differ from the ledger after the test: {report.mismatches}"
    assert world.store.check_integrity().ok


KNOWN_ENGINES = ("sqlite", "postgresql")


def _engines(setting: str | None) -> list[str]:
    """The engines TICKETCORE_TEST_ENGINES names (both when unset), in the order of KNOWN_ENGINES.
    An unknown or empty name stops the run at collection: a typo must not leave the engine
    parameter empty, which pytest would turn into skipped tests."""
    if setting is None:
        return list(KNOWN_ENGINES)
    names = [name.strip() for name in setting.split(",")]
    unknown = [name for name in names if name not in KNOWN_ENGINES]
    if unknown:
        raise pytest.UsageError(
            f"TICKETCORE_TEST_ENGINES={setting!r}: unknown engine {', '.join(repr(n) for n in unknown)}; "
            f"name one or more of {', '.join(KNOWN_ENGINES)}, separated by commas (or unset it for both)"
        )
    return [engine for engine in KNOWN_ENGINES if engine in names]


ENGINES = _engines(os.environ.get("TICKETCORE_TEST_ENGINES"))


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    """The storage engine of the test: "sqlite" or "postgresql"."""
    return str(request.param)


def _fresh_postgres() -> Iterator[str]:
    base = pg_support.postgres_url()
    url, schema = pg_support.fresh_schema_url(base)
    try:
        yield url
    finally:
        pg_support.drop_schema(base, schema)


@pytest.fixture
def location(engine: str) -> Iterator[str]:
    """A fresh, empty database of the engine: ":memory:" or a PostgreSQL URL of a new schema."""
    if engine == "sqlite":
        yield ":memory:"
    else:
        yield from _fresh_postgres()


@pytest.fixture
def shared_location(engine: str, tmp_path: Path) -> Iterator[str]:
    """A fresh database several stores, threads and processes can open: a SQLite file in
    tmp_path (WAL, a connection per caller) or a PostgreSQL URL of a new schema."""
    if engine == "sqlite":
        yield str(tmp_path / "tickets.db")
    else:
        yield from _fresh_postgres()


@pytest.fixture
def world(request: pytest.FixtureRequest, location: str) -> Iterator[World]:
    """A store with a ManualClock and one DKK organization (see helpers.open_world)."""
    created = open_world(location)
    yield created
    _check_integrity_after(request, created)


@pytest.fixture
def file_world(request: pytest.FixtureRequest, shared_location: str) -> Iterator[World]:
    """The same on a database several connections share."""
    created = open_world(shared_location)
    yield created
    _check_integrity_after(request, created)


@pytest.fixture
def store(world: World) -> Store:
    """The organization's actor with events:read and events:write."""
    return world.store


@pytest.fixture
def shop(world: World) -> Store:
    """The same organization's actor with events:read, events:write, orders and sales."""
    return shop_store(world)


@pytest.fixture
def clock(world: World) -> ManualClock:
    return world.clock


@pytest.fixture
def event(store: Store) -> Event:
    """A draft event in Europe/Copenhagen with one date."""
    return make_event(store)


@pytest.fixture
def published_event(store: Store) -> Event:
    """A published event in Europe/Copenhagen with two dates."""
    return make_event(store, dates=2, published=True)


@pytest.fixture
def completed_event(store: Store) -> Event:
    """A completed event (published first, then completed)."""
    published = make_event(store, published=True, name="Last Year")
    return store.events.complete(published.id)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tenant-scope check runs last, so that it sees every statement the suite ran."""
    last = [item for item in items if item.name.startswith("test_every_statement_the_suite_ran_is_scoped")]
    items[:] = [item for item in items if item not in last] + last
