"""The one door to Stripe: the only module that imports ``stripe``.

Everything above it speaks in plain values (``IntentResult``, ``RefundResult``,
``GatewayEvent``) and in the exceptions of ``shop.payments.exceptions``. Every call that creates
something carries an idempotency key the caller derives from the order, so a retried request
never charges or refunds twice. Amounts are integer minor units computed by the shop.

Card payments are on only when ``STRIPE_SECRET_KEY``, ``STRIPE_PUBLISHABLE_KEY`` and
``STRIPE_WEBHOOK_SECRET`` are all set. ``STRIPE_API_BASE`` points the client at another
server (a local Stripe stand-in in tests).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import stripe
from flask import Flask, current_app

from shop.payments.exceptions import (
    CardDeclined,
    GatewayUnavailable,
    InvalidWebhook,
    PaymentError,
)

log = logging.getLogger(__name__)

#: Our intents carry this metadata key (the order number), which tells our events from others'.
ORDER_METADATA_KEY = "order_number"

REQUIRED_SETTINGS = ("STRIPE_SECRET_KEY", "STRIPE_PUBLISHABLE_KEY", "STRIPE_WEBHOOK_SECRET")


@dataclass(frozen=True)
class IntentResult:
    """A PaymentIntent as the shop needs it. ``client_secret`` goes to the payment page
    only; the shop does not store it."""

    id: str
    status: str  # the provider's: requires_payment_method, processing, succeeded, canceled …
    amount_cents: int
    currency: str  # upper case, as the shop writes it
    client_secret: str | None = None
    failure_message: str | None = None

    @property
    def succeeded(self) -> bool:
        return self.status == "succeeded"


@dataclass(frozen=True)
class RefundResult:
    id: str
    amount_cents: int
    status: str


@dataclass(frozen=True)
class GatewayEvent:
    """A verified webhook event: its id, type, creation time and the object it is about (a
    plain dict, as the provider sent it)."""

    id: str
    type: str
    created: int
    object: Mapping[str, Any] = field(default_factory=dict)

    @property
    def intent_id(self) -> str | None:
        """The PaymentIntent the event is about (a charge names its intent)."""
        kind = self.object.get("object")
        if kind == "payment_intent":
            return self.object.get("id")
        if kind == "charge":
            return self.object.get("payment_intent")
        return None

    @property
    def order_number(self) -> str | None:
        metadata = self.object.get("metadata") or {}
        return metadata.get(ORDER_METADATA_KEY) if isinstance(metadata, Mapping) else None

    def summary(self) -> str:
        """A short line for the event log (never the whole payload: it holds personal data)."""
        obj = self.object
        parts = [f"{obj.get('object', '?')} {obj.get('id', '?')}"]
        for key in ("amount", "amount_received", "amount_refunded", "currency", "status"):
            if key in obj:
                parts.append(f"{key}={obj[key]}")
        if self.order_number:
            parts.append(f"order={self.order_number}")
        return " ".join(str(p) for p in parts)[:500]


def _error(exc: stripe.StripeError, doing: str) -> PaymentError:
    """Map a provider error onto the shop's hierarchy (and log what the provider said)."""
    if isinstance(exc, stripe.CardError):
        return CardDeclined(exc.user_message or "Your card was declined.",
                            code=exc.code, decline_code=getattr(exc, "decline_code", None))
    if isinstance(exc, stripe.APIConnectionError | stripe.RateLimitError | stripe.APIError):
        log.warning("payment provider unavailable while %s: %s", doing, exc)
        return GatewayUnavailable("The card payment service did not answer. Nothing was "
                                  "charged; please try again in a moment.",
                                  code=exc.code)
    log.error("payment provider refused %s: %s (%s)", doing, exc, type(exc).__name__)
    return PaymentError("The card payment could not be processed. Nothing was charged.",
                        code=exc.code)


def _plain(obj: Any) -> dict[str, Any]:
    return obj.to_dict() if hasattr(obj, "to_dict") else dict(obj)


def _intent(obj: Any) -> IntentResult:
    obj = _plain(obj)
    error = obj.get("last_payment_error") or {}
    return IntentResult(id=obj["id"], status=obj["status"], amount_cents=int(obj["amount"]),
                        currency=str(obj["currency"]).upper(),
                        client_secret=obj.get("client_secret"),
                        failure_message=error.get("message") if error else None)


