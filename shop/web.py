"""Template helpers, request hooks and the page cache shared by every blueprint."""

from __future__ import annotations

import copy
import hashlib
import math
import time
from collections.abc import Callable
from datetime import UTC, datetime

from flask import Flask, Response, current_app, g, has_request_context, request, session, url_for
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

from shop import page_slots, stock_slots
from shop.accounts.countries import country_name
from shop.db import format_money, utcnow
from shop.errors import request_id
from shop.extensions import cache
from shop.security import register_security_headers


def register_web(app: Flask) -> None:
    register_security_headers(app)
    page_slots.init_app(app)
    stock_slots.init_app(app)
    page_slots.register(app, "csrf", _csrf_values, personal=True)
    page_slots.register(app, "notices", _notice_values, personal=True)

    @app.before_request
    def start_timer():
        g.started = time.perf_counter()
        request_id()

    @app.after_request
    def stamp(response: Response):
        response.headers.setdefault("X-Request-ID", request_id())
        if request.path.startswith("/static/"):
            response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
        return response

    app.jinja_env.filters["money"] = format_money
    app.jinja_env.globals["static_url"] = static_url
    app.jinja_env.globals["query_without"] = query_without
    app.jinja_env.globals["query_with"] = query_with
    app.jinja_env.globals["query_drop"] = query_drop
    app.jinja_env.globals["country_name"] = country_name
    app.jinja_env.globals["csrf_slot"] = csrf_slot
    app.jinja_env.globals["notices_slot"] = notices_slot
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def shop_context():
        return {"shop_name": current_app.config["SHOP_NAME"]}


def static_url(filename: str) -> str:
    """A static URL with a content hash, so files can be cached for a year.

    Files do not change while the app runs, so each URL is worked out once per process."""
    urls = current_app.extensions.setdefault("static_urls", {})
    key = (request.script_root if has_request_context() else "", filename)
    url = urls.get(key)
    if url is None:
        path = current_app.static_folder + "/" + filename
        try:
            with open(path, "rb") as handle:
                version = hashlib.sha256(handle.read()).hexdigest()[:10]
        except OSError:
            version = "0"
        url = urls[key] = url_for("static", filename=filename, v=version)
    return url


# --- personal slots: what a shared page holds for one visitor ----------------------------

def csrf_slot() -> Markup:
    """This visitor's CSRF token, as a slot: ``value="{{ csrf_slot() }}"`` on a form of a page
    that may come from the page cache (an add-to-cart button). The page body stays the same
    for every visitor; the token is put in as the response leaves."""
    return page_slots.slot("csrf")


def _csrf_values(args: set[str]) -> dict[str, str]:
    return {"": generate_csrf()}


def notices_slot() -> Markup:
    """Where the notices flashed for this visitor appear (pages that show them elsewhere
    with the ``flashes()`` macro have taken them by then, and the slot stays empty)."""
    return page_slots.slot("notices")


def _notice_values(args: set[str]) -> dict[str, str]:
    messages = session.pop("_flashes", None) if "_flashes" in session else None
    if not messages:
        return {"": ""}
    items = "".join(f'<p class="flash flash-{escape(category)}">{escape(message)}</p>'
                    for category, message in messages)
    return {"": f'<div class="flashes" role="status">{items}</div>'}


#: Session keys that say nothing about who the visitor is: the CSRF token (put in by a
#: slot), notices waiting to be shown (slots too) and Flask-Login's bookkeeping for a visitor
#: who is not signed in. A session holding only these still gets the shared pages.
ANONYMOUS_SESSION_KEYS = frozenset({"csrf_token", "_flashes", "_fresh", "_remember"})


def page_cacheable() -> bool:
    """GETs by visitors who are not signed in share a page: no remember-me cookie, and no
    session or one that holds nothing personal (``ANONYMOUS_SESSION_KEYS``). Everything on
    such a page that belongs to the visitor (CSRF token, cart count, notices) is a slot
    (``shop.page_slots``), filled per response. Signed-in visitors never share pages."""
    config = current_app.config
    if not config.get("PAGE_CACHE", False) or request.method != "GET":
        return False
    if config.get("REMEMBER_COOKIE_NAME", "remember_token") in request.cookies:
        return False
    if config["SESSION_COOKIE_NAME"] not in request.cookies:
        return True
    return "_user_id" not in session and ANONYMOUS_SESSION_KEYS.issuperset(session.keys())


def page_changes_at(when: Callable[[], datetime | None]) -> None:
    """Note that what the page being rendered shows will change on its own at the moment
    ``when()`` returns (a scheduled post going live), so the page cache keeps it no longer.
    ``when`` is asked only if the page may be cached at all."""
    if not has_request_context() or not page_cacheable():
        return
    moment = when()
    if moment is None:
        return
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    earliest = g.get("page_changes_at")
    if earliest is None or moment < earliest:
        g.page_changes_at = moment


def _cache_timeout() -> int | None:
    """Seconds to keep the page just rendered, or None when it must not be kept."""
    timeout = current_app.config["PAGE_CACHE_TIMEOUT"]
    moment = g.get("page_changes_at")
    if moment is not None:
        left = math.ceil((moment - utcnow()).total_seconds())
        if left < 1:
            return None
        timeout = min(timeout, left)
    return timeout


def cached_page(version: int, render, vary: str = "") -> Response | str:
    """Serve a rendered page from the cache, keyed on the URL, the catalogue version and
    ``vary`` (whatever else the page depends on, such as which products are in stock).

    The version changes in the same transaction as any price, listing or content change,
    so a cached page is never stale; quantities and everything personal are never cached
    at all (slots, ``shop.page_slots``, are filled as every response leaves). A page whose
    content changes on a schedule says so with ``page_changes_at`` and is kept only until
    then. A page whose rendering wrote to the session is never stored. ``X-Cache`` says hit
    or miss.
    """
    if not page_cacheable():
        return render()
    key = "page:" + hashlib.sha256(f"{version}|{vary}|{request.url}".encode()).hexdigest()
    hit = cache.get(key)
    if hit is not None:
        body, mimetype = hit
        return Response(body, mimetype=mimetype, headers={"X-Cache": "hit"})
    # Flask-Login marks a non-empty session of a visitor who is not signed in as not fresh
    # the first time it looks; let it do so now, so only what the page writes counts below.
    current_user._get_current_object()
    before = copy.deepcopy(dict(session)) if session else {}
    result = render()
    response = current_app.make_response(result)
    timeout = _cache_timeout()
    unchanged = not session.modified or dict(session) == before
    if (response.status_code == 200 and unchanged
            and not response.direct_passthrough and timeout is not None):
        cache.set(key, (response.get_data(), response.mimetype), timeout=timeout)
    response.headers["X-Cache"] = "miss"
    return response


def query_without(key: str, value: str | None = None) -> str:
    """The current URL's query string with one filter value (or a whole key) removed."""
    args = request.args.copy()
    if value is None:
        args.poplist(key)
    else:
        kept = [v for v in args.getlist(key) if v != value]
        args.setlist(key, kept)
    args.pop("page", None)
    return _encode(args)


def query_drop(*keys: str) -> str:
    """The current query string without any of ``keys`` (and back to page 1)."""
    args = request.args.copy()
    for key in (*keys, "page"):
        args.poplist(key)
    return _encode(args)


def query_with(**updates) -> str:
    args = request.args.copy()
    for key, value in updates.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = str(value)
    return _encode(args)


def _encode(args) -> str:
    from urllib.parse import urlencode

    pairs = [(k, v) for k, vs in args.lists() for v in vs if v != ""]
    return "?" + urlencode(pairs) if pairs else request.path
