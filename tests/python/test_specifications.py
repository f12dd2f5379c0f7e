"""Ticket specifications: every rule of seeds 002/003 through Python, with exact codes and messages,
plus the storefront fields (seed 004), localized names and the snapshot value semantics."""

from __future__ import annotations

import pickle
from datetime import timedelta
from typing import Any

import pytest

from helpers import (
    COPENHAGEN,
    World,
    add_spec,
    audit_operations,
    claim,
    cph,
    last_sequence,
    make_event,
    open_world,
    snapshot,
    utc,
)
from ticketcore import (
    CLEAR,
    CapacityError,
    ConflictError,
    Event,
    Money,
    NotFoundError,
    RoundingMode,
    Store,
    TicketSpecification,
    ValidationError,
    Visibility,
)

EDIT_ACTIVE = "Cannot edit activated ticket specification"
EDIT_COMPLETED = "Cannot edit ticket specification for an event, which is completed"
EDIT_PUBLISHED = "Cannot edit ticket specification for an event, which has already been published"


def sold_message(spec_id: str) -> str:
    return f"Tickets for ticket specification with id: {spec_id} has already been sold."


def not_found_message(spec_id: str) -> str:
    return f"Ticket specification with id: {spec_id} not found."


# --- add: defaults and inheritance -----------------------------------------------------------------


def test_add_defaults(store: Store, event: Event) -> None:
    spec = store.specifications.add(event.id, "Member ticket", price=25000)
    assert spec.event_id == event.id
    assert spec.name == "Member ticket"
    assert spec.price == Money("250.00", "DKK")
    assert spec.currency == "DKK"
    assert spec.vat_rate == 2500
    assert spec.include_vat is True
    assert spec.description == ""
    assert spec.names == {}
    assert spec.number_of_tickets_for_sale is None
    assert spec.capacity is None
    assert spec.maximum_number_of_tickets_per_user is None
    assert spec.number_of_tickets_sold == 0
    assert spec.number_of_tickets_reserved == 0
    assert spec.available is None  # unlimited
    assert spec.is_active is False
    assert spec.sale_start is None and spec.sale_end is None
    assert spec.perks == ()
    assert spec.visibility is Visibility.PUBLIC
    assert spec.transferable is True
    assert spec.allow_reentry is False
    assert spec.reentry_limit is None
    assert spec.accepted_scan_points == ()
    assert spec.refund_policy == ""
    assert spec.pool_ids == ()
    assert spec.event_date_ids == tuple(d.id for d in event.dates)
    assert store.specifications.get(spec.id) == spec
    assert store.specifications.list(event.id) == [spec]


def test_price_as_money_or_minor_units(store: Store, event: Event) -> None:
    assert add_spec(store, event.id, price=Money("350.00", "DKK")).price == Money.from_minor(35000, "DKK")
    assert add_spec(store, event.id, price=35000).price == Money("350", "DKK")
    assert add_spec(store, event.id, price=0).price == Money.zero("DKK")
    assert add_spec(store, event.id, price=1000).price == Money("10.00", "DKK")


def test_include_vat_follows_the_event_vat_rate(store: Store) -> None:
    no_vat = make_event(store, vat_rate=0)
    spec = add_spec(store, no_vat.id)
    assert spec.vat_rate == 0
    assert spec.include_vat is False


def test_fees_are_inherited_from_the_event(store: Store) -> None:
    event = make_event(store, platform_fee=Money("5.00", "DKK"), percentage_fee=250)
    spec = add_spec(store, event.id, price=25000)
    assert spec.ticket_platform_fee == Money("5.00", "DKK")
    assert spec.ticket_percentage_fee == 250
    assert spec.percentage_fee_amount == Money("6.25", "DKK")
    explicit = add_spec(store, event.id, "Own fees", ticket_platform_fee=0, ticket_percentage_fee=0)
    assert explicit.ticket_platform_fee == Money.zero("DKK")
    assert explicit.ticket_percentage_fee == 0
    assert explicit.percentage_fee_amount == Money.zero("DKK")
    other = add_spec(store, event.id, "Other fees", ticket_platform_fee=Money("2", "DKK"), ticket_percentage_fee=100)
    assert (other.ticket_platform_fee, other.ticket_percentage_fee) == (Money("2.00", "DKK"), 100)
    assert other.percentage_fee_amount == Money("2.50", "DKK")


@pytest.mark.parametrize(("rounding", "fee_minor"), [(RoundingMode.HALF_UP, 27), (RoundingMode.HALF_EVEN, 26)])
def test_percentage_fee_amount_uses_the_organization_rounding(
    location: str, rounding: RoundingMode, fee_minor: int
) -> None:
    world = open_world(location, rounding=rounding)
    event = make_event(world.store, percentage_fee=250)
    spec = add_spec(world.store, event.id, price=1060)  # 2.5 % of 10.60 = 26.5 øre: a tie
    assert spec.percentage_fee_amount == Money.from_minor(fee_minor, "DKK")
    assert world.store.organizations.get(world.organization_id).rounding is rounding


