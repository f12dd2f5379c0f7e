"""store.reports, the sales, orders and refunds section (issue 10, seed 000): sales per
specification from the maintained counters (revenue, fees and VAT included), an event's orders
paged in placing order, and their totals per effective state, its ticket holders and its refund
activity, on both engines, every cell exact."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from helpers import (
    CLOCK_START,
    DEFAULT_ORDER_HOLD,
    SHOP_SCOPES,
    World,
    buyer,
    make_event,
    other_organization,
    pay,
    place,
    plan_problems,
    shop_store,
    spec_on_sale,
)
from ticketcore import (
    Money,
    NotFoundError,
    OrderState,
    PermissionDeniedError,
    Report,
    SalePaymentType,
    Store,
    TicketSpecification,
    ValidationError,
)
from ticketcore._core import _testing

DESK_SCOPES = SHOP_SCOPES | {"refunds"}
MINUTE = timedelta(minutes=1)


def micros(instant: datetime) -> int:
    return (instant - datetime(1970, 1, 1, tzinfo=timezone.utc)) // timedelta(microseconds=1)


def cells(report: Report) -> dict[str, list[Any]]:
    return dict(_testing.report_cells(report))


def rows(report: Report) -> list[dict[str, Any]]:
    columns = cells(report)
    return [{name: values[row] for name, values in columns.items()} for row in range(len(report))]


@dataclass
class Sold:
    """The small event every test reads: paid, pending, expired and cancelled orders, a box-office
    sale, a comp, a completed refund and one in progress."""

    desk: Store
    event_id: str
    member: TicketSpecification
    student: TicketSpecification
    expired_id: str
    paid_id: str
    pending_id: str
    cancelled_id: str
    box_office_order_id: str
    box_office_buyer_id: str
    refunded_ticket_id: str
    refund_in_progress_ticket_id: str
    orders: dict[str, Any]


@pytest.fixture
def sold(world: World) -> Sold:
    desk = shop_store(world, DESK_SCOPES, actor_id="desk")
    # 5.00 DKK platform fee and 2.5 % a ticket; VAT 25 % included in the price.
    event = make_event(desk, published=True, platform_fee=Money("5.00", "DKK"), percentage_fee=250)
    member = spec_on_sale(desk, event.id, "Member ticket", price=25000, number_of_tickets_for_sale=10)
    student = spec_on_sale(desk, event.id, "Student ticket", price=10000)
    start = CLOCK_START
    # Cy's order (1 member: 250.00 + 5.00 + 6.25) runs out.
    expired = place(desk, event.id, [(member.id, 1)], who=buyer("Cy Berg"))
    world.clock.advance(DEFAULT_ORDER_HOLD + MINUTE)
    # Ann pays 2 members (2 × 261.25); Ben's student order (100.00 + 5.00 + 2.50) is pending.
    paid = pay(desk, place(desk, event.id, [(member.id, 2)], who=buyer("Ann Holm")), "pi_ann")
    world.clock.advance(MINUTE)
    pending = place(desk, event.id, [(student.id, 1)], who=buyer("Ben Dahl"))
    world.clock.advance(MINUTE)
    cancelled = desk.orders.cancel(place(desk, event.id, [(student.id, 1)], who=buyer("Dee Lund")).id)
    world.clock.advance(MINUTE)
    # A student ticket sold at the box office for cash.
    sale = desk.sales.create()
    desk.sales.set_item_quantity(sale.id, {student.id: 1})
    sale = desk.sales.complete(sale.id, SalePaymentType.CASH)
    box_office = desk.orders.list(event.id, state=OrderState.PAID).nodes[-1]
    # A comp of a member ticket: sold, for nothing.
    desk.tickets.comp(event.id, member.id, holders=[("pat@example.com", "Pat Lee")])
    # Ann's first ticket refunded; the box-office ticket's refund still in progress.
    refund = desk.refunds.start(ticket_id=paid.ticket_ids[0])
    desk.refunds.complete(refund.id)
    in_progress = desk.refunds.start(ticket_id=box_office.ticket_ids[0])
    return Sold(
        desk=desk,
        event_id=event.id,
        member=member,
        student=student,
        expired_id=expired.id,
        paid_id=paid.id,
        pending_id=pending.id,
        cancelled_id=cancelled.id,
        box_office_order_id=box_office.id,
        box_office_buyer_id=box_office.buyer_id,
        refunded_ticket_id=paid.ticket_ids[0],
        refund_in_progress_ticket_id=box_office.ticket_ids[0],
        orders={"start": start, "sale_number": sale.number, "refund_id": refund.id,
                "refund_in_progress_id": in_progress.id},
    )


# --- sales per specification ----------------------------------------------------------------------


def test_sales_per_specification_reads_the_counters_cell_by_cell(sold: Sold) -> None:
    report = sold.desk.reports.sales_per_specification(sold.event_id)
    assert report.name == "sales_per_specification"
    assert report.column_names == ["specification_id", "name", "price", "currency", "active", "for_sale", "sold",
                                   "reserved", "available", "revenue", "fees", "vat"]
    assert rows(report) == [
        # Ann's remaining ticket (522.50 for two, one refunded: 261.25) and the comp (nothing);
        # Cy's hold ran out, so nothing is reserved.
        {"specification_id": sold.member.id, "name": "Member ticket", "price": 25000, "currency": "DKK",
         "active": True, "for_sale": 10, "sold": 2, "reserved": 0, "available": 8, "revenue": 26125,
         "fees": 1125, "vat": 5000},
        # The box-office ticket (its refund is only in progress); Ben's pending order reserves one.
        {"specification_id": sold.student.id, "name": "Student ticket", "price": 10000, "currency": "DKK",
         "active": True, "for_sale": None, "sold": 1, "reserved": 1, "available": None, "revenue": 10750,
         "fees": 750, "vat": 2000},
    ]
    assert _testing.report_page(report) == (False, None)
    assert sold.desk.check_integrity().ok


def test_sales_per_specification_needs_no_ledger_read(sold: Sold) -> None:
    """Its statements read the specifications and their counters; the only other rows are the
    holds that ran out and no sweep has closed (through the event's pending orders and its open
    sales, as every live count). The plans are checked on tables of realistic size in
    test_paging.test_every_page_reads_through_indexes_never_a_scan_or_a_sort."""
    plans = _testing.query_plans(lambda: sold.desk.reports.sales_per_specification(sold.event_id))
    statements = [sql for sql, _ in plans]
    assert all("FROM ticket " not in sql and "FROM inventory_claim" not in sql for sql in statements), statements
    assert any("sold_revenue" in sql for sql in statements)


# --- orders and their totals ----------------------------------------------------------------------


def test_orders_page_in_placing_order_with_every_cell(sold: Sold) -> None:
    start = sold.orders["start"]
    report = sold.desk.reports.orders(sold.event_id)
    assert report.name == "orders"
    assert report.column_names == ["order_id", "state", "buyer_id", "buyer_name", "buyer_email", "created",
                                   "expires", "paid_at", "tickets", "total", "currency"]
    table = rows(report)
    for row in table:
        del row["buyer_id"]  # checked below: a guest buyer's id is the store's
    hold = DEFAULT_ORDER_HOLD
    paid_at = start + hold + MINUTE
    box_office_at = start + hold + 4 * MINUTE
    assert table == [
        {"order_id": sold.expired_id, "state": "expired", "buyer_name": "Cy Berg", "buyer_email": "cy@example.com",
         "created": micros(start), "expires": micros(start + hold), "paid_at": None, "tickets": 1, "total": 26125,
         "currency": "DKK"},
        {"order_id": sold.paid_id, "state": "paid", "buyer_name": "Ann Holm", "buyer_email": "ann@example.com",
         "created": micros(paid_at), "expires": micros(paid_at + hold), "paid_at": micros(paid_at), "tickets": 2,
         "total": 52250, "currency": "DKK"},
        {"order_id": sold.pending_id, "state": "pending", "buyer_name": "Ben Dahl",
         "buyer_email": "ben@example.com", "created": micros(paid_at + MINUTE),
         "expires": micros(paid_at + MINUTE + hold), "paid_at": None, "tickets": 1, "total": 10750,
         "currency": "DKK"},
        {"order_id": sold.cancelled_id, "state": "cancelled", "buyer_name": "Dee Lund",
         "buyer_email": "dee@example.com", "created": micros(paid_at + 2 * MINUTE),
         "expires": micros(paid_at + 2 * MINUTE + hold), "paid_at": None, "tickets": 1, "total": 10750,
         "currency": "DKK"},
        {"order_id": sold.box_office_order_id, "state": "paid", "buyer_name": "Box office", "buyer_email": "",
         "created": micros(box_office_at), "expires": micros(box_office_at), "paid_at": micros(box_office_at),
         "tickets": 1, "total": 10750, "currency": "DKK"},
    ]
    assert cells(report)["buyer_id"][4] == sold.box_office_buyer_id
    order_buyers = [sold.desk.orders.get(order_id).buyer_id for order_id in cells(report)["order_id"]]
    assert cells(report)["buyer_id"] == order_buyers
    assert _testing.report_page(report) == (False, None)


def test_orders_filter_by_effective_state_and_page_with_a_cursor(sold: Sold) -> None:
    reports = sold.desk.reports
    assert cells(reports.orders(sold.event_id, state=OrderState.PAID))["order_id"] == [
        sold.paid_id, sold.box_office_order_id]
    assert cells(reports.orders(sold.event_id, state=OrderState.EXPIRED))["order_id"] == [sold.expired_id]
    assert cells(reports.orders(sold.event_id, state=OrderState.PENDING))["order_id"] == [sold.pending_id]
    assert cells(reports.orders(sold.event_id, state=OrderState.CANCELLED))["order_id"] == [sold.cancelled_id]
    first = reports.orders(sold.event_id, first=2)
    assert cells(first)["order_id"] == [sold.expired_id, sold.paid_id]
    assert _testing.report_page(first) == (True, sold.paid_id)
    second = reports.orders(sold.event_id, first=2, after=sold.paid_id)
    assert cells(second)["order_id"] == [sold.pending_id, sold.cancelled_id]
    assert _testing.report_page(second) == (True, sold.cancelled_id)
    last = reports.orders(sold.event_id, first=2, after=sold.cancelled_id)
    assert cells(last)["order_id"] == [sold.box_office_order_id]
    assert _testing.report_page(last) == (False, None)
    paid_page = reports.orders(sold.event_id, state=OrderState.PAID, first=1)
    assert cells(paid_page)["order_id"] == [sold.paid_id]
    assert _testing.report_page(paid_page) == (True, sold.paid_id)


def test_order_totals_per_state_pending_is_revenue_in_flight(sold: Sold) -> None:
    report = sold.desk.reports.order_totals(sold.event_id)
    assert report.name == "order_totals"
    assert report.column_names == ["state", "orders", "tickets", "total", "currency"]
    assert rows(report) == [
        {"state": "pending", "orders": 1, "tickets": 1, "total": 10750, "currency": "DKK"},
        {"state": "paid", "orders": 2, "tickets": 3, "total": 63000, "currency": "DKK"},
        {"state": "expired", "orders": 1, "tickets": 1, "total": 26125, "currency": "DKK"},
        {"state": "cancelled", "orders": 1, "tickets": 1, "total": 10750, "currency": "DKK"},
    ]


def test_an_event_without_sales_reports_zeros_and_no_rows(world: World) -> None:
    desk = shop_store(world, DESK_SCOPES, actor_id="desk")
    event = make_event(desk, published=True)
    spec = spec_on_sale(desk, event.id, "Member ticket", price=25000)
    assert rows(desk.reports.sales_per_specification(event.id)) == [
        {"specification_id": spec.id, "name": "Member ticket", "price": 25000, "currency": "DKK", "active": True,
         "for_sale": None, "sold": 0, "reserved": 0, "available": None, "revenue": 0, "fees": 0, "vat": 0}]
    assert len(desk.reports.orders(event.id)) == 0
    assert [row["orders"] for row in rows(desk.reports.order_totals(event.id))] == [0, 0, 0, 0]


# --- ticket holders and refund activity ---------------------------------------------------------


def test_ticket_holders_are_seed_000_holders_as_rows(sold: Sold) -> None:
    report = sold.desk.reports.ticket_holders(sold.event_id)
    assert report.name == "ticket_holders"
    assert report.column_names == ["holder_id", "issue_time", "buyer_id", "user_id", "name", "email", "phone",
                                   "tickets", "orders"]
    page = sold.desk.tickets.holders(sold.event_id, first=50)
    table = rows(report)
    # The same holders, in the same order, as tickets.holders.
    assert [row["holder_id"] for row in table] == [holder.id for holder in page.nodes]
    assert [row["issue_time"] for row in table] == [micros(holder.issue_time) for holder in page.nodes]
    assert [row["buyer_id"] for row in table] == [holder.user.id for holder in page.nodes]
    for row in table:
        del row["holder_id"], row["issue_time"], row["buyer_id"]
    # Ann (2 tickets, one refunded; her paid order), the box office's buyer (its sale's order),
    # Pat (a comp, no order). Cy, Ben and Dee hold no ticket. The box office's buyer is the store's
    # box-office user; the others are guests (no user).
    assert table == [
        {"user_id": None, "name": "Ann Holm", "email": "ann@example.com", "phone": "", "tickets": 2, "orders": 1},
        {"user_id": "box-office", "name": "Box office", "email": "", "phone": "", "tickets": 1, "orders": 1},
        {"user_id": None, "name": "Pat Lee", "email": "pat@example.com", "phone": "", "tickets": 1, "orders": 0},
    ]
    assert _testing.report_page(report) == (False, None)


def test_ticket_holders_count_orders_of_one_state_and_page_with_a_cursor(sold: Sold) -> None:
    reports = sold.desk.reports
    assert cells(reports.ticket_holders(sold.event_id, order_state=OrderState.PAID))["orders"] == [1, 1, 0]
    assert cells(reports.ticket_holders(sold.event_id, order_state=OrderState.PENDING))["orders"] == [0, 0, 0]
    holders = cells(reports.ticket_holders(sold.event_id))["holder_id"]
    first = reports.ticket_holders(sold.event_id, first=2)
    assert cells(first)["holder_id"] == holders[:2]
    assert _testing.report_page(first) == (True, holders[1])
    last = reports.ticket_holders(sold.event_id, first=2, after=holders[1])
    assert cells(last)["holder_id"] == holders[2:]
    assert _testing.report_page(last) == (False, None)
    with pytest.raises(ValidationError) as cursor:
        reports.ticket_holders(sold.event_id, after="nope")
    assert cursor.value.code == "invalid_cursor"
    assert str(cursor.value) == "Cursor 'nope' is not a holder of this event"


def test_refund_activity_lists_refunded_and_in_progress_tickets(sold: Sold) -> None:
    start = sold.orders["start"]
    report = sold.desk.reports.refund_activity(sold.event_id)
    assert report.name == "refund_activity"
    assert report.column_names == ["ticket_id", "specification_id", "specification", "holder_name", "holder_email",
                                   "purchase_date", "refund_id", "refund_state", "amount", "currency", "requested",
                                   "completed"]
    paid_at = start + DEFAULT_ORDER_HOLD + MINUTE
    box_office_at = start + DEFAULT_ORDER_HOLD + 4 * MINUTE
    # A ticket's refund gives back its price and its share of the fees only when the organization
    # refunds fees; by default 250.00 of Ann's 261.25 and 100.00 of the box office's 107.50.
    refunded = sold.desk.refunds.get(sold.orders["refund_id"])
    in_progress = sold.desk.refunds.get(sold.orders["refund_in_progress_id"])
    assert rows(report) == [
        {"ticket_id": sold.refunded_ticket_id, "specification_id": sold.member.id, "specification": "Member ticket",
         "holder_name": "Ann Holm", "holder_email": "ann@example.com", "purchase_date": micros(paid_at),
         "refund_id": refunded.id, "refund_state": "refunded", "amount": refunded.amount.minor, "currency": "DKK",
         "requested": micros(box_office_at), "completed": micros(box_office_at)},
        {"ticket_id": sold.refund_in_progress_ticket_id, "specification_id": sold.student.id,
         "specification": "Student ticket", "holder_name": "Box office", "holder_email": "",
         "purchase_date": micros(box_office_at), "refund_id": in_progress.id, "refund_state": "in_progress",
         "amount": in_progress.amount.minor, "currency": "DKK", "requested": micros(box_office_at),
         "completed": None},
    ]
    assert (refunded.amount.minor, in_progress.amount.minor) == (25000, 10000)
    assert _testing.report_page(report) == (False, None)
    first = sold.desk.reports.refund_activity(sold.event_id, first=1)
    assert cells(first)["ticket_id"] == [sold.refunded_ticket_id]
    assert _testing.report_page(first) == (True, sold.refunded_ticket_id)
    last = sold.desk.reports.refund_activity(sold.event_id, first=1, after=sold.refunded_ticket_id)
    assert cells(last)["ticket_id"] == [sold.refund_in_progress_ticket_id]
    assert _testing.report_page(last) == (False, None)
    with pytest.raises(ValidationError) as cursor:
        sold.desk.reports.refund_activity(sold.event_id, after="nope")
    assert cursor.value.code == "invalid_cursor"
    assert str(cursor.value) == "Cursor 'nope' is not a ticket of this event"


def test_a_failed_refund_leaves_the_activity(world: World) -> None:
    desk = shop_store(world, DESK_SCOPES, actor_id="desk")
    event = make_event(desk, published=True)
    spec = spec_on_sale(desk, event.id, "Member ticket", price=25000)
    order = pay(desk, place(desk, event.id, [(spec.id, 2)], who=buyer("Ann Holm")), "pi_ann")
    failed = desk.refunds.start(ticket_id=order.ticket_ids[0])
    assert cells(desk.reports.refund_activity(event.id))["refund_state"] == ["in_progress"]
    desk.refunds.fail(failed.id, reason="card expired")
    assert len(desk.reports.refund_activity(event.id)) == 0
    assert len(desk.reports.refund_activity(event.id, after=order.ticket_ids[0])) == 0


# --- the counters against a recount after every kind of operation ---------------------------------


def money_of(store: Store, event_id: str) -> list[tuple[int, int, int, int]]:
    report = cells(store.reports.sales_per_specification(event_id))
    return list(zip(report["sold"], report["revenue"], report["fees"], report["vat"], strict=True))


def test_money_counters_equal_a_recount_after_each_kind_of_operation(world: World) -> None:
    desk = shop_store(world, DESK_SCOPES, actor_id="desk")
    event = make_event(desk, published=True, platform_fee=Money("5.00", "DKK"), percentage_fee=250)
    spec = spec_on_sale(desk, event.id, "Member ticket", price=25000)
    steps: list[tuple[str, int, int, int, int]] = []

    def step(name: str) -> None:
        assert desk.check_integrity().ok, name
        steps.append((name, *money_of(desk, event.id)[0]))

    order = place(desk, event.id, [(spec.id, 3)], who=buyer("Ann Holm"))
    step("placed")
    order = pay(desk, order, "pi_ann")
    step("paid")
    desk.tickets.transfer(order.ticket_ids[2], to_name="Bo Falk", to_email="bo@example.com")
    step("transferred")
    desk.tickets.cancel(order.ticket_ids[1])
    step("cancelled")
    refund = desk.refunds.start(ticket_id=order.ticket_ids[0])
    step("refund started")
    desk.refunds.complete(refund.id)
    step("refunded")
    desk.tickets.comp(event.id, spec.id, holders=[("pat@example.com", "Pat Lee")])
    step("comp")
    sale = desk.sales.create()
    desk.sales.set_item_quantity(sale.id, {spec.id: 2})
    step("box office held")
    desk.sales.complete(sale.id, SalePaymentType.CASH)
    step("box office sold")
    desk.sales.cancel(sale.id)
    step("box office cancelled")
    late = place(desk, event.id, [(spec.id, 1)], who=buyer("Cy Berg"))
    world.clock.advance(DEFAULT_ORDER_HOLD + MINUTE)
    desk.orders.expire_due()
    step("expired")
    pay(desk, late, "pi_cy")
    step("paid late")
    pre = desk.tickets.pre_generate(event.id, spec.id, quantity=1)[0]
    step("pre-generated")
    desk.tickets.activate(pre.id, holder_email="gus@example.com", holder_name="Gus Moe", amount=26125,
                          method="cash")
    step("activated at the door")
    # 3 × 261.25 (fees 11.25, VAT 50.00 each); a unit given back takes its share (rounded down,
    # the last one the rest): transfer moves nothing, cancel and refund give one unit back each; a
    # door activation counts its payment (the door price 261.25, fees and VAT as an order's).
    assert steps == [
        ("placed", 0, 0, 0, 0),
        ("paid", 3, 78375, 3375, 15000),
        ("transferred", 3, 78375, 3375, 15000),
        ("cancelled", 2, 52250, 2250, 10000),
        ("refund started", 2, 52250, 2250, 10000),
        ("refunded", 1, 26125, 1125, 5000),
        ("comp", 2, 26125, 1125, 5000),
        ("box office held", 2, 26125, 1125, 5000),
        ("box office sold", 4, 78375, 3375, 15000),
        ("box office cancelled", 2, 26125, 1125, 5000),
        ("expired", 2, 26125, 1125, 5000),
        ("paid late", 3, 52250, 2250, 10000),
        ("pre-generated", 3, 52250, 2250, 10000),
        ("activated at the door", 4, 78375, 3375, 15000),
    ]


def test_a_units_share_of_an_odd_total_rounds_down_and_the_last_takes_the_rest(world: World) -> None:
    desk = shop_store(world, DESK_SCOPES, actor_id="desk")
    event = make_event(desk, published=True)
    spec = spec_on_sale(desk, event.id, "Odd ticket", price=1001)
    order = pay(desk, place(desk, event.id, [(spec.id, 3)]), "pi_odd")
    assert money_of(desk, event.id) == [(3, 3003, 0, 601)]  # 25 % VAT in 30.03: 6.006, rounded half up
    for index, expected in enumerate([(2, 2002, 0, 401), (1, 1001, 0, 201), (0, 0, 0, 0)]):
        desk.tickets.cancel(order.ticket_ids[index])
        assert money_of(desk, event.id) == [expected]
        assert desk.check_integrity().ok


def test_check_integrity_reports_a_money_counter_that_drifted(world: World) -> None:
    desk = shop_store(world, DESK_SCOPES, actor_id="desk")
    event = make_event(desk, published=True)
    spec = spec_on_sale(desk, event.id, "Member ticket", price=25000)
    pay(desk, place(desk, event.id, [(spec.id, 1)]), "pi_1")
    _testing.corrupt_revenue_counter(desk, spec.id, 1)
    report = desk.check_integrity()
    assert [(m.entity_type, m.entity_id, m.counter, m.stored, m.recounted) for m in report.mismatches] == [
        ("specification", spec.id, "sold_revenue", 25001, 25000)]
    _testing.corrupt_revenue_counter(desk, spec.id, -1)
    assert desk.check_integrity().ok


# --- scopes, organizations, arguments -------------------------------------------------------------


def test_reports_need_reports_read_or_events_read(world: World, sold: Sold) -> None:
    for scopes in ({"reports:read"}, {"events:read"}):
        reader = shop_store(world, scopes, actor_id="reader")
        assert len(reader.reports.sales_per_specification(sold.event_id)) == 2
        assert len(reader.reports.orders(sold.event_id)) == 5
        assert len(reader.reports.order_totals(sold.event_id)) == 4
        assert len(reader.reports.ticket_holders(sold.event_id)) == 3
        assert len(reader.reports.refund_activity(sold.event_id)) == 2
    nobody = shop_store(world, {"orders"}, actor_id="nobody")
    for call in (lambda: nobody.reports.sales_per_specification(sold.event_id),
                 lambda: nobody.reports.orders(sold.event_id),
                 lambda: nobody.reports.order_totals(sold.event_id),
                 lambda: nobody.reports.ticket_holders(sold.event_id),
                 lambda: nobody.reports.refund_activity(sold.event_id)):
        with pytest.raises(PermissionDeniedError) as raised:
            call()
        assert raised.value.code == "missing_scope"
        assert str(raised.value) == "Actor 'nobody' lacks the scope 'reports:read' or 'events:read'"


def test_unknown_and_other_organizations_events(world: World, sold: Sold) -> None:
    other = other_organization(world)
    for call in (other.reports.sales_per_specification, other.reports.orders, other.reports.order_totals,
                 other.reports.ticket_holders, other.reports.refund_activity):
        with pytest.raises(PermissionDeniedError) as denied:
            call(sold.event_id)
        assert denied.value.code == "other_organization"
        with pytest.raises(NotFoundError) as missing:
            call("nope")
        assert missing.value.code == "event_not_found"


def test_paging_arguments_are_validated(sold: Sold) -> None:
    reports = sold.desk.reports
    for first in (0, -1, 1_000_001):
        for paged in (reports.orders, reports.ticket_holders, reports.refund_activity):
            with pytest.raises(ValidationError) as raised:
                paged(sold.event_id, first=first)
            assert raised.value.code == "invalid_page_size"
            assert str(raised.value) == "first must be between 1 and 1000000"
    assert len(reports.orders(sold.event_id, first=1_000_000)) == 5
    with pytest.raises(ValidationError) as cursor:
        reports.orders(sold.event_id, after="nope")
    assert cursor.value.code == "invalid_cursor"
    assert str(cursor.value) == "Cursor 'nope' is not an order of this event"
    with pytest.raises(TypeError):
        reports.orders(sold.event_id, state="paid")  # type: ignore[arg-type]


def test_paged_and_grouped_reports_walk_indexes(sold: Sold, engine: str) -> None:
    """On SQLite, whose planner does not weigh rows; PostgreSQL's plans are checked on tables of
    realistic size in test_paging (a few rows are read fastest by a scan there)."""
    if engine != "sqlite":
        pytest.skip("PostgreSQL's plans: test_paging.test_every_page_reads_through_indexes_never_a_scan_or_a_sort")
    reads = {
        "orders": lambda: sold.desk.reports.orders(sold.event_id, first=2),
        "orders after": lambda: sold.desk.reports.orders(sold.event_id, first=2, after=sold.paid_id),
        "paid orders": lambda: sold.desk.reports.orders(sold.event_id, state=OrderState.PAID, first=2),
        "order totals": lambda: sold.desk.reports.order_totals(sold.event_id),
        "sales per specification": lambda: sold.desk.reports.sales_per_specification(sold.event_id),
        "ticket holders": lambda: sold.desk.reports.ticket_holders(sold.event_id, first=2),
        "ticket holders after": lambda: sold.desk.reports.ticket_holders(
            sold.event_id, first=2, after=cells(sold.desk.reports.ticket_holders(sold.event_id))["holder_id"][0]),
        "refund activity": lambda: sold.desk.reports.refund_activity(sold.event_id, first=1),
        "refund activity after": lambda: sold.desk.reports.refund_activity(
            sold.event_id, first=1, after=sold.refunded_ticket_id),
    }
    problems = {}
    for name, read in reads.items():
        plans = _testing.query_plans(read)
        assert plans, name
        if found := plan_problems(plans, ("ticket", "order_line", "buy_order", "inventory_claim", "specification",
                                          "buyer", "refund", "ticket_holder", "refund_ticket", "ticket_date")):
            problems[name] = found
    assert problems == {}
