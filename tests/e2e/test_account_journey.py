"""Browser journey: register → confirm from the outbox → sign in → edit the address book →
sign out, in the system Chromium, with CSRF on and axe run on every page visited."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from shop.extensions import db
from shop.mail import OutboxMessage
from tests.e2e.browser import serve
from tests.harness import make_test_app

EMAIL = "journey@example.com"
PASSWORD = "a sturdy journey password"

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def account_server(database_factory):
    """The shop (CSRF on, as in production) on a free loopback port, in a thread."""
    app = make_test_app(database_factory("journey"), WTF_CSRF_ENABLED=True)
    with app.app_context():
        db.create_all()
    with serve(app) as base:
        yield app, base
    with app.app_context():
        db.engine.dispose()


def _latest_mail(app, to: str) -> OutboxMessage:
    with app.app_context():
        message = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.to_address == to)
            .order_by(OutboxMessage.id.desc())
        ).first()
        assert message is not None, f"no mail to {to}"
        db.session.expunge(message)
        return message


def test_register_verify_sign_in_edit_addresses_sign_out(account_server, new_page, axe_check):
    app, base = account_server
    page = new_page()
    console_errors: list[str] = []
    page.on("console", lambda msg: msg.type == "error" and console_errors.append(msg.text))

    def visit_checked():
        assert page.url.startswith(base)
        axe_check(page)

    # Register; a bad attempt first shows errors on the form and creates nothing.
    page.goto(base + "/account/register")
    visit_checked()
    page.get_by_label("E-mail address").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat the password").fill(PASSWORD + " typo")
    page.get_by_role("button", name="Create account").click()
    assert page.get_by_text("The two passwords do not match.").is_visible()
    assert page.get_by_label("Repeat the password").get_attribute("aria-invalid") == "true"
    visit_checked()
    page.get_by_label("Your name").fill("Journey Tester")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat the password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url(re.compile(r".*/account/check-inbox.*"))
    assert page.get_by_role("heading", name="Check your inbox").is_visible()
    visit_checked()

    # Confirm the address with the link from the outbox.
    mail = _latest_mail(app, EMAIL)
    link = re.search(r"http://[^\s]+/account/verify/\S+", mail.text_body).group(0)
    page.goto(link)
    visit_checked()
    page.get_by_role("button", name="Confirm my e-mail address").click()
    page.wait_for_url(re.compile(r".*/account/login$"))
    assert page.get_by_text("Your e-mail address is confirmed").is_visible()
    visit_checked()

    # Sign in.
    page.get_by_label("E-mail address").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r".*/account/profile$"))
    assert page.get_by_role("heading", name="Your profile").is_visible()
    visit_checked()

    # Address book: add one, then edit it.
    page.get_by_role("link", name="Addresses").click()
    page.wait_for_url(re.compile(r".*/account/addresses$"))
    visit_checked()
    page.get_by_label("Full name").fill("Journey Tester")
    page.get_by_label("Company").fill("Fabric Labs")
    page.get_by_label("Street address").fill("1 Data Center Way")
    page.get_by_label("City").fill("Amsterdam")
    page.get_by_label("Postal code").fill("1011 AB")
    page.get_by_label("Country").select_option("NL")
    page.get_by_role("button", name="Add address").click()
    page.wait_for_url(re.compile(r".*/account/addresses$"))
    assert page.get_by_text("The address has been added.").is_visible()
    assert page.get_by_text("Default shipping", exact=True).is_visible()
    assert page.get_by_text("Netherlands").first.is_visible()
    visit_checked()
    page.get_by_role("link", name=re.compile(r"^Edit")).click()
    page.wait_for_url(re.compile(r".*/account/addresses/\d+/edit$"))
    visit_checked()
    page.get_by_label("City").fill("Rotterdam")
    page.get_by_role("button", name="Save address").click()
    page.wait_for_url(re.compile(r".*/account/addresses$"))
    assert page.get_by_text("Rotterdam").is_visible()
    visit_checked()

    # Sign out from the header.
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(base + "/")
    assert page.get_by_role("link", name="Sign in").is_visible()
    page.goto(base + "/account/addresses")
    page.wait_for_url(re.compile(r".*/account/login\?next=.*"))
    visit_checked()

    assert console_errors == [], console_errors