def test_event_currency_is_the_specification_currency(store: Store) -> None:
    event = make_event(store, currency="EUR")
    spec = add_spec(store, event.id, price=Money("12.50", "EUR"))
    assert spec.price == Money("12.50", "EUR")
    assert spec.currency == "EUR"
    assert spec.ticket_platform_fee == Money.zero("EUR")


def test_spec_is_attached_to_every_existing_date_and_later_dates_get_every_spec(store: Store) -> None:
    event = make_event(store, dates=2)
    first, second = add_spec(store, event.id, "A"), add_spec(store, event.id, "B")
    existing = tuple(d.id for d in event.dates)
    assert first.event_date_ids == existing and second.event_date_ids == existing
    late = store.events.add_date(event.id, cph(2027, 8, 20, 19), cph(2027, 8, 20, 23))
    early = store.events.add_date(event.id, cph(2027, 6, 1, 19), cph(2027, 6, 1, 23))
    for spec in (first, second):
        assert store.specifications.get(spec.id).event_date_ids == (early.id, *existing, late.id)
    third = add_spec(store, event.id, "C")
    assert third.event_date_ids == (early.id, *existing, late.id)


def test_a_spec_added_before_any_date_gets_the_dates_later(store: Store) -> None:
    event = store.events.create("No dates yet", time_zone=COPENHAGEN)
    spec = add_spec(store, event.id)
    assert spec.event_date_ids == ()
    date = store.events.add_date(event.id, cph(2027, 7, 2, 19), cph(2027, 7, 2, 23))
    assert store.specifications.get(spec.id).event_date_ids == (date.id,)


def test_specs_are_listed_in_the_order_they_were_added(store: Store, event: Event) -> None:
    names = ["Member", "Guest", "Crew", "Student"]
    for name in names:
        add_spec(store, event.id, name)
    assert [s.name for s in store.specifications.list(event.id)] == names
    other = make_event(store, name="Other")
    assert store.specifications.list(other.id) == []


def test_specs_can_be_added_to_draft_and_published_events(store: Store, published_event: Event) -> None:
    spec = add_spec(store, published_event.id)
    assert store.specifications.get(spec.id).event_date_ids == tuple(d.id for d in published_event.dates)


# --- add: the seed-003 validation rules ---------------------------------------------------------------


BAD_ADD: list[tuple[dict[str, Any], str, str]] = [
    ({"name": ""}, "name_required", "Name is required"),
    ({"name": "   "}, "name_required", "Name is required"),
    ({"name": "\t\n"}, "name_required", "Name is required"),
    ({"price": 999}, "price_below_minimum", "Price must be 0 or at least 1000"),
    ({"price": 1}, "price_below_minimum", "Price must be 0 or at least 1000"),
    ({"price": Money("9.99", "DKK")}, "price_below_minimum", "Price must be 0 or at least 1000"),
    ({"price": -1000}, "negative_number", "Price cannot be negative"),
    ({"price": Money("-10", "DKK")}, "negative_number", "Price cannot be negative"),
    (
        {"number_of_tickets_for_sale": 3, "maximum_number_of_tickets_per_user": 4},
        "too_many_tickets_per_user",
        "Too many tickets per user",
    ),
    (
        {"capacity": 0, "maximum_number_of_tickets_per_user": 1},
        "too_many_tickets_per_user",
        "Too many tickets per user",
    ),
    (
        {"number_of_tickets_for_sale": -1},
        "negative_number",
        "Number of tickets for sale cannot be negative",
    ),
    (
        {"maximum_number_of_tickets_per_user": -1},
        "negative_number",
        "Maximum number of tickets per user cannot be negative",
    ),
    ({"ticket_platform_fee": -1}, "negative_number", "Ticket platform fee cannot be negative"),
    (
        {"ticket_percentage_fee": 10001},
        "invalid_rate",
        "Ticket percentage fee must be between 0 and 10000 basis points",
    ),
    (
        {"ticket_percentage_fee": -1},
        "invalid_rate",
        "Ticket percentage fee must be between 0 and 10000 basis points",
    ),
    ({"price": Money("250", "EUR")}, "currency_mismatch", "Amount in EUR where DKK is expected"),
    ({"ticket_platform_fee": Money("1", "SEK")}, "currency_mismatch", "Amount in SEK where DKK is expected"),
    (
        {"number_of_tickets_for_sale": 10, "capacity": 10},
        "conflicting_arguments",
        "Pass number_of_tickets_for_sale or capacity, not both",
    ),
    (
        {"sale_start": utc(2027, 6, 1), "sale_end": utc(2027, 6, 1)},
        "invalid_sale_window",
        "Sale end must be after sale start",
    ),
    (
        {"sale_start": utc(2027, 6, 2), "sale_end": utc(2027, 6, 1)},
        "invalid_sale_window",
        "Sale end must be after sale start",
    ),
    ({"reentry_limit": 3}, "reentry_not_allowed", "Re-entry limit requires allow_reentry"),
    ({"allow_reentry": True, "reentry_limit": 0}, "invalid_reentry_limit", "Re-entry limit must be at least 1"),
    ({"allow_reentry": True, "reentry_limit": -2}, "invalid_reentry_limit", "Re-entry limit must be at least 1"),
    ({"perks": ["Free drink", ""]}, "empty_label", "Perks cannot contain empty values"),
    ({"perks": [" "]}, "empty_label", "Perks cannot contain empty values"),
    ({"accepted_scan_points": ["Gate A", "\t"]}, "empty_label", "Accepted scan points cannot contain empty values"),
    ({"names": {"da": ""}}, "name_required", "Name for locale 'da' is required"),
    ({"names": {"": "Billet"}}, "invalid_locale", "Locale cannot be empty"),
    ({"price": 2**70}, "number_out_of_range", "price is out of range (it must fit in 64 bits)"),
    ({"number_of_tickets_for_sale": 2**63}, "number_out_of_range", "number_of_tickets_for_sale is out of range (it must fit in 64 bits)"),
    ({"capacity": -(2**63) - 1}, "number_out_of_range", "capacity is out of range (it must fit in 64 bits)"),
    ({"maximum_number_of_tickets_per_user": 2**64}, "number_out_of_range", "maximum_number_of_tickets_per_user is out of range (it must fit in 64 bits)"),
    ({"ticket_percentage_fee": 2**70}, "number_out_of_range", "ticket_percentage_fee is out of range (it must fit in 64 bits)"),
    ({"ticket_platform_fee": 2**70}, "number_out_of_range", "ticket_platform_fee is out of range (it must fit in 64 bits)"),
    (
        {"allow_reentry": True, "reentry_limit": 2**70},
        "number_out_of_range",
        "reentry_limit is out of range (it must fit in 64 bits)",
    ),
]


