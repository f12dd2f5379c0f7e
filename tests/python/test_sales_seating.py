"""The box office's seats, volumes and products (seed 001's addSeatToSale,
setSaleVolumeQuantities and non-ticket items) on both engines: held on the one ledger with the
ticket type's quota, given back when the sale is withdrawn or expires, sold when it commits; and
two box offices racing for one seat across threads and processes, first with the seat guard off
(both sell it), then with it on (exactly one does)."""

from __future__ import annotations

import io
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import timedelta

import pytest
from pypdf import PdfReader

from helpers import SHOP_SCOPES, World, counts, make_event, open_world, refused, shop_store, spec_on_sale
from sale_race_workers import race_for_seat, share_barrier
from ticketcore import (
    CapacityError,
    ConflictError,
    Event,
    Money,
    NewSeat,
    NotFoundError,
    Product,
    SaleItemKind,
    SalePaymentType,
    SaleState,
    SeatMap,
    Seat,
    SeatStatus,
    Store,
    TicketSpecification,
    ValidationError,
    Volume,
    ticket_pages,
    tickets_pdf,
)


Pay = SalePaymentType


def dkk(amount: str) -> Money:
    return Money(amount, "DKK")


@dataclass(frozen=True)
class Venue:
    """A published event with a seated type (10 for sale) and a guest type, a seat map with seats
    A-1..A-3 (A-3 for guests only) and a standing volume of 4, and a programme (5 in stock)."""

    desk: Store
    event: Event
    member: TicketSpecification
    guest: TicketSpecification
    seatmap: SeatMap
    seats: list[Seat]
    standing: Volume
    programme: Product

    def seat(self, index: int) -> Seat:
        return self.desk.seatmaps.seat(self.seatmap.id, self.seats[index].id)

    def volume(self) -> Volume:
        return self.desk.seatmaps.volume(self.seatmap.id, self.standing.id)


def build_venue(desk: Store) -> Venue:
    event = make_event(desk, published=True)
    member = spec_on_sale(desk, event.id, "Member", number_of_tickets_for_sale=10)
    guest = spec_on_sale(desk, event.id, "Guest", price=10000)
    seatmap = desk.seatmaps.create(event.id, "Main hall")
    seats = desk.seatmaps.add_seats(seatmap.id, [
        NewSeat("Stalls", "A", "1", "A-1"),
        NewSeat("Stalls", "A", "2", "A-2"),
        NewSeat("Stalls", "A", "3", "A-3", ticket_type_ids=[guest.id]),
    ])
    standing = desk.seatmaps.add_volume(seatmap.id, "Standing", capacity=4)
    programme = desk.products.create("Programme", price=Money("40.00", "DKK"), vat_rate=600, stock=5,
                                     names={"da": "Program"})
    return Venue(desk, event, member, guest, seatmap, seats, standing, programme)


@pytest.fixture
def venue(world: World) -> Venue:
    return build_venue(shop_store(world, SHOP_SCOPES, actor_id="kim"))


