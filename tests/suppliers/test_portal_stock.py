"""Stock and prices in the supplier portal: the organisation's own listings, a page at a time,
each row a form that sets the price (exactly, in minor units) and the units on hand at the
organisation's own location, with a movement for every stock change; errors beside their
fields with nothing changed; the same form sent twice changes things once."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import select

from shop.db import utcnow
from shop.extensions import db
from shop.inventory.models import Location, StockMovement
from shop.suppliers.models import SupplierOrganisation
from tests.orders.factories import make_order
from tests.suppliers.portal_helpers import on_hand, price, signed_in, snapshot, world


def form(product_id: int, price_text: str, stock: str, *, price_was=None, stock_was=None,
         next_url: str = "/supplier/stock") -> dict:
    p = f"p{product_id}-"
    data = {p + "price": price_text, p + "stock": stock, p + "next": next_url}
    if price_was is not None:
        data[p + "price_was"] = str(price_was)
    if stock_was is not None:
        data[p + "stock_was"] = str(stock_was)
    return data


def error_of(page: str, product_id: int, name: str) -> str:
    match = re.search(rf'<p class="field-error" id="p{product_id}-{name}-error">(.*?)</p>',
                      page, re.S)
    assert match, f"no error beside p{product_id}-{name}"
    return html.unescape(match.group(1))


def test_the_page_lists_only_the_organisations_listings(app, client):
    a, _b, ids = world(app)
    member = signed_in(app, a)
    page = member.get("/supplier/stock")
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert ">A-1<" in page.text and ">A-2<" in page.text
    assert "B-1" not in page.text and "SHOP-1" not in page.text
    assert 'value="200.00"' in page.text and f'id="p{ids["A-1"]}-stock"' in page.text
    assert f'for="p{ids["A-1"]}-price"' in page.text  # every input has its label
    found = member.get("/supplier/stock?q=a-2").text
    assert ">A-2<" in found and ">A-1<" not in found
    assert member.get("/supplier/stock?page=2").status_code == 404
    assert member.get("/supplier/stock?page=abc").status_code == 404


def test_price_and_stock_are_set_with_a_movement(app, client):
    a, _b, ids = world(app)
    member = signed_in(app, a)
    before = snapshot(app)
    answer = member.post(f"/supplier/stock/{ids['A-1']}",
                         data=form(ids["A-1"], "1,299.50", "7", price_was=200_00, stock_was=5,
                                   next_url="/supplier/stock?q=A"))
    assert answer.status_code == 302 and answer.headers["Location"] == "/supplier/stock?q=A"
    assert price(app, "A-1") == 129_950
    assert on_hand(app, "A-1", f"SUP-{a.id}") == 7
    with app.app_context():
        movement = db.session.scalars(select(StockMovement).order_by(StockMovement.id.desc())
                                      ).first()
        location = db.session.get(Location, movement.location_id)
        assert (location.code, movement.on_hand_delta, movement.reason, movement.actor_id) \
            == (f"SUP-{a.id}", 2, "supplier update", a.user_id)
    assert "A-1 saved: $1,299.50, 7 on hand." in member.get("/supplier/stock").text
    after = snapshot(app)
    assert after["movements"] == before["movements"] + 1
    assert after["feed"] > before["feed"]  # the catalogue's change feed follows

    # The same form again (a double click, a resent POST): nothing changes.
    again = member.post(f"/supplier/stock/{ids['A-1']}",
                        data=form(ids["A-1"], "1,299.50", "7", price_was=200_00, stock_was=5))
    assert again.status_code == 302
    assert snapshot(app) == after
    assert "already had that price and stock" in member.get("/supplier/stock").text


def test_decimal_prices_are_exact_in_minor_units(app, client):
    a, _b, ids = world(app)
    member = signed_in(app, a)
    for text, cents in (("0.29", 29), ("1.299,99", 129_999), ("19.90", 1990), ("7", 700)):
        was = price(app, "A-2")
        assert member.post(f"/supplier/stock/{ids['A-2']}", data=form(
            ids["A-2"], text, "0", price_was=was, stock_was=0)).status_code == 302
        assert price(app, "A-2") == cents, text


@pytest.mark.parametrize("price_text,stock,field,message", [
    ("abc", "1", "price", "'abc' is not a price: write it like 1299.00."),
    ("1,299", "1", "price", "1,299 is ambiguous"),
    ("-5.00", "1", "price", "A price cannot be negative (-5.00)."),
    ("", "1", "price", "Enter the price."),
    ("10.00", "-3", "stock", "Stock cannot be negative (-3)."),
    ("10.00", "2.5", "stock", "Stock must be a whole number of units"),
    ("10.00", "lots", "stock", "Stock 'lots' is not a number"),
    ("10.00", "", "stock", "Enter the units on hand."),
])
def test_bad_values_are_refused_beside_their_field(app, client, price_text, stock, field,
                                                   message):
    a, _b, ids = world(app)
    member = signed_in(app, a)
    before = snapshot(app)
    answer = member.post(f"/supplier/stock/{ids['A-1']}",
                         data=form(ids["A-1"], price_text, stock, price_was=200_00,
                                   stock_was=5))
    assert answer.status_code == 400
    assert message in error_of(answer.text, ids["A-1"], field)
    assert 'aria-invalid="true"' in answer.text
    assert snapshot(app) == before


def test_a_change_made_meanwhile_is_not_overwritten(app, client):
    a, _b, ids = world(app)
    member = signed_in(app, a)
    other_tab = form(ids["A-1"], "210.00", "9", price_was=200_00, stock_was=5)
    assert member.post(f"/supplier/stock/{ids['A-1']}", data=form(
        ids["A-1"], "250.00", "6", price_was=200_00, stock_was=5)).status_code == 302
    before = snapshot(app)
    stale = member.post(f"/supplier/stock/{ids['A-1']}", data=other_tab)
    assert stale.status_code == 400
    assert "The price was changed to $250.00 after you opened this page" in error_of(
        stale.text, ids["A-1"], "price")
    assert "The stock was changed to 6 after you opened this page" in error_of(
        stale.text, ids["A-1"], "stock")
    assert snapshot(app) == before
    # The page with the errors knows the values as they are now: saving it again is meant.
    row = ids["A-1"]
    hidden = dict(re.findall(rf'name="(p{row}-\w+_was)" type="hidden" value="(\d+)"',
                             stale.text))
    assert hidden == {f"p{row}-price_was": "25000", f"p{row}-stock_was": "6"}
    resent = member.post(f"/supplier/stock/{ids['A-1']}", data=form(
        ids["A-1"], "210.00", "9", price_was=25000, stock_was=6))
    assert resent.status_code == 302
    assert (price(app, "A-1"), on_hand(app, "A-1", f"SUP-{a.id}")) == (210_00, 9)


def test_stock_cannot_go_below_what_orders_hold(app, client):
    a, _b, ids = world(app)
    with app.app_context():
        from shop.catalog.models import Product

        make_order([(db.session.get(Product, ids["A-1"]), 3)])  # invoice: allocated at once
        db.session.commit()
    member = signed_in(app, a)
    page = member.get("/supplier/stock").text
    assert re.search(r">A-1<.*?<td class=\"num\">3</td>\s*<td class=\"num\">2</td>", page, re.S)
    before = snapshot(app)
    answer = member.post(f"/supplier/stock/{ids['A-1']}",
                         data=form(ids["A-1"], "200.00", "2", price_was=200_00, stock_was=5))
    assert answer.status_code == 400
    assert "3 units are already held for orders" in error_of(answer.text, ids["A-1"], "stock")
    assert snapshot(app) == before
    assert member.post(f"/supplier/stock/{ids['A-1']}", data=form(
        ids["A-1"], "200.00", "3", price_was=200_00, stock_was=5)).status_code == 302
    assert on_hand(app, "A-1", f"SUP-{a.id}") == 3


def test_the_first_stock_makes_the_organisations_location(app, client):
    a, _b, ids = world(app)
    with app.app_context():
        db.session.execute(db.delete(StockMovement))
        db.session.commit()
    member = signed_in(app, a)
    assert member.post(f"/supplier/stock/{ids['A-2']}", data=form(
        ids["A-2"], "50.00", "4", price_was=50_00, stock_was=0)).status_code == 302
    assert on_hand(app, "A-2", f"SUP-{a.id}") == 4
    with app.app_context():
        assert db.session.scalar(select(Location.name).where(
            Location.code == f"SUP-{a.id}")).startswith("Org ")


def test_a_suspended_organisation_sees_but_cannot_change(app, client):
    a, _b, ids = world(app)
    with app.app_context():
        db.session.get(SupplierOrganisation, a.id).suspended_at = utcnow()
        db.session.commit()
    member = signed_in(app, a)
    before = snapshot(app)
    assert member.post(f"/supplier/stock/{ids['A-1']}", data=form(
        ids["A-1"], "1.00", "1", price_was=200_00, stock_was=5)).status_code == 403
    page = member.get("/supplier/stock").text
    assert "Your organisation is suspended" in page and "$200.00" in page
    assert "<form method=\"post\" action=\"/supplier/stock/" not in page
    assert snapshot(app) == before
