"""Products (issue 9, the box office's non-ticket items): every operation of ``store.products`` with
its exact values, refusals and audit rows; the stock ledger the box office's sales take from
(reached here through the test hooks that run its one path, ``product_stock``), its counters and
their recount in ``check_integrity``; paging through an index; and the oversell race across
processes, shown first with the stock guard switched off, then held with it on. On both engines."""

from __future__ import annotations

import multiprocessing
import pickle
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import pytest

import pg_support
import ticketcore
from helpers import CLOCK_START, World, dkk, open_world, org_actor, other_organization, plan_problems, snapshot
from product_race_workers import ProductOutcome, race_for_product, share_product_barrier
from ticketcore import (
    CapacityError,
    ConflictError,
    Money,
    NotFoundError,
    PermissionDeniedError,
    Product,
    Store,
    TicketcoreError,
    ValidationError,
)
from ticketcore._core import _testing


def refused(store: Store, call: Callable[[], object], error: type[TicketcoreError], code: str, message: str) -> None:
    """``call`` raises exactly ``error`` with ``code`` and ``message``, and the organization's
    products, catalogue and audit log are as they were."""
    before = snapshot(store)
    with pytest.raises(error) as caught:
        call()
    assert type(caught.value) is error
    assert (caught.value.code, str(caught.value)) == (code, message)
    assert snapshot(store) == before


def programme(store: Store, **options: Any) -> Product:
    """A 40 DKK programme with 25 % VAT (and whatever ``options`` say)."""
    options.setdefault("price", 4000)
    options.setdefault("vat_rate", 2500)
    return store.products.create("Programme", **options)


# --- creating and reading ------------------------------------------------------------------------


def test_create_get_and_list(world: World, store: Store) -> None:
    created = store.products.create(
        "  Programme \t", price=4000, names={"da": " Program ", "de": "Programmheft"},
        description="48 pages, with the running order", vat_rate=2500, stock=100,
    )
    assert created.name == "Programme"  # trimmed
    assert created.names == {"da": "Program", "de": "Programmheft"}
    assert created.description == "48 pages, with the running order"
    assert (created.price, created.currency, created.vat_rate) == (dkk(4000), "DKK", 2500)
    assert (created.stock, created.sold, created.reserved, created.available) == (100, 0, 0, 100)
    assert created.is_active is True
    assert created.created == CLOCK_START
    token = store.products.create("Cloakroom token", price=Money("20.00", "DKK"), is_active=False)
    assert (token.price, token.vat_rate, token.description, token.names) == (dkk(2000), 0, "", {})
    assert (token.stock, token.available, token.is_active) == (None, None, False)
    free = store.products.create("Festival map", price=0)
    assert free.price == dkk(0)
    assert store.products.get(created.id) == created
    assert store.products.list().nodes == (created, token, free)
    entries = store.audit(operation="product.create")
    assert [entry.entity_id for entry in entries] == [created.id, token.id, free.id]
    assert entries[0].data == {
        "id": created.id, "name": "Programme", "names": {"da": "Program", "de": "Programmheft"},
        "description": "48 pages, with the running order", "price": {"minor": 4000, "currency": "DKK"},
        "vat_rate": 2500, "stock": 100, "sold": 0, "reserved": 0, "available": 100, "is_active": True,
        "created": int(CLOCK_START.timestamp()) * 1_000_000,
    }
    assert world.platform.check_integrity().products_checked == 3


def test_names_fall_back_like_specification_names(store: Store) -> None:
    shirt = store.products.create("T-shirt", price=25000, names={"da": "T-shirt (dansk)", "de-AT": "Leiberl"})
    assert shirt.name_for("da") == "T-shirt (dansk)"
    assert shirt.name_for("da-DK") == "T-shirt (dansk)"
    assert shirt.name_for("da_DK") == "T-shirt (dansk)"
    assert shirt.name_for("de-AT") == "Leiberl"
    assert shirt.name_for("de-DE") == "T-shirt"  # no "de", only "de-AT"
    assert shirt.name_for("sv") == "T-shirt"
    event = store.events.create("Sommerjazz", time_zone="Europe/Copenhagen")
    spec = store.specifications.add(event.id, "T-shirt", names={"da": "T-shirt (dansk)", "de-AT": "Leiberl"})
    for locale in ("da", "da-DK", "da_DK", "de-AT", "de-DE", "sv", ""):
        assert shirt.name_for(locale) == spec.name_for(locale), locale


