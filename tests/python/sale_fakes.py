"""Small frozen stand-ins for the box office's sale snapshots (``store.sales``), with the
attribute names the bindings give the real ones, so that the documents (ticketcore.documents) can
be drawn and tested before and apart from the sale itself. mypy --strict checks that they satisfy
the protocols of ticketcore.documents (pyproject's [tool.mypy] files)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime, timezone

from ticketcore import Money
from ticketcore import documents


class SalePaymentType(enum.Enum):
    CASH = "CASH"
    CARD = "CARD"
    POS_TERMINAL = "POS_TERMINAL"
    PAYMENT_LINK = "PAYMENT_LINK"
    INVOICE = "INVOICE"
    FREE = "FREE"


class SaleItemKind(enum.Enum):
    TICKET = "TICKET"
    PRODUCT = "PRODUCT"
    DISCOUNT = "DISCOUNT"
    FEE = "FEE"


class SaleState(enum.Enum):
    OPEN = "OPEN"
    PAYMENT_PENDING = "PAYMENT_PENDING"
    COMMITTED = "COMMITTED"
    WITHDRAWN = "WITHDRAWN"
    CANCELED = "CANCELED"


@dataclass(frozen=True)
class User:
    id: str
    name: str


@dataclass(frozen=True)
class Address:
    street: str = ""
    postal_code: str = ""
    city: str = ""
    country: str = ""


@dataclass(frozen=True)
class CustomerData:
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    phone: str = ""
    company: str = ""
    address: Address = field(default_factory=Address)
    newsletter: bool | None = None


@dataclass(frozen=True)
class SaleItem:
    id: str
    kind: SaleItemKind
    names: dict[str, str]
    quantity: int
    unit_price: Money
    price: Money
    vat_rate: int
    vat: Money
    event_id: str | None = None
    seat_label: str | None = None
    discount: Money = field(default_factory=lambda: Money.zero("DKK"))

    def name(self, locale: str = "") -> str:
        """The name in ``locale``, falling back to its language, then to the default (``""``)."""
        for key in (locale, locale.split("-")[0], ""):
            if key in self.names:
                return self.names[key]
        return self.names[""]


@dataclass(frozen=True)
class Sale:
    id: str
    number: str | None
    state: SaleState
    created_at: datetime
    committed_at: datetime | None
    creator: User
    committer: User | None
    payment_type: SalePaymentType | None
    customer_data: CustomerData | None
    items: list[SaleItem]
    line_items: list[SaleItem]
    grand_total: Money
    fee_base_total: Money
    ticket_ids: list[str] = field(default_factory=list)


def dkk(amount: str) -> Money:
    return Money(amount, "DKK")


def item(
    name: str | dict[str, str],
    quantity: int,
    unit_price: str,
    vat_rate: int,
    *,
    kind: SaleItemKind = SaleItemKind.TICKET,
    seat_label: str | None = None,
    discount: str = "0",
) -> SaleItem:
    """A line of ``quantity`` x ``unit_price`` DKK less its share ``discount`` of the sale's
    discount, VAT included at ``vat_rate`` basis points (a discount line has none of its own)."""
    names = {"": name} if isinstance(name, str) else name
    price = dkk(unit_price) * quantity
    costs = price - dkk(discount)
    return SaleItem(
        id=f"item-{next(iter(names.values()))[:8]}",
        kind=kind,
        names=names,
        quantity=quantity,
        unit_price=dkk(unit_price),
        price=price,
        vat_rate=vat_rate,
        vat=dkk("0") if kind is SaleItemKind.DISCOUNT else costs.included_vat(vat_rate),
        event_id="event-1" if kind is SaleItemKind.TICKET else None,
        seat_label=seat_label,
        discount=dkk(discount),
    )


ANNA = User("user-anna", "Anna Ångström")
ZOE = CustomerData(
    first_name="Zoë",
    last_name="Ørsted",
    email="zoe@example.com",
    phone="+48 42 000 00 00",
    company="Łódź Jazz Sp. z o.o.",
    address=Address("ul. Piotrkowska 1", "90-001", "Łódź", "Poland"),
    newsletter=False,
)


def committed_sale(
    line_items: list[SaleItem],
    *,
    number: str = "S-2027-000042",
    customer: CustomerData | None = ZOE,
    payment_type: SalePaymentType = SalePaymentType.CASH,
    committer: User | None = ANNA,
) -> Sale:
    """A sale committed at 2027-07-02 17:05 UTC, its total the sum of its lines."""
    total = dkk("0")
    for line in line_items:
        total += line.price
    return Sale(
        id="sale-1",
        number=number,
        state=SaleState.COMMITTED,
        created_at=datetime(2027, 7, 2, 17, 0, tzinfo=timezone.utc),
        committed_at=datetime(2027, 7, 2, 17, 5, tzinfo=timezone.utc),
        creator=ANNA,
        committer=committer,
        payment_type=payment_type,
        customer_data=customer,
        items=[line for line in line_items if line.kind is not SaleItemKind.FEE],
        line_items=line_items,
        grand_total=total,
        fee_base_total=total,
    )


def _satisfies_the_protocols(sale: Sale) -> documents.ReceiptSale:
    """mypy's check that the stand-ins are what ticketcore.documents reads."""
    return sale
