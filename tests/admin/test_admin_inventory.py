"""The stock page and adjustments over HTTP: who may see them, search and filters, the
review step, the one-time key, refusals next to their field."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from shop.extensions import db
from shop.inventory import adjustments
from shop.inventory import services as inventory
from shop.inventory.models import StockLevel, StockMovement, StockThreshold
from tests.accounts.helpers import account, login
from tests.inventory.factories import main_location, stocked_product
from tests.orders.factories import make_order

INVENTORY_PAGES = ["/admin/inventory", "/admin/inventory/ledger",
                   "/admin/inventory/purchase-orders", "/admin/inventory/purchase-orders/new",
                   "/admin/inventory/counts"]


def _product(app, units=10, **kw):
    with app.app_context():
        product = stocked_product(units, **kw)
        location = main_location()
        db.session.commit()
        return product.id, product.sku, location.id


def _level(app, product_id, location_id):
    with app.app_context():
        level = db.session.scalar(select(StockLevel).where(
            StockLevel.product_id == product_id, StockLevel.location_id == location_id))
        return (level.on_hand, level.reserved, level.allocated) if level else None


def _movements(app, product_id):
    with app.app_context():
        return db.session.execute(
            select(StockMovement.reason, StockMovement.on_hand_delta,
                   StockMovement.on_hand_after, StockMovement.note, StockMovement.actor_id)
            .where(StockMovement.product_id == product_id).order_by(StockMovement.id)).all()


def test_anonymous_sign_in_and_customers_are_refused(app, client):
    product_id, _sku, location_id = _product(app)
    posts = [(f"/admin/inventory/adjust?product={product_id}",
              {"location": location_id, "reason": "damaged", "delta": "-1", "note": "x",
               "step": "confirm", "request_key": "k1"}),
             (f"/admin/inventory/{product_id}/threshold", {"threshold": "3"}),
             ("/admin/inventory/purchase-orders/new", {"supplier_name": "X"}),
             ("/admin/inventory/counts", {"location": location_id, "note": "x"})]
    for path in [*INVENTORY_PAGES, f"/admin/inventory/adjust?product={product_id}",
                 "/admin/inventory/ledger.csv"]:
        r = client.get(path)
        assert r.status_code == 302 and "/account/login" in r.location, path
    for path, data in posts:
        r = client.post(path, data=data)
        assert r.status_code == 302 and "/account/login" in r.location, path
    account(app, "cust@example.com")
    login(client, "cust@example.com")
    for path in [*INVENTORY_PAGES, f"/admin/inventory/adjust?product={product_id}",
                 "/admin/inventory/ledger.csv"]:
        assert client.get(path).status_code == 403, path
    for path, data in posts:
        assert client.post(path, data=data).status_code == 403, path
    assert _level(app, product_id, location_id) == (10, 0, 0)
    with app.app_context():
        assert db.session.scalar(select(func.count(StockThreshold.product_id))) == 0


def test_staff_see_every_page_and_the_dashboard_links(app, client):
    _product(app)
    account(app, "staff@example.com", role="staff")
    login(client, "staff@example.com")
    for path in INVENTORY_PAGES:
        assert client.get(path).status_code == 200, path
    dashboard = client.get("/admin/").text
    for label, path in [("Inventory", "/admin/inventory"),
                        ("Ledger", "/admin/inventory/ledger"),
                        ("Purchase orders", "/admin/inventory/purchase-orders"),
                        ("Stock counts", "/admin/inventory/counts")]:
        assert f'href="{path}">{label}</a>' in dashboard


def test_stock_page_search_location_and_low_filters(app, client):
    with app.app_context():
        main = main_location()
        east = inventory.get_or_create_location("EAST", "East warehouse")
        a = stocked_product(5, name="Alpha switch adapter", sku="ALPHA-1")
        b = stocked_product(2, name="Bravo cable", sku="BRAVO-2")
        inventory.receive(b.id, east.id, 7)
        inventory.reserve(b.id, 1, order_id=77, expires_at=_later())
        adjustments.set_threshold(b.id, 8, None)  # 2 + 7 - 1 = 8 available: at the threshold
        db.session.commit()
        main_id, east_id = main.id, east.id
        del a
    account(app, "staff@example.com", role="staff")
    login(client, "staff@example.com")
    page = client.get("/admin/inventory").text
    assert "2 products." in page and "ALPHA-1" in page and "BRAVO-2" in page
    assert "Low: 8 available" in page
    by_sku = client.get("/admin/inventory?q=bravo-2").text
    assert "BRAVO-2" in by_sku and "ALPHA-1" not in by_sku
    by_name = client.get("/admin/inventory?q=alpha").text
    assert "ALPHA-1" in by_name and "BRAVO-2" not in by_name
    east_only = client.get(f"/admin/inventory?location={east_id}").text
    assert "1 product." in east_only and "BRAVO-2" in east_only and "ALPHA-1" not in east_only
    low = client.get("/admin/inventory?stock=low").text
    assert "BRAVO-2" in low and "ALPHA-1" not in low
    both = client.get(f"/admin/inventory?stock=low&location={main_id}&q=bravo").text
    assert "BRAVO-2" in both
    assert client.get("/admin/inventory?page=2").status_code == 404
    assert client.get("/admin/inventory?page=abc").status_code == 404
    assert client.get("/admin/inventory?location=abc&q=%00x").status_code in (200, 400)


def _later():
    from datetime import timedelta

    from shop.db import utcnow

    return utcnow() + timedelta(minutes=15)


def _key(html: str) -> str:
    return re.search(r'name="request_key"[^>]*value="([^"]+)"', html).group(1)


def test_adjustment_is_reviewed_then_confirmed_once(app, client):
    product_id, sku, location_id = _product(app, 10)
    staff = account(app, "staff@example.com", role="staff")
    login(client, "staff@example.com")
    form = client.get(f"/admin/inventory/adjust?product={product_id}").text
    assert f'<option selected value="{location_id}">' in form or \
        f'value="{location_id}" selected' in form
    key = _key(form)
    data = {"location": location_id, "reason": "damaged", "delta": "-3",
            "note": "Dropped by the forklift", "request_key": key}
    review = client.post(f"/admin/inventory/adjust?product={product_id}",
                         data={**data, "step": "review"})
    assert review.status_code == 200 and "10 → 7" in review.text
    assert "Confirm the adjustment" in review.text
    assert _level(app, product_id, location_id) == (10, 0, 0)  # nothing yet
    done = client.post(f"/admin/inventory/adjust?product={product_id}",
                       data={**data, "step": "confirm"}, follow_redirects=True)
    assert f"{sku} at MAIN: on hand 10 → 7 (damaged)." in done.text
    assert _level(app, product_id, location_id) == (7, 0, 0)
    again = client.post(f"/admin/inventory/adjust?product={product_id}",
                        data={**data, "step": "confirm"}, follow_redirects=True)
    assert "recorded already" in again.text
    assert _level(app, product_id, location_id) == (7, 0, 0)
    assert _movements(app, product_id)[-1] == ("damaged", -3, 7, "Dropped by the forklift",
                                               staff.id)


@pytest.mark.parametrize("data, field_error", [
    ({"reason": "damaged", "delta": "-3", "note": ""}, "Say why the stock changes."),
    ({"reason": "damaged", "delta": "3", "note": "x"}, "takes units away"),
    ({"reason": "received", "delta": "-3", "note": "x"}, "adds units"),
    ({"reason": "correction", "delta": "0", "note": "x"}, "not 0"),
    ({"reason": "correction", "delta": "1.5", "note": "x"}, "Enter a whole number"),
    ({"reason": "correction", "delta": "-11", "note": "x"}, "the largest decrease is -10"),
    ({"reason": "teleport", "delta": "1", "note": "x"}, "Not a valid choice"),
])
def test_refused_adjustments_say_why_beside_the_field(app, client, data, field_error):
    product_id, _sku, location_id = _product(app, 10)
    account(app, "staff@example.com", role="staff")
    login(client, "staff@example.com")
    for step in ("review", "confirm"):
        r = client.post(f"/admin/inventory/adjust?product={product_id}",
                        data={"location": location_id, "request_key": "abc", "step": step,
                              **data})
        assert r.status_code == 400, step
        assert field_error in r.text
        assert 'class="field-error"' in r.text
    assert _level(app, product_id, location_id) == (10, 0, 0)


def test_units_promised_to_orders_cannot_be_adjusted_away(app, client):
    with app.app_context():
        product = stocked_product(5)
        order = make_order([(product, 4)])  # invoice: allocated at once
        db.session.commit()
        product_id, location_id, number = product.id, main_location().id, order.id
    account(app, "staff@example.com", role="staff")
    login(client, "staff@example.com")
    r = client.post(f"/admin/inventory/adjust?product={product_id}",
                    data={"location": location_id, "reason": "count", "delta": "-3",
                          "note": "Shelf count", "step": "confirm", "request_key": "k"})
    assert r.status_code == 400
    assert "4 of the 5 on hand at Main warehouse are promised to orders" in r.text
    assert f"#{number}" in r.text
    ok = client.post(f"/admin/inventory/adjust?product={product_id}",
                     data={"location": location_id, "reason": "count", "delta": "-1",
                           "note": "Shelf count", "step": "confirm", "request_key": "k"})
    assert ok.status_code == 302
    assert _level(app, product_id, location_id) == (4, 0, 4)


def test_thresholds_are_set_cleared_and_checked(app, client):
    product_id, sku, _location_id = _product(app, 3)
    account(app, "staff@example.com", role="staff")
    login(client, "staff@example.com")
    r = client.post(f"/admin/inventory/{product_id}/threshold",
                    data={"threshold": "5", "next": "https://evil.example/"})
    assert r.status_code == 302 and not r.location.startswith("https://evil")
    with app.app_context():
        assert db.session.get(StockThreshold, product_id).threshold == 5
    assert "Low: 3 available" in client.get("/admin/inventory").text
    bad = client.post(f"/admin/inventory/{product_id}/threshold", data={"threshold": "-2"})
    assert bad.status_code == 400 and "Enter 0 or more." in bad.text
    assert f'id="threshold-{product_id}-error"' in bad.text
    client.post(f"/admin/inventory/{product_id}/threshold", data={"threshold": ""})
    with app.app_context():
        assert db.session.get(StockThreshold, product_id) is None
    assert client.post("/admin/inventory/999999/threshold", data={}).status_code == 404


def test_the_product_count_follows_new_products(app, client):
    account(app, "staff@example.com", role="staff")
    login(client, "staff@example.com")
    _product(app)
    assert "1 product." in client.get("/admin/inventory").text
    assert "1 product." in client.get("/admin/inventory").text  # counted once, kept
    _product(app)
    assert "2 products." in client.get("/admin/inventory").text
