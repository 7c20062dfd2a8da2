"""Purchase orders: write one (a draft), send it (ordered), receive deliveries against it in
full or in part, or cancel what will not come. Receiving moves the units in through
``services.receive`` with the reason "received", each movement naming the purchase order;
the receiving form's one-time key makes the same form sent twice receive once."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select, update

from shop.catalog.models import ProductIdentifier
from shop.catalog.partnumbers import normalise
from shop.db import CURRENCY_EXPONENT, utcnow
from shop.errors import Conflict, NotFound, ValidationError
from shop.extensions import db
from shop.inventory import services
from shop.inventory.exceptions import AlreadyRecorded, LineErrors
from shop.inventory.models import Location
from shop.inventory.purchase_models import (
    OPEN_STATUSES,
    PURCHASE_TRANSITIONS,
    PurchaseOrder,
    PurchaseOrderEvent,
    PurchaseOrderLine,
    PurchaseReceipt,
    PurchaseStatus,
)
from shop.status import change_status

MAX_LINES = 200
MAX_UNITS = 1_000_000
MAX_UNIT_COST = 2_147_483_647  # minor units: the column is a 32-bit integer


@dataclass(frozen=True)
class LineInput:
    """One line as typed: a SKU or part number, a quantity, an expected date."""

    row: int  # the line's number in what was typed, for messages
    reference: str
    quantity: int
    expected_on: date | None = None


def resolve_products(references: list[str]) -> dict[str, int]:
    """Product ids by what was typed (a SKU, part number, alternative number or GTIN, in any
    case and punctuation), for the references that name exactly one product."""
    norms = {ref: normalise(ref) for ref in references}
    found: dict[str, set[int]] = {}
    wanted = sorted({n for n in norms.values() if n})
    for start in range(0, len(wanted), 500):
        for norm, product_id in db.session.execute(
                select(ProductIdentifier.norm, ProductIdentifier.product_id)
                .where(ProductIdentifier.norm.in_(wanted[start:start + 500]))):
            found.setdefault(norm, set()).add(product_id)
    return {ref: next(iter(found[norm])) for ref, norm in norms.items()
            if len(found.get(norm, ())) == 1}


def _check_lines(lines: list[LineInput]) -> list[tuple[int, int, date | None]]:
    if not lines:
        raise ValidationError("lines", "Add at least one line: a SKU or part number and a "
                                       "quantity.")
    if len(lines) > MAX_LINES:
        raise ValidationError("lines", f"At most {MAX_LINES} lines per purchase order.")
    ids = resolve_products([line.reference for line in lines])
    problems, seen, out = [], {}, []
    for line in lines:
        product_id = ids.get(line.reference)
        if product_id is None:
            problems.append(f"Line {line.row}: no single product has the SKU or part number "
                            f"“{line.reference}”.")
        elif product_id in seen:
            problems.append(f"Line {line.row}: the same product as line {seen[product_id]}; "
                            "put it on one line.")
        elif not 0 < line.quantity <= MAX_UNITS:
            problems.append(f"Line {line.row}: order from 1 to {MAX_UNITS:,} units.")
        else:
            seen[product_id] = line.row
            out.append((product_id, line.quantity, line.expected_on))
    if problems:
        raise ValidationError("lines", " ".join(problems[:10]))
    return out


def _check_currency(currency: str) -> str:
    code = (currency or "").strip().upper()
    if code not in CURRENCY_EXPONENT:
        raise ValidationError("currency", "Choose one of the listed currencies.")
    return code


def _check_header(supplier_name: str, location_id: int | None) -> str:
    name = (supplier_name or "").strip()
    if not name:
        raise ValidationError("supplier_name", "Name the supplier.")
    if location_id is None or db.session.get(Location, location_id) is None:
        raise ValidationError("location", "Choose where the goods are delivered.")
    return name[:120]


def create_purchase_order(*, supplier_name: str, supplier_id: int | None,
                          location_id: int | None, lines: list[LineInput], note: str = "",
                          actor_id: int | None, request_key: str | None = None,
                          currency: str = "USD") -> PurchaseOrder:
    """A draft purchase order. With ``request_key``, a key used before raises
    ``AlreadyRecorded`` (carrying the order made the first time as ``.purchase_order``)."""
    if request_key:
        made = db.session.scalar(select(PurchaseOrder).where(
            PurchaseOrder.request_key == request_key))
        if made is not None:
            exc = AlreadyRecorded(f"Purchase order {made.number} was created from this form "
                                  "already.")
            exc.purchase_order = made
            raise exc
    name = _check_header(supplier_name, location_id)
    currency = _check_currency(currency)
    checked = _check_lines(lines)
    order = PurchaseOrder(number=f"new-{uuid.uuid4().hex[:16]}", supplier_name=name,
                          supplier_id=supplier_id, location_id=location_id, currency=currency,
                          note=(note or "").strip(), created_by_id=actor_id,
                          status=PurchaseStatus.DRAFT, request_key=request_key or None)
    order.lines = [PurchaseOrderLine(product_id=pid, quantity_ordered=qty, quantity_received=0,
                                     expected_on=when) for pid, qty, when in checked]
    db.session.add(order)
    db.session.flush()
    order.number = f"PO-{order.id:06d}"
    db.session.flush()
    return order


def update_draft(order: PurchaseOrder, *, supplier_name: str, supplier_id: int | None,
                 location_id: int | None, lines: list[LineInput], note: str = "",
                 currency: str | None = None) -> None:
    """Change everything of a draft: supplier, delivery location, currency, note and lines
    (lines kept keep their unit costs). The currency changes only while no line has a unit
    cost, which would otherwise be read in another currency."""
    if order.status != PurchaseStatus.DRAFT:
        raise Conflict("Only a draft can be changed this way; an order that was sent keeps "
                       "its lines (change expected dates instead).")
    currency = _check_currency(currency or order.currency)
    if currency != order.currency and order.lines_without_cost < len(order.lines):
        raise ValidationError("currency", f"The unit costs are in {order.currency}: clear "
                                          "them before changing the currency.")
    order.currency = currency
    order.supplier_name = _check_header(supplier_name, location_id)
    order.supplier_id, order.location_id = supplier_id, location_id
    order.note = (note or "").strip()
    checked = _check_lines(lines)
    by_product = {line.product_id: line for line in order.lines}
    keep = []
    for pid, qty, when in checked:
        line = by_product.pop(pid, None) or PurchaseOrderLine(product_id=pid,
                                                              quantity_received=0)
        line.quantity_ordered, line.expected_on = qty, when
        keep.append(line)
    order.lines = keep
    db.session.flush()


def set_expected_dates(order: PurchaseOrder, dates: dict[int, date | None]) -> int:
    """New expected dates for lines still outstanding; returns how many changed."""
    if order.status not in (PurchaseStatus.DRAFT, *OPEN_STATUSES):
        raise Conflict("This purchase order is closed; its dates no longer matter.")
    changed = 0
    for line in order.lines:
        if line.id in dates and line.outstanding > 0 and line.expected_on != dates[line.id]:
            line.expected_on = dates[line.id]
            changed += 1
    db.session.flush()
    return changed


def set_unit_costs(order: PurchaseOrder, costs: dict[int, int | None]) -> int:
    """Unit costs of lines (line id → minor units of the order's currency, None: not known),
    in any status: an invoice may come after the goods. Returns how many changed; a cost
    out of range raises ``ValidationError`` on ``cost-<line id>``."""
    lines = {line.id: line for line in order.lines}
    changed = 0
    for line_id, cents in costs.items():
        line = lines.get(line_id)
        if line is None:
            raise ValidationError("costs", "A line of this form is not on the purchase order; "
                                           "reload the page.")
        if cents is not None and not 0 <= cents <= MAX_UNIT_COST:
            raise ValidationError(f"cost-{line_id}", "Enter a unit cost of 0 or more.")
        if line.unit_cost_cents != cents:
            line.unit_cost_cents = cents
            changed += 1
    db.session.flush()
    return changed


def _move(order: PurchaseOrder, to: PurchaseStatus, actor_id: int | None, note: str = "",
          ) -> None:
    change_status(order, to, table=PURCHASE_TRANSITIONS, actor_id=actor_id, note=note,
                  record=lambda change: PurchaseOrderEvent(purchase_order_id=order.id,
                                                           **change.columns()))


def place_order(order: PurchaseOrder, actor_id: int | None, note: str = "") -> None:
    """The draft goes to the supplier: its units count as arriving from now on."""
    if not order.lines:
        raise ValidationError("note", "A purchase order needs at least one line.")
    _move(order, PurchaseStatus.ORDERED, actor_id, note or "Sent to the supplier.")
    order.ordered_at = utcnow()
    db.session.flush()


def cancel(order: PurchaseOrder, actor_id: int | None, note: str) -> None:
    """Nothing more will come; units already received stay in stock."""
    if order.status != PurchaseStatus.DRAFT and not (note or "").strip():
        raise ValidationError("note", "Say why the rest will not come.")
    _move(order, PurchaseStatus.CANCELLED, actor_id, note or "Cancelled.")


def lock(order_id: int) -> PurchaseOrder:
    order = db.session.get(PurchaseOrder, order_id, with_for_update=True,
                           populate_existing=True)
    if order is None:
        raise NotFound("No such purchase order.")
    return order


def receive(order_id: int, quantities: dict[int, int], *, actor_id: int | None,
            request_key: str, note: str = "") -> PurchaseReceipt:
    """Take in a delivery: ``quantities`` maps line ids to the units that arrived (0 for
    none; never more than a line still expects). Every unit goes on hand at the order's
    location with a "received" movement naming the order. A ``request_key`` used before
    raises ``AlreadyRecorded``; rules broken on lines raise ``LineErrors``."""
    if not request_key or len(request_key) > 64:
        raise ValidationError("note", "This form is not valid; reload the page.")
    order = lock(order_id)
    done = db.session.scalar(select(PurchaseReceipt).where(
        PurchaseReceipt.request_key == request_key))
    if done is not None:
        raise AlreadyRecorded(f"This delivery was recorded already (receipt {done.id}); "
                              "nothing was received again.")
    if order.status not in OPEN_STATUSES:
        raise Conflict(f"Purchase order {order.number} is "
                       f"{order.status.replace('_', ' ')}: there is nothing to receive.")
    lines = {line.id: line for line in order.lines}
    errors: dict[int, str] = {}
    for line_id, units in quantities.items():
        line = lines.get(line_id)
        if line is None:
            raise ValidationError("note", "A line of this form is not on the purchase order; "
                                          "reload the page.")
        if units < 0:
            errors[line_id] = "Enter 0 or more units."
        elif units > line.outstanding:
            errors[line_id] = (f"Only {line.outstanding} still expected on this line; "
                               f"{units} is too many." if line.outstanding else
                               "Everything on this line has arrived already.")
    if errors:
        raise LineErrors(errors)
    taking = [(lines[lid], units) for lid, units in quantities.items() if units > 0]
    if not taking:
        raise ValidationError("note", "Enter the units that arrived on at least one line.")
    note = (note or "").strip()
    for line, units in taking:
        moved = db.session.execute(
            update(PurchaseOrderLine)
            .where(PurchaseOrderLine.id == line.id,
                   PurchaseOrderLine.quantity_received + units
                   <= PurchaseOrderLine.quantity_ordered)
            .values(quantity_received=PurchaseOrderLine.quantity_received + units)
            .execution_options(synchronize_session=False))
        if moved.rowcount != 1:
            raise LineErrors({line.id: "More than this line still expects."})
        services.receive(line.product_id, order.location_id, units, reason="received",
                         actor_id=actor_id, note=f"{order.number} {note}".strip(),
                         purchase_order_id=order.id)
        db.session.expire(line)  # read quantity_received again
    receipt = PurchaseReceipt(purchase_order_id=order.id, request_key=request_key,
                              units=sum(units for _, units in taking), actor_id=actor_id,
                              note=note[:200])
    db.session.add(receipt)
    complete = all(line.outstanding == 0 for line in order.lines)
    _move(order, PurchaseStatus.RECEIVED if complete else PurchaseStatus.PARTLY_RECEIVED,
          actor_id, f"Received {receipt.units} units.")
    db.session.flush()
    return receipt
