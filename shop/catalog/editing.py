"""Editing products by hand (the back office, and suppliers' listings): create and update from
a ``ProductDraft``, with the product's version checked so that two people editing the same
product never overwrite each other unseen; status changes recorded as events.

Every write goes through ``shop.catalog.services`` primitives, so identifiers, the search
document, the change feed (facet index) and the catalogue version (page cache) follow.
Services add and flush; the entry point commits.

    draft = draft_from(form)                                  # shop.catalog.forms
    product = create_from_draft(draft, actor_id=user.id)      # a draft product
    changed = update_from_draft(product, draft, expected_version=int(form.version.data),
                                actor_id=user.id)             # or raises EditConflict
    change_product_status(product, ProductStatus.PUBLISHED, actor_id=user.id)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import select, update
from sqlalchemy.orm.attributes import set_committed_value

from shop.catalog.edit_models import ProductEvent
from shop.catalog.exceptions import InvalidProduct
from shop.catalog.models import (
    PRODUCT_TRANSITIONS,
    Brand,
    Category,
    ChangeKind,
    Product,
    ProductIdentifier,
    ProductStatus,
)
from shop.catalog.partnumbers import normalise
from shop.catalog.search import index_product
from shop.catalog.services import (
    ProductInput,
    category_path_names,
    create_product,
    identifier_rows,
    mark_edited,
    record_change,
    set_successor,
    typed_specs,
)
from shop.catalog.specs import SPECS, ProductType, missing_required
from shop.db import utcnow
from shop.errors import Conflict
from shop.extensions import db
from shop.status import change_status


@dataclass(frozen=True)
class StaffFields:
    """What only staff set: end of life, the successor (by SKU, or None) and the supplier."""

    eol: bool = False
    successor_sku: str | None = None
    supplier_id: int | None = None


@dataclass
class ProductDraft:
    """A product as a form describes it; plain values only."""

    name: str
    product_type: str
    brand_id: int
    category_id: int
    sku: str
    mpn: str
    price_cents: int
    currency: str = "USD"
    alt_part_number: str | None = None
    gtin: str | None = None
    summary: str = ""
    description: str = ""
    eccn: str | None = None
    specs: Mapping[str, object] = field(default_factory=dict)
    staff: StaffFields | None = None  # None: leave the staff fields as they are


class EditConflict(Conflict):
    """The product changed after the form was filled: nothing was saved."""

    def __init__(self, product_id: int, current_version: int):
        super().__init__("Someone else saved this product after you opened it; nothing of "
                         "yours was saved yet.")
        self.product_id = product_id
        self.current_version = current_version


# --- checks ----------------------------------------------------------------------------------

def _lookups(draft: ProductDraft) -> tuple[ProductType, Brand, Category]:
    try:
        ptype = ProductType(draft.product_type)
    except ValueError:
        raise InvalidProduct("product_type", "Unknown product type.") from None
    brand = db.session.get(Brand, draft.brand_id)
    if brand is None:
        raise InvalidProduct("brand", "Choose the brand.")
    category = db.session.get(Category, draft.category_id)
    if category is None:
        raise InvalidProduct("category", "Choose the category.")
    missing = missing_required(ptype, [c for c, v in draft.specs.items() if v not in
                                       (None, "", [])])
    if missing:
        spec = SPECS[missing[0]]
        raise InvalidProduct(f"spec:{spec.code}", f"{spec.label} is required for "
                                                  f"{ptype.value} products.")
    if draft.price_cents is None or draft.price_cents < 0:
        raise InvalidProduct("price", "Enter a price of zero or more.")
    return ptype, brand, category


def _check_supplier(supplier_id: int | None) -> None:
    """The supplier organisation exists (read through the foreign key's own table: the
    catalogue does not import the supplier programme)."""
    if supplier_id is None:
        return
    target = next(iter(Product.__table__.c.supplier_id.foreign_keys)).column.table
    if db.session.scalar(select(target.c.id).where(target.c.id == supplier_id)) is None:
        raise InvalidProduct("supplier_id", f"There is no supplier number {supplier_id}.")


def _check_sku_free(sku: str, product_id: int | None) -> None:
    query = select(Product.id).where(Product.sku == sku)
    if product_id is not None:
        query = query.where(Product.id != product_id)
    if db.session.execute(query).first():
        raise InvalidProduct("sku", f"SKU {sku} is already in use by another product.")


def resolve_successor(product: Product | None, sku: str | None) -> Product | None:
    """The product a SKU names (case and punctuation ignored), checked as a successor."""
    if not sku:
        return None
    norm = normalise(sku)
    found = db.session.scalars(
        select(Product).join(ProductIdentifier, ProductIdentifier.product_id == Product.id)
        .where(ProductIdentifier.norm == norm, ProductIdentifier.kind == "sku").limit(2)
    ).unique().all()
    if len(found) != 1:
        raise InvalidProduct("successor", f"No product has the SKU {sku}.")
    successor = found[0]
    if product is not None:
        if successor.id == product.id:
            raise InvalidProduct("successor", "A product cannot replace itself.")
        node, steps = successor, 0
        while node is not None and steps < 50:
            if node.successor_id == product.id:
                raise InvalidProduct("successor", f"{successor.sku} is itself replaced by "
                                                  "this product; pick another successor.")
            node, steps = node.successor, steps + 1
    return successor


# --- create and update -----------------------------------------------------------------------

def create_from_draft(draft: ProductDraft, *, actor_id: int | None,
                      status: ProductStatus = ProductStatus.DRAFT,
                      supplier_id: int | None = None) -> Product:
    """A new product (a draft unless ``status`` says otherwise); ``supplier_id`` for a
    supplier's own listing (staff set it through ``draft.staff``)."""
    ptype, brand, category = _lookups(draft)
    _check_sku_free(draft.sku, None)
    staff = draft.staff
    _check_supplier(staff.supplier_id if staff else supplier_id)
    if staff is not None and staff.successor_sku and not staff.eol:
        raise InvalidProduct("successor", "Only an end-of-life product has a successor: "
                                          "tick End of life too.")
    successor = resolve_successor(None, staff.successor_sku) if staff else None
    product = create_product(ProductInput(
        name=draft.name, product_type=ptype.value, brand=brand, category=category,
        sku=draft.sku, mpn=draft.mpn, price_cents=draft.price_cents, currency=draft.currency,
        alt_part_number=draft.alt_part_number, gtin=draft.gtin, summary=draft.summary,
        description=draft.description, specs=draft.specs, eccn=draft.eccn, status=status,
        eol=staff.eol if staff else False,
        supplier_id=staff.supplier_id if staff else supplier_id,
    ))
    if successor is not None:
        set_successor(product, successor)
        db.session.flush()
    return product


