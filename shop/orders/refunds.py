"""Refunds of an order, worked out and written down: what a refund by line (units of each
line, and shipping) comes to with its share of the tax, what is left to refund, and the
record of a refund once its money has gone back.

Nothing here moves money: the entry point refunds through the payment provider (or not, for
a refund made another way) and records the order's side through ``services.record_refund``;
``record`` then writes which lines were refunded, puts units back in stock and keeps the
form's key, so the same confirmed form sent twice refunds once.

Which units go back in stock: units of a line not shipped yet that are refunded will not
ship, so the order's hold on them is released (back to available), whether or not staff
asked; they never left the shelf, so "back in stock" is a choice only for shipped units
that come back (a return is received where they left from). Shipping then takes only the
units left on the line."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from sqlalchemy import func, select, update

from shop.db import utcnow
from shop.errors import NotFound, ValidationError
from shop.extensions import db
from shop.orders import restocking, services
from shop.orders.models import (
    ORDER_TRANSITIONS,
    PAID_STATUSES,
    Order,
    OrderRefund,
    OrderStatus,
    RefundMethod,
)
from shop.status import allowed


class RefundMode(StrEnum):
    LINES = "lines"  # units of chosen lines (and shipping), with their share of the tax
    FULL = "full"  # everything not refunded yet
    AMOUNT = "amount"  # an amount not tied to lines (a goodwill gesture, a price match)


@dataclass(frozen=True)
class RefundRequest:
    """What staff asked for, as the form gave it (shape checked, rules not yet)."""

    mode: RefundMode
    units: dict[int, int] = field(default_factory=dict)  # line id → units paid back
    restock: dict[int, int] = field(default_factory=dict)  # line id → units back in stock
    shipping: bool = False
    amount_cents: int = 0


@dataclass(frozen=True)
class RefundPlan:
    """A refund worked out against the order as it stands: every figure in minor units."""

    request: RefundRequest
    units: dict[int, int]
    lines_cents: int
    shipping_cents: int
    tax_cents: int
    amount_cents: int
    left_cents: int  # what could be refunded before this one
    # line id → units back in stock: shipped units staff say came back, and every refunded
    # unit of a line not shipped (its hold is released: it will not ship now)
    restock: dict[int, int] = field(default_factory=dict)


def claim_order(order_id: int) -> Order:
    """The order, locked for this transaction and read afresh: a row lock on PostgreSQL, the
    write lock on SQLite (a touch of ``updated_at``), so two requests about the same order
    (a form sent twice) take turns and the second sees what the first did."""
    touched = db.session.execute(update(Order).where(Order.id == order_id)
                                 .values(updated_at=utcnow()))
    if touched.rowcount != 1:
        raise NotFound("No such order.")
    return db.session.execute(select(Order).where(Order.id == order_id).with_for_update()
                              .execution_options(populate_existing=True)).scalar_one()


def refund_reported(order: Order, amount_cents: int, note: str) -> bool:
    """Money the payment provider says went back (a refund made in its dashboard, say),
    applied to the order when its status allows a refund; otherwise the order is left as it
    is and the timeline says so, for staff to settle (a refund recorded by hand once its
    status allows). Never raises for a rule: the provider's word is not refused. True when
    applied."""
    left = order.total_cents - order.refunded_cents
    target = OrderStatus.REFUNDED if amount_cents == left else OrderStatus.PARTIALLY_REFUNDED
    if 0 < amount_cents <= left and allowed(ORDER_TRANSITIONS, order.status, target):
        services.record_refund(order, amount_cents, None, note)
        return True
    services.add_note(order, None, f"{note} Not applied to the order: a {order.status} order with "
                          f"{left} minor units left to refund cannot take it. Check the "
                          "payment and record the refund by hand if it belongs here.")
    return False


def was_paid(order: Order) -> bool:
    """Whether the order's money ever came in (a cancelled order may have been paid)."""
    return order.status in PAID_STATUSES or any(
        event.to_status in (OrderStatus.PAID, OrderStatus.COMPLIANCE_HOLD)
        for event in order.events)


def refundable_cents(order: Order) -> int:
    """What is left to refund: what was paid less every refund so far."""
    return max(0, order.total_cents - order.refunded_cents) if was_paid(order) else 0


def refund_open(order: Order) -> bool:
    """Whether the order may be refunded now: money is left and its status allows it."""
    return refundable_cents(order) > 0 and any(
        allowed(ORDER_TRANSITIONS, order.status, target)
        for target in (OrderStatus.REFUNDED, OrderStatus.PARTIALLY_REFUNDED))


