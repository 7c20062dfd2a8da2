"""Applying: the programme page, the form, every field's check next to its field, the
documents, the export screening, and the e-mail confirmation that puts an application into
review."""

from __future__ import annotations

import io

from sqlalchemy import select

from shop.accounts import tokens
from shop.compliance.models import Screening
from shop.extensions import db
from shop.suppliers.models import ApplicationStatus, SupplierApplication
from tests.suppliers.helpers import (
    apply,
    count_applications,
    form_data,
    mails,
    path_in,
    pdf_bytes,
    png_bytes,
    stored_application,
    stored_files,
    with_files,
)


def _application(app) -> SupplierApplication:
    return stored_application(app)


def test_the_programme_page_explains_and_the_real_pages_replace_the_placeholder(app, client):
    page = client.get("/suppliers")
    assert page.status_code == 200
    for words in ("Who we want", "What we ask", "How the review works", "How long it takes",
                  "five working days", "Supplier terms"):
        assert words in page.text
    assert 'href="/suppliers/apply"' in page.text
    assert "supplier_apply_soon" not in app.view_functions
    form = client.get("/suppliers/apply")
    assert form.status_code == 200 and "Apply to become a supplier" in form.text
    for legend in ("Your company", "Registered address", "Contact", "What you would sell",
                   "Certifications", "Documents", "Supplier terms"):
        assert f"<legend>{legend}</legend>" in form.text
    assert 'enctype="multipart/form-data"' in form.text
    assert "ISO 14001" in form.text and "R2 (responsible recycling" in form.text


def test_a_complete_application_is_stored_screened_and_asks_to_confirm_the_address(
        app, client, uploads):
    response = apply(client)
    assert response.status_code == 302 and response.location.endswith("/suppliers/apply/sent")
    assert "Check your inbox" in client.get("/suppliers/apply/sent").text
    application = _application(app)
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.tax_id == "004495445B01" and application.tax_key == "NL:004495445B01"
    assert application.phone == "+31201234567"
    assert application.website == "https://fabparts.example"
    assert application.warehouse_countries == "NL,DE"
    assert application.family_codes == ["dac_cables", "transceivers"]
    assert [(b.name, b.authorised) for b in application.brands] == [("NVIDIA", True),
                                                                   ("Arista", False)]
    assert application.certifications == "iso9001"
    assert application.screening.startswith("clear")
    [document] = application.documents
    assert document.filename == "kvk-extract.pdf" and document.content_type == "application/pdf"
    [stored] = stored_files(uploads)
    assert document.path == f"suppliers/{stored.name}" and stored.name != "kvk-extract.pdf"
    with app.app_context():
        [screening] = db.session.scalars(select(Screening)).all()
        assert (screening.subject_type, screening.subject_id) == ("application", application.id)
        assert screening.result == "clear" and screening.country == "NL"
    [mail] = mails(app, "ada@fabparts.example")
    assert application.reference in mail.subject
    assert "/suppliers/confirm/" in mail.text_body
    # The address is not confirmed yet: the mail carries nothing the sender typed.
    assert "Fabric Parts" not in mail.text_body and "Ada" not in mail.text_body


def test_the_confirmation_link_puts_the_application_in_review_once(app, client, uploads):
    apply(client)
    [mail] = mails(app)
    path = path_in(mail, "/suppliers/confirm/")
    page = client.get(path)
    assert page.status_code == 200 and "Confirm my e-mail address" in page.text
    assert _application(app).status == ApplicationStatus.SUBMITTED  # a GET changes nothing
    response = client.post(path)
    application = _application(app)
    assert response.status_code == 302
    assert response.location.endswith(f"/suppliers/applications/{application.id}")
    assert application.status == ApplicationStatus.IN_REVIEW
    assert application.email_confirmed_at is not None
    assert [(e.from_status, e.to_status, e.actor_kind) for e in application.events] == [
        ("", "submitted", "applicant"), ("submitted", "in_review", "applicant")]
    received = mails(app)[-1]
    assert "We received your supplier application" in received.subject
    assert "Fabric Parts B.V." in received.text_body
    assert "/suppliers/status/" in received.text_body
    status = client.get(response.location)
    assert status.status_code == 200 and "In review" in status.text
    # Used again: nothing more happens, and it says so.
    again = client.post(path)
    assert again.status_code == 302 and len(_application(app).events) == 2
    assert len(mails(app)) == 2


