"""Stock adjustments made by people (the back office's form and ``flask inventory adjust``):
a reason from a fixed list, a note that says why, and a one-time key that makes the same form
sent twice move stock once. Every change is a ``services.adjust`` or ``services.receive``,
so it writes its movement like any other.

The floor: on hand never goes below the units promised to orders (reserved for checkouts
being paid, allocated to paid orders), whatever the reason. Below zero is impossible in any
case, and below what is promised would leave an order without the units it was told it has
(the level's ``claims_within_on_hand`` check says the same). A count that finds fewer units
than are promised is refused with the orders that hold them named, so staff release or move
those holds first; reservations that have lapsed are released before the check, since they
promise nothing any more.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from shop.catalog.models import ChangeKind, Product
from shop.catalog.services import record_change
from shop.errors import ValidationError
from shop.extensions import db
from shop.inventory import services
from shop.inventory.exceptions import AlreadyRecorded
from shop.inventory.models import (
    HoldStatus,
    Location,
    StockHold,
    StockLevel,
    StockMovement,
    StockThreshold,
)

# Reasons a person may give, as stored on the movement, with their labels.
REASONS: dict[str, str] = {
    "received": "Received",
    "damaged": "Damaged",
    "correction": "Correction",
    "customer return": "Customer return",
    "count": "Count",
}
INCREASE_ONLY = frozenset({"received", "customer return"})
DECREASE_ONLY = frozenset({"damaged"})
MAX_CHANGE = 1_000_000
MAX_THRESHOLD = 1_000_000


@dataclass(frozen=True)
class Preview:
    """What an adjustment would do to a level: the review step shows it."""

    product_id: int
    location_id: int
    delta: int
    on_hand: int
    reserved: int
    allocated: int

    @property
    def after(self) -> int:
        return self.on_hand + self.delta

    @property
    def promised(self) -> int:
        return self.reserved + self.allocated


def _level_now(product_id: int, location_id: int) -> tuple[int, int, int]:
    row = db.session.execute(
        select(StockLevel.on_hand, StockLevel.reserved, StockLevel.allocated)
        .where(StockLevel.product_id == product_id, StockLevel.location_id == location_id)
        .execution_options(populate_existing=True)
    ).first()
    return tuple(row) if row else (0, 0, 0)


def holding_orders(product_id: int, location_id: int) -> list[int]:
    """Ids of the orders that hold reserved or allocated units of a level."""
    return sorted(set(db.session.scalars(select(StockHold.order_id).where(
        StockHold.product_id == product_id, StockHold.location_id == location_id,
        StockHold.status.in_([HoldStatus.RESERVED, HoldStatus.ALLOCATED])))))


def check_adjustment(product_id: int, location_id: int, delta: int, *, reason: str,
                     note: str) -> Preview:
    """Check an adjustment against every rule without changing anything; raises
    ``ValidationError`` on the field at fault."""
    if reason not in REASONS:
        raise ValidationError("reason", "Choose one of the listed reasons.")
    if not (note or "").strip():
        raise ValidationError("note", "Say why the stock changes (the note is kept in the "
                                      "ledger).")
    if len(note.strip()) > 200:
        raise ValidationError("note", "Keep the note under 200 characters.")
    if not isinstance(delta, int) or delta == 0:
        raise ValidationError("delta", "Enter how many units to add (like 5) or take away "
                                       "(like -2); not 0.")
    if abs(delta) > MAX_CHANGE:
        raise ValidationError("delta", f"Change at most {MAX_CHANGE:,} units at a time.")
    if reason in INCREASE_ONLY and delta < 0:
        raise ValidationError("delta", f"“{REASONS[reason]}” adds units: enter a positive "
                                       "number.")
    if reason in DECREASE_ONLY and delta > 0:
        raise ValidationError("delta", f"“{REASONS[reason]}” takes units away: enter a "
                                       "negative number, like -1.")
    if db.session.get(Product, product_id) is None:
        raise ValidationError("product", "No such product.")
    location = db.session.get(Location, location_id)
    if location is None:
        raise ValidationError("location", "Choose one of the listed locations.")
    on_hand, reserved, allocated = _level_now(product_id, location_id)
    preview = Preview(product_id, location_id, delta, on_hand, reserved, allocated)
    if preview.after < 0:
        raise ValidationError("delta", f"Only {on_hand} on hand at {location.name}: the "
                                       f"largest decrease is -{on_hand}." if on_hand else
                                       f"Nothing is on hand at {location.name}: nothing can "
                                       "be taken away.")
    if preview.after < preview.promised:
        free = on_hand - preview.promised
        orders = ", ".join(f"#{o}" for o in holding_orders(product_id, location_id)[:10])
        message = (f"{preview.promised} of the {on_hand} on hand at {location.name} are "
                   f"promised to orders ({reserved} reserved, {allocated} allocated), so at "
                   f"most {free} can be taken away.")
        if reason == "count":
            message += (f" The count found fewer than are promised: release or cancel the "
                        f"holds of orders {orders} first, then post the count.")
        raise ValidationError("delta", message)
    return preview


def adjust_stock(product_id: int, location_id: int, delta: int, *, reason: str, note: str,
                 actor_id: int | None, request_key: str | None = None) -> StockMovement:
    """Apply one adjustment (checked as ``check_adjustment`` does). With ``request_key``, a
    key used before raises ``AlreadyRecorded`` and changes nothing."""
    if request_key:
        if len(request_key) > 64:
            raise ValidationError("request_key", "This form is not valid; reload the page.")
        done = db.session.scalar(select(StockMovement.id).where(
            StockMovement.request_key == request_key))
        if done is not None:
            raise AlreadyRecorded("This adjustment was recorded already; nothing was changed "
                                  "again.")
    if delta < 0:  # lapsed reservations promise nothing: give their units back first
        services.release_expired(product_ids=[product_id])
    check_adjustment(product_id, location_id, delta, reason=reason, note=note)
    note = note.strip()
    try:
        if delta > 0:
            return services.receive(product_id, location_id, delta, reason=reason,
                                    actor_id=actor_id, note=note, request_key=request_key)
        return services.adjust(product_id, location_id, delta, reason=reason,
                               actor_id=actor_id, note=note, request_key=request_key)
    except services.InsufficientStock as exc:  # claimed by a buyer since the check
        raise ValidationError("delta", "Units were promised to an order meanwhile; check "
                                       "the level and try again.") from exc


def set_threshold(product_id: int, threshold: int | None, actor_id: int | None) -> None:
    """Set a product's low-stock threshold, or clear it (None). A change writes a stock
    change into the catalogue's feed, as a stock movement does, so lists that filter on
    "low" (the back office's product index) read the product again."""
    if db.session.get(Product, product_id) is None:
        raise ValidationError("threshold", "No such product.")
    row = db.session.get(StockThreshold, product_id)
    if threshold is None:
        if row is not None:
            db.session.delete(row)
            db.session.flush()
            record_change(ChangeKind.STOCK, product_id)
        return
    if not 0 <= threshold <= MAX_THRESHOLD:
        raise ValidationError("threshold", f"Enter a whole number from 0 to {MAX_THRESHOLD:,}.")
    if row is None:
        db.session.add(StockThreshold(product_id=product_id, threshold=threshold,
                                      updated_by_id=actor_id))
    elif row.threshold == threshold:
        row.updated_by_id = actor_id
        db.session.flush()
        return
    else:
        row.threshold, row.updated_by_id = threshold, actor_id
    db.session.flush()
    record_change(ChangeKind.STOCK, product_id)


def supplier_location(supplier_id: int) -> Location:
    """The location that holds a supplier's own stock of its listings (made on first use)."""
    location = db.session.scalar(select(Location).where(Location.supplier_id == supplier_id)
                                 .order_by(Location.id).limit(1))
    if location is None:
        location = Location(code=f"SUP-{supplier_id}", name=f"Supplier {supplier_id} stock",
                            supplier_id=supplier_id)
        db.session.add(location)
        db.session.flush()
    return location


def location_by_code(code: str) -> Location | None:
    return db.session.scalar(select(Location).where(
        func.upper(Location.code) == code.strip().upper()))


def default_location(product: Product) -> Location | None:
    """Where an adjustment of ``product`` goes when no location is named: the supplier's
    stock for a supplier's listing (when it exists), the one location holding the product,
    or our one warehouse; None when that is ambiguous."""
    if product.supplier_id is not None:
        own = db.session.scalar(select(Location).where(
            Location.supplier_id == product.supplier_id).order_by(Location.id).limit(1))
        if own is not None:
            return own
    held = list(db.session.scalars(
        select(Location).join(StockLevel, StockLevel.location_id == Location.id)
        .where(StockLevel.product_id == product.id)))
    if len(held) == 1:
        return held[0]
    ours = list(db.session.scalars(select(Location).where(Location.supplier_id.is_(None))
                                   .limit(2)))
    return ours[0] if len(ours) == 1 and not held else None