CREATE_REFUSALS: list[tuple[str, dict[str, Any], str, str]] = [
    ("blank name", {"name": " \t "}, "name_required", "Name is required"),
    ("invisible name", {"name": "\u200b"}, "name_required", "Name is required"),
    ("long name", {"name": "x" * 201}, "text_too_long", "name is longer than 200 characters"),
    ("blank locale", {"names": {" ": "Program"}}, "invalid_locale", "Locale cannot be empty"),
    ("blank localized name", {"names": {"da": "  "}}, "name_required", "Name for locale 'da' is required"),
    ("long localized name", {"names": {"da": "x" * 201}}, "text_too_long",
     "names['da'] is longer than 200 characters"),
    ("long locale", {"names": {"x" * 36: "Program"}}, "text_too_long",
     "a locale of names is longer than 35 characters"),
    ("negative price", {"price": -1}, "negative_number", "price cannot be negative"),
    ("price in euros", {"price": Money("4.00", "EUR")}, "currency_mismatch", "Amount in EUR where DKK is expected"),
    ("negative VAT", {"vat_rate": -1}, "invalid_rate", "vat_rate must be between 0 and 10000 basis points"),
    ("VAT above 100 %", {"vat_rate": 10001}, "invalid_rate", "vat_rate must be between 0 and 10000 basis points"),
    ("negative stock", {"stock": -1}, "negative_number", "stock cannot be negative"),
    ("stock beyond 64 bits", {"stock": 2**63}, "number_out_of_range", "stock is out of range (it must fit in 64 bits)"),
    ("blank idempotency key", {"idempotency_key": " "}, "invalid_idempotency_key",
     "idempotency_key cannot be empty or blank"),
]


@pytest.mark.parametrize(("case", "options", "code", "message"), CREATE_REFUSALS, ids=[c[0] for c in CREATE_REFUSALS])
def test_create_refuses_bad_input_naming_it(store: Store, case: str, options: dict[str, Any], code: str,
                                            message: str) -> None:
    arguments: dict[str, Any] = {"name": "Programme", "price": 4000, **options}
    name = arguments.pop("name")
    refused(store, lambda: store.products.create(name, **arguments), ValidationError, code, message)


def test_wrong_types_are_type_errors_naming_the_parameter(store: Store) -> None:
    with pytest.raises(TypeError, match="price"):
        store.products.create("Programme", price=4.0)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="names"):
        store.products.create("Programme", price=4000, names=["da"])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="is_active"):
        store.products.create("Programme", price=4000, is_active=1)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="stock"):
        store.products.set_stock("x", "10")  # type: ignore[arg-type]
    assert store.products.list().nodes == ()


def test_create_with_an_idempotency_key_returns_the_first_product(store: Store) -> None:
    first = programme(store, stock=5, idempotency_key="till-3/programme")
    _testing.claim_product(store, first.id, 2, sold=True)
    again = programme(store, stock=5, idempotency_key="till-3/programme")
    assert again.id == first.id
    assert (again.sold, again.available) == (2, 3)  # the first product as it is now
    refused(store, lambda: programme(store, stock=6, idempotency_key="till-3/programme"), ConflictError,
            "idempotency_key_reused", "Idempotency key 'till-3/programme' was already used with different parameters")
    assert [p.id for p in store.products.list().nodes] == [first.id]
    assert len(store.audit(operation="product.create")) == 1
    # The key is the organization's: another organization's same key makes its own product.
    assert programme(store, stock=5, idempotency_key="till-3/other").id != first.id


