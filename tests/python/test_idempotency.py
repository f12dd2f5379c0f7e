"""Idempotency keys of every operation an integrator retries: orders.place, confirm_payment,
cancel, tickets.comp, pre_generate and activate. The same key and request returns the first
result (the same ids); the same key with another request is refused; keys are per organization
and per operation; a key is validated like other text; a failed call stores no key."""

from __future__ import annotations

from collections.abc import Callable
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

import ticketcore
from ticketcore import ConflictError, Event, Store, ValidationError

from helpers import (
    World,
    buyer,
    counts,
    dkk,
    make_event,
    open_world,
    other_organization,
    place,
    refused,
    shop_store,
    spec_on_sale,
)

REUSED = "Idempotency key '{}' was already used with different parameters"


def _reused(store: Store, call: Callable[[], object], key: str) -> None:
    refused(store, call, ConflictError, "idempotency_key_reused", REUSED.format(key))


def _audit_count(store: Store) -> int:
    return len(store.audit(limit=1000))


def test_confirm_payment_with_a_key_returns_the_first_result(shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id)
    order = place(shop, published_event.id, [(spec.id, 2)])
    first = shop.orders.confirm_payment(order.id, payment_ref="pi_1", gateway="stripe", amount=order.total,
                                        idempotency_key="pay-1")
    audit = _audit_count(shop)
    again = shop.orders.confirm_payment(order.id, payment_ref="pi_1", gateway="stripe", amount=order.total,
                                        idempotency_key="pay-1")
    assert again == first and len(again.ticket_ids) == 2
    assert _audit_count(shop) == audit  # a replay writes nothing
    assert counts(shop, spec.id) == (2, 0, None)
    _reused(shop, lambda: shop.orders.confirm_payment(order.id, payment_ref="pi_2", gateway="stripe",
                                                      amount=order.total, idempotency_key="pay-1"), "pay-1")
    _reused(shop, lambda: shop.orders.confirm_payment(order.id, payment_ref="pi_1", gateway="adyen",
                                                      amount=order.total, idempotency_key="pay-1"), "pay-1")


def test_a_failed_confirm_payment_stores_no_key(shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id)
    order = place(shop, published_event.id, [(spec.id, 1)])
    refused(shop, lambda: shop.orders.confirm_payment(order.id, payment_ref="pi_1", gateway="stripe",
                                                      amount=dkk(1), idempotency_key="pay-2"),
            ValidationError, "amount_mismatch")
    paid = shop.orders.confirm_payment(order.id, payment_ref="pi_1", gateway="stripe", amount=order.total,
                                       idempotency_key="pay-2")
    assert paid.state is ticketcore.OrderState.PAID


def test_cancel_with_a_key_returns_the_first_result(shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id)
    order = place(shop, published_event.id, [(spec.id, 1)])
    other = place(shop, published_event.id, [(spec.id, 1)], who=buyer("Kim Berg"))
    first = shop.orders.cancel(order.id, idempotency_key="cancel-1")
    assert first.state is ticketcore.OrderState.CANCELLED
    audit = _audit_count(shop)
    assert shop.orders.cancel(order.id, idempotency_key="cancel-1") == first  # not "order_not_pending"
    assert _audit_count(shop) == audit
    _reused(shop, lambda: shop.orders.cancel(other.id, idempotency_key="cancel-1"), "cancel-1")
    assert shop.orders.get(other.id).state is ticketcore.OrderState.PENDING
    # Without a key, a repeat is refused as before.
    refused(shop, lambda: shop.orders.cancel(order.id), ConflictError, "order_not_pending")


def test_comp_with_a_key_returns_the_same_tickets(shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id, number_of_tickets_for_sale=10)
    holders = [("kim@example.com", "Kim Berg"), ("sam@example.com", "Sam Lund")]
    first = shop.tickets.comp(published_event.id, spec.id, holders=holders, note="press", idempotency_key="comp-1")
    again = shop.tickets.comp(published_event.id, spec.id, holders=holders, note="press", idempotency_key="comp-1")
    assert [t.id for t in again] == [t.id for t in first] and len(first) == 2
    assert again == first
    assert counts(shop, spec.id) == (2, 0, 8)
    _reused(shop, lambda: shop.tickets.comp(published_event.id, spec.id, holders=holders, note="crew",
                                            idempotency_key="comp-1"), "comp-1")
    _reused(shop, lambda: shop.tickets.comp(published_event.id, spec.id, holders=holders[:1], note="press",
                                            idempotency_key="comp-1"), "comp-1")