@pytest.mark.parametrize(("override", "code", "message"), BAD_ADD)
def test_add_rejects_invalid_input_and_changes_nothing(
    world: World, event: Event, override: dict[str, Any], code: str, message: str
) -> None:
    store = world.store
    arguments: dict[str, Any] = {"name": "Member ticket", "price": 25000, **override}
    before = snapshot(store)
    with pytest.raises(ValidationError) as caught:
        store.specifications.add(event.id, arguments.pop("name"), **arguments)
    assert caught.value.code == code
    assert str(caught.value) == message
    assert snapshot(store) == before
    # the first paid spec was refused, so billing stays off
    assert store.organizations.get(world.organization_id).billing_profile_enabled is False


@pytest.mark.parametrize(
    "override",
    [
        {"price": 250.0},
        {"price": "250.00"},
        {"price": True},
        {"price": None},
        {"ticket_platform_fee": 5.0},
        {"number_of_tickets_for_sale": 10.0},
        {"number_of_tickets_for_sale": "10"},
        {"capacity": True},
        {"maximum_number_of_tickets_per_user": 2.0},
        {"ticket_percentage_fee": 2.5},
        {"sale_start": "2027-06-01T00:00:00Z"},
        {"perks": "VIP"},
        {"perks": ["VIP", 1]},
        {"perks": 5},
        {"accepted_scan_points": "Gate A"},
        {"visibility": "public"},
        {"names": {"da": 1}},
        {"names": ["da"]},
        {"description": None},
        {"refund_policy": 3},
    ],
)
def test_add_rejects_wrong_types(world: World, event: Event, override: dict[str, Any]) -> None:
    before = snapshot(world.store)
    with pytest.raises(TypeError):
        world.store.specifications.add(event.id, "Member ticket", **override)
    assert snapshot(world.store) == before


def test_valid_boundaries(store: Store, event: Event) -> None:
    spec = add_spec(
        store,
        event.id,
        price=1000,
        number_of_tickets_for_sale=4,
        maximum_number_of_tickets_per_user=4,
        ticket_percentage_fee=10000,
    )
    assert spec.price == Money("10.00", "DKK")
    assert spec.number_of_tickets_for_sale == spec.maximum_number_of_tickets_per_user == 4
    assert spec.percentage_fee_amount == spec.price
    assert add_spec(store, event.id, maximum_number_of_tickets_per_user=100).maximum_number_of_tickets_per_user == 100
    assert add_spec(store, event.id, number_of_tickets_for_sale=0).available == 0
    huge = add_spec(store, event.id, number_of_tickets_for_sale=2**63 - 1)
    assert huge.available == 2**63 - 1


def test_cannot_add_to_a_completed_event(world: World, completed_event: Event) -> None:
    before = snapshot(world.store)
    with pytest.raises(ConflictError) as caught:
        add_spec(world.store, completed_event.id)
    assert caught.value.code == "event_completed"
    assert str(caught.value) == "Cannot add ticket specification to an event, which is completed"
    assert snapshot(world.store) == before


