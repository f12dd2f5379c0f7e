"""Receipts, invoices and tickets as PDF (ticketcore.documents): each document is read back,
its text with pypdf and its QR code decoded with zxing-cpp from the image embedded in the page,
and checked against what the sale or the store says.

The receipts are drawn from frozen stand-ins of the box office's sale snapshots (sale_fakes.py),
the tickets from a real store on both engines."""

from __future__ import annotations

import io
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
import zxingcpp
from pypdf import PdfReader

import ticketcore
from helpers import World, make_event, other_organization, spec_on_sale
from sale_fakes import (
    ANNA,
    ZOE,
    Address,
    CustomerData,
    SaleItemKind,
    SalePaymentType,
    SaleState,
    committed_sale,
    item,
)
from ticketcore import (
    ConflictError,
    Money,
    NotFoundError,
    PermissionDeniedError,
    PrintedTicket,
    Seller,
    Store,
    ValidationError,
    receipt_pdf,
    ticket_pages,
    tickets_pdf,
)
from ticketcore import documents

SELLER = Seller(
    "Copenhagen Jazz Club ApS",
    ("Kongens Have 1", "1307 København K", "Denmark"),
    vat_id="DK12345678",
    email="box@jazz.example",
)

#: Two member tickets on seats, a programme at 6 % VAT, a staff discount and the box-office fee.
LINES = [
    item({"": "Member ticket", "da": "Medlemsbillet"}, 2, "250.00", 2500, seat_label="Row A, seat 12",
         discount="25.00"),
    item({"": "Programme", "da": "Program"}, 1, "40.00", 600, kind=SaleItemKind.PRODUCT),
    item({"": "Staff discount", "da": "Personalerabat"}, 1, "-25.00", 2500, kind=SaleItemKind.DISCOUNT),
    item("Box-office fee", 1, "10.00", 2500, kind=SaleItemKind.FEE),
]


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_a_receipt_says_the_number_date_parties_lines_vat_total_payment_and_staff() -> None:
    pdf = receipt_pdf(committed_sale(LINES), SELLER)
    assert pdf.startswith(b"%PDF-")
    assert pages_text(pdf) == [
        "\n".join([
            "Receipt",
            "Number: S-2027-000042",
            "Date: 2027-07-02 17:05 (UTC)",
            "Seller",
            "Copenhagen Jazz Club ApS",
            "Kongens Have 1",
            "1307 København K",
            "Denmark",
            "VAT ID: DK12345678",
            "E-mail: box@jazz.example",
            "Buyer",
            "Łódź Jazz Sp. z o.o.",
            "Zoë Ørsted",
            "ul. Piotrkowska 1",
            "90-001 Łódź",
            "Poland",
            "E-mail: zoe@example.com",
            "Phone: +48 42 000 00 00",
            "Item Quantity Unit price Amount",
            "Member ticket, seat Row A, seat 12 2 250.00 DKK 500.00 DKK",
            "Programme 1 40.00 DKK 40.00 DKK",
            "Staff discount 1 -25.00 DKK -25.00 DKK",
            "Box-office fee 1 10.00 DKK 10.00 DKK",
            "Total: 525.00 DKK",
            # Per rate, the sum of the lines' own VAT: 95.00 (on 500.00 - 25.00) + 2.00 at 25 %, 2.26
            # at 6 %; the discount line is in the ticket's.
            "VAT rate Net VAT Gross",
            "6 % 37.74 DKK 2.26 DKK 40.00 DKK",
            "25 % 388.00 DKK 97.00 DKK 485.00 DKK",
            "Payment: Cash",
            "Served by: Anna Ångström",
        ])
    ]
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata is not None and reader.metadata.title == "Receipt S-2027-000042"


