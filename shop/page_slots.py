"""Slots: the parts of a shared page that are filled in as each response leaves.

A page in the page cache (``shop.web.cached_page``) is shared by every visitor who is not
signed in, so its body must hold nothing that belongs to one moment or one visitor. What does
is written as a slot, an HTML comment such as ``<!--stock:badge:12-->``, ``<!--csrf-->`` or
``<!--cart:link-->``, and every HTML response is passed once through the fillers on its way
out: stock of this moment (``shop.stock_slots``), this visitor's CSRF token, this visitor's
cart count and notices. The cached copy keeps the slots; each visitor gets their own values.

A filler gets the set of arguments its slots carry on the page (``"badge:12"``) and returns
the text for each, so it can read everything it needs in one query. A filler that marks
itself personal makes the response ``Cache-Control: private, no-cache`` (unless it already says
``no-store``, which it keeps) with ``Vary: Cookie``, so no shared cache (a proxy, a CDN) ever
stores one visitor's filled page for another.

Slots are HTML comments, which nothing a user writes can produce: text is escaped (also in
attribute values), post bodies are sanitised (nh3 strips comments), JSON-LD escapes ``<``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, Response, current_app
from markupsafe import Markup

Filler = Callable[[frozenset[str]], dict[str, str]]
_NAME = re.compile(r"^[a-z]{2,16}$")


@dataclass(frozen=True)
class SlotKind:
    name: str
    fill: Filler
    personal: bool


class _Registry:
    def __init__(self) -> None:
        self.kinds: dict[bytes, SlotKind] = {}
        self.pattern: re.Pattern | None = None

    def add(self, kind: SlotKind) -> None:
        self.kinds[kind.name.encode()] = kind
        names = b"|".join(sorted(self.kinds))
        self.pattern = re.compile(rb"<!--(" + names + rb")(?::([a-z0-9:]{1,40}))?-->")


def _registry(app: Flask) -> _Registry:
    return app.extensions.setdefault("page_slots", _Registry())


def register(app: Flask, name: str, fill: Filler, *, personal: bool) -> None:
    """Declare a kind of slot: ``slot(name, arg)`` writes one, ``fill`` fills them."""
    if not _NAME.match(name):
        raise ValueError(f"bad slot name {name!r}")
    _registry(app).add(SlotKind(name, fill, personal))


def slot(name: str, arg: str | None = None) -> Markup:
    """The marker of one slot (``<!--name:arg-->``), for templates and page helpers."""
    return Markup(f"<!--{name}:{arg}-->" if arg else f"<!--{name}-->")


Pieces = tuple["bytes | tuple[bytes, str]", ...]


@dataclass(frozen=True)
class SplitPage:
    """A page cut at its slots (``split``): the text between slots as bytes, each slot as
    its (name, argument) pair, and every kind's arguments gathered once, so a hit neither
    searches the page nor gathers them again."""

    pieces: Pieces
    wanted: tuple[tuple[bytes, frozenset[str]], ...]


def split(body: bytes) -> SplitPage:
    """``body`` cut at its slots, for a page kept in the page cache."""
    registry = _registry(current_app)
    if registry.pattern is None or b"<!--" not in body:
        return SplitPage((body,), ())
    pieces: list[bytes | tuple[bytes, str]] = []
    wanted: dict[bytes, set[str]] = {}
    start = 0
    for match in registry.pattern.finditer(body):
        name, arg = match.group(1), (match.group(2) or b"").decode()
        pieces.append(body[start:match.start()])
        pieces.append((name, arg))
        wanted.setdefault(name, set()).add(arg)
        start = match.end()
    pieces.append(body[start:])
    return SplitPage(tuple(pieces), tuple((name, frozenset(args))
                                          for name, args in wanted.items()))


def fill_split(page: SplitPage) -> tuple[bytes, bool]:
    """A split page with every slot filled, and whether any of them was personal."""
    if not page.wanted:
        return b"".join(page.pieces), False
    kinds = _registry(current_app).kinds
    values: dict[tuple[bytes, str], bytes] = {}
    personal = False
    for name, args in page.wanted:
        kind = kinds[name]
        personal = personal or kind.personal
        for arg, text in kind.fill(args).items():
            values[(name, arg)] = text.encode()
    return b"".join(piece if type(piece) is bytes else values.get(piece, b"")
                    for piece in page.pieces), personal


def fill(body: bytes) -> tuple[bytes, bool]:
    """``body`` with every slot filled, and whether any of them was personal."""
    page = split(body)
    if not page.wanted:
        return body, False
    return fill_split(page)


def filled_response(page: SplitPage, mimetype: str,
                    headers: dict[str, str] | None = None) -> Response:
    """The response for a split page, filled now; the hook below leaves it alone."""
    body, personal = fill_split(page)
    response = Response(body, mimetype=mimetype, headers=headers)
    _mark(response, personal)
    response.slots_filled = True
    return response


def _mark(response: Response, personal: bool) -> None:
    if personal:
        if not response.cache_control.no_store:  # a page kept out of every cache stays so
            response.headers["Cache-Control"] = "private, no-cache"
        response.vary.add("Cookie")


def init_app(app: Flask) -> None:
    _registry(app)

    @app.after_request
    def fill_slots(response: Response) -> Response:
        if (getattr(response, "slots_filled", False) or response.direct_passthrough
                or response.mimetype != "text/html"):
            return response
        body = response.get_data()
        if b"<!--" not in body:
            return response
        filled, personal = fill(body)
        if filled is not body:
            response.set_data(filled)
        _mark(response, personal)
        return response
