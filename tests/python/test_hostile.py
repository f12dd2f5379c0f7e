"""The hostile suite (issue 6): every public callable x every parameter x every kind of bad value.

A TABLE lists every public callable of ``ticketcore`` with how to build valid arguments on a
fixture store, the kind of each parameter and whether the call writes. For every callable,
parameter and bad value of that kind's families the call is made with the other arguments
valid, and the contract is checked:

* a wrong Python type is a ``TypeError`` naming the parameter;
* a value of the right type that breaks a rule is a ``TicketcoreError`` (mostly a
  ``ValidationError`` with a given ``.code``) whose message names the parameter;
* unknown ids are ``NotFoundError``; another organization's ids ``PermissionDeniedError``;
* nothing but ``TypeError`` and ``TicketcoreError`` subclasses ever comes out; messages print,
  repr and encode, and show control characters escaped;
* a failed call changes nothing (audit, outbox, counters, ``check_integrity``); a call that
  succeeds with an odd-but-valid value stores something that reads back (repr, hash, ==,
  pickle, every attribute, a fresh ``get``);
* no call takes longer than a bound, crashes or hangs.

The calls run in a worker subprocess (this file run as a script), so an abort or a hang fails
the cases concerned instead of killing the run; the parent restarts the worker after the case
that killed it. The tests then assert per (callable, parameter), listing every bad value that
broke the contract.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import inspect
import json
import os
import pickle
import queue
import resource
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo
from decimal import Decimal
from typing import Any, Callable
from zoneinfo import ZoneInfo

import pytest

import ticketcore
from ticketcore import (
    Actor,
    BuyerDetails,
    DoorRefusal,
    EventState,
    KeyState,
    ManualClock,
    Money,
    NewSeat,
    NotFoundError,
    OrderState,
    SalePaymentType,
    Organizations,
    PermissionDeniedError,
    RoundingMode,
    ScanDirection,
    ScanRequest,
    OfflineScan,
    OfflineScanner,
    TicketcoreError,
    ValidationError,
    Visibility,
)
from ticketcore._core import _testing

HERE = os.path.dirname(os.path.abspath(__file__))
CPH = "Europe/Copenhagen"
CPH_ZONE = ZoneInfo(CPH)
NY = ZoneInfo("America/New_York")
# Sanitized builds (scripts/asan-pytest) run several times slower; the bounds catch hangs and
# quadratic work, not speed, so they scale with the build.
SLOWDOWN = 5.0 if os.environ.get("TICKETCORE_SANITIZED") else 1.0
CALL_BOUND = 2.0 * SLOWDOWN  # seconds, any call
MONEY_BOUND = 0.5 * SLOWDOWN  # seconds, the hostile money amounts
HANG_TIMEOUT = 5.0 * SLOWDOWN  # seconds before the parent declares a case hung and kills the worker
START = datetime(2027, 1, 1, 12, tzinfo=timezone.utc)


class EvilInt(int):
    """An int whose text forms raise: the user's exception must never leak."""

    def __str__(self) -> str:
        raise RuntimeError("EvilInt.__str__ leaked")

    def __repr__(self) -> str:
        raise RuntimeError("EvilInt.__repr__ leaked")

    def __format__(self, spec: str) -> str:
        raise RuntimeError("EvilInt.__format__ leaked")


class NoOffset(tzinfo):
    """A tzinfo whose utcoffset is None: the datetime is naive by Python's definition."""

    def utcoffset(self, dt: datetime | None) -> timedelta | None:
        return None

    def dst(self, dt: datetime | None) -> timedelta | None:
        return None

    def tzname(self, dt: datetime | None) -> str | None:
        return None


# --- expectations ---------------------------------------------------------------------------

TYPE = ("type",)
NOTFOUND = ("notfound",)
ANY = ("any",)  # success (which must read back) or any TicketcoreError
OK = ("ok",)  # must succeed (and read back)
VAL = ("val",)  # any ValidationError naming the parameter
PERM = ("perm",)


def code(name: str) -> tuple[str, str]:
    return ("code", name)


# --- the world the calls run on --------------------------------------------------------------


class Tenant:
    """One organization's fixture entities."""

    def __init__(self, platform: ticketcore.Store, name: str) -> None:
        self.org = platform.organizations.create(name, currency="DKK")
        self.s = platform.acting_as(
            Actor("anna-" + name, self.org.id, {"events:read", "events:write", "orders", "sales", "refunds", "scan"}))
        s = self.s
        self.n = 0
        ev = s.events.create("Main " + name, time_zone=CPH, platform_fee=500, percentage_fee=250)
        s.events.add_date(ev.id, datetime(2027, 7, 2, 19, tzinfo=CPH_ZONE), datetime(2027, 7, 2, 23, tzinfo=CPH_ZONE))
        self.spec = s.specifications.add(ev.id, "Open", price=25000)
        s.specifications.set_active(self.spec.id, True)
        self.spec2 = s.specifications.add(ev.id, "Pooled", price=25000)
        s.specifications.set_active(self.spec2.id, True)
        self.pool = s.pools.create(ev.id, "Floor", size=1_000_000, specification_ids=[self.spec2.id])
        s.events.publish(ev.id)
        self.event = s.events.get(ev.id)
        self.seatmap = s.seatmaps.create(ev.id, "Hall " + name)
        self.seat = s.seatmaps.add_seats(self.seatmap.id, [NewSeat("Stalls", "A", "1", "A-1")])[0]
        self.volume = s.seatmaps.add_volume(self.seatmap.id, "Standing", capacity=10)
        draft = s.events.create("Draft " + name, time_zone=CPH)
        s.events.add_date(draft.id, datetime(2027, 8, 2, 19, tzinfo=CPH_ZONE), datetime(2027, 8, 2, 23, tzinfo=CPH_ZONE))
        self.draft = s.events.get(draft.id)
        self.promo = s.promo_codes.create(ev.id, "BASE10", percent_off=1000)
        self.order = self.place()
        paid = self.place()
        self.paid = s.orders.confirm_payment(paid.id, payment_ref="pi_base", gateway="stripe", amount=paid.total)
        self.ticket = s.tickets.get(self.paid.ticket_ids[0])
        self.holder_id = s.tickets.holders(ev.id).nodes[0].id
        self.refund = s.refunds.start(ticket_id=self.paid_order().ticket_ids[0])
        self.member = s.door.add_board_member("Kim " + name, email="kim@example.com", phone_number="+45 1")
        self.inspector = s.door.add_external_inspector(ev.id, name="Pat", email="pat@example.com", phone_number="+45 2")
        self.sale = s.sales.create()
        self.reader = s.staff.add_pos_reader("Till " + name)
        self.user = s.staff.add_user("seller-" + name, "Sam " + name, pos_reader_id=self.reader.id)
        self.product = s.products.create("Programme " + name, price=4000, vat_rate=2500, stock=1_000_000)

    def fresh(self) -> str:
        self.n += 1
        return f"{self.n}"

    def place(self) -> ticketcore.BuyOrder:
        return self.s.orders.place(
            self.event.id, buyer=BuyerDetails("Alex Reyes", f"alex{self.fresh()}@example.com"), items=[(self.spec.id, 1)]
        )

    def paid_order(self) -> ticketcore.BuyOrder:
        placed = self.place()
        return self.s.orders.confirm_payment(placed.id, payment_ref="pi_" + self.fresh(), gateway="stripe",
                                             amount=placed.total)

    def open_sale(self) -> ticketcore.Sale:
        """A fresh open sale holding one ticket."""
        sale = self.s.sales.create()
        return self.s.sales.set_item_quantity(sale.id, [(self.spec.id, 1)])

    def pos_sale(self) -> tuple[ticketcore.Sale, ticketcore.PosPayment]:
        """A fresh sale whose POS payment waits at the terminal."""
        sale = self.open_sale()
        return sale, self.s.sales.initiate_pos_payment(sale.id, self.reader.id)

    def linked_sale(self) -> ticketcore.Sale:
        """A fresh sale waiting for its payment link."""
        sale = self.s.sales.apply_customer_data(self.open_sale().id, {"email": "jane@example.com"})
        return self.s.sales.set_payment_type(sale.id, ticketcore.SalePaymentType.PAYMENT_LINK)

    def started_refund(self) -> ticketcore.Refund:
        return self.s.refunds.start(ticket_id=self.paid_order().ticket_ids[0])

    def draft_with_room(self) -> ticketcore.Event:
        """The draft event new specifications go to: an event holds at most 200, so every 100th
        call (some adds are refused, so calls over-count) moves on to a fresh draft event."""
        self.draft_calls = getattr(self, "draft_calls", 0) + 1
        if self.draft_calls % 100 == 0:
            self.draft = self.draft_event()
        return self.draft

    def draft_spec(self) -> ticketcore.TicketSpecification:
        return self.s.specifications.add(self.draft_with_room().id, "Draft spec " + self.fresh(), price=25000)

    def event_spec(self) -> ticketcore.TicketSpecification:
        return self.s.specifications.add(self.event.id, "Event spec " + self.fresh(), price=25000)

    def draft_event(self) -> ticketcore.Event:
        e = self.s.events.create("Fresh " + self.fresh(), time_zone=CPH)
        self.s.events.add_date(e.id, datetime(2027, 9, 2, 19, tzinfo=CPH_ZONE), datetime(2027, 9, 2, 23, tzinfo=CPH_ZONE))
        return e

    def pregen(self) -> ticketcore.EventTicket:
        return self.s.tickets.pre_generate(self.event.id, self.spec.id, quantity=1)[0]

    def door_price(self) -> Money:
        spec = self.s.specifications.get(self.spec.id)
        return spec.price + spec.ticket_platform_fee + spec.percentage_fee_amount


#: The environment variable that gives the worker processes the test's location (conftest's
#: ``location``: ":memory:" or a PostgreSQL URL of the test's schema).
LOCATION_ENV = "TICKETCORE_HOSTILE_LOCATION"


class World:
    def __init__(self) -> None:
        self.location = os.environ.get(LOCATION_ENV, ":memory:")
        self.clock = ManualClock(START)
        self.platform = ticketcore.open(self.location, actor=Actor.platform("ops"), clock=self.clock)
        self.a = Tenant(self.platform, "A")
        self.b = Tenant(self.platform, "B")
        self.seq = 0
        self.seq = self.last_seq()

    def last_seq(self) -> int:
        while True:
            rows = self.platform.audit(after=self.seq, limit=1000)
            if not rows:
                return self.seq
            self.seq = rows[-1].sequence

    def acknowledge_all(self) -> None:
        for t in (self.a, self.b):
            pending = t.s.outbox.pending(limit=1000)
            if pending:
                t.s.outbox.acknowledge(pending[-1].sequence)

    def state(self) -> tuple[Any, ...]:
        counters = []
        for t in (self.a, self.b):
            for sid in (t.spec.id, t.spec2.id):
                sp = t.s.specifications.get(sid)
                counters.append((sp.number_of_tickets_sold, sp.number_of_tickets_reserved, sp.available))
            p = t.s.pools.get(t.pool.id)
            counters.append((p.sold, p.reserved, p.size))
            counters.append(tuple(e.sequence for e in t.s.outbox.pending(limit=1000)))
        report = self.platform.check_integrity()
        return (self.last_seq(), tuple(counters), report.ok, report.mismatches, report.over_capacity)


# --- parameters and their kinds ---------------------------------------------------------------

Value = Callable[[World], Any]
Family = list[tuple[str, Value, tuple[str, ...]]]


def const(v: Any) -> Value:
    return lambda w: v


WRONG_TEXT: list[tuple[str, Any]] = [
    ("bytes", b"x"),
    ("bytes-ff", b"\xff\xfe"),
    ("bytearray", bytearray(b"x")),
    ("int", 7),
    ("float", 7.5),
    ("list", ["x"]),
    ("object", object()),
]
BAD_TEXT: list[tuple[str, Any]] = [
    ("nul", "a\x00b"),
    ("nul-only", "\x00"),
    ("nul-end", "abc\x00"),
    ("surrogate-d800", "\ud800"),
    ("surrogate-dfff", "a\udfffb"),
]
ODD_TEXT: list[tuple[str, Any]] = [
    ("ctrl-01", "a\x01b"),
    ("del-7f", "a\x7fb"),
    ("newline", "a\nb"),
    ("e-acute-33", "é" * 33),
    ("emoji", "\U0001f600x"),
    ("rtl-override", "\u202eevil"),
    ("sql", "'; DROP TABLE event; --"),
    ("format", "%s%n{0}{}"),
    ("path", "../../etc/passwd"),
    ("long-10k", "a" * 10_000),
    ("long-100k", "a" * 100_000),
]
NOT_FOUND_IDS: list[tuple[str, Any]] = [
    ("empty", ""),
    ("x", "x"),
    ("path", "../../etc"),
    ("sql", "'; DROP TABLE"),
    ("10k", "a" * 10_000),
    ("ctrl-01", "a\x01b"),
    ("zwsp", "\u200b"),
    ("uuid-like", "0190c0de-0000-7000-8000-000000000000"),
]
WHITESPACE_NAMES = [("empty", ""), ("space", " "), ("zwsp", "\u200b"), ("ideographic", "\u3000"),
                    ("nbsp", "\u00a0"), ("nel", "\u0085"), ("tab", "\t")]
WHITESPACE_ONLY = [("space", " "), ("tab", "\t"), ("ideographic", "\u3000"), ("nbsp", "\u00a0"), ("newlines", "\n\r")]
BIG_INTS: list[tuple[str, Any]] = [
    ("2**63", 2**63),
    ("-2**63-1", -(2**63) - 1),
    ("2**64", 2**64),
    ("10**5000", 10**5000),
    ("-10**5000", -(10**5000)),
    ("evil-2**70", EvilInt(2**70)),
]
ODD_INTS: list[tuple[str, Any]] = [
    ("-1", -1), ("0", 0), ("max-i64", 2**63 - 1), ("min-i64", -(2**63)), ("2**31", 2**31),
    ("evil-3", EvilInt(3)),
]
WRONG_INT: list[tuple[str, Any]] = [
    ("float", 1.0), ("nan", float("nan")), ("str", "1"), ("decimal", Decimal(1)), ("true", True), ("false", False),
    ("list", [1]), ("bytes", b"1"),
]
WRONG_BOOL: list[tuple[str, Any]] = [
    ("0", 0), ("1", 1), ("0.5", 0.5), ("nan", float("nan")), ("2**64", 2**64), ("decimal-0", Decimal(0)),
    ("timedelta-0", timedelta(0)), ("str-True", "True"), ("empty-list", []),
]
WRONG_DATETIME: list[tuple[str, Any]] = [
    ("date", date(2027, 1, 1)), ("str", "2027-01-01T00:00:00Z"), ("int", 0), ("float", 1.5), ("timedelta", timedelta(1)),
]
NAIVE: list[tuple[str, Any]] = [("naive", datetime(2027, 1, 1, 12)), ("tz-none-offset", datetime(2027, 1, 1, tzinfo=NoOffset()))]
OUT_OF_RANGE_DT: list[tuple[str, Any]] = [
    ("max-new-york", datetime.max.replace(tzinfo=NY)),
    ("min-plus-14", datetime.min.replace(tzinfo=timezone(timedelta(hours=14)))),
    ("max-minus-1", datetime.max.replace(tzinfo=timezone(timedelta(hours=-1)))),
]
ODD_DT: list[tuple[str, Any]] = [
    ("max-utc", datetime.max.replace(tzinfo=timezone.utc)),
    ("min-utc", datetime.min.replace(tzinfo=timezone.utc)),
    ("offset-23:59", datetime(2027, 3, 1, tzinfo=timezone(timedelta(hours=23, minutes=59)))),
    ("fold-cph", datetime(2027, 10, 31, 2, 30, fold=1, tzinfo=CPH_ZONE)),
    ("epoch", datetime(1970, 1, 1, tzinfo=timezone.utc)),
    ("micro", datetime(2027, 1, 1, 0, 0, 0, 999_999, tzinfo=timezone.utc)),
]
WRONG_TD: list[tuple[str, Any]] = [("int", 1), ("float", 1.5), ("str", "1h"), ("datetime", START)]
EXTREME_TD: list[tuple[str, Any]] = [
    ("max", timedelta.max), ("min", timedelta.min), ("106751991-days", timedelta(days=106_751_991)),
    ("-106751991-days", timedelta(days=-106_751_991)),
]


def _wrap(pairs: list[tuple[str, Any]], expect: tuple[str, ...], prefix: str = "") -> Family:
    return [(prefix + label, const(v), expect) for label, v in pairs]


def text_family(optional: bool = False, odd: tuple[str, ...] = ANY, extra: Family | None = None) -> Family:
    fam = _wrap(WRONG_TEXT, TYPE)
    if not optional:
        fam.append(("none", const(None), TYPE))
    fam += _wrap(BAD_TEXT, code("invalid_text"))
    fam.append(("over-100k", const("a" * 100_001), code("text_too_long")))
    fam += _wrap(ODD_TEXT, odd)
    fam += extra or []
    return fam


def id_family(optional: bool = False) -> Family:
    fam = _wrap(WRONG_TEXT, TYPE)
    if not optional:
        fam.append(("none", const(None), TYPE))
    fam += _wrap(BAD_TEXT, code("invalid_text"))
    fam.append(("over-100k", const("a" * 100_001), code("text_too_long")))
    fam += _wrap(NOT_FOUND_IDS, NOTFOUND)
    return fam


def int_family(optional: bool = False, odd: tuple[str, ...] = ANY) -> Family:
    fam = _wrap(WRONG_INT, TYPE)
    if not optional:
        fam.append(("none", const(None), TYPE))
    fam += _wrap(BIG_INTS, code("number_out_of_range"))
    fam += _wrap(ODD_INTS, odd)
    return fam


