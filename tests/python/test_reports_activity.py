"""store.reports, the attendance, sales-over-time and box-office section (issue 10), on both
engines: one small event with every channel (online orders, a box-office sale, a comp, a
pre-generated ticket activated at the door), open and expired sales, scans in and out at two scan
points across an hour boundary and the night the clocks go back, and an offline scanner's conflict;
every cell of every report checked; paging through cursors; the refusals; the query plans."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

import pg_support
from helpers import (
    SHOP_SCOPES,
    World,
    buyer,
    cph,
    org_actor,
    other_organization,
    pay,
    place,
    plan_problems,
    refused,
    shop_store,
    spec_on_sale,
    utc,
)
from ticketcore import (
    BuyOrder,
    EventTicket,
    NotFoundError,
    OfflineScanner,
    PermissionDeniedError,
    Report,
    Sale,
    SalePaymentType,
    ScanDirection,
    Store,
    TicketInspector,
    ValidationError,
)
from ticketcore._core import _testing

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
#: The event's one date: 22:00 summer time on 30 October 2027 to 04:00 winter time on 31 October;
#: the clocks go back from 03:00 to 02:00 at 01:00 UTC that night.
START = cph(2027, 10, 30, 22)
END = cph(2027, 10, 31, 4)


def us(moment: datetime) -> int:
    """Microseconds since 1970 of an aware datetime (the report's instant cells)."""
    delta = moment - EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def cells(report: Report) -> dict[str, list[Any]]:
    return dict(_testing.report_cells(report))


@dataclass
class Night:
    """The event and what happened at it (see the module's docstring)."""

    world: World
    admin: Store
    analyst: Store
    event_id: str
    date_id: str
    sam: TicketInspector
    first_order: BuyOrder
    second_order: BuyOrder
    committed: Sale
    expired: Sale
    waiting: Sale
    comp: EventTicket
    door: EventTicket
    conflict_scan_id: str


def build_night(world: World) -> Night:
    clock = world.clock  # 2027-01-01 12:00 UTC, 13:00 in Copenhagen
    admin = shop_store(world, SHOP_SCOPES, actor_id="anna")
    kim = shop_store(world, {"sales", "events:read"}, actor_id="kim")
    lee = shop_store(world, {"sales", "events:read"}, actor_id="lee")
    analyst = world.platform.acting_as(org_actor(world.organization_id, {"reports:read"}, actor_id="ada"))
    admin.staff.add_user("kim", "Kim Desk")
    event = admin.events.create("Halloween Jazz", time_zone="Europe/Copenhagen")
    date_id = admin.events.add_date(event.id, START, END).id
    general = spec_on_sale(admin, event.id, "General", price=25000, allow_reentry=True, reentry_limit=3)
    admin.events.publish(event.id)

    first_order = pay(admin, place(admin, event.id, [(general.id, 2)]))  # 12:00 UTC
    clock.set(utc(2027, 1, 1, 12, 10))
    committed = kim.sales.set_item_quantity(kim.sales.create().id, {general.id: 1})
    clock.set(utc(2027, 1, 1, 12, 15))
    committed = kim.sales.complete(committed.id, SalePaymentType.CASH)
    clock.set(utc(2027, 1, 1, 12, 20))
    expired = kim.sales.set_item_quantity(kim.sales.create().id, {general.id: 2})  # holds until 12:50
    clock.set(utc(2027, 1, 1, 13, 10))
    comp = admin.tickets.comp(event.id, general.id, holders=[("pat@example.com", "Pat Lee")])[0]
    clock.set(utc(2027, 1, 1, 13, 20))
    door = admin.tickets.pre_generate(event.id, general.id, quantity=1)[0]
    clock.set(utc(2027, 1, 1, 13, 30))
    door = admin.tickets.activate(door.id, holder_email="door@example.com", holder_name="Door Guest",
                                  amount=25000, method="cash", reference="till-1")
    clock.set(utc(2027, 1, 1, 13, 40))
    waiting = lee.sales.set_item_quantity(lee.sales.create().id, {general.id: 1})  # holds until 14:10
    clock.set(utc(2027, 1, 1, 13, 50))
    second_order = pay(admin, place(admin, event.id, [(general.id, 1)], who=buyer("Kim Berg")), "pi_2")
    clock.set(utc(2027, 1, 1, 13, 55))

    sam = admin.door.add_external_inspector(event.id, name="Sam Door", email="sam@example.com",
                                            phone_number="+45 1234 5678")
    scanner = world.platform.acting_as(org_actor(world.organization_id, {"scan"}, actor_id="gate"))
    export = scanner.door.export_scanner(event.id, include_tickets=True)
    first, second = first_order.ticket_ids
    box_office_ticket = committed.ticket_ids[0]
    counter = iter(range(1, 100))

    def scan(ticket: str, at: datetime, point: str, direction: str = "in") -> None:
        result = scanner.door.redeem(ticket, inspector_id=sam.id, scan_point=point, direction=direction,
                                     nonce=f"gate-1:{next(counter)}", at=at)
        assert result.admitted == (ticket != "garbage"), result

    scan(first, utc(2027, 10, 30, 20, 50), "main-door")          # 22:50 summer time
    scan(box_office_ticket, utc(2027, 10, 30, 20, 55), "main-door")
    scan(door.id, utc(2027, 10, 30, 21, 5), "main-door")
    scan(second, utc(2027, 10, 30, 21, 10), "side-door")
    scan("garbage", utc(2027, 10, 30, 21, 20), "main-door")     # forged: refused
    scan(first, utc(2027, 10, 31, 0, 30), "main-door", "out")    # 02:30 summer time
    scan(first, utc(2027, 10, 31, 1, 30), "side-door")           # 02:30 winter time
    offline = OfflineScanner(export)
    assert offline.redeem(second, inspector_id=sam.id, scan_point="vip-door", nonce="gate-9:1",
                          at=utc(2027, 10, 30, 21, 30)).admitted
    imported = scanner.door.import_scans(offline.scans_json())
    assert (imported.recorded, imported.conflicts) == (1, 1)
    conflict = imported.scans[0].scan
    assert conflict is not None and conflict.conflict
    return Night(world, admin, analyst, event.id, date_id, sam, first_order, second_order, committed,
                 expired, waiting, comp, door, conflict.id)


@pytest.fixture
def night(world: World) -> Night:
    return build_night(world)


def test_attendance_is_one_row_per_ticket_date_with_its_door_state(night: Night) -> None:
    first, second = night.first_order.ticket_ids
    box_office = night.committed.ticket_ids[0]
    (late,) = night.second_order.ticket_ids
    tickets = [first, second, box_office, night.comp.id, night.door.id, late]
    admin = night.admin
    dates = [admin.tickets.get(ticket).event_dates[0].id for ticket in tickets]
    report = night.analyst.reports.attendance(night.event_id)
    assert (report.name, report.num_rows, report.has_next_page, report.end_cursor) == ("attendance", 6, False, dates[-1])
    general = admin.tickets.get(first).ticket_specification_id
    assert cells(report) == {
        "ticket_id": tickets,
        "ticket_date_id": dates,
        "event_date_id": [night.date_id] * 6,
        "date_start": [us(START)] * 6,
        "specification_id": [general] * 6,
        "specification": ["General"] * 6,
        "holder": ["Alex Reyes", "Alex Reyes", "Box office", "Pat Lee", "Door Guest", "Kim Berg"],
        "holder_email": ["alex@example.com", "alex@example.com", "", "pat@example.com", "door@example.com",
                         "kim@example.com"],
        "ticket_state": ["valid"] * 6,
        "redeemed": [True, True, True, False, True, False],
        "redeemed_at": [us(utc(2027, 10, 30, 20, 50)), us(utc(2027, 10, 30, 21, 10)), us(utc(2027, 10, 30, 20, 55)),
                        None, us(utc(2027, 10, 30, 21, 5)), None],
        "inspector_id": [night.sam.id, night.sam.id, night.sam.id, None, night.sam.id, None],
        "inspector": ["Sam Door", "Sam Door", "Sam Door", None, "Sam Door", None],
        "entries": [2, 1, 1, 0, 1, 0],
        "inside": [True, True, True, False, True, False],
    }
    # Pages of two, each after the previous page's last ticket date.
    seen: list[str] = []
    after: str | None = None
    while True:
        page = night.analyst.reports.attendance(night.event_id, first=2, after=after)
        seen += cells(page)["ticket_date_id"]
        if not page.has_next_page:
            break
        after = page.end_cursor
    assert seen == dates
    # events:read reads it too.
    assert night.admin.reports.attendance(night.event_id, first=1).end_cursor == dates[0]


def test_entries_per_hour_fold_the_night_the_clocks_go_back(night: Night) -> None:
    report = night.analyst.reports.entries_per_hour(night.event_id)
    assert report.name == "entries_per_hour"
    # 22:00 and 23:00 summer time, then 02:00 summer time and 02:00 winter time: two hours.
    assert cells(report) == {
        "hour": [us(utc(2027, 10, 30, 20)), us(utc(2027, 10, 30, 21)), us(utc(2027, 10, 31, 0)),
                 us(utc(2027, 10, 31, 1))],
        "entries": [2, 2, 0, 1],
        "exits": [0, 0, 1, 0],
        "inside": [2, 4, 3, 4],
    }


def test_entries_per_scan_point_and_inside(night: Night) -> None:
    points = night.analyst.reports.entries_per_scan_point(night.event_id)
    assert cells(points) == {
        "scan_point": ["main-door", "side-door", "vip-door"],
        "entries": [3, 2, 0],
        "exits": [1, 0, 0],
        "refused": [1, 0, 0],
        "conflicts": [0, 0, 1],
    }
    inside = night.analyst.reports.inside(night.event_id)
    assert cells(inside) == {
        "event_date_id": [night.date_id],
        "start": [us(START)],
        "end": [us(END)],
        "redeemed": [4],
        "entries": [5],
        "inside": [4],
    }


def test_scan_conflicts_page_the_offline_conflicts(night: Night) -> None:
    _, second = night.first_order.ticket_ids
    report = night.analyst.reports.scan_conflicts(night.event_id)
    assert (report.name, report.has_next_page, report.end_cursor) == ("scan_conflicts", False, night.conflict_scan_id)
    assert cells(report) == {
        "scan_id": [night.conflict_scan_id],
        "at": [us(utc(2027, 10, 30, 21, 30))],
        "ticket_id": [second],
        "ticket_date_id": [night.admin.tickets.get(second).event_dates[0].id],
        "event_date_id": [night.date_id],
        "inspector_id": [night.sam.id],
        "inspector": ["Sam Door"],
        "scan_point": ["vip-door"],
        "direction": ["in"],
        "reason": ["already_inside"],
        "nonce": ["gate-9:1"],
    }
    after = night.analyst.reports.scan_conflicts(night.event_id, first=1, after=night.conflict_scan_id)
    assert (after.num_rows, after.has_next_page, after.end_cursor) == (0, False, None)


def test_sales_over_time_per_hour_and_day_by_channel(night: Night) -> None:
    report = night.analyst.reports.sales_over_time(night.event_id)
    assert report.name == "sales_over_time"
    noon, one = us(utc(2027, 1, 1, 12)), us(utc(2027, 1, 1, 13))
    assert cells(report) == {
        "bucket": [noon, noon, one, one, one],
        "channel": ["online", "box_office", "online", "comp", "door"],
        "tickets": [2, 1, 1, 1, 1],
        "revenue": [50000, 25000, 25000, 0, 25000],
        "currency": ["DKK"] * 5,
        "cumulative_tickets": [2, 1, 3, 1, 1],
        "cumulative_revenue": [50000, 25000, 75000, 0, 25000],
    }
    daily = night.analyst.reports.sales_over_time(night.event_id, bucket="day")
    midnight = us(utc(2026, 12, 31, 23))  # 1 January in Copenhagen starts at 23:00 UTC
    assert cells(daily) == {
        "bucket": [midnight] * 4,
        "channel": ["online", "box_office", "comp", "door"],
        "tickets": [3, 1, 1, 1],
        "revenue": [75000, 25000, 0, 25000],
        "currency": ["DKK"] * 4,
        "cumulative_tickets": [3, 1, 1, 1],
        "cumulative_revenue": [75000, 25000, 0, 25000],
    }


def test_box_office_by_state_payment_type_and_staff(night: Night) -> None:
    report = night.analyst.reports.box_office(night.event_id)
    assert report.name == "box_office"
    assert cells(report) == {
        "state": ["open", "committed", "expired"],
        "payment_type": [None, "cash", None],
        "staff_user_id": ["lee", "kim", "kim"],
        "staff": ["lee", "Kim Desk", "Kim Desk"],
        "sales": [1, 1, 1],
        "tickets": [1, 1, 2],
        "total": [25000, 25000, 50000],
        "currency": ["DKK"] * 3,
    }


def test_open_sales_and_what_they_hold(night: Night) -> None:
    report = night.analyst.reports.open_sales(night.event_id)
    assert (report.name, report.has_next_page, report.end_cursor) == ("open_sales", False, night.waiting.id)
    assert cells(report) == {
        "sale_id": [night.waiting.id],
        "number": [night.waiting.number],
        "state": ["open"],
        "payment_type": [None],
        "staff_user_id": ["lee"],
        "staff": ["lee"],
        "created": [us(utc(2027, 1, 1, 13, 40))],
        "expires": [us(utc(2027, 1, 1, 14, 10))],
        "tickets": [1],
        "seats": [0],
        "total": [25000],
        "currency": ["DKK"],
    }
    # Once its hold ran out it is no longer open.
    night.world.clock.set(utc(2027, 1, 1, 14, 10))
    assert night.analyst.reports.open_sales(night.event_id).num_rows == 0
    assert cells(night.analyst.reports.box_office(night.event_id))["state"] == ["committed", "expired", "expired"]


def test_reports_refuse_bad_arguments_scopes_and_other_organizations(night: Night) -> None:
    reports = night.analyst.reports
    event_id = night.event_id
    for call in (lambda: reports.attendance(event_id, first=0), lambda: reports.open_sales(event_id, first=1_000_001),
                 lambda: reports.scan_conflicts(event_id, first=-1)):
        refused(night.admin, call, ValidationError, "invalid_page_size", "first must be between 1 and 1000000")
    refused(night.admin, lambda: reports.attendance(event_id, after="nope"), ValidationError, "invalid_cursor",
            "Cursor 'nope' is not a ticket date of this event")
    refused(night.admin, lambda: reports.scan_conflicts(event_id, after=night.comp.id), ValidationError,
            "invalid_cursor", f"Cursor '{night.comp.id}' is not a conflict of this event")
    refused(night.admin, lambda: reports.open_sales(event_id, after="nope"), ValidationError, "invalid_cursor",
            "Cursor 'nope' is not an open sale of this event")
    refused(night.admin, lambda: reports.sales_over_time(event_id, bucket="week"), ValidationError,
            "invalid_report_bucket", "bucket must be 'hour' or 'day', not 'week'")
    refused(night.admin, lambda: reports.inside("no-such-event"), NotFoundError, "event_not_found",
            "Event with id: no-such-event not found.")
    scanner = night.world.platform.acting_as(org_actor(night.world.organization_id, {"scan"}, actor_id="gate"))
    refused(night.admin, lambda: scanner.reports.box_office(event_id), PermissionDeniedError, "missing_scope",
            "Actor 'gate' lacks the scope 'reports:read' or 'events:read'")
    other = other_organization(night.world, scopes={"events:read", "events:write", "reports:read"})
    for name in ("attendance", "entries_per_hour", "entries_per_scan_point", "inside", "scan_conflicts",
                 "sales_over_time", "box_office", "open_sales"):
        refused(night.admin, lambda name=name: getattr(other.reports, name)(event_id), PermissionDeniedError,
                "other_organization", f"Actor 'bob' may not access organization '{night.world.organization_id}'")
    # Their own event reads empty reports.
    theirs = other.events.create("Theirs", time_zone="Europe/Copenhagen")
    assert [getattr(other.reports, name)(theirs.id).num_rows for name in (
        "attendance", "entries_per_hour", "entries_per_scan_point", "inside", "scan_conflicts", "sales_over_time",
        "box_office", "open_sales")] == [0] * 8


def test_reports_read_through_indexes(night: Night, engine: str) -> None:
    """Every read of the section, and the order totals, walks an index of the event (never a whole
    table of those the reports read), and the paged ones never sort (on PostgreSQL with many rows
    of another event of the organization in the tables those reads walk but ticket, then ANALYZE,
    so that the planner weighs them)."""
    world = night.world
    if engine == "postgresql":
        org = world.organization_id
        pg_support.execute(world.platform.path, f"""
            INSERT INTO event (id, organization_id, name, description, location, time_zone, currency, state,
                               platform_fee, percentage_fee, vat_rate, created_us)
            VALUES ('bulk-event', '{org}', 'Bulk', '', '', 'Europe/Copenhagen', 'DKK', 'published', 0, 0, 0, 0);
            INSERT INTO ticket_inspector (id, organization_id, event_id, kind, name, email, phone_number, created_us)
            VALUES ('bulk-inspector', '{org}', 'bulk-event', 'external', 'I', 'i@example.com', '1', 0);
            INSERT INTO scan_log (id, organization_id, event_id, inspector_id, scan_point, direction, nonce, reason,
                                  at_us, entries, inside, conflict)
            SELECT 'bulk-scan-' || g, '{org}', 'bulk-event', 'bulk-inspector', 'p', 'in', 'bulk-' || g,
                   CASE WHEN g % 2 = 0 THEN NULL ELSE 'already_inside' END, g, 0, 0, g % 2
            FROM generate_series(1, 40000) g;
            INSERT INTO event_date (id, organization_id, event_id, start_us, end_us)
            VALUES ('bulk-date', '{org}', 'bulk-event', 0, 1);
            INSERT INTO ticket_date (id, organization_id, ticket_id, event_date_id)
            SELECT 'bulk-ticket-date-' || g, '{org}', '{night.comp.id}', 'bulk-date' FROM generate_series(1, 20000) g;
            INSERT INTO sale (id, organization_id, number, state, currency, creator_id, search_text, box_office_fee,
                              box_office_fee_vat_rate, box_office_fee_vat, grand_total, created_us, updated_us,
                              expires_us)
            SELECT 'bulk-sale-' || g, '{org}', 'BULK-' || g, 'committed', 'DKK', 'kim', '', 0, 0, 0, 0, 0, 0, 0
            FROM generate_series(1, 20000) g;
            INSERT INTO sale_item (id, organization_id, sale_id, kind, event_id, reason, quantity, name, names,
                                   unit_price, subtotal, discount, platform_fee, percentage_fee, vat_rate, vat)
            SELECT 'bulk-item-' || g, '{org}', 'bulk-sale-' || g, 'ticket', 'bulk-event', '', 1, 'Bulk', '', 0, 0,
                   0, 0, 0, 0, 0
            FROM generate_series(1, 20000) g;
            INSERT INTO buy_order (id, organization_id, event_id, buyer_id, state, comment, payment_gateway,
                                   currency, created_us, expires_us, paid_us, tickets, total)
            SELECT 'bulk-order-' || g, '{org}', 'bulk-event',
                   (SELECT buyer_id FROM buy_order WHERE organization_id = '{org}' LIMIT 1), 'paid', '', 'stripe',
                   'DKK', g, g, g, 1, 100
            FROM generate_series(1, 20000) g;
            ANALYZE;
        """)
    reports = night.analyst.reports
    reads = {
        "attendance": lambda: reports.attendance(night.event_id, first=2),
        "attendance after": lambda: reports.attendance(night.event_id, first=2,
                                                       after=reports.attendance(night.event_id, first=1).end_cursor),
        "entries per hour": lambda: reports.entries_per_hour(night.event_id),
        "per scan point": lambda: reports.entries_per_scan_point(night.event_id),
        "inside": lambda: reports.inside(night.event_id),
        "conflicts": lambda: reports.scan_conflicts(night.event_id, first=1),
        "conflicts after": lambda: reports.scan_conflicts(night.event_id, after=night.conflict_scan_id),
        "sales over time": lambda: reports.sales_over_time(night.event_id),
        "order totals": lambda: reports.order_totals(night.event_id),
        "box office": lambda: reports.box_office(night.event_id),
        "open sales": lambda: reports.open_sales(night.event_id, first=1),
        "open sales after": lambda: reports.open_sales(night.event_id, after=night.waiting.id),
    }
    tables: tuple[str, ...] = ("scan_log", "ticket_date", "sale", "sale_item", "buy_order", "order_line")
    if engine == "sqlite":
        tables += ("ticket", "payment", "event_date")
    problems = {name: found for name, read in reads.items()
                if (found := plan_problems(_testing.query_plans(read), tables))}
    if engine == "postgresql":
        pg_support.execute(world.platform.path, """
            DELETE FROM buy_order WHERE id LIKE 'bulk-order-%';
            DELETE FROM sale_item WHERE id LIKE 'bulk-item-%';
            DELETE FROM scan_log WHERE id LIKE 'bulk-scan-%';
            DELETE FROM ticket_date WHERE id LIKE 'bulk-ticket-date-%';
            DELETE FROM event_date WHERE id = 'bulk-date';
            DELETE FROM sale WHERE id LIKE 'bulk-sale-%';
            DELETE FROM ticket_inspector WHERE id = 'bulk-inspector';
            DELETE FROM event WHERE id = 'bulk-event';
        """)
    assert problems == {}, {name: [line for line, _ in found] for name, found in problems.items()}
