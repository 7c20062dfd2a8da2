"""The demo catalogue and the synthetic catalogue used for scale tests."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from shop.catalog.models import (
    Category,
    Product,
    ProductInterface,
)
from shop.catalog.services import (
    ProductInput,
    create_product,
    get_or_create_brand,
    get_or_create_category,
    set_interfaces,
    set_successor,
)
from shop.db import to_minor_units, utcnow
from shop.demo.data import catalogue
from shop.extensions import db
from shop.inventory import services as inventory


def load_demo_catalogue() -> int:
    """Create whatever part of the demo catalogue is missing. Safe to run again."""
    data = catalogue()
    brands = {b["name"]: get_or_create_brand(b["name"], b.get("description", ""))
              for b in data["brands"]}
    locations = {loc["code"]: inventory.get_or_create_location(loc["code"], loc["name"])
                 for loc in data["locations"]}
    categories: dict[str, Category] = {}
    for position, c in enumerate(data["categories"]):
        categories[c["slug"]] = get_or_create_category(
            c["slug"], c["name"], categories.get(c["parent"]) if c["parent"] else None,
            c.get("description", ""), position,
        )
    existing = set(db.session.execute(select(Product.sku)).scalars())
    now = utcnow()
    created = 0
    _describe_missing_interfaces(data["products"])
    for item in data["products"]:
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
            ports=item.get("ports", []),
            ends=item.get("ends", []),
            images=[(f"img/products/{item['image']}", item["name"])] if item.get("image") else [],
            documents=[(d["title"], d["url"], d.get("kind", "datasheet"))
                       for d in item.get("datasheets", [])],
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
    for item in data["products"]:
        successor = item.get("successor")
        product = by_mpn.get(item["mpn"])
        if successor and product is not None and product.successor_id is None:
            set_successor(product, by_mpn[successor])
    db.session.flush()
    return created


def _describe_missing_interfaces(items: list[dict]) -> None:
    """Demo products loaded before ports and ends were recorded get them now."""
    described = set(db.session.execute(select(ProductInterface.product_id)).scalars())
    by_sku = {p.sku: p for p in db.session.execute(select(Product)).scalars()}
    for item in items:
        product = by_sku.get(item["sku"])
        if product is not None and product.id not in described and (
                item.get("ports") or item.get("ends")):
            set_interfaces(product, item.get("ports", []), item.get("ends", []))


__all__ = ["load_demo_catalogue"]