class Gateway:
    """A Stripe client for one shop configuration."""

    def __init__(self, secret_key: str, *, webhook_secret: str, publishable_key: str = "",
                 api_base: str | None = None, max_network_retries: int = 2,
                 timeout: float = 20.0, webhook_tolerance: int = 300):
        addresses = {"api": api_base.rstrip("/")} if api_base else None
        self.client = stripe.StripeClient(
            secret_key, base_addresses=addresses, max_network_retries=max_network_retries,
            http_client=stripe.RequestsClient(timeout=timeout),
        )
        self.publishable_key = publishable_key
        self.webhook_secret = webhook_secret
        self.webhook_tolerance = webhook_tolerance

    # --- PaymentIntents ----------------------------------------------------------------

    def create_intent(self, order_number: str, amount_cents: int, currency: str,
                      idempotency_key: str, customer_email: str | None = None, *,
                      payment_method: str | None = None, confirm: bool = False,
                      ) -> IntentResult:
        """A PaymentIntent for ``amount_cents`` (computed by the shop) tagged with the order.

        ``payment_method``/``confirm`` pay at once with a known method (staff tools, tests);
        the payment page instead confirms in the browser through the Payment Element.
        """
        if amount_cents <= 0:
            raise ValueError("a payment needs a positive amount")
        metadata = {ORDER_METADATA_KEY: order_number}
        if customer_email:
            metadata["customer_email"] = customer_email
        params: dict[str, Any] = {"amount": int(amount_cents), "currency": currency.lower(),
                                  "metadata": metadata}
        if payment_method:
            params["payment_method"] = payment_method
        if confirm:
            params["confirm"] = True
        try:
            obj = self.client.v1.payment_intents.create(
                params=params, options={"idempotency_key": idempotency_key})
        except stripe.StripeError as exc:
            raise _error(exc, "creating a payment") from exc
        return _intent(obj)

    def retrieve_intent(self, intent_id: str) -> IntentResult:
        try:
            return _intent(self.client.v1.payment_intents.retrieve(intent_id))
        except stripe.StripeError as exc:
            raise _error(exc, "reading a payment") from exc

    def confirm(self, intent_id: str, idempotency_key: str | None = None) -> IntentResult:
        """Confirm an intent that already holds a payment method."""
        options = {"idempotency_key": idempotency_key} if idempotency_key else {}
        try:
            obj = self.client.v1.payment_intents.confirm(intent_id, options=options)
        except stripe.StripeError as exc:
            raise _error(exc, "confirming a payment") from exc
        return _intent(obj)

    def cancel(self, intent_id: str, idempotency_key: str | None = None) -> IntentResult:
        options = {"idempotency_key": idempotency_key} if idempotency_key else {}
        try:
            obj = self.client.v1.payment_intents.cancel(intent_id, options=options)
        except stripe.StripeError as exc:
            raise _error(exc, "cancelling a payment") from exc
        return _intent(obj)

    def refund(self, intent_id: str, amount_cents: int, idempotency_key: str,
               reason: str = "") -> RefundResult:
        """Refund ``amount_cents`` of a succeeded intent (the caller enforces the cap)."""
        if amount_cents <= 0:
            raise ValueError("a refund needs a positive amount")
        params: dict[str, Any] = {"payment_intent": intent_id, "amount": int(amount_cents)}
        if reason:
            params["metadata"] = {"reason": reason[:450]}
        try:
            obj = self.client.v1.refunds.create(
                params=params, options={"idempotency_key": idempotency_key})
        except stripe.StripeError as exc:
            raise _error(exc, "refunding a payment") from exc
        obj = _plain(obj)
        return RefundResult(id=obj["id"], amount_cents=int(obj["amount"]),
                            status=str(obj.get("status") or ""))

    # --- webhooks ----------------------------------------------------------------------

    def parse_webhook(self, raw_body: bytes, signature_header: str | None) -> GatewayEvent:
        """Verify the signature over the raw body (and its age), then read the event.

        Raises :class:`InvalidWebhook` for a missing, wrong or stale signature and for a
        body that is not an event."""
        if not signature_header:
            raise InvalidWebhook("missing signature")
        try:
            payload = raw_body.decode("utf-8")
            stripe.WebhookSignature.verify_header(payload, signature_header,
                                                  self.webhook_secret, self.webhook_tolerance)
            data = json.loads(payload)
        except (stripe.SignatureVerificationError, UnicodeDecodeError, ValueError) as exc:
            raise InvalidWebhook(f"webhook refused: {exc}") from exc
        try:
            obj = data["data"]["object"]
            event = GatewayEvent(id=str(data["id"]), type=str(data["type"]),
                                 created=int(data.get("created") or 0), object=obj)
        except (KeyError, TypeError, ValueError) as exc:
            raise InvalidWebhook("webhook body is not an event") from exc
        if not isinstance(obj, Mapping) or not event.id or not event.type:
            raise InvalidWebhook("webhook body is not an event")
        return event


def card_payments_enabled(config: Mapping[str, Any]) -> bool:
    """Card payments need all three Stripe settings; otherwise invoice is the only method."""
    return all(config.get(name) for name in REQUIRED_SETTINGS)


def gateway_from_config(config: Mapping[str, Any]) -> Gateway | None:
    if not card_payments_enabled(config):
        return None
    return Gateway(
        config["STRIPE_SECRET_KEY"], webhook_secret=config["STRIPE_WEBHOOK_SECRET"],
        publishable_key=config["STRIPE_PUBLISHABLE_KEY"],
        api_base=config.get("STRIPE_API_BASE") or None,
        max_network_retries=int(config.get("STRIPE_NETWORK_RETRIES", 2)),
        timeout=float(config.get("STRIPE_TIMEOUT", 20)),
    )


def current_gateway(app: Flask | None = None) -> Gateway | None:
    """The app's gateway, built on first use (never at import or in the factory); None when
    card payments are off."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    key = "payments_gateway"
    if key not in app.extensions:
        app.extensions[key] = gateway_from_config(app.config)
    return app.extensions[key]
