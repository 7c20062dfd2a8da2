"""What the payment page needs from payments: Stripe's origins in its Content-Security-Policy
(that page only), and the values the card and invoice partials read.

The checkout's payment view is decorated with :func:`allow_stripe`; every other response keeps
the shop's own-origin-only policy.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import wraps
from types import MappingProxyType

from flask import current_app

from shop.payments.gateway import card_payments_enabled
from shop.security import extend_csp

#: Stripe.js: the one external script the shop loads, on the payment page only.
STRIPE_JS_URL = "https://js.stripe.com/v3/"

STRIPE_CSP: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "script-src": ("https://js.stripe.com",),
    "frame-src": ("https://js.stripe.com", "https://hooks.stripe.com"),
    "connect-src": ("https://api.stripe.com",),
})


def stripe_csp() -> Mapping[str, tuple[str, ...]]:
    """The sources the payment page adds to the policy."""
    return STRIPE_CSP


def allow_stripe(view):
    """Let this view's response load Stripe.js and its frames (when card payments are on)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if card_payments_enabled(current_app.config):
            extend_csp(STRIPE_CSP)
        return view(*args, **kwargs)

    return wrapper


def bank_details(config: Mapping | None = None) -> dict[str, str]:
    """The account an invoice is paid into, from configuration (empty values left out)."""
    config = config if config is not None else current_app.config
    fields = {"account_name": "BANK_ACCOUNT_NAME", "iban": "BANK_IBAN", "bic": "BANK_BIC",
              "bank_name": "BANK_NAME"}
    return {key: str(config.get(name) or "").strip() for key, name in fields.items()
            if str(config.get(name) or "").strip()}
