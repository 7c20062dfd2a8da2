"""Stock that comes back with a refund: shipped units returned to where they left from,
and units refunded before they ship released from the order's hold."""

from __future__ import annotations

from sqlalchemy import select

from shop.errors import ValidationError
from shop.extensions import db
from shop.inventory import services as inventory
from shop.orders.models import Order, OrderLine


def restock(order: Order, units_by_line: dict[int, int], actor_id: int | None) -> None:
    """Units of refunded lines that go back into stock, line by line: shipped units that
    came back are received where they left from (a return); refunded units of a line not
    shipped are released from the order's hold, since they will not ship now."""
    for line in order.lines:
        units = units_by_line.get(line.id, 0)
        if units <= 0:
            continue
        if units > line.quantity - line.restocked_quantity:
            raise ValidationError("restock", f"{line.mpn}: more units than were sold.")
        line.restocked_quantity += units
        if line.product_id is not None:
            _put_back(order, line, units, actor_id)
    db.session.flush()


def _shipped_from(order: Order, line: OrderLine) -> int | None:
    """The location the line's units left from, or None when they have not shipped."""
    from shop.inventory.models import HoldStatus, StockHold

    return db.session.scalar(select(StockHold.location_id).where(
        StockHold.order_id == order.id, StockHold.product_id == line.product_id,
        StockHold.status == HoldStatus.SHIPPED).limit(1))


def _spare(order: Order, product_id: int, refunding: dict[int, int]) -> int:
    """Units of a product the order holds beyond those it still has to ship once
    ``refunding`` (units per line) is refunded too: what a refund before shipping gives
    back. A unit the order lost (a reservation that lapsed and could not be held again)
    is not given back twice."""
    to_ship = sum(line.quantity - line.refunded_quantity - refunding.get(line.id, 0)
                  for line in order.lines if line.product_id == product_id)
    return max(0, inventory.held_units(order.id, product_id) - max(0, to_ship))


def back_in_stock(order: Order, refunding: dict[int, int],
                  asked: dict[int, int]) -> dict[int, int]:
    """Units of each line that go back to stock with a refund of ``refunding`` units per line
    when staff ask for ``asked`` back in stock. A shipped line: the units asked for (they
    came back). A line not shipped: its refunded units, asked for or not; they never left
    the shelf and will not ship now, so the order's hold on them is released. Nothing
    changes; raises ``ValidationError`` on ``restock-<line id>`` for a line not shipped
    asked to put back other units than those refunded."""
    found: dict[int, int] = {}
    spare: dict[int, int] = {}
    for line in order.lines:
        wanted, refunded = asked.get(line.id, 0), refunding.get(line.id, 0)
        if line.product_id is None or _shipped_from(order, line) is not None:
            if wanted > 0:
                found[line.id] = wanted
            continue
        if wanted and wanted != refunded:
            raise ValidationError(f"restock-{line.id}", f"{line.mpn} has not shipped: only "
                                  "its refunded units go back to stock, and they do so "
                                  "by themselves; leave this at 0.")
        if refunded > 0:
            if line.product_id not in spare:
                spare[line.product_id] = _spare(order, line.product_id, refunding)
            units = min(refunded, spare[line.product_id])
            spare[line.product_id] -= units
            if units:
                found[line.id] = units
    return found


def _put_back(order: Order, line: OrderLine, units: int, actor_id: int | None) -> None:
    shipped = _shipped_from(order, line)
    if shipped is not None:  # it came back: on hand again
        inventory.receive(line.product_id, shipped, units, reason="customer return",
                          actor_id=actor_id, note=order.number)
        return
    # Not shipped: refunded units (already counted on the line) leave the order's hold.
    if units > _spare(order, line.product_id, {}):
        raise ValidationError("restock", f"{line.mpn} has not shipped: only its refunded "
                                         "units can go back to stock.")
    inventory.release_units(order.id, line.product_id, units,
                            reason="refunded before shipping", actor_id=actor_id)
