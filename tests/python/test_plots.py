"""ticketcore.plots: the points of the sales and attendance curves, from the reports when the build
has them (stand-in reports here) or from what the event-day generator recorded, and the figures
drawn from them as PNG."""

from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest

from ticketcore import Money, plots
from ticketcore.simulation import simulate_event_day
from test_cli_reports import FakeReport

DAY = datetime(2027, 5, 1, 8, tzinfo=timezone.utc)


def png(figure: Any) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def test_sales_points_come_from_the_sales_over_time_report() -> None:
    calls = []

    def sales_over_time(event_id: str, *, bucket: str = "hour") -> FakeReport:
        calls.append((event_id, bucket))
        return FakeReport("sales_over_time", ["bucket", "channel", "tickets", "revenue", "currency"], [
            (DAY, "online", 10, Decimal("3000.00"), "DKK"),
            (DAY, "COMP", 2, Decimal("0.00"), "DKK"),
            (DAY + timedelta(days=1), "box_office", 3, Money("900.00", "DKK"), "DKK"),
        ])

    store: Any = SimpleNamespace(reports=SimpleNamespace(sales_over_time=sales_over_time))
    source, points = plots.sales_points(store, "e-1")
    assert source == "report" and calls == [("e-1", "day")]
    assert points == [plots.SalesPoint(DAY, "online", 10, Decimal("3000.00")),
                      plots.SalesPoint(DAY, "comp", 2, Decimal("0.00")),
                      plots.SalesPoint(DAY + timedelta(days=1), "box_office", 3, Decimal("900.00"))]
    assert png(plots.sales_figure(points, title="t", currency="DKK", time_zone="Europe/Copenhagen")).startswith(b"\x89PNG")


def test_door_points_come_from_the_entries_per_hour_report() -> None:
    report = FakeReport("entries_per_hour", ["hour", "entries", "exits"], [(DAY, 5, None), (DAY + timedelta(hours=1), 7, 2)])
    store: Any = SimpleNamespace(reports=SimpleNamespace(entries_per_hour=lambda event_id: report))
    assert plots.door_points(store, "e-1") == ("report", [plots.DoorPoint(DAY, 5, 0),
                                                         plots.DoorPoint(DAY + timedelta(hours=1), 7, 2)])


def test_without_the_reports_the_points_are_what_the_day_recorded() -> None:
    day = simulate_event_day(tickets=200, seed=2)
    store: Any = SimpleNamespace(reports=SimpleNamespace(), events=day.store.events)
    source, sales = plots.sales_points(store, day.event_id, day)
    assert source == "simulation"
    assert sum(point.tickets for point in sales) == sum(tickets for _, _, tickets, _ in day.sales_log)
    assert {point.channel for point in sales} == set(plots.CHANNELS)
    assert all(point.start.astimezone(plots.ZoneInfo("Europe/Copenhagen")).hour == 0 for point in sales)
    source, door = plots.door_points(store, day.event_id, day)
    assert source == "simulation"
    assert sum(point.entries - point.exits for point in door) == sum(step for _, step in day.door_log)
    assert plots.sales_points(store, day.event_id) == ("none", [])
    picture = png(plots.attendance_figure(door, title="t", time_zone="Europe/Copenhagen"))
    assert picture.startswith(b"\x89PNG") and len(picture) > 10_000


def test_a_report_without_the_columns_falls_back_to_the_day() -> None:
    day = simulate_event_day(tickets=100, seed=2)
    odd = FakeReport("sales_over_time", ["when", "what"], [(DAY, "x")])
    store: Any = SimpleNamespace(reports=SimpleNamespace(sales_over_time=lambda event_id, bucket: odd),
                                 events=day.store.events)
    assert plots.sales_points(store, day.event_id, day)[0] == "simulation"


@pytest.mark.parametrize("figure", ["sales", "attendance"])
def test_empty_points_still_draw(figure: str) -> None:
    drawn = (plots.sales_figure([], title="t", currency="DKK", time_zone="UTC") if figure == "sales"
             else plots.attendance_figure([], title="t", time_zone="UTC"))
    assert png(drawn).startswith(b"\x89PNG")