def claim_version(product: Product, expected_version: int | None) -> None:
    """Take the product for this edit: its version goes up by one if it is still
    ``expected_version``, in one conditional UPDATE; otherwise ``EditConflict``."""
    if expected_version is None:
        raise EditConflict(product.id, _current_version(product.id))
    result = db.session.execute(
        update(Product).where(Product.id == product.id, Product.version == expected_version)
        .values(version=Product.version + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise EditConflict(product.id, _current_version(product.id))
    set_committed_value(product, "version", expected_version + 1)


def _current_version(product_id: int) -> int:
    return db.session.execute(select(Product.version).where(Product.id == product_id)
                              ).scalar_one()


_TEXT_FIELDS = ("name", "sku", "mpn", "alt_part_number", "gtin", "summary", "description",
                "eccn")
_NOT_NULL = {"name", "sku", "mpn", "summary", "description"}
_SEARCHED = {"name", "sku", "mpn", "alt_part_number", "summary", "description", "brand_id",
             "category_id", "specs"}
_IDENTIFYING = {"sku", "mpn", "alt_part_number", "gtin"}
_STRUCTURAL = {"specs", "category_id", "eol", "brand_id"}  # what the facet index reads


def update_from_draft(product: Product, draft: ProductDraft, *,
                      expected_version: int | None, actor_id: int | None) -> list[str]:
    """Save ``draft`` over ``product`` if nobody saved it since ``expected_version`` (else
    ``EditConflict``; the caller rolls back, so nothing is written). Returns the names of the
    fields that changed; a draft equal to the product changes nothing, not even the
    version."""
    if draft.product_type != product.product_type:
        raise InvalidProduct("product_type", "A product's type cannot change.")
    _ptype, brand, category = _lookups(draft)
    if draft.sku != product.sku:
        _check_sku_free(draft.sku, product.id)
    changed: list[str] = []
    for name in _TEXT_FIELDS:
        value = getattr(draft, name) or ("" if name in _NOT_NULL else None)
        if getattr(product, name) != value:
            setattr(product, name, value)
            changed.append(name)
    if product.brand_id != brand.id:
        product.brand = brand
        changed.append("brand_id")
    if product.category_id != category.id:
        product.category = category
        changed.append("category_id")
    if product.price_cents != draft.price_cents:
        product.price_cents = draft.price_cents
        changed.append("price")
    if _replace_specs(product, draft.specs):
        changed.append("specs")
    if draft.staff is not None:
        changed += _apply_staff(product, draft.staff)
    if changed:
        claim_version(product, expected_version)
        db.session.flush()
        _follow(product, set(changed))
    return changed


def _replace_specs(product: Product, specs: Mapping[str, object]) -> bool:
    """Replace the product's spec rows by the typed ``specs``; rows that stay are kept (the
    unique key would refuse a new row beside the one it replaces). True if any changed."""
    wanted = {(row.code, row.value_key): row for row in typed_specs(product.type, specs)}
    have = {(row.code, row.value_key): row for row in product.specs}
    if wanted.keys() == have.keys():
        return False
    for key, row in have.items():
        if key not in wanted:
            product.specs.remove(row)
    db.session.flush()
    for key, row in wanted.items():
        if key not in have:
            product.specs.append(row)
    return True


def _apply_staff(product: Product, staff: StaffFields) -> list[str]:
    changed = []
    if staff.successor_sku and not staff.eol:
        raise InvalidProduct("successor", "Only an end-of-life product has a successor: "
                                          "tick End of life too.")
    if bool(product.eol) != staff.eol:
        product.eol = staff.eol
        changed.append("eol")
    successor = resolve_successor(product, staff.successor_sku)
    if product.successor_id != (successor.id if successor else None):
        product.successor = successor
        changed.append("successor")
    if product.supplier_id != staff.supplier_id:
        _check_supplier(staff.supplier_id)
        product.supplier_id = staff.supplier_id
        changed.append("supplier_id")
    return changed


def _follow(product: Product, changed: set[str]) -> None:
    """Let identifiers, search, the facet index and cached pages follow an edit."""
    if not changed:
        return
    if changed & _IDENTIFYING:
        product.identifiers = identifier_rows(product)
    if changed & _SEARCHED:
        index_product(product, category_path_names(product.category))
    if changed & _STRUCTURAL:
        kind = ChangeKind.STRUCTURE
    elif changed == {"price"}:
        kind = ChangeKind.PRICE
    elif "price" in changed:
        record_change(ChangeKind.PRICE, product.id)
        kind = ChangeKind.CONTENT
    else:
        kind = ChangeKind.CONTENT  # pages re-render; listings filter on nothing that moved
    db.session.flush()
    record_change(kind, product.id)


# --- status ----------------------------------------------------------------------------------

def publish_problems(product: Product) -> list[str]:
    """Why ``product`` cannot be published yet (empty when it can)."""
    problems = [f"{SPECS[c].label} is missing." for c in
                missing_required(product.type, {s.code for s in product.specs})]
    if not product.name.strip():
        problems.append("It has no name.")
    return problems


def change_product_status(product: Product, target: ProductStatus | str, *,
                          actor_id: int | None, note: str = "") -> ProductEvent:
    """Move a product along ``PRODUCT_TRANSITIONS`` (a forbidden move is a Conflict),
    recording who, when, from, to and the note. Publishing needs the required specs."""
    target = ProductStatus(target)
    if target is ProductStatus.PUBLISHED:
        problems = publish_problems(product)
        if problems:
            raise InvalidProduct("status", "Not published: " + " ".join(problems))
    event = change_status(
        product, target, table=PRODUCT_TRANSITIONS, actor_id=actor_id, note=note,
        record=lambda change: ProductEvent(product_id=product.id, **change.columns()))
    if target is ProductStatus.PUBLISHED and product.published_at is None:
        product.published_at = utcnow()
    mark_edited(product)
    db.session.flush()
    record_change(ChangeKind.STRUCTURE, product.id)
    return event

