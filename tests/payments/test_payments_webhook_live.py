"""localstripe's own signed webhooks, delivered over HTTP to the shop served on 127.0.0.1:
a paid intent marks the payment paid and tells the order once; a declined one marks it failed.
"""

from __future__ import annotations

from sqlalchemy import select

from shop.extensions import db
from shop.payments import services
from shop.payments.gateway import current_gateway
from shop.payments.models import Payment, PaymentStatus, WebhookEvent
from tests.payments.conftest import order_row, wait_for


def _status(app, payment_id):
    with app.app_context():
        try:
            return db.session.get(Payment, payment_id).status
        finally:
            db.session.remove()


def _events(app):
    with app.app_context():
        try:
            return [(e.type, e.processed_at is not None)
                    for e in db.session.scalars(select(WebhookEvent).order_by(WebhookEvent.id))]
        finally:
            db.session.remove()


def test_paid_by_visa_the_webhook_marks_the_payment_paid(pay_app, live_shop, localstripe,
                                                         order_calls):
    with pay_app.app_context():
        gateway = current_gateway()
        order_row(101, "FP-L1", 249_00)
        start = services.start_card_payment(gateway, 101, "FP-L1", 249_00, "USD")
        db.session.commit()
        payment_id, intent_id = start.payment.id, start.payment.provider_intent_id
        localstripe.pay_in_browser(intent_id, "pm_card_visa")
        assert gateway.confirm(intent_id).succeeded
        assert db.session.get(Payment, payment_id).status == PaymentStatus.PENDING  # not yet
        db.session.remove()

    assert wait_for(lambda: _status(pay_app, payment_id) == PaymentStatus.SUCCEEDED)
    assert _events(pay_app) == [("payment_intent.succeeded", True)]
    assert order_calls == [("succeeded", 101, payment_id)]


def test_declined_card_the_webhook_marks_the_attempt_failed(pay_app, live_shop, localstripe,
                                                            order_calls):
    from shop.payments.exceptions import CardDeclined

    with pay_app.app_context():
        gateway = current_gateway()
        order_row(102, "FP-L2", 99_00)
        start = services.start_card_payment(gateway, 102, "FP-L2", 99_00, "USD")
        db.session.commit()
        payment_id, intent_id = start.payment.id, start.payment.provider_intent_id
        localstripe.pay_in_browser(intent_id, "pm_card_chargeCustomerFail")
        try:
            gateway.confirm(intent_id)
        except CardDeclined:
            pass
        else:
            raise AssertionError("the card should have been declined")
        db.session.remove()

    assert wait_for(lambda: _status(pay_app, payment_id) == PaymentStatus.FAILED)
    assert _events(pay_app) == [("payment_intent.payment_failed", True)]
    assert len(order_calls) == 1 and order_calls[0][:3] == ("failed", 102, payment_id)
    assert "declined" in order_calls[0][3].lower()
    with pay_app.app_context():
        assert "declined" in db.session.get(Payment, payment_id).failure_message.lower()
