"""Server-side sign-in sessions (``UserSession``): started at sign-in, ended at sign-out,
expiring on their own, and rotated each time a remember-me cookie brings one back.

Flask-Login keeps ``user.get_id()`` (``id:version:token``) in the session cookie and in the
remember-me cookie; ``loader`` accepts it only while the row for that token lives. Functions
here add, change or delete rows and flush; the caller commits.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, select

from shop.accounts.models import UserSession
from shop.accounts.throttle import as_utc
from shop.db import utcnow
from shop.extensions import db


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _lifetime(remember: bool) -> timedelta:
    key = "REMEMBER_COOKIE_DURATION" if remember else "PERMANENT_SESSION_LIFETIME"
    value = current_app.config[key]
    return value if isinstance(value, timedelta) else timedelta(seconds=int(value))


def start(user_id: int, *, remember: bool, now: datetime | None = None) -> str:
    """A new session for the user; returns its token (never stored in clear)."""
    now = now or utcnow()
    token = secrets.token_urlsafe(24)
    db.session.add(UserSession(user_id=user_id, token_hash=_digest(token), remember=remember,
                               created_at=now, expires_at=now + _lifetime(remember)))
    db.session.flush()
    return token


def find(user_id: int, token: str, now: datetime | None = None) -> UserSession | None:
    """The live session of ``user_id`` with this token, or None."""
    if not token or len(token) > 100:
        return None
    row = db.session.scalar(select(UserSession).where(
        UserSession.token_hash == _digest(token), UserSession.user_id == user_id))
    if row is None or as_utc(row.expires_at) <= (now or utcnow()):
        return None
    return row


def rotate(row: UserSession, now: datetime | None = None) -> str:
    """A remembered session came back through its cookie: give it a new token and a new
    expiry, so the old cookie value is worth nothing from now on."""
    now = now or utcnow()
    token = secrets.token_urlsafe(24)
    row.token_hash = _digest(token)
    row.expires_at = now + _lifetime(row.remember)
    db.session.flush()
    return token


def end(token: str | None) -> None:
    """Sign one session out."""
    if token:
        db.session.execute(delete(UserSession).where(UserSession.token_hash == _digest(token)))


def end_all(user_id: int) -> None:
    """Sign every session of the user out (password changed or reset, account deleted)."""
    db.session.execute(delete(UserSession).where(UserSession.user_id == user_id))


def prune(now: datetime | None = None) -> int:
    """Delete sessions that have expired (housekeeping; they are refused anyway)."""
    result = db.session.execute(
        delete(UserSession).where(UserSession.expires_at <= (now or utcnow()))
        .execution_options(synchronize_session=False))
    return result.rowcount or 0
