"""Reads of purchase orders for the back office."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from shop.catalog.models import Product
from shop.extensions import db
from shop.inventory.models import Location
from shop.inventory.purchase_models import PurchaseOrder, PurchaseOrderLine, PurchaseReceipt


@dataclass(frozen=True)
class OrderSummary:
    id: int
    number: str
    supplier_name: str
    status: str
    location_code: str
    lines: int
    ordered: int
    received: int
    next_expected: object  # date | None


def purchase_orders_page(status: str = "", q: str = "", page: int = 1, per_page: int = 50,
                         ) -> tuple[list[OrderSummary], int]:
    """Purchase orders, newest first, with their line totals: two queries."""
    stmt = select(PurchaseOrder.id)
    if status:
        stmt = stmt.where(PurchaseOrder.status == status)
    if q:
        like = f"%{q.strip().lower()}%"
        stmt = stmt.where(or_(func.lower(PurchaseOrder.number).like(like),
                              func.lower(PurchaseOrder.supplier_name).like(like)))
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    ids = list(db.session.scalars(stmt.order_by(PurchaseOrder.id.desc())
                                  .offset((page - 1) * per_page).limit(per_page)))
    if not ids:
        return [], total
    line = PurchaseOrderLine
    rows = db.session.execute(
        select(PurchaseOrder.id, PurchaseOrder.number, PurchaseOrder.supplier_name,
               PurchaseOrder.status, Location.code, func.count(line.id),
               func.coalesce(func.sum(line.quantity_ordered), 0),
               func.coalesce(func.sum(line.quantity_received), 0),
               func.min(line.expected_on).filter(line.quantity_received < line.quantity_ordered))
        .join(Location, Location.id == PurchaseOrder.location_id)
        .outerjoin(line, line.purchase_order_id == PurchaseOrder.id)
        .where(PurchaseOrder.id.in_(ids))
        .group_by(PurchaseOrder.id, PurchaseOrder.number, PurchaseOrder.supplier_name,
                  PurchaseOrder.status, Location.code)
        .order_by(PurchaseOrder.id.desc())).all()
    return [OrderSummary(*row) for row in rows], total


def purchase_order(order_id: int) -> PurchaseOrder | None:
    return db.session.scalar(
        select(PurchaseOrder).where(PurchaseOrder.id == order_id)
        .options(selectinload(PurchaseOrder.lines), selectinload(PurchaseOrder.events)))


def line_products(order: PurchaseOrder) -> dict[int, Product]:
    ids = [line.product_id for line in order.lines]
    if not ids:
        return {}
    return {p.id: p for p in db.session.scalars(select(Product).where(Product.id.in_(ids)))}


def receipts(order_id: int) -> list[PurchaseReceipt]:
    return list(db.session.scalars(select(PurchaseReceipt)
                                   .where(PurchaseReceipt.purchase_order_id == order_id)
                                   .order_by(PurchaseReceipt.id)))


def purchase_order_by_number(number: str) -> PurchaseOrder | None:
    return db.session.scalar(select(PurchaseOrder).where(
        func.upper(PurchaseOrder.number) == number.strip().upper()))
