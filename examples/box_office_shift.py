"""A box-office shift: two staff members open the desk, sell tickets (and a programme) paid in
cash, by card, on the POS terminal, by invoice, through a payment link and for free; one sale is
withdrawn and one committed sale is canceled and refunded, and the shift closes with a summary
per payment type and per staff member (docs/box-office.md).

Run:  python examples/box_office_shift.py
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta, timezone

import ticketcore
from ticketcore import Actor, ManualClock, Money, SalePaymentType, SaleState

Pay = SalePaymentType
STAFF_SCOPES = {"events:read", "events:write", "sales"}


def main() -> None:
    clock = ManualClock(datetime(2027, 3, 1, 17, tzinfo=timezone.utc))
    platform = ticketcore.open(":memory:", actor=Actor.platform("ops"), clock=clock)
    club = platform.organizations.create("Vienna Jazz Club", currency="EUR")
    platform.organizations.set_box_office_fee(club.id, fee=Money("1.00", "EUR"), vat_rate=2000)
    kim = platform.acting_as(Actor("kim", club.id, STAFF_SCOPES))
    lee = platform.acting_as(Actor("lee", club.id, STAFF_SCOPES))
    kim.staff.add_user("kim", "Kim Berger")
    till = kim.staff.add_pos_reader("Till 1")
    kim.staff.add_user("lee", "Lee Novak", pos_reader_id=till.id)
    programme = kim.products.create("Programme", price=Money("4.00", "EUR"), vat_rate=1000, stock=50)

    event = kim.events.create("Late Show", time_zone="Europe/Vienna", vat_rate=1000,
                              platform_fee=Money("1.50", "EUR"))
    kim.events.add_date(event.id, datetime(2027, 3, 1, 19, tzinfo=timezone.utc),
                        datetime(2027, 3, 1, 22, tzinfo=timezone.utc))
    kim.events.publish(event.id)
    standing = kim.specifications.add(event.id, "Standing", price=Money("25.00", "EUR"), number_of_tickets_for_sale=100)
    seated = kim.specifications.add(event.id, "Seated", price=Money("40.00", "EUR"), number_of_tickets_for_sale=40)
    guest = kim.specifications.add(event.id, "Guest list", price=0, number_of_tickets_for_sale=20)
    for spec in (standing, seated, guest):
        kim.specifications.set_active(spec.id, True)

    def sell(desk: ticketcore.Store, items: dict[str, int], payment: SalePaymentType,
             customer: dict[str, str] | None = None) -> ticketcore.Sale:
        sale = desk.sales.set_item_quantity(desk.sales.create().id, items)
        if customer:
            sale = desk.sales.apply_customer_data(sale.id, customer)
        clock.advance(timedelta(minutes=3))
        if payment is Pay.POS_TERMINAL:
            staff = desk.staff.user(desk.actor.id)
            assert staff.pos_reader is not None
            started = desk.sales.initiate_pos_payment(sale.id, staff.pos_reader.id)
            return desk.sales.capture_pos_payment(sale.id, started.id).sale
        if payment is Pay.PAYMENT_LINK:
            sale = desk.sales.set_payment_type(sale.id, payment)
            return desk.sales.confirm_payment_link(sale.id, payment_ref="pi_" + sale.number,
                                                   amount=sale.grand_total)
        return desk.sales.complete(sale.id, payment)

    sold = [
        sell(kim, {standing.id: 2}, Pay.CASH),
        sell(lee, {seated.id: 1, standing.id: 1}, Pay.CARD),
        sell(lee, {standing.id: 2}, Pay.POS_TERMINAL),
        sell(kim, {seated.id: 4}, Pay.INVOICE, {
            "first_name": "Jane", "last_name": "Doe", "company": "Doe & Co", "email": "jane@example.com",
            "address.street": "Ring 1", "address.postal_code": "1010", "address.city": "Wien",
            "address.country": "AT"}),
        sell(lee, {standing.id: 3}, Pay.PAYMENT_LINK, {"email": "sam@example.com"}),
    ]
    staff_discount = lee.sales.set_item_quantity(lee.sales.create().id, {seated.id: 2})
    staff_discount = lee.sales.set_product_quantity(staff_discount.id, {programme.id: 2})
    staff_discount = lee.sales.apply_discount(staff_discount.id, percent_off=5000, reason="Musicians' family")
    sold.append(lee.sales.complete(staff_discount.id, Pay.CASH))
    withdrawn = kim.sales.cancel(kim.sales.set_item_quantity(kim.sales.create().id, {standing.id: 5}).id)
    refunded = kim.sales.cancel(sold[0].id)

    for sale in sold:
        print(f"{sale.number} {sale.committer.name if sale.committer else '-'} {sale.payment_type.name if sale.payment_type else '-'}"
              f" {sale.grand_total.amount} {sale.grand_total.currency}: {sale.number_of_items} item(s),"
              f" {len(sale.ticket_ids)} ticket(s)")
    print(f"{withdrawn.number} {withdrawn.state.name}")
    refund = kim.refunds.get(refunded.refund_ids[0])
    print(f"{refunded.number} {refunded.state.name}: refunded {refund.amount.amount} {refund.amount.currency}")

    # The free guest-list sale needs a zero total: no box-office fee for it either.
    platform.organizations.set_box_office_fee(club.id, fee=0)
    free_event = kim.events.create("Open Rehearsal", time_zone="Europe/Vienna")
    kim.events.add_date(free_event.id, datetime(2027, 3, 2, 15, tzinfo=timezone.utc),
                        datetime(2027, 3, 2, 17, tzinfo=timezone.utc))
    kim.events.publish(free_event.id)
    rehearsal = kim.specifications.add(free_event.id, "Rehearsal", price=0)
    kim.specifications.set_active(rehearsal.id, True)
    free = sell(kim, {rehearsal.id: 2}, Pay.FREE)
    print(f"{free.number} {free.payment_type.name if free.payment_type else '-'}: {len(free.ticket_ids)} ticket(s)")

    # Close the shift: every committed sale of the day, paged, summed per payment type and staff.
    by_type: dict[str, Money] = defaultdict(lambda: Money.zero("EUR"))
    by_staff: dict[str, Money] = defaultdict(lambda: Money.zero("EUR"))
    after: str | None = None
    while True:
        page = kim.sales.list(first=2, after=after, states=[SaleState.COMMITTED])
        for sale in page.nodes:
            assert sale.payment_type is not None and sale.committer is not None
            by_type[sale.payment_type.name] += sale.grand_total
            by_staff[sale.committer.name] += sale.grand_total
        if not page.has_next_page:
            break
        after = page.end_cursor
    print("takings by payment type:")
    for name, total in sorted(by_type.items()):
        print(f"  {name:<13}{total.amount:>9} {total.currency}")
    print("takings by staff member:")
    for name, total in sorted(by_staff.items()):
        print(f"  {name:<13}{total.amount:>9} {total.currency}")
    counts = kim.specifications.get(standing.id)
    print(f"standing: {counts.number_of_tickets_sold} sold, {counts.number_of_tickets_reserved} reserved")
    assert platform.check_integrity().ok


if __name__ == "__main__":
    main()
