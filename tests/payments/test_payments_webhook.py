"""The webhook with payloads signed by ``stripe.WebhookSignature.generate_signature_header``:
bad or missing signatures change nothing, unknown types are ignored, the same event ten
times has one effect, events out of order are safe, and ``charge.refunded`` is recorded."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from sqlalchemy import func, select

from shop.extensions import csrf, db
from shop.payments import services
from shop.payments.models import Payment, PaymentEvent, PaymentStatus, Refund, WebhookEvent
from tests.payments.conftest import (
    WEBHOOK_PATH,
    charge_object,
    event,
    intent_object,
    order_row,
    signature,
    signed,
)


def _card_payment(app, order_id=201, number="FP-W1", amount=100_00, intent="pi_w1"):
    """A pending card payment as start_card_payment leaves it (intent id given)."""
    with app.app_context():
        order_row(order_id, number, amount)
        payment = Payment(order_id=order_id, reference=number, method="card", attempt=1,
                          amount_cents=amount, currency="USD", status="pending",
                          provider_intent_id=intent)
        db.session.add(payment)
        db.session.commit()
        payment_id = payment.id
        db.session.remove()
    return payment_id


def _post(client, payload, **sign):
    body, header = signed(payload, **sign)
    return client.post(WEBHOOK_PATH, data=body, content_type="application/json",
                       headers={"Stripe-Signature": header})


def _count(app, model, *where):
    with app.app_context():
        try:
            return db.session.scalar(select(func.count()).select_from(model).where(*where))
        finally:
            db.session.remove()


def _payment(app, payment_id):
    with app.app_context():
        payment = db.session.get(Payment, payment_id)
        db.session.expunge(payment)
        db.session.remove()
        return payment


def test_a_succeeded_event_marks_the_payment_paid(pay_app, pay_client, order_calls):
    payment_id = _card_payment(pay_app)
    response = _post(pay_client, event("evt_1", "payment_intent.succeeded",
                                       intent_object("pi_w1", 100_00)))
    assert response.status_code == 200 and response.json["received"] is True
    payment = _payment(pay_app, payment_id)
    assert payment.status == PaymentStatus.SUCCEEDED and payment.paid_at is not None
    assert order_calls == [("succeeded", 201, payment_id)]


def test_the_same_event_ten_times_has_one_effect(pay_app, pay_client, order_calls):
    payment_id = _card_payment(pay_app)
    payload = event("evt_ten", "payment_intent.succeeded", intent_object("pi_w1", 100_00))
    for _ in range(10):
        assert _post(pay_client, payload).status_code == 200
    assert _count(pay_app, WebhookEvent) == 1
    assert _count(pay_app, PaymentEvent, PaymentEvent.payment_id == payment_id) == 1
    assert order_calls == [("succeeded", 201, payment_id)]


def test_ten_deliveries_at_once_have_one_effect(pay_app, live_shop, order_calls):
    payment_id = _card_payment(pay_app, intent="pi_w_at_once")
    body, header = signed(event("evt_at_once", "payment_intent.succeeded",
                                intent_object("pi_w_at_once", 100_00)))
    session = requests.Session()
    session.trust_env = False

    def deliver(_):
        return session.post(live_shop + WEBHOOK_PATH, data=body, timeout=30,
                            headers={"Stripe-Signature": header,
                                     "Content-Type": "application/json"}).status_code

    with ThreadPoolExecutor(max_workers=10) as pool:
        codes = list(pool.map(deliver, range(10)))
    assert codes == [200] * 10
    assert _count(pay_app, WebhookEvent, WebhookEvent.provider_event_id == "evt_at_once") == 1
    assert _count(pay_app, PaymentEvent, PaymentEvent.payment_id == payment_id) == 1
    assert order_calls == [("succeeded", 201, payment_id)]


def test_a_tampered_body_is_refused_and_changes_nothing(pay_app, pay_client, order_calls):
    payment_id = _card_payment(pay_app)
    body, header = signed(event("evt_t", "payment_intent.succeeded",
                                intent_object("pi_w1", 100_00)))
    tampered = body.replace('"amount": 10000', '"amount": 1')
    assert tampered != body
    response = pay_client.post(WEBHOOK_PATH, data=tampered, content_type="application/json",
                               headers={"Stripe-Signature": header})
    assert response.status_code == 400
    assert _count(pay_app, WebhookEvent) == 0
    assert _payment(pay_app, payment_id).status == PaymentStatus.PENDING
    assert order_calls == []


@pytest.mark.parametrize("headers", [
    {},  # missing
    {"Stripe-Signature": ""},
    {"Stripe-Signature": "t=123,v1=deadbeef"},
    {"Stripe-Signature": "garbage"},
])
def test_missing_or_bad_signatures_are_refused(pay_app, pay_client, headers):
    payment_id = _card_payment(pay_app)
    body, _ = signed(event("evt_b", "payment_intent.succeeded", intent_object("pi_w1", 100_00)))
    response = pay_client.post(WEBHOOK_PATH, data=body, content_type="application/json",
                               headers=headers)
    assert response.status_code == 400
    assert _count(pay_app, WebhookEvent) == 0
    assert _payment(pay_app, payment_id).status == PaymentStatus.PENDING


def test_signed_with_another_secret_or_too_long_ago_is_refused(pay_app, pay_client):
    _card_payment(pay_app)
    payload = event("evt_s", "payment_intent.succeeded", intent_object("pi_w1", 100_00))
    assert _post(pay_client, payload, secret="whsec_someone_else").status_code == 400
    assert _post(pay_client, payload, timestamp=int(time.time()) - 3600).status_code == 400
    assert _count(pay_app, WebhookEvent) == 0


def test_a_signed_body_that_is_not_an_event_is_refused(pay_app, pay_client):
    for body in ("not json", "[]", '{"id": "evt_x"}'):
        header = signature(body)
        response = pay_client.post(WEBHOOK_PATH, data=body, content_type="application/json",
                                   headers={"Stripe-Signature": header})
        assert response.status_code == 400, body
    assert _count(pay_app, WebhookEvent) == 0


def test_an_unknown_event_type_is_answered_200_and_ignored(pay_app, pay_client, order_calls):
    payment_id = _card_payment(pay_app)
    response = _post(pay_client, event("evt_u", "customer.created",
                                       {"id": "cus_1", "object": "customer"}))
    assert response.status_code == 200
    with pay_app.app_context():
        stored = db.session.scalars(select(WebhookEvent)).one()
        assert (stored.type, stored.summary.startswith("ignored")) == ("customer.created", True)
        db.session.remove()
    assert _payment(pay_app, payment_id).status == PaymentStatus.PENDING
    assert order_calls == []


def test_a_failed_event_after_succeeded_does_nothing(pay_app, pay_client, order_calls):
    payment_id = _card_payment(pay_app)
    _post(pay_client, event("evt_o1", "payment_intent.succeeded",
                            intent_object("pi_w1", 100_00), created=200))
    response = _post(pay_client, event("evt_o0", "payment_intent.payment_failed",
                                       intent_object("pi_w1", 100_00, "requires_payment_method",
                                                     error="Your card was declined."),
                                       created=100))
    assert response.status_code == 200
    payment = _payment(pay_app, payment_id)
    assert payment.status == PaymentStatus.SUCCEEDED and payment.failure_message == ""
    assert order_calls == [("succeeded", 201, payment_id)]


def test_succeeded_after_a_failed_attempt_marks_it_paid(pay_app, pay_client, order_calls):
    payment_id = _card_payment(pay_app)
    _post(pay_client, event("evt_f1", "payment_intent.payment_failed",
                            intent_object("pi_w1", 100_00, "requires_payment_method",
                                          error="Your card was declined.")))
    _post(pay_client, event("evt_f2", "payment_intent.succeeded",
                            intent_object("pi_w1", 100_00)))
    assert _payment(pay_app, payment_id).status == PaymentStatus.SUCCEEDED
    assert [call[0] for call in order_calls] == ["failed", "succeeded"]
    assert order_calls[0][3] == "Your card was declined."


def test_charge_refunded_records_each_refund_once(pay_app, pay_client, order_calls):
    payment_id = _card_payment(pay_app)
    _post(pay_client, event("evt_r0", "payment_intent.succeeded",
                            intent_object("pi_w1", 100_00)))
    partial = event("evt_r1", "charge.refunded",
                    charge_object("pi_w1", 100_00, 25_00, [("re_1", 25_00)]))
    assert _post(pay_client, partial).status_code == 200
    payment = _payment(pay_app, payment_id)
    assert (payment.status, payment.refunded_cents) == (PaymentStatus.PARTIALLY_REFUNDED, 25_00)

    full = event("evt_r2", "charge.refunded",
                 charge_object("pi_w1", 100_00, 100_00, [("re_2", 75_00), ("re_1", 25_00)]))
    for _ in range(3):
        assert _post(pay_client, full).status_code == 200
    payment = _payment(pay_app, payment_id)
    assert (payment.status, payment.refunded_cents) == (PaymentStatus.REFUNDED, 100_00)
    with pay_app.app_context():
        assert db.session.execute(select(Refund.provider_refund_id, Refund.amount_cents)
                                  .order_by(Refund.id)).all() == [("re_1", 25_00),
                                                                   ("re_2", 75_00)]
        refund_ids = db.session.scalars(select(Refund.id).order_by(Refund.id)).all()
        db.session.remove()
    assert order_calls[1:] == [("refund", 201, rid) for rid in refund_ids]


def test_a_refund_reported_before_the_payment_succeeded_is_still_recorded(
        pay_app, pay_client, order_calls):
    payment_id = _card_payment(pay_app)
    early = event("evt_e1", "charge.refunded",
                  charge_object("pi_w1", 100_00, 40_00, [("re_early", 40_00)]))
    assert _post(pay_client, early).status_code == 200
    payment = _payment(pay_app, payment_id)
    assert (payment.status, payment.refunded_cents) == (PaymentStatus.PENDING, 40_00)
    assert _count(pay_app, Refund) == 1
    assert order_calls == []  # the order is not paid yet: it hears of the refund afterwards

    _post(pay_client, event("evt_e2", "payment_intent.succeeded",
                            intent_object("pi_w1", 100_00)))
    payment = _payment(pay_app, payment_id)
    assert payment.status == PaymentStatus.PARTIALLY_REFUNDED
    assert [call[0] for call in order_calls] == ["succeeded", "refund"]


def test_refund_totals_without_a_list_and_out_of_order(pay_app, pay_client):
    payment_id = _card_payment(pay_app)
    _post(pay_client, event("evt_n0", "payment_intent.succeeded",
                            intent_object("pi_w1", 100_00)))
    later = charge_object("pi_w1", 100_00, 60_00)
    earlier = charge_object("pi_w1", 100_00, 20_00)
    for obj in (later, earlier):
        obj.pop("refunds")
    _post(pay_client, event("evt_n2", "charge.refunded", later, created=300))
    _post(pay_client, event("evt_n1", "charge.refunded", earlier, created=200))
    payment = _payment(pay_app, payment_id)
    assert (payment.status, payment.refunded_cents) == (PaymentStatus.PARTIALLY_REFUNDED, 60_00)
    assert _count(pay_app, Refund) == 1


def test_a_refund_made_here_is_not_counted_again_when_reported(pay_app, pay_client, localstripe):
    from shop.payments.gateway import current_gateway

    with pay_app.app_context():
        gateway = current_gateway()
        intent = gateway.create_intent("FP-W2", 80_00, "USD", "order-FP-W2-intent-1",
                                       payment_method="pm_card_visa", confirm=True)
        db.session.remove()
    payment_id = _card_payment(pay_app, order_id=202, number="FP-W2", amount=80_00,
                               intent=intent.id)
    _post(pay_client, event("evt_h0", "payment_intent.succeeded",
                            intent_object(intent.id, 80_00, order_number="FP-W2")))
    with pay_app.app_context():
        services.refund_payment(current_gateway(), payment_id, 30_00, actor_id=None)
        db.session.commit()
        refund_id = db.session.scalar(select(Refund.provider_refund_id))
        db.session.remove()
    report = charge_object(intent.id, 80_00, 30_00, [(refund_id, 30_00)], order_number="FP-W2")
    assert _post(pay_client, event("evt_h1", "charge.refunded", report)).status_code == 200
    total_only = dict(report)
    total_only.pop("refunds")
    assert _post(pay_client, event("evt_h2", "charge.refunded", total_only)).status_code == 200
    assert _count(pay_app, Refund) == 1
    assert _payment(pay_app, payment_id).refunded_cents == 30_00


def test_an_event_for_our_intent_before_its_payment_is_committed_asks_for_redelivery(
        pay_app, pay_client):
    response = _post(pay_client, event("evt_early", "payment_intent.succeeded",
                                       intent_object("pi_unknown", 100_00)))
    assert response.status_code == 503
    assert _count(pay_app, WebhookEvent) == 0  # not stored: the redelivery is applied


def test_an_event_for_someone_elses_intent_is_acknowledged(pay_app, pay_client):
    obj = intent_object("pi_other", 100_00)
    obj["metadata"] = {}
    assert _post(pay_client, event("evt_other", "payment_intent.succeeded", obj)) \
        .status_code == 200
    assert _count(pay_app, WebhookEvent) == 1


def test_without_stripe_configured_there_is_no_webhook(client):
    body, header = signed(event("evt_off", "payment_intent.succeeded",
                                intent_object("pi_w1", 100_00)))
    response = client.post(WEBHOOK_PATH, data=body, content_type="application/json",
                           headers={"Stripe-Signature": header})
    assert response.status_code == 404


def test_the_webhook_is_the_only_csrf_exempt_view(pay_app):
    assert csrf._exempt_views == {"shop.payments.webhook.stripe_webhook"}
    assert not csrf._exempt_blueprints
    assert pay_app.config["WTF_CSRF_ENABLED"]  # and the webhook tests above ran with it on
