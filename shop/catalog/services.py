"""Writes of the catalogue. Services add and flush; the entry point commits."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache

from slugify import slugify
from sqlalchemy import BigInteger, Text, bindparam, cast, delete, func, insert, select, update

from shop.catalog.exceptions import InvalidProduct
from shop.catalog.fit import Connector, connector_from, port_role
from shop.catalog.models import (
    SIDE_END,
    SIDE_PORT,
    Brand,
    CatalogChange,
    CatalogVersion,
    Category,
    ChangeKind,
    Product,
    ProductDocument,
    ProductIdentifier,
    ProductImage,
    ProductInterface,
    ProductSpec,
    ProductStatus,
)
from shop.catalog.partnumbers import normalise
from shop.catalog.search import index_product
from shop.catalog.specs import ProductType, SpecError, coerce
from shop.db import utcnow
from shop.extensions import db


def record_change(kind: ChangeKind, product_id: int | None = None) -> None:
    """Write a change into the catalogue's change feed, in the change's own transaction.

    The facet index of every worker reads the feed at its next request, so a price or
    stock change is seen at once. Price, listing and content changes also bump the version
    that cached pages are keyed on; stock changes do not, so two sales of different
    products share no row (stock reaches cached pages through ``shop.stock_slots``).
    """
    if kind is not ChangeKind.STOCK:
        _bump_version()
    postgresql = db.session.get_bind().dialect.name == "postgresql"
    db.session.execute(_change_stmt(postgresql), {
        "product_id": product_id, "kind": kind.value, "created_at": utcnow()})


FEED_ROWS_PER_CALL = 1000  # more changes at once: one row for "many products"


def record_changes(kind: ChangeKind, product_ids: Iterable[int]) -> None:
    """``record_change`` for many products at once (imports, bulk edits): one feed row each in one
    statement, or a single row for "many products" (readers reload everything) past
    ``FEED_ROWS_PER_CALL``; the version is bumped once."""
    ids = list(dict.fromkeys(product_ids))
    if not ids:
        return
    if len(ids) > FEED_ROWS_PER_CALL:
        record_change(kind)
        return
    if kind is not ChangeKind.STOCK:
        _bump_version()
    postgresql = db.session.get_bind().dialect.name == "postgresql"
    now = utcnow()
    db.session.execute(_change_stmt(postgresql), [
        {"product_id": pid, "kind": kind.value, "created_at": now} for pid in ids])


def mark_edited(product: Product) -> None:
    """Mark an edit of ``product`` (see ``Product.version``): forms loaded before it are told
    what changed instead of overwriting it."""
    product.version = Product.version + 1


@cache
def _change_stmt(postgresql: bool):
    """The feed row's INSERT (built once: every sale writes one). PostgreSQL rows also record
    the writing transaction id."""
    stmt = insert(CatalogChange)
    if postgresql:
        stmt = stmt.values(txid=cast(cast(func.pg_current_xact_id(), Text), BigInteger))
    return stmt


def _bump_version() -> None:
    version = db.session.execute(
        update(CatalogVersion)
        .where(CatalogVersion.id == 1)
        .values(version=CatalogVersion.version + 1, changed_at=utcnow())
        .returning(CatalogVersion.version)
    ).scalar_one_or_none()
    if version is None:
        db.session.add(CatalogVersion(id=1, version=1))
        db.session.flush()


def prune_changes(older_than: datetime) -> int:
    """Delete feed rows written before ``older_than``, always keeping the newest row (on
    SQLite the next id follows it). A reader that has not read the feed since then
    rebuilds instead of replaying (``facet_index.STALE_AFTER`` is shorter than any
    retention this is called with). Returns how many rows went."""
    newest = db.session.execute(select(func.max(CatalogChange.id))).scalar()
    if newest is None:
        return 0
    result = db.session.execute(
        delete(CatalogChange).where(CatalogChange.created_at < older_than,
                                    CatalogChange.id != newest)
    )
    return result.rowcount or 0


def get_or_create_brand(name: str, description: str = "") -> Brand:
    brand = db.session.execute(select(Brand).where(Brand.name == name)).scalar_one_or_none()
    if brand is None:
        brand = Brand(name=name, slug=slugify(name), description=description)
        db.session.add(brand)
        db.session.flush()
    return brand


def get_or_create_category(
    slug: str, name: str, parent: Category | None = None, description: str = "", position: int = 0
) -> Category:
    category = db.session.execute(
        select(Category).where(Category.slug == slug)
    ).scalar_one_or_none()
    if category is None:
        category = Category(
            slug=slug, name=name, parent=parent, description=description, position=position
        )
        db.session.add(category)
        db.session.flush()
    return category


@dataclass
class ProductInput:
    """What a new product needs; plain values, no request objects."""

    name: str
    product_type: str
    brand: Brand
    category: Category
    sku: str
    mpn: str
    price_cents: int
    currency: str = "USD"
    alt_part_number: str | None = None
    gtin: str | None = None
    summary: str = ""
    description: str = ""
    specs: Mapping[str, object] = field(default_factory=dict)
    # Groups of ports (switches, adapters, emulators) or ends (cables, transceivers), as
    # plain data read by ``shop.catalog.fit.connector_from``.
    ports: Iterable[Mapping] = ()
    ends: Iterable[Mapping] = ()
    images: Iterable[tuple[str, str]] = ()  # (static path, alt text)
    # (title, url) or (title, url, kind): kind "datasheet" (the part's own datasheet,
    # product brief or specification) or "family" (a page about the product family only)
    documents: Iterable[tuple[str, ...]] = ()
    eccn: str | None = None
    status: str = ProductStatus.PUBLISHED
    eol: bool = False
    slug: str | None = None
    supplier_id: int | None = None
    sales_count: int = 0


def _words_up_to(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, never inside a word."""
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(" ", 1)[0]
    return cut if cut and len(cut) <= limit else text[:limit]


