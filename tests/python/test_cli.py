"""The command line: ``python -m ticketcore check STORE`` and ``python -m ticketcore audit STORE``, with
STORE a SQLite file or a PostgreSQL URL (the ``shared_location`` of each engine)."""

from __future__ import annotations

import subprocess
import sys
import pytest

import ticketcore
from helpers import World, add_spec, claim, corrupt_sold_counter, make_event, open_world
from ticketcore.__main__ import main
from ticketcore._core import _testing


@pytest.fixture
def store_file(shared_location: str) -> tuple[str, World, str]:
    path = shared_location
    world = open_world(path)
    event = make_event(world.store)
    spec = add_spec(world.store, event.id, price=0, number_of_tickets_for_sale=10)
    world.store.pools.create(event.id, "Hall", size=5, specification_ids=[spec.id])
    claim(world.store, spec.id, 2)
    return path, world, spec.id


def latest(world: World) -> int:
    """The schema version this build writes for the world's engine."""
    return world.platform.latest_schema_version


def test_check_ok(store_file: tuple[str, World, str], capsys: pytest.CaptureFixture[str]) -> None:
    path, world, _ = store_file
    assert main(["check", path]) == 0
    out = capsys.readouterr()
    assert out.out.splitlines() == [f"schema v{latest(world)}: 1 specifications, 1 pools, 0 products checked", "ok"]
    assert out.err == ""


def test_check_reports_mismatches_and_exits_1(
    store_file: tuple[str, World, str], capsys: pytest.CaptureFixture[str]
) -> None:
    path, world, spec_id = store_file
    corrupt_sold_counter(world.store, spec_id, 3)
    assert main(["check", path]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"schema v{latest(world)}: 1 specifications, 1 pools, 0 products checked",
        f"MISMATCH specification {spec_id} sold: stored 5, ledger 2",
        "1 mismatches, 0 over capacity",
    ]


def test_check_reports_over_capacity_and_exits_1(
    store_file: tuple[str, World, str], capsys: pytest.CaptureFixture[str]
) -> None:
    path, world, spec_id = store_file
    corrupt_sold_counter(world.store, spec_id, 9)  # 11 taken of 10, and 9 more than the ledger
    assert main(["check", path]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"schema v{latest(world)}: 1 specifications, 1 pools, 0 products checked",
        f"MISMATCH specification {spec_id} sold: stored 11, ledger 2",
        f"OVER CAPACITY specification {spec_id}: 11 taken of 10",
        "1 mismatches, 1 over capacity",
    ]


