"""Browser journeys through checkout, on the demo catalogue, with CSRF and the page cache on:
a guest pastes a parts list, sees the compatibility warning and buys on invoice, then opens
the order from the mail's link (also with JavaScript off); a customer orders again from the
history; a restricted destination is refused at the details step; a controlled item waits in
compliance hold until staff release it. axe runs on every page visited."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from shop.catalog.models import Product
from shop.demo.catalogue import load_demo_catalogue
from shop.extensions import db
from shop.mail import OutboxMessage
from shop.orders.models import Order, OrderStatus
from tests.e2e.browser import serve
from tests.factories import DEFAULT_PASSWORD, make_user
from tests.harness import make_test_app
from tests.orders.factories import make_order

pytestmark = pytest.mark.e2e

# A ConnectX-7 adapter (one OSFP cage, controlled: ECCN 5A992.c) and a 25GbE SFP28 cable
# (EAR99) that fits no OSFP port, so the cart warns about the cable.
ADAPTER = "MCX75310AAS-NEAT"
ADAPTER_NAME = "NVIDIA ConnectX-7 VPI adapter, 1x OSFP, 400Gb/s NDR, PCIe 5.0 x16"
SFP_CABLE = "MCP2M00-A001E30N"
QSFP_CABLE = "MCP1600-C001E30N"  # 100GbE QSFP28 DAC, EAR99
HDR_ADAPTER = "MCX653105A-HDAT"  # ConnectX-6, controlled


@pytest.fixture(scope="module")
def shop(database_factory):
    """The demo shop on a free loopback port, CSRF and the page cache on as in production."""
    app = make_test_app(database_factory("checkout_journey"), WTF_CSRF_ENABLED=True,
                        PAGE_CACHE=True)
    with app.app_context():
        db.create_all()
        load_demo_catalogue()
        db.session.commit()
    with serve(app) as base:
        yield app, base
    with app.app_context():
        db.engine.dispose()


def _orders_for(app, email: str) -> list[tuple[str, str]]:
    with app.app_context():
        return [(o.number, o.status) for o in db.session.scalars(
            select(Order).where(Order.email == email).order_by(Order.id))]


def _order_mail(app, email: str) -> OutboxMessage:
    with app.app_context():
        message = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.to_address == email)
            .order_by(OutboxMessage.id.desc())).first()
        assert message is not None, f"no mail to {email}"
        db.session.expunge(message)
        return message


def _quick_order(page, base, parts: str, axe_check) -> None:
    """Paste a parts list into the cart's quick order box; every line is known."""
    page.goto(base + "/cart")
    expect(page.get_by_role("heading", name="Your cart", exact=True)).to_be_visible()
    axe_check(page)
    page.get_by_label("Parts list").fill(parts)
    page.get_by_role("button", name="Add parts to cart").click()
    page.wait_for_url(re.compile(r".*/cart$"))
    expect(page.locator(".flashes")).to_contain_text("to your cart")
    axe_check(page)


def _fill_details(page, email: str, *, country: str = "Netherlands", city: str = "Amsterdam",
                  region: str = "", postal_code: str = "1015 CJ") -> None:
    """The details form from the keyboard: type, Tab to the next field, type again."""
    keyboard = page.keyboard
    page.get_by_label("E-mail address").focus()
    keyboard.type(email)
    keyboard.press("Tab")
    expect(page.get_by_label("Your name")).to_be_focused()
    keyboard.type("Grace Hopper")
    keyboard.press("Tab")  # company (optional)
    keyboard.press("Tab")  # phone (optional)
    keyboard.press("Tab")
    ship = page.get_by_role("group", name="Shipping address")
    expect(ship.get_by_label("Full name")).to_be_focused()
    keyboard.type("Grace Hopper")
    keyboard.press("Tab")  # company (optional)
    keyboard.press("Tab")
    expect(ship.get_by_label("Street and number")).to_be_focused()
    keyboard.type("Keizersgracht 1")
    keyboard.press("Tab")  # building (optional)
    keyboard.press("Tab")
    expect(ship.get_by_label("City")).to_be_focused()
    keyboard.type(city)
    keyboard.press("Tab")
    keyboard.type(region)
    keyboard.press("Tab")
    expect(ship.get_by_label("Postal code")).to_be_focused()
    keyboard.type(postal_code)
    keyboard.press("Tab")
    expect(ship.get_by_label("Country")).to_be_focused()
    ship.get_by_label("Country").select_option(label=country)


