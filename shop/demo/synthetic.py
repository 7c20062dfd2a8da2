"""Synthetic but plausible products for scale tests (``flask seed-demo --products N``).

Each one is a variant of a real demo product — another length, price, stock and part
number — with typed specs, identifiers, a search document and stock rows, so listings,
facets and search are exercised at scale. Rows go in with one Core executemany per table
and batch, which loads 100,000 products in well under a minute on SQLite.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, insert, select, text

from shop.catalog import search
from shop.catalog.fit import connector_from, port_role
from shop.catalog.models import (
    SIDE_END,
    SIDE_PORT,
    Brand,
    Category,
    ChangeKind,
    Product,
    ProductIdentifier,
    ProductImage,
    ProductInterface,
    ProductSpec,
    ProductStatus,
    SearchDocument,
)
from shop.catalog.partnumbers import normalise
from shop.catalog.services import category_path_names, record_change
from shop.catalog.specs import SPECS, ProductType, coerce
from shop.db import to_minor_units, utcnow
from shop.demo.data import catalogue
from shop.extensions import db
from shop.inventory.bulk import bulk_initial_counts
from shop.inventory.models import Location

REACHES = (0.5, 1, 1.5, 2, 2.5, 3, 5, 7, 10, 15, 20, 30, 50, 100)
BATCH = 5000


@dataclass
class _Template:
    """A demo product prepared once, so the per-product loop only varies what changes."""

    source: dict
    ptype: str
    category_id: int
    brand_id: int
    base_name: str
    mpn_stem: str
    price_cents: int
    specs: list[tuple[str, float | None, str | None, bool | None, str]]  # without reach
    spec_text: str
    has_reach: bool
    fixed_reach: float | None
    interfaces: list[dict]  # product_interface rows without the product id
    image: str | None
    context_text: str


def _prepare(categories: dict[str, Category], brands: dict[str, Brand]) -> list[_Template]:
    out = []
    for t in catalogue()["products"]:
        ptype = ProductType(t["type"])
        specs, words = [], []
        for code, value in t["specs"].items():
            if code == "reach":
                continue
            for tv in coerce(ptype, code, value):
                specs.append((code, tv.num, tv.text, tv.flag, tv.key))
                raw = tv.num if tv.num is not None else tv.flag if tv.flag is not None else tv.text
                words.append(f"{tv.spec.label} {tv.spec.display(raw)}")
        category = categories[t["category"]]
        has_reach = "reach" in t["specs"]
        out.append(_Template(
            source=t,
            ptype=ptype.value,
            category_id=category.id,
            brand_id=brands[t["brand"]].id,
            base_name=t["name"].split(",")[0],
            mpn_stem=normalise(t["mpn"])[:8],
            price_cents=to_minor_units(t["price"]),
            specs=specs,
            spec_text="\n".join(words),
            has_reach=has_reach,
            fixed_reach=float(t["specs"]["reach"]) if has_reach and ptype is not ProductType.CABLE
            else None,
            interfaces=_interface_rows(ptype, t),
            image=t.get("image"),
            context_text="\n".join([t["summary"], t["brand"],
                                    " ".join(category_path_names(category))]),
        ))
    return out


def _interface_rows(ptype: ProductType, source: dict) -> list[dict]:
    """The demo product's ports or ends, as the variant's rows (same rules as the service)."""
    protocols = source["specs"].get("protocol") or []
    side = SIDE_END if ptype in (ProductType.CABLE, ProductType.TRANSCEIVER) else SIDE_PORT
    items = source.get("ends" if side == SIDE_END else "ports", [])
    role = "" if side == SIDE_END else port_role(ptype.value)
    return [ProductInterface.from_connector(side, i, connector_from(item, protocols, side + "s",
                                                                    role))
            for i, item in enumerate(items)]


def _executemany(table, rows: list[dict]) -> None:
    """One DB-API executemany of plain tuples: the least work per row the driver allows."""
    if not rows:
        return
    columns = list(rows[0])
    style = db.engine.dialect.paramstyle
    marks = ", ".join("?" if style == "qmark" else "%s" for _ in columns)
    sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({marks})"
    db.session.connection().exec_driver_sql(sql, [tuple(r[c] for c in columns) for r in rows])


def add_synthetic_products(
    count: int, *, seed: int = 1, progress: Callable[[int], None] | None = None
) -> int:
    """Add ``count`` products in batches, committing each batch (the CLI is the entry point
    and a bulk load must survive an interruption with what it has done)."""
    rng = random.Random(seed)
    categories = {c.slug: c for c in db.session.execute(select(Category)).scalars()}
    brands = {b.name: b for b in db.session.execute(select(Brand)).scalars()}
    location_ids = list(db.session.execute(select(Location.id)).scalars())
    if not categories or not brands:
        raise RuntimeError("load the demo catalogue first")
    templates = _prepare(categories, brands)
    start_id = (db.session.execute(select(func.max(Product.id))).scalar() or 0) + 1
    offset = db.session.execute(
        select(func.count()).select_from(Product).where(Product.sku.like("SYN-%"))
    ).scalar_one()
    reach_label = SPECS["reach"].label
    now = utcnow()
    if db.engine.dialect.name == "sqlite":
        db.session.execute(text("PRAGMA cache_size=-131072"))  # 128 MiB while indexes grow
    done = 0
    while done < count:
        size = min(BATCH, count - done)
        rows: dict[str, list[dict]] = {
            k: [] for k in ("product", "spec", "ident", "image", "interface", "doc", "stock")
        }
        for i in range(size):
            pid, n = start_id + done + i, offset + done + i + 1
            t = templates[rng.randrange(len(templates))]
            reach = None
            if t.has_reach:
                reach = t.fixed_reach if t.fixed_reach is not None else rng.choice(REACHES)
            sku, mpn = f"SYN-{n:07d}", f"{t.mpn_stem}-S{n:06d}"
            name = (f"{t.base_name}, {reach:g} m (series {n:06d})" if reach is not None
                    else f"{t.base_name} (series {n:06d})")
            rows["product"].append({
                "id": pid, "slug": f"{t.mpn_stem.lower()}-s{n:06d}", "name": name,
                "product_type": t.ptype, "brand_id": t.brand_id, "category_id": t.category_id,
                "sku": sku, "mpn": mpn, "alt_part_number": None, "gtin": None,
                "summary": t.source["summary"], "description": t.source["summary"],
                "price_cents": t.price_cents * rng.randint(70, 140) // 100, "currency": "USD",
                "status": ProductStatus.PUBLISHED.value,
                "published_at": now - timedelta(days=rng.randint(0, 900)), "eol": False,
                "successor_id": None, "eccn": t.source.get("eccn"), "supplier_id": None,
                "sales_count": rng.randint(0, 400), "created_at": now, "updated_at": now,
            })
            rows["spec"].extend(
                {"product_id": pid, "code": code, "num": num, "text": txt, "flag": flag,
                 "value_key": key}
                for code, num, txt, flag, key in t.specs
            )
            extra = ""
            if reach is not None:
                rows["spec"].append({"product_id": pid, "code": "reach", "num": reach,
                                     "text": None, "flag": None, "value_key": f"{reach:g}"})
                extra = f"\n{reach_label} {reach:g} m"
            rows["ident"].append({"product_id": pid, "kind": "sku", "value": sku,
                                  "norm": normalise(sku)})
            rows["ident"].append({"product_id": pid, "kind": "mpn", "value": mpn,
                                  "norm": normalise(mpn)})
            if t.image:
                rows["image"].append({"product_id": pid, "path": f"img/products/{t.image}",
                                      "alt": name, "position": 0})
            rows["interface"].extend({"product_id": pid, **row} for row in t.interfaces)
            for location_id in location_ids:
                if rng.random() < 0.7:
                    rows["stock"].append({"product_id": pid, "location_id": location_id,
                                          "on_hand": rng.randint(0, 60)})
            rows["doc"].append({"product_id": pid, "title": f"{name} {mpn}",
                                "body": f"{t.context_text}\n{mpn}\n{t.spec_text}{extra}"})
        db.session.execute(insert(Product.__table__), rows["product"])
        for model, key in ((ProductSpec, "spec"), (ProductIdentifier, "ident"),
                           (ProductImage, "image"), (ProductInterface, "interface"),
                           (SearchDocument, "doc")):
            _executemany(model.__table__, rows[key])
        search.index_range(start_id + done, start_id + done + size - 1)
        bulk_initial_counts(rows["stock"])
        record_change(ChangeKind.STRUCTURE)
        db.session.commit()
        done += size
        if progress:
            progress(size)
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text(
            "SELECT setval(pg_get_serial_sequence('product', 'id'), (SELECT max(id) FROM product))"
        ))
    db.session.execute(text("ANALYZE"))
    db.session.commit()
    return done
