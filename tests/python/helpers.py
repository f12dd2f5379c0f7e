"""Typed helpers shared by the pytest suite: stores, organizations, events, times and claims.

Checked by ``python3 -m mypy`` (strict) together with the package itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import ticketcore
from ticketcore import (
    Actor,
    AuditEntry,
    BuyerDetails,
    BuyOrder,
    Event,
    EventTicket,
    ManualClock,
    Money,
    Organization,
    OutboxEvent,
    Pool,
    Product,
    PromoCode,
    RoundingMode,
    Sale,
    Store,
    TicketcoreError,
    TicketSpecification,
)
from ticketcore._core import _testing

COPENHAGEN = "Europe/Copenhagen"
CPH = ZoneInfo(COPENHAGEN)
ORG_SCOPES: frozenset[str] = frozenset({"events:read", "events:write"})
#: An integration that also sells: places, pays and cancels orders and activates door tickets.
SHOP_SCOPES: frozenset[str] = ORG_SCOPES | {"orders", "sales"}
#: How long a pending order holds its tickets when the store sets nothing.
DEFAULT_ORDER_HOLD = timedelta(minutes=15)
#: Where the ManualClock of every test store starts.
CLOCK_START = datetime(2027, 1, 1, 12, 0, tzinfo=timezone.utc)


# --- aware datetimes -------------------------------------------------------------------------


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0, micro: int = 0) -> datetime:
    """An aware UTC datetime."""
    return datetime(year, month, day, hour, minute, second, micro, tzinfo=timezone.utc)


def cph(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """An aware datetime on the wall clock of Copenhagen."""
    return datetime(year, month, day, hour, minute, tzinfo=CPH)


def is_aware_utc(value: datetime) -> bool:
    """True when ``value`` is aware and its offset is zero (UTC)."""
    return value.tzinfo is not None and value.utcoffset() == timedelta(0)


# --- stores ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class World:
    """One store seen as the platform operator and as an organization's editor."""

    platform: Store
    store: Store
    organization: Organization
    clock: ManualClock

    @property
    def organization_id(self) -> str:
        return self.organization.id


def org_actor(organization_id: str, scopes: Iterable[str] = ORG_SCOPES, actor_id: str = "anna") -> Actor:
    """An actor of ``organization_id`` holding ``scopes``."""
    return Actor(actor_id, organization_id, set(scopes))


def open_world(
    path: str = ":memory:",
    *,
    currency: str = "DKK",
    rounding: RoundingMode = RoundingMode.HALF_UP,
    clock: ManualClock | None = None,
    organization_name: str = "Copenhagen Jazz Club",
    order_hold: timedelta | None = None,
) -> World:
    """Opens ``path`` with a ManualClock (and ``order_hold`` when given), creates an organization
    through ``Actor.platform`` and returns the store acting as one of its actors with events:read
    and events:write."""
    clock = clock if clock is not None else ManualClock(CLOCK_START)
    platform = ticketcore.open(path, actor=Actor.platform("ops"), clock=clock, order_hold=order_hold)
    organization = platform.organizations.create(organization_name, currency=currency, rounding=rounding)
    store = platform.acting_as(org_actor(organization.id))
    return World(platform=platform, store=store, organization=organization, clock=clock)


def other_organization(
    world: World, name: str = "Aarhus Rock", currency: str = "DKK", scopes: Iterable[str] = ORG_SCOPES
) -> Store:
    """A second organization in the same database, with its own actor (events:read/write by default)."""
    organization = world.platform.organizations.create(name, currency=currency)
    return world.platform.acting_as(org_actor(organization.id, scopes, actor_id="bob"))


# --- events and specifications ---------------------------------------------------------------


