"""Browser journey of the supplier programme, in the system Chromium with CSRF on: a company
reads the programme, applies with a document (after a first try with errors, also with
JavaScript off and at phone width), confirms its e-mail address from the outbox; staff ask
for more information; the applicant answers with a corrected field and another document;
staff approve; the new supplier sets a password, signs in and sees the portal dashboard. axe
runs on the pages visited; screenshots of the programme, the form with errors and the queue
go to ``$SCREENSHOT_DIR`` (or the test's temporary folder)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from shop.extensions import db
from shop.mail import OutboxMessage
from shop.suppliers.models import SupplierApplication
from tests.e2e.browser import serve
from tests.e2e.conftest import MOBILE
from tests.factories import DEFAULT_PASSWORD, make_user
from tests.harness import make_test_app
from tests.suppliers.helpers import pdf_bytes, png_bytes

pytestmark = pytest.mark.e2e

CONTACT = "ada@fabparts.example"
STAFF = "reviewer@shop.example"
SUPPLIER_PASSWORD = "a sturdy supplier password"


@pytest.fixture(scope="module")
def shop(database_factory, tmp_path_factory):
    uploads = tmp_path_factory.mktemp("supplier_uploads")
    app = make_test_app(database_factory("supplier_journey"), WTF_CSRF_ENABLED=True,
                        UPLOAD_DIR=str(uploads))
    with app.app_context():
        db.create_all()
        make_user(STAFF, role="staff")
        db.session.commit()
    with serve(app) as base:
        yield app, base
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _latest_link(app, to: str, prefix: str) -> str:
    with app.app_context():
        for message in db.session.scalars(select(OutboxMessage).where(
                OutboxMessage.to_address == to).order_by(OutboxMessage.id.desc())):
            found = re.search(r"https?://\S+" + re.escape(prefix) + r"\S+", message.text_body)
            if found:
                return found.group(0)
    raise AssertionError(f"no {prefix} link mailed to {to}")


def _fits_the_width(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _fill_application(page, document: Path) -> None:
    page.get_by_label("Legal name").fill("Fabric Parts B.V.")
    page.get_by_label("Country of registration").select_option("NL")
    page.get_by_label("VAT or tax ID").fill("NL004495445B01")
    page.get_by_label("Street and number").fill("Keizersgracht 1")
    page.get_by_label("City").fill("Amsterdam")
    page.get_by_label("Postal code (optional)").fill("1015 CC")
    page.get_by_label("Contact name").fill("Ada Jansen")
    page.get_by_label("Phone").fill("020 123 4567")
    page.get_by_label("E-mail address").fill(CONTACT)
    page.get_by_label("Direct-attach copper cables (DAC, ACC)").check()
    page.get_by_label("Optical transceivers").check()
    page.get_by_label("Brand 1 (at least one)").fill("NVIDIA")
    page.get_by_label("Authorised by the brand owner (brand 1)").check()
    page.get_by_label("How many products would you list?").fill("250")
    page.get_by_label("Countries of your warehouses").fill("Netherlands, Germany")
    page.get_by_label("ISO 9001 (quality management)").check()
    page.get_by_label("Company registration").set_input_files(str(document))
    page.get_by_label("I have read and accept the supplier terms").check()


def test_apply_confirm_answer_approve_and_sign_in(shop, new_page, axe_check, shots, tmp_path,
                                                  page_problems):
    app, base = shop
    page_problems.allow(r"status of 404 .*/suppliers/applications/\d+:0\)$")
    registration = tmp_path / "kvk-extract.pdf"
    registration.write_bytes(pdf_bytes())
    certificate = tmp_path / "iso-9001.png"
    certificate.write_bytes(png_bytes())

    # The programme page, on a desktop and on a phone.
    page = new_page()
    page.goto(base + "/suppliers")
    expect(page.get_by_role("heading", name="How the review works")).to_be_visible()
    axe_check(page)
    page.screenshot(path=str(shots / "suppliers.png"), full_page=True)
    phone = new_page(viewport=MOBILE)
    phone.goto(base + "/suppliers")
    assert _fits_the_width(phone)
    phone.screenshot(path=str(shots / "suppliers-390.png"), full_page=True)

    # A first try with JavaScript off and at phone width: every error next to its field.
    bare = new_page(viewport=MOBILE, java_script_enabled=False)
    bare.goto(base + "/suppliers/apply")
    axe_check(bare)
    bare.get_by_label("Legal name").fill("Fabric Parts B.V.")
    bare.get_by_label("Country of registration").select_option("NL")
    bare.get_by_label("VAT or tax ID").fill("NL004495446B01")
    bare.get_by_role("button", name="Send the application").click()
    expect(bare.get_by_text("its check digit does not match", exact=False).first).to_be_visible()
    expect(bare.locator("#city-error")).to_have_text("Enter the city.")
    assert bare.get_by_label("City").get_attribute("aria-invalid") == "true"
    assert bare.get_by_label("Legal name").input_value() == "Fabric Parts B.V."
    assert _fits_the_width(bare)
    axe_check(bare)
    bare.screenshot(path=str(shots / "apply-errors-390.png"), full_page=True)

    # The same on a desktop, with a keyboard: the summary links to the fields.
    page.goto(base + "/suppliers/apply")
    axe_check(page)
    page.get_by_role("button", name="Send the application").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    axe_check(page)
    page.screenshot(path=str(shots / "apply-errors.png"), full_page=True)
    page.get_by_role("link", name=re.compile(r"^Legal name:")).focus()
    page.keyboard.press("Enter")
    assert page.url.endswith("#legal_name")

    # The real application, with its document.
    _fill_application(page, registration)
    page.get_by_role("button", name="Send the application").click()
    page.wait_for_url(re.compile(r".*/suppliers/apply/sent$"))
    expect(page.get_by_role("heading", name="Check your inbox")).to_be_visible()
    axe_check(page)

    # Confirm the address with the link from the outbox.
    page.goto(_latest_link(app, CONTACT, "/suppliers/confirm/"))
    axe_check(page)
    page.get_by_role("button", name="Confirm my e-mail address").click()
    page.wait_for_url(re.compile(r".*/suppliers/applications/\d+$"))
    expect(page.get_by_role("heading", name="Status: In review")).to_be_visible()
    expect(page.get_by_role("link", name="kvk-extract.pdf")).to_be_visible()
    axe_check(page)
    phone.goto(page.url)  # another browser: not the applicant's, so not found
    assert phone.title().startswith("Page not found")

    # Staff find it in the queue and ask for more information.
    staff = new_page()
    staff.goto(base + "/account/login")
    staff.get_by_label("E-mail address").fill(STAFF)
    staff.get_by_label("Password").fill(DEFAULT_PASSWORD)
    staff.get_by_role("button", name="Sign in").click()
    staff.wait_for_url(re.compile(r".*/account/profile$"))
    staff.goto(base + "/admin/")
    staff.get_by_role("link", name="Supplier applications").click()
    staff.wait_for_url(re.compile(r".*/admin/suppliers$"))
    axe_check(staff)
    staff.screenshot(path=str(shots / "admin-queue.png"), full_page=True)
    staff.get_by_role("link", name=re.compile(r"^SA-")).click()
    expect(staff.get_by_role("heading", name=re.compile("Fabric Parts B.V."))).to_be_visible()
    axe_check(staff)
    staff.screenshot(path=str(shots / "admin-application.png"), full_page=True)
    staff.get_by_role("link", name="Ask for more information").click()
    body = staff.get_by_label("Message to the applicant")
    assert "Dear Ada Jansen" in body.input_value()
    axe_check(staff)
    staff.get_by_label(re.compile(r"^Why")).fill("Need the ISO 9001 certificate.")
    body.fill("Dear Ada,\n\nPlease add your ISO 9001 certificate and your website.\n\n"
              "The supplier team")
    staff.get_by_role("button", name=re.compile("Ask for more information and send")).click()
    expect(staff.get_by_text("Ask for more information: done")).to_be_visible()

    # The applicant follows the mail's link and answers.
    page.goto(_latest_link(app, CONTACT, "/suppliers/status/"))
    expect(page.get_by_role("heading", name="Status: More information needed")).to_be_visible()
    expect(page.get_by_text("Please add your ISO 9001 certificate")).to_be_visible()
    axe_check(page)
    page.set_viewport_size(MOBILE)
    assert _fits_the_width(page)
    page.screenshot(path=str(shots / "status-390.png"), full_page=True)
    page.get_by_role("link", name="Answer our questions").click()
    axe_check(page)
    assert _fits_the_width(page)
    page.get_by_label("Your answer").fill("Here is the certificate; our website is added.")
    page.get_by_label("Website (optional)").fill("https://fabparts.example")
    page.get_by_label("Certificates (optional)").set_input_files(str(certificate))
    page.get_by_role("button", name="Send my answer").click()
    page.wait_for_url(re.compile(r".*/suppliers/applications/\d+$"))
    expect(page.get_by_role("heading", name="Status: In review")).to_be_visible()
    expect(page.get_by_role("link", name="iso-9001.png")).to_be_visible()

    # Staff approve.
    staff.reload()
    expect(staff.get_by_text("Here is the certificate")).to_be_visible()
    staff.get_by_role("link", name="Approve").click()
    staff.get_by_label(re.compile(r"^Why")).fill("Documents in order.")
    staff.get_by_role("button", name=re.compile("Approve and send")).click()
    expect(staff.get_by_text("Approve: done")).to_be_visible()
    with app.app_context():
        application = db.session.scalars(select(SupplierApplication)).one()
        assert application.status == "approved" and application.organisation_id

    # The new supplier sets a password, signs in and sees the portal.
    supplier = new_page()
    supplier.goto(_latest_link(app, CONTACT, "/supplier/invitation/"))
    axe_check(supplier)
    supplier.get_by_label("Your name").fill("Ada Jansen")
    supplier.get_by_label("Password", exact=True).fill(SUPPLIER_PASSWORD)
    supplier.get_by_label("Repeat the password").fill(SUPPLIER_PASSWORD)
    supplier.get_by_role("button", name="Set my password and join").click()
    supplier.wait_for_url(re.compile(r".*/account/login\?next=.*"))
    supplier.get_by_label("E-mail address").fill(CONTACT)
    supplier.get_by_label("Password").fill(SUPPLIER_PASSWORD)
    supplier.get_by_role("button", name="Sign in").click()
    supplier.wait_for_url(re.compile(r".*/supplier/$"))
    expect(supplier.get_by_role("heading", name="Supplier portal")).to_be_visible()
    expect(supplier.get_by_text("a member of Fabric Parts B.V.", exact=False)).to_be_visible()
    axe_check(supplier)
    supplier.get_by_role("link", name="Team", exact=True).click()
    expect(supplier.get_by_role("cell", name=CONTACT)).to_be_visible()
    axe_check(supplier)


def test_a_200_megabyte_upload_gets_a_page_saying_what_fits(shop, new_page, axe_check,
                                                             page_problems, tmp_path):
    """The browser sends it all and reads the answer: a page, not a reset connection."""
    app, base = shop
    page_problems.allow(r"status of 413 .*/suppliers/apply:0\)$")
    huge = tmp_path / "scan.pdf"
    with open(huge, "wb") as f:
        f.truncate(200 * 1024 * 1024)  # sparse: no disk is used for it
    page = new_page()
    page.goto(base + "/suppliers/apply")
    page.get_by_label("Company registration").set_input_files(str(huge))
    page.get_by_role("button", name="Send the application").click()
    heading = page.get_by_role("heading", name="That upload is too large")
    expect(heading).to_be_visible(timeout=60_000)
    expect(page.get_by_text("10 MB each")).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Back to the form").click()
    page.wait_for_url(re.compile(r".*/suppliers/apply$"))
