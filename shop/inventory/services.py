"""Every stock change goes through here and writes a movement row.

On-hand and allocated are kept apart. Allocation is one conditional UPDATE whose row count
says whether the units were there, so two buyers of the last unit cannot both get it.
"""

from __future__ import annotations

from sqlalchemy import insert, select, update

from shop.catalog.models import ChangeKind
from shop.catalog.services import record_change
from shop.db import utcnow
from shop.errors import Conflict, ValidationError
from shop.extensions import db
from shop.inventory.models import Location, StockLevel, StockMovement


class InsufficientStock(Conflict):
    pass


def get_or_create_location(code: str, name: str) -> Location:
    location = db.session.execute(
        select(Location).where(Location.code == code)
    ).scalar_one_or_none()
    if location is None:
        location = Location(code=code, name=name)
        db.session.add(location)
        db.session.flush()
    return location


def _level(product_id: int, location_id: int) -> StockLevel:
    level = db.session.execute(
        select(StockLevel).where(
            StockLevel.product_id == product_id, StockLevel.location_id == location_id
        )
    ).scalar_one_or_none()
    if level is None:
        level = StockLevel(product_id=product_id, location_id=location_id, on_hand=0, allocated=0)
        db.session.add(level)
        db.session.flush()
    return level


def receive(
    product_id: int, location_id: int, quantity: int, *, reason: str = "receipt",
    actor_id: int | None = None, note: str = "",
) -> StockMovement:
    """Add units on hand (a delivery, a count correction upward)."""
    if quantity <= 0:
        raise ValidationError("quantity", "Quantity must be a positive whole number.")
    level = _level(product_id, location_id)
    db.session.execute(
        update(StockLevel)
        .where(StockLevel.id == level.id)
        .values(on_hand=StockLevel.on_hand + quantity)
    )
    return _record(product_id, location_id, quantity, 0, reason, actor_id, None, note)


def adjust(
    product_id: int, location_id: int, delta: int, *, reason: str, actor_id: int | None = None,
    note: str = "",
) -> StockMovement:
    """Change on-hand by ``delta`` (negative for shrinkage); never below what is allocated."""
    if delta == 0:
        raise ValidationError("delta", "An adjustment must change the quantity.")
    level = _level(product_id, location_id)
    result = db.session.execute(
        update(StockLevel)
        .where(StockLevel.id == level.id, StockLevel.on_hand + delta >= StockLevel.allocated)
        .values(on_hand=StockLevel.on_hand + delta)
    )
    if result.rowcount != 1:
        raise InsufficientStock("That would leave less on hand than is already allocated.")
    return _record(product_id, location_id, delta, 0, reason, actor_id, None, note)


def allocate(
    product_id: int, location_id: int, quantity: int, *, order_id: int | None,
    reason: str = "allocation",
) -> StockMovement:
    """Reserve units for an order with one conditional update (no read-then-write race)."""
    if quantity <= 0:
        raise ValidationError("quantity", "Quantity must be a positive whole number.")
    result = db.session.execute(
        update(StockLevel)
        .where(
            StockLevel.product_id == product_id,
            StockLevel.location_id == location_id,
            StockLevel.on_hand - StockLevel.allocated >= quantity,
        )
        .values(allocated=StockLevel.allocated + quantity)
    )
    if result.rowcount != 1:
        raise InsufficientStock("Not enough stock left for that quantity.")
    return _record(product_id, location_id, 0, quantity, reason, None, order_id, "")


def _record(
    product_id: int, location_id: int, on_hand_delta: int, allocated_delta: int, reason: str,
    actor_id: int | None, order_id: int | None, note: str,
) -> StockMovement:
    movement = StockMovement(
        product_id=product_id, location_id=location_id, on_hand_delta=on_hand_delta,
        allocated_delta=allocated_delta, reason=reason, actor_id=actor_id, order_id=order_id,
        note=note[:200],
    )
    db.session.add(movement)
    record_change(ChangeKind.STOCK, product_id)
    db.session.flush()
    return movement


def bulk_initial_counts(rows: list[dict]) -> None:
    """Record opening stock for many new products at once (catalogue imports, scale tests).

    Each row is ``{"product_id", "location_id", "on_hand"}``; every row also writes its
    movement. Only for products that have no stock rows yet.
    """
    if not rows:
        return
    now = utcnow()
    db.session.execute(
        insert(StockLevel.__table__),
        [{"product_id": r["product_id"], "location_id": r["location_id"],
          "on_hand": r["on_hand"], "allocated": 0} for r in rows],
    )
    db.session.execute(
        insert(StockMovement.__table__),
        [{"product_id": r["product_id"], "location_id": r["location_id"],
          "on_hand_delta": r["on_hand"], "allocated_delta": 0, "reason": "initial count",
          "note": "", "actor_id": None, "order_id": None, "created_at": now} for r in rows],
    )
    record_change(ChangeKind.STOCK)