def limit_family() -> Family:
    fam = _wrap(WRONG_INT + [("none", None)], TYPE) + _wrap(BIG_INTS, code("number_out_of_range"))
    fam += _wrap([("-1", -1), ("0", 0), ("min-i64", -(2**63)), ("max-i64", 2**63 - 1), ("1001", 1001)], code("invalid_limit"))
    fam += _wrap([("evil-3", EvilInt(3)), ("1000", 1000)], OK)
    return fam


def first_family() -> Family:
    """A page size (``first``): 1..50 on every list."""
    fam = _wrap(WRONG_INT + [("none", None)], TYPE) + _wrap(BIG_INTS, code("number_out_of_range"))
    fam += _wrap([("-1", -1), ("0", 0), ("min-i64", -(2**63)), ("max-i64", 2**63 - 1), ("51", 51)],
                 code("invalid_page_size"))
    fam += _wrap([("evil-3", EvilInt(3)), ("1", 1), ("50", 50)], OK)
    return fam


def report_first_family() -> Family:
    """A report's page size (``first``): 1..1,000,000."""
    fam = _wrap(WRONG_INT + [("none", None)], TYPE) + _wrap(BIG_INTS, code("number_out_of_range"))
    fam += _wrap([("-1", -1), ("0", 0), ("min-i64", -(2**63)), ("max-i64", 2**63 - 1), ("1000001", 1_000_001)],
                 code("invalid_page_size"))
    fam += _wrap([("evil-3", EvilInt(3)), ("1", 1), ("51", 51), ("1000000", 1_000_000)], OK)
    return fam


def bool_family(optional: bool = False) -> Family:
    fam = _wrap(WRONG_BOOL, TYPE)
    if not optional:
        fam.append(("none", const(None), TYPE))
    fam += [("True", const(True), ANY), ("False", const(False), ANY)]
    return fam


def dt_family(optional: bool = False, odd: tuple[str, ...] = ANY) -> Family:
    fam = _wrap(WRONG_DATETIME, TYPE)
    if not optional:
        fam.append(("none", const(None), TYPE))
    fam += _wrap(NAIVE, code("naive_datetime"))
    fam += _wrap(OUT_OF_RANGE_DT, code("instant_out_of_range"))
    fam += _wrap(ODD_DT, odd)
    return fam


def money_or_int_family(optional: bool = False) -> Family:
    fam = _wrap([("float", 1.5), ("str", "100"), ("decimal", Decimal("1")), ("true", True), ("list", [1]),
                 ("bytes", b"1")], TYPE)
    if not optional:
        fam.append(("none", const(None), TYPE))
    fam += _wrap(BIG_INTS, code("number_out_of_range"))
    fam += _wrap([("-1", -1), ("0", 0), ("max-i64", 2**63 - 1), ("min-i64", -(2**63)), ("evil-3", EvilInt(3)),
                  ("money-eur", Money("10", "EUR")), ("money-dkk", Money("10", "DKK")),
                  ("money-max", Money.from_minor(2**63 - 1, "DKK"))], ANY)
    return fam


def enum_family(members: list[Any], other: Any, optional: bool = False) -> Family:
    fam = _wrap([("int-0", 0), ("str", members[0].name), ("other-enum", other), ("object", object())], TYPE)
    if not optional:
        fam.append(("none", const(None), TYPE))
    fam += _wrap([(m.name, m) for m in members], ANY)
    return fam


def text_list_family(ids: bool = False) -> Family:
    fam = _wrap([("str", "abc"), ("bytes", b"ab"), ("int", 5), ("none", None), ("list-bytes", [b"x"]),
                 ("list-int", [1]), ("list-none", [None]), ("dict-bytes", {b"x": 1})], TYPE)
    fam += _wrap([("nul", ["a\x00"]), ("surrogate", ["\ud800"]), ("second-nul", ["ok", "b\x00"])], code("invalid_text"))
    fam.append(("over-100k", const(["a" * 100_001]), code("text_too_long")))
    if ids:
        fam += _wrap([("unknown", ["x"]), ("sql", ["'; DROP TABLE"]), ("ctrl", ["a\x01b"])], NOTFOUND)
    else:
        fam += _wrap([("empty-list", []), ("ctrl", ["a\x01b"]), ("dupes", ["a", "a"]), ("blank", [""]),
                      ("space", [" "]), ("tuple", ("a", "b")), ("generator", (x for x in ["gen"])),
                      ("many", ["p%d" % i for i in range(1000)])], ANY)
    return fam


def names_family() -> Family:
    fam = _wrap([("list", ["a"]), ("str", "ab"), ("int", 5), ("bytes-key", {b"da": "x"}), ("bytes-value", {"da": b"x"}),
                 ("int-key", {1: "x"}), ("none-value", {"da": None})], TYPE)
    fam += _wrap([("nul-key", {"da\x00": "x"}), ("nul-value", {"da": "\x00"}), ("surrogate-key", {"\ud800": "x"}),
                  ("surrogate-value", {"da": "a\udfff"})], code("invalid_text"))
    fam.append(("value-over-100k", const({"da": "a" * 100_001}), code("text_too_long")))
    fam += _wrap([("empty", {}), ("blank-key", {"": "x"}), ("blank-value", {"da": ""}), ("space-value", {"da": " "}),
                  ("zwsp-value", {"da": "\u200b"}), ("ctrl", {"d\x01a": "x\x01"}), ("many", {f"l{i}": "n" for i in range(500)})],
                 ANY)
    return fam


def obj_family(optional: bool = False) -> Family:
    fam = _wrap([("str", "x"), ("int", 1), ("object", object()), ("bytes", b"x")], TYPE)
    if not optional:
        fam.append(("none", const(None), TYPE))
    return fam


def items_family() -> Family:
    s: Value = lambda w: w.a.spec.id
    fam: Family = [
        ("str", const("ab"), TYPE), ("int", const(5), TYPE), ("none", const(None), TYPE),
        ("one-tuple", lambda w: [(w.a.spec.id,)], TYPE),
        ("float-qty", lambda w: [(w.a.spec.id, 1.0)], TYPE),
        ("bool-qty", lambda w: [(w.a.spec.id, True)], TYPE),
        ("str-qty", lambda w: [(w.a.spec.id, "1")], TYPE),
        ("bytes-id", const([(b"x", 1)]), TYPE),
        ("bare-id", lambda w: [w.a.spec.id], TYPE),
        ("nul-id", const([("a\x00", 1)]), code("invalid_text")),
        ("surrogate-id", const([("\ud800", 1)]), code("invalid_text")),
        ("qty-2**63", lambda w: [(w.a.spec.id, 2**63)], code("number_out_of_range")),
        ("qty-10**5000", lambda w: [(w.a.spec.id, 10**5000)], code("number_out_of_range")),
        ("qty-evil", lambda w: [(w.a.spec.id, EvilInt(2**70))], code("number_out_of_range")),
        ("unknown-id", const([("x", 1)]), NOTFOUND),
        ("sql-id", const([("'; DROP TABLE", 1)]), NOTFOUND),
        ("empty", const([]), code("no_items")),
        ("qty-0", lambda w: [(w.a.spec.id, 0)], code("invalid_quantity")),
        ("qty-neg", lambda w: [(w.a.spec.id, -(2**63))], code("invalid_quantity")),
        ("merged-overflow", lambda w: [(w.a.spec.id, 2**62), (w.a.spec.id, 2**62), (w.a.spec.id, 2**62)], VAL),
        ("huge-order", lambda w: [(w.a.spec.id, 10_001)], code("order_too_large")),
    ]
    del s
    return fam


def sale_items_family() -> Family:
    """The items of sales.set_item_quantity: (ticket type id, absolute quantity) pairs or a mapping."""
    return [
        ("str", const("ab"), TYPE), ("int", const(5), TYPE), ("none", const(None), TYPE),
        ("one-tuple", lambda w: [(w.a.spec.id,)], TYPE),
        ("float-qty", lambda w: [(w.a.spec.id, 1.0)], TYPE),
        ("bool-qty", lambda w: [(w.a.spec.id, True)], TYPE),
        ("str-qty", lambda w: [(w.a.spec.id, "1")], TYPE),
        ("bytes-id", const([(b"x", 1)]), TYPE),
        ("nul-id", const([("a\x00", 1)]), code("invalid_text")),
        ("surrogate-id", const([("\ud800", 1)]), code("invalid_text")),
        ("qty-2**63", lambda w: [(w.a.spec.id, 2**63)], code("number_out_of_range")),
        ("qty-evil", lambda w: [(w.a.spec.id, EvilInt(2**70))], code("number_out_of_range")),
        ("unknown-id", const([("x", 1)]), NOTFOUND),
        ("sql-id", const([("'; DROP TABLE", 1)]), NOTFOUND),
        ("empty", const([]), code("no_items")),
        ("qty-neg", lambda w: [(w.a.spec.id, -(2**63))], code("invalid_quantity")),
        ("qty-huge", lambda w: [(w.a.spec.id, 10_001)], code("invalid_quantity")),
        ("duplicate", lambda w: [(w.a.spec.id, 1), (w.a.spec.id, 2)], code("duplicate_ticket_type")),
        ("mapping", lambda w: {w.a.spec.id: 2}, OK),
        ("qty-0", lambda w: [(w.a.spec.id, 0)], OK),
        ("other-organization-spec", lambda w: [(w.b.spec.id, 1)], PERM),
        ("draft-event", lambda w: [(w.a.draft_spec().id, 1)], ANY),
    ]


def customer_form_family() -> Family:
    """The fields of organizations.set_customer_form."""
    Field = ticketcore.CustomerFieldType
    return [
        ("str", const("email"), TYPE), ("int", const(5), TYPE), ("none", const(None), OK),
        ("one-tuple", const([("email",)]), TYPE), ("str-type", const([("email", "EMAIL")]), TYPE),
        ("int-type", const([("email", 1)]), TYPE), ("bytes-key", const([(b"email", Field.EMAIL)]), TYPE),
        ("nul-key", const([("email\x00", Field.EMAIL)]), ANY),
        ("surrogate-key", const([("\ud800", Field.TEXT)]), ANY),
        ("sql-key", const([("'; DROP TABLE organization; --", Field.TEXT)]), code("invalid_customer_form")),
        ("upper-key", const([("Email", Field.EMAIL)]), code("invalid_customer_form")),
        ("long-key", const([("k" * 100_001, Field.TEXT)]), ANY),
        ("standard-retyped", const([("email", Field.TEXT)]), code("invalid_customer_form")),
        ("twice", const([("club", Field.TEXT), ("club", Field.TEXT)]), code("invalid_customer_form")),
        ("parent-and-child", const([("a", Field.TEXT), ("a.b", Field.TEXT)]), code("invalid_customer_form")),
        ("too-many", const([(f"f{n}", Field.TEXT) for n in range(51)]), code("invalid_customer_form")),
        ("empty", const([]), code("invalid_customer_form")),
        # Accepted forms keep the default's fields, so other callables' customer data stays valid.
        ("mapping", const({"first_name": Field.TEXT, "last_name": Field.TEXT, "email": Field.EMAIL,
                           "phone": Field.PHONE, "company": Field.TEXT, "address.street": Field.TEXT,
                           "address.postal_code": Field.TEXT, "address.city": Field.TEXT,
                           "address.country": Field.COUNTRY, "newsletter": Field.BOOLEAN}), OK),
    ]


def customer_data_family() -> Family:
    """The key/value pairs of sales.apply_customer_data."""
    return [
        ("str", const("ab"), TYPE), ("int", const(5), TYPE), ("none", const(None), TYPE),
        ("one-tuple", const([("email",)]), TYPE), ("int-value", const([("email", 5)]), TYPE),
        ("bytes-key", const([(b"email", "x")]), TYPE),
        ("nul-key", const([("email\x00", "x")]), code("invalid_text")),
        ("surrogate-value", const([("first_name", "\ud800")]), code("invalid_text")),
        ("unknown-key", const([("shoe_size", "42")]), code("invalid_customer_data")),
        ("sql-key", const([("'; DROP TABLE sale; --", "x")]), code("invalid_customer_data")),
        ("bad-bool", const([("newsletter", "yes")]), code("invalid_customer_data")),
        ("bad-email", const([("email", "no at sign")]), code("invalid_customer_data")),
        ("ctrl-value", const([("first_name", "Ja\x01ne")]), code("invalid_customer_data")),
        ("zwsp-value", const([("last_name", "Doe\u200b")]), code("invalid_customer_data")),
        ("long-value", const([("company", "x" * 201)]), code("invalid_customer_data")),
        ("over-100k", const([("company", "x" * 100_001)]), ANY),
        ("twice", const([("email", "a@x.dk"), ("email", "b@x.dk")]), code("invalid_customer_data")),
        ("too-many", const([("first_name", "x")] * 101), code("too_many_items")),
        ("mapping", const({"first_name": "Jane", "newsletter": "bool:1"}), OK),
        ("empty", const([]), ANY),
        ("blank-value", const([("first_name", "   ")]), ANY),
    ]


def holders_family() -> Family:
    return [
        ("str", const("ab"), TYPE), ("none", const(None), TYPE), ("one-tuple", const([("a@example.com",)]), TYPE),
        ("bytes-email", const([(b"a@example.com", "Pat")]), TYPE), ("int-name", const([("a@example.com", 5)]), TYPE),
        ("nul-email", const([("a@example.com\x00", "Pat")]), code("invalid_text")),
        ("surrogate-name", const([("a@example.com", "\ud800")]), code("invalid_text")),
        ("space-email", const([("a@exa mple.com", "Pat")]), code("invalid_email")),
        ("ctrl-email", const([("a@example.com\x01", "Pat")]), code("invalid_email")),
        ("zwsp-email", const([("a@example.com\u200b", "Pat")]), code("invalid_email")),
        ("zwsp-name", const([("a@example.com", "\u200b")]), code("name_required")),
        ("ideographic-name", const([("a@example.com", "\u3000")]), code("name_required")),
        ("empty", const([]), code("no_holders")),
        ("too-many", const([("a@example.com", "P")] * 10_001), code("batch_too_large")),
        ("ctrl-name", const([("a@example.com", "P\x01t")]), ANY),
    ]


@dataclass
class P:
    """A parameter: its name, how its bad values are made, where it goes, and the words its
    messages may use for it."""

    name: str
    family: Callable[[], Family]
    pos: int | None = None
    aliases: tuple[str, ...] = ()
    entity: str | None = None  # for ids: which entity (tenant crossing)


@dataclass
class E:
    """A callable: ``build(world, param)`` returns (function, args, kwargs) with valid arguments."""

    name: str
    build: Callable[[World, str], tuple[Callable[..., Any], list[Any], dict[str, Any]]]
    params: list[P]
    mutates: bool = True
    reget: Callable[[World, Any], Any] | None = None
    bound: float = CALL_BOUND


def text(name: str, pos: int | None = None, optional: bool = False, aliases: tuple[str, ...] = ()) -> P:
    return P(name, lambda: text_family(optional), pos, aliases)


def name_p(name: str = "name", pos: int | None = 0) -> P:
    return P(name, lambda: text_family(extra=_wrap(WHITESPACE_NAMES, code("name_required"), "blank-")), pos)


def ident(name: str, entity: str, pos: int | None = 0, optional: bool = False, aliases: tuple[str, ...] = ()) -> P:
    return P(name, lambda: id_family(optional), pos, aliases, entity)


def integer(name: str, pos: int | None = None, optional: bool = False, aliases: tuple[str, ...] = ()) -> P:
    return P(name, lambda: int_family(optional), pos, aliases)


def boolean(name: str, pos: int | None = None, optional: bool = False) -> P:
    return P(name, lambda: bool_family(optional), pos)


def instant(name: str, pos: int | None = None, optional: bool = False, aliases: tuple[str, ...] = ()) -> P:
    return P(name, lambda: dt_family(optional), pos, aliases)


def money_or_int(name: str, pos: int | None = None, optional: bool = False, aliases: tuple[str, ...] = ()) -> P:
    return P(name, lambda: money_or_int_family(optional), pos, aliases)


def currency(name: str = "currency", pos: int | None = None, optional: bool = False) -> P:
    extra = _wrap([("unknown", "XXX"), ("lower", "dkk"), ("blank", "")], VAL, "cur-")
    return P(name, lambda: text_family(optional, odd=VAL, extra=extra), pos)


def zone(name: str = "time_zone", pos: int | None = None) -> P:
    extra = _wrap([("localtime", "localtime"), ("posixrules", "posixrules"), ("mars", "Mars/Olympus"),
                   ("traversal", "../../../etc/passwd")], code("unknown_time_zone"), "tz-")
    return P(name, lambda: text_family(odd=VAL, extra=extra), pos, ("time zone",))


def required_text(name: str, required_code: str, aliases: tuple[str, ...], pos: int | None = None) -> P:
    return P(name, lambda: text_family(extra=_wrap(WHITESPACE_ONLY, code(required_code), "blank-")), pos, aliases)


def email_p(name: str, pos: int | None = None) -> P:
    extra = _wrap([("ctrl", "a@example.com\x01"), ("space", "a@exa mple.com"), ("zwsp", "a@example.com\u200b"),
                   ("no-at", "alex.example.com"), ("tab", "a@example.com\t"), ("nel", "a@ex\u0085ample.com")],
                  code("invalid_email"), "email-")
    return P(name, lambda: text_family(odd=ANY, extra=extra), pos, ("e-mail", "email"))


