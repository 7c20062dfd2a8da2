"""Order use cases: create an order from a priced checkout, move it along its status table,
and keep its stock holds in step. Services add and flush; the entry point commits."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache

from sqlalchemy import bindparam, select

from shop.db import utcnow
from shop.errors import Conflict, NotFound, ValidationError
from shop.extensions import db
from shop.inventory import services as inventory
from shop.orders.models import (
    ORDER_TRANSITIONS,
    Order,
    OrderAddress,
    OrderEvent,
    OrderLine,
    OrderStatus,
    PaymentMethod,
)
from shop.status import change_status

# Order numbers: "FP-" and eight characters of Crockford's base 32 (no I, L, O, U), 40
# random bits, so one number tells nothing about another and none can be guessed.
NUMBER_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
NUMBER_PREFIX = "FP-"


def new_order_number() -> str:
    while True:
        number = NUMBER_PREFIX + "".join(secrets.choice(NUMBER_ALPHABET) for _ in range(8))
        if db.session.scalar(_number_taken(), {"number": number}) is None:
            return number


@cache
def _number_taken():
    return select(Order.id).where(Order.number == bindparam("number"))


@cache
def _by_token():
    return select(Order).where(Order.checkout_token == bindparam("token"))


@dataclass(frozen=True)
class LineDraft:
    product_id: int
    sku: str
    mpn: str
    name: str
    eccn: str
    unit_price_cents: int
    quantity: int


@dataclass(frozen=True)
class AddressDraft:
    full_name: str
    line1: str
    city: str
    country_code: str
    company: str = ""
    line2: str = ""
    region: str = ""
    postal_code: str = ""
    phone: str = ""


@dataclass(frozen=True)
class OrderDraft:
    """A priced checkout, ready to become an order. Every figure was computed on the server."""

    checkout_token: str
    email: str
    name: str
    payment_method: PaymentMethod
    shipping_method: str
    shipping_label: str
    currency: str
    lines: tuple[LineDraft, ...]
    shipping: AddressDraft
    billing: AddressDraft
    shipping_cents: int
    tax_rate_bp: int
    tax_cents: int
    reverse_charge: bool
    controlled: bool
    screening: str
    user_id: int | None = None
    company: str = ""
    phone: str = ""
    po_number: str = ""
    note: str = ""
    vat_number: str = ""
    reserve_until: datetime | None = None
    extra: dict = field(default_factory=dict)

    @property
    def subtotal_cents(self) -> int:
        return sum(line.unit_price_cents * line.quantity for line in self.lines)

    @property
    def total_cents(self) -> int:
        return self.subtotal_cents + self.shipping_cents + self.tax_cents


def order_by_token(checkout_token: str) -> Order | None:
    return db.session.scalar(_by_token(), {"token": checkout_token})


def create_order(draft: OrderDraft) -> Order:
    """Record the order and hold its stock: reserved until ``draft.reserve_until`` for a card
    payment, allocated at once for an invoice (the order stands while the transfer travels).

    Raises ``inventory.InsufficientStock`` (with the line's name) when a line cannot be held;
    the caller rolls back and nothing is left half-made."""
    if not draft.lines:
        raise ValidationError(None, "The cart is empty.")
    for line in draft.lines:
        if line.quantity <= 0 or line.unit_price_cents < 0:
            raise ValidationError(None, f"{line.name}: a quantity or price is not valid.")
    invoice = draft.payment_method == PaymentMethod.INVOICE
    order = Order(
        number=new_order_number(), checkout_token=draft.checkout_token,
        status=OrderStatus.AWAITING_PAYMENT if invoice else OrderStatus.PENDING_PAYMENT,
        user_id=draft.user_id, email=draft.email, name=draft.name, company=draft.company,
        phone=draft.phone, po_number=draft.po_number, note=draft.note,
        vat_number=draft.vat_number, reverse_charge=draft.reverse_charge,
        payment_method=draft.payment_method, shipping_method=draft.shipping_method,
        shipping_label=draft.shipping_label, currency=draft.currency,
        subtotal_cents=draft.subtotal_cents, shipping_cents=draft.shipping_cents,
        tax_rate_bp=draft.tax_rate_bp, tax_cents=draft.tax_cents,
        total_cents=draft.total_cents, controlled=draft.controlled, screening=draft.screening,
        reservation_expires_at=None if invoice else draft.reserve_until, placed_at=utcnow(),
        ship_country=draft.shipping.country_code,
    )
    order.lines = [
        OrderLine(product_id=line.product_id, sku=line.sku, mpn=line.mpn, name=line.name,
                  eccn=line.eccn, unit_price_cents=line.unit_price_cents,
                  quantity=line.quantity,
                  line_total_cents=line.unit_price_cents * line.quantity)
        for line in draft.lines
    ]
    order.addresses = [OrderAddress(kind=kind, **vars(address))
                       for kind, address in (("shipping", draft.shipping),
                                             ("billing", draft.billing))]
    db.session.add(order)
    db.session.flush()
    db.session.add(OrderEvent(order_id=order.id, from_status="", to_status=order.status,
                              actor_id=draft.user_id, note="Order placed."))
    until = draft.reserve_until or utcnow()
    for line in draft.lines:
        try:
            if invoice:
                inventory.allocate_for_order(line.product_id, line.quantity, order_id=order.id)
            else:
                inventory.reserve(line.product_id, line.quantity, order_id=order.id,
                                  expires_at=until)
        except inventory.InsufficientStock as exc:
            raise inventory.InsufficientStock(
                f"{line.name} ({line.mpn}): not enough left for {line.quantity}.") from exc
    db.session.flush()
    return order


def _move(order: Order, to: OrderStatus, actor_id: int | None, note: str = "") -> None:
    change_status(order, to, table=ORDER_TRANSITIONS, actor_id=actor_id, note=note,
                  record=lambda change: OrderEvent(order_id=order.id, **change.columns(500)))


def add_note(order: Order, actor_id: int | None, note: str) -> None:
    """An event that changes nothing: a note on the timeline."""
    db.session.add(OrderEvent(order_id=order.id, from_status=order.status,
                              to_status=order.status, actor_id=actor_id, note=note[:500]))
    db.session.flush()


def _paid(order: Order, actor_id: int | None, note: str) -> None:
    """Money received: the stock becomes the order's, and a controlled item waits for
    staff before anything is packed."""
    inventory.allocate_reserved(order.id)
    _hold_again(order)  # nothing to do unless a reservation lapsed first
    target = OrderStatus.COMPLIANCE_HOLD if order.controlled else OrderStatus.PAID
    _move(order, target, actor_id, note)


def _hold_again(order: Order) -> None:
    """The reservation lapsed before the money arrived: take the stock again if it is still
    there, else say so on the timeline for staff (the order is paid; they decide)."""
    from shop.inventory.models import HoldStatus, StockHold

    allocated = dict.fromkeys((line.product_id for line in order.lines), 0)
    for product_id, quantity in db.session.execute(
        select(StockHold.product_id, StockHold.quantity).where(
            StockHold.order_id == order.id, StockHold.status == HoldStatus.ALLOCATED)
    ):
        allocated[product_id] = allocated.get(product_id, 0) + quantity
    for line in order.lines:
        short = line.quantity - allocated.get(line.product_id, 0)
        if short <= 0 or line.product_id is None:
            continue
        try:
            inventory.reserve(line.product_id, short, order_id=order.id, expires_at=utcnow())
            inventory.allocate_reserved(order.id)
        except inventory.InsufficientStock:
            add_note(order, None, f"Paid after the reservation ran out: {short} × {line.mpn} "
                                  "could not be held again. Refund or back-order it.")


def payment_succeeded(order_id: int) -> Order:
    """The card payment went through (the webhook says so). Safe to call twice."""
    order = _get(order_id)
    if order.status == OrderStatus.PENDING_PAYMENT:
        _paid(order, None, "Card payment received.")
    return order


def payment_failed(order_id: int, message: str) -> Order:
    order = _get(order_id)
    if order.status == OrderStatus.PENDING_PAYMENT:
        add_note(order, None, f"Card payment failed: {message}"[:500])
    return order


def mark_invoice_paid(order: Order, actor_id: int, note: str = "") -> None:
    if order.status != OrderStatus.AWAITING_PAYMENT:
        raise Conflict("Only an order awaiting an invoice payment can be marked paid.")
    _paid(order, actor_id, note or "Bank transfer received.")


def release_hold(order: Order, actor_id: int, note: str) -> None:
    if not note.strip():
        raise ValidationError("note", "Say why the order may go ahead.")
    if order.status != OrderStatus.COMPLIANCE_HOLD:
        raise Conflict("This order is not on compliance hold.")
    _move(order, OrderStatus.PAID, actor_id, note)


def cancel(order: Order, actor_id: int | None, note: str) -> None:
    """Cancel before shipment: every reserved or allocated unit goes back to stock."""
    if order.status == OrderStatus.COMPLIANCE_HOLD and not note.strip():
        raise ValidationError("note", "Say why the held order is cancelled.")
    _move(order, OrderStatus.CANCELLED, actor_id, note or "Cancelled.")
    inventory.release(order.id, reason="order cancelled", actor_id=actor_id)


def cancel_unpaid(older_than: datetime) -> list[str]:
    """Cancel card orders still waiting for their payment since before ``older_than`` (the
    customer left, or the browser crashed between placing and paying): their stock goes
    back. Returns the order numbers."""
    stale = db.session.scalars(
        select(Order).where(Order.status == OrderStatus.PENDING_PAYMENT,
                            Order.placed_at < older_than)
        .order_by(Order.id).with_for_update(skip_locked=True)
    ).all()
    for order in stale:
        cancel(order, None, "Not paid in time: cancelled, nothing was charged.")
    return [order.number for order in stale]


def mark_packed(order: Order, actor_id: int) -> None:
    _move(order, OrderStatus.PACKED, actor_id, "Packed.")


def mark_shipped(order: Order, actor_id: int, carrier: str, tracking_number: str) -> None:
    carrier, tracking_number = carrier.strip(), tracking_number.strip()
    if not carrier:
        raise ValidationError("carrier", "Name the carrier.")
    if not tracking_number:
        raise ValidationError("tracking_number", "Enter the tracking number.")
    _move(order, OrderStatus.SHIPPED, actor_id, f"Shipped with {carrier}, {tracking_number}.")
    order.carrier, order.tracking_number = carrier[:60], tracking_number[:80]
    inventory.ship(order.id, actor_id=actor_id)


def mark_delivered(order: Order, actor_id: int) -> None:
    _move(order, OrderStatus.DELIVERED, actor_id, "Delivered.")


def record_refund(order: Order, amount_cents: int, actor_id: int | None,
                  note: str = "") -> None:
    """Money given back (through the payment provider or by hand): never more than was paid.
    The status says whether all of it or part of it came back."""
    if amount_cents <= 0:
        raise ValidationError("amount", "A refund must be more than zero.")
    if amount_cents > order.total_cents - order.refunded_cents:
        raise ValidationError("amount", "That is more than is left to refund on this order.")
    order.refunded_cents += amount_cents
    full = order.refunded_cents == order.total_cents
    target = OrderStatus.REFUNDED if full else OrderStatus.PARTIALLY_REFUNDED
    _move(order, target, actor_id, note or f"Refunded {amount_cents} {order.currency} minor "
                                           "units.")


def switch_to_invoice(order: Order, actor_id: int | None) -> None:
    """A card order the customer pays by invoice after all: its stock is allocated at once,
    as for any invoice order."""
    if order.status != OrderStatus.PENDING_PAYMENT:
        raise Conflict("Only an order waiting for its card payment can switch to invoice.")
    _move(order, OrderStatus.AWAITING_PAYMENT, actor_id, "Paying by invoice instead of card.")
    order.payment_method = PaymentMethod.INVOICE
    order.reservation_expires_at = None
    inventory.allocate_reserved(order.id)
    _hold_again(order)


def lock_order(order_id: int) -> Order | None:
    """The order, its row locked until the transaction ends (PostgreSQL; SQLite has one
    writer anyway)."""
    return db.session.get(Order, order_id, with_for_update=True)


def _get(order_id: int) -> Order:
    order = lock_order(order_id)
    if order is None:
        raise NotFound("No such order.")
    return order
