"""Bulk changes of products: publish, archive, move to a category, change prices by a
percentage. A change is planned first (the selection frozen with each product's version),
previewed product by product (old → new), and applied only when confirmed, once: the
confirmation is one conditional UPDATE, so a form submitted twice applies nothing twice.

Applying works in batches; each batch records where it got to (``cursor``) with its
changes, so a background job that runs again carries on instead of starting over. A product
edited after the preview (its version moved on) is skipped and listed, never changed on the
strength of a preview that no longer shows its values.

Prices: new = old × (100 + percent) / 100 in ``Decimal``, rounded half up to the cent, never
below zero.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from shop.catalog.edit_models import (
    BulkAction,
    BulkStatus,
    ProductBulkChange,
    ProductEvent,
)
from shop.catalog.editing import publish_problems
from shop.catalog.exceptions import InvalidProduct
from shop.catalog.models import (
    PRODUCT_TRANSITIONS,
    Category,
    ChangeKind,
    Product,
    ProductStatus,
)
from shop.catalog.search import index_product
from shop.catalog.services import category_path_names, record_changes
from shop.db import format_money, utcnow
from shop.extensions import db
from shop.status import allowed, change_status

BATCH = 500
JOB_THRESHOLD = 1000  # more products than this are changed by a background job
MAX_ITEMS = 200_000
MAX_NOTES = 300
MAX_PRICE_CENTS = 2**31 - 1
_PERCENT = re.compile(r"^[+-]?\d{1,4}(\.\d{1,2})?$")

ACTION_TEXT = {BulkAction.PUBLISH: "Publish", BulkAction.ARCHIVE: "Archive",
               BulkAction.CATEGORY: "Move to a category",
               BulkAction.PRICE: "Change prices by a percentage"}


def parse_percent(text: str | None) -> Decimal:
    """"10", "-5", "+2.5" → Decimal; from -100 (free) to +1000; ValueError says why not."""
    raw = (text or "").strip().replace(" ", "").removesuffix("%")
    if not raw:
        raise ValueError("Enter the change in per cent, like 10 or -5.")
    if "," in raw:
        raise ValueError("Use a dot for decimals, like 2.5.")
    if not _PERCENT.match(raw):
        raise ValueError("Enter the change in per cent, like 10 or -5 (at most two "
                         "decimals).")
    value = Decimal(raw)
    if value < -100 or value > 1000:
        raise ValueError("Enter a change from -100 to 1000 per cent.")
    if value == 0:
        raise ValueError("A change of 0 % changes nothing.")
    return value


def new_price(cents: int, percent: Decimal) -> int:
    """``cents`` changed by ``percent``, rounded half up to the cent, never below zero."""
    value = (Decimal(int(cents)) * (Decimal(100) + percent) / Decimal(100))
    return max(0, int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP)))


def plan(action: str, items: Iterable[tuple[int, int]], *, actor_id: int | None,
         category_id: int | None = None, percent: str | None = None) -> ProductBulkChange:
    """Record a bulk change of the products ``items`` ((id, version) pairs) to preview."""
    try:
        action = BulkAction(action)
    except ValueError:
        raise InvalidProduct("action", "Choose what to do with the products.") from None
    params: dict[str, object] = {}
    if action is BulkAction.CATEGORY:
        category = db.session.get(Category, category_id) if category_id else None
        if category is None:
            raise InvalidProduct("category", "Choose the category to move them to.")
        params["category_id"] = category.id
    if action is BulkAction.PRICE:
        try:
            params["percent"] = str(parse_percent(percent))
        except ValueError as exc:
            raise InvalidProduct("percent", str(exc)) from None
    items = [[int(i), int(v)] for i, v in items]
    if not items:
        raise InvalidProduct("ids", "Tick the products to change, or choose all products "
                                    "matching the filter.")
    if len(items) > MAX_ITEMS:
        raise InvalidProduct("ids", f"At most {MAX_ITEMS:,} products at once; narrow the "
                                    "filter.")
    change = ProductBulkChange(action=action.value, params=params, items=items,
                               total=len(items), status=BulkStatus.PLANNED, cursor=0,
                               changed=0, skipped=0, notes=[], created_by_id=actor_id,
                               created_at=utcnow())
    db.session.add(change)
    db.session.flush()
    return change


@dataclass(frozen=True)
class Outcome:
    """What the change does to one product: old → new, or why it leaves it alone."""

    product_id: int
    name: str
    sku: str
    old: str
    new: str
    skip: str = ""  # non-empty: the product is left as it is, and why


def _products(ids: list[int], *, lock: bool = False) -> dict[int, Product]:
    query = (select(Product).where(Product.id.in_(ids))
             .options(selectinload(Product.specs), selectinload(Product.category)))
    if lock:
        query = query.with_for_update(of=Product)
    return {p.id: p for p in db.session.scalars(query)}


def _outcome(change: ProductBulkChange, product: Product | None, version: int,
             categories: dict[int, str]) -> Outcome:
    if product is None:
        return Outcome(0, "(deleted)", "", "", "", "deleted since it was chosen")
    action = BulkAction(change.action)
    base = {"product_id": product.id, "name": product.name, "sku": product.sku}
    stale = "" if product.version == version else "edited since it was chosen"
    if action is BulkAction.PRICE:
        cents = new_price(product.price_cents, Decimal(change.params["percent"]))
        old, new = (format_money(product.price_cents, product.currency),
                    format_money(cents, product.currency))
        skip = stale or ("no change" if cents == product.price_cents else
                         "the new price would be too large" if cents > MAX_PRICE_CENTS else "")
        return Outcome(**base, old=old, new=new, skip=skip)
    if action is BulkAction.CATEGORY:
        target = change.params["category_id"]
        old, new = categories.get(product.category_id, "?"), categories.get(target, "?")
        skip = stale or ("no change" if product.category_id == target else "")
        return Outcome(**base, old=old, new=new, skip=skip)
    target = ProductStatus.PUBLISHED if action is BulkAction.PUBLISH else ProductStatus.ARCHIVED
    skip = stale
    if not skip and product.status == target:
        skip = "no change"
    elif not skip and not allowed(PRODUCT_TRANSITIONS, product.status, target):
        skip = f"a {product.status} product cannot become {target}"
    elif not skip and target is ProductStatus.PUBLISHED:
        skip = " ".join(publish_problems(product))
    return Outcome(**base, old=product.status, new=target.value, skip=skip)


def _category_names(change: ProductBulkChange, products: Iterable[Product]) -> dict[int, str]:
    if change.action != BulkAction.CATEGORY:
        return {}
    ids = {p.category_id for p in products} | {change.params["category_id"]}
    return dict(db.session.execute(select(Category.id, Category.name)
                                   .where(Category.id.in_(ids))).all())


def preview(change: ProductBulkChange, offset: int, limit: int) -> list[Outcome]:
    """The outcome for ``limit`` of the chosen products from ``offset``, as things are now."""
    window = change.items[offset:offset + limit]
    products = _products([i for i, _ in window])
    names = _category_names(change, products.values())
    return [_outcome(change, products.get(pid), version, names) for pid, version in window]


def confirm(change_id: int) -> bool:
    """Take a planned change for applying: True for the one request that does, False for
    every other (a double submission, a second tab)."""
    result = db.session.execute(
        update(ProductBulkChange)
        .where(ProductBulkChange.id == change_id,
               ProductBulkChange.status == BulkStatus.PLANNED)
        .values(status=BulkStatus.APPLYING)
        .execution_options(synchronize_session=False))
    if result.rowcount == 1:
        db.session.expire_all()
        return True
    return False


def apply_batch(change: ProductBulkChange, *, actor_id: int | None) -> int:
    """Apply the next batch (from ``cursor``); returns how many items remain."""
    if change.status != BulkStatus.APPLYING:
        return 0
    window = change.items[change.cursor:change.cursor + BATCH]
    products = _products([i for i, _ in window], lock=True)
    names = _category_names(change, products.values())
    action = BulkAction(change.action)
    changed: list[int] = []
    notes = list(change.notes or [])
    for pid, version in window:
        product = products.get(pid)
        outcome = _outcome(change, product, version, names)
        if outcome.skip:
            if outcome.skip != "no change" and len(notes) < MAX_NOTES:
                notes.append([pid, outcome.skip])
            continue
        _apply(change, action, product, actor_id)
        changed.append(product.id)
    db.session.flush()
    if changed:
        kind = ChangeKind.PRICE if action is BulkAction.PRICE else ChangeKind.STRUCTURE
        record_changes(kind, changed)
    change.cursor += len(window)
    change.changed += len(changed)
    change.skipped += len(window) - len(changed)
    change.notes = notes
    remaining = max(0, change.total - change.cursor)
    if remaining == 0:
        change.status = BulkStatus.DONE
        change.finished_at = utcnow()
    db.session.flush()
    return remaining


def _apply(change: ProductBulkChange, action: BulkAction, product: Product,
           actor_id: int | None) -> None:
    if action is BulkAction.PRICE:
        product.price_cents = new_price(product.price_cents, Decimal(change.params["percent"]))
    elif action is BulkAction.CATEGORY:
        product.category = db.session.get(Category, change.params["category_id"])
        db.session.flush()
        index_product(product, category_path_names(product.category))
    else:
        target = (ProductStatus.PUBLISHED if action is BulkAction.PUBLISH
                  else ProductStatus.ARCHIVED)
        change_status(product, target, table=PRODUCT_TRANSITIONS, actor_id=actor_id,
                      note=f"Bulk change {change.id}",
                      record=lambda c: ProductEvent(product_id=product.id, **c.columns()))
        if target is ProductStatus.PUBLISHED and product.published_at is None:
            product.published_at = utcnow()
    product.version = product.version + 1


def apply_all(change: ProductBulkChange, *, actor_id: int | None, progress=None) -> None:
    """Apply every remaining batch; ``progress(done, total)`` after each (a job commits
    there, so work done stays done)."""
    while apply_batch(change, actor_id=actor_id):
        if progress is not None:
            progress(change.cursor, change.total)
    if progress is not None:
        progress(change.cursor, change.total)
