"""Signed, expiring, single-use links for e-mail verification, password reset and e-mail change.

A token is the signed payload ``{u: user id, e: e-mail it was issued for, j: random id,
t: issued-at, …}``; the salt differs per purpose, so a token of one kind never passes as
another. Expiry is checked against ``now`` (passed in by tests). Single use is recorded in
``account_token_use`` under the token's random id, whose unique index refuses a second use
even when two requests race.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from shop.accounts.exceptions import TokenExpired, TokenInvalid, TokenUsed
from shop.accounts.models import UsedToken
from shop.db import utcnow
from shop.extensions import db

VERIFY = "verify"
RESET = "reset"
EMAIL_CHANGE = "email"
# The supplier programme's links (``shop.suppliers.links``). In these ``u`` names the
# application or the invitation, not a user, and the single use is kept by that row's own
# state (an address confirmed once, an invitation accepted once), not by ``consume``.
SUPPLIER_CONFIRM = "supplier_confirm"  # an application's e-mail address
SUPPLIER_STATUS = "supplier_status"  # an application's status page (used many times)
SUPPLIER_INVITE = "supplier_invite"  # joining a supplier organisation
PURPOSES = (VERIFY, RESET, EMAIL_CHANGE, SUPPLIER_CONFIRM, SUPPLIER_STATUS, SUPPLIER_INVITE)

# Seconds a link stays valid unless the configuration says otherwise.
DEFAULT_MAX_AGE = {VERIFY: 3 * 24 * 3600, RESET: 3600, EMAIL_CHANGE: 24 * 3600,
                   SUPPLIER_CONFIRM: 3 * 24 * 3600, SUPPLIER_STATUS: 30 * 24 * 3600,
                   SUPPLIER_INVITE: 7 * 24 * 3600}
CONFIG_KEYS = {
    VERIFY: "VERIFY_TOKEN_MAX_AGE",
    RESET: "RESET_TOKEN_MAX_AGE",
    EMAIL_CHANGE: "EMAIL_TOKEN_MAX_AGE",
    SUPPLIER_CONFIRM: "SUPPLIER_CONFIRM_TOKEN_MAX_AGE",
    SUPPLIER_STATUS: "SUPPLIER_STATUS_TOKEN_MAX_AGE",
    SUPPLIER_INVITE: "SUPPLIER_INVITE_TOKEN_MAX_AGE",
}
CLOCK_SKEW = 60


@dataclass(frozen=True)
class TokenData:
    purpose: str
    user_id: int
    email: str
    token_id: str
    issued_at: int
    extra: dict = field(default_factory=dict)


def _serializer(purpose: str) -> URLSafeSerializer:
    if purpose not in PURPOSES:
        raise ValueError(f"unknown token purpose {purpose!r}")
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=f"shop.accounts.{purpose}")


def max_age_for(purpose: str) -> int:
    return int(current_app.config.get(CONFIG_KEYS[purpose]) or DEFAULT_MAX_AGE[purpose])


def password_fingerprint(password_hash: str | None) -> str:
    """A short digest of the current hash: a reset link dies once the password changes."""
    return hashlib.sha256((password_hash or "").encode()).hexdigest()[:16]


def make_token(purpose: str, user_id: int, email: str, *, extra: dict | None = None,
               now: float | None = None) -> str:
    payload = {
        "u": user_id,
        "e": email,
        "j": secrets.token_urlsafe(16),
        "t": int(time.time() if now is None else now),
    }
    if extra:
        payload["x"] = extra
    return _serializer(purpose).dumps(payload)


def read_token(token: str, purpose: str, *, max_age: int | None = None,
               now: float | None = None) -> TokenData:
    """Check signature, shape, age and prior use; raise a ``TokenError`` subclass if bad."""
    if not token or len(token) > 2000:
        raise TokenInvalid()
    try:
        payload = _serializer(purpose).loads(token)
    except BadSignature as exc:
        raise TokenInvalid() from exc
    try:
        data = TokenData(
            purpose=purpose,
            user_id=int(payload["u"]),
            email=str(payload["e"]),
            token_id=str(payload["j"]),
            issued_at=int(payload["t"]),
            extra=dict(payload.get("x") or {}),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise TokenInvalid() from exc
    current = time.time() if now is None else now
    limit = max_age_for(purpose) if max_age is None else max_age
    if data.issued_at > current + CLOCK_SKEW:
        raise TokenInvalid()
    if current - data.issued_at > limit:
        raise TokenExpired()
    if is_used(data.token_id):
        raise TokenUsed()
    return data


def is_used(token_id: str) -> bool:
    return db.session.scalar(select(UsedToken.id).where(UsedToken.token_id == token_id)) is not None


def consume(data: TokenData) -> None:
    """Record the token as used; ``TokenUsed`` if another request got there first."""
    try:
        with db.session.begin_nested():
            db.session.add(UsedToken(token_id=data.token_id, purpose=data.purpose,
                                     user_id=data.user_id))
    except IntegrityError as exc:
        raise TokenUsed() from exc


def prune_used(now: datetime | None = None) -> int:
    """Forget use records of links that would now be refused as expired anyway.

    A link was issued no later than ``CLOCK_SKEW`` seconds after its use, so once its
    purpose's lifetime (plus that skew) has passed since the use, age alone refuses it."""
    now = now or utcnow()
    removed = 0
    for purpose in PURPOSES:
        cutoff = now - timedelta(seconds=max_age_for(purpose) + CLOCK_SKEW)
        result = db.session.execute(
            delete(UsedToken).where(UsedToken.purpose == purpose, UsedToken.used_at < cutoff)
            .execution_options(synchronize_session=False)
        )
        removed += result.rowcount or 0
    return removed
