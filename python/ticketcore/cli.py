"""The ``ticketcore`` command line, for integrators and operators.

Every command takes a STORE (what :func:`ticketcore.open` takes: a SQLite file or a PostgreSQL
URL) and runs as an actor given by options or environment variables (``--actor`` /
``TICKETCORE_ACTOR``, ``--organization`` / ``TICKETCORE_ORGANIZATION``, ``--scopes`` /
``TICKETCORE_SCOPES``); without an organization it runs as a platform actor, which sees every
organization but can change none of their tickets. ``--json`` prints JSON instead of text; the
commands that change something take ``--dry-run``, which runs them in full on a rehearsal
(:meth:`Store.rehearsal`) and keeps nothing. See docs/cli.md.

Exit codes tell the failures apart: 0 done; 1 done, but the answer is no (a problem found, a
ticket refused); 2 bad input; 3 not found; 4 conflict (the state does not allow it, or capacity);
5 permission; 6 storage failure.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import sys
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import IO, Any

import ticketcore
from ticketcore import report_tables
from ticketcore import (
    Actor,
    CapacityError,
    ConflictError,
    Money,
    NotFoundError,
    OrderState,
    PermissionDeniedError,
    StorageError,
    Store,
    TicketcoreError,
    ValidationError,
    door_refusal_message,
)

EXIT_OK = 0
EXIT_NO = 1
EXIT_BAD_INPUT = 2
EXIT_NOT_FOUND = 3
EXIT_CONFLICT = 4
EXIT_PERMISSION = 5
EXIT_STORAGE = 6

#: The scopes of an organization's actor when neither --scopes nor TICKETCORE_SCOPES says.
DEFAULT_SCOPES = ("events:read", "events:write", "orders", "sales", "scan")


class CommandError(Exception):
    """A refusal of the command line itself (not of the core), with its exit code."""

    def __init__(self, message: str, exit_code: int = EXIT_BAD_INPUT) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def exit_code_of(error: TicketcoreError) -> int:
    """The exit code of a core error: by its class."""
    if isinstance(error, ValidationError):
        return EXIT_BAD_INPUT
    if isinstance(error, NotFoundError):
        return EXIT_NOT_FOUND
    if isinstance(error, (ConflictError, CapacityError)):
        return EXIT_CONFLICT
    if isinstance(error, PermissionDeniedError):
        return EXIT_PERMISSION
    if isinstance(error, StorageError):
        return EXIT_STORAGE
    return EXIT_BAD_INPUT


# --- output ----------------------------------------------------------------------------------


def plain(value: Any) -> Any:
    """``value`` as JSON-ready data: snapshots as objects of their fields, instants as ISO 8601
    texts, money as ``{"amount": "12.50", "currency": "DKK"}``, enums by their lowercase name."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Money):
        return {"amount": str(value.amount), "currency": value.currency}
    if isinstance(value, Enum):
        return value.name.lower()
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    to_json = getattr(value, "to_json", None)
    if callable(to_json):
        fields = json.loads(to_json())
        return {name: plain(getattr(value, name)) for name in fields}
    raise TypeError(f"cannot print a {type(value).__name__} as JSON")


class Output:
    """Where a command writes: text lines, or one JSON document at the end (--json)."""

    def __init__(self, as_json: bool, out: IO[str], err: IO[str]) -> None:
        self.as_json = as_json
        self.out = out
        self.err = err
        self.document: dict[str, Any] = {}

    def line(self, text: str) -> None:
        if not self.as_json:
            print(text, file=self.out)

    def put(self, key: str, value: Any) -> None:
        self.document[key] = plain(value)

    def finish(self) -> None:
        if self.as_json:
            json.dump(self.document, self.out, indent=2, sort_keys=True)
            self.out.write("\n")


