"""Form tokens for visitors who hold no session: one shared, signed token per hour.

A page from the shared page cache carries add-to-cart forms, and the CSRF token of such a
form is a slot filled as the response leaves (``shop.web.csrf_slot``). Flask-WTF's token is
tied to a random value kept in the session, so filling it for a visitor who has no session
yet would write one: a new cookie, a signature and a serialisation on every page view of
every first-time visitor and crawler, most of whom never post anything.

Such a visitor gets the *guest token* instead: signed with the secret key for the forms that
declare they take it (``takes_guest_token``; adding to the cart), the same for everyone for an
hour. A form posted with it passes when

- nobody is signed in and the session holds no CSRF value (anyone who has one is checked
  against it, as every other form is; a guest token is never a way around a session's own
  token),
- the token is genuine and at most ``GUEST_TOKEN_MAX_AGE`` old, and
- the browser says the post comes from this site: ``Sec-Fetch-Site`` when sent, else
  ``Origin`` when sent, must name this origin. Current browsers send both with a form post
  from another site, which is refused.

A request with neither header comes from something other than a current browser (a script,
or a browser from before 2020, which sent no ``Origin`` with form posts); the token is then
all that is checked. What a guest token can do is limited to the forms that declare it: a
forged add-to-cart post could at worst put an item in the cart of a visitor who holds
nothing with us, not signed in.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from flask import current_app, g, request, session
from flask_wtf import CSRFProtect
from itsdangerous import BadData, URLSafeTimedSerializer

GUEST_TOKEN_MAX_AGE = 6 * 3600
_REFRESH = 3600
_SALT = "guest-form-token"
_PAYLOAD = "guest"


def takes_guest_token(view: Callable) -> Callable:
    """Mark a view whose form may be posted with the guest token (see the module's text)."""
    view.takes_guest_token = True
    return view


def holds_guest_token() -> bool:
    """Whether this visitor's forms carry the guest token: nobody is signed in and the
    session holds no CSRF value of its own (everyone else gets and is checked against the
    session's token, written for them as it always was)."""
    field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    return field not in session and "_user_id" not in session


def guest_token() -> str:
    """The guest token of this hour, signed once per hour and process."""
    app = current_app._get_current_object()
    now = time.time()
    keys = _keys()
    held = app.extensions.get("guest_form_token")
    if held is None or now - held[0] >= _REFRESH or held[1] != keys:
        held = (now, keys, _serializer().dumps(_PAYLOAD))
        app.extensions["guest_form_token"] = held
    return held[2]


def _keys() -> tuple:
    """The keys that sign (the last) and verify guest tokens: Flask-WTF's own CSRF key if
    set, else the app's secret key after the fallbacks it still accepts while keys rotate."""
    config = current_app.config
    if config.get("WTF_CSRF_SECRET_KEY"):
        return (config["WTF_CSRF_SECRET_KEY"],)
    return (*(config.get("SECRET_KEY_FALLBACKS") or ()), current_app.secret_key)


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(list(_keys()), salt=_SALT)


def _posted_token() -> str | None:
    field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    return request.form.get(field) or None


def _from_this_site() -> bool:
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site == "same-origin"
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    own = {f"{request.scheme}://{request.host}"}
    public = current_app.config.get("PUBLIC_BASE_URL")
    if public:
        own.add(public.rstrip("/"))
    return origin in own


def accepts_guest_token() -> bool:
    """Whether this post passes on the guest token (every rule of the module's text)."""
    if request.method != "POST" or not holds_guest_token():
        return False
    view = current_app.view_functions.get(request.endpoint or "")
    if not getattr(view, "takes_guest_token", False):
        return False
    token = _posted_token()
    if token is None or not _from_this_site():
        return False
    try:
        return _serializer().loads(token, max_age=GUEST_TOKEN_MAX_AGE) == _PAYLOAD
    except BadData:
        return False


class ShopCSRFProtect(CSRFProtect):
    """Flask-WTF's protection, which also lets a guest token through where a view takes it.
    Everything else (exemptions, the session's token, the referrer check over HTTPS) is
    Flask-WTF's own."""

    def protect(self, apply_exemptions: bool = False):
        if request.method not in current_app.config["WTF_CSRF_METHODS"]:
            return  # where Flask-WTF ends too, after looking up exemptions it needs not
        if accepts_guest_token():
            g.csrf_valid = True  # FlaskForm then skips its own check, as after protect()
            return
        return super().protect(apply_exemptions=apply_exemptions)