def promo_p(name: str = "code", pos: int | None = 1) -> P:
    def fam() -> Family:
        f = text_family(odd=ANY)
        f += [("e-acute-33-ok", lambda w: "é" * 32 + w.a.fresh()[-1:], OK)]
        f += _wrap([("e-acute-65", "é" * 65), ("nbsp", "A\u00a0B"), ("nel", "A\u0085B"), ("zwsp", "A\u200bB"),
                    ("ideographic", "A\u3000B"), ("space", "A B"), ("empty", "")], code("invalid_promo_code"), "promo-")
        return f
    return P(name, fam, pos, ("promo code",))


def enum_p(name: str, members: list[Any], other: Any, pos: int | None = None, optional: bool = False) -> P:
    return P(name, lambda: enum_family(members, other, optional), pos)


def text_list(name: str, pos: int | None = None, aliases: tuple[str, ...] = ()) -> P:
    return P(name, lambda: text_list_family(False), pos, aliases)


def id_list(name: str, entity: str, pos: int | None = None, aliases: tuple[str, ...] = ()) -> P:
    return P(name, lambda: text_list_family(True), pos, aliases, entity)


def td(name: str, pos: int | None, extreme: tuple[str, ...], optional: bool = False, aliases: tuple[str, ...] = ()) -> P:
    def fam() -> Family:
        f = _wrap(WRONG_TD, TYPE)
        if not optional:
            f.append(("none", const(None), TYPE))
        f += _wrap(EXTREME_TD, extreme)
        return f
    return P(name, fam, pos, aliases)


def obj(name: str, pos: int | None = None, optional: bool = False) -> P:
    return P(name, lambda: obj_family(optional), pos)


def money_amount_family() -> Family:
    return [
        ("float", const(2.5), TYPE), ("bool", const(True), TYPE), ("none", const(None), TYPE), ("bytes", const(b"1"), TYPE),
        ("list", const([1]), TYPE),
        ("nul", const("1\x00"), code("invalid_text")), ("surrogate", const("\ud800"), code("invalid_text")),
        ("9x400k", const("9" * 400_000), code("money_overflow")),
        ("1E+1000000", const(Decimal("1E+1000000")), code("money_overflow")),
        ("1E-300000000", const(Decimal("1E-300000000")), code("too_many_decimals")),
        ("nan", const(Decimal("NaN")), code("invalid_amount")), ("snan", const(Decimal("sNaN")), code("invalid_amount")),
        ("inf", const(Decimal("Infinity")), code("invalid_amount")), ("-inf", const(Decimal("-Infinity")), code("invalid_amount")),
        ("int-2**63", const(2**63), VAL),  # money_overflow or number_out_of_range
        ("1e3", const("1e3"), code("invalid_amount")), ("spaces", const(" 1 "), code("invalid_amount")),
        ("arabic-digits", const("\u0661\u0662"), code("invalid_amount")),
        ("fullwidth", const("\uff11"), code("invalid_amount")),
        ("0.5e-5", const(Decimal("5E-7")), code("too_many_decimals")),
        ("evil-int", const(EvilInt(2**70)), VAL),
        ("max", const("92233720368547758.07"), ANY), ("-max", const("-92233720368547758.08"), ANY),
        ("trailing-zeros", const("1." + "0" * 5000), ANY),
    ]


def direction_p(name: str = "direction") -> P:
    """A scan's direction: a ScanDirection, or "in" / "out"."""
    def fam() -> Family:
        f = _wrap([("int", 0), ("bytes", b"in"), ("none", None), ("other-enum", EventState.DRAFT), ("object", object())],
                  TYPE)
        f += _wrap([("nul", "in\x00"), ("surrogate", "\ud800")], code("invalid_text"))
        f += _wrap([("sideways", "sideways"), ("upper", "IN"), ("empty", "")], code("invalid_direction"))
        f += _wrap([("in", "in"), ("out", "out"), ("enum-in", ScanDirection.IN), ("enum-out", ScanDirection.OUT)], ANY)
        return f
    return P(name, fam)


def scan_point_p(optional: bool = False) -> P:
    return P("scan_point", lambda: text_family(optional, extra=_wrap(WHITESPACE_ONLY, code("invalid_scan_point"), "blank-")),
             aliases=("scan point",))


def _scan_request(w: World) -> ScanRequest:
    return ScanRequest(w.a.ticket.id, inspector_id=w.a.inspector.id, scan_point="main", nonce="m" + w.a.fresh())


def scans_family() -> Family:
    return [("str", const("ab"), TYPE), ("none", const(None), TYPE), ("int", const(5), TYPE),
            ("list-str", const(["x"]), TYPE), ("list-none", const([None]), TYPE),
            ("too-many", lambda w: [_scan_request(w)] * 501, code("batch_too_large")),
            ("empty", const([]), ANY), ("one", lambda w: [_scan_request(w)], ANY)]


def new_seats_family() -> Family:
    """The seats of seatmaps.add_seats: a list of NewSeat, 1 to 10,000, each place once."""
    seat = NewSeat("Stalls", "Z", "1", "Z-1")
    return [("str", const("ab"), TYPE), ("none", const(None), TYPE), ("int", const(5), TYPE),
            ("bytes", const(b"x"), TYPE), ("list-str", const(["x"]), TYPE), ("list-none", const([None]), TYPE),
            ("list-tuple", const([("Stalls", "Z", "1", "Z-1")]), TYPE),
            ("empty", const([]), code("seats_required")),
            ("too-many", const([seat] * 10_001), code("batch_too_large")),
            ("twice", const([seat, seat]), code("duplicate_seat")),
            ("blank-row", const([NewSeat("Stalls", " ", "1", "x")]), code("seat_field_required")),
            ("long-label", const([NewSeat("Stalls", "Z", "2", "L" * 201)]), code("text_too_long")),
            ("unknown-type", const([NewSeat("Stalls", "Z", "3", "x", ["x"])]), NOTFOUND),
            ("taken-place", const([NewSeat("Stalls", "A", "1", "again")]), ANY),
            ("one", lambda w: [NewSeat("Stalls", "N", w.a.fresh(), "new")], OK)]


def _offline_scan(w: World) -> OfflineScan:
    return OfflineScan(w.a.ticket.id, nonce="o" + w.a.fresh(), inspector_id=w.a.inspector.id, scan_point="main",
                       at=datetime(2027, 7, 2, 19, tzinfo=CPH_ZONE))


def import_scans_family() -> Family:
    return [("none", const(None), TYPE), ("int", const(5), TYPE), ("bytes", const(b"[]"), TYPE),
            ("list-str", const(["x"]), TYPE), ("list-none", const([None]), TYPE),
            ("not-json", const("ab"), code("invalid_offline_scans")), ("nul", const("a\x00b"), code("invalid_text")),
            ("surrogate", const("\ud800"), code("invalid_text")),
            ("json-object", const("{}"), code("invalid_offline_scans")),
            ("json-missing-field", const('[{"nonce": "n"}]'), code("invalid_offline_scans")),
            ("too-many", lambda w: [_offline_scan(w)] * 10_001, code("batch_too_large")),
            ("empty", const([]), ANY), ("empty-json", const("[]"), ANY), ("one", lambda w: [_offline_scan(w)], ANY)]


def _export(w: World) -> str:
    return w.a.s.door.export_scanner(w.a.event.id, include_tickets=True)


def export_json_family() -> Family:
    fam = _wrap(WRONG_TEXT, TYPE) + [("none", const(None), TYPE)]
    fam += _wrap(BAD_TEXT, code("invalid_text"))
    fam += _wrap(ODD_TEXT, code("invalid_scanner_export"))
    fam += [("json-list", const("[]"), code("invalid_scanner_export")),
            ("json-object", const("{}"), code("invalid_scanner_export")),
            ("valid", _export, OK)]
    return fam


def _scanner(w: World) -> OfflineScanner:
    return OfflineScanner(_export(w))


def _offline_redeem(w: World, p: str) -> tuple[Callable[..., Any], list[Any], dict[str, Any]]:
    return _f(_scanner(w).redeem, w.a.ticket.id, inspector_id=w.a.inspector.id, scan_point="main",
              nonce="n" + w.a.fresh(), at=datetime(2027, 7, 2, 19, tzinfo=CPH_ZONE))


def _redeem(w: World, p: str) -> tuple[Callable[..., Any], list[Any], dict[str, Any]]:
    return _f(w.a.s.door.redeem, w.a.ticket.id, inspector_id=w.a.inspector.id, scan_point="main",
              nonce="n" + w.a.fresh(), at=datetime(2027, 7, 2, 19, tzinfo=CPH_ZONE))


def _new_member(w: World) -> str:
    return w.a.s.door.add_board_member("M" + w.a.fresh(), email="m@example.com", phone_number="1").id


def user_id_p(pos: int | None = 0, lookup: bool = True) -> P:
    """A staff user's id (an Actor id, taken as given): blank, control characters and more than
    200 characters are refused naming it; any other unknown id is not found (another
    organization's users are not this one's: no tenant crossing)."""
    def fam() -> Family:
        f = _wrap(WRONG_TEXT + [("none", None)], TYPE) + _wrap(BAD_TEXT, code("invalid_text"))
        f.append(("over-100k", const("a" * 100_001), code("text_too_long")))
        f += _wrap([("ctrl-01", "a\x01b"), ("del-7f", "a\x7fb"), ("newline", "a\nb")], code("invalid_text"))
        f += _wrap([("long-201", "u" * 201), ("long-10k", "a" * 10_000)], code("text_too_long"))
        f += _wrap(WHITESPACE_NAMES, code("user_id_required"), "blank-")
        # A lookup's odd ids are ids nobody registered (add_user's cases register theirs in the same world).
        odd = "nobody-" if lookup else ""
        f += _wrap([("e-acute-33", odd + "é" * 33), ("emoji", odd + "\U0001f600x"), ("rtl-override", odd + "\u202eevil"),
                    ("sql", odd + "'; DROP TABLE staff_user; --"), ("path", odd + "../../etc/passwd")],
                   NOTFOUND if lookup else ANY)
        return f
    return P("user_id", fam, pos, ("user id",))


def _new_user(w: World) -> str:
    return w.a.s.staff.add_user("u" + w.a.fresh(), "Sam").id


def _new_reader(w: World) -> str:
    return w.a.s.staff.add_pos_reader("R" + w.a.fresh()).id


def _new_inspector(w: World) -> str:
    return w.a.s.door.add_external_inspector(w.a.event.id, name="R", email="r@example.com", phone_number="1").id


# --- the TABLE --------------------------------------------------------------------------------


