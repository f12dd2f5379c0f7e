"""Command line: ``python -m ticketcore check STORE`` and ``python -m ticketcore audit STORE``.

STORE is what ``ticketcore.open`` takes: a SQLite file or a PostgreSQL URL. Both run as a
platform actor, so they see every organization of the store.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import ticketcore


def _open(path: str) -> ticketcore.Store:
    return ticketcore.open(path, actor=ticketcore.Actor.platform("ticketcore-cli"))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ticketcore", description="Inspect a ticketcore store: a SQLite file or a PostgreSQL URL.")
    parser.add_argument("--version", action="version", version=f"ticketcore {ticketcore.__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser(
        "check", help="recount every counter from the ledger and check every capacity (exit 1 on a problem)"
    )
    check.add_argument("store")
    audit = commands.add_parser("audit", help="print the audit log")
    audit.add_argument("store")
    audit.add_argument("--entity", default=None, help="only rows about this entity id")
    audit.add_argument("--limit", type=int, default=50)
    arguments = parser.parse_args(argv)

    try:
        store = _open(arguments.store)
        if arguments.command == "check":
            report = store.check_integrity()
            print(f"schema v{store.schema_version}: {report.specifications_checked} specifications, "
                  f"{report.pools_checked} pools checked")
            for mismatch in report.mismatches:
                print(f"MISMATCH {mismatch.entity_type} {mismatch.entity_id} {mismatch.counter}: "
                      f"stored {mismatch.stored}, ledger {mismatch.recounted}")
            for excess in report.over_capacity:
                print(f"OVER CAPACITY {excess.entity_type} {excess.entity_id}: {excess.taken} taken of {excess.capacity}")
            print("ok" if report.ok else f"{len(report.mismatches)} mismatches, {len(report.over_capacity)} over capacity")
            return 0 if report.ok else 1
        for entry in store.audit(entity_id=arguments.entity, limit=arguments.limit):
            print(f"{entry.sequence:>6} {entry.at.isoformat()} {entry.actor_id:<20} {entry.operation:<28} "
                  f"{entry.entity_type} {entry.entity_id}")
        return 0
    except ticketcore.TicketcoreError as error:
        print(f"ticketcore: {error} ({error.code})", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
