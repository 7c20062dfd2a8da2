"""Stock counts: start one for a location, enter what was counted (typed per product or
pasted as "SKU, count" lines), review the differences, post them. Posting turns every
difference into an adjustment with the reason "count" (through ``adjustments.adjust_stock``,
so the same floor applies) and happens once: the count's status moves from open to posted in
the same transaction, and each line's movement carries a key of its own."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from shop.db import utcnow
from shop.errors import Conflict, NotFound, ValidationError
from shop.extensions import db
from shop.inventory import services
from shop.inventory.adjustments import adjust_stock, check_adjustment
from shop.inventory.count_models import (
    COUNT_TRANSITIONS,
    CountStatus,
    StockCount,
    StockCountEvent,
    StockCountLine,
)
from shop.inventory.exceptions import AlreadyRecorded, LineErrors
from shop.inventory.models import Location, StockLevel
from shop.inventory.purchasing import resolve_products
from shop.status import change_status

MAX_COUNT = 1_000_000


@dataclass(frozen=True)
class CountInput:
    row: int
    reference: str
    counted: int


def start_count(location_id: int | None, note: str, actor_id: int | None) -> StockCount:
    if location_id is None or db.session.get(Location, location_id) is None:
        raise ValidationError("location", "Choose the location you are counting.")
    note = (note or "").strip()
    if not note:
        raise ValidationError("note", "Say what is counted and why (it goes into the ledger "
                                      "with every difference).")
    count = StockCount(location_id=location_id, note=note[:200], created_by_id=actor_id,
                       status=CountStatus.OPEN)
    db.session.add(count)
    db.session.flush()
    return count


def lock(count_id: int) -> StockCount:
    count = db.session.get(StockCount, count_id, with_for_update=True, populate_existing=True)
    if count is None:
        raise NotFound("No such stock count.")
    return count


def _open(count: StockCount) -> None:
    if count.status != CountStatus.OPEN:
        raise AlreadyRecorded(f"Count {count.id} is {count.status}: it cannot change any "
                              "more.")


def record_by_product(count: StockCount, counted: dict[int, int]) -> int:
    """Counted units by product id (from the form over a page of products); returns how many
    lines were written."""
    _open(count)
    bad = [pid for pid, units in counted.items() if not 0 <= units <= MAX_COUNT]
    if bad:
        raise LineErrors({pid: f"Enter a count from 0 to {MAX_COUNT:,}." for pid in bad})
    existing = {line.product_id: line for line in count.lines}
    for product_id, units in counted.items():
        line = existing.get(product_id)
        if line is None:
            count.lines.append(StockCountLine(product_id=product_id, counted=units))
        else:
            line.counted, line.counted_at = units, utcnow()
    db.session.flush()
    return len(counted)


def record_pasted(count: StockCount, rows: list[CountInput]) -> int:
    """Counted units from pasted "SKU, count" lines; returns how many lines were written.
    A product named twice keeps the last count."""
    _open(count)
    if not rows:
        raise ValidationError("lines", "Paste at least one line: a SKU or part number, a "
                                       "comma, the units counted.")
    ids = resolve_products([r.reference for r in rows])
    problems, counted = [], {}
    for r in rows:
        if r.reference not in ids:
            problems.append(f"Line {r.row}: no single product has the SKU or part number "
                            f"“{r.reference}”.")
        elif not 0 <= r.counted <= MAX_COUNT:
            problems.append(f"Line {r.row}: enter a count from 0 to {MAX_COUNT:,}.")
        else:
            counted[ids[r.reference]] = r.counted
    if problems:
        raise ValidationError("lines", " ".join(problems[:10]))
    return record_by_product(count, counted)


def remove_line(count: StockCount, line_id: int) -> None:
    _open(count)
    line = next((ln for ln in count.lines if ln.id == line_id), None)
    if line is None:
        raise NotFound("No such line on this count.")
    count.lines.remove(line)
    db.session.flush()


def _move(count: StockCount, to: CountStatus, actor_id: int | None, note: str) -> None:
    change_status(count, to, table=COUNT_TRANSITIONS, actor_id=actor_id, note=note,
                  record=lambda change: StockCountEvent(stock_count_id=count.id,
                                                        **change.columns()))


def post_count(count_id: int, actor_id: int | None) -> int:
    """Post every difference as a "count" adjustment; returns the number of adjustments.
    Counted at or below what is promised to orders is refused line by line (``LineErrors``)
    and nothing is posted. A count posted before raises ``AlreadyRecorded``."""
    count = lock(count_id)
    _open(count)
    if not count.lines:
        raise ValidationError("lines", "Nothing has been counted yet.")
    # Lapsed reservations promise nothing: their units are free for the count to take.
    services.release_expired(product_ids=[ln.product_id for ln in count.lines])
    levels = dict(db.session.execute(
        select(StockLevel.product_id, StockLevel.on_hand)
        .where(StockLevel.location_id == count.location_id,
               StockLevel.product_id.in_([ln.product_id for ln in count.lines]))
        .execution_options(populate_existing=True)).all())
    errors: dict[int, str] = {}
    moves = []
    for line in count.lines:
        delta = line.counted - levels.get(line.product_id, 0)
        line.posted_delta = delta
        if delta:
            try:
                check_adjustment(line.product_id, count.location_id, delta, reason="count",
                                 note=count.note)
            except ValidationError as exc:
                errors[line.id] = exc.message
                continue
            moves.append((line, delta))
    if errors:
        raise LineErrors(errors)
    for line, delta in moves:
        adjust_stock(line.product_id, count.location_id, delta, reason="count",
                     note=f"Count {count.id}: {count.note}"[:200], actor_id=actor_id,
                     request_key=f"count-{count.id}-{line.id}")
    _move(count, CountStatus.POSTED, actor_id, f"{len(moves)} adjustments posted.")
    count.posted_at = utcnow()
    db.session.flush()
    return len(moves)


def cancel_count(count_id: int, actor_id: int | None) -> None:
    count = lock(count_id)
    if count.status == CountStatus.CANCELLED:
        raise AlreadyRecorded(f"Count {count.id} was cancelled already.")
    if count.status != CountStatus.OPEN:
        raise Conflict(f"Count {count.id} was posted; it cannot be cancelled.")
    _move(count, CountStatus.CANCELLED, actor_id, "Cancelled; nothing posted.")
