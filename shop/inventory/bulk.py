"""Opening stock for many new products at once (catalogue imports, scale tests): plain
inserts of levels and their movements, bypassing the one-row-at-a-time claims of
``shop.inventory.services``."""

from __future__ import annotations

from sqlalchemy import insert

from shop.catalog.models import ChangeKind
from shop.catalog.services import record_change
from shop.db import utcnow
from shop.extensions import db
from shop.inventory.models import StockLevel, StockMovement


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
          "on_hand": r["on_hand"], "reserved": 0, "allocated": 0} for r in rows],
    )
    db.session.execute(
        insert(StockMovement.__table__),
        [{"product_id": r["product_id"], "location_id": r["location_id"],
          "on_hand_delta": r["on_hand"], "reserved_delta": 0, "allocated_delta": 0,
          "reason": "initial count", "on_hand_after": r["on_hand"], "reserved_after": 0,
          "allocated_after": 0, "purchase_order_id": None, "request_key": None,
          "note": "", "actor_id": None, "order_id": None, "created_at": now} for r in rows],
    )
    record_change(ChangeKind.STOCK)
