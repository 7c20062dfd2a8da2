"""Browser journey through the inventory back office, CSRF and the page cache on: a product
is sold out with a delivery on order (its page says what is arriving); staff enter its unit
cost and receive the purchase order, part of it and then the rest, with the keyboard; the
product page, served from the cache, then shows the new stock. axe runs on every back-office
page visited, and the pages fit a 390 px wide phone without scrolling sideways."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from shop.extensions import db
from tests.e2e.browser import screenshot, serve
from tests.factories import DEFAULT_PASSWORD, make_user
from tests.harness import make_test_app
from tests.inventory.factories import main_location, make_purchase_order, stocked_product

pytestmark = pytest.mark.e2e
MOBILE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def shop(database_factory):
    app = make_test_app(database_factory("inventory_journey"), WTF_CSRF_ENABLED=True,
                        PAGE_CACHE=True)
    expected = date.today() + timedelta(days=9)
    with app.app_context():
        db.create_all()
        main_location()
        product = stocked_product(0, name="NVIDIA ConnectX-7 adapter, 1x OSFP",
                                  sku="CX7-OSFP-1", mpn="MCX75310AAS-NEAT")
        order = make_purchase_order([(product, 12, expected)], supplier="Mellanox Direct")
        make_user("staff@example.com", role="staff")
        db.session.commit()
        facts = {"slug": product.slug, "order_id": order.id, "number": order.number,
                 "expected": expected}
    with serve(app) as base:
        yield base, facts
    with app.app_context():
        db.engine.dispose()


def _fits_the_phone(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= MOBILE["width"], f"{page.url} is {width} px wide"


def test_staff_receive_a_purchase_order_and_the_product_page_shows_the_stock(
        shop, new_page, axe_check, page_problems):
    base, facts = shop
    # The refused receipt answers 400 (its page shows the error beside the line).
    page_problems.allow(r"/receive: Failed to load resource: .* 400")
    page_problems.allow(r"/costs: Failed to load resource: .* 400")
    expected = facts["expected"]
    visitor = new_page()
    visitor.goto(base + f"/p/{facts['slug']}")
    expect(visitor.locator(".stock.out")).to_have_text("Out of stock")
    expect(visitor.locator(".arriving")).to_have_text(
        f"12 more arriving around {expected.day} {expected:%B %Y}")

    staff = new_page(viewport=MOBILE)
    staff.goto(base + "/account/login")
    staff.get_by_label("E-mail address").fill("staff@example.com")
    staff.get_by_label("Password").fill(DEFAULT_PASSWORD)
    staff.get_by_role("button", name="Sign in").click()
    staff.wait_for_url(re.compile(r".*/account/profile$"))
    staff.get_by_role("link", name="Back office").click()
    staff.get_by_role("link", name="Purchase orders", exact=True).click()
    staff.wait_for_url(re.compile(r".*/admin/inventory/purchase-orders$"))
    axe_check(staff)
    _fits_the_phone(staff)
    staff.get_by_role("link", name=facts["number"]).click()
    staff.wait_for_url(re.compile(rf".*/admin/inventory/purchase-orders/{facts['order_id']}$"))
    expect(staff.locator(".order-status")).to_contain_text("Ordered")
    axe_check(staff)
    _fits_the_phone(staff)

    # Its unit cost, typed as a price is; a cost that is no amount is refused beside it.
    staff.get_by_text("Enter unit costs").click()
    staff.get_by_label("Unit cost of CX7-OSFP-1 (USD)").fill("abc")
    staff.get_by_role("button", name="Save the unit costs").click()
    expect(staff.locator(".field-error")).to_have_text(
        "Enter the unit cost as a number, like 1299.00.")
    axe_check(staff)
    staff.get_by_label("Unit cost of CX7-OSFP-1 (USD)").fill("1,299.00")
    staff.get_by_role("button", name="Save the unit costs").click()
    expect(staff.locator(".flashes")).to_contain_text("Unit costs changed on 1 line.")
    line = staff.get_by_role("row").filter(has_text="CX7-OSFP-1")
    expect(line).to_contain_text("$1,299.00")
    expect(line).to_contain_text("$15,588.00")  # 12 units
    expect(staff.locator("tfoot")).to_contain_text("$15,588.00")
    axe_check(staff)
    _fits_the_phone(staff)
    screenshot(staff, "purchase-order-costs-390")

    # Part of the delivery, typed and sent with the keyboard.
    arrived = staff.get_by_label("Units of CX7-OSFP-1 that arrived now")
    arrived.fill("5")
    staff.get_by_label("Delivery note or reference").fill("DN-4471")
    staff.get_by_label("Delivery note or reference").press("Enter")
    staff.wait_for_url(re.compile(rf".*/admin/inventory/purchase-orders/{facts['order_id']}$"))
    expect(staff.locator(".flashes")).to_contain_text("Received 5 units into stock.")
    expect(staff.locator(".order-status")).to_contain_text("Partly received")
    axe_check(staff)

    # Asking for more than is outstanding is refused beside the line.
    staff.get_by_label("Units of CX7-OSFP-1 that arrived now").fill("8")
    staff.get_by_role("button", name="Receive the units entered").click()
    expect(staff.locator(".field-error")).to_have_text(
        "Only 7 still expected on this line; 8 is too many.")
    axe_check(staff)

    visitor.reload()
    expect(visitor.locator(".stock.in")).to_have_text("5 in stock")
    expect(visitor.locator(".arriving")).to_have_count(0)

    staff.get_by_role("button", name="Receive everything outstanding (7)").click()
    expect(staff.locator(".flashes")).to_contain_text("Received 7 units into stock.")
    expect(staff.locator(".order-status")).to_contain_text("Received")
    expect(staff.get_by_role("button", name="Receive the units entered")).to_have_count(0)

    visitor.reload()
    expect(visitor.locator(".stock.in")).to_have_text("12 in stock")

    # The stock page and the ledger tell the same story.
    staff.goto(base + "/admin/inventory?q=CX7-OSFP-1")
    expect(staff.locator(".stock-table")).to_contain_text("12")
    axe_check(staff)
    _fits_the_phone(staff)
    staff.goto(base + f"/admin/inventory/ledger?po={facts['number']}")
    expect(staff.locator(".ledger-table tbody tr")).to_have_count(2)
    expect(staff.locator(".ledger-table")).to_contain_text("5 → 12")
    axe_check(staff)
    _fits_the_phone(staff)


def test_an_adjustment_and_a_count_with_the_keyboard_on_a_phone(shop, new_page, axe_check,
                                                                page_problems):
    """Every other inventory page passes axe and fits the phone: the adjustment form, its
    review step, a refused field, the count pages and the new purchase order form."""
    base, facts = shop
    page_problems.allow(r"Failed to load resource: .* 400")
    staff = new_page(viewport=MOBILE)
    staff.goto(base + "/account/login")
    staff.get_by_label("E-mail address").fill("staff@example.com")
    staff.get_by_label("Password").fill(DEFAULT_PASSWORD)
    staff.get_by_role("button", name="Sign in").click()
    staff.wait_for_url(re.compile(r".*/account/profile$"))

    staff.goto(base + "/admin/inventory?q=CX7-OSFP-1")
    staff.get_by_role("link", name=re.compile(r"^Adjust CX7-OSFP-1")).first.click()
    axe_check(staff)
    _fits_the_phone(staff)
    staff.get_by_label("Reason").select_option("damaged")
    staff.get_by_label("Change in units on hand").fill("5")
    staff.get_by_label("Note (required)").fill("Bent cage")
    staff.get_by_role("button", name="Review the adjustment").click()
    expect(staff.locator(".field-error")).to_contain_text("takes units away")
    axe_check(staff)
    staff.get_by_label("Change in units on hand").fill("-1")
    staff.get_by_role("button", name="Review the adjustment").click()
    expect(staff.locator(".confirm-list")).to_contain_text("→")
    axe_check(staff)
    _fits_the_phone(staff)
    staff.get_by_role("button", name="Confirm the adjustment").click()
    expect(staff.locator(".flashes")).to_contain_text("(damaged)")

    staff.goto(base + "/admin/inventory/counts")
    axe_check(staff)
    _fits_the_phone(staff)
    staff.get_by_label("What and why").fill("Cage 4, spot check")
    staff.get_by_role("button", name="Start counting").click()
    expect(staff.locator(".flashes")).to_contain_text("started")
    axe_check(staff)
    _fits_the_phone(staff)
    staff.get_by_label("Counted units").fill("CX7-OSFP-1, 3")
    staff.get_by_role("button", name="Record these counts").click()
    staff.get_by_role("link", name="Review the differences and post").click()
    axe_check(staff)
    _fits_the_phone(staff)

    staff.goto(base + "/admin/inventory/purchase-orders/new")
    staff.get_by_label("Supplier", exact=True).fill("Mellanox Direct")
    staff.get_by_label("Lines").fill("NOPE-1, 3")
    staff.get_by_role("button", name="Save as a draft").click()
    expect(staff.locator(".field-error")).to_contain_text("no single product")
    axe_check(staff)
    _fits_the_phone(staff)
