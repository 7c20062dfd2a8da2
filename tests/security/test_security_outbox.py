"""Links that carry a secret never reach anyone but their recipient: in production the
outbox (its rows, its pages for every role, the log) withholds them, and production refuses
to start with no way to deliver mail unless the outbox is asked for."""

from __future__ import annotations

import logging
import re

import pytest
from sqlalchemy import select

from shop import create_app
from shop.accounts.models import Role
from shop.config import ConfigError, ProductionConfig
from shop.extensions import db
from shop.mail import SECRET_LINK_ENDPOINTS, WITHHELD, OutboxMessage
from tests.accounts.helpers import PASSWORD, account, mails, user
from tests.harness import rate_limiter_restored
from tests.security.production import https_client, production_app, set_env

TOKEN_LINK = re.compile(r"/account/(reset|verify|email/confirm)/[A-Za-z0-9._-]{20,}")


@pytest.fixture(scope="module")
def prod_url(database_factory):
    return database_factory("prod_outbox")


def _sign_in(client, email):
    r = client.post("/account/login", data={"email": email, "password": PASSWORD})
    assert r.status_code == 302, r.text


def test_staff_cannot_read_an_admins_reset_link(monkeypatch, prod_url, caplog):
    with production_app(monkeypatch, prod_url) as app:
        with app.app_context():
            user("boss@example.com", role=Role.ADMIN)
            user("clerk@example.com", role=Role.STAFF)
        stranger = https_client(app)
        with caplog.at_level(logging.INFO, logger="shop.mail"):
            assert stranger.post("/account/reset",
                                 data={"email": "boss@example.com"}).status_code == 302
            assert stranger.post("/account/register", data={
                "email": "new@example.com", "password": "a brand new password 9",
                "confirm": "a brand new password 9"}).status_code == 302
        with app.app_context():
            rows = list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
        assert [r.to_address for r in rows] == ["boss@example.com", "new@example.com"]
        for row in rows:
            assert WITHHELD in row.text_body and WITHHELD in row.html_body
            assert not TOKEN_LINK.search(row.text_body + row.html_body)
        assert not TOKEN_LINK.search(caplog.text)
        for email in ("clerk@example.com", "boss@example.com"):  # every role
            client = https_client(app)
            _sign_in(client, email)
            for row in rows:
                page = client.get(f"/admin/outbox/{row.id}")
                assert page.status_code == 200
                assert not TOKEN_LINK.search(page.text) and "withheld" in page.text
            assert "withheld" in client.get("/admin/outbox").text


def test_outbox_pages_withhold_links_stored_before(monkeypatch, prod_url):
    """A row kept from before (with the link in it) is still shown redacted."""
    with production_app(monkeypatch, prod_url) as app:
        with app.app_context():
            user("clerk@example.com", role=Role.STAFF)
            row = OutboxMessage(to_address="a@example.com", from_address="shop@localhost",
                                subject="Reset", html_body=None,
                                text_body="Go to https://shop.example/account/reset/"
                                          "abcdefghijklmnopqrstuvwxyz0123 now")
            db.session.add(row)
            db.session.commit()
            row_id = row.id
        client = https_client(app)
        _sign_in(client, "clerk@example.com")
        page = client.get(f"/admin/outbox/{row_id}").text
        assert "abcdefghijklmnopqrstuvwxyz0123" not in page and WITHHELD in page


def test_development_and_testing_show_links_whole(app, client):
    """Where the outbox is how a developer follows a flow, links stay whole."""
    account(app, "dev@example.com")
    client.post("/account/reset", data={"email": "dev@example.com"})
    [row] = mails(app)
    assert TOKEN_LINK.search(row.text_body)


def test_production_refuses_to_start_without_a_way_to_deliver_mail(monkeypatch, prod_url):
    set_env(monkeypatch, prod_url, MAIL_OUTBOX=None)
    with pytest.raises(ConfigError, match="MAIL_SERVER"), rate_limiter_restored():
        create_app(ProductionConfig)
    set_env(monkeypatch, prod_url, MAIL_OUTBOX="0")
    with pytest.raises(ConfigError, match="MAIL_SERVER"), rate_limiter_restored():
        create_app(ProductionConfig)
    for env in ({"MAIL_OUTBOX": None, "MAIL_SERVER": "smtp.example"}, {"MAIL_OUTBOX": "1"}):
        set_env(monkeypatch, prod_url, **env)
        with rate_limiter_restored():
            app = create_app(ProductionConfig)
        assert app.config["OUTBOX_SHOWS_SECRETS"] is False


def test_every_link_with_a_secret_is_declared(app):
    """A route that takes a token, key or secret in its address must be declared with
    ``shop.mail.secret_links`` so the outbox withholds it (checkout's guest links and
    supplier invitations included, when they arrive)."""
    secretive = re.compile(r"token|key|secret|code|invite", re.I)
    undeclared = sorted(
        rule.endpoint for rule in app.url_map.iter_rules()
        if any(secretive.search(arg) for arg in rule.arguments)
        and rule.endpoint not in SECRET_LINK_ENDPOINTS
    )
    assert not undeclared, f"declare with shop.mail.secret_links: {undeclared}"
    assert {"accounts.reset_password", "accounts.verify", "accounts.email_confirm",
            "content.comment_confirm"} <= SECRET_LINK_ENDPOINTS
