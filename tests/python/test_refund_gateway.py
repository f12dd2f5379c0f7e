"""ticketcore.refund_with_gateway on both engines: start → gateway adapter → complete or fail, and
every retry with the same idempotency key after a failure between two steps (the adapter raised,
the gateway's answer was lost, the core's completion was lost) ends with one refund at the
gateway and the outcome recorded. The gateway is a fake that fails on demand."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import ticketcore
from helpers import SHOP_SCOPES, World, buyer, counts, outbox_topics, pay, place, shop_store, spec_on_sale
from ticketcore import BuyOrder, Money, RefundResult, RefundState, Store, TicketSpecification, ValidationError


class Lost(Exception):
    """The answer of a call was lost (a timeout, a dropped connection)."""


class FakeGateway:
    """Refunds in memory, idempotent by key as real gateways are. ``refuse`` holds payment
    references it refuses; ``raise_before`` makes the next call raise before it refunds,
    ``raise_after`` after it refunded (its answer lost)."""

    def __init__(self) -> None:
        self.refuse: set[str] = set()
        self.raise_before = False
        self.raise_after = False
        self.answers: dict[str, RefundResult] = {}
        self.calls: list[tuple[str, Money, str]] = []
        self.paid_back: list[Money] = []

    def refund(self, payment_reference: str, amount: Money, *, idempotency_key: str) -> RefundResult:
        self.calls.append((payment_reference, amount, idempotency_key))
        if self.raise_before:
            self.raise_before = False
            raise Lost("the gateway did not answer")
        if idempotency_key not in self.answers:
            if payment_reference in self.refuse:
                self.answers[idempotency_key] = RefundResult.failure("card closed")
            else:
                self.paid_back.append(amount)
                self.answers[idempotency_key] = RefundResult.success(f"re_{len(self.paid_back)}")
        if self.raise_after:
            self.raise_after = False
            raise Lost("the gateway's answer was lost")
        return self.answers[idempotency_key]


@pytest.fixture
def desk(world: World) -> Store:
    return shop_store(world, SHOP_SCOPES | {"refunds"}, actor_id="desk")


@pytest.fixture
def member(desk: Store) -> TicketSpecification:
    from helpers import make_event

    event = make_event(desk, published=True)
    return spec_on_sale(desk, event.id, number_of_tickets_for_sale=10)


def _order(desk: Store, spec: TicketSpecification, reference: str = "pi_1", quantity: int = 2) -> BuyOrder:
    return pay(desk, place(desk, spec.event_id, [(spec.id, quantity)], who=buyer("Alex Reyes")), reference)


def test_a_refund_through_the_gateway_completes(desk: Store, member: TicketSpecification) -> None:
    order = _order(desk, member)
    gateway = FakeGateway()
    refund = ticketcore.refund_with_gateway(desk, gateway, order_id=order.id, idempotency_key="refund-1")
    assert (refund.state, refund.amount, refund.gateway_reference) == (RefundState.REFUNDED, Money("500.00", "DKK"), "re_1")
    assert gateway.calls == [("pi_1", Money("500.00", "DKK"), "refund-1")]
    assert counts(desk, member.id) == (0, 0, 10)
    assert outbox_topics(desk)[-2:] == ["refund.started", "refund.completed"]
    # Called again with the key: the refund as it ended, the gateway not asked again.
    assert ticketcore.refund_with_gateway(desk, gateway, order_id=order.id, idempotency_key="refund-1") == refund
    assert len(gateway.calls) == 1


def test_a_partial_refund_of_one_ticket(desk: Store, member: TicketSpecification) -> None:
    order = _order(desk, member)
    gateway = FakeGateway()
    refund = ticketcore.refund_with_gateway(desk, gateway, ticket_id=order.ticket_ids[1], amount=Money("50.00", "DKK"),
                                            note="goodwill", idempotency_key="refund-2")
    assert (refund.state, refund.amount, refund.ticket_id, refund.note) == (
        RefundState.REFUNDED, Money("50.00", "DKK"), order.ticket_ids[1], "goodwill")
    assert gateway.paid_back == [Money("50.00", "DKK")]


def test_a_refused_refund_fails_and_a_new_key_tries_again(desk: Store, member: TicketSpecification) -> None:
    order = _order(desk, member)
    gateway = FakeGateway()
    gateway.refuse.add("pi_1")
    failed = ticketcore.refund_with_gateway(desk, gateway, order_id=order.id, idempotency_key="refund-3")
    assert (failed.state, failed.failure_reason) == (RefundState.FAILED, "card closed")
    assert not any(desk.tickets.get(t).is_refund_in_progress for t in order.ticket_ids)
    assert counts(desk, member.id) == (2, 0, 8)
    # The same key keeps its outcome: the gateway is not asked again.
    assert ticketcore.refund_with_gateway(desk, gateway, order_id=order.id, idempotency_key="refund-3") == failed
    assert len(gateway.calls) == 1
    gateway.refuse.clear()
    done = ticketcore.refund_with_gateway(desk, gateway, order_id=order.id, idempotency_key="refund-4")
    assert done.state is RefundState.REFUNDED
    assert gateway.paid_back == [Money("500.00", "DKK")]


def test_a_retry_after_the_gateway_did_not_answer_resumes_the_refund(desk: Store, member: TicketSpecification) -> None:
    order = _order(desk, member)
    gateway = FakeGateway()
    gateway.raise_before = True
    with pytest.raises(Lost):
        ticketcore.refund_with_gateway(desk, gateway, order_id=order.id, idempotency_key="refund-5")
    assert all(desk.tickets.get(t).is_refund_in_progress for t in order.ticket_ids)
    refund = ticketcore.refund_with_gateway(desk, gateway, order_id=order.id, idempotency_key="refund-5")
    assert refund.state is RefundState.REFUNDED
    assert gateway.paid_back == [Money("500.00", "DKK")]
    assert [call[2] for call in gateway.calls] == ["refund-5", "refund-5"]


def test_a_retry_after_the_gateways_answer_was_lost_refunds_once(desk: Store, member: TicketSpecification) -> None:
    order = _order(desk, member)
    gateway = FakeGateway()
    gateway.raise_after = True  # the gateway paid the money back, the answer never came
    with pytest.raises(Lost):
        ticketcore.refund_with_gateway(desk, gateway, order_id=order.id, idempotency_key="refund-6")
    assert all(desk.tickets.get(t).is_refund_in_progress for t in order.ticket_ids)
    refund = ticketcore.refund_with_gateway(desk, gateway, order_id=order.id, idempotency_key="refund-6")
    assert (refund.state, refund.gateway_reference) == (RefundState.REFUNDED, "re_1")
    assert gateway.paid_back == [Money("500.00", "DKK")]  # once, though asked twice
    assert counts(desk, member.id) == (0, 0, 10)


def test_a_retry_after_the_completion_was_lost_returns_it(desk: Store, member: TicketSpecification) -> None:
    order = _order(desk, member)
    gateway = FakeGateway()
    # The first run got as far as the core's completion, which committed; its answer was lost
    # (the steps the helper takes, run by hand).
    started = desk.refunds.start(order_id=order.id, idempotency_key="refund-7")
    result = gateway.refund(started.payment_reference or "", started.amount, idempotency_key="refund-7")
    desk.refunds.complete(started.id, gateway_reference=result.reference, idempotency_key="refund-7")
    refund = ticketcore.refund_with_gateway(desk, gateway, order_id=order.id, idempotency_key="refund-7")
    assert (refund.id, refund.state, refund.gateway_reference) == (started.id, RefundState.REFUNDED, "re_1")
    assert len(gateway.calls) == 1  # not asked again


def test_the_helper_refuses_what_it_cannot_use(desk: Store, member: TicketSpecification) -> None:
    order = _order(desk, member)

    class Wrong:
        def refund(self, payment_reference: str, amount: Money, *, idempotency_key: str) -> object:
            return "ok"

    with pytest.raises(TypeError, match="store must be a ticketcore.Store"):
        ticketcore.refund_with_gateway(object(), FakeGateway(), order_id=order.id, idempotency_key="k")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="gateway must have a refund"):
        ticketcore.refund_with_gateway(desk, object(), order_id=order.id, idempotency_key="k")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="idempotency_key must be a str"):
        ticketcore.refund_with_gateway(desk, FakeGateway(), order_id=order.id, idempotency_key=None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="must return a RefundResult"):
        ticketcore.refund_with_gateway(desk, Wrong(), order_id=order.id, idempotency_key="k-wrong")  # type: ignore[arg-type]
    # The refund stays in progress: a retry with a working adapter finishes it.
    assert ticketcore.refund_with_gateway(desk, FakeGateway(), order_id=order.id,
                                          idempotency_key="k-wrong").state is RefundState.REFUNDED
    with pytest.raises(TypeError, match="succeeded must be a bool"):
        RefundResult(1)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="reason must be a str"):
        RefundResult.failure(5)  # type: ignore[arg-type]
    with pytest.raises(ValidationError) as caught:
        RefundResult.success("re\x00")
    assert caught.value.code == "invalid_text"


def test_the_example_refunds_through_a_fake_gateway() -> None:
    example = Path(__file__).resolve().parents[2] / "examples" / "refund_tickets.py"
    result = subprocess.run([sys.executable, str(example)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "sold: 5",
        "Alex's order: REFUNDED 500.00 DKK (2 tickets, gateway re_1)",
        "Jordan's first ticket: REFUNDED 100.00 DKK of the 250.00 DKK refundable (the organization keeps the fees)",
        "Sam's order: FAILED (the card of pi_sam was closed); ticket valid again: True",
        "retried with the same key: FAILED, the gateway asked 3 times in all",
        "Sam's order with a new key: REFUNDED 250.00 DKK",
        "sold: 1",
        "refund activity: 4 ticket(s) refunded or in progress",
        "mail to alex@example.com: refund.completed 500.00 DKK",
        "mail to jordan@example.com: refund.completed 100.00 DKK",
        "mail to sam@example.com: refund.failed 250.00 DKK",
        "mail to sam@example.com: refund.completed 250.00 DKK",
    ]
