"""Applying a preview: every change it planned, in one transaction, or none of them.

The import's row is claimed first with one conditional UPDATE (status still ``applying``):
on SQLite that write takes the database's write lock, so nothing can change between the
checks below and the writes; on PostgreSQL a second run of the same job waits for the first
and then finds the import applied. The plan is then checked against the catalogue, a chunk
of rows at a time (products to change are locked ``FOR UPDATE`` on PostgreSQL): a product
whose ``updated_at`` moved since the preview, a SKU that was taken meanwhile or a stock
level whose on-hand moved makes the plan stale (``StalePlan``), and nothing is written.
Writes go through the catalogue's and inventory's services: products are created with
``create_product``, listings changed with ``update_listing``, prices set with
``set_prices`` and stock set with ``inventory.bulk.set_counts``, which writes a movement
(reason ``import``, a note naming the file) for every level it changes and refuses, again,
a level whose on-hand is no longer the one previewed.

Progress: the caller passes ``report``. The job that runs this must not commit before the
end (that would break all-or-nothing), so on PostgreSQL it reports through a separate,
short session, and on SQLite, where the apply transaction holds the only write lock, it
does not report until the transaction has ended.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, select, update

from shop.catalog.models import Brand, Category, Product
from shop.catalog.services import (
    ProductInput,
    create_product,
    get_or_create_brand,
    set_prices,
    update_listing,
)
from shop.db import utcnow
from shop.errors import Conflict
from shop.extensions import db
from shop.inventory.bulk import StockChanged, set_counts
from shop.inventory.imports.models import ImportRow, ImportStatus, ProductImport, RowKind
from shop.inventory.imports.plan import CHUNK, stamp

Report = Callable[[int, int, str], None]
_ROW = ImportRow.__table__
_PRODUCT = Product.__table__
PLANNED = (RowKind.ADDED.value, RowKind.CHANGED.value, RowKind.UNCHANGED.value)


class StalePlan(Conflict):
    """The catalogue or the stock moved since the preview: preview the file again."""


def claim(import_id: int) -> bool:
    """Take the import for applying (see the module's docstring); False when it is not
    waiting to be applied (done already, or refused)."""
    result = db.session.execute(
        update(ProductImport.__table__)
        .where(ProductImport.__table__.c.id == import_id,
               ProductImport.__table__.c.status == ImportStatus.APPLYING.value)
        .values(updated_at=utcnow()))
    return result.rowcount == 1


def _chunks(import_id: int):
    last = 0
    while True:
        rows = db.session.execute(
            select(_ROW.c.id, _ROW.c.kind, _ROW.c.sku, _ROW.c.product_id, _ROW.c.plan)
            .where(_ROW.c.import_id == import_id, _ROW.c.kind.in_(PLANNED), _ROW.c.id > last)
            .order_by(_ROW.c.id).limit(CHUNK)).all()
        if not rows:
            return
        last = rows[-1].id
        yield rows


def _stale(skus: list[str]) -> StalePlan:
    shown = ", ".join(skus[:5]) + (f" and {len(skus) - 5} more" if len(skus) > 5 else "")
    return StalePlan(f"The catalogue changed after the preview ({shown}). Nothing was "
                     f"applied: preview the file again to see what it would change now.")


def _check(rows, postgresql: bool) -> None:
    existing = {r.product_id: r for r in rows if r.kind != RowKind.ADDED}
    to_change = [r.product_id for r in rows if r.kind == RowKind.CHANGED]
    current: dict[int, str] = {}
    for ids, lock in ((to_change, postgresql), ([i for i in existing if i not in to_change],
                                                False)):
        if not ids:
            continue
        stmt = select(_PRODUCT.c.id, _PRODUCT.c.updated_at).where(_PRODUCT.c.id.in_(ids))
        if lock:
            stmt = stmt.with_for_update()
        current.update((pid, stamp(at)) for pid, at in db.session.execute(stmt))
    stale = [r.sku for pid, r in existing.items() if current.get(pid) != r.plan["updated"]]
    new_skus = [r.sku for r in rows if r.kind == RowKind.ADDED]
    if new_skus:
        stale += list(db.session.execute(
            select(_PRODUCT.c.sku).where(_PRODUCT.c.sku.in_(new_skus))).scalars())
    if stale:
        raise _stale(stale)


class _Writes:
    def __init__(self) -> None:
        self.creates: list[tuple[str, dict, list]] = []
        self.listings: dict[int, dict] = {}
        self.prices: dict[int, int] = {}
        self.counts: list[tuple[int, int, int, int]] = []
        self._brands: dict[str, Brand] = {}
        self._categories: dict[int, Category] = {}

    def collect(self, row) -> None:
        plan = row.plan
        if row.kind == RowKind.ADDED:
            self.creates.append((row.sku, plan["create"], plan["stock"]))
        elif row.kind == RowKind.CHANGED:
            fields = dict(plan["fields"])
            if "price" in fields:
                self.prices[row.product_id] = fields.pop("price")
            if fields:
                self.listings[row.product_id] = fields
            self.counts.extend((row.product_id, loc, old, new) for loc, old, new in
                               plan["stock"])

    def brand(self, pair: list) -> Brand:
        brand_id, name = pair
        if brand_id is not None:
            found = db.session.get(Brand, brand_id)
            if found is not None:
                return found
        key = name.lower()
        if key not in self._brands:
            self._brands[key] = get_or_create_brand(name)
        return self._brands[key]

    def category(self, category_id: int) -> Category:
        if category_id not in self._categories:
            found = db.session.get(Category, category_id)
            if found is None:
                raise StalePlan("A category used by the file was deleted after the preview: "
                                "preview the file again.")
            self._categories[category_id] = found
        return self._categories[category_id]

    def create_products(self) -> None:
        for sku, values, stock in self.creates:
            product = create_product(ProductInput(
                name=values["name"], product_type=values["type"],
                brand=self.brand(values["brand"]), category=self.category(values["category"]),
                sku=sku, mpn=values["mpn"], price_cents=values["price"],
                currency=values["currency"], status=values["status"]))
            self.counts.extend((product.id, loc, 0, new) for loc, _old, new in stock)

    def change_listings(self) -> None:
        ids = sorted(self.listings)
        for start in range(0, len(ids), CHUNK):
            products = db.session.execute(
                select(Product).where(Product.id.in_(ids[start:start + CHUNK]))).scalars()
            for product in products:
                fields = self.listings[product.id]
                update_listing(
                    product, name=fields.get("name"), status=fields.get("status"),
                    category=self.category(fields["category"]) if "category" in fields
                    else None,
                    brand=self.brand(fields["brand"]) if "brand" in fields else None)


def apply_plan(imp: ProductImport, *, actor_id: int | None, report: Report) -> dict | None:
    """Write the import's plan (see the module's docstring); what was written, or None when
    the import was not waiting to be applied. Raises ``StalePlan``. Adds and flushes; the
    caller commits, or rolls back on any error."""
    if not claim(imp.id):
        return None
    postgresql = db.session.get_bind().dialect.name == "postgresql"
    total = db.session.execute(select(func.count()).where(
        _ROW.c.import_id == imp.id, _ROW.c.kind.in_(PLANNED))).scalar_one()
    writes, done = _Writes(), 0
    for rows in _chunks(imp.id):
        _check(rows, postgresql)
        for row in rows:
            writes.collect(row)
        done += len(rows)
        report(done, total, f"Checked {done:,} of {total:,} rows against the catalogue")
    writes.create_products()
    report(done, total, f"Created {len(writes.creates):,} products")
    writes.change_listings()
    set_prices(writes.prices)
    report(done, total, f"Changed {len(writes.listings):,} listings and "
                        f"{len(writes.prices):,} prices; setting stock")
    try:
        levels = set_counts(writes.counts, reason="import", actor_id=actor_id,
                            note=f"Import {imp.id}: {imp.original_name}")
    except StockChanged as exc:
        raise StalePlan(f"{exc} Nothing was applied: preview the file again to see what it "
                        f"would change now.") from None
    return {"products_added": len(writes.creates), "listings_changed": len(writes.listings),
            "prices_changed": len(writes.prices), "stock_levels_changed": levels}