def shipping_refunded(order_id: int) -> int:
    return db.session.scalar(select(func.coalesce(func.sum(OrderRefund.shipping_cents), 0))
                             .where(OrderRefund.order_id == order_id)) or 0


def _tax_share(order: Order, net_cents: int) -> int:
    """The part of the order's tax that ``net_cents`` of its goods and shipping carried."""
    base = order.subtotal_cents + order.shipping_cents
    if base <= 0 or order.tax_cents <= 0 or net_cents <= 0:
        return 0
    share = Decimal(net_cents) * order.tax_cents / base
    return int(share.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def plan(order: Order, request: RefundRequest) -> RefundPlan:
    """Work out ``request`` against the order; raises ``ValidationError`` (on the line's
    field ``units-<id>``, on ``shipping`` or on ``amount``) when it asks for more than is left:
    units not sold or already refunded, shipping refunded before, or money not paid."""
    left = refundable_cents(order)
    if left <= 0:
        raise ValidationError("amount", "Nothing is left to refund on this order.")
    lines = {line.id: line for line in order.lines}
    for line_id, units in (*request.units.items(), *request.restock.items()):
        if line_id not in lines or units < 0:
            raise ValidationError("lines", "Choose units of this order's lines.")
    for line_id, units in request.restock.items():
        line = lines[line_id]
        if units > line.quantity - line.restocked_quantity:
            raise ValidationError(f"restock-{line_id}", f"{line.mpn}: at most "
                                  f"{line.quantity - line.restocked_quantity} can come back.")
    shipping_left = order.shipping_cents - shipping_refunded(order.id)
    if request.mode is RefundMode.AMOUNT:
        if request.amount_cents <= 0:
            raise ValidationError("amount", "Enter an amount above zero.")
        if request.amount_cents > left:
            raise ValidationError("amount", "That is more than is left to refund on this "
                                            "order.")
        return RefundPlan(request, {}, 0, 0, 0, request.amount_cents, left,
                          restocking.back_in_stock(order, {}, request.restock))
    if request.mode is RefundMode.FULL:
        units = {line.id: line.quantity - line.refunded_quantity for line in order.lines
                 if line.quantity > line.refunded_quantity}
        shipping = max(0, shipping_left)
    else:
        units = {k: v for k, v in request.units.items() if v > 0}
        for line_id, count in units.items():
            line = lines[line_id]
            if count > line.quantity - line.refunded_quantity:
                raise ValidationError(f"units-{line_id}", f"{line.mpn}: only "
                                      f"{line.quantity - line.refunded_quantity} unrefunded.")
        if request.shipping and shipping_left <= 0:
            raise ValidationError("shipping", "Shipping has been refunded already.")
        shipping = max(0, shipping_left) if request.shipping else 0
        if not units and not shipping:
            raise ValidationError("lines", "Choose the units to refund, or shipping.")
    lines_cents = sum(lines[k].unit_price_cents * v for k, v in units.items())
    tax = _tax_share(order, lines_cents + shipping)
    amount = lines_cents + shipping + tax
    everything = all(units.get(line.id, 0) == line.quantity - line.refunded_quantity
                     for line in order.lines) and shipping == max(0, shipping_left)
    if everything:  # all that is left goes back: rounding leaves nothing behind
        amount = left
    if amount > left:
        raise ValidationError("amount", "That is more than is left to refund on this order "
                                        "(earlier refunds count).")
    return RefundPlan(request, units, lines_cents, shipping, tax, amount, left,
                      restocking.back_in_stock(order, units, request.restock))


def record(order: Order, refund_plan: RefundPlan, *, key: str, method: RefundMethod,
           actor_id: int | None, note: str = "",
           payment_refund_id: int | None = None) -> OrderRefund:
    """Write down a refund whose money has gone back (the order's own figures were moved by
    ``services.record_refund``): the lines' refunded units, the units back in stock, and the
    refund with the form's key."""
    lines = {line.id: line for line in order.lines}
    for line_id, units in refund_plan.units.items():
        lines[line_id].refunded_quantity += units
    restocking.restock(order, refund_plan.restock, actor_id)
    refund = OrderRefund(
        order_id=order.id, key=key, amount_cents=refund_plan.amount_cents, method=method,
        lines=[{"line_id": line_id, "units": refund_plan.units.get(line_id, 0),
                "restock": refund_plan.restock.get(line_id, 0)}
               for line_id in sorted({*refund_plan.units, *refund_plan.restock})],
        shipping_cents=refund_plan.shipping_cents, payment_refund_id=payment_refund_id,
        note=note[:500], created_by=actor_id)
    db.session.add(refund)
    db.session.flush()
    return refund