def make_event(
    store: Store,
    *,
    dates: int = 1,
    published: bool = False,
    name: str = "Summer Jazz Nights",
    first_start: datetime | None = None,
    **options: Any,
) -> Event:
    """An event in Europe/Copenhagen with ``dates`` evening dates a day apart (19:00-23:00 local),
    published when asked (which needs at least one date)."""
    event = store.events.create(name, time_zone=COPENHAGEN, **options)
    start = first_start if first_start is not None else cph(2027, 7, 2, 19)
    for day in range(dates):
        begin = start + timedelta(days=day)
        store.events.add_date(event.id, begin, begin + timedelta(hours=4))
    if published:
        store.events.publish(event.id)
    return store.events.get(event.id)


def add_spec(
    store: Store, event_id: str, name: str = "Member ticket", *, price: Money | int = 25000, **options: Any
) -> TicketSpecification:
    """A ticket specification (default 250.00 in the event's currency)."""
    return store.specifications.add(event_id, name, price=price, **options)


def claim(store: Store, specification_id: str, quantity: int = 1, *, sold: bool = True) -> str:
    """Takes ``quantity`` tickets of a specification through the test hook; returns the claim id."""
    return str(_testing.claim(store, specification_id, quantity, sold=sold))


def corrupt_sold_counter(store: Store, specification_id: str, delta: int) -> None:
    """Moves a stored sold counter away from the ledger (test hook)."""
    _testing.corrupt_sold_counter(store, specification_id, delta)


# --- observing state -------------------------------------------------------------------------


def audit_rows(store: Store) -> list[AuditEntry]:
    """Every audit row the store's actor may read, oldest first."""
    return store.audit(limit=1000)


def audit_operations(store: Store, after: int = 0) -> list[str]:
    """Operation names of the audit rows after sequence ``after``."""
    return [entry.operation for entry in store.audit(after=after, limit=1000)]


def last_sequence(store: Store) -> int:
    """The newest audit sequence the actor can see (0 when none)."""
    rows = audit_rows(store)
    return rows[-1].sequence if rows else 0


@dataclass(frozen=True)
class Snapshot:
    """Everything an organization's actor can see: used to assert that a failed call changed nothing."""

    organization: Organization
    events: tuple[Event, ...]
    specifications: tuple[TicketSpecification, ...]
    pools: tuple[Pool, ...]
    products: tuple[Product, ...]
    audit: tuple[AuditEntry, ...]


def snapshot(store: Store) -> Snapshot:
    """The visible state of the store's organization (needs events:read)."""
    organization_id = store.actor.organization_id
    assert organization_id is not None
    events = tuple(ticketcore.every(store.events.list))
    specifications: list[TicketSpecification] = []
    pools: list[Pool] = []
    for event in events:
        specifications.extend(store.specifications.list(event.id))
        pools.extend(store.pools.list(event.id))
    return Snapshot(
        organization=store.organizations.get(organization_id),
        events=events,
        specifications=tuple(specifications),
        pools=tuple(pools),
        products=tuple(ticketcore.every(store.products.list)),
        audit=tuple(audit_rows(store)),
    )


# --- processes -------------------------------------------------------------------------------


def claim_in_process(path: str, organization_id: str, specification_id: str, attempts: int) -> tuple[int, int]:
    """Runs in a spawned process: opens ``path`` itself and claims one ticket ``attempts`` times.
    Returns (claims that succeeded, claims refused with CapacityError); any other error propagates."""
    store = ticketcore.open(path, actor=org_actor(organization_id, actor_id="worker"))
    taken = refused = 0
    for _ in range(attempts):
        try:
            _testing.claim(store, specification_id, 1, sold=True)
        except ticketcore.CapacityError:
            refused += 1
        else:
            taken += 1
    return taken, refused


#: What a caller of a race got: ("order", the order) or ("error", class name, code, message).
Outcome = tuple[Any, ...]


def _outcome(call: Callable[[], BuyOrder]) -> Outcome:
    try:
        return ("order", call())
    except TicketcoreError as error:
        return ("error", type(error).__name__, error.code, str(error))


