"""Offline scanners (issue 8) on both engines: the scanner export, an OfflineScanner that decides
like ``door.validate`` from the export alone (compared verdict by verdict on a varied event), what
it decides without the ticket list, the import of offline scans (once by nonce, by instant,
conflicts kept and flagged), and seed 000's attendance feed."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pytest

from helpers import (
    SHOP_SCOPES,
    World,
    buyer,
    cph,
    make_event,
    org_actor,
    other_organization,
    pay,
    place,
    refused,
    shop_store,
    spec_on_sale,
)
from ticketcore import (
    DoorRefusal,
    Event,
    EventTicket,
    InspectorKind,
    NotFoundError,
    OfflineScan,
    OfflineScanner,
    PermissionDeniedError,
    ScanDirection,
    ScanSource,
    Store,
    TicketInspector,
    TicketSpecification,
    TicketState,
    ValidationError,
    every,
)
from ticketcore._core import _testing

EVENING = cph(2027, 7, 2, 19)  # make_event's first date: 19:00-23:00 in Copenhagen, then a day apart
UNKNOWN_ID = "00000000-0000-7000-8000-000000000000"


def _altered(payload: str) -> str:
    return payload[:-1] + ("A" if payload[-1] != "A" else "B")


@dataclass
class Gate:
    """A published three-evening event with varied specifications and tickets in every state."""

    world: World
    admin: Store
    scanner: Store
    event: Event
    inspector: TicketInspector
    specs: dict[str, TicketSpecification] = field(default_factory=dict)
    tickets: dict[str, EventTicket] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    nonces: int = 0

    def redeem(self, ticket: str, direction: str = "in", *, at: datetime = EVENING, point: str = "main-door") -> None:
        self.nonces += 1
        self.scanner.door.redeem(ticket, inspector_id=self.inspector.id, scan_point=point, direction=direction,
                                 nonce=f"setup-{self.nonces}", at=at)


def _comp(admin: Store, event: Event, spec: TicketSpecification, name: str = "Alex Reyes") -> EventTicket:
    email = name.split()[0].lower() + "@example.com"
    return admin.tickets.comp(event.id, spec.id, holders=[(email, name)])[0]


@pytest.fixture
def gate(world: World) -> Gate:
    admin = shop_store(world, SHOP_SCOPES | {"refunds"})
    scanner = world.platform.acting_as(org_actor(world.organization_id, {"scan"}, actor_id="gate-1"))
    event = make_event(admin, dates=3, published=True)
    inspector = admin.door.add_external_inspector(event.id, name="Sam Door", email="sam@example.com",
                                                  phone_number="+45 1234 5678")
    g = Gate(world, admin, scanner, event, inspector)
    g.specs = {
        "single": spec_on_sale(admin, event.id, "Single entry"),
        "pass": spec_on_sale(admin, event.id, "Festival pass", allow_reentry=True, reentry_limit=2,
                             accepted_scan_points=["main-door", "side-door"]),
        "unlimited": spec_on_sale(admin, event.id, "Crew", allow_reentry=True, accepted_scan_points=["back-door"]),
    }
    t = g.tickets
    for name in ("single", "pass", "unlimited"):
        t[name] = _comp(admin, event, g.specs[name])
    # A ticket for the second evening only (every ticket admits to every date of its event today).
    t["second"] = _comp(admin, event, g.specs["single"], "Sven Second")
    for date in (event.dates[0], event.dates[2]):
        _testing.detach_ticket_date(admin, t["second"].id, date.id)
    t["cancelled"] = _comp(admin, event, g.specs["single"], "Cai Cancelled")
    g.texts["cancelled"] = admin.tickets.qr(t["cancelled"].id)  # its code, printed before it was cancelled
    t["cancelled"] = admin.tickets.cancel(t["cancelled"].id)
    t["transferred"] = _comp(admin, event, g.specs["single"], "Tom Transfer")
    g.texts["transferred"] = admin.tickets.qr(t["transferred"].id)
    t["successor"] = admin.tickets.transfer(t["transferred"].id, to_name="Sue Successor", to_email="sue@example.com")
    t["transferred"] = admin.tickets.get(t["transferred"].id)
    t["inside"] = _comp(admin, event, g.specs["single"], "Ines Inside")
    g.redeem(t["inside"].id)
    t["used"] = _comp(admin, event, g.specs["single"], "Ulla Used")
    g.redeem(t["used"].id)
    g.redeem(t["used"].id, "out")
    t["pass_inside"] = _comp(admin, event, g.specs["pass"], "Pia Pass")
    g.redeem(t["pass_inside"].id)
    t["pass_spent"] = _comp(admin, event, g.specs["pass"], "Per Spent")
    for _ in range(2):
        g.redeem(t["pass_spent"].id)
        g.redeem(t["pass_spent"].id, "out")
    t["rotated"] = _comp(admin, event, g.specs["single"], "Rita Rotated")
    g.texts["rotated_old"] = admin.tickets.qr(t["rotated"].id)
    _testing.rotate_ticket_secret(admin, t["rotated"].id)
    t["unactivated"] = admin.tickets.pre_generate(event.id, g.specs["single"].id, quantity=1)[0]
    paid = [pay(admin, place(admin, event.id, [(g.specs["single"].id, 1)], who=buyer(f"Buyer {n}", f"b{n}@example.com")),
                f"pi_{n}") for n in range(2)]
    t["refunding"] = admin.tickets.get(paid[0].ticket_ids[0])
    admin.refunds.start(ticket_id=t["refunding"].id)
    t["refunded"] = admin.tickets.get(paid[1].ticket_ids[0])
    g.texts["refunded"] = admin.tickets.qr(t["refunded"].id)  # a refund voids the code
    admin.refunds.complete(admin.refunds.start(ticket_id=t["refunded"].id).id)
    t["refunded"] = admin.tickets.get(t["refunded"].id)
    for name, ticket in t.items():
        if name not in g.texts:
            g.texts[name] = admin.tickets.qr(ticket.id)
        g.texts[name + "_id"] = ticket.id
        g.texts[name + "_altered"] = _altered(g.texts[name])
    other = other_organization(g.world, scopes=SHOP_SCOPES)
    other_event = make_event(other, published=True)
    foreign = _comp(other, other_event, spec_on_sale(other, other_event.id, "Theirs"))
    g.texts["other_organization"] = other.tickets.qr(foreign.id)
    g.texts["unknown_id"] = UNKNOWN_ID
    g.texts["garbage"] = "not a ticket"
    return g


INSTANTS = [
    EVENING - timedelta(hours=3),  # before the first doors open
    EVENING - timedelta(hours=2),  # doors open
    EVENING + timedelta(minutes=30),
    EVENING + timedelta(hours=4),  # the first evening's end
    EVENING + timedelta(hours=6),  # between the evenings
    EVENING + timedelta(days=1, minutes=5),
    EVENING + timedelta(days=2, hours=1),
    EVENING + timedelta(days=3),  # after the last
]
POINTS = [None, "main-door", "side-door", "back-door"]


def test_an_offline_scanner_with_the_ticket_list_decides_like_validate(gate: Gate) -> None:
    export = gate.scanner.door.export_scanner(gate.event.id, include_tickets=True)
    offline = OfflineScanner(export)
    assert offline.has_ticket_list and offline.event_id == gate.event.id
    compared = 0
    reasons: set[DoorRefusal | None] = set()
    for name, text in gate.texts.items():
        for point in POINTS:
            for at in INSTANTS:
                online = gate.scanner.door.validate(text, scan_point=point, at=at)
                assert offline.validate(text, scan_point=point, at=at) == online, (name, point, at)
                reasons.add(online.refusal)
                compared += 1
    assert compared == len(gate.texts) * len(POINTS) * len(INSTANTS)
    # The comparison met every reason an entry can be refused for, and admissions.
    assert reasons == set(DoorRefusal) - {DoorRefusal.NOT_INSIDE} | {None}


def test_offline_redeems_follow_the_online_ones_scan_by_scan(gate: Gate) -> None:
    offline = OfflineScanner(gate.scanner.door.export_scanner(gate.event.id, include_tickets=True))
    t = gate.texts
    sequence = [
        (t["single"], "in", "main-door", 0), (t["single"], "in", "main-door", 1), (t["single"], "out", "main-door", 2),
        (t["single"], "in", "main-door", 3), (t["pass"], "in", "back-door", 4), (t["pass"], "in", "side-door", 5),
        (t["pass"], "out", "main-door", 6), (t["pass"], "in", "main-door", 7), (t["pass"], "out", "main-door", 8),
        (t["pass"], "in", "main-door", 9), (t["inside"], "out", "x", 10), (t["inside"], "in", "main-door", 11),
        (t["unlimited"], "in", "back-door", 12), (t["second"], "in", "main-door", 13), (t["cancelled"], "in", "main-door", 14), (t["rotated_old"], "out", "x", 14),
        (t["pass_inside"], "in", "main-door", 15), (t["garbage"], "out", "x", 16), (t["refunding"], "in", "main-door", 17),
    ]
    for number, (text, direction, point, minutes) in enumerate(sequence):
        at = EVENING + timedelta(minutes=minutes)
        local = offline.redeem(text, inspector_id=gate.inspector.id, scan_point=point, nonce=f"o-{number}",
                               direction=direction, at=at)
        online = gate.scanner.door.redeem(text, inspector_id=gate.inspector.id, scan_point=point, nonce=f"l-{number}",
                                          direction=direction, at=at)
        assert (local.refusal, local.ticket_id, local.event_date_id, local.entries, local.inside) == (
            online.refusal, online.ticket_id, online.event_date_id, online.entries, online.inside), number


def test_the_export_carries_what_a_scanner_needs(gate: Gate) -> None:
    admin = gate.admin
    newest = admin.organizations.rotate_signing_key()
    document = json.loads(gate.scanner.door.export_scanner(gate.event.id))
    assert (document["format"], document["version"], document["organization_id"]) == (
        "ticketcore.scanner-export", 1, gate.world.organization_id)
    assert document["exported_at_us"] == int(gate.world.clock.now().timestamp() * 1_000_000)
    assert document["event"]["id"] == gate.event.id and document["event"]["time_zone"] == "Europe/Copenhagen"
    assert [(d["id"], d["start_us"]) for d in document["event"]["dates"]] == [
        (d.id, int(d.start.timestamp() * 1_000_000)) for d in gate.event.dates]
    assert [k["key_id"] for k in document["keys"]] == [k.key_id for k in admin.organizations.signing_keys()]
    assert document["keys"][-1]["key_id"] == newest.key_id and len(document["keys"]) == 2
    by_name = {s["name"]: s for s in document["specifications"]}
    assert (by_name["Festival pass"]["allow_reentry"], by_name["Festival pass"]["reentry_limit"],
            by_name["Festival pass"]["accepted_scan_points"]) == (True, 2, ["main-door", "side-door"])
    assert (by_name["Crew"]["reentry_limit"], by_name["Single entry"]["allow_reentry"]) == (None, False)
    assert sorted((r["ticket_id"], r["is_refunded"], r["is_refund_in_progress"]) for r in document["refunds"]) == sorted(
        [(gate.tickets["refunding"].id, False, True), (gate.tickets["refunded"].id, True, False)])
    assert document["includes_tickets"] is False and document["tickets"] is None
    full = json.loads(admin.door.export_scanner(gate.event.id, include_tickets=True))
    tickets = {ticket["id"]: ticket for ticket in full["tickets"]}
    assert len(tickets) == len(gate.tickets)
    spent = tickets[gate.tickets["pass_spent"].id]
    assert (spent["state"], spent["generation"], spent["dates"][0]["entries"], spent["dates"][0]["inside"]) == (
        "valid", 1, 2, False)
    assert tickets[gate.tickets["rotated"].id]["generation"] == 2
    assert (tickets[gate.tickets["transferred"].id]["transferred"], tickets[gate.tickets["cancelled"].id]["state"]) == (
        True, "cancelled")
    revoked = {entry["ticket_id"]: entry["generation"] for entry in document["revocations"]}
    assert revoked == {gate.tickets["rotated"].id: 2, gate.tickets["cancelled"].id: None,
                       gate.tickets["transferred"].id: None, gate.tickets["refunded"].id: None}
    assert tickets[gate.tickets["unactivated"].id]["state"] == "unactivated"
    # Either scope reads it; no other does, nor another organization's event.
    refused(admin, lambda: gate.world.platform.acting_as(
        org_actor(gate.world.organization_id, {"orders"}, actor_id="till")).door.export_scanner(gate.event.id),
        PermissionDeniedError, "missing_scope", "Actor 'till' lacks the scope 'events:read'")
    other = other_organization(gate.world, scopes={"scan", "events:read"})
    refused(other, lambda: other.door.export_scanner(gate.event.id), PermissionDeniedError, "other_organization")
    refused(admin, lambda: admin.door.export_scanner(UNKNOWN_ID), NotFoundError, "event_not_found")


def test_an_export_of_many_tickets_pages_through_every_list(world: World) -> None:
    admin = shop_store(world)
    event = make_event(admin, published=True)
    spec = spec_on_sale(admin, event.id, "Guest list", price=0)
    issued = admin.tickets.comp(event.id, spec.id, holders=[(f"g{i}@example.com", f"Guest {i}") for i in range(1203)])
    tickets = json.loads(admin.door.export_scanner(event.id, include_tickets=True))["tickets"]
    assert [ticket["id"] for ticket in tickets] == [ticket.id for ticket in issued]
    offline = OfflineScanner(admin.door.export_scanner(event.id, include_tickets=True))
    assert offline.validate(admin.tickets.qr(issued[-1].id), at=EVENING).admitted


def test_without_the_ticket_list_the_lists_and_the_strictest_rules_decide(gate: Gate) -> None:
    offline = OfflineScanner(gate.scanner.door.export_scanner(gate.event.id))
    t = gate.texts

    def code(name: str, point: str | None = None, at: datetime = EVENING) -> str | None:
        return offline.validate(t[name], scan_point=point, at=at).code

    assert not offline.has_ticket_list
    # What the lists say, as validate says it.
    assert (code("refunding"), code("refunded"), code("rotated_old")) == ("refund_in_progress", "refunded", "revoked")
    # Cancelled or transferred: the revocation list does not say which; both are refused as revoked.
    assert (code("cancelled"), code("transferred")) == ("revoked", "revoked")
    assert code("successor") is None and code("rotated") is None
    assert code("garbage") == "forged" and code("other_organization") == "forged" and code("single_altered") == "forged"
    assert code("unknown_id") == "unknown"
    # What it cannot know: a typed id is unknown; every genuine payload is a valid ticket for
    # every date, outside, under the strictest rules (no point is accepted by every specification
    # here, since Crew takes only back-door and the pass only main and side).
    assert code("single_id") == "unknown"
    assert (code("unactivated"), code("inside"), code("second")) == (None, None, None)
    assert code("single", "main-door") == "not_at_this_scan_point"
    assert code("single", at=EVENING - timedelta(hours=3)) == "outside_event_dates"


def test_the_export_carries_every_page_of_the_revocation_list(world: World) -> None:
    admin = shop_store(world)
    event = make_event(admin, published=True)
    spec = spec_on_sale(admin, event.id, "Guest list", price=0)
    issued = admin.tickets.comp(event.id, spec.id, holders=[(f"g{i}@example.com", f"Guest {i}") for i in range(520)])
    codes = [admin.tickets.qr(ticket.id) for ticket in issued[:505]]
    for ticket in issued[:505]:
        admin.tickets.cancel(ticket.id)
    listed = json.loads(admin.door.export_scanner(event.id))["revocations"]
    assert listed == [{"ticket_id": r.ticket_id, "generation": r.generation}
                      for r in every(admin.tickets.revocations, event.id)]
    assert len(listed) == 505 and all(entry["generation"] is None for entry in listed)
    offline = OfflineScanner(admin.door.export_scanner(event.id))
    assert {offline.validate(code, at=EVENING).code for code in codes} == {"revoked"}
    assert offline.validate(admin.tickets.qr(issued[-1].id), at=EVENING).admitted


def test_without_the_ticket_list_entries_are_counted_once_per_date(world: World) -> None:
    admin = shop_store(world)
    event = make_event(admin, dates=2, published=True)
    single = spec_on_sale(admin, event.id, "Single entry", accepted_scan_points=["main-door", "side-door"])
    spec_on_sale(admin, event.id, "Pass", allow_reentry=True, reentry_limit=3, accepted_scan_points=["main-door"])
    ticket = _comp(admin, event, single)
    offline = OfflineScanner(admin.door.export_scanner(event.id))
    payload = admin.tickets.qr(ticket.id)

    def scan(nonce: str, direction: str = "in", point: str = "main-door", at: datetime = EVENING) -> str | None:
        return offline.redeem(payload, inspector_id="i", scan_point=point, nonce=nonce, direction=direction,
                              at=at).code

    assert scan("1", point="side-door") == "not_at_this_scan_point"  # the pass does not take side-door
    assert (scan("2"), scan("3"), scan("4", "out"), scan("5")) == (None, "already_inside", None,
                                                                   "reentry_limit_reached")
    assert scan("6", at=EVENING + timedelta(days=1)) is None


def test_imported_scans_apply_once_by_nonce_in_the_order_of_their_instants(gate: Gate) -> None:
    export = gate.scanner.door.export_scanner(gate.event.id, include_tickets=True)
    east, west = OfflineScanner(export), OfflineScanner(export)
    t = gate.texts
    inspector = gate.inspector.id
    # East lets the single-entry holder in and out again; west lets the same ticket in between
    # (both offline), and lets in a pass holder who entered online after the export.
    gate.redeem(t["pass"], at=EVENING + timedelta(minutes=1))
    east.redeem(t["single"], inspector_id=inspector, scan_point="main-door", nonce="east-1", at=EVENING)
    east.redeem(t["single"], inspector_id=inspector, scan_point="main-door", nonce="east-2", direction="out",
                at=EVENING + timedelta(minutes=20))
    west.redeem(t["single"], inspector_id=inspector, scan_point="main-door", nonce="west-1",
                at=EVENING + timedelta(minutes=10))
    west.redeem(t["pass"], inspector_id=inspector, scan_point="main-door", nonce="west-2",
                at=EVENING + timedelta(minutes=11))
    west.redeem(t["garbage"], inspector_id=inspector, scan_point="main-door", nonce="west-3",
                at=EVENING + timedelta(minutes=12))
    scans = list(east.scans) + list(west.scans)
    before = len(list(every(gate.admin.door.scans, gate.event.id)))
    result = gate.scanner.door.import_scans(scans)
    assert (result.recorded, result.replayed, result.conflicts, result.failed) == (5, 0, 2, 0)
    by_nonce = {item.nonce: item.scan for item in result.scans}
    assert [item.nonce for item in result.scans] == ["east-1", "east-2", "west-1", "west-2", "west-3"]
    assert all(scan is not None and scan.source is ScanSource.OFFLINE for scan in by_nonce.values())
    first, out, twice, inside, forged = (by_nonce[n] for n in ("east-1", "east-2", "west-1", "west-2", "west-3"))
    assert first is not None and out is not None and twice is not None and inside is not None and forged is not None
    assert (first.admitted, first.entries, first.conflict) == (True, 1, False)
    # West's entry happened at 10 minutes, while the holder was inside (east let them out at 20).
    assert (twice.refusal, twice.conflict, twice.entries, twice.inside) == (DoorRefusal.ALREADY_INSIDE, True, 1, True)
    assert (out.admitted, out.inside, out.conflict) == (True, False, False)
    assert (inside.refusal, inside.conflict) == (DoorRefusal.ALREADY_INSIDE, True)
    assert (forged.refusal, forged.conflict) == (DoorRefusal.FORGED, False)  # refused offline too
    log = list(every(gate.admin.door.scans, gate.event.id))
    assert len(log) == before + 5
    assert [s.nonce for s in log if s.conflict] == ["west-1", "west-2"]
    date = gate.admin.tickets.get(gate.tickets["single"].id).event_dates[0]
    assert (date.is_redeemed, date.time_of_redemption, date.redeemed_by) == (True, EVENING, inspector)
    conflicts = [e for e in gate.admin.outbox.pending(limit=1000) if e.topic == "door.scan_conflict"]
    assert [json.loads(e.payload)["scan_id"] for e in conflicts] == [twice.id, inside.id]
    assert [a.operation for a in gate.admin.audit(entity_id=twice.id)] == ["door.import_scan"]
    # Imported again (as the scanner's JSON): nothing new, the first results.
    again = gate.scanner.door.import_scans(west.scans_json())
    assert (again.recorded, again.replayed, again.conflicts, again.failed) == (0, 3, 2, 0)
    assert [item.scan for item in again.scans] == [twice, inside, forged]
    assert len(list(every(gate.admin.door.scans, gate.event.id))) == before + 5


def test_an_import_item_that_fails_reports_its_error_and_the_others_go_on(gate: Gate) -> None:
    good = OfflineScan(gate.texts["pass"], nonce="x-1", inspector_id=gate.inspector.id, scan_point="main-door",
                       at=EVENING)
    stranger = OfflineScan(gate.texts["pass"], nonce="x-2", inspector_id=UNKNOWN_ID, scan_point="main-door",
                           at=EVENING + timedelta(minutes=1))
    reused = OfflineScan(gate.texts["single"], nonce="x-1", inspector_id=gate.inspector.id, scan_point="main-door",
                         at=EVENING + timedelta(minutes=2))
    blank = OfflineScan(gate.texts["single"], nonce=" ", inspector_id=gate.inspector.id, scan_point="main-door",
                        at=EVENING + timedelta(minutes=3))
    result = gate.scanner.door.import_scans([good, stranger, reused, blank])
    assert (result.recorded, result.failed) == (1, 3)
    assert [item.error_code for item in result.scans] == [None, "ticket_inspector_not_found", "idempotency_key_reused",
                                                         "invalid_nonce"]
    refused(gate.admin, lambda: gate.scanner.door.import_scans('[{"nonce": "n"}]'), ValidationError,
            "invalid_offline_scans", "Not a list of offline scans: scans[0].ticket is missing")
    refused(gate.admin, lambda: gate.admin.door.import_scans([good]), PermissionDeniedError, "missing_scope",
            "Actor 'shop' lacks the scope 'scan'")
    with pytest.raises(TypeError, match="scans"):
        gate.scanner.door.import_scans(b"[]")  # type: ignore[arg-type]


def test_a_scan_redeemed_online_and_imported_with_its_nonce_is_recorded_once(gate: Gate) -> None:
    at = EVENING + timedelta(minutes=3)
    online = gate.scanner.door.redeem(gate.texts["pass"], inspector_id=gate.inspector.id, scan_point="main-door",
                                      nonce="dev-7:1", at=at)
    result = gate.scanner.door.import_scans([OfflineScan(gate.texts["pass"], nonce="dev-7:1",
                                                         inspector_id=gate.inspector.id, scan_point="main-door",
                                                         at=at)])
    assert (result.replayed, result.scans[0].scan) == (1, online)
    other = gate.scanner.door.import_scans([OfflineScan(gate.texts["pass"], nonce="dev-7:1",
                                                        inspector_id=gate.inspector.id, scan_point="side-door", at=at)])
    assert (other.failed, other.scans[0].error_code) == (1, "idempotency_key_reused")


def test_the_attendance_feed_pages_tickets_with_their_inspectors(gate: Gate) -> None:
    admin = gate.admin
    kim = admin.door.add_board_member_inspector(gate.event.id, admin.door.add_board_member(
        "Kim Board", email="kim@example.com", phone_number="+45 2").id)
    gate.scanner.door.redeem(gate.texts["pass"], inspector_id=kim.id, scan_point="main-door", nonce="kim-1",
                             at=EVENING + timedelta(minutes=1))
    feed = list(every(admin.door.attendance, gate.event.id))
    assert [row.id for row in feed] == [ticket.id for ticket in admin.tickets.list(gate.event.id, first=50).nodes]
    rows = {row.id: row for row in feed}
    passed = rows[gate.tickets["pass"].id]
    assert (passed.specification_name, passed.holder_name, passed.holder_email, passed.state) == (
        "Festival pass", "Alex Reyes", "alex@example.com", TicketState.VALID)
    first = passed.event_dates[0]
    assert (first.is_redeemed, first.time_of_redemption, first.redeemed_by, first.inspector_name,
            first.inspector_kind, first.entries, first.inside) == (
        True, EVENING + timedelta(minutes=1), kim.id, "Kim Board", InspectorKind.BOARD_MEMBER, 1, True)
    assert [d.is_redeemed for d in passed.event_dates] == [True, False, False]
    inside = rows[gate.tickets["inside"].id].event_dates[0]
    assert (inside.inspector_name, inside.inspector_kind) == ("Sam Door", InspectorKind.EXTERNAL)
    assert rows[gate.tickets["refunded"].id].is_refunded and rows[gate.tickets["refunding"].id].is_refund_in_progress
    assert len(rows[gate.tickets["second"].id].event_dates) == 1
    page = admin.door.attendance(gate.event.id, first=2)
    assert (len(page.nodes), page.has_next_page, page.end_cursor) == (2, True, page.nodes[1].id)
    assert admin.door.attendance(gate.event.id, first=2, after=page.end_cursor).nodes[0].id == feed[2].id
    refused(admin, lambda: admin.door.attendance(gate.event.id, after="nope"), ValidationError, "invalid_cursor",
            "Cursor 'nope' is not a ticket of this event")
    refused(admin, lambda: admin.door.attendance(gate.event.id, first=51), ValidationError, "invalid_page_size")
    refused(admin, lambda: gate.scanner.door.attendance(gate.event.id), PermissionDeniedError, "missing_scope",
            "Actor 'gate-1' lacks the scope 'events:read'")


def test_offline_scans_are_values_that_round_trip(gate: Gate) -> None:
    offline = OfflineScanner(gate.scanner.door.export_scanner(gate.event.id, include_tickets=True))
    scan = offline.redeem(gate.texts["single"], inspector_id=gate.inspector.id, scan_point="main-door", nonce="v-1",
                          at=EVENING)
    assert scan.admitted and (scan.entries, scan.inside, scan.direction) == (1, True, ScanDirection.IN)
    assert offline.scans == (scan,)
    made = OfflineScan(scan.ticket, nonce="v-1", inspector_id=gate.inspector.id, scan_point="main-door", at=EVENING)
    assert (made.ticket, made.at, made.refusal, made.admitted) == (scan.ticket, EVENING, None, True)
    document = json.loads(offline.scans_json())
    assert document["format"] == "ticketcore.offline-scans" and document["scans"][0]["nonce"] == "v-1"
    refused(gate.admin, lambda: OfflineScanner("{}"), ValidationError, "invalid_scanner_export",
            "Not a scanner export: export.format is missing")
