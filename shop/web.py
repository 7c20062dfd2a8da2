"""Template helpers, request hooks and the page cache shared by every blueprint."""

from __future__ import annotations

import copy
import hashlib
import math
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from urllib.parse import urlencode

from flask import Flask, Response, current_app, g, has_request_context, request, session, url_for
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape
from werkzeug.datastructures import MultiDict

from shop import form_tokens, page_slots, stock_slots
from shop.accounts.countries import country_name
from shop.db import format_money, utcnow
from shop.errors import request_id
from shop.extensions import cache
from shop.security import register_security_headers

PRIVATE_BLUEPRINTS = frozenset({"accounts", "admin"})


def register_web(app: Flask) -> None:
    register_security_headers(app)
    page_slots.init_app(app)
    stock_slots.init_app(app)
    page_slots.register(app, "csrf", _csrf_values, personal=True)
    page_slots.register(app, "notices", _notice_values, personal=True)

    @app.before_request
    def start_timer():
        g.started = time.perf_counter()
        g.pop("page_query", None)  # an app context (and its g) can outlive a request
        request_id()

    @app.after_request
    def stamp(response: Response):
        response.headers.setdefault("X-Request-ID", request_id())
        if request.path.startswith("/static/"):
            response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
        elif (request.blueprint in PRIVATE_BLUEPRINTS or "_user_id" in session) and not (
                response.cache_control.no_store or (
                    request.blueprint not in PRIVATE_BLUEPRINTS
                    and response.cache_control.public)):
            # Account and back-office pages, and any page shown to a signed-in user, stay out
            # of every cache: shared proxies, and the browser's own disk. (Files that say
            # they are public, such as uploaded images, are the same for everyone; an
            # answer that says no-store already, such as a private file's, keeps its own.)
            response.headers["Cache-Control"] = "no-store"
        return response

    app.jinja_env.filters["money"] = format_money
    app.jinja_env.globals["static_url"] = static_url
    app.jinja_env.globals["query_without"] = query_without
    app.jinja_env.globals["query_with"] = query_with
    app.jinja_env.globals["query_drop"] = query_drop
    app.jinja_env.globals["country_name"] = country_name
    app.jinja_env.globals["csrf_slot"] = csrf_slot
    app.jinja_env.globals["notices_slot"] = notices_slot
    app.jinja_env.globals["page_query"] = page_query
    app.jinja_env.globals["current_url"] = current_url
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


def _csrf_values(args: frozenset[str]) -> dict[str, str]:
    """The session's own token when the visitor has one; else the guest token, which
    writes no session (``shop.form_tokens``)."""
    return {"": form_tokens.guest_token() if form_tokens.holds_guest_token() else generate_csrf()}


def notices_slot() -> Markup:
    """Where the notices flashed for this visitor appear (pages that show them elsewhere
    with the ``flashes()`` macro have taken them by then, and the slot stays empty)."""
    return page_slots.slot("notices")


def _notice_values(args: frozenset[str]) -> dict[str, str]:
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


def page_query() -> MultiDict:
    """The query parameters the page being rendered stands for: the normalised ones a cached
    view declared (``cached_page(query=…)``), else the request's own. Links built on the
    page (filters, sorting, pages, sign-in's ``next``) start from these."""
    query = g.get("page_query")
    return query if query is not None else request.args


def current_url() -> str:
    """The path and normalised query of the page being rendered (for ``next`` links)."""
    query = urlencode(list(page_query().items(multi=True)))
    return request.path + (f"?{query}" if query else "")


PAGE_KEY_PREFIX = "page:split2:"


def _page_key(version: int, vary: str, query: list[tuple[str, str]]) -> str:
    """The cache key: catalogue version, ``vary``, the origin the page's absolute links use
    (``SERVER_NAME`` in production, else the request's host), the path and the normalised
    parameters. Random query strings therefore all share one entry. The prefix names the
    layout of what is stored (``page_slots.SplitPage``), so a shared cache never hands one
    release's entries to another."""
    host = current_app.config.get("SERVER_NAME") or request.host
    address = f"{request.scheme}://{host}{request.script_root}{request.path}?{urlencode(query)}"
    return PAGE_KEY_PREFIX + hashlib.sha256(f"{version}|{vary}|{address}".encode()).hexdigest()


def cached_page(version: int, render, vary: str = "",
                query: Iterable[tuple[str, str]] = ()) -> Response | str:
    """Serve a rendered page from the cache, keyed on the path, the normalised parameters the
    view declares (``query``: (name, value) pairs in a fixed order; a view with none ignores
    the query string), the catalogue version and ``vary`` (whatever else the page depends on,
    such as which products are in stock). The page is rendered from the same parameters
    (``page_query``), so what it shows always matches its key.

    The version changes in the same transaction as any price, listing or content change,
    so a cached page is never stale; quantities and everything personal are never cached
    at all (slots, ``shop.page_slots``, are filled as every response leaves). A page whose
    content changes on a schedule says so with ``page_changes_at`` and is kept only until
    then. A page whose rendering wrote to the session is never stored. ``X-Cache`` says hit
    or miss.
    """
    query = list(query)
    g.page_query = MultiDict(query)
    if not page_cacheable():
        return render()
    key = _page_key(version, vary, query)
    hit = cache.get(key)
    if hit is not None:
        page, mimetype = hit
        return page_slots.filled_response(page, mimetype, {"X-Cache": "hit"})
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
        cache.set(key, (page_slots.split(response.get_data()), response.mimetype),
                  timeout=timeout)
    response.headers["X-Cache"] = "miss"
    return response


def query_without(key: str, value: str | None = None) -> str:
    """The current URL's query string with one filter value (or a whole key) removed."""
    args = page_query().copy()
    if value is None:
        args.poplist(key)
    else:
        kept = [v for v in args.getlist(key) if v != value]
        args.setlist(key, kept)
    args.pop("page", None)
    return _encode(args)


def query_drop(*keys: str) -> str:
    """The current query string without any of ``keys`` (and back to page 1)."""
    args = page_query().copy()
    for key in (*keys, "page"):
        args.poplist(key)
    return _encode(args)


def query_with(**updates) -> str:
    args = page_query().copy()
    for key, value in updates.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = str(value)
    return _encode(args)


def _encode(args) -> str:
    pairs = [(k, v) for k, vs in args.lists() for v in vs if v != ""]
    return "?" + urlencode(pairs) if pairs else request.path
