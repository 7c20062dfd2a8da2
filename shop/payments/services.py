"""Payment use cases: start a card or invoice payment, mark an invoice paid, cancel, refund,
and apply what the provider reports to a payment.

Like every service these add and flush; the entry point commits. Calls to the provider go
through a :class:`~shop.payments.gateway.Gateway` passed in, each with an idempotency key
derived from the order (``order-<number>-intent-<attempt>``, ``order-<number>-refund-<n>``),
so a retried request never charges or refunds twice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from shop import status
from shop.db import utcnow
from shop.errors import Conflict, NotFound, ValidationError
from shop.extensions import db
from shop.payments.effects import EffectKind, OrderEffect
from shop.payments.exceptions import PaymentError
from shop.payments.gateway import Gateway
from shop.payments.models import (
    PAID_STATUSES,
    PAYMENT_TRANSITIONS,
    Payment,
    PaymentEvent,
    PaymentMethod,
    PaymentStatus,
    Refund,
)

log = logging.getLogger(__name__)

OPEN_STATUSES = frozenset({PaymentStatus.PENDING, PaymentStatus.FAILED})
PROVIDER_REFUND_REASON = "Refunded at the payment provider"


def intent_key(reference: str, attempt: int) -> str:
    return f"order-{reference}-intent-{attempt}"


def refund_key(reference: str, number: int | str) -> str:
    return f"order-{reference}-refund-{number}"


def change_status(payment: Payment, target: PaymentStatus, *, actor_id: int | None = None,
                  note: str = "") -> PaymentEvent:
    return status.change_status(
        payment, target, table=PAYMENT_TRANSITIONS, actor_id=actor_id, note=note,
        record=lambda change: PaymentEvent(payment_id=payment.id, **change.columns()))


def lock_payment(payment_id: int) -> Payment:
    """The payment, locked for this transaction and read afresh: a row lock on PostgreSQL,
    the write lock on SQLite (a touch of ``updated_at``), so two refunds or a refund and a
    webhook about the same payment take turns."""
    result = db.session.execute(
        update(Payment).where(Payment.id == payment_id).values(updated_at=utcnow()))
    if result.rowcount != 1:
        raise NotFound(f"payment {payment_id}")
    return db.session.execute(
        select(Payment).where(Payment.id == payment_id).with_for_update()
        .execution_options(populate_existing=True)).scalar_one()


# --- card --------------------------------------------------------------------------------

@dataclass(frozen=True)
class CardPaymentStart:
    """What the payment page needs: the payment row and the intent's client secret (None
    when the intent has already succeeded and only the webhook is awaited)."""

    payment: Payment
    client_secret: str | None


def _latest_card_payment(order_id: int) -> Payment | None:
    return db.session.execute(
        select(Payment).where(Payment.order_id == order_id,
                              Payment.method == PaymentMethod.CARD)
        .order_by(Payment.attempt.desc()).limit(1)).scalar_one_or_none()


def start_card_payment(gateway: Gateway, order_id: int, order_number: str, amount_cents: int,
                       currency: str, customer_email: str | None = None) -> CardPaymentStart:
    """Create (or reuse) the card payment of an order and its PaymentIntent.

    A pending or declined payment for the same amount is reused with its intent (the customer
    may try another card on it). Otherwise a new attempt starts, with the key
    ``order-<number>-intent-<attempt>``: if the provider could not be reached, nothing is
    recorded and a retry sends the same key, so the provider never makes two intents for one
    attempt. Raises :class:`GatewayUnavailable`, :class:`PaymentError`, or ``Conflict`` when
    the order is paid already.
    """
    if amount_cents <= 0:
        raise ValidationError("amount", "There is nothing to pay.")
    currency = currency.upper()
    current = _latest_card_payment(order_id)
    if current is not None and current.status in PAID_STATUSES:
        raise Conflict("This order has been paid already.")
    if current is not None and current.status in OPEN_STATUSES:
        same = current.amount_cents == amount_cents and current.currency == currency
        intent = gateway.retrieve_intent(current.provider_intent_id) if same else None
        if intent is not None and intent.status != "canceled":
            return CardPaymentStart(current, None if intent.succeeded else intent.client_secret)
        if intent is None:  # the amount changed: the old intent must not be paid any more
            gateway.cancel(current.provider_intent_id,
                           idempotency_key=f"{intent_key(order_number, current.attempt)}-cancel")
        change_status(current, PaymentStatus.CANCELLED,
                      note="Replaced by a new attempt" if intent is None
                      else "Cancelled at the payment provider")
    attempt = (current.attempt if current is not None else 0) + 1
    intent = gateway.create_intent(order_number, amount_cents, currency,
                                   intent_key(order_number, attempt), customer_email)
    payment = Payment(order_id=order_id, reference=order_number, method=PaymentMethod.CARD,
                      attempt=attempt, amount_cents=amount_cents, currency=currency,
                      status=PaymentStatus.PENDING, provider_intent_id=intent.id)
    try:
        with db.session.begin_nested():
            db.session.add(payment)
    except IntegrityError:  # the same attempt, started by a concurrent request
        existing = db.session.execute(
            select(Payment).where(Payment.order_id == order_id,
                                  Payment.method == PaymentMethod.CARD,
                                  Payment.attempt == attempt)).scalar_one()
        if existing.provider_intent_id != intent.id:
            _cancel_quietly(gateway, intent.id)
            intent = gateway.retrieve_intent(existing.provider_intent_id)
        return CardPaymentStart(existing, intent.client_secret)
    return CardPaymentStart(payment, intent.client_secret)


def _cancel_quietly(gateway: Gateway, intent_id: str) -> None:
    try:
        gateway.cancel(intent_id)
    except PaymentError:
        log.warning("could not cancel surplus payment intent %s", intent_id)


# --- invoice -----------------------------------------------------------------------------

def start_invoice_payment(order_id: int, amount_cents: int, currency: str,
                          reference: str = "") -> Payment:
    """The order's invoice payment (bank transfer or purchase order), pending until staff
    mark it paid. Calling it again for the same order returns the same payment."""
    if amount_cents <= 0:
        raise ValidationError("amount", "There is nothing to pay.")
    existing = db.session.execute(
        select(Payment).where(Payment.order_id == order_id,
                              Payment.method == PaymentMethod.INVOICE)).scalar_one_or_none()
    if existing is not None:
        return existing
    payment = Payment(order_id=order_id, reference=reference, method=PaymentMethod.INVOICE,
                      attempt=1, amount_cents=amount_cents, currency=currency.upper(),
                      status=PaymentStatus.PENDING)
    try:
        with db.session.begin_nested():
            db.session.add(payment)
    except IntegrityError:
        return db.session.execute(
            select(Payment).where(Payment.order_id == order_id,
                                  Payment.method == PaymentMethod.INVOICE)).scalar_one()
    return payment


def mark_invoice_paid(payment: Payment, actor_id: int | None, note: str = "") -> OrderEffect:
    """Staff record that the money arrived; returns the order-level effect to dispatch."""
    if payment.method != PaymentMethod.INVOICE:
        raise Conflict("Only an invoice payment is marked paid by hand.")
    payment = lock_payment(payment.id)
    change_status(payment, PaymentStatus.SUCCEEDED, actor_id=actor_id,
                  note=note.strip() or "Marked paid")
    payment.paid_at = utcnow()
    db.session.flush()
    return OrderEffect(EffectKind.PAYMENT_SUCCEEDED, payment.order_id, payment.id)


def cancel_payment(gateway: Gateway | None, payment: Payment, *, actor_id: int | None = None,
                   note: str = "") -> None:
    """Cancel an unpaid payment (the order was cancelled or its reservation expired); a card
    payment's intent is cancelled at the provider first, so it can no longer be paid."""
    payment = lock_payment(payment.id)
    if payment.status not in OPEN_STATUSES:
        return
    if payment.method == PaymentMethod.CARD and payment.provider_intent_id:
        if gateway is None:
            raise PaymentError("Card payments are not configured; the payment cannot be "
                               "cancelled at the provider.")
        intent = gateway.retrieve_intent(payment.provider_intent_id)
        if intent.succeeded:
            raise Conflict("The card payment has gone through; refund it instead.")
        if intent.status != "canceled":
            gateway.cancel(payment.provider_intent_id,
                           idempotency_key=f"{intent_key(payment.reference, payment.attempt)}"
                                           "-cancel")
    change_status(payment, PaymentStatus.CANCELLED, actor_id=actor_id,
                  note=note or "Cancelled")


