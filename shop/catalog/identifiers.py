"""Looking products up by any identifier the catalogue knows (SKU, manufacturer part number,
alternative number, GTIN), forgiving case and punctuation, for lists of part numbers."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select

from shop.catalog.models import Product, ProductIdentifier, ProductStatus
from shop.catalog.partnumbers import normalise, prefix_upper_bound
from shop.extensions import db


@dataclass(frozen=True)
class IdentifiedProduct:
    id: int
    slug: str
    name: str
    mpn: str
    sku: str


def _published_by_norms(norms: list[str]):
    return (
        select(ProductIdentifier.norm, Product.id, Product.slug, Product.name, Product.mpn,
               Product.sku)
        .join(Product, Product.id == ProductIdentifier.product_id)
        .where(ProductIdentifier.norm.in_(norms), Product.status == ProductStatus.PUBLISHED)
        .order_by(Product.sales_count.desc(), Product.id)
    )


def products_by_identifiers(values: Iterable[str]) -> dict[str, list[IdentifiedProduct]]:
    """Published products whose identifiers equal each normalised value, in one query.
    A value naming two different products maps to both (the caller asks which)."""
    norms = sorted({n for n in (normalise(v) for v in values) if n})
    found: dict[str, list[IdentifiedProduct]] = {n: [] for n in norms}
    if not norms:
        return found
    for i in range(0, len(norms), 500):
        for norm, *row in db.session.execute(_published_by_norms(norms[i:i + 500])):
            product = IdentifiedProduct(*row)
            if product not in found[norm]:
                found[norm].append(product)
    return found


def similar_identifiers(value: str, limit: int = 3) -> list[IdentifiedProduct]:
    """Published products whose identifiers look like ``value``: the ones starting with it,
    then the closest spellings among those sharing its first characters."""
    norm = normalise(value)
    if len(norm) < 3:
        return []
    for length in (len(norm), 6, 4, 3):
        if length > len(norm):
            continue
        prefix = norm[:length]
        rows = db.session.execute(
            select(ProductIdentifier.norm, Product.id, Product.slug, Product.name, Product.mpn,
                   Product.sku)
            .join(Product, Product.id == ProductIdentifier.product_id)
            .where(ProductIdentifier.norm >= prefix,
                   ProductIdentifier.norm < prefix_upper_bound(prefix),
                   Product.status == ProductStatus.PUBLISHED)
            .order_by(ProductIdentifier.norm).limit(400)
        ).all()
        if not rows:
            continue
        by_norm: dict[str, IdentifiedProduct] = {}
        for norm_found, *row in rows:
            by_norm.setdefault(norm_found, IdentifiedProduct(*row))
        if length == len(norm):
            ranked = sorted(by_norm, key=len)
        else:
            ranked = difflib.get_close_matches(norm, list(by_norm), n=limit * 3, cutoff=0.6)
        picked: list[IdentifiedProduct] = []
        for key in ranked:
            if by_norm[key] not in picked:
                picked.append(by_norm[key])
            if len(picked) == limit:
                break
        if picked:
            return picked
    return []