def test_pre_generate_with_a_key_returns_the_same_tickets(shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id, number_of_tickets_for_sale=10)
    first = shop.tickets.pre_generate(published_event.id, spec.id, quantity=3, idempotency_key="batch-1")
    again = shop.tickets.pre_generate(published_event.id, spec.id, quantity=3, idempotency_key="batch-1")
    assert again == first and len({t.id for t in first}) == 3
    assert counts(shop, spec.id) == (0, 3, 7)
    _reused(shop, lambda: shop.tickets.pre_generate(published_event.id, spec.id, quantity=4,
                                                    idempotency_key="batch-1"), "batch-1")


def test_activate_with_a_key_returns_the_first_result(shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id, number_of_tickets_for_sale=10)
    ticket, second = shop.tickets.pre_generate(published_event.id, spec.id, quantity=2)
    arguments: dict[str, Any] = {"holder_email": "kim@example.com", "holder_name": "Kim Berg",
                                 "amount": spec.price + spec.ticket_platform_fee + spec.percentage_fee_amount,
                                 "method": "cash"}
    first = shop.tickets.activate(ticket.id, **arguments, idempotency_key="door-1")
    assert first.state is ticketcore.TicketState.VALID
    audit = _audit_count(shop)
    assert shop.tickets.activate(ticket.id, **arguments, idempotency_key="door-1") == first
    assert _audit_count(shop) == audit
    assert counts(shop, spec.id) == (1, 1, 8)
    _reused(shop, lambda: shop.tickets.activate(second.id, **arguments, idempotency_key="door-1"), "door-1")
    _reused(shop, lambda: shop.tickets.activate(ticket.id, **{**arguments, "method": "card"},
                                                idempotency_key="door-1"), "door-1")


def test_keys_are_per_operation(shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id, number_of_tickets_for_sale=10)
    order = place(shop, published_event.id, [(spec.id, 1)], idempotency_key="k")
    paid = shop.orders.confirm_payment(order.id, payment_ref="pi_1", gateway="stripe", amount=order.total,
                                       idempotency_key="k")
    tickets = shop.tickets.pre_generate(published_event.id, spec.id, quantity=1, idempotency_key="k")
    comps = shop.tickets.comp(published_event.id, spec.id, holders=[("kim@example.com", "Kim")], idempotency_key="k")
    assert paid.id == order.id and tickets[0].id != comps[0].id
    assert counts(shop, spec.id) == (2, 1, 7)


def test_keys_of_different_organizations_do_not_collide(world: World, shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id, number_of_tickets_for_sale=10)
    bob = other_organization(world, scopes={"events:read", "events:write", "orders", "sales"})
    bob_event = make_event(bob, published=True)
    bob_spec = spec_on_sale(bob, bob_event.id, number_of_tickets_for_sale=10)
    mine = shop.tickets.comp(published_event.id, spec.id, holders=[("kim@example.com", "Kim")], idempotency_key="k")
    theirs = bob.tickets.comp(bob_event.id, bob_spec.id, holders=[("kim@example.com", "Kim")], idempotency_key="k")
    assert mine[0].id != theirs[0].id and theirs[0].event_id == bob_event.id
    mine_batch = shop.tickets.pre_generate(published_event.id, spec.id, quantity=1, idempotency_key="b")
    theirs_batch = bob.tickets.pre_generate(bob_event.id, bob_spec.id, quantity=1, idempotency_key="b")
    assert mine_batch[0].id != theirs_batch[0].id
    my_order = place(shop, published_event.id, [(spec.id, 1)])
    their_order = place(bob, bob_event.id, [(bob_spec.id, 1)])
    assert shop.orders.cancel(my_order.id, idempotency_key="c").id == my_order.id
    assert bob.orders.cancel(their_order.id, idempotency_key="c").id == their_order.id
    assert world.platform.check_integrity().ok and bob.check_integrity().ok


BAD_KEYS = {
    "empty": ("", "idempotency_key cannot be empty or blank"),
    "blank": (" \t\u3000", "idempotency_key cannot be empty or blank"),
    "too long": ("k" * 201, "idempotency_key is longer than 200 characters"),
    "newline": ("cart-1\n", "idempotency_key cannot contain control characters"),
    "C1": ("cart\x85x", "idempotency_key cannot contain control characters"),
    "DEL": ("cart\x7f", "idempotency_key cannot contain control characters"),
}


def test_a_nul_in_a_key_is_invalid_text(shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id, number_of_tickets_for_sale=10)
    before = shop.audit(limit=1000)
    with pytest.raises(ValidationError) as caught:
        place(shop, published_event.id, [(spec.id, 1)], idempotency_key="cart\x00-1")
    assert (caught.value.code, str(caught.value)) == ("invalid_text", "idempotency_key cannot contain NUL characters")
    assert shop.audit(limit=1000) == before


