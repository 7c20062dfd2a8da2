"""Signing out ends the session on the server: copies of the session cookie and of the
remember-me cookie stop working. Remember-me tokens differ at every sign-in, rotate each
time they bring a session back, and expire on the server."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from shop.accounts.models import UserSession
from shop.db import utcnow
from shop.extensions import db
from tests.accounts.helpers import account, login

REMEMBER = "remember_token"


def _copy(app, cookies: dict):
    """A browser holding copies of someone's cookies."""
    thief = app.test_client()
    for name, value in cookies.items():
        if value is not None:
            thief.set_cookie(name, value)
    return thief


def _cookies(client, *names) -> dict:
    return {name: (c.value if (c := client.get_cookie(name)) else None) for name in names}


def _signed_in(client) -> bool:
    return client.get("/account/profile").status_code == 200


def test_sign_out_ends_the_session_for_every_copy_of_its_cookies(app, client):
    account(app, "out@example.com")
    assert login(client, "out@example.com", remember=True).status_code == 302
    stolen = _cookies(client, "session", REMEMBER)
    assert all(stolen.values())
    assert _signed_in(_copy(app, stolen))
    assert client.post("/account/logout").status_code == 302
    assert not _signed_in(client)
    assert not _signed_in(_copy(app, {"session": stolen["session"]}))
    assert not _signed_in(_copy(app, {REMEMBER: stolen[REMEMBER]}))
    with app.app_context():
        assert db.session.query(UserSession).count() == 0


def test_remember_tokens_differ_at_every_sign_in(app, client):
    account(app, "twice@example.com")
    tokens = set()
    for _ in range(2):
        browser = app.test_client()
        assert login(browser, "twice@example.com", remember=True).status_code == 302
        tokens.add(_cookies(browser, REMEMBER)[REMEMBER])
    assert len(tokens) == 2 and None not in tokens


def test_a_remember_cookie_rotates_when_it_brings_a_session_back(app, client):
    account(app, "rot@example.com")
    assert login(client, "rot@example.com", remember=True).status_code == 302
    first = _cookies(client, REMEMBER)[REMEMBER]
    later = _copy(app, {REMEMBER: first})  # the browser restarted: only the cookie is left
    assert _signed_in(later)
    second = _cookies(later, REMEMBER)[REMEMBER]
    assert second and second != first
    assert _signed_in(later)
    assert not _signed_in(_copy(app, {REMEMBER: first}))  # the old value is worth nothing
    assert _signed_in(_copy(app, {REMEMBER: second}))


def test_sessions_expire_on_the_server(app, client):
    account(app, "old@example.com")
    assert login(client, "old@example.com", remember=True).status_code == 302
    cookies = _cookies(client, "session", REMEMBER)
    with app.app_context():
        row = db.session.query(UserSession).one()
        assert row.remember and row.expires_at.replace(tzinfo=None) > (
            utcnow() + timedelta(days=29)).replace(tzinfo=None)
        db.session.execute(update(UserSession).values(expires_at=utcnow() - timedelta(1)))
        db.session.commit()
    assert not _signed_in(client)
    assert not _signed_in(_copy(app, cookies))


def test_a_plain_session_lives_no_longer_than_its_lifetime(app, client):
    account(app, "plain@example.com")
    assert login(client, "plain@example.com").status_code == 302
    with app.app_context():
        row = db.session.query(UserSession).one()
        lifetime = app.config["PERMANENT_SESSION_LIFETIME"]
        assert not row.remember
        assert abs((row.expires_at - row.created_at) - lifetime) < timedelta(seconds=1)


def test_session_cookies_follow_a_new_secret_key_and_its_fallbacks():
    """The session's signing serializer is made once per key set (``CookieSessions``): a
    new key signs from the next request on, and a cookie signed with a key listed in
    ``SECRET_KEY_FALLBACKS`` still opens."""
    from flask import session

    from tests.harness import make_test_app

    app = make_test_app("sqlite://")
    client = app.test_client()

    @app.get("/_test/session-write")
    def _write():
        session["note"] = "kept"
        return "ok"

    @app.get("/_test/session-read")
    def _read():
        return session.get("note", "none")

    old_key = app.secret_key
    client.get("/_test/session-write")
    assert client.get("/_test/session-read").text == "kept"
    app.secret_key = "another-key-for-this-test"
    assert client.get("/_test/session-read").text == "none"  # the old key no longer opens
    app.config["SECRET_KEY_FALLBACKS"] = [old_key]
    assert client.get("/_test/session-read").text == "kept"
