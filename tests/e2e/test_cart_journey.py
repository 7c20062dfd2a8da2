"""Browser journey: add to the cart from a listing card and from a product page, change a
quantity, save for later, and a quick order with an unknown line taken from its suggestion.
CSRF and the page cache on, as in production; axe runs on every page visited."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from shop.demo.catalogue import load_demo_catalogue
from shop.extensions import db
from tests.conftest import make_test_app
from tests.e2e.browser import serve

pytestmark = pytest.mark.e2e

PRODUCT = "/p/nvidia-connectx-7-vpi-adapter-mcx75310aas-neat"
PRODUCT_NAME = "NVIDIA ConnectX-7 VPI adapter, 1x OSFP, 400Gb/s NDR, PCIe 5.0 x16"


@pytest.fixture(scope="module")
def shop_server(database_factory):
    app = make_test_app(database_factory("cart_journey"), WTF_CSRF_ENABLED=True,
                        PAGE_CACHE=True)
    with app.app_context():
        db.create_all()
        load_demo_catalogue()
        db.session.commit()
    with serve(app) as base:
        yield base
    with app.app_context():
        db.engine.dispose()


def named(visible: str, hidden: str) -> re.Pattern:
    """A button name made of visible text and a visually hidden tail ("Add to cart: …")."""
    return re.compile("^" + re.escape(visible) + r"\W+" + re.escape(hidden) + "$")


def cart_link(page):
    return page.locator("header a.cart-link")


def test_add_change_save_and_quick_order(shop_server, new_page, axe_check):
    base = shop_server
    page = new_page()

    # From a listing card: the page may come from the shared cache; the form still works.
    page.goto(base + "/c/network-adapters")
    axe_check(page)
    expect(cart_link(page)).to_have_text("Cart, empty")
    card = page.locator("article.card").first
    name = card.locator(".card-title").inner_text()
    card.get_by_role("button", name=named("Add to cart", name)).click()
    page.wait_for_url(re.compile(r".*/c/network-adapters$"))
    expect(page.locator(".flashes")).to_contain_text("Added 1 to your cart")
    expect(cart_link(page)).to_have_text(re.compile(r"^Cart 1\s*item$"))
    axe_check(page)

    # From a product page, two units, with the keyboard.
    page.goto(base + PRODUCT)
    quantity = page.get_by_role("spinbutton", name=f"Quantity of {PRODUCT_NAME}").first
    quantity.fill("2")
    quantity.press("Enter")
    page.wait_for_url(re.compile(re.escape(PRODUCT) + "$"))
    expect(cart_link(page)).to_have_text(re.compile(r"^Cart 3\s*items$"))
    axe_check(page)

    # The cart: change a quantity, save the other line for later.
    cart_link(page).click()
    page.wait_for_url(re.compile(r".*/cart$"))
    expect(page.get_by_role("heading", name="Your cart", exact=True)).to_be_visible()
    axe_check(page)
    box = page.get_by_role("spinbutton", name=f"Quantity of {PRODUCT_NAME}")
    box.fill("3")
    page.get_by_role("button", name=f"Update the quantity of {PRODUCT_NAME}").click()
    expect(page.locator(".flashes")).to_contain_text("Quantity updated")
    expect(box).to_have_value("3")
    page.get_by_role("button", name=named("Save for later", name)).click()
    saved = page.get_by_role("region", name="Saved for later")
    expect(saved).to_contain_text(name)
    expect(cart_link(page)).to_have_text(re.compile(r"^Cart 3\s*items$"))
    axe_check(page)

    # Quick order with an unknown line: it comes back with a suggestion to add.
    page.get_by_label("Parts list").fill("MCP7Y00-N001 2\nMCX75310AAS-NEAX 1")
    page.get_by_role("button", name="Add parts to cart").click()
    page.wait_for_url(re.compile(r".*/cart/quick$"))
    expect(page.get_by_role("region", name="Added to your cart")).to_contain_text("MCP7Y00-N001")
    problems = page.get_by_role("region", name="1 line needs a look")
    expect(problems).to_contain_text("Did you mean")
    expect(page.get_by_label("Parts list")).to_have_value("MCX75310AAS-NEAX 1")
    axe_check(page)
    problems.get_by_role("button", name="Add 1 × MCX75310AAS-NEAT").click()
    page.wait_for_url(re.compile(r".*/cart$"))
    expect(page.get_by_role("spinbutton", name=f"Quantity of {PRODUCT_NAME}")).to_have_value("4")
    expect(cart_link(page)).to_have_text(re.compile(r"^Cart 6\s*items$"))
    axe_check(page)
