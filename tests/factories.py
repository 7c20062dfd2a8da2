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


DEFAULT_PASSWORD = "a long test password 1"


def make_user(email: str | None = None, *, password: str = DEFAULT_PASSWORD,
              role: str = "customer", verified: bool = True, **fields):
    """A user with a real password hash (flushed, not committed)."""
    from shop.accounts.models import User
    from shop.accounts.passwords import hash_password
    from shop.db import utcnow
    from shop.extensions import db

    n = next(_counter)
    user = User(email=email or f"user{n}@example.com", password_hash=hash_password(password),
                role=role, email_verified_at=utcnow() if verified else None, **fields)
    db.session.add(user)
    db.session.flush()
    return user


def make_supplier_organisation(name: str = "Test Supplier B.V.", country_code: str = "NL",
                               **fields):
    """A supplier organisation (flushed, not committed): what ``User.supplier_id`` and
    ``Product.supplier_id`` point at."""
    from shop.extensions import db
    from shop.suppliers.models import SupplierOrganisation

    organisation = SupplierOrganisation(name=name, country_code=country_code, **fields)
    db.session.add(organisation)
    db.session.flush()
    return organisation
