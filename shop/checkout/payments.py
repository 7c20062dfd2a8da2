"""Where payments meet orders. Payments sit above orders in the import chain, so they tell
what happened as effects (``shop.payments.hooks``); the checkout, above both, turns them into
order changes and starts card payments and refunds for an order."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask

from shop.errors import Conflict
from shop.orders import queries as order_queries
from shop.orders import refunds as order_refunds
from shop.orders import services as orders
from shop.orders.models import (
    ORDER_TRANSITIONS,
    STATUS_TEXT,
    Order,
    OrderRefund,
    OrderStatus,
    PaymentMethod,
    RefundMethod,
)
from shop.orders.refunds import RefundRequest
from shop.payments import hooks
from shop.payments import queries as payment_queries
from shop.payments import services as payments
from shop.payments.exceptions import PaymentError
from shop.payments.gateway import current_gateway
from shop.payments.models import PaymentStatus
from shop.status import allowed


def _succeeded(order_id: int, payment_id: int) -> None:
    orders.payment_succeeded(order_id)


def _failed(order_id: int, payment_id: int, message: str) -> None:
    orders.payment_failed(order_id, message)


def _refunded(order_id: int, refund_id: int) -> None:
    """A card refund went through: one staff made here is recorded on the order as any
    refund; one the provider reports (``charge.refunded``) is applied when the order's status
    allows it, else noted on its timeline (the webhook must not fail on it)."""
    refund = payment_queries.refund_by_id(refund_id)
    order = orders.lock_order(order_id)
    if refund is None or order is None:
        return
    note = f"Card refund of {refund.amount_cents} minor units" + (
        f": {refund.reason}" if refund.reason else ".")
    if refund.created_by is not None:
        orders.record_refund(order, refund.amount_cents, refund.created_by, note)
    else:
        order_refunds.refund_reported(order, refund.amount_cents, note)


def register_order_hooks(app: Flask) -> None:
    hooks.register(app, on_payment_succeeded=_succeeded, on_payment_failed=_failed,
                   on_refund_recorded=_refunded)


def start_card_payment(order: Order) -> payments.CardPaymentStart:
    """The order's card payment and its client secret; raises ``GatewayUnavailable`` when the
    provider cannot be reached (nothing recorded: a retry sends the same key)."""
    gateway = current_gateway()
    if gateway is None:
        raise PaymentError("Card payments are not set up.")
    return payments.start_card_payment(gateway, order.id, order.number, order.total_cents,
                                       order.currency, order.email)


@dataclass(frozen=True)
class RefundDone:
    refund: OrderRefund
    made_now: bool  # False: this form's refund had been made already (sent twice)


def refund_order(order_id: int, request: RefundRequest, *, key: str, actor_id: int,
                 note: str = "", manual: bool = False,
                 expected_cents: int | None = None) -> RefundDone:
    """Refund an order as staff confirmed it: through the payment provider for a card order
    (its effect records the refund on the order), or recorded only (``manual``, and always
    for an order paid by transfer). Never more than was paid less earlier refunds.

    ``key`` comes from the confirmed form: the order is locked first, so the same form sent
    twice (even at once) finds the first one's refund and changes nothing; the provider is
    called with an idempotency key made from it. ``expected_cents`` is the amount staff saw:
    if the order changed since, the refund is refused (``Conflict``) rather than made for
    another amount. Raises ``ValidationError`` for a rule broken, ``Conflict`` when the
    order's status allows no refund, ``PaymentError`` when the provider refuses."""
    order = order_refunds.claim_order(order_id)
    done = order_queries.refund_by_key(key)
    if done is not None:
        return RefundDone(done, False)
    if not order_refunds.refund_open(order):
        raise Conflict(f"{STATUS_TEXT[OrderStatus(order.status)]}: this order cannot be "
                       "refunded now.")
    plan = order_refunds.plan(order, request)
    if expected_cents is not None and plan.amount_cents != expected_cents:
        raise Conflict("The order changed since this refund was worked out: check it again.")
    target = (OrderStatus.REFUNDED if plan.amount_cents == plan.left_cents
              else OrderStatus.PARTIALLY_REFUNDED)
    if not allowed(ORDER_TRANSITIONS, order.status, target):
        raise Conflict(f"{STATUS_TEXT[OrderStatus(order.status)]}: only a refund of "
                       "everything left is possible now.")
    refund_id = None
    by_card = not manual and order.payment_method == PaymentMethod.CARD
    if by_card:
        payment = payment_queries.current_payment(order.id)
        if payment is None or payment.status not in (PaymentStatus.SUCCEEDED,
                                                     PaymentStatus.PARTIALLY_REFUNDED):
            raise Conflict("There is no card payment to refund: record a refund made "
                           "another way instead.")
        gateway = current_gateway()
        if gateway is None:
            raise PaymentError("Card payments are not set up, so this card payment cannot be "
                               "refunded here.")
        effect = payments.refund_payment(gateway, payment.id, plan.amount_cents,
                                         actor_id=actor_id, reason=note, request_key=key)
        hooks.dispatch([effect])
        refund_id = effect.refund_id
    else:
        orders.record_refund(order, plan.amount_cents, actor_id,
                             f"Refund of {plan.amount_cents} minor units recorded (made "
                             "outside the shop)" + (f": {note}" if note else "."))
    refund = order_refunds.record(
        order, plan, key=key, method=RefundMethod.CARD if by_card else RefundMethod.MANUAL,
        actor_id=actor_id, note=note, payment_refund_id=refund_id)
    return RefundDone(refund, True)
