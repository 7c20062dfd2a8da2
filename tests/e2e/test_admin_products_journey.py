"""Browser journeys through the product back office, on the demo catalogue with CSRF and the
page cache on: staff find a product by part number, preview a price change, confirm it and
the product page shows the new price; staff edit a product's specs and see the errors beside
the fields; the pages stay usable 390 px wide. axe runs on every page visited.

Set SCREENSHOT_DIR to keep screenshots of the list and edit pages (desktop and 390 px)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from shop.catalog.models import Product
from shop.demo.catalogue import load_demo_catalogue
from shop.extensions import db
from shop.inventory.adjustments import set_threshold
from tests.e2e.browser import screenshot, serve
from tests.e2e.conftest import MOBILE
from tests.factories import DEFAULT_PASSWORD, make_user
from tests.harness import make_test_app

pytestmark = pytest.mark.e2e

ADAPTER = "MCX75310AAS-NEAT"  # ConnectX-7, 1x OSFP, $1,695.00 in the demo catalogue


@pytest.fixture(scope="module")
def shop(database_factory, tmp_path_factory):
    app = make_test_app(database_factory("products_journey"), WTF_CSRF_ENABLED=True,
                        PAGE_CACHE=True, UPLOAD_DIR=str(tmp_path_factory.mktemp("uploads")))
    with app.app_context():
        db.create_all()
        load_demo_catalogue()
        make_user("staff@example.com", role="staff", display_name="Sam Staff")
        heat = db.session.scalar(select(Product).where(Product.mpn == "MCX75310AAS-HEAT"))
        set_threshold(heat.id, 1_000, None)  # whatever it holds, it runs low
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


def _slug(app, mpn: str) -> tuple[int, str]:
    with app.app_context():
        product = db.session.scalar(select(Product).where(Product.mpn == mpn))
        return product.id, product.slug


def test_staff_change_a_price_in_bulk_and_the_product_page_shows_it(shop, page, axe_check):
    app, base = shop
    product_id, slug = _slug(app, ADAPTER)
    page.goto(f"{base}/p/{slug}")  # the page is cached with the old price
    expect(page.locator(".price.big")).to_contain_text("$1,695.00")

    _sign_in(page, base)
    page.get_by_role("link", name="Back office").click()
    page.get_by_role("link", name="Products", exact=True).click()
    page.wait_for_url(re.compile(r".*/admin/products$"))
    axe_check(page)
    screenshot(page, "list-desktop")

    page.get_by_label("Name or part number").fill("mcx75310aas neat")
    page.get_by_role("button", name="Show").click()
    expect(page.locator(".result-count")).to_have_text("1 product matches.")
    row = page.get_by_role("row").filter(has_text=ADAPTER)
    row.get_by_role("checkbox").check()
    page.get_by_label("With the chosen products").select_option(label="Change prices by a "
                                                                     "percentage")
    page.get_by_label("Price change (%)").fill("10")
    page.get_by_role("button", name="Preview the change").click()

    page.wait_for_url(re.compile(r".*/admin/products/bulk/\d+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Change prices by a percentage: 10 %")
    change = page.get_by_role("row").filter(has_text="FP-CX7-1P-NDR")
    expect(change).to_contain_text("$1,695.00")
    expect(change).to_contain_text("$1,864.50")
    axe_check(page)
    screenshot(page, "bulk-preview-desktop")
    second_tab = page.context.new_page()  # the same preview, open twice
    second_tab.goto(page.url)
    page.get_by_role("button", name=re.compile(r"^Confirm")).click()
    expect(page.locator(".flashes")).to_contain_text("Done: 1 changed, 0 left as they were.")
    axe_check(page)

    # Confirming from the other tab as well changes nothing twice.
    second_tab.get_by_role("button", name=re.compile(r"^Confirm")).click()
    expect(second_tab.locator(".flashes")).to_contain_text("nothing was changed twice")

    page.goto(f"{base}/p/{slug}")
    expect(page.locator(".price.big")).to_contain_text("$1,864.50")
    with app.app_context():
        assert db.session.get(Product, product_id).price_cents == 1_864_50


def test_staff_edit_specs_with_errors_beside_the_fields(shop, page, axe_check,
                                                        page_problems):
    app, base = shop
    product_id, slug = _slug(app, "MCX75310AAS-HEAT")
    _sign_in(page, base)
    page.goto(f"{base}/admin/products/{product_id}/edit")
    expect(page.get_by_text("Gb/s", exact=True).first).to_be_visible()  # units beside inputs
    axe_check(page)
    screenshot(page, "edit-desktop")

    page_problems.allow(rf"status of 400 .*/admin/products/{product_id}/edit")
    page.get_by_label("Data rate (required)").fill("")
    page.get_by_label("Price").fill("12,99")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#specs-data_rate-error")).to_have_text("Enter the data rate in Gb/s.")
    expect(page.locator("#price-error")).to_contain_text("Use a dot before the cents")
    expect(page.get_by_label("Data rate (required)")).to_have_attribute("aria-invalid", "true")
    axe_check(page)

    page.get_by_label("Data rate (required)").fill("200")
    page.get_by_label("Price").fill("1,299.00")
    page.get_by_label("Summary").fill("Now with a better summary.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".flashes")).to_contain_text("Saved.")
    page.goto(f"{base}/p/{slug}")
    expect(page.locator(".summary")).to_have_text("Now with a better summary.")
    expect(page.locator(".price.big")).to_contain_text("$1,299.00")


def test_staff_list_the_products_at_or_below_their_threshold(shop, page, axe_check):
    app, base = shop
    _sign_in(page, base)
    page.goto(f"{base}/admin/products")
    page.get_by_label("Stock").select_option(label="Low (at or below its threshold)")
    page.get_by_role("button", name="Show").click()
    expect(page.locator(".result-count")).to_have_text("1 product matches.")
    row = page.get_by_role("row").filter(has_text="MCX75310AAS-HEAT")
    expect(row).to_contain_text("threshold 1000")
    axe_check(page)
    screenshot(page, "list-low-desktop")


def test_the_list_and_the_editor_fit_a_phone(shop, new_page, axe_check):
    app, base = shop
    product_id, _ = _slug(app, ADAPTER)
    page = new_page(viewport=MOBILE)
    _sign_in(page, base)
    for path, name in (("/admin/products", "list-390"),
                       (f"/admin/products/{product_id}/edit", "edit-390"),
                       (f"/admin/products/{product_id}/images", "images-390")):
        page.goto(base + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= MOBILE["width"], f"{path} scrolls sideways: {width}px"
        axe_check(page)
        screenshot(page, name)
