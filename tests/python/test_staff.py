"""Staff users and POS readers (seed 001's ``User`` and ``Company.posReaders``) on both engines:
every operation of ``store.staff`` with its exact results, codes and messages, organizations kept
apart, scopes, audit rows and outbox events, idempotency keys, racing adds, and pages that walk
their indexes."""

from __future__ import annotations

import json
import pickle
import threading
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

import pytest

import pg_support
from helpers import CLOCK_START, World, org_actor, other_organization, plan_problems
from ticketcore import (
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    PosReader,
    PosReaderStatus,
    Store,
    TicketcoreError,
    User,
    ValidationError,
    every,
)
from ticketcore._core import _testing

ACTIVE, INACTIVE, DISCONNECTED = PosReaderStatus.ACTIVE, PosReaderStatus.INACTIVE, PosReaderStatus.DISCONNECTED


def staff_state(store: Store) -> tuple[list[User], list[PosReader], int]:
    """What the organization has of this area: its users, its readers, its audit rows."""
    return list(every(store.staff.users)), list(every(store.staff.pos_readers)), len(store.audit(limit=1000))


def refused(store: Store, call: Callable[[], object], error: type[TicketcoreError], code: str,
            message: str | None = None) -> None:
    """``call`` raises exactly ``error`` with ``code`` (and ``message``), and changes nothing."""
    before = staff_state(store)
    with pytest.raises(error) as raised:
        call()
    assert type(raised.value) is error
    assert raised.value.code == code, str(raised.value)
    if message is not None:
        assert str(raised.value) == message
    assert staff_state(store) == before


def staff_audit(store: Store) -> list[str]:
    return [entry.operation for entry in store.audit(limit=1000) if entry.operation.startswith("staff.")]


def member(world: World, *scopes: str) -> Store:
    return world.platform.acting_as(org_actor(world.organization_id, scopes, actor_id="member-1"))


# ---- staff users ----------------------------------------------------------------------------

def test_users_are_registered_renamed_and_listed(world: World) -> None:
    staff = world.store.staff
    anna = staff.add_user("anna", "  Anna Berg ")
    assert (anna.id, anna.name, anna.pos_reader, anna.created) == ("anna", "Anna Berg", None, CLOCK_START)
    assert staff.user("anna") == anna
    world.clock.advance(timedelta(minutes=1))
    bo = staff.add_user("bo", "Bo")
    assert bo.created == CLOCK_START + timedelta(minutes=1)
    renamed = staff.rename_user("anna", "Anna Holm\u00a0")
    assert (renamed.id, renamed.name, renamed.created) == ("anna", "Anna Holm", CLOCK_START)
    assert staff.rename_user("anna", "Anna Holm") == renamed  # the same name: nothing written
    assert list(every(staff.users)) == [renamed, bo]
    page = staff.users(first=1)
    assert (page.nodes, page.has_next_page, page.end_cursor) == ((renamed,), True, "anna")
    page = staff.users(first=1, after="anna")
    assert (page.nodes, page.has_next_page, page.end_cursor) == ((bo,), False, "bo")
    assert staff_audit(world.store) == ["staff.add_user", "staff.add_user", "staff.rename_user"]
    assert repr(bo) == (f"User(id='bo', name='Bo', pos_reader=None, created={bo.created!r})")


def test_user_errors(world: World) -> None:
    staff = world.store.staff
    staff.add_user("anna", "Anna")
    s = world.store
    refused(s, lambda: staff.add_user("anna", "Anna Again"), ConflictError, "user_exists",
            "User anna is already a staff user of the organization")
    refused(s, lambda: staff.user("carl"), NotFoundError, "user_not_found", "User with id: carl not found.")
    refused(s, lambda: staff.rename_user("carl", "Carl"), NotFoundError, "user_not_found",
            "User with id: carl not found.")
    refused(s, lambda: staff.assign_pos_reader("carl", None), NotFoundError, "user_not_found",
            "User with id: carl not found.")
    refused(s, lambda: staff.add_user("carl", " \t "), ValidationError, "name_required", "Name is required")
    refused(s, lambda: staff.add_user("carl", "Carl\nHansen"), ValidationError, "invalid_text",
            "name cannot contain control characters")
    refused(s, lambda: staff.rename_user("anna", "x" * 201), ValidationError, "text_too_long",
            "name is longer than 200 characters")
    assert staff.rename_user("anna", " " + "x" * 200 + " ").name == "x" * 200
    refused(s, lambda: staff.add_user(" ", "Carl"), ValidationError, "user_id_required", "User id cannot be empty")
    refused(s, lambda: staff.add_user("carl\x7f", "Carl"), ValidationError, "invalid_text",
            "user_id cannot contain control characters")
    refused(s, lambda: staff.add_user("u" * 201, "Carl"), ValidationError, "text_too_long",
            "user_id is longer than 200 characters")
    refused(s, lambda: staff.users(first=0), ValidationError, "invalid_page_size", "first must be between 1 and 50")
    refused(s, lambda: staff.users(after="carl"), ValidationError, "invalid_cursor",
            "Cursor 'carl' is not a staff user of this organization")


