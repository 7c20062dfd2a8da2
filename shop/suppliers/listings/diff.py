"""What staff review: the listing field by field, the published value beside the proposed
one (old → new), specs and ports included, values written as people read them (brand and
category names, units; prices stay minor units for the template to format)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from shop.catalog.models import Brand, Category
from shop.catalog.specs import SPECS, format_quantity
from shop.extensions import db
from shop.suppliers.listings import content as wc
from shop.suppliers.listings.models import SupplierListing
from shop.suppliers.listings.workflow import working_copy

EMPTY = "(empty)"


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    old: Any  # display text, or minor units for the price (``money``); None: no value
    new: Any
    changed: bool
    money: bool = False
    long: bool = False  # a text to show in full


def _name(model, value) -> str | None:
    if value in (None, ""):
        return None
    row = db.session.get(model, int(value))
    return row.name if row else f"#{value}"


def _interfaces(rows) -> str | None:
    if not rows:
        return None
    return "; ".join(f"{r['label'] or 'ports'}: {r['count']} × {r['cage']}"
                     f"{' ' + r['top'] if r['top'] else ''} {' '.join(r['modes'])}"
                     f"{' (' + ', '.join(r['protocols']) + ')' if r['protocols'] else ''}"
                     for r in rows)


def display(key: str, value: Any) -> Any:
    """A working-copy value as the review page shows it (None: nothing)."""
    if value in (None, "", []):
        return None
    if key == "brand_id":
        return _name(Brand, value)
    if key == "category_id":
        return _name(Category, value)
    if key == "price_cents":
        return int(value)
    if key == "interfaces":
        return _interfaces(value)
    if key.startswith("spec:"):
        spec = SPECS[key[5:]]
        values = value if isinstance(value, list) else [value]
        if spec.unit:
            return ", ".join(format_quantity(float(v), spec.unit) for v in values)
        return ", ".join(spec.display(v) for v in values)
    return str(value)


def rows(listing: SupplierListing, *, changed_only: bool = False) -> list[Row]:
    """Every field of the listing: the product's value (None before the first approval),
    the working copy's, and whether it changed."""
    ptype = listing.product_type
    new = working_copy(listing)
    old = wc.of_product(listing.product) if listing.product is not None else None
    changed = set(wc.changed(ptype, old, new))
    out = []
    for key in wc.keys(ptype):
        if changed_only and key not in changed:
            continue
        out.append(Row(key, wc.label(key, ptype), display(key, old[key]) if old else None,
                       display(key, new[key]), key in changed, money=key == "price_cents",
                       long=key == "description"))
    return out
