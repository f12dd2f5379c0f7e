"""The box office (seed 001, Eventjet's ``Sale``) on both engines: every step of the seed in
order (create, general-admission items, discounts, remove, customer data, the payment types,
complete, payment links, cancel from each state, expiry, listing with filters and paging), every
illegal transition with its code and message (and nothing changed), and the one ledger a sale
shares with online orders: the same claims, prices, fees, VAT, tickets and refunds."""

from __future__ import annotations

from datetime import timedelta

import pytest
import ticketcore
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import (
    CLOCK_START,
    SHOP_SCOPES,
    World,
    buyer,
    counts,
    make_event,
    open_world,
    org_actor,
    other_organization,
    outbox_topics,
    place,
    refused,
    shop_store,
    spec_on_sale,
)
from ticketcore import (
    Actor,
    PosPaymentStatus,
    PosReaderStatus,
    CapacityError,
    ConflictError,
    CustomerFieldType,
    Event,
    ManualClock,
    Money,
    NotFoundError,
    PermissionDeniedError,
    RefundState,
    Sale,
    SaleItemKind,
    SalePaymentType,
    SaleState,
    Store,
    TicketSpecification,
    ValidationError,
)

Pay = SalePaymentType


def dkk(amount: str) -> Money:
    return Money(amount, "DKK")


@pytest.fixture
def desk(world: World) -> Store:
    """A box-office desk: events:read/write, orders and sales, acting as staff member "kim"."""
    return shop_store(world, SHOP_SCOPES, actor_id="kim")


@pytest.fixture
def event(desk: Store) -> Event:
    """A published event: 5.00 DKK platform fee and 2.5 % a ticket, VAT 25 % included."""
    return make_event(desk, published=True, platform_fee=Money("5.00", "DKK"), percentage_fee=250)


@pytest.fixture
def member(desk: Store, event: Event) -> TicketSpecification:
    """250.00 DKK a ticket (+ 5.00 + 6.25 fees); 10 for sale."""
    return spec_on_sale(desk, event.id, number_of_tickets_for_sale=10, names={"da": "Medlemsbillet"})


@pytest.fixture
def student(desk: Store, event: Event) -> TicketSpecification:
    """100.00 DKK a ticket; 5 for sale."""
    return spec_on_sale(desk, event.id, "Student ticket", price=10000, number_of_tickets_for_sale=5)


def names(sale: Sale) -> list[tuple[SaleItemKind, str, int, Money]]:
    return [(item.kind, item.name(), item.quantity, item.price) for item in sale.line_items]


# --- 1. create ---------------------------------------------------------------------------------


def test_a_new_sale_is_open_empty_numbered_and_holds_until_its_expiration(desk: Store) -> None:
    sale = desk.sales.create()
    assert sale.state is SaleState.OPEN
    assert sale.number.startswith("BO-") and len(sale.number) == 9 and sale.number[3:].isdigit()
    assert sale.creator.id == "kim" and sale.creator.name == "kim"
    assert sale.created_at == CLOCK_START and sale.updated_at == CLOCK_START
    assert sale.expiration == CLOCK_START + timedelta(minutes=30)
    assert sale.is_empty and not sale.is_expired and not sale.has_discounts
    assert sale.number_of_items == 0 and sale.items == () and sale.line_items == ()
    assert sale.grand_total == dkk("0") and sale.fee_base_total == dkk("0")
    assert sale.committed_at is None and sale.committer is None and sale.canceled_at is None
    assert sale.customer_data is None and sale.payment_type is None
    assert sale.available_payment_types == ()
    assert {option.reason for option in sale.payment_options} == {"the sale is empty"}
    assert desk.sales.get(sale.id) == sale
    assert "sale.created" in outbox_topics(desk)


def test_sale_numbers_are_unique_across_organizations_and_never_reused(world: World, desk: Store) -> None:
    other = other_organization(world, scopes=SHOP_SCOPES)
    numbers = [desk.sales.create().number, other.sales.create().number, desk.sales.create().number]
    assert len(set(numbers)) == 3
    assert [int(number[3:]) for number in numbers] == sorted(int(number[3:]) for number in numbers)
    # A create that fails after its number was drawn (here: the actor's organization does not
    # exist) rolls back, and leaves a gap: the number is never given to another sale.
    ghost = world.platform.acting_as(org_actor("no-such-organization", SHOP_SCOPES, actor_id="ghost"))
    with pytest.raises(NotFoundError):
        ghost.sales.create()
    after = desk.sales.create()
    assert int(after.number[3:]) == int(numbers[-1][3:]) + 2


def test_create_with_an_idempotency_key_returns_the_first_sale(desk: Store) -> None:
    first = desk.sales.create(idempotency_key="till-1")
    again = desk.sales.create(idempotency_key="till-1")
    assert again == first
    assert desk.sales.list().total_count == 1


def test_sales_need_the_sales_scope(world: World, desk: Store, member: TicketSpecification) -> None:
    reader = shop_store(world, {"events:read"}, actor_id="viewer")
    refused(desk, lambda: reader.sales.create(), PermissionDeniedError, "missing_scope")
    sale = desk.sales.create()
    refused(desk, lambda: reader.sales.set_item_quantity(sale.id, {member.id: 1}), PermissionDeniedError,
            "missing_scope")
    assert reader.sales.get(sale.id) == desk.sales.get(sale.id)


def test_another_organizations_sale_is_refused(world: World, desk: Store) -> None:
    other = other_organization(world, scopes=SHOP_SCOPES)
    sale = other.sales.create()
    refused(desk, lambda: desk.sales.get(sale.id), PermissionDeniedError, "other_organization")
    refused(desk, lambda: desk.sales.cancel(sale.id), PermissionDeniedError, "other_organization")
    refused(desk, lambda: desk.sales.get("nope"), NotFoundError, "sale_not_found", "Sale with id: nope not found.")


# --- 2. general admission ----------------------------------------------------------------------


