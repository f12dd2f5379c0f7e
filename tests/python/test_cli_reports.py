"""``ticketcore report STORE NAME EVENT``: every report of ``store.reports`` as a table, CSV, JSON or
Parquet, paged reports walked or read one page at a time.

The command is tested against stand-in reports (``cli.reports_of`` patched: a report object with
the agreed face, ``column_names``, ``rows()``, ``has_next_page``, ``end_cursor`` and
``__arrow_c_stream__``), so it is exercised whatever this build's ``store.reports`` has; the
tests at the end run it against the real reports on an event day of ``ticketcore.simulation``,
each skipped only while ``store.reports`` lacks that report."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import pg_support
import ticketcore
from conftest import ENGINES
from helpers import open_world
from ticketcore import OrderState, cli, report_tables
from ticketcore.__main__ import main
from ticketcore.simulation import EventDay, simulate_event_day

T0 = datetime(2027, 7, 2, 17, 5, tzinfo=timezone.utc)


class FakeReport:
    """A report with the agreed face of ticketcore.Report."""

    def __init__(self, name: str, columns: list[str], rows: list[tuple[Any, ...]],
                 has_next_page: bool = False, end_cursor: str | None = None) -> None:
        self.name = name
        self.column_names = columns
        self._rows = rows
        self.has_next_page = has_next_page
        self.end_cursor = end_cursor

    @property
    def num_rows(self) -> int:
        return len(self._rows)

    def rows(self) -> list[tuple[Any, ...]]:
        return list(self._rows)

    def __arrow_c_stream__(self, requested_schema: object = None) -> object:
        import pyarrow  # type: ignore[import-untyped,unused-ignore]

        columns: list[Any] = list(zip(*self._rows)) if self._rows else [[] for _ in self.column_names]
        return pyarrow.table({name: list(values) for name, values in zip(self.column_names, columns)}).__arrow_c_stream__(
            requested_schema)


SPEC_ROWS = [
    ("s-1", "Early bird", Decimal("200.00"), "DKK", True, 300, 297, 0, 3, Decimal("59400.00")),
    ("s-2", "Crew", Decimal("0.00"), "DKK", False, None, 60, 2, None, Decimal("0.00")),
]
SPEC_COLUMNS = ["specification_id", "name", "price", "currency", "active", "for_sale", "sold", "reserved",
                "available", "revenue"]
ORDER_COLUMNS = ["order_id", "state", "buyer_name", "created", "total", "currency"]
ORDER_ROWS = [(f"o-{n}", "paid", f"Buyer {n}", T0.replace(minute=n), Decimal(f"{n}00.50"), "DKK") for n in range(1, 6)]


class FakeReports:
    """store.reports with two of its reports, recording every call."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, dict[str, Any]]] = []

    def sales_per_specification(self, event_id: str) -> FakeReport:
        self.calls.append(("sales_per_specification", event_id, {}))
        return FakeReport("sales_per_specification", SPEC_COLUMNS, SPEC_ROWS)

    def orders(self, event_id: str, *, state: OrderState | None = None, first: int = 1000,
               after: str | None = None) -> FakeReport:
        """Pages of at most 2 rows (whatever ``first`` asks), the cursor the index of the next."""
        self.calls.append(("orders", event_id, {"state": state, "first": first, "after": after}))
        start = int(after) if after else 0
        size = min(first, 2)
        rows = ORDER_ROWS[start:start + size]
        more = start + size < len(ORDER_ROWS)
        return FakeReport("orders", ORDER_COLUMNS, rows, more, str(start + size) if rows else None)

    def sales_over_time(self, event_id: str, *, bucket: str = "hour") -> FakeReport:
        self.calls.append(("sales_over_time", event_id, {"bucket": bucket}))
        return FakeReport("sales_over_time", ["bucket", "channel", "tickets"], [(T0, "online", 3)])


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch, shared_location: str) -> Iterator[tuple[str, FakeReports, str]]:
    world = open_world(shared_location)
    reports = FakeReports()
    monkeypatch.setattr(cli, "reports_of", lambda store: reports)
    yield shared_location, reports, world.organization_id


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_grouped_report_as_a_table(fake: tuple[str, FakeReports, str], capsys: pytest.CaptureFixture[str]) -> None:
    location, reports, organization = fake
    code, out, err = run(capsys, "report", location, "sales-per-specification", "e-1", "--organization", organization)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "Sales per specification: 2 rows",
        "specification_id  name         price  currency  active  for_sale  sold  reserved  available   revenue",
        "----------------  ----------  ------  --------  ------  --------  ----  --------  ---------  --------",
        "s-1               Early bird  200.00  DKK       yes          300   297         0          3  59400.00",
        "s-2               Crew          0.00  DKK       no                  60         2                 0.00",
    ]
    assert reports.calls == [("sales_per_specification", "e-1", {})]