# --- changing ------------------------------------------------------------------------------------


def test_update_changes_only_what_is_given(store: Store) -> None:
    shirt = store.products.create("T-shirt", price=25000, names={"da": "T-shirt"}, description="Black", vat_rate=2500,
                                  stock=40)
    renamed = store.products.update(shirt.id, name=" Festival T-shirt ", names={"da": " Festival-T-shirt "})
    assert (renamed.name, renamed.names) == ("Festival T-shirt", {"da": "Festival-T-shirt"})
    assert (renamed.description, renamed.price, renamed.vat_rate, renamed.stock) == ("Black", dkk(25000), 2500, 40)
    repriced = store.products.update(shirt.id, price=Money("199.00", "DKK"), vat_rate=0, description="")
    assert (repriced.price, repriced.vat_rate, repriced.description) == (dkk(19900), 0, "")
    cleared = store.products.update(shirt.id, names={})
    assert cleared.names == {}
    assert store.products.update(shirt.id) == cleared  # nothing given, nothing changed
    assert store.products.get(shirt.id) == cleared
    updates = store.audit(entity_id=shirt.id, operation="product.update")
    assert len(updates) == 4
    assert updates[0].data["before"]["name"] == "T-shirt"
    assert updates[0].data["after"]["name"] == "Festival T-shirt"


UPDATE_REFUSALS: list[tuple[str, dict[str, Any], str, str]] = [
    ("blank name", {"name": ""}, "name_required", "Name is required"),
    ("blank localized name", {"names": {"da": "\u3000"}}, "name_required", "Name for locale 'da' is required"),
    ("negative price", {"price": -100}, "negative_number", "price cannot be negative"),
    ("price in euros", {"price": Money("1.00", "EUR")}, "currency_mismatch", "Amount in EUR where DKK is expected"),
    ("VAT above 100 %", {"vat_rate": 20000}, "invalid_rate", "vat_rate must be between 0 and 10000 basis points"),
    ("NUL in the description", {"description": "a\x00b"}, "invalid_text", "description cannot contain NUL characters"),
]


@pytest.mark.parametrize(("case", "options", "code", "message"), UPDATE_REFUSALS, ids=[c[0] for c in UPDATE_REFUSALS])
def test_update_refuses_bad_input_naming_it(store: Store, case: str, options: dict[str, Any], code: str,
                                            message: str) -> None:
    shirt = programme(store)
    refused(store, lambda: store.products.update(shirt.id, **options), ValidationError, code, message)


def test_set_stock_follows_what_is_sold_and_reserved(store: Store) -> None:
    shirt = store.products.create("T-shirt", price=25000, stock=10)
    reserved = _testing.claim_product(store, shirt.id, 3)
    _testing.claim_product(store, shirt.id, 4, sold=True)
    now = store.products.get(shirt.id)
    assert (now.stock, now.sold, now.reserved, now.available) == (10, 4, 3, 3)
    refused(store, lambda: store.products.set_stock(shirt.id, 6), ConflictError, "stock_below_taken",
            "Stock cannot be less than the 7 sold or reserved")
    exact = store.products.set_stock(shirt.id, 7)
    assert (exact.stock, exact.available) == (7, 0)
    unlimited = store.products.set_stock(shirt.id, None)
    assert (unlimited.stock, unlimited.available) == (None, None)
    _testing.release_product_claim(store, reserved)
    assert store.products.set_stock(shirt.id, 4).available == 0  # the 4 sold
    refused(store, lambda: store.products.set_stock(shirt.id, -1), ValidationError, "negative_number",
            "stock cannot be negative")
    assert [(e.data["before"], e.data["after"]) for e in store.audit(operation="product.set_stock")] == [
        (10, 7), (7, None), (None, 4)]