def test_set_item_quantity_holds_capacity_and_prices_like_an_order(
    desk: Store, event: Event, member: TicketSpecification, student: TicketSpecification
) -> None:
    sale = desk.sales.create()
    sale = desk.sales.set_item_quantity(sale.id, [(member.id, 2), (student.id, 1)])
    assert [(item.kind, item.name(), item.quantity, item.unit_price, item.price) for item in sale.items] == [
        (SaleItemKind.TICKET, "Member ticket", 2, dkk("250.00"), dkk("500.00")),
        (SaleItemKind.TICKET, "Student ticket", 1, dkk("100.00"), dkk("100.00")),
    ]
    assert sale.items[0].name("da-DK") == "Medlemsbillet" and sale.items[1].name("da") == "Student ticket"
    assert [item.vat for item in sale.items] == [dkk("100.00"), dkk("20.00")]
    assert names(sale)[2:] == [
        (SaleItemKind.FEE, "Platform fee: Member ticket", 2, dkk("10.00")),
        (SaleItemKind.FEE, "Percentage fee: Member ticket", 2, dkk("12.50")),
        (SaleItemKind.FEE, "Platform fee: Student ticket", 1, dkk("5.00")),
        (SaleItemKind.FEE, "Percentage fee: Student ticket", 1, dkk("2.50")),
    ]
    assert all(not item.can_be_removed for item in sale.line_items[2:])
    assert sale.fee_base_total == dkk("600.00") and sale.grand_total == dkk("630.00")
    assert sum((item.price for item in sale.line_items), dkk("0")) == sale.grand_total
    assert sale.number_of_items == 3 and sale.events == (event.id,)
    assert [group.event_id for group in sale.item_groups] == [event.id]
    assert counts(desk, member.id) == (0, 2, 8) and counts(desk, student.id) == (0, 1, 4)

    # Absolute quantities: 3 members now, students removed with 0.
    sale = desk.sales.set_item_quantity(sale.id, {member.id: 3, student.id: 0})
    assert [(item.ticket_type_id, item.quantity) for item in sale.items] == [(member.id, 3)]
    assert counts(desk, member.id) == (0, 3, 7) and counts(desk, student.id) == (0, 0, 5)
    assert sale.grand_total == dkk("783.75")


def test_set_item_quantity_refuses_bad_input_and_changes_nothing(
    world: World, desk: Store, member: TicketSpecification, student: TicketSpecification
) -> None:
    sale = desk.sales.set_item_quantity(desk.sales.create().id, {member.id: 2})
    refused(desk, lambda: desk.sales.set_item_quantity(sale.id, [(member.id, -1)]), ValidationError,
            "invalid_quantity", "Quantity must be between 0 and 10000")
    refused(desk, lambda: desk.sales.set_item_quantity(sale.id, [(member.id, 1), (member.id, 2)]), ValidationError,
            "duplicate_ticket_type", f"Ticket type '{member.id}' is given twice")
    refused(desk, lambda: desk.sales.set_item_quantity(sale.id, []), ValidationError, "no_items")
    refused(desk, lambda: desk.sales.set_item_quantity(sale.id, {"missing": 1}), NotFoundError,
            "specification_not_found")
    # All or nothing: the students fit, the members do not.
    error = refused(desk, lambda: desk.sales.set_item_quantity(sale.id, {student.id: 1, member.id: 11}),
                    CapacityError, "sold_out")
    assert member.id in str(error)
    other = other_organization(world, scopes=SHOP_SCOPES)
    foreign = spec_on_sale(other, make_event(other, published=True).id)
    refused(desk, lambda: desk.sales.set_item_quantity(sale.id, {foreign.id: 1}), PermissionDeniedError,
            "other_organization")
    assert counts(desk, member.id) == (0, 2, 8)


def test_a_draft_event_or_inactive_ticket_type_is_not_sold(desk: Store) -> None:
    draft = make_event(desk)
    spec = spec_on_sale(desk, draft.id)
    sale = desk.sales.create()
    refused(desk, lambda: desk.sales.set_item_quantity(sale.id, {spec.id: 1}), ConflictError, "event_not_published")


# --- 3. discounts and remove -------------------------------------------------------------------


def test_a_staff_percentage_discount_is_an_item_and_prices_like_a_promo_code(
    desk: Store, event: Event, member: TicketSpecification
) -> None:
    sale = desk.sales.set_item_quantity(desk.sales.create().id, {member.id: 2})
    sale = desk.sales.apply_discount(sale.id, percent_off=1000, reason="Staff family")
    discount = sale.items[1]
    assert discount.kind is SaleItemKind.DISCOUNT and discount.reason == "Staff family"
    assert discount.price == dkk("-50.00") and discount.percent_off == 1000 and discount.can_be_removed
    assert sale.has_discounts and sale.number_of_items == 2
    assert sale.items[0].discount == dkk("50.00") and sale.items[0].vat == dkk("90.00")  # 25 % in 450.00
    assert sale.fee_base_total == dkk("450.00") and sale.grand_total == dkk("472.50")
    refused(desk, lambda: desk.sales.apply_discount(sale.id, amount_off=1000, reason="again"), ConflictError,
            "sale_discount_exists", f"Sale {sale.number} has a discount already; remove it first")
    refused(desk, lambda: desk.sales.apply_discount(sale.id, percent_off=500), ValidationError,
            "discount_reason_required", "A staff discount needs a reason")
    refused(desk, lambda: desk.sales.apply_discount(sale.id, percent_off=500, amount_off=100, reason="x"),
            ValidationError, "invalid_discount", "Give exactly one of promo_code, percent_off and amount_off")
    sale = desk.sales.remove_item(sale.id, discount.id)
    assert not sale.has_discounts and sale.grand_total == dkk("522.50")