def _f(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[Callable[..., Any], list[Any], dict[str, Any]]:
    return fn, list(args), kwargs


def _report() -> ticketcore.Report:
    """A small report (no store has a report yet): three rows of every column kind."""
    from ticketcore._core import _testing

    report: ticketcore.Report = _testing.synthetic_report(3)
    _warm_data_libraries()
    return report


@functools.cache
def _warm_data_libraries() -> None:
    """pyarrow, polars and pandas are imported (and pandas' Arrow dtypes set up) by the first
    conversion; that one-time cost (seconds on a busy machine) is no cost of the call a case times."""
    from ticketcore._core import _testing

    report = _testing.synthetic_report(3)
    report.to_polars()
    report.to_pandas()
    report.to_pandas(arrow_dtypes=True)


def _rotatable(w: World) -> Organizations:
    """The organizations area with room for a rotation: its keys kept for verifying retired."""
    organizations = w.a.s.organizations
    for key in organizations.signing_keys():
        if key.state is KeyState.VERIFYING:
            organizations.retire_signing_key(key.key_id)
    return organizations


def _retirable_key(w: World) -> str:
    """The id of a key kept for verifying (the active one, rotated out)."""
    organizations = _rotatable(w)
    previous = organizations.signing_keys()[-1].key_id
    organizations.rotate_signing_key()
    return previous


def idempotency_key() -> P:
    """The optional key of every operation an integrator retries."""
    return P("idempotency_key", lambda: text_family(optional=True, extra=[("empty", const(""), code("invalid_idempotency_key"))]),
             aliases=("idempotency key",))


def _place(w: World, p: str) -> tuple[Callable[..., Any], list[Any], dict[str, Any]]:
    t = w.a
    return _f(t.s.orders.place, t.event.id, buyer=BuyerDetails("Alex Reyes", f"a{t.fresh()}@example.com"),
              items=[(t.spec.id, 1)])


def _place_buyer(w: World, p: str) -> tuple[Callable[..., Any], list[Any], dict[str, Any]]:
    t = w.a

    def call(name: Any, email: Any, user_id: Any = None, phone: Any = "", avatar_url: Any = "") -> Any:
        b = BuyerDetails(name, email, user_id=user_id, phone=phone, avatar_url=avatar_url)
        return t.s.orders.place(t.event.id, buyer=b, items=[(t.spec.id, 1)])

    return _f(call, "Alex Reyes", "alex@example.com")


def _confirm(w: World, p: str) -> tuple[Callable[..., Any], list[Any], dict[str, Any]]:
    o = w.a.place()
    return _f(w.a.s.orders.confirm_payment, o.id, payment_ref="pi_" + w.a.fresh(), gateway="stripe", amount=o.total)


def _activate(w: World, p: str) -> tuple[Callable[..., Any], list[Any], dict[str, Any]]:
    tk = w.a.pregen()
    return _f(w.a.s.tickets.activate, tk.id, holder_email="walk@example.com", holder_name="Walk Up",
              amount=w.a.door_price(), method="cash", reference="")


def _transferable(w: World) -> str:
    """A fresh valid ticket of the transferable spec (a transfer or a cancel uses one up)."""
    return w.a.s.tickets.comp(w.a.event.id, w.a.spec.id, holders=[("pat@example.com", "Pat Lee")])[0].id


def _transfer(w: World, p: str) -> tuple[Callable[..., Any], list[Any], dict[str, Any]]:
    return _f(w.a.s.tickets.transfer, _transferable(w), to_name="Sam Berg", to_email="sam@example.com")


def _cancel_ticket(w: World, p: str) -> tuple[Callable[..., Any], list[Any], dict[str, Any]]:
    return _f(w.a.s.tickets.cancel, _transferable(w))


def _cancel_order(w: World, p: str) -> tuple[Callable[..., Any], list[Any], dict[str, Any]]:
    o = w.a.place()
    o = w.a.s.orders.confirm_payment(o.id, payment_ref="pi_" + w.a.fresh(), gateway="stripe", amount=o.total)
    return _f(w.a.s.tickets.cancel_order, o.id)


#: A ticket payload's worst case: every character the last of the alphanumeric set.
QR_PAYLOAD = "TC:" + "Z" * 149


def qr_payload_p() -> P:
    """The text ``ticketcore.qr_png`` / ``qr_svg`` draw: only a ticket payload text is drawn."""
    def fam() -> Family:
        f = _wrap(WRONG_TEXT, TYPE) + [("none", const(None), TYPE)]
        f += _wrap(BAD_TEXT + [("over-100k", "a" * 100_001), ("lower", "tc:abc"), ("too-long", "TC:" + "A" * 254),
                               ("latin", "TC:É"), ("empty", "")], code("invalid_qr_payload"))
        f += _wrap(ODD_TEXT, ANY)
        f += _wrap([("longest", "TC:" + "A" * 253), ("prefix-only", "TC:")], OK)
        return f
    return P("payload", fam, 0)


def qr_size_p(name: str) -> P:
    """A size of a drawn QR code (scale or border): an int in its range."""
    def fam() -> Family:
        return (_wrap(WRONG_INT + [("none", None)], TYPE) + _wrap(BIG_INTS, code("invalid_qr_size"))
                + _wrap(ODD_INTS, ANY) + _wrap([("one", 1)], OK))
    return P(name, fam)


def _promo(w: World, p: str) -> tuple[Callable[..., Any], list[Any], dict[str, Any]]:
    kw: dict[str, Any] = {"percent_off": 1000}
    if p in ("amount_off", "unlocks"):
        kw = {}
        if p == "amount_off":
            kw["amount_off"] = 100
        else:
            kw["unlocks"] = [w.a.spec.id]
    return _f(w.a.s.promo_codes.create, w.a.event.id, "P" + w.a.fresh(), **kw)


def _edit(w: World, p: str) -> tuple[Callable[..., Any], list[Any], dict[str, Any]]:
    return _f(w.a.s.specifications.edit, w.a.draft_spec().id)


def _add_spec(w: World, p: str) -> tuple[Callable[..., Any], list[Any], dict[str, Any]]:
    kw: dict[str, Any] = {}
    if p == "reentry_limit":
        kw["allow_reentry"] = True
    return _f(w.a.s.specifications.add, w.a.draft_with_room().id, "Spec " + w.a.fresh(), **kw)


def _rem_spec_from_pool(w: World, p: str) -> tuple[Callable[..., Any], list[Any], dict[str, Any]]:
    sp = w.a.event_spec()
    w.a.s.pools.add_specification(w.a.pool.id, sp.id)
    return _f(w.a.s.pools.remove_specification, w.a.pool.id, sp.id)


def _refund_start(w: World, p: str) -> tuple[Callable[..., Any], list[Any], dict[str, Any]]:
    paid = w.a.paid_order()
    if p == "order_id":
        return _f(w.a.s.refunds.start, order_id=paid.id)
    return _f(w.a.s.refunds.start, ticket_id=paid.ticket_ids[0])


class _HostileGateway:
    """A gateway adapter that pays every refund back."""

    def refund(self, payment_reference: str, amount: Money, *, idempotency_key: str) -> ticketcore.RefundResult:
        return ticketcore.RefundResult.success("re_" + idempotency_key[:20])


def _refund_with_gateway(w: World, p: str) -> tuple[Callable[..., Any], list[Any], dict[str, Any]]:
    paid = w.a.paid_order()
    target: dict[str, Any] = {"order_id": paid.id} if p == "order_id" else {"ticket_id": paid.ticket_ids[0]}
    return _f(ticketcore.refund_with_gateway, w.a.s, _HostileGateway(), idempotency_key="k-" + w.a.fresh(), **target)


def _sale_seat(w: World) -> tuple[Callable[..., Any], list[Any], dict[str, Any]]:
    n = w.a.fresh()
    seat = w.a.s.seatmaps.add_seats(w.a.seatmap.id, [NewSeat("Stalls", "H", n, "H-" + n)])[0]
    return _f(w.a.s.sales.add_seat, w.a.s.sales.create().id, seatmap_id=w.a.seatmap.id, seat_id=seat.id,
              ticket_type_id=w.a.spec.id)


def _product_quantities_family() -> Family:
    """sales.set_product_quantity's (product id, quantity) pairs: the shapes of ticket items, with
    product ids."""
    fam: Family = []
    for label, make, expect in sale_items_family():
        if label in ("draft-event", "other-organization-spec"):
            continue
        if label == "duplicate":
            fam.append((label, _with_product(make), code("duplicate_product")))
            continue
        if label in ("mapping", "qty-0", "one-tuple", "float-qty", "bool-qty", "str-qty", "qty-2**63",
                     "qty-evil", "qty-neg", "qty-huge"):
            fam.append((label, _with_product(make), expect))
        else:
            fam.append((label, make, expect))
    fam.append(("other-organization-product", lambda w: [(w.b.product.id, 1)], PERM))
    return fam


def _with_product(make: Value) -> Value:
    """The same value with the tenant's product in place of its specification."""
    def value(w: World) -> Any:
        made = make(w)
        if isinstance(made, dict):
            return {w.a.product.id if key == w.a.spec.id else key: qty for key, qty in made.items()}
        return [tuple(w.a.product.id if part == w.a.spec.id else part for part in pair) for pair in made]
    return value


def _pos_ids(w: World) -> tuple[str, str]:
    sale, payment = w.a.pos_sale()
    return sale.id, payment.id


def _sale_discount(w: World, p: str) -> tuple[Callable[..., Any], list[Any], dict[str, Any]]:
    sale = w.a.open_sale()
    if p == "promo_code":
        return _f(w.a.s.sales.apply_discount, sale.id, promo_code="BASE10")
    if p == "amount_off":
        return _f(w.a.s.sales.apply_discount, sale.id, amount_off=1000, reason="Staff")
    return _f(w.a.s.sales.apply_discount, sale.id, percent_off=1000, reason="Staff")


def _sale_remove(w: World) -> tuple[Callable[..., Any], list[Any], dict[str, Any]]:
    sale = w.a.open_sale()
    return _f(w.a.s.sales.remove_item, sale.id, sale.items[0].id)


def _sale_link(w: World) -> tuple[Callable[..., Any], list[Any], dict[str, Any]]:
    sale = w.a.s.sales.apply_customer_data(w.a.open_sale().id, {"email": "jane@example.com"})
    return _f(w.a.s.sales.set_payment_type, sale.id, SalePaymentType.PAYMENT_LINK)


def _sale_confirm(w: World) -> tuple[Callable[..., Any], list[Any], dict[str, Any]]:
    sale = w.a.linked_sale()
    return _f(w.a.s.sales.confirm_payment_link, sale.id, payment_ref="pi_link", amount=sale.grand_total)


def _mine(w: World, p: str) -> tuple[Callable[..., Any], list[Any], dict[str, Any]]:
    if p == "email":
        return _f(w.a.s.tickets.mine, email="alex1@example.com")
    return _f(w.a.s.tickets.mine, user_id="user-1")


def python_text(name: str, pos: int | None = None, optional: bool = False) -> P:
    """Text a Python value object holds as given (the core checks it when it gets it)."""
    def fam() -> Family:
        f = _wrap(WRONG_TEXT, TYPE) + _wrap(BAD_TEXT, code("invalid_text")) + _wrap(ODD_TEXT, ANY)
        return f if optional else f + [("none", const(None), TYPE)]
    return P(name, fam, pos)


# Documents (ticketcore.documents): the receipt is drawn from a stand-in sale of the shape
# store.sales binds (sale_fakes.py), with a buyer an invoice can name.


def _warm_documents() -> None:
    """fpdf2 is imported when the first document is drawn; that first import (a second or two on
    a busy machine) is no cost of the call the case times."""
    import fpdf  # noqa: F401


def _receipt(w: World, p: str) -> tuple[Callable[..., Any], list[Any], dict[str, Any]]:
    import sale_fakes

    _warm_documents()
    sale = sale_fakes.committed_sale([sale_fakes.item("Member ticket", 2, "250.00", 2500)])
    return _f(ticketcore.receipt_pdf, sale, ticketcore.Seller("Jazz Club", ("Kongens Have 1",)), invoice=True)


def _printed(w: World) -> ticketcore.PrintedTicket:
    return ticketcore.PrintedTicket(
        ticket_id=w.a.ticket.id, holder="Zoë Ørsted", event_name="Main", date_text="2027-07-02 19:00",
        type_name="Open", seat_label=None, payload=w.a.s.tickets.qr(w.a.ticket.id))


def _ticket_pages(w: World, p: str) -> tuple[Callable[..., Any], list[Any], dict[str, Any]]:
    _warm_documents()
    return _f(ticketcore.ticket_pages, w.a.s, [w.a.ticket.id])


def _tickets_pdf(w: World, p: str) -> tuple[Callable[..., Any], list[Any], dict[str, Any]]:
    _warm_documents()
    return _f(ticketcore.tickets_pdf, [_printed(w)])


def _printed_ticket(w: World, p: str) -> tuple[Callable[..., Any], list[Any], dict[str, Any]]:
    t = _printed(w)
    return _f(ticketcore.PrintedTicket, ticket_id=t.ticket_id, holder=t.holder, event_name=t.event_name,
              date_text=t.date_text, type_name=t.type_name, seat_label=t.seat_label, payload=t.payload)


def printed_tickets_p() -> P:
    """What tickets_pdf prints: a sequence of PrintedTicket values."""
    def fam() -> Family:
        return (_wrap([("str", "ab"), ("bytes", b"ab"), ("int", 5), ("none", None), ("list-str", ["x"]),
                       ("list-none", [None]), ("dict", {"a": 1})], TYPE)
                + [("empty", const([]), OK), ("twenty", lambda w: [_printed(w)] * 20, OK)])
    return P("tickets", fam, 0)


def printed_ticket_ids_p() -> P:
    """The ticket ids ticket_pages reads: unknown ones are not found, another tenant's refused."""
    def fam() -> Family:
        return text_list_family(ids=True) + [("empty", const([]), OK),
                                             ("other-organization", lambda w: [w.b.ticket.id], PERM)]
    return P("ticket_ids", fam, 1, ("ticket",))


def _open(w: World, p: str) -> tuple[Callable[..., Any], list[Any], dict[str, Any]]:
    return _f(ticketcore.open, w.location)


def _reget_spec(w: World, r: Any) -> Any:
    return w.a.s.specifications.get(r.id)


SPEC_FIELDS: list[P] = [
    money_or_int("price"),
    text("description"),
    P("names", names_family),
    money_or_int("ticket_platform_fee", optional=True, aliases=("platform fee",)),
    integer("ticket_percentage_fee", optional=True, aliases=("percentage fee",)),
    integer("number_of_tickets_for_sale", optional=True),
    integer("maximum_number_of_tickets_per_user", optional=True),
    instant("sale_start", optional=True, aliases=("sale start",)),
    instant("sale_end", optional=True, aliases=("sale end",)),
    text_list("perks"),
    enum_p("visibility", list(Visibility), EventState.DRAFT),
    boolean("transferable"),
    boolean("allow_reentry"),
    integer("reentry_limit", optional=True, aliases=("re-entry limit", "reentry limit")),
    text_list("accepted_scan_points", aliases=("scan points",)),
    text("refund_policy"),
]


def _optional(params: list[P]) -> list[P]:
    """The edit variants: every field Optional (None keeps)."""
    out = []
    for q in params:
        f = q.family

        def fam(f: Callable[[], Family] = f) -> Family:
            return [x for x in f() if x[0] != "none"] + [("none-keeps", const(None), OK)]

        out.append(P(q.name, fam, q.pos, q.aliases, q.entity))
    return out


TABLE: list[E] = [
    # module functions
    E("open", _open, [
        P("path", lambda: _wrap(WRONG_TEXT, TYPE) + [("none", const(None), TYPE)] + _wrap(BAD_TEXT, code("invalid_text"))
          + [("over-100k", const("a" * 100_001), code("text_too_long")), ("empty", const(""), VAL),
             ("ctrl", const("t\x01.db"), ANY), ("emoji", const("\U0001f600.db"), ANY),
             ("no-dir", const("/no/such/dir/x.db"), ANY)], 0),
        obj("actor", optional=True),
        P("durability", lambda: text_family(odd=VAL, extra=_wrap([("upper", "FULL"), ("bogus", "FAST")], code("invalid_durability"))),
          aliases=("durability",)),
        integer("busy_timeout_ms", optional=True, aliases=("busy timeout",)),
        integer("pool_size", optional=True, aliases=("pool size", "pool_size")),
        obj("clock", optional=True),
        td("order_hold", None, VAL, optional=True, aliases=("order hold",)),
        td("sale_hold", None, VAL, optional=True, aliases=("sale hold",)),
    ], mutates=False),
    E("qr_png", lambda w, p: _f(ticketcore.qr_png, QR_PAYLOAD), [qr_payload_p(), qr_size_p("scale"), qr_size_p("border")],
      mutates=False),
    E("qr_svg", lambda w, p: _f(ticketcore.qr_svg, QR_PAYLOAD), [qr_payload_p(), qr_size_p("border")], mutates=False),
    # Reports: the Arrow export (docs/reports.md)
    E("concat_reports", lambda w, p: _f(ticketcore.concat_reports, [_report(), _report()]), [obj("pages", 0)],
      mutates=False),
    E("Report.rows", lambda w, p: _f(_report().rows), [], mutates=False),
    E("Report.to_pyarrow", lambda w, p: _f(_report().to_pyarrow), [], mutates=False),
    E("Report.to_polars", lambda w, p: _f(_report().to_polars), [], mutates=False),
    E("Report.to_pandas", lambda w, p: _f(_report().to_pandas), [boolean("arrow_dtypes")], mutates=False),
    # Documents
    E("Seller", lambda w, p: _f(ticketcore.Seller, "Jazz Club", ("Kongens Have 1",), "DK12345678", "box@example.com"), [
        text("name", 0), P("address_lines", lambda: text_list_family(), 1), text("vat_id", 2, optional=True),
        text("email", 3, optional=True)], mutates=False),
    E("PrintedTicket", _printed_ticket, [
        text("ticket_id"), text("holder"), text("event_name"), text("date_text"), text("type_name"),
        text("seat_label", optional=True), dataclasses.replace(qr_payload_p(), pos=None), text("location")],
      mutates=False),
    E("receipt_pdf", _receipt, [obj("sale", 0), obj("seller", 1), text("locale"), boolean("invoice"), zone("time_zone")],
      mutates=False),
    E("ticket_pages", _ticket_pages, [obj("store", 0), printed_ticket_ids_p(), text("locale"),
                                      P("seats", lambda: _wrap([("str", "A-1"), ("list", ["A-1"]), ("int", 5)], TYPE)
                                        + _wrap([("int-label", {"t": 5})], TYPE)
                                        + [("nul-label", const({"t": "A\x00"}), code("invalid_text")),
                                           ("none", const(None), OK), ("empty", const({}), OK)],
                                        aliases=("seats",))], mutates=False),
    E("tickets_pdf", _tickets_pdf, [printed_tickets_p()], mutates=False),
    E("utc", lambda w, p: _f(ticketcore.utc, 2027, 1, 1, 0, 0, 0), [
        integer("year", 0), integer("month", 1), integer("day", 2), integer("hour", 3), integer("minute", 4),
        integer("second", 5)], mutates=False),
    E("every", lambda w, p: _f(ticketcore.every, w.a.s.orders.list, w.a.event.id), [obj("list_page", 0)], mutates=False),
    E("format_local", lambda w, p: _f(ticketcore.format_local, START, CPH),
      [instant("instant", 0), zone("time_zone", 1)], mutates=False),
    # Money
    E("Money", lambda w, p: _f(Money, "1.00", "DKK"),
      [P("amount", money_amount_family, 0), currency("currency", 1)], mutates=False, bound=MONEY_BOUND),
    E("Money.from_minor", lambda w, p: _f(Money.from_minor, 100, "DKK"),
      [integer("minor", 0), currency("currency", 1)], mutates=False),
    E("Money.zero", lambda w, p: _f(Money.zero, "DKK"), [currency("currency", 0)], mutates=False),
    E("Money.percent", lambda w, p: _f(Money("100.00", "DKK").percent, 2500),
      [integer("basis_points", 0, aliases=("rate",)), enum_p("rounding", list(RoundingMode), Visibility.PUBLIC, 1)],
      mutates=False),
    E("Money.included_vat", lambda w, p: _f(Money("100.00", "DKK").included_vat, 2500),
      [integer("basis_points", 0, aliases=("rate",)), enum_p("rounding", list(RoundingMode), Visibility.PUBLIC, 1)],
      mutates=False),
    E("Money.allocate", lambda w, p: _f(Money("100.00", "DKK").allocate, [1, 2]), [
        P("weights", lambda: _wrap([("str", "12"), ("int", 3), ("none", None), ("floats", [1.0]), ("bools", [True]),
                                    ("strs", ["1"]), ("bytes", b"\x01\x02")], TYPE)
          + _wrap([("big", [2**63]), ("huge", [10**5000]), ("evil", [EvilInt(2**70)])], code("number_out_of_range"))
          + _wrap([("empty", []), ("negative", [-1]), ("zeros", [0, 0]), ("1000001", [1] * 1_000_001),
                   ("5M", [1] * 5_000_000)], code("invalid_allocation"))
          + _wrap([("max", [2**63 - 1, 2**63 - 1])], ANY), 0, ("allocation", "weight"))], mutates=False),
    E("Money.split", lambda w, p: _f(Money("100.00", "DKK").split, 3), [
        P("parts", lambda: _wrap(WRONG_INT + [("none", None)], TYPE) + _wrap(BIG_INTS, code("number_out_of_range"))
          + _wrap([("0", 0), ("-1", -1), ("1000001", 1_000_001), ("max", 2**63 - 1)], code("invalid_allocation"))
          + _wrap([("1000000", 1_000_000)], OK), 0, ("split", "part"))], mutates=False),
    # Actor
    E("Actor", lambda w, p: _f(Actor, "anna", w.a.org.id, {"events:read"}), [
        P("id", lambda: text_family(extra=[("empty", const(""), code("actor_id_required"))]), 0, ("actor id",)),
        P("organization_id", lambda: text_family(optional=True, extra=[("empty", const(""), code("organization_required"))]),
          1, ("organization",)),
        P("scopes", lambda: _wrap([("str", "events:read"), ("bytes", b"x"), ("int", 1), ("list-bytes", [b"orders"]),
                                   ("list-int", [1])], TYPE)
          + _wrap([("nul", ["orders\x00"]), ("surrogate", ["\ud800"])], code("invalid_text"))
          + [("over-100k", const(["a" * 100_001]), code("text_too_long"))]
          + _wrap([("bogus", ["bogus"]), ("upper", ["ORDERS"]), ("padded", [" orders"])], code("unknown_scope"))
          + _wrap([("platform-admin", ["platform:admin"])], code("invalid_actor")), 2, ("scope",)),
    ], mutates=False),
    E("Actor.platform", lambda w, p: _f(Actor.platform, "ops"),
      [P("id", lambda: text_family(extra=[("empty", const(""), code("actor_id_required"))]), 0, ("actor id",))],
      mutates=False),
    E("Actor.has_scope", lambda w, p: _f(Actor("anna", w.a.org.id, {"orders"}).has_scope, "orders"),
      [text("scope", 0)], mutates=False),
    # BuyerDetails (construction) and a buyer given to place
    E("BuyerDetails", lambda w, p: _f(BuyerDetails, "Alex", "alex@example.com"), [
        text("name", 0), text("email", 1, aliases=("e-mail",)), text("user_id", optional=True, aliases=("user id",)),
        text("phone"), text("avatar_url", aliases=("avatar url", "avatar")),
    ], mutates=False),
    E("Orders.place[buyer]", _place_buyer, [
        name_p("name", 0), email_p("email", 1),
        P("user_id", lambda: text_family(optional=True, extra=_wrap([("empty", ""), ("space", " ")], code("user_id_required"))),
          aliases=("user id",)),
        text("phone"), text("avatar_url", aliases=("avatar url", "avatar")),
    ], reget=lambda w, r: w.a.s.orders.get(r.id)),
    # ManualClock
    E("ManualClock", lambda w, p: _f(ManualClock, START), [instant("start", 0)], mutates=False),
    E("ManualClock.now", lambda w, p: _f(ManualClock(START).now), [], mutates=False),
    E("ManualClock.set", lambda w, p: _f(ManualClock(START).set, START), [instant("instant", 0)], mutates=False),
    E("ManualClock.advance", lambda w, p: _f(ManualClock(START).advance, timedelta(hours=1)),
      [td("delta", 0, ("code", "instant_out_of_range", "number_out_of_range"))], mutates=False),
    # Store
    E("Store.acting_as", lambda w, p: _f(w.platform.acting_as, Actor("x", w.a.org.id, {"orders"})), [obj("actor", 0)],
      mutates=False),
    E("Store.now", lambda w, p: _f(w.a.s.now), [], mutates=False),
    E("Store.rehearsal", lambda w, p: _f(w.a.s.rehearsal), [], mutates=False),
    E("Store.check_integrity", lambda w, p: _f(w.a.s.check_integrity), [], mutates=False),
    E("Store.audit", lambda w, p: _f(w.a.s.audit), [
        text("entity_id", optional=True, aliases=("entity",)), text("operation", optional=True),
        integer("after", optional=True), P("limit", limit_family, aliases=("limit",)),
    ], mutates=False),
    # Organizations
    E("Organizations.create", lambda w, p: _f(w.platform.organizations.create, "Org " + w.a.fresh(), currency="DKK"), [
        name_p("name", 0), currency("currency"), enum_p("rounding", list(RoundingMode), Visibility.PUBLIC),
        boolean("refund_fees"),
    ], reget=lambda w, r: w.platform.organizations.get(r.id)),
    E("Organizations.set_refund_fees",
      lambda w, p: _f(w.a.s.organizations.set_refund_fees, w.a.org.id, refund_fees=False),
      [ident("organization_id", "org", aliases=("organization",)), boolean("refund_fees")],
      reget=lambda w, r: w.a.s.organizations.get(r.id)),
    E("Organizations.get", lambda w, p: _f(w.a.s.organizations.get, w.a.org.id),
      [ident("organization_id", "org", aliases=("organization",))], mutates=False),
    E("Organizations.signing_keys", lambda w, p: _f(w.a.s.organizations.signing_keys), [], mutates=False),
    E("Organizations.rotate_signing_key", lambda w, p: _f(_rotatable(w).rotate_signing_key), []),
    E("Organizations.retire_signing_key", lambda w, p: _f(w.a.s.organizations.retire_signing_key, _retirable_key(w)),
      [text("key_id", 0, aliases=("key",))]),
    # Events
    E("Events.create", lambda w, p: _f(w.a.s.events.create, "Show", time_zone=CPH), [
        name_p("name", 0), zone("time_zone"), text("location"), text("description"), currency("currency", optional=True),
        money_or_int("platform_fee", aliases=("platform fee",)),
        integer("percentage_fee", aliases=("percentage fee",)), integer("vat_rate", aliases=("vat rate",)),
    ], reget=lambda w, r: w.a.s.events.get(r.id)),
    E("Events.add_date", lambda w, p: _f(w.a.s.events.add_date, w.a.draft_event().id, START, START + timedelta(hours=2)), [
        ident("event_id", "event", 0, aliases=("event",)),
        P("start", lambda: dt_family() + [("after-end", const(START + timedelta(days=1)), code("invalid_date_range"))], 1),
        P("end", lambda: dt_family() + [("before-start", const(START - timedelta(days=1)), code("invalid_date_range"))], 2),
    ], reget=lambda w, r: w.a.s.events.get(r.event_id)),
    E("Events.publish", lambda w, p: _f(w.a.s.events.publish, w.a.draft_event().id),
      [ident("event_id", "event", 0, aliases=("event",))], reget=lambda w, r: w.a.s.events.get(r.id)),
    E("Events.complete", lambda w, p: _f(w.a.s.events.complete, w.a.s.events.publish(w.a.draft_event().id).id),
      [ident("event_id", "event", 0, aliases=("event",))], reget=lambda w, r: w.a.s.events.get(r.id)),
    E("Events.get", lambda w, p: _f(w.a.s.events.get, w.a.event.id), [ident("event_id", "event", 0, aliases=("event",))],
      mutates=False),
    E("Events.list", lambda w, p: _f(w.a.s.events.list), [
        enum_p("state", list(EventState), Visibility.PUBLIC, optional=True),
        P("first", first_family, aliases=("first",)),
        P("after", lambda: text_family(optional=True, odd=ANY), aliases=("cursor", "after"))], mutates=False),
    # Specifications
    E("Specifications.add", _add_spec, [ident("event_id", "event", 0, aliases=("event",)), name_p("name", 1), *SPEC_FIELDS,
                                        integer("capacity", optional=True, aliases=("number of tickets for sale",))],
      reget=_reget_spec),
    E("Specifications.edit", _edit, [ident("specification_id", "spec", 0, aliases=("specification",)),
                                     *_optional([name_p("name", None), *SPEC_FIELDS]),
                                     P("capacity", lambda: [x for x in int_family(True) if x[0] != "none"],
                                       aliases=("capacity", "number of tickets for sale"))],
      reget=_reget_spec),
    E("Specifications.set_active", lambda w, p: _f(w.a.s.specifications.set_active, w.a.draft_spec().id, True),
      [ident("specification_id", "spec", 0, aliases=("specification",)), boolean("active", 1)], reget=_reget_spec),
    E("Specifications.remove", lambda w, p: _f(w.a.s.specifications.remove, w.a.draft_spec().id),
      [ident("specification_id", "spec", 0, aliases=("specification",))]),
    E("Specifications.get", lambda w, p: _f(w.a.s.specifications.get, w.a.spec.id),
      [ident("specification_id", "spec", 0, aliases=("specification",))], mutates=False),
    E("Specifications.list", lambda w, p: _f(w.a.s.specifications.list, w.a.event.id),
      [ident("event_id", "event", 0, aliases=("event",))], mutates=False),
    E("TicketSpecification.name_for", lambda w, p: _f(w.a.s.specifications.get(w.a.spec.id).name_for, "da-DK"),
      [text("locale", 0)], mutates=False),
    # Pools
    E("Pools.create", lambda w, p: _f(w.a.s.pools.create, w.a.event.id, "Pool " + w.a.fresh(), size=10), [
        ident("event_id", "event", 0, aliases=("event",)), name_p("name", 1),
        P("size", lambda: int_family(odd=ANY)), id_list("specification_ids", "spec", aliases=("specification",)),
    ], reget=lambda w, r: w.a.s.pools.get(r.id)),
    E("Pools.resize", lambda w, p: _f(w.a.s.pools.resize, w.a.s.pools.create(w.a.event.id, "R" + w.a.fresh(), size=5).id, 10),
      [ident("pool_id", "pool", 0, aliases=("pool",)), integer("size", 1)], reget=lambda w, r: w.a.s.pools.get(r.id)),
    E("Pools.add_specification", lambda w, p: _f(w.a.s.pools.add_specification, w.a.pool.id, w.a.event_spec().id),
      [ident("pool_id", "pool", 0, aliases=("pool",)), ident("specification_id", "spec", 1, aliases=("specification",))],
      reget=lambda w, r: w.a.s.pools.get(r.id)),
    E("Pools.remove_specification", _rem_spec_from_pool,
      [ident("pool_id", "pool", 0, aliases=("pool",)), ident("specification_id", "spec", 1, aliases=("specification",))],
      reget=lambda w, r: w.a.s.pools.get(r.id)),
    E("Pools.remove", lambda w, p: _f(w.a.s.pools.remove, w.a.s.pools.create(w.a.event.id, "X" + w.a.fresh(), size=1).id),
      [ident("pool_id", "pool", 0, aliases=("pool",))]),
    E("Pools.get", lambda w, p: _f(w.a.s.pools.get, w.a.pool.id), [ident("pool_id", "pool", 0, aliases=("pool",))],
      mutates=False),
    E("Pools.list", lambda w, p: _f(w.a.s.pools.list, w.a.event.id), [ident("event_id", "event", 0, aliases=("event",))],
      mutates=False),
    # Seat maps
    E("SeatMaps.create", lambda w, p: _f(w.a.s.seatmaps.create, w.a.event.id, "Map " + w.a.fresh()),
      [ident("event_id", "event", 0, aliases=("event",)), name_p("name", 1)],
      reget=lambda w, r: w.a.s.seatmaps.get(r.id)),
    E("SeatMaps.add_seats", lambda w, p: _f(w.a.s.seatmaps.add_seats, w.a.seatmap.id,
                                             [NewSeat("Stalls", "B", w.a.fresh(), "B")]),
      [ident("seatmap_id", "seatmap", 0, aliases=("seat map",)),
       P("seats", new_seats_family, 1, ("seat", "section", "row", "number", "label", "specification"))],
      reget=lambda w, r: w.a.s.seatmaps.seat(w.a.seatmap.id, r[0].id)),
    E("SeatMaps.add_volume", lambda w, p: _f(w.a.s.seatmaps.add_volume, w.a.seatmap.id, "Zone " + w.a.fresh(),
                                              capacity=10), [
        ident("seatmap_id", "seatmap", 0, aliases=("seat map",)), name_p("name", 1),
        P("capacity", lambda: int_family(odd=ANY), aliases=("capacity",)),
        id_list("ticket_type_ids", "spec", aliases=("specification", "ticket type")),
    ], reget=lambda w, r: w.a.s.seatmaps.volume(w.a.seatmap.id, r.id)),
    E("SeatMaps.get", lambda w, p: _f(w.a.s.seatmaps.get, w.a.seatmap.id),
      [ident("seatmap_id", "seatmap", 0, aliases=("seat map",))], mutates=False),
    E("SeatMaps.list", lambda w, p: _f(w.a.s.seatmaps.list, w.a.event.id),
      [ident("event_id", "event", 0, aliases=("event",))], mutates=False),
    E("SeatMaps.seats", lambda w, p: _f(w.a.s.seatmaps.seats, w.a.seatmap.id), [
        ident("seatmap_id", "seatmap", 0, aliases=("seat map",)),
        P("first", first_family, aliases=("first",)),
        P("after", lambda: text_family(optional=True, odd=ANY), aliases=("cursor", "after"))], mutates=False),
    E("SeatMaps.seat", lambda w, p: _f(w.a.s.seatmaps.seat, w.a.seatmap.id, w.a.seat.id), [
        ident("seatmap_id", "seatmap", 0, aliases=("seat map",)), P("seat_id", id_family, 1, ("seat",))],
      mutates=False),
    E("SeatMaps.volumes", lambda w, p: _f(w.a.s.seatmaps.volumes, w.a.seatmap.id),
      [ident("seatmap_id", "seatmap", 0, aliases=("seat map",))], mutates=False),
    E("SeatMaps.volume", lambda w, p: _f(w.a.s.seatmaps.volume, w.a.seatmap.id, w.a.volume.id), [
        ident("seatmap_id", "seatmap", 0, aliases=("seat map",)), P("volume_id", id_family, 1, ("volume",))],
      mutates=False),
    E("NewSeat", lambda w, p: _f(NewSeat, "Stalls", "A", "1", "A-1"), [
        text("section", 0), text("row", 1), text("number", 2), text("label", 3),
        text_list("ticket_type_ids", aliases=("ticket type",))], mutates=False),
    # Orders
    E("Orders.place", _place, [
        ident("event_id", "event", 0, aliases=("event",)), obj("buyer"),
        P("items", items_family, aliases=("item", "quantity", "specification", "order")),
        P("promo_code", lambda: text_family(optional=True, odd=ANY), aliases=("promo code",)),
        text("comment"), text("payment_gateway", aliases=("payment gateway", "gateway")),
        idempotency_key(),
    ], reget=lambda w, r: w.a.s.orders.get(r.id)),
    E("Orders.confirm_payment", _confirm, [
        ident("order_id", "order", 0, aliases=("order",)),
        required_text("payment_ref", "payment_ref_required", ("payment reference",)),
        required_text("gateway", "gateway_required", ("payment gateway",)),
        money_or_int("amount", aliases=("payment",)), idempotency_key(),
    ], reget=lambda w, r: w.a.s.orders.get(r.id)),
    E("Orders.cancel", lambda w, p: _f(w.a.s.orders.cancel, w.a.place().id),
      [ident("order_id", "order", 0, aliases=("order",)), idempotency_key()],
      reget=lambda w, r: w.a.s.orders.get(r.id)),
    E("Orders.expire_due", lambda w, p: _f(w.a.s.orders.expire_due),
      [P("now", lambda: dt_family(optional=True, odd=ANY), aliases=("now", "expire_due"))]),
    E("Orders.get", lambda w, p: _f(w.a.s.orders.get, w.a.order.id), [ident("order_id", "order", 0, aliases=("order",))],
      mutates=False),
    E("Orders.list", lambda w, p: _f(w.a.s.orders.list, w.a.event.id), [
        ident("event_id", "event", 0, aliases=("event",)), enum_p("state", list(OrderState), EventState.DRAFT, optional=True),
        P("first", first_family, aliases=("first",)),
        P("after", lambda: text_family(optional=True, odd=ANY), aliases=("cursor", "after"))], mutates=False),
    # Tickets
    E("Tickets.comp", lambda w, p: _f(w.a.s.tickets.comp, w.a.event.id, w.a.spec.id, holders=[("pat@example.com", "Pat Lee")]), [
        ident("event_id", "event", 0, aliases=("event",)), ident("specification_id", "spec", 1, aliases=("specification",)),
        P("holders", holders_family, aliases=("holder", "e-mail", "email", "name", "comp", "tickets per call")),
        text("note"), idempotency_key(),
    ], reget=lambda w, r: w.a.s.tickets.get(r[0].id)),
    E("Tickets.pre_generate", lambda w, p: _f(w.a.s.tickets.pre_generate, w.a.event.id, w.a.spec.id, quantity=1), [
        ident("event_id", "event", 0, aliases=("event",)), ident("specification_id", "spec", 1, aliases=("specification",)),
        P("quantity", lambda: int_family(odd=ANY), aliases=("quantity", "tickets per call")), idempotency_key(),
    ], reget=lambda w, r: w.a.s.tickets.get(r[0].id)),
    E("Tickets.activate", _activate, [
        ident("ticket_id", "ticket", 0, aliases=("ticket",)),
        email_p("holder_email"),
        P("holder_name", lambda: text_family(extra=_wrap(WHITESPACE_NAMES, code("name_required"), "blank-")),
          aliases=("name",)),
        money_or_int("amount", aliases=("payment",)),
        required_text("method", "payment_method_required", ("payment method",)),
        text("reference"), idempotency_key(),
    ], reget=lambda w, r: w.a.s.tickets.get(r.id)),
    E("Tickets.transfer", _transfer, [
        ident("ticket_id", "ticket", 0, aliases=("ticket",)),
        P("to_name", lambda: text_family(extra=_wrap(WHITESPACE_NAMES, code("name_required"), "blank-")), aliases=("name",)),
        email_p("to_email"), idempotency_key(),
    ], reget=lambda w, r: w.a.s.tickets.get(r.id)),
    E("Tickets.cancel", _cancel_ticket, [ident("ticket_id", "ticket", 0, aliases=("ticket",)), idempotency_key()],
      reget=lambda w, r: w.a.s.tickets.get(r.id)),
    E("Tickets.cancel_order", _cancel_order, [ident("order_id", "order", 0, aliases=("order",)), idempotency_key()],
      reget=lambda w, r: w.a.s.tickets.get(r[0].id)),
    E("Tickets.revocations", lambda w, p: _f(w.a.s.tickets.revocations, w.a.event.id), [
        ident("event_id", "event", 0, aliases=("event",)),
        P("first", first_family, aliases=("first",)),
        P("after", lambda: text_family(optional=True, odd=ANY), aliases=("cursor", "after"))], mutates=False),
    E("Tickets.get", lambda w, p: _f(w.a.s.tickets.get, w.a.ticket.id), [ident("ticket_id", "ticket", 0, aliases=("ticket",))],
      mutates=False),
    E("Tickets.qr", lambda w, p: _f(w.a.s.tickets.qr, w.a.ticket.id), [ident("ticket_id", "ticket", 0, aliases=("ticket",))],
      mutates=False),
    E("Tickets.list", lambda w, p: _f(w.a.s.tickets.list, w.a.event.id), [
        ident("event_id", "event", 0, aliases=("event",)), ident("order_id", "order", None, optional=True, aliases=("order",)),
        P("first", first_family, aliases=("first",)),
        P("after", lambda: text_family(optional=True, odd=ANY), aliases=("cursor", "after"))], mutates=False),
    E("Tickets.holders", lambda w, p: _f(w.a.s.tickets.holders, w.a.event.id), [
        ident("event_id", "event", 0, aliases=("event",)),
        P("first", first_family, aliases=("first",)),
        P("after", lambda: text_family(optional=True, odd=ANY), aliases=("cursor", "after")),
        enum_p("order_state", list(OrderState), EventState.DRAFT, optional=True)], mutates=False),
    E("Tickets.mine", _mine, [
        P("user_id", lambda: text_family(optional=True, extra=_wrap([("empty", ""), ("space", " ")],
                                                                     code("user_id_required"))), aliases=("user id",)),
        P("email", lambda: text_family(optional=True), aliases=("e-mail", "email")),
        P("first", first_family, aliases=("first",)),
        P("after", lambda: text_family(optional=True, odd=ANY), aliases=("cursor", "after"))], mutates=False),
    # Refunds
    E("Refunds.start", _refund_start, [
        ident("ticket_id", "ticket", None, optional=True, aliases=("ticket",)),
        ident("order_id", "order", None, optional=True, aliases=("order",)),
        money_or_int("amount", optional=True, aliases=("refund", "refundable")),
        boolean("allow_redeemed"), text("note"), idempotency_key(),
    ], reget=lambda w, r: w.a.s.refunds.get(r.id)),
    E("Refunds.complete", lambda w, p: _f(w.a.s.refunds.complete, w.a.started_refund().id), [
        ident("refund_id", "refund", 0, aliases=("refund",)),
        P("gateway_reference", lambda: text_family(optional=True, extra=_wrap(WHITESPACE_ONLY + [("empty", "")],
                                                                              code("invalid_gateway_reference"), "blank-")),
          aliases=("gateway reference", "gateway_reference")),
        idempotency_key(),
    ], reget=lambda w, r: w.a.s.refunds.get(r.id)),
    E("Refunds.fail", lambda w, p: _f(w.a.s.refunds.fail, w.a.started_refund().id, reason="declined"), [
        ident("refund_id", "refund", 0, aliases=("refund",)),
        P("reason", lambda: text_family(extra=_wrap(WHITESPACE_ONLY + [("empty", "")], code("refund_reason_required"),
                                                    "blank-")), aliases=("reason",)),
        idempotency_key(),
    ], reget=lambda w, r: w.a.s.refunds.get(r.id)),
    E("Refunds.get", lambda w, p: _f(w.a.s.refunds.get, w.a.refund.id), [ident("refund_id", "refund", 0, aliases=("refund",))],
      mutates=False),
    E("Refunds.activity", lambda w, p: _f(w.a.s.refunds.activity, w.a.event.id), [
        ident("event_id", "event", 0, aliases=("event",)),
        P("first", first_family, aliases=("first",)),
        P("after", lambda: text_family(optional=True, odd=ANY), aliases=("cursor", "after"))], mutates=False),
    # Reports: sales, orders and refunds
    E("Reports.sales_per_specification", lambda w, p: _f(w.a.s.reports.sales_per_specification, w.a.event.id),
      [ident("event_id", "event", 0, aliases=("event",))], mutates=False),
    E("Reports.orders", lambda w, p: _f(w.a.s.reports.orders, w.a.event.id), [
        ident("event_id", "event", 0, aliases=("event",)), enum_p("state", list(OrderState), EventState.DRAFT, optional=True),
        P("first", report_first_family, aliases=("first",)),
        P("after", lambda: text_family(optional=True, odd=ANY), aliases=("cursor", "after"))], mutates=False),
    E("Reports.order_totals", lambda w, p: _f(w.a.s.reports.order_totals, w.a.event.id),
      [ident("event_id", "event", 0, aliases=("event",))], mutates=False),
    E("Reports.ticket_holders", lambda w, p: _f(w.a.s.reports.ticket_holders, w.a.event.id), [
        ident("event_id", "event", 0, aliases=("event",)),
        enum_p("order_state", list(OrderState), EventState.DRAFT, optional=True),
        P("first", report_first_family, aliases=("first",)),
        P("after", lambda: text_family(optional=True, odd=ANY), aliases=("cursor", "after"))], mutates=False),
    E("Reports.refund_activity", lambda w, p: _f(w.a.s.reports.refund_activity, w.a.event.id), [
        ident("event_id", "event", 0, aliases=("event",)),
        P("first", report_first_family, aliases=("first",)),
        P("after", lambda: text_family(optional=True, odd=ANY), aliases=("cursor", "after"))], mutates=False),
    # Box-office sales
    E("Sales.create", lambda w, p: _f(w.a.s.sales.create), [idempotency_key()],
      reget=lambda w, r: w.a.s.sales.get(r.id)),
    E("Sales.set_item_quantity", lambda w, p: _f(w.a.s.sales.set_item_quantity, w.a.s.sales.create().id,
                                                 [(w.a.spec.id, 1)]), [
        ident("sale_id", "sale", 0, aliases=("sale",)),
        P("items", sale_items_family, 1, aliases=("item", "quantity", "ticket type")),
    ], reget=lambda w, r: w.a.s.sales.get(r.id)),
    E("Sales.add_seat", lambda w, p: _sale_seat(w), [
        ident("sale_id", "sale", 0, aliases=("sale",)),
        ident("seatmap_id", "seatmap", None, aliases=("seat map", "seatmap")),
        P("seat_id", lambda: id_family(), aliases=("seat",)),
        ident("ticket_type_id", "spec", None, aliases=("ticket", "specification")),
    ], reget=lambda w, r: w.a.s.sales.get(r.id)),
    E("Sales.set_volume_quantities", lambda w, p: _f(w.a.s.sales.set_volume_quantities, w.a.s.sales.create().id,
                                                     seatmap_id=w.a.seatmap.id, volume_id=w.a.volume.id,
                                                     quantities={w.a.spec.id: 1}), [
        ident("sale_id", "sale", 0, aliases=("sale",)),
        ident("seatmap_id", "seatmap", None, aliases=("seat map", "seatmap")),
        P("volume_id", lambda: id_family(), aliases=("volume",)),
        P("quantities", lambda: [f for f in sale_items_family() if f[0] not in ("draft-event",)],
          aliases=("item", "quantit", "ticket type")),
    ], reget=lambda w, r: w.a.s.sales.get(r.id)),
    E("Sales.set_product_quantity", lambda w, p: _f(w.a.s.sales.set_product_quantity, w.a.s.sales.create().id,
                                                    {w.a.product.id: 1}), [
        ident("sale_id", "sale", 0, aliases=("sale",)),
        P("products", lambda: _product_quantities_family(), 1, aliases=("item", "quantit", "product")),
    ], reget=lambda w, r: w.a.s.sales.get(r.id)),
    E("Sales.apply_discount", lambda w, p: _sale_discount(w, p), [
        ident("sale_id", "sale", 0, aliases=("sale",)),
        P("promo_code", lambda: text_family(optional=True, odd=ANY), aliases=("promo code", "promo_code")),
        P("percent_off", lambda: int_family(optional=True, odd=ANY), aliases=("percent_off",)),
        money_or_int("amount_off", optional=True, aliases=("amount_off",)),
        P("reason", lambda: text_family(odd=ANY, extra=_wrap(WHITESPACE_ONLY + [("empty", "")],
                                                              code("discount_reason_required"), "blank-")),
          aliases=("reason",)),
    ], reget=lambda w, r: w.a.s.sales.get(r.id)),
    E("Sales.remove_item", lambda w, p: _sale_remove(w), [
        ident("sale_id", "sale", 0, aliases=("sale",)),
        P("item_id", lambda: id_family(), 1, aliases=("item",)),
    ], reget=lambda w, r: w.a.s.sales.get(r.id)),
    E("Sales.apply_customer_data", lambda w, p: _f(w.a.s.sales.apply_customer_data, w.a.s.sales.create().id,
                                                   {"first_name": "Jane"}), [
        ident("sale_id", "sale", 0, aliases=("sale",)),
        P("data", customer_data_family, 1, aliases=("data", "customer data")),
    ], reget=lambda w, r: w.a.s.sales.get(r.id)),
    E("Sales.complete", lambda w, p: _f(w.a.s.sales.complete, w.a.open_sale().id, SalePaymentType.CASH), [
        ident("sale_id", "sale", 0, aliases=("sale",)),
        enum_p("payment_type", list(SalePaymentType), EventState.DRAFT, pos=1),
        idempotency_key(),
    ], reget=lambda w, r: w.a.s.sales.get(r.id)),
    E("Sales.set_payment_type", lambda w, p: _sale_link(w), [
        ident("sale_id", "sale", 0, aliases=("sale",)),
        enum_p("payment_type", list(SalePaymentType), EventState.DRAFT, pos=1),
    ], reget=lambda w, r: w.a.s.sales.get(r.id)),
    E("Sales.confirm_payment_link", lambda w, p: _sale_confirm(w), [
        ident("sale_id", "sale", 0, aliases=("sale",)),
        P("payment_ref", lambda: text_family(extra=_wrap(WHITESPACE_ONLY + [("empty", "")],
                                                         code("payment_ref_required"), "blank-")),
          aliases=("payment_ref", "payment reference")),
        money_or_int("amount", aliases=("amount", "sale total")),
        idempotency_key(),
    ], reget=lambda w, r: w.a.s.sales.get(r.id)),
    E("Sales.cancel_payment_link", lambda w, p: _f(w.a.s.sales.cancel_payment_link, w.a.linked_sale().id), [
        ident("sale_id", "sale", 0, aliases=("sale",)),
    ], reget=lambda w, r: w.a.s.sales.get(r.id)),
    E("Sales.initiate_pos_payment", lambda w, p: _f(w.a.s.sales.initiate_pos_payment, w.a.open_sale().id,
                                                    w.a.reader.id), [
        ident("sale_id", "sale", 0, aliases=("sale",)),
        ident("reader_id", "reader", 1, aliases=("reader", "POS reader")),
    ], reget=lambda w, r: w.a.s.sales.get(r.sale_id)),
    E("Sales.capture_pos_payment", lambda w, p: _f(w.a.s.sales.capture_pos_payment, *_pos_ids(w)), [
        ident("sale_id", "sale", 0, aliases=("sale",)),
        P("payment_id", lambda: id_family(), 1, aliases=("payment", "POS payment")),
    ], reget=lambda w, r: w.a.s.sales.get(r.sale.id)),
    E("Sales.cancel_pos_payment", lambda w, p: _f(w.a.s.sales.cancel_pos_payment, *_pos_ids(w)), [
        ident("sale_id", "sale", 0, aliases=("sale",)),
        P("payment_id", lambda: id_family(), 1, aliases=("payment", "POS payment")),
    ], reget=lambda w, r: w.a.s.sales.get(r.sale.id)),
    E("Sales.cancel", lambda w, p: _f(w.a.s.sales.cancel, w.a.open_sale().id), [
        ident("sale_id", "sale", 0, aliases=("sale",)), idempotency_key(),
    ], reget=lambda w, r: w.a.s.sales.get(r.id)),
    E("Sales.expire_due", lambda w, p: _f(w.a.s.sales.expire_due), [instant("now", 0, optional=True)]),
    E("SaleItem.name", lambda w, p: _f(w.a.open_sale().items[0].name, "da-DK"),
      [P("locale", lambda: text_family(odd=ANY), 0, aliases=("locale",))], mutates=False),
    E("Sales.get", lambda w, p: _f(w.a.s.sales.get, w.a.sale.id), [ident("sale_id", "sale", 0, aliases=("sale",))],
      mutates=False),
    E("Sales.list", lambda w, p: _f(w.a.s.sales.list), [
        P("first", first_family, aliases=("first",)),
        P("after", lambda: text_family(optional=True, odd=ANY), aliases=("cursor", "after")),
        P("states", lambda: _wrap([("str", "OPEN"), ("int", 1), ("list-str", ["OPEN"]), ("list-int", [1])], TYPE),
          aliases=("states",)),
        P("search", lambda: text_family(optional=True, odd=ANY), aliases=("search",)),
        instant("created_from", optional=True), instant("created_to", optional=True),
        P("creator_id", lambda: text_family(optional=True, odd=ANY), aliases=("creator",)),
        enum_p("payment_type", list(SalePaymentType), EventState.DRAFT, optional=True),
        P("event_id", lambda: text_family(optional=True, odd=ANY), aliases=("event",)),
    ], mutates=False),
    E("Organizations.set_box_office_fee", lambda w, p: _f(w.a.s.organizations.set_box_office_fee, w.a.org.id,
                                                         fee=500), [
        ident("organization_id", "org", 0, aliases=("organization",)),
        money_or_int("fee", aliases=("fee",)),
        P("vat_rate", lambda: int_family(odd=ANY), aliases=("vat_rate",)),
    ], reget=lambda w, r: w.a.s.organizations.get(r.id)),
    E("Organizations.set_customer_form", lambda w, p: _f(w.a.s.organizations.set_customer_form, w.a.org.id, None), [
        ident("organization_id", "org", 0, aliases=("organization",)),
        P("fields", customer_form_family, pos=1, aliases=("customer form", "fields")),
    ], reget=lambda w, r: w.a.s.organizations.get(r.id)),
    E("refund_with_gateway", _refund_with_gateway, [
        obj("store", 0), obj("gateway", 1),
        P("idempotency_key", lambda: text_family(extra=[("empty", const(""), code("invalid_idempotency_key"))]),
          aliases=("idempotency key",)),
        ident("ticket_id", "ticket", None, optional=True, aliases=("ticket",)),
        ident("order_id", "order", None, optional=True, aliases=("order",)),
        money_or_int("amount", optional=True, aliases=("refund", "refundable")),
        boolean("allow_redeemed"), text("note"),
    ], reget=lambda w, r: w.a.s.refunds.get(r.id)),
    E("RefundResult", lambda w, p: _f(ticketcore.RefundResult, True, "re_1"), [
        P("succeeded", lambda: _wrap(WRONG_BOOL + [("none", None)], TYPE) + [("True", const(True), ANY)], 0),
        python_text("reference", 1, optional=True), python_text("reason", 2, optional=True),
    ], mutates=False),
    E("RefundResult.success", lambda w, p: _f(ticketcore.RefundResult.success, "re_1"),
      [python_text("reference", 0, optional=True)], mutates=False),
    E("RefundResult.failure", lambda w, p: _f(ticketcore.RefundResult.failure, "declined"),
      [python_text("reason", 0)], mutates=False),
    # Promo codes
    E("PromoCodes.create", _promo, [
        ident("event_id", "event", 0, aliases=("event",)), promo_p("code", 1),
        integer("percent_off", optional=True), money_or_int("amount_off", optional=True),
        integer("usage_limit", optional=True, aliases=("usage limit",)),
        instant("valid_from", optional=True), instant("valid_until", optional=True),
        id_list("specification_ids", "spec", aliases=("specification",)),
        id_list("unlocks", "spec", aliases=("specification", "unlock")),
    ], reget=lambda w, r: w.a.s.promo_codes.get(r.id)),
    E("PromoCodes.get", lambda w, p: _f(w.a.s.promo_codes.get, w.a.promo.id),
      [ident("promo_code_id", "promo", 0, aliases=("promo code",))], mutates=False),
    E("PromoCodes.list", lambda w, p: _f(w.a.s.promo_codes.list, w.a.event.id), [
        ident("event_id", "event", 0, aliases=("event",)),
        P("first", first_family, aliases=("first",)),
        P("after", lambda: text_family(optional=True, odd=ANY), aliases=("cursor", "after"))], mutates=False),
    # Door
    E("Door.add_board_member", lambda w, p: _f(w.a.s.door.add_board_member, "Kim", email="kim@example.com",
                                                phone_number="+45 1"), [
        name_p("name", 0), email_p("email"),
        required_text("phone_number", "phone_number_required", ("phone number",)), idempotency_key(),
    ]),
    E("Door.board_members", lambda w, p: _f(w.a.s.door.board_members), [
        P("first", first_family, aliases=("first",)),
        P("after", lambda: text_family(optional=True, odd=ANY), aliases=("cursor", "after"))], mutates=False),
    E("Door.add_external_inspector", lambda w, p: _f(w.a.s.door.add_external_inspector, w.a.event.id, name="Jo",
                                                      email="jo@example.com", phone_number="1"), [
        ident("event_id", "event", 0, aliases=("event",)), name_p("name", None), email_p("email"),
        required_text("phone_number", "phone_number_required", ("phone number",)), idempotency_key(),
    ], reget=lambda w, r: w.a.s.door.get_inspector(r.id)),
    E("Door.add_board_member_inspector", lambda w, p: _f(w.a.s.door.add_board_member_inspector, w.a.event.id,
                                                          _new_member(w)), [
        ident("event_id", "event", 0, aliases=("event",)),
        ident("board_member_id", "member", 1, aliases=("board member",)), idempotency_key(),
    ], reget=lambda w, r: w.a.s.door.get_inspector(r.id)),
    E("Door.remove_inspector", lambda w, p: _f(w.a.s.door.remove_inspector, _new_inspector(w)),
      [ident("inspector_id", "inspector", 0, aliases=("inspector",))]),
    E("Door.get_inspector", lambda w, p: _f(w.a.s.door.get_inspector, w.a.inspector.id),
      [ident("inspector_id", "inspector", 0, aliases=("inspector",))], mutates=False),
    E("Door.ticket_inspectors", lambda w, p: _f(w.a.s.door.ticket_inspectors, w.a.event.id), [
        ident("event_id", "event", 0, aliases=("event",)),
        P("first", first_family, aliases=("first",)),
        P("after", lambda: text_family(optional=True, odd=ANY), aliases=("cursor", "after"))], mutates=False),
    E("Door.validate", lambda w, p: _f(w.a.s.door.validate, w.a.ticket.id), [
        text("payload", 0), scan_point_p(optional=True), instant("at", optional=True)], mutates=False),
    E("Door.validate_many", lambda w, p: _f(w.a.s.door.validate_many, [w.a.ticket.id]), [
        P("payloads", lambda: text_list_family(False), 0, ("payloads", "scans")), scan_point_p(optional=True),
        instant("at", optional=True)], mutates=False),
    E("Door.redeem", _redeem, [
        text("payload_or_ticket_id", 0), ident("inspector_id", "inspector", None, aliases=("inspector",)),
        scan_point_p(),
        P("nonce", lambda: text_family(extra=_wrap(WHITESPACE_ONLY + [("empty", "")], code("invalid_nonce"), "blank-"))),
        direction_p(), instant("at", optional=True)]),
    E("Door.redeem_many", lambda w, p: _f(w.a.s.door.redeem_many, [_scan_request(w)]),
      [P("scans", scans_family, 0, ("scans", "scan"))]),
    E("Door.scans", lambda w, p: _f(w.a.s.door.scans, w.a.event.id), [
        ident("event_id", "event", 0, aliases=("event",)),
        P("first", first_family, aliases=("first",)),
        P("after", lambda: text_family(optional=True, odd=ANY), aliases=("cursor", "after"))], mutates=False),
    E("Door.export_scanner", lambda w, p: _f(w.a.s.door.export_scanner, w.a.event.id), [
        ident("event_id", "event", 0, aliases=("event",)), boolean("include_tickets")], mutates=False),
    E("Door.import_scans", lambda w, p: _f(w.a.s.door.import_scans, [_offline_scan(w)]),
      [P("scans", import_scans_family, 0, ("scans", "scan"))]),
    E("Door.attendance", lambda w, p: _f(w.a.s.door.attendance, w.a.event.id), [
        ident("event_id", "event", 0, aliases=("event",)),
        P("first", first_family, aliases=("first",)),
        P("after", lambda: text_family(optional=True, odd=ANY), aliases=("cursor", "after"))], mutates=False),
    # Reports: attendance, sales over time and the box office
    *[E(f"Reports.{name}", lambda w, p, name=name: _f(getattr(w.a.s.reports, name), w.a.event.id), [
        ident("event_id", "event", 0, aliases=("event",)),
        P("first", report_first_family, aliases=("first",)),
        P("after", lambda: text_family(optional=True, odd=ANY), aliases=("cursor", "after"))], mutates=False)
      for name in ("attendance", "scan_conflicts", "open_sales")],
    *[E(f"Reports.{name}", lambda w, p, name=name: _f(getattr(w.a.s.reports, name), w.a.event.id), [
        ident("event_id", "event", 0, aliases=("event",))], mutates=False)
      for name in ("entries_per_hour", "entries_per_scan_point", "inside", "box_office")],
    E("Reports.sales_over_time", lambda w, p: _f(w.a.s.reports.sales_over_time, w.a.event.id), [
        ident("event_id", "event", 0, aliases=("event",)),
        P("bucket", lambda: text_family(odd=code("invalid_report_bucket"), extra=[
            ("hour", const("hour"), OK), ("day", const("day"), OK),
            ("upper", const("HOUR"), code("invalid_report_bucket")), ("week", const("week"), code("invalid_report_bucket")),
            ("empty", const(""), code("invalid_report_bucket"))]), aliases=("bucket",))], mutates=False),
    E("OfflineScanner", lambda w, p: _f(OfflineScanner, _export(w)),
      [P("export_json", export_json_family, 0, ("export", "export_json"))], mutates=False),
    E("OfflineScanner.validate", lambda w, p: _f(_scanner(w).validate, w.a.ticket.id), [
        text("payload", 0), scan_point_p(optional=True), instant("at", optional=True)], mutates=False),
    E("OfflineScanner.redeem", _offline_redeem, [
        text("payload_or_ticket_id", 0),
        P("inspector_id", lambda: text_family(extra=_wrap(WHITESPACE_ONLY + [("empty", "")],
                                                         code("inspector_id_required"), "blank-")),
          aliases=("inspector",)),
        scan_point_p(),
        P("nonce", lambda: text_family(extra=_wrap(WHITESPACE_ONLY + [("empty", "")], code("invalid_nonce"), "blank-"))),
        direction_p(), instant("at", optional=True)], mutates=False),
    E("OfflineScanner.scans_json", lambda w, p: _f(_scanner(w).scans_json), [], mutates=False),
    E("OfflineScan", lambda w, p: _f(OfflineScan, "t", nonce="n", inspector_id="i", scan_point="main", at=START), [
        text("ticket", 0), text("nonce"), text("inspector_id"), text("scan_point"), instant("at"), direction_p(),
        enum_p("refusal", list(DoorRefusal), EventState.DRAFT, optional=True)], mutates=False),
    E("ScanRequest", lambda w, p: _f(ScanRequest, "t", inspector_id="i", scan_point="main", nonce="n"), [
        text("ticket", 0), text("inspector_id"), text("scan_point"), text("nonce"), direction_p(),
        instant("at", optional=True)], mutates=False),
    E("door_refusal_message", lambda w, p: _f(ticketcore.door_refusal_message, DoorRefusal.FORGED),
      [enum_p("refusal", list(DoorRefusal), EventState.DRAFT, pos=0)], mutates=False),
    # Staff users and POS readers
    E("Staff.add_user", lambda w, p: _f(w.a.s.staff.add_user, "u" + w.a.fresh(), "Sam"), [
        user_id_p(0, lookup=False), name_p("name", 1),
        ident("pos_reader_id", "reader", None, optional=True, aliases=("reader",)), idempotency_key(),
    ], reget=lambda w, r: w.a.s.staff.user(r.id)),
    E("Staff.rename_user", lambda w, p: _f(w.a.s.staff.rename_user, w.a.user.id, "Sam " + w.a.fresh()),
      [user_id_p(0), name_p("name", 1)], reget=lambda w, r: w.a.s.staff.user(r.id)),
    E("Staff.assign_pos_reader", lambda w, p: _f(w.a.s.staff.assign_pos_reader, _new_user(w), _new_reader(w)), [
        user_id_p(0), ident("reader_id", "reader", 1, optional=True, aliases=("reader",))],
      reget=lambda w, r: w.a.s.staff.user(r.id)),
    E("Staff.user", lambda w, p: _f(w.a.s.staff.user, w.a.user.id), [user_id_p(0)], mutates=False),
    E("Staff.users", lambda w, p: _f(w.a.s.staff.users), [
        P("first", first_family, aliases=("first",)),
        P("after", lambda: text_family(optional=True, odd=ANY), aliases=("cursor", "after"))], mutates=False),
    E("Staff.add_pos_reader", lambda w, p: _f(w.a.s.staff.add_pos_reader, "Till " + w.a.fresh()), [
        P("label", lambda: text_family(extra=_wrap(WHITESPACE_NAMES, code("label_required"), "blank-")), 0),
        enum_p("status", list(ticketcore.PosReaderStatus), EventState.DRAFT), idempotency_key(),
    ], reget=lambda w, r: w.a.s.staff.pos_reader(r.id)),
    E("Staff.set_pos_reader_status", lambda w, p: _f(w.a.s.staff.set_pos_reader_status, _new_reader(w),
                                                     ticketcore.PosReaderStatus.INACTIVE), [
        ident("reader_id", "reader", 0, aliases=("reader",)),
        enum_p("status", list(ticketcore.PosReaderStatus), EventState.DRAFT, pos=1)],
      reget=lambda w, r: w.a.s.staff.pos_reader(r.id)),
    E("Staff.rename_pos_reader", lambda w, p: _f(w.a.s.staff.rename_pos_reader, _new_reader(w),
                                                 "Till " + w.a.fresh()), [
        ident("reader_id", "reader", 0, aliases=("reader",)),
        P("label", lambda: text_family(extra=_wrap(WHITESPACE_NAMES, code("label_required"), "blank-")), 1)],
      reget=lambda w, r: w.a.s.staff.pos_reader(r.id)),
    E("Staff.pos_reader", lambda w, p: _f(w.a.s.staff.pos_reader, w.a.reader.id),
      [ident("reader_id", "reader", 0, aliases=("reader",))], mutates=False),
    E("Staff.pos_readers", lambda w, p: _f(w.a.s.staff.pos_readers), [
        P("first", first_family, aliases=("first",)),
        P("after", lambda: text_family(optional=True, odd=ANY), aliases=("cursor", "after"))], mutates=False),
    # Products
    E("Products.create", lambda w, p: _f(w.a.s.products.create, "Product " + w.a.fresh(), price=4000), [
        name_p("name", 0), money_or_int("price"), P("names", names_family), text("description"),
        integer("vat_rate", aliases=("vat rate",)), integer("stock", optional=True), boolean("is_active"),
        idempotency_key(),
    ], reget=lambda w, r: w.a.s.products.get(r.id)),
    E("Products.update", lambda w, p: _f(w.a.s.products.update, w.a.product.id), [
        ident("product_id", "product", 0, aliases=("product",)),
        *_optional([name_p("name", None), P("names", names_family), text("description"), money_or_int("price"),
                    integer("vat_rate", aliases=("vat rate",))]),
    ], reget=lambda w, r: w.a.s.products.get(r.id)),
    E("Products.set_stock", lambda w, p: _f(w.a.s.products.set_stock, w.a.product.id, 1_000_000), [
        ident("product_id", "product", 0, aliases=("product",)), integer("stock", 1, optional=True),
    ], reget=lambda w, r: w.a.s.products.get(r.id)),
    E("Products.set_active", lambda w, p: _f(w.a.s.products.set_active, w.a.product.id, True), [
        ident("product_id", "product", 0, aliases=("product",)), boolean("active", 1),
    ], reget=lambda w, r: w.a.s.products.get(r.id)),
    E("Products.get", lambda w, p: _f(w.a.s.products.get, w.a.product.id),
      [ident("product_id", "product", 0, aliases=("product",))], mutates=False),
    E("Products.list", lambda w, p: _f(w.a.s.products.list), [
        P("first", first_family, aliases=("first",)),
        P("after", lambda: text_family(optional=True, odd=ANY), aliases=("cursor", "after"))], mutates=False),
    E("Product.name_for", lambda w, p: _f(w.a.s.products.get(w.a.product.id).name_for, "da-DK"),
      [text("locale", 0)], mutates=False),
    # Outbox
    E("Outbox.pending", lambda w, p: _f(w.a.s.outbox.pending),
      [P("limit", limit_family)], mutates=False),
    E("Outbox.acknowledge", lambda w, p: _f(w.a.s.outbox.acknowledge, 1),
      [P("sequence", lambda: int_family(odd=ANY), 0)]),
]

ENTRIES = {e.name: e for e in TABLE}


# --- evaluating one call against the contract ---------------------------------------------------


def _norm(s: str) -> str:
    return s.lower().replace("_", " ")


def _names_parameter(message: str, p: P) -> bool:
    m = _norm(message)
    return any(_norm(a) in m for a in (p.name, *p.aliases))


CONTROL = {chr(c) for c in list(range(0, 32)) + list(range(0x7F, 0xA0))}


def _check_message(e: BaseException) -> list[str]:
    out: list[str] = []
    try:
        s = str(e)
        repr(e)
        s.encode("utf-8")
    except BaseException as inner:  # noqa: BLE001
        return [f"message unprintable: {type(inner).__name__}: {inner}"]
    raw = sorted({c for c in s if c in CONTROL})
    if raw and isinstance(e, TicketcoreError):
        out.append(f"raw control characters {raw!r} in message {s!r}")
    if isinstance(e, TicketcoreError) and (not isinstance(e.code, str) or not e.code):
        out.append(f"empty .code on {type(e).__name__}: {s!r}")
    return out


def _public_attrs(x: Any) -> list[str]:
    return [n for n in dir(type(x)) if not n.startswith("_")]


def readback(x: Any, depth: int = 0) -> None:
    """Everything a snapshot offers must work: repr, hash, ==, pickle (all protocols), attributes."""
    if depth > 3:
        return
    if isinstance(x, (list, tuple)):
        for y in list(x)[:4]:
            readback(y, depth + 1)
        return
    if isinstance(x, dict):
        for k, v in list(x.items())[:4]:
            readback(k, depth + 1)
            readback(v, depth + 1)
        return
    if isinstance(x, datetime):
        x.isoformat()
        x.astimezone(timezone.utc)
        return
    if isinstance(x, str):
        x.encode("utf-8")
        return
    mod = type(x).__module__ or ""
    if not mod.startswith("ticketcore") or isinstance(x, enum.Enum):
        repr(x)
        return
    repr(x)
    str(x)
    if isinstance(x, ticketcore.Report):
        # A report is no value snapshot: its rows are read through the Arrow export; pickling it
        # is not supported (yet: see docs/reports.md).
        x.name, x.column_names, x.num_rows, len(x)  # noqa: B018
        return
    if isinstance(x, (ticketcore.Store, ManualClock)):
        if isinstance(x, ticketcore.Store):
            x.path, x.actor, x.now(), x.schema_version  # noqa: B018
        return
    if isinstance(x, ticketcore.Report):
        # A report is no value snapshot (no ==, hash or pickle): its shape and every cell read back.
        x.name, x.column_names, x.num_rows, x.has_next_page, x.end_cursor  # noqa: B018
        columns = _testing.report_cells(x)
        assert list(columns) == x.column_names and all(len(cells) == x.num_rows for cells in columns.values())
        return
    hash(x)
    if isinstance(x, (BuyerDetails, ScanRequest, OfflineScanner)):
        for n in _public_attrs(x):
            readback(getattr(x, n), depth + 1)
        return
    for proto in range(pickle.HIGHEST_PROTOCOL + 1):
        y = pickle.loads(pickle.dumps(x, proto))
        assert y == x, f"pickle protocol {proto} does not round-trip {x!r}"
        assert hash(y) == hash(x)
    for n in _public_attrs(x):
        v = getattr(x, n)
        if callable(v):
            continue
        readback(v, depth + 1)


def evaluate(w: World, e: E, p: P, label: str, make: Value, expect: tuple[str, ...]) -> str | None:
    """Runs one bad call; returns None when the contract holds, else what went wrong."""
    fn, args, kwargs = e.build(w, p.name)
    value = make(w)
    if p.pos is not None:
        while len(args) <= p.pos:
            args.append(None)
        args[p.pos] = value
    else:
        kwargs[p.name] = value
    before = w.state() if e.mutates else None
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    raised: BaseException | None = None
    result: Any = None
    try:
        result = fn(*args, **kwargs)
    except BaseException as exc:  # noqa: BLE001
        raised = exc
    elapsed = time.perf_counter() - t0
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss0) / 1024
    problems: list[str] = []
    if elapsed > e.bound:
        problems.append(f"took {elapsed:.2f} s (bound {e.bound} s)")
    if grown > 100 and e.name == "Money":
        problems.append(f"grew the process by {grown:.0f} MB")
    kind = expect[0]
    if raised is None:
        if kind not in ("any", "ok"):
            problems.append(f"accepted (expected {_describe(expect)}); returned {_short(result)}")
        try:
            readback(result)
            if e.reget is not None:
                readback(e.reget(w, result))
        except BaseException as exc:  # noqa: BLE001
            problems.append(f"accepted, then does not read back: {type(exc).__name__}: {_short_exc(exc)}")
        if e.mutates:
            try:
                w.acknowledge_all()
            except BaseException as exc:  # noqa: BLE001
                problems.append(f"acknowledging after it failed: {type(exc).__name__}: {_short_exc(exc)}")
    else:
        exc = raised
        desc = f"{type(exc).__name__}({getattr(exc, 'code', '')}): {_short_exc(exc)}"
        is_type = isinstance(exc, TypeError) and not isinstance(exc, TicketcoreError)
        if not (is_type or isinstance(exc, TicketcoreError)):
            problems.append(f"raised a foreign exception {desc}")
        else:
            problems += _check_message(exc)
            msg = _safe_str(exc)
            if kind == "type":
                if not is_type:
                    problems.append(f"expected TypeError naming '{p.name}', got {desc}")
                elif not (p.name in msg or _names_parameter(msg, p)):
                    problems.append(f"TypeError does not name '{p.name}': {desc}")
            elif kind == "code":
                if not isinstance(exc, ValidationError) or exc.code not in expect[1:]:
                    problems.append(f"expected ValidationError({expect[1]}), got {desc}")
                elif not _names_parameter(msg, p):
                    problems.append(f"message does not name '{p.name}': {desc}")
            elif kind == "val":
                if not isinstance(exc, ValidationError):
                    problems.append(f"expected a ValidationError, got {desc}")
                elif not _names_parameter(msg, p):
                    problems.append(f"message does not name '{p.name}': {desc}")
            elif kind == "notfound":
                v = make(w)
                ok = isinstance(exc, NotFoundError) or (v == "" and isinstance(exc, ValidationError))
                # An organization's actor sees only its own organization: any other id, existing or
                # not, is refused without saying which (so ids of other tenants cannot be probed).
                ok = ok or (p.entity == "org" and isinstance(exc, PermissionDeniedError))
                if not ok:
                    problems.append(f"expected NotFoundError, got {desc}")
                elif isinstance(v, str) and "\x01" in v and "\\x01" not in msg:
                    problems.append(f"control character not shown escaped: {msg!r}")
            elif kind == "perm":
                if not isinstance(exc, PermissionDeniedError):
                    problems.append(f"expected PermissionDeniedError, got {desc}")
            elif kind == "ok":
                problems.append(f"expected success, got {desc}")
            elif kind == "any" and is_type:
                problems.append(f"TypeError for a value of the right type: {desc}")
        if e.mutates and before is not None:
            try:
                after = w.state()
                if after != before:
                    problems.append(f"failed call changed state: {_short(before)} -> {_short(after)}")
            except BaseException as exc2:  # noqa: BLE001
                problems.append(f"state unreadable after the call: {type(exc2).__name__}: {_short_exc(exc2)}")
    if problems:
        return "; ".join(problems)
    return None


