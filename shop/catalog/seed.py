"""The demo catalogue and the synthetic catalogue used for scale tests."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import func, insert, select, text

from shop.catalog.demo import data
from shop.catalog.models import (
    Brand,
    Category,
    Product,
    ProductFit,
    ProductIdentifier,
    ProductImage,
    ProductSpec,
    ProductStatus,
    SearchDocument,
)
from shop.catalog.partnumbers import normalise
from shop.catalog.search import build_document, rebuild_index
from shop.catalog.services import (
    ProductInput,
    bump_catalog_version,
    category_path_names,
    create_product,
    get_or_create_brand,
    get_or_create_category,
    set_successor,
)
from shop.catalog.specs import ProductType, coerce
from shop.db import to_minor_units, utcnow
from shop.extensions import db
from shop.inventory import services as inventory
from shop.inventory.models import Location


def load_demo_catalogue() -> int:
    """Create whatever part of the demo catalogue is missing. Safe to run again."""
    brands = {b["name"]: get_or_create_brand(b["name"], b.get("description", ""))
              for b in data.BRANDS}
    locations = {loc["code"]: inventory.get_or_create_location(loc["code"], loc["name"])
                 for loc in data.LOCATIONS}
    categories: dict[str, Category] = {}
    for position, c in enumerate(data.CATEGORIES):
        categories[c["slug"]] = get_or_create_category(
            c["slug"], c["name"], categories.get(c["parent"]) if c["parent"] else None,
            c.get("description", ""), position,
        )
    existing = set(db.session.execute(select(Product.sku)).scalars())
    now = utcnow()
    created = 0
    for item in data.PRODUCTS:
        if item["sku"] in existing:
            continue
        product = create_product(ProductInput(
            name=item["name"],
            product_type=item["type"],
            brand=brands[item["brand"]],
            category=categories[item["category"]],
            sku=item["sku"],
            mpn=item["mpn"],
            alt_part_number=item.get("alt_part_number"),
            gtin=item.get("gtin"),
            summary=item["summary"],
            description=item["description"],
            price_cents=to_minor_units(item["price"]),
            specs=item["specs"],
            fits=[(cage, int(rate)) for cage, rate in item.get("fits", [])],
            images=[(f"img/products/{item['image']}", item["name"])] if item.get("image") else [],
            documents=[(d["title"], d["url"]) for d in item.get("datasheets", [])],
            eccn=item.get("eccn"),
            eol=item.get("eol", False),
            sales_count=item.get("best_seller_rank", 0),
        ))
        product.published_at = now - timedelta(days=item.get("days_ago", 30))
        for code, quantity in item.get("stock", {}).items():
            if quantity > 0:
                inventory.receive(product.id, locations[code].id, quantity, reason="initial count")
        created += 1
    by_mpn = {p.mpn: p for p in db.session.execute(select(Product)).scalars()}
    for item in data.PRODUCTS:
        successor = item.get("successor")
        product = by_mpn.get(item["mpn"])
        if successor and product is not None and product.successor_id is None:
            set_successor(product, by_mpn[successor])
    db.session.flush()
    return created


# --- synthetic products -------------------------------------------------------------------

REACHES = (0.5, 1, 1.5, 2, 2.5, 3, 5, 7, 10, 15, 20, 30, 50, 100)
BATCH = 2000


def _variant_name(template: dict, reach: float | None, n: int) -> str:
    base = template["name"].split(",")[0]
    if reach is not None:
        return f"{base}, {reach:g} m (series {n:06d})"
    return f"{base} (series {n:06d})"


def add_synthetic_products(
    count: int, *, seed: int = 1, progress: Callable[[int], None] | None = None
) -> int:
    """Add ``count`` plausible products derived from the demo catalogue, in bulk.

    Each is a variant of a real demo product (other length, price, stock), with typed specs,
    identifiers, a search document and stock, so listings, facets and search are exercised
    at scale. Commits per batch so progress survives an interruption.
    """
    rng = random.Random(seed)
    templates = data.PRODUCTS
    categories = {c.slug: c for c in db.session.execute(select(Category)).scalars()}
    brands = {b.name: b for b in db.session.execute(select(Brand)).scalars()}
    location_ids = list(db.session.execute(select(Location.id)).scalars())
    if not templates or not categories:
        raise RuntimeError("load the demo catalogue first")
    start_id = (db.session.execute(select(func.max(Product.id))).scalar() or 0) + 1
    offset = db.session.execute(
        select(func.count()).select_from(Product).where(Product.sku.like("SYN-%"))
    ).scalar_one()
    now = utcnow()
    done = 0
    while done < count:
        size = min(BATCH, count - done)
        rows = {k: [] for k in ("product", "spec", "ident", "image", "fit", "doc", "stock")}
        for i in range(size):
            pid = start_id + done + i
            n = offset + done + i + 1
            t = templates[rng.randrange(len(templates))]
            ptype = ProductType(t["type"])
            specs = dict(t["specs"])
            reach = None
            if "reach" in specs and ptype in (ProductType.CABLE, ProductType.TRANSCEIVER):
                reach = rng.choice(REACHES) if ptype is ProductType.CABLE else specs["reach"]
                specs["reach"] = reach
            price = to_minor_units(t["price"]) * rng.randint(70, 140) // 100
            mpn = f"{normalise(t['mpn'])[:8]}-S{n:06d}"
            name = _variant_name(t, reach, n)
            category = categories[t["category"]]
            rows["product"].append({
                "id": pid, "slug": f"{normalise(t['mpn']).lower()[:40]}-s{n:06d}",
                "name": name, "product_type": ptype.value,
                "brand_id": brands[t["brand"]].id, "category_id": category.id,
                "sku": f"SYN-{n:07d}", "mpn": mpn, "alt_part_number": None, "gtin": None,
                "summary": t["summary"], "description": t["description"],
                "price_cents": price, "currency": "USD", "status": ProductStatus.PUBLISHED.value,
                "published_at": now - timedelta(days=rng.randint(0, 900)), "eol": False,
                "successor_id": None, "eccn": t.get("eccn"), "supplier_id": None,
                "sales_count": rng.randint(0, 400), "created_at": now, "updated_at": now,
            })
            spec_text = []
            for code, value in specs.items():
                for tv in coerce(ptype, code, value):
                    rows["spec"].append({"product_id": pid, "code": code, "num": tv.num,
                                         "text": tv.text, "flag": tv.flag, "value_key": tv.key})
                    spec_text.append(f"{tv.spec.label} {tv.spec.display(tv.num if tv.num is not None else tv.flag if tv.flag is not None else tv.text)}")
            rows["ident"] += [
                {"product_id": pid, "kind": "sku", "value": f"SYN-{n:07d}",
                 "norm": normalise(f"SYN-{n:07d}")},
                {"product_id": pid, "kind": "mpn", "value": mpn, "norm": normalise(mpn)},
            ]
            if t.get("image"):
                rows["image"].append({"product_id": pid, "path": f"img/products/{t['image']}",
                                      "alt": name, "position": 0})
            for cage, rate in t.get("fits", []):
                rows["fit"].append({"product_id": pid, "cage": cage, "data_rate": int(rate)})
            for loc in location_ids:
                if rng.random() < 0.7:
                    rows["stock"].append({"product_id": pid, "location_id": loc,
                                          "on_hand": rng.randint(0, 60)})
            body = "\n".join([t["summary"], t["description"], t["brand"],
                              " ".join(category_path_names(category)), mpn, *spec_text])
            rows["doc"].append({"product_id": pid, "title": f"{name} {mpn}", "body": body})
        db.session.execute(insert(Product), rows["product"])
        for model, key in ((ProductSpec, "spec"), (ProductIdentifier, "ident"),
                           (ProductImage, "image"), (ProductFit, "fit"),
                           (SearchDocument, "doc")):
            if rows[key]:
                db.session.execute(insert(model), rows[key])
        inventory.bulk_initial_counts(rows["stock"])
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
    else:
        db.session.execute(text("ANALYZE"))
        db.session.commit()
    return done


__all__ = ["add_synthetic_products", "load_demo_catalogue", "build_document", "rebuild_index"]
