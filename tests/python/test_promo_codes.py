"""Promo codes: creation rules, percentage and fixed reductions split exactly over the eligible
lines, usage limits counted atomically, validity windows, and unlocking hidden specifications."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from helpers import (
    CLOCK_START,
    counts,
    DEFAULT_ORDER_HOLD,
    SHOP_SCOPES,
    World,
    buyer,
    dkk,
    make_event,
    open_world,
    other_organization,
    pay,
    place,
    refused,
    shop_store,
    spec_on_sale,
)
from ticketcore import (
    CapacityError,
    ConflictError,
    Event,
    Money,
    NotFoundError,
    OrderState,
    PermissionDeniedError,
    RoundingMode,
    Store,
    TicketcoreError,
    ValidationError,
    Visibility,
)

# --- creating ------------------------------------------------------------------------------


def test_create_get_and_list(shop: Store, published_event: Event) -> None:
    a = spec_on_sale(shop, published_event.id, "A")
    b = spec_on_sale(shop, published_event.id, "B")
    hidden = spec_on_sale(shop, published_event.id, "Hidden", visibility=Visibility.PRIVATE)
    start, end = CLOCK_START + timedelta(days=1), CLOCK_START + timedelta(days=30)
    early = shop.promo_codes.create(
        published_event.id,
        "EARLY10",
        percent_off=1000,
        usage_limit=100,
        valid_from=start,
        valid_until=end,
        specification_ids=[b.id, a.id],
    )
    assert early.event_id == published_event.id
    assert early.code == "EARLY10"
    assert (early.percent_off, early.amount_off) == (1000, None)
    assert (early.usage_limit, early.uses) == (100, 0)
    assert (early.valid_from, early.valid_until) == (start, end)
    assert early.specification_ids == (a.id, b.id)  # in the order the specs were added
    assert early.unlocks == ()
    assert early.created == CLOCK_START
    fixed = shop.promo_codes.create(published_event.id, "FIFTY", amount_off=5000, unlocks=[hidden.id])
    assert (fixed.percent_off, fixed.amount_off) == (None, dkk(5000))
    assert (fixed.usage_limit, fixed.valid_from, fixed.valid_until) == (None, None, None)
    assert (fixed.specification_ids, fixed.unlocks) == ((), (hidden.id,))
    unlock_only = shop.promo_codes.create(published_event.id, "BACKSTAGE", unlocks=[hidden.id])
    assert (unlock_only.percent_off, unlock_only.amount_off) == (None, None)
    as_money = shop.promo_codes.create(published_event.id, "MONEY", amount_off=Money("12.50", "DKK"))
    assert as_money.amount_off == dkk(1250)
    assert shop.promo_codes.get(early.id) == early
    assert shop.promo_codes.list(published_event.id).nodes == (early, fixed, unlock_only, as_money)
    assert [entry.operation for entry in shop.audit(entity_id=early.id)] == ["promo_code.create"]
    assert shop.promo_codes.list(make_event(shop, name="Other").id).nodes == ()


def test_the_same_code_may_exist_on_another_event(shop: Store, published_event: Event) -> None:
    other = make_event(shop, name="Other")
    first = shop.promo_codes.create(published_event.id, "SUMMER", percent_off=500)
    second = shop.promo_codes.create(other.id, "SUMMER", percent_off=700)
    assert first.id != second.id
    refused(
        shop,
        lambda: shop.promo_codes.create(published_event.id, "SUMMER", amount_off=100),
        ConflictError,
        "promo_code_exists",
        "Promo code 'SUMMER' already exists for this event",
    )


@pytest.mark.parametrize(
    ("code", "options", "error", "message"),
    [
        ("", {"percent_off": 1000}, "invalid_promo_code", "A promo code has 1 to 64 characters"),
        ("X" * 65, {"percent_off": 1000}, "invalid_promo_code", "A promo code has 1 to 64 characters"),
        ("TEN OFF", {"percent_off": 1000}, "invalid_promo_code", "A promo code cannot contain spaces or control characters"),
        ("TEN\tOFF", {"percent_off": 1000}, "invalid_promo_code", "A promo code cannot contain spaces or control characters"),
        ("TEN\x7f", {"percent_off": 1000}, "invalid_promo_code", "A promo code cannot contain spaces or control characters"),
        (
            "BOTH",
            {"percent_off": 1000, "amount_off": 500},
            "conflicting_reductions",
            "A promo code takes a percentage or an amount off, not both",
        ),
        ("ZERO", {"percent_off": 0}, "invalid_rate", "percent_off must be between 1 and 10000 basis points"),
        ("OVER", {"percent_off": 10001}, "invalid_rate", "percent_off must be between 1 and 10000 basis points"),
        ("NOTHING", {"amount_off": 0}, "invalid_amount", "amount_off must be greater than zero"),
        ("MINUS", {"amount_off": -100}, "invalid_amount", "amount_off must be greater than zero"),
        ("EMPTY", {}, "promo_code_without_effect", "A promo code needs a reduction or specifications to unlock"),
        ("LIMIT", {"percent_off": 1000, "usage_limit": -1}, "negative_number", "Usage limit cannot be negative"),
        (
            "WINDOW",
            {"percent_off": 1000, "valid_from": CLOCK_START, "valid_until": CLOCK_START},
            "invalid_validity_window",
            "valid_until must be after valid_from",
        ),
        (
            "BACKWARDS",
            {"percent_off": 1000, "valid_from": CLOCK_START, "valid_until": CLOCK_START - timedelta(seconds=1)},
            "invalid_validity_window",
            "valid_until must be after valid_from",
        ),
        ("EURO", {"amount_off": Money("5.00", "EUR")}, "currency_mismatch", None),
    ],
)
def test_create_validation(
    shop: Store, published_event: Event, code: str, options: dict[str, Any], error: str, message: str | None
) -> None:
    refused(shop, lambda: shop.promo_codes.create(published_event.id, code, **options), ValidationError, error, message)


@pytest.mark.parametrize(
    ("code", "options"),
    [
        ("X" * 64, {"percent_off": 1}),
        ("ÆBLE-2027", {"percent_off": 10000}),
        ("ONE", {"amount_off": 1}),
        ("NEVER", {"percent_off": 1000, "usage_limit": 0}),
        ("WINDOW", {"percent_off": 1000, "valid_from": CLOCK_START, "valid_until": CLOCK_START + timedelta(microseconds=1)}),
    ],
)
def test_create_accepts_the_bounds(shop: Store, published_event: Event, code: str, options: dict[str, Any]) -> None:
    created = shop.promo_codes.create(published_event.id, code, **options)
    assert created.code == code
    assert shop.promo_codes.get(created.id) == created


def test_create_refusals_about_the_event_and_specifications(world: World, shop: Store, published_event: Event) -> None:
    other_event = make_event(shop, name="Other")
    foreign = spec_on_sale(shop, other_event.id)
    completed = make_event(shop, name="Done", published=True)
    shop.events.complete(completed.id)
    codes = shop.promo_codes
    cases: list[tuple[Callable[[], object], type[TicketcoreError], str, str | None]] = [
        (
            lambda: codes.create(published_event.id, "X", percent_off=100, specification_ids=[foreign.id]),
            ValidationError,
            "specification_other_event",
            f"Ticket specification with id: {foreign.id} belongs to another event",
        ),
        (
            lambda: codes.create(published_event.id, "X", unlocks=[foreign.id]),
            ValidationError,
            "specification_other_event",
            None,
        ),
        (
            lambda: codes.create(published_event.id, "X", percent_off=100, specification_ids=["nope"]),
            NotFoundError,
            "specification_not_found",
            "Ticket specification with id: nope not found.",
        ),
        (
            lambda: codes.create("nope", "X", percent_off=100),
            NotFoundError,
            "event_not_found",
            "Event with id: nope not found.",
        ),
        (
            lambda: codes.create(completed.id, "X", percent_off=100),
            ConflictError,
            "event_completed",
            "Cannot add a promo code to an event, which is completed",
        ),
    ]
    for call, error, code, message in cases:
        refused(shop, call, error, code, message)
    with pytest.raises(TypeError):  # a str is not a list of ids
        codes.create(published_event.id, "X", percent_off=100, specification_ids="abc")


def test_promo_codes_need_scopes_and_stay_in_their_organization(world: World, shop: Store, published_event: Event) -> None:
    created = shop.promo_codes.create(published_event.id, "MINE", percent_off=1000)
    seller = shop_store(world, {"events:read", "orders"}, actor_id="till")
    refused(
        shop,
        lambda: seller.promo_codes.create(published_event.id, "X", percent_off=100),
        PermissionDeniedError,
        "missing_scope",
        "Actor 'till' lacks the scope 'events:write'",
    )
    writer = shop_store(world, {"events:write"}, actor_id="writer")
    for call in (lambda: writer.promo_codes.get(created.id), lambda: writer.promo_codes.list(published_event.id)):
        refused(shop, call, PermissionDeniedError, "missing_scope", "Actor 'writer' lacks the scope 'events:read'")
    bob = other_organization(world, scopes=SHOP_SCOPES)
    for call in (
        lambda: bob.promo_codes.get(created.id),
        lambda: bob.promo_codes.list(published_event.id),
        lambda: bob.promo_codes.create(published_event.id, "X", percent_off=100),
    ):
        refused(shop, call, PermissionDeniedError, "other_organization")
    refused(
        shop,
        lambda: shop.promo_codes.get("nope"),
        NotFoundError,
        "promo_code_not_found",
        "Promo code with id: nope not found.",
    )


# --- reductions ----------------------------------------------------------------------------


@pytest.fixture
def two_specs(shop: Store, published_event: Event) -> tuple[str, str]:
    """Spec A at 250.00 and spec B at 100.01, both on sale."""
    a = spec_on_sale(shop, published_event.id, "A", price=25000)
    b = spec_on_sale(shop, published_event.id, "B", price=10001)
    return a.id, b.id


def _lines(shop: Store, order_id: str) -> list[tuple[int, int, int, int]]:
    """(subtotal, discount, vat, total) of each line in minor units."""
    return [
        (line.subtotal.minor, line.discount.minor, line.vat.minor, line.total.minor)
        for line in shop.orders.get(order_id).event_tickets
    ]


def test_a_percentage_off_is_split_over_the_lines_exactly(
    shop: Store, published_event: Event, two_specs: tuple[str, str]
) -> None:
    a, b = two_specs
    shop.promo_codes.create(published_event.id, "TEN", percent_off=1000)
    order = place(shop, published_event.id, [(a, 1), (b, 2)], promo_code="TEN")
    # 10 % of 450.02 is 45.002 -> 45.00, split 25000 : 20002 by largest remainder.
    assert _lines(shop, order.id) == [(25000, 2500, 4500, 22500), (20002, 2000, 3600, 18002)]
    assert order.promo_code == "TEN"
    price = order.price
    assert (price.subtotal, price.discount, price.vat, price.total) == (dkk(45002), dkk(4500), dkk(8100), dkk(40502))


def test_a_fixed_amount_off_is_split_over_the_lines_exactly(
    shop: Store, published_event: Event, two_specs: tuple[str, str]
) -> None:
    a, b = two_specs
    shop.promo_codes.create(published_event.id, "FIFTY", amount_off=5000)
    order = place(shop, published_event.id, [(a, 1), (b, 2)], promo_code="FIFTY")
    assert _lines(shop, order.id) == [(25000, 2778, 4444, 22222), (20002, 2222, 3556, 17780)]
    assert order.price.discount == dkk(5000)
    assert order.total == dkk(40002)


def test_a_fixed_amount_is_capped_at_the_eligible_subtotal(shop: Store) -> None:
    event = make_event(shop, published=True, platform_fee=500, percentage_fee=200)
    a = spec_on_sale(shop, event.id, "A", price=25000)
    b = spec_on_sale(shop, event.id, "B", price=10000)
    shop.promo_codes.create(event.id, "HUGE", amount_off=1_000_000, specification_ids=[a.id])
    order = place(shop, event.id, [(a.id, 2), (b.id, 1)], promo_code="HUGE")
    line_a, line_b = order.event_tickets
    assert (line_a.subtotal, line_a.discount, line_a.vat) == (dkk(50000), dkk(50000), dkk(0))
    # Fees are never discounted: 2 x (5.00 + 2 % of 250.00).
    assert line_a.total == dkk(2000)
    assert (line_b.discount, line_b.vat, line_b.total) == (dkk(0), dkk(2000), dkk(10700))
    assert order.price.discount == dkk(50000)
    assert order.total == dkk(12700)


def test_a_code_limited_to_some_specifications_discounts_only_those(
    shop: Store, published_event: Event, two_specs: tuple[str, str]
) -> None:
    a, b = two_specs
    shop.promo_codes.create(published_event.id, "ONLY-A", percent_off=2000, specification_ids=[a])
    order = place(shop, published_event.id, [(b, 1), (a, 2)], promo_code="ONLY-A")
    assert _lines(shop, order.id) == [(10001, 0, 2000, 10001), (50000, 10000, 8000, 40000)]
    assert order.price.discount == dkk(10000)


def test_a_hundred_percent_leaves_only_the_fees(shop: Store) -> None:
    event = make_event(shop, published=True, platform_fee=500)
    spec = spec_on_sale(shop, event.id)
    shop.promo_codes.create(event.id, "FREE", percent_off=10000)
    order = place(shop, event.id, [(spec.id, 3)], promo_code="FREE")
    assert (order.price.discount, order.price.vat, order.total) == (dkk(75000), dkk(0), dkk(1500))
    assert pay(shop, order).state is OrderState.PAID


@pytest.mark.parametrize(("rounding", "discount"), [(RoundingMode.HALF_UP, 5001), (RoundingMode.HALF_EVEN, 5000)])
def test_a_percentage_rounds_with_the_organizations_mode(location: str, rounding: RoundingMode, discount: int) -> None:
    world = open_world(location, rounding=rounding)
    shop = shop_store(world)
    event = make_event(shop, published=True)
    spec = spec_on_sale(shop, event.id, price=10001)
    shop.promo_codes.create(event.id, "HALF", percent_off=5000)  # 50.005 DKK off
    order = place(shop, event.id, [(spec.id, 1)], promo_code="HALF")
    assert order.price.discount == dkk(discount)
    assert order.total == dkk(10001 - discount)


# --- usage limits --------------------------------------------------------------------------


def test_the_usage_limit_counts_live_orders(world: World, shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id)
    code = shop.promo_codes.create(published_event.id, "TWO", percent_off=1000, usage_limit=2)
    first = place(shop, published_event.id, [(spec.id, 1)], who=buyer("Ann Berg"), promo_code="TWO")
    assert shop.promo_codes.get(code.id).uses == 1
    pay(shop, place(shop, published_event.id, [(spec.id, 1)], who=buyer("Bo Dahl"), promo_code="TWO"))
    assert shop.promo_codes.get(code.id).uses == 2
    refused(
        shop,
        lambda: place(shop, published_event.id, [(spec.id, 1)], who=buyer("Cy Holm"), promo_code="TWO"),
        CapacityError,
        "promo_code_used_up",
        "Promo code 'TWO' has been used up",
    )
    # Orders without the code are not affected.
    place(shop, published_event.id, [(spec.id, 1)], who=buyer("Cy Holm"))
    # Cancelling gives the use back...
    shop.orders.cancel(first.id)
    assert shop.promo_codes.get(code.id).uses == 1
    third = place(shop, published_event.id, [(spec.id, 1)], who=buyer("Cy Holm"), promo_code="TWO")
    assert shop.promo_codes.get(code.id).uses == 2
    # ...and so does expiry.
    world.clock.advance(DEFAULT_ORDER_HOLD)
    assert third.id in shop.orders.expire_due()
    assert shop.promo_codes.get(code.id).uses == 1
    place(shop, published_event.id, [(spec.id, 1)], who=buyer("Di Lund"), promo_code="TWO")
    assert shop.promo_codes.get(code.id).uses == 2


def test_a_usage_limit_of_zero_is_used_up_from_the_start(shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id)
    shop.promo_codes.create(published_event.id, "NEVER", percent_off=1000, usage_limit=0)
    refused(
        shop,
        lambda: place(shop, published_event.id, [(spec.id, 1)], promo_code="NEVER"),
        CapacityError,
        "promo_code_used_up",
    )


def test_the_usage_limit_holds_under_concurrent_orders(file_world: World) -> None:
    shop = shop_store(file_world)
    event = make_event(shop, published=True)
    spec = spec_on_sale(shop, event.id)
    code = shop.promo_codes.create(event.id, "RUSH", percent_off=1000, usage_limit=3)
    threads = 8
    barrier = threading.Barrier(threads)
    outcomes: list[str] = []
    lock = threading.Lock()

    def work(index: int) -> None:
        barrier.wait(timeout=30)
        try:
            place(shop, event.id, [(spec.id, 1)], who=buyer(f"Buyer{index} X"), promo_code="RUSH")
        except CapacityError as error:
            outcome = error.code
        else:
            outcome = "placed"
        with lock:
            outcomes.append(outcome)

    workers = [threading.Thread(target=work, args=(index,)) for index in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert sorted(outcomes) == ["placed"] * 3 + ["promo_code_used_up"] * 5
    assert shop.promo_codes.get(code.id).uses == 3
    assert len(shop.orders.list(event.id).nodes) == 3


def test_a_late_payment_never_takes_a_use_above_the_limit(world: World, shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id)
    code = shop.promo_codes.create(published_event.id, "ONCE", percent_off=1000, usage_limit=1)
    ann = place(shop, published_event.id, [(spec.id, 1)], who=buyer("Ann Berg"), promo_code="ONCE")
    world.clock.advance(DEFAULT_ORDER_HOLD)
    place(shop, published_event.id, [(spec.id, 1)], who=buyer("Bo Dahl"), promo_code="ONCE")
    assert shop.promo_codes.get(code.id).uses == 1
    late = pay(shop, ann, "pi_late")
    assert (late.state, late.paid_without_capacity, late.ticket_ids) == (OrderState.EXPIRED, True, ())
    assert shop.promo_codes.get(code.id).uses == 1
    assert counts(shop, spec.id) == (0, 1, None)


def test_a_code_is_used_even_when_it_discounts_nothing(shop: Store, published_event: Event) -> None:
    a = spec_on_sale(shop, published_event.id, "A")
    b = spec_on_sale(shop, published_event.id, "B")
    code = shop.promo_codes.create(published_event.id, "ONLY-A", percent_off=1000, specification_ids=[a.id], usage_limit=1)
    order = place(shop, published_event.id, [(b.id, 1)], promo_code="ONLY-A")
    assert (order.promo_code, order.price.discount, order.total) == ("ONLY-A", dkk(0), dkk(25000))
    assert shop.promo_codes.get(code.id).uses == 1


def test_codes_are_case_sensitive(shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id)
    shop.promo_codes.create(published_event.id, "Jazz", percent_off=1000)
    shop.promo_codes.create(published_event.id, "JAZZ", percent_off=2000)
    assert place(shop, published_event.id, [(spec.id, 1)], promo_code="JAZZ").price.discount == dkk(5000)
    refused(
        shop,
        lambda: place(shop, published_event.id, [(spec.id, 1)], who=buyer("Kim Lee"), promo_code="jazz"),
        NotFoundError,
        "promo_code_not_found",
        "Promo code 'jazz' not found.",
    )


def test_a_late_payment_takes_its_use_again(world: World, shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id)
    code = shop.promo_codes.create(published_event.id, "FIVE", percent_off=1000, usage_limit=5)
    order = place(shop, published_event.id, [(spec.id, 1)], promo_code="FIVE")
    world.clock.advance(DEFAULT_ORDER_HOLD)
    assert shop.orders.expire_due() == [order.id]
    assert shop.promo_codes.get(code.id).uses == 0
    paid = pay(shop, order)
    assert (paid.state, paid.total) == (OrderState.PAID, dkk(22500))
    assert shop.promo_codes.get(code.id).uses == 1


# --- validity ------------------------------------------------------------------------------


def test_the_validity_window(world: World, shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id)
    start, end = CLOCK_START + timedelta(hours=1), CLOCK_START + timedelta(hours=2)
    shop.promo_codes.create(published_event.id, "EARLY", percent_off=1000, valid_from=start, valid_until=end)
    refused(
        shop,
        lambda: place(shop, published_event.id, [(spec.id, 1)], promo_code="EARLY"),
        ConflictError,
        "promo_code_not_valid_yet",
        "Promo code 'EARLY' is not valid yet",
    )
    world.clock.set(start)
    assert place(shop, published_event.id, [(spec.id, 1)], promo_code="EARLY").price.discount == dkk(2500)
    world.clock.set(end - timedelta(microseconds=1))
    assert place(shop, published_event.id, [(spec.id, 1)], who=buyer("Kim Lee"), promo_code="EARLY").promo_code == "EARLY"
    world.clock.set(end)
    refused(
        shop,
        lambda: place(shop, published_event.id, [(spec.id, 1)], who=buyer("Bo Dahl"), promo_code="EARLY"),
        ConflictError,
        "promo_code_expired",
        "Promo code 'EARLY' has expired",
    )


def test_an_unknown_code_or_one_of_another_event_is_not_found(shop: Store, published_event: Event) -> None:
    spec = spec_on_sale(shop, published_event.id)
    other = make_event(shop, name="Other")
    shop.promo_codes.create(other.id, "ELSEWHERE", percent_off=1000)
    for code in ("NOPE", "ELSEWHERE"):
        refused(
            shop,
            lambda code=code: place(shop, published_event.id, [(spec.id, 1)], promo_code=code),  # type: ignore[misc]
            NotFoundError,
            "promo_code_not_found",
            f"Promo code '{code}' not found.",
        )


# --- unlocking -----------------------------------------------------------------------------


@pytest.mark.parametrize("visibility", [Visibility.PRIVATE, Visibility.INVITE_ONLY])
def test_a_code_unlocks_a_hidden_specification(shop: Store, published_event: Event, visibility: Visibility) -> None:
    hidden = spec_on_sale(shop, published_event.id, "Crew", visibility=visibility, number_of_tickets_for_sale=5)
    public = spec_on_sale(shop, published_event.id, "Public")
    code = shop.promo_codes.create(published_event.id, "CREW", unlocks=[hidden.id])
    order = place(shop, published_event.id, [(hidden.id, 2), (public.id, 1)], promo_code="CREW")
    assert order.state is OrderState.PENDING
    assert order.promo_code == "CREW"
    assert order.price.discount == dkk(0)
    assert order.total == dkk(75000)
    assert shop.promo_codes.get(code.id).uses == 1
    refused(
        shop,
        lambda: place(shop, published_event.id, [(hidden.id, 1)], who=buyer("Kim Lee")),
        PermissionDeniedError,
        "specification_locked",
    )


def test_an_unlocking_code_with_a_reduction(shop: Store, published_event: Event) -> None:
    hidden = spec_on_sale(shop, published_event.id, "Crew", visibility=Visibility.PRIVATE)
    public = spec_on_sale(shop, published_event.id, "Public")
    shop.promo_codes.create(published_event.id, "ALL", percent_off=1000, unlocks=[hidden.id])
    shop.promo_codes.create(published_event.id, "PUBLIC", percent_off=1000, specification_ids=[public.id], unlocks=[hidden.id])
    everything = place(shop, published_event.id, [(hidden.id, 1), (public.id, 1)], promo_code="ALL")
    assert [line.discount for line in everything.event_tickets] == [dkk(2500), dkk(2500)]
    only_public = place(shop, published_event.id, [(hidden.id, 1), (public.id, 1)], who=buyer("Kim Lee"), promo_code="PUBLIC")
    assert [line.discount for line in only_public.event_tickets] == [dkk(0), dkk(2500)]