def _describe(expect: tuple[str, ...]) -> str:
    return {"type": "TypeError", "notfound": "NotFoundError", "val": "ValidationError", "perm": "PermissionDeniedError"}.get(
        expect[0], f"ValidationError({' or '.join(expect[1:])})")


def _safe_str(e: BaseException) -> str:
    try:
        return str(e)
    except BaseException:  # noqa: BLE001
        return "<unprintable>"


def _short_exc(e: BaseException) -> str:
    return _short(_safe_str(e))


def _short(x: Any) -> str:
    try:
        s = x if isinstance(x, str) else repr(x)
    except BaseException as exc:  # noqa: BLE001
        s = f"<repr raised {type(exc).__name__}>"
    s = s.encode("utf-8", "backslashreplace").decode("utf-8")
    return s if len(s) <= 160 else s[:150] + f"...({len(s)} chars)"


# --- the cases ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    entry: str
    param: str
    label: str


def _tenant_family(p: P) -> Family:
    ent = p.entity
    assert ent is not None

    def other(w: World) -> Any:
        b = w.b
        ids = {"event": b.event.id, "spec": b.spec.id, "pool": b.pool.id, "order": b.order.id, "ticket": b.ticket.id,
               "promo": b.promo.id, "org": b.org.id, "refund": b.refund.id, "inspector": b.inspector.id,
               "member": b.member.id, "sale": b.sale.id, "reader": b.reader.id, "product": b.product.id,
               "seatmap": b.seatmap.id}
        v = ids[ent]
        return [v] if p.name in ("specification_ids", "unlocks", "ticket_type_ids") else v

    return [("other-organization", other, PERM)]


