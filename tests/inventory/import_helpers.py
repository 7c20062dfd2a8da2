"""Helpers for the import tests: a small catalogue, files built in the test, and an import
run through the same services and jobs the back office uses."""

from __future__ import annotations

import io

from flask import current_app
from openpyxl import Workbook
from sqlalchemy import func, select

from shop.catalog.models import CatalogChange, Product
from shop.extensions import db
from shop.inventory import services as inventory
from shop.inventory.imports import queries, services
from shop.inventory.imports.models import ImportRow, ProductImport
from shop.inventory.models import StockLevel, StockMovement
from shop.jobs import start_job
from tests.factories import make_category, make_product, make_supplier_organisation


def catalogue() -> dict[str, Product]:
    """Three products of ours and two of suppliers 7 and 8, stock at MAIN (and one at EU)."""
    main = inventory.get_or_create_location("MAIN", "Main warehouse")
    inventory.get_or_create_location("EU", "EU warehouse")
    category = make_category("network-adapters")
    make_category("dac-cables")
    for supplier_id in (7, 8):  # the organisations the supplier scopes below name
        make_supplier_organisation(f"Supplier {supplier_id} B.V.", id=supplier_id)
    products = {
        "A-1": make_product(sku="A-1", name="Adapter one", price_cents=129_900, stock=10,
                            category=category),
        "A-2": make_product(sku="A-2", name="Adapter two", price_cents=50_00, stock=3,
                            category=category),
        "A-3": make_product(sku="A-3", name="Adapter three", price_cents=75_50,
                            category=category),
        "S7-1": make_product(sku="S7-1", name="Supplier seven's adapter", price_cents=200_00,
                             stock=4, category=category, supplier_id=7),
        "S8-1": make_product(sku="S8-1", name="Supplier eight's adapter", price_cents=300_00,
                             stock=2, category=category, supplier_id=8),
    }
    assert main.id
    db.session.commit()
    return products


def csv_bytes(text: str, encoding: str = "utf-8") -> bytes:
    return text.replace("\n", "\r\n").encode(encoding)


def xlsx_bytes(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def settings() -> services.Settings:
    return services.settings_from(current_app.config)


def upload(data: bytes, filename: str = "items.csv", *, supplier_id: int | None = None,
           currency: str = "USD") -> ProductImport:
    """Upload and build the preview (the job runs at once in the tests); the import."""
    imp = services.create_import(data, filename, settings=settings(), currency=currency,
                                 supplier_id=supplier_id)
    db.session.commit()
    import_id, revision = imp.id, imp.revision
    start_job("catalog-import-preview", params={"import_id": import_id, "revision": revision},
              key=f"catalog-import-preview:{import_id}:{revision}")
    return queries.get_import(import_id)


def apply(imp: ProductImport) -> ProductImport:
    import_id = imp.id
    services.request_apply(imp, actor_id=None)
    db.session.commit()
    start_job("catalog-import-apply", params={"import_id": import_id})
    return queries.get_import(import_id)


def rows_of(imp: ProductImport) -> dict[str, ImportRow]:
    return {r.sku: r for r in db.session.scalars(
        select(ImportRow).where(ImportRow.import_id == imp.id).order_by(ImportRow.row_number))}


def errors_of(imp: ProductImport) -> list[tuple[int, str, str]]:
    return [(r.row_number, column, reason) for r in db.session.scalars(
        select(ImportRow).where(ImportRow.import_id == imp.id).order_by(ImportRow.row_number))
        for column, reason in (r.errors or [])]


def state() -> dict:
    """Everything an import may change: products, stock levels, movements and the feed."""
    db.session.expire_all()
    products = {p.sku: (p.name, p.category_id, p.brand_id, p.status, p.price_cents,
                        p.currency, p.updated_at)
                for p in db.session.scalars(select(Product))}
    levels = {(lv.product_id, lv.location_id): (lv.on_hand, lv.reserved, lv.allocated)
              for lv in db.session.scalars(select(StockLevel))}
    return {"products": products, "levels": levels,
            "movements": db.session.scalar(select(func.count()).select_from(StockMovement)),
            "feed": db.session.scalar(select(func.count()).select_from(CatalogChange))}


def on_hand(sku: str, code: str = "MAIN") -> int:
    from shop.inventory.models import Location

    return db.session.scalar(
        select(func.coalesce(func.sum(StockLevel.on_hand), 0))
        .join(Product, Product.id == StockLevel.product_id)
        .join(Location, Location.id == StockLevel.location_id)
        .where(Product.sku == sku, Location.code == code))
