"""Printed documents: a sale's receipt or invoice, and its tickets, as PDF.

The core keeps sales and tickets; this module draws them. :func:`receipt_pdf` renders a
committed box-office sale (``store.sales``) as a receipt or an invoice: the seller, the buyer,
the number, every line with its VAT, the VAT per rate, the total, the payment type and the staff
user. :func:`ticket_pages` reads tickets from a store into :class:`PrintedTicket` values and
:func:`tickets_pdf` prints them, one per page, each with its signed QR code.

The PDF is drawn by fpdf2 (PyPI ``fpdf2``), the QR codes by segno (:func:`ticketcore.qr_png`).
fpdf2 is imported when a document is drawn, so ``import ticketcore`` works without it. Names are
printed in DejaVu Sans, from Debian's ``fonts-dejavu-core`` (``/usr/share/fonts/truetype/dejavu``),
which covers Latin, Greek and Cyrillic; without that font the documents fall back to the PDF's
built-in Helvetica, which prints only Latin-1 (other characters become ``?``). A character the
font has no glyph for prints as the font's replacement character, and control characters never
reach the page. Every text is cut to a bounded length, so a hostile name cannot blow a page up.

Money is printed from :attr:`Money.amount` (a ``Decimal``) with its currency code, never through
a float. The labels are English; the names of items and ticket types follow ``locale``.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from ticketcore import _core
from ticketcore._core import Money, Store
from ticketcore._qr import _symbol as _qr_symbol
from ticketcore._qr import qr_png

if TYPE_CHECKING:
    from fpdf import FPDF

__all__ = [
    "PrintedTicket",
    "ReceiptAddress",
    "ReceiptCustomer",
    "ReceiptItem",
    "ReceiptSale",
    "ReceiptUser",
    "Seller",
    "receipt_pdf",
    "ticket_pages",
    "tickets_pdf",
]

# --- what a receipt reads of a sale (store.sales' snapshots satisfy these protocols) --------------


class _Named(Protocol):
    """An enum member: ``SalePaymentType``, ``SaleItemKind``, ``SaleState``."""

    @property
    def name(self) -> str: ...


class ReceiptUser(Protocol):
    """A staff user: who created or committed a sale."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...


class ReceiptAddress(Protocol):
    """A postal address of the customer data; each part may be empty."""

    @property
    def street(self) -> str: ...
    @property
    def postal_code(self) -> str: ...
    @property
    def city(self) -> str: ...
    @property
    def country(self) -> str: ...


class ReceiptCustomer(Protocol):
    """The buyer's details a sale collected (``Sale.customer_data``); each text may be empty."""

    @property
    def first_name(self) -> str: ...
    @property
    def last_name(self) -> str: ...
    @property
    def email(self) -> str: ...
    @property
    def phone(self) -> str: ...
    @property
    def company(self) -> str: ...
    @property
    def address(self) -> ReceiptAddress: ...
    @property
    def newsletter(self) -> bool | None: ...


class ReceiptItem(Protocol):
    """A line of a sale: a ticket, a product, a discount or a generated fee.

    ``price`` is the line's total with VAT included (negative for a discount). A ticket's
    ``discount`` is its share of the sale's discount: it costs ``price - discount``, which
    includes ``vat`` at ``vat_rate`` basis points (1900 is 19 %). A discount line includes no VAT
    of its own: its effect is in the VAT of the lines it discounts.
    """

    @property
    def id(self) -> str: ...
    @property
    def kind(self) -> _Named: ...
    def name(self, locale: str) -> str: ...
    @property
    def quantity(self) -> int: ...
    @property
    def unit_price(self) -> Money: ...
    @property
    def price(self) -> Money: ...
    @property
    def discount(self) -> Money: ...
    @property
    def vat_rate(self) -> int: ...
    @property
    def vat(self) -> Money: ...
    @property
    def event_id(self) -> str | None: ...
    @property
    def seat_label(self) -> str | None: ...


