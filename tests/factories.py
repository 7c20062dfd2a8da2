"""Small factory functions that build test data through the real services."""

from __future__ import annotations

import itertools

from shop.catalog.models import Category, Product
from shop.catalog.services import (
    ProductInput,
    create_product,
    get_or_create_brand,
    get_or_create_category,
)
from shop.inventory import services as inventory

_counter = itertools.count(1)


def make_category(slug: str = "network-adapters", name: str | None = None,
                  parent: Category | None = None) -> Category:
    return get_or_create_category(slug, name or slug.replace("-", " ").title(), parent)


def make_product(**overrides) -> Product:
    n = next(_counter)
    category = overrides.pop("category", None) or make_category()
    brand = get_or_create_brand(overrides.pop("brand", "NVIDIA"))
    stock = overrides.pop("stock", 0)
    values = {
        "name": f"Test adapter {n}",
        "product_type": "adapter",
        "brand": brand,
        "category": category,
        "sku": f"T-{n:05d}",
        "mpn": f"TST{n:05d}-AB",
        "price_cents": 100_00,
        "summary": "A test product.",
        "description": "Used by the tests.",
        "specs": {"protocol": ["Ethernet"], "data_rate": [100], "form_factor": ["QSFP28"]},
    }
    values.update(overrides)
    product = create_product(ProductInput(**values))
    if stock:
        location = inventory.get_or_create_location("MAIN", "Main warehouse")
        inventory.receive(product.id, location.id, stock)
    return product
