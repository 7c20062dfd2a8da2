"""The supplier programme end to end in the system Chromium, with CSRF on: a company applies
with a document, confirms its e-mail address, staff ask for more information, the applicant
amends, staff approve, the new supplier sets a password, submits a listing (after being told
the datasheet is missing), staff request a change, the supplier fixes it, staff approve,
and a customer finds the product by part-number search and sees it in its category's
facets. Then an edit of the published listing: the shop keeps the published version while
staff review the change as a diff, and shows the new one once approved.

axe runs on every new page (listing list, type choice, form, documents, images, review,
queue), the portal form and the review page are checked at 390 px, and screenshots of them
go to ``$SCREENSHOT_DIR`` (or the test's temporary folder)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from shop.catalog.services import get_or_create_brand
from shop.extensions import db
from shop.suppliers.listings.models import SupplierListing
from tests.e2e.browser import serve
from tests.e2e.conftest import MOBILE
from tests.e2e.test_supplier_application_journey import (
    _fill_application,
    _fits_the_width,
    _latest_link,
)
from tests.factories import DEFAULT_PASSWORD, make_category, make_product, make_user
from tests.suppliers.helpers import pdf_bytes, png_bytes

pytestmark = pytest.mark.e2e

CONTACT = "ada@fabparts.example"
STAFF = "reviewer@shop.example"
SUPPLIER_PASSWORD = "a sturdy supplier password"
MPN = "MCX623106AN-CDAT"


@pytest.fixture(scope="module")
def shop(database_factory, tmp_path_factory):
    uploads = tmp_path_factory.mktemp("programme_uploads")
    app = make_test_app_with_catalogue(database_factory("programme_journey"), uploads)
    with serve(app) as base:
        yield app, base
    with app.app_context():
        db.engine.dispose()


def make_test_app_with_catalogue(url: str, uploads: Path):
    from tests.harness import make_test_app

    app = make_test_app(url, WTF_CSRF_ENABLED=True, UPLOAD_DIR=str(uploads))
    with app.app_context():
        db.create_all()
        make_user(STAFF, role="staff")
        get_or_create_brand("NVIDIA")
        adapters = make_category("network-adapters", "Network adapters")
        make_product(name="ConnectX-5 EN 25GbE", sku="SHOP-CX5", mpn="MCX512A-ACAT",
                     category=adapters, specs={"protocol": ["Ethernet"], "data_rate": [25],
                                               "port_count": 2, "form_factor": ["SFP28"]})
        db.session.commit()
    return app


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _sign_in(page, base: str, email: str, password: str, lands: str) -> None:
    page.goto(base + "/account/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(lands))


def _become_a_supplier(app, base, new_page, axe_check, tmp_path):
    """The first half: apply, confirm, answer the question, approval, set a password and
    sign in. Returns the supplier's and the staff member's pages."""
    registration = tmp_path / "kvk-extract.pdf"
    registration.write_bytes(pdf_bytes())
    certificate = tmp_path / "iso-9001.png"
    certificate.write_bytes(png_bytes())

    applicant = new_page()
    applicant.goto(base + "/suppliers/apply")
    _fill_application(applicant, registration)
    applicant.get_by_role("button", name="Send the application").click()
    applicant.wait_for_url(re.compile(r".*/suppliers/apply/sent$"))
    applicant.goto(_latest_link(app, CONTACT, "/suppliers/confirm/"))
    applicant.get_by_role("button", name="Confirm my e-mail address").click()
    expect(applicant.get_by_role("heading", name="Status: In review")).to_be_visible()

    staff = new_page()
    _sign_in(staff, base, STAFF, DEFAULT_PASSWORD, r".*/account/profile$")
    staff.goto(base + "/admin/suppliers")
    staff.get_by_role("link", name=re.compile(r"^SA-")).click()
    staff.get_by_role("link", name="Ask for more information").click()
    staff.get_by_label(re.compile(r"^Why")).fill("Need the ISO 9001 certificate.")
    staff.get_by_label("Message to the applicant").fill(
        "Dear Ada,\n\nPlease add your ISO 9001 certificate.\n\nThe supplier team")
    staff.get_by_role("button", name=re.compile("Ask for more information and send")).click()
    expect(staff.get_by_text("Ask for more information: done")).to_be_visible()

    applicant.goto(_latest_link(app, CONTACT, "/suppliers/status/"))
    applicant.get_by_role("link", name="Answer our questions").click()
    applicant.get_by_label("Your answer").fill("Here is the certificate.")
    applicant.get_by_label("Certificates (optional)").set_input_files(str(certificate))
    applicant.get_by_role("button", name="Send my answer").click()
    expect(applicant.get_by_role("heading", name="Status: In review")).to_be_visible()

    staff.reload()
    staff.get_by_role("link", name="Approve").click()
    staff.get_by_label(re.compile(r"^Why")).fill("Documents in order.")
    staff.get_by_role("button", name=re.compile("Approve and send")).click()
    expect(staff.get_by_text("Approve: done")).to_be_visible()

    supplier = new_page()
    supplier.goto(_latest_link(app, CONTACT, "/supplier/invitation/"))
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
    return supplier, staff


def _fill_listing(page) -> None:
    page.get_by_label("Name (required)").fill("ConnectX-6 Dx 100GbE dual-port")
    page.get_by_label("Brand (required)").select_option(label="NVIDIA")
    page.get_by_label("Category (required)").select_option(label="Network adapters")
    page.get_by_label("Summary").fill("Dual-port 100GbE adapter with crypto offload.")
    page.get_by_label("SKU (required)").fill("FP-CX6DX-100")
    page.get_by_label("Manufacturer part number (required)").fill(MPN)
    page.get_by_label("Price (required)").fill("1299.00")
    page.get_by_role("group", name="Protocol (required)").get_by_label("Ethernet").check()
    page.get_by_label("Data rate (required)").fill("100")
    page.get_by_label("Ports (required)").fill("2")
    page.get_by_role("group", name="Cage / form factor (required)").get_by_label(
        "QSFP28").check()


def _shows_image(image, src: str) -> None:
    """The image comes from an address matching ``src`` and the browser could load it."""
    expect(image).to_have_attribute("src", re.compile(src))
    image.scroll_into_view_if_needed()
    assert image.evaluate("img => img.decode().then(() => img.naturalWidth)") > 0


def test_apply_list_review_fix_approve_and_a_customer_finds_it(shop, new_page, axe_check,
                                                              shots, tmp_path, page_problems):
    app, base = shop
    page_problems.allow(r"status of 404 .*/suppliers/applications/\d+:0\)$")
    # A refused submission answers 400 with the form and its messages.
    page_problems.allow(r"status of 400 .*/supplier/listings/\d+/submit:0\)$")
    datasheet = tmp_path / "datasheet.pdf"
    datasheet.write_bytes(pdf_bytes())
    photo = tmp_path / "card.png"
    photo.write_bytes(png_bytes())
    supplier, staff = _become_a_supplier(app, base, new_page, axe_check, tmp_path)

    # The supplier lists a product: its type first, then the typed form.
    supplier.get_by_role("link", name="Listings", exact=True).click()
    expect(supplier.get_by_role("heading", name="Listings")).to_be_visible()
    axe_check(supplier)
    supplier.get_by_role("link", name="New listing").click()
    axe_check(supplier)
    supplier.get_by_role("link", name="Network adapter", exact=True).click()
    expect(supplier.get_by_role("heading", name="New listing: network adapter")).to_be_visible()
    axe_check(supplier)
    _fill_listing(supplier)
    supplier.get_by_role("button", name="Save as a draft").click()
    supplier.wait_for_url(re.compile(r".*/supplier/listings/\d+$"))
    listing_url = supplier.url
    expect(supplier.get_by_text("Listing saved as a draft")).to_be_visible()
    axe_check(supplier)

    # Submitting without a datasheet is refused, the message beside the documents.
    supplier.get_by_role("button", name="Submit for review", exact=True).click()
    expect(supplier.locator("#documents-error")).to_contain_text("Add the product's datasheet")
    axe_check(supplier)
    supplier.get_by_role("link", name="Documents of this listing").click()
    axe_check(supplier)
    supplier.get_by_label("Title").fill("Datasheet")
    supplier.get_by_label("PDF file").set_input_files(str(datasheet))
    supplier.get_by_role("button", name="Add the document").click()
    expect(supplier.get_by_text("Document added.")).to_be_visible()
    supplier.get_by_role("link", name="Images", exact=True).click()
    supplier.get_by_label("Image 1", exact=True).set_input_files(str(photo))
    supplier.get_by_label("Description of image 1 (alt text)").fill("The card from above")
    supplier.get_by_role("button", name="Upload").click()
    expect(supplier.get_by_text("1 image added.")).to_be_visible()
    # The staged image comes from the portal's own address, for this organisation only.
    _shows_image(supplier.locator(".image-list img").last,
                 r"/supplier/listings/\d+/files/\d+/thumb$")
    axe_check(supplier)
    supplier.get_by_role("link", name="Ports", exact=True).click()
    axe_check(supplier)
    supplier.get_by_label("How many, row 1").fill("2")
    supplier.get_by_label("Cage, row 1").select_option("QSFP28")
    supplier.get_by_label("Modes, row 1").fill("4x25")
    supplier.get_by_role("button", name="Save ports").click()
    expect(supplier.get_by_text("Ports saved.")).to_be_visible()
    supplier.set_viewport_size(MOBILE)
    assert _fits_the_width(supplier)
    supplier.set_viewport_size({"width": 1280, "height": 900})
    supplier.get_by_role("link", name="Details and specs").click()
    supplier.screenshot(path=str(shots / "portal-listing-form.png"), full_page=True)
    supplier.get_by_role("button", name="Submit for review", exact=True).click()
    expect(supplier.get_by_text("Submitted: our staff review it")).to_be_visible()
    expect(supplier.get_by_text("Waiting for review").first).to_be_visible()

    # Staff find it on the back office's home page and ask for a change of the price.
    staff.goto(base + "/admin/")
    staff.get_by_role("link", name="ConnectX-6 Dx 100GbE dual-port").click()
    expect(staff.get_by_role("heading", name="ConnectX-6 Dx 100GbE dual-port")).to_be_visible()
    _shows_image(staff.locator(".review-images img").first,
                 r"/admin/suppliers/listings/\d+/files/\d+/thumb$")
    axe_check(staff)
    staff.screenshot(path=str(shots / "admin-listing-review-new.png"), full_page=True)
    staff.get_by_label("Price", exact=True).fill("Our floor for this part is 1349.00.")
    staff.get_by_role("button", name="Request changes").click()
    expect(staff.get_by_text("Changes requested: the supplier's team was mailed")).to_be_visible()

    # The supplier reads the comment beside the price, fixes it and submits again.
    supplier.goto(listing_url)
    price = supplier.get_by_label("Price (required)")
    expect(supplier.locator("#price-comment")).to_contain_text("Our floor for this part is "
                                                               "1349.00.")
    assert "price-comment" in price.get_attribute("aria-describedby")
    axe_check(supplier)
    supplier.set_viewport_size(MOBILE)
    assert _fits_the_width(supplier)
    axe_check(supplier)
    supplier.screenshot(path=str(shots / "portal-listing-comments-390.png"), full_page=True)
    supplier.set_viewport_size({"width": 1280, "height": 900})
    price.fill("1349.00")
    supplier.get_by_role("button", name="Save and submit for review").click()
    expect(supplier.get_by_text("Submitted: our staff review it")).to_be_visible()

    # Staff approve.
    staff.reload()
    staff.get_by_role("button", name="Approve and publish").click()
    expect(staff.get_by_text("Approved: it is on the shop")).to_be_visible()

    # A customer finds it by its part number, and in its category's facets.
    customer = new_page()
    customer.goto(base + "/")
    customer.get_by_label("Search products or part numbers").fill(MPN.lower())
    customer.keyboard.press("Enter")
    expect(customer.get_by_role("heading", name="ConnectX-6 Dx 100GbE dual-port")
           ).to_be_visible()
    expect(customer.get_by_text("$1,349.00").first).to_be_visible()
    product_url = customer.url
    assert product_url.startswith(base + "/p/")
    _shows_image(customer.get_by_role("img", name="The card from above"),
                 r"/media/products/[A-Za-z0-9_-]+\.webp$")
    customer.get_by_role("link", name="Network adapters").first.click()
    cage = customer.get_by_role("group", name="Cage / form factor")
    expect(cage.get_by_text("QSFP28 (1)")).to_be_visible()
    cage.get_by_label(re.compile(r"^QSFP28")).check()
    customer.get_by_role("button", name="Apply filters").click()
    expect(customer.get_by_role("link", name="ConnectX-6 Dx 100GbE dual-port").first
           ).to_be_visible()
    expect(customer.get_by_text("ConnectX-5 EN 25GbE")).to_have_count(0)

    # An edit of the published listing: reviewed as a diff while the shop keeps the
    # published version.
    supplier.goto(listing_url)
    supplier.get_by_label("Price (required)").fill("1249.00")
    supplier.get_by_label("Data rate (required)").fill("50, 100")
    supplier.get_by_role("button", name="Save and submit for review").click()
    expect(supplier.get_by_text("Submitted: our staff review it")).to_be_visible()
    customer.goto(product_url)
    expect(customer.get_by_text("$1,349.00").first).to_be_visible()
    staff.reload()
    diff = staff.locator("table.diff-table")
    for field, was, now in (("Price", "$1,349.00", "$1,249.00"),
                            ("Data rate", "100 Gb/s", "50 Gb/s, 100 Gb/s")):
        row = diff.locator("tr").filter(has=staff.get_by_role("rowheader", name=field,
                                                              exact=True))
        expect(row.locator("td.old")).to_have_text(was)
        expect(row.locator("td.new")).to_have_text(now)
    expect(diff.locator("tbody tr")).to_have_count(2)
    axe_check(staff)
    staff.screenshot(path=str(shots / "admin-listing-review-diff.png"), full_page=True)
    staff.set_viewport_size(MOBILE)
    assert _fits_the_width(staff)
    axe_check(staff)
    staff.screenshot(path=str(shots / "admin-listing-review-diff-390.png"), full_page=True)
    staff.set_viewport_size({"width": 1280, "height": 900})
    staff.get_by_role("button", name="Approve the changes").click()
    expect(staff.get_by_text("Approved: it is on the shop")).to_be_visible()
    customer.goto(base + f"/search?q={MPN}")
    expect(customer.get_by_text("$1,249.00").first).to_be_visible()
    assert customer.url == product_url
    with app.app_context():
        listing = db.session.scalars(select(SupplierListing)).one()
        assert listing.status == "approved" and listing.product.price_cents == 124900
        assert [(i.count, i.cage) for i in listing.product.interfaces] == [(2, "QSFP28")]

    # The moderation queue, on a desktop and on a phone.
    staff.goto(base + "/admin/suppliers/listings")
    axe_check(staff)
    staff.set_viewport_size(MOBILE)
    assert _fits_the_width(staff)
    staff.screenshot(path=str(shots / "admin-listing-queue-390.png"), full_page=True)