@runtime_checkable
class ReceiptSale(Protocol):
    """A box-office sale (``store.sales.get``): what :func:`receipt_pdf` reads of it."""

    @property
    def id(self) -> str: ...
    @property
    def number(self) -> str | None: ...
    @property
    def state(self) -> _Named: ...
    @property
    def committed_at(self) -> datetime | None: ...
    @property
    def committer(self) -> ReceiptUser | None: ...
    @property
    def payment_type(self) -> _Named | None: ...
    @property
    def customer_data(self) -> ReceiptCustomer | None: ...
    @property
    def line_items(self) -> Sequence[ReceiptItem]: ...
    @property
    def grand_total(self) -> Money: ...


# --- the seller -----------------------------------------------------------------------------


def _text(value: object, name: str, *, optional: bool = False) -> None:
    """A ``str`` (or ``None`` when optional) that the core would accept: no NUL, no lone
    surrogate, at most 100,000 characters (the catalogue's errors)."""
    if value is None and optional:
        return
    if not isinstance(value, str):
        kind = "a str or None" if optional else "a str"
        raise TypeError(f"{name} must be {kind}, not {type(value).__name__}")
    _core._check_text(value, name)


@dataclass(frozen=True)
class Seller:
    """Who sells: printed at the head of a receipt or invoice.

    ``address_lines`` (any iterable of ``str``, kept as a tuple) are printed as given, one a line
    (street, postal code and city, country); ``vat_id`` (the seller's VAT registration number)
    and ``email`` are printed when given.
    """

    name: str
    address_lines: tuple[str, ...] = ()
    vat_id: str | None = None
    email: str | None = None

    def __post_init__(self) -> None:
        _text(self.name, "name")
        lines = self.address_lines
        if isinstance(lines, (str, bytes, bytearray)) or not isinstance(lines, Iterable):
            raise TypeError(f"address_lines must be an iterable of str, not {type(lines).__name__}")
        kept = tuple(lines)  # once: a generator is read one time
        for line in kept:
            _text(line, "address_lines")
        object.__setattr__(self, "address_lines", kept)
        _text(self.vat_id, "vat_id", optional=True)
        _text(self.email, "email", optional=True)


# --- text on the page -----------------------------------------------------------------------

#: Where Debian's fonts-dejavu-core puts DejaVu Sans.
DEJAVU_DIRECTORY = Path("/usr/share/fonts/truetype/dejavu")
_FONT = "DejaVu"
_FALLBACK_FONT = "Helvetica"
#: The longest text of one field that reaches the page; longer ones are cut with an ellipsis.
_MAX_FIELD = 200
#: The most lines of one field (a seller's address lines, a ticket's dates) printed.
_MAX_LINES = 20
_REPLACEMENT = "\ufffd"