def test_set_active_and_an_inactive_product_cannot_be_taken(store: Store) -> None:
    token = store.products.create("Cloakroom token", price=2000, stock=50)
    off = store.products.set_active(token.id, False)
    assert off.is_active is False
    refused(store, lambda: _testing.claim_product(store, token.id, 1), ConflictError, "product_inactive",
            f"Product with id: {token.id} is not active")
    assert store.products.set_active(token.id, True).is_active is True
    _testing.claim_product(store, token.id, 1)
    assert store.products.get(token.id).reserved == 1
    assert [(e.data["before"], e.data["after"]) for e in store.audit(operation="product.set_active")] == [
        (True, False), (False, True)]


# --- the stock ledger ----------------------------------------------------------------------------


def test_claims_take_all_or_nothing_and_never_more_than_the_stock(world: World, store: Store) -> None:
    shirt = store.products.create("T-shirt", price=25000, stock=5)
    first = _testing.claim_product(store, shirt.id, 3)
    refused(store, lambda: _testing.claim_product(store, shirt.id, 3, sold=True), CapacityError, "product_sold_out",
            f"Not enough stock of product 'T-shirt' (id: {shirt.id}): 2 left")
    _testing.claim_product(store, shirt.id, 2, sold=True)
    refused(store, lambda: _testing.claim_product(store, shirt.id, 1), CapacityError, "product_sold_out",
            f"Not enough stock of product 'T-shirt' (id: {shirt.id}): 0 left")
    refused(store, lambda: _testing.claim_product(store, shirt.id, 0), ValidationError, "invalid_quantity",
            "Quantity must be greater than 0")
    _testing.settle_product_claim(store, first)
    now = store.products.get(shirt.id)
    assert (now.sold, now.reserved, now.available) == (5, 0, 0)
    refused(store, lambda: _testing.settle_product_claim(store, first), ConflictError, "claim_not_reserved",
            f"Product claim {first} is sold")
    _testing.release_product_claim(store, first)
    _testing.release_product_claim(store, first)  # once given back, never twice
    assert store.products.get(shirt.id).available == 3
    refused(store, lambda: _testing.release_product_claim(store, "nope"), NotFoundError, "claim_not_found",
            "Product claim nope not found")
    unlimited = store.products.create("Programme", price=4000)
    _testing.claim_product(store, unlimited.id, 10**9, sold=True)
    assert store.products.get(unlimited.id).sold == 10**9
    report = world.platform.check_integrity()
    assert (report.ok, report.products_checked) == (True, 2)


@pytest.mark.corrupts_counters
def test_check_integrity_recounts_product_counters(world: World, store: Store) -> None:
    shirt = store.products.create("T-shirt", price=25000, stock=5)
    _testing.claim_product(store, shirt.id, 2, sold=True)
    _testing.corrupt_product_sold_counter(store, shirt.id, 4)
    report = world.platform.check_integrity()
    assert [(m.entity_type, m.entity_id, m.counter, m.stored, m.recounted) for m in report.mismatches] == [
        ("product", shirt.id, "sold", 6, 2)]
    assert [(e.entity_type, e.entity_id, e.capacity, e.taken) for e in report.over_capacity] == [
        ("product", shirt.id, 5, 6)]
    assert not store.check_integrity().ok  # the organization's own check sees it too
    other = other_organization(world)
    assert (other.check_integrity().ok, other.check_integrity().products_checked) == (True, 0)


# --- who may do what -----------------------------------------------------------------------------


