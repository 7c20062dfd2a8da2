"""Payment services against localstripe: starting card payments (reused, retried with the
same key after the provider was unreachable), invoices marked paid, refunds under a cap."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from shop.errors import Conflict, ValidationError
from shop.extensions import db
from shop.payments import queries, services
from shop.payments.effects import EffectKind
from shop.payments.exceptions import GatewayUnavailable
from shop.payments.gateway import Gateway, current_gateway
from shop.payments.models import Payment, PaymentEvent, PaymentStatus, Refund
from tests.payments.conftest import WEBHOOK_SECRET, free_port, order_row


def _paid_card_payment(gateway, localstripe, order_id=1, number="FP-S1", amount=10_000):
    order_row(order_id, number, amount)
    start = services.start_card_payment(gateway, order_id, number, amount, "USD")
    db.session.commit()
    localstripe.pay_in_browser(start.payment.provider_intent_id, "pm_card_visa")
    gateway.confirm(start.payment.provider_intent_id)
    payment = services.lock_payment(start.payment.id)
    services.apply_intent_succeeded(payment)
    db.session.commit()
    return payment


def test_start_card_payment_creates_one_intent_and_reuses_it(pay_app, localstripe):
    with pay_app.app_context():
        gateway = current_gateway()
        keys = []
        create = gateway.create_intent
        gateway.create_intent = lambda *a, **k: keys.append(a[3]) or create(*a, **k)
        try:
            order_row(7, "FP-S2", 42_00)
            first = services.start_card_payment(gateway, 7, "FP-S2", 42_00, "usd",
                                                "buyer@example.com")
            db.session.commit()
            order_row(7, "FP-S2", 42_00)
            again = services.start_card_payment(gateway, 7, "FP-S2", 42_00, "USD")
        finally:
            del gateway.create_intent
        assert keys == ["order-FP-S2-intent-1"]
        assert again.payment.id == first.payment.id
        assert again.client_secret == first.client_secret
        payment = first.payment
        assert (payment.method, payment.status, payment.amount_cents, payment.currency,
                payment.attempt, payment.reference) == ("card", "pending", 42_00, "USD", 1,
                                                        "FP-S2")
        assert not hasattr(payment, "client_secret")


def test_a_changed_amount_cancels_the_old_intent_and_starts_attempt_two(pay_app, localstripe):
    with pay_app.app_context():
        gateway = current_gateway()
        order_row(8, "FP-S3", 50_00)
        first = services.start_card_payment(gateway, 8, "FP-S3", 50_00, "USD")
        db.session.commit()
        order_row(8, "FP-S3", 60_00)
        second = services.start_card_payment(gateway, 8, "FP-S3", 60_00, "USD")
        db.session.commit()
        assert second.payment.attempt == 2 and second.payment.amount_cents == 60_00
        assert db.session.get(Payment, first.payment.id).status == PaymentStatus.CANCELLED
        old = localstripe.get(f"/v1/payment_intents/{first.payment.provider_intent_id}")
        assert old["status"] == "canceled"


def test_a_declined_payment_is_retried_on_the_same_intent(pay_app, localstripe):
    with pay_app.app_context():
        gateway = current_gateway()
        order_row(9, "FP-S4", 30_00)
        start = services.start_card_payment(gateway, 9, "FP-S4", 30_00, "USD")
        db.session.commit()
        effects = services.apply_intent_failed(services.lock_payment(start.payment.id),
                                               "Your card was declined.")
        db.session.commit()
        assert [e.kind for e in effects] == [EffectKind.PAYMENT_FAILED]
        order_row(9, "FP-S4", 30_00)
        retry = services.start_card_payment(gateway, 9, "FP-S4", 30_00, "USD")
        assert retry.payment.id == start.payment.id and retry.client_secret


def test_unreachable_provider_records_nothing_and_the_retry_sends_the_same_key(pay_app):
    with pay_app.app_context():
        closed = Gateway("sk_test_x", webhook_secret=WEBHOOK_SECRET,
                         api_base=f"http://127.0.0.1:{free_port()}", max_network_retries=0,
                         timeout=5)
        keys = []
        create = closed.create_intent
        closed.create_intent = lambda *a, **k: keys.append(a[3]) or create(*a, **k)
        with pytest.raises(GatewayUnavailable):
            order_row(10, "FP-S5", 20_00)
            services.start_card_payment(closed, 10, "FP-S5", 20_00, "USD")
        db.session.rollback()
        assert db.session.scalar(select(func.count()).select_from(Payment)) == 0

        gateway = current_gateway()
        live_create = gateway.create_intent
        gateway.create_intent = lambda *a, **k: keys.append(a[3]) or live_create(*a, **k)
        try:
            order_row(10, "FP-S5", 20_00)
            start = services.start_card_payment(gateway, 10, "FP-S5", 20_00, "USD")
        finally:
            del gateway.create_intent
        db.session.commit()
        assert keys == ["order-FP-S5-intent-1", "order-FP-S5-intent-1"]
        assert start.payment.status == PaymentStatus.PENDING


def test_a_paid_order_cannot_start_another_payment(pay_app, localstripe):
    with pay_app.app_context():
        gateway = current_gateway()
        _paid_card_payment(gateway, localstripe, order_id=11, number="FP-S6")
        with pytest.raises(Conflict):
            order_row(11, "FP-S6", 10_000)
            services.start_card_payment(gateway, 11, "FP-S6", 10_000, "USD")


def test_invoice_payment_is_created_once_and_marked_paid_by_staff(pay_app):
    with pay_app.app_context():
        order_row(12, "FP-S7", 99_00)
        payment = services.start_invoice_payment(12, 99_00, "usd", reference="FP-S7")
        order_row(12, "FP-S7", 99_00)
        same = services.start_invoice_payment(12, 99_00, "USD", reference="FP-S7")
        db.session.commit()
        assert same.id == payment.id
        assert (payment.method, payment.status, payment.currency) == ("invoice", "pending",
                                                                      "USD")
        effect = services.mark_invoice_paid(payment, None, "Wire received 2 Dec")
        db.session.commit()
        assert effect.kind is EffectKind.PAYMENT_SUCCEEDED and effect.order_id == 12
        payment = db.session.get(Payment, payment.id)
        assert payment.status == PaymentStatus.SUCCEEDED and payment.paid_at is not None
        events = queries.payment_events(payment.id)
        assert [(e.from_status, e.to_status, e.note) for e in events] == [
            ("pending", "succeeded", "Wire received 2 Dec")]
        with pytest.raises(Conflict):  # twice: the status table refuses
            services.mark_invoice_paid(payment, None, "again")


def test_refunds_are_capped_at_what_was_paid(pay_app, localstripe):
    with pay_app.app_context():
        gateway = current_gateway()
        payment = _paid_card_payment(gateway, localstripe, order_id=13, number="FP-S8")
        effect = services.refund_payment(gateway, payment.id, 3_000, actor_id=None,
                                         reason="one cable returned")
        db.session.commit()
        assert effect.kind is EffectKind.REFUND_RECORDED and effect.refund_id
        payment = db.session.get(Payment, payment.id)
        assert payment.status == PaymentStatus.PARTIALLY_REFUNDED
        assert payment.refunded_cents == 3_000 and payment.refundable_cents == 7_000

        with pytest.raises(ValidationError) as caught:
            services.refund_payment(gateway, payment.id, 7_001, actor_id=None)
        assert caught.value.field == "amount"
        db.session.rollback()
        with pytest.raises(ValidationError):
            services.refund_payment(gateway, payment.id, 0, actor_id=None)
        db.session.rollback()

        services.refund_payment(gateway, payment.id, 7_000, actor_id=None)
        db.session.commit()
        payment = db.session.get(Payment, payment.id)
        assert payment.status == PaymentStatus.REFUNDED and payment.refunded_cents == 10_000
        refunds = queries.refunds_for_payment(payment.id)
        assert [r.amount_cents for r in refunds] == [3_000, 7_000]
        assert all(r.provider_refund_id.startswith("re_") for r in refunds)
        assert refunds[0].reason == "one cable returned"
        with pytest.raises(ValidationError):  # nothing is left to refund
            services.refund_payment(gateway, payment.id, 1, actor_id=None)


def test_an_unpaid_or_invoice_payment_is_not_refunded_through_the_provider(pay_app):
    with pay_app.app_context():
        gateway = current_gateway()
        order_row(14, "FP-S9", 10_00)
        pending = services.start_card_payment(gateway, 14, "FP-S9", 10_00, "USD")
        order_row(15, "FP-S10", 10_00)
        invoice = services.start_invoice_payment(15, 10_00, "USD", reference="FP-S10")
        db.session.commit()
        for payment in (pending.payment, invoice):
            with pytest.raises(Conflict):
                services.refund_payment(gateway, payment.id, 100, actor_id=None)
            db.session.rollback()


def test_two_refunds_at_once_cannot_both_pass_the_cap(pay_app, localstripe):
    with pay_app.app_context():
        gateway = current_gateway()
        payment_id = _paid_card_payment(gateway, localstripe, order_id=16,
                                        number="FP-S11").id
        db.session.remove()

    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def refund():
        with pay_app.app_context():
            barrier.wait()
            try:
                services.refund_payment(current_gateway(), payment_id, 6_000, actor_id=None)
                db.session.commit()
                outcomes.append("refunded")
            except ValidationError:
                db.session.rollback()
                outcomes.append("capped")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=refund) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["capped", "refunded"]
    with pay_app.app_context():
        assert db.session.scalar(select(func.sum(Refund.amount_cents))) == 6_000
        assert db.session.get(Payment, payment_id).refunded_cents == 6_000


def test_cancel_payment_cancels_the_intent(pay_app, localstripe):
    with pay_app.app_context():
        gateway = current_gateway()
        order_row(17, "FP-S12", 10_00)
        start = services.start_card_payment(gateway, 17, "FP-S12", 10_00, "USD")
        db.session.commit()
        services.cancel_payment(gateway, start.payment, note="Reservation expired")
        db.session.commit()
        payment = db.session.get(Payment, start.payment.id)
        assert payment.status == PaymentStatus.CANCELLED
        intent = localstripe.get(f"/v1/payment_intents/{payment.provider_intent_id}")
        assert intent["status"] == "canceled"
        notes = db.session.scalars(select(PaymentEvent.note)
                                   .where(PaymentEvent.payment_id == payment.id)).all()
        assert notes == ["Reservation expired"]
