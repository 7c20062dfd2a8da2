"""Stock for many products at once: opening stock for new products (scale tests) and counted
quantities set in bulk (imports): plain statements over many rows instead of the
one-row-at-a-time claims of ``shop.inventory.services``, still writing a movement for every
change."""

from __future__ import annotations

from sqlalchemy import bindparam, insert, select, update

from shop.catalog.models import ChangeKind
from shop.catalog.services import record_change, record_changes
from shop.db import utcnow
from shop.errors import Conflict, ValidationError
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


class StockChanged(Conflict):
    """Stock moved after it was read for a count (a sale, a receipt): nothing was set."""


def set_counts(counts: list[tuple[int, int, int, int]], *, reason: str, note: str = "",
               actor_id: int | None = None) -> int:
    """Set many levels' on-hand to counted quantities at once (an import or a stock count).

    Each count is ``(product_id, location_id, expected, counted)``: ``expected`` is the
    on-hand the count was compared with (0 where the product has no level there yet). A
    level changes only while its on-hand is still ``expected`` and ``counted`` still covers
    what is reserved and allocated there; if any level fails that, ``StockChanged`` is
    raised having written nothing that the caller's rollback will not undo. Every level
    that changes writes its movement (the difference, with ``reason`` and ``note``) and
    the stock feed learns of it. Returns how many levels changed."""
    counts = [c for c in counts if c[3] != c[2]]
    if not counts:
        return 0
    if any(c[3] < 0 for c in counts):
        raise ValidationError("quantity", "A counted quantity cannot be negative.")
    table = StockLevel.__table__
    have: set[tuple[int, int]] = set()
    product_ids = sorted({c[0] for c in counts})
    for start in range(0, len(product_ids), 1000):
        have.update(db.session.execute(
            select(table.c.product_id, table.c.location_id)
            .where(table.c.product_id.in_(product_ids[start:start + 1000]))).tuples())
    updates = [c for c in counts if (c[0], c[1]) in have]
    inserts = [c for c in counts if (c[0], c[1]) not in have]
    if any(c[2] != 0 for c in inserts):
        raise StockChanged("A stock level that was counted no longer exists.")
    if updates:
        claims = table.c.reserved + table.c.allocated
        result = db.session.execute(
            update(table).where(table.c.product_id == bindparam("p"),
                                table.c.location_id == bindparam("loc"),
                                table.c.on_hand == bindparam("expected"),
                                claims <= bindparam("counted"))
            .values(on_hand=bindparam("counted")),
            [{"p": p, "loc": loc, "expected": old, "counted": new}
             for p, loc, old, new in updates])
        if result.rowcount != len(updates):
            raise StockChanged("Stock moved since it was counted (a sale or a delivery), or "
                               "a count is below what orders already hold.")
    if inserts:
        db.session.execute(insert(table), [
            {"product_id": p, "location_id": loc, "on_hand": new, "reserved": 0,
             "allocated": 0} for p, loc, _old, new in inserts])
    now = utcnow()
    db.session.execute(insert(StockMovement.__table__), [
        {"product_id": p, "location_id": loc, "on_hand_delta": new - old, "reserved_delta": 0,
         "allocated_delta": 0, "reason": reason[:40], "note": note[:200], "actor_id": actor_id,
         "order_id": None, "created_at": now} for p, loc, old, new in counts])
    record_changes(ChangeKind.STOCK, (c[0] for c in counts))
    return len(counts)