def test_a_promo_code_discounts_its_events_tickets_and_counts_a_use(
    desk: Store, event: Event, member: TicketSpecification
) -> None:
    code = desk.promo_codes.create(event.id, "JAZZ20", percent_off=2000, usage_limit=1)
    sale = desk.sales.set_item_quantity(desk.sales.create().id, {member.id: 1})
    sale = desk.sales.apply_discount(sale.id, promo_code="JAZZ20")
    assert sale.items[1].promo_code == "JAZZ20" and sale.items[1].price == dkk("-50.00")
    assert desk.promo_codes.get(code.id).uses == 1
    empty = desk.sales.create()
    refused(desk, lambda: desk.sales.apply_discount(empty.id, promo_code="NOPE"), NotFoundError,
            "promo_code_not_found", "Promo code 'NOPE' not found.")
    sale = desk.sales.remove_item(sale.id, sale.items[1].id)
    assert desk.promo_codes.get(code.id).uses == 0


def test_generated_fees_cannot_be_removed_and_unknown_items_are_not_found(
    desk: Store, member: TicketSpecification
) -> None:
    sale = desk.sales.set_item_quantity(desk.sales.create().id, {member.id: 1})
    fee = sale.line_items[1]
    assert fee.kind is SaleItemKind.FEE
    refused(desk, lambda: desk.sales.remove_item(sale.id, fee.id), ConflictError, "sale_item_not_removable",
            "Generated fees cannot be removed")
    refused(desk, lambda: desk.sales.remove_item(sale.id, "nope"), NotFoundError, "sale_item_not_found")
    sale = desk.sales.remove_item(sale.id, sale.items[0].id)
    assert sale.is_empty and sale.line_items == () and counts(desk, member.id) == (0, 0, 10)


def test_the_box_office_fee_is_a_generated_line(world: World, desk: Store, member: TicketSpecification) -> None:
    world.platform.organizations.set_box_office_fee(world.organization_id, fee=Money("15.00", "DKK"), vat_rate=2500)
    sale = desk.sales.set_item_quantity(desk.sales.create().id, {member.id: 1})
    fee = sale.line_items[-1]
    assert (fee.kind, fee.name(), fee.price, fee.vat, fee.vat_rate) == (
        SaleItemKind.FEE, "Box-office fee", dkk("15.00"), dkk("3.00"), 2500)
    assert sale.grand_total == dkk("276.25")
    refused(desk, lambda: desk.sales.remove_item(sale.id, fee.id), ConflictError, "sale_item_not_removable")


# --- 4. customer data --------------------------------------------------------------------------


def test_customer_data_is_applied_against_the_form(desk: Store) -> None:
    sale = desk.sales.create()
    sale = desk.sales.apply_customer_data(sale.id, [
        ("first_name", " Jane "), ("last_name", "Doe"), ("email", "jane@example.com"),
        ("address.postal_code", "1010"), ("address.country", "at"), ("newsletter", "bool:1"),
    ])
    data = sale.customer_data
    assert data is not None
    assert (data.first_name, data.last_name, data.email) == ("Jane", "Doe", "jane@example.com")
    assert data.address.postal_code == "1010" and data.address.country == "AT" and data.newsletter is True
    assert data.values["newsletter"] == "bool:1"
    sale = desk.sales.apply_customer_data(sale.id, {"newsletter": "bool:0", "last_name": ""})
    assert sale.customer_data is not None
    assert sale.customer_data.newsletter is False and sale.customer_data.last_name == ""


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("shoe_size", "42", "Customer data 'shoe_size': no such field"),
        ("newsletter", "yes", "Customer data 'newsletter': a boolean must be bool:1 or bool:0"),
        ("email", "jane.example.com", "Customer data 'email': not an e-mail address"),
        ("phone", "call me", "Customer data 'phone': not a phone number"),
        ("address.country", "Austria", "Customer data 'address.country': a country is a two-letter ISO 3166 code"),
        ("first_name", "Ja\x01ne", "Customer data 'first_name': control characters are not allowed"),
        ("company", "x" * 201, "Customer data 'company': longer than 200 characters"),
    ],
)
def test_bad_customer_data_names_the_key_and_applies_nothing(desk: Store, key: str, value: str,
                                                             message: str) -> None:
    sale = desk.sales.apply_customer_data(desk.sales.create().id, {"first_name": "Jane"})
    refused(desk, lambda: desk.sales.apply_customer_data(sale.id, [("last_name", "Doe"), (key, value)]),
            ValidationError, "invalid_customer_data", message)


DEFAULT_FORM = (
    ("first_name", CustomerFieldType.TEXT), ("last_name", CustomerFieldType.TEXT),
    ("email", CustomerFieldType.EMAIL), ("phone", CustomerFieldType.PHONE), ("company", CustomerFieldType.TEXT),
    ("address.street", CustomerFieldType.TEXT), ("address.postal_code", CustomerFieldType.TEXT),
    ("address.city", CustomerFieldType.TEXT), ("address.country", CustomerFieldType.COUNTRY),
    ("newsletter", CustomerFieldType.BOOLEAN),
)


def form_of(store: Store, organization_id: str) -> tuple[tuple[str, CustomerFieldType], ...]:
    return tuple((field.key, field.type) for field in store.organizations.get(organization_id).customer_form)


def test_every_organization_starts_with_the_default_form(world: World, desk: Store) -> None:
    assert form_of(desk, world.organization_id) == DEFAULT_FORM


