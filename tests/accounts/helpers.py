"""Helpers shared by the accounts, admin and security tests.

``user`` and ``outbox`` work in the app context the caller holds; ``account``, ``mails`` and
``stored_user`` open a short one of their own, for tests that make requests."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select

from shop.accounts.models import User
from shop.extensions import db
from shop.mail import OutboxMessage
from tests.factories import DEFAULT_PASSWORD, make_user

PASSWORD = DEFAULT_PASSWORD
NEW_PASSWORD = "another fine password 2"


def user(email: str | None = None, **kwargs) -> User:
    """A committed user, visible to the views."""
    u = make_user(email, **kwargs)
    db.session.commit()
    return u


@dataclass(frozen=True)
class Account:
    id: int
    email: str
    role: str
    session_version: int


def account(app, email: str | None = None, **kwargs) -> Account:
    """A committed user, made in an app context of its own."""
    with app.app_context():
        u = user(email, **kwargs)
        return Account(u.id, u.email, u.role, u.session_version)


def stored_user(app, user_id: int) -> User | None:
    """The user as stored now (detached, every column loaded)."""
    with app.app_context():
        return db.session.get(User, user_id)


def login(client, email: str, password: str = PASSWORD, remember: bool = False, **extra):
    data = {"email": email, "password": password, **extra}
    if remember:
        data["remember"] = "y"
    return client.post("/account/login", data=data)


def outbox(to: str | None = None) -> list[OutboxMessage]:
    db.session.expire_all()
    stmt = select(OutboxMessage).order_by(OutboxMessage.id)
    if to:
        stmt = stmt.where(OutboxMessage.to_address == to)
    return list(db.session.scalars(stmt))


def mails(app, to: str | None = None) -> list[OutboxMessage]:
    """The outbox (to one address), read in an app context of its own."""
    with app.app_context():
        return outbox(to)


def link_in(message: OutboxMessage, prefix: str) -> str:
    """The path of the first link in the mail that starts with ``prefix``."""
    match = re.search(r"https?://[^/\s]+(" + re.escape(prefix) + r"[^\s\"<]*)", message.text_body)
    assert match, f"no {prefix} link in: {message.text_body}"
    return match.group(1)


def token_of(path: str) -> str:
    return path.rstrip("/").rsplit("/", 1)[1]