_FAMILIES: dict[tuple[str, str], Family] = {}


def families(e: E, p: P) -> Family:
    key = (e.name, p.name)
    if key in _FAMILIES:
        return _FAMILIES[key]
    fam = p.family()
    if p.entity is not None:
        fam = fam + _tenant_family(p)
    _FAMILIES[key] = fam
    return fam


_CASES: list[Case] = []


def all_cases() -> list[Case]:
    if _CASES:
        return _CASES
    out = _CASES
    for e in TABLE:
        for p in e.params:
            for label, _, _ in families(e, p):
                out.append(Case(e.name, p.name, label))
    # tenant crossing in items of an order
    out.append(Case("Orders.place", "items", "other-organization-spec"))
    return out


def run_case(w: World, c: Case) -> str | None:
    e = ENTRIES[c.entry]
    p = next(q for q in e.params if q.name == c.param)
    if c.label == "other-organization-spec":
        return evaluate(w, e, p, c.label, lambda w: [(w.b.spec.id, 1)], PERM)
    fam = {lab: (mk, ex) for lab, mk, ex in families(e, p)}
    mk, ex = fam[c.label]
    return evaluate(w, e, p, c.label, mk, ex)


def worker(start: int) -> None:
    """Runs the cases from ``start`` on, printing one JSON line per case (B before, R after)."""
    # An address-space cap turns a runaway allocation into a MemoryError instead of swapping; not
    # under AddressSanitizer (scripts/asan-pytest), whose shadow memory needs terabytes of it.
    if not os.environ.get("TICKETCORE_SANITIZED"):
        try:
            resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
        except (ValueError, OSError):
            pass
    cases = all_cases()
    out = sys.stdout
    try:
        w = World()
    except BaseException:  # noqa: BLE001
        out.write(json.dumps({"fatal": traceback.format_exc()}) + "\n")
        out.flush()
        return
    for i in range(start, len(cases)):
        out.write(json.dumps({"b": i}) + "\n")
        out.flush()
        t0 = time.perf_counter()
        try:
            res = run_case(w, cases[i])
        except BaseException as exc:  # noqa: BLE001 - a failure of the harness or of building valid arguments
            res = f"harness: {type(exc).__name__}: {_short_exc(exc)}"
        out.write(json.dumps({"r": i, "fail": res, "t": round(time.perf_counter() - t0, 4)}) + "\n")
        out.flush()
    out.write(json.dumps({"done": True}) + "\n")
    out.flush()


