"""The supplier's stock and price feed in the browser, with CSRF on: a supplier signs in,
downloads nothing but reads the feed page, uploads a CSV changing a price and a stock,
reads the preview, confirms it, reads the result, and the public product page shows the new
price. Then at phone width (390 px) every portal page fits the screen (tables scroll in
their own box) and the stock form shows an error beside its field and then saves. axe runs
on every page visited."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from shop.catalog.models import Product
from shop.extensions import db
from shop.inventory import services as inventory
from shop.inventory.models import StockLevel
from shop.inventory.supplier_locations import ensure_location, find_location
from shop.suppliers.models_messages import SupplierMessage
from tests.e2e.browser import serve
from tests.e2e.conftest import MOBILE
from tests.factories import (
    DEFAULT_PASSWORD,
    make_category,
    make_product,
    make_supplier_organisation,
    make_user,
)
from tests.harness import make_test_app
from tests.orders.factories import make_order

pytestmark = pytest.mark.e2e

MEMBER = "ann@alpha.example"


@pytest.fixture(scope="module")
def shop(database_factory, tmp_path_factory):
    app = make_test_app(database_factory("supplier_feed_journey"), WTF_CSRF_ENABLED=True,
                        UPLOAD_DIR=str(tmp_path_factory.mktemp("uploads")))
    with app.app_context():
        db.create_all()
        organisation = make_supplier_organisation("Alpha Optics B.V.",
                                                  trading_name="Alpha Optics")
        make_user(MEMBER, role="supplier", supplier_id=organisation.id)
        category = make_category("network-adapters")
        location = ensure_location(organisation.id, organisation.display_name)
        for n in range(1, 4):
            product = make_product(sku=f"ALP-QSFP-{n}", name=f"Alpha 100G QSFP28 optic {n}",
                                   price_cents=250_00 + n, category=category,
                                   supplier_id=organisation.id, status="published")
            inventory.receive(product.id, location.id, 5)
        first = db.session.scalar(select(Product).where(Product.sku == "ALP-QSFP-1"))
        make_order([(first, 2)], country="DE")
        db.session.add(SupplierMessage(organisation_id=organisation.id,
                                       subject="Welcome to the portal",
                                       body="Keep your stock current.\n\nThe supplier team"))
        db.session.commit()
    with serve(app) as base:
        yield app, base
    with app.app_context():
        db.engine.dispose()


def _sign_in(page, base: str) -> None:
    page.goto(base + "/account/login")
    page.get_by_label("E-mail address").fill(MEMBER)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r".*/account/profile$"))


def _shot(page, name: str) -> None:
    """A full-page screenshot into ``$SCREENSHOT_DIR`` when it is set (for people)."""
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"supplier-{name}.png"), full_page=True)


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _stored(app, sku: str) -> tuple[int, int]:
    with app.app_context():
        product = db.session.scalar(select(Product).where(Product.sku == sku))
        location = find_location(product.supplier_id)
        on_hand = db.session.scalar(select(StockLevel.on_hand).where(
            StockLevel.product_id == product.id, StockLevel.location_id == location.id))
        return product.price_cents, on_hand


def test_a_supplier_uploads_a_feed_and_the_shop_shows_the_new_price(shop, page, axe_check,
                                                                     page_problems):
    app, base = shop
    _sign_in(page, base)
    page.goto(base + "/supplier/")
    expect(page.get_by_role("heading", name="Stock you hold")).to_be_visible()
    axe_check(page)
    page.get_by_role("navigation", name="Supplier portal").get_by_role(
        "link", name="Feed upload").click()
    page.wait_for_url(re.compile(r".*/supplier/feed$"))
    axe_check(page)

    page_problems.allow(r"status of 400 .*/supplier/feed")
    page.get_by_label("Feed file").set_input_files(files=[
        {"name": "wrong.csv", "mimeType": "text/csv", "buffer": b"part,price\nX,1\n"}])
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.locator("#file-error")).to_contain_text("Missing column: sku.")
    axe_check(page)

    feed = "sku;price;stock\r\nALP-QSFP-1;1.499,00;17\r\nALP-QSFP-2;250,02;5\r\n"
    page.get_by_label("Feed file").set_input_files(files=[
        {"name": "alpha-feed.csv", "mimeType": "text/csv", "buffer": feed.encode("cp1252")}])
    page.get_by_role("button", name="Upload and preview").click()
    page.wait_for_url(re.compile(r".*/supplier/feed/\d+$"))
    expect(page.locator(".order-status")).to_contain_text("Ready to apply")
    changed = page.get_by_role("row").filter(has_text="ALP-QSFP-1")
    expect(changed).to_contain_text("$1,499.00")
    expect(changed).to_contain_text("17")
    expect(page.get_by_role("row").filter(has_text="ALP-QSFP-2")).to_contain_text("No change")
    axe_check(page)
    _shot(page, "feed-preview")
    assert _stored(app, "ALP-QSFP-1") == (250_01, 5)  # nothing yet

    page.get_by_role("button", name="Apply these changes").click()
    expect(page.locator(".notice")).to_contain_text("1 price changed and 1 stock level set")
    axe_check(page)
    assert _stored(app, "ALP-QSFP-1") == (1499_00, 17)

    with app.app_context():
        slug = db.session.scalar(select(Product.slug).where(Product.sku == "ALP-QSFP-1"))
    page.goto(f"{base}/p/{slug}")
    expect(page.locator("main")).to_contain_text("$1,499.00")


def test_the_portal_at_phone_width(shop, new_page, axe_check, page_problems):
    app, base = shop
    page = new_page(viewport=MOBILE)
    _sign_in(page, base)
    for path in ("/supplier/", "/supplier/stock", "/supplier/feed", "/supplier/orders",
                 "/supplier/messages"):
        page.goto(base + path)
        axe_check(page)
        assert _fits(page), path
        _shot(page, "phone-" + (path.strip("/").replace("/", "-") or "portal"))
    page.goto(base + "/supplier/feed")
    feeds = page.get_by_role("region", name="Your recent feeds").get_by_role("link")
    if feeds.count():  # the other journey's feed, with its preview rows
        feeds.first.click()
        page.wait_for_url(re.compile(r".*/supplier/feed/\d+$"))
        axe_check(page)
        assert _fits(page)
        _shot(page, "phone-feed-result")
    page.goto(base + "/supplier/messages")
    expect(page.get_by_role("link", name="Welcome to the portal")).to_be_visible()
    page.get_by_role("link", name="Welcome to the portal").click()
    expect(page.locator(".message-body")).to_contain_text("Keep your stock current.")
    axe_check(page)
    assert _fits(page)
    page.goto(base + "/supplier/orders")
    expect(page.get_by_role("row").filter(has_text="ALP-QSFP-1")).to_contain_text("Germany")

    page.goto(base + "/supplier/stock")
    page_problems.allow(r"status of 400 .*/supplier/stock/\d+")
    price = page.get_by_label("Price (USD) of ALP-QSFP-3")
    price.fill("abc")
    page.get_by_role("button", name="Save ALP-QSFP-3").click()
    error = page.locator("p.field-error").filter(has_text="is not a price")
    expect(error).to_be_visible()
    expect(page.get_by_label("Price (USD) of ALP-QSFP-3")).to_have_attribute(
        "aria-invalid", "true")
    axe_check(page)
    assert _fits(page)
    _shot(page, "phone-stock-error")
    page.get_by_label("Price (USD) of ALP-QSFP-3").fill("199.90")
    page.get_by_label("Units on hand of ALP-QSFP-3").fill("8")
    page.get_by_role("button", name="Save ALP-QSFP-3").click()
    expect(page.locator(".flashes")).to_contain_text("ALP-QSFP-3 saved: $199.90, 8 on hand.")
    assert _stored(app, "ALP-QSFP-3") == (199_90, 8)