def test_an_invoice_names_the_buyer_prints_names_in_the_locale_and_the_time_in_a_zone() -> None:
    sale = committed_sale(LINES, payment_type=SalePaymentType.INVOICE)
    (text,) = pages_text(receipt_pdf(sale, SELLER, locale="da-DK", invoice=True, time_zone="Europe/Copenhagen"))
    lines = text.splitlines()
    assert lines[:3] == ["Invoice", "Number: S-2027-000042", "Date: 2027-07-02 19:05 (Europe/Copenhagen)"]
    assert lines[10:18] == ["Buyer", "Łódź Jazz Sp. z o.o.", "Zoë Ørsted", "ul. Piotrkowska 1", "90-001 Łódź",
                            "Poland", "E-mail: zoe@example.com", "Phone: +48 42 000 00 00"]
    assert lines[18:23] == [
        "Item Quantity Unit price Amount",
        "Medlemsbillet, seat Row A, seat 12 2 250.00 DKK 500.00 DKK",
        "Program 1 40.00 DKK 40.00 DKK",
        "Personalerabat 1 -25.00 DKK -25.00 DKK",
        "Box-office fee 1 10.00 DKK 10.00 DKK",
    ]
    assert lines[23:] == [
        "Total: 525.00 DKK",
        "VAT rate Net VAT Gross",
        "6 % 37.74 DKK 2.26 DKK 40.00 DKK",
        "25 % 388.00 DKK 97.00 DKK 485.00 DKK",
        "Payment: Invoice",
        "Served by: Anna Ångström",
        "Please pay 525.00 DKK quoting S-2027-000042.",
    ]


@pytest.mark.parametrize(
    ("payment_type", "label"),
    [
        (SalePaymentType.CASH, "Cash"),
        (SalePaymentType.CARD, "Card"),
        (SalePaymentType.POS_TERMINAL, "Card (POS terminal)"),
        (SalePaymentType.PAYMENT_LINK, "Payment link"),
        (SalePaymentType.INVOICE, "Invoice"),
        (SalePaymentType.FREE, "Free of charge"),
    ],
)
def test_each_payment_type_has_its_printed_name(payment_type: SalePaymentType, label: str) -> None:
    (text,) = pages_text(receipt_pdf(committed_sale(LINES[:1], payment_type=payment_type), SELLER))
    assert text.splitlines()[-2:] == [f"Payment: {label}", "Served by: Anna Ångström"]


def test_a_receipt_without_customer_data_has_no_buyer_and_odd_rates_and_currencies_print_exactly() -> None:
    lines = [item("Ticket", 3, "99.99", 750), item("Free entry", 1, "0.00", 0), item("Card fee", 1, "0.01", 1050)]
    sale = committed_sale(lines, customer=None, committer=None, number="S-1")
    (text,) = pages_text(receipt_pdf(sale, Seller("Kiosk")))
    assert text.splitlines() == [
        "Receipt", "Number: S-1", "Date: 2027-07-02 17:05 (UTC)", "Seller", "Kiosk",
        "Item Quantity Unit price Amount",
        "Ticket 3 99.99 DKK 299.97 DKK",
        "Free entry 1 0.00 DKK 0.00 DKK",
        "Card fee 1 0.01 DKK 0.01 DKK",
        "Total: 299.98 DKK",
        "VAT rate Net VAT Gross",
        "0 % 0.00 DKK 0.00 DKK 0.00 DKK",
        "7.5 % 279.04 DKK 20.93 DKK 299.97 DKK",
        "10.5 % 0.01 DKK 0.00 DKK 0.01 DKK",
        "Payment: Cash",
    ]
    # Amounts come from the Decimal, never a float: a yen has no minor unit, a dinar three, and
    # a large total keeps every digit.
    big = Money("98765432109876.54", "DKK")
    yen = replace(item("Seat", 1, "1.00", 0), unit_price=Money("1500", "JPY"), price=Money("1500", "JPY"),
                  vat=Money("0", "JPY"), discount=Money("0", "JPY"))
    dinar = replace(yen, unit_price=Money("1.125", "KWD"), price=Money("1.125", "KWD"), vat=Money("0.102", "KWD"),
                    discount=Money("0", "KWD"))
    assert documents._money(big) == "98765432109876.54 DKK"
    (text,) = pages_text(receipt_pdf(replace(sale, line_items=[yen], grand_total=Money("1500", "JPY")), Seller("Kiosk")))
    assert "Seat 1 1500 JPY 1500 JPY" in text.splitlines()
    assert "Total: 1500 JPY" in text.splitlines()
    (text,) = pages_text(receipt_pdf(replace(sale, line_items=[dinar], grand_total=Money("1.125", "KWD")), Seller("K")))
    assert "0 % 1.023 KWD 0.102 KWD 1.125 KWD" in text.splitlines()


