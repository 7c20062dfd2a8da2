"""Reads for payments: an order's payments, what is left to refund, the event log."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from shop.extensions import db
from shop.payments.models import (
    PAID_STATUSES,
    Payment,
    PaymentEvent,
    PaymentMethod,
    Refund,
    WebhookEvent,
)


def payment_by_id(payment_id: int) -> Payment | None:
    return db.session.get(Payment, payment_id)


def payment_for_intent(intent_id: str) -> Payment | None:
    return db.session.execute(
        select(Payment).where(Payment.provider_intent_id == intent_id)).scalar_one_or_none()


def payments_for_order(order_id: int) -> Sequence[Payment]:
    """Every payment of an order, oldest first (card attempts, an invoice)."""
    return db.session.execute(
        select(Payment).where(Payment.order_id == order_id).order_by(Payment.id)).scalars().all()


def current_payment(order_id: int) -> Payment | None:
    """The payment that speaks for the order: a paid one if any, else the latest."""
    payments = payments_for_order(order_id)
    paid = [p for p in payments if p.status in PAID_STATUSES]
    return (paid or list(payments) or [None])[-1]


def invoice_payment(order_id: int) -> Payment | None:
    return db.session.execute(
        select(Payment).where(Payment.order_id == order_id,
                              Payment.method == PaymentMethod.INVOICE)).scalar_one_or_none()


def refunds_for_payment(payment_id: int) -> Sequence[Refund]:
    return db.session.execute(
        select(Refund).where(Refund.payment_id == payment_id).order_by(Refund.id)
    ).scalars().all()


def payment_events(payment_id: int) -> Sequence[PaymentEvent]:
    return db.session.execute(
        select(PaymentEvent).where(PaymentEvent.payment_id == payment_id)
        .order_by(PaymentEvent.id)).scalars().all()


def webhook_event(provider_event_id: str) -> WebhookEvent | None:
    return db.session.execute(
        select(WebhookEvent).where(WebhookEvent.provider_event_id == provider_event_id)
    ).scalar_one_or_none()


def recent_webhook_events(limit: int = 50) -> Sequence[WebhookEvent]:
    return db.session.execute(
        select(WebhookEvent).order_by(WebhookEvent.id.desc()).limit(limit)).scalars().all()


def refund_by_id(refund_id: int) -> Refund | None:
    return db.session.get(Refund, refund_id)