def _worker_store(path: str, organization_id: str, now: datetime) -> Store:
    """The store a spawned process opens itself: a shop actor, on a ManualClock at ``now`` (the
    clock of the test's own store, so that both see the same orders as pending)."""
    return ticketcore.open(path, actor=org_actor(organization_id, SHOP_SCOPES, actor_id="worker"),
                           clock=ManualClock(now))


def place_in_process(
    path: str, organization_id: str, now: datetime, start: Any, event_id: str, items: list[tuple[str, int]], key: str
) -> Outcome:
    """Runs in a spawned process: opens ``path`` itself, waits at the barrier ``start`` for the
    other callers, then places an order for Alex Reyes with the idempotency key ``key``."""
    store = _worker_store(path, organization_id, now)
    start.wait(timeout=60)
    return _outcome(lambda: store.orders.place(event_id, buyer=buyer(), items=items, idempotency_key=key))


def confirm_in_process(
    path: str, organization_id: str, now: datetime, start: Any, order_id: str, payment_ref: str, amount: int, key: str
) -> Outcome:
    """Runs in a spawned process: opens ``path`` itself, waits at the barrier ``start`` for the
    other callers, then confirms the payment ``payment_ref`` of ``order_id`` with the key ``key``."""
    store = _worker_store(path, organization_id, now)
    start.wait(timeout=60)
    return _outcome(lambda: store.orders.confirm_payment(
        order_id, payment_ref=payment_ref, gateway="stripe", amount=amount, idempotency_key=key))


def add_specs_in_process(path: str, organization_id: str, event_id: str, prefix: str, count: int) -> list[str]:
    """Runs in a spawned process: adds ``count`` specifications and returns their ids."""
    store = ticketcore.open(path, actor=org_actor(organization_id, actor_id="worker"))
    return [store.specifications.add(event_id, f"{prefix} {index}", price=0).id for index in range(count)]


# --- orders, tickets, promo codes and the outbox ---------------------------------------------


def dkk(minor: int) -> Money:
    """``minor`` øre as Money."""
    return Money.from_minor(minor, "DKK")


def shop_store(world: World, scopes: Iterable[str] = SHOP_SCOPES, actor_id: str = "shop") -> Store:
    """The world's store acting for its organization with ``scopes`` (events:read/write, orders, sales)."""
    return world.platform.acting_as(org_actor(world.organization_id, scopes, actor_id=actor_id))


def buyer(name: str = "Alex Reyes", email: str | None = None, **options: Any) -> BuyerDetails:
    """Guest buyer details; the e-mail defaults to the first name in lower case @example.com."""
    address = email if email is not None else name.split()[0].lower() + "@example.com"
    return BuyerDetails(name, address, **options)


def spec_on_sale(
    store: Store, event_id: str, name: str = "Member ticket", *, price: Money | int = 25000, **options: Any
) -> TicketSpecification:
    """A specification added and activated (on sale as far as the spec is concerned)."""
    spec = add_spec(store, event_id, name, price=price, **options)
    return store.specifications.set_active(spec.id, True)


def place(
    store: Store,
    event_id: str,
    items: list[tuple[str, int]],
    *,
    who: BuyerDetails | None = None,
    **options: Any,
) -> BuyOrder:
    """Places an order for ``who`` (default: Alex Reyes, a guest)."""
    return store.orders.place(event_id, buyer=who if who is not None else buyer(), items=items, **options)


def pay(store: Store, order: BuyOrder, reference: str = "pi_1", gateway: str = "stripe") -> BuyOrder:
    """Confirms the payment of ``order``'s full total."""
    return store.orders.confirm_payment(order.id, payment_ref=reference, gateway=gateway, amount=order.total)


def counts(store: Store, specification_id: str) -> tuple[int, int, int | None]:
    """(sold, reserved, available) of a specification, read now."""
    spec = store.specifications.get(specification_id)
    return spec.number_of_tickets_sold, spec.number_of_tickets_reserved, spec.available


