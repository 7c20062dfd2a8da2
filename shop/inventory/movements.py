"""The movement row every stock change writes, with the level the change's UPDATE left (the
one piece ``services`` and ``holds`` share)."""

from __future__ import annotations

from shop.catalog.models import ChangeKind
from shop.catalog.services import record_change
from shop.extensions import db
from shop.inventory.models import StockLevel, StockMovement

# What every UPDATE of a level hands back: the level after it, for the movement row.
AFTER = (StockLevel.on_hand, StockLevel.reserved, StockLevel.allocated)


def record_movement(
    product_id: int, location_id: int, on_hand_delta: int, reserved_delta: int,
    allocated_delta: int, reason: str, actor_id: int | None, order_id: int | None, note: str,
    after, *, purchase_order_id: int | None = None, request_key: str | None = None,
) -> StockMovement:
    """The movement row of one change, with the level as the change's UPDATE returned it
    (``after``: on hand, reserved, allocated)."""
    on_hand_after, reserved_after, allocated_after = after
    movement = StockMovement(
        product_id=product_id, location_id=location_id, on_hand_delta=on_hand_delta,
        reserved_delta=reserved_delta, allocated_delta=allocated_delta, reason=reason,
        actor_id=actor_id, order_id=order_id, note=note[:200], on_hand_after=on_hand_after,
        reserved_after=reserved_after, allocated_after=allocated_after,
        purchase_order_id=purchase_order_id, request_key=request_key,
    )
    db.session.add(movement)
    record_change(ChangeKind.STOCK, product_id)
    db.session.flush()
    return movement