def test_an_invoice_needs_the_buyers_name_and_address_and_a_receipt_a_committed_sale() -> None:
    no_address = replace(ZOE, address=Address(country="Poland"))
    no_name = CustomerData(address=ZOE.address)
    cases = [
        (None, "An invoice needs the buyer's name and address in the sale's customer data"),
        (no_address, "An invoice needs the buyer's address in the sale's customer data"),
        (no_name, "An invoice needs the buyer's name in the sale's customer data"),
    ]
    for customer, message in cases:
        sale = committed_sale(LINES, customer=customer)
        with pytest.raises(ValidationError) as raised:
            receipt_pdf(sale, SELLER, invoice=True)
        assert raised.value.code == "invoice_buyer_required" and str(raised.value) == message
        receipt_pdf(sale, SELLER)  # a receipt names no buyer it does not have
    # A company without a person's name is a name.
    receipt_pdf(committed_sale(LINES, customer=CustomerData(company="ACME", address=ZOE.address)), SELLER, invoice=True)

    open_sale = replace(committed_sale(LINES), number="BO-000009", committed_at=None, state=SaleState.OPEN)
    with pytest.raises(ConflictError) as raised:
        receipt_pdf(open_sale, SELLER)
    assert raised.value.code == "sale_not_committed"
    assert str(raised.value) == "Sale BO-000009 is OPEN: it has no receipt yet"


def test_bad_arguments_are_refused_with_the_parameter_named() -> None:
    sale = committed_sale(LINES)
    with pytest.raises(TypeError, match="^sale must be a sale"):
        receipt_pdf(object(), SELLER)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="^seller must be a Seller, not str$"):
        receipt_pdf(sale, "Jazz Club")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="^invoice must be a bool, not int$"):
        receipt_pdf(sale, SELLER, invoice=1)  # type: ignore[arg-type]
    with pytest.raises(ValidationError) as raised:
        receipt_pdf(sale, SELLER, time_zone="Mars/Olympus")
    assert (raised.value.code, str(raised.value)) == ("unknown_time_zone", "Unknown time zone: 'Mars/Olympus'")
    with pytest.raises(ValidationError) as raised:
        receipt_pdf(sale, SELLER, locale="da\x00")
    assert raised.value.code == "invalid_text" and "locale" in str(raised.value)
    with pytest.raises(TypeError, match="^address_lines must be an iterable of str, not str$"):
        Seller("Jazz", "Kongens Have 1")  # type: ignore[arg-type]
    with pytest.raises(ValidationError) as raised:
        Seller("Jazz", vat_id="DK\x00")
    assert raised.value.code == "invalid_text" and "vat_id" in str(raised.value)
    with pytest.raises(TypeError, match="^tickets must hold PrintedTicket values, not str$"):
        tickets_pdf(["ticket"])  # type: ignore[list-item]
    assert Seller("Jazz", ["a", "b"]).address_lines == ("a", "b")  # type: ignore[arg-type]
    assert Seller("Jazz", (line for line in ["a"])).address_lines == ("a",)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="^address_lines must be a str, not int$"):
        Seller("Jazz", [1])  # type: ignore[list-item]


HOSTILE = "Zo\x01ë\x1b[31m\u202eØrsted\t漢" + "x" * 10_000
#: What is left of HOSTILE's start on the page: control and format characters are spaces, the
#: Chinese character (DejaVu has no glyph for it) the replacement character.
CLEANED_START = "Zo ë [31m Ørsted \ufffdxxx"


def squashed(text: str) -> str:
    """The text without its white space (where a line wraps, pypdf gives a line break)."""
    return "".join(text.split())


