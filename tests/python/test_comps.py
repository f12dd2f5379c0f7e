"""Comp tickets: issued without payment to named holders with a note, counted as sold against
every capacity they draw from, audited and announced in the outbox."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from helpers import (
    CLOCK_START,
    SHOP_SCOPES,
    World,
    counts,
    make_event,
    other_organization,
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
    NotFoundError,
    PermissionDeniedError,
    Store,
    TicketcoreError,
    TicketKind,
    TicketState,
    ValidationError,
    Visibility,
)

SPEAKERS = [("pat@example.com", "Pat Lee"), ("jordan@example.com", "Jordan Kim")]


def test_comps_are_valid_tickets_for_their_holders(world: World, shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id, number_of_tickets_for_sale=10)
    world.clock.advance(timedelta(hours=1))
    tickets = shop.tickets.comp(published_event.id, spec.id, holders=SPEAKERS, note="Day-1 keynote speakers")

    assert len(tickets) == 2
    date_ids = [date.id for date in published_event.dates]
    for ticket, (email, name) in zip(tickets, SPEAKERS, strict=True):
        assert ticket.event_id == published_event.id
        assert ticket.ticket_specification_id == spec.id
        assert ticket.kind is TicketKind.COMP
        assert ticket.state is TicketState.VALID
        assert ticket.order_id is None
        assert ticket.buyer_id is not None
        assert (ticket.holder_email, ticket.holder_name) == (email, name)
        assert ticket.note == "Day-1 keynote speakers"
        assert ticket.purchase_date == CLOCK_START + timedelta(hours=1)
        assert ticket.created == CLOCK_START + timedelta(hours=1)
        assert (ticket.is_refunded, ticket.is_refund_in_progress) == (False, False)
        assert [date.event_date_id for date in ticket.event_dates] == date_ids
        assert shop.tickets.get(ticket.id) == ticket
    assert tickets[0].buyer_id != tickets[1].buyer_id
    assert list(shop.tickets.list(published_event.id).nodes) == tickets
    assert shop.orders.list(published_event.id).nodes == ()
    assert counts(shop, spec.id) == (2, 0, 8)

    (entry,) = shop.audit(operation="tickets.comp")
    assert (entry.entity_type, entry.entity_id, entry.actor_id) == ("specification", spec.id, "shop")
    assert entry.data == {"note": "Day-1 keynote speakers", "ticket_ids": [ticket.id for ticket in tickets]}
    # One tickets.issued per holder, so a mailer sends each their own ticket.
    issued = shop.outbox.pending()
    assert [(event.topic, event.entity_id) for event in issued] == [("tickets.issued", ticket.id) for ticket in tickets]
    assert [event.data for event in issued] == [
        {
            "event_id": published_event.id,
            "kind": "comp",
            "order_id": None,
            "buyer": {"id": ticket.buyer_id, "name": ticket.holder_name, "email": ticket.holder_email},
            "ticket_ids": [ticket.id],
        }
        for ticket in tickets
    ]
    page = shop.tickets.holders(published_event.id)
    assert [(holder.user.email, holder.user.name) for holder in page.nodes] == SPEAKERS
    assert [holder.tickets for holder in page.nodes] == [(tickets[0],), (tickets[1],)]
    assert [holder.buy_orders for holder in page.nodes] == [(), ()]


def test_the_note_is_optional_and_one_holder_may_get_several(shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id)
    tickets = shop.tickets.comp(
        published_event.id, spec.id, holders=[("crew@example.com", "Crew"), ("CREW@example.com", "Crew")]
    )
    assert [ticket.note for ticket in tickets] == ["", ""]
    assert tickets[0].buyer_id == tickets[1].buyer_id
    assert shop.tickets.holders(published_event.id).total_count == 1
    assert [event.data["buyer"]["id"] for event in shop.outbox.pending()] == [tickets[0].buyer_id] * 2


def test_comps_count_against_the_quota(shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id, number_of_tickets_for_sale=3)
    place(shop, published_event.id, [(spec.id, 2)])
    refused(
        shop,
        lambda: shop.tickets.comp(published_event.id, spec.id, holders=SPEAKERS),
        CapacityError,
        "sold_out",
        f"Not enough tickets available for ticket specification with id: {spec.id}",
    )
    shop.tickets.comp(published_event.id, spec.id, holders=SPEAKERS[:1])
    assert counts(shop, spec.id) == (1, 2, 0)
    refused(shop, lambda: place(shop, published_event.id, [(spec.id, 1)]), CapacityError, "sold_out")


def test_comps_count_against_every_pool(shop: Store, published_event: Event) -> None:
    a = spec_on_sale(shop, published_event.id, "A")
    b = spec_on_sale(shop, published_event.id, "B")
    hall = shop.pools.create(published_event.id, "Hall", size=3, specification_ids=[a.id, b.id])
    shop.tickets.comp(published_event.id, a.id, holders=SPEAKERS)
    refused(
        shop,
        lambda: shop.tickets.comp(published_event.id, b.id, holders=SPEAKERS),
        CapacityError,
        "pool_sold_out",
        f"Not enough tickets available in capacity pool with id: {hall.id}",
    )
    assert pool_counts(shop, hall.id) == (2, 0, 1)
    assert counts(shop, b.id) == (0, 0, 1)


def test_a_comp_counts_towards_the_holders_per_user_maximum(shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id, maximum_number_of_tickets_per_user=2)
    shop.tickets.comp(published_event.id, spec.id, holders=[("alex@example.com", "Alex Reyes")])
    place(shop, published_event.id, [(spec.id, 1)], who=BuyerDetails("Alex Reyes", "Alex@Example.com"))
    refused(
        shop,
        lambda: place(shop, published_event.id, [(spec.id, 1)], who=BuyerDetails("Alex Reyes", "alex@example.com")),
        CapacityError,
        "too_many_tickets_per_user",
        "Too many tickets per user",
    )


def test_comps_skip_the_sale_rules_and_the_per_user_limit(shop: Store) -> None:
    draft = make_event(shop, name="Draft")
    inactive = shop.specifications.add(draft.id, "Inactive", price=25000, maximum_number_of_tickets_per_user=1)
    later = spec_on_sale(shop, draft.id, "Later", sale_start=CLOCK_START + timedelta(days=1))
    over = spec_on_sale(
        shop, draft.id, "Over", sale_start=CLOCK_START - timedelta(days=2), sale_end=CLOCK_START - timedelta(days=1)
    )
    hidden = spec_on_sale(shop, draft.id, "Hidden", visibility=Visibility.INVITE_ONLY)
    for spec in (inactive, later, over, hidden):
        tickets = shop.tickets.comp(draft.id, spec.id, holders=[("crew@example.com", "Crew")] * 2)
        assert [ticket.state for ticket in tickets] == [TicketState.VALID, TicketState.VALID]
        assert counts(shop, spec.id) == (2, 0, None)


@pytest.mark.parametrize(
    ("holders", "code", "message"),
    [
        ([], "no_holders", "A comp needs at least one holder"),
        ([("pat@example.com", "Pat Lee"), ("not-an-email", "Jo")], "invalid_email", "Invalid e-mail address: 'not-an-email'"),
        ([("pat@example.com", " ")], "name_required", "Name is required"),
        ([("@example.com", "Pat")], "invalid_email", "Invalid e-mail address: '@example.com'"),
        ([("pat@", "Pat")], "invalid_email", "Invalid e-mail address: 'pat@'"),
        ([("pat@a@b", "Pat")], "invalid_email", "Invalid e-mail address: 'pat@a@b'"),
        ([("pat lee@example.com", "Pat")], "invalid_email", "Invalid e-mail address: 'pat lee@example.com'"),
        ([("x@example.com", "X")] * 10001, "batch_too_large", "At most 10000 tickets per call"),
    ],
)
def test_comp_input_is_validated(
    shop: Store, published_event: Event, holders: list[tuple[str, str]], code: str, message: str
) -> None:
    spec = spec_on_sale(shop, published_event.id)
    refused(
        shop, lambda: shop.tickets.comp(published_event.id, spec.id, holders=holders), ValidationError, code, message
    )


def test_comp_refusals_about_the_event_and_specification(world: World, shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id)
    other = make_event(shop, name="Other", published=True)
    foreign = spec_on_sale(shop, other.id)
    done = make_event(shop, name="Done", published=True)
    done_spec = spec_on_sale(shop, done.id)
    shop.events.complete(done.id)
    comp = shop.tickets.comp
    cases: list[tuple[Callable[[], object], type[TicketcoreError], str, str]] = [
        (
            lambda: comp(done.id, done_spec.id, holders=SPEAKERS),
            ConflictError,
            "event_completed",
            "Cannot issue tickets for an event, which is completed",
        ),
        (
            lambda: comp(published_event.id, foreign.id, holders=SPEAKERS),
            ValidationError,
            "specification_other_event",
            f"Ticket specification with id: {foreign.id} belongs to another event",
        ),
        (
            lambda: comp(published_event.id, "nope", holders=SPEAKERS),
            NotFoundError,
            "specification_not_found",
            "Ticket specification with id: nope not found.",
        ),
        (lambda: comp("nope", spec.id, holders=SPEAKERS), NotFoundError, "event_not_found", "Event with id: nope not found."),
    ]
    for call, error, code, message in cases:
        refused(shop, call, error, code, message)


def test_comps_need_events_write_and_stay_in_their_organization(
    world: World, shop: Store, published_event: Event
) -> None:
    spec = spec_on_sale(shop, published_event.id)
    seller = shop_store(world, {"events:read", "orders", "sales"}, actor_id="till")
    refused(
        shop,
        lambda: seller.tickets.comp(published_event.id, spec.id, holders=SPEAKERS),
        PermissionDeniedError,
        "missing_scope",
        "Actor 'till' lacks the scope 'events:write'",
    )
    bob = other_organization(world, scopes=SHOP_SCOPES)
    bob_event = make_event(bob, published=True)
    for call in (
        lambda: bob.tickets.comp(published_event.id, spec.id, holders=SPEAKERS),
        lambda: bob.tickets.comp(bob_event.id, spec.id, holders=SPEAKERS),
    ):
        refused(shop, call, PermissionDeniedError, "other_organization")