def test_the_name_may_be_spelled_with_underscores(fake: tuple[str, FakeReports, str], capsys: pytest.CaptureFixture[str]) -> None:
    location, reports, organization = fake
    code, out, _ = run(capsys, "report", location, "sales_per_specification", "e-1", "--organization", organization)
    assert code == 0 and out.startswith("Sales per specification: 2 rows")


def test_a_paged_report_is_walked_to_its_last_page(fake: tuple[str, FakeReports, str], capsys: pytest.CaptureFixture[str]) -> None:
    location, reports, organization = fake
    code, out, _ = run(capsys, "report", location, "orders", "e-1", "--organization", organization, "--format", "csv")
    assert code == 0
    assert list(csv.reader(io.StringIO(out))) == [ORDER_COLUMNS] + [
        [f"o-{n}", "paid", f"Buyer {n}", T0.replace(minute=n).isoformat(), f"{n}00.50", "DKK"] for n in range(1, 6)]
    assert [call[2]["after"] for call in reports.calls] == [None, "2", "4"]
    assert {call[2]["first"] for call in reports.calls} == {report_tables.PAGE}


def test_first_and_after_read_one_page_and_name_the_next(
    fake: tuple[str, FakeReports, str], capsys: pytest.CaptureFixture[str]
) -> None:
    location, reports, organization = fake
    code, out, err = run(capsys, "report", location, "orders", "e-1", "--organization", organization,
                         "--first", "2", "--after", "2")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "Orders: 2 rows"
    assert [line.split()[0] for line in lines[3:5]] == ["o-3", "o-4"]
    assert lines[5] == "next page: --after 4"
    assert reports.calls == [("orders", "e-1", {"state": None, "first": 2, "after": "2"})]
    # In CSV the cursor goes to standard error, so the file stays a table.
    code, out, err = run(capsys, "report", location, "orders", "e-1", "--organization", organization,
                         "--first", "2", "--format", "csv")
    assert (code, err) == (0, "next page: --after 2\n")
    assert len(out.splitlines()) == 3


def test_json_is_exact_and_json_and_format_json_agree(
    fake: tuple[str, FakeReports, str], capsys: pytest.CaptureFixture[str]
) -> None:
    location, _, organization = fake
    code, out, _ = run(capsys, "report", location, "orders", "e-1", "--organization", organization, "--json",
                       "--first", "1")
    assert code == 0
    assert json.loads(out) == {
        "report": "orders",
        "columns": ORDER_COLUMNS,
        "rows": [{"order_id": "o-1", "state": "paid", "buyer_name": "Buyer 1", "created": "2027-07-02T17:01:00+00:00",
                  "total": "100.50", "currency": "DKK"}],
        "has_next_page": True,
        "end_cursor": "1",
    }
    assert main(["report", location, "orders", "e-1", "--organization", organization, "--format", "json", "--first", "1"]) == 0
    assert capsys.readouterr().out == out
    assert main(["report", location, "orders", "e-1", "--organization", organization, "--json", "--format", "csv"]) == 2
    assert capsys.readouterr().err == "ticketcore: --json and --format csv disagree: give one of them\n"


