"""A whole event day, generated through the public API: the data the reports, the demo, the
example notebook and the benchmarks read (docs/notebook.md).

:func:`simulate_event_day` opens a store (an embedded SQLite file or ``":memory:"`` by default, or
any location :func:`ticketcore.open` takes) on a :class:`ManualClock`, creates one organization
and one event, "Summer Jazz Nights" in Copenhagen on 2 July 2027, with five ticket specifications,
and plays, in the order of their instants:

- the **on-sale** from 1 May: many buyers place online orders (a rush at opening, a steady trickle,
  a last-week rise); most pay, some never do and their orders expire, and the last few are still
  pending when the day ends (the revenue still in flight);
- the **box office** (``store.sales``) on Saturdays and on the evening itself: three staff users
  sell by cash, card, POS terminal and payment link; one sale is withdrawn, one committed sale is
  canceled and refunded, one is left open, holding its tickets;
- **comps** for the crew and guests (``tickets.comp``);
- **refunds** of online tickets (``refunds.start`` then ``complete``; one fails, one is still in
  progress);
- **door tickets**, pre-generated the day before and activated at the door as walk-ups pay;
- the **door**: two inspectors at two scan points (``main-door``, ``side-door``) scan the holders in
  from 17:00 (``door.redeem_many``, 500 at a time); VIP holders go out and in again, a few
  refunded tickets are refused.

Everything random comes from ``random.Random(seed)``: the same seed and size give the same
buyers, instants, amounts and counts (the ids differ: they are UUIDv7). ``tickets`` sizes the
event: about that many tickets are issued (sold online or at the box office, comped, activated
at the door). Each step is one transaction of the store, as in production: 100,000 tickets took
94 s of CPU on an in-memory store (2026-12-07, a 2-core machine shared with builds: 345 s of wall
time), the process peaking at 740 MB (the in-memory database holds everything).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import ticketcore
from ticketcore import (
    Actor,
    BuyerDetails,
    ManualClock,
    Money,
    SalePaymentType,
    ScanDirection,
    ScanRequest,
    Store,
    TicketSpecification,
    Visibility,
)

__all__ = ["EventDay", "Progress", "simulate_event_day", "PHASES"]

#: Called as ``progress(phase, done, total)`` while a day is generated; ``phase`` is one of
#: :data:`PHASES`. ``done`` counts the phase's steps (orders, sales, tickets, scans).
Progress = Callable[[str, int, int], None]

#: The phases of :func:`simulate_event_day`, in order.
PHASES = ("set-up", "on-sale", "door")

TIME_ZONE = "Europe/Copenhagen"
COPENHAGEN = ZoneInfo(TIME_ZONE)
SET_UP = datetime(2027, 4, 20, 9, 0, tzinfo=COPENHAGEN)
ON_SALE = datetime(2027, 5, 1, 10, 0, tzinfo=COPENHAGEN)
DOORS_OPEN = datetime(2027, 7, 2, 17, 0, tzinfo=COPENHAGEN)
EVENT_START = datetime(2027, 7, 2, 19, 0, tzinfo=COPENHAGEN)
EVENT_END = datetime(2027, 7, 2, 23, 30, tzinfo=COPENHAGEN)
ONLINE_CLOSES = datetime(2027, 7, 2, 20, 0, tzinfo=COPENHAGEN)
SCAN_POINTS = ("main-door", "side-door")
SCOPES = {"events:read", "events:write", "orders", "sales", "scan", "refunds", "reports:read"}
STAFF = (("kim", "Kim Berger"), ("lee", "Lee Novak"), ("sam", "Sam Holm"))
BOX_OFFICE_PAYMENTS = (
    SalePaymentType.CASH,
    SalePaymentType.CARD,
    SalePaymentType.POS_TERMINAL,
    SalePaymentType.PAYMENT_LINK,
)
FIRST_NAMES = ("Alex", "Anna", "Bo", "Cleo", "Dina", "Emil", "Freja", "Gustav", "Hanne", "Ida", "Jonas",
               "Karla", "Lars", "Maja", "Niels", "Olivia", "Per", "Rasmus", "Sofie", "Tobias", "Ulla",
               "Viggo", "Yasmin", "Zeynep")
LAST_NAMES = ("Andersen", "Berg", "Christensen", "Dahl", "Eriksen", "Frost", "Holm", "Jensen", "Kjaer",
              "Larsen", "Madsen", "Nielsen", "Olsen", "Poulsen", "Rasmussen", "Schmidt", "Thomsen",
              "Vestergaard")


@dataclass
class EventDay:
    """What :func:`simulate_event_day` made: the store (acting as the organizer, with every scope
    the reports need), the event and what happened, counted."""

    store: Store
    platform: Store
    clock: ManualClock
    organization_id: str
    event_id: str
    specifications: dict[str, str]
    seed: int
    tickets: int
    #: counts by what happened: orders paid / pending / expired, box-office sales committed /
    #: canceled / withdrawn / open, tickets by channel, refunds by state, scans admitted / refused.
    counts: dict[str, int] = field(default_factory=dict)
    #: what was sold, as it happened: (instant, channel, tickets, revenue in minor units), the
    #: channel ``online``, ``box_office``, ``comp`` or ``door``; a refund or a canceled sale is a
    #: negative row. What the sales-over-time report answers from the store.
    sales_log: list[tuple[datetime, str, int, int]] = field(default_factory=list)
    #: the door, as it happened: (instant, +1 for an entry, -1 for an exit) of each admitted scan.
    #: What the entries-per-hour and inside reports answer from the store.
    door_log: list[tuple[datetime, int]] = field(default_factory=list)

    def count(self, name: str, step: int = 1) -> None:
        self.counts[name] = self.counts.get(name, 0) + step


@dataclass
class _Plan:
    """The sizes of each channel for ``tickets`` tickets."""

    online: int
    box_office: int
    comps: int
    door: int
    early_bird: int
    vip: int


def _plan(tickets: int) -> _Plan:
    comps = max(2, tickets * 3 // 100)
    door = max(2, tickets * 8 // 100)
    box_office = max(4, tickets * 12 // 100)
    online = max(10, tickets - comps - door - box_office)
    return _Plan(online=online, box_office=box_office, comps=comps, door=door,
                 early_bird=max(2, tickets * 15 // 100), vip=max(2, tickets * 6 // 100))


def _on_sale_instants(rng: random.Random, count: int) -> list[datetime]:
    """When the online orders come: a rush at opening, a steady trickle, a rise in the last week."""
    span = (ONLINE_CLOSES - ON_SALE).total_seconds()
    last_week = (ONLINE_CLOSES - timedelta(days=7) - ON_SALE).total_seconds()
    seconds: list[float] = []
    for _ in range(count):
        kind = rng.random()
        if kind < 0.30:
            offset = min(rng.expovariate(1 / 5400), span)      # the first hours
        elif kind < 0.75:
            offset = rng.uniform(0, span)
        else:
            offset = last_week + (span - last_week) * rng.random() ** 0.5   # rising to the day
        seconds.append(offset)
    seconds.sort()
    return [ON_SALE + timedelta(seconds=round(offset)) for offset in seconds]


def _box_office_instants(rng: random.Random, count: int) -> list[datetime]:
    """When the box-office sales are: Saturdays 11-15 and the evening itself 16:00-20:30."""
    windows: list[tuple[datetime, datetime]] = []
    day = ON_SALE.date()
    while day < DOORS_OPEN.date():
        if day.weekday() == 5:
            windows.append((datetime(day.year, day.month, day.day, 11, tzinfo=COPENHAGEN),
                            datetime(day.year, day.month, day.day, 15, tzinfo=COPENHAGEN)))
        day += timedelta(days=1)
    evening = (datetime(2027, 7, 2, 16, tzinfo=COPENHAGEN), datetime(2027, 7, 2, 20, 30, tzinfo=COPENHAGEN))
    instants = []
    for _ in range(count):
        start, end = evening if rng.random() < 0.4 else rng.choice(windows)
        instants.append(start + timedelta(seconds=rng.randrange(int((end - start).total_seconds()))))
    instants.sort()
    return instants


def _buyer(rng: random.Random, number: int) -> BuyerDetails:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    return BuyerDetails(f"{first} {last}", f"{first.lower()}.{last.lower()}.{number}@example.com")


def _order_size(rng: random.Random) -> int:
    return rng.choices((1, 2, 3, 4), weights=(25, 40, 15, 20))[0]


def _amount_due(spec: TicketSpecification) -> Money:
    """What a walk-up pays for a door ticket: the price with its fees."""
    return spec.price + spec.ticket_platform_fee + spec.percentage_fee_amount


def simulate_event_day(
    location: str = ":memory:",
    *,
    tickets: int = 10_000,
    seed: int = 0,
    progress: Progress | None = None,
    durability: str = "off",
) -> EventDay:
    """Generates an event day of about ``tickets`` tickets on a fresh store at ``location`` and
    returns it (see the module's documentation). ``durability`` is passed to
    :func:`ticketcore.open`: ``"off"`` by default, as the data is generated."""
    if isinstance(tickets, bool) or not isinstance(tickets, int) or not 20 <= tickets <= 10_000_000:
        raise ValueError("tickets must be an int from 20 to 10,000,000")
    rng = random.Random(seed)
    plan = _plan(tickets)
    report = progress if progress is not None else (lambda phase, done, total: None)

    # --- set-up ------------------------------------------------------------------------------
    report("set-up", 0, 1)
    clock = ManualClock(SET_UP.astimezone(timezone.utc))
    platform = ticketcore.open(location, actor=Actor.platform("ops@ticketcore"), clock=clock, durability=durability)
    organization = platform.organizations.create("Copenhagen Jazz Club", currency="DKK")
    store = platform.acting_as(Actor("anna@jazzclub.dk", organization.id, SCOPES))
    event = store.events.create(
        "Summer Jazz Nights", time_zone=TIME_ZONE, location="Kongens Have, Copenhagen",
        platform_fee=Money("5.00", "DKK"), percentage_fee=250,
    )
    store.events.add_date(event.id, EVENT_START, EVENT_END)
    early_bird = store.specifications.add(
        event.id, "Early bird", price=Money("200.00", "DKK"), number_of_tickets_for_sale=plan.early_bird,
        maximum_number_of_tickets_per_user=4, sale_end=ON_SALE + timedelta(days=14),
    )
    regular_quota = plan.online + plan.box_office + tickets // 50
    regular = store.specifications.add(
        event.id, "Regular", price=Money("300.00", "DKK"), number_of_tickets_for_sale=regular_quota,
        maximum_number_of_tickets_per_user=6,
    )
    vip = store.specifications.add(
        event.id, "VIP", price=Money("750.00", "DKK"), number_of_tickets_for_sale=plan.vip,
        maximum_number_of_tickets_per_user=4, allow_reentry=True, reentry_limit=5,
    )
    crew = store.specifications.add(event.id, "Crew and guests", price=0, visibility=Visibility.INVITE_ONLY)
    door = store.specifications.add(
        event.id, "Door ticket", price=Money("350.00", "DKK"), number_of_tickets_for_sale=plan.door,
        visibility=Visibility.INVITE_ONLY,
    )
    specs = {"Early bird": early_bird.id, "Regular": regular.id, "VIP": vip.id,
             "Crew and guests": crew.id, "Door ticket": door.id}
    for spec_id in specs.values():
        store.specifications.set_active(spec_id, True)
    store.events.publish(event.id)
    desks: dict[str, Store] = {}
    for index, (user_id, name) in enumerate(STAFF):
        reader = store.staff.add_pos_reader(f"Till {index + 1}")
        store.staff.add_user(user_id, name, pos_reader_id=reader.id)
        desks[user_id] = platform.acting_as(Actor(user_id, organization.id, {"events:read", "events:write", "sales"}))
    inspectors = [
        store.door.add_external_inspector(event.id, name=name, email=f"{name.split()[0].lower()}@jazzclub.dk",
                                          phone_number=f"+45 2000 00{index:02}").id
        for index, name in enumerate(("Mette Door", "Jens Gate"))
    ]
    day = EventDay(store=store, platform=platform, clock=clock, organization_id=organization.id,
                   event_id=event.id, specifications=specs, seed=seed, tickets=tickets)
    report("set-up", 1, 1)

    # --- the on-sale: online orders, box office, comps, refunds, in time order ----------------
    sold: list[str] = []          # valid tickets that may be scanned, by id
    online: set[str] = set()      # the tickets of paid online orders
    vip_tickets: set[str] = set()
    refunded: list[str] = []
    actions: list[tuple[datetime, int, str, object]] = []

    online_sizes: list[int] = []
    remaining = plan.online
    while remaining > 0:
        size = min(_order_size(rng), remaining)
        online_sizes.append(size)
        remaining -= size
    # Unpaid orders (expired, and pending at the end) come on top of the planned tickets.
    unpaid = max(2, len(online_sizes) // 30)
    pending_at_end = max(1, min(12, unpaid // 4))
    for number, when in enumerate(_on_sale_instants(rng, len(online_sizes) + unpaid - pending_at_end)):
        actions.append((when, 0, "order", number))
    box_sizes: list[int] = []
    remaining = plan.box_office
    while remaining > 0:
        size = min(rng.choice((1, 2, 2, 3, 4)), remaining)
        box_sizes.append(size)
        remaining -= size
    for number, when in enumerate(_box_office_instants(rng, len(box_sizes))):
        actions.append((when, 1, "sale", number))
    comp_batches = 4
    for batch in range(comp_batches):
        actions.append((ON_SALE + timedelta(days=10 + 12 * batch, hours=3), 2, "comp", batch))
    refunds_planned = max(2, plan.online // 80)
    for number in range(refunds_planned):
        when = ON_SALE + timedelta(days=3) + timedelta(seconds=rng.randrange(int((DOORS_OPEN - ON_SALE).total_seconds()) - 4 * 86400))
        actions.append((when, 3, "refund", number))
    actions.append((DOORS_OPEN - timedelta(days=1), 4, "pre-generate", 0))
    actions.sort(key=lambda action: (action[0], action[1], action[3] if isinstance(action[3], int) else 0))

    # Which orders stay unpaid: spread over the on-sale, by their number.
    order_count = len(online_sizes) + unpaid - pending_at_end
    unpaid_numbers = set(rng.sample(range(order_count), unpaid - pending_at_end))
    paid_sizes = iter(online_sizes)
    total_steps = len(actions)
    buyer_number = 0
    pre_generated: list[str] = []
    refund_ids: list[str] = []

    def place(when: datetime, pay: bool) -> None:
        nonlocal buyer_number
        clock.set(max(when.astimezone(timezone.utc), clock.now()))
        size = next(paid_sizes, 1) if pay else _order_size(rng)
        buyer_number += 1
        buyer = _buyer(rng, buyer_number)
        if when < ON_SALE + timedelta(days=14) and rng.random() < 0.8:
            choice = early_bird.id
        else:
            choice = vip.id if rng.random() < 0.08 else regular.id
        spec_id = choice
        try:
            order = store.orders.place(event.id, buyer=buyer, items=[(spec_id, size)], payment_gateway="stripe")
        except (ticketcore.CapacityError, ticketcore.ConflictError, ticketcore.ValidationError):
            spec_id = regular.id     # sold out or no longer on sale: the buyer takes a regular ticket
            order = store.orders.place(event.id, buyer=buyer, items=[(spec_id, size)], payment_gateway="stripe")
        if not pay:
            day.count("orders unpaid")
            return
        clock.advance(timedelta(seconds=rng.randrange(20, 240)))
        order = store.orders.confirm_payment(order.id, payment_ref=f"pi_{buyer_number:07}", gateway="stripe",
                                             amount=order.total)
        day.count("orders paid")
        day.count("tickets online", len(order.ticket_ids))
        day.sales_log.append((clock.now(), "online", len(order.ticket_ids), order.total.minor))
        sold.extend(order.ticket_ids)
        online.update(order.ticket_ids)
        if spec_id == vip.id:
            vip_tickets.update(order.ticket_ids)

    def sell(when: datetime, number: int) -> None:
        nonlocal buyer_number
        clock.set(max(when.astimezone(timezone.utc), clock.now()))
        user_id = STAFF[number % len(STAFF)][0]
        desk = desks[user_id]
        spec_id = vip.id if rng.random() < 0.1 else regular.id
        sale = desk.sales.create()
        try:
            sale = desk.sales.set_item_quantity(sale.id, {spec_id: box_sizes[number]})
        except ticketcore.CapacityError:
            spec_id = regular.id     # VIP sold out: a regular ticket instead
            sale = desk.sales.set_item_quantity(sale.id, {spec_id: box_sizes[number]})
        clock.advance(timedelta(seconds=rng.randrange(40, 180)))
        payment = rng.choices(BOX_OFFICE_PAYMENTS, weights=(30, 40, 20, 10))[0]
        if payment is SalePaymentType.POS_TERMINAL:
            user = desk.staff.user(user_id)
            assert user.pos_reader is not None
            started = desk.sales.initiate_pos_payment(sale.id, user.pos_reader.id)
            sale = desk.sales.capture_pos_payment(sale.id, started.id).sale
        elif payment is SalePaymentType.PAYMENT_LINK:
            buyer_number += 1
            sale = desk.sales.apply_customer_data(sale.id, {"email": _buyer(rng, buyer_number).email})
            sale = desk.sales.set_payment_type(sale.id, payment)
            sale = desk.sales.confirm_payment_link(sale.id, payment_ref=f"pl_{sale.number}", amount=sale.grand_total)
        else:
            sale = desk.sales.complete(sale.id, payment)
        day.count("sales committed")
        day.count("tickets box office", len(sale.ticket_ids))
        day.sales_log.append((clock.now(), "box_office", len(sale.ticket_ids), sale.grand_total.minor))
        if number == 7:    # the customer changes their mind: the sale is canceled and refunded
            desk.sales.cancel(sale.id)
            day.sales_log.append((clock.now(), "box_office", -len(sale.ticket_ids), -sale.grand_total.minor))
            day.count("sales canceled")
            day.count("tickets box office", -len(sale.ticket_ids))
            day.count("sales committed", -1)
            return
        sold.extend(sale.ticket_ids)
        if spec_id == vip.id:
            vip_tickets.update(sale.ticket_ids)
        if number == 3:    # a sale started and withdrawn before payment
            withdrawn = desk.sales.set_item_quantity(desk.sales.create().id, {regular.id: 2})
            desk.sales.cancel(withdrawn.id)
            day.count("sales withdrawn")

    def comp(batch: int) -> None:
        share = plan.comps // comp_batches + (1 if batch < plan.comps % comp_batches else 0)
        holders: list[tuple[str, str]] = []
        for _ in range(share):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            holders.append((f"{first.lower()}.{last.lower()}.crew{len(holders) + 1}.{batch}@example.com",
                            f"{first} {last}"))
        for start in range(0, len(holders), 500):
            made = store.tickets.comp(event.id, crew.id, holders=holders[start:start + 500],
                                      note=f"crew and guests, list {batch + 1}")
            sold.extend(ticket.id for ticket in made)
            day.count("tickets comp", len(made))
            day.sales_log.append((clock.now(), "comp", len(made), 0))

    def refund(number: int) -> None:
        if not sold:
            return
        index = rng.randrange(len(sold))
        if sold[index] not in online:     # a comp or box-office ticket: only online tickets are refunded here
            return
        ticket_id = sold.pop(index)
        online.discard(ticket_id)
        vip_tickets.discard(ticket_id)
        started = store.refunds.start(ticket_id=ticket_id, note="cannot come")
        if number == 1:
            store.refunds.fail(started.id, reason="card expired")
            sold.append(ticket_id)
            day.count("refunds failed")
            return
        store.refunds.complete(started.id, gateway_reference=f"re_{number:05}")
        day.sales_log.append((clock.now(), "online", -1, -started.amount.minor))
        refunded.append(ticket_id)
        refund_ids.append(started.id)
        day.count("refunds completed")

    for step, (when, _, kind, argument) in enumerate(actions, start=1):
        assert isinstance(argument, int)
        if kind == "order":
            place(when, argument not in unpaid_numbers)
        elif kind == "sale":
            sell(when, argument)
        elif kind == "comp":
            clock.set(max(when.astimezone(timezone.utc), clock.now()))
            comp(argument)
        elif kind == "refund":
            clock.set(max(when.astimezone(timezone.utc), clock.now()))
            refund(argument)
        else:
            clock.set(max(when.astimezone(timezone.utc), clock.now()))
            for start in range(0, plan.door, 1000):
                pre_generated += [ticket.id for ticket in store.tickets.pre_generate(
                    event.id, door.id, quantity=min(1000, plan.door - start))]
        if step % 200 == 0:
            store.orders.expire_due()
            report("on-sale", step, total_steps)
    report("on-sale", total_steps, total_steps)

    # --- the door: walk-ups activated, scans in 5-minute windows ------------------------------
    walk_ups = pre_generated[: max(1, len(pre_generated) * 9 // 10)]
    arrivals: list[tuple[datetime, str, bool]] = []     # (instant, ticket id, walk-up)
    door_minutes = (EVENT_END - DOORS_OPEN).total_seconds() / 60

    def arrival() -> datetime:
        minute = min(max(rng.gauss(120, 45), 0), door_minutes - 30)
        return DOORS_OPEN + timedelta(seconds=round(minute * 60))

    for ticket_id in sold:
        if rng.random() < 0.9:
            arrivals.append((arrival(), ticket_id, False))
    for ticket_id in walk_ups:
        arrivals.append((arrival(), ticket_id, True))
    for ticket_id in refunded[:3]:           # refunded tickets tried at the door anyway: refused
        arrivals.append((arrival(), ticket_id, False))
    scans: list[tuple[datetime, str, str]] = []     # (instant, ticket id, direction)
    for when, ticket_id, _ in arrivals:
        scans.append((when, ticket_id, "in"))
        if ticket_id in vip_tickets and rng.random() < 0.5:
            out = when + timedelta(minutes=rng.randrange(20, 90))
            if out < EVENT_END - timedelta(minutes=20):
                scans.append((out, ticket_id, "out"))
                scans.append((out + timedelta(minutes=rng.randrange(5, 20)), ticket_id, "in"))
    scans.sort()
    walk_up_at = {ticket_id: when for when, ticket_id, walk_up in arrivals if walk_up}
    activations = sorted((when, ticket_id) for ticket_id, when in walk_up_at.items())
    door_spec = store.specifications.get(door.id)
    due = _amount_due(door_spec)
    total_door = len(scans) + len(activations)
    done = 0
    window = timedelta(minutes=5)
    window_start = DOORS_OPEN
    scan_index = activation_index = 0
    # Late online orders, still pending when the day is over (their hold runs past the end).
    late_orders = [EVENT_END - timedelta(minutes=14) + timedelta(seconds=30 * n) for n in range(pending_at_end)]
    while scan_index < len(scans) or activation_index < len(activations) or late_orders:
        end = window_start + window
        while activation_index < len(activations) and activations[activation_index][0] < end:
            when, ticket_id = activations[activation_index]
            clock.set(max(when.astimezone(timezone.utc), clock.now()))
            buyer_number += 1
            walk_up = _buyer(rng, buyer_number)
            store.tickets.activate(ticket_id, holder_email=walk_up.email, holder_name=walk_up.name, amount=due,
                                   method=rng.choice(("card", "cash")), reference=f"door-{activation_index}")
            day.count("tickets door")
            day.sales_log.append((clock.now(), "door", 1, due.minor))
            activation_index += 1
            done += 1
        clock.set(max(end.astimezone(timezone.utc), clock.now()))
        requests: list[ScanRequest] = []
        while scan_index < len(scans) and scans[scan_index][0] < end:
            when, ticket_id, direction = scans[scan_index]
            point = 0 if rng.random() < 0.65 else 1
            requests.append(ScanRequest(ticket_id, inspector_id=inspectors[point], scan_point=SCAN_POINTS[point],
                                     nonce=f"{SCAN_POINTS[point]}:{scan_index}", direction=direction,
                                     at=when.astimezone(timezone.utc)))
            scan_index += 1
        for first in range(0, len(requests), 500):
            for outcome in store.door.redeem_many(requests[first:first + 500]):
                if outcome.scan is not None and outcome.scan.admitted:
                    day.count("scans admitted")
                    day.door_log.append((outcome.scan.at, 1 if outcome.scan.direction is ScanDirection.IN else -1))
                else:
                    day.count("scans refused")
            done += len(requests[first:first + 500])
        while late_orders and late_orders[0] < end:
            place(late_orders.pop(0), pay=False)
        report("door", done, total_door)
        window_start = end
    report("door", total_door, total_door)

    # The last refund is started and not yet answered by the gateway: in progress.
    for ticket_id in sold[::-1]:
        if ticket_id in online and not store.tickets.get(ticket_id).event_dates[0].is_redeemed:
            store.refunds.start(ticket_id=ticket_id, note="asked at the door")
            day.count("refunds in progress")
            break
    # A box-office sale left open at the end, holding its tickets.
    open_sale = desks["kim"].sales.create()
    desks["kim"].sales.set_item_quantity(open_sale.id, {regular.id: 2})
    day.count("sales open")
    store.orders.expire_due()
    day.counts["orders pending"] = pending_at_end
    day.counts["orders expired"] = day.counts.pop("orders unpaid") - pending_at_end
    return day
