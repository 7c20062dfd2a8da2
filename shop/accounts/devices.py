"""Known devices: how the owner of an account still gets in while strangers guess at it.

Failed sign-ins slow the account down for everybody (``throttle``), which would let anyone
keep its owner out by failing on purpose. A browser that has proved it belongs to the owner
(a successful sign-in, or a password reset through the mailed link) gets a signed device
cookie bound to the account's address. Sign-ins from that browser are counted against the
device alone: strangers' failures never lock it, and its own failures grow its own delays
exactly as an unknown browser's would, so a stolen cookie buys no faster guessing.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

COOKIE_NAME = "shop_device"
MAX_AGE = 365 * 24 * 3600
_SALT = "shop.accounts.device"


@dataclass(frozen=True)
class Device:
    device_id: str
    account: str  # a digest of the normalised address the device proved


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def account_digest(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]


def issue(email: str) -> str:
    """A new device token for the owner of ``email`` (already normalised)."""
    return _serializer().dumps({"a": account_digest(email), "d": secrets.token_urlsafe(12)})


def read(token: str | None, email: str) -> Device | None:
    """The device behind ``token`` if it was issued for ``email``; None otherwise."""
    if not token or len(token) > 400:
        return None
    try:
        data = _serializer().loads(token, max_age=MAX_AGE)
    except BadSignature:
        return None
    if not isinstance(data, dict) or data.get("a") != account_digest(email):
        return None
    device_id = data.get("d")
    return Device(device_id, data["a"]) if isinstance(device_id, str) and device_id else None


def set_cookie(response, token: str) -> None:
    config = current_app.config
    response.set_cookie(COOKIE_NAME, token, max_age=MAX_AGE, path="/account/",
                        secure=bool(config.get("SESSION_COOKIE_SECURE")), httponly=True,
                        samesite="Lax")
