"""``POST /payments/stripe/webhook``: the only view that marks an order paid, and the only
one exempt from CSRF (it is authenticated by the provider's signature over the raw body).

It answers fast: verify, record the event once, apply it to its payment and order in one
transaction, commit, 200. A bad or missing signature is a 400 and changes nothing; an event
type we do not handle is recorded and answered 200; a redelivery is a 200 that does nothing.
"""

from __future__ import annotations

import logging

from flask import abort, jsonify, request

from shop.extensions import csrf, db
from shop.input_rules import body_limit
from shop.payments import hooks
from shop.payments.blueprint import bp
from shop.payments.events import apply_event
from shop.payments.exceptions import InvalidWebhook, UnknownPayment
from shop.payments.gateway import current_gateway

log = logging.getLogger(__name__)

MAX_EVENT_BYTES = 1024 * 1024  # Stripe's events are a few kilobytes


@bp.post("/stripe/webhook")
@csrf.exempt
@body_limit(MAX_EVENT_BYTES)  # larger bodies answer 413 unread (shop.input_rules)
def stripe_webhook():
    gateway = current_gateway()
    if gateway is None:  # card payments are off: there is no webhook to answer
        abort(404)
    raw = request.get_data(cache=False)  # the exact bytes the signature covers
    try:
        event = gateway.parse_webhook(raw, request.headers.get("Stripe-Signature"))
    except InvalidWebhook as exc:
        log.warning("stripe webhook refused: %s", exc)
        return jsonify(error="invalid signature"), 400
    try:
        effects = apply_event(event)
        hooks.dispatch(effects)
        db.session.commit()
    except UnknownPayment as exc:
        db.session.rollback()
        log.info("stripe webhook %s (%s) early: %s; asking for redelivery", event.id,
                 event.type, exc)
        return jsonify(error="payment not recorded yet, send again"), 503
    except Exception:
        db.session.rollback()
        raise
    return jsonify(received=True, effects=len(effects)), 200