# --- billing profile ------------------------------------------------------------------------------


def test_first_paid_spec_enables_the_billing_profile(world: World, event: Event) -> None:
    store = world.store
    add_spec(store, event.id, "Crew", price=0)
    assert store.organizations.get(world.organization_id).billing_profile_enabled is False
    start = last_sequence(store)
    paid = add_spec(store, event.id, "Member", price=25000)
    assert store.organizations.get(world.organization_id).billing_profile_enabled is True
    assert audit_operations(store, after=start) == ["organization.enable_billing_profile", "specification.add"]
    billing = store.audit(operation="organization.enable_billing_profile")[0]
    assert billing.entity_id == world.organization_id
    assert billing.data == {"specification_id": paid.id}
    # later paid specs change nothing more
    start = last_sequence(store)
    add_spec(store, event.id, "Guest", price=35000)
    assert audit_operations(store, after=start) == ["specification.add"]


def test_editing_a_free_spec_to_paid_enables_the_billing_profile(world: World, event: Event) -> None:
    store = world.store
    crew = add_spec(store, event.id, "Crew", price=0)
    store.specifications.edit(crew.id, name="Crew (renamed)")
    assert store.organizations.get(world.organization_id).billing_profile_enabled is False
    store.specifications.edit(crew.id, price=1500)
    assert store.organizations.get(world.organization_id).billing_profile_enabled is True


def test_billing_profile_is_per_organization(world: World, event: Event) -> None:
    from helpers import other_organization

    other = other_organization(world)
    add_spec(world.store, event.id, price=25000)
    other_id = other.actor.organization_id
    assert other_id is not None
    assert other.organizations.get(other_id).billing_profile_enabled is False


# --- storefront fields (seed 004) ----------------------------------------------------------------


def test_storefront_fields(store: Store, event: Event) -> None:
    spec = store.specifications.add(
        event.id,
        "VIP",
        price=Money("900.00", "DKK"),
        description="Front row",
        capacity=50,
        maximum_number_of_tickets_per_user=2,
        sale_start=cph(2027, 5, 1, 10),
        sale_end=cph(2027, 7, 2, 18),
        perks=["Free drink", "Meet & greet", "Free drink"],
        visibility=Visibility.INVITE_ONLY,
        transferable=False,
        allow_reentry=True,
        reentry_limit=3,
        accepted_scan_points=("Gate A", "VIP entrance"),
        refund_policy="Full refund until 14 days before",
    )
    assert spec.description == "Front row"
    assert spec.capacity == spec.number_of_tickets_for_sale == spec.available == 50
    assert spec.sale_start == utc(2027, 5, 1, 8)
    assert spec.sale_end == utc(2027, 7, 2, 16)
    assert spec.perks == ("Free drink", "Meet & greet", "Free drink")
    assert spec.visibility is Visibility.INVITE_ONLY
    assert spec.transferable is False
    assert spec.allow_reentry is True
    assert spec.reentry_limit == 3
    assert spec.accepted_scan_points == ("Gate A", "VIP entrance")
    assert spec.refund_policy == "Full refund until 14 days before"
    assert store.specifications.get(spec.id) == spec


@pytest.mark.parametrize("visibility", list(Visibility))
def test_every_visibility_round_trips(store: Store, event: Event, visibility: Visibility) -> None:
    spec = add_spec(store, event.id, visibility=visibility)
    assert store.specifications.get(spec.id).visibility is visibility


def test_sale_window_may_be_open_on_either_side(store: Store, event: Event) -> None:
    assert add_spec(store, event.id, sale_start=utc(2027, 6, 1)).sale_end is None
    assert add_spec(store, event.id, sale_end=utc(2027, 6, 1)).sale_start is None
    tight = add_spec(store, event.id, sale_start=utc(2027, 6, 1), sale_end=utc(2027, 6, 1) + timedelta(microseconds=1))
    assert tight.sale_end is not None and tight.sale_start is not None
    assert tight.sale_end - tight.sale_start == timedelta(microseconds=1)


def test_reentry_without_a_limit_is_unlimited(store: Store, event: Event) -> None:
    spec = add_spec(store, event.id, allow_reentry=True)
    assert spec.allow_reentry is True
    assert spec.reentry_limit is None
    assert add_spec(store, event.id, allow_reentry=True, reentry_limit=1).reentry_limit == 1


def test_labels_accept_any_iterable_of_str(store: Store, event: Event) -> None:
    spec = add_spec(store, event.id, perks=iter(["A", "B"]), accepted_scan_points=(p for p in ["North"]))
    assert spec.perks == ("A", "B")
    assert spec.accepted_scan_points == ("North",)
    assert add_spec(store, event.id, perks=["Ø-lejr 🎷"]).perks == ("Ø-lejr 🎷",)


