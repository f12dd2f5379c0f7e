"""Each organization's Ed25519 signing keys: made with the organization, listed for scanners,
rotated (the old key kept for verifying) and retired; and a ticket's QR payload signed with the
active key. Whether a payload verifies is the door's to say (test_door.py); here, what the
payload carries and which key signed it."""

from __future__ import annotations

import base64
import hashlib
import json
import sqlite3
import uuid
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import pytest

import ticketcore
from helpers import (
    CLOCK_START,
    World,
    audit_rows,
    org_actor,
    other_organization,
    shop_store,
    spec_on_sale,
)
from ticketcore import (
    Actor,
    ConflictError,
    Event,
    KeyState,
    NotFoundError,
    PermissionDeniedError,
    SigningKeyInfo,
    Store,
    ValidationError,
)
from ticketcore._core import _testing


def payload_fields(payload: str) -> tuple[int, str, int, str, bytes]:
    """(version, ticket id, generation, key id, signature) of a payload text."""
    assert payload.startswith("TC:")
    body = payload[3:]
    raw = base64.b32decode(body + "=" * (-len(body) % 8))
    assert len(raw) == 93
    return (
        raw[0],
        str(uuid.UUID(bytes=raw[1:17])),
        int.from_bytes(raw[17:21], "big"),
        raw[21:29].hex(),
        raw[29:],
    )


def key_id_of(public_key: str) -> str:
    return hashlib.sha256(bytes.fromhex(public_key)).digest()[:8].hex()


def a_ticket(world: World, event: Event) -> str:
    shop = shop_store(world)
    spec = spec_on_sale(shop, event.id, number_of_tickets_for_sale=5)
    return shop.tickets.comp(event.id, spec.id, holders=[("pat@example.com", "Pat Lee")], note="crew")[0].id


def test_an_organization_is_made_with_one_active_key(world: World, store: Store) -> None:
    keys = store.organizations.signing_keys()
    assert len(keys) == 1
    key = keys[0]
    assert isinstance(key, SigningKeyInfo)
    assert key.state is KeyState.ACTIVE
    assert len(key.public_key) == 64 and bytes.fromhex(key.public_key).hex() == key.public_key
    assert key.key_id == key_id_of(key.public_key)
    assert key.created == CLOCK_START
    assert (key.rotated, key.retired) == (None, None)
    creation = [row for row in audit_rows(world.platform.acting_as(org_actor(world.organization_id)))
                if row.operation == "organization.create"]
    assert creation and json.loads(creation[0].payload)["signing_key_id"] == key.key_id


def test_each_organization_has_its_own_key(world: World, store: Store) -> None:
    other = other_organization(world)
    assert store.organizations.signing_keys()[0].key_id != other.organizations.signing_keys()[0].key_id


def test_a_ticket_payload_names_the_ticket_its_generation_and_the_active_key(
    world: World, store: Store, published_event: Event
) -> None:
    ticket_id = a_ticket(world, published_event)
    payload = store.tickets.qr(ticket_id)
    assert len(payload) == 152
    assert set(payload[3:]) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    version, named_ticket, generation, key_id, signature = payload_fields(payload)
    assert (version, named_ticket, generation) == (1, ticket_id, 1)
    assert key_id == store.organizations.signing_keys()[0].key_id
    assert len(signature) == 64
    # Ed25519 is deterministic: a ticket's payload is one text until its key or generation changes.
    assert store.tickets.qr(ticket_id) == payload


def test_rotation_signs_new_payloads_with_a_new_key_and_keeps_the_old_one_for_verifying(
    world: World, store: Store, published_event: Event
) -> None:
    ticket_id = a_ticket(world, published_event)
    first = store.organizations.signing_keys()[0]
    old_payload = store.tickets.qr(ticket_id)
    world.clock.advance(timedelta(days=1))

    new = store.organizations.rotate_signing_key()

    assert new.state is KeyState.ACTIVE and new.key_id != first.key_id
    assert new.created == CLOCK_START + timedelta(days=1)
    keys = store.organizations.signing_keys()
    assert [(key.key_id, key.state) for key in keys] == [(first.key_id, KeyState.VERIFYING),
                                                         (new.key_id, KeyState.ACTIVE)]
    assert keys[0].rotated == CLOCK_START + timedelta(days=1)
    new_payload = store.tickets.qr(ticket_id)
    assert new_payload != old_payload
    assert payload_fields(new_payload)[3] == new.key_id
    assert payload_fields(old_payload)[3] == first.key_id
    assert audit_rows(store)[-1].operation == "organization.rotate_signing_key"
    assert json.loads(audit_rows(store)[-1].payload)["previous_key_id"] == first.key_id


