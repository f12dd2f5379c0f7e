"""The door (seeds 002 and 004) on both engines: board members and ticket inspectors, validate
(writes nothing) and redeem (records the entry on the ticket date) with every refusal reason,
entries and exits, re-entry limits, scan points, nonces, the scan log, batches."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest

import pg_support
from helpers import (
    SHOP_SCOPES,
    World,
    cph,
    make_event,
    org_actor,
    other_organization,
    plan_problems,
    refused,
    shop_store,
    spec_on_sale,
)
from ticketcore import (
    ConflictError,
    DoorRefusal,
    DoorVerdict,
    Event,
    EventTicket,
    InspectorKind,
    NotFoundError,
    PermissionDeniedError,
    Scan,
    ScanDirection,
    ScanRequest,
    Store,
    TicketInspector,
    TicketSpecification,
    TicketState,
    ValidationError,
    door_refusal_message,
    every,
)
from ticketcore._core import _testing

SHOW = cph(2027, 7, 2, 19)  # make_event's first date: 19:00-23:00 in Copenhagen
UNKNOWN_ID = "00000000-0000-7000-8000-000000000000"


@dataclass
class Door:
    """A published two-date event, an inspector, and a scanner acting with the scan scope."""

    world: World
    admin: Store
    scanner: Store
    event: Event
    single: TicketSpecification
    reentry: TicketSpecification
    inspector: TicketInspector
    nonces: int = 0

    def comp(self, spec: TicketSpecification) -> EventTicket:
        return self.admin.tickets.comp(self.event.id, spec.id, holders=[("alex@example.com", "Alex Reyes")])[0]

    def scan(self, ticket: str, direction: str | ScanDirection = "in", *, at: datetime = SHOW,
             point: str = "main-door") -> Scan:
        self.nonces += 1
        return self.scanner.door.redeem(ticket, inspector_id=self.inspector.id, scan_point=point,
                                        nonce=f"n-{self.nonces}", direction=direction, at=at)

    def log(self) -> list[Scan]:
        return list(every(self.admin.door.scans, self.event.id))


@pytest.fixture
def door(world: World) -> Door:
    admin = shop_store(world, SHOP_SCOPES)
    scanner = world.platform.acting_as(org_actor(world.organization_id, {"scan"}, actor_id="scanner-1"))
    event = make_event(admin, dates=2, published=True)
    single = spec_on_sale(admin, event.id, "Single entry")
    reentry = spec_on_sale(admin, event.id, "Re-entry", allow_reentry=True, reentry_limit=2,
                           accepted_scan_points=["main-door", "side-door"])
    inspector = admin.door.add_external_inspector(event.id, name="Pat Lee", email="pat@example.com",
                                                  phone_number="+4512345678")
    return Door(world, admin, scanner, event, single, reentry, inspector)


# ---- inspectors (seed 002) ------------------------------------------------------------------

def test_external_inspectors_are_listed_per_event(door: Door) -> None:
    pat = door.inspector
    assert (pat.event_id, pat.kind, pat.board_member_id) == (door.event.id, InspectorKind.EXTERNAL, None)
    assert (pat.name, pat.email, pat.phone_number, pat.admissions) == ("Pat Lee", "pat@example.com",
                                                                       "+4512345678", 0)
    jo = door.admin.door.add_external_inspector(door.event.id, name="Jo", email="jo@example.com", phone_number="1")
    assert list(every(door.admin.door.ticket_inspectors, door.event.id)) == [pat, jo]
    page = door.admin.door.ticket_inspectors(door.event.id, first=1)
    assert (page.nodes, page.has_next_page, page.end_cursor) == ((pat,), True, pat.id)
    assert door.admin.door.ticket_inspectors(door.event.id, first=1, after=pat.id).nodes == (jo,)
    refused(door.admin, lambda: door.admin.door.add_external_inspector(door.event.id, name="Jo",
                                                                      email="jo@example.com", phone_number=" "),
            ValidationError, "phone_number_required", "Phone number is required")
    refused(door.admin, lambda: door.admin.door.ticket_inspectors(door.event.id, after="nope"), ValidationError,
            "invalid_cursor", "Cursor 'nope' is not a ticket inspector of this event")
    refused(door.admin, lambda: door.scanner.door.add_external_inspector(door.event.id, name="Jo",
                                                                        email="jo@example.com", phone_number="1"),
            PermissionDeniedError, "missing_scope", "Actor 'scanner-1' lacks the scope 'events:write'")


def test_board_member_inspectors_take_the_members_record(door: Door) -> None:
    member = door.admin.door.add_board_member("Kim Board", email="kim@example.com", phone_number="+45 2222")
    assert door.admin.door.board_members().nodes == (member,)
    kim = door.admin.door.add_board_member_inspector(door.event.id, member.id)
    assert (kim.kind, kim.board_member_id, kim.name, kim.email, kim.phone_number) == (
        InspectorKind.BOARD_MEMBER, member.id, "Kim Board", "kim@example.com", "+45 2222")
    refused(door.admin, lambda: door.admin.door.add_board_member_inspector(door.event.id, member.id), ConflictError,
            "board_member_already_inspector",
            f"Board member {member.id} is already a ticket inspector of event {door.event.id}")
    refused(door.admin, lambda: door.admin.door.add_board_member_inspector(door.event.id, "nobody"), NotFoundError,
            "board_member_not_found", "Board member with id: nobody not found.")
    other = other_organization(door.world)
    theirs = other.door.add_board_member("Their Member", email="their@example.com", phone_number="3")
    refused(door.admin, lambda: door.admin.door.add_board_member_inspector(door.event.id, theirs.id),
            PermissionDeniedError, "other_organization")


def test_an_inspector_who_checked_in_tickets_cannot_be_removed(door: Door) -> None:
    jo = door.admin.door.add_external_inspector(door.event.id, name="Jo", email="jo@example.com", phone_number="1")
    door.admin.door.remove_inspector(jo.id)
    assert list(every(door.admin.door.ticket_inspectors, door.event.id)) == [door.inspector]
    refused(door.admin, lambda: door.admin.door.get_inspector(jo.id), NotFoundError, "ticket_inspector_not_found",
            f"Ticket inspector with id: {jo.id} not found.")
    assert not door.scan("not a ticket").admitted  # a refused scan is no check-in
    assert door.scan(door.comp(door.single).id).admitted
    assert door.admin.door.get_inspector(door.inspector.id).admissions == 1
    refused(door.admin, lambda: door.admin.door.remove_inspector(door.inspector.id), ConflictError,
            "inspector_has_check_ins", "Cannot remove ticket inspector, who has already checked-in tickets")


def test_a_scan_names_an_inspector_of_the_tickets_event_and_organization(door: Door) -> None:
    ticket = door.comp(door.single)
    other_event = make_event(door.admin, published=True, name="Autumn Jazz")
    elsewhere = door.admin.door.add_external_inspector(other_event.id, name="Sam", email="sam@example.com",
                                                      phone_number="4")
    refused(door.admin, lambda: door.scanner.door.redeem(ticket.id, inspector_id=elsewhere.id,
                                                         scan_point="main-door", nonce="x1", at=SHOW),
            ConflictError, "inspector_other_event",
            f"Ticket inspector {elsewhere.id} does not inspect the event of ticket {ticket.id}")
    other = other_organization(door.world)
    their_event = make_event(other, published=True)
    theirs = other.door.add_external_inspector(their_event.id, name="Max", email="max@example.com", phone_number="5")
    refused(door.admin, lambda: door.scanner.door.redeem(ticket.id, inspector_id=theirs.id, scan_point="main-door",
                                                         nonce="x2", at=SHOW),
            PermissionDeniedError, "other_organization")
    assert door.log() == []


# ---- validate -------------------------------------------------------------------------------

def test_validate_writes_nothing(door: Door) -> None:
    ticket = door.comp(door.single)
    before = door.admin.audit(limit=1000)
    verdict = door.scanner.door.validate(ticket.id, scan_point="main-door", at=SHOW)
    assert (verdict.admitted, verdict.refusal, verdict.code, verdict.message) == (True, None, None, None)
    assert (verdict.ticket_id, verdict.event_date_id) == (ticket.id, door.event.dates[0].id)
    assert door.scanner.door.validate(ticket.id.upper(), at=SHOW).admitted
    assert door.admin.audit(limit=1000) == before
    assert door.log() == []
    assert door.admin.tickets.get(ticket.id) == ticket
    refused(door.admin, lambda: door.admin.door.validate(ticket.id), PermissionDeniedError, "missing_scope",
            "Actor 'shop' lacks the scope 'scan'")
    refused(door.admin, lambda: door.scanner.door.validate(ticket.id, scan_point=""), ValidationError,
            "invalid_scan_point", "scan_point cannot be blank")


REASONS = {
    DoorRefusal.UNKNOWN: ("unknown", "No such ticket"),
    DoorRefusal.FORGED: ("forged", "The code is not a genuine ticket of this organization"),
    DoorRefusal.REVOKED: ("revoked", "The ticket's code was revoked (transferred or re-issued)"),
    DoorRefusal.CANCELLED: ("cancelled", "The ticket was cancelled"),
    DoorRefusal.REFUNDED: ("refunded", "The ticket was refunded"),
    DoorRefusal.REFUND_IN_PROGRESS: ("refund_in_progress", "A refund of the ticket is in progress"),
    DoorRefusal.NOT_ACTIVATED: ("not_activated", "The ticket has not been activated"),
    DoorRefusal.NOT_FOR_THIS_DATE: ("not_for_this_date", "The ticket is not for this date"),
    DoorRefusal.NOT_AT_THIS_SCAN_POINT: ("not_at_this_scan_point", "The ticket is not accepted at this scan point"),
    DoorRefusal.ALREADY_INSIDE: ("already_inside", "The holder is already inside"),
    DoorRefusal.REENTRY_LIMIT_REACHED: ("reentry_limit_reached", "The ticket has no entries left"),
    DoorRefusal.OUTSIDE_EVENT_DATES: ("outside_event_dates", "No date of the event is open now"),
    DoorRefusal.NOT_INSIDE: ("not_inside", "The holder is not inside"),
}


def test_every_refusal_has_a_code_and_a_message() -> None:
    assert set(REASONS) == set(DoorRefusal)
    for refusal, (_, message) in REASONS.items():
        assert door_refusal_message(refusal) == message


def test_every_refusal_reason_through_validate_and_redeem(door: Door) -> None:
    store = door.admin
    revoked = door.comp(door.single)
    old_payload = store.tickets.qr(revoked.id)
    _testing.rotate_ticket_secret(store, revoked.id)  # what a transfer or a cancel does
    cancelled = door.comp(door.single)
    _testing.set_ticket_state(store, cancelled.id, state=TicketState.CANCELLED)
    refunded = door.comp(door.single)
    _testing.set_ticket_state(store, refunded.id, state=TicketState.VALID, is_refunded=True)
    in_progress = door.comp(door.single)
    _testing.set_ticket_state(store, in_progress.id, state=TicketState.VALID, is_refund_in_progress=True)
    unactivated = store.tickets.pre_generate(door.event.id, door.single.id, quantity=1)[0]
    # A ticket for the first night only (every ticket admits to every date of its event today).
    first_only = door.comp(door.single)
    _testing.detach_ticket_date(store, first_only.id, door.event.dates[1].id)
    vip = door.comp(door.reentry)
    fine = door.comp(door.single)
    expected = {
        UNKNOWN_ID: DoorRefusal.UNKNOWN,
        "TC:NOTAPAYLOAD": DoorRefusal.FORGED,
        _testing.sign_ticket_payload(store, UNKNOWN_ID): DoorRefusal.UNKNOWN,
        old_payload: DoorRefusal.REVOKED,
        cancelled.id: DoorRefusal.CANCELLED,
        refunded.id: DoorRefusal.REFUNDED,
        in_progress.id: DoorRefusal.REFUND_IN_PROGRESS,
        unactivated.id: DoorRefusal.NOT_ACTIVATED,
    }
    for text, refusal in expected.items():
        verdict = door.scanner.door.validate(text, scan_point="main-door", at=SHOW)
        assert (verdict.refusal, verdict.code, verdict.message) == (refusal, *REASONS[refusal]), text
        scan = door.scan(text)
        assert (scan.admitted, scan.refusal, scan.code) == (False, refusal, REASONS[refusal][0]), text
    night_two = SHOW + timedelta(days=1)
    assert door.scanner.door.validate(first_only.id, at=night_two).refusal is DoorRefusal.NOT_FOR_THIS_DATE
    assert door.scan(first_only.id, at=night_two).code == "not_for_this_date"
    assert door.scanner.door.validate(fine.id, at=SHOW - timedelta(hours=2, seconds=1)).refusal is (
        DoorRefusal.OUTSIDE_EVENT_DATES)
    assert door.scanner.door.validate(fine.id, at=SHOW - timedelta(hours=2)).admitted  # doors open 2 h early
    assert door.scan(fine.id, at=SHOW + timedelta(hours=5)).refusal is DoorRefusal.OUTSIDE_EVENT_DATES
    assert door.scan(vip.id, point="back-door").refusal is DoorRefusal.NOT_AT_THIS_SCAN_POINT
    assert door.scan(fine.id, "out").refusal is DoorRefusal.NOT_INSIDE
    assert door.scan(fine.id).admitted
    assert door.scan(fine.id).refusal is DoorRefusal.ALREADY_INSIDE
    assert door.scan(fine.id, "out").admitted
    assert door.scan(fine.id).refusal is DoorRefusal.REENTRY_LIMIT_REACHED
    # Nothing refused was admitted or recorded on a ticket date.
    for ticket in (revoked, cancelled, refunded, in_progress, unactivated, vip):
        assert not any(date.is_redeemed for date in store.tickets.get(ticket.id).event_dates)


# ---- redeem ---------------------------------------------------------------------------------

def test_entries_and_exits_on_the_ticket_date(door: Door) -> None:
    ticket = door.comp(door.reentry)
    first = door.scan(ticket.id, at=SHOW + timedelta(minutes=5))
    assert first.admitted
    assert (first.event_id, first.ticket_id, first.inspector_id, first.scan_point, first.direction) == (
        door.event.id, ticket.id, door.inspector.id, "main-door", ScanDirection.IN)
    assert (first.ticket_date_id, first.event_date_id) == (ticket.event_dates[0].id, door.event.dates[0].id)
    assert (first.entries, first.inside, first.at, first.nonce) == (1, True, SHOW + timedelta(minutes=5), "n-1")
    date = door.admin.tickets.get(ticket.id).event_dates[0]
    assert (date.is_redeemed, date.time_of_redemption, date.redeemed_by) == (
        True, SHOW + timedelta(minutes=5), door.inspector.id)
    out = door.scan(ticket.id, ScanDirection.OUT, at=SHOW + timedelta(minutes=30), point="anywhere")
    assert (out.admitted, out.entries, out.inside) == (True, 1, False)
    second = door.scan(ticket.id, at=SHOW + timedelta(minutes=40), point="side-door")
    assert (second.admitted, second.entries, second.inside) == (True, 2, True)
    assert door.scan(ticket.id, "out").admitted
    assert door.scan(ticket.id).refusal is DoorRefusal.REENTRY_LIMIT_REACHED
    # The first entry stays the redemption; the second night is a date of its own.
    date = door.admin.tickets.get(ticket.id).event_dates[0]
    assert (date.time_of_redemption, date.redeemed_by) == (SHOW + timedelta(minutes=5), door.inspector.id)
    night_two = door.scan(ticket.id, at=SHOW + timedelta(days=1))
    assert (night_two.admitted, night_two.event_date_id, night_two.entries) == (True, door.event.dates[1].id, 1)
    assert [scan.code for scan in door.log()] == [None, None, None, None, "reentry_limit_reached", None]
    assert [entry.operation for entry in door.admin.audit(limit=1000) if entry.operation.startswith("door.")][-6:] == [
        "door.redeem"] * 6
    topics = [event.topic for event in door.admin.outbox.pending(limit=1000)]
    assert topics.count("ticket.entered") == 3
    assert topics.count("ticket.exited") == 2
    refused(door.admin, lambda: door.scanner.door.redeem(ticket.id, inspector_id=door.inspector.id,
                                                         scan_point="main-door", nonce="z", direction="sideways"),
            ValidationError, "invalid_direction", "direction must be 'in' or 'out', got 'sideways'")


def test_a_repeated_nonce_returns_the_first_scan(door: Door) -> None:
    ticket = door.comp(door.single)

    def scan(direction: str = "in") -> Scan:
        return door.scanner.door.redeem(ticket.id, inspector_id=door.inspector.id, scan_point="main-door",
                                        nonce="scanner-7:1", direction=direction, at=SHOW)

    first = scan()
    assert first.admitted
    assert scan() == first
    assert door.log() == [first]
    refused(door.admin, lambda: scan("out"), ConflictError, "idempotency_key_reused",
            "Idempotency key 'scanner-7:1' was already used with different parameters")
    refused(door.admin, lambda: door.scanner.door.redeem(ticket.id, inspector_id=door.inspector.id,
                                                         scan_point="main-door", nonce="a\nb"),
            ValidationError, "invalid_nonce", "nonce cannot contain control characters")


def test_the_scan_log_pages(door: Door) -> None:
    tickets = [door.comp(door.single) for _ in range(3)]
    scans = [door.scan(ticket.id) for ticket in tickets] + [door.scan(tickets[0].id)]
    page = door.admin.door.scans(door.event.id, first=2)
    assert (page.nodes, page.has_next_page, page.end_cursor) == (tuple(scans[:2]), True, scans[1].id)
    assert door.admin.door.scans(door.event.id, after=scans[1].id).nodes == tuple(scans[2:])
    refused(door.admin, lambda: door.admin.door.scans(door.event.id, first=51), ValidationError, "invalid_page_size")


def test_batches_answer_each_item(door: Door) -> None:
    a, b = door.comp(door.single), door.comp(door.single)
    verdicts = door.scanner.door.validate_many([a.id, "junk", UNKNOWN_ID], scan_point="main-door", at=SHOW)
    assert [verdict.refusal for verdict in verdicts] == [None, DoorRefusal.FORGED, DoorRefusal.UNKNOWN]

    def request(ticket: str, nonce: str, inspector: str | None = None) -> ScanRequest:
        return ScanRequest(ticket, inspector_id=inspector or door.inspector.id, scan_point="main-door", nonce=nonce,
                           at=SHOW)

    outcomes = door.scanner.door.redeem_many([request(a.id, "b1"), request("junk", "b2"),
                                              request(b.id, "b3", "nobody"), request(b.id, "b4"),
                                              request(a.id, "b5")])
    assert [outcome.scan.code if outcome.scan else outcome.error_code for outcome in outcomes] == [
        None, "forged", "ticket_inspector_not_found", None, "already_inside"]
    assert outcomes[2].error_message == "Ticket inspector with id: nobody not found."
    assert len(door.log()) == 4
    # A retried batch records nothing new.
    again = door.scanner.door.redeem_many([request(a.id, "b1"), request(b.id, "b4")])
    assert [outcome.scan for outcome in again] == [outcomes[0].scan, outcomes[3].scan]
    assert len(door.log()) == 4
    refused(door.admin, lambda: door.scanner.door.redeem_many([request(a.id, f"m{n}") for n in range(501)]),
            ValidationError, "batch_too_large", "At most 500 scans per call")


def test_door_pages_and_scans_read_through_indexes(door: Door, engine: str) -> None:
    """The inspectors, board members and scan log page through their indexes, and a scan's reads
    and writes of a ticket date find it by key, never by reading a table (on PostgreSQL with many
    rows of other events, then ANALYZE, so that the planner weighs them)."""
    ticket = door.comp(door.single)
    scans = [door.scan(ticket.id) for _ in range(3)]
    member = door.admin.door.add_board_member("Kim", email="kim@example.com", phone_number="1")
    if engine == "postgresql":
        org = door.world.organization_id
        event_id = door.event.id
        pg_support.execute(door.world.platform.path, f"""
            INSERT INTO event (id, organization_id, name, description, location, time_zone, currency, state,
                               platform_fee, percentage_fee, vat_rate, created_us)
            VALUES ('bulk-event', '{org}', 'Bulk', '', '', 'Europe/Copenhagen', 'DKK', 'published', 0, 0, 0, 0);
            INSERT INTO board_member (id, organization_id, name, email, phone_number, created_us)
            SELECT 'bulk-member-' || g, '{org}', 'M', 'm@example.com', '1', 0 FROM generate_series(1, 20000) g;
            INSERT INTO ticket_inspector (id, organization_id, event_id, kind, name, email, phone_number, created_us)
            SELECT 'bulk-inspector-' || g, '{org}', 'bulk-event', 'external', 'I', 'i@example.com', '1', 0
            FROM generate_series(1, 20000) g;
            INSERT INTO scan_log (id, organization_id, event_id, inspector_id, scan_point, direction, nonce, reason,
                                  at_us, entries, inside)
            SELECT 'bulk-scan-' || g, '{org}', 'bulk-event', 'bulk-inspector-1', 'p', 'in', 'bulk-' || g, 'unknown',
                   0, 0, 0 FROM generate_series(1, 40000) g;
            ANALYZE;
        """)
        del event_id
    reads = {
        "inspectors": lambda: door.admin.door.ticket_inspectors(door.event.id, first=50),
        "inspectors after": lambda: door.admin.door.ticket_inspectors(door.event.id, after=door.inspector.id),
        "board members": lambda: door.admin.door.board_members(first=50),
        "board members after": lambda: door.admin.door.board_members(after=member.id),
        "scans": lambda: door.admin.door.scans(door.event.id, first=50),
        "scans after": lambda: door.admin.door.scans(door.event.id, after=scans[0].id),
        "validate": lambda: door.scanner.door.validate(ticket.id, at=SHOW),
        "redeem": lambda: door.scan(ticket.id, "out"),
    }
    # PostgreSQL reads the few rows of the tables this test does not fill whole, rightly.
    tables: tuple[str, ...] = ("board_member", "ticket_inspector", "scan_log")
    if engine == "sqlite":
        tables += ("ticket_date", "ticket", "event")
    problems = {name: found for name, read in reads.items()
                if (found := plan_problems(_testing.query_plans(read), tables))}
    if engine == "postgresql":
        pg_support.execute(door.world.platform.path, """
            DELETE FROM scan_log WHERE id LIKE 'bulk-scan-%';
            DELETE FROM ticket_inspector WHERE id LIKE 'bulk-inspector-%';
            DELETE FROM board_member WHERE id LIKE 'bulk-member-%';
            DELETE FROM event WHERE id = 'bulk-event';
        """)
    assert problems == {}


def test_qr_payloads_are_verified_with_the_organizations_keys(door: Door) -> None:
    ticket = door.comp(door.single)
    payload = door.admin.tickets.qr(ticket.id)
    verdict = door.scanner.door.validate(payload, at=SHOW)
    assert (verdict.admitted, verdict.ticket_id) == (True, ticket.id)
    flipped = payload[:40] + ("B" if payload[40] == "A" else "A") + payload[41:]
    for bad in (flipped, payload[:100], payload + "A", "TC:", payload.lower(), ticket.id + "x"):
        assert door.scanner.door.validate(bad, at=SHOW).refusal is DoorRefusal.FORGED, bad
    # Signed by another organization: forged here, whatever it names.
    other = other_organization(door.world, scopes=SHOP_SCOPES)
    their_event = make_event(other, published=True)
    theirs = spec_on_sale(other, their_event.id)
    their_ticket = other.tickets.comp(their_event.id, theirs.id, holders=[("x@example.com", "X")])[0]
    assert door.scanner.door.validate(other.tickets.qr(their_ticket.id), at=SHOW).refusal is DoorRefusal.FORGED
    # A generation the ticket never had is forged; after a rotation the old payload is revoked: it
    # lets its holder out, never in, and the new one is the ticket's.
    assert door.scanner.door.validate(_testing.sign_ticket_payload(door.admin, ticket.id, generation=2),
                                      at=SHOW).refusal is DoorRefusal.FORGED
    assert door.scan(payload).admitted
    _testing.rotate_ticket_secret(door.admin, ticket.id)
    fresh = door.admin.tickets.qr(ticket.id)
    assert door.scan(payload, "out").admitted
    refused_scan = door.scan(payload)
    assert (refused_scan.refusal, refused_scan.ticket_id) == (DoorRefusal.REVOKED, ticket.id)
    assert door.scanner.door.validate(fresh, at=SHOW).refusal is DoorRefusal.REENTRY_LIMIT_REACHED
    # A signing key rotated out still verifies what it signed until it is retired.
    new_key = door.admin.organizations.rotate_signing_key()
    assert door.scanner.door.validate(fresh, at=SHOW).ticket_id == ticket.id
    old_keys = [key for key in door.admin.organizations.signing_keys() if key.key_id != new_key.key_id]
    door.admin.organizations.retire_signing_key(old_keys[0].key_id)
    assert door.scanner.door.validate(fresh, at=SHOW).refusal is DoorRefusal.FORGED


def test_adding_members_and_inspectors_takes_an_idempotency_key(door: Door) -> None:
    admin = door.admin.door
    member = admin.add_board_member("Kim", email="kim@example.com", phone_number="1", idempotency_key="m-1")
    assert admin.add_board_member("Kim", email="kim@example.com", phone_number="1", idempotency_key="m-1") == member
    jo = admin.add_external_inspector(door.event.id, name="Jo", email="jo@example.com", phone_number="2",
                                      idempotency_key="i-1")
    assert admin.add_external_inspector(door.event.id, name="Jo", email="jo@example.com", phone_number="2",
                                        idempotency_key="i-1") == jo
    kim = admin.add_board_member_inspector(door.event.id, member.id, idempotency_key="i-2")
    assert admin.add_board_member_inspector(door.event.id, member.id, idempotency_key="i-2") == kim
    assert [i.id for i in every(admin.ticket_inspectors, door.event.id)] == [door.inspector.id, jo.id, kim.id]
    assert len(admin.board_members().nodes) == 1
    refused(door.admin, lambda: admin.add_external_inspector(door.event.id, name="Other", email="jo@example.com",
                                                             phone_number="2", idempotency_key="i-1"),
            ConflictError, "idempotency_key_reused", "Idempotency key 'i-1' was already used with different parameters")
