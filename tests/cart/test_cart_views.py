"""The cart pages over HTTP: adding, changing, bad input, other visitors' lines, sign-in."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from shop.cart import queries
from shop.cart.models import Cart, CartLine
from shop.catalog.services import set_price
from shop.extensions import db
from tests.accounts.helpers import login
from tests.cart.helpers import adapter, cart_link, flashes, unpublish
from tests.factories import make_user


def _product(app, **kw):
    with app.app_context():
        product = adapter(**kw)
        db.session.commit()
        return product.id, product.slug, product.name


def _lines(app):
    with app.app_context():
        return [(line.product_id, line.quantity, line.saved_for_later, line.price_seen_cents)
                for line in db.session.scalars(select(CartLine).order_by(CartLine.id))]


def _line_id(app):
    with app.app_context():
        return db.session.scalars(select(CartLine.id)).one()


def test_add_from_a_product_page_and_come_back_with_a_notice(app, web):
    pid, slug, name = _product(app, price=1234_00)
    page = web.get(f"/p/{slug}").text
    assert 'action="/cart/add"' in page and cart_link(page) == "Cart, empty"
    r = web.post("/cart/add", data={"product_id": pid, "quantity": "3", "next": f"/p/{slug}"})
    assert r.status_code == 302 and r.location == f"/p/{slug}"
    page = web.get(f"/p/{slug}").text
    assert cart_link(page) == "Cart 3 items"
    assert flashes(page) == ["Added 3 to your cart. Your cart now holds 3 of this product."]
    cart = web.get("/cart").text
    assert name in cart and "$3,702.00" in cart


def test_add_never_redirects_off_site(app, web):
    pid, _, _ = _product(app)
    r = web.post("/cart/add", data={"product_id": pid, "quantity": "1",
                                    "next": "https://evil.example/"})
    assert r.location == "/cart"


@pytest.mark.parametrize("quantity,message", [
    ("0", "at least 1"), ("-2", "at least 1"), ("abc", "as a number"), ("1.5", "whole number"),
    ("10001", "At most 10,000"), ("", "Enter a quantity"), ("1e3", "as a number"),
])
def test_bad_quantities_get_a_clear_message(app, web, quantity, message):
    pid, slug, _ = _product(app)
    r = web.post("/cart/add", data={"product_id": pid, "quantity": quantity,
                                    "next": f"/p/{slug}"})
    assert r.status_code == 302
    page = web.get(f"/p/{slug}").text
    assert any(message in f for f in flashes(page)), flashes(page)
    assert _lines(app) == []
    # the same on the cart page's quantity box
    web.post("/cart/add", data={"product_id": pid, "quantity": "2"})
    r = web.post(f"/cart/lines/{_line_id(app)}/quantity", data={"quantity": quantity})
    assert r.status_code == 400 and message in r.text and 'aria-invalid="true"' in r.text
    assert [q for _, q, _, _ in _lines(app)] == [2]


@pytest.mark.parametrize("product_id", ["", "abc", "99999", "-1"])
def test_unknown_products_get_a_clear_message(app, web, product_id):
    r = web.post("/cart/add", data={"product_id": product_id, "quantity": "1"})
    assert r.status_code == 302
    assert flashes(web.get("/cart").text)
    assert _lines(app) == []


def test_injected_price_currency_and_discount_are_ignored(app, web):
    pid, _, _ = _product(app, price=500_00)
    web.post("/cart/add", data={"product_id": pid, "quantity": "2", "price_cents": "1",
                                "price_seen_cents": "1", "currency": "JPY",
                                "currency_seen": "JPY", "discount": "100", "total": "1"})
    assert _lines(app) == [(pid, 2, False, 500_00)]
    line = _line_id(app)
    web.post(f"/cart/lines/{line}/quantity", data={"quantity": "3", "price_cents": "1",
                                                   "unit_price_cents": "1"})
    page = web.get("/cart").text
    assert "$1,500.00" in page and "¥" not in page
    with app.app_context():
        assert queries.cart_view(db.session.get(Cart, 1)).subtotal_cents == 1500_00


def test_change_quantity_save_for_later_move_back_and_remove(app, web):
    pid, _, name = _product(app)
    web.post("/cart/add", data={"product_id": pid, "quantity": "1"})
    line = _line_id(app)
    assert web.post(f"/cart/lines/{line}/quantity", data={"quantity": "4"}).status_code == 302
    assert _lines(app)[0][1] == 4
    web.post(f"/cart/lines/{line}/save")
    page = web.get("/cart").text
    assert "Saved for later" in page and "Your cart is empty" in page
    assert cart_link(page) == "Cart, empty"
    web.post(f"/cart/lines/{line}/move")
    assert _lines(app) == [(pid, 4, False, 100_00)]
    web.post(f"/cart/lines/{line}/remove")
    assert _lines(app) == []


def test_another_visitors_line_is_not_found(app, web):
    pid, _, _ = _product(app)
    web.post("/cart/add", data={"product_id": pid, "quantity": "2"})
    line = _line_id(app)
    stranger = app.test_client()
    for path in (f"/cart/lines/{line}/remove", f"/cart/lines/{line}/save",
                 f"/cart/lines/{line}/swap", "/cart/confirm-prices"):
        r = stranger.post(path)
        assert r.status_code == 404, path
    r = stranger.post(f"/cart/lines/{line}/quantity", data={"quantity": "9"})
    assert r.status_code == 404
    stranger.post("/cart/add", data={"product_id": pid, "quantity": "1"})  # now has a cart
    for path in (f"/cart/lines/{line}/remove", f"/cart/lines/{line}/quantity"):
        assert stranger.post(path, data={"quantity": "9"}).status_code == 404
    assert sorted(q for _, q, _, _ in _lines(app)) == [1, 2]
    assert cart_link(web.get("/").text) == "Cart 2 items"
    assert cart_link(stranger.get("/").text) == "Cart 1 item"


def test_a_forged_or_foreign_cart_cookie_finds_nothing(app, web):
    pid, _, _ = _product(app)
    web.post("/cart/add", data={"product_id": pid, "quantity": "2"})
    with app.app_context():
        token = db.session.scalars(select(Cart.token)).one()
    forger = app.test_client()
    forger.set_cookie("cart", token)  # the raw token without a signature
    assert cart_link(forger.get("/cart").text) == "Cart, empty"
    forger.set_cookie("cart", "x" * 500)
    assert forger.get("/cart").status_code == 200


def test_repriced_line_is_shown_and_confirmed(app, web):
    pid, _, _ = _product(app, price=100_00)
    web.post("/cart/add", data={"product_id": pid, "quantity": "1"})
    with app.app_context():
        from shop.catalog.models import Product

        set_price(db.session.get(Product, pid), 110_00)
        db.session.commit()
    page = web.get("/cart").text
    assert "has changed since you added it" in page and "was $100.00" in page
    assert "Confirm today&#39;s prices" in page or "Confirm today's prices" in page
    web.post("/cart/confirm-prices")
    page = web.get("/cart").text
    assert "has changed" not in page and _lines(app)[0][3] == 110_00


def test_unpublished_line_is_shown_with_a_way_out(app, web):
    pid, _, name = _product(app)
    web.post("/cart/add", data={"product_id": pid, "quantity": "1"})
    with app.app_context():
        from shop.catalog.models import Product

        unpublish(db.session.get(Product, pid))
        db.session.commit()
    page = web.get("/cart").text
    assert f"{name} is no longer sold" in page and "Remove" in page


def test_guest_cart_merges_into_the_users_cart_at_sign_in(app, web):
    with app.app_context():
        user = make_user("merge@example.com")
        scarce, plenty = adapter("Scarce", stock=2), adapter("Plenty", stock=9)
        from shop.cart import services

        mine = services.get_or_create_for_user(user.id)
        services.add_item(mine, scarce.id, 1)
        db.session.commit()
        scarce_id, plenty_id, user_id = scarce.id, plenty.id, user.id
    web.post("/cart/add", data={"product_id": scarce_id, "quantity": "2"})
    web.post("/cart/add", data={"product_id": plenty_id, "quantity": "3"})
    assert login(web, "merge@example.com").status_code == 302
    page = web.get("/cart").text
    notes = flashes(page)
    assert any("Added 1 × Scarce" in n and "2 wanted, 2 available" in n for n in notes), notes
    assert any("Added 3 × Plenty" in n for n in notes), notes
    assert cart_link(page) == "Cart 5 items"
    with app.app_context():
        assert db.session.scalars(select(Cart.user_id)).all() == [user_id]
    # the guest cookie is gone: signing out leaves an empty guest cart
    assert web.get_cookie("cart") is None
