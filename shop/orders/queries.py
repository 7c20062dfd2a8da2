"""Reads of orders: one order with everything its pages show, a customer's history."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import selectinload

from shop.extensions import db
from shop.orders.models import PAID_STATUSES, Order, OrderEvent, OrderRefund, OrderStatus


def _full():
    return (selectinload(Order.lines), selectinload(Order.addresses),
            selectinload(Order.events))


def refunds_of(order_id: int) -> list[OrderRefund]:
    """The refunds staff made on an order, oldest first."""
    return list(db.session.scalars(select(OrderRefund).where(OrderRefund.order_id == order_id)
                                   .order_by(OrderRefund.id)))


def shipped_line_ids(order: Order) -> set[int]:
    """Ids of the order's lines whose units have shipped."""
    from shop.inventory.models import HoldStatus, StockHold

    shipped = set(db.session.scalars(select(StockHold.product_id).where(
        StockHold.order_id == order.id, StockHold.status == HoldStatus.SHIPPED)))
    return {line.id for line in order.lines if line.product_id in shipped}


def refund_by_key(key: str) -> OrderRefund | None:
    """The refund a confirmed form made (its key), if it was made already."""
    return db.session.scalar(select(OrderRefund).where(OrderRefund.key == key))


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


@dataclass(frozen=True)
class OrderFilter:
    """What the back office's order list filters on; empty values filter nothing.

    ``q`` finds an order by the start of its number (with or without "FP-"), or of its
    e-mail, company or PO number, whatever the case. ``since``/``until`` are inclusive days
    (UTC) of placing. ``compliance`` is "hold" (on hold now) or "controlled" (any order with a
    controlled item)."""

    status: str = ""
    q: str = ""
    since: date | None = None
    until: date | None = None
    country: str = ""
    method: str = ""
    compliance: str = ""


@dataclass(frozen=True)
class OrderPage:
    orders: list[Order]
    total: int
    more: bool  # the total is a floor: at least this many match (counting stopped there)


# Counting stops this many rows past the page asked for: a broad filter over a large table
# costs a bounded count, and the list still says "more than N" and offers the next pages.
COUNT_AHEAD = 500


def _upper_bound(prefix: str) -> str:
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _starts(column, prefix: str):
    """``column`` starts with ``prefix``: a range its index answers under any collation."""
    return and_(column >= prefix, column < _upper_bound(prefix))


def _search(q: str):
    upper, lower = q.upper(), q.lower()
    found = [_starts(Order.number, upper)]
    if not upper.startswith("FP-"):
        found.append(_starts(Order.number, "FP-" + upper))
    found += [_starts(func.lower(Order.email), lower), _starts(func.lower(Order.company), lower),
              _starts(func.lower(Order.po_number), lower)]
    return or_(*found)


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def order_conditions(f: OrderFilter) -> list:
    where = []
    if f.status:
        where.append(Order.status == f.status)
    if f.q.strip():
        where.append(_search(f.q.strip()))
    if f.since:
        where.append(Order.placed_at >= _day_start(f.since))
    if f.until:
        where.append(Order.placed_at < _day_start(f.until + timedelta(days=1)))
    if f.country:
        where.append(Order.ship_country == f.country.upper())
    if f.method:
        where.append(Order.payment_method == f.method)
    if f.compliance == "hold":
        where.append(Order.status == OrderStatus.COMPLIANCE_HOLD)
    elif f.compliance == "controlled":
        where.append(Order.controlled.is_(True))
    return where


def orders_page(f: OrderFilter | None = None, page: int = 1, per_page: int = 50) -> OrderPage:
    """Orders for the back office, newest first. The count stops ``COUNT_AHEAD`` rows past
    this page (``more`` says so), so no filter makes it read the whole table."""
    where = order_conditions(f or OrderFilter())
    stop = page * per_page + COUNT_AHEAD
    counted = db.session.scalar(select(func.count()).select_from(
        select(Order.id).where(*where).limit(stop + 1).subquery())) or 0
    if where and counted <= stop:
        # Few matches: take them by the filter's own indexes, then order those few. Asked
        # for newest first directly, a planner that cannot see how few match (bound
        # values) may walk the whole table by date looking for them.
        ids = list(db.session.scalars(select(Order.id).where(*where)))
        where = [Order.id.in_(ids)] if ids else [Order.id.is_(None)]
    orders = list(db.session.scalars(
        select(Order).where(*where).order_by(Order.placed_at.desc(), Order.id.desc())
        .limit(per_page).offset((page - 1) * per_page)))
    return OrderPage(orders, min(counted, stop), counted > stop)


def count_by_status(statuses: Iterable[str] | None = None) -> dict[str, int]:
    """Orders per status: of ``statuses`` only (an index range each), or of every status."""
    stmt = select(Order.status, func.count()).group_by(Order.status)
    if statuses is not None:
        stmt = stmt.where(Order.status.in_([str(s) for s in statuses]))
    return dict(db.session.execute(stmt).all())


# --- figures for the dashboard -------------------------------------------------------------

# Orders whose money has come in (a held order is paid too).
SOLD_STATUSES = (*sorted(PAID_STATUSES), OrderStatus.COMPLIANCE_HOLD)


def sales_by_day(first: date, last: date) -> dict[str, dict[date, int]]:
    """Per currency, per day (UTC, of placing) from ``first`` to ``last``: the totals of
    paid orders less what was refunded on them, in minor units. Days without sales are 0."""
    dialect = db.session.get_bind().dialect.name
    placed = func.timezone("UTC", Order.placed_at) if dialect == "postgresql" \
        else Order.placed_at
    day = func.date(placed).label("day")
    rows = db.session.execute(
        select(day, Order.currency, func.sum(Order.total_cents - Order.refunded_cents))
        .where(Order.placed_at >= _day_start(first),
               Order.placed_at < _day_start(last + timedelta(days=1)),
               Order.status.in_([str(s) for s in SOLD_STATUSES]))
        .group_by(day, Order.currency))
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    sales: dict[str, dict[date, int]] = {}
    for when, currency, cents in rows:
        when = when if isinstance(when, date) else date.fromisoformat(str(when))
        sales.setdefault(currency, dict.fromkeys(days, 0))[when] = int(cents or 0)
    return sales


def latest_events(limit: int = 10) -> list[tuple[OrderEvent, str]]:
    """The latest order events with their order's number, newest first."""
    return [(event, number) for event, number in db.session.execute(
        select(OrderEvent, Order.number).join(Order, Order.id == OrderEvent.order_id)
        .order_by(OrderEvent.id.desc()).limit(limit))]


def order_numbers(order_ids) -> dict[int, str]:
    """The number of each order id (ids of deleted orders are left out): one query."""
    ids = sorted({i for i in order_ids if i is not None})
    if not ids:
        return {}
    return dict(db.session.execute(select(Order.id, Order.number).where(Order.id.in_(ids))).all())
