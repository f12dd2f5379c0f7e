"""A Report through the Arrow PyCapsule interface (docs/reports.md, "Reports in notebooks").

The C structs are filled by core/src/model/arrow_c.cpp (its GoogleTests check them buffer by
buffer); here pyarrow, polars and pandas read them, pyarrow validates them in full, and every
value comes back exact. No store has a report yet, so the reports are built by test-only hooks:
``_testing.report_from_columns`` (columns from Python lists) and ``_testing.synthetic_report``
(rows computed in C++, for the million-row checks).
"""

from __future__ import annotations

import decimal
import gc
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc
import pytest

import ticketcore
from ticketcore._core import _testing

T0 = datetime(2026, 12, 7, 18, 30, 0, 123456, tzinfo=UTC)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def micros(instant: datetime) -> int:
    return (instant - EPOCH) // timedelta(microseconds=1)


def mixed() -> ticketcore.Report:
    """Every column kind, with nulls, negative money, unicode and a JPY (scale 0) amount."""
    report: ticketcore.Report = _testing.report_from_columns("mixed", [
        ("id", "integer", [1, -2, 2**63 - 1, None], 0),
        ("active", "boolean", [True, False, None, True], 0),
        ("name", "text", ["Gala", "København €", None, "日本 🎫"], 0),
        ("price", "money", [25000, -12345, None, -1], 2),
        ("currency", "text", ["DKK", "EUR", "EUR", "EUR"], 0),
        ("yen", "money", [-999_999_999_999_999_999, 0, 999_999_999_999_999_999, None], 0),
        ("at", "instant", [T0, None, micros(T0) + 1, EPOCH], 0),
    ], has_next_page=True, end_cursor="c4")
    return report


EXPECTED_ROWS = [
    (1, True, "Gala", Decimal("250.00"), "DKK", Decimal("-999999999999999999"), T0),
    (-2, False, "København €", Decimal("-123.45"), "EUR", Decimal("0"), None),
    (2**63 - 1, None, None, None, "EUR", Decimal("999999999999999999"), T0 + timedelta(microseconds=1)),
    (None, True, "日本 🎫", Decimal("-0.01"), "EUR", None, EPOCH),
]

EXPECTED_SCHEMA = pa.schema([
    ("id", pa.int64()), ("active", pa.bool_()), ("name", pa.string()), ("price", pa.decimal128(18, 2)),
    ("currency", pa.string()), ("yen", pa.decimal128(18, 0)), ("at", pa.timestamp("us", tz="UTC")),
])


def table_of(report: Any) -> pa.Table:
    table = pa.table(report)
    table.validate(full=True)
    return table


def test_pyarrow_reads_every_kind_exactly() -> None:
    table = table_of(mixed())
    assert table.schema == EXPECTED_SCHEMA
    assert all(field.nullable for field in table.schema)
    assert table.num_rows == 4
    assert [tuple(row.values()) for row in table.to_pylist()] == EXPECTED_ROWS
    assert [table.column(name).null_count for name in table.column_names] == [1, 1, 1, 1, 0, 1, 1]
    # Decimals are the minor units exactly: no float anywhere.
    assert table.column("price").to_pylist()[1] == Decimal("-123.45")
    assert str(table.column("price").type) == "decimal128(18, 2)"


def test_rows_are_python_values() -> None:
    report = mixed()
    rows = report.rows()
    assert rows == EXPECTED_ROWS
    assert isinstance(rows[0][3], Decimal) and rows[0][3].as_tuple().exponent == -2
    assert rows[0][6].tzinfo is not None and rows[0][6].utcoffset() == timedelta(0)
    assert type(rows[0][1]) is bool and type(rows[0][0]) is int


def test_report_attributes_and_repr() -> None:
    report = mixed()
    assert report.name == "mixed"
    assert report.column_names == ["id", "active", "name", "price", "currency", "yen", "at"]
    assert report.num_rows == len(report) == 4
    assert report.has_next_page is True
    assert report.end_cursor == "c4"
    assert repr(report) == (
        "Report(name='mixed', num_rows=4, columns=['id': int64, 'active': bool, 'name': string, "
        "'price': decimal128(18, 2), 'currency': string, 'yen': decimal128(18, 0), "
        "'at': timestamp[us, tz=UTC]], has_next_page=True)")
    unpaged = _testing.report_from_columns("plain", [("n", "integer", [1], 0)])
    assert unpaged.has_next_page is False and unpaged.end_cursor is None
    assert repr(unpaged) == "Report(name='plain', num_rows=1, columns=['n': int64])"


def test_the_schema_capsule() -> None:
    schema = pa.schema(mixed())
    assert schema == EXPECTED_SCHEMA
    capsule = mixed().__arrow_c_schema__()
    assert type(capsule).__name__ == "PyCapsule"
    assert "arrow_schema" in repr(capsule)
    assert pa.Schema._import_from_c_capsule(capsule) == EXPECTED_SCHEMA


