"""Where payments meet orders. Payments sit above orders in the import chain, so they tell
what happened as effects (``shop.payments.hooks``); the checkout, above both, turns them into
order changes and starts card payments and refunds for an order."""

from __future__ import annotations

from flask import Flask

from shop.orders import services as orders
from shop.orders.models import Order, PaymentMethod
from shop.payments import hooks
from shop.payments import queries as payment_queries
from shop.payments import services as payments
from shop.payments.exceptions import PaymentError
from shop.payments.gateway import current_gateway
from shop.payments.models import PaymentStatus


def _succeeded(order_id: int, payment_id: int) -> None:
    orders.payment_succeeded(order_id)


def _failed(order_id: int, payment_id: int, message: str) -> None:
    orders.payment_failed(order_id, message)


def _refunded(order_id: int, refund_id: int) -> None:
    refund = payment_queries.refund_by_id(refund_id)
    order = orders.lock_order(order_id)
    if refund is None or order is None:
        return
    note = f"Card refund of {refund.amount_cents} minor units" + (
        f": {refund.reason}" if refund.reason else ".")
    orders.record_refund(order, refund.amount_cents, refund.created_by, note)


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


def refund_order(order: Order, amount_cents: int, actor_id: int, note: str) -> None:
    """A card order is refunded through the provider (its effect records the refund on the
    order); an order paid by transfer has its refund recorded here."""
    payment = payment_queries.current_payment(order.id)
    if order.payment_method == PaymentMethod.CARD and payment is not None \
            and payment.status in (PaymentStatus.SUCCEEDED, PaymentStatus.PARTIALLY_REFUNDED):
        gateway = current_gateway()
        if gateway is None:
            raise PaymentError("Card payments are not set up, so this card payment cannot be "
                               "refunded here.")
        effect = payments.refund_payment(gateway, payment.id, amount_cents, actor_id=actor_id,
                                         reason=note)
        hooks.dispatch([effect])
        return
    orders.record_refund(order, amount_cents, actor_id, note)
