"""A hypothesis state machine drives random orders, payments (in time, and late for expired or
cancelled orders), repeated payments, cancellations, expiry sweeps and comps against a small specification (quota 5, at most 3 per buyer) sharing a
pool of 6 with an unlimited one, and checks the store against a model after every step."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from hypothesis import event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test

from helpers import (
    World,
    buyer,
    make_event,
    open_world,
    place,
    shop_store,
    spec_on_sale,
)
import ticketcore
from ticketcore import CapacityError, ConflictError, Money, OrderState, TicketKind

QUOTA = 5
HOLD = timedelta(minutes=10)
PER_USER = 3
POOL_SIZE = 6
BUYERS = ("Ann Berg", "Bo Dahl", "Cy Holm")
SPECS = ("small", "open")  # "small": quota 5, 3 per buyer; "open": no own limits. Both in the pool.


@dataclass
class ModelOrder:
    id: str
    buyer: int
    spec: str
    quantity: int
    expires: datetime
    total: Money
    state: OrderState = OrderState.PENDING
    paid_without_capacity: bool = False
    reference: str | None = None


class OrderMachine(RuleBasedStateMachine):
    def __init__(self, location: str) -> None:
        super().__init__()
        # A store of its own per example, on a clock of its own, with a new organization and
        # event: on SQLite a new ":memory:" database, on PostgreSQL the test's one schema (a
        # schema per example would cost more than the example), where nothing the machine
        # reads or sweeps is another organization's.
        self.world: World = open_world(location, order_hold=HOLD)
        self.shop = shop_store(self.world)
        self.event = make_event(self.shop, published=True, platform_fee=500)
        small = spec_on_sale(
            self.shop,
            self.event.id,
            "Small",
            number_of_tickets_for_sale=QUOTA,
            maximum_number_of_tickets_per_user=PER_USER,
        )
        large = spec_on_sale(self.shop, self.event.id, "Open", price=10000)
        self.spec_ids = {"small": small.id, "open": large.id}
        self.pool_id = self.shop.pools.create(
            self.event.id, "Hall", size=POOL_SIZE, specification_ids=[small.id, large.id]
        ).id
        self.orders: list[ModelOrder] = []
        self.comps = {"small": 0, "open": 0}

    # --- the model ---------------------------------------------------------------------

    def sold(self, spec: str) -> int:
        paid = sum(order.quantity for order in self.orders if order.spec == spec and order.state is OrderState.PAID)
        return paid + self.comps[spec]

    def reserved(self, spec: str) -> int:
        return sum(order.quantity for order in self.orders if order.spec == spec and order.state is OrderState.PENDING)

    def taken(self, spec: str) -> int:
        return self.sold(spec) + self.reserved(spec)

    def held_by(self, buyer_index: int, spec: str) -> int:
        return sum(
            order.quantity
            for order in self.orders
            if order.buyer == buyer_index
            and order.spec == spec
            and order.state in (OrderState.PENDING, OrderState.PAID)
        )

    def refusal_for_claims(self, spec: str, quantities: list[int]) -> str | None:
        """The capacity error the store raises for claims made one after the other, or None."""
        own = self.taken(spec)
        pool = self.taken("small") + self.taken("open")
        for quantity in quantities:
            if spec == "small" and own + quantity > QUOTA:
                return "sold_out"
            if pool + quantity > POOL_SIZE:
                return "pool_sold_out"
            own += quantity
            pool += quantity
        return None

    def now(self) -> datetime:
        return self.world.clock.now()

    def orders_in(self, *states: OrderState) -> list[ModelOrder]:
        return [order for order in self.orders if order.state in states]

    # --- rules -------------------------------------------------------------------------

    @rule(
        buyer_index=st.integers(min_value=0, max_value=len(BUYERS) - 1),
        spec=st.sampled_from(SPECS),
        quantity=st.integers(min_value=1, max_value=4),
    )
    def place_order(self, buyer_index: int, spec: str, quantity: int) -> None:
        expected: str | None = None
        if spec == "small" and self.held_by(buyer_index, spec) + quantity > PER_USER:
            expected = "too_many_tickets_per_user"
        else:
            expected = self.refusal_for_claims(spec, [quantity])
        try:
            order = place(self.shop, self.event.id, [(self.spec_ids[spec], quantity)], who=buyer(BUYERS[buyer_index]))
        except CapacityError as error:
            assert error.code == expected, (error.code, expected)
            event(f"place refused: {error.code}")
            return
        assert expected is None, f"placed although the model expects {expected}"
        event("place")
        assert order.state is OrderState.PENDING
        assert order.expires == self.now() + HOLD
        self.orders.append(ModelOrder(order.id, buyer_index, spec, quantity, order.expires, order.total))

    @precondition(lambda self: bool(self.orders_in(OrderState.PENDING)))
    @rule(data=st.data())
    def pay_in_time(self, data: st.DataObject) -> None:
        order = data.draw(st.sampled_from(self.orders_in(OrderState.PENDING)))
        order.reference = f"pi_{order.id[-6:]}"
        paid = self.shop.orders.confirm_payment(
            order.id, payment_ref=order.reference, gateway="stripe", amount=order.total
        )
        assert (paid.state, paid.paid_without_capacity, len(paid.ticket_ids)) == (
            OrderState.PAID,
            False,
            order.quantity,
        )
        order.state = OrderState.PAID

    def late_candidates(self) -> list[ModelOrder]:
        """Expired or cancelled orders whose (late) payment has not arrived yet."""
        return [
            order
            for order in self.orders_in(OrderState.EXPIRED, OrderState.CANCELLED)
            if not order.paid_without_capacity
        ]

    @precondition(lambda self: bool(self.late_candidates()))
    @rule(data=st.data())
    def pay_late(self, data: st.DataObject) -> None:
        order = data.draw(st.sampled_from(self.late_candidates()))
        # A cancelled order is never re-activated; an expired one is when everything still fits.
        fits = order.state is OrderState.EXPIRED and self.refusal_for_claims(order.spec, [order.quantity]) is None
        if order.spec == "small" and self.held_by(order.buyer, order.spec) + order.quantity > PER_USER:
            fits = False
        order.reference = f"late_{order.id[-6:]}"
        result = self.shop.orders.confirm_payment(
            order.id, payment_ref=order.reference, gateway="stripe", amount=order.total
        )
        if fits:
            assert (result.state, result.paid_without_capacity, len(result.ticket_ids)) == (
                OrderState.PAID,
                False,
                order.quantity,
            )
            event("late payment re-activated an expired order")
            order.state = OrderState.PAID
        else:
            # The order keeps its state (EXPIRED or CANCELLED) and is flagged for a refund.
            assert (result.state, result.paid_without_capacity, result.ticket_ids) == (order.state, True, ())
            order.paid_without_capacity = True
            event(f"late payment without capacity for a {order.state.name.lower()} order")

    @precondition(lambda self: any(order.reference is not None for order in self.orders))
    @rule(data=st.data(), same=st.booleans())
    def pay_again(self, data: st.DataObject, same: bool) -> None:
        order = data.draw(st.sampled_from([order for order in self.orders if order.reference is not None]))
        assert order.reference is not None
        before = self.shop.orders.get(order.id)
        if same:
            again = self.shop.orders.confirm_payment(
                order.id, payment_ref=order.reference, gateway="stripe", amount=order.total
            )
            assert again == before
        else:
            try:
                self.shop.orders.confirm_payment(order.id, payment_ref="pi_other", gateway="stripe", amount=order.total)
            except ConflictError as error:
                assert error.code == "order_already_paid"
            else:
                raise AssertionError("a second payment was accepted")
            assert self.shop.orders.get(order.id) == before

    @precondition(lambda self: bool(self.orders))
    @rule(data=st.data())
    def cancel(self, data: st.DataObject) -> None:
        order = data.draw(st.sampled_from(self.orders))
        try:
            cancelled = self.shop.orders.cancel(order.id)
        except ConflictError as error:
            assert error.code == "order_not_pending"
            assert order.state is not OrderState.PENDING
            return
        assert order.state is OrderState.PENDING
        assert cancelled.state is OrderState.CANCELLED
        order.state = OrderState.CANCELLED

    @rule(minutes=st.integers(min_value=1, max_value=30))
    def advance_and_sweep(self, minutes: int) -> None:
        self.world.clock.advance(timedelta(minutes=minutes))
        due = [order for order in self.orders_in(OrderState.PENDING) if order.expires <= self.now()]
        assert self.shop.orders.expire_due() == [order.id for order in due]
        for order in due:
            order.state = OrderState.EXPIRED
        event(f"swept {min(len(due), 2)}+" if len(due) >= 2 else f"swept {len(due)}")

    @rule(spec=st.sampled_from(SPECS), count=st.integers(min_value=1, max_value=2))
    def comp(self, spec: str, count: int) -> None:
        expected = self.refusal_for_claims(spec, [1] * count)
        holders = [(f"vip{index}@example.com", f"Vip {index}") for index in range(count)]
        try:
            tickets = self.shop.tickets.comp(self.event.id, self.spec_ids[spec], holders=holders, note="guest list")
        except CapacityError as error:
            assert error.code == expected, (error.code, expected)
            event(f"comp refused: {error.code}")
            return
        assert expected is None, f"comped although the model expects {expected}"
        assert len(tickets) == count
        self.comps[spec] += count

    # --- invariants --------------------------------------------------------------------

    @invariant()
    def counters_match_the_ledger(self) -> None:
        assert self.world.platform.check_integrity().ok
        assert self.shop.check_integrity().ok

    @invariant()
    def counts_match_the_model_and_never_exceed_capacity(self) -> None:
        for spec, spec_id in self.spec_ids.items():
            stored = self.shop.specifications.get(spec_id)
            assert (stored.number_of_tickets_sold, stored.number_of_tickets_reserved) == (
                self.sold(spec),
                self.reserved(spec),
            )
        small = self.shop.specifications.get(self.spec_ids["small"])
        assert small.number_of_tickets_sold + small.number_of_tickets_reserved <= QUOTA
        pool = self.shop.pools.get(self.pool_id)
        assert (pool.sold, pool.reserved) == (
            self.sold("small") + self.sold("open"),
            self.reserved("small") + self.reserved("open"),
        )
        assert pool.sold + pool.reserved <= POOL_SIZE
        assert pool.available == POOL_SIZE - pool.sold - pool.reserved
        assert small.available == min(QUOTA - self.taken("small"), pool.available)

    @invariant()
    def every_order_is_where_the_model_says(self) -> None:
        stored = {order.id: order for order in ticketcore.every(self.shop.orders.list, self.event.id)}
        assert list(stored) == [order.id for order in self.orders]
        for order in self.orders:
            seen = stored[order.id]
            assert (seen.state, seen.paid_without_capacity, seen.charge_session_id) == (
                order.state,
                order.paid_without_capacity,
                order.reference,
            )
            assert len(seen.ticket_ids) == (order.quantity if order.state is OrderState.PAID else 0)

    @invariant()
    def no_buyer_holds_more_than_the_maximum(self) -> None:
        small_id = self.spec_ids["small"]
        tickets = list(ticketcore.every(self.shop.tickets.list, self.event.id))
        pending = list(ticketcore.every(self.shop.orders.list, self.event.id, state=OrderState.PENDING))
        buyer_ids = {order.buyer: self.shop.orders.get(order.id).buyer_id for order in self.orders}
        for index, buyer_id in buyer_ids.items():
            held = sum(
                1 for ticket in tickets if ticket.buyer_id == buyer_id and ticket.ticket_specification_id == small_id
            )
            held += sum(
                line.amount
                for order in pending
                if order.buyer_id == buyer_id
                for line in order.event_tickets
                if line.ticket_specification_id == small_id
            )
            assert held == self.held_by(index, "small")
            assert held <= PER_USER
        assert sum(1 for ticket in tickets if ticket.kind is TicketKind.COMP) == sum(self.comps.values())


def test_orders_follow_the_model(location: str, engine: str) -> None:
    # On PostgreSQL every call of a step is round trips to the server, about 5 times SQLite's
    # time here: 20 examples there (10 s) rather than 50 (the storage is the same shared SQL).
    run_state_machine_as_test(
        lambda: OrderMachine(location),
        settings=settings(max_examples=50 if engine == "sqlite" else 20, stateful_step_count=30, deadline=None),
    )