def test_the_stream_capsule_and_its_batches() -> None:
    capsule = mixed().__arrow_c_stream__()
    assert "arrow_array_stream" in repr(capsule)
    reader = pa.RecordBatchReader._import_from_c_capsule(capsule)
    assert reader.schema == EXPECTED_SCHEMA
    batches = list(reader)
    assert len(batches) == 1
    batches[0].validate(full=True)
    assert batches[0].num_rows == 4
    # requested_schema is accepted and ignored (the interface allows it): the report's schema comes.
    other = pa.schema([("x", pa.int32())]).__arrow_c_schema__()
    assert pa.RecordBatchReader._import_from_c_capsule(mixed().__arrow_c_stream__(other)).schema == EXPECTED_SCHEMA
    assert pa.RecordBatchReader._import_from_c_capsule(
        mixed().__arrow_c_stream__(requested_schema=None)).schema == EXPECTED_SCHEMA


def test_a_capsule_consumed_twice_is_refused_and_one_never_consumed_is_freed() -> None:
    capsule = mixed().__arrow_c_stream__()
    table = pa.RecordBatchReader._import_from_c_capsule(capsule).read_all()
    with pytest.raises(ValueError, match="released"):
        pa.RecordBatchReader._import_from_c_capsule(capsule)
    del capsule
    # The data outlives the capsule and the report.
    gc.collect()
    assert table.column("name").to_pylist()[1] == "København €"
    # Never consumed: the capsule's destructor releases the stream (ASan: scripts/asan-pytest).
    for _ in range(100):
        mixed().__arrow_c_stream__()
        mixed().__arrow_c_schema__()
    schema_capsule = mixed().__arrow_c_schema__()
    assert pa.Schema._import_from_c_capsule(schema_capsule) == EXPECTED_SCHEMA
    with pytest.raises(ValueError, match="released"):
        pa.Schema._import_from_c_capsule(schema_capsule)


def test_the_report_outlives_nothing_it_exported() -> None:
    report = mixed()
    reader = pa.RecordBatchReader._import_from_c_capsule(report.__arrow_c_stream__())
    del report
    gc.collect()
    assert reader.read_all().column("id").to_pylist() == [1, -2, 2**63 - 1, None]


def test_an_empty_report_keeps_its_schema() -> None:
    report = _testing.report_from_columns("empty", [
        (name, kind, [], scale)
        for name, kind, scale in [("id", "integer", 0), ("active", "boolean", 0), ("name", "text", 0),
                                  ("price", "money", 2), ("currency", "text", 0), ("yen", "money", 0),
                                  ("at", "instant", 0)]])
    table = table_of(report)
    assert table.schema == EXPECTED_SCHEMA
    assert table.num_rows == 0
    assert report.rows() == []
    assert pl.DataFrame(report).shape == (0, 7)
    assert report.to_pandas().shape == (0, 7)
    no_columns = _testing.report_from_columns("nothing", [])
    assert table_of(no_columns).num_columns == 0
    assert no_columns.rows() == []


def test_polars_reads_it() -> None:
    frame = pl.DataFrame(mixed())
    assert frame.schema == pl.Schema({
        "id": pl.Int64, "active": pl.Boolean, "name": pl.String, "price": pl.Decimal(18, 2), "currency": pl.String,
        "yen": pl.Decimal(18, 0), "at": pl.Datetime("us", "UTC")})
    assert frame.rows() == EXPECTED_ROWS
    assert mixed().to_polars().equals(frame)


def test_pandas_reads_it_with_exact_decimals() -> None:
    frame = mixed().to_pandas()
    assert [str(dtype) for dtype in frame.dtypes] == [
        "Int64", "boolean", "str", "object", "str", "object", "datetime64[us, UTC]"]
    assert frame["price"].tolist()[:2] == [Decimal("250.00"), Decimal("-123.45")]
    assert frame["price"].isna().tolist() == [False, False, True, False]
    assert frame["id"].tolist()[:3] == [1, -2, 2**63 - 1]  # exact: Int64, not float64
    assert frame["at"][0] == pd.Timestamp(T0)
    arrow = mixed().to_pandas(arrow_dtypes=True)
    assert [str(dtype) for dtype in arrow.dtypes] == [
        "int64[pyarrow]", "bool[pyarrow]", "string[pyarrow]", "decimal128(18, 2)[pyarrow]", "string[pyarrow]",
        "decimal128(18, 0)[pyarrow]", "timestamp[us, tz=UTC][pyarrow]"]
    assert arrow["price"][1] == Decimal("-123.45")
    # pandas itself, through the interface.
    direct = pd.DataFrame.from_arrow(mixed())
    assert direct["yen"].tolist()[:3] == [Decimal("-999999999999999999"), Decimal("0"),
                                         Decimal("999999999999999999")]
    with pytest.raises(TypeError):
        mixed().to_pandas(arrow_dtypes=1)  # type: ignore[arg-type]