def test_the_organizations_form_decides_what_customer_data_takes(world: World, desk: Store) -> None:
    sale = desk.sales.apply_customer_data(desk.sales.create().id, {"first_name": "Jane", "phone": "+43 1 234"})
    organization = world.store.organizations.set_customer_form(world.organization_id, [
        ("first_name", CustomerFieldType.TEXT), ("last_name", CustomerFieldType.TEXT),
        ("email", CustomerFieldType.EMAIL), ("membership.number", CustomerFieldType.TEXT),
        ("membership.renewal_email", CustomerFieldType.EMAIL), ("seat_preference.country", CustomerFieldType.COUNTRY),
        ("wheelchair", CustomerFieldType.BOOLEAN),
    ])
    assert [(field.key, field.type) for field in organization.customer_form][3:] == [
        ("membership.number", CustomerFieldType.TEXT), ("membership.renewal_email", CustomerFieldType.EMAIL),
        ("seat_preference.country", CustomerFieldType.COUNTRY), ("wheelchair", CustomerFieldType.BOOLEAN)]
    assert form_of(desk, world.organization_id) == tuple((f.key, f.type) for f in organization.customer_form)
    # The new fields are taken with their types; a field the form no longer has is refused.
    sale = desk.sales.apply_customer_data(sale.id, {"membership.number": "A-17", "wheelchair": "bool:1",
                                                    "seat_preference.country": "dk"})
    assert sale.customer_data is not None
    assert sale.customer_data.values == {"first_name": "Jane", "phone": "+43 1 234", "membership.number": "A-17",
                                         "seat_preference.country": "DK", "wheelchair": "bool:1"}
    assert sale.customer_data.phone == "+43 1 234"  # stored before the form changed: kept
    refused(desk, lambda: desk.sales.apply_customer_data(sale.id, {"phone": "+43 1 999"}), ValidationError,
            "invalid_customer_data", "Customer data 'phone': no such field")
    refused(desk, lambda: desk.sales.apply_customer_data(sale.id, {"membership.renewal_email": "nope"}),
            ValidationError, "invalid_customer_data", "Customer data 'membership.renewal_email': not an e-mail address")
    refused(desk, lambda: desk.sales.apply_customer_data(sale.id, {"wheelchair": "true"}), ValidationError,
            "invalid_customer_data", "Customer data 'wheelchair': a boolean must be bool:1 or bool:0")
    # None gives the default form back.
    world.store.organizations.set_customer_form(world.organization_id, None)
    assert form_of(desk, world.organization_id) == DEFAULT_FORM
    refused(desk, lambda: desk.sales.apply_customer_data(sale.id, {"wheelchair": "bool:0"}), ValidationError,
            "invalid_customer_data", "Customer data 'wheelchair': no such field")
    assert [row.operation for row in world.store.audit(entity_id=world.organization_id)][-2:] == [
        "organization.set_customer_form", "organization.set_customer_form"]


def test_the_form_lives_in_the_store(shared_location: str) -> None:
    location = shared_location
    world = open_world(location)
    world.store.organizations.set_customer_form(world.organization_id, {"email": CustomerFieldType.EMAIL,
                                                                        "club.id": CustomerFieldType.TEXT})
    reopened = ticketcore.open(location, actor=world.store.actor, clock=world.clock)
    assert form_of(reopened, world.organization_id) == (("email", CustomerFieldType.EMAIL),
                                                        ("club.id", CustomerFieldType.TEXT))


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ([], "Customer form field '': a form has at least one field"),
        ([("Email", CustomerFieldType.EMAIL)],
         "Customer form field 'Email': a key is dot-separated parts of a-z, 0-9 and _, each starting with a letter"),
        ([("address..city", CustomerFieldType.TEXT)],
         "Customer form field 'address..city': a key is dot-separated parts of a-z, 0-9 and _, each starting with "
         "a letter"),
        ([("1st", CustomerFieldType.TEXT)],
         "Customer form field '1st': a key is dot-separated parts of a-z, 0-9 and _, each starting with a letter"),
        ([("a" * 65, CustomerFieldType.TEXT)], f"Customer form field '{'a' * 40}...': longer than 64 characters"),
        ([("club", CustomerFieldType.TEXT), ("club", CustomerFieldType.TEXT)],
         "Customer form field 'club': given twice"),
        ([("address", CustomerFieldType.TEXT), ("address.city", CustomerFieldType.TEXT)],
         "Customer form field 'address': both a field and the parent of address.city"),
        ([("email", CustomerFieldType.TEXT)], "Customer form field 'email': a standard field keeps its type EMAIL"),
        ([("newsletter", CustomerFieldType.TEXT)],
         "Customer form field 'newsletter': a standard field keeps its type BOOLEAN"),
        ([(f"field_{n}", CustomerFieldType.TEXT) for n in range(51)],
         "Customer form field 'field_50': a form has at most 50 fields"),
    ],
)
def test_a_bad_form_names_the_field_and_changes_nothing(world: World, fields: list[tuple[str, CustomerFieldType]],
                                                         message: str) -> None:
    refused(world.store, lambda: world.store.organizations.set_customer_form(world.organization_id, fields),
            ValidationError, "invalid_customer_form", message)


def test_the_form_is_the_organizations_editors_to_set(world: World, desk: Store) -> None:
    with pytest.raises(TypeError, match="fields must be a mapping or list of"):
        world.store.organizations.set_customer_form(world.organization_id, [("email", "EMAIL")])  # type: ignore[list-item]
    seller = shop_store(world, {"sales"}, actor_id="kim")
    refused(desk, lambda: seller.organizations.set_customer_form(world.organization_id, None),
            PermissionDeniedError, "missing_scope")
    other = other_organization(world).actor.organization_id
    assert other is not None
    refused(desk, lambda: world.store.organizations.set_customer_form(other, None), PermissionDeniedError,
            "other_organization")


# --- 5. payment types and complete -------------------------------------------------------------


def available(sale: Sale) -> dict[SalePaymentType, str]:
    return {option.type: option.reason for option in sale.payment_options}


def test_available_payment_types_say_why_not(desk: Store, member: TicketSpecification) -> None:
    sale = desk.sales.set_item_quantity(desk.sales.create().id, {member.id: 1})
    assert sale.available_payment_types == (Pay.CASH, Pay.CARD)
    assert available(sale) == {
        Pay.CASH: "", Pay.CARD: "",
        Pay.POS_TERMINAL: "no POS reader of the organization is ACTIVE",
        Pay.PAYMENT_LINK: "a payment link needs the customer's e-mail",
        Pay.INVOICE: "an invoice needs the customer's name and address",
        Pay.FREE: "the total is not zero",
    }
    sale = desk.sales.apply_customer_data(sale.id, {
        "first_name": "Jane", "last_name": "Doe", "email": "jane@example.com", "address.street": "Ring 1",
        "address.postal_code": "1010", "address.city": "Wien", "address.country": "AT"})
    assert sale.available_payment_types == (Pay.CASH, Pay.CARD, Pay.PAYMENT_LINK, Pay.INVOICE)
    refused(desk, lambda: desk.sales.complete(sale.id, Pay.FREE), ConflictError, "payment_type_unavailable",
            "Payment type FREE is not available: the total is not zero")