def progress(items: Sequence[str], err: IO[str], label: str) -> Iterator[str]:
    """Yields ``items`` and draws a progress bar on ``err`` when it is a terminal (nothing
    otherwise, so logs and pipes stay clean)."""
    total = len(items)
    show = total > 0 and err.isatty()
    width = 30
    for index, item in enumerate(items, start=1):
        yield item
        if show:
            filled = width * index // total
            err.write(f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {index}/{total}")
            err.flush()
    if show:
        err.write("\n")


def read_ids(source: str, stdin: IO[str]) -> list[str]:
    """The ids of a file (``-``: standard input), one per line; blank lines and ``#`` comments
    are skipped, and a repeated id is read once."""
    try:
        if source == "-":
            lines: Iterable[str] = stdin.read().splitlines()
        else:
            with open(source, encoding="utf-8") as file:
                lines = file.read().splitlines()
    except OSError as error:
        raise CommandError(f"cannot read ids from {source}: {error.strerror}") from None
    except UnicodeDecodeError:
        raise CommandError(f"cannot read ids from {source}: not UTF-8 text") from None
    seen: dict[str, None] = {}
    for line in lines:
        text = line.strip()
        if text and not text.startswith("#"):
            seen.setdefault(text, None)
    return list(seen)


# --- the actor and the store -----------------------------------------------------------------


def actor_of(arguments: argparse.Namespace) -> Actor:
    """The actor the options (or the environment) name."""
    actor_id = arguments.actor or os.environ.get("TICKETCORE_ACTOR") or "ticketcore-cli"
    organization = arguments.organization or os.environ.get("TICKETCORE_ORGANIZATION")
    if not organization:
        return Actor.platform(actor_id)
    scopes_text = arguments.scopes if arguments.scopes is not None else os.environ.get("TICKETCORE_SCOPES")
    scopes = DEFAULT_SCOPES if scopes_text is None else tuple(s.strip() for s in scopes_text.split(",") if s.strip())
    return Actor(actor_id, organization, set(scopes))


def open_store(arguments: argparse.Namespace) -> Store:
    store = ticketcore.open(arguments.store, actor=actor_of(arguments))
    return store.rehearsal() if getattr(arguments, "dry_run", False) else store


# --- commands --------------------------------------------------------------------------------


def run_check(store: Store, arguments: argparse.Namespace, output: Output) -> int:
    report = store.check_integrity()
    output.line(
        f"schema v{store.schema_version}: {report.specifications_checked} specifications, "
        f"{report.pools_checked} pools, {report.products_checked} products checked"
    )
    for mismatch in report.mismatches:
        output.line(
            f"MISMATCH {mismatch.entity_type} {mismatch.entity_id} {mismatch.counter}: "
            f"stored {mismatch.stored}, ledger {mismatch.recounted}"
        )
    for excess in report.over_capacity:
        output.line(f"OVER CAPACITY {excess.entity_type} {excess.entity_id}: {excess.taken} taken of {excess.capacity}")
    output.line("ok" if report.ok else f"{len(report.mismatches)} mismatches, {len(report.over_capacity)} over capacity")
    output.put("schema_version", store.schema_version)
    output.put("report", report)
    return EXIT_OK if report.ok else EXIT_NO


def run_audit(store: Store, arguments: argparse.Namespace, output: Output) -> int:
    rows = store.audit(entity_id=arguments.entity, limit=arguments.limit)
    for entry in rows:
        output.line(
            f"{entry.sequence:>6} {entry.at.isoformat()} {entry.actor_id:<20} {entry.operation:<28} "
            f"{entry.entity_type} {entry.entity_id}"
        )
    output.put("entries", rows)
    return EXIT_OK


def run_keys(store: Store, arguments: argparse.Namespace, output: Output) -> int:
    keys = store.organizations.signing_keys()
    for key in keys:
        output.line(f"{key.key_id} {key.state.name.lower():<9} {key.public_key}")
    output.put("keys", keys)
    return EXIT_OK


def run_qr(store: Store, arguments: argparse.Namespace, output: Output) -> int:
    payload = store.tickets.qr(arguments.ticket)
    output.line(payload)
    output.put("ticket_id", arguments.ticket)
    output.put("payload", payload)
    drawings: list[tuple[str, bytes]] = []
    if arguments.png is not None:
        drawings.append((arguments.png, ticketcore.qr_png(payload)))
    if arguments.svg is not None:
        drawings.append((arguments.svg, ticketcore.qr_svg(payload).encode("utf-8")))
    for path, content in drawings:
        try:
            with open(path, "wb") as file:
                file.write(content)
        except OSError as error:
            raise CommandError(f"cannot write {path}: {error.strerror}") from None
    return EXIT_OK


def run_transfer(store: Store, arguments: argparse.Namespace, output: Output) -> int:
    ticket = store.tickets.transfer(
        arguments.ticket, to_name=arguments.to_name, to_email=arguments.to_email, idempotency_key=arguments.idempotency_key
    )
    verb = "would transfer" if store.rehearsing else "transferred"
    output.line(f"{verb} ticket {arguments.ticket} to {ticket.holder_name} <{ticket.holder_email}>: new ticket {ticket.id}")
    output.put("ticket", ticket)
    output.put("dry_run", store.rehearsing)
    return EXIT_OK


def cancel_one(store: Store, ticket_id: str, idempotency_key: str | None) -> list[Any]:
    return [store.tickets.cancel(ticket_id, idempotency_key=idempotency_key)]


def run_void(store: Store, arguments: argparse.Namespace, output: Output) -> int:
    verb = "would void" if store.rehearsing else "voided"
    targets = len(arguments.tickets) + (arguments.order is not None)
    if targets == 0:
        raise CommandError("name the tickets to void, or --order")
    if targets > 1 and arguments.idempotency_key is not None:
        raise CommandError("--idempotency-key makes a retry of one ticket or one order safe, not of several")
    voided: list[Any] = []
    batches: list[Callable[[], list[Any]]] = []
    if arguments.order is not None:
        batches.append(lambda: store.tickets.cancel_order(arguments.order, idempotency_key=arguments.idempotency_key))
    for ticket_id in arguments.tickets:
        batches.append(functools.partial(cancel_one, store, ticket_id, arguments.idempotency_key))
    for batch in batches:  # each line printed as its transaction commits, so a failure shows what was done
        for ticket in batch():
            voided.append(ticket)
            output.line(f"{verb} ticket {ticket.id} ({ticket.holder_name})")
    output.put("tickets", voided)
    output.put("dry_run", store.rehearsing)
    return EXIT_OK


def instant_of(text: str | None) -> datetime | None:
    """An ISO 8601 instant with its offset (``2027-07-02T19:30:00+02:00``); a naive one is bad input."""
    if text is None:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--at must be an ISO 8601 instant, not {text!r}") from None
    if value.tzinfo is None or value.utcoffset() is None:
        raise CommandError(f"--at must name its offset (e.g. {text}+00:00): a naive instant is ambiguous")
    return value


def payloads_of(arguments: argparse.Namespace) -> list[str]:
    """The payloads (or ticket ids) of the command line and of --from, in that order."""
    items = list(arguments.payloads)
    if arguments.source is not None:
        items += read_ids(arguments.source, arguments.stdin)
    if not items:
        raise CommandError("give payloads (or ticket ids) as arguments or with --from")
    return items


def run_validate(store: Store, arguments: argparse.Namespace, output: Output) -> int:
    items = payloads_of(arguments)
    verdicts = store.door.validate_many(items, scan_point=arguments.scan_point, at=instant_of(arguments.at))
    for verdict in verdicts:
        if verdict.admitted:
            output.line(f"GREEN {verdict.ticket_id}")
        else:
            output.line(f"RED {verdict.code}: {verdict.message}" + (f" ({verdict.ticket_id})" if verdict.ticket_id else ""))
    output.put("verdicts", verdicts)
    return EXIT_OK if all(verdict.admitted for verdict in verdicts) else EXIT_NO


def run_redeem(store: Store, arguments: argparse.Namespace, output: Output) -> int:
    nonce = arguments.nonce if arguments.nonce is not None else f"cli:{uuid.uuid4()}"
    scan = store.door.redeem(
        arguments.payload,
        inspector_id=arguments.inspector,
        scan_point=arguments.scan_point,
        nonce=nonce,
        direction=arguments.direction,
        at=instant_of(arguments.at),
    )
    verb = "would be" if store.rehearsing else "was"
    if scan.admitted:
        way = "in" if arguments.direction == "in" else "out"
        output.line(f"GREEN {scan.ticket_id} {verb} let {way} ({scan.entries} entries, nonce {scan.nonce})")
    else:
        output.line(f"RED {scan.code}: {door_refusal_message(scan.refusal) if scan.refusal else ''}")
    output.put("scan", scan)
    output.put("dry_run", store.rehearsing)
    return EXIT_OK if scan.admitted else EXIT_NO


def amount_of(store: Store, text: str | None) -> Money | None:
    """A refund amount in the organization's currency (``12.50``), or the full amount (None)."""
    if text is None:
        return None
    organization_id = store.actor.organization_id
    if organization_id is None:
        raise CommandError("--amount needs an organization's actor (--organization)")
    return Money(text, store.organizations.get(organization_id).currency)


def run_refund(store: Store, arguments: argparse.Namespace, output: Output) -> int:
    targets: list[tuple[str, str]] = []
    if arguments.ticket is not None:
        targets.append(("ticket", arguments.ticket))
    if arguments.order is not None:
        targets.append(("order", arguments.order))
    if arguments.ids_from is not None:
        targets += [("ticket", ticket_id) for ticket_id in read_ids(arguments.ids_from, arguments.stdin)]
    if not targets:
        raise CommandError("name what to refund: --ticket, --order or --ids-from")
    if len(targets) > 1 and (arguments.amount is not None or arguments.idempotency_key is not None):
        raise CommandError("--amount and --idempotency-key refund one ticket or order; a bulk refund takes --key-prefix")
    amount = amount_of(store, arguments.amount)
    verb = "would refund" if store.rehearsing else ("refunded" if arguments.complete else "started refunding")
    done: list[Any] = []
    failed: list[dict[str, str]] = []
    first_failure = EXIT_OK
    for kind, target in progress_of(targets, output.err, "refunding"):
        key = arguments.idempotency_key
        if arguments.key_prefix is not None:
            key = f"{arguments.key_prefix}:{kind}:{target}"
        try:
            refund = store.refunds.start(
                ticket_id=target if kind == "ticket" else None,
                order_id=target if kind == "order" else None,
                amount=amount,
                allow_redeemed=arguments.allow_redeemed,
                note=arguments.note,
                idempotency_key=None if key is None else f"{key}:start",
            )
            if arguments.complete and not store.rehearsing:
                refund = store.refunds.complete(
                    refund.id,
                    gateway_reference=arguments.gateway_reference,
                    idempotency_key=None if key is None else f"{key}:complete",
                )
        except TicketcoreError as error:
            failed.append({kind: target, "code": error.code, "message": str(error)})
            output.line(f"FAILED {kind} {target}: {error} ({error.code})")
            first_failure = first_failure or exit_code_of(error)
            continue
        done.append(refund)
        output.line(f"{verb} {kind} {target}: {refund.amount.amount} {refund.amount.currency} (refund {refund.id})")
    output.line(f"{len(done)} {verb}, {len(failed)} failed")
    output.put("refunds", done)
    output.put("failed", failed)
    output.put("dry_run", store.rehearsing)
    return first_failure


def progress_of(targets: list[tuple[str, str]], err: IO[str], label: str) -> Iterator[tuple[str, str]]:
    """``targets`` with a progress bar on a terminal (see progress)."""
    keys = [f"{index}" for index in range(len(targets))]
    for index in progress(keys, err, label):
        yield targets[int(index)]


def run_export_scanner(store: Store, arguments: argparse.Namespace, output: Output) -> int:
    export = store.door.export_scanner(arguments.event, include_tickets=arguments.with_tickets)
    if arguments.output is None:
        if output.as_json:
            output.document = json.loads(export)
        else:
            output.out.write(export + "\n")
        return EXIT_OK
    try:
        with open(arguments.output, "w", encoding="utf-8") as file:
            file.write(export)
    except OSError as error:
        raise CommandError(f"cannot write {arguments.output}: {error.strerror}") from None
    output.line(f"wrote the scanner export of event {arguments.event} to {arguments.output} ({len(export)} characters)")
    output.put("event_id", arguments.event)
    output.put("path", arguments.output)
    output.put("characters", len(export))
    return EXIT_OK


def run_import_scans(store: Store, arguments: argparse.Namespace, output: Output) -> int:
    try:
        if arguments.scans == "-":
            text = arguments.stdin.read()
        else:
            with open(arguments.scans, encoding="utf-8") as file:
                text = file.read()
    except OSError as error:
        raise CommandError(f"cannot read {arguments.scans}: {error.strerror}") from None
    except UnicodeDecodeError:
        raise CommandError(f"cannot read {arguments.scans}: not UTF-8 text") from None
    result = store.door.import_scans(text)
    for item in result.scans:
        if item.scan is None:
            output.line(f"FAILED {item.nonce}: {item.error_message} ({item.error_code})")
        elif item.replayed:
            output.line(f"REPLAYED {item.nonce}")
        elif item.scan.conflict:
            output.line(f"CONFLICT {item.nonce}: {item.scan.code} (kept in the scan log, flagged)")
        else:
            verdict = "admitted" if item.scan.admitted else f"refused: {item.scan.code}"
            output.line(f"RECORDED {item.nonce}: {verdict}")
    verb = "would be recorded" if store.rehearsing else "recorded"
    output.line(
        f"{result.recorded} {verb}, {result.replayed} replayed, {result.conflicts} conflicts, {result.failed} failed"
    )
    output.put("import", result)
    output.put("dry_run", store.rehearsing)
    return EXIT_OK if result.conflicts == 0 and result.failed == 0 else EXIT_NO


def reports_of(store: Store) -> Any:
    """The store's reports (``store.reports``); tests put a stand-in here."""
    return store.reports


def order_state_of(text: str | None, option: str) -> OrderState | None:
    if text is None:
        return None
    try:
        return OrderState[text.upper()]
    except KeyError:
        names = ", ".join(state.name.lower() for state in OrderState)
        raise CommandError(f"{option} must be one of {names}, not {text!r}") from None


REPORT_OPTIONS = {"state": ("--state", "orders"), "order_state": ("--order-state", "ticket-holders"),
                  "bucket": ("--bucket", "sales-over-time")}


def run_report(store: Store, arguments: argparse.Namespace, output: Output) -> int:
    spec = report_tables.REPORTS[arguments.name]
    form = arguments.format or ("json" if arguments.json else "table")
    if arguments.json and form != "json":
        raise CommandError(f"--json and --format {form} disagree: give one of them")
    if form == "parquet" and arguments.output is None:
        raise CommandError("--format parquet writes a binary file: give it with --output FILE")
    options: dict[str, Any] = {}
    for key, (option, report_name) in REPORT_OPTIONS.items():
        value = getattr(arguments, key)
        if value is None:
            continue
        if report_name != arguments.name:
            raise CommandError(f"{option} is an option of the {report_name} report, not of {arguments.name}")
        options[key] = order_state_of(value, option) if key != "bucket" else value
    if not spec.paged and (arguments.first is not None or arguments.after is not None):
        raise CommandError(f"{arguments.name} is not paged: --first and --after are for paged reports")
    method = getattr(reports_of(store), spec.method, None)
    if method is None:
        raise CommandError(f"this build of ticketcore has no {arguments.name} report (store.reports.{spec.method})")
    if spec.paged:
        first = arguments.first if arguments.first is not None else report_tables.PAGE

        def fetch(after: str | None) -> Any:
            return method(arguments.event, first=first, after=after, **options)
    else:
        def fetch(after: str | None) -> Any:
            return method(arguments.event, **options)

    rows = report_tables.collect(fetch, walk=arguments.first is None, after=arguments.after)
    if form == "table":
        text = f"{spec.title}: {len(rows.rows)} rows\n{report_tables.table_text(rows)}\n"
        if rows.has_next_page:
            text += f"next page: --after {rows.end_cursor}\n"
    elif form == "csv":
        text = report_tables.csv_text(rows)
        if rows.has_next_page:
            print(f"next page: --after {rows.end_cursor}", file=output.err)
    elif form == "json":
        text = report_tables.json_text(rows)
    else:
        text = ""
    if arguments.output is None:
        if output.as_json:   # the one JSON document --json prints at the end
            output.document = report_tables.json_document(rows)
        else:
            output.out.write(text)
        return EXIT_OK
    try:
        if form == "parquet":
            report_tables.write_parquet(rows, arguments.output)
        else:
            with open(arguments.output, "w", encoding="utf-8", newline="") as file:
                file.write(text)
    except OSError as error:
        raise CommandError(f"cannot write {arguments.output}: {error.strerror}") from None
    except ImportError:
        raise CommandError("--format parquet needs pyarrow: pip install 'ticketcore[reports]'") from None
    output.line(f"wrote {len(rows.rows)} rows of {arguments.name} ({form}) to {arguments.output}")
    output.put("report", rows.name)
    output.put("format", form)
    output.put("path", arguments.output)
    output.put("rows", len(rows.rows))
    output.put("has_next_page", rows.has_next_page)
    output.put("end_cursor", rows.end_cursor)
    return EXIT_OK


Command = Callable[[Store, argparse.Namespace, Output], int]


def parser() -> argparse.ArgumentParser:
    """The argument parser of every command."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("store", help="a SQLite file or a postgresql:// URL")
    who = common.add_argument_group("actor (default: the environment, else a platform actor)")
    who.add_argument("--actor", default=None, help="the actor id (TICKETCORE_ACTOR; default ticketcore-cli)")
    who.add_argument("--organization", default=None, help="the organization id (TICKETCORE_ORGANIZATION)")
    who.add_argument(
        "--scopes", default=None, help=f"comma-separated scopes (TICKETCORE_SCOPES; default {','.join(DEFAULT_SCOPES)})"
    )
    common.add_argument("--json", action="store_true", help="print JSON instead of text")
    changes = argparse.ArgumentParser(add_help=False)
    changes.add_argument("--dry-run", action="store_true", help="run the command in full and keep nothing")

    top = argparse.ArgumentParser(prog="ticketcore", description="Work on a ticketcore store: a SQLite file or a PostgreSQL URL.")
    top.add_argument("--version", action="version", version=f"ticketcore {ticketcore.__version__}")
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, run: Command, help_text: str, changes_state: bool = False) -> argparse.ArgumentParser:
        parents = [common, changes] if changes_state else [common]
        sub = commands.add_parser(name, parents=parents, help=help_text, description=help_text)
        sub.set_defaults(run=run)
        return sub

    command("check", run_check, "recount every counter from the ledger and check every capacity (exit 1 on a problem)")
    audit = command("audit", run_audit, "print the audit log")
    audit.add_argument("--entity", default=None, help="only rows about this entity id")
    audit.add_argument("--limit", type=int, default=50)
    command("keys", run_keys, "list the organization's signing keys that verify (what a scanner needs)")
    qr = command("qr", run_qr, "print a ticket's signed QR payload, and draw its QR code")
    qr.add_argument("ticket", help="the ticket id")
    qr.add_argument("--png", default=None, help="write the QR code as a PNG image to this file")
    qr.add_argument("--svg", default=None, help="write the QR code as an SVG image to this file")

    transfer = command("transfer", run_transfer, "give a ticket to another holder: a new ticket, the old code void", True)
    transfer.add_argument("ticket", help="the ticket id")
    transfer.add_argument("--to-name", required=True, help="the new holder's name")
    transfer.add_argument("--to-email", required=True, help="the new holder's e-mail")
    transfer.add_argument("--idempotency-key", default=None, help="makes a retry safe")

    void = command("void", run_void, "cancel tickets without refund: records kept, codes void, capacity free", True)
    void.add_argument("tickets", nargs="*", help="ticket ids")
    void.add_argument("--order", default=None, help="every still-valid ticket of this paid order (booking)")
    void.add_argument("--idempotency-key", default=None, help="makes a retry safe (one ticket or one order)")

    validate = command("validate", run_validate, "green or red for each payload (or ticket id), recording nothing (exit 1 if any is red)")
    validate.add_argument("payloads", nargs="*", help="QR payloads or ticket ids")
    validate.add_argument("--from", dest="source", default=None, help="read payloads from a file, one a line (- : stdin)")
    validate.add_argument("--scan-point", default=None, help="where the scanner is")
    validate.add_argument("--at", default=None, help="the instant, ISO 8601 with offset (default: now)")

    redeem = command("redeem", run_redeem, "record an entry (or exit) of one ticket at the door (exit 1 if refused)", True)
    redeem.add_argument("payload", help="a QR payload or a ticket id")
    redeem.add_argument("--inspector", required=True, help="the inspector's id")
    redeem.add_argument("--scan-point", required=True, help="where the scanner is")
    redeem.add_argument("--direction", choices=("in", "out"), default="in")
    redeem.add_argument("--nonce", default=None, help="the scan's unique id: a repeat returns the first result (default: a new one)")
    redeem.add_argument("--at", default=None, help="the instant, ISO 8601 with offset (default: now)")

    refund = command("refund", run_refund, "refund tickets or an order: start, and with --complete record it done", True)
    what = refund.add_argument_group("what to refund (any of them)")
    what.add_argument("--ticket", default=None, help="one ticket id")
    what.add_argument("--order", default=None, help="one order (booking) id: all its tickets")
    what.add_argument("--ids-from", default=None, help="ticket ids from a file, one a line (- : stdin): a bulk refund")
    refund.add_argument("--amount", default=None, help="a partial amount in the organization's currency (one target only)")
    refund.add_argument("--allow-redeemed", action="store_true", help="refund tickets already used at the door")
    refund.add_argument("--note", default="", help="why, kept with the refund")
    refund.add_argument("--complete", action="store_true", help="also record each refund as done (money returned)")
    refund.add_argument("--gateway-reference", default=None, help="the gateway's reference of the money returned (with --complete)")
    refund.add_argument("--idempotency-key", default=None, help="makes a retry of one refund safe")
    refund.add_argument("--key-prefix", default=None, help="makes a retry of a bulk refund safe: each item's key is PREFIX:kind:id")

    export = command("export-scanner", run_export_scanner, "write what an offline scanner needs for an event (JSON)")
    export.add_argument("event", help="the event id")
    export.add_argument("--with-tickets", action="store_true", help="include the ticket list (exact offline verdicts)")
    export.add_argument("-o", "--output", default=None, help="write to this file (default: standard output)")

    imports = command("import-scans", run_import_scans, "apply the scans an offline scanner made, once each (exit 1 on a conflict)", True)
    imports.add_argument("scans", help="the scanner's scans as JSON (OfflineScanner.scans_json), a file or - for stdin")
    report = command("report", run_report, "print a report of an event as a table, CSV, JSON or Parquet")
    report.add_argument("name", type=lambda text: text.replace("_", "-"), choices=list(report_tables.REPORTS),
                        metavar="NAME", help="the report: " + ", ".join(report_tables.REPORTS))
    report.add_argument("event", help="the event id")
    report.add_argument("--format", choices=("table", "csv", "json", "parquet"), default=None,
                        help="table (default; json with --json), csv, json or parquet (needs --output)")
    report.add_argument("-o", "--output", default=None, help="write to this file (default: standard output)")
    report.add_argument("--first", type=int, default=None, help="paged reports: one page of at most N rows (default: every page)")
    report.add_argument("--after", default=None, help="paged reports: start after this cursor (a page's end_cursor)")
    report.add_argument("--state", default=None, help="orders: only orders in this state (pending, paid, ...)")
    report.add_argument("--order-state", default=None, help="ticket-holders: only holders with an order in this state")
    report.add_argument("--bucket", choices=("hour", "day"), default=None, help="sales-over-time: hour (default) or day")
    return top


def main(argv: Sequence[str] | None = None, *, stdin: IO[str] | None = None) -> int:
    """Runs the command line; returns its exit code."""
    out, err = sys.stdout, sys.stderr
    try:
        arguments = parser().parse_args(argv)
    except SystemExit as exit_:  # argparse has printed the usage error (2) or the help (0)
        return int(exit_.code) if isinstance(exit_.code, int) else EXIT_BAD_INPUT
    arguments.stdin = stdin if stdin is not None else sys.stdin
    output = Output(arguments.json, out, err)
    try:
        store = open_store(arguments)
        code = int(arguments.run(store, arguments, output))
    except TicketcoreError as error:
        print(f"ticketcore: {error} ({error.code})", file=err)
        return exit_code_of(error)
    except CommandError as error:
        print(f"ticketcore: {error}", file=err)
        return error.exit_code
    output.finish()
    return code