def test_audit_lists_rows(store_file: tuple[str, World, str], capsys: pytest.CaptureFixture[str]) -> None:
    path, world, spec_id = store_file
    assert main(["audit", path]) == 0
    lines = capsys.readouterr().out.splitlines()
    rows = world.platform.audit(limit=50)
    assert len(lines) == len(rows)
    assert lines[0].split() == [str(rows[0].sequence), rows[0].at.isoformat(), "ops", "organization.create", "organization", world.organization_id]
    assert main(["audit", path, "--entity", spec_id]) == 0
    only = capsys.readouterr().out.splitlines()
    assert [line.split()[3] for line in only] == ["specification.add"]
    assert main(["audit", path, "--limit", "2"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 2


def test_errors_exit_with_their_class_and_print_the_code(shared_location: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = shared_location
    store = ticketcore.open(path)
    assert main(["audit", path, "--limit", "0"]) == 2  # bad input
    assert capsys.readouterr().err == "ticketcore: limit must be between 1 and 1000 (invalid_limit)\n"
    _testing.force_schema_version(path, 99)
    assert main(["check", path]) == 6  # storage
    assert capsys.readouterr().err == (
        f"ticketcore: Store '{store.path}' has schema version 99, newer than this ticketcore supports "
        f"({store.latest_schema_version}); upgrade ticketcore (schema_too_new)\n"
    )
    assert main(["audit", path]) == 6
    assert capsys.readouterr().err.endswith("(schema_too_new)\n")


def test_module_entry_point(store_file: tuple[str, World, str]) -> None:
    path, _, _ = store_file
    result = subprocess.run([sys.executable, "-m", "ticketcore", "check", path], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith("ok\n")
    version = subprocess.run([sys.executable, "-m", "ticketcore", "--version"], capture_output=True, text=True, timeout=60)
    assert version.stdout == f"ticketcore {ticketcore.__version__}\n"


# --- the actor, JSON and the exit codes --------------------------------------------------------

import io
import json as json_module

from ticketcore.cli import plain, progress, read_ids


def test_the_actor_comes_from_options_or_the_environment(
    store_file: tuple[str, World, str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, world, _ = store_file
    keys = world.store.organizations.signing_keys()
    assert main(["keys", path, "--organization", world.organization_id]) == 0
    assert capsys.readouterr().out.splitlines() == [f"{keys[0].key_id} active    {keys[0].public_key}"]
    monkeypatch.setenv("TICKETCORE_ORGANIZATION", world.organization_id)
    monkeypatch.setenv("TICKETCORE_SCOPES", "scan")
    assert main(["keys", path, "--json"]) == 0
    document = json_module.loads(capsys.readouterr().out)
    assert document["keys"] == [{"key_id": keys[0].key_id, "public_key": keys[0].public_key, "state": "active",
                                 "created": keys[0].created.isoformat(), "rotated": None, "retired": None}]
    monkeypatch.setenv("TICKETCORE_SCOPES", "orders")
    assert main(["keys", path]) == 5  # permission
    assert capsys.readouterr().err == "ticketcore: Actor 'ticketcore-cli' lacks the scope 'events:read' (missing_scope)\n"
    monkeypatch.delenv("TICKETCORE_ORGANIZATION")
    assert main(["keys", path]) == 5  # a platform actor has no organization's keys


def test_qr_prints_the_payload_and_exit_codes_tell_not_found(
    store_file: tuple[str, World, str], capsys: pytest.CaptureFixture[str]
) -> None:
    path, world, spec_id = store_file
    event_id = world.store.specifications.get(spec_id).event_id
    world.store.events.publish(event_id)
    ticket = world.store.tickets.comp(event_id, spec_id, holders=[("pat@example.com", "Pat Lee")], note="")[0]
    assert main(["qr", path, ticket.id, "--organization", world.organization_id]) == 0
    assert capsys.readouterr().out == world.store.tickets.qr(ticket.id) + "\n"
    missing = "01900000-0000-7000-8000-000000000000"
    assert main(["qr", path, missing, "--organization", world.organization_id]) == 3
    assert capsys.readouterr().err == f"ticketcore: Ticket with id: {missing} not found. (ticket_not_found)\n"


def test_a_usage_error_exits_2(store_file: tuple[str, World, str], capsys: pytest.CaptureFixture[str]) -> None:
    path, _, _ = store_file
    assert main(["qr", path]) == 2
    assert "the following arguments are required: ticket" in capsys.readouterr().err
    assert main(["no-such-command", path]) == 2


def test_plain_makes_json_ready_data(world: World) -> None:
    organization = world.organization
    assert plain(organization) == {
        "id": organization.id, "name": organization.name, "currency": "DKK", "rounding": "half_up",
        "billing_profile_enabled": False, "refund_fees": False,
        "box_office_fee": {"amount": "0.00", "currency": "DKK"}, "box_office_fee_vat_rate": 0,
        "customer_form": [
            {"key": "first_name", "type": "text"}, {"key": "last_name", "type": "text"},
            {"key": "email", "type": "email"}, {"key": "phone", "type": "phone"}, {"key": "company", "type": "text"},
            {"key": "address.street", "type": "text"}, {"key": "address.postal_code", "type": "text"},
            {"key": "address.city", "type": "text"}, {"key": "address.country", "type": "country"},
            {"key": "newsletter", "type": "boolean"},
        ],
        "created": organization.created.isoformat(),
    }
    assert plain(ticketcore.Money("12.50", "DKK")) == {"amount": "12.50", "currency": "DKK"}
    with pytest.raises(TypeError):
        plain(object())


def test_ids_are_read_one_a_line_once_each(tmp_path: pytest.TempPathFactory) -> None:
    assert read_ids("-", io.StringIO("a\n\n# a comment\n b \na\nc\n")) == ["a", "b", "c"]


def test_the_progress_bar_draws_only_on_a_terminal() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    quiet = io.StringIO()
    assert list(progress(["a", "b"], quiet, "refunding")) == ["a", "b"]
    assert quiet.getvalue() == ""
    terminal = Terminal()
    assert list(progress(["a", "b"], terminal, "refunding")) == ["a", "b"]
    assert terminal.getvalue().endswith("\rrefunding [" + "#" * 30 + "] 2/2\n")


# --- the door and refunds ----------------------------------------------------------------------

from helpers import buyer, make_event as make_published_event, pay, place, shop_store, spec_on_sale

DOORS_OPEN = "2027-07-02T19:30:00+02:00"


@pytest.fixture
def sold(shared_location: str) -> tuple[str, World, list[str], str]:
    """A store file with a published event, a paid order of 3 tickets and an inspector; the path,
    the world, the ticket ids and the inspector id."""
    world = open_world(shared_location)
    shop = shop_store(world, scopes={"events:read", "events:write", "orders", "sales", "scan", "refunds"})
    event = make_published_event(shop, published=True)
    spec = spec_on_sale(shop, event.id, number_of_tickets_for_sale=10)
    order = pay(shop, place(shop, event.id, [(spec.id, 3)], who=buyer()))
    inspector = shop.door.add_external_inspector(event.id, name="Pat", email="pat@example.com", phone_number="+45 1")
    return shared_location, world, list(order.ticket_ids), inspector.id


def as_org(world: World) -> list[str]:
    return ["--organization", world.organization_id, "--scopes", "events:read,events:write,orders,sales,scan,refunds"]


def test_validate_prints_green_and_red_and_exits_1_on_red(
    sold: tuple[str, World, list[str], str], capsys: pytest.CaptureFixture[str]
) -> None:
    path, world, tickets, _ = sold
    payload = world.store.tickets.qr(tickets[0])
    forged = payload[:-4] + ("AAAA" if not payload.endswith("AAAA") else "BBBB")
    assert main(["validate", path, payload, tickets[1], "--at", DOORS_OPEN, *as_org(world)]) == 0
    assert capsys.readouterr().out.splitlines() == [f"GREEN {tickets[0]}", f"GREEN {tickets[1]}"]
    assert main(["validate", path, payload, forged, "--at", DOORS_OPEN, *as_org(world)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"GREEN {tickets[0]}"
    assert lines[1].startswith("RED forged: ")
    assert main(["validate", path, "--from", "-", "--at", "2027-07-09T19:30:00+02:00", *as_org(world)],
                stdin=io.StringIO(tickets[2] + "\n")) == 1
    assert capsys.readouterr().out.startswith("RED outside_event_dates: ")
    assert main(["validate", path, payload, "--at", "2027-07-02T19:30:00", *as_org(world)]) == 2
    assert "naive instant" in capsys.readouterr().err


def test_redeem_records_once_and_a_dry_run_keeps_nothing(
    sold: tuple[str, World, list[str], str], capsys: pytest.CaptureFixture[str]
) -> None:
    path, world, tickets, inspector = sold
    base = ["redeem", path, tickets[0], "--inspector", inspector, "--scan-point", "main-door", "--at", DOORS_OPEN,
            *as_org(world)]
    assert main([*base, "--nonce", "n-0", "--dry-run"]) == 0
    assert capsys.readouterr().out == f"GREEN {tickets[0]} would be let in (1 entries, nonce n-0)\n"
    assert world.store.tickets.get(tickets[0]).event_dates[0].is_redeemed is False
    assert main([*base, "--nonce", "n-1"]) == 0
    assert capsys.readouterr().out == f"GREEN {tickets[0]} was let in (1 entries, nonce n-1)\n"
    assert world.store.tickets.get(tickets[0]).event_dates[0].redeemed_by == inspector
    assert main([*base, "--nonce", "n-1"]) == 0  # the same nonce: the first result again
    capsys.readouterr()
    assert main([*base, "--nonce", "n-2", "--json"]) == 1
    document = json_module.loads(capsys.readouterr().out)
    assert document["scan"]["refusal"] == "already_inside" and document["dry_run"] is False
    assert main([*base[:3], "--inspector", "01900000-0000-7000-8000-000000000000", "--scan-point", "main-door",
                 "--at", DOORS_OPEN, *as_org(world)]) == 3


def test_refund_one_ticket_then_bulk_from_stdin(
    sold: tuple[str, World, list[str], str], capsys: pytest.CaptureFixture[str]
) -> None:
    path, world, tickets, _ = sold
    assert main(["refund", path, "--ticket", tickets[0], "--dry-run", *as_org(world)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "1 would refund, 0 failed"
    assert world.store.tickets.get(tickets[0]).is_refund_in_progress is False
    assert main(["refund", path, "--ticket", tickets[0], "--amount", "10.00", "--complete", *as_org(world)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"refunded ticket {tickets[0]}: 10.00 DKK (refund ")
    assert world.store.tickets.get(tickets[0]).is_refunded is True
    # A bulk refund of the event's tickets: the refunded one fails with its conflict, the others pass.
    stdin = io.StringIO("\n".join(tickets) + "\n")
    code = main(["refund", path, "--ids-from", "-", "--complete", "--key-prefix", "cancelled-show", *as_org(world)],
                stdin=stdin)
    assert code == 4  # the first failure's class: a conflict
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"FAILED ticket {tickets[0]}: Ticket with id: {tickets[0]} has been refunded (ticket_refunded)"
    assert lines[-1] == "2 refunded, 1 failed"
    assert all(world.store.tickets.get(ticket).is_refunded for ticket in tickets)
    # Run again with the same prefix: the two refunds replay, the first still fails.
    assert main(["refund", path, "--ids-from", "-", "--complete", "--key-prefix", "cancelled-show", *as_org(world)],
                stdin=io.StringIO("\n".join(tickets))) == 4
    assert capsys.readouterr().out.splitlines()[-1] == "2 refunded, 1 failed"
    assert main(["refund", path, *as_org(world)]) == 2
    assert "name what to refund" in capsys.readouterr().err


def test_transfer_void_and_qr_images(
    sold: tuple[str, World, list[str], str], capsys: pytest.CaptureFixture[str], tmp_path: pytest.TempPathFactory
) -> None:
    path, world, tickets, _ = sold
    org = as_org(world)
    assert main(["transfer", path, tickets[0], "--to-name", "Sam Berg", "--to-email", "sam@example.com",
                 "--dry-run", *org]) == 0
    assert capsys.readouterr().out.startswith(f"would transfer ticket {tickets[0]} to Sam Berg <sam@example.com>")
    assert world.store.tickets.get(tickets[0]).transferred_to is None
    assert main(["transfer", path, tickets[0], "--to-name", "Sam Berg", "--to-email", "sam@example.com",
                 "--json", *org]) == 0
    new_ticket = json_module.loads(capsys.readouterr().out)["ticket"]
    assert new_ticket["holder_email"] == "sam@example.com" and new_ticket["transferred_from"] == tickets[0]
    assert world.store.tickets.get(tickets[0]).transferred_to == new_ticket["id"]
    assert main(["transfer", path, tickets[0], "--to-name", "Kim", "--to-email", "kim@example.com", *org]) == 4
    assert "(ticket_transferred)" in capsys.readouterr().err

    assert main(["void", path, tickets[1], "--dry-run", *org]) == 0
    assert capsys.readouterr().out == f"would void ticket {tickets[1]} (Alex Reyes)\n"
    assert world.store.tickets.get(tickets[1]).state.name == "VALID"
    assert main(["void", path, tickets[1], *org]) == 0
    assert world.store.tickets.get(tickets[1]).state.name == "CANCELLED"
    capsys.readouterr()
    assert main(["void", path, tickets[1], *org]) == 4
    assert main(["void", path, *org]) == 2

    png = tmp_path / "ticket.png"  # type: ignore[operator]
    svg = tmp_path / "ticket.svg"  # type: ignore[operator]
    capsys.readouterr()
    assert main(["qr", path, tickets[2], "--png", str(png), "--svg", str(svg), *org]) == 0
    payload = world.store.tickets.qr(tickets[2])
    assert capsys.readouterr().out == payload + "\n"
    assert png.read_bytes() == ticketcore.qr_png(payload)
    assert svg.read_text(encoding="utf-8") == ticketcore.qr_svg(payload)


def test_export_scanner_and_import_scans(
    sold: tuple[str, World, list[str], str], capsys: pytest.CaptureFixture[str], tmp_path: pytest.TempPathFactory
) -> None:
    from datetime import datetime as dt

    path, world, tickets, inspector = sold
    org = as_org(world)
    event_id = world.store.tickets.get(tickets[0]).event_id
    export_file = tmp_path / "gate.json"  # type: ignore[operator]
    assert main(["export-scanner", path, event_id, "--with-tickets", "-o", str(export_file), *org]) == 0
    assert capsys.readouterr().out.startswith(f"wrote the scanner export of event {event_id} to {export_file}")
    assert main(["export-scanner", path, event_id, *org]) == 0
    assert json_module.loads(capsys.readouterr().out)["event"]["id"] == event_id

    # Two gates offline admit the same single-entry ticket; the second's import is a conflict, kept.
    doors_open = dt.fromisoformat(DOORS_OPEN)
    gates = [ticketcore.OfflineScanner(export_file.read_text(encoding="utf-8")) for _ in range(2)]
    for number, gate in enumerate(gates):
        scan = gate.redeem(world.store.tickets.qr(tickets[0]), inspector_id=inspector, scan_point="main-door",
                           nonce=f"gate-{number}:1", at=doors_open)
        assert scan.admitted
    first, second = (tmp_path / "gate-0.json", tmp_path / "gate-1.json")  # type: ignore[operator]
    first.write_text(gates[0].scans_json(), encoding="utf-8")
    second.write_text(gates[1].scans_json(), encoding="utf-8")

    assert main(["import-scans", path, str(first), "--dry-run", *org]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "1 would be recorded, 0 replayed, 0 conflicts, 0 failed"
    assert world.store.tickets.get(tickets[0]).event_dates[0].is_redeemed is False
    assert main(["import-scans", path, str(first), *org]) == 0
    assert capsys.readouterr().out.splitlines() == ["RECORDED gate-0:1: admitted",
                                                    "1 recorded, 0 replayed, 0 conflicts, 0 failed"]
    assert world.store.tickets.get(tickets[0]).event_dates[0].is_redeemed is True
    assert main(["import-scans", path, "-", *org], stdin=io.StringIO(first.read_text(encoding="utf-8"))) == 0
    assert capsys.readouterr().out.splitlines()[0] == "REPLAYED gate-0:1"
    assert main(["import-scans", path, str(second), "--json", *org]) == 1
    document = json_module.loads(capsys.readouterr().out)
    assert document["import"]["conflicts"] == 1 and document["import"]["scans"][0]["scan"]["conflict"] is True
    assert main(["import-scans", path, str(tmp_path / "missing.json"), *org]) == 2  # type: ignore[operator]
    assert "cannot read" in capsys.readouterr().err
