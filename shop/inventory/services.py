"""Every stock change goes through here and writes a movement row.

On hand, reserved and allocated are kept apart. Reserving and allocating are each one
conditional UPDATE whose row count says whether the units were there, so two buyers of the
last unit cannot both get it. An order's claims are ``StockHold`` rows: reserved while it is
paid for (until they expire), allocated once paid, shipped or released.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import aliased
from sqlalchemy.orm.attributes import set_committed_value

from shop.catalog.models import ChangeKind
from shop.catalog.services import record_change
from shop.db import utcnow
from shop.errors import Conflict, ValidationError
from shop.extensions import db
from shop.inventory.models import (
    HOLD_TRANSITIONS,
    HoldStatus,
    Location,
    StockHold,
    StockLevel,
    StockMovement,
)

# What every UPDATE of a level hands back: the level after it, for the movement row.
AFTER = (StockLevel.on_hand, StockLevel.reserved, StockLevel.allocated)


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
        level = StockLevel(product_id=product_id, location_id=location_id, on_hand=0,
                           reserved=0, allocated=0)
        db.session.add(level)
        db.session.flush()
    return level


def receive(
    product_id: int, location_id: int, quantity: int, *, reason: str = "receipt",
    actor_id: int | None = None, note: str = "", purchase_order_id: int | None = None,
    request_key: str | None = None,
) -> StockMovement:
    """Add units on hand (a delivery, a count correction upward)."""
    if quantity <= 0:
        raise ValidationError("quantity", "Quantity must be a positive whole number.")
    level = _level(product_id, location_id)
    after = db.session.execute(
        update(StockLevel)
        .where(StockLevel.id == level.id)
        .values(on_hand=StockLevel.on_hand + quantity)
        .returning(*AFTER).execution_options(synchronize_session=False)
    ).one()
    return _record(product_id, location_id, quantity, 0, 0, reason, actor_id, None, note,
                   after, purchase_order_id=purchase_order_id, request_key=request_key)


def adjust(
    product_id: int, location_id: int, delta: int, *, reason: str, actor_id: int | None = None,
    note: str = "", request_key: str | None = None,
) -> StockMovement:
    """Change on-hand by ``delta`` (negative for shrinkage); never below what is reserved
    and allocated."""
    if delta == 0:
        raise ValidationError("delta", "An adjustment must change the quantity.")
    level = _level(product_id, location_id)
    after = db.session.execute(
        update(StockLevel)
        .where(StockLevel.id == level.id,
               StockLevel.on_hand + delta >= StockLevel.allocated + StockLevel.reserved)
        .values(on_hand=StockLevel.on_hand + delta)
        .returning(*AFTER).execution_options(synchronize_session=False)
    ).first()
    if after is None:
        raise InsufficientStock("That would leave less on hand than is already promised.")
    return _record(product_id, location_id, delta, 0, 0, reason, actor_id, None, note, after,
                   request_key=request_key)


def allocate(
    product_id: int, location_id: int, quantity: int, *, order_id: int,
    reason: str = "allocation",
) -> StockHold:
    """Promise units at one location to an order at once, with one conditional update (no
    read-then-write race). Checkout reserves first (``reserve``) and allocates on payment."""
    if quantity <= 0:
        raise ValidationError("quantity", "Quantity must be a positive whole number.")
    after = _claim(product_id, location_id, quantity, StockLevel.allocated)
    if after is None:
        raise InsufficientStock("Not enough stock left for that quantity.")
    hold = StockHold(order_id=order_id, product_id=product_id, location_id=location_id,
                     quantity=quantity, status=HoldStatus.ALLOCATED)
    db.session.add(hold)
    _record(product_id, location_id, 0, 0, quantity, reason, None, order_id, "", after)
    return hold


def _claim(product_id: int, location_id: int, quantity: int, column):
    """Move ``quantity`` available units into ``column`` (reserved or allocated), only if
    they are there: one UPDATE that returns the level after it, or nothing."""
    return db.session.execute(_claim_stmt(column.key), {
        "p_id": product_id, "loc_id": location_id, "qty": quantity}).first()


@cache
def _claim_stmt(column_key: str):
    """The conditional UPDATE of ``_claim`` for one column (built once: hot in checkout)."""
    column = getattr(StockLevel, column_key)
    return (
        update(StockLevel)
        .where(
            StockLevel.product_id == bindparam("p_id"),
            StockLevel.location_id == bindparam("loc_id"),
            StockLevel.on_hand - StockLevel.allocated - StockLevel.reserved
            >= bindparam("qty"),
        )
        .values({column: column + bindparam("qty")})
        .returning(*AFTER)
        .execution_options(synchronize_session=False)  # levels are read afresh, never kept
    )


def reserve(
    product_id: int, quantity: int, *, order_id: int, expires_at: datetime,
) -> list[StockHold]:
    """Hold ``quantity`` units for an unpaid order until ``expires_at``: from one location
    when one has them all, else split across locations in order. All or nothing."""
    return _take(product_id, quantity, order_id, HoldStatus.RESERVED, expires_at)


def allocate_for_order(product_id: int, quantity: int, *, order_id: int) -> list[StockHold]:
    """Promise ``quantity`` units to an order at once (one paid for later by invoice, where
    the order stands while the transfer travels), chosen across locations as ``reserve``
    does. All or nothing."""
    return _take(product_id, quantity, order_id, HoldStatus.ALLOCATED, None)


def _take(product_id: int, quantity: int, order_id: int, status: HoldStatus,
          expires_at: datetime | None) -> list[StockHold]:
    """Claim units into reserved or allocated with one conditional UPDATE per location:
    usually one statement, which takes them all from the first location that has them all;
    else the levels are read and the units split across locations. Lapsed reservations
    still sit on the rows until they are released; they are released here only when their
    units are needed (else the expiry job does it). A claim that loses a race for one
    location's last units reads the levels again, so a buyer is not refused while another
    location still has the units."""
    if quantity <= 0:
        raise ValidationError("quantity", "Quantity must be a positive whole number.")
    column = StockLevel.reserved if status == HoldStatus.RESERVED else StockLevel.allocated
    first = _claim_first(product_id, quantity, column)
    taken: list[tuple[int, int, tuple]] | None = (
        [(first[0], quantity, tuple(first[1:]))] if first is not None else None)
    released = False
    for _attempt in range(0 if taken else 4):
        levels = db.session.execute(_levels_stmt(), {"product_id": product_id}).all()
        whole = [loc for loc, available in levels if available >= quantity]
        plan = [(whole[0], quantity)] if whole else _split(levels, quantity)
        if not plan:
            if released or not release_expired(product_ids=[product_id]):
                break  # the units are not there
            released = True
            continue
        taken = _claim_plan(product_id, plan, column)
        if taken is not None:
            break
        # Another buyer took units of a planned location between the read and the claim:
        # read the levels again (other locations may still have them).
    if not taken:
        raise InsufficientStock("Not enough stock left for that quantity.")
    holds = []
    reason = "reservation" if status == HoldStatus.RESERVED else "allocation"
    for location_id, qty, after in taken:
        hold = StockHold(order_id=order_id, product_id=product_id, location_id=location_id,
                         quantity=qty, status=status, expires_at=expires_at)
        db.session.add(hold)
        holds.append(hold)
        reserved, allocated = (qty, 0) if status == HoldStatus.RESERVED else (0, qty)
        _record(product_id, location_id, 0, reserved, allocated, reason, None, order_id, "",
                after)
    return holds


def _claim_first(product_id: int, quantity: int, column):
    """Claim ``quantity`` units at the first location (in location order) that has them all,
    in one conditional UPDATE; (location id, on hand, reserved, allocated after), or None
    when no location has them all (or the one chosen lost them to another buyer
    meanwhile)."""
    return db.session.execute(_claim_first_stmt(column.key),
                              {"p_id": product_id, "qty": quantity}).first()


@cache
def _claim_first_stmt(column_key: str):
    column = getattr(StockLevel, column_key)
    other = aliased(StockLevel)
    first = (select(other.id)
             .where(other.product_id == bindparam("p_id"),
                    other.on_hand - other.allocated - other.reserved >= bindparam("qty"))
             .order_by(other.location_id).limit(1).scalar_subquery())
    return (update(StockLevel)
            .where(StockLevel.id == first,
                   StockLevel.on_hand - StockLevel.allocated - StockLevel.reserved
                   >= bindparam("qty"))
            .values({column: column + bindparam("qty")})
            .returning(StockLevel.location_id, *AFTER)
            .execution_options(synchronize_session=False))  # see _claim_stmt


@cache
def _levels_stmt():
    """Units available per location of one product (built once: hot in checkout)."""
    return (select(StockLevel.location_id,
                   StockLevel.on_hand - StockLevel.allocated - StockLevel.reserved)
            .where(StockLevel.product_id == bindparam("product_id"))
            .order_by(StockLevel.location_id))


def _claim_plan(product_id: int, plan: list[tuple[int, int]], column,
                ) -> list[tuple[int, int, tuple]] | None:
    """Claim every (location, quantity) of the plan, or none of them (None); each claim
    with the level after it."""
    taken: list[tuple[int, int, tuple]] = []
    for location_id, qty in plan:
        after = _claim(product_id, location_id, qty, column)
        if after is None:
            for done_location, done_qty, _after in taken:  # undo what this call claimed
                _unclaim(product_id, done_location, done_qty, column)
            return None
        taken.append((location_id, qty, tuple(after)))
    return taken


def _split(levels, quantity: int) -> list[tuple[int, int]]:
    """Take from each location in order until the quantity is met ([] when it cannot be)."""
    plan, left = [], quantity
    for location_id, available in levels:
        if left and available > 0:
            take = min(available, left)
            plan.append((location_id, take))
            left -= take
    return [] if left else plan


def _unclaim(product_id: int, location_id: int, quantity: int, column) -> None:
    db.session.execute(
        update(StockLevel)
        .where(StockLevel.product_id == product_id, StockLevel.location_id == location_id)
        .values({column: column - quantity})
    )


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
    after = db.session.execute(
        update(StockLevel)
        .where(StockLevel.product_id == hold.product_id,
               StockLevel.location_id == hold.location_id)
        .values(on_hand=StockLevel.on_hand + on_hand,
                reserved=StockLevel.reserved + reserved,
                allocated=StockLevel.allocated + allocated)
        .returning(*AFTER).execution_options(synchronize_session=False)
    ).one()
    _record(hold.product_id, hold.location_id, on_hand, reserved, allocated, reason,
            actor_id, hold.order_id, "", after)
    return hold.quantity


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


def _record(
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
