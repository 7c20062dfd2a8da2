"""Template helpers, request hooks and the page cache shared by every blueprint."""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Callable
from datetime import UTC, datetime

from flask import Flask, Response, current_app, g, has_request_context, request, session, url_for

from shop import stock_slots
from shop.accounts.countries import country_name
from shop.db import format_money, utcnow
from shop.errors import request_id
from shop.extensions import cache
from shop.security import register_security_headers


def register_web(app: Flask) -> None:
    register_security_headers(app)
    stock_slots.init_app(app)

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


def page_cacheable() -> bool:
    """Only anonymous GETs, with neither a session nor a remember-me cookie, share a page."""
    private = (current_app.config["SESSION_COOKIE_NAME"],
               current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token"))
    return (
        current_app.config.get("PAGE_CACHE", False)
        and request.method == "GET"
        and not any(name in request.cookies for name in private)
    )


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
    so a cached page is never stale; quantities are never cached at all (stock slots,
    ``shop.stock_slots``, are filled as every response leaves). A page whose content
    changes on a schedule says so with ``page_changes_at`` and is kept only until then.
    Pages that touched the session are never stored. ``X-Cache`` says hit or miss.
    """
    if not page_cacheable():
        return render()
    key = "page:" + hashlib.sha256(f"{version}|{vary}|{request.url}".encode()).hexdigest()
    hit = cache.get(key)
    if hit is not None:
        body, mimetype = hit
        return Response(body, mimetype=mimetype, headers={"X-Cache": "hit"})
    result = render()
    response = current_app.make_response(result)
    timeout = _cache_timeout()
    if (response.status_code == 200 and not session.modified
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
