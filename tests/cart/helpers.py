"""Helpers for the cart tests: products with stock, and reading pages."""

from __future__ import annotations

import re

from shop.catalog.models import ProductStatus
from shop.catalog.services import ChangeKind, record_change
from shop.extensions import db
from tests.factories import make_category, make_product


def adapter(name: str = "Test adapter", stock: int = 10, price: int = 100_00, **kw):
    return make_product(name=name, stock=stock, price_cents=price, **kw)


def cable(name: str = "Test cable", cage: str = "QSFP28", rate: int = 100, stock: int = 10,
          price: int = 50_00, **kw):
    return make_product(
        name=name, product_type="cable", category=make_category("dac-cables"), stock=stock,
        price_cents=price, specs={"data_rate": [rate], "form_factor": [cage]},
        fits=[(cage, rate)], **kw)


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