def test_a_seat_is_held_by_one_sale_and_sold_when_it_commits(venue: Venue) -> None:
    desk = venue.desk
    sale = desk.sales.add_seat(desk.sales.create().id, seatmap_id=venue.seatmap.id, seat_id=venue.seats[0].id,
                               ticket_type_id=venue.member.id)
    (item,) = sale.items
    assert (item.kind, item.quantity, item.seat_id, item.seat_label, item.seatmap_id) == (
        SaleItemKind.TICKET, 1, venue.seats[0].id, "A-1", venue.seatmap.id)
    assert item.price == dkk("250.00") and item.can_be_removed
    assert venue.seat(0).status is SeatStatus.HELD and counts(desk, venue.member.id) == (0, 1, 9)
    other = desk.sales.create()
    refused(desk, lambda: desk.sales.add_seat(other.id, seatmap_id=venue.seatmap.id, seat_id=venue.seats[0].id,
                                              ticket_type_id=venue.member.id), CapacityError, "seat_taken",
            "Seat A-1 is already taken")
    refused(desk, lambda: desk.sales.add_seat(other.id, seatmap_id=venue.seatmap.id, seat_id=venue.seats[2].id,
                                              ticket_type_id=venue.member.id), ValidationError,
            "seat_not_for_ticket_type")
    refused(desk, lambda: desk.sales.add_seat(other.id, seatmap_id=venue.seatmap.id, seat_id="nope",
                                              ticket_type_id=venue.member.id), NotFoundError, "seat_not_found")
    done = desk.sales.complete(sale.id, Pay.CASH)
    assert venue.seat(0).status is SeatStatus.SOLD and counts(desk, venue.member.id) == (1, 0, 9)
    assert len(done.ticket_ids) == 1 and done.ticket_seats == {done.ticket_ids[0]: "A-1"}
    (printed,) = ticket_pages(desk, list(done.ticket_ids), seats=done.ticket_seats)
    assert printed.seat_label == "A-1"
    text = PdfReader(io.BytesIO(tickets_pdf([printed]))).pages[0].extract_text()
    assert "A-1" in text
    # The refund of a canceled sale frees the seat for the next customer.
    desk.sales.cancel(sale.id)
    assert venue.seat(0).status is SeatStatus.FREE
    again = desk.sales.add_seat(other.id, seatmap_id=venue.seatmap.id, seat_id=venue.seats[0].id,
                                ticket_type_id=venue.member.id)
    assert again.items[0].seat_label == "A-1"


def test_a_removed_withdrawn_or_expired_seat_is_free_again(world: World, venue: Venue) -> None:
    desk = venue.desk
    add = {"seatmap_id": venue.seatmap.id, "seat_id": venue.seats[1].id, "ticket_type_id": venue.member.id}
    sale = desk.sales.add_seat(desk.sales.create().id, **add)
    desk.sales.remove_item(sale.id, sale.items[0].id)
    assert venue.seat(1).status is SeatStatus.FREE
    sale = desk.sales.add_seat(sale.id, **add)
    desk.sales.cancel(sale.id)
    assert venue.seat(1).status is SeatStatus.FREE
    sale = desk.sales.add_seat(desk.sales.create().id, **add)
    world.clock.advance(timedelta(minutes=31))
    # Another sale's change sweeps the expired one first, so the seat is free for it.
    taken = desk.sales.add_seat(desk.sales.create().id, **add)
    assert desk.sales.get(sale.id).state is SaleState.EXPIRED and taken.items[0].seat_label == "A-2"


def test_volume_quantities_never_exceed_the_volume(venue: Venue) -> None:
    desk = venue.desk
    where = {"seatmap_id": venue.seatmap.id, "volume_id": venue.standing.id}
    sale = desk.sales.set_volume_quantities(desk.sales.create().id, **where,
                                            quantities={venue.member.id: 2, venue.guest.id: 1})
    assert [(item.ticket_type_id, item.quantity, item.volume_id) for item in sale.items] == [
        (venue.member.id, 2, venue.standing.id), (venue.guest.id, 1, venue.standing.id)]
    assert (venue.volume().reserved, venue.volume().available) == (3, 1)
    refused(desk, lambda: desk.sales.set_volume_quantities(sale.id, **where, quantities={venue.member.id: 4}),
            CapacityError, "volume_sold_out")
    sale = desk.sales.set_volume_quantities(sale.id, **where, quantities={venue.member.id: 3, venue.guest.id: 0})
    assert [(item.ticket_type_id, item.quantity) for item in sale.items] == [(venue.member.id, 3)]
    assert sale.grand_total == dkk("750.00")
    desk.sales.complete(sale.id, Pay.CARD)
    assert (venue.volume().sold, venue.volume().reserved, venue.volume().available) == (3, 0, 1)
    fresh = desk.sales.create()
    refused(desk, lambda: desk.sales.set_volume_quantities(fresh.id, **where, quantities={venue.member.id: -1}),
            ValidationError, "invalid_quantity")