# ---- POS readers ----------------------------------------------------------------------------

def test_readers_have_unique_labels_and_a_status(world: World) -> None:
    staff = world.store.staff
    till = staff.add_pos_reader(" Till 1 ")
    assert (till.label, till.status, till.created) == ("Till 1", ACTIVE, CLOCK_START)
    assert staff.pos_reader(till.id) == till
    spare = staff.add_pos_reader("Spare", status=INACTIVE)
    assert spare.status is INACTIVE
    shouting = staff.rename_pos_reader(till.id, "TILL 1")  # its own label in another case
    assert (shouting.id, shouting.label) == (till.id, "TILL 1")
    gone = staff.set_pos_reader_status(till.id, DISCONNECTED)
    assert (gone.label, gone.status) == ("TILL 1", DISCONNECTED)
    assert staff.set_pos_reader_status(till.id, DISCONNECTED) == gone  # nothing written
    back = staff.set_pos_reader_status(till.id, ACTIVE)
    assert list(every(staff.pos_readers)) == [back, spare]
    page = staff.pos_readers(first=1)
    assert (page.nodes, page.has_next_page, page.end_cursor) == ((back,), True, till.id)
    assert staff.pos_readers(first=1, after=till.id).nodes == (spare,)
    assert staff_audit(world.store) == ["staff.add_pos_reader", "staff.add_pos_reader", "staff.rename_pos_reader",
                                        "staff.set_pos_reader_status", "staff.set_pos_reader_status"]
    events = [(e.topic, e.entity_id, e.payload) for e in world.store.outbox.pending(limit=100)]
    assert events == [
        ("pos_reader.status_changed", till.id, '{"label":"TILL 1","from":"ACTIVE","status":"DISCONNECTED"}'),
        ("pos_reader.status_changed", till.id, '{"label":"TILL 1","from":"DISCONNECTED","status":"ACTIVE"}'),
    ]


def test_reader_errors(world: World) -> None:
    staff = world.store.staff
    till = staff.add_pos_reader("Till 1")
    spare = staff.add_pos_reader("Spare")
    s = world.store
    refused(s, lambda: staff.add_pos_reader("till 1"), ConflictError, "pos_reader_label_taken",
            "A POS reader labelled 'till 1' already exists")
    refused(s, lambda: staff.rename_pos_reader(spare.id, " TILL 1"), ConflictError, "pos_reader_label_taken",
            "A POS reader labelled 'TILL 1' already exists")
    refused(s, lambda: staff.add_pos_reader(""), ValidationError, "label_required", "Label is required")
    refused(s, lambda: staff.rename_pos_reader(till.id, "\u200b"), ValidationError, "label_required",
            "Label is required")
    refused(s, lambda: staff.add_pos_reader("Till\t2"), ValidationError, "invalid_text",
            "label cannot contain control characters")
    refused(s, lambda: staff.add_pos_reader("T" * 101), ValidationError, "text_too_long",
            "label is longer than 100 characters")
    refused(s, lambda: staff.add_pos_reader("Till\x002"), ValidationError, "invalid_text",
            "label cannot contain NUL characters")
    refused(s, lambda: staff.pos_reader("r-x"), NotFoundError, "pos_reader_not_found",
            "POS reader with id: r-x not found.")
    refused(s, lambda: staff.set_pos_reader_status("r-x", ACTIVE), NotFoundError, "pos_reader_not_found",
            "POS reader with id: r-x not found.")
    refused(s, lambda: staff.rename_pos_reader("r-x", "X"), NotFoundError, "pos_reader_not_found",
            "POS reader with id: r-x not found.")
    refused(s, lambda: staff.pos_readers(after="r-x"), ValidationError, "invalid_cursor",
            "Cursor 'r-x' is not a POS reader of this organization")
    with pytest.raises(TypeError):
        staff.set_pos_reader_status(till.id, "ACTIVE")  # type: ignore[arg-type]


# ---- assigned readers -----------------------------------------------------------------------