@pytest.mark.parametrize("key, message", BAD_KEYS.values(), ids=BAD_KEYS.keys())
def test_every_operation_validates_its_key(shop: Store, published_event: Event, key: str, message: str) -> None:
    spec = spec_on_sale(shop, published_event.id, number_of_tickets_for_sale=10)
    order = place(shop, published_event.id, [(spec.id, 1)])
    (ticket,) = shop.tickets.pre_generate(published_event.id, spec.id, quantity=1)
    price = spec.price + spec.ticket_platform_fee + spec.percentage_fee_amount
    calls: list[Callable[[], object]] = [
        lambda: place(shop, published_event.id, [(spec.id, 1)], idempotency_key=key),
        lambda: shop.orders.confirm_payment(order.id, payment_ref="pi", gateway="stripe", amount=order.total,
                                            idempotency_key=key),
        lambda: shop.orders.cancel(order.id, idempotency_key=key),
        lambda: shop.tickets.comp(published_event.id, spec.id, holders=[("kim@example.com", "Kim")],
                                  idempotency_key=key),
        lambda: shop.tickets.pre_generate(published_event.id, spec.id, quantity=1, idempotency_key=key),
        lambda: shop.tickets.activate(ticket.id, holder_email="kim@example.com", holder_name="Kim", amount=price,
                                      method="cash", idempotency_key=key),
    ]
    for call in calls:
        error = refused(shop, call, ValidationError, "invalid_idempotency_key", message)
        assert "idempotency_key" in str(error)


def test_a_key_of_200_characters_is_accepted(shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id)
    key = "é" * 200  # characters, not UTF-8 bytes
    first = place(shop, published_event.id, [(spec.id, 1)], idempotency_key=key)
    assert place(shop, published_event.id, [(spec.id, 1)], idempotency_key=key) == first


ORGANIZATION_COLUMN_ADDED_IN_5 = (
    "event_date", "specification", "specification_date", "specification_name", "pool", "pool_member",
    "inventory_claim", "promo_code", "promo_code_specification", "order_line", "ticket_holder", "ticket_date",
)