def test_products_are_items_with_their_own_vat_and_stock(venue: Venue) -> None:
    desk = venue.desk
    sale = desk.sales.set_item_quantity(desk.sales.create().id, {venue.guest.id: 1})
    sale = desk.sales.set_product_quantity(sale.id, {venue.programme.id: 2})
    product = sale.items[1]
    assert (product.kind, product.name("da-DK"), product.quantity, product.unit_price, product.price) == (
        SaleItemKind.PRODUCT, "Program", 2, dkk("40.00"), dkk("80.00"))
    assert (product.vat_rate, product.vat) == (600, dkk("4.53")) and product.event_id is None
    assert [group.event_id for group in sale.item_groups] == [venue.event.id, None]
    assert sale.fee_base_total == dkk("180.00") and sale.number_of_items == 3
    assert desk.products.get(venue.programme.id).reserved == 2
    error = refused(desk, lambda: desk.sales.set_product_quantity(sale.id, {venue.programme.id: 6}), CapacityError,
                    "product_sold_out")
    assert "Programme" in str(error)
    done = desk.sales.complete(sale.id, Pay.CASH)
    stock = desk.products.get(venue.programme.id)
    assert (stock.sold, stock.reserved, stock.available) == (2, 0, 3)
    desk.sales.cancel(done.id)
    stock = desk.products.get(venue.programme.id)
    assert (stock.sold, stock.reserved, stock.available) == (0, 0, 5)
    withdrawn = desk.sales.set_product_quantity(desk.sales.create().id, {venue.programme.id: 5})
    desk.sales.cancel(withdrawn.id)
    assert desk.products.get(venue.programme.id).available == 5
    desk.products.set_active(venue.programme.id, False)
    refused(desk, lambda: desk.sales.set_product_quantity(withdrawn.id, {venue.programme.id: 1}), ConflictError,
            "sale_closed")
    fresh = desk.sales.create()
    refused(desk, lambda: desk.sales.set_product_quantity(fresh.id, {venue.programme.id: 1}), ConflictError,
            "product_inactive")


# --- two box offices racing for one seat, across threads and processes -------------------------

PROCESSES = 2
THREADS = 4


def run_race(path: str, organization_id: str, venue: Venue, guard_disabled: bool) -> tuple[list[str], dict[str, int]]:
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=PROCESSES, mp_context=context, initializer=share_barrier,
                             initargs=(context.Barrier(PROCESSES),)) as pool:
        futures = [pool.submit(race_for_seat, path, organization_id, venue.seatmap.id, venue.seats[0].id,
                               venue.member.id, THREADS, guard_disabled) for _ in range(PROCESSES)]
        results = [future.result(timeout=180) for future in futures]
    won = [sale_id for sales, _ in results for sale_id in sales]
    refusals: dict[str, int] = {}
    for _, codes in results:
        for code, count in codes.items():
            refusals[code] = refusals.get(code, 0) + count
    return won, refusals


@pytest.mark.corrupts_counters
def test_without_the_seat_guard_two_sales_hold_one_seat(shared_location: str) -> None:
    world = open_world(shared_location)
    venue = build_venue(shop_store(world, SHOP_SCOPES, actor_id="kim"))
    won, refusals = run_race(shared_location, world.organization_id, venue, guard_disabled=True)
    assert len(won) >= 2, refusals
    assert [e.entity_type for e in world.platform.check_integrity().over_capacity] == ["seat"]


def test_with_the_seat_guard_exactly_one_sale_gets_the_seat(shared_location: str) -> None:
    world = open_world(shared_location)
    venue = build_venue(shop_store(world, SHOP_SCOPES, actor_id="kim"))
    won, refusals = run_race(shared_location, world.organization_id, venue, guard_disabled=False)
    assert len(won) == 1 and refusals == {"seat_taken": PROCESSES * THREADS - 1}
    (winner,) = won
    assert venue.desk.sales.get(winner).items[0].seat_label == "A-1"
    assert venue.seat(0).status is SeatStatus.HELD
    assert world.platform.check_integrity().ok
