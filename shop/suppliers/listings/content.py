"""A listing's working copy as plain data: one key per field of the product form
(``name``, ``price_cents`` …), one per spec of its type (``spec:data_rate``) and
``interfaces`` (ports or ends), plus the published media the supplier asked to remove
(``remove_images``, ``remove_documents``). Values are normalised, so two copies compare
field by field: numbers of a spec sorted, several choices in the order the spec lists them,
nothing stated as None.

A draft may be incomplete; ``missing`` says what a submission still needs and ``to_draft``
turns a complete copy into the ``ProductDraft`` the catalogue's editing services take.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from shop.catalog.editing import ProductDraft
from shop.catalog.specs import REQUIRED_SPECS, SPECS, TYPE_SPECS, ProductType, SpecKind

FIELD_KEYS = ("name", "brand_id", "category_id", "summary", "description", "sku", "mpn",
              "alt_part_number", "gtin", "price_cents", "eccn")
FIELD_LABELS = {
    "name": "Name", "brand_id": "Brand", "category_id": "Category", "summary": "Summary",
    "description": "Description", "sku": "SKU", "mpn": "Manufacturer part number",
    "alt_part_number": "Alternative part number", "gtin": "GTIN / EAN",
    "price_cents": "Price", "eccn": "Export classification (ECCN)",
    "interfaces": "Ports or ends (compatibility)", "images": "Images", "documents": "Documents",
    "general": "The listing as a whole",
}
# What a submission needs besides the required specs and a datasheet.
REQUIRED_FIELDS = ("name", "brand_id", "category_id", "sku", "mpn", "price_cents")
PENDING_KEYS = ("remove_images", "remove_documents")
_TEXT_NOT_NULL = {"name", "sku", "mpn", "summary", "description"}


def spec_key(code: str) -> str:
    return f"spec:{code}"


def keys(ptype: ProductType | str) -> list[str]:
    """Every compared key of a listing of ``ptype``, in the order forms show them."""
    return [*FIELD_KEYS, *(spec_key(c) for c in TYPE_SPECS[ProductType(ptype)]),
            "interfaces"]


def label(key: str, product_type: str | None = None) -> str:
    """What people call the field ``key`` (ports or ends by the product type)."""
    if key == "interfaces" and product_type:
        return ("Ends (compatibility)" if product_type in ("cable", "transceiver")
                else "Port groups (compatibility)")
    if key.startswith("spec:"):
        spec = SPECS.get(key[5:])
        return spec.label if spec else key
    return FIELD_LABELS.get(key, key)


def comment_keys(ptype: ProductType | str) -> list[str]:
    """The fields staff may comment on: every compared key, the media and the whole."""
    return [*keys(ptype), "images", "documents", "general"]


# --- normalising ------------------------------------------------------------------------------

def spec_value(code: str, value: Any) -> Any:
    """One spec's value in its normal form, or None when nothing is stated."""
    spec = SPECS[code]
    values = list(value) if isinstance(value, list | tuple) else [value]
    values = [v for v in values if v not in (None, "")]
    if not values:
        return None
    if spec.kind is SpecKind.NUMBER:
        return sorted(float(v) for v in values)
    if spec.kind is SpecKind.ENUM:
        if spec.multi:
            chosen = {str(v) for v in values}
            return [c for c in spec.choices if c in chosen] + sorted(chosen - set(spec.choices))
        return str(values[0])
    if spec.kind is SpecKind.BOOL:
        return bool(values[0])
    text = str(values[0]).strip()
    return text or None


def interface_rows(rows: Any) -> list[dict[str, Any]]:
    """Ports or ends in their normal form."""
    out = []
    for row in rows or []:
        modes = row.get("modes") or []
        if isinstance(modes, str):
            modes = modes.split()
        out.append({"label": str(row.get("label") or ""), "count": int(row.get("count") or 1),
                    "cage": str(row.get("cage") or ""), "top": str(row.get("top") or ""),
                    "role": str(row.get("role") or ""), "modes": [str(m) for m in modes],
                    "protocols": sorted(str(p) for p in (row.get("protocols") or []))})
    return out