def test_broken_and_expired_confirmation_links_say_so(app, client, uploads):
    apply(client)
    path = path_in(mails(app)[0], "/suppliers/confirm/")
    assert client.get(path[:-3] + "abc").status_code == 400
    with app.app_context():
        application = db.session.scalars(select(SupplierApplication)).one()
        old = tokens.make_token(tokens.SUPPLIER_CONFIRM, application.id, application.email,
                                now=1_000_000)
        status_token = tokens.make_token(tokens.SUPPLIER_STATUS, application.id,
                                         application.email)
    expired = client.post(f"/suppliers/confirm/{old}")
    assert expired.status_code == 400 and "expired" in expired.text
    # A status link is not a confirmation link (each purpose signs differently).
    assert client.post(f"/suppliers/confirm/{status_token}").status_code == 400
    assert _application(app).status == ApplicationStatus.SUBMITTED


def test_missing_fields_each_get_their_message_and_nothing_is_stored(app, client, uploads):
    response = client.post("/suppliers/apply", data={"country_code": ""},
                           content_type="multipart/form-data")
    assert response.status_code == 200
    html = response.text
    for message in ("Enter the company&#39;s legal name", "Enter the street address",
                    "Enter the city", "Choose a country from the list",
                    "Enter the company&#39;s VAT or tax ID", "Enter the e-mail address of the",
                    "Enter a phone number", "Choose the product families",
                    "Name at least one brand", "Enter how many products",
                    "Name at least one country", "Accept the supplier terms",
                    "Add the company&#39;s registration document"):
        assert message in html, message
    # Errors sit next to their fields and the summary links to them.
    assert 'id="legal_name-error"' in html and 'aria-invalid="true"' in html
    assert 'href="#legal_name"' in html and 'id="error-summary"' in html
    assert count_applications(app) == 0 and stored_files(uploads) == []
    assert mails(app) == []


def test_field_values_are_checked_by_their_rules(app, client, uploads):
    response = apply(client, tax_id=VALID_DE, phone="12", warehouse_countries="Germny, NL",
                     website="not a site", product_families=["dac_cables", "toasters"],
                     email="not-an-address")
    html = response.text
    assert "That is not a valid tax ID for the country chosen (Netherlands)" in html
    assert "That phone number does not exist as written" in html or \
        "That is not a phone number we can read" in html
    assert "We do not know the country “Germny”" in html
    assert "Enter the company&#39;s web address" in html
    assert "Choose the product families you offer from the list" in html
    assert "Enter a valid e-mail address" in html
    assert 'value="Fabric Parts B.V."' in html  # what was typed stays
    assert "choose your documents again" in html
    assert count_applications(app) == 0 and stored_files(uploads) == []


VALID_DE = "DE136695976"


def test_tax_ids_are_checked_for_the_country_in_format_and_checksum(app, client, uploads):
    wrong_digit = apply(client, tax_id="NL004495446B01").text
    assert "check digit does not match" in wrong_digit
    german = apply(client, country_code="DE", tax_id="DE136695976", phone="+49 30 1234567",
                   postal_code="10115", city="Berlin", legal_name="Kabelwerk GmbH",
                   email="info@kabelwerk.example")
    assert german.status_code == 302
    american = apply(client, country_code="US", tax_id="04-2103594", phone="+1 212 555 0100",
                     city="New York", postal_code="10001", legal_name="Optics Inc.",
                     trading_name="", email="sales@optics.example")
    assert american.status_code == 302
    assert count_applications(app) == 2


