"""Orders move along their status table, their stock holds in step, money never overdrawn."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from shop.db import utcnow
from shop.errors import Conflict, ValidationError
from shop.extensions import db
from shop.inventory import services as inventory
from shop.inventory.models import StockLevel
from shop.orders import restocking
from shop.orders import services as orders
from shop.orders.models import OrderEvent, OrderStatus, PaymentMethod
from shop.status import InvalidTransition
from tests.factories import make_product
from tests.orders.factories import make_order


def _stock(product):
    db.session.expire_all()
    level = db.session.execute(select(StockLevel).where(
        StockLevel.product_id == product.id)).scalar_one()
    return level.on_hand, level.reserved, level.allocated


def test_an_invoice_order_allocates_its_stock_at_once(ctx):
    product = make_product(stock=5, price_cents=1000_00)
    order = make_order([(product, 2)])
    db.session.commit()
    assert re.fullmatch(r"FP-[0-9A-HJKMNP-TV-Z]{8}", order.number)
    assert order.status == OrderStatus.AWAITING_PAYMENT
    assert order.subtotal_cents == 2000_00 and order.total_cents == 2000_00 + 2500 + 42_525
    assert _stock(product) == (5, 0, 2)
    orders.mark_invoice_paid(order, actor_id=1, note="Seen on the statement")
    db.session.commit()
    assert order.status == OrderStatus.PAID and _stock(product) == (5, 0, 2)
    with pytest.raises(Conflict):
        orders.mark_invoice_paid(order, actor_id=1)


def test_a_card_order_reserves_until_the_webhook_says_paid(ctx):
    product = make_product(stock=3)
    order = make_order([(product, 3)], method=PaymentMethod.CARD,
                       reserve_until=utcnow() + timedelta(minutes=15))
    db.session.commit()
    assert order.status == OrderStatus.PENDING_PAYMENT and _stock(product) == (3, 3, 0)
    orders.payment_failed(order.id, "Your card was declined.")
    orders.payment_succeeded(order.id)
    orders.payment_succeeded(order.id)  # redelivered: no second effect
    db.session.commit()
    assert order.status == OrderStatus.PAID and _stock(product) == (3, 0, 3)
    notes = db.session.scalars(select(OrderEvent.note).where(OrderEvent.order_id == order.id)
                               .order_by(OrderEvent.id)).all()
    assert notes == ["Order placed.", "Card payment failed: Your card was declined.",
                     "Card payment received."]


def test_paid_after_the_reservation_lapsed_takes_the_stock_again_or_says_so(ctx):
    product = make_product(stock=2)
    late = make_order([(product, 2)], method=PaymentMethod.CARD,
                      reserve_until=utcnow() - timedelta(seconds=1))
    db.session.commit()
    inventory.release_expired()
    db.session.commit()
    orders.payment_succeeded(late.id)
    db.session.commit()
    assert late.status == OrderStatus.PAID and _stock(product) == (2, 0, 2)

    other = make_product(stock=1)
    lost = make_order([(other, 1)], method=PaymentMethod.CARD,
                      reserve_until=utcnow() - timedelta(seconds=1))
    db.session.commit()
    make_order([(other, 1)])  # someone else bought the unit meanwhile
    db.session.commit()
    orders.payment_succeeded(lost.id)
    db.session.commit()
    assert lost.status == OrderStatus.PAID
    assert any("could not be held again" in e.note for e in lost.events)
    assert _stock(other) == (1, 0, 1)


def test_a_controlled_item_waits_for_staff_who_must_say_why(ctx):
    product = make_product(stock=2, eccn="5A002")
    order = make_order([(product, 1)], controlled=True)
    orders.mark_invoice_paid(order, actor_id=1)
    db.session.commit()
    assert order.status == OrderStatus.COMPLIANCE_HOLD
    with pytest.raises(InvalidTransition):
        orders.mark_packed(order, actor_id=1)
    with pytest.raises(ValidationError):
        orders.release_hold(order, actor_id=1, note=" ")
    orders.release_hold(order, actor_id=1, note="End user statement on file")
    orders.mark_packed(order, actor_id=1)
    db.session.commit()
    assert order.status == OrderStatus.PACKED


def test_cancelling_before_shipment_gives_the_stock_back(ctx):
    product = make_product(stock=4)
    order = make_order([(product, 3)])
    db.session.commit()
    orders.cancel(order, actor_id=None, note="Customer changed their mind")
    db.session.commit()
    assert order.status == OrderStatus.CANCELLED and _stock(product) == (4, 0, 0)
    with pytest.raises(InvalidTransition):
        orders.cancel(order, actor_id=None, note="again")


def test_shipping_takes_the_units_off_the_shelf_and_needs_carrier_and_tracking(ctx):
    product = make_product(stock=4)
    order = make_order([(product, 3)])
    orders.mark_invoice_paid(order, actor_id=1)
    orders.mark_packed(order, actor_id=1)
    with pytest.raises(ValidationError) as missing:
        orders.mark_shipped(order, actor_id=1, carrier="DHL", tracking_number=" ")
    assert missing.value.field == "tracking_number"
    orders.mark_shipped(order, actor_id=1, carrier="DHL", tracking_number="JD0123")
    orders.mark_delivered(order, actor_id=1)
    db.session.commit()
    assert order.status == OrderStatus.DELIVERED and _stock(product) == (1, 0, 0)
    assert (order.carrier, order.tracking_number) == ("DHL", "JD0123")


def test_refunds_never_exceed_what_was_paid_and_can_restock(ctx):
    product = make_product(stock=4, price_cents=100_00)
    order = make_order([(product, 2)])
    orders.mark_invoice_paid(order, actor_id=1)
    orders.mark_packed(order, actor_id=1)
    orders.mark_shipped(order, actor_id=1, carrier="UPS", tracking_number="1Z")
    db.session.commit()
    assert _stock(product) == (2, 0, 0)
    line = order.lines[0]
    orders.record_refund(order, 100_00, actor_id=1)
    restocking.restock(order, {line.id: 1}, actor_id=1)
    db.session.commit()
    assert order.status == OrderStatus.PARTIALLY_REFUNDED and _stock(product) == (3, 0, 0)
    with pytest.raises(ValidationError):
        orders.record_refund(order, order.total_cents, actor_id=1)
    with pytest.raises(ValidationError):
        restocking.restock(order, {line.id: 2}, actor_id=1)
    db.session.rollback()
    orders.record_refund(order, order.total_cents - order.refunded_cents, actor_id=1)
    db.session.commit()
    assert order.status == OrderStatus.REFUNDED
    assert order.refunded_cents == order.total_cents


def test_an_order_that_cannot_be_held_is_refused_whole(ctx):
    plenty, scarce = make_product(stock=5), make_product(name="Scarce NIC", stock=1)
    db.session.commit()
    with pytest.raises(inventory.InsufficientStock, match="Scarce NIC"):
        make_order([(plenty, 2), (scarce, 2)])
    db.session.rollback()
    assert _stock(plenty) == (5, 0, 0) and _stock(scarce) == (1, 0, 0)
    assert orders.order_by_token("nothing") is None


def test_card_orders_left_unpaid_are_cancelled_by_the_job_and_their_stock_returns(ctx):
    from shop import jobs
    from shop.jobs_state import queries
    from shop.orders.models import Order

    product = make_product(stock=3)
    old = make_order([(product, 2)], method=PaymentMethod.CARD,
                     reserve_until=utcnow() + timedelta(minutes=15))
    fresh = make_order([(product, 1)], method=PaymentMethod.CARD,
                       reserve_until=utcnow() + timedelta(minutes=15))
    paid_by_invoice = make_order([(make_product(stock=1), 1)])
    old.placed_at = utcnow() - timedelta(hours=30)
    paid_by_invoice.placed_at = utcnow() - timedelta(hours=30)
    db.session.commit()
    job = jobs.start_job("cancel-unpaid-orders")
    assert queries.get_job(job.id).result == {"orders": 1}
    db.session.expire_all()
    statuses = {o.id: o.status for o in db.session.scalars(select(Order))}
    assert statuses == {old.id: OrderStatus.CANCELLED, fresh.id: OrderStatus.PENDING_PAYMENT,
                        paid_by_invoice.id: OrderStatus.AWAITING_PAYMENT}
    assert _stock(product) == (3, 1, 0)
