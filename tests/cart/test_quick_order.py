"""Quick order: parsing pasted lists, matching them on the demo catalogue, and the page."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from shop.cart.models import CartLine
from shop.cart.quick import parse, parse_line, resolve
from shop.extensions import db
from tests.cart.helpers import adapter, flashes


@pytest.mark.parametrize("text,part,quantity", [
    ("MCX75310AAS-NEAT 4", "MCX75310AAS-NEAT", 4),
    ("4 x mcx75310aasneat", "mcx75310aasneat", 4),
    ("4x MCX75310AAS-NEAT", "MCX75310AAS-NEAT", 4),
    ("MCX75310AAS-NEAT x 4", "MCX75310AAS-NEAT", 4),
    ("MCX75310AAS-NEAT\t4", "MCX75310AAS-NEAT", 4),
    ("4\tMCX75310AAS-NEAT\tConnectX-7 card", "MCX75310AAS-NEAT", 4),
    ("MCX75310AAS-NEAT,4", "MCX75310AAS-NEAT", 4),
    ("MCX75310AAS-NEAT", "MCX75310AAS-NEAT", 1),
    ("  2 MCX75310AAS NEAT  ", "MCX75310AAS NEAT", 2),
    ("MCX75310AAS-NEAT 4.0", "MCX75310AAS-NEAT", 4),
    ("MCX75310AAS-NEAT 1,000", "MCX75310AAS-NEAT", 1000),
])
def test_line_shapes(text, part, quantity):
    line = parse_line(1, text)
    assert line.part == part
    if quantity is not None:
        assert line.quantity == quantity and line.error is None


@pytest.mark.parametrize("text,message", [
    ("MCX75310AAS-NEAT 0", "at least 1"), ("MCX75310AAS-NEAT -3", "at least 1"),
    ("MCX75310AAS-NEAT 2.5", "whole numbers"), ("MCX75310AAS-NEAT 10001", "at most 10,000"),
    ("MCX75310AAS-NEAT\tfour\t1.5", "whole numbers"),
])
def test_bad_quantities_are_reported(text, message):
    line = parse_line(3, text)
    assert line.quantity is None and message in line.error


def test_blank_lines_are_skipped_and_long_lists_say_what_was_left():
    lines, left = parse("\n\nA1 2\n  \nB2 3\n")
    assert [(q.number, q.part) for q in lines] == [(3, "A1"), (5, "B2")] and left == 0
    lines, left = parse("\n".join(f"PN{i} 1" for i in range(205)))
    assert len(lines) == 200 and left == 5


def test_matching_on_the_demo_catalogue(demo):
    text = "\n".join([
        "MCX75310AAS-NEAT 4",        # manufacturer part number
        "2 x fp-cx7-1p-ndr200",      # our SKU, lower case
        "900-9X766-003N-SQ0\t3",     # alternative number, from a spreadsheet
        "mcp7y00n001,2",             # no punctuation at all
        "MCX75310AAS-NEAX 1",        # a typo
        "ZZZ-NOTHING 1",             # nothing like it
        "MCX75310AAS-NEAT 0",        # a bad quantity
    ])
    lines, _ = parse(text)
    result = resolve(lines)
    assert [(q.number, q.product.mpn, q.quantity) for q in result.matched] == [
        (1, "MCX75310AAS-NEAT", 4), (2, "MCX75310AAS-HEAT", 2), (3, "MCX75310AAS-NEAT", 3),
        (4, "MCP7Y00-N001", 2)]
    typo, nothing = result.unknown
    assert typo.number == 5 and "MCX75310AAS-NEAT" in [c.mpn for c in typo.candidates]
    assert nothing.number == 6 and nothing.candidates == []
    assert [q.number for q in result.invalid] == [7]
    assert [q.number for q in result.problems] == [5, 6, 7]  # nothing dropped


def test_quick_order_page_adds_what_matches_and_lists_the_rest(app, web):
    with app.app_context():
        product = adapter("Quick card", mpn="QCK-1000-AB")
        db.session.commit()
        pid = product.id
    assert web.get("/cart/quick").status_code == 200
    r = web.post("/cart/quick", data={"parts": "qck1000ab 3\nQCK-1000-AX 2\nQCK-1000-AB 0"})
    assert r.status_code == 200
    page = r.text
    assert "Added to your cart" in page and "Line 1: 3 × Quick card" in page
    assert "Did you mean" in page and "Line 2" in page and "Line 3" in page
    assert "QCK-1000-AX 2\nQCK-1000-AB 0</textarea>" in page  # what is left, back in the box
    with app.app_context():
        assert db.session.execute(select(CartLine.product_id, CartLine.quantity)).all() == [
            (pid, 3)]
    r = web.post("/cart/quick", data={"parts": "QCK-1000-AB 1"})
    assert r.status_code == 302 and r.location == "/cart"
    assert flashes(web.get("/cart").text) == ["Added 1 line (1 unit) to your cart."]
    r = web.post("/cart/quick", data={"parts": "  "})
    assert r.status_code == 400 and "Paste at least one part number" in r.text
