"""Reads of imports for pages: one import (always through its owner), recent imports, and a
page of a preview's rows."""

from __future__ import annotations

from sqlalchemy import func, select

from shop.extensions import db
from shop.inventory.imports.models import ImportEvent, ImportRow, ProductImport, RowKind

STAFF = object()  # the scope of staff pages: every import


def get_import(import_id: int, *, supplier_id=STAFF, fresh: bool = True) -> ProductImport | None:
    """The import, as the database holds it now; for a supplier (``supplier_id``) only one
    of its own, for staff (the default) any."""
    stmt = select(ProductImport).where(ProductImport.id == import_id)
    if supplier_id is not STAFF:
        stmt = stmt.where(ProductImport.supplier_id == supplier_id)
    if fresh:
        stmt = stmt.execution_options(populate_existing=True)
    return db.session.scalar(stmt)


def recent_imports(*, supplier_id=STAFF, limit: int = 20) -> list[ProductImport]:
    stmt = select(ProductImport).order_by(ProductImport.id.desc()).limit(limit)
    if supplier_id is not STAFF:
        stmt = stmt.where(ProductImport.supplier_id == supplier_id)
    return list(db.session.scalars(stmt))


def rows_page(import_id: int, kind: str | None, page: int, per_page: int
              ) -> tuple[list[ImportRow], int]:
    """A page of the preview's rows in file order (only rows of ``kind``, if given), and how
    many rows there are of that kind."""
    where = [ImportRow.import_id == import_id]
    if kind:
        where.append(ImportRow.kind == kind)
    total = db.session.scalar(select(func.count()).select_from(ImportRow).where(*where))
    rows = db.session.scalars(
        select(ImportRow).where(*where).order_by(ImportRow.row_number, ImportRow.id)
        .offset((page - 1) * per_page).limit(per_page))
    return list(rows), total or 0


def events(import_id: int) -> list[ImportEvent]:
    return list(db.session.scalars(
        select(ImportEvent).where(ImportEvent.import_id == import_id)
        .order_by(ImportEvent.id)))


KINDS = tuple(k.value for k in RowKind)