def test_parquet_needs_a_file_and_holds_every_page(
    fake: tuple[str, FakeReports, str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pyarrow_parquet = pytest.importorskip("pyarrow.parquet")
    location, _, organization = fake
    code, out, err = run(capsys, "report", location, "orders", "e-1", "--organization", organization, "--format", "parquet")
    assert (code, out) == (2, "")
    assert err == "ticketcore: --format parquet writes a binary file: give it with --output FILE\n"
    target = tmp_path / "orders.parquet"
    code, out, _ = run(capsys, "report", location, "orders", "e-1", "--organization", organization,
                       "--format", "parquet", "--output", str(target))
    assert code == 0
    assert out == f"wrote 5 rows of orders (parquet) to {target}\n"
    table = pyarrow_parquet.read_table(target)
    assert table.column_names == ORDER_COLUMNS
    assert table.column("order_id").to_pylist() == [f"o-{n}" for n in range(1, 6)]
    assert table.column("total").to_pylist() == [Decimal(f"{n}00.50") for n in range(1, 6)]


def test_output_writes_a_file_and_json_says_so(
    fake: tuple[str, FakeReports, str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    location, _, organization = fake
    target = tmp_path / "specs.csv"
    code, out, _ = run(capsys, "report", location, "sales-per-specification", "e-1", "--organization", organization,
                       "--format", "csv", "-o", str(target))
    assert code == 0 and out == f"wrote 2 rows of sales-per-specification (csv) to {target}\n"
    assert target.read_text(encoding="utf-8").splitlines()[1] == "s-1,Early bird,200.00,DKK,true,300,297,0,3,59400.00"
    code, out, _ = run(capsys, "report", location, "sales-per-specification", "e-1", "--organization", organization,
                       "--json", "-o", str(tmp_path / "specs.json"))
    assert code == 0
    assert json.loads(out) == {"report": "sales_per_specification", "format": "json", "path": str(tmp_path / "specs.json"),
                               "rows": 2, "has_next_page": False, "end_cursor": None}
    assert json.loads((tmp_path / "specs.json").read_text(encoding="utf-8"))["rows"][1]["for_sale"] is None


def test_the_options_of_a_report_go_to_it(fake: tuple[str, FakeReports, str], capsys: pytest.CaptureFixture[str]) -> None:
    location, reports, organization = fake
    assert main(["report", location, "orders", "e-1", "--organization", organization, "--state", "PAID", "--first", "1"]) == 0
    assert main(["report", location, "sales-over-time", "e-1", "--organization", organization, "--bucket", "day"]) == 0
    capsys.readouterr()
    assert reports.calls == [("orders", "e-1", {"state": OrderState.PAID, "first": 1, "after": None}),
                             ("sales_over_time", "e-1", {"bucket": "day"})]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["orders", "--state", "sold"], "--state must be one of pending, paid, expired, cancelled, not 'sold'"),
        (["sales-per-specification", "--state", "paid"], "--state is an option of the orders report, not of sales-per-specification"),
        (["orders", "--bucket", "day"], "--bucket is an option of the sales-over-time report, not of orders"),
        (["sales-per-specification", "--first", "5"], "sales-per-specification is not paged: --first and --after are for paged reports"),
        (["inside"], "this build of ticketcore has no inside report (store.reports.inside)"),
    ],
)
def test_bad_options_exit_2_with_a_message(
    fake: tuple[str, FakeReports, str], capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    location, reports, organization = fake
    code, out, err = run(capsys, "report", location, argv[0], "e-1", "--organization", organization, *argv[1:])
    assert (code, out, err) == (2, "", f"ticketcore: {message}\n")
    assert reports.calls == []


def test_an_unknown_report_is_a_usage_error(fake: tuple[str, FakeReports, str], capsys: pytest.CaptureFixture[str]) -> None:
    location, _, organization = fake
    code, _, err = run(capsys, "report", location, "takings", "e-1", "--organization", organization)
    assert code == 2
    assert "invalid choice: 'takings'" in err


# --- the real reports --------------------------------------------------------------------------


@pytest.fixture(scope="module", params=ENGINES)
def event_day(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[EventDay]:
    """A small event day on each engine (a SQLite file, a schema of the test server), shared by
    the tests of the real reports."""
    if request.param == "sqlite":
        yield simulate_event_day(str(tmp_path_factory.mktemp("day") / "day.db"), tickets=300, seed=3)
        return
    base = pg_support.postgres_url()
    url, schema = pg_support.fresh_schema_url(base)
    try:
        yield simulate_event_day(url, tickets=300, seed=3)
    finally:
        pg_support.drop_schema(base, schema)


@pytest.mark.parametrize("name", list(report_tables.REPORTS))
def test_each_real_report_prints_every_row_as_json(
    name: str, event_day: EventDay, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = report_tables.REPORTS[name]
    method = getattr(event_day.store.reports, spec.method, None)
    if method is None:
        pytest.skip(f"store.reports has no {spec.method} in this build")
    code, out, err = run(capsys, "report", event_day.store.path, name, event_day.event_id,
                         "--organization", event_day.organization_id, "--scopes", "reports:read", "--json")
    assert (code, err) == (0, "")
    document = json.loads(out)
    direct = report_tables.collect(
        (lambda after: method(event_day.event_id, first=1000, after=after)) if spec.paged
        else (lambda after: method(event_day.event_id)), walk=True)
    assert document["report"] == direct.name
    assert document["columns"] == direct.columns
    assert document["rows"] == report_tables.json_document(direct)["rows"]
    assert document["has_next_page"] is False
    code, out, _ = run(capsys, "report", event_day.store.path, name, event_day.event_id,
                       "--organization", event_day.organization_id)
    assert code == 0 and out.splitlines()[0] == f"{spec.title}: {len(direct.rows)} rows"


def test_a_real_report_of_an_unknown_event_exits_3(event_day: EventDay, capsys: pytest.CaptureFixture[str]) -> None:
    if not hasattr(event_day.store.reports, "sales_per_specification"):
        pytest.skip("store.reports has no sales_per_specification in this build")
    code, out, err = run(capsys, "report", event_day.store.path, "sales-per-specification",
                         "01a2d11f-0200-7077-930f-9f9be9472ddb", "--organization", event_day.organization_id)
    assert (code, out) == (3, "")
    assert err.startswith("ticketcore: ") and err.endswith(")\n")


def test_reports_of_is_the_stores_reports(shared_location: str) -> None:
    store = ticketcore.open(shared_location)
    assert type(cli.reports_of(store)) is ticketcore.Reports
