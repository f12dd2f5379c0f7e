"""Actors and scopes: who may do what, and tenants never see each other."""

from __future__ import annotations

import pickle
from collections.abc import Callable

import pytest

import ticketcore
from helpers import (
    ORG_SCOPES,
    World,
    add_spec,
    claim,
    cph,
    make_event,
    org_actor,
    other_organization,
    snapshot,
)
from ticketcore import Actor, NotFoundError, PermissionDeniedError, Store, ValidationError

Call = Callable[[], object]


def write_calls(store: Store, event_id: str, spec_id: str, pool_id: str) -> dict[str, Call]:
    return {
        "events.create": lambda: store.events.create("X", time_zone="UTC"),
        "events.add_date": lambda: store.events.add_date(event_id, cph(2027, 9, 1, 19), cph(2027, 9, 1, 22)),
        "events.publish": lambda: store.events.publish(event_id),
        "events.complete": lambda: store.events.complete(event_id),
        "specifications.add": lambda: store.specifications.add(event_id, "X"),
        "specifications.edit": lambda: store.specifications.edit(spec_id, name="X"),
        "specifications.set_active": lambda: store.specifications.set_active(spec_id, True),
        "specifications.remove": lambda: store.specifications.remove(spec_id),
        "pools.create": lambda: store.pools.create(event_id, "X", size=1),
        "pools.resize": lambda: store.pools.resize(pool_id, 3),
        "pools.add_specification": lambda: store.pools.add_specification(pool_id, spec_id),
        "pools.remove_specification": lambda: store.pools.remove_specification(pool_id, spec_id),
        "pools.remove": lambda: store.pools.remove(pool_id),
    }


def read_calls(store: Store, event_id: str, spec_id: str, pool_id: str) -> dict[str, Call]:
    return {
        "events.get": lambda: store.events.get(event_id),
        "events.list": lambda: store.events.list(),
        "specifications.get": lambda: store.specifications.get(spec_id),
        "specifications.list": lambda: store.specifications.list(event_id),
        "pools.get": lambda: store.pools.get(pool_id),
        "pools.list": lambda: store.pools.list(event_id),
        "check_integrity": lambda: store.check_integrity(),
        "audit": lambda: store.audit(),
    }


WRITE_NAMES = list(write_calls(None, "", "", "").keys())  # type: ignore[arg-type]
READ_NAMES = list(read_calls(None, "", "", "").keys())  # type: ignore[arg-type]
# Calls that take an id of another organization's entity (not list-all calls).
READ_BY_ID = ["events.get", "specifications.get", "specifications.list", "pools.get", "pools.list"]


@pytest.fixture
def catalogue(world: World) -> tuple[str, str, str]:
    """(event id, spec id, pool id) of the world's organization; the spec is not in the pool."""
    event = make_event(world.store)
    spec = add_spec(world.store, event.id, price=0)
    pool = world.store.pools.create(event.id, "Hall", size=2)
    return event.id, spec.id, pool.id


@pytest.mark.parametrize("name", WRITE_NAMES)
def test_writes_need_events_write(world: World, catalogue: tuple[str, str, str], name: str) -> None:
    reader = world.platform.acting_as(org_actor(world.organization_id, {"events:read"}, actor_id="reader"))
    before = snapshot(world.store)
    with pytest.raises(PermissionDeniedError) as caught:
        write_calls(reader, *catalogue)[name]()
    assert caught.value.code == "missing_scope"
    assert str(caught.value) == "Actor 'reader' lacks the scope 'events:write'"
    assert snapshot(world.store) == before


@pytest.mark.parametrize("name", READ_NAMES)
def test_reads_need_events_read(world: World, catalogue: tuple[str, str, str], name: str) -> None:
    writer = world.platform.acting_as(org_actor(world.organization_id, {"events:write", "scan"}, actor_id="writer"))
    with pytest.raises(PermissionDeniedError) as caught:
        read_calls(writer, *catalogue)[name]()
    assert caught.value.code == "missing_scope"
    assert str(caught.value) == "Actor 'writer' lacks the scope 'events:read'"


@pytest.mark.parametrize("name", [n for n in WRITE_NAMES if n != "events.create"] + READ_BY_ID)
def test_another_organizations_ids_are_refused(world: World, catalogue: tuple[str, str, str], name: str) -> None:
    intruder = other_organization(world)
    calls = {**write_calls(intruder, *catalogue), **read_calls(intruder, *catalogue)}
    before = snapshot(world.store)
    intruder_before = snapshot(intruder)
    with pytest.raises(PermissionDeniedError) as caught:
        calls[name]()
    assert caught.value.code == "other_organization"
    assert str(caught.value) == f"Actor 'bob' may not access organization '{world.organization_id}'"
    assert snapshot(world.store) == before
    assert snapshot(intruder) == intruder_before