def unique_slug(base: str) -> str:
    slug = slugify(base, max_length=150, word_boundary=True) or "product"
    candidate, n = slug, 2
    while db.session.execute(select(Product.id).where(Product.slug == candidate)).first():
        candidate = f"{slug}-{n}"
        n += 1
    return candidate


def _validate(data: ProductInput) -> ProductType:
    try:
        ptype = ProductType(data.product_type)
    except ValueError as exc:
        raise InvalidProduct(
            "product_type", f"Unknown product type {data.product_type!r}."
        ) from exc
    if not data.name.strip():
        raise InvalidProduct("name", "A product needs a name.")
    if data.price_cents < 0:
        raise InvalidProduct("price", "A price cannot be negative.")
    if len(data.currency) != 3:
        raise InvalidProduct("currency", "Currency is a three-letter ISO code.")
    if data.gtin and not (data.gtin.isdigit() and len(data.gtin) in (8, 12, 13, 14)):
        raise InvalidProduct("gtin", "A GTIN has 8, 12, 13 or 14 digits.")
    if not normalise(data.sku) or not normalise(data.mpn):
        raise InvalidProduct("sku", "SKU and manufacturer part number are required.")
    if db.session.execute(select(Product.id).where(Product.sku == data.sku)).first():
        raise InvalidProduct("sku", f"SKU {data.sku} is already in use.")
    return ptype


PART_TYPES = (ProductType.CABLE, ProductType.TRANSCEIVER)


def set_interfaces(product: Product, ports: Iterable[Mapping] = (),
                   ends: Iterable[Mapping] = ()) -> None:
    """Replace a product's ports or ends (what compatibility is computed from)."""
    specs = {"protocol": [s.text for s in product.specs if s.code == "protocol"]}
    product.interfaces = _interfaces(product.type, ports, ends, specs)
    mark_edited(product)
    db.session.flush()
    record_change(ChangeKind.STRUCTURE, product.id)


def _interfaces(ptype: ProductType, ports: Iterable[Mapping], ends: Iterable[Mapping],
                specs: Mapping[str, object]) -> list[ProductInterface]:
    """Port groups or ends, checked; a part has ends and no ports, a device the reverse."""
    ports, ends = list(ports), list(ends)
    if ptype in PART_TYPES and ports:
        raise InvalidProduct("ports", "Cables and transceivers have ends, not ports.")
    if ptype not in PART_TYPES and ends:
        raise InvalidProduct("ends", "Only cables and transceivers have ends.")
    protocols = specs.get("protocol") or ()
    protocols = [protocols] if isinstance(protocols, str) else list(protocols)
    side, items = (SIDE_END, ends) if ptype in PART_TYPES else (SIDE_PORT, ports)
    connectors: list[Connector] = []
    for item in items:
        try:
            connectors.append(connector_from(
                item, protocols, "ends" if side == SIDE_END else "ports",
                "" if side == SIDE_END else port_role(ptype.value)))
        except ValueError as exc:
            raise InvalidProduct(f"{side}s", f"{side.capitalize()} {len(connectors) + 1}: "
                                 f"{exc}") from exc
    return [ProductInterface(**ProductInterface.from_connector(side, i, c))
            for i, c in enumerate(connectors)]


