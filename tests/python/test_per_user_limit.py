"""What a per-user maximum counts: the buyer's pending units and live tickets, where a live ticket
is one rules::counted_tickets names (unactivated or valid, not refunded). The repository is handed
that set and counts with it in SQL; these tests put the buyer's tickets on each side of it, on both
engines. No API cancels or refunds a ticket yet, so the ticket rows are changed directly."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pg_support
from helpers import World, buyer, make_event, pay, place, refused, shop_store, spec_on_sale
from ticketcore import CapacityError, OrderState, Store


def _set_ticket(location: str, engine: str, ticket_id: str, state: str, refunded: int) -> None:
    sql = f"UPDATE ticket SET state = '{state}', is_refunded = {refunded} WHERE id = '{ticket_id}'"
    if engine == "sqlite":
        with closing(sqlite3.connect(location)) as connection, connection:
            connection.execute(sql)
    else:
        pg_support.execute(location, sql)


def _one_more_is(shop: Store, event_id: str, spec_id: str, allowed: bool) -> None:
    """Places one more ticket for Ann: refused as too many when not `allowed`; else placed and
    cancelled again, so the next check starts from the same holdings."""
    if not allowed:
        refused(
            shop,
            lambda: place(shop, event_id, [(spec_id, 1)], who=buyer("Ann Berg")),
            CapacityError,
            "too_many_tickets_per_user",
            "Too many tickets per user",
        )
        return
    order = place(shop, event_id, [(spec_id, 1)], who=buyer("Ann Berg"))
    assert order.state is OrderState.PENDING
    assert shop.orders.cancel(order.id).state is OrderState.CANCELLED


def test_only_live_tickets_count_against_the_per_user_maximum(
    file_world: World, shared_location: str, engine: str
) -> None:
    shop = shop_store(file_world)
    event = make_event(shop, published=True)
    spec = spec_on_sale(shop, event.id, maximum_number_of_tickets_per_user=2)
    paid = pay(shop, place(shop, event.id, [(spec.id, 2)], who=buyer("Ann Berg")))
    first = paid.ticket_ids[0]
    _one_more_is(shop, event.id, spec.id, allowed=False)  # two valid tickets

    _set_ticket(shared_location, engine, first, "valid", 1)
    _one_more_is(shop, event.id, spec.id, allowed=True)  # a refunded ticket is not live

    _set_ticket(shared_location, engine, first, "cancelled", 0)
    _one_more_is(shop, event.id, spec.id, allowed=True)  # nor is a cancelled one

    _set_ticket(shared_location, engine, first, "unactivated", 0)
    _one_more_is(shop, event.id, spec.id, allowed=False)  # an unactivated one is

    _set_ticket(shared_location, engine, first, "unactivated", 1)
    _one_more_is(shop, event.id, spec.id, allowed=True)  # unless refunded

    _set_ticket(shared_location, engine, first, "valid", 0)
    _one_more_is(shop, event.id, spec.id, allowed=False)


def test_pending_units_count_with_the_live_tickets(file_world: World, shared_location: str, engine: str) -> None:
    shop = shop_store(file_world)
    event = make_event(shop, published=True)
    spec = spec_on_sale(shop, event.id, maximum_number_of_tickets_per_user=3)
    paid = pay(shop, place(shop, event.id, [(spec.id, 1)], who=buyer("Ann Berg")))
    place(shop, event.id, [(spec.id, 1)], who=buyer("Ann Berg"))  # pending: 1 held + 1 live
    _one_more_is(shop, event.id, spec.id, allowed=True)
    place(shop, event.id, [(spec.id, 1)], who=buyer("Ann Berg"))  # 2 held + 1 live
    _one_more_is(shop, event.id, spec.id, allowed=False)
    _set_ticket(shared_location, engine, paid.ticket_ids[0], "cancelled", 0)  # 2 held + 0 live
    _one_more_is(shop, event.id, spec.id, allowed=True)
