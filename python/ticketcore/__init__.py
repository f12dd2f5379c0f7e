"""ticketcore: a ticketing core with exact money and capacity that never oversells.

Open a store, act as an :class:`Actor`, and work through its areas::

    import ticketcore
    store = ticketcore.open("tickets.db", actor=ticketcore.Actor.platform("ops"))
    org = store.organizations.create("Jazz Club", currency="DKK")
"""

from __future__ import annotations

from datetime import datetime

try:
    from ticketcore import _core
except ImportError as _import_error:  # pragma: no cover - only without a build
    raise ImportError(
        "ticketcore's compiled module is missing. Build and install the package first: "
        "`bash scripts/install-deps && pip install --no-build-isolation .` from the repository root."
    ) from _import_error

from ticketcore._core import (
    CLEAR,
    Actor,
    AuditEntry,
    CapacityError,
    ConflictError,
    CounterMismatch,
    Event,
    EventDate,
    Events,
    EventState,
    IntegrityReport,
    ManualClock,
    Money,
    NotFoundError,
    Organization,
    Organizations,
    PermissionDeniedError,
    Pool,
    Pools,
    RoundingMode,
    Specifications,
    StorageError,
    Store,
    TicketcoreError,
    TicketSpecification,
    ValidationError,
    Visibility,
    format_local,
)

__version__ = "0.1.0"

__all__ = [
    "CLEAR",
    "Actor",
    "AuditEntry",
    "CapacityError",
    "ConflictError",
    "CounterMismatch",
    "Event",
    "EventDate",
    "EventState",
    "Events",
    "IntegrityReport",
    "ManualClock",
    "Money",
    "NotFoundError",
    "Organization",
    "Organizations",
    "PermissionDeniedError",
    "Pool",
    "Pools",
    "RoundingMode",
    "Specifications",
    "StorageError",
    "Store",
    "TicketSpecification",
    "TicketcoreError",
    "ValidationError",
    "Visibility",
    "__version__",
    "format_local",
    "open",
    "utc",
]


def open(  # noqa: A001 - mirrors the builtin on purpose: ticketcore.open(path)
    path: str,
    *,
    actor: Actor | None = None,
    synchronous: str = "FULL",
    busy_timeout_ms: int = 10000,
    clock: ManualClock | None = None,
) -> Store:
    """Open (creating and migrating when needed) the store at ``path``, or ``":memory:"``.

    ``actor`` is who the calls run as; without one every operation is refused until
    :meth:`Store.acting_as` gives one. ``synchronous`` is SQLite's durability level
    (``"FULL"`` by default: a call that returned has reached the disk). ``clock`` replaces
    the system clock, for tests and replays.
    """
    store = _core.open_store(path, synchronous=synchronous, busy_timeout_ms=busy_timeout_ms, clock=clock)
    return store if actor is None else store.acting_as(actor)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    """An aware UTC datetime, a shorthand for tests and examples."""
    from datetime import timezone

    return datetime(year, month, day, hour, minute, second, tzinfo=timezone.utc)
