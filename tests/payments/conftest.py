"""Payments tests run against localstripe started by our own launcher on 127.0.0.1 (state in
memory, stopped by its process id), and a shop app configured for card payments that points
its Stripe client there. Nothing reaches the internet."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests
from werkzeug.serving import make_server

from shop.extensions import db as _db
from tests.conftest import _truncate
from tests.harness import app_with_schema

HERE = Path(__file__).resolve().parent
SECRET_KEY = "sk_test_localstripe"
PUBLISHABLE_KEY = "pk_test_localstripe"
WEBHOOK_SECRET = "whsec_test_secret"
WEBHOOK_PATH = "/payments/stripe/webhook"


class LocalStripe:
    """The running stand-in: its address and a few raw calls the browser would make."""

    def __init__(self, url: str, pid: int):
        self.url = url
        self.pid = pid
        self.http = requests.Session()
        self.http.trust_env = False  # loopback only, never a proxy
        self.http.auth = (SECRET_KEY, "")

    def post(self, path: str, **data):
        response = self.http.post(self.url + path, data=data, timeout=10)
        response.raise_for_status()
        return response.json() if response.content else None

    def get(self, path: str):
        response = self.http.get(self.url + path, timeout=10)
        response.raise_for_status()
        return response.json()

    def pay_in_browser(self, intent_id: str, payment_method: str) -> None:
        """What the Payment Element does: attach the card to the intent, then confirm."""
        self.post(f"/v1/payment_intents/{intent_id}", payment_method=payment_method)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def localstripe(tmp_path_factory):
    log = tmp_path_factory.mktemp("localstripe") / "server.log"
    with open(log, "wb") as err:
        process = subprocess.Popen(
            [sys.executable, str(HERE / "localstripe_server.py")],
            stdout=subprocess.PIPE, stderr=err, cwd=str(log.parent),
            env={**os.environ, "NO_PROXY": "*"})
    try:
        line = process.stdout.readline().decode().strip()
        if not line.startswith("PORT "):
            pytest.fail(f"localstripe did not start: {line!r} {log.read_text()[-2000:]}")
        server = LocalStripe(f"http://127.0.0.1:{int(line.split()[1])}", process.pid)
        deadline = time.monotonic() + 15
        while True:
            try:
                server.get("/v1/balance")
                break
            except requests.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        yield server
    finally:
        os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
        process.stdout.close()


@pytest.fixture(scope="session")
def stripe_app(database_factory, localstripe):
    """A shop with card payments on, its Stripe client pointed at localstripe."""
    with app_with_schema(
            database_factory, "payments", STRIPE_SECRET_KEY=SECRET_KEY,
            STRIPE_PUBLISHABLE_KEY=PUBLISHABLE_KEY, STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET,
            STRIPE_API_BASE=localstripe.url, STRIPE_NETWORK_RETRIES=0, STRIPE_TIMEOUT=10,
            WTF_CSRF_ENABLED=True,  # the webhook must pass without a token: it is exempt
            BANK_ACCOUNT_NAME="Fabric & Port GmbH", BANK_IBAN="DE89 3704 0044 0532 0130 00",
            BANK_BIC="COBADEFFXXX", BANK_NAME="Commerzbank") as app:
        yield app


@pytest.fixture
def pay_app(stripe_app):
    """The card-payments app, emptied after each test."""
    yield stripe_app
    _truncate(stripe_app)


@pytest.fixture
def pay_client(pay_app):
    return pay_app.test_client()


@pytest.fixture(scope="session")
def live_shop(stripe_app, localstripe):
    """The shop served over real HTTP on 127.0.0.1 in a thread, with localstripe's webhook
    registered to it (for the two event types localstripe sends)."""
    server = make_server("127.0.0.1", 0, stripe_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}"
    localstripe.post("/_config/webhooks/shop", url=url + WEBHOOK_PATH, secret=WEBHOOK_SECRET,
                     **{"events[0]": "payment_intent.succeeded",
                        "events[1]": "payment_intent.payment_failed"})
    yield url
    server.shutdown()
    thread.join(timeout=10)


def signature(body: str, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> str:
    """The Stripe-Signature header for ``body``, made by Stripe's own library."""
    import stripe  # the tests sign as Stripe does; the shop itself imports it in gateway only

    return stripe.WebhookSignature.generate_signature_header(body, secret, timestamp)


def signed(payload: dict, secret: str = WEBHOOK_SECRET, timestamp: int | None = None):
    """A body and its Stripe-Signature header, signed as Stripe signs them."""
    body = json.dumps(payload)
    return body, signature(body, secret, timestamp)


def event(event_id: str, type_: str, obj: dict, created: int | None = None) -> dict:
    return {"id": event_id, "object": "event", "type": type_, "api_version": "2024-06-20",
            "created": created or int(time.time()), "data": {"object": obj}}


def intent_object(intent_id: str, amount: int, status: str = "succeeded",
                  order_number: str = "FP-TEST", error: str | None = None) -> dict:
    obj = {"id": intent_id, "object": "payment_intent", "amount": amount,
           "amount_received": amount if status == "succeeded" else 0, "currency": "usd",
           "status": status, "metadata": {"order_number": order_number}}
    if error:
        obj["last_payment_error"] = {"code": "card_declined", "message": error}
    return obj


def charge_object(intent_id: str, amount: int, refunded: int, refunds=(),
                  order_number: str = "FP-TEST") -> dict:
    return {"id": "ch_" + intent_id[3:], "object": "charge", "payment_intent": intent_id,
            "amount": amount, "amount_refunded": refunded, "currency": "usd",
            "refunded": refunded >= amount, "metadata": {"order_number": order_number},
            "refunds": {"object": "list", "data": [
                {"id": rid, "object": "refund", "amount": ramount, "status": "succeeded"}
                for rid, ramount in refunds]}}


@pytest.fixture
def order_calls(pay_app):
    """The order hooks, recording what the orders package would be told."""
    from shop.payments import hooks

    calls: list[tuple] = []
    before = pay_app.extensions.get("payment_order_hooks")
    hooks.register(pay_app,
                   on_payment_succeeded=lambda order, payment: calls.append(
                       ("succeeded", order, payment)),
                   on_payment_failed=lambda order, payment, message: calls.append(
                       ("failed", order, payment, message)),
                   on_refund_recorded=lambda order, refund: calls.append(
                       ("refund", order, refund)))
    yield calls
    pay_app.extensions["payment_order_hooks"] = before  # the app's own hooks again


def wait_for(check, timeout: float = 15.0):
    """Poll ``check()`` until it returns something truthy (webhooks arrive a second later)."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(0.1)


def order_row(order_id: int, number: str, amount_cents: int = 100_00) -> None:
    """The order a payment belongs to (payments reference orders), made once per id."""
    from shop.orders.models import Order

    if _db.session.get(Order, order_id) is not None:
        return
    _db.session.add(Order(
        id=order_id, number=number[:16], checkout_token=f"payments-test-{order_id}",
        status="pending_payment", email="buyer@example.com", name="Buyer",
        payment_method="card", shipping_method="standard", shipping_label="Standard",
        currency="USD", subtotal_cents=amount_cents, shipping_cents=0, tax_rate_bp=0,
        tax_cents=0, total_cents=amount_cents))
    _db.session.flush()
