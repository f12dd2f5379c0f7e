"""Refunds through a payment gateway: the adapter protocol an integrator implements, and the
helper that runs a refund from start to finish, safe to retry.

The core records refunds and never talks to a gateway (docs/refunds.md). A gateway adapter is an
object of the integrator's with one method, ``refund(payment_reference, amount, *,
idempotency_key)``, that asks the gateway (Stripe, PayPal, a terminal's API) to pay ``amount``
back on the payment ``payment_reference`` and says how that went as a :class:`RefundResult`.
:func:`refund_with_gateway` runs ``store.refunds.start`` → the adapter →
``store.refunds.complete`` or ``store.refunds.fail``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from ticketcore import _core
from ticketcore._core import Money, Refund, RefundState, Store


@dataclass(frozen=True)
class RefundResult:
    """What a gateway said of a refund: it paid it back (``succeeded``, with the gateway's own
    ``reference`` of the refund when it gives one) or it refused (with the ``reason``)."""

    succeeded: bool
    reference: str | None = None
    reason: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.succeeded, bool):
            raise TypeError(f"succeeded must be a bool, not {type(self.succeeded).__name__}")
        for name in ("reference", "reason"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, str):
                raise TypeError(f"{name} must be a str or None, not {type(value).__name__}")
            if value is not None:
                _core._check_text(value, name)  # as the core will check it: no NUL, no lone surrogate

    @classmethod
    def success(cls, reference: str | None = None) -> RefundResult:
        """The gateway paid the amount back; ``reference`` is its id of the refund."""
        return cls(True, reference=reference)

    @classmethod
    def failure(cls, reason: str) -> RefundResult:
        """The gateway refused the refund for ``reason`` (shown to staff, kept on the refund)."""
        if not isinstance(reason, str):
            raise TypeError(f"reason must be a str, not {type(reason).__name__}")
        return cls(False, reason=reason)


class RefundGateway(Protocol):
    """A payment gateway adapter: the integrator's object that pays money back.

    ``refund`` must be idempotent by ``idempotency_key`` at the gateway (Stripe's
    ``Idempotency-Key`` header, PayPal's ``PayPal-Request-Id``): asked twice with one key, the
    gateway refunds once and answers the second call with the first result. That is what makes a
    retry after a crash safe. It returns a :class:`RefundResult` for an answer of the gateway
    (paid back, or refused); an exception means no answer (a timeout, a network error), and leaves
    the refund in progress for a retry.
    """

    def refund(self, payment_reference: str, amount: Money, *, idempotency_key: str) -> RefundResult: ...


def refund_with_gateway(
    store: Store,
    gateway: RefundGateway,
    *,
    idempotency_key: str,
    ticket_id: str | None = None,
    order_id: str | None = None,
    amount: Money | int | None = None,
    allow_redeemed: bool = False,
    note: str = "",
) -> Refund:
    """Refunds one ticket (``ticket_id``) or a whole order (``order_id``) through ``gateway``.

    Starts the refund (``store.refunds.start``: the tickets show ``is_refund_in_progress``), asks
    the gateway to pay ``refund.amount`` back on the refund's payment reference, then completes the
    refund (tickets refunded, capacity free again) or fails it (tickets valid again) with what the
    gateway said, and returns the refund as it ends.

    ``idempotency_key`` is required, and is the key of every step: of the core's start, complete
    and fail, and of the gateway call. Calling again with the same key and arguments (after a
    crash, a timeout, an exception of the adapter) resumes where the first call stopped, never
    refunding twice: a refund found in progress asks the gateway again with the same key, which
    answers with its first result; a refund found completed or failed is returned as it is, without
    asking the gateway. To try a failed refund again, use a new key.
    """
    if not isinstance(store, Store):
        raise TypeError(f"store must be a ticketcore.Store, not {type(store).__name__}")
    if not callable(getattr(gateway, "refund", None)):
        raise TypeError(f"gateway must have a refund() method (ticketcore.RefundGateway), not {type(gateway).__name__}")
    if not isinstance(idempotency_key, str):
        raise TypeError(f"idempotency_key must be a str, not {type(idempotency_key).__name__}")
    refund = store.refunds.start(
        ticket_id=ticket_id,
        order_id=order_id,
        amount=amount,
        allow_redeemed=allow_redeemed,
        note=note,
        idempotency_key=idempotency_key,
    )
    if refund.state is not RefundState.IN_PROGRESS:
        return refund  # a retry after the refund closed: its outcome as it was recorded
    result = gateway.refund(refund.payment_reference or "", refund.amount, idempotency_key=idempotency_key)
    if not isinstance(result, RefundResult):
        raise TypeError(f"the gateway's refund() must return a RefundResult, not {type(result).__name__}")
    if result.succeeded:
        return store.refunds.complete(refund.id, gateway_reference=result.reference, idempotency_key=idempotency_key)
    return store.refunds.fail(refund.id, reason=result.reason or "", idempotency_key=idempotency_key)