def test_a_free_sale_is_completed_as_free_only(desk: Store, event: Event) -> None:
    free = spec_on_sale(desk, event.id, "Guest list", price=0)
    sale = desk.sales.set_item_quantity(desk.sales.create().id, {free.id: 2})
    assert sale.grand_total == dkk("5.00") * 2  # the platform fee stays
    desk.events.get(event.id)
    zero_event = make_event(desk, published=True, name="Free concert")
    zero = spec_on_sale(desk, zero_event.id, "Free", price=0)
    sale = desk.sales.set_item_quantity(desk.sales.create().id, {zero.id: 2})
    assert sale.grand_total == dkk("0") and sale.available_payment_types == (Pay.FREE,)
    refused(desk, lambda: desk.sales.complete(sale.id, Pay.CASH), ConflictError, "payment_type_unavailable",
            "Payment type CASH is not available: the total is zero: use FREE")
    done = desk.sales.complete(sale.id, Pay.FREE)
    assert done.state is SaleState.COMMITTED and len(done.ticket_ids) == 2


def test_complete_commits_issues_tickets_as_a_paid_order_and_freezes_the_sale(
    desk: Store, event: Event, member: TicketSpecification
) -> None:
    sale = desk.sales.set_item_quantity(desk.sales.create().id, {member.id: 2})
    done = desk.sales.complete(sale.id, Pay.CASH)
    assert done.state is SaleState.COMMITTED and done.number == sale.number
    assert done.committed_at == CLOCK_START and done.committer is not None and done.committer.id == "kim"
    assert done.payment_type is Pay.CASH and done.available_payment_types == ()
    assert done.invoice_download_url == f"sales/{sale.number}/invoice.pdf"
    assert done.tickets_download_url == f"sales/{sale.number}/tickets.pdf"
    assert len(done.order_ids) == 1 and len(done.ticket_ids) == 2
    order = desk.orders.get(done.order_ids[0])
    assert order.total == done.grand_total == dkk("522.50")
    assert order.payment_gateway == "box_office:cash" and order.charge_session_id == sale.number
    assert order.ticket_ids == done.ticket_ids
    tickets = [desk.tickets.get(ticket_id) for ticket_id in done.ticket_ids]
    assert {ticket.holder_name for ticket in tickets} == {"Box office"}
    assert all(ticket.order_id == order.id for ticket in tickets)
    assert counts(desk, member.id) == (2, 0, 8)
    assert desk.sales.get(sale.id) == done
    assert {"sale.committed", "tickets.issued"} <= set(outbox_topics(desk))
    refused(desk, lambda: desk.sales.set_item_quantity(sale.id, {member.id: 1}), ConflictError, "sale_frozen",
            f"Sale {sale.number} is committed and cannot be changed")
    refused(desk, lambda: desk.sales.apply_customer_data(sale.id, {"first_name": "X"}), ConflictError,
            "sale_frozen")
    refused(desk, lambda: desk.sales.complete(sale.id, Pay.CARD), ConflictError, "sale_frozen")
    # The door and the QR code treat them as any ticket.
    assert desk.tickets.qr(done.ticket_ids[0]).startswith("TC:")


def test_the_customer_is_the_buyer_of_the_tickets(desk: Store, member: TicketSpecification) -> None:
    sale = desk.sales.set_item_quantity(desk.sales.create().id, {member.id: 1})
    sale = desk.sales.apply_customer_data(sale.id, {"first_name": "Jane", "last_name": "Doe",
                                                    "email": "jane@example.com"})
    done = desk.sales.complete(sale.id, Pay.CARD)
    ticket = desk.tickets.get(done.ticket_ids[0])
    assert (ticket.holder_name, ticket.holder_email) == ("Jane Doe", "jane@example.com")


def test_complete_with_an_idempotency_key_returns_the_committed_sale(desk: Store, member: TicketSpecification) -> None:
    sale = desk.sales.set_item_quantity(desk.sales.create().id, {member.id: 1})
    first = desk.sales.complete(sale.id, Pay.CASH, idempotency_key="k1")
    assert desk.sales.complete(sale.id, Pay.CASH, idempotency_key="k1") == first
    refused(desk, lambda: desk.sales.complete(sale.id, Pay.CARD, idempotency_key="k1"), ConflictError,
            "idempotency_key_reused")


def test_pos_and_payment_link_have_flows_of_their_own(desk: Store, member: TicketSpecification) -> None:
    sale = desk.sales.set_item_quantity(desk.sales.create().id, {member.id: 1})
    refused(desk, lambda: desk.sales.complete(sale.id, Pay.POS_TERMINAL), ConflictError, "payment_type_needs_flow",
            "POS_TERMINAL is paid through initiate_pos_payment, not complete")
    refused(desk, lambda: desk.sales.complete(sale.id, Pay.PAYMENT_LINK), ConflictError, "payment_type_needs_flow",
            "PAYMENT_LINK is paid through set_payment_type, not complete")
    empty = desk.sales.create()
    refused(desk, lambda: desk.sales.complete(empty.id, Pay.CASH), ConflictError,
            "payment_type_unavailable", "Payment type CASH is not available: the sale is empty")


# --- 6. payment link ---------------------------------------------------------------------------


def _linked(desk: Store, member: TicketSpecification) -> Sale:
    sale = desk.sales.set_item_quantity(desk.sales.create().id, {member.id: 2})
    sale = desk.sales.apply_customer_data(sale.id, {"email": "jane@example.com"})
    return desk.sales.set_payment_type(sale.id, Pay.PAYMENT_LINK)