def run_all(location: str) -> dict[int, str | None]:
    """Runs every case in worker processes on ``location``; a crash or a hang fails that case and
    the next worker goes on after it."""
    cases = all_cases()
    results: dict[int, str | None] = {}
    timings: dict[int, float] = {}
    started = time.perf_counter()
    start = 0
    tmp = tempfile.mkdtemp(prefix="hostile-")
    while start < len(cases):
        errfile = open(os.path.join(tmp, f"stderr-{start}.txt"), "w+")  # noqa: SIM115
        proc = subprocess.Popen([sys.executable, os.path.abspath(__file__), "--worker", str(start)], cwd=tmp,
                                stdout=subprocess.PIPE, stderr=errfile, text=True,
                                env={**os.environ, LOCATION_ENV: location,
                                     "PYTHONPATH": HERE + os.pathsep + os.environ.get("PYTHONPATH", "")})
        lines: queue.Queue[str | None] = queue.Queue()

        def pump(stream: Any = proc.stdout) -> None:
            for line in stream:
                lines.put(line)
            lines.put(None)

        pumper = threading.Thread(target=pump, daemon=True)
        pumper.start()
        current: int | None = None
        next_start: int | None = None
        while True:
            try:
                line = lines.get(timeout=HANG_TIMEOUT if current is not None else 60)
            except queue.Empty:
                proc.kill()
                proc.wait()
                if current is None:
                    raise RuntimeError("hostile worker did not start")
                results[current] = f"HANG: no answer within {HANG_TIMEOUT} s (worker killed)"
                next_start = current + 1
                break
            if line is None:
                rc = proc.wait()
                errfile.seek(0)
                err = errfile.read()
                if current is None:
                    next_start = len(cases)
                    for j in range(start, len(cases)):
                        results.setdefault(j, f"worker exited (rc {rc}) before this case: {err[-500:]}")
                    break
                tail = " | ".join(err.strip().splitlines()[-3:])
                results[current] = f"CRASH: worker exited with return code {rc}: {tail[-300:]}"
                next_start = current + 1
                break
            msg = json.loads(line)
            if "fatal" in msg:
                raise RuntimeError("hostile world could not be built: " + msg["fatal"])
            if "b" in msg:
                current = msg["b"]
            elif "r" in msg:
                results[msg["r"]] = msg["fail"]
                timings[msg["r"]] = msg["t"]
                current = None
            elif "done" in msg:
                proc.wait()
                next_start = len(cases)
                break
        errfile.close()
        pumper.join(timeout=10)
        if proc.stdout is not None:
            proc.stdout.close()
        start = next_start if next_start is not None else len(cases)
    dump = os.environ.get("HOSTILE_RESULTS")
    if dump:
        with open(dump, "w") as f:
            json.dump({"seconds": time.perf_counter() - started,
                       "cases": [{"entry": c.entry, "param": c.param, "label": c.label, "fail": results.get(i),
                                  "t": timings.get(i)} for i, c in enumerate(cases)]}, f, indent=0)
    return results


