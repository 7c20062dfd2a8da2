"""The page cache never shows a stale price or stock level."""

from shop.catalog.models import Product
from shop.catalog.services import set_price
from shop.extensions import db
from shop.inventory import services as inventory
from tests.factories import make_category, make_product
from tests.harness import make_test_app
from tests.querycount import count_queries


def _allocate(app, product_id, quantity, order_id):
    with app.app_context():
        location = inventory.get_or_create_location("MAIN", "Main warehouse")
        inventory.allocate(product_id, location.id, quantity, order_id=order_id)
        db.session.commit()


def _dispose(app):
    with app.app_context():
        db.engine.dispose()


def test_cached_pages_follow_price_and_stock(database_factory):
    app = make_test_app(database_factory("cache"), PAGE_CACHE=True)
    with app.app_context():
        db.create_all()
        product = make_product(category=make_category("network-adapters", "Network adapters"),
                               price_cents=100_00, stock=3)
        db.session.commit()
        product_id, slug = product.id, product.slug
    client = app.test_client()
    page = f"/p/{slug}"
    for path in (page, "/c/network-adapters"):
        first = client.get(path).get_data(as_text=True)
        assert "$100.00" in first and "3 in stock" in first
        with count_queries(app) as statements:
            assert client.get(path).get_data(as_text=True) == first
        assert len(statements) <= 2  # the version check: served from the cache

    with app.app_context():
        set_price(db.session.get(Product, product_id), 90_00)
        db.session.commit()
    for path in (page, "/c/network-adapters"):
        assert "$90.00" in client.get(path).get_data(as_text=True)

    _allocate(app, product_id, 3, order_id=1)
    for path in (page, "/c/network-adapters"):
        assert "Out of stock" in client.get(path).get_data(as_text=True)
    _dispose(app)


def test_a_sale_keeps_cached_pages_and_they_still_show_the_quantity_of_now(database_factory):
    app = make_test_app(database_factory("cache_sales"), PAGE_CACHE=True)
    with app.app_context():
        db.create_all()
        category = make_category("network-adapters", "Network adapters")
        sold = make_product(name="Sold card", category=category, stock=3)
        other = make_product(name="Other card", category=category, stock=4)
        db.session.commit()
        sold_id, sold_slug, other_slug = sold.id, sold.slug, other.slug
    client = app.test_client()
    pages = [f"/p/{sold_slug}", f"/p/{other_slug}", "/c/network-adapters", "/",
             "/search?q=card"]
    for path in pages:
        assert client.get(path).headers["X-Cache"] == "miss"
    filtered = "/c/network-adapters?in_stock=1"
    assert "Sold card" in client.get(filtered).get_data(as_text=True)

    _allocate(app, sold_id, 1, order_id=1)
    for path in pages:  # still cached, showing the quantity of this moment
        response = client.get(path)
        assert response.headers["X-Cache"] == "hit", path
        if path != f"/p/{other_slug}":
            assert "2 in stock" in response.get_data(as_text=True), path
    detail = client.get(f"/p/{sold_slug}").get_data(as_text=True)
    assert "schema.org/InStock" in detail and "<!--stock:" not in detail
    assert client.get(filtered).headers["X-Cache"] == "hit"  # still in stock

    _allocate(app, sold_id, 2, order_id=2)  # the last units
    response = client.get(filtered)  # which products are in stock changed
    assert response.headers["X-Cache"] == "miss"
    listed = response.get_data(as_text=True)
    assert "Sold card" not in listed and "Other card" in listed
    detail = client.get(f"/p/{sold_slug}")
    assert detail.headers["X-Cache"] == "hit"
    assert "Out of stock" in detail.get_data(as_text=True)
    assert "schema.org/OutOfStock" in detail.get_data(as_text=True)
    _dispose(app)


def test_cached_pages_that_list_posts_expire_when_a_scheduled_post_goes_live(database_factory):
    import time
    from datetime import timedelta

    from shop.content.models import PostStatus
    from shop.db import utcnow
    from tests.content.factories import make_post

    app = make_test_app(database_factory("cache_schedule"), PAGE_CACHE=True)
    with app.app_context():
        db.create_all()
        make_post(title="Already out")
        live_at = utcnow() + timedelta(seconds=2)
        make_post(title="Out on schedule", status=PostStatus.SCHEDULED, publish_at=live_at)
        db.session.commit()
    client = app.test_client()
    for path in ("/", "/sitemap.xml"):
        first = client.get(path).get_data(as_text=True)
        assert ("Already out" in first or "already-out" in first)
        assert "Out on schedule" not in first and "out-on-schedule" not in first
        with count_queries(app) as statements:
            assert client.get(path).get_data(as_text=True) == first  # from the cache
        assert len(statements) <= 2
    # Nothing is written when the post goes live; the cached pages must not outlive it.
    time.sleep(max(0.0, (live_at - utcnow()).total_seconds()) + 1.1)
    assert "Out on schedule" in client.get("/").get_data(as_text=True)
    assert "out-on-schedule" in client.get("/sitemap.xml").get_data(as_text=True)
    _dispose(app)
