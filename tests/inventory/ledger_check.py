"""The ledger's invariant, checked after any sequence of stock changes: for every level of a
product, its movements add up to it (each movement's "after" equal to the running sum), its
reserved and allocated units are what its holds say, and nothing is negative."""

from __future__ import annotations

from sqlalchemy import func, select

from shop.extensions import db
from shop.inventory.models import HoldStatus, StockHold, StockLevel, StockMovement


def check_ledger(product_id: int) -> None:
    levels = db.session.execute(select(StockLevel).where(
        StockLevel.product_id == product_id)).scalars().all()
    for level in levels:
        moves = db.session.execute(
            select(StockMovement).where(StockMovement.product_id == product_id,
                                        StockMovement.location_id == level.location_id)
            .order_by(StockMovement.id)).scalars().all()
        running = [0, 0, 0]
        for move in moves:
            running = [running[0] + move.on_hand_delta, running[1] + move.reserved_delta,
                       running[2] + move.allocated_delta]
            assert (move.on_hand_after, move.reserved_after, move.allocated_after) == \
                tuple(running), move.reason
            assert min(running) >= 0 and running[1] + running[2] <= running[0]
        assert tuple(running) == (level.on_hand, level.reserved, level.allocated)
        held = dict(db.session.execute(
            select(StockHold.status, func.sum(StockHold.quantity))
            .where(StockHold.product_id == product_id,
                   StockHold.location_id == level.location_id)
            .group_by(StockHold.status)).all())
        assert level.reserved == held.get(HoldStatus.RESERVED.value, 0)
        assert level.allocated == held.get(HoldStatus.ALLOCATED.value, 0)
        assert min(level.on_hand, level.reserved, level.allocated) >= 0
    moved_elsewhere = db.session.scalar(select(func.count(StockMovement.id)).where(
        StockMovement.product_id == product_id,
        StockMovement.location_id.not_in([lv.location_id for lv in levels] or [-1])))
    assert moved_elsewhere == 0