# Per engine: the first test of an engine runs every case on its location (a PostgreSQL schema
# is dropped after that test, when its results are all in).
_RESULTS: dict[str, dict[int, str | None]] = {}


def _results(engine: str, location: str) -> dict[int, str | None]:
    if engine not in _RESULTS:
        _RESULTS[engine] = run_all(location)
    return _RESULTS[engine]


PAIRS = sorted({(c.entry, c.param) for c in all_cases()}, key=lambda x: (x[0], x[1]))


@pytest.mark.parametrize(("entry", "param"), PAIRS, ids=[f"{a}-{b}" for a, b in PAIRS])
def test_hostile_values(entry: str, param: str, engine: str, location: str) -> None:
    results = _results(engine, location)
    cases = all_cases()
    failures = [f"  {cases[i].label}: {results.get(i)}" for i in range(len(cases))
                if cases[i].entry == entry and cases[i].param == param and results.get(i) is not None]
    if failures:
        pytest.fail(f"{entry}({param}) broke the contract for {len(failures)} value(s):\n" + "\n".join(failures),
                    pytrace=False)


# --- the table covers the public API -------------------------------------------------------------

_BASE_ATTRS = set(dir(object)) | set(dir(BaseException)) | set(dir(enum.Enum)) | {"name", "value"}


def public_callables() -> set[str]:
    """Every public callable of ticketcore.__all__: functions, constructors, methods."""
    out: set[str] = set()
    for name in ticketcore.__all__:
        obj_ = getattr(ticketcore, name)
        if inspect.isclass(obj_):
            # A typing.Protocol (RefundGateway) describes what the integrator implements: nothing
            # of ticketcore's to call.
            if issubclass(obj_, BaseException) or issubclass(obj_, enum.Enum) or getattr(obj_, "_is_protocol", False):
                continue
            init = obj_.__dict__.get("__init__")
            if init is not None and type(init).__name__ != "wrapper_descriptor":  # a slot wrapper: no constructor
                out.add(name)
            for attr in dir(obj_):
                if attr.startswith("_") or attr in _BASE_ATTRS and not attr in obj_.__dict__:
                    continue
                if attr == "to_json":  # every snapshot's, given once for all with the dunders: no parameters
                    continue
                raw = inspect.getattr_static(obj_, attr)
                if isinstance(raw, property) or type(raw).__name__ in ("property", "pybind11_static_property"):
                    continue
                if callable(raw) or isinstance(raw, (staticmethod, classmethod)):
                    out.add(f"{name}.{attr}")
        elif callable(obj_):
            out.add(name)
    return out


def test_every_public_callable_is_in_the_table() -> None:
    missing = public_callables() - set(ENTRIES)
    assert not missing, (
        "public callables missing from test_hostile.TABLE (add each with its parameters' kinds): "
        + ", ".join(sorted(missing)))


def test_every_parameter_is_in_the_table() -> None:
    """A parameter added to a callable must be added to its table entry too."""
    problems = []
    for e in TABLE:
        if "[" in e.name:
            continue
        target = _resolve(e.name)
        if target is None:
            continue
        names = _signature_names(target)
        if names is None:
            continue
        listed = {p.name for p in e.params}
        missing = [n for n in names if n not in listed]
        if missing:
            problems.append(f"{e.name}: {missing}")
    assert not problems, "parameters missing from the table: " + "; ".join(problems)


def _resolve(name: str) -> Any:
    parts = name.split(".")
    obj_: Any = getattr(ticketcore, parts[0], None)
    for part in parts[1:]:
        obj_ = getattr(obj_, part, None)
    return obj_


def _signature_names(fn: Any) -> list[str] | None:
    if inspect.isclass(fn):
        fn = fn.__init__
    try:
        sig = inspect.signature(fn)
        return [n for n in sig.parameters if n not in ("self", "args", "kwargs")]
    except (TypeError, ValueError):
        pass
    doc = getattr(fn, "__doc__", None) or ""
    first = doc.strip().splitlines()[0] if doc.strip() else ""
    if "(" not in first:
        return None
    inner = first[first.index("(") + 1: first.rindex(")")] if ")" in first else ""
    names = []
    depth = 0
    token = ""
    for ch in inner + ",":
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        if ch == "," and depth == 0:
            t = token.strip()
            token = ""
            if not t or t in ("*", "/"):
                continue
            n = t.split(":")[0].split("=")[0].strip()
            if n and n != "self" and not n.startswith("*"):
                names.append(n)
        else:
            token += ch
    return names


# --- hypothesis: generated text and ints through a handful of parameters -----------------------

_HWORLD: list[World] = []


def _hworld() -> World:
    if not _HWORLD:
        _HWORLD.append(World())
    return _HWORLD[0]


def _hypothesis_checks() -> dict[str, Callable[[], None]]:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    config = settings(max_examples=60, deadline=None, database=None, derandomize=True,
                      suppress_health_check=list(HealthCheck))
    every = ["Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No", "Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po",
             "Sm", "Sc", "Sk", "So", "Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Co", "Cn"]
    chars = (st.characters(codec=None, categories=every) | st.characters(categories=["Cs"])  # lone surrogates
             | st.characters(max_codepoint=0x20) | st.sampled_from(["\u200b", "\u3000", "\u00a0", "\u0085", "é"]))
    texts = st.text(chars, max_size=30) | st.sampled_from(
        ["\x00", "\ud800", "a\udfff", "\u200b", "\u3000", " ", "", "a\x01b", "é" * 65])
    ints = st.integers() | st.sampled_from([2**63, -(2**63) - 1, 2**63 - 1, -(2**63), 10**5000, 0, -1])

    def invariant(call: Callable[[], Any], value: Any, param: str, *, name_rule: bool = False) -> None:
        bad_text = isinstance(value, str) and ("\x00" in value or any(0xD800 <= ord(c) <= 0xDFFF for c in value))
        big = isinstance(value, int) and not -(2**63) <= value < 2**63
        try:
            result = call()
        except TicketcoreError as e:
            problems = _check_message(e)
            assert not problems, problems
            if bad_text:
                assert isinstance(e, ValidationError) and e.code == "invalid_text", f"{param}={value!r}: {e.code}: {e}"
            elif big:
                assert isinstance(e, ValidationError) and e.code == "number_out_of_range", f"{param}={value!r}: {e.code}"
            elif name_rule and (value.strip() == "" or value in ("\u200b", "\u3000")):
                assert e.code == "name_required", f"{param}={value!r}: {e.code}"
            if isinstance(e, ValidationError) and e.code in ("invalid_text", "number_out_of_range", "text_too_long"):
                assert _names_parameter(str(e), P(param, list, aliases=(param,))), f"{param}: {e}"
        except BaseException as e:  # noqa: BLE001
            raise AssertionError(f"{param}={_short(value)}: foreign {type(e).__name__}: {_short_exc(e)}") from None
        else:
            assert not bad_text, f"{param}={value!r} accepted"
            assert not big, f"{param}={value!r} accepted"
            if name_rule:
                assert value.strip() != "" and value not in ("\u200b", "\u3000"), f"blank {param}={value!r} accepted"
            readback(result)

    @config
    @given(texts)
    def event_name(value: str) -> None:
        w = _hworld()
        invariant(lambda: w.a.s.events.create(value, time_zone=CPH), value, "name", name_rule=True)

    @config
    @given(texts)
    def order_comment(value: str) -> None:
        w = _hworld()
        invariant(lambda: w.a.s.orders.place(w.a.event.id, buyer=BuyerDetails("A", "a@example.com"),
                                             items=[(w.a.spec.id, 1)], comment=value), value, "comment")

    @config
    @given(texts)
    def specification_id(value: str) -> None:
        w = _hworld()
        invariant(lambda: w.a.s.specifications.get(value), value, "specification_id")

    @config
    @given(texts)
    def money_currency(value: str) -> None:
        invariant(lambda: Money.zero(value), value, "currency")

    @config
    @given(texts)
    def buyer_email(value: str) -> None:
        w = _hworld()
        invariant(lambda: w.a.s.orders.place(w.a.event.id, buyer=BuyerDetails("A", value), items=[(w.a.spec.id, 1)]),
                  value, "email")

    @config
    @given(texts)
    def promo_code(value: str) -> None:
        w = _hworld()
        invariant(lambda: w.a.s.promo_codes.create(w.a.draft.id, value + w.a.fresh(), percent_off=100), value, "code")

    @config
    @given(ints)
    def money_minor(value: int) -> None:
        invariant(lambda: Money.from_minor(value, "DKK"), value, "minor")

    @config
    @given(ints)
    def spec_capacity(value: int) -> None:
        w = _hworld()
        invariant(lambda: w.a.s.specifications.add(w.a.draft_with_room().id, "H" + w.a.fresh(), capacity=value), value, "capacity")

    @config
    @given(ints)
    def outbox_limit(value: int) -> None:
        w = _hworld()
        invariant(lambda: w.a.s.outbox.pending(limit=value), value, "limit")

    @config
    @given(ints)
    def pool_size(value: int) -> None:
        w = _hworld()
        invariant(lambda: w.a.s.pools.resize(w.a.pool.id, value), value, "size")

    return {f.__name__: f for f in (event_name, order_comment, specification_id, money_currency, buyer_email,
                                      promo_code, money_minor, spec_capacity, outbox_limit, pool_size)}


HYPOTHESIS_CHECKS = ["event_name", "order_comment", "specification_id", "money_currency", "buyer_email", "promo_code",
                     "money_minor", "spec_capacity", "outbox_limit", "pool_size"]


def hypothesis_worker() -> None:
    out: dict[str, str | None] = {}
    for name, check in _hypothesis_checks().items():
        try:
            check()
            out[name] = None
        except BaseException as exc:  # noqa: BLE001
            subs = list(exc.exceptions) if isinstance(exc, BaseExceptionGroup) else [exc]
            out[name] = " || ".join(f"{type(x).__name__}: {_short(_safe_str(x))}" for x in subs)
        print(json.dumps({"check": name, "fail": out[name]}), flush=True)


_HRESULTS_BY_ENGINE: dict[str, dict[str, str | None]] = {}


def _hypothesis_results(engine: str, location: str) -> dict[str, str | None]:
    if engine not in _HRESULTS_BY_ENGINE:
        _HRESULTS = _HRESULTS_BY_ENGINE[engine] = {}
        tmp = tempfile.mkdtemp(prefix="hostile-hyp-")
        try:
            done = subprocess.run([sys.executable, os.path.abspath(__file__), "--hypothesis", "x"], cwd=tmp,
                                  capture_output=True, text=True, timeout=120,
                                  env={**os.environ, LOCATION_ENV: location,
                                       "PYTHONPATH": HERE + os.pathsep + os.environ.get("PYTHONPATH", "")})
            for line in done.stdout.splitlines():
                if line.startswith("{"):
                    msg = json.loads(line)
                    _HRESULTS[msg["check"]] = msg["fail"]
            for name in HYPOTHESIS_CHECKS:
                if name not in _HRESULTS:
                    _HRESULTS[name] = (f"CRASH: the hypothesis worker exited with {done.returncode} before this check: "
                                       + " | ".join(done.stderr.strip().splitlines()[-3:]))
        except subprocess.TimeoutExpired:
            for name in HYPOTHESIS_CHECKS:
                _HRESULTS.setdefault(name, "HANG: the hypothesis worker took more than 120 s")
    return _HRESULTS_BY_ENGINE[engine]


@pytest.mark.parametrize("check", HYPOTHESIS_CHECKS)
def test_hypothesis_invariants(check: str, engine: str, location: str) -> None:
    failure = _hypothesis_results(engine, location)[check]
    if failure is not None:
        pytest.fail(f"{check}: {failure}", pytrace=False)


if __name__ == "__main__" and len(sys.argv) >= 3 and sys.argv[1] == "--hypothesis":
    hypothesis_worker()


if __name__ == "__main__" and len(sys.argv) >= 3 and sys.argv[1] == "--worker":
    worker(int(sys.argv[2]))
