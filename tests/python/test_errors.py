"""The error hierarchy, error codes, and storage errors (schema versions, migrations, bad files)."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

import ticketcore
from helpers import org_actor, snapshot, utc
from ticketcore import (
    Actor,
    CapacityError,
    ConflictError,
    Money,
    NotFoundError,
    PermissionDeniedError,
    StorageError,
    Store,
    TicketcoreError,
    ValidationError,
)
from ticketcore._core import _testing

SUBCLASSES = [ValidationError, NotFoundError, ConflictError, CapacityError, PermissionDeniedError, StorageError]


def test_hierarchy() -> None:
    assert issubclass(TicketcoreError, Exception)
    for cls in SUBCLASSES:
        assert issubclass(cls, TicketcoreError)
    assert issubclass(ValidationError, ValueError)
    assert issubclass(NotFoundError, LookupError)
    for cls in (ConflictError, CapacityError, PermissionDeniedError, StorageError):
        assert not issubclass(cls, (ValueError, LookupError))
    assert not issubclass(ValidationError, LookupError)
    assert not issubclass(NotFoundError, ValueError)


def test_errors_are_exported_from_the_package() -> None:
    for cls in [TicketcoreError, *SUBCLASSES]:
        assert getattr(ticketcore, cls.__name__) is cls
        assert cls.__name__ in ticketcore.__all__


def test_every_class_has_a_code() -> None:
    assert TicketcoreError.code == "error"
    for cls in SUBCLASSES:
        assert isinstance(cls.code, str)
    assert StorageError.backend == StorageError.backend_code == ""


def test_raised_errors_carry_their_code_and_message(store: Store) -> None:
    raised: list[TicketcoreError] = []
    for call in (
        lambda: Money("1", "XXX"),
        lambda: store.events.get("missing"),
        lambda: store.specifications.remove("missing"),
    ):
        with pytest.raises(TicketcoreError) as caught:
            call()
        raised.append(caught.value)
    assert [(type(e), e.code, str(e)) for e in raised] == [
        (ValidationError, "unknown_currency", "Unknown currency: 'XXX'"),
        (NotFoundError, "event_not_found", "Event with id: missing not found."),
        (NotFoundError, "specification_not_found", "Ticket specification with id: missing not found."),
    ]


def test_builtin_except_clauses_catch_ticketcore_errors(store: Store) -> None:
    try:
        Money("1.001", "DKK")
    except ValueError as error:
        assert isinstance(error, ValidationError)
    else:  # pragma: no cover
        pytest.fail("no error")
    with pytest.raises(LookupError):
        store.specifications.get("missing")
    with pytest.raises(LookupError):
        store.pools.get("missing")


# SQLite only: the file, its PRAGMA user_version and SQLite's own result codes (PostgreSQL's
# versions and failures: tests/cpp/postgres_engine_test.cpp, test_cli.py).
def test_open_refuses_a_schema_newer_than_this_build(tmp_path: Path) -> None:
    path = str(tmp_path / "future.db")
    ticketcore.open(path)
    _testing.force_schema_version(path, 99)
    with pytest.raises(StorageError) as caught:
        ticketcore.open(path)
    assert caught.value.code == "schema_too_new"
    assert str(caught.value) == (
        f"Store '{path}' has schema version 99, newer than this ticketcore supports "
        f"({ticketcore.open(':memory:').latest_schema_version}); upgrade ticketcore"
    )
    assert (caught.value.backend, caught.value.backend_code) == ("sqlite", "")
    # The file is left as it was.
    with closing(sqlite3.connect(path)) as connection, connection:
        assert connection.execute("PRAGMA user_version").fetchone() == (99,)


def test_open_migrates_an_older_schema(tmp_path: Path) -> None:
    path = str(tmp_path / "old.db")
    _testing.create_store_at_version(path, 1)
    with closing(sqlite3.connect(path)) as connection, connection:
        assert connection.execute("PRAGMA user_version").fetchone() == (1,)
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "specification" in tables and "pool" not in tables
    store = ticketcore.open(path)
    assert store.schema_version == store.latest_schema_version == 22
    with closing(sqlite3.connect(path)) as connection, connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"pool", "pool_member", "inventory_claim", "specification_name"} <= tables
    # Opening again is a no-op.
    assert ticketcore.open(path).schema_version == 22


def test_migration_keeps_existing_rows(tmp_path: Path) -> None:
    path = str(tmp_path / "v1.db")
    _testing.create_store_at_version(path, 1)
    created_us = 1_800_000_000_000_000
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.execute(
            "INSERT INTO organization VALUES ('org-1', 'Old Club', 'DKK', 'HALF_EVEN', 1, ?)", (created_us,)
        )
        connection.execute(
            "INSERT INTO event VALUES ('ev-1', 'org-1', 'Old Event', '', 'Aarhus', 'Europe/Copenhagen', 'DKK', "
            "'draft', 500, 250, 2500, ?)",
            (created_us,),
        )
        connection.execute(
            "INSERT INTO specification (id, event_id, name, description, price, ticket_platform_fee, "
            "ticket_percentage_fee, number_of_tickets_for_sale, maximum_number_of_tickets_per_user, visibility, "
            "transferable, allow_reentry, refund_policy, created_us) VALUES ('spec-1', 'ev-1', 'Member', '', 1060, "
            "500, 250, 40, 4, 'public', 1, 0, '', ?)",
            (created_us,),
        )
    store = ticketcore.open(path, actor=org_actor("org-1"))
    assert store.schema_version == 22
    spec = store.specifications.get("spec-1")
    assert spec.name == "Member"
    assert spec.names == {}
    assert spec.price == Money("10.60", "DKK")
    assert spec.percentage_fee_amount == Money("0.26", "DKK")  # 26.5 øre, HALF_EVEN
    assert spec.available == 40
    assert spec.pool_ids == ()
    assert store.organizations.get("org-1").billing_profile_enabled is True
    assert store.events.get("ev-1").created == utc(2027, 1, 15, 8, 0)
    assert store.check_integrity().ok


def test_create_store_at_an_unknown_version_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as caught:
        _testing.create_store_at_version(str(tmp_path / "x.db"), ticketcore.open(":memory:").latest_schema_version + 1)
    assert caught.value.code == "invalid_schema_version"


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "garbage.db"
    path.write_bytes(b"this is not a database file" * 100)
    with pytest.raises(StorageError) as caught:
        ticketcore.open(str(path))
    assert caught.value.code == "sqlite_error"
    assert (caught.value.backend, caught.value.backend_code) == ("sqlite", "26")  # SQLITE_NOTADB
    assert path.read_bytes() == b"this is not a database file" * 100


def test_a_path_that_cannot_be_opened(tmp_path: Path) -> None:
    with pytest.raises(StorageError) as caught:
        ticketcore.open(str(tmp_path / "missing-dir" / "x.db"))
    assert caught.value.code == "sqlite_error"
    assert (caught.value.backend, caught.value.backend_code) == ("sqlite", "14")  # SQLITE_CANTOPEN


@pytest.mark.parametrize(
    ("options", "code"),
    [
        ({"durability": "SOMETIMES"}, "invalid_durability"),
        ({"durability": "FULL"}, "invalid_durability"),
        ({"busy_timeout_ms": 2**70}, "number_out_of_range"),
    ],
)
def test_open_validates_its_options(location: str, options: dict[str, object], code: str) -> None:
    with pytest.raises(ValidationError) as caught:
        ticketcore.open(location, **options)  # type: ignore[arg-type]
    assert caught.value.code == code


def test_open_requires_a_path() -> None:
    with pytest.raises(ValidationError) as caught:
        ticketcore.open("")
    assert caught.value.code == "path_required"


# Each engine's own option: its name, its bounds, its error code and message out of them.
ENGINE_OPTIONS = {
    "sqlite": ("busy_timeout_ms", (0, 3_600_000), "invalid_busy_timeout", "busy_timeout_ms must be between 0 and 3600000"),
    "postgresql": ("pool_size", (1, 1000), "invalid_pool_size", "pool_size must be between 1 and 1000"),
}
ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def test_each_engine_takes_its_own_option_up_to_its_bounds(location: str, engine: str) -> None:
    option, bounds, _, _ = ENGINE_OPTIONS[engine]
    for value in bounds:
        store = ticketcore.open(location, actor=Actor.platform("ops"), **{option: value})  # type: ignore[arg-type]
        assert store.backend == engine
        assert store.organizations.create("Club", currency="EUR").name == "Club"


def test_an_engines_own_option_is_checked_against_its_bounds(location: str, engine: str) -> None:
    option, (low, high), code, message = ENGINE_OPTIONS[engine]
    for value in (low - 1, high + 1):
        with pytest.raises(ValidationError) as caught:
            ticketcore.open(location, **{option: value})  # type: ignore[arg-type]
        assert (caught.value.code, str(caught.value)) == (code, message)


def test_an_option_of_the_other_engine_is_refused_not_ignored(location: str, engine: str) -> None:
    other = "postgresql" if engine == "sqlite" else "sqlite"
    option, (low, _), _, _ = ENGINE_OPTIONS[other]
    for value in (low, low - 1):  # refused whatever its value, before its bounds are checked
        with pytest.raises(ValidationError) as caught:
            ticketcore.open(location, **{option: value})  # type: ignore[arg-type]
        assert caught.value.code == "option_not_for_engine"
        assert str(caught.value) == (
            f"{option} is an option of {ENGINE_NAMES[other]} stores; this is a {ENGINE_NAMES[engine]} store"
        )


@pytest.mark.parametrize("durability", ["full", "normal", "off"])
def test_open_accepts_every_durability_level(shared_location: str, durability: str) -> None:
    store = ticketcore.open(shared_location, durability=durability, actor=Actor.platform("ops"))
    organization = store.organizations.create("Club", currency="EUR")
    assert store.organizations.get(organization.id) == organization


def test_store_reports_its_path_and_actor(shared_location: str) -> None:
    path = shared_location  # the test server's URL has no password to leave out
    store = ticketcore.open(path)
    assert store.path == path
    assert store.actor == Actor("anonymous")
    platform = store.acting_as(Actor.platform("ops"))
    assert platform.actor == Actor.platform("ops")
    assert store.actor == Actor("anonymous")  # acting_as returns a new store


def test_failed_open_leaves_other_stores_working(shared_location: str) -> None:
    path = shared_location
    platform = ticketcore.open(path, actor=Actor.platform("ops"))
    organization = platform.organizations.create("Club", currency="DKK")
    with pytest.raises(ValidationError):
        ticketcore.open(path, durability="bogus")
    store = platform.acting_as(org_actor(organization.id))
    assert snapshot(store).organization == organization


def test_each_schema_version_of_issue_8_adds_its_own_tables(tmp_path: Path) -> None:
    """The migrations run in the order of their numbers: 10 keys, 11 refunds, 12 the door, 13
    transfers, 14 offline scans, 15 seat maps; a store made at 12 has the door's tables and not yet the transfer
    columns, and opening it adds those."""
    expected = {
        10: ({"signing_key"}, {"refund", "scan_log"}),
        11: ({"refund", "refund_ticket"}, {"scan_log"}),
        12: ({"scan_log", "ticket_inspector", "board_member"}, set()),
    }
    for version, (present, absent) in expected.items():
        path = str(tmp_path / f"v{version}.db")
        _testing.create_store_at_version(path, version)
        with closing(sqlite3.connect(path)) as connection:
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            ticket_columns = {row[1] for row in connection.execute("PRAGMA table_info(ticket)")}
            scan_columns = {row[1] for row in connection.execute("PRAGMA table_info(scan_log)")}
        assert present <= tables and not absent & tables, version
        assert "transferred_to" not in ticket_columns and "conflict" not in scan_columns, version
    store = ticketcore.open(str(tmp_path / "v12.db"))
    assert store.schema_version == store.latest_schema_version == 22
    with closing(sqlite3.connect(str(tmp_path / "v12.db"))) as connection:
        assert "transferred_to" in {row[1] for row in connection.execute("PRAGMA table_info(ticket)")}
        assert "conflict" in {row[1] for row in connection.execute("PRAGMA table_info(scan_log)")}


def test_schema_14_migrates_with_the_box_office(tmp_path: Path) -> None:
    """Version 15 (the box office) adds the sales, their items and the sale-number counter, and an
    organization's box-office fee, to a store made at 14."""
    path = str(tmp_path / "v14.db")
    _testing.create_store_at_version(path, 14)
    with closing(sqlite3.connect(path)) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert not {"sale", "sale_item", "sale_number", "pos_payment"} & tables
    store = ticketcore.open(path)
    assert store.schema_version == store.latest_schema_version
    with closing(sqlite3.connect(path)) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        organization_columns = {row[1] for row in connection.execute("PRAGMA table_info(organization)")}
        assert connection.execute("SELECT id, last FROM sale_number").fetchall() == [(1, 0)]
    assert {"sale", "sale_item", "sale_number", "pos_payment"} <= tables
    assert {"box_office_fee", "box_office_fee_vat_rate"} <= organization_columns
