"""Catalogue journeys in a real browser: browse, filter, search, compare, on desktop and phone.

Every page visited is checked with axe, and the ``page`` fixtures fail a test on any console
error (CSP violations included) or failed request to the shop.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import MOBILE

pytestmark = pytest.mark.e2e

COUNT_TEXT = re.compile(r"^\d+ products?\b")
PRICE = re.compile(r"\$\d{1,3}(,\d{3})*\.\d{2}")
STOCK = re.compile(r"\d+ in stock|Out of stock")


def result_count(page: Page):
    return page.get_by_role("status").filter(has_text=COUNT_TEXT)


def facet(page: Page, legend: str):
    return page.get_by_role("group", name=legend, exact=True)


def facet_counts(page: Page, legend: str) -> dict[str, str]:
    """Label text of each value of a facet, e.g. {"OSFP": "(3)"}."""
    counts = {}
    for label in facet(page, legend).locator("label").all_inner_texts():
        value, _, count = label.strip().rpartition(" ")
        counts[value] = count
    return counts


def card_names(page: Page) -> list[str]:
    return page.locator("main article.card .card-title").all_inner_texts()


def header_search(page: Page):
    return page.get_by_role("search").get_by_role(
        "searchbox", name="Search products or part numbers", exact=True)


def rate_checkbox(page: Page, rate: str = "400 Gb/s"):
    # Playwright passes the pattern on as /source/, so a slash must be escaped.
    pattern = re.escape(rate).replace("/", r"\/")
    return facet(page, "Data rate").get_by_role("checkbox", name=re.compile(f"^{pattern} "))


def assert_filtered_to_400g(page: Page, expected: int) -> None:
    expect(result_count(page)).to_have_text(
        re.compile(rf"^{expected} products?\b"))
    expect(rate_checkbox(page)).to_be_checked()
    expect(page.get_by_role("list", name="Active filters")).to_contain_text("400")
    key_specs = page.locator("main article.card .key-specs")
    assert key_specs.count() == min(expected, 24)
    for text in key_specs.all_inner_texts():
        assert "400 Gb/s" in text


def open_category_from_home(page: Page, live_server: str, axe_check, name: str) -> None:
    page.goto(live_server + "/")
    axe_check(page)
    families = page.get_by_role("region", name="Shop by category")
    families.get_by_role("link", name=name, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(result_count(page)).to_be_visible()
    axe_check(page)


def test_browse_filter_share_and_open_a_product(page, new_page, live_server, axe_check):
    open_category_from_home(page, live_server, axe_check, "Network adapters")
    assert re.search(r"/c/network-adapters$", page.url)
    before_count = result_count(page).inner_text()
    before_cages = facet_counts(page, "Cage / form factor")
    label = rate_checkbox(page).locator("xpath=following-sibling::label")
    expected = int(re.search(r"\((\d+)\)", label.inner_text()).group(1))
    assert 0 < expected

    rate_checkbox(page).check()  # the form submits itself when a box changes
    page.wait_for_url(re.compile(r"[?&]data_rate=400(&|$)"))
    assert_filtered_to_400g(page, expected)
    assert result_count(page).inner_text() != before_count
    after_cages = facet_counts(page, "Cage / form factor")
    assert after_cages != before_cages, "other facets should count only 400 Gb/s products"
    assert set(after_cages) <= set(before_cages)
    # The data-rate facet still offers its alternatives.
    assert len(facet_counts(page, "Data rate")) > 1
    axe_check(page)

    # The filtered listing is a link: the same URL in a fresh browser shows the same list.
    shared = new_page()
    shared.goto(page.url)
    assert_filtered_to_400g(shared, expected)
    assert card_names(shared) == card_names(page)
    axe_check(shared)

    first = page.locator("main article.card").first
    name = first.locator(".card-title").inner_text()
    first.get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    buybox = page.locator(".buybox")
    expect(buybox.locator(".price")).to_contain_text(PRICE)
    expect(buybox.locator(".stock")).to_have_text(STOCK)
    specs = page.get_by_role("table", name=f"Specifications of {name}")
    expect(specs.get_by_role("rowheader", name="Data rate", exact=True)).to_be_visible()
    expect(specs.get_by_role("row").filter(has_text="Data rate")).to_contain_text("400 Gb/s")
    assert specs.get_by_role("row").count() >= 3
    crumbs = page.get_by_role("navigation", name="Breadcrumb")
    expect(crumbs.get_by_role("link", name="Home")).to_be_visible()
    expect(crumbs.get_by_role("link", name="Network adapters")).to_be_visible()
    expect(crumbs.locator("[aria-current=page]")).to_have_text(name)
    axe_check(page)


def test_filters_work_without_javascript(new_page, live_server, axe_check):
    page = new_page(java_script_enabled=False)
    page.goto(live_server + "/c/network-adapters")
    axe_check(page)
    before_count = result_count(page).inner_text()
    label = rate_checkbox(page).locator("xpath=following-sibling::label")
    expected = int(re.search(r"\((\d+)\)", label.inner_text()).group(1))

    rate_checkbox(page).check()
    assert "data_rate" not in page.url  # nothing happens until the form is sent
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"[?&]data_rate=400(&|$)"))
    assert_filtered_to_400g(page, expected)
    assert result_count(page).inner_text() != before_count
    axe_check(page)


def test_keyboard_skip_link_then_search(page, live_server, axe_check):
    page.goto(live_server + "/")
    axe_check(page)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0, "focused skip link is off-screen"

    search = header_search(page)
    for _ in range(3):  # the logo link sits between the skip link and the search box
        page.keyboard.press("Tab")
        if search.evaluate("el => el === document.activeElement"):
            break
    expect(search).to_be_focused()
    page.keyboard.type("MQM9700-NS2F")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/p/"))
    expect(page.locator(".identifiers")).to_contain_text("MQM9700-NS2F")
    axe_check(page)

    # The skip link moves focus past the header.
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_search_by_part_number(page, live_server, axe_check):
    page.goto(live_server + "/")
    axe_check(page)
    header_search(page).fill("mcx75310aasneat")
    header_search(page).press("Enter")
    page.wait_for_url(re.compile(r"/p/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("ConnectX-7")
    expect(page.locator(".identifiers dd.pn").first).to_have_text("MCX75310AAS-NEAT")
    axe_check(page)

    header_search(page).fill("MCX753")
    header_search(page).press("Enter")
    page.wait_for_url(re.compile(r"/search\?q=MCX753$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("MCX753")
    names = card_names(page)
    assert len(names) > 1
    assert all("ConnectX-7" in n for n in names), names
    part_numbers = page.locator("main article.card .pn").all_inner_texts()
    assert all(re.search(r"MCX753", pn) for pn in part_numbers), part_numbers
    axe_check(page)


def test_compare_products_side_by_side(page, live_server, axe_check):
    page.goto(live_server + "/c/network-adapters")
    axe_check(page)
    cards = page.locator("main article.card")
    picked = []
    for i in range(3):
        card = cards.nth(i)
        picked.append(card.locator(".card-title").inner_text())
        card.get_by_role("checkbox", name=re.compile(r"^Compare")).check()
    assert "/c/network-adapters" in page.url  # ticking does not leave the listing
    page.get_by_role("button", name=re.compile(r"^Compare selected")).click()
    page.wait_for_url(re.compile(r"/compare\?ids=\d+&ids=\d+&ids=\d+$"))

    expect(page.get_by_role("heading", level=1)).to_have_text("Compare products")
    table = page.get_by_role("table")
    headers = table.get_by_role("columnheader").get_by_role("link").all_inner_texts()
    assert [h.strip() for h in headers] == picked
    expect(table.get_by_role("row", name=re.compile(r"^Price"))).to_contain_text(PRICE)
    differing = table.locator("tbody tr.differs")
    assert differing.count() >= 1
    first_diff = [c.strip() for c in differing.first.get_by_role("cell").all_inner_texts()]
    assert len(first_diff) == len(picked) and len(set(first_diff)) > 1
    axe_check(page)


def test_phone_layout_has_no_horizontal_scroll(new_page, live_server, axe_check):
    page = new_page(viewport=MOBILE, is_mobile=True, has_touch=True)

    def visit(path: str) -> None:
        page.goto(live_server + path)
        # A phone lays out wider than the screen when content overflows (and zooms out),
        # so the page must fit both the window and the device width.
        width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert width <= inner == MOBILE["width"], (
            f"{page.url} is {width} px wide in a {MOBILE['width']} px screen")
        axe_check(page)

    visit("/")
    visit("/search?q=MCX75310AAS-NEAT")  # an exact part number opens the product page
    expect(page.get_by_role("heading", level=1)).to_contain_text("ConnectX-7")
    visit("/c/network-adapters")
    visit("/compare?ids=1&ids=2&ids=3")
    expect(page.get_by_role("table")).to_be_visible()
    # Every category in the header menu is on screen, none hidden past the edge.
    page.goto(live_server + "/")
    menu = page.get_by_role("navigation", name="Product categories").get_by_role("link")
    assert menu.count() >= 4
    for link in menu.all():
        box = link.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= MOBILE["width"], (
            f"{link.inner_text()} is cut off by the screen edge")