def pool_counts(store: Store, pool_id: str) -> tuple[int, int, int]:
    """(sold, reserved, available) of a pool, read now."""
    pool = store.pools.get(pool_id)
    return pool.sold, pool.reserved, pool.available


def outbox_topics(store: Store) -> list[str]:
    """Topics of the organization's unacknowledged outbox events, oldest first."""
    return [event.topic for event in store.outbox.pending(limit=1000)]


@dataclass(frozen=True)
class SalesSnapshot:
    """The catalogue snapshot plus orders, tickets, promo codes and the outbox: a failed order,
    payment, comp or activation must leave all of it as it was."""

    catalogue: Snapshot
    orders: tuple[BuyOrder, ...]
    tickets: tuple[EventTicket, ...]
    promo_codes: tuple[PromoCode, ...]
    outbox: tuple[OutboxEvent, ...]
    box_office: tuple[Sale, ...] = ()


def sales_snapshot(store: Store) -> SalesSnapshot:
    """Everything the store's organization can see (needs events:read)."""
    catalogue = snapshot(store)
    orders: list[BuyOrder] = []
    tickets: list[EventTicket] = []
    codes: list[PromoCode] = []
    for event in catalogue.events:
        orders.extend(ticketcore.every(store.orders.list, event.id))
        tickets.extend(ticketcore.every(store.tickets.list, event.id))
        codes.extend(ticketcore.every(store.promo_codes.list, event.id))
    return SalesSnapshot(
        catalogue=catalogue,
        orders=tuple(orders),
        tickets=tuple(tickets),
        promo_codes=tuple(codes),
        outbox=tuple(store.outbox.pending(limit=1000)),
        box_office=_box_office_sales(store),
    )


def _box_office_sales(store: Store) -> tuple[Sale, ...]:
    """Every box-office sale of the organization, in creation order (none without a scope that
    reads them)."""
    if not ({"sales", "events:read"} & store.actor.scopes):
        return ()
    sales: list[Sale] = []
    after: str | None = None
    while True:
        page = store.sales.list(first=50, after=after)
        sales.extend(page.nodes)
        if not page.has_next_page:
            return tuple(sales)
        after = page.end_cursor


def plan_problems(plans: list[tuple[str, list[str]]], tables: tuple[str, ...]) -> list[tuple[str, str]]:
    """The plan lines (with their SQL) that read a whole table of ``tables`` (SQLite's ``SCAN``,
    PostgreSQL's ``Seq Scan``, at any depth of the plan), and those that sort what a page query
    (one with a ``LIMIT``) reads instead of walking an index in order (SQLite's ``TEMP B-TREE``,
    PostgreSQL's ``Sort``): either makes a page cost in proportion to the table."""
    found = []
    for sql, lines in plans:
        for line in lines:
            text = line.strip()
            if text.startswith("->"):
                text = text[2:].strip()
            words = text.replace("Seq Scan on ", "SCAN ").split()
            if len(words) >= 2 and words[0] == "SCAN" and words[1] in tables:
                found.append((line, sql))
            elif " LIMIT " in sql and ("TEMP B-TREE" in text or words[:1] == ["Sort"] or words[:2] == ["Incremental", "Sort"]):
                found.append((line, sql))
    return found


def refused(
    store: Store, call: Callable[[], object], error: type[TicketcoreError], code: str, message: str | None = None
) -> TicketcoreError:
    """Runs ``call``, which must raise exactly ``error`` with ``code`` (and ``message`` when given),
    and checks that it changed nothing the organization can see. Returns the error."""
    before = sales_snapshot(store)
    try:
        call()
    except TicketcoreError as raised:
        assert type(raised) is error, f"{type(raised).__name__}({raised.code}): {raised}"
        assert raised.code == code, f"{raised.code}: {raised}"
        if message is not None:
            assert str(raised) == message
        after = sales_snapshot(store)
        assert after == before
        return raised
    raise AssertionError(f"{error.__name__}({code}) was not raised")
