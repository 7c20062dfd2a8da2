"""Every stock change goes through here and writes a movement row (the changes of holds
already made live in ``holds`` and are re-exported here).

On hand, reserved and allocated are kept apart. Reserving and allocating are each one
conditional UPDATE whose row count says whether the units were there, so two buyers of the
last unit cannot both get it. An order's claims are ``StockHold`` rows: reserved while it is
paid for (until they expire), allocated once paid, shipped or released.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import aliased

from shop.errors import Conflict, ValidationError
from shop.extensions import db
from shop.inventory.holds import (  # re-exported: every stock change is reached from here
    allocate_reserved as allocate_reserved,
)
from shop.inventory.holds import held_units as held_units
from shop.inventory.holds import release as release
from shop.inventory.holds import release_expired as release_expired
from shop.inventory.holds import release_units as release_units
from shop.inventory.holds import ship as ship
from shop.inventory.models import HoldStatus, Location, StockHold, StockLevel, StockMovement
from shop.inventory.movements import AFTER, record_movement


class InsufficientStock(Conflict):
    pass


def get_or_create_location(code: str, name: str, supplier_id: int | None = None) -> Location:
    """The location with this code, made when it does not exist (``supplier_id``: a
    supplier's own stock)."""
    location = db.session.execute(
        select(Location).where(Location.code == code)
    ).scalar_one_or_none()
    if location is None:
        location = Location(code=code, name=name, supplier_id=supplier_id)
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
    return record_movement(product_id, location_id, quantity, 0, 0, reason, actor_id, None,
                           note, after, purchase_order_id=purchase_order_id,
                           request_key=request_key)


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
    return record_movement(product_id, location_id, delta, 0, 0, reason, actor_id, None,
                           note, after, request_key=request_key)


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
    record_movement(product_id, location_id, 0, 0, quantity, reason, None, order_id, "", after)
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
        record_movement(product_id, location_id, 0, reserved, allocated, reason, None,
                        order_id, "", after)
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
