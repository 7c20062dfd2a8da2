"""The worker's copy of availability behind stock slots: never shows what the database would
not (``shop.inventory.availability_cache``)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import g

from shop.catalog import change_feed, follower
from shop.db import utcnow
from shop.extensions import db
from shop.inventory import availability_cache
from shop.inventory import services as inventory
from shop.inventory.availability_cache import AvailabilityCache, availability
from shop.inventory.models import StockHold
from tests.factories import make_product
from tests.harness import app_with_schema, wipe_with_pages


@pytest.fixture(scope="module")
def cached_app(database_factory):
    """The page cache on, as in production: the copy serves pages from the cache (a page
    rendered afresh reads its stock inside the render's transaction, directly)."""
    with app_with_schema(database_factory, "availability_copy", PAGE_CACHE=True) as app:
        yield app


@pytest.fixture
def app(cached_app):
    yield cached_app
    wipe_with_pages(cached_app)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def stocked(app, client):
    with app.app_context():
        product = make_product(stock=5)
        db.session.commit()
        return product.id, product.slug


def _badge(client, slug: str) -> str:
    """The stock badge of a product page served from the page cache."""
    client.get(f"/p/{slug}")  # rendered afresh the first time; the same page next
    response = client.get(f"/p/{slug}")
    assert response.headers["X-Cache"] == "hit"
    html = response.get_data(as_text=True)
    start = html.index('<span class="stock')
    return html[start:html.index("</span>", start) + 7]


def _copy(app) -> AvailabilityCache:
    return app.extensions[availability_cache.EXTENSION]


def test_a_movement_shows_on_the_next_page(app, client, stocked):
    product_id, slug = stocked
    assert "5 in stock" in _badge(client, slug)
    assert product_id in _copy(app).entries  # kept for the next request
    with app.app_context():
        location = inventory.get_or_create_location("MAIN", "Main warehouse")
        inventory.receive(product_id, location.id, 3)
        db.session.commit()
    assert "8 in stock" in _badge(client, slug)
    with app.app_context():
        inventory.reserve(product_id, 8, order_id=1, expires_at=utcnow() + timedelta(hours=1))
        db.session.commit()
    assert "Out of stock" in _badge(client, slug)


def test_a_reservation_stops_counting_when_it_lapses_though_no_row_changes(
        app, client, stocked, monkeypatch):
    product_id, slug = stocked
    with app.app_context():
        inventory.reserve(product_id, 2, order_id=1, expires_at=utcnow() + timedelta(hours=1))
        db.session.commit()
    assert "3 in stock" in _badge(client, slug)
    assert _copy(app).entries[product_id][1] is not None  # kept until the hold lapses
    assert "3 in stock" in _badge(client, slug)
    later = utcnow() + timedelta(hours=2)
    monkeypatch.setattr(availability_cache, "utcnow", lambda: later)
    monkeypatch.setattr("shop.inventory.queries.utcnow", lambda: later)
    assert "5 in stock" in _badge(client, slug)
    with app.app_context():
        assert db.session.query(StockHold).one().status == "reserved"  # nothing was written


def test_a_transaction_reads_its_own_writes_and_keeps_nothing(app, stocked):
    product_id, _ = stocked
    with app.test_request_context():
        location = inventory.get_or_create_location("MAIN", "Main warehouse")
        inventory.receive(product_id, location.id, 10)  # not committed
        assert follower.caught_up_version() is None
        assert availability([product_id]) == {product_id: [("Main warehouse", 15)]}
        db.session.rollback()
    with app.test_request_context():
        assert availability([product_id]) == {product_id: [("Main warehouse", 5)]}
        assert _copy(app).entries[product_id][0] == [("Main warehouse", 5)]


def test_a_transaction_begun_after_the_request_followed_the_feed_keeps_nothing(app, stocked):
    product_id, _ = stocked
    with app.test_request_context():
        assert availability([]) == {}  # the copy exists; the request followed the feed
        location = inventory.get_or_create_location("MAIN", "Main warehouse")
        inventory.receive(product_id, location.id, 10)  # not committed, then rolled back
        assert availability([product_id]) == {product_id: [("Main warehouse", 15)]}
        db.session.rollback()
        assert product_id not in _copy(app).entries
    with app.test_request_context():
        assert availability([product_id]) == {product_id: [("Main warehouse", 5)]}


def test_a_read_overtaken_by_a_movement_is_not_kept(app, stocked, monkeypatch):
    product_id, _ = stocked
    with app.test_request_context():
        availability([])  # the copy exists and follows the feed
        copy = _copy(app)
        real = availability_cache.availability_until

        def read_then_a_movement_lands(ids):
            found = real(ids)
            copy.forget(frozenset({product_id}))  # what another thread's catch-up does
            return found

        monkeypatch.setattr(availability_cache, "availability_until",
                            read_then_a_movement_lands)
        assert availability([product_id]) == {product_id: [("Main warehouse", 5)]}
        assert product_id not in copy.entries


def test_a_product_without_stock_rows_is_kept_as_such(app, client):
    with app.app_context():
        product = make_product()
        db.session.commit()
        product_id, slug = product.id, product.slug
    assert "Out of stock" in _badge(client, slug)
    assert _copy(app).entries[product_id] == ([], None)
    with app.app_context():
        location = inventory.get_or_create_location("MAIN", "Main warehouse")
        inventory.receive(product_id, location.id, 2)  # the level row is new
        db.session.commit()
    assert "2 in stock" in _badge(client, slug)


def test_too_many_changes_at_once_forget_everything(app, client, stocked, monkeypatch):
    product_id, slug = stocked
    _badge(client, slug)
    monkeypatch.setattr(follower, "LIMIT", 2)
    with app.app_context():
        location = inventory.get_or_create_location("MAIN", "Main warehouse")
        for _ in range(3):
            inventory.receive(product_id, location.id, 1)
            db.session.commit()
    with app.test_request_context():
        follower.caught_up_version()
        assert _copy(app).entries == {}
    assert "8 in stock" in _badge(client, slug)


def test_a_feed_that_went_back_forgets_everything(app, stocked, monkeypatch):
    """A restored or emptied database: the feed reads as RESET (``test_change_feed``)."""
    product_id, _ = stocked
    with app.test_request_context():
        availability([product_id])
        assert product_id in _copy(app).entries
    real = change_feed.read_at_version
    monkeypatch.setattr(change_feed, "read_at_version",
                        lambda cursor, limit: (real(cursor, limit)[0], change_feed.RESET))
    with app.test_request_context():
        follower.caught_up_version()
        assert _copy(app).entries == {}


def test_the_copy_starts_again_when_full(app, monkeypatch):
    monkeypatch.setattr(availability_cache, "MAX_ENTRIES", 3)
    with app.test_request_context():
        availability([1, 2])
        assert set(_copy(app).entries) == {1, 2}
    with app.test_request_context():
        availability([3, 4])
        assert set(_copy(app).entries) == {3, 4}


def test_each_request_follows_the_feed_once(app, stocked):
    with app.test_request_context():
        first = follower.caught_up_version()
        cursor = follower.follower(app).cursor
        assert follower.caught_up_version() == first
        assert g.followed_version == first
    assert follower.follower(app).cursor == cursor