def test_scopes_and_other_organizations(world: World, store: Store) -> None:
    shirt = programme(store)
    reader = world.platform.acting_as(org_actor(world.organization_id, {"events:read"}, actor_id="reader"))
    assert reader.products.get(shirt.id) == shirt
    assert reader.products.list().nodes == (shirt,)
    for call in (lambda: reader.products.create("Badge", price=500), lambda: reader.products.set_stock(shirt.id, 1),
                 lambda: reader.products.update(shirt.id, name="Badge"),
                 lambda: reader.products.set_active(shirt.id, False)):
        refused(store, call, PermissionDeniedError, "missing_scope", "Actor 'reader' lacks the scope 'events:write'")
    seller = world.platform.acting_as(org_actor(world.organization_id, {"orders"}, actor_id="seller"))
    refused(store, lambda: seller.products.get(shirt.id), PermissionDeniedError, "missing_scope",
            "Actor 'seller' lacks the scope 'events:read'")
    other = other_organization(world)
    message = f"Actor 'bob' may not access organization '{world.organization_id}'"
    for call in (lambda: other.products.get(shirt.id), lambda: other.products.set_stock(shirt.id, 1),
                 lambda: other.products.update(shirt.id, name="Mine"),
                 lambda: other.products.set_active(shirt.id, False),
                 lambda: _testing.claim_product(other, shirt.id, 1)):
        refused(store, call, PermissionDeniedError, "other_organization", message)
    assert other.products.list().nodes == ()
    refused(store, lambda: other.products.list(after=shirt.id), ValidationError, "invalid_cursor",
            f"Cursor '{shirt.id}' is not a product")
    refused(store, lambda: store.products.get("nope"), NotFoundError, "product_not_found",
            "Product with id: nope not found.")
    refused(store, lambda: world.platform.products.get(shirt.id), PermissionDeniedError, "missing_scope",
            "Actor 'ops' lacks the scope 'events:read'")
    # Another organization prices in its own currency.
    euros = other_organization(world, name="Berlin Club", currency="EUR")
    assert euros.products.create("Programme", price=500).price == Money("5.00", "EUR")


# --- reading in pages ----------------------------------------------------------------------------


def test_list_pages_in_creation_order(store: Store) -> None:
    made = [store.products.create(f"Product {n}", price=100 * n) for n in range(7)]
    first = store.products.list(first=3)
    assert [p.id for p in first.nodes] == [p.id for p in made[:3]]
    assert (first.has_next_page, first.end_cursor) == (True, made[2].id)
    second = store.products.list(first=3, after=first.end_cursor)
    assert [p.id for p in second.nodes] == [p.id for p in made[3:6]]
    last = store.products.list(first=3, after=second.end_cursor)
    assert ([p.id for p in last.nodes], last.has_next_page, last.end_cursor) == ([made[6].id], False, made[6].id)
    assert list(ticketcore.every(store.products.list)) == made
    refused(store, lambda: store.products.list(first=0), ValidationError, "invalid_page_size",
            "first must be between 1 and 50")
    refused(store, lambda: store.products.list(after="nope"), ValidationError, "invalid_cursor",
            "Cursor 'nope' is not a product")


def test_a_page_walks_the_organizations_index(world: World, store: Store, engine: str) -> None:
    """A page of products reads through product_by_organization in its order, never the whole
    table or a sort (on PostgreSQL with many rows of another organization, then ANALYZE)."""
    made = [store.products.create(f"Product {n}", price=100) for n in range(3)]
    if engine == "postgresql":
        other = other_organization(world)
        other_id = other.actor.organization_id
        pg_support.execute(world.platform.path, f"""
            INSERT INTO product (id, organization_id, name, names, description, price, currency, vat_rate,
                                 is_active, created_us)
            SELECT 'bulk-product-' || g, '{other_id}', 'Bulk', '{{}}', '', 100, 'DKK', 0, 1, 0
            FROM generate_series(1, 20000) g;
            ANALYZE;
        """)
    reads: dict[str, Callable[[], object]] = {
        "first page": lambda: store.products.list(first=2),
        "after a cursor": lambda: store.products.list(first=2, after=made[0].id),
        "get": lambda: store.products.get(made[1].id),
    }
    problems = {}
    for name, read in reads.items():
        plans = _testing.query_plans(read)
        if found := plan_problems(plans, ("product",)):
            problems[name] = found
        elif name != "get" and not any("product_by_organization" in line for _, lines in plans for line in lines):
            problems[name] = plans
    if engine == "postgresql":
        pg_support.execute(world.platform.path, "DELETE FROM product WHERE id LIKE 'bulk-product-%'")
    assert problems == {}


