"""The link that opens an order without an account: signed with the app's secret and
bound to the order number, so it works for that order only and cannot be guessed."""

from __future__ import annotations

import hmac

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

SALT = "order-link"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def order_token(number: str) -> str:
    return _serializer().dumps(number)


def token_opens(token: str | None, number: str) -> bool:
    if not token or len(token) > 200:
        return False
    try:
        signed = _serializer().loads(token)
    except BadSignature:
        return False
    return isinstance(signed, str) and hmac.compare_digest(signed, number)