# SQLite only: the file is taken back to SQLite's schema 3 with sqlite3 (PostgreSQL's schema began after it).
def test_keys_of_orders_placed_before_the_migration_still_replay(tmp_path: Path) -> None:
    path = str(tmp_path / "v3.db")
    world = open_world(path)
    shop = shop_store(world)
    event = make_event(shop, published=True)
    spec = spec_on_sale(shop, event.id)
    first = place(shop, event.id, [(spec.id, 1)], idempotency_key="old-cart")
    del world, shop
    # Put the file back to schema 3, where orders.place kept its keys in idempotency_key (and,
    # before schema 5, the rows that belong to an event carried no organization_id of their own).
    with closing(sqlite3.connect(path)) as connection, connection:
        for index in ("order_paid_by_event", "order_totals_by_event"):
            connection.execute(f"DROP INDEX {index}")  # new in schema 22 (reports)
        for column in ("tickets", "total"):
            connection.execute(f"ALTER TABLE buy_order DROP COLUMN {column}")  # also new in schema 22
        for index in ("scan_log_admitted_by_time", "scan_log_by_point", "scan_log_conflicts",
                      "ticket_date_redeemed_by_date", "ticket_date_inside_by_date", "ticket_unsold_by_event",
                      "sale_item_by_event", "sale_open"):
            connection.execute(f"DROP INDEX {index}")  # new in schema 21 (reports)
        for table in ORGANIZATION_COLUMN_ADDED_IN_5:
            connection.execute(f"ALTER TABLE {table} DROP COLUMN organization_id")
        connection.execute("DROP INDEX ticket_by_holder")  # also new in schema 5
        connection.execute("DROP INDEX order_by_holder")
        for index in ("order_by_event_placed", "event_by_state", "promo_code_by_event", "ticket_holder_by_issue"):
            connection.execute(f"DROP INDEX {index}")  # new in schema 6
        connection.execute("ALTER TABLE specification DROP COLUMN holders")  # new in schema 7
        for index in ("order_hold_by_event", "order_due_by_organization"):
            connection.execute(f"DROP INDEX {index}")  # new in schema 8, which drops order_due
        connection.execute("CREATE INDEX order_due ON buy_order (state, expires_us)")
        for index in ("audit_by_entity_sequence", "audit_by_organization_operation", "audit_by_operation"):
            connection.execute(f"DROP INDEX {index}")  # new in schema 9, which drops audit_by_entity
        connection.execute("CREATE INDEX audit_by_entity ON audit_log (entity_id)")
        for table in ("staff_user", "pos_reader"):
            connection.execute(f"DROP TABLE {table}")  # new in schema 15 (staff, issue 9)
        for table in ("product_claim", "product"):
            connection.execute(f"DROP TABLE {table}")  # new in schema 17 (products)
        for column in ("revenue", "fees", "vat"):  # new in schema 20 (reports' money counters)
            connection.execute(f"ALTER TABLE inventory_claim DROP COLUMN {column}")
            connection.execute(f"ALTER TABLE specification DROP COLUMN sold_{column}")
        for index in ("claim_by_seat", "claim_by_volume"):
            connection.execute(f"DROP INDEX {index}")  # new in schema 18, with the seat map tables
        connection.execute("ALTER TABLE inventory_claim DROP COLUMN seat_id")
        connection.execute("ALTER TABLE inventory_claim DROP COLUMN volume_id")
        for table in ("volume", "seat", "seatmap"):
            connection.execute(f"DROP TABLE {table}")
        connection.execute("DROP INDEX ticket_revocation")  # new in schema 13
        connection.execute("ALTER TABLE ticket DROP COLUMN transferred_from")
        connection.execute("ALTER TABLE ticket DROP COLUMN transferred_to")
        for table in ("scan_log", "ticket_inspector", "board_member"):
            connection.execute(f"DROP TABLE {table}")  # new in schema 12 (its columns source and conflict in 14)
        connection.execute("DROP INDEX ticket_date_by_event_date")
        connection.execute("ALTER TABLE ticket_date DROP COLUMN entries")
        connection.execute("ALTER TABLE ticket_date DROP COLUMN inside")
        connection.execute("DROP TABLE signing_key")  # new in schema 10
        connection.execute("ALTER TABLE ticket DROP COLUMN generation")
        for index in ("ticket_refund_activity", "ticket_by_buyer_issued", "payment_by_ticket"):
            connection.execute(f"DROP INDEX {index}")  # new in schema 11, with the refund tables
        connection.execute("DROP TABLE refund_ticket")
        connection.execute("DROP TABLE refund")
        connection.execute("ALTER TABLE organization DROP COLUMN refund_fees")
        for index in ("order_by_sale", "sale_item_by_sale", "sale_due", "sale_by_organization"):
            connection.execute(f"DROP INDEX {index}")  # new in schema 15, with the sale tables
        connection.execute("ALTER TABLE buy_order DROP COLUMN sale_id")
        connection.execute("DROP INDEX pos_payment_by_sale")
        for table in ("pos_payment", "sale_item", "sale", "sale_number"):
            connection.execute(f"DROP TABLE {table}")
        connection.execute("ALTER TABLE organization DROP COLUMN box_office_fee")
        connection.execute("ALTER TABLE organization DROP COLUMN box_office_fee_vat_rate")
        connection.execute("ALTER TABLE organization DROP COLUMN customer_form")  # new in schema 19
        connection.executescript(
            """
            CREATE TABLE idempotency_key (organization_id TEXT NOT NULL, operation TEXT NOT NULL, key TEXT NOT NULL,
                request TEXT NOT NULL, result_id TEXT NOT NULL, PRIMARY KEY (organization_id, operation, key))
                WITHOUT ROWID;
            INSERT INTO idempotency_key SELECT organization_id, operation, key, fingerprint, json_extract(result_ids, '$[0]')
                FROM idempotency;
            DROP TABLE idempotency;
            PRAGMA user_version = 3;
            """
        )
    reopened = open_world(path, organization_name="Second")
    assert reopened.platform.schema_version == reopened.platform.latest_schema_version == 22
    with closing(sqlite3.connect(path)) as connection, connection:
        for table in ORGANIZATION_COLUMN_ADDED_IN_5:  # schema 5 filled them from the rows they belong to
            owners = {row[0] for row in connection.execute(f"SELECT organization_id FROM {table}")}
            assert owners <= {event.organization_id}, (table, owners)
        filled = {table for table in ORGANIZATION_COLUMN_ADDED_IN_5
                  if connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]}
        assert {"event_date", "specification", "specification_date", "inventory_claim", "order_line"} <= filled
        rows = connection.execute("SELECT operation, key, result_ids FROM idempotency").fetchall()
        # schema 22 gave each order the sums of its lines
        sums = connection.execute("SELECT tickets, total FROM buy_order WHERE id = ?", (first.id,)).fetchone()
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        indexes = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert rows == [("order.place", "old-cart", f'["{first.id}"]')] and "idempotency_key" not in tables
    assert {"order_hold_by_event", "order_due_by_organization"} <= indexes and "order_due" not in indexes
    assert sums == (1, first.total.minor) and first.total.minor > 0
    again = reopened.platform.acting_as(ticketcore.Actor("shop", event.organization_id, {"orders", "events:read"}))
    assert place(again, event.id, [(spec.id, 1)], idempotency_key="old-cart") == first
    assert counts(again, spec.id) == (0, 1, None)
    _reused(again, lambda: place(again, event.id, [(spec.id, 2)], idempotency_key="old-cart"), "old-cart")