# --- snapshots -----------------------------------------------------------------------------------


def test_a_product_snapshot_is_a_value(store: Store) -> None:
    shirt = store.products.create("T-shirt", price=25000, names={"da": "T-shirt"}, stock=3)
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        copy = pickle.loads(pickle.dumps(shirt, protocol))
        assert copy == shirt and hash(copy) == hash(shirt)
    assert repr(shirt).startswith(f"Product(id='{shirt.id}', name='T-shirt', names={{'da': 'T-shirt'}}, ")
    assert shirt != store.products.set_stock(shirt.id, 4)
    page = store.products.list()
    assert pickle.loads(pickle.dumps(page)) == page
    with pytest.raises(AttributeError):
        shirt.name = "Hoodie"  # type: ignore[misc]


def test_migrating_to_the_products_version_adds_their_tables(tmp_path: Any) -> None:
    path = str(tmp_path / "v14.db")
    _testing.create_store_at_version(path, 14)
    world = open_world(path)
    assert world.platform.schema_version == world.platform.latest_schema_version
    assert programme(world.store, stock=1).available == 1


# --- the oversell race across processes ----------------------------------------------------------

PROCESSES = 2
THREADS = 4
ATTEMPTS = 5  # 2 processes x 4 threads x 5 = 40 claims of one
STOCK = 12


def run_product_race(path: str, organization_id: str, product_id: str, *, guard_disabled: bool) -> list[ProductOutcome]:
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=PROCESSES, mp_context=context, initializer=share_product_barrier,
                             initargs=(context.Barrier(PROCESSES),)) as pool:
        futures = [pool.submit(race_for_product, path, organization_id, product_id, index, THREADS, ATTEMPTS,
                               guard_disabled) for index in range(PROCESSES)]
        return [future.result(timeout=120) for future in futures]


def test_without_the_guard_racing_processes_oversell_the_stock(shared_location: str) -> None:
    # On both engines: a SQLite file several processes open, or a PostgreSQL schema each process
    # reaches with a Store (and a pool of connections) of its own.
    world = open_world(shared_location)
    shirt = world.store.products.create("T-shirt", price=25000, stock=STOCK)
    outcomes = run_product_race(shared_location, world.organization_id, shirt.id, guard_disabled=True)
    taken = sum(outcome.taken for outcome in outcomes)
    assert [outcome.unexpected for outcome in outcomes] == [(), ()]
    assert taken > STOCK, outcomes
    assert taken + sum(outcome.sold_out for outcome in outcomes) == PROCESSES * THREADS * ATTEMPTS
    now = world.store.products.get(shirt.id)
    assert (now.sold, now.available) == (taken, 0)
    report = world.platform.check_integrity()
    assert report.mismatches == ()  # the ledger and the counters agree: the stock was simply ignored
    assert [(e.entity_type, e.entity_id, e.capacity, e.taken) for e in report.over_capacity] == [
        ("product", shirt.id, STOCK, taken)]


def test_with_the_guard_racing_processes_take_exactly_the_stock(shared_location: str) -> None:
    world = open_world(shared_location)
    shirt = world.store.products.create("T-shirt", price=25000, stock=STOCK)
    outcomes = run_product_race(shared_location, world.organization_id, shirt.id, guard_disabled=False)
    assert [outcome.unexpected for outcome in outcomes] == [(), ()]
    assert sum(outcome.taken for outcome in outcomes) == STOCK
    assert sum(outcome.sold_out for outcome in outcomes) == PROCESSES * THREADS * ATTEMPTS - STOCK
    assert all(outcome.messages <= {f"Not enough stock of product 'T-shirt' (id: {shirt.id}): 0 left"}
               for outcome in outcomes)
    now = world.store.products.get(shirt.id)
    assert (now.sold, now.reserved, now.available) == (STOCK, 0, 0)
    assert world.platform.check_integrity().ok
