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
    assert out.out.splitlines() == [f"schema v{latest(world)}: 1 specifications, 1 pools checked", "ok"]
    assert out.err == ""


def test_check_reports_mismatches_and_exits_1(
    store_file: tuple[str, World, str], capsys: pytest.CaptureFixture[str]
) -> None:
    path, world, spec_id = store_file
    corrupt_sold_counter(world.store, spec_id, 3)
    assert main(["check", path]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"schema v{latest(world)}: 1 specifications, 1 pools checked",
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
        f"schema v{latest(world)}: 1 specifications, 1 pools checked",
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
        "billing_profile_enabled": False, "created": organization.created.isoformat(),
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