# --- localized names -------------------------------------------------------------------------------


def test_localized_names_and_fallback(store: Store, event: Event) -> None:
    spec = add_spec(
        store, event.id, "Member ticket", names={"da": "Medlemsbillet", "de-AT": "Mitgliedskarte", "sv": "Medlemsbiljett"}
    )
    assert spec.names == {"da": "Medlemsbillet", "de-AT": "Mitgliedskarte", "sv": "Medlemsbiljett"}
    assert spec.name_for("da") == "Medlemsbillet"
    assert spec.name_for("da-DK") == "Medlemsbillet"
    assert spec.name_for("da_DK") == "Medlemsbillet"
    assert spec.name_for("de-AT") == "Mitgliedskarte"
    assert spec.name_for("de") == "Member ticket"  # no "de", and "de-AT" is not a fallback for "de"
    assert spec.name_for("de-DE") == "Member ticket"
    assert spec.name_for("en") == "Member ticket"
    assert spec.name_for("") == "Member ticket"
    assert store.specifications.get(spec.id).names == spec.names
    # the dict handed out is a copy
    spec.names["en"] = "Changed"
    assert "en" not in spec.names


def test_exact_locale_beats_language(store: Store, event: Event) -> None:
    spec = add_spec(store, event.id, "Ticket", names={"pt": "Bilhete", "pt-BR": "Ingresso"})
    assert spec.name_for("pt-BR") == "Ingresso"
    assert spec.name_for("pt-PT") == "Bilhete"


def test_name_for_requires_a_str(store: Store, event: Event) -> None:
    spec = add_spec(store, event.id)
    with pytest.raises(TypeError):
        spec.name_for(None)  # type: ignore[arg-type]


# --- edit -----------------------------------------------------------------------------------------


def full_spec(store: Store, event_id: str) -> TicketSpecification:
    return store.specifications.add(
        event_id,
        "Member ticket",
        price=25000,
        description="Members only",
        names={"da": "Medlemsbillet"},
        number_of_tickets_for_sale=300,
        maximum_number_of_tickets_per_user=4,
        sale_start=utc(2027, 5, 1),
        sale_end=utc(2027, 7, 1),
        perks=["Drink"],
        visibility=Visibility.PRIVATE,
        transferable=False,
        allow_reentry=True,
        reentry_limit=2,
        accepted_scan_points=["Gate A"],
        refund_policy="No refunds",
    )


def test_edit_changes_the_given_fields(store: Store, event: Event) -> None:
    spec = full_spec(store, event.id)
    edited = store.specifications.edit(
        spec.id,
        name="Member ticket 2027",
        names={"sv": "Medlemsbiljett"},
        description="",
        price=Money("300", "DKK"),
        ticket_platform_fee=700,
        ticket_percentage_fee=100,
        number_of_tickets_for_sale=250,
        maximum_number_of_tickets_per_user=6,
        sale_start=utc(2027, 4, 1),
        sale_end=utc(2027, 7, 2),
        perks=[],
        visibility=Visibility.PUBLIC,
        transferable=True,
        allow_reentry=True,
        reentry_limit=5,
        accepted_scan_points=["Gate B", "Gate C"],
        refund_policy="Refund until 1 June",
    )
    assert edited.name == "Member ticket 2027"
    assert edited.names == {"sv": "Medlemsbiljett"}  # the mapping is replaced, not merged
    assert edited.name_for("da") == "Member ticket 2027"
    assert edited.description == ""
    assert edited.price == Money("300.00", "DKK")
    assert edited.ticket_platform_fee == Money("7.00", "DKK")
    assert edited.ticket_percentage_fee == 100
    assert edited.percentage_fee_amount == Money("3.00", "DKK")
    assert edited.number_of_tickets_for_sale == 250
    assert edited.maximum_number_of_tickets_per_user == 6
    assert (edited.sale_start, edited.sale_end) == (utc(2027, 4, 1), utc(2027, 7, 2))
    assert edited.perks == ()
    assert edited.visibility is Visibility.PUBLIC
    assert edited.transferable is True
    assert edited.reentry_limit == 5
    assert edited.accepted_scan_points == ("Gate B", "Gate C")
    assert edited.refund_policy == "Refund until 1 June"
    assert (edited.id, edited.event_id, edited.created) == (spec.id, spec.event_id, spec.created)
    assert store.specifications.get(spec.id) == edited


def test_edit_with_none_keeps_every_value(store: Store, event: Event) -> None:
    spec = full_spec(store, event.id)
    assert store.specifications.edit(spec.id) == spec
    assert store.specifications.edit(spec.id, name=None, price=None, sale_start=None, perks=None) == spec
    assert store.specifications.edit(spec.id, description="changed").name == spec.name
    after = store.specifications.get(spec.id)
    assert after.price == spec.price
    assert after.sale_start == spec.sale_start
    assert after.perks == spec.perks
    assert after.reentry_limit == spec.reentry_limit


