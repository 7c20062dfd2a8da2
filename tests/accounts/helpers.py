"""Helpers shared by the accounts, admin and security tests."""

from __future__ import annotations

import re
from contextlib import contextmanager

import pytest
from flask import g, has_app_context
from flask.testing import FlaskClient
from sqlalchemy import select

from shop.extensions import db, limiter
from shop.mail import OutboxMessage
from tests.factories import DEFAULT_PASSWORD, make_user

PASSWORD = DEFAULT_PASSWORD
NEW_PASSWORD = "another fine password 2"


def user(email: str | None = None, **kwargs):
    """A committed user, visible to the views."""
    u = make_user(email, **kwargs)
    db.session.commit()
    return u


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


def link_in(message: OutboxMessage, prefix: str) -> str:
    """The path of the first link in the mail that starts with ``prefix``."""
    match = re.search(r"https?://[^/\s]+(" + re.escape(prefix) + r"[^\s\"<]*)", message.text_body)
    assert match, f"no {prefix} link in: {message.text_body}"
    return match.group(1)


def token_of(path: str) -> str:
    return path.rstrip("/").rsplit("/", 1)[1]


@contextmanager
def limiter_restored():
    """Flask-Limiter keeps its state on one global object; put it back after a test that
    built an app with limits switched on, so other tests run unlimited."""
    saved = dict(limiter.__dict__)
    saved["_storage_options"] = dict(limiter._storage_options)
    try:
        yield limiter
    finally:
        limiter.__dict__.clear()
        limiter.__dict__.update(saved)


class FreshClient(FlaskClient):
    """A test client whose requests start with an empty ``g``, as on a real server.

    The shared ``ctx`` fixture keeps one application context pushed and Flask reuses it for
    every request, so ``g`` (Flask-Login's signed-in user, Flask-WTF's CSRF token, the request
    id) would leak from one request, or one client, into the next."""

    def open(self, *args, **kwargs):
        if has_app_context():
            g.__dict__.clear()
        return super().open(*args, **kwargs)


@pytest.fixture
def client(ctx):
    return FreshClient(ctx, ctx.response_class, use_cookies=True)


def new_client(app) -> FreshClient:
    return FreshClient(app, app.response_class, use_cookies=True)
