"""The one dispatch point for provider events: record the event once, apply it to its
payment, and say which order-level effects are due.

``apply_event`` runs inside the webhook's transaction. The event id is inserted with
"insert or ignore" on its unique column, so a redelivered event (or the same event sent ten
times, even at once) finds its row and changes nothing. Events are applied out-of-order safe:
each applier looks at the payment's current status, never at the order of arrival.
"""

from __future__ import annotations

import logging

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite

from shop.db import utcnow
from shop.extensions import db
from shop.payments import services
from shop.payments.effects import OrderEffect
from shop.payments.exceptions import UnknownPayment
from shop.payments.gateway import GatewayEvent
from shop.payments.models import Payment, WebhookEvent

log = logging.getLogger(__name__)

INTENT_SUCCEEDED = "payment_intent.succeeded"
INTENT_FAILED = "payment_intent.payment_failed"
CHARGE_REFUNDED = "charge.refunded"
HANDLED_TYPES = frozenset({INTENT_SUCCEEDED, INTENT_FAILED, CHARGE_REFUNDED})


def record_event(event: GatewayEvent) -> bool:
    """Store the event's id; False when it was stored before (a redelivery)."""
    insert = (postgresql.insert if db.session.get_bind().dialect.name == "postgresql"
              else sqlite.insert)
    statement = insert(WebhookEvent).values(
        provider_event_id=event.id, type=event.type[:100], received_at=utcnow(),
        summary=event.summary(),
    ).on_conflict_do_nothing(index_elements=["provider_event_id"]).returning(WebhookEvent.id)
    return db.session.execute(statement).first() is not None


def _mark_processed(event: GatewayEvent, note: str = "") -> None:
    values: dict = {"processed_at": utcnow()}
    if note:
        values["summary"] = f"{note}: {event.summary()}"[:1000]
    db.session.execute(update(WebhookEvent)
                       .where(WebhookEvent.provider_event_id == event.id).values(**values))


def apply_event(event: GatewayEvent) -> tuple[OrderEffect, ...]:
    """Apply one verified event; returns the order-level effects now due (none for a
    redelivery, an unknown type, or a change that came too late to matter).

    Raises :class:`UnknownPayment` for an event about one of our intents whose payment row
    is not committed yet; the caller rolls back and asks the provider to send it again.
    """
    if not record_event(event):
        log.info("webhook %s (%s) seen before: ignored", event.id, event.type)
        return ()
    if event.type not in HANDLED_TYPES:
        _mark_processed(event, "ignored")
        return ()
    payment_id = db.session.execute(
        select(Payment.id).where(Payment.provider_intent_id == event.intent_id)
    ).scalar_one_or_none() if event.intent_id else None
    if payment_id is None:
        if event.order_number:
            raise UnknownPayment(f"no payment for intent {event.intent_id} yet")
        _mark_processed(event, "not ours")
        return ()
    payment = services.lock_payment(payment_id)
    if event.type == INTENT_SUCCEEDED:
        received = event.object.get("amount_received")
        if received is not None and int(received) != payment.amount_cents:
            log.error("payment %s: intent %s received %s, the order asked %s", payment.id,
                      event.intent_id, received, payment.amount_cents)
        effects = services.apply_intent_succeeded(payment)
    elif event.type == INTENT_FAILED:
        error = event.object.get("last_payment_error") or {}
        effects = services.apply_intent_failed(payment, str(error.get("message") or ""))
    else:
        effects = services.apply_charge_refunded(payment, dict(event.object))
    _mark_processed(event, "" if effects else "no change")
    return tuple(effects)
