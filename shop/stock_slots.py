"""Stock shown on pages: written into a page as a slot, filled in as the page is sent.

Pages are cached whole and shared between visitors (``shop.web.cached_page``), keyed on the
catalogue version, which prices and listings move but sales do not: a version that every sale
bumped would empty the cache under sales traffic and make every sale lock one row. So a
template never prints a quantity. It prints a slot (``stock_slot(product_id)``, an HTML
comment), the cached copy keeps the slot, and every response that carries one gets it filled
from the database as it leaves, with one query for all the products on the page. A visitor
always sees the quantity of this moment, on a page that may be an hour old. Stock slots are
one kind of the page slots of ``shop.page_slots``, filled together in one pass.

Slots are HTML comments, which nothing a user writes can produce: text is escaped, post bodies
are sanitised (nh3 strips comments), and JSON-LD escapes ``<``.
"""

from __future__ import annotations

import re

from flask import Flask
from markupsafe import Markup, escape

from shop import page_slots
from shop.db import utcnow
from shop.inventory.availability_cache import availability
from shop.inventory.queries import Arriving, arriving_for

SLOT = re.compile(rb"<!--stock:(badge|where|ld|arriving|due):(\d{1,12})-->")
KINDS = ("badge", "where", "ld", "arriving", "due")


def stock_slot(product_id: int, kind: str = "badge") -> Markup:
    """A slot for one product's stock, in one of three shapes:

    ``badge`` "12 in stock" or "Out of stock"; ``where`` the units per location when they
    lie in more than one (else nothing); ``ld`` the schema.org availability URL, for JSON-LD;
    ``arriving`` "20 more arriving around 14 March 2027" from open purchase orders when none
    is available, else nothing (so an in-stock page reads nothing more); ``due`` the same
    note whatever the stock (for a cart line that asks for more than is available).
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


def _arriving(arriving: Arriving | None) -> str:
    if arriving is None or arriving.total <= 0:
        return ""
    when, units = arriving.batches[0]
    if when is None:
        text = f"{units} more on order"
    elif when < utcnow().date():
        text = f"{units} more arriving soon"
    else:
        text = f"{units} more arriving around {when.day} {when:%B %Y}"
    later = arriving.total - units
    if later > 0:
        text += f", {later} more after that"
    return f'<span class="arriving">{escape(text)}</span>'


def values(args: frozenset[str]) -> dict[str, str]:
    """The text of each stock slot on a page (``"badge:12"``), from the worker's copy of
    availability (``inventory.availability_cache``; one query for what it lacks), and one
    query of purchase orders when an arrival note may show."""
    wanted = [(kind, int(pid)) for kind, _, pid in (a.partition(":") for a in args)
              if kind in KINDS and pid.isdigit()]
    stock = availability({pid for _, pid in wanted})
    totals = {pid: sum(qty for _, qty in stock.get(pid, [])) for _, pid in wanted}
    notes = _arrival_notes(wanted, totals)
    out = {}
    for kind, pid in wanted:
        total = totals[pid]
        if kind in ("arriving", "due"):
            out[f"{kind}:{pid}"] = notes.get((kind, pid), "")
        else:
            out[f"{kind}:{pid}"] = (_badge(total) if kind == "badge" else _ld(total)
                                    if kind == "ld" else _where(stock.get(pid, [])))
    return out


def _arrival_notes(wanted: list[tuple[str, int]], totals: dict[int, int],
                   ) -> dict[tuple[str, int], str]:
    """The arrival notes of the ``arriving`` slots of sold-out products and of every ``due``
    slot: one query, none when no note can show."""
    shown = [(kind, pid) for kind, pid in wanted
             if kind == "due" or (kind == "arriving" and totals[pid] <= 0)]
    if not shown:  # an in-stock product page costs no query more
        return {}
    arriving = arriving_for({pid for _, pid in shown})
    return {(kind, pid): _arriving(arriving.get(pid)) for kind, pid in shown}


def fill(body: bytes) -> bytes:
    """Replace every stock slot in ``body`` with the stock it stands for."""
    found = {f"{m.group(1).decode()}:{int(m.group(2))}" for m in SLOT.finditer(body)}
    if not found:
        return body
    text = values(found)
    return SLOT.sub(lambda m: text[f"{m.group(1).decode()}:{int(m.group(2))}"].encode(), body)


def init_app(app: Flask) -> None:
    """Stock slots are filled with every other slot (``shop.page_slots``); they are the same
    for every visitor, so they do not make a page personal."""
    app.jinja_env.globals["stock_slot"] = stock_slot
    page_slots.register(app, "stock", values, personal=False)
