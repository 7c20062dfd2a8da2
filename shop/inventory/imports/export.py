"""Products, prices and stock as a CSV file that the import reads back unchanged.

Rows are read a chunk at a time (products by id, then their stock levels, one query each)
and written as they come, so a download of 100,000 products starts at once and holds one
chunk in memory. Prices are written as plain numbers in major units (``1299.00``), stock as
``stock:<location code>`` columns (on hand at our locations; a supplier's file has one
``stock`` column, its own location's), text cells escaped against formulas
(``shop.spreadsheets.escape_cell``)."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select

from shop.catalog.models import Brand, Category, Product
from shop.db import CURRENCY_EXPONENT
from shop.extensions import db
from shop.inventory.imports.plan import CHUNK, Scope
from shop.inventory.models import Location, StockLevel
from shop.inventory.supplier_locations import find_location, is_supplier_location
from shop.spreadsheets import csv_chunks, money_text

STAFF_COLUMNS = ("sku", "name", "category", "brand", "type", "mpn", "status", "currency",
                 "price")
SUPPLIER_COLUMNS = ("sku", "name", "currency", "price")


def _locations(scope: Scope) -> list[tuple[int, str]]:
    """Staff: our locations (suppliers' own stock is theirs to set, and a staff import
    refuses its columns). A supplier: its own (none before it ever set stock; the column is
    there anyway, all zeros)."""
    if not scope.staff:
        own = find_location(scope.supplier_id)
        return [(own.id if own else 0, "")]
    return list(db.session.execute(select(Location.id, Location.code)
                                   .where(~is_supplier_location()).order_by(Location.id)))


def columns(scope: Scope, location_codes: list[str]) -> list[str]:
    if not scope.staff:
        return [*SUPPLIER_COLUMNS, "stock"]
    return [*STAFF_COLUMNS, *(f"stock:{code}" for code in location_codes)]


def rows(scope: Scope, locations: list[tuple[int, str]]) -> Iterator[list[object]]:
    p, c, b = Product.__table__, Category.__table__, Brand.__table__
    stmt = (select(p.c.id, p.c.sku, p.c.name, c.c.slug, b.c.name, p.c.product_type, p.c.mpn,
                   p.c.status, p.c.currency, p.c.price_cents)
            .join(c, c.c.id == p.c.category_id).join(b, b.c.id == p.c.brand_id)
            .order_by(p.c.id).limit(CHUNK))
    if not scope.staff:
        stmt = stmt.where(p.c.supplier_id == scope.supplier_id)
    positions = {loc_id: i for i, (loc_id, _code) in enumerate(locations)}
    level = StockLevel.__table__
    last = 0
    while True:
        chunk = db.session.execute(stmt.where(p.c.id > last)).all()
        if not chunk:
            return
        last = chunk[-1][0]
        stock: dict[int, list[int]] = {row[0]: [0] * len(locations) for row in chunk}
        for product_id, location_id, on_hand in db.session.execute(
                select(level.c.product_id, level.c.location_id, level.c.on_hand)
                .where(level.c.product_id.in_(list(stock)),
                       level.c.location_id.in_(list(positions)))):
            stock[product_id][positions[location_id]] = on_hand
        for pid, sku, name, slug, brand, ptype, mpn, status, currency, cents in chunk:
            price = money_text(cents, CURRENCY_EXPONENT.get(currency, 2))
            fixed = ([sku, name, slug, brand, ptype, mpn, status, currency, price]
                     if scope.staff else [sku, name, currency, price])
            yield [*fixed, *stock[pid]]


def export_csv(scope: Scope) -> Iterator[str]:
    """The CSV file, as text chunks for a streamed response."""
    locations = _locations(scope)
    return csv_chunks(columns(scope, [code for _id, code in locations]),
                      rows(scope, locations))