# --- refunds -----------------------------------------------------------------------------

def _refunded_total(payment_id: int) -> int:
    return db.session.execute(
        select(func.coalesce(func.sum(Refund.amount_cents), 0))
        .where(Refund.payment_id == payment_id)).scalar_one()


def _refund_count(payment_id: int) -> int:
    return db.session.execute(
        select(func.count()).select_from(Refund).where(Refund.payment_id == payment_id)
    ).scalar_one()


def _settle_refund_status(payment: Payment, *, actor_id: int | None, note: str) -> None:
    """Bring ``refunded_cents`` and the status in line with the refund rows."""
    payment.refunded_cents = min(_refunded_total(payment.id), payment.amount_cents)
    if payment.status not in PAID_STATUSES or payment.refunded_cents == 0:
        return
    target = (PaymentStatus.REFUNDED if payment.refunded_cents >= payment.amount_cents
              else PaymentStatus.PARTIALLY_REFUNDED)
    if payment.status != PaymentStatus.REFUNDED:
        change_status(payment, target, actor_id=actor_id, note=note)


def refund_payment(gateway: Gateway, payment_id: int, amount_cents: int, *,
                   actor_id: int | None, reason: str = "",
                   request_key: str | None = None) -> OrderEffect:
    """Refund part or all of a card payment; never more than was paid minus earlier refunds.

    The cap is checked with the payment locked, so two refunds at once cannot both pass it.
    The provider is called with ``order-<number>-refund-<n>`` (or ``-<request_key>``, the key
    of the form that asked for it): a retry after a lost answer refunds once. Returns the
    order-level effect to dispatch.
    """
    payment = lock_payment(payment_id)
    if payment.method != PaymentMethod.CARD or not payment.provider_intent_id:
        raise Conflict("Only a card payment is refunded through the payment provider.")
    if payment.status not in PAID_STATUSES:
        raise Conflict("Only a payment that went through can be refunded.")
    left = payment.amount_cents - _refunded_total(payment.id)
    if amount_cents <= 0:
        raise ValidationError("amount", "Enter an amount above zero.")
    if amount_cents > left:
        raise ValidationError("amount", "That is more than is left to refund on this payment "
                                        f"({left} of {payment.amount_cents} minor units).")
    number = request_key or _refund_count(payment.id) + 1
    result = gateway.refund(payment.provider_intent_id, amount_cents,
                            refund_key(payment.reference, number), reason=reason)
    refund = Refund(payment_id=payment.id, amount_cents=result.amount_cents,
                    provider_refund_id=result.id, reason=reason.strip()[:300],
                    created_by=actor_id)
    db.session.add(refund)
    db.session.flush()
    _settle_refund_status(payment, actor_id=actor_id, note=f"Refund of {amount_cents}")
    db.session.flush()
    return OrderEffect(EffectKind.REFUND_RECORDED, payment.order_id, payment.id, refund.id)


