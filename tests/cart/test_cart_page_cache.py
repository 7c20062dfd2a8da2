"""Cached pages stay shared although they carry add-to-cart forms: the CSRF token, the cart
count and notices are slots filled per visitor, and filled pages are private to browsers."""

from __future__ import annotations

import re
import time

import pytest
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


def test_guests_share_cached_pages_each_with_their_own_count(live):
    pid, page = _product(live)
    alice, bob = live.test_client(), live.test_client()

    first = alice.get(page)
    assert first.headers["X-Cache"] == "miss"
    assert first.headers["Cache-Control"] == "private, no-cache"
    assert "Cookie" in first.headers["Vary"]
    assert alice.get_cookie("session") is None  # a first view writes no session
    token_a = csrf_of(first.text)
    assert "<!--" not in first.text.split("<body>", 1)[1].replace("<!--stock", "")

    r = alice.post("/cart/add", data={"csrf_token": token_a, "product_id": pid,
                                      "quantity": "2", "next": page},
                   headers={"Sec-Fetch-Site": "same-origin"})
    assert r.status_code == 302 and alice.get_cookie("cart") is not None

    mine = alice.get(page)
    assert mine.headers["X-Cache"] == "hit"  # a session with a cart and a notice still shares
    assert cart_link(mine.text) == "Cart 2 items"
    assert flashes(mine.text) == ["Added 2 to your cart. Your cart now holds 2 of this product."]
    assert flashes(alice.get(page).text) == []  # a notice is shown once

    theirs = bob.get(page)
    assert theirs.headers["X-Cache"] == "hit"
    assert cart_link(theirs.text) == "Cart, empty"
    assert _personal_parts_removed(theirs.text) == _personal_parts_removed(
        alice.get(page).text)
    r = bob.post("/cart/add", data={"csrf_token": csrf_of(theirs.text), "product_id": pid,
                                    "quantity": "5"}, headers={"Origin": "http://localhost"})
    assert r.status_code == 302 and _units(live) == 7
    assert cart_link(bob.get(page).text) == "Cart 5 items"
    assert cart_link(alice.get(page).text) == "Cart 2 items"


def test_a_session_with_its_own_token_gets_it_on_cached_pages_and_nothing_else_passes(live):
    pid, page = _product(live)
    guest, member = live.test_client(), live.test_client()
    guest_token = csrf_of(guest.get(page).text)

    member.get("/cart")  # a page of forms gives the session its own token
    assert member.get_cookie("session") is not None
    own = member.get(page)
    assert own.headers["X-Cache"] == "hit"
    own_token = csrf_of(own.text)
    assert own_token != guest_token

    r = member.post("/cart/add", data={"csrf_token": guest_token, "product_id": pid,
                                       "quantity": "1"})
    assert r.status_code == 400 and "security token" in r.text and _units(live) == 0
    r = member.post("/cart/add", data={"csrf_token": own_token, "product_id": pid,
                                       "quantity": "1"})
    assert r.status_code == 302 and _units(live) == 1


@pytest.mark.parametrize("headers", [
    {"Sec-Fetch-Site": "cross-site"},
    {"Sec-Fetch-Site": "same-site"},
    {"Origin": "https://evil.example"},
    {"Origin": "null"},
    {"Sec-Fetch-Site": "cross-site", "Origin": "http://localhost"},
])
def test_the_guest_token_is_refused_from_another_site(live, headers):
    pid, page = _product(live)
    client = live.test_client()
    token = csrf_of(client.get(page).text)
    r = client.post("/cart/add", data={"csrf_token": token, "product_id": pid,
                                       "quantity": "1"}, headers=headers)
    assert r.status_code == 400 and _units(live) == 0


def test_the_guest_token_is_refused_where_a_form_does_not_take_it(live):
    """Only views marked ``takes_guest_token`` (adding to the cart) accept it: not signing
    in, not the cart's own buttons."""
    pid, page = _product(live)
    client = live.test_client()
    token = csrf_of(client.get(page).text)
    r = client.post("/account/login", data={"csrf_token": token, "email": "a@example.com",
                                            "password": "x" * 12})
    assert r.status_code == 400
    r = client.post("/cart/quick", data={"csrf_token": token, "parts": "ABC 1"})
    assert r.status_code == 400 and _units(live) == 0


def test_a_forged_or_old_guest_token_is_refused(live):
    from itsdangerous import TimestampSigner, URLSafeTimedSerializer

    from shop.form_tokens import GUEST_TOKEN_MAX_AGE

    class SignedLongAgo(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - GUEST_TOKEN_MAX_AGE - 60

    pid, page = _product(live)
    client = live.test_client()
    client.get(page)
    forged = URLSafeTimedSerializer("not-the-key", salt="guest-form-token").dumps("guest")
    old = URLSafeTimedSerializer(live.secret_key, salt="guest-form-token",
                                 signer=SignedLongAgo).dumps("guest")
    fresh = URLSafeTimedSerializer(live.secret_key, salt="guest-form-token").dumps("guest")
    assert client.post("/cart/add", data={"csrf_token": fresh, "product_id": pid,
                                          "quantity": "1"}).status_code == 302
    for token in (forged, old, "guest", ""):
        r = client.post("/cart/add", data={"csrf_token": token, "product_id": pid,
                                           "quantity": "1"})
        assert r.status_code == 400, token
    assert _units(live) == 1  # only the fresh one


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


def test_a_signed_in_visitor_never_posts_with_the_guest_token(live):
    pid, page = _product(live)
    with live.app_context():
        make_user("guest-token@example.com")
        db.session.commit()
    guest_token = csrf_of(live.test_client().get(page).text)
    client = live.test_client()
    r = client.post("/account/login", data={
        "email": "guest-token@example.com", "password": PASSWORD,
        "csrf_token": csrf_of(client.get("/account/login").text)})
    assert r.status_code == 302
    with client.session_transaction() as session:
        session.pop("csrf_token", None)  # signed in, and no token of the session's own yet
    r = client.post("/cart/add", data={"csrf_token": guest_token, "product_id": pid,
                                       "quantity": "1"})
    assert r.status_code == 400 and _units(live) == 0
    own = csrf_of(client.get(page).text)  # the page gives the session its own token
    assert own != guest_token
    r = client.post("/cart/add", data={"csrf_token": own, "product_id": pid, "quantity": "1"})
    assert r.status_code == 302 and _units(live) == 1


def test_the_guest_token_follows_a_new_secret_key_and_its_fallbacks(live):
    pid, page = _product(live)
    old_key = live.secret_key
    old_token = csrf_of(live.test_client().get(page).text)
    try:
        live.secret_key = "a-new-secret-key-for-this-test"
        fresh = live.test_client()
        new_token = csrf_of(fresh.get(page).text)
        assert new_token != old_token  # signed again at once with the new key
        assert fresh.post("/cart/add", data={"csrf_token": old_token, "product_id": pid,
                                             "quantity": "1"}).status_code == 400
        live.config["SECRET_KEY_FALLBACKS"] = [old_key]  # the old key, still accepted
        assert fresh.post("/cart/add", data={"csrf_token": old_token, "product_id": pid,
                                             "quantity": "1"}).status_code == 302
    finally:
        live.secret_key = old_key
        live.config["SECRET_KEY_FALLBACKS"] = []
    assert _units(live) == 1