def test_a_payment_link_freezes_the_sale_until_paid(desk: Store, member: TicketSpecification) -> None:
    no_email = desk.sales.set_item_quantity(desk.sales.create().id, {member.id: 1})
    refused(desk, lambda: desk.sales.set_payment_type(no_email.id, Pay.PAYMENT_LINK), ConflictError, "payment_type_unavailable",
        "Payment type PAYMENT_LINK is not available: a payment link needs the customer's e-mail")
    sale = _linked(desk, member)
    assert sale.state is SaleState.PAYMENT_PENDING and sale.payment_type is Pay.PAYMENT_LINK
    assert sale.payment_reference is not None and sale.payment_reference.startswith("link-")
    assert "sale.payment_link" in outbox_topics(desk)
    refused(desk, lambda: desk.sales.set_item_quantity(sale.id, {member.id: 1}), ConflictError,
            "sale_payment_in_progress", f"Sale {sale.number} has a payment in progress; its items are frozen")
    refused(desk, lambda: desk.sales.complete(sale.id, Pay.CASH), ConflictError, "sale_payment_in_progress")
    refused(desk, lambda: desk.sales.confirm_payment_link(sale.id, payment_ref="pi_9", amount=100), ValidationError,
            "amount_mismatch")
    done = desk.sales.confirm_payment_link(sale.id, payment_ref="pi_9", amount=dkk("522.50"))
    assert done.state is SaleState.COMMITTED and done.payment_reference == "pi_9" and len(done.ticket_ids) == 2
    again = desk.sales.confirm_payment_link(sale.id, payment_ref="pi_9", amount=dkk("522.50"))
    assert again == done
    refused(desk, lambda: desk.sales.cancel_payment_link(sale.id), ConflictError, "no_payment_in_progress",
            f"Sale {sale.number} has no payment link in progress")


def test_a_cancelled_link_opens_the_sale_again_or_expires_it(
    world: World, desk: Store, member: TicketSpecification
) -> None:
    sale = _linked(desk, member)
    reopened = desk.sales.cancel_payment_link(sale.id)
    assert reopened.state is SaleState.OPEN and reopened.payment_type is None
    assert counts(desk, member.id) == (0, 2, 8)
    sale = desk.sales.set_payment_type(sale.id, Pay.PAYMENT_LINK)
    world.clock.advance(timedelta(minutes=45))
    # A pending payment holds past the expiration ...
    assert desk.sales.get(sale.id).state is SaleState.PAYMENT_PENDING
    assert counts(desk, member.id) == (0, 2, 8)
    # ... and its cancel finds the time ran out.
    expired = desk.sales.cancel_payment_link(sale.id)
    assert expired.state is SaleState.EXPIRED and expired.is_expired
    assert counts(desk, member.id) == (0, 0, 10)


# --- 6b. POS terminal ----------------------------------------------------------------------------


def test_a_pos_payment_needs_an_active_reader_and_commits_on_capture(desk: Store,
                                                                      member: TicketSpecification) -> None:
    sale = desk.sales.set_item_quantity(desk.sales.create().id, {member.id: 2})
    till = desk.staff.add_pos_reader("Till 1", status=PosReaderStatus.DISCONNECTED)
    assert available(desk.sales.get(sale.id))[Pay.POS_TERMINAL] == "no POS reader of the organization is ACTIVE"
    refused(desk, lambda: desk.sales.initiate_pos_payment(sale.id, till.id), ConflictError,
            "payment_type_unavailable")
    spare = desk.staff.add_pos_reader("Till 2")
    assert Pay.POS_TERMINAL in desk.sales.get(sale.id).available_payment_types
    # The active reader is Till 2: Till 1 is still disconnected.
    refused(desk, lambda: desk.sales.initiate_pos_payment(sale.id, till.id), ConflictError, "pos_reader_not_active")
    refused(desk, lambda: desk.sales.initiate_pos_payment(sale.id, "nope"), NotFoundError, "pos_reader_not_found")
    payment = desk.sales.initiate_pos_payment(sale.id, spare.id)
    assert payment.status is PosPaymentStatus.REQUIRES_TERMINAL_ACTION and payment.amount == dkk("522.50")
    assert payment.sale_id == sale.id and payment.reader_id == spare.id and payment.closed is None
    pending = desk.sales.get(sale.id)
    assert pending.state is SaleState.PAYMENT_PENDING and pending.payment_type is Pay.POS_TERMINAL
    refused(desk, lambda: desk.sales.set_item_quantity(sale.id, {member.id: 1}), ConflictError,
            "sale_payment_in_progress")
    refused(desk, lambda: desk.sales.capture_pos_payment(sale.id, "nope"), NotFoundError, "pos_payment_not_found")
    captured = desk.sales.capture_pos_payment(sale.id, payment.id)
    assert captured.payment.status is PosPaymentStatus.SUCCEEDED and captured.payment.closed == CLOCK_START
    assert captured.sale.state is SaleState.COMMITTED and captured.sale.payment_type is Pay.POS_TERMINAL
    assert captured.sale.payment_reference == payment.id and len(captured.sale.ticket_ids) == 2
    assert desk.orders.get(captured.sale.order_ids[0]).payment_gateway == "box_office:pos_terminal"
    assert desk.sales.capture_pos_payment(sale.id, payment.id) == captured
    refused(desk, lambda: desk.sales.cancel_pos_payment(sale.id, payment.id), ConflictError, "pos_payment_closed",
            f"POS payment {payment.id} is SUCCEEDED")


def test_a_cancelled_pos_payment_opens_the_sale_again_or_expires_it(world: World, desk: Store,
                                                                    member: TicketSpecification) -> None:
    reader = desk.staff.add_pos_reader("Till 1")
    sale = desk.sales.set_item_quantity(desk.sales.create().id, {member.id: 1})
    payment = desk.sales.initiate_pos_payment(sale.id, reader.id)
    cancelled = desk.sales.cancel_pos_payment(sale.id, payment.id)
    assert cancelled.payment.status is PosPaymentStatus.CANCELED
    assert cancelled.sale.state is SaleState.OPEN and cancelled.sale.payment_type is None
    assert desk.sales.cancel_pos_payment(sale.id, payment.id) == cancelled
    refused(desk, lambda: desk.sales.capture_pos_payment(sale.id, payment.id), ConflictError, "pos_payment_closed",
            f"POS payment {payment.id} is CANCELED")
    second = desk.sales.initiate_pos_payment(sale.id, reader.id)
    world.clock.advance(timedelta(hours=1))
    assert desk.sales.get(sale.id).state is SaleState.PAYMENT_PENDING  # the terminal keeps the hold
    expired = desk.sales.cancel_pos_payment(sale.id, second.id).sale
    assert expired.state is SaleState.EXPIRED and counts(desk, member.id) == (0, 0, 10)