def _submit_details(page) -> None:
    button = page.get_by_role("button", name="Review your order")
    button.focus()
    page.keyboard.press("Enter")


@pytest.mark.parametrize("scripts", [True, False], ids=["scripts-on", "scripts-off"])
def test_a_guest_buys_on_invoice_and_opens_the_order_from_the_mail(shop, new_page, axe_check,
                                                                   page_problems, scripts):
    app, base = shop
    email = f"guest-{'js' if scripts else 'nojs'}@example.com"
    page = new_page(java_script_enabled=scripts)

    # The parts list, with a cable that fits nothing else in the cart.
    _quick_order(page, base, f"{ADAPTER} 1\n{SFP_CABLE} 2", axe_check)
    warnings = page.get_by_role("region", name="Check that your parts fit")
    expect(warnings).to_contain_text(f"({SFP_CABLE}) fits none of the switches or adapters "
                                     "in your cart")
    expect(page.get_by_role("spinbutton", name=f"Quantity of {ADAPTER_NAME}")).to_have_value("1")

    # Checkout: every required field from the keyboard; invoice is the default payment.
    page.get_by_role("link", name="Go to checkout").click()
    page.wait_for_url(re.compile(r".*/checkout$"))
    expect(page.get_by_role("heading", name="Checkout", exact=True)).to_be_visible()
    axe_check(page)
    _fill_details(page, email)
    # The billing address is asked for only when it is not the shipping address (CSS alone).
    billing = page.get_by_role("group", name="Billing address")
    expect(billing.get_by_label("Full name")).to_be_hidden()
    billing.get_by_label("Bill to the shipping address").press("Space")
    expect(billing.get_by_label("Full name")).to_be_visible()
    billing.get_by_label("Bill to the shipping address").press("Space")
    expect(billing.get_by_label("Full name")).to_be_hidden()
    expect(page.get_by_label("Invoice", exact=False).first).to_be_checked()
    _submit_details(page)

    # Review: the addresses and the totals from the server, then place the order.
    page.wait_for_url(re.compile(r".*/checkout/review$"))
    axe_check(page)
    expect(page.get_by_text("Keizersgracht 1").first).to_be_visible()
    summary = page.get_by_role("region", name="Your order")
    expect(summary).to_contain_text(SFP_CABLE)
    expect(summary).to_contain_text("Total")
    page.get_by_role("button", name="Place order").click()

    # The order page: waiting for the transfer, with the payment instructions.
    page.wait_for_url(re.compile(r".*/orders/[^/?]+\?t=.+"))
    number = re.search(r"/orders/([^/?]+)", page.url).group(1)
    expect(page.get_by_role("heading", name=f"Order {number}")).to_be_visible()
    expect(page.locator(".flashes")).to_contain_text(
        f"Thank you: order {number} is placed. The confirmation is on its way to {email}.")
    expect(page.locator(".order-status")).to_contain_text("Waiting for the bank transfer")
    expect(page.get_by_role("note")).to_contain_text("need an export review")  # the adapter
    how = page.get_by_role("region", name="How to pay")
    expect(how).to_contain_text(number)
    axe_check(page)
    page.get_by_role("link", name="Printable invoice").click()
    page.wait_for_url(re.compile(rf".*/orders/{number}/invoice\?t=.+"))
    expect(page.get_by_role("heading", name=f"Invoice {number}")).to_be_visible()
    axe_check(page)
    assert _orders_for(app, email) == [(number, OrderStatus.AWAITING_PAYMENT)]

    # The cart holds nothing any more.
    page.goto(base + "/cart")
    expect(page.locator("header a.cart-link")).to_have_text("Cart, empty")

    # The mail's link opens the order in a browser that has never seen the shop.
    mail = _order_mail(app, email)
    assert mail.subject == f"Your order {number}"
    link = re.search(r"http://\S+/orders/\S+", mail.text_body).group(0)
    elsewhere = new_page(java_script_enabled=scripts)
    elsewhere.goto(link)
    expect(elsewhere.get_by_role("heading", name=f"Order {number}")).to_be_visible()
    expect(elsewhere.locator(".order-status")).to_contain_text("Waiting for the bank transfer")
    axe_check(elsewhere)
    # Without the signed token (or with a made-up one) the order is not found.
    page_problems.allow(rf"status of 404 .*/orders/{number}(\?t=forged-token)?:0\)$")
    forged = elsewhere.goto(f"{base}/orders/{number}?t=forged-token")
    assert forged.status == 404
    axe_check(elsewhere)
    bare = elsewhere.goto(f"{base}/orders/{number}")
    assert bare.status == 404