def test_a_user_shows_the_assigned_reader_as_it_is_now(world: World) -> None:
    staff = world.store.staff
    till = staff.add_pos_reader("Till 1")
    bar = staff.add_pos_reader("Bar")
    anna = staff.add_user("anna", "Anna", pos_reader_id=till.id)
    assert anna.pos_reader == till
    staff.set_pos_reader_status(till.id, INACTIVE)
    reader = staff.user("anna").pos_reader
    assert reader is not None and (reader.id, reader.status) == (till.id, INACTIVE)
    assert staff.assign_pos_reader("anna", bar.id).pos_reader == bar
    assert staff.add_user("bo", "Bo", pos_reader_id=bar.id).pos_reader == bar  # one till, two sellers
    assert staff.assign_pos_reader("anna", None).pos_reader is None
    assert [user.pos_reader for user in every(staff.users)] == [None, bar]
    assert staff_audit(world.store) == ["staff.add_pos_reader", "staff.add_pos_reader", "staff.add_user",
                                        "staff.set_pos_reader_status", "staff.assign_pos_reader", "staff.add_user",
                                        "staff.assign_pos_reader"]
    refused(world.store, lambda: staff.add_user("carl", "Carl", pos_reader_id="r-x"), NotFoundError,
            "pos_reader_not_found", "POS reader with id: r-x not found.")
    refused(world.store, lambda: staff.assign_pos_reader("anna", "r-x"), NotFoundError, "pos_reader_not_found",
            "POS reader with id: r-x not found.")


# ---- organizations, scopes, idempotency -----------------------------------------------------

def test_organizations_are_kept_apart(world: World) -> None:
    theirs = other_organization(world)
    their_till = theirs.staff.add_pos_reader("Till 1")
    till = world.store.staff.add_pos_reader("Till 1")  # labels are unique per organization
    theirs.staff.add_user("anna", "Anna Theirs")
    refused(world.store, lambda: world.store.staff.user("anna"), NotFoundError, "user_not_found",
            "User with id: anna not found.")
    anna = world.store.staff.add_user("anna", "Anna Ours")  # an Actor id within each organization
    assert theirs.staff.user("anna").name == "Anna Theirs"
    organization = theirs.actor.organization_id
    message = f"Actor 'anna' may not access organization '{organization}'"
    staff = world.store.staff
    for call in (lambda: staff.pos_reader(their_till.id),
                 lambda: staff.set_pos_reader_status(their_till.id, INACTIVE),
                 lambda: staff.rename_pos_reader(their_till.id, "Mine"),
                 lambda: staff.assign_pos_reader("anna", their_till.id),
                 lambda: staff.add_user("carl", "Carl", pos_reader_id=their_till.id)):
        refused(world.store, call, PermissionDeniedError, "other_organization", message)
    refused(world.store, lambda: staff.pos_readers(after=their_till.id), ValidationError, "invalid_cursor")
    assert theirs.staff.pos_reader(their_till.id).status is ACTIVE
    assert list(every(staff.pos_readers)) == [till]
    assert list(every(staff.users)) == [anna]


def test_box_office_staff_read_and_admins_change(world: World) -> None:
    till = world.store.staff.add_pos_reader("Till 1")
    world.store.staff.add_user("anna", "Anna")
    seller = member(world, "sales")
    assert seller.staff.pos_reader(till.id) == till
    assert seller.staff.pos_readers().nodes == (till,)
    assert seller.staff.user("anna").name == "Anna"
    needs_write = "Actor 'member-1' lacks the scope 'events:write'"
    for call in (lambda: seller.staff.add_pos_reader("Till 2"),
                 lambda: seller.staff.set_pos_reader_status(till.id, INACTIVE),
                 lambda: seller.staff.rename_pos_reader(till.id, "X"),
                 lambda: seller.staff.add_user("bo", "Bo"),
                 lambda: seller.staff.rename_user("anna", "A"),
                 lambda: seller.staff.assign_pos_reader("anna", None)):
        refused(world.store, call, PermissionDeniedError, "missing_scope", needs_write)
    shop = member(world, "orders")
    needs_read = "Actor 'member-1' lacks the scope 'sales' or 'events:read'"
    for read in (lambda: shop.staff.pos_readers(), lambda: shop.staff.pos_reader(till.id),
                 lambda: shop.staff.users(), lambda: shop.staff.user("anna")):
        refused(world.store, read, PermissionDeniedError, "missing_scope", needs_read)
    refused(world.store, lambda: world.platform.staff.pos_readers(), PermissionDeniedError, "missing_scope",
            "Actor 'ops' lacks the scope 'sales' or 'events:read'")


