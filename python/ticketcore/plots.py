"""The two curves of an event day as matplotlib figures: the sales curve (tickets by channel and
revenue, cumulative) and the attendance curve (entries per hour and the people inside), what the
demo writes as PNG files and the example notebook shows (docs/notebook.md).

The points come from the store's reports (``store.reports.sales_over_time`` and
``entries_per_hour``) when the build has them, else from what :func:`simulate_event_day`
recorded as it happened (``EventDay.sales_log`` / ``door_log``). matplotlib is imported only
when a figure is drawn (``pip install 'ticketcore[notebook]'``); the points need nothing beyond
the package. Plots are the one place floats appear: amounts are exact until they are drawn.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from ticketcore import Store
from ticketcore.report_tables import rows_of

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from ticketcore.simulation import EventDay

__all__ = ["CHANNELS", "DoorPoint", "SalesPoint", "attendance_figure", "door_points", "sales_figure", "sales_points"]

_EPOCH = datetime(1970, 1, 1, tzinfo=ZoneInfo("UTC"))

#: The sales channels, in the order the sales curve stacks them.
CHANNELS = ("online", "box_office", "comp", "door")


@dataclass(frozen=True)
class SalesPoint:
    """Tickets and revenue of one channel in one bucket (its start, UTC)."""

    start: datetime
    channel: str
    tickets: int
    revenue: Decimal


@dataclass(frozen=True)
class DoorPoint:
    """Entries and exits in one bucket (its start, UTC)."""

    start: datetime
    entries: int
    exits: int


def _column(columns: Sequence[str], rows: list[tuple[Any, ...]], *names: str) -> int | None:
    for name in names:
        if name in columns:
            return columns.index(name)
    return None


def _decimal(value: Any) -> Decimal:
    """A money cell as a Decimal: the report's decimal, or a Money's amount."""
    amount = getattr(value, "amount", value)
    return amount if isinstance(amount, Decimal) else Decimal(str(amount))


def _instant_column(columns: Sequence[str], rows: list[tuple[Any, ...]]) -> int | None:
    for index in range(len(columns)):
        if rows and all(isinstance(row[index], datetime) for row in rows):
            return index
    return None


def _bucket(instant: datetime, time_zone: ZoneInfo, hours: int) -> datetime:
    local = instant.astimezone(time_zone)
    if hours >= 24:
        local = local.replace(hour=0, minute=0, second=0, microsecond=0)
    else:
        local = local.replace(minute=0, second=0, microsecond=0)
    return local.astimezone(ZoneInfo("UTC"))


def sales_points(store: Store, event_id: str, day: EventDay | None = None) -> tuple[str, list[SalesPoint]]:
    """The event's sales per day and channel, and where they came from (``"report"`` or
    ``"simulation"``)."""
    method = getattr(store.reports, "sales_over_time", None)
    if method is not None:
        report = method(event_id, bucket="day")
        columns, rows = list(report.column_names), rows_of(report)
        at, channel = _instant_column(columns, rows), _column(columns, rows, "channel")
        tickets, revenue = _column(columns, rows, "tickets"), _column(columns, rows, "revenue")
        if rows and None not in (at, channel, tickets, revenue):
            assert at is not None and channel is not None and tickets is not None and revenue is not None
            return "report", [SalesPoint(row[at], str(row[channel]).lower(), int(row[tickets]), _decimal(row[revenue]))
                              for row in rows]
    if day is None:
        return "none", []
    zone = ZoneInfo(store.events.get(event_id).time_zone)
    currency = store.events.get(event_id).currency
    sums: dict[tuple[datetime, str], tuple[int, int]] = defaultdict(lambda: (0, 0))
    for instant, name, count, minor in day.sales_log:
        key = (_bucket(instant, zone, 24), name)
        tickets_so_far, minor_so_far = sums[key]
        sums[key] = (tickets_so_far + count, minor_so_far + minor)
    from ticketcore import Money

    return "simulation", [SalesPoint(start, name, count, Money.from_minor(minor, currency).amount)
                          for (start, name), (count, minor) in sorted(sums.items())]


def door_points(store: Store, event_id: str, day: EventDay | None = None) -> tuple[str, list[DoorPoint]]:
    """The event's entries and exits per hour, and where they came from."""
    method = getattr(store.reports, "entries_per_hour", None)
    if method is not None:
        report = method(event_id)
        columns, rows = list(report.column_names), rows_of(report)
        at, entries = _instant_column(columns, rows), _column(columns, rows, "entries")
        exits = _column(columns, rows, "exits")
        if rows and at is not None and entries is not None:
            return "report", [DoorPoint(row[at], int(row[entries]), int(row[exits] or 0) if exits is not None else 0)
                              for row in rows]
    if day is None:
        return "none", []
    zone = ZoneInfo(store.events.get(event_id).time_zone)
    sums: dict[datetime, list[int]] = defaultdict(lambda: [0, 0])
    for instant, step in day.door_log:
        sums[_bucket(instant, zone, 1)][0 if step > 0 else 1] += 1
    return "simulation", [DoorPoint(start, entries, exits) for start, (entries, exits) in sorted(sums.items())]


