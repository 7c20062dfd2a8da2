"""Cached pages stay shared although they carry add-to-cart forms: the CSRF token, the cart
count and notices are slots filled per visitor, and filled pages are private to browsers."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from shop.cart.models import CartLine
from shop.extensions import db
from tests.accounts.helpers import PASSWORD
from tests.cart.helpers import adapter, cart_link, csrf_of, flashes
from tests.factories import make_user
from tests.querycount import count_queries


def _product(app):
    with app.app_context():
        product = adapter("Shared card", stock=7)
        db.session.commit()
        return product.id, f"/p/{product.slug}"


def _personal_parts_removed(html: str) -> str:
    html = re.sub(r'name="csrf_token"(?: type="hidden")? value="[^"]+"', "TOKEN", html)
    return re.sub(r'<a class="cart-link"[^>]*>.*?</a>', "CART", html)


def _units(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.coalesce(func.sum(CartLine.quantity), 0)))


def test_guests_share_cached_pages_each_with_their_own_count_and_token(live):
    pid, page = _product(live)
    alice, bob = live.test_client(), live.test_client()

    first = alice.get(page)
    assert first.headers["X-Cache"] == "miss"
    assert first.headers["Cache-Control"] == "private, no-cache"
    assert "Cookie" in first.headers["Vary"]
    assert alice.get_cookie("session") is not None  # the token the form needs
    token_a = csrf_of(first.text)
    assert "<!--" not in first.text.split("<body>", 1)[1].replace("<!--stock", "")

    r = alice.post("/cart/add", data={"csrf_token": token_a, "product_id": pid,
                                      "quantity": "2", "next": page})
    assert r.status_code == 302 and alice.get_cookie("cart") is not None

    mine = alice.get(page)
    assert mine.headers["X-Cache"] == "hit"  # a session with a token and a cart still shares
    assert cart_link(mine.text) == "Cart 2 items"
    assert flashes(mine.text) == ["Added 2 to your cart. Your cart now holds 2 of this product."]
    assert flashes(alice.get(page).text) == []  # a notice is shown once

    theirs = bob.get(page)
    assert theirs.headers["X-Cache"] == "hit"
    assert cart_link(theirs.text) == "Cart, empty"
    token_b = csrf_of(theirs.text)
    assert token_b != token_a
    assert _personal_parts_removed(theirs.text) == _personal_parts_removed(
        alice.get(page).text)

    # A token is good for its own visitor only.
    r = bob.post("/cart/add", data={"csrf_token": token_a, "product_id": pid, "quantity": "5"})
    assert r.status_code == 400 and "security token" in r.text
    assert _units(live) == 2
    r = bob.post("/cart/add", data={"csrf_token": token_b, "product_id": pid, "quantity": "5"})
    assert r.status_code == 302 and _units(live) == 7
    assert cart_link(bob.get(page).text) == "Cart 5 items"
    assert cart_link(alice.get(page).text) == "Cart 2 items"


def test_cart_add_without_a_token_is_refused(live):
    pid, page = _product(live)
    client = live.test_client()
    client.get(page)
    r = client.post("/cart/add", data={"product_id": pid, "quantity": "1"})
    assert r.status_code == 400 and _units(live) == 0


def test_signed_in_visitors_bypass_the_cache(live):
    pid, page = _product(live)
    with live.app_context():
        make_user("cached@example.com")
        db.session.commit()
    client = live.test_client()
    login_page = client.get("/account/login").text
    r = client.post("/account/login", data={"email": "cached@example.com", "password": PASSWORD,
                                            "csrf_token": csrf_of(login_page)})
    assert r.status_code == 302
    response = client.get(page)
    assert "X-Cache" not in response.headers
    assert "Sign out" in response.text
    client.post("/cart/add", data={"csrf_token": csrf_of(response.text), "product_id": pid,
                                   "quantity": "1"})
    assert cart_link(client.get(page).text) == "Cart 1 item"
    # an anonymous visitor's copy never shows the signed-in header
    other = live.test_client().get(page)
    assert "Sign out" not in other.text and cart_link(other.text) == "Cart, empty"


def test_a_cached_page_costs_few_queries_with_a_cart(live):
    pid, page = _product(live)
    client = live.test_client()
    token = csrf_of(client.get(page).text)
    client.post("/cart/add", data={"csrf_token": token, "product_id": pid, "quantity": "1"})
    client.get(page)  # the notice
    with count_queries(live) as statements:
        response = client.get(page)
    assert response.headers["X-Cache"] == "hit"
    # catalogue version, the change feed, stock and the cart count
    assert len(statements) <= 4, statements
