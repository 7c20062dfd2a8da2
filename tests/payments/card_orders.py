"""A card order paid at localstripe, as the back-office tests and journeys need one."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from shop.checkout import payments as checkout_payments
from shop.db import utcnow
from shop.extensions import db
from shop.orders.models import Order, PaymentMethod
from shop.payments import hooks, services
from shop.payments.gateway import current_gateway
from tests.accounts.helpers import user
from tests.factories import make_product
from tests.orders.factories import make_order


def paid_card_order(app, localstripe, *, controlled=False, email="buyer@example.com"):
    """A card order paid at localstripe (the intent confirmed with a test card) and marked
    paid as the webhook would; staff@example.com exists. Returns (order id, intent id)."""
    with app.app_context():
        if not db.session.scalar(select(func.count()).select_from(Order)):
            user("staff@example.com", role="staff")
        order = make_order([(make_product(stock=5, price_cents=100_00, mpn="NIC-A"), 2),
                            (make_product(stock=5, price_cents=40_00, mpn="CABLE-B"), 1)],
                           method=PaymentMethod.CARD, controlled=controlled, email=email,
                           reserve_until=utcnow() + timedelta(minutes=15))
        db.session.commit()
        start = checkout_payments.start_card_payment(order)
        db.session.commit()
        intent = start.payment.provider_intent_id
        localstripe.pay_in_browser(intent, "pm_card_visa")
        current_gateway().confirm(intent)
        hooks.dispatch(services.apply_intent_succeeded(services.lock_payment(start.payment.id)))
        db.session.commit()
        return order.id, intent