def test_hostile_names_are_cleaned_and_cut_and_never_break_a_page() -> None:
    """Control and format characters become spaces, a character the font lacks the replacement
    character, and a 10,000-character name is cut at 200 characters with an ellipsis."""
    with documents._Page() as page:
        cleaned = page.clean(HOSTILE)
    assert cleaned == "Zo ë [31m Ørsted \ufffd" + "x" * (199 - 18) + "\u2026"
    lines = [item(HOSTILE, 1, "10.00", 2500, seat_label=HOSTILE)]
    customer = CustomerData(first_name=HOSTILE, address=Address(HOSTILE, "", HOSTILE, ""))
    sale = replace(committed_sale(lines, customer=customer, committer=replace(ANNA, name=HOSTILE)),
                   number="S-\x07" + "9" * 10_000)
    seller = Seller(HOSTILE, (HOSTILE,) * 100, vat_id=HOSTILE, email=HOSTILE)
    pdf = receipt_pdf(sale, seller, invoice=True)
    pages = pages_text(pdf)
    text = squashed("".join(pages))
    assert not any(char in text for char in "\x01\x07\x1b\u202e\t")
    assert "x" * 200 not in text and "9" * 200 not in text
    # The seller's name, 20 of its 100 address lines, VAT id and e-mail; the buyer's name, street
    # and town; the item's name and seat; the staff user.
    assert text.count(squashed(CLEANED_START)) == 1 + 20 + 2 + 3 + 2 + 1
    assert "Total:10.00DKK" in text
    assert 2 <= len(pages) <= 3

    ticket = PrintedTicket("t-1", HOSTILE, HOSTILE, "\n".join([HOSTILE[:300]] * 50), HOSTILE, HOSTILE, "TC:ABC", HOSTILE)
    (page,) = pages_text(tickets_pdf([ticket]))
    # The event and its place, 12 lines of dates, the type, the seat and the holder.
    assert squashed(page).count(squashed(CLEANED_START)) == 2 + 12 + 3
    assert squashed(page).endswith("t-1")