def create_product(data: ProductInput, *, index: bool = True) -> Product:
    """Create a product with its typed specs, identifiers and search document."""
    ptype = _validate(data)
    product = Product(
        slug=data.slug or unique_slug(f"{_words_up_to(data.name.split(',')[0], 60)} "
                                      f"{data.mpn}"),
        name=data.name.strip(),
        product_type=ptype.value,
        brand=data.brand,
        category=data.category,
        sku=data.sku.strip(),
        mpn=data.mpn.strip(),
        alt_part_number=data.alt_part_number,
        gtin=data.gtin,
        summary=data.summary,
        description=data.description,
        price_cents=data.price_cents,
        currency=data.currency.upper(),
        status=data.status,
        published_at=utcnow() if data.status == ProductStatus.PUBLISHED else None,
        eol=data.eol,
        eccn=data.eccn,
        supplier_id=data.supplier_id,
        sales_count=data.sales_count,
    )
    product.specs = typed_specs(ptype, data.specs)
    product.interfaces = _interfaces(ptype, data.ports, data.ends, data.specs)
    product.images = [
        ProductImage(path=p, alt=a, position=i) for i, (p, a) in enumerate(data.images)
    ]
    product.documents = [ProductDocument(title=d[0], url=d[1], kind=d[2] if len(d) > 2
                                         else "datasheet") for d in data.documents]
    product.identifiers = identifier_rows(product)
    db.session.add(product)
    db.session.flush()
    if index:
        index_product(product, category_path_names(product.category))
    record_change(ChangeKind.STRUCTURE, product.id)
    return product


def typed_specs(ptype: ProductType, specs: Mapping[str, object]) -> list[ProductSpec]:
    rows: list[ProductSpec] = []
    for code, value in specs.items():
        try:
            typed = coerce(ptype, code, value)
        except SpecError as exc:
            raise InvalidProduct(f"spec:{exc.code}", exc.message) from exc
        seen: set[str] = set()
        for tv in typed:
            if tv.key in seen:
                continue
            seen.add(tv.key)
            rows.append(
                ProductSpec(code=code, num=tv.num, text=tv.text, flag=tv.flag, value_key=tv.key)
            )
    return rows


def identifier_rows(product: Product) -> list[ProductIdentifier]:
    pairs = [("sku", product.sku), ("mpn", product.mpn)]
    if product.alt_part_number:
        pairs.append(("alt", product.alt_part_number))
    if product.gtin:
        pairs.append(("gtin", product.gtin))
    out, seen = [], set()
    for kind, value in pairs:
        norm = normalise(value)
        if norm and norm not in seen:
            seen.add(norm)
            out.append(ProductIdentifier(kind=kind, value=value, norm=norm))
    return out


def set_successor(product: Product, successor: Product | None) -> None:
    if successor is not None and successor.id == product.id:
        raise InvalidProduct("successor", "A product cannot succeed itself.")
    product.successor = successor
    mark_edited(product)
    db.session.flush()
    record_change(ChangeKind.STRUCTURE, product.id)


def set_price(product: Product, price_cents: int) -> None:
    if price_cents < 0:
        raise InvalidProduct("price", "A price cannot be negative.")
    product.price_cents = price_cents
    mark_edited(product)
    db.session.flush()
    record_change(ChangeKind.PRICE, product.id)


def set_prices(prices: Mapping[int, int]) -> int:
    """Set many products' prices at once (imports): one UPDATE statement for all of them,
    their feed rows and one version bump. ``prices`` maps product ids to minor units.
    Products already loaded in the session keep their old price until refreshed."""
    if any(cents < 0 for cents in prices.values()):
        raise InvalidProduct("price", "A price cannot be negative.")
    if not prices:
        return 0
    table = Product.__table__
    db.session.execute(
        update(table).where(table.c.id == bindparam("pid"))
        .values(price_cents=bindparam("cents"), updated_at=utcnow(),
                version=table.c.version + 1),  # forms opened before are told
        [{"pid": pid, "cents": cents} for pid, cents in prices.items()],
    )
    record_changes(ChangeKind.PRICE, prices)
    return len(prices)


def update_listing(product: Product, *, name: str | None = None,
                   category: Category | None = None, brand: Brand | None = None,
                   status: str | None = None) -> None:
    """Change what a listing shows (its name, category, brand or status; None leaves one as
    it is), re-index it for search and tell the facet index its structure changed."""
    if name is not None:
        if not name.strip() or len(name.strip()) > 200:
            raise InvalidProduct("name", "A name has 1 to 200 characters.")
        product.name = name.strip()
    if status is not None:
        product.status = ProductStatus(status).value
        if status == ProductStatus.PUBLISHED and product.published_at is None:
            product.published_at = utcnow()
    if category is not None:
        product.category = category
    if brand is not None:
        product.brand = brand
    mark_edited(product)
    db.session.flush()
    if name is not None or category is not None or brand is not None:
        index_product(product, category_path_names(product.category))
    record_change(ChangeKind.STRUCTURE, product.id)


def category_path_names(category: Category) -> list[str]:
    names, node = [], category
    while node is not None:
        names.append(node.name)
        node = node.parent
    return names
