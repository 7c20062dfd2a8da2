"""The visitor's cart, for entry points: a signed-in user's cart, else the guest cart named
by the signed ``cart`` cookie. The cart itself lives in the database, so it survives
restarts and every worker on every host finds the same one.

Also here: the cookie that carries a new guest cart's token, the header's cart count (a page
slot, so cached pages can be shared by visitors holding different carts) and the merge of a
guest cart into the user's cart at sign-in.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, current_app, flash, g, has_request_context, request
from flask_login import current_user, user_logged_in
from itsdangerous import BadSignature, URLSafeSerializer
from markupsafe import Markup

from shop import page_slots
from shop.cart import queries, services
from shop.cart.models import Cart
from shop.extensions import db

log = logging.getLogger(__name__)

COOKIE = "cart"
COOKIE_MAX_AGE = 90 * 24 * 3600
_SALT = "shop.cart"
_UNSET = object()


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def sign_token(token: str) -> str:
    return _serializer().dumps(token)


def cookie_token() -> str | None:
    """The guest cart token of the signed cookie, or None (absent, forged or malformed)."""
    raw = request.cookies.get(COOKIE)
    if not raw or len(raw) > 200:
        return None
    try:
        token = _serializer().loads(raw)
    except BadSignature:
        return None
    return token if isinstance(token, str) else None


def _signed_in_id() -> int | None:
    return current_user.id if current_user.is_authenticated else None


def current_cart(create: bool = False) -> Cart | None:
    """This visitor's cart; with ``create``, a new one if they have none (for a guest the
    cookie is set as the response leaves). Never finds anybody else's cart."""
    cart = g.get("cart", _UNSET)
    if cart is not _UNSET and (cart is not None or not create):
        return cart
    user_id = _signed_in_id()
    if user_id is not None:
        cart = queries.cart_for_user(user_id)
        if cart is None and create:
            cart = services.get_or_create_for_user(user_id)
    else:
        token = cookie_token()
        cart = queries.cart_by_token(token) if token else None
        if cart is None and create:
            cart = services.create_guest_cart()
            g.cart_cookie = cart.token
    g.cart = cart
    return cart


def header_count() -> int:
    """Units in this visitor's cart, for the header (one query; none without a cart)."""
    config = current_app.config
    cookies = request.cookies
    if (COOKIE not in cookies and not g.get("cart_cookie")
            and config["SESSION_COOKIE_NAME"] not in cookies
            and config.get("REMEMBER_COOKIE_NAME", "remember_token") not in cookies):
        return 0  # a first visit: no cart and nobody signed in, nothing to look up
    user_id = _signed_in_id()
    if user_id is not None:
        return queries.item_count_for_user(user_id)
    token = g.get("cart_cookie") or cookie_token()
    return queries.item_count_by_token(token) if token else 0


def cart_slot() -> Markup:
    return page_slots.slot("cart", "link")


def _cart_values(args: frozenset[str]) -> dict[str, str]:
    try:
        count = header_count()
    except Exception:  # the count is decoration: an error page must still be sent
        log.exception("could not read the cart count")
        db.session.rollback()
        count = 0
    if count <= 0:
        text = 'Cart<span class="visually-hidden">, empty</span>'
    else:
        unit = "item" if count == 1 else "items"
        text = (f'Cart <span class="cart-count">{count:,}</span>'
                f'<span class="visually-hidden"> {unit}</span>')
    return {arg: text for arg in args}


def _set_cookie(response: Response) -> Response:
    token = g.get("cart_cookie", _UNSET)
    if token is _UNSET:
        return response
    config = current_app.config
    if token is None:
        response.delete_cookie(COOKIE, path="/", samesite="Lax",
                               secure=config.get("SESSION_COOKIE_SECURE", False), httponly=True)
    else:
        response.set_cookie(COOKIE, sign_token(token), max_age=COOKIE_MAX_AGE, path="/",
                            secure=config.get("SESSION_COOKIE_SECURE", False), httponly=True,
                            samesite="Lax")
    return response


def _merge_at_sign_in(sender, user, **extra) -> None:
    """A guest who signs in keeps what they put in the cart: merged into the user's cart,
    with a notice of what changed. A failure here must not stop the sign-in."""
    if not has_request_context():
        return
    token = cookie_token()
    if not token:
        return
    g.pop("cart", None)
    guest = queries.cart_by_token(token)
    if guest is None:
        g.cart_cookie = None
        return
    try:
        with db.session.begin_nested():
            notes = services.merge_guest_cart(guest, user.id)
        # The sign-in views commit right after login_user, but not every caller does.
        db.session.commit()
    except Exception:  # the guest cart stays for another try; the sign-in goes on
        log.exception("could not merge guest cart %s into the cart of user %s", guest.id,
                      user.id)
        return
    g.cart_cookie = None  # the guest cart is gone: so is its cookie
    for note in notes:
        flash(note, "info")


def _forget() -> None:
    """An app context (and its ``g``) can outlive a request: find the cart afresh."""
    g.pop("cart", None)
    g.pop("cart_cookie", None)


def init_app(app: Flask) -> None:
    app.jinja_env.globals["cart_slot"] = cart_slot
    page_slots.register(app, "cart", _cart_values, personal=True)
    app.before_request(_forget)
    app.after_request(_set_cookie)
    user_logged_in.connect(_merge_at_sign_in, app)
