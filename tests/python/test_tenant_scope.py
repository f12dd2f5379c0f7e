"""Every statement of the core is scoped by its organization (the Citus distribution column).

A unit of work runs for one organization, the actor's, and each of its statements compares
every table it touches on ``organization_id``, so that a distributed PostgreSQL routes it to that
organization's shard (docs/postgresql.md, "Towards Citus"). The core records the text of every
statement it runs (test builds only, ``_testing.statements_run()``); tenant_scope.py checks them.
``test_every_statement_the_suite_ran_is_scoped`` is moved to the end of the run (conftest.py), so
it checks what the whole suite ran, on both engines, after a tour of its own.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from helpers import (
    World,
    add_spec,
    buyer,
    dkk,
    make_event,
    other_organization,
    pay,
    place,
    shop_store,
    spec_on_sale,
)
from tenant_scope import CROSS_ORGANIZATION, unscoped_statements, unscoped_tables
from ticketcore import NotFoundError, OrderState, PermissionDeniedError
from ticketcore._core import _testing


@pytest.mark.parametrize(
    ("sql", "tables"),
    [
        ("UPDATE pool SET size = ? WHERE id = ?", ["pool"]),
        ("UPDATE pool SET size = ? WHERE id = ? AND organization_id = ?", []),
        ("SELECT o.id FROM buy_order o JOIN order_line l ON l.order_id = o.id WHERE o.organization_id = ?",
         ["order_line"]),
        ("SELECT o.id FROM buy_order o JOIN order_line l ON l.order_id = o.id "
         "AND l.organization_id = o.organization_id WHERE o.organization_id = ?", []),
        ("SELECT organization_id FROM event WHERE id = ? AND state = ?", ["event"]),
        ("INSERT INTO buyer (id, identity) VALUES (?, ?)", ["buyer"]),
        ("INSERT INTO buyer (id, organization_id, identity) VALUES (?, ?, ?)", []),
        ("SELECT id FROM event WHERE id = ? AND organization_id = ? "
         "UNION ALL SELECT event_id FROM event_date WHERE event_id = ?", ["event_date"]),
        ("SELECT s.id FROM specification s WHERE s.event_id = ? AND s.organization_id = ? "
         "AND s.id IN (SELECT specification_id FROM pool_member WHERE pool_id = ?)", ["pool_member"]),
        ("SELECT id FROM organization WHERE id = ?", []),
    ],
)
def test_the_check_finds_each_table_a_statement_does_not_scope(sql: str, tables: list[str]) -> None:
    assert unscoped_tables(sql) == tables


def test_only_the_documented_cross_organization_reads_are_let_through() -> None:
    assert sorted(CROSS_ORGANIZATION) == ["/* every organization */ ", "/* owner of a missing id */ "]
    assert unscoped_statements(["UPDATE ticket SET state = ? WHERE id = ?"]) == [
        ("UPDATE ticket SET state = ? WHERE id = ?", ["ticket"])
    ]
    # The plans the test hook reads: a marked read behind EXPLAIN is still marked, an unmarked
    # one still caught.
    marked = "/* every organization */ SELECT sequence FROM audit_log WHERE sequence > ?"
    unmarked = "SELECT sequence FROM audit_log WHERE sequence > ?"
    assert unscoped_statements([f"EXPLAIN {marked}", f"EXPLAIN QUERY PLAN {marked}"]) == []
    assert unscoped_statements([f"EXPLAIN {unmarked}", f"EXPLAIN QUERY PLAN {unmarked}"]) == [
        (f"EXPLAIN {unmarked}", ["audit_log"]), (f"EXPLAIN QUERY PLAN {unmarked}", ["audit_log"])
    ]


def _tour(world: World) -> None:
    """Most of the API, as one organization, with a second organization's ids tried on it."""
    shop = shop_store(world)
    event = make_event(world.store, dates=2)
    draft = add_spec(world.store, event.id, number_of_tickets_for_sale=20)
    world.store.specifications.edit(draft.id, name="Member")
    spec = world.store.specifications.set_active(draft.id, True)
    other = spec_on_sale(world.store, event.id, "Guest", price=0)
    world.store.specifications.remove(add_spec(world.store, event.id, "Spare").id)
    world.store.events.publish(event.id)
    pool = world.store.pools.create(event.id, "Floor", size=15, specification_ids=[spec.id])
    world.store.pools.resize(pool.id, 16)
    world.store.pools.add_specification(pool.id, other.id)
    world.store.pools.remove_specification(pool.id, other.id)
    code = world.store.promo_codes.create(event.id, "JAZZ10", percent_off=10, specification_ids=[spec.id])
    first = place(shop, event.id, [(spec.id, 2)], promo_code="JAZZ10", idempotency_key="a")
    pay(shop, first)
    second = place(shop, event.id, [(spec.id, 1), (other.id, 1)], who=buyer("Bea Holm"))
    shop.orders.cancel(second.id)
    place(shop, event.id, [(spec.id, 1)], who=buyer("Cai Berg"))
    world.clock.advance(timedelta(hours=1))
    shop.orders.expire_due()
    [ticket] = shop.tickets.comp(event.id, other.id, holders=[("dan@example.com", "Dan")])
    [loose] = shop.tickets.pre_generate(event.id, other.id, quantity=1)
    shop.tickets.activate(loose.id, holder_email="eve@example.com", holder_name="Eve", amount=dkk(0), method="cash")
    shop.tickets.get(ticket.id)
    moved = shop.tickets.transfer(ticket.id, to_name="Finn", to_email="finn@example.com")
    shop.tickets.cancel(moved.id)
    shop.tickets.cancel_order(first.id)
    shop.tickets.revocations(event.id, first=5)
    shop.tickets.revocations(event.id, first=5, after=ticket.id)
    shop.tickets.list(event.id, first=5)
    shop.tickets.holders(event.id, first=5, order_state=OrderState.PAID)
    shop.orders.list(event.id, first=5)
    shop.orders.get(first.id)
    world.store.promo_codes.get(code.id)
    world.store.promo_codes.list(event.id)
    world.store.pools.list(event.id)
    world.store.specifications.list(event.id)
    world.store.events.list(first=5)
    for outbox_event in shop.outbox.pending(limit=5):
        shop.outbox.acknowledge(outbox_event.sequence)
    world.store.audit(limit=5)
    world.store.check_integrity()
    world.platform.check_integrity()
    world.platform.audit(limit=5)
    world.platform.organizations.get(world.organization_id)
    # Another organization's ids: refused as other_organization, the owner found by its probe.
    rival = other_organization(world)
    for attempt in (lambda: rival.events.get(event.id), lambda: rival.specifications.get(spec.id),
                    lambda: rival.pools.get(pool.id)):
        with pytest.raises(PermissionDeniedError):
            attempt()
    with pytest.raises(NotFoundError):
        rival.events.get("no-such-event")
    world.store.pools.remove(world.store.pools.create(event.id, "Spare", size=1).id)


def test_every_statement_the_suite_ran_is_scoped(world: World) -> None:
    _tour(world)
    statements = _testing.statements_run()
    assert len(statements) >= 60, "the tour ran too few statements to say anything"
    marked = [sql for sql in statements if sql.startswith("/*")]
    assert {sql.split("*/")[0] + "*/ " for sql in marked} == set(CROSS_ORGANIZATION)
    unscoped = unscoped_statements(statements)
    assert unscoped == [], "statements not scoped by organization_id:\n" + "\n".join(
        f"  {tables}: {sql}" for sql, tables in unscoped
    )