# --- what the provider reports (called by events.apply_event, payment already locked) -----

def apply_intent_succeeded(payment: Payment) -> list[OrderEffect]:
    """The intent was paid. A late or repeated success changes nothing; refunds reported
    before it (events out of order) are applied now, after the payment."""
    if payment.status not in OPEN_STATUSES:
        return []
    change_status(payment, PaymentStatus.SUCCEEDED, note="Paid by card")
    payment.paid_at = utcnow()
    payment.failure_message = ""
    effects = [OrderEffect(EffectKind.PAYMENT_SUCCEEDED, payment.order_id, payment.id)]
    earlier = db.session.execute(select(Refund.id).where(Refund.payment_id == payment.id)
                                 .order_by(Refund.id)).scalars().all()
    if earlier:
        _settle_refund_status(payment, actor_id=None, note="Refund reported before payment")
        effects += [OrderEffect(EffectKind.REFUND_RECORDED, payment.order_id, payment.id,
                                refund_id) for refund_id in earlier]
    db.session.flush()
    return effects


def apply_intent_failed(payment: Payment, message: str) -> list[OrderEffect]:
    """A payment attempt was declined. After a success (events out of order) it is stale and
    changes nothing."""
    if payment.status not in OPEN_STATUSES:
        return []
    message = (message or "The card payment failed.")[:300]
    change_status(payment, PaymentStatus.FAILED, note=message)
    payment.failure_message = message
    db.session.flush()
    return [OrderEffect(EffectKind.PAYMENT_FAILED, payment.order_id, payment.id,
                        message=message)]


def apply_charge_refunded(payment: Payment, charge: dict) -> list[OrderEffect]:
    """Record the refunds a charge reports that we do not hold yet: each listed refund by its
    id, and any rest of the reported total as one refund. Recorded even before the payment's
    success arrives; the order hears of them once the payment has succeeded."""
    known = set(db.session.execute(
        select(Refund.provider_refund_id).where(Refund.payment_id == payment.id)).scalars())
    new: list[Refund] = []
    listed = (charge.get("refunds") or {}).get("data") or []
    for item in listed:
        refund_id, amount = item.get("id"), int(item.get("amount") or 0)
        if not refund_id or refund_id in known or amount <= 0:
            continue
        reason = ((item.get("metadata") or {}).get("reason") or item.get("reason")
                  or PROVIDER_REFUND_REASON)
        new.append(Refund(payment_id=payment.id, amount_cents=amount,
                          provider_refund_id=refund_id, reason=str(reason)[:300]))
        known.add(refund_id)
    recorded = _refunded_total(payment.id) + sum(r.amount_cents for r in new)
    reported = min(int(charge.get("amount_refunded") or 0), payment.amount_cents)
    if reported > recorded:
        new.append(Refund(payment_id=payment.id, amount_cents=reported - recorded,
                          reason=PROVIDER_REFUND_REASON))
    if not new:
        return []
    cap = payment.amount_cents - _refunded_total(payment.id)
    for refund in new:  # never record more than was paid, whatever a payload says
        refund.amount_cents = min(refund.amount_cents, cap)
        cap -= refund.amount_cents
    new = [refund for refund in new if refund.amount_cents > 0]
    db.session.add_all(new)
    db.session.flush()
    _settle_refund_status(payment, actor_id=None, note="Refund reported by the provider")
    db.session.flush()
    if payment.status not in PAID_STATUSES:
        return []
    return [OrderEffect(EffectKind.REFUND_RECORDED, payment.order_id, payment.id, refund.id)
            for refund in new]