def test_cancel_of_a_sale_at_the_terminal_cancels_its_payment(desk: Store, member: TicketSpecification) -> None:
    reader = desk.staff.add_pos_reader("Till 1")
    sale = desk.sales.set_item_quantity(desk.sales.create().id, {member.id: 1})
    payment = desk.sales.initiate_pos_payment(sale.id, reader.id)
    assert desk.sales.cancel(sale.id).state is SaleState.WITHDRAWN
    refused(desk, lambda: desk.sales.capture_pos_payment(sale.id, payment.id), ConflictError, "pos_payment_closed")


def test_the_creator_and_committer_are_staff_users(desk: Store, member: TicketSpecification) -> None:
    desk.staff.add_user("kim", "Kim Larsen")
    sale = desk.sales.set_item_quantity(desk.sales.create().id, {member.id: 1})
    done = desk.sales.complete(sale.id, Pay.CASH)
    assert done.creator.id == "kim" and done.creator.name == "Kim Larsen"
    assert done.committer is not None and done.committer.name == "Kim Larsen"


# --- 7. cancel ---------------------------------------------------------------------------------


def test_cancel_before_commit_withdraws_and_gives_everything_back(desk: Store, event: Event,
                                                                 member: TicketSpecification) -> None:
    code = desk.promo_codes.create(event.id, "JAZZ20", percent_off=2000)
    sale = desk.sales.set_item_quantity(desk.sales.create().id, {member.id: 3})
    sale = desk.sales.apply_discount(sale.id, promo_code="JAZZ20")
    withdrawn = desk.sales.cancel(sale.id)
    assert withdrawn.state is SaleState.WITHDRAWN and withdrawn.canceled_at == CLOCK_START
    assert counts(desk, member.id) == (0, 0, 10) and desk.promo_codes.get(code.id).uses == 0
    refused(desk, lambda: desk.sales.cancel(sale.id), ConflictError, "sale_closed",
            f"Sale {sale.number} is WITHDRAWN")
    refused(desk, lambda: desk.sales.set_item_quantity(sale.id, {member.id: 1}), ConflictError, "sale_closed")


def test_cancel_a_pending_link_withdraws_it(desk: Store, member: TicketSpecification) -> None:
    sale = _linked(desk, member)
    assert desk.sales.cancel(sale.id).state is SaleState.WITHDRAWN
    assert counts(desk, member.id) == (0, 0, 10)


def test_cancel_after_commit_refunds_through_the_refund_flow(desk: Store, member: TicketSpecification) -> None:
    sale = desk.sales.set_item_quantity(desk.sales.create().id, {member.id: 2})
    done = desk.sales.complete(sale.id, Pay.CASH)
    canceled = desk.sales.cancel(sale.id)
    assert canceled.state is SaleState.CANCELED and canceled.canceled_at == CLOCK_START
    assert len(canceled.refund_ids) == 1
    refund = desk.refunds.get(canceled.refund_ids[0])
    assert refund.state is RefundState.REFUNDED and refund.order_id == done.order_ids[0]
    assert refund.amount == dkk("500.00")  # the organization keeps the fees unless refund_fees
    assert refund.gateway_reference == f"sale:{sale.number}"
    assert all(desk.tickets.get(ticket_id).is_refunded for ticket_id in done.ticket_ids)
    assert counts(desk, member.id) == (0, 0, 10)
    assert {"refund.started", "refund.completed", "sale.canceled"} <= set(outbox_topics(desk))
    refused(desk, lambda: desk.sales.cancel(sale.id), ConflictError, "sale_closed",
            f"Sale {sale.number} is CANCELED")


# --- 8. expiry ---------------------------------------------------------------------------------


def test_an_expired_open_sale_releases_what_it_held(world: World, desk: Store, event: Event,
                                                    member: TicketSpecification) -> None:
    sale = desk.sales.set_item_quantity(desk.sales.create().id, {member.id: 4})
    world.clock.advance(timedelta(minutes=30))
    seen = desk.sales.get(sale.id)
    assert seen.state is SaleState.EXPIRED and seen.is_expired
    # Reads already count it free; the sweep writes it.
    assert counts(desk, member.id) == (0, 0, 10)
    refused(desk, lambda: desk.sales.set_item_quantity(sale.id, {member.id: 1}), ConflictError, "sale_closed",
            f"Sale {sale.number} is EXPIRED")
    assert desk.sales.expire_due() == [sale.id]
    assert desk.sales.expire_due() == []
    assert desk.sales.get(sale.id).state is SaleState.EXPIRED
    assert "sale.expired" in outbox_topics(desk)


def test_an_online_order_sweeps_expired_sales_first(world: World, desk: Store, event: Event,
                                                    member: TicketSpecification) -> None:
    desk.sales.set_item_quantity(desk.sales.create().id, {member.id: 10})
    refused(desk, lambda: place(desk, event.id, [(member.id, 1)]), CapacityError, "sold_out")
    world.clock.advance(timedelta(minutes=31))
    order = place(desk, event.id, [(member.id, 10)], who=buyer("Dana Lee"))
    assert order.total == dkk("2612.50")


def test_the_sale_hold_is_configurable(location: str) -> None:
    with pytest.raises(ValidationError) as error:
        ticketcore.open(location, sale_hold=timedelta(0))
    assert error.value.code == "invalid_sale_hold"
    platform = ticketcore.open(location, actor=Actor.platform("ops"), clock=ManualClock(CLOCK_START),
                               sale_hold=timedelta(minutes=5))
    organization = platform.organizations.create("Short holds", currency="DKK")
    desk = platform.acting_as(org_actor(organization.id, SHOP_SCOPES))
    assert desk.sales.create().expiration == CLOCK_START + timedelta(minutes=5)


