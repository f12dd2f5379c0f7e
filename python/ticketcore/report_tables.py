"""Reports (``store.reports``) as text tables, CSV, JSON and Parquet, and their pages walked: what
the command line (``ticketcore report``) and the demo print (docs/cli.md).

A report is anything with ``name``, ``column_names`` and ``rows()`` (a :class:`ticketcore.Report`),
and for Parquet the Arrow PyCapsule interface (``__arrow_c_stream__``). Values print as they are
exact: money as its decimal amount (the ``currency`` column follows it), instants as ISO 8601 in
UTC, booleans as ``yes``/``no`` in a table and ``true``/``false`` in CSV, a null as nothing.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import IO, Any, Protocol

__all__ = [
    "REPORTS",
    "ReportLike",
    "ReportSpec",
    "Rows",
    "collect",
    "csv_text",
    "json_document",
    "json_text",
    "rows_of",
    "table_text",
    "write_parquet",
]

#: The most rows a page asks for when the pages of a paged report are walked.
PAGE = 1000


class ReportLike(Protocol):
    """What a report offers: a :class:`ticketcore.Report`, or a stand-in with the same face."""

    @property
    def name(self) -> str: ...
    @property
    def column_names(self) -> list[str]: ...
    def rows(self) -> Any: ...


@dataclass(frozen=True)
class ReportSpec:
    """One report of ``store.reports``: its method, whether it is paged, its title."""

    method: str
    title: str
    paged: bool


#: Every report of ``store.reports``, in the order the demo prints them, by command-line name.
REPORTS: dict[str, ReportSpec] = {
    spec.method.replace("_", "-"): spec
    for spec in (
        ReportSpec("sales_per_specification", "Sales per specification", False),
        ReportSpec("order_totals", "Orders by state", False),
        ReportSpec("orders", "Orders", True),
        ReportSpec("ticket_holders", "Ticket holders", True),
        ReportSpec("refund_activity", "Refund activity", True),
        ReportSpec("sales_over_time", "Sales over time", False),
        ReportSpec("box_office", "Box office", False),
        ReportSpec("open_sales", "Open box-office sales", True),
        ReportSpec("attendance", "Attendance", True),
        ReportSpec("entries_per_hour", "Entries per hour", False),
        ReportSpec("entries_per_scan_point", "Entries per scan point", False),
        ReportSpec("inside", "Inside now", False),
        ReportSpec("scan_conflicts", "Scan conflicts", True),
    )
}


@dataclass
class Rows:
    """A report's rows, gathered from one page or all of them."""

    name: str
    columns: list[str]
    rows: list[tuple[Any, ...]]
    pages: list[Any]
    has_next_page: bool = False
    end_cursor: str | None = None


def rows_of(report: ReportLike) -> list[tuple[Any, ...]]:
    """The rows of one report as tuples in the order of its columns (``rows()`` may give tuples or
    mappings of column name to value)."""
    columns = list(report.column_names)
    rows: list[tuple[Any, ...]] = []
    for row in report.rows():
        if isinstance(row, Mapping):
            rows.append(tuple(row[name] for name in columns))
        else:
            rows.append(tuple(row))
    return rows


def collect(fetch: Callable[[str | None], ReportLike], *, walk: bool, after: str | None = None) -> Rows:
    """Calls ``fetch(after)`` for the first page and, when ``walk``, ``fetch(cursor)`` for every
    next page (by the previous page's ``end_cursor``) until ``has_next_page`` is false."""
    report = fetch(after)
    gathered = Rows(report.name, list(report.column_names), rows_of(report), [report])
    while True:
        gathered.has_next_page = bool(getattr(report, "has_next_page", False))
        gathered.end_cursor = getattr(report, "end_cursor", None)
        if not (walk and gathered.has_next_page and gathered.end_cursor):
            return gathered
        report = fetch(gathered.end_cursor)
        gathered.rows += rows_of(report)
        gathered.pages.append(report)


def text_of(value: Any) -> str:
    """A value as a table cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.name.lower()
    return str(value)


def plain(value: Any) -> Any:
    """A value as JSON data: money as its decimal text (exact), instants as ISO 8601 texts."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.name.lower()
    return str(value)


def table_text(rows: Rows, *, limit: int | None = None, indent: str = "") -> str:
    """The rows as an aligned text table: numbers and money right-aligned, the rest left; with
    ``limit``, the first ``limit`` rows and a line saying how many more there are."""
    shown = rows.rows if limit is None else rows.rows[:limit]
    cells = [[text_of(value) for value in row] for row in shown]
    widths = [len(name) for name in rows.columns]
    for row in cells:
        widths = [max(width, len(cell)) for width, cell in zip(widths, row)]
    numeric = [
        bool(shown) and all(isinstance(row[index], (int, Decimal)) and not isinstance(row[index], bool)
                            for row in shown if row[index] is not None)
        for index in range(len(rows.columns))
    ]

    def line(values: Sequence[str]) -> str:
        parts = [value.rjust(width) if right else value.ljust(width)
                 for value, width, right in zip(values, widths, numeric)]
        return (indent + "  ".join(parts)).rstrip()

    lines = [line(rows.columns), indent + "  ".join("-" * width for width in widths)]
    lines += [line(row) for row in cells]
    if limit is not None and len(rows.rows) > limit:
        lines.append(f"{indent}... {len(rows.rows) - limit} more rows")
    return "\n".join(lines)


def csv_text(rows: Rows) -> str:
    """The rows as CSV with a header line (booleans ``true``/``false``, nulls empty)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(rows.columns)
    for row in rows.rows:
        writer.writerow(["true" if value is True else "false" if value is False else text_of(value) for value in row])
    return buffer.getvalue()


def json_document(rows: Rows) -> dict[str, Any]:
    """The rows as a JSON object: ``report``, ``columns``, ``rows`` (objects by column name) and
    the paging state of the last page read."""
    return {
        "report": rows.name,
        "columns": rows.columns,
        "rows": [{name: plain(value) for name, value in zip(rows.columns, row)} for row in rows.rows],
        "has_next_page": rows.has_next_page,
        "end_cursor": rows.end_cursor,
    }


def json_text(rows: Rows) -> str:
    return json.dumps(json_document(rows), indent=2, sort_keys=True) + "\n"


def write_parquet(rows: Rows, target: str | IO[bytes]) -> None:
    """Writes the pages as one Parquet file through pyarrow (an optional dependency: ``pip install
    ticketcore[reports]``), each page read through the Arrow PyCapsule interface."""
    import pyarrow  # type: ignore[import-untyped,unused-ignore]
    import pyarrow.parquet  # type: ignore[import-untyped,unused-ignore]

    tables = [pyarrow.table(page) for page in rows.pages]
    table = pyarrow.concat_tables(tables) if len(tables) > 1 else tables[0]
    pyarrow.parquet.write_table(table, target)

