"""Caches keep nothing private and cannot be filled at will: signed-in pages send
``Cache-Control: no-store``; the page cache keys on the normalised address (known
parameters only, in a fixed order), and pages render from those parameters alone."""

from __future__ import annotations

import pytest

from shop.accounts.models import Role
from shop.extensions import cache, db
from tests.accounts.helpers import account, login
from tests.factories import make_category, make_product
from tests.harness import make_test_app


@pytest.mark.parametrize("path", ["/account/profile", "/account/addresses", "/account/email",
                                  "/admin/", "/admin/posts", "/admin/outbox", "/"])
def test_signed_in_pages_are_not_stored(app, client, path):
    account(app, "staff@example.com", role=Role.ADMIN)
    assert login(client, "staff@example.com").status_code == 302
    r = client.get(path)
    assert r.status_code == 200
    assert r.headers["Cache-Control"] == "no-store"


def test_account_forms_are_not_stored_either(client):
    assert client.get("/account/login").headers["Cache-Control"] == "no-store"
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")


@pytest.fixture(scope="module")
def cached_app(database_factory):
    app = make_test_app(database_factory("cache_keys"), PAGE_CACHE=True)
    with app.app_context():
        db.create_all()
        category = make_category("network-adapters", "Network adapters")
        product = make_product(category=category, name="Keyed card", stock=2)
        db.session.commit()
        app.config["SLUGS"] = {"product": product.slug}
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _entries(app) -> int:
    with app.app_context():
        return len(cache.cache._cache)  # SimpleCache: the stored pages


def test_random_query_strings_share_one_entry(cached_app):
    client = cached_app.test_client()
    with cached_app.app_context():
        cache.clear()
    slug = cached_app.config["SLUGS"]["product"]
    for base in ("/", f"/p/{slug}", "/c/network-adapters", "/search?q=card"):
        sep = "&" if "?" in base else "?"
        assert client.get(base).headers["X-Cache"] == "miss"
        before = _entries(cached_app)
        for i in range(20):
            # markers no page text or random token could contain by chance
            r = client.get(f"{base}{sep}utm_source=campaign-mark-{i}&junkparam{i}=1")
            assert r.status_code == 200 and r.headers["X-Cache"] == "hit", (base, i)
            assert f"campaign-mark-{i}" not in r.text and f"junkparam{i}" not in r.text
        assert _entries(cached_app) == before


def test_equivalent_filters_share_one_entry(cached_app):
    client = cached_app.test_client()
    first = client.get("/c/network-adapters?sort=price_asc&data_rate=100&form_factor=QSFP28")
    assert first.headers["X-Cache"] == "miss"
    for variant in ("form_factor=QSFP28&data_rate=100.0&sort=price_asc",
                    "data_rate=100&data_rate=100&sort=price_asc&form_factor=QSFP28&x=1",
                    "page=1&sort=price_asc&form_factor=QSFP28&data_rate=100"):
        r = client.get(f"/c/network-adapters?{variant}")
        assert r.headers["X-Cache"] == "hit", variant
        assert r.text == first.text


def test_a_poisoned_query_does_not_reach_the_cached_page(cached_app):
    client = cached_app.test_client()
    marker = "poisoned-marker-123"
    r = client.get(f"/c/network-adapters?sort=newest&{marker}={marker}&q2={marker}")
    assert r.headers["X-Cache"] == "miss" and marker not in r.text
    clean = cached_app.test_client().get("/c/network-adapters?sort=newest")
    assert clean.headers["X-Cache"] == "hit" and marker not in clean.text
    assert "sort%3Dnewest" in clean.text  # its sign-in link keeps the known parameters
