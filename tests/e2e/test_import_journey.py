"""Import and export in the browser: staff find the page from the back office, upload a file
with a wrong header and one naming a supplier's own stock and read why beside the field,
upload a good one, read the preview at phone width and apply it; with CSRF on. axe runs on
every page visited."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from shop.catalog.models import Product
from shop.extensions import db
from shop.inventory import supplier_locations
from tests.e2e.browser import screenshot, serve
from tests.e2e.conftest import MOBILE
from tests.factories import DEFAULT_PASSWORD, make_user
from tests.harness import make_test_app
from tests.inventory.import_helpers import catalogue

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def shop(database_factory, tmp_path_factory):
    app = make_test_app(database_factory("import_journey"), WTF_CSRF_ENABLED=True,
                        UPLOAD_DIR=str(tmp_path_factory.mktemp("uploads")))
    with app.app_context():
        db.create_all()
        catalogue()
        supplier_locations.ensure_location(7)  # supplier 7 keeps stock of its own
        make_user("staff@example.com", role="staff")
        db.session.commit()
    with serve(app) as base:
        yield app, base
    with app.app_context():
        db.engine.dispose()


def _sign_in(page, base: str) -> None:
    page.goto(base + "/account/login")
    page.get_by_label("E-mail address").fill("staff@example.com")
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r".*/account/profile$"))


def _upload(page, name: str, body: bytes) -> None:
    page.get_by_label("Spreadsheet").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": body}])
    page.get_by_role("button", name="Upload and preview").click()


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_staff_preview_and_apply_a_price_list(shop, new_page, axe_check, page_problems):
    app, base = shop
    page = new_page(viewport=MOBILE)
    _sign_in(page, base)
    page.goto(base + "/admin/")
    page.get_by_role("link", name="Import and export").click()
    page.wait_for_url(re.compile(r".*/admin/imports$"))
    axe_check(page)
    assert _fits(page)

    page_problems.allow(r"status of 400 .*/admin/imports")
    _upload(page, "wrong.csv", b"part,price\nA-1,1\n")
    expect(page.locator("#file-error")).to_contain_text("Missing column: sku.")
    axe_check(page)
    _upload(page, "supplier.csv", b"sku,stock:SUP-7\nS7-1,99\n")  # a supplier's own stock
    expect(page.locator("#file-error")).to_contain_text(
        "Column stock:sup-7 is a supplier's own stock")
    axe_check(page)
    screenshot(page, "import-supplier-column-refused")

    _upload(page, "prices.csv", "sku;name;price;stock:MAIN\nA-1;Adaptér one;1.399,00;12\n"
                                "A-2;Adapter two;50,00;3\n".encode("cp1252"))
    page.wait_for_url(re.compile(r".*/admin/imports/\d+$"))
    expect(page.locator(".order-status")).to_contain_text("Ready to apply")
    expect(page.get_by_role("row").filter(has_text="A-1")).to_contain_text("$1,399.00")
    expect(page.get_by_role("row").filter(has_text="A-1")).to_contain_text("Adaptér one")
    axe_check(page)
    assert _fits(page)
    page.get_by_role("link", name=re.compile("Unchanged")).click()
    expect(page.get_by_role("row").filter(has_text="A-2")).to_contain_text("No change")
    page.get_by_role("button", name="Apply these changes").click()
    expect(page.locator(".notice")).to_contain_text("1 prices changed")
    axe_check(page)
    with app.app_context():
        product = db.session.scalar(select(Product).where(Product.sku == "A-1"))
        assert (product.name, product.price_cents) == ("Adaptér one", 139_900)
