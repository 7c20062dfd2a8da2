"""Reads of orders: one order with everything its pages show, a customer's history."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from shop.extensions import db
from shop.orders.models import Order


def _full():
    return (selectinload(Order.lines), selectinload(Order.addresses),
            selectinload(Order.events))


def order_by_number(number: str) -> Order | None:
    """The order with this number, its lines, addresses and timeline loaded."""
    if not number or len(number) > 16:
        return None
    return db.session.scalar(select(Order).where(Order.number == number.upper())
                             .options(*_full()))


def order_by_id(order_id: int) -> Order | None:
    return db.session.scalar(select(Order).where(Order.id == order_id).options(*_full()))


def orders_of_user(user_id: int, page: int, per_page: int) -> tuple[list[Order], int]:
    """A customer's orders, newest first, with their lines (one query each, any count)."""
    where = Order.user_id == user_id
    total = db.session.scalar(select(func.count()).select_from(Order).where(where)) or 0
    orders = list(db.session.scalars(
        select(Order).where(where).order_by(Order.placed_at.desc(), Order.id.desc())
        .options(selectinload(Order.lines)).limit(per_page).offset((page - 1) * per_page)))
    return orders, total


def orders_page(status: str = "", q: str = "", page: int = 1,
                per_page: int = 50) -> tuple[list[Order], int]:
    """Orders for the back office, newest first: by status, and by number, e-mail, company
    or PO number."""
    stmt = select(Order)
    if status:
        stmt = stmt.where(Order.status == status)
    if q:
        like = f"%{q.lower()}%"
        stmt = stmt.where(func.lower(Order.number).like(like) | func.lower(Order.email).like(like)
                          | func.lower(Order.company).like(like)
                          | func.lower(Order.po_number).like(like))
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    orders = list(db.session.scalars(stmt.order_by(Order.placed_at.desc(), Order.id.desc())
                                     .limit(per_page).offset((page - 1) * per_page)))
    return orders, total


def count_by_status() -> dict[str, int]:
    return dict(db.session.execute(select(Order.status, func.count()).group_by(Order.status))
                .all())


def order_numbers(order_ids) -> dict[int, str]:
    """The number of each order id (ids of deleted orders are left out): one query."""
    ids = sorted({i for i in order_ids if i is not None})
    if not ids:
        return {}
    return dict(db.session.execute(select(Order.id, Order.number).where(Order.id.in_(ids))).all())