@pytest.mark.parametrize(
    "field", ["number_of_tickets_for_sale", "maximum_number_of_tickets_per_user", "sale_start", "sale_end", "reentry_limit"]
)
def test_clear_sets_a_nullable_field_back_to_none(store: Store, event: Event, field: str) -> None:
    spec = full_spec(store, event.id)
    assert getattr(spec, field) is not None
    edited = store.specifications.edit(spec.id, **{field: CLEAR})
    assert getattr(edited, field) is None
    assert getattr(store.specifications.get(spec.id), field) is None
    # everything else is kept
    for other in ("name", "price", "perks", "allow_reentry"):
        assert getattr(edited, other) == getattr(spec, other)


def test_clearing_the_quota_makes_the_spec_unlimited(store: Store, event: Event) -> None:
    spec = add_spec(store, event.id, number_of_tickets_for_sale=10)
    assert spec.available == 10
    assert store.specifications.edit(spec.id, number_of_tickets_for_sale=CLEAR).available is None


def test_clear_repr_and_identity() -> None:
    import ticketcore

    assert repr(CLEAR) == "CLEAR"
    assert ticketcore.CLEAR is CLEAR


@pytest.mark.parametrize(
    ("changes", "code", "message"),
    [
        ({"name": ""}, "name_required", "Name is required"),
        ({"name": "  "}, "name_required", "Name is required"),
        ({"price": 999}, "price_below_minimum", "Price must be 0 or at least 1000"),
        ({"price": -1}, "negative_number", "Price cannot be negative"),
        ({"maximum_number_of_tickets_per_user": 301}, "too_many_tickets_per_user", "Too many tickets per user"),
        ({"number_of_tickets_for_sale": 3}, "too_many_tickets_per_user", "Too many tickets per user"),
        ({"number_of_tickets_for_sale": -5}, "negative_number", "Number of tickets for sale cannot be negative"),
        ({"sale_end": utc(2027, 4, 1)}, "invalid_sale_window", "Sale end must be after sale start"),
        ({"allow_reentry": False}, "reentry_not_allowed", "Re-entry limit requires allow_reentry"),
        ({"reentry_limit": 0}, "invalid_reentry_limit", "Re-entry limit must be at least 1"),
        ({"perks": [""]}, "empty_label", "Perks cannot contain empty values"),
        ({"names": {"da": " "}}, "name_required", "Name for locale 'da' is required"),
        ({"price": Money("250", "EUR")}, "currency_mismatch", "Amount in EUR where DKK is expected"),
        ({"ticket_percentage_fee": 10001}, "invalid_rate", "Ticket percentage fee must be between 0 and 10000 basis points"),
        ({"price": 2**70}, "number_out_of_range", "price is out of range (it must fit in 64 bits)"),
        ({"number_of_tickets_for_sale": 2**70}, "number_out_of_range", "number_of_tickets_for_sale is out of range (it must fit in 64 bits)"),
        ({"reentry_limit": -(2**70)}, "number_out_of_range", "reentry_limit is out of range (it must fit in 64 bits)"),
    ],
)
def test_edit_applies_the_same_rules_and_changes_nothing_on_failure(
    world: World, event: Event, changes: dict[str, Any], code: str, message: str
) -> None:
    store = world.store
    spec = full_spec(store, event.id)
    before = snapshot(store)
    with pytest.raises(ValidationError) as caught:
        store.specifications.edit(spec.id, **changes)
    assert caught.value.code == code
    assert str(caught.value) == message
    assert snapshot(store) == before


def test_edit_rejects_wrong_types_for_plain_fields(world: World, event: Event) -> None:
    store = world.store
    spec = full_spec(store, event.id)
    before = snapshot(store)
    for changes in (
        {"price": 250.0},
        {"price": "250"},
        {"name": 5},
        {"ticket_percentage_fee": 2.5},
        {"perks": "VIP"},
        {"visibility": "public"},
        {"transferable": "yes"},
    ):
        with pytest.raises(TypeError):
            store.specifications.edit(spec.id, **changes)  # type: ignore[arg-type]
    assert snapshot(store) == before


@pytest.mark.parametrize(
    "changes",
    [
        {"number_of_tickets_for_sale": "10"},
        {"number_of_tickets_for_sale": 10.0},
        {"maximum_number_of_tickets_per_user": True},
        {"reentry_limit": 2.0},
        {"sale_start": "2027-05-01T00:00:00Z"},
        {"sale_end": 1_800_000_000},
    ],
)
def test_edit_rejects_wrong_types_for_nullable_fields_with_type_error(
    world: World, event: Event, changes: dict[str, Any]
) -> None:
    store = world.store
    spec = full_spec(store, event.id)
    before = snapshot(store)
    with pytest.raises(TypeError):
        store.specifications.edit(spec.id, **changes)
    assert snapshot(store) == before