def _cumulative(points: Iterable[SalesPoint]) -> tuple[list[datetime], dict[str, list[int]], list[float]]:
    starts = sorted({point.start for point in points})
    per = {channel: dict.fromkeys(starts, 0) for channel in CHANNELS}
    revenue = dict.fromkeys(starts, Decimal(0))
    for point in points:
        per.setdefault(point.channel, dict.fromkeys(starts, 0))[point.start] += point.tickets
        revenue[point.start] += point.revenue
    curves: dict[str, list[int]] = {}
    for channel, counts in per.items():
        total, curve = 0, []
        for start in starts:
            total += counts[start]
            curve.append(total)
        curves[channel] = curve
    running, money = Decimal(0), []
    for start in starts:
        running += revenue[start]
        money.append(float(running))
    return starts, curves, money


def _number(instant: datetime) -> float:
    """An instant as matplotlib's date number: days since its epoch, 1970-01-01 UTC."""
    return (instant - _EPOCH).total_seconds() / 86400


def sales_figure(points: Sequence[SalesPoint], *, title: str, currency: str, time_zone: str) -> Figure:
    """Cumulative tickets by channel (stacked) and cumulative revenue, per day."""
    from matplotlib.dates import DateFormatter
    from matplotlib.figure import Figure

    days, curves, money = _cumulative(points)
    starts = [_number(start) for start in days]
    figure = Figure(figsize=(9, 4.5), dpi=100)
    axes = figure.add_subplot()
    labels = {"online": "online", "box_office": "box office", "comp": "comps", "door": "door"}
    axes.stackplot(starts, *[curves[channel] for channel in curves],
                   labels=[labels.get(channel, channel) for channel in curves], alpha=0.8, step="post")
    axes.set_ylabel("tickets (cumulative)")
    axes.xaxis.set_major_formatter(DateFormatter("%d %b", tz=ZoneInfo(time_zone)))  # type: ignore[no-untyped-call]
    revenue_axes = axes.twinx()
    revenue_axes.plot(starts, money, color="black", linewidth=1.5, label=f"revenue ({currency})", drawstyle="steps-post")
    revenue_axes.set_ylabel(f"revenue, {currency} (cumulative)")
    axes.set_ylim(bottom=0)
    revenue_axes.set_ylim(bottom=0)
    handles, names = axes.get_legend_handles_labels()
    more_handles, more_names = revenue_axes.get_legend_handles_labels()
    axes.legend(handles + more_handles, names + more_names, loc="upper left")
    axes.set_title(title)
    axes.grid(alpha=0.3)
    figure.tight_layout()
    return figure


def attendance_figure(points: Sequence[DoorPoint], *, title: str, time_zone: str) -> Figure:
    """Entries per hour (bars) and the people inside at the end of each hour (line)."""
    from matplotlib.dates import DateFormatter
    from matplotlib.figure import Figure

    figure = Figure(figsize=(9, 4.5), dpi=100)
    axes = figure.add_subplot()
    starts = [point.start for point in points]
    middles = [_number(start + timedelta(minutes=30)) for start in starts]
    width = 50 / (24 * 60)   # 50 minutes, in days
    axes.bar(middles, [point.entries for point in points], width=width, label="entries", alpha=0.7)
    axes.bar(middles, [-point.exits for point in points], width=width, label="exits", alpha=0.7)
    inside, running = [0] if starts else [], 0
    for point in points:
        running += point.entries - point.exits
        inside.append(running)
    ends = starts[:1] + [start + timedelta(hours=1) for start in starts]
    axes.plot([_number(end) for end in ends], inside, color="black", marker="o", label="inside")
    axes.axhline(0, color="grey", linewidth=0.8)
    axes.set_ylabel("people")
    axes.xaxis.set_major_formatter(DateFormatter("%H:%M", tz=ZoneInfo(time_zone)))  # type: ignore[no-untyped-call]
    axes.legend(loc="upper left")
    axes.set_title(title)
    axes.grid(alpha=0.3)
    figure.tight_layout()
    return figure
