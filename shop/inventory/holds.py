"""An order's holds after they are made: reserved units allocated when it is paid, released
when it is cancelled, expires or is refunded before shipping (wholly or in part), shipped when
it leaves. Every change moves the hold's level and writes a movement row. Callers reach them
through ``shop.inventory.services``, which makes the holds and re-exports these."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.orm.attributes import set_committed_value

from shop.db import utcnow
from shop.errors import Conflict, ValidationError
from shop.extensions import db
from shop.inventory.models import HOLD_TRANSITIONS, HoldStatus, StockHold, StockLevel
from shop.inventory.movements import AFTER, record_movement


def _holds(order_id: int, status: HoldStatus, *, lock: bool = True) -> list[StockHold]:
    stmt = (select(StockHold).where(StockHold.order_id == order_id, StockHold.status == status)
            .order_by(StockHold.id))
    if lock:
        stmt = stmt.with_for_update()
    return list(db.session.execute(stmt).scalars())


def _move_hold(hold: StockHold, to: HoldStatus) -> bool:
    """Change a hold's status only if it still has the status read (a conditional update,
    so two workers finishing the same hold cannot both apply it)."""
    if to not in HOLD_TRANSITIONS[HoldStatus(hold.status)]:
        raise Conflict(f"A {hold.status} hold cannot become {to}.")
    result = db.session.execute(
        update(StockHold).where(StockHold.id == hold.id, StockHold.status == hold.status)
        .values(status=to.value).execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return False
    set_committed_value(hold, "status", to.value)  # as stored: nothing left to flush
    return True


def _settle(hold: StockHold, to: HoldStatus, reason: str, actor_id: int | None, *,
            on_hand: int = 0, reserved: int = 0, allocated: int = 0) -> int:
    """Move a hold to ``to`` and its level by the given deltas, with the movement row; the
    units moved, or 0 when another worker moved the hold first."""
    if not _move_hold(hold, to):
        return 0
    _shift(hold, reason, actor_id, on_hand=on_hand, reserved=reserved, allocated=allocated)
    return hold.quantity


def _shift(hold: StockHold, reason: str, actor_id: int | None, *, on_hand: int = 0,
           reserved: int = 0, allocated: int = 0) -> None:
    """Move the level of ``hold`` by the given deltas, with the movement row."""
    after = db.session.execute(
        update(StockLevel)
        .where(StockLevel.product_id == hold.product_id,
               StockLevel.location_id == hold.location_id)
        .values(on_hand=StockLevel.on_hand + on_hand,
                reserved=StockLevel.reserved + reserved,
                allocated=StockLevel.allocated + allocated)
        .returning(*AFTER).execution_options(synchronize_session=False)
    ).one()
    record_movement(hold.product_id, hold.location_id, on_hand, reserved, allocated, reason,
                    actor_id, hold.order_id, "", after)


def allocate_reserved(order_id: int) -> int:
    """Turn an order's reservations into allocations (it was paid). Returns the units
    allocated; holds already allocated or released are left as they are."""
    return sum(_settle(hold, HoldStatus.ALLOCATED, "allocation", None,
                       reserved=-hold.quantity, allocated=hold.quantity)
               for hold in _holds(order_id, HoldStatus.RESERVED))


def release(order_id: int, *, product_id: int | None = None, reason: str = "release",
            actor_id: int | None = None) -> int:
    """Give an order's reserved and allocated (not shipped) units back to stock (of one
    product, or all). Returns the units released; safe to call twice."""
    units = 0
    for status, claim in ((HoldStatus.RESERVED, "reserved"),
                          (HoldStatus.ALLOCATED, "allocated")):
        for hold in _holds(order_id, status):
            if product_id is None or hold.product_id == product_id:
                units += _settle(hold, HoldStatus.RELEASED, reason, actor_id,
                                 **{claim: -hold.quantity})
    return units


def held_units(order_id: int, product_id: int) -> int:
    """Units of one product an order holds (reserved or allocated, not shipped)."""
    return sum(hold.quantity for status in (HoldStatus.RESERVED, HoldStatus.ALLOCATED)
               for hold in _holds(order_id, status, lock=False)
               if hold.product_id == product_id)


def release_units(order_id: int, product_id: int, quantity: int, *, reason: str = "release",
                  actor_id: int | None = None) -> int:
    """Give back ``quantity`` of an order's reserved or allocated units of one product (some
    of them will not ship: a refund before shipping), newest holds first. A hold that gives
    back only part of its units shrinks, and the part given back becomes a released hold of
    its own, so the order's holds still add up to what it claimed. Returns the units
    released: fewer when the order holds fewer."""
    if quantity <= 0:
        raise ValidationError("quantity", "Quantity must be a positive whole number.")
    left = quantity
    for status, claim in ((HoldStatus.RESERVED, "reserved"),
                          (HoldStatus.ALLOCATED, "allocated")):
        holds = [h for h in _holds(order_id, status) if h.product_id == product_id]
        for hold in reversed(holds):
            if not left:
                return quantity
            if hold.quantity <= left:
                left -= _settle(hold, HoldStatus.RELEASED, reason, actor_id,
                                **{claim: -hold.quantity})
            elif _shrink_hold(hold, left):
                _shift(hold, reason, actor_id, **{claim: -left})
                left = 0
    return quantity - left


def _shrink_hold(hold: StockHold, units: int) -> bool:
    """Take ``units`` (fewer than it holds) off a hold, into a released hold beside it; only
    if the hold is still as read (a conditional update)."""
    result = db.session.execute(
        update(StockHold).where(StockHold.id == hold.id, StockHold.status == hold.status,
                                StockHold.quantity == hold.quantity)
        .values(quantity=StockHold.quantity - units)
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        return False
    set_committed_value(hold, "quantity", hold.quantity - units)
    db.session.add(StockHold(order_id=hold.order_id, product_id=hold.product_id,
                             location_id=hold.location_id, quantity=units,
                             status=HoldStatus.RELEASED, expires_at=hold.expires_at))
    return True


def ship(order_id: int, *, actor_id: int | None = None) -> int:
    """The order's allocated units leave: on hand and allocated both go down."""
    return sum(_settle(hold, HoldStatus.SHIPPED, "shipment", actor_id,
                       on_hand=-hold.quantity, allocated=-hold.quantity)
               for hold in _holds(order_id, HoldStatus.ALLOCATED))


def release_expired(now: datetime | None = None, *,
                    product_ids: list[int] | None = None) -> list[int]:
    """Release every reservation whose time is up (for some products, or all). Returns
    the ids of the orders whose holds were released."""
    now = now or utcnow()
    stmt = select(StockHold.order_id).where(
        StockHold.status == HoldStatus.RESERVED, StockHold.expires_at < now
    )
    if product_ids is not None:
        stmt = stmt.where(StockHold.product_id.in_(product_ids))
    orders = sorted(set(db.session.execute(stmt).scalars()))
    for order_id in orders:
        for hold in _holds(order_id, HoldStatus.RESERVED):
            if hold.expires_at is not None and _aware(hold.expires_at) < now:
                _settle(hold, HoldStatus.RELEASED, "reservation expired", None,
                        reserved=-hold.quantity)
    return orders


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