def normal(ptype: ProductType | str, data: Mapping[str, Any]) -> dict[str, Any]:
    """A working copy with every key of ``ptype``, each value normalised."""
    out: dict[str, Any] = {}
    for key in FIELD_KEYS:
        value = data.get(key)
        if isinstance(value, str):
            value = value.strip()
            if not value and key not in _TEXT_NOT_NULL:
                value = None
        if key in _TEXT_NOT_NULL and value is None:
            value = ""
        out[key] = value
    for code in TYPE_SPECS[ProductType(ptype)]:
        out[spec_key(code)] = spec_value(code, data.get(spec_key(code)))
    out["interfaces"] = interface_rows(data.get("interfaces"))
    for key in PENDING_KEYS:
        out[key] = sorted({int(i) for i in data.get(key) or []})
    return out


def of_product(product) -> dict[str, Any]:
    """The product's values as a working copy (nothing pending)."""
    specs: dict[str, list] = {}
    for row in product.specs:
        value = row.num if row.num is not None else row.flag if row.flag is not None \
            else row.text
        specs.setdefault(spec_key(row.code), []).append(value)
    data: dict[str, Any] = {key: getattr(product, key) for key in FIELD_KEYS}
    data.update(specs)
    data["interfaces"] = [{"label": i.label, "count": i.count, "cage": i.cage, "top": i.top,
                           "role": i.role, "modes": i.modes.split(),
                           "protocols": i.protocols.split()} for i in product.interfaces]
    return normal(product.product_type, data)


# --- comparing ---------------------------------------------------------------------------------

def changed(ptype: ProductType | str, base: Mapping[str, Any] | None,
            content: Mapping[str, Any]) -> list[str]:
    """The keys whose value differs from ``base`` (every key with a value when there is no
    base: a listing never approved)."""
    content = normal(ptype, content)
    if base is None:
        return [k for k in keys(ptype) if content[k] not in (None, "", [])]
    base = normal(ptype, base)
    return [k for k in keys(ptype) if content[k] != base[k]]


def rebased(ptype: ProductType | str, content: Mapping[str, Any],
            base: Mapping[str, Any] | None, current: Mapping[str, Any]) -> dict[str, Any]:
    """The working copy measured against ``current`` (the product's values now): the
    supplier's changes since ``base`` kept, every other key at its current value."""
    out = dict(normal(ptype, current))
    content = normal(ptype, content)
    for key in changed(ptype, base, content) if base is not None else keys(ptype):
        out[key] = content[key]
    for key in PENDING_KEYS:
        out[key] = content[key]
    return out


# --- what a submission needs -------------------------------------------------------------------

def missing(ptype: ProductType | str, content: Mapping[str, Any]) -> list[tuple[str, str]]:
    """``(key, message)`` for each field a submission still needs, in form order."""
    ptype = ProductType(ptype)
    content = normal(ptype, content)
    messages = {
        "name": "Enter the product's name.", "brand_id": "Choose the brand.",
        "category_id": "Choose the category.", "sku": "Enter your SKU for it.",
        "mpn": "Enter the manufacturer part number.",
        "price_cents": "Enter the price, like 1299.00.",
    }
    found = [(key, messages[key]) for key in REQUIRED_FIELDS
             if content.get(key) in (None, "")]
    for code in TYPE_SPECS[ptype]:
        if code in REQUIRED_SPECS[ptype] and content[spec_key(code)] is None:
            spec = SPECS[code]
            found.append((spec_key(code), f"{spec.label} is required for {ptype.value} "
                                          "products."))
    return found


def to_draft(ptype: ProductType | str, content: Mapping[str, Any],
             currency: str = "USD") -> ProductDraft:
    """The complete working copy as the catalogue's draft (supplier fields only)."""
    ptype = ProductType(ptype)
    content = normal(ptype, content)
    specs = {code: content[spec_key(code)] for code in TYPE_SPECS[ptype]
             if content[spec_key(code)] is not None}
    return ProductDraft(
        name=content["name"], product_type=ptype.value, brand_id=int(content["brand_id"]),
        category_id=int(content["category_id"]), sku=content["sku"], mpn=content["mpn"],
        price_cents=int(content["price_cents"]), currency=currency,
        alt_part_number=content["alt_part_number"], gtin=content["gtin"],
        summary=content["summary"], description=content["description"],
        eccn=content["eccn"], specs=specs, staff=None)
