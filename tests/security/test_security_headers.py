"""Security headers on a page of every blueprint, error pages included."""

import pytest

from shop import create_app
from tests.accounts.helpers import account, login
from tests.harness import rate_limiter_restored

PAGES = ["/", "/robots.txt", "/account/login", "/account/register", "/admin/",
         "/account/profile", "/no-such-page"]


def _check(response):
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"]
    assert response.headers["X-Request-ID"]


@pytest.mark.parametrize("path", PAGES)
def test_headers_anonymous(client, path):
    _check(client.get(path))


@pytest.mark.parametrize("path", ["/admin/", "/admin/outbox", "/account/addresses"])
def test_headers_signed_in(app, client, path):
    account(app, "staff@example.com", role="staff")
    login(client, "staff@example.com")
    r = client.get(path)
    assert r.status_code == 200
    _check(r)


def test_content_blueprints_have_headers(client, app):
    """Every registered blueprint's pages carry the headers (one GET route each)."""
    seen = set()
    for rule in app.url_map.iter_rules():
        bp = rule.endpoint.rpartition(".")[0]
        if not bp or bp in seen or "GET" not in rule.methods or rule.arguments:
            continue
        seen.add(bp)
        _check(client.get(rule.rule))
    assert {"catalog", "site", "accounts", "admin"} <= seen


def test_hsts_and_secure_cookies_in_production(monkeypatch, database_factory):
    from shop.config import ProductionConfig

    monkeypatch.setenv("SECRET_KEY", "a-real-secret-for-this-test")
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://shop.example")
    monkeypatch.setenv("MAIL_OUTBOX", "1")
    monkeypatch.setenv("DATABASE_URL", database_factory("prod"))
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", ProductionConfig.SECRET_KEY)
    monkeypatch.setattr(ProductionConfig, "SQLALCHEMY_DATABASE_URI",
                        ProductionConfig.SQLALCHEMY_DATABASE_URI)

    with rate_limiter_restored():  # production switches limits on; keep them off for others
        prod = create_app(ProductionConfig)
    assert prod.config["SESSION_COOKIE_SECURE"] and prod.config["REMEMBER_COOKIE_SECURE"]
    assert prod.config["SESSION_COOKIE_HTTPONLY"]
    assert prod.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    with prod.test_request_context():
        response = prod.make_response("ok")
        response = prod.process_response(response)
    assert "max-age=" in response.headers["Strict-Transport-Security"]