def test_edit_only_while_inactive_and_draft(world: World) -> None:
    store = world.store
    event = make_event(store)
    spec = add_spec(store, event.id)
    store.specifications.set_active(spec.id, True)
    before = snapshot(store)
    with pytest.raises(ConflictError) as caught:
        store.specifications.edit(spec.id, name="New name")
    assert (caught.value.code, str(caught.value)) == ("specification_active", EDIT_ACTIVE)
    assert snapshot(store) == before
    # deactivating makes it editable again
    store.specifications.set_active(spec.id, False)
    assert store.specifications.edit(spec.id, name="New name").name == "New name"


def test_cannot_edit_in_a_published_event(world: World, published_event: Event) -> None:
    store = world.store
    inactive = add_spec(store, published_event.id, "Inactive")
    active = add_spec(store, published_event.id, "Active")
    store.specifications.set_active(active.id, True)
    before = snapshot(store)
    with pytest.raises(ConflictError) as caught:
        store.specifications.edit(inactive.id, price=30000)
    assert (caught.value.code, str(caught.value)) == ("event_published", EDIT_PUBLISHED)
    with pytest.raises(ConflictError) as caught:
        store.specifications.edit(active.id, price=30000)
    assert (caught.value.code, str(caught.value)) == ("specification_active", EDIT_ACTIVE)
    assert snapshot(store) == before


def test_cannot_edit_in_a_completed_event(world: World) -> None:
    store = world.store
    event = make_event(store)
    spec = add_spec(store, event.id)
    store.events.publish(event.id)
    store.events.complete(event.id)
    before = snapshot(store)
    with pytest.raises(ConflictError) as caught:
        store.specifications.edit(spec.id, name="Too late")
    assert (caught.value.code, str(caught.value)) == ("event_completed", EDIT_COMPLETED)
    assert snapshot(store) == before


def test_edit_unknown_spec(world: World) -> None:
    with pytest.raises(NotFoundError) as caught:
        world.store.specifications.edit("missing-spec", name="x")
    assert caught.value.code == "specification_not_found"
    assert str(caught.value) == not_found_message("missing-spec")


def test_edit_audit_has_before_and_after(store: Store, event: Event) -> None:
    spec = add_spec(store, event.id, price=25000)
    start = last_sequence(store)
    edited = store.specifications.edit(spec.id, price=30000)
    rows = store.audit(after=start)
    assert [row.operation for row in rows] == ["specification.edit"]
    data = rows[0].data
    assert data["before"]["price"] == {"minor": 25000, "currency": "DKK"}
    assert data["after"]["price"] == {"minor": 30000, "currency": "DKK"}
    assert data["after"]["id"] == edited.id


def test_edit_cannot_lower_the_quota_below_what_is_taken(world: World, event: Event) -> None:
    store = world.store
    spec = add_spec(store, event.id, number_of_tickets_for_sale=10)
    claim(store, spec.id, 4, sold=True)
    claim(store, spec.id, 2, sold=False)
    assert store.specifications.edit(spec.id, number_of_tickets_for_sale=6).available == 0  # exactly what is taken
    before = snapshot(store)
    with pytest.raises(CapacityError):
        store.specifications.edit(spec.id, number_of_tickets_for_sale=5)
    assert snapshot(store) == before


# --- set_active -----------------------------------------------------------------------------------


def test_set_active_in_draft_and_published(world: World) -> None:
    store = world.store
    event = make_event(store)
    spec = add_spec(store, event.id)
    assert store.specifications.set_active(spec.id, True).is_active is True
    assert store.specifications.get(spec.id).is_active is True
    assert store.specifications.set_active(spec.id, True).is_active is True  # idempotent
    store.events.publish(event.id)
    assert store.specifications.set_active(spec.id, False).is_active is False
    assert store.specifications.set_active(spec.id, True).is_active is True
    rows = store.audit(operation="specification.set_active")
    assert [row.data for row in rows] == [
        {"before": False, "after": True},
        {"before": True, "after": True},
        {"before": True, "after": False},
        {"before": False, "after": True},
    ]


def test_set_active_changes_nothing_else(store: Store, event: Event) -> None:
    spec = full_spec(store, event.id)
    active = store.specifications.set_active(spec.id, True)
    assert active.is_active is True
    assert active.price == spec.price and active.perks == spec.perks and active.names == spec.names


def test_set_active_is_blocked_in_a_completed_event(world: World) -> None:
    store = world.store
    event = make_event(store)
    spec = add_spec(store, event.id)
    store.events.publish(event.id)
    store.events.complete(event.id)
    before = snapshot(store)
    for active in (True, False):
        with pytest.raises(ConflictError) as caught:
            store.specifications.set_active(spec.id, active)
        assert caught.value.code == "event_completed"
        assert str(caught.value) == (
            "Cannot change active state of ticket specification for an event, which is completed"
        )
    assert snapshot(store) == before