class _Page:
    """An fpdf2 document with the one font every text is printed in, and the text cleaning that
    keeps control characters and glyphs the font lacks off the page."""

    def __init__(self) -> None:
        from fpdf import FPDF

        self.pdf: FPDF = FPDF(format="A4", unit="mm")
        self.pdf.set_auto_page_break(auto=True, margin=15)
        self.pdf.set_creator("ticketcore")
        regular = DEJAVU_DIRECTORY / "DejaVuSans.ttf"
        bold = DEJAVU_DIRECTORY / "DejaVuSans-Bold.ttf"
        self._glyphs: frozenset[int] | None
        if regular.is_file() and bold.is_file():
            self.pdf.add_font(_FONT, "", str(regular))
            self.pdf.add_font(_FONT, "B", str(bold))
            self.family = _FONT
            self._glyphs = frozenset(self.pdf.fonts[_FONT.lower()].cmap)  # type: ignore[union-attr]
        else:  # the documented fallback without fonts-dejavu-core: Latin-1 only
            self.family = _FALLBACK_FONT
            self._glyphs = None

    def clean(self, text: str, limit: int = _MAX_FIELD) -> str:
        """``text`` as it may be printed: control, format and separator characters become
        spaces, characters without a glyph become the replacement character, and at most
        ``limit`` characters are kept (the last an ellipsis when cut)."""
        if len(text) > limit:
            text = text[: limit - 1] + "\u2026"
        out: list[str] = []
        for char in text:
            category = unicodedata.category(char)
            if category in ("Cc", "Cf", "Zl", "Zp") or category == "Zs" and char != " ":
                out.append(" ")
            elif category == "Cs" or not self._printable(char):
                out.append(_REPLACEMENT if self._printable(_REPLACEMENT) else "?")
            else:
                out.append(char)
        return "".join(out)

    def _printable(self, char: str) -> bool:
        if self._glyphs is None:
            return ord(char) < 0x100
        return ord(char) in self._glyphs

    def font(self, size: float, *, bold: bool = False) -> None:
        self.pdf.set_font(self.family, "B" if bold else "", size)

    def line(self, text: str, *, size: float = 10, bold: bool = False, height: float = 5.5) -> None:
        """One paragraph across the page, wrapped at the margin."""
        from fpdf.enums import XPos, YPos

        self.font(size, bold=bold)
        self.pdf.multi_cell(0, height, self.clean(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def gap(self, height: float = 4) -> None:
        self.pdf.ln(height)

    def output(self) -> bytes:
        return bytes(self.pdf.output())

    def __enter__(self) -> _Page:
        return self

    def __exit__(self, *exc_info: object) -> None:
        """Closes the font files fpdf2 keeps open (fontTools reads them lazily)."""
        for font in self.pdf.fonts.values():
            ttfont = getattr(font, "ttfont", None)
            if ttfont is not None:
                ttfont.close()


def _money(value: Money) -> str:
    """``250.00 DKK``: the exact Decimal, fixed-point, and the currency code."""
    return f"{format(value.amount, 'f')} {value.currency}"


def _rate(basis_points: int) -> str:
    """``19 %``, ``7.5 %``, ``0.25 %``: a VAT rate in basis points as a percentage."""
    percent = (Decimal(basis_points) / 100).normalize()
    return f"{format(percent, 'f')} %"


#: The payment types' printed names (SalePaymentType's members by name).
PAYMENT_TYPE_LABELS = {
    "CASH": "Cash",
    "CARD": "Card",
    "POS_TERMINAL": "Card (POS terminal)",
    "PAYMENT_LINK": "Payment link",
    "INVOICE": "Invoice",
    "FREE": "Free of charge",
}


def _label(member: _Named) -> str:
    name = member.name
    return PAYMENT_TYPE_LABELS.get(name, name.replace("_", " ").capitalize())


# --- the receipt or invoice -----------------------------------------------------------------




def _buyer_lines(customer: ReceiptCustomer | None) -> list[str]:
    if customer is None:
        return []
    lines = []
    name = " ".join(part for part in (customer.first_name.strip(), customer.last_name.strip()) if part)
    for text in (customer.company, name):
        if text.strip():
            lines.append(text)
    address = customer.address
    street = address.street.strip()
    town = " ".join(part for part in (address.postal_code.strip(), address.city.strip()) if part)
    lines += [text for text in (street, town, address.country.strip()) if text]
    if customer.email.strip():
        lines.append(f"E-mail: {customer.email}")
    if customer.phone.strip():
        lines.append(f"Phone: {customer.phone}")
    return lines


def _check_invoice_buyer(customer: ReceiptCustomer | None) -> None:
    """An invoice names its buyer: a name (or company) and a postal address."""
    missing = []
    has_name = customer is not None and bool(
        (customer.first_name + customer.last_name + customer.company).strip()
    )
    if not has_name:
        missing.append("name")
    address = None if customer is None else customer.address
    if address is None or not (address.street.strip() and address.city.strip()):
        missing.append("address")
    if missing:
        _core._invoice_buyer_required(" and ".join(missing))


def _vat_rows(items: Sequence[ReceiptItem], currency: str) -> list[tuple[int, Money, Money, Money]]:
    """Per VAT rate, in rising order: (rate, net, VAT, gross), the sums of the lines' own
    amounts (the VAT each line includes, added up; never recomputed from a total). A line counts
    what it costs after its share of the discount; the discount line itself is in the lines it
    discounts, so the table adds up to the total."""
    gross: dict[int, Money] = {}
    vat: dict[int, Money] = {}
    zero = Money.zero(currency)
    for item in items:
        if item.kind.name == "DISCOUNT":
            continue
        gross[item.vat_rate] = gross.get(item.vat_rate, zero) + item.price - item.discount
        vat[item.vat_rate] = vat.get(item.vat_rate, zero) + item.vat
    return [(rate, gross[rate] - vat[rate], vat[rate], gross[rate]) for rate in sorted(gross)]


def _table(page: _Page, widths: tuple[float, ...], rows: Sequence[Sequence[str]], *, heading: bool = True) -> None:
    """Rows of cells in columns of ``widths`` (fractions of the page width): the first column
    left-aligned and wrapped, the others right-aligned; the first row bold when ``heading``."""
    from fpdf.enums import TableBordersLayout
    from fpdf.fonts import FontFace

    page.font(9)
    total = page.pdf.epw
    with page.pdf.table(
        col_widths=tuple(width * total for width in widths),
        text_align=("LEFT",) + ("RIGHT",) * (len(widths) - 1),
        first_row_as_headings=heading,
        borders_layout=TableBordersLayout.HORIZONTAL_LINES,
        line_height=5,
        headings_style=FontFace(emphasis="BOLD"),
    ) as table:
        for cells in rows:
            row = table.row()
            for cell in cells:
                row.cell(page.clean(cell))


def receipt_pdf(
    sale: ReceiptSale, seller: Seller, *, locale: str = "", invoice: bool = False, time_zone: str = "UTC"
) -> bytes:
    """A committed sale's receipt (or, with ``invoice=True``, its invoice) as PDF bytes.

    Prints the title ("Receipt" or "Invoice"), the sale's number, its commit time in
    ``time_zone`` (an IANA name; UTC by default), the seller, the buyer (the sale's customer
    data, when it has any), each line of ``sale.line_items`` (its name in ``locale``, quantity,
    unit price and total), the VAT per rate (net, VAT and gross: the sums of the lines' own VAT),
    the grand total, the payment type and the staff user who committed the sale.

    A sale that is not committed (no number or commit time) has no receipt, and an invoice needs
    the buyer's name and address: both are a ``ValueError`` saying what is missing. A bad
    ``time_zone`` or ``locale`` is the core's ``ValidationError``.
    """
    if not isinstance(sale, ReceiptSale):
        raise TypeError(f"sale must be a sale (store.sales.get), not {type(sale).__name__}")
    if not isinstance(seller, Seller):
        raise TypeError(f"seller must be a Seller, not {type(seller).__name__}")
    _text(locale, "locale")
    if not isinstance(invoice, bool):
        raise TypeError(f"invoice must be a bool, not {type(invoice).__name__}")
    _text(time_zone, "time_zone")
    if sale.committed_at is None:
        _core._sale_not_committed(sale.number or sale.id, sale.state.name)
    # The core's own check of the zone (and of the instant), with its error when it is unknown.
    committed = datetime.fromisoformat(_core.format_local(sale.committed_at, time_zone))
    customer = sale.customer_data
    if invoice:
        _check_invoice_buyer(customer)
    currency = sale.grand_total.currency
    items = list(sale.line_items)

    with _Page() as page:
        page.pdf.set_title(page.clean(("Invoice" if invoice else "Receipt") + f" {sale.number}"))
        page.pdf.add_page()
        page.line("Invoice" if invoice else "Receipt", size=20, bold=True, height=10)
        page.line(f"Number: {sale.number}")
        page.line(f"Date: {committed.strftime('%Y-%m-%d %H:%M')} ({time_zone})")
        page.gap()

        page.line("Seller", bold=True)
        page.line(seller.name)
        for address_line in seller.address_lines[:_MAX_LINES]:
            page.line(address_line)
        if seller.vat_id:
            page.line(f"VAT ID: {seller.vat_id}")
        if seller.email:
            page.line(f"E-mail: {seller.email}")
        buyer = _buyer_lines(customer)
        if buyer:
            page.gap()
            page.line("Buyer", bold=True)
            for buyer_line in buyer:
                page.line(buyer_line)
        page.gap()

        rows = [("Item", "Quantity", "Unit price", "Amount")]
        for item in items:
            name = item.name(locale)
            if item.seat_label:
                name = f"{page.clean(name, _MAX_FIELD // 2)}, seat {page.clean(item.seat_label, _MAX_FIELD // 2)}"
            rows.append((name, str(item.quantity), _money(item.unit_price), _money(item.price)))
        _table(page, (0.52, 0.12, 0.18, 0.18), rows)
        page.gap()
        page.line(f"Total: {_money(sale.grand_total)}", size=12, bold=True, height=7)
        page.gap()

        vat_rows = [("VAT rate", "Net", "VAT", "Gross")]
        vat_rows += [(_rate(rate), _money(net), _money(vat), _money(gross)) for rate, net, vat, gross in _vat_rows(items, currency)]
        _table(page, (0.34, 0.22, 0.22, 0.22), vat_rows)
        page.gap()

        if sale.payment_type is not None:
            page.line(f"Payment: {_label(sale.payment_type)}")
        if sale.committer is not None:
            page.line(f"Served by: {sale.committer.name}")
        if invoice and sale.payment_type is not None and sale.payment_type.name == "INVOICE":
            page.line(f"Please pay {_money(sale.grand_total)} quoting {sale.number}.")
        return page.output()


# --- tickets --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PrintedTicket:
    """What one printed ticket shows: its holder, the event, its date(s), its type, its seat (or
    ``None`` for general admission) and the signed QR payload (``store.tickets.qr``)."""

    ticket_id: str
    holder: str
    event_name: str
    date_text: str
    type_name: str
    seat_label: str | None
    payload: str
    location: str = ""

    def __post_init__(self) -> None:
        for name in ("ticket_id", "holder", "event_name", "date_text", "type_name", "location"):
            _text(getattr(self, name), name)
        _text(self.seat_label, "seat_label", optional=True)
        _qr_symbol(self.payload)  # a ticket payload text, or the error qr_png would give


def _local_time(iso: str) -> str:
    """``2027-07-02T19:00:00+02:00`` as ``2027-07-02 19:00``."""
    return datetime.fromisoformat(iso).strftime("%Y-%m-%d %H:%M")


def ticket_pages(
    store: Store, ticket_ids: Sequence[str], *, locale: str = "", seats: Mapping[str, str] | None = None
) -> list[PrintedTicket]:
    """The tickets ``ticket_ids`` read from ``store`` as :class:`PrintedTicket` values, in the
    order given: the holder's name, the event's name and location, the dates the ticket is for in
    the event's time zone, the ticket type's name in ``locale`` and the signed QR payload.

    Each id is read with ``store.tickets.get`` (a ``NotFoundError`` for an unknown one, a
    ``PermissionDeniedError`` for another organization's), so the store's actor needs
    ``events:read``. ``seats`` gives a seated ticket's seat label by ticket id (a box-office
    sale's ``ticket_seats``); a ticket it does not name is general admission (``None``).
    """
    if not isinstance(store, Store):
        raise TypeError(f"store must be a Store, not {type(store).__name__}")
    if isinstance(ticket_ids, (str, bytes)) or not isinstance(ticket_ids, Sequence):
        raise TypeError(f"ticket_ids must be a sequence of str, not {type(ticket_ids).__name__}")
    for ticket_id in ticket_ids:
        _text(ticket_id, "ticket_ids")
    _text(locale, "locale")
    if seats is not None and not isinstance(seats, Mapping):
        raise TypeError(f"seats must be a mapping of ticket id to seat label, not {type(seats).__name__}")
    for label in (seats or {}).values():
        _text(label, "seats")
    pages = []
    events: dict[str, _core.Event] = {}
    for ticket_id in ticket_ids:
        ticket = store.tickets.get(ticket_id)
        event = events.get(ticket.event_id)
        if event is None:
            event = events[ticket.event_id] = store.events.get(ticket.event_id)
        specification = store.specifications.get(ticket.ticket_specification_id)
        dates = {date.id: date for date in event.dates}
        ticket_dates = [dates[date.event_date_id] for date in ticket.event_dates if date.event_date_id in dates]
        texts = [f"{_local_time(date.local_start)} - {_local_time(date.local_end)}" for date in ticket_dates]
        if len(texts) > _MAX_LINES:
            texts = texts[:_MAX_LINES] + [f"and {len(texts) - _MAX_LINES} more dates"]
        date_text = "\n".join(texts)
        if texts:
            date_text += f"\n({event.time_zone})"
        pages.append(
            PrintedTicket(
                ticket_id=ticket.id,
                holder=ticket.holder_name,
                event_name=event.name,
                date_text=date_text,
                type_name=specification.name_for(locale) if locale else specification.name,
                seat_label=(seats or {}).get(ticket.id),
                payload=store.tickets.qr(ticket.id),
                location=event.location,
            )
        )
    return pages


#: The most lines of dates a printed ticket shows (the page keeps room for the QR code).
_MAX_TICKET_DATE_LINES = 12
#: The printed QR code's side in millimetres: a version-6 code (41 modules and a 4-module quiet
#: zone each side) at about 1.2 mm a module, which a phone or a door scanner reads off paper.
QR_SIZE_MM = 60.0


def tickets_pdf(tickets: Sequence[PrintedTicket]) -> bytes:
    """The tickets as PDF bytes, one a page: the event, its location and date(s), the ticket
    type, the seat, the holder, the ticket's id and its QR code (:func:`ticketcore.qr_png`,
    60 mm wide). An empty sequence gives a PDF with one empty page (a PDF has at least one)."""
    if isinstance(tickets, (str, bytes)) or not isinstance(tickets, Sequence):
        raise TypeError(f"tickets must be a sequence of PrintedTicket, not {type(tickets).__name__}")
    for ticket in tickets:
        if not isinstance(ticket, PrintedTicket):
            raise TypeError(f"tickets must hold PrintedTicket values, not {type(ticket).__name__}")
    with _Page() as page:
        page.pdf.set_title("Tickets")
        page.pdf.set_auto_page_break(auto=False)
        for ticket in tickets:
            page.pdf.add_page()
            page.line(ticket.event_name, size=18, bold=True, height=8)
            if ticket.location:
                page.line(ticket.location, size=11)
            for date_line in ticket.date_text.splitlines()[:_MAX_TICKET_DATE_LINES]:
                page.line(date_line, size=11)
            page.gap()
            page.line(f"Ticket: {ticket.type_name}", size=12)
            page.line(f"Seat: {ticket.seat_label}" if ticket.seat_label else "General admission", size=12)
            page.line(f"Holder: {ticket.holder}", size=12)
            page.gap()
            image = qr_png(ticket.payload, scale=10, border=4)
            left = (page.pdf.w - QR_SIZE_MM) / 2
            top = max(page.pdf.get_y(), 110.0)
            page.pdf.image(io.BytesIO(image), x=left, y=top, w=QR_SIZE_MM, h=QR_SIZE_MM)
            page.pdf.set_y(top + QR_SIZE_MM + 4)
            page.font(8)
            page.pdf.cell(0, 5, page.clean(ticket.ticket_id), align="C")
        if not tickets:
            page.pdf.add_page()
        return page.output()

