"""Helpers for the cart tests: products with stock, and reading pages."""

from __future__ import annotations

import re

from shop.catalog.models import ProductStatus
from shop.catalog.services import ChangeKind, record_change
from shop.extensions import db
from tests.factories import make_category, make_product

# Lane modes of a port or an end at each cage and rate the tests use (``shop.catalog.fit``).
MODES = {("QSFP28", 100): ["4x25"], ("QSFP56", 200): ["4x50"], ("OSFP", 400): ["4x100"],
         ("OSFP", 800): ["8x100"]}


def adapter(name: str = "Test adapter", stock: int = 10, price: int = 100_00, cage="QSFP28",
            rate=100, **kw):
    """An Ethernet adapter with two ports of ``cage`` at ``rate``."""
    kw.setdefault("ports", [{"count": 2, "cage": cage, "modes": MODES[(cage, rate)],
                             "protocols": ["Ethernet"],
                             **({"top": "flat"} if cage == "OSFP" else {})}])
    return make_product(name=name, stock=stock, price_cents=price, **kw)


def cable(name: str = "Test cable", cage: str = "QSFP28", rate: int = 100, stock: int = 10,
          price: int = 50_00, **kw):
    return make_product(
        name=name, product_type="cable", category=make_category("dac-cables"), stock=stock,
        price_cents=price, specs={"protocol": ["Ethernet"], "data_rate": [rate],
                                  "form_factor": [cage], "media": "DAC"},
        ends=[{"count": 2, "cage": cage, "modes": MODES[(cage, rate)],
               "protocols": ["Ethernet"], **({"top": "finned"} if cage == "OSFP" else {})}],
        **kw)


def unpublish(product) -> None:
    product.status = ProductStatus.ARCHIVED
    db.session.flush()
    record_change(ChangeKind.STRUCTURE, product.id)


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def cart_link(html: str) -> str:
    match = re.search(r'<a class="cart-link"[^>]*>(.*?)</a>', html)
    assert match, "no cart link in the header"
    return re.sub(r"<[^>]+>", "", match.group(1))


def flashes(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", m) for m in
            re.findall(r'<p class="flash flash-\w+">(.*?)</p>', html)]