# --- 9. listing ----------------------------------------------------------------------------------


def test_sales_list_filters_and_pages_like_the_seed(world: World, desk: Store, event: Event,
                                                    member: TicketSpecification) -> None:
    second_desk = shop_store(world, SHOP_SCOPES, actor_id="lee")
    other_event = make_event(desk, published=True, name="Winter Blues")
    other_spec = spec_on_sale(desk, other_event.id, "Winter ticket", price=5000)
    jane = desk.sales.apply_customer_data(desk.sales.set_item_quantity(desk.sales.create().id, {member.id: 1}).id,
                                          {"first_name": "Jane", "email": "Jane@Example.com"})
    jane = desk.sales.complete(jane.id, Pay.CASH)
    card = second_desk.sales.complete(
        second_desk.sales.set_item_quantity(second_desk.sales.create().id, {other_spec.id: 1}).id, Pay.CARD)
    open_sale = desk.sales.create()
    withdrawn = desk.sales.cancel(desk.sales.create().id)

    everything = desk.sales.list()
    assert [node.id for node in everything.nodes] == [jane.id, card.id, open_sale.id, withdrawn.id]
    assert everything.total_count == 4 and not everything.has_next_page
    assert [edge.cursor for edge in everything.edges] == [node.id for node in everything.nodes]

    def ids(**filters: object) -> tuple[list[str], int]:
        page = desk.sales.list(**filters)  # type: ignore[arg-type]
        return [node.id for node in page.nodes], page.total_count

    assert ids(states=[SaleState.OPEN, SaleState.COMMITTED]) == ([jane.id, card.id, open_sale.id], 3)
    assert ids(search="jane") == ([jane.id], 1)
    assert ids(search="EXAMPLE.COM") == ([jane.id], 1)
    assert ids(search=card.number) == ([card.id], 1)
    assert ids(search="%") == ([], 0)
    assert ids(creator_id="lee") == ([card.id], 1)
    assert ids(payment_type=Pay.CARD) == ([card.id], 1)
    assert ids(event_id=other_event.id) == ([card.id], 1)
    assert ids(created_from=CLOCK_START, created_to=CLOCK_START + timedelta(seconds=1)) == (
        [jane.id, card.id, open_sale.id, withdrawn.id], 4)
    assert ids(created_to=CLOCK_START) == ([], 0)

    first = desk.sales.list(first=2)
    assert [node.id for node in first.nodes] == [jane.id, card.id] and first.has_next_page
    assert first.end_cursor == card.id and first.total_count == 4
    rest = desk.sales.list(first=2, after=first.end_cursor)
    assert [node.id for node in rest.nodes] == [open_sale.id, withdrawn.id] and not rest.has_next_page

    world.clock.advance(timedelta(hours=1))
    assert ids(states=[SaleState.EXPIRED]) == ([open_sale.id], 1)
    assert ids(states=[SaleState.OPEN]) == ([], 0)
    refused(desk, lambda: desk.sales.list(first=0), ValidationError, "invalid_page_size")
    refused(desk, lambda: desk.sales.list(after="nope"), ValidationError, "invalid_cursor")


# --- 10. one ledger: the same prices as an online order -----------------------------------------


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    cart=st.lists(
        st.tuples(st.one_of(st.just(0), st.integers(1000, 99999)), st.integers(0, 2000), st.integers(0, 1500),
                  st.integers(1, 5)),
        min_size=1, max_size=3),
    percent=st.one_of(st.none(), st.integers(1, 10000)),
    vat=st.sampled_from([0, 700, 1900, 2500]),
)
def test_a_sale_and_an_order_of_the_same_tickets_cost_the_same_to_the_cent(
    location: str, cart: list[tuple[int, int, int, int]], percent: int | None, vat: int
) -> None:
    world = open_world(location)
    desk = shop_store(world, SHOP_SCOPES, actor_id="kim")
    event = make_event(desk, published=True, vat_rate=vat)
    items = []
    for index, (price, platform, percentage, quantity) in enumerate(cart):
        spec = spec_on_sale(desk, event.id, f"Type {index}", price=price, ticket_platform_fee=platform,
                            ticket_percentage_fee=percentage)
        items.append((spec.id, quantity))
    if percent is not None:
        desk.promo_codes.create(event.id, "SAME", percent_off=percent)
    order = place(desk, event.id, items, promo_code="SAME" if percent is not None else None)
    sale = desk.sales.set_item_quantity(desk.sales.create().id, items)
    if percent is not None:
        sale = desk.sales.apply_discount(sale.id, promo_code="SAME")
    assert sale.grand_total == order.total
    tickets = [item for item in sale.items if item.kind is SaleItemKind.TICKET]
    assert [item.price for item in tickets] == [line.subtotal for line in order.event_tickets]
    assert [item.discount for item in tickets] == [line.discount for line in order.event_tickets]
    assert sum((item.vat for item in tickets), Money.zero("DKK")) == order.price.vat
    fees = sum((item.price for item in sale.line_items if item.kind is SaleItemKind.FEE), Money.zero("DKK"))
    assert fees == order.price.platform_fee + order.price.percentage_fee
    discount = sum((item.price for item in sale.items if item.kind is SaleItemKind.DISCOUNT), Money.zero("DKK"))
    assert -discount == order.price.discount
    committed = desk.sales.complete(sale.id, Pay.FREE if sale.grand_total == Money.zero("DKK") else Pay.CASH)
    paid = desk.orders.get(committed.order_ids[0]).price
    assert (paid.subtotal, paid.discount, paid.platform_fee, paid.percentage_fee, paid.vat, paid.total) == (
        order.price.subtotal, order.price.discount, order.price.platform_fee, order.price.percentage_fee,
        order.price.vat, order.price.total)
