"""Growing delays after failed sign-ins, per account, shared by every worker.

The counters live in the ``login_throttle`` table (the database every worker shares), keyed
on a hash of the address typed in. The first ``LOGIN_FREE_FAILURES`` failures cost nothing;
each further one locks the account for twice as long as the one before (2 s, 4 s, 8 s …, at
most ``LOGIN_MAX_DELAY``). While locked, sign-in is refused without checking the password.
Failures older than ``LOGIN_FAILURE_WINDOW`` are forgotten; a successful sign-in or a password
reset clears the counter. Refused attempts (while locked) are not failures: the delay grows only
from wrong passwords. A browser the owner has proved (``devices``) has a counter of its own, so
strangers cannot keep the owner out. The per-IP and per-account-and-source request limits of
Flask-Limiter sit in front of this (see the sign-in view).
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import case, delete, or_, update
from sqlalchemy.exc import IntegrityError

from shop.accounts.exceptions import AccountLocked
from shop.accounts.models import LoginThrottle
from shop.db import utcnow
from shop.extensions import db


def as_utc(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def throttle_key(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


def device_counter(email: str, device_id: str) -> str:
    """The counter of one known device of an account (see ``shop.accounts.devices``)."""
    return f"{email}\x1fdevice\x1f{device_id}"


def _setting(name: str, default: int) -> int:
    return int(current_app.config.get(name, default))


def delay_after(failures: int, free: int, max_delay: int) -> int:
    """Seconds to wait after ``failures`` consecutive failures."""
    if failures <= free:
        return 0
    return min(2 ** min(failures - free, 30), max_delay)


def check(email: str, now: datetime | None = None) -> None:
    """Raise ``AccountLocked`` while the account must wait."""
    now = now or utcnow()
    row = db.session.get(LoginThrottle, throttle_key(email))
    locked_until = as_utc(row.locked_until) if row else None
    if locked_until and locked_until > now:
        raise AccountLocked(int((locked_until - now).total_seconds() + 0.999))


def record_failure(email: str, now: datetime | None = None) -> int:
    """Count one failure (atomically) and set the lock; return the failure count."""
    now = now or utcnow()
    key = throttle_key(email)
    window = timedelta(seconds=_setting("LOGIN_FAILURE_WINDOW", 3600))
    bump = (
        update(LoginThrottle)
        .where(LoginThrottle.key == key)
        .values(
            failures=case((LoginThrottle.last_failure_at < now - window, 1),
                          else_=LoginThrottle.failures + 1),
            last_failure_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    if db.session.execute(bump).rowcount == 0:
        try:
            with db.session.begin_nested():
                db.session.add(LoginThrottle(key=key, failures=1, last_failure_at=now))
        except IntegrityError:  # another worker inserted it first
            db.session.execute(bump)
    row = db.session.get(LoginThrottle, key, populate_existing=True)
    delay = delay_after(row.failures, _setting("LOGIN_FREE_FAILURES", 4),
                        _setting("LOGIN_MAX_DELAY", 900))
    row.locked_until = now + timedelta(seconds=delay) if delay else None
    db.session.flush()
    return row.failures


def clear(email: str) -> None:
    db.session.execute(delete(LoginThrottle).where(LoginThrottle.key == throttle_key(email)))


def prune(now: datetime | None = None) -> int:
    """Forget counters nobody has touched within the window and that lock nothing now
    (housekeeping): the next failure would have started them again from one anyway."""
    now = now or utcnow()
    window = timedelta(seconds=_setting("LOGIN_FAILURE_WINDOW", 3600))
    result = db.session.execute(
        delete(LoginThrottle).where(
            LoginThrottle.last_failure_at < now - window,
            or_(LoginThrottle.locked_until.is_(None), LoginThrottle.locked_until <= now),
        ).execution_options(synchronize_session=False)
    )
    return result.rowcount or 0
