"""Stock shown on pages: written into a page as a slot, filled in as the page is sent.

Pages are cached whole and shared between visitors (``shop.web.cached_page``), keyed on the
catalogue version, which prices and listings move but sales do not: a version that every sale
bumped would empty the cache under sales traffic and make every sale lock one row. So a
template never prints a quantity. It prints a slot (``stock_slot(product_id)``, an HTML
comment), the cached copy keeps the slot, and every response that carries one gets it filled
from the database as it leaves, with one query for all the products on the page. A visitor
always sees the quantity of this moment, on a page that may be an hour old.

Slots are HTML comments, which nothing a user writes can produce: text is escaped, post bodies
are sanitised (nh3 strips comments), and JSON-LD escapes ``<``.
"""

from __future__ import annotations

import re

from flask import Flask, Response
from markupsafe import Markup, escape

from shop.inventory.queries import availability_by_location

SLOT = re.compile(rb"<!--stock:(badge|where|ld):(\d{1,12})-->")
KINDS = ("badge", "where", "ld")


def stock_slot(product_id: int, kind: str = "badge") -> Markup:
    """A slot for one product's stock, in one of three shapes:

    ``badge`` "12 in stock" or "Out of stock"; ``where`` the units per location when they
    lie in more than one (else nothing); ``ld`` the schema.org availability URL, for JSON-LD.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown stock slot {kind!r}")
    return Markup(f"<!--stock:{kind}:{int(product_id)}-->")


def _badge(total: int) -> str:
    if total > 0:
        return f'<span class="stock in">{total} in stock</span>'
    return '<span class="stock out">Out of stock</span>'


def _where(locations: list[tuple[str, int]]) -> str:
    if len(locations) < 2 or sum(qty for _, qty in locations) <= 0:
        return ""
    items = "".join(f"<li>{escape(name)}: {qty}</li>" for name, qty in locations)
    return f'<ul class="locations">{items}</ul>'


def _ld(total: int) -> str:
    return "https://schema.org/InStock" if total > 0 else "https://schema.org/OutOfStock"


def fill(body: bytes) -> bytes:
    """Replace every slot in ``body`` with the stock it stands for."""
    ids = {int(m.group(2)) for m in SLOT.finditer(body)}
    if not ids:
        return body
    stock = availability_by_location(ids)

    def one(match: re.Match) -> bytes:
        locations = stock.get(int(match.group(2)), [])
        total = sum(qty for _, qty in locations)
        kind = match.group(1)
        text = _badge(total) if kind == b"badge" else _ld(total) if kind == b"ld" \
            else _where(locations)
        return text.encode()

    return SLOT.sub(one, body)


def init_app(app: Flask) -> None:
    app.jinja_env.globals["stock_slot"] = stock_slot

    @app.after_request
    def fill_stock_slots(response: Response) -> Response:
        if response.direct_passthrough or response.mimetype != "text/html":
            return response
        body = response.get_data()
        if b"<!--stock:" in body:
            response.set_data(fill(body))
        return response
