"""Structured data (JSON-LD) for product and category pages."""

from __future__ import annotations

import json

from flask import url_for
from markupsafe import Markup

from shop.catalog.models import Category, Product


def _dump(data: dict) -> Markup:
    """JSON safe to place inside a <script> element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


AVAILABILITY = "@availability@"


def product_jsonld(product: Product, availability: Markup) -> Markup:
    """Product structured data. ``availability`` goes in as given, unescaped: the view
    passes a stock slot, filled as the page is sent (``shop.stock_slots``), so a cached
    product page never states stale stock."""
    price = product.price_cents / 100  # display only; exponent 2 for the shop currency
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.name,
        "description": product.summary,
        "sku": product.sku,
        "mpn": product.mpn,
        "brand": {"@type": "Brand", "name": product.brand.name},
        "url": url_for("catalog.product_detail", slug=product.slug, _external=True),
        "category": product.category.name,
        "offers": {
            "@type": "Offer",
            "price": f"{price:.2f}",
            "priceCurrency": product.currency,
            "availability": AVAILABILITY,
            "url": url_for("catalog.product_detail", slug=product.slug, _external=True),
            "itemCondition": "https://schema.org/NewCondition",
        },
        "additionalProperty": [
            {
                "@type": "PropertyValue",
                "name": spec.definition.label,
                "value": spec.num if spec.num is not None
                else spec.flag if spec.flag is not None else spec.text,
                **({"unitText": spec.definition.unit} if spec.definition.unit else {}),
            }
            for spec in product.specs
        ],
    }
    if product.gtin:
        data["gtin"] = product.gtin
    if product.image:
        image = product.image.path
        data["image"] = (url_for("catalog.product_media", name=image.split("/", 1)[1],
                                 _external=True) if product.image.uploaded
                         else url_for("static", filename=image, _external=True))
    # Only our own key can put these exact characters in the JSON: a quote inside any value
    # is escaped.
    slot = f'"availability":"{AVAILABILITY}"'
    return Markup(str(_dump(data)).replace(slot, f'"availability":"{availability}"', 1))


def breadcrumb_jsonld(trail: list[Category], product: Product | None = None) -> Markup:
    items = [{"name": "Home", "url": url_for("catalog.home", _external=True)}]
    items += [
        {"name": c.name, "url": url_for("catalog.category", slug=c.slug, _external=True)}
        for c in trail
    ]
    if product is not None:
        items.append({
            "name": product.name,
            "url": url_for("catalog.product_detail", slug=product.slug, _external=True),
        })
    return _dump({
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i, "name": item["name"], "item": item["url"]}
            for i, item in enumerate(items, start=1)
        ],
    })