def test_set_active_wants_a_bool(store: Store, event: Event) -> None:
    spec = add_spec(store, event.id)
    with pytest.raises(TypeError):
        store.specifications.set_active(spec.id, "yes")  # type: ignore[arg-type]
    assert store.specifications.get(spec.id).is_active is False


def test_set_active_unknown_spec(store: Store) -> None:
    with pytest.raises(NotFoundError) as caught:
        store.specifications.set_active("missing-spec", True)
    assert str(caught.value) == not_found_message("missing-spec")


# --- remove ---------------------------------------------------------------------------------------


def test_remove_in_draft_with_nothing_sold(world: World, event: Event) -> None:
    store = world.store
    keep = add_spec(store, event.id, "Keep")
    spec = add_spec(store, event.id, "Remove me")
    start = last_sequence(store)
    assert store.specifications.remove(spec.id) is None
    assert store.specifications.list(event.id) == [keep]
    with pytest.raises(NotFoundError) as caught:
        store.specifications.get(spec.id)
    assert caught.value.code == "specification_not_found"
    assert str(caught.value) == not_found_message(spec.id)
    rows = store.audit(after=start)
    assert [row.operation for row in rows] == ["specification.remove"]
    assert rows[0].entity_id == spec.id
    assert rows[0].data["before"]["name"] == "Remove me"
    # removing twice: not found
    with pytest.raises(NotFoundError) as caught:
        store.specifications.remove(spec.id)
    assert str(caught.value) == not_found_message(spec.id)


@pytest.mark.parametrize("sold", [True, False], ids=["sold", "reserved"])
def test_remove_refused_when_tickets_are_sold_or_reserved(world: World, event: Event, sold: bool) -> None:
    store = world.store
    spec = add_spec(store, event.id, number_of_tickets_for_sale=10)
    claim(store, spec.id, 1, sold=sold)
    before = snapshot(store)
    with pytest.raises(ConflictError) as caught:
        store.specifications.remove(spec.id)
    assert caught.value.code == "specification_sold"
    assert str(caught.value) == sold_message(spec.id)
    assert snapshot(store) == before


def test_remove_refused_in_published_and_completed_events(world: World) -> None:
    store = world.store
    event = make_event(store)
    spec = add_spec(store, event.id)
    store.events.publish(event.id)
    before = snapshot(store)
    with pytest.raises(ConflictError) as caught:
        store.specifications.remove(spec.id)
    assert caught.value.code == "event_published"
    assert str(caught.value) == "Cannot remove ticket specification from an event, which has already been published"
    store.events.complete(event.id)
    with pytest.raises(ConflictError) as caught:
        store.specifications.remove(spec.id)
    assert caught.value.code == "event_completed"
    assert str(caught.value) == "Cannot remove ticket specification from an event, which is completed"
    assert store.specifications.list(event.id) == list(before.specifications)


def test_remove_unknown_spec(world: World) -> None:
    before = snapshot(world.store)
    with pytest.raises(NotFoundError) as caught:
        world.store.specifications.remove("01900000-0000-7000-8000-000000000000")
    assert caught.value.code == "specification_not_found"
    assert str(caught.value) == "Ticket specification with id: 01900000-0000-7000-8000-000000000000 not found."
    assert snapshot(world.store) == before


def test_removed_spec_leaves_its_pools(store: Store, event: Event) -> None:
    spec = add_spec(store, event.id)
    other = add_spec(store, event.id, "Other")
    pool = store.pools.create(event.id, "Floor", size=10, specification_ids=[spec.id, other.id])
    store.specifications.remove(spec.id)
    assert store.pools.get(pool.id).specification_ids == (other.id,)


# --- snapshots ------------------------------------------------------------------------------------


def test_specification_snapshots_are_immutable_values(store: Store, event: Event) -> None:
    spec = full_spec(store, event.id)
    again = store.specifications.get(spec.id)
    assert spec == again and spec is not again
    assert hash(spec) == hash(again)
    assert len({spec, again}) == 1
    restored = pickle.loads(pickle.dumps(spec))
    assert restored == spec
    assert hash(restored) == hash(spec)
    assert restored.name_for("da") == "Medlemsbillet"
    assert restored.sale_start == spec.sale_start
    assert repr(spec).startswith("TicketSpecification(id='")
    assert "price=Money('250.00', 'DKK')" in repr(spec)
    for attribute, value in (("name", "x"), ("price", Money("1", "DKK")), ("is_active", True), ("available", 1)):
        with pytest.raises(AttributeError):
            setattr(spec, attribute, value)
    with pytest.raises(AttributeError):
        spec.anything_new = 1  # type: ignore[attr-defined]
    assert spec == again
    # a snapshot does not follow later changes
    store.specifications.edit(spec.id, name="Renamed")
    assert spec.name == "Member ticket"
    assert store.specifications.get(spec.id) != spec
    assert spec != "Member ticket"
