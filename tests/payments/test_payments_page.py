"""The payment page's pieces: Stripe's origins in the CSP of that response only, the card
partial (Payment Element, our script, a no-JavaScript way to invoice) and the invoice
instructions with bank details from configuration and the order number as reference.
Nothing here loads Stripe.js: pages are rendered and read, never run."""

from __future__ import annotations

import pytest
from flask import render_template

from shop.payments.page import allow_stripe, bank_details, stripe_csp
from shop.security import CSP
from tests.conftest import make_test_app
from tests.payments.conftest import PUBLISHABLE_KEY, SECRET_KEY, WEBHOOK_SECRET

STRIPE_ORIGINS = ("https://js.stripe.com", "https://hooks.stripe.com", "https://api.stripe.com")


def _directives(policy: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in policy.split("; ")}


def _app(database_factory, label, **config):
    app = make_test_app(database_factory(label), **config)

    @app.get("/test-pay")
    @allow_stripe
    def pay_page():
        return render_template("payments/_card_element.html", publishable_key=PUBLISHABLE_KEY,
                               client_secret="pi_1_secret_abc", return_url="/orders/FP-1",
                               invoice_url="/checkout?method=invoice")

    return app


@pytest.fixture(scope="module")
def stripe_on(database_factory):
    return _app(database_factory, "csp_on", STRIPE_SECRET_KEY=SECRET_KEY,
                STRIPE_PUBLISHABLE_KEY=PUBLISHABLE_KEY, STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET)


@pytest.fixture(scope="module")
def stripe_off(database_factory):
    return _app(database_factory, "csp_off")


def test_only_the_payment_page_allows_stripe(stripe_on):
    client = stripe_on.test_client()
    page = client.get("/test-pay")
    assert page.status_code == 200
    policy = _directives(page.headers["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'", "https://js.stripe.com"]
    assert policy["frame-src"] == ["'self'", "https://js.stripe.com", "https://hooks.stripe.com"]
    assert policy["connect-src"] == ["'self'", "https://api.stripe.com"]
    assert policy["default-src"] == ["'self'"] and policy["frame-ancestors"] == ["'none'"]
    assert "unsafe-inline" not in page.headers["Content-Security-Policy"]

    for path in ("/", "/account/login", "/no-such-page", "/test-pay-not", "/robots.txt"):
        other = client.get(path)
        assert other.headers["Content-Security-Policy"] == CSP, path
        assert not any(origin in other.headers["Content-Security-Policy"]
                       for origin in STRIPE_ORIGINS)
    webhook = client.post("/payments/stripe/webhook", data="{}")
    assert webhook.status_code == 400
    assert webhook.headers["Content-Security-Policy"] == CSP


def test_with_card_payments_off_the_payment_page_keeps_the_plain_policy(stripe_off):
    page = stripe_off.test_client().get("/test-pay")
    assert page.headers["Content-Security-Policy"] == CSP


def test_the_additions_are_exactly_stripes():
    assert dict(stripe_csp()) == {
        "script-src": ("https://js.stripe.com",),
        "frame-src": ("https://js.stripe.com", "https://hooks.stripe.com"),
        "connect-src": ("https://api.stripe.com",),
    }


def test_card_partial_mounts_the_payment_element_and_offers_invoice_without_js(stripe_on):
    html = stripe_on.test_client().get("/test-pay").text
    assert '<script src="https://js.stripe.com/v3/"></script>' in html
    assert "/static/js/stripe-payment.js?v=" in html
    assert 'data-client-secret="pi_1_secret_abc"' in html
    assert f'data-publishable-key="{PUBLISHABLE_KEY}"' in html
    assert '<div id="payment-element"' in html
    noscript = html.split("<noscript>")[1].split("</noscript>")[0]
    assert "JavaScript" in noscript and 'href="/checkout?method=invoice"' in noscript
    assert "<script>" not in html  # no inline script: the CSP forbids it
    assert "style=" not in html
    assert SECRET_KEY not in html


def test_our_payment_script_is_served(stripe_on):
    client = stripe_on.test_client()
    script = client.get("/static/js/stripe-payment.js")
    assert script.status_code == 200 and b"confirmPayment" in script.data
    script.close()


def test_invoice_instructions_show_bank_details_and_the_reference(pay_app):
    with pay_app.test_request_context("/"):
        html = render_template("payments/_invoice_instructions.html", order_number="FP-7K2Q9",
                               amount_cents=1_299_50, currency="USD", bank=bank_details())
    assert "$1,299.50" in html
    assert html.count("FP-7K2Q9") >= 2  # in the text and as the reference
    for value in ("Fabric &amp; Port GmbH", "DE89 3704 0044 0532 0130 00", "COBADEFFXXX",
                  "Commerzbank"):
        assert value in html


def test_invoice_instructions_without_bank_details(app):
    with app.test_request_context("/"):
        assert bank_details() == {}
        html = render_template("payments/_invoice_instructions.html", order_number="FP-1",
                               amount_cents=100, currency="EUR", bank=bank_details())
    assert "€1.00" in html and "FP-1" in html and "IBAN" not in html


def _status_html(app, **fields):
    from flask import render_template_string

    from shop.payments.models import Payment

    values = {"order_id": 1, "reference": "FP-9", "method": "card", "attempt": 1,
              "amount_cents": 5_000, "currency": "USD", "status": "pending",
              "refunded_cents": 0, "failure_message": ""}
    values.update(fields)
    with app.test_request_context("/"):
        return render_template_string(
            '{% from "payments/_payment_status.html" import payment_refresh, payment_status %}'
            "{{ payment_refresh(payment) }}{{ payment_status(payment) }}",
            payment=Payment(**values))


def test_the_return_page_refreshes_only_while_the_webhook_has_not_spoken(app):
    waiting = _status_html(app)
    assert '<meta http-equiv="refresh"' in waiting and "waiting" in waiting
    for status in ("succeeded", "failed", "cancelled", "refunded"):
        assert '<meta http-equiv="refresh"' not in _status_html(app, status=status), status
    assert "Your card was declined" in _status_html(app, status="failed",
                                                    failure_message="Your card was declined")
    invoice = _status_html(app, method="invoice")
    assert '<meta http-equiv="refresh"' not in invoice and "FP-9" in invoice
    assert "$20.00 of" in _status_html(app, status="partially_refunded", refunded_cents=2_000)


def test_an_oversized_webhook_body_is_refused_unread(pay_client):
    response = pay_client.post("/payments/stripe/webhook", data=b"x" * (1024 * 1024 + 1),
                               headers={"Stripe-Signature": "t=1,v1=00"})
    assert response.status_code == 413


@pytest.mark.parametrize("content_type", ["application/json",
                                          "application/x-www-form-urlencoded"])
def test_the_webhook_limit_holds_before_the_input_rule_reads_a_form(pay_client, content_type):
    """The input rule reads the form of every POST before the view runs; the webhook's own
    1 MiB limit is already in force then, whatever the body claims to be."""
    body = b"a=" + b"x" * (1024 * 1024)
    response = pay_client.post("/payments/stripe/webhook", data=body, content_type=content_type,
                               headers={"Stripe-Signature": "t=1,v1=00"})
    assert response.status_code == 413
    small = pay_client.post("/payments/stripe/webhook", data=b"a=x", content_type=content_type,
                            headers={"Stripe-Signature": "t=1,v1=00"})
    assert small.status_code == 400  # read, and refused for its signature
