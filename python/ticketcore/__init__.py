"""ticketcore: a ticketing core with exact money and capacity that never oversells.

Open a store, act as an :class:`Actor`, and work through its areas::

    import ticketcore
    store = ticketcore.open("tickets.db", actor=ticketcore.Actor.platform("ops"))
    org = store.organizations.create("Jazz Club", currency="DKK")
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import datetime, timedelta
from typing import Protocol, TypeVar

try:
    from ticketcore import _core
except ImportError as _import_error:  # pragma: no cover - only without a build
    raise ImportError(
        "ticketcore's compiled module is missing. Build and install the package first: "
        "`bash scripts/install-deps && pip install --no-build-isolation .` from the repository root."
    ) from _import_error

from ticketcore._core import (
    CLEAR,
    BoardMember,
    BoardMemberPage,
    Door,
    DoorRefusal,
    DoorVerdict,
    InspectorKind,
    Scan,
    ScanDirection,
    ScanOutcome,
    ScanPage,
    ScanRequest,
    ScanSource,
    OfflineScan,
    OfflineScanner,
    ImportedScan,
    ScanImport,
    AttendanceDate,
    AttendanceTicket,
    AttendanceTicketPage,
    TicketInspector,
    TicketInspectorPage,
    door_refusal_message,
    PosReader,
    PosReaderPage,
    PosReaderStatus,
    Report,
    Reports,
    concat_reports,
    Staff,
    User,
    UserPage,
    Actor,
    AuditEntry,
    Buyer,
    BuyerDetails,
    BuyOrder,
    CapacityError,
    CapacityExcess,
    ConflictError,
    CounterMismatch,
    Event,
    EventDate,
    Events,
    EventState,
    EventTicket,
    EventPage,
    EventTicketDate,
    format_local,
    HolderPage,
    IntegrityReport,
    CustomerField,
    CustomerFieldType,
    KeyState,
    ManualClock,
    Money,
    NewSeat,
    NotFoundError,
    OrderLine,
    OrderPage,
    Orders,
    OrderState,
    Organization,
    Organizations,
    Outbox,
    OutboxEvent,
    PermissionDeniedError,
    Pool,
    Pools,
    PriceBreakdown,
    Product,
    ProductPage,
    Products,
    PromoCode,
    PromoCodePage,
    PromoCodes,
    Refund,
    RefundedTicket,
    Refunds,
    RefundState,
    Address,
    CustomerData,
    PaymentTypeOption,
    Sale,
    SaleConnection,
    SaleEdge,
    SaleItem,
    SaleItemGroup,
    SaleItemKind,
    SalePaymentType,
    Sales,
    SaleState,
    PosPayment,
    PosPaymentResult,
    PosPaymentStatus,
    Revocation,
    RevocationPage,
    RoundingMode,
    Seat,
    SeatMap,
    SeatMaps,
    SeatPage,
    SeatStatus,
    SigningKeyInfo,
    Specifications,
    StorageError,
    Store,
    TicketcoreError,
    TicketHolder,
    TicketKind,
    TicketPage,
    Tickets,
    TicketSpecification,
    TicketState,
    ValidationError,
    Visibility,
    Volume,
)
from ticketcore._qr import qr_png, qr_svg
# Receipts, invoices and tickets as PDF (fpdf2 is imported only when a document is drawn).
from ticketcore.documents import PrintedTicket, Seller, receipt_pdf, ticket_pages, tickets_pdf
from ticketcore.gateway import RefundGateway, RefundResult, refund_with_gateway

__version__ = "0.1.0"

__all__ = [
    "CLEAR",
    "PosReader",
    "PosReaderPage",
    "PosReaderStatus",
    "Report",
    "Reports",
    "concat_reports",
    "Staff",
    "User",
    "UserPage",
    "BoardMember",
    "BoardMemberPage",
    "Door",
    "DoorRefusal",
    "DoorVerdict",
    "InspectorKind",
    "Scan",
    "ScanDirection",
    "ScanOutcome",
    "ScanPage",
    "ScanRequest",
    "ScanSource",
    "OfflineScan",
    "OfflineScanner",
    "ImportedScan",
    "ScanImport",
    "AttendanceDate",
    "AttendanceTicket",
    "AttendanceTicketPage",
    "TicketInspector",
    "TicketInspectorPage",
    "door_refusal_message",
    "__version__",
    "Actor",
    "AuditEntry",
    "Buyer",
    "BuyerDetails",
    "BuyOrder",
    "CapacityError",
    "CapacityExcess",
    "qr_png",
    "qr_svg",
    "PrintedTicket",
    "receipt_pdf",
    "Seller",
    "ticket_pages",
    "tickets_pdf",
    "Revocation",
    "RevocationPage",
    "ConflictError",
    "CounterMismatch",
    "Event",
    "EventDate",
    "Events",
    "EventState",
    "EventTicket",
    "EventPage",
    "EventTicketDate",
    "every",
    "format_local",
    "HolderPage",
    "IntegrityReport",
    "ManualClock",
    "Money",
    "NewSeat",
    "NotFoundError",
    "open",
    "OrderLine",
    "OrderPage",
    "Orders",
    "OrderState",
    "CustomerField",
    "CustomerFieldType",
    "KeyState",
    "Organization",
    "Organizations",
    "Outbox",
    "OutboxEvent",
    "PermissionDeniedError",
    "Pool",
    "Pools",
    "PriceBreakdown",
    "Product",
    "ProductPage",
    "Products",
    "PromoCode",
    "PromoCodePage",
    "PromoCodes",
    "Refund",
    "RefundedTicket",
    "RefundGateway",
    "RefundResult",
    "Refunds",
    "RefundState",
    "refund_with_gateway",
    "Address",
    "CustomerData",
    "PaymentTypeOption",
    "Sale",
    "SaleConnection",
    "SaleEdge",
    "SaleItem",
    "SaleItemGroup",
    "SaleItemKind",
    "SalePaymentType",
    "Sales",
    "SaleState",
    "PosPayment",
    "PosPaymentResult",
    "PosPaymentStatus",
    "RoundingMode",
    "Seat",
    "SeatMap",
    "SeatMaps",
    "SeatPage",
    "SeatStatus",
    "SigningKeyInfo",
    "Specifications",
    "StorageError",
    "Store",
    "TicketcoreError",
    "TicketHolder",
    "TicketKind",
    "TicketPage",
    "Tickets",
    "TicketSpecification",
    "TicketState",
    "utc",
    "ValidationError",
    "Visibility",
    "Volume",
]


def open(  # noqa: A001 - mirrors the builtin on purpose: ticketcore.open(path)
    path: str,
    *,
    actor: Actor | None = None,
    durability: str = "full",
    busy_timeout_ms: int | None = None,
    pool_size: int | None = None,
    clock: ManualClock | None = None,
    order_hold: timedelta | None = None,
    sale_hold: timedelta | None = None,
) -> Store:
    """Open (creating and migrating when needed) the store at ``path``.

    ``path`` is a SQLite file, ``":memory:"``, or a PostgreSQL URL (``"postgresql://user@host/db"``,
    any libpq connection URL). ``actor`` is who the calls run as; without one every operation is
    refused until :meth:`Store.acting_as` gives one. ``durability`` is ``"full"`` (the default: a
    call that returned has reached the disk), ``"normal"`` or ``"off"``. ``busy_timeout_ms`` is how
    long a SQLite writer waits for another's lock (10000 when not given); ``pool_size`` how many
    connections a PostgreSQL store keeps (8 when not given). Each belongs to its engine: given for a
    store of the other, it is a ``ValidationError`` ``option_not_for_engine``. ``clock`` replaces
    the system clock, for tests and replays. ``order_hold`` is how long a pending order holds
    its tickets before it expires (15 minutes by default); ``sale_hold`` how long an open
    box-office sale holds what it has (30 minutes by default).
    """
    store = _core.open_store(
        path,
        durability=durability,
        busy_timeout_ms=busy_timeout_ms,
        pool_size=pool_size,
        clock=clock,
        order_hold=order_hold,
        sale_hold=sale_hold,
    )
    return store if actor is None else store.acting_as(actor)


_Node = TypeVar("_Node", covariant=True)


class _Page(Protocol[_Node]):
    """What every list returns: ``nodes``, ``has_next_page`` and ``end_cursor``."""

    @property
    def nodes(self) -> Sequence[_Node]: ...
    @property
    def has_next_page(self) -> bool: ...
    @property
    def end_cursor(self) -> str | None: ...


def every(list_page: Callable[..., _Page[_Node]], /, *args: object, **kwargs: object) -> Iterator[_Node]:
    """Every item of a paged list, in the list's order, reading it page after page.

    ``list_page`` is a list call such as ``store.orders.list``; the other arguments are passed to
    it as they are, with ``first=50`` (the largest page) unless given and ``after=`` the cursor
    of the page before::

        for order in ticketcore.every(store.orders.list, event.id, state=OrderState.PAID):
            ...

    Each page is read when the one before is used up, on a snapshot of its own, so an item added
    while you walk appears once if it sorts after the current page, and never twice.
    """
    if not callable(list_page):
        raise TypeError(f"list_page must be a list call such as store.orders.list, not {type(list_page).__name__}")
    kwargs.setdefault("first", 50)
    return _walk(list_page, args, kwargs)


def _walk(list_page: Callable[..., _Page[_Node]], args: tuple[object, ...], kwargs: dict[str, object]) -> Iterator[_Node]:
    while True:
        page = list_page(*args, **kwargs)
        yield from page.nodes
        if not page.has_next_page:
            return
        kwargs["after"] = page.end_cursor


_UTC_FIELDS = {"year": (1, 9999), "month": (1, 12), "day": (1, 31), "hour": (0, 23), "minute": (0, 59), "second": (0, 59)}


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    """An aware UTC datetime, a shorthand for tests and examples.

    Each part must be an ``int`` (``TypeError`` otherwise) in its calendar range; a date that
    does not exist is a :class:`ValidationError` with code ``invalid_date``.
    """
    from datetime import timezone

    values = {"year": year, "month": month, "day": day, "hour": hour, "minute": minute, "second": second}
    for name, value in values.items():
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"{name} must be an int, not {type(value).__name__}")
        low, high = _UTC_FIELDS[name]
        # The errors come from the core's catalogue of codes and messages, as every other does.
        if not -(2**63) <= int(value) < 2**63:
            _core._number_beyond_64_bits(name)
        if not low <= int(value) <= high:
            _core._date_part_out_of_range(name, low, high)
    try:
        return datetime(int(year), int(month), int(day), int(hour), int(minute), int(second), tzinfo=timezone.utc)
    except ValueError:
        pass  # every part is in its range, so the day is past the month's end
    _core._day_out_of_month()  # outside the except: the ValueError is no context of it