def test_a_million_rows_without_a_python_loop() -> None:
    rows = 1_000_000
    report = _testing.synthetic_report(rows)
    table = table_of(report)
    assert table.num_rows == rows
    ids = pc.cast(table.column("id"), pa.int64())
    assert pc.all(pc.equal(ids, pa.array(range(rows), pa.int64()))).as_py()
    # Null counts follow the synthetic pattern: even null when i % 5 == 0, and so on.
    assert [table.column(name).null_count for name in table.column_names] == [
        0, rows // 5, -(-rows // 7), -(-rows // 11), 0, -(-rows // 13)]
    # Money, exactly: the sum over the present rows of (i % 1000 - 500) * 1001 cents.
    present = pc.not_equal(pc.remainder(ids, 11), 0)
    expected_cents = pc.sum(pc.filter(pc.multiply(pc.subtract(pc.remainder(ids, 1000), 500), 1001), present))
    assert pc.sum(table.column("amount")).as_py() == Decimal(expected_cents.as_py()).scaleb(-2)
    assert pc.min(table.column("amount")).as_py() == Decimal("-5005.00")
    assert table.column("holder")[1].as_py() == "holder ø 1"
    assert table.column("at")[1].as_py() == datetime.fromtimestamp(1_700_000_001, UTC)
    assert pl.DataFrame(report).height == rows
    assert len(report.to_pandas()) == rows


def test_concat_reports_appends_pages() -> None:
    first = mixed()
    second = _testing.report_from_columns("mixed", [
        ("id", "integer", [5], 0), ("active", "boolean", [False], 0), ("name", "text", ["fin"], 0),
        ("price", "money", [1], 2), ("currency", "text", ["EUR"], 0), ("yen", "money", [7], 0),
        ("at", "instant", [None], 0)])
    both = ticketcore.concat_reports([first, second])
    assert both.num_rows == 5
    assert both.has_next_page is False and both.end_cursor is None
    assert both.rows() == [*EXPECTED_ROWS, (5, False, "fin", Decimal("0.01"), "EUR", Decimal("7"), None)]
    assert table_of(both).schema == EXPECTED_SCHEMA
    assert ticketcore.concat_reports(iter([first])).end_cursor == "c4"
    # Pages from a generator: each page is held until the rows are copied.
    generated = ticketcore.concat_reports(_testing.synthetic_report(1000) for _ in range(3))
    assert generated.num_rows == 3000
    assert table_of(generated).column("id").to_pylist()[1000:1003] == [0, 1, 2]
    with pytest.raises(TypeError, match="pages must be an iterable of Report"):
        ticketcore.concat_reports([first, "x"])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="pages must be an iterable of Report"):
        ticketcore.concat_reports("ab")  # type: ignore[arg-type]
    with pytest.raises(ticketcore.ValidationError) as refused:
        ticketcore.concat_reports([])
    assert refused.value.code == "report_not_exportable"
    assert str(refused.value) == "Report '' cannot be exported to Arrow: there is no page to export"
    other = _testing.report_from_columns("other", [("id", "integer", [1], 0)])
    with pytest.raises(ticketcore.ValidationError) as refused:
        ticketcore.concat_reports([first, other])
    assert str(refused.value) == "Report 'mixed' cannot be exported to Arrow: a page has 1 columns where the first has 7"


@pytest.mark.parametrize(("columns", "message"), [
    ([("a", "integer", [1, 2], 0), ("b", "text", ["x"], 0)],
     "column 'b' has 1 rows where the first has 2"),
    ([("m", "money", [1], 19)], "money column 'm' has scale 19 (decimal128(18, scale) needs 0 to 18)"),
    ([("m", "money", [10**18], 2)],
     "money column 'm' row 0 holds 1000000000000000000 minor units, beyond the 18 digits of decimal128(18, 2)"),
])
def test_a_report_of_the_wrong_shape_is_refused(columns: list[tuple[str, str, list[Any], int]], message: str) -> None:
    report = _testing.report_from_columns("bad", columns)
    for export in (report.__arrow_c_stream__, report.__arrow_c_schema__, report.to_pyarrow):
        with pytest.raises(ticketcore.ValidationError) as refused:
            export()
        assert refused.value.code == "report_not_exportable"
        assert str(refused.value) == "Report 'bad' cannot be exported to Arrow: " + message


def test_decimal_context_does_not_change_rows() -> None:
    # Decimals are built from their exact text, not by arithmetic in the caller's context.
    with decimal.localcontext() as context:
        context.prec = 3
        assert mixed().rows()[0][5] == Decimal("-999999999999999999")


def test_a_report_is_not_pickled_but_its_table_is() -> None:
    import pickle

    report = _testing.synthetic_report(3)
    with pytest.raises(TypeError, match="cannot pickle a Report: pickle report.to_pyarrow"):
        pickle.dumps(report)
    table = pickle.loads(pickle.dumps(report.to_pyarrow()))
    assert table.equals(pa.table(report))
