"""Pre-generated door tickets: created unactivated, holding capacity as reserved; activated at the
door with a holder and a payment of the price plus fees, then valid and sold."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from helpers import (
    CLOCK_START,
    SHOP_SCOPES,
    World,
    buyer,
    counts,
    dkk,
    make_event,
    other_organization,
    pay,
    place,
    pool_counts,
    refused,
    shop_store,
    spec_on_sale,
)
from ticketcore import (
    BuyerDetails,
    CapacityError,
    ConflictError,
    Event,
    EventTicket,
    Money,
    NotFoundError,
    PermissionDeniedError,
    Store,
    TicketKind,
    TicketState,
    ValidationError,
)


@pytest.fixture
def door_event(shop: Store) -> Event:
    """A published two-date event with a 5.00 platform fee and a 2.5 % percentage fee."""
    return make_event(shop, dates=2, published=True, platform_fee=500, percentage_fee=250)


def test_pre_generated_tickets_hold_capacity_unactivated(shop: Store, door_event: Event) -> None:
    spec = spec_on_sale(shop, door_event.id, number_of_tickets_for_sale=10)
    tickets = shop.tickets.pre_generate(door_event.id, spec.id, quantity=3)
    assert len(tickets) == 3
    assert len({ticket.id for ticket in tickets}) == 3
    date_ids = [date.id for date in door_event.dates]
    for ticket in tickets:
        assert ticket.event_id == door_event.id
        assert ticket.ticket_specification_id == spec.id
        assert ticket.kind is TicketKind.PRE_GENERATED
        assert ticket.state is TicketState.UNACTIVATED
        assert (ticket.order_id, ticket.buyer_id, ticket.purchase_date) == (None, None, None)
        assert (ticket.holder_name, ticket.holder_email, ticket.note) == ("", "", "")
        assert ticket.created == CLOCK_START
        assert [date.event_date_id for date in ticket.event_dates] == date_ids
        assert shop.tickets.get(ticket.id) == ticket
    assert list(shop.tickets.list(door_event.id).nodes) == tickets
    assert counts(shop, spec.id) == (0, 3, 7)
    (entry,) = shop.audit(operation="tickets.pre_generate")
    assert (entry.entity_type, entry.entity_id) == ("specification", spec.id)
    assert entry.data == {"quantity": 3, "ticket_ids": [ticket.id for ticket in tickets]}
    assert shop.outbox.pending() == []
    assert shop.tickets.holders(door_event.id).total_count == 0


def test_pre_generated_tickets_count_against_quota_and_pools(shop: Store, door_event: Event) -> None:
    spec = spec_on_sale(shop, door_event.id, number_of_tickets_for_sale=4)
    other = spec_on_sale(shop, door_event.id, "Other")
    hall = shop.pools.create(door_event.id, "Hall", size=6, specification_ids=[spec.id, other.id])
    refused(
        shop,
        lambda: shop.tickets.pre_generate(door_event.id, spec.id, quantity=5),
        CapacityError,
        "sold_out",
        f"Not enough tickets available for ticket specification with id: {spec.id}",
    )
    shop.tickets.pre_generate(door_event.id, spec.id, quantity=4)
    refused(shop, lambda: place(shop, door_event.id, [(spec.id, 1)]), CapacityError, "sold_out")
    refused(
        shop,
        lambda: shop.tickets.pre_generate(door_event.id, other.id, quantity=3),
        CapacityError,
        "pool_sold_out",
        f"Not enough tickets available in capacity pool with id: {hall.id}",
    )
    shop.tickets.pre_generate(door_event.id, other.id, quantity=2)
    assert pool_counts(shop, hall.id) == (0, 6, 0)


def test_activation_at_the_door(world: World, shop: Store, door_event: Event) -> None:
    spec = spec_on_sale(shop, door_event.id, number_of_tickets_for_sale=10)
    first, second = shop.tickets.pre_generate(door_event.id, spec.id, quantity=2)
    world.clock.advance(timedelta(days=2))
    # 250.00 + 5.00 platform fee + 6.25 percentage fee
    sold = shop.tickets.activate(
        first.id, holder_email="walkup@example.com", holder_name="Walk-up", amount=26125, method="card", reference="sq_1"
    )
    assert sold.state is TicketState.VALID
    assert sold.kind is TicketKind.PRE_GENERATED
    assert (sold.holder_email, sold.holder_name) == ("walkup@example.com", "Walk-up")
    assert sold.buyer_id is not None
    assert sold.order_id is None
    assert sold.purchase_date == CLOCK_START + timedelta(days=2)
    assert sold.created == first.created
    assert sold.event_dates == first.event_dates
    assert shop.tickets.get(first.id) == sold
    assert shop.tickets.get(second.id) == second
    assert counts(shop, spec.id) == (1, 1, 8)

    (entry,) = shop.audit(operation="ticket.activate")
    assert (entry.entity_type, entry.entity_id) == ("ticket", first.id)
    assert entry.data == {
        "holder_email": "walkup@example.com",
        "amount": {"minor": 26125, "currency": "DKK"},
        "method": "card",
        "reference": "sq_1",
    }
    (issued,) = shop.outbox.pending()
    assert (issued.topic, issued.entity_id) == ("tickets.issued", first.id)
    assert issued.data == {
        "event_id": door_event.id,
        "kind": "pre-generated",
        "order_id": None,
        "buyer": {"id": sold.buyer_id, "name": "Walk-up", "email": "walkup@example.com"},
        "ticket_ids": [first.id],
    }
    (holder,) = shop.tickets.holders(door_event.id).nodes
    assert holder.user.id == sold.buyer_id
    assert holder.tickets == (sold,)
    assert holder.issue_time == CLOCK_START + timedelta(days=2)


def test_the_amount_may_be_money_and_the_reference_is_optional(shop: Store, door_event: Event) -> None:
    spec = spec_on_sale(shop, door_event.id, price=0)
    (ticket,) = shop.tickets.pre_generate(door_event.id, spec.id, quantity=1)
    sold = shop.tickets.activate(
        ticket.id, holder_email="a@example.com", holder_name="A", amount=Money("5.00", "DKK"), method="cash"
    )
    assert sold.state is TicketState.VALID
    assert shop.audit(operation="ticket.activate")[0].data["reference"] == ""


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (25000, "Payment of 250.00 DKK does not match the ticket price of 261.25 DKK"),
        (dkk(26126), "Payment of 261.26 DKK does not match the ticket price of 261.25 DKK"),
        (0, "Payment of 0.00 DKK does not match the ticket price of 261.25 DKK"),
    ],
)
def test_the_door_payment_must_be_the_price_plus_fees(
    shop: Store, door_event: Event, amount: Money | int, message: str
) -> None:
    spec = spec_on_sale(shop, door_event.id)
    (ticket,) = shop.tickets.pre_generate(door_event.id, spec.id, quantity=1)
    refused(
        shop,
        lambda: shop.tickets.activate(ticket.id, holder_email="a@example.com", holder_name="A", amount=amount, method="card"),
        ValidationError,
        "amount_mismatch",
        message,
    )


def test_activating_twice_is_a_conflict(shop: Store, door_event: Event) -> None:
    spec = spec_on_sale(shop, door_event.id, price=0, ticket_platform_fee=0, ticket_percentage_fee=0)
    (ticket,) = shop.tickets.pre_generate(door_event.id, spec.id, quantity=1)
    shop.tickets.activate(ticket.id, holder_email="a@example.com", holder_name="A", amount=0, method="cash")
    order = pay(shop, place(shop, door_event.id, [(spec.id, 1)]))
    for ticket_id in (ticket.id, order.ticket_ids[0]):
        refused(
            shop,
            lambda ticket_id=ticket_id: shop.tickets.activate(  # type: ignore[misc]
                ticket_id, holder_email="b@example.com", holder_name="B", amount=0, method="cash"
            ),
            ConflictError,
            "ticket_already_activated",
            f"Ticket with id: {ticket_id} is already activated",
        )


def test_an_activated_ticket_counts_towards_the_holders_per_user_maximum(shop: Store, door_event: Event) -> None:
    spec = spec_on_sale(shop, door_event.id, price=0, maximum_number_of_tickets_per_user=1)
    (ticket,) = shop.tickets.pre_generate(door_event.id, spec.id, quantity=1)
    shop.tickets.activate(ticket.id, holder_email="alex@example.com", holder_name="Alex", amount=500, method="cash")
    refused(
        shop,
        lambda: place(shop, door_event.id, [(spec.id, 1)], who=buyer("Alex Reyes")),
        CapacityError,
        "too_many_tickets_per_user",
    )
    # The door sale made Alex a buyer of the organization, known by e-mail like any guest.
    other = spec_on_sale(shop, door_event.id, "Other")
    order = place(shop, door_event.id, [(other.id, 1)], who=BuyerDetails("Alex Reyes", "ALEX@example.com"))
    assert order.buyer_id == shop.tickets.get(ticket.id).buyer_id


@pytest.mark.parametrize(
    ("quantity", "code", "message"),
    [
        (0, "invalid_quantity", "Quantity must be greater than 0"),
        (-2, "invalid_quantity", "Quantity must be greater than 0"),
        (10001, "batch_too_large", "At most 10000 tickets per call"),
    ],
)
def test_pre_generate_quantity(shop: Store, door_event: Event, quantity: int, code: str, message: str) -> None:
    spec = spec_on_sale(shop, door_event.id)
    refused(
        shop,
        lambda: shop.tickets.pre_generate(door_event.id, spec.id, quantity=quantity),
        ValidationError,
        code,
        message,
    )


def test_pre_generate_refusals_about_the_event_and_specification(shop: Store, door_event: Event) -> None:
    other = make_event(shop, name="Other", published=True)
    foreign = spec_on_sale(shop, other.id)
    done = make_event(shop, name="Done", published=True)
    done_spec = spec_on_sale(shop, done.id)
    shop.events.complete(done.id)
    generate = shop.tickets.pre_generate
    refused(shop, lambda: generate(done.id, done_spec.id, quantity=1), ConflictError, "event_completed")
    refused(shop, lambda: generate(door_event.id, foreign.id, quantity=1), ValidationError, "specification_other_event")
    refused(shop, lambda: generate(door_event.id, "nope", quantity=1), NotFoundError, "specification_not_found")


def test_activation_input_is_validated(shop: Store, door_event: Event) -> None:
    spec = spec_on_sale(shop, door_event.id)
    (ticket,) = shop.tickets.pre_generate(door_event.id, spec.id, quantity=1)
    activate = shop.tickets.activate
    cases: list[tuple[Callable[[], EventTicket], type[Exception], str, str]] = [
        (
            lambda: activate(ticket.id, holder_email="a@example.com", holder_name="A", amount=26125, method=""),
            ValidationError,
            "payment_method_required",
            "Payment method is required",
        ),
        (
            lambda: activate(ticket.id, holder_email="nobody", holder_name="A", amount=26125, method="card"),
            ValidationError,
            "invalid_email",
            "Invalid e-mail address: 'nobody'",
        ),
        (
            lambda: activate(ticket.id, holder_email="a@example.com", holder_name="", amount=26125, method="card"),
            ValidationError,
            "name_required",
            "Name is required",
        ),
        (
            lambda: activate("nope", holder_email="a@example.com", holder_name="A", amount=26125, method="card"),
            NotFoundError,
            "ticket_not_found",
            "Ticket with id: nope not found.",
        ),
        (
            lambda: activate(
                ticket.id, holder_email="a@example.com", holder_name="A", amount=Money("261.25", "EUR"), method="card"
            ),
            ValidationError,
            "currency_mismatch",
            "Amount in EUR where DKK is expected",
        ),
    ]
    for call, error, code, message in cases:
        refused(shop, call, error, code, message)  # type: ignore[arg-type]


def test_door_sales_need_their_scopes_and_stay_in_their_organization(
    world: World, shop: Store, door_event: Event
) -> None:
    spec = spec_on_sale(shop, door_event.id)
    (ticket,) = shop.tickets.pre_generate(door_event.id, spec.id, quantity=1)
    online = shop_store(world, {"events:read", "events:write", "orders"}, actor_id="web")
    refused(
        shop,
        lambda: online.tickets.activate(ticket.id, holder_email="a@example.com", holder_name="A", amount=26125, method="card"),
        PermissionDeniedError,
        "missing_scope",
        "Actor 'web' lacks the scope 'sales'",
    )
    till = shop_store(world, {"events:read", "sales"}, actor_id="till")
    refused(
        shop,
        lambda: till.tickets.pre_generate(door_event.id, spec.id, quantity=1),
        PermissionDeniedError,
        "missing_scope",
        "Actor 'till' lacks the scope 'events:write'",
    )
    bob = other_organization(world, scopes=SHOP_SCOPES)
    for call in (
        lambda: bob.tickets.activate(ticket.id, holder_email="a@example.com", holder_name="A", amount=26125, method="card"),
        lambda: bob.tickets.pre_generate(door_event.id, spec.id, quantity=1),
        lambda: bob.tickets.get(ticket.id),
    ):
        refused(shop, call, PermissionDeniedError, "other_organization")
    # A till with only the sales scope can sell at the door.
    assert till.tickets.activate(
        ticket.id, holder_email="a@example.com", holder_name="A", amount=26125, method="card"
    ).state is TicketState.VALID


def test_door_tickets_of_a_draft_event_and_after_it_completed(shop: Store) -> None:
    draft = make_event(shop, name="Draft")
    spec = shop.specifications.add(draft.id, "Door", price=10000)  # not even active
    first, second = shop.tickets.pre_generate(draft.id, spec.id, quantity=2)
    shop.events.publish(draft.id)
    sold = shop.tickets.activate(first.id, holder_email="a@example.com", holder_name="A", amount=10000, method="card")
    assert sold.state is TicketState.VALID
    shop.events.complete(draft.id)
    refused(
        shop,
        lambda: shop.tickets.activate(second.id, holder_email="b@example.com", holder_name="B", amount=10000, method="card"),
        ConflictError,
        "event_completed",
        "Cannot activate a ticket for an event, which is completed",
    )
    assert counts(shop, spec.id) == (1, 1, None)