def test_without_dejavu_the_documents_fall_back_to_latin_1(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(documents, "DEJAVU_DIRECTORY", tmp_path)
    (text,) = pages_text(receipt_pdf(committed_sale(LINES), Seller("Zoë Ørsted, Łódź")))
    assert text.splitlines()[4] == "Zoë Ørsted, ?ód?"


def test_import_ticketcore_works_without_fpdf2() -> None:
    code = (
        "import sys; sys.modules['fpdf'] = None\n"
        "import ticketcore\n"
        "try:\n"
        "    ticketcore.tickets_pdf([])\n"
        "except ImportError as error:\n"
        "    print(type(error).__name__)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stdout, result.stderr) == (0, "ModuleNotFoundError\n", "")


# --- tickets from a store --------------------------------------------------------------------

HOLDERS = [("zoe@example.com", "Zoë Ørsted"), ("pat@example.com", "Łódź Kowalski"), ("kim@example.com", "Kim")]


def test_tickets_print_one_a_page_with_their_holder_event_date_type_and_signed_qr_code(shop: Store) -> None:
    event = make_event(shop, dates=2, published=True, location="Kongens Have, Copenhagen")
    spec = spec_on_sale(shop, event.id, "Speaker", price=0, names={"da": "Taler"})
    tickets = shop.tickets.comp(event.id, spec.id, holders=HOLDERS, note="Day-1 speakers")

    pages = ticket_pages(shop, [ticket.id for ticket in tickets], locale="da-DK")
    assert pages == [
        PrintedTicket(
            ticket_id=ticket.id,
            holder=name,
            event_name="Summer Jazz Nights",
            date_text="2027-07-02 19:00 - 2027-07-02 23:00\n2027-07-03 19:00 - 2027-07-03 23:00\n(Europe/Copenhagen)",
            type_name="Taler",
            seat_label=None,
            payload=shop.tickets.qr(ticket.id),
            location="Kongens Have, Copenhagen",
        )
        for ticket, (_, name) in zip(tickets, HOLDERS, strict=True)
    ]
    assert [page.type_name for page in ticket_pages(shop, [tickets[0].id])] == ["Speaker"]

    reader = PdfReader(io.BytesIO(tickets_pdf(pages)))
    assert len(reader.pages) == len(tickets)
    for page, ticket, (_, name) in zip(reader.pages, tickets, HOLDERS, strict=True):
        assert page.extract_text().splitlines() == [
            "Summer Jazz Nights",
            "Kongens Have, Copenhagen",
            "2027-07-02 19:00 - 2027-07-02 23:00",
            "2027-07-03 19:00 - 2027-07-03 23:00",
            "(Europe/Copenhagen)",
            "Ticket: Taler",
            "General admission",
            f"Holder: {name}",
            ticket.id,
        ]
        (image,) = page.images
        decoded = zxingcpp.read_barcodes(image.image)
        assert [(code.format, code.text) for code in decoded] == [
            (zxingcpp.BarcodeFormat.QRCode, shop.tickets.qr(ticket.id))
        ]
        # 60 mm wide on the page: about 1.2 mm a module for the 49-module symbol with its border.
        assert image.image.size == (490, 490)


def test_a_seat_is_printed_when_the_ticket_has_one(shop: Store) -> None:
    event = make_event(shop, published=True)
    spec = spec_on_sale(shop, event.id, price=0)
    (ticket,) = shop.tickets.comp(event.id, spec.id, holders=HOLDERS[:1])
    (page,) = ticket_pages(shop, [ticket.id])
    (text,) = pages_text(tickets_pdf([replace(page, seat_label="Row A, seat 12")]))
    assert text.splitlines()[3:6] == ["Ticket: Member ticket", "Seat: Row A, seat 12", "Holder: Zoë Ørsted"]
    assert len(pages_text(tickets_pdf([]))) == 1  # a PDF has a page, even with no ticket


def test_ticket_pages_read_through_the_store_and_its_actor(shop: Store) -> None:
    event = make_event(shop, published=True)
    spec = spec_on_sale(shop, event.id, price=0)
    (ticket,) = shop.tickets.comp(event.id, spec.id, holders=HOLDERS[:1])
    with pytest.raises(NotFoundError):
        ticket_pages(shop, [ticket.id, "no-such-ticket"])
    with pytest.raises(TypeError, match="^ticket_ids must be a sequence of str, not str$"):
        ticket_pages(shop, ticket.id)
    assert ticket_pages(shop, []) == []


def test_another_organizations_tickets_are_refused(world: World, shop: Store) -> None:
    event = make_event(shop, published=True)
    spec = spec_on_sale(shop, event.id, price=0)
    (ticket,) = shop.tickets.comp(event.id, spec.id, holders=HOLDERS[:1])
    with pytest.raises(PermissionDeniedError):
        ticket_pages(other_organization(world), [ticket.id])


def test_a_real_committed_sale_prints_its_receipt_and_its_tickets(shop: Store) -> None:
    """The box office's own Sale is what receipt_pdf reads (mypy checks it against ReceiptSale)."""
    event = make_event(shop, published=True, platform_fee=Money("5.00", "DKK"))
    spec = spec_on_sale(shop, event.id, price=25000, names={"da": "Medlemsbillet"})
    sale: ticketcore.Sale = shop.sales.set_item_quantity(shop.sales.create().id, {spec.id: 2})
    sale = shop.sales.apply_discount(sale.id, percent_off=1000, reason="Staff")
    sale = shop.sales.complete(sale.id, ticketcore.SalePaymentType.CASH)
    printable: documents.ReceiptSale = sale
    (text,) = pages_text(receipt_pdf(printable, SELLER, locale="da"))
    lines = text.splitlines()
    assert lines[:2] == ["Receipt", f"Number: {sale.number}"]
    assert "Medlemsbillet 2 250.00 DKK 500.00 DKK" in lines
    assert "Discount: Staff 1 -50.00 DKK -50.00 DKK" in lines
    assert "Platform fee: Member ticket 2 5.00 DKK 10.00 DKK" in lines
    assert "Total: 460.00 DKK" in lines
    # 25 % included in the tickets after their discount (450.00), none in the platform fee.
    assert "0 % 10.00 DKK 0.00 DKK 10.00 DKK" in lines
    assert "25 % 360.00 DKK 90.00 DKK 450.00 DKK" in lines
    assert lines[-2:] == ["Payment: Cash", "Served by: shop"]
    pdf = tickets_pdf(ticket_pages(shop, list(sale.ticket_ids)))
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 2
    with pytest.raises(ConflictError) as raised:
        receipt_pdf(shop.sales.create(), SELLER)
    assert raised.value.code == "sale_not_committed"
