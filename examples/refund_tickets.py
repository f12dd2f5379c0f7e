"""Refund tickets through a payment gateway: a buyer's whole order, one ticket of another order
for part of its price, and a refund the gateway refuses, then retried. The gateway here is a
stand-in that refunds in memory and refuses on demand; an integrator's adapter calls Stripe,
PayPal or a terminal's API the same way (docs/refunds.md).

Run:  python examples/refund_tickets.py
"""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import ticketcore
from ticketcore import Actor, BuyerDetails, ManualClock, Money, RefundResult


class FakeGateway:
    """A gateway adapter (ticketcore.RefundGateway) that keeps its refunds in memory. Asked twice
    with one idempotency key, it answers the first result again, as real gateways do; payments
    named in ``refuse`` are refused with a reason."""

    def __init__(self) -> None:
        self.refuse: set[str] = set()
        self.refunded: dict[str, RefundResult] = {}

    def refund(self, payment_reference: str, amount: Money, *, idempotency_key: str) -> RefundResult:
        if idempotency_key in self.refunded:
            return self.refunded[idempotency_key]
        if payment_reference in self.refuse:
            result = RefundResult.failure(f"the card of {payment_reference} was closed")
        else:
            result = RefundResult.success(f"re_{len(self.refunded) + 1}")
        self.refunded[idempotency_key] = result
        return result


def main() -> None:
    clock = ManualClock(datetime(2027, 5, 1, 10, 0, tzinfo=timezone.utc))
    platform = ticketcore.open(":memory:", actor=Actor.platform("ops"), clock=clock)
    organization = platform.organizations.create("Copenhagen Jazz Club", currency="DKK")
    staff = platform.acting_as(Actor("anna", organization.id, {"events:read", "events:write"}))
    shop = platform.acting_as(Actor("webshop", organization.id, {"orders", "events:read"}))
    desk = platform.acting_as(Actor("refund-desk", organization.id, {"refunds", "events:read"}))

    copenhagen = ZoneInfo("Europe/Copenhagen")
    event = staff.events.create("Summer Jazz Nights", time_zone="Europe/Copenhagen",
                                platform_fee=Money("5.00", "DKK"), percentage_fee=250)
    staff.events.add_date(event.id, datetime(2027, 7, 2, 19, tzinfo=copenhagen), datetime(2027, 7, 2, 23, tzinfo=copenhagen))
    member = staff.specifications.add(event.id, "Member ticket", price=25000, capacity=100)
    staff.specifications.set_active(member.id, True)
    staff.events.publish(event.id)

    orders = {}
    for name, reference, quantity in (("Alex", "pi_alex", 2), ("Jordan", "pi_jordan", 2), ("Sam", "pi_sam", 1)):
        placed = shop.orders.place(event.id, buyer=BuyerDetails(name, f"{name.lower()}@example.com"),
                                   items=[(member.id, quantity)], payment_gateway="stripe")
        orders[name] = shop.orders.confirm_payment(placed.id, payment_ref=reference, gateway="stripe",
                                                   amount=placed.total)
    print(f"sold: {staff.specifications.get(member.id).number_of_tickets_sold}")

    gateway = FakeGateway()
    alex = ticketcore.refund_with_gateway(desk, gateway, order_id=orders["Alex"].id, idempotency_key="refund-alex")
    print(f"Alex's order: {alex.state.name} {alex.amount} ({len(alex.tickets)} tickets, gateway {alex.gateway_reference})")

    jordan = ticketcore.refund_with_gateway(desk, gateway, ticket_id=orders["Jordan"].ticket_ids[0],
                                            amount=Money("100.00", "DKK"), idempotency_key="refund-jordan-1")
    print(f"Jordan's first ticket: {jordan.state.name} {jordan.amount} of the 250.00 DKK refundable "
          f"(the organization keeps the fees)")

    gateway.refuse.add("pi_sam")
    sam = ticketcore.refund_with_gateway(desk, gateway, order_id=orders["Sam"].id, idempotency_key="refund-sam-1")
    print(f"Sam's order: {sam.state.name} ({sam.failure_reason}); ticket valid again: "
          f"{not desk.tickets.get(orders['Sam'].ticket_ids[0]).is_refund_in_progress}")
    again = ticketcore.refund_with_gateway(desk, gateway, order_id=orders["Sam"].id, idempotency_key="refund-sam-1")
    print(f"retried with the same key: {again.state.name}, the gateway asked {len(gateway.refunded)} times in all")
    gateway.refuse.clear()
    sam = ticketcore.refund_with_gateway(desk, gateway, order_id=orders["Sam"].id, idempotency_key="refund-sam-2")
    print(f"Sam's order with a new key: {sam.state.name} {sam.amount}")

    print(f"sold: {staff.specifications.get(member.id).number_of_tickets_sold}")
    activity = desk.refunds.activity(event.id)
    print(f"refund activity: {len(activity.nodes)} ticket(s) refunded or in progress")
    for outbox_event in desk.outbox.pending():
        if outbox_event.topic in ("refund.completed", "refund.failed"):
            print(f"mail to {outbox_event.data['buyer']['email']}: {outbox_event.topic} "
                  f"{Money.from_minor(outbox_event.data['amount']['minor'], 'DKK')}")
    assert staff.check_integrity().ok


if __name__ == "__main__":
    main()
