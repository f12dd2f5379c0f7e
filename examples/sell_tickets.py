"""Sell tickets online: a few buyers place orders, one lets the hold run out, the others pay,
the "tickets issued" e-mails go out through the outbox, and the holders are printed with their
orders and tickets (seed 000's ticketHolders).

Run:  python examples/sell_tickets.py
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import ticketcore
from ticketcore import Actor, BuyerDetails, ManualClock, Money, OrderState


def send_tickets_issued_mail(event: ticketcore.OutboxEvent) -> str:
    """Stands in for the integrator's mailer: returns the line it would send."""
    buyer = event.data.get("buyer", {})
    return f"mail to {buyer.get('email', '?')}: {len(event.data['ticket_ids'])} ticket(s) for order …{event.entity_id[-6:]}"


def main() -> None:
    clock = ManualClock(datetime(2027, 5, 1, 10, 0, tzinfo=timezone.utc))
    platform = ticketcore.open(":memory:", actor=Actor.platform("ops"), clock=clock)
    organization = platform.organizations.create("Copenhagen Jazz Club", currency="DKK")
    staff = platform.acting_as(Actor("anna", organization.id, {"events:read", "events:write"}))
    shop = platform.acting_as(Actor("webshop", organization.id, {"orders", "events:read"}))

    copenhagen = ZoneInfo("Europe/Copenhagen")
    event = staff.events.create("Summer Jazz Nights", time_zone="Europe/Copenhagen",
                                platform_fee=Money("5.00", "DKK"), percentage_fee=250)
    staff.events.add_date(event.id, datetime(2027, 7, 2, 19, tzinfo=copenhagen), datetime(2027, 7, 2, 23, tzinfo=copenhagen))
    member = staff.specifications.add(event.id, "Member ticket", price=25000, capacity=100,
                                      maximum_number_of_tickets_per_user=4)
    guest = staff.specifications.add(event.id, "Guest ticket", price=35000, capacity=50)
    for spec in (member, guest):
        staff.specifications.set_active(spec.id, True)
    staff.events.publish(event.id)
    staff.promo_codes.create(event.id, "EARLY10", percent_off=1000, usage_limit=100)

    alex = shop.orders.place(event.id, buyer=BuyerDetails("Alex Reyes", "alex@example.com"),
                             items=[(member.id, 2), (guest.id, 1)], promo_code="EARLY10", payment_gateway="stripe")
    kim = shop.orders.place(event.id, buyer=BuyerDetails("Jordan Kim", "jordan@example.com", user_id="user-42"),
                            items=[(guest.id, 2)], payment_gateway="paypal")
    sam = shop.orders.place(event.id, buyer=BuyerDetails("Sam Berg", "sam@example.com"), items=[(member.id, 1)])
    print(f"Alex's order: {alex.state.name}, total {alex.total} "
          f"(subtotal {alex.price.subtotal}, discount {alex.price.discount}, fees "
          f"{alex.price.platform_fee + alex.price.percentage_fee}, VAT included {alex.price.vat})")

    clock.advance(timedelta(minutes=5))
    shop.orders.confirm_payment(alex.id, payment_ref="pi_alex", gateway="stripe", amount=alex.total)
    shop.orders.confirm_payment(kim.id, payment_ref="pp_kim", gateway="paypal", amount=kim.total)
    clock.advance(timedelta(minutes=11))          # Sam's 15-minute hold runs out
    print(f"expired by the sweep: {len(shop.orders.expire_due())} order(s); Sam's order is "
          f"{shop.orders.get(sam.id).state.name}")

    for event_row in shop.outbox.pending():
        if event_row.topic == "tickets.issued":
            print(send_tickets_issued_mail(event_row))
        shop.outbox.acknowledge(event_row.sequence)

    for spec in staff.specifications.list(event.id):
        print(f"{spec.name}: {spec.number_of_tickets_sold} sold, {spec.number_of_tickets_reserved} reserved, "
              f"{spec.available} available")

    page = staff.tickets.holders(event.id, first=20)
    print(f"ticket holders: {page.total_count}")
    for holder in page.nodes:
        paid = [order for order in holder.buy_orders if order.state is OrderState.PAID]
        print(f"  {holder.user.name} <{holder.user.email}>: {len(holder.tickets)} ticket(s), "
              f"{len(paid)} paid order(s) totalling {sum((o.total for o in paid), Money.zero('DKK'))}")
    assert staff.check_integrity().ok


if __name__ == "__main__":
    main()