def test_claims_on_another_organizations_spec_are_refused(world: World, catalogue: tuple[str, str, str]) -> None:
    intruder = other_organization(world)
    with pytest.raises(PermissionDeniedError) as caught:
        claim(intruder, catalogue[1], 1)
    assert caught.value.code == "other_organization"
    assert world.store.specifications.get(catalogue[1]).number_of_tickets_sold == 0


def test_tenants_see_only_their_own_data(world: World, catalogue: tuple[str, str, str]) -> None:
    other = other_organization(world)
    theirs = make_event(other, name="Theirs")
    add_spec(other, theirs.id, price=25000)
    assert [e.id for e in world.store.events.list().nodes] == [catalogue[0]]
    assert [e.id for e in other.events.list().nodes] == [theirs.id]
    own_audit = world.store.audit()
    assert {row.organization_id for row in own_audit} == {world.organization_id}
    assert all(row.entity_id != theirs.id for row in own_audit)
    assert world.store.check_integrity().specifications_checked == 1
    assert world.store.check_integrity().pools_checked == 1
    assert other.check_integrity().specifications_checked == 1
    assert other.check_integrity().pools_checked == 0
    # the platform sees everything
    assert world.platform.check_integrity().specifications_checked == 2
    assert {row.organization_id for row in world.platform.audit(limit=1000)} == {
        world.organization_id,
        other.actor.organization_id,
    }
    # billing is per organization
    assert world.store.organizations.get(world.organization_id).billing_profile_enabled is False


def test_organizations_get(world: World) -> None:
    other = other_organization(world)
    other_id = other.actor.organization_id
    assert other_id is not None
    assert world.store.organizations.get(world.organization_id) == world.organization
    assert world.platform.organizations.get(other_id).name == "Aarhus Rock"
    with pytest.raises(PermissionDeniedError) as caught:
        world.store.organizations.get(other_id)
    assert caught.value.code == "other_organization"
    with pytest.raises(NotFoundError) as not_found:
        world.platform.organizations.get("missing-org")
    assert not_found.value.code == "organization_not_found"
    assert str(not_found.value) == "Organization with id: missing-org not found."


def test_only_the_platform_creates_organizations(world: World) -> None:
    before = world.platform.audit(limit=1000)
    with pytest.raises(PermissionDeniedError) as caught:
        world.store.organizations.create("Sneaky", currency="DKK")
    assert caught.value.code == "missing_scope"
    assert str(caught.value) == "Actor 'anna' lacks the scope 'platform:admin'"
    assert world.platform.audit(limit=1000) == before
    created = world.platform.organizations.create("Odense Blues", currency="EUR", rounding=ticketcore.RoundingMode.HALF_EVEN)
    assert (created.name, created.currency, created.rounding) == ("Odense Blues", "EUR", ticketcore.RoundingMode.HALF_EVEN)
    assert created.billing_profile_enabled is False
    row = world.platform.audit(operation="organization.create")[-1]
    # filed under the organization it concerns, so that organization's actors see it too
    assert (row.entity_id, row.actor_id, row.organization_id) == (created.id, "ops", created.id)


@pytest.mark.parametrize(
    ("kwargs", "error", "code"),
    [
        ({"name": "", "currency": "DKK"}, ValidationError, "name_required"),
        ({"name": "X", "currency": "XYZ"}, ValidationError, "unknown_currency"),
        ({"name": "X", "currency": None}, TypeError, None),
        ({"name": "X", "currency": "DKK", "rounding": "HALF_UP"}, TypeError, None),
    ],
)
def test_organization_create_validation(
    world: World, kwargs: dict[str, object], error: type[Exception], code: str | None
) -> None:
    before = world.platform.audit(limit=1000)
    with pytest.raises(error) as caught:
        world.platform.organizations.create(**kwargs)  # type: ignore[arg-type]
    if code is not None:
        assert getattr(caught.value, "code") == code
    assert world.platform.audit(limit=1000) == before


def test_the_platform_actor_does_not_edit_events(world: World, catalogue: tuple[str, str, str]) -> None:
    with pytest.raises(PermissionDeniedError) as caught:
        world.platform.events.create("Platform event", time_zone="UTC")
    assert caught.value.code == "missing_scope"
    with pytest.raises(PermissionDeniedError) as caught:
        world.platform.events.get(catalogue[0])
    assert caught.value.code == "missing_scope"