def test_a_company_in_a_restricted_country_is_refused_with_a_clear_message(app, client,
                                                                          uploads):
    response = apply(client, country_code="IR", tax_id="1234567890", phone="+98 21 1234 5678")
    assert "We cannot accept suppliers based in Iran" in response.text
    warehouse = apply(client, warehouse_countries="NL, North Korea")
    assert "We cannot accept suppliers with warehouses in" in warehouse.text
    crimea = apply(client, country_code="UA", tax_id="12345678", phone="+380 44 123 4567",
                   city="Simferopol", region="", postal_code="95000")
    assert "We cannot accept suppliers based in Crimea" in crimea.text
    assert count_applications(app) == 0 and stored_files(uploads) == []
    with app.app_context():
        assert db.session.scalars(select(Screening)).all() == []


def test_bad_documents_are_refused_next_to_their_field(app, client, uploads):
    cases = {
        "setup.pdf": b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200,  # an executable
        "brochure.pdf": pdf_bytes(script="app.alert('hi')"),
        "page.pdf": b"<!doctype html><html><script>alert(1)</script></html>",
        "logo.png": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    }
    expected = {
        "setup.pdf": "is not a PDF, PNG, JPG document",
        "brochure.pdf": "contains scripts",
        "page.pdf": "is not a PDF, PNG, JPG document",
        "logo.png": "is not a PDF, PNG, JPG document",
    }
    for name, content in cases.items():
        response = apply(client, files={"registration_documents": [(content, name)]})
        assert response.status_code == 200
        assert f"{name}: That" in response.text and expected[name] in response.text, name
        assert 'id="registration_documents-error"' in response.text
    assert count_applications(app) == 0 and stored_files(uploads) == []


def test_file_names_cannot_reach_the_disk(app, client, uploads):
    response = apply(client, files={"registration_documents": [
        (pdf_bytes(), "../../../etc/passwd.pdf"), (png_bytes(), "..\\..\\boot.ini.png")]})
    assert response.status_code == 302
    names = sorted(d.filename for d in _application(app).documents)
    assert names == ["boot.ini.png", "passwd.pdf"]
    stored = stored_files(uploads)
    assert len(stored) == 2 and all(p.parent == uploads / "suppliers" for p in stored)
    assert not any("passwd" in p.name or "boot" in p.name for p in stored)


def test_too_many_or_too_large_files_are_refused(app, client, uploads):
    eleven = [(pdf_bytes(), f"doc{i}.pdf") for i in range(11)]
    response = apply(client, files={"registration_documents": eleven})
    assert "Send at most 10 files at a time" in response.text
    big = b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024)
    response = apply(client, files={"registration_documents": [(big, "big.pdf")]})
    assert "big.pdf: Each document must be 10 MB or smaller" in response.text
    assert count_applications(app) == 0 and stored_files(uploads) == []


def test_a_200_megabyte_upload_gets_a_clear_page(app, client, uploads):
    body = io.BytesIO(b"\0" * (200 * 1024 * 1024))
    response = client.post("/suppliers/apply", data=with_files(
        form_data(), registration_documents=[]) | {"registration_documents": (body, "x.pdf")},
        content_type="multipart/form-data")
    assert response.status_code == 413
    assert "That upload is too large" in response.text
    assert "10 MB each" in response.text and "10 files" in response.text
    assert count_applications(app) == 0
    # Ten documents of ten megabytes fit: the limit of these forms is above the shop's.
    assert app.view_functions["suppliers.apply"].max_body_bytes > 100 * 1024 * 1024
    assert app.config["MAX_CONTENT_LENGTH"] < 100 * 1024 * 1024


def test_an_applicant_signed_in_finds_the_application_in_their_account(app, client, uploads):
    from tests.accounts.helpers import login, user

    with app.app_context():
        user("buyer@fabparts.example")
    login(client, "buyer@fabparts.example")
    assert apply(client).status_code == 302
    application = _application(app)
    listing = client.get("/suppliers/applications")
    assert application.reference in listing.text
    assert client.get(f"/suppliers/applications/{application.id}").status_code == 200