def test_a_customer_orders_again_from_the_history(shop, new_page, axe_check):
    app, base = shop
    email = "repeat-buyer@example.com"
    with app.app_context():
        user = make_user(email, display_name="Repeat Buyer")
        products = {p.mpn: p for p in db.session.scalars(
            select(Product).where(Product.mpn.in_((QSFP_CABLE, SFP_CABLE))))}
        order = make_order([(products[QSFP_CABLE], 4), (products[SFP_CABLE], 2)],
                           user_id=user.id, email=email)
        db.session.commit()
        number = order.number
        cable_names = {mpn: p.name for mpn, p in products.items()}

    page = new_page()
    page.goto(base + "/account/login")
    axe_check(page)
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r".*/account/profile$"))

    page.get_by_role("navigation", name="Your account").get_by_role("link", name="Orders").click()
    page.wait_for_url(re.compile(r".*/account/orders$"))
    expect(page.get_by_role("heading", name="Your orders")).to_be_visible()
    row = page.get_by_role("row").filter(has_text=number)
    expect(row).to_contain_text("Waiting for the bank transfer")
    axe_check(page)

    # The order itself opens for its owner without a link token.
    row.get_by_role("link", name=number).click()
    page.wait_for_url(re.compile(rf".*/orders/{number}$"))
    expect(page.get_by_role("heading", name=f"Order {number}")).to_be_visible()
    axe_check(page)
    page.go_back()

    page.get_by_role("button", name=f"Order again {number}").click()
    page.wait_for_url(re.compile(r".*/cart$"))
    expect(page.locator(".flashes")).to_contain_text(f"The items of order {number} are in "
                                                     "your cart")
    for mpn, quantity in ((QSFP_CABLE, "4"), (SFP_CABLE, "2")):
        box = page.get_by_role("spinbutton", name=f"Quantity of {cable_names[mpn]}")
        expect(box).to_have_value(quantity)
    expect(page.locator("header a.cart-link")).to_have_text(re.compile(r"^Cart 6\s*items$"))
    axe_check(page)


def test_a_restricted_destination_is_refused_at_the_details_step(shop, new_page, axe_check):
    app, base = shop
    email = "havana@example.com"
    page = new_page()
    _quick_order(page, base, f"{QSFP_CABLE} 1", axe_check)
    page.get_by_role("link", name="Go to checkout").click()
    page.wait_for_url(re.compile(r".*/checkout$"))
    _fill_details(page, email, country="Cuba", city="Havana", postal_code="10400")
    _submit_details(page)

    page.wait_for_url(re.compile(r".*/checkout$"))
    country = page.get_by_role("group", name="Shipping address").get_by_label("Country")
    expect(country).to_have_attribute("aria-invalid", "true")
    error = page.locator("#ship_country_code-error")
    expect(error).to_contain_text("Cuba")
    expect(country).to_have_attribute("aria-describedby", "ship_country_code-error")
    axe_check(page)
    # The summary at the top of the form leads to the field.
    page.get_by_role("alert").get_by_role("link", name=re.compile(r"^Country: .*Cuba")).click()
    expect(country).to_be_focused()

    # An address in Crimea, written as a Ukrainian one, is refused the same way.
    ship = page.get_by_role("group", name="Shipping address")
    ship.get_by_label("Country").select_option(label="Ukraine")
    ship.get_by_label("City").fill("Simferopol")
    ship.get_by_label("State, province or region (optional)").fill("Crimea")
    ship.get_by_label("Postal code").fill("95000")
    _submit_details(page)
    page.wait_for_url(re.compile(r".*/checkout$"))
    expect(page.locator("#ship_country_code-error")).to_be_visible()
    axe_check(page)
    assert page.get_by_role("button", name="Place order").count() == 0
    assert _orders_for(app, email) == []