def test_a_key_kept_for_verifying_can_be_retired(world: World, store: Store) -> None:
    first = store.organizations.signing_keys()[0]
    store.organizations.rotate_signing_key()
    world.clock.advance(timedelta(hours=2))

    retired = store.organizations.retire_signing_key(first.key_id)

    assert retired.state is KeyState.RETIRED
    assert retired.retired == CLOCK_START + timedelta(hours=2)
    assert first.key_id not in [key.key_id for key in store.organizations.signing_keys()]
    assert audit_rows(store)[-1].operation == "organization.retire_signing_key"
    error = pytest.raises(ConflictError, store.organizations.retire_signing_key, first.key_id).value
    assert (error.code, str(error)) == ("key_retired", f"Signing key {first.key_id} is already retired")


def test_the_active_key_cannot_be_retired(store: Store) -> None:
    active = store.organizations.signing_keys()[0]
    error = pytest.raises(ConflictError, store.organizations.retire_signing_key, active.key_id).value
    assert error.code == "active_key"
    assert str(error) == f"Signing key {active.key_id} is the active key: rotate to a new key before retiring it"
    assert store.organizations.signing_keys() == [active]


@pytest.mark.parametrize("key_id", ["", "0123", "0123456789ABCDEF", "0123456789abcdeg", "0123456789abcdef0"])
def test_a_key_id_must_be_16_lowercase_hex_digits(store: Store, key_id: str) -> None:
    error = pytest.raises(ValidationError, store.organizations.retire_signing_key, key_id).value
    assert (error.code, str(error)) == ("invalid_key_id", "key_id must be 16 lowercase hex digits")


def test_an_unknown_or_foreign_key_is_not_found(world: World, store: Store) -> None:
    error = pytest.raises(NotFoundError, store.organizations.retire_signing_key, "0123456789abcdef").value
    assert (error.code, str(error)) == ("key_not_found", "Signing key 0123456789abcdef not found.")
    other = other_organization(world)
    foreign = other.organizations.signing_keys()[0].key_id
    other.organizations.rotate_signing_key()
    assert pytest.raises(NotFoundError, store.organizations.retire_signing_key, foreign).value.code == "key_not_found"
    assert other.organizations.signing_keys()[0].state is KeyState.VERIFYING


def test_an_organization_keeps_at_most_16_live_keys(store: Store) -> None:
    for _ in range(15):
        store.organizations.rotate_signing_key()
    keys = store.organizations.signing_keys()
    assert len(keys) == 16
    error = pytest.raises(ConflictError, store.organizations.rotate_signing_key).value
    assert error.code == "too_many_keys"
    assert str(error) == "An organization keeps at most 16 signing keys that are not retired: retire one first"
    assert store.organizations.signing_keys() == keys
    store.organizations.retire_signing_key(keys[0].key_id)
    assert store.organizations.rotate_signing_key().state is KeyState.ACTIVE


def test_scopes(world: World) -> None:
    scanner = world.platform.acting_as(org_actor(world.organization_id, {"scan"}, actor_id="door-1"))
    assert len(scanner.organizations.signing_keys()) == 1
    error = pytest.raises(PermissionDeniedError, scanner.organizations.rotate_signing_key).value
    assert error.code == "missing_scope"
    nobody = world.platform.acting_as(org_actor(world.organization_id, set(), actor_id="nobody"))
    assert pytest.raises(PermissionDeniedError, nobody.organizations.signing_keys).value.code == "missing_scope"
    platform_error = pytest.raises(PermissionDeniedError, world.platform.organizations.signing_keys).value
    assert platform_error.code == "missing_scope"


def test_qr_of_unknown_and_foreign_tickets(world: World, store: Store, published_event: Event) -> None:
    ticket_id = a_ticket(world, published_event)
    missing = "01900000-0000-7000-8000-000000000000"
    error = pytest.raises(NotFoundError, store.tickets.qr, missing).value
    assert (error.code, str(error)) == ("ticket_not_found", f"Ticket with id: {missing} not found.")
    other = other_organization(world)
    assert pytest.raises(PermissionDeniedError, other.tickets.qr, ticket_id).value.code == "other_organization"


def test_an_organization_from_before_keys_gets_its_first_key_on_first_need(tmp_path: Path) -> None:
    path = str(tmp_path / "v9.db")
    _testing.create_store_at_version(path, 9)
    organization_id = "01900000-0000-7000-8000-0000000000aa"
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.execute(
            "INSERT INTO organization (id, name, currency, rounding, billing_profile_enabled, created_us) "
            "VALUES (?, 'Old Org', 'DKK', 'half-up', 0, 0)",
            (organization_id,),
        )
    store = ticketcore.open(path, actor=Actor("anna", organization_id, {"events:read", "events:write"}))
    assert store.schema_version == store.latest_schema_version
    keys = store.organizations.signing_keys()
    assert [key.state for key in keys] == [KeyState.ACTIVE]
    assert store.organizations.signing_keys() == keys
