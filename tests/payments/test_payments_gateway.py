"""The gateway against localstripe: intents created, confirmed, declined, cancelled and
refunded, with provider errors mapped to the shop's exceptions."""

from __future__ import annotations

import pytest

from shop.payments.exceptions import CardDeclined, GatewayUnavailable, PaymentError
from shop.payments.gateway import Gateway, current_gateway, gateway_from_config
from tests.payments.conftest import WEBHOOK_SECRET, free_port


@pytest.fixture
def gateway(pay_app):
    with pay_app.app_context():
        return current_gateway()


def test_card_payments_are_off_without_all_three_keys():
    assert gateway_from_config({}) is None
    assert gateway_from_config({"STRIPE_SECRET_KEY": "sk_x", "STRIPE_PUBLISHABLE_KEY": "pk_x"}) \
        is None
    assert gateway_from_config({"STRIPE_SECRET_KEY": "sk_x", "STRIPE_PUBLISHABLE_KEY": "pk_x",
                                "STRIPE_WEBHOOK_SECRET": "whsec_x"}) is not None


def test_create_then_confirm_with_visa(gateway, localstripe):
    intent = gateway.create_intent("FP-A1", 129_950, "USD", "order-FP-A1-intent-1",
                                   "buyer@example.com")
    assert intent.id.startswith("pi_") and intent.client_secret.startswith(intent.id)
    assert (intent.amount_cents, intent.currency, intent.status) == (
        129_950, "USD", "requires_payment_method")
    stored = localstripe.get(f"/v1/payment_intents/{intent.id}")
    assert stored["metadata"] == {"order_number": "FP-A1",
                                  "customer_email": "buyer@example.com"}

    localstripe.pay_in_browser(intent.id, "pm_card_visa")
    confirmed = gateway.confirm(intent.id)
    assert confirmed.succeeded
    assert gateway.retrieve_intent(intent.id).status == "succeeded"


def test_create_and_confirm_in_one_call(gateway):
    intent = gateway.create_intent("FP-A2", 5_000, "EUR", "order-FP-A2-intent-1",
                                   payment_method="pm_card_visa", confirm=True)
    assert intent.succeeded and intent.currency == "EUR"


def test_decline_is_card_declined(gateway, localstripe):
    with pytest.raises(CardDeclined) as caught:
        gateway.create_intent("FP-A3", 5_000, "USD", "order-FP-A3-intent-1",
                              payment_method="pm_card_chargeCustomerFail", confirm=True)
    assert "declined" in caught.value.message.lower()
    assert caught.value.code == "card_declined"

    intent = gateway.create_intent("FP-A4", 5_000, "USD", "order-FP-A4-intent-1")
    localstripe.pay_in_browser(intent.id, "pm_card_chargeCustomerFail")
    with pytest.raises(CardDeclined):
        gateway.confirm(intent.id)
    after = gateway.retrieve_intent(intent.id)
    assert after.status == "requires_payment_method" and "declined" in after.failure_message


def test_cancel(gateway):
    intent = gateway.create_intent("FP-A5", 5_000, "USD", "order-FP-A5-intent-1")
    assert gateway.cancel(intent.id).status == "canceled"
    with pytest.raises(PaymentError):  # cancelled twice: the provider refuses
        gateway.cancel(intent.id)


def test_refund_part_then_rest(gateway):
    intent = gateway.create_intent("FP-A6", 10_000, "USD", "order-FP-A6-intent-1",
                                   payment_method="pm_card_visa", confirm=True)
    first = gateway.refund(intent.id, 2_500, "order-FP-A6-refund-1", reason="one port dead")
    assert first.id.startswith("re_") and first.amount_cents == 2_500
    second = gateway.refund(intent.id, 7_500, "order-FP-A6-refund-2")
    assert second.id != first.id and second.amount_cents == 7_500


def test_refund_of_a_declined_payment_is_refused(gateway, localstripe):
    intent = gateway.create_intent("FP-A7", 5_000, "USD", "order-FP-A7-intent-1")
    localstripe.pay_in_browser(intent.id, "pm_card_chargeCustomerFail")
    with pytest.raises(CardDeclined):
        gateway.confirm(intent.id)
    with pytest.raises(PaymentError) as caught:
        gateway.refund(intent.id, 5_000, "order-FP-A7-refund-1")
    assert not isinstance(caught.value, GatewayUnavailable)


def test_unreachable_provider_is_gateway_unavailable():
    closed = Gateway("sk_test_x", webhook_secret=WEBHOOK_SECRET,
                     api_base=f"http://127.0.0.1:{free_port()}", max_network_retries=0,
                     timeout=5)
    with pytest.raises(GatewayUnavailable) as caught:
        closed.create_intent("FP-A8", 5_000, "USD", "order-FP-A8-intent-1")
    assert "Nothing was charged" in caught.value.message
    with pytest.raises(GatewayUnavailable):
        closed.refund("pi_x", 100, "order-FP-A8-refund-1")


def test_amounts_must_be_positive(gateway):
    with pytest.raises(ValueError):
        gateway.create_intent("FP-A9", 0, "USD", "order-FP-A9-intent-1")
    with pytest.raises(ValueError):
        gateway.refund("pi_x", -1, "order-FP-A9-refund-1")