def test_an_actor_without_an_organization(world: World, catalogue: tuple[str, str, str]) -> None:
    homeless = world.platform.acting_as(Actor("drifter", None, ORG_SCOPES))
    with pytest.raises(PermissionDeniedError) as caught:
        homeless.events.create("X", time_zone="UTC")
    assert caught.value.code == "organization_required"
    assert str(caught.value) == "Actor 'drifter' does not belong to an organization"
    with pytest.raises(PermissionDeniedError) as caught:
        homeless.events.list()
    assert caught.value.code == "organization_required"
    with pytest.raises(PermissionDeniedError) as caught:
        homeless.events.get(catalogue[0])
    assert caught.value.code == "other_organization"


def test_an_actor_of_an_unknown_organization(world: World) -> None:
    ghost = world.platform.acting_as(org_actor("no-such-organization"))
    with pytest.raises(NotFoundError) as caught:
        ghost.events.create("X", time_zone="UTC")
    assert caught.value.code == "organization_not_found"
    assert ghost.events.list().nodes == ()


def test_an_anonymous_store_refuses_everything(world: World, location: str, catalogue: tuple[str, str, str]) -> None:
    anonymous = world.platform.acting_as(Actor("anonymous"))
    fresh = ticketcore.open(location)
    assert fresh.actor == Actor("anonymous")
    assert fresh.actor.scopes == frozenset()
    calls = {**write_calls(anonymous, *catalogue), **read_calls(anonymous, *catalogue)}
    calls["organizations.create"] = lambda: fresh.organizations.create("X", currency="DKK")
    calls["organizations.get"] = lambda: anonymous.organizations.get(world.organization_id)
    calls["fresh.check_integrity"] = lambda: fresh.check_integrity()
    calls["fresh.events.list"] = lambda: fresh.events.list()
    before = snapshot(world.store)
    for name, call in calls.items():
        with pytest.raises(PermissionDeniedError) as caught:
            call()
        assert caught.value.code == "missing_scope", name
    assert snapshot(world.store) == before


@pytest.mark.parametrize("scope", ["events:delete", "admin", "", "EVENTS:READ", "events:read "])
def test_unknown_scopes_are_refused(scope: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Actor("anna", "org", {"events:read", scope})
    assert caught.value.code == "unknown_scope"
    assert str(caught.value) == f"Unknown scope: '{scope}'"


@pytest.mark.parametrize(
    ("args", "error", "code"),
    [
        (("", "org"), ValidationError, "actor_id_required"),
        (("anna", ""), ValidationError, "organization_required"),
        (("anna", "org", "events:read"), TypeError, None),
        (("anna", "org", [1]), TypeError, None),
        ((None, "org"), TypeError, None),
        (("anna", 5), TypeError, None),
    ],
)
def test_bad_actors(args: tuple[object, ...], error: type[Exception], code: str | None) -> None:
    with pytest.raises(error) as caught:
        Actor(*args)  # type: ignore[arg-type]
    if code is not None:
        assert getattr(caught.value, "code") == code


def test_every_known_scope_is_accepted() -> None:
    scopes = {"events:read", "events:write", "orders", "sales", "refunds", "scan", "reports:read"}
    actor = Actor("anna", "org", scopes)
    assert actor.scopes == frozenset(scopes)
    assert all(actor.has_scope(scope) for scope in scopes)
    assert not actor.has_scope("events:delete")


def test_actor_values() -> None:
    anna = Actor("anna", "org", ["events:read", "events:write", "events:read"])
    assert anna.id == "anna"
    assert anna.organization_id == "org"
    assert anna.scopes == frozenset({"events:read", "events:write"})
    assert isinstance(anna.scopes, frozenset)
    assert anna == Actor("anna", "org", {"events:write", "events:read"})
    assert hash(anna) == hash(Actor("anna", "org", {"events:write", "events:read"}))
    assert anna != Actor("anna", "org", {"events:read"})
    assert anna != Actor("anna", "other", {"events:read", "events:write"})
    assert pickle.loads(pickle.dumps(anna)) == anna
    assert repr(anna).startswith("Actor(id='anna', organization_id='org', scopes=")
    with pytest.raises(AttributeError):
        anna.id = "bob"  # type: ignore[misc]
    platform = Actor.platform("ops")
    assert (platform.id, platform.organization_id, platform.scopes) == ("ops", None, frozenset({"platform:admin"}))
    with pytest.raises(ValidationError):
        Actor.platform("")


def test_acting_as_shares_the_database(world: World) -> None:
    event = make_event(world.store)
    colleague = world.store.acting_as(org_actor(world.organization_id, actor_id="carl"))
    assert colleague.events.get(event.id) == event
    colleague.events.publish(event.id)
    assert world.store.events.get(event.id).state is ticketcore.EventState.PUBLISHED
    assert world.store.audit(operation="event.publish")[0].actor_id == "carl"