def test_adds_take_an_idempotency_key(world: World) -> None:
    staff = world.store.staff
    till = staff.add_pos_reader("Till 1", idempotency_key="k-1")
    assert staff.add_pos_reader(" Till 1", idempotency_key="k-1") == till
    refused(world.store, lambda: staff.add_pos_reader("Till 2", idempotency_key="k-1"), ConflictError,
            "idempotency_key_reused", "Idempotency key 'k-1' was already used with different parameters")
    anna = staff.add_user("anna", "Anna", pos_reader_id=till.id, idempotency_key="k-2")
    assert staff.add_user("anna", "Anna", pos_reader_id=till.id, idempotency_key="k-2") == anna
    refused(world.store, lambda: staff.add_user("anna", "Anna", idempotency_key="k-2"), ConflictError,
            "idempotency_key_reused", "Idempotency key 'k-2' was already used with different parameters")
    assert staff_audit(world.store) == ["staff.add_pos_reader", "staff.add_user"]


def test_snapshots_pickle_and_compare(world: World) -> None:
    till = world.store.staff.add_pos_reader("Till 1")
    anna = world.store.staff.add_user("anna", "Anna", pos_reader_id=till.id)
    assert pickle.loads(pickle.dumps(anna)) == anna
    assert pickle.loads(pickle.dumps(till)) == till
    assert hash(pickle.loads(pickle.dumps(anna))) == hash(anna)
    micros = int((CLOCK_START - datetime(1970, 1, 1, tzinfo=timezone.utc)) / timedelta(microseconds=1))
    assert json.loads(getattr(anna, "to_json")()) == {  # the JSON it pickles as
        "id": "anna", "name": "Anna", "created": micros,
        "pos_reader": {"id": till.id, "label": "Till 1", "status": "ACTIVE", "created": micros}}


# ---- races and plans ------------------------------------------------------------------------

def test_racing_adds_of_one_label_or_user_make_one(file_world: World) -> None:
    """Threads, each with a store of its own, add the same label (and register the same user) at
    once: exactly one of each is made and the others are refused as conflicts, never a storage
    error (on PostgreSQL the unique index catches the race and the loser's retry finds the row)."""
    outcomes: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(6)

    def add(make: Callable[[Store], object]) -> None:
        store = file_world.platform.acting_as(file_world.store.actor)
        start.wait()
        try:
            make(store)
            outcome = "made"
        except ConflictError as error:
            outcome = error.code
        with lock:
            outcomes.append(outcome)

    makers: list[Callable[[Store], object]] = [lambda s: s.staff.add_pos_reader("Till 9")] * 3 + [
        lambda s: s.staff.add_user("anna", "Anna")] * 3
    threads = [threading.Thread(target=add, args=(make,)) for make in makers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == sorted(["made", "made"] + ["pos_reader_label_taken"] * 2 + ["user_exists"] * 2)
    assert [reader.label for reader in every(file_world.store.staff.pos_readers)] == ["Till 9"]
    assert [user.id for user in every(file_world.store.staff.users)] == ["anna"]


def test_staff_pages_read_through_indexes(world: World, engine: str) -> None:
    """Users and readers page through their indexes, and a reader is found by its id or label key,
    never by reading a table (on PostgreSQL with many rows of another organization, then ANALYZE)."""
    staff = world.store.staff
    till = staff.add_pos_reader("Till 1")
    staff.add_user("anna", "Anna", pos_reader_id=till.id)
    if engine == "postgresql":
        other = other_organization(world).actor.organization_id
        pg_support.execute(world.platform.path, f"""
            INSERT INTO pos_reader (id, organization_id, label, label_key, status, created_us)
            SELECT 'bulk-reader-' || g, '{other}', 'R' || g, 'r' || g, 'ACTIVE', 0 FROM generate_series(1, 20000) g;
            INSERT INTO staff_user (user_id, organization_id, name, pos_reader_id, created_us)
            SELECT 'bulk-user-' || g, '{other}', 'U', 'bulk-reader-1', 0 FROM generate_series(1, 20000) g;
            ANALYZE;
        """)
    reads = {
        "users": lambda: staff.users(first=50),
        "users after": lambda: staff.users(after="anna"),
        "user": lambda: staff.user("anna"),
        "readers": lambda: staff.pos_readers(first=50),
        "readers after": lambda: staff.pos_readers(after=till.id),
        "reader": lambda: staff.pos_reader(till.id),
        "add reader": lambda: staff.add_pos_reader("Till 2"),
        "rename reader": lambda: staff.rename_pos_reader(till.id, "Till 3"),
    }
    problems = {name: found for name, read in reads.items()
                if (found := plan_problems(_testing.query_plans(read), ("pos_reader", "staff_user")))}
    if engine == "postgresql":
        pg_support.execute(world.platform.path, """
            DELETE FROM staff_user WHERE user_id LIKE 'bulk-user-%';
            DELETE FROM pos_reader WHERE id LIKE 'bulk-reader-%';
        """)
    assert problems == {}
