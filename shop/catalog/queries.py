"""Reads of the catalogue: categories, product pages, home sections (compatibility lists
are in ``shop.catalog.compatibility``)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import defer, selectinload

from shop.catalog.edit_models import ProductEvent
from shop.catalog.facet_index import current_version
from shop.catalog.follower import caught_up_version
from shop.catalog.models import (
    Category,
    Product,
    ProductImage,
    ProductSpec,
    ProductStatus,
)
from shop.catalog.specs import CARD_SPECS, SPECS, key_spec_labels
from shop.extensions import db

PUBLISHED = Product.status == ProductStatus.PUBLISHED


def catalog_version() -> int:
    """The catalogue's current version: cache keys and the facet index follow it.

    Read once per request (views redirect after writing, so it cannot move underneath),
    in the same statement as the change feed (``catalog.follower``)."""
    from flask import g, has_request_context

    if not has_request_context():
        return current_version()
    if g.get("catalog_version") is None:
        version = caught_up_version()
        g.catalog_version = current_version() if version is None else version
    return g.catalog_version


def all_categories() -> list[Category]:
    return list(
        db.session.execute(select(Category).order_by(Category.position, Category.name)).scalars()
    )


@dataclass(frozen=True)
class CategoryLink:
    """A category as menus show it: plain data, safe to keep between requests."""

    id: int
    slug: str
    name: str
    description: str
    children: tuple[CategoryLink, ...] = ()


def category_menu(version: int) -> tuple[CategoryLink, ...]:
    """The top categories with their children, read once per catalogue version per process."""
    from flask import current_app

    memo = current_app.extensions.setdefault("category_menu", {})
    if memo.get("version") != version:
        memo["menu"] = tuple(
            CategoryLink(c.id, c.slug, c.name, c.description,
                         tuple(CategoryLink(k.id, k.slug, k.name, k.description)
                               for k in c.children))
            for c in top_categories()
        )
        memo["version"] = version
    return memo["menu"]


def category_id_by_slug(slug: str, version: int) -> int | None:
    """A category's id from its slug, from a map read once per catalogue version per process
    (a cached listing needs the id before it knows whether the page is in the cache)."""
    from flask import current_app

    memo = current_app.extensions.setdefault("category_ids", {})
    if memo.get("version") != version:
        memo["ids"] = dict(db.session.execute(select(Category.slug, Category.id)).all())
        memo["version"] = version
    return memo["ids"].get(slug)


def top_categories() -> list[Category]:
    return list(
        db.session.execute(
            select(Category)
            .where(Category.parent_id.is_(None))
            .order_by(Category.position, Category.name)
            .options(selectinload(Category.children))
        ).scalars()
    )


def category_by_slug(slug: str) -> Category | None:
    return db.session.execute(select(Category).where(Category.slug == slug)).scalar_one_or_none()


def descendant_ids(category: Category) -> list[int]:
    """The category and every category below it (the tree is small: read it once)."""
    children: dict[int | None, list[int]] = {}
    for cid, parent_id in db.session.execute(select(Category.id, Category.parent_id)):
        children.setdefault(parent_id, []).append(cid)
    out, stack = [], [category.id]
    while stack:
        cid = stack.pop()
        out.append(cid)
        stack.extend(children.get(cid, []))
    return out


def breadcrumbs(category: Category) -> list[Category]:
    trail, node = [], category
    while node is not None:
        trail.append(node)
        node = node.parent
    return list(reversed(trail))


def product_by_slug(slug: str) -> Product | None:
    return db.session.execute(
        select(Product)
        .where(Product.slug == slug, PUBLISHED)
        .options(
            selectinload(Product.specs),
            selectinload(Product.images),
            selectinload(Product.documents),
            selectinload(Product.interfaces),
        )
    ).scalar_one_or_none()


def products_by_ids(ids: list[int]) -> list[Product]:
    """Published products in the order of ``ids``, with what a card needs loaded."""
    if not ids:
        return []
    rows = db.session.execute(
        select(Product)
        .where(Product.id.in_(ids), PUBLISHED)
        .options(
            defer(Product.description), selectinload(Product.images),
            selectinload(Product.specs),
        )
    ).scalars().all()
    by_id = {p.id: p for p in rows}
    return [by_id[i] for i in ids if i in by_id]


@dataclass(frozen=True)
class Card:
    """What a product card shows, read with three plain queries (listings show dozens)."""

    id: int
    slug: str
    name: str
    mpn: str
    price_cents: int
    currency: str
    eol: bool
    image_path: str | None
    key_specs: tuple[str, ...]


def cards_by_ids(ids: list[int]) -> list[Card]:
    """Cards for published products, in the order of ``ids``."""
    if not ids:
        return []
    rows = db.session.execute(
        select(Product.id, Product.slug, Product.name, Product.mpn, Product.price_cents,
               Product.currency, Product.eol).where(Product.id.in_(ids), PUBLISHED)
    ).all()
    images: dict[int, str] = {}
    for pid, path in db.session.execute(
        select(ProductImage.product_id,
               func.coalesce(ProductImage.thumb_path, ProductImage.path))
        .where(ProductImage.product_id.in_(ids))
        .order_by(ProductImage.product_id, ProductImage.position.desc())
    ):
        images[pid] = path  # the last one written is position 0
    specs: dict[int, list[tuple[str, str]]] = {}
    for pid, code, num, text, flag in db.session.execute(
        select(ProductSpec.product_id, ProductSpec.code, ProductSpec.num, ProductSpec.text,
               ProductSpec.flag)
        .where(ProductSpec.product_id.in_(ids), ProductSpec.code.in_(CARD_SPECS))
        .order_by(ProductSpec.id)
    ):
        value = num if num is not None else flag if flag is not None else text
        specs.setdefault(pid, []).append((code, SPECS[code].display(value)))
    by_id = {
        r.id: Card(r.id, r.slug, r.name, r.mpn, r.price_cents, r.currency, r.eol,
                   images.get(r.id), key_spec_labels(specs.get(r.id, ())))
        for r in rows
    }
    return [by_id[i] for i in ids if i in by_id]


def best_sellers(limit: int = 8) -> list[Card]:
    ids = db.session.execute(
        select(Product.id).where(PUBLISHED).order_by(Product.sales_count.desc(), Product.id)
        .limit(limit)
    ).scalars().all()
    return cards_by_ids(list(ids))


def new_arrivals(limit: int = 8) -> list[Card]:
    ids = db.session.execute(
        select(Product.id).where(PUBLISHED)
        .order_by(Product.published_at.desc(), Product.id.desc()).limit(limit)
    ).scalars().all()
    return cards_by_ids(list(ids))


def sitemap_entries() -> tuple[list[tuple[str, object]], list[str]]:
    """(product slug, last modified) for every published product, and category slugs."""
    products = db.session.execute(
        select(Product.slug, Product.updated_at).where(PUBLISHED).order_by(Product.id)
    ).all()
    categories = db.session.execute(select(Category.slug).order_by(Category.id)).scalars().all()
    return [(s, u) for s, u in products], list(categories)


def product_for_edit(product_id: int) -> Product | None:
    """A product of any status with everything its editing pages show."""
    return db.session.execute(
        select(Product).where(Product.id == product_id)
        .options(selectinload(Product.specs), selectinload(Product.images),
                 selectinload(Product.documents), selectinload(Product.interfaces),
                 selectinload(Product.successor))
    ).scalar_one_or_none()


def product_events(product_id: int, limit: int = 20) -> list[ProductEvent]:
    """A product's status changes, newest first."""
    return list(db.session.scalars(
        select(ProductEvent).where(ProductEvent.product_id == product_id)
        .order_by(ProductEvent.created_at.desc(), ProductEvent.id.desc()).limit(limit)))