def test_a_controlled_item_is_held_until_staff_release_it(shop, new_page, axe_check,
                                                         page_problems):
    app, base = shop
    email = "held@example.com"
    page = new_page()
    _quick_order(page, base, f"{HDR_ADAPTER} 1", axe_check)
    page.get_by_role("link", name="Go to checkout").click()
    page.wait_for_url(re.compile(r".*/checkout$"))
    _fill_details(page, email)
    _submit_details(page)
    page.wait_for_url(re.compile(r".*/checkout/review$"))
    page.get_by_role("button", name="Place order").click()
    page.wait_for_url(re.compile(r".*/orders/[^/?]+\?t=.+"))
    [(number, status)] = _orders_for(app, email)
    assert status == OrderStatus.AWAITING_PAYMENT

    with app.app_context():
        make_user("staff@example.com", role="staff", display_name="Sam Staff")
        db.session.commit()
        order_id = db.session.scalar(select(Order.id).where(Order.number == number))

    staff = new_page()
    staff.goto(base + "/account/login")
    staff.get_by_label("E-mail address").fill("staff@example.com")
    staff.get_by_label("Password").fill(DEFAULT_PASSWORD)
    staff.get_by_role("button", name="Sign in").click()
    staff.wait_for_url(re.compile(r".*/account/profile$"))
    staff.get_by_role("link", name="Back office").click()
    staff.get_by_role("link", name="Orders", exact=True).click()
    staff.wait_for_url(re.compile(r".*/admin/orders$"))
    axe_check(staff)
    staff.get_by_role("row").filter(has_text=number).get_by_role("link", name=number).click()
    staff.wait_for_url(re.compile(rf".*/admin/orders/{order_id}$"))
    expect(staff.get_by_text("controlled item", exact=True)).to_be_visible()
    axe_check(staff)

    def action(button: str):
        return staff.locator("form.admin-action").filter(
            has=staff.get_by_role("button", name=button))

    action("Mark invoice paid").get_by_role("button").click()
    staff.wait_for_url(re.compile(rf".*/admin/orders/{order_id}$"))
    expect(staff.locator(".flashes")).to_contain_text("Marked paid.")
    expect(staff.locator(".order-status")).to_contain_text("Paid; export review before shipping")
    axe_check(staff)

    # Releasing without a note is refused (the page answers 400) with the error at the note.
    page_problems.allow(rf"status of 400 .*/admin/orders/{order_id}/release:0\)$")
    action("Release the hold").get_by_role("button").click()
    note = staff.get_by_label("Note for “Release the hold” (required)")
    expect(note).to_have_attribute("aria-invalid", "true")
    expect(action("Release the hold").locator(".field-error")).to_have_text(
        "Say why the order may go ahead.")
    # The error belongs to the release form only, not to every note box on the page.
    expect(staff.locator(".field-error")).to_have_count(1)
    axe_check(staff)
    assert _orders_for(app, email) == [(number, OrderStatus.COMPLIANCE_HOLD)]

    note.fill("End use checked: university HPC cluster.")
    action("Release the hold").get_by_role("button").click()
    staff.wait_for_url(re.compile(rf".*/admin/orders/{order_id}$"))
    expect(staff.locator(".flashes")).to_contain_text("Released for fulfilment.")
    expect(staff.locator(".order-status")).to_contain_text("Paid; being prepared")
    expect(staff.get_by_role("region", name="Timeline")).to_contain_text(
        "End use checked: university HPC cluster.")
    axe_check(staff)
    assert _orders_for(app, email) == [(number, OrderStatus.PAID)]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Order)
                                 .where(Order.email == email)) == 1
