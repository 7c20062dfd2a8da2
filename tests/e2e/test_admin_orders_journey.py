"""Browser journeys through the back office's orders, CSRF on, against localstripe for the
card payment: staff refund one line of a paid card order and find the refund on the order
page; staff ship an order with its carrier and tracking number and the customer's mail is
in the outbox. On a phone the order list scrolls its table, never the page. axe runs on
every page visited."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from shop.extensions import db
from shop.mail import OutboxMessage
from shop.orders.models import Order, OrderRefund, OrderStatus
from shop.orders.services import mark_invoice_paid, mark_packed
from tests.accounts.helpers import PASSWORD, user
from tests.e2e.browser import screenshot, serve
from tests.e2e.conftest import MOBILE
from tests.factories import make_product
from tests.harness import make_test_app
from tests.orders.factories import make_order
from tests.payments.card_orders import paid_card_order
from tests.payments.conftest import (  # noqa: F401  (localstripe: the fixture)
    PUBLISHABLE_KEY,
    SECRET_KEY,
    WEBHOOK_SECRET,
    localstripe,
)

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def back_office(database_factory, localstripe):  # noqa: F811
    """The shop with card payments on (localstripe) and CSRF on, served on loopback."""
    app = make_test_app(
        database_factory("admin_orders_journey"), WTF_CSRF_ENABLED=True,
        STRIPE_SECRET_KEY=SECRET_KEY, STRIPE_PUBLISHABLE_KEY=PUBLISHABLE_KEY,
        STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET, STRIPE_API_BASE=localstripe.url,
        STRIPE_NETWORK_RETRIES=0, STRIPE_TIMEOUT=10)
    with app.app_context():
        db.create_all()
    with serve(app) as base:
        yield app, base
    with app.app_context():
        db.engine.dispose()


def _sign_in(page, base: str) -> None:
    page.goto(base + "/account/login")
    page.get_by_label("E-mail address").fill("staff@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r".*/account/profile$"))


def _open_order(page, number: str, axe_check) -> None:
    """From the account page to the order, through the back office's links and list."""
    page.get_by_role("link", name="Back office").click()
    page.wait_for_url(re.compile(r".*/admin/$"))
    axe_check(page)
    page.get_by_role("link", name="Orders", exact=True).click()
    page.wait_for_url(re.compile(r".*/admin/orders$"))
    page.get_by_label("Number, e-mail, company or PO (start of)").fill(number)
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r".*/admin/orders\?.*q=.*"))
    axe_check(page)
    page.get_by_role("row").filter(has_text=number).get_by_role("link", name=number).click()
    page.wait_for_url(re.compile(r".*/admin/orders/\d+$"))
    axe_check(page)


def test_staff_refund_one_line_of_a_card_order(back_office, localstripe, new_page,  # noqa: F811
                                               axe_check):
    app, base = back_office
    order_id, intent = paid_card_order(app, localstripe, email="card-buyer@example.com")
    with app.app_context():
        order = db.session.get(Order, order_id)
        number, adapter = order.number, order.lines[0]
        assert order.status == OrderStatus.PAID and adapter.mpn == "NIC-A"
        # One NIC-A at 100.00 with its share of the tax (a 21 % rate on goods and shipping).
        share = round(100_00 * order.tax_cents / (order.subtotal_cents + order.shipping_cents))
        expected = f"${(100_00 + share) / 100:,.2f}"
    page = new_page()
    _sign_in(page, base)
    _open_order(page, number, axe_check)

    refund = page.get_by_role("region", name="Refund")
    expect(refund.get_by_label("The units chosen below (and shipping if ticked), with their "
                               "tax")).to_be_checked()
    # Not shipped yet: a refunded unit will not ship, so it goes back to stock by itself.
    expect(refund.get_by_role("row").filter(has_text="NIC-A")).to_contain_text(
        "Not shipped: refunded units go back by themselves")
    screenshot(page, "order-refund-form")
    refund.get_by_label("Units of NIC-A to refund (of 2)").fill("1")
    refund.get_by_label("Reason").fill("One adapter arrived damaged")
    refund.get_by_role("button", name="Work out the refund").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Refund {expected} on order {number}?")
    expect(page.get_by_text("through the payment provider")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="NIC-A")).to_contain_text("1")
    axe_check(page)
    screenshot(page, "order-refund-confirm")
    page.get_by_role("button", name=f"Refund {expected}").click()
    page.wait_for_url(re.compile(rf".*/admin/orders/{order_id}$"))
    expect(page.locator(".flashes")).to_contain_text("Refund made.")
    expect(page.locator(".order-status")).to_contain_text("Partly refunded")
    refunds = page.get_by_role("region", name="Refunds")
    expect(refunds).to_contain_text("1 × NIC-A (1 back in stock)")
    expect(refunds).to_contain_text("Card, through the payment provider")
    expect(refunds).to_contain_text(expected)
    expect(refunds).to_contain_text("One adapter arrived damaged")
    expect(page.get_by_role("region", name="Timeline")).to_contain_text("Card refund of")
    axe_check(page)
    screenshot(page, "order-refunded")
    page.goto(f"{base}/admin/orders/{number}/packing-slip")  # only the unit left goes out
    expect(page.get_by_role("row").filter(has_text="NIC-A")).to_contain_text(
        "1 (2 ordered, 1 refunded)")
    axe_check(page)
    screenshot(page, "order-packing-slip")
    charge = localstripe.get(f"/v1/payment_intents/{intent}")["latest_charge"]
    charge = charge["id"] if isinstance(charge, dict) else charge
    assert f"${localstripe.get(f'/v1/charges/{charge}')['amount_refunded'] / 100:,.2f}" \
        == expected
    with app.app_context():
        [made] = db.session.scalars(select(OrderRefund).where(
            OrderRefund.order_id == order_id)).all()
        assert made.method == "card" and made.lines[0]["units"] == 1


