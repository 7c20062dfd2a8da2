import xml.etree.ElementTree as ET

import pytest

from shop import create_app
from shop.config import ConfigError
from shop.extensions import db
from tests.factories import make_product
from tests.harness import make_test_app, rate_limiter_restored

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_healthz_answers_when_database_answers(client):
    resp = client.get("/healthz")
    assert resp.status_code == 200 and resp.json["database"] == "ok"


def test_healthz_reports_a_dead_database():
    app = make_test_app("sqlite:////nonexistent-dir/x/y.sqlite")
    resp = app.test_client().get("/healthz")
    assert resp.status_code == 503


def test_robots_points_to_sitemap(client):
    body = client.get("/robots.txt").get_data(as_text=True)
    assert "Sitemap: http://localhost/sitemap.xml" in body
    assert "Disallow: /admin/" in body


def test_sitemap_lists_published_products_and_categories_only(app, client):
    with app.app_context():
        live = make_product(name="Live one").slug
        draft = make_product(name="Draft one", status="draft").slug
        db.session.commit()
    resp = client.get("/sitemap.xml")
    assert resp.mimetype == "application/xml"
    locs = {e.text for e in ET.fromstring(resp.data).iter(f"{SITEMAP_NS}loc")}
    assert f"http://localhost/p/{live}" in locs
    assert f"http://localhost/p/{draft}" not in locs
    assert "http://localhost/c/network-adapters" in locs


def test_favicon(client):
    resp = client.get("/favicon.ico")
    assert resp.status_code == 301
    assert client.get(resp.headers["Location"]).status_code == 200


@pytest.mark.parametrize("path", ["/c/no-such-category", "/p/no-such-product", "/nowhere",
                                  "/c/%FF%FE", "/p/%C0%AF"])
def test_unknown_paths_get_the_404_page(client, path):
    resp = client.get(path)
    assert resp.status_code == 404
    assert b"Page not found" in resp.data and b"<html" in resp.data


def test_405_page(client):
    resp = client.post("/search")
    assert resp.status_code == 405 and b"Method not allowed" in resp.data


def test_draft_products_are_not_shown(app, client):
    with app.app_context():
        draft = make_product(name="Secret draft", status="draft").slug
        db.session.commit()
    assert client.get(f"/p/{draft}").status_code == 404


def test_production_refuses_to_start_without_secrets(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://127.0.0.1/test")
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app("production")
    monkeypatch.setenv("SECRET_KEY", "a-real-secret-from-the-environment")
    monkeypatch.delenv("DATABASE_URL")
    with pytest.raises(ConfigError, match="DATABASE_URL"):
        create_app("production")


def test_production_sends_hsts_and_secure_cookies(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "a-real-secret-from-the-environment")
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://shop.example")
    monkeypatch.setenv("MAIL_OUTBOX", "1")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'p.sqlite'}")
    with rate_limiter_restored():  # production switches limits on; keep them off for others
        app = create_app("production")
    assert app.config["SESSION_COOKIE_SECURE"] is True
    with app.app_context():
        db.create_all()
    resp = app.test_client().get("/robots.txt")
    assert "max-age" in resp.headers["Strict-Transport-Security"]


def test_unhandled_error_shows_no_traceback(caplog):
    app = make_test_app("sqlite://", PROPAGATE_EXCEPTIONS=False)

    @app.get("/__boom")
    def boom():
        raise RuntimeError("secret internals")

    resp = app.test_client().get("/__boom")
    assert resp.status_code == 500
    assert b"secret internals" not in resp.data and b"Traceback" not in resp.data
    assert resp.headers["X-Request-ID"] in caplog.text
