"""What can go wrong with a payment, in the shop's words rather than the provider's.

The gateway maps every provider error onto this small hierarchy, so nothing above it ever
sees a ``stripe`` exception:

    PaymentError             any failure talking to the payment provider
    ├── GatewayUnavailable   the provider could not be reached or answered with its own fault;
    │                        nothing was charged, the same call may be retried (same key)
    ├── CardDeclined         the card was refused; the customer may try another card
    └── InvalidWebhook       a webhook whose signature (or body) does not check out
"""

from __future__ import annotations

from shop.errors import DomainError


class PaymentError(DomainError):
    """A payment could not be made or changed; ``message`` is written for people."""

    def __init__(self, message: str, *, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.code = code


class GatewayUnavailable(PaymentError):
    """The payment provider did not answer (network, timeout, its own 5xx or rate limit)."""


class CardDeclined(PaymentError):
    """The card was refused; ``decline_code`` carries the provider's reason when given."""

    def __init__(self, message: str, *, code: str | None = None,
                 decline_code: str | None = None):
        super().__init__(message, code=code)
        self.decline_code = decline_code


class InvalidWebhook(PaymentError):
    """A webhook whose signature is missing, wrong or stale, or whose body is not an event."""


class UnknownPayment(PaymentError):
    """A webhook names one of our intents that no payment row holds yet (its transaction has
    not committed): the provider should deliver it again later."""