def test_staff_ship_an_order_and_the_customer_is_told(back_office, new_page, axe_check):
    app, base = back_office
    email = "ship-me@example.com"
    with app.app_context():
        if db.session.scalar(select(Order.id).limit(1)) is None:
            user("staff@example.com", role="staff")
        order = make_order([(make_product(stock=4, price_cents=250_00), 2)], email=email)
        mark_invoice_paid(order, actor_id=None)
        mark_packed(order, actor_id=None)
        db.session.commit()
        number, order_id = order.number, order.id
    page = new_page()
    _sign_in(page, base)
    _open_order(page, number, axe_check)
    page.get_by_label("Carrier").fill("DHL Express")
    page.get_by_label("Tracking number").fill("JD014600006281")
    page.get_by_role("button", name="Mark shipped and tell the customer").click()
    page.wait_for_url(re.compile(rf".*/admin/orders/{order_id}$"))
    expect(page.locator(".flashes")).to_contain_text("the customer has been told")
    expect(page.locator(".order-status")).to_contain_text("Shipped")
    expect(page.get_by_text("Shipped with DHL Express, tracking number JD014600006281."))\
        .to_be_visible()
    axe_check(page)
    # The mail waits in the outbox (no mail server here), addressed to the customer.
    page.get_by_role("link", name="Back office", exact=True).first.click()
    page.get_by_role("link", name="Mail outbox").click()
    page.wait_for_url(re.compile(r".*/admin/outbox$"))
    row = page.get_by_role("row").filter(has_text=email)
    expect(row).to_contain_text(f"Order {number} has shipped")
    axe_check(page)
    row.get_by_role("link", name=f"Order {number} has shipped").click()
    expect(page.locator("main")).to_contain_text("JD014600006281")
    axe_check(page)
    with app.app_context():
        mail = db.session.scalars(select(OutboxMessage).where(
            OutboxMessage.to_address == email)).all()
        assert [m.subject for m in mail] == [f"Order {number} has shipped"]
        assert db.session.get(Order, order_id).status == OrderStatus.SHIPPED


def test_on_a_phone_the_order_list_scrolls_its_table_not_the_page(back_office, new_page,
                                                                  axe_check):
    app, base = back_office
    with app.app_context():
        if db.session.scalar(select(Order.id).limit(1)) is None:
            user("staff@example.com", role="staff")
        make_order([(make_product(stock=2, price_cents=99_00), 1)],
                   email="a.rather.long.procurement.address@datacenter-operations.example",
                   company="Datacenter Operations and Networking Services GmbH",
                   po_number="PO-2026-000123-ABC")
        db.session.commit()
    page = new_page(viewport=MOBILE, is_mobile=True, has_touch=True)
    _sign_in(page, base)
    for path in ("/admin/orders", "/admin/", "/admin/audit"):
        page.goto(base + path)
        width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert width <= inner == MOBILE["width"], f"{path} is {width} px wide"
        axe_check(page)
    page.goto(base + "/admin/orders")
    scroller = page.locator(".table-scroll").first
    inside, box = scroller.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert inside > box, "the table should scroll inside its box"
