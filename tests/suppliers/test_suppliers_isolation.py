"""An applicant sees only its own application and documents; an organisation only its own
people; staff see everything. Two applicants and two organisations, tried both ways, with
ids guessed in the addresses."""

from __future__ import annotations

import io

from sqlalchemy import select

from shop.extensions import db
from shop.suppliers.models import SupplierApplication
from tests.accounts.helpers import login, user
from tests.suppliers.helpers import apply, mails, path_in, pdf_bytes, stored_application

A = {"email": "ada@fabparts.example"}
B = dict(legal_name="Kabelwerk GmbH", trading_name="", country_code="DE",
         tax_id="DE136695976", phone="+49 30 1234567", city="Berlin",
         email="info@kabelwerk.example")


def _apply_in_own_browser(app, **fields):
    """A browser that applied and confirmed: it follows its application from then on."""
    browser = app.test_client()
    assert apply(browser, **fields).status_code == 302
    email = fields.get("email", A["email"])
    browser.post(path_in(mails(app, email)[-1], "/suppliers/confirm/"))
    with app.app_context():
        application = db.session.scalars(select(SupplierApplication).where(
            SupplierApplication.email == email)).one()
        return browser, application.id, application.documents[0].id


def _pages(application_id: int, document_id: int) -> list[str]:
    return [f"/suppliers/applications/{application_id}",
            f"/suppliers/applications/{application_id}/answer",
            f"/suppliers/applications/{application_id}/documents/{document_id}"]


def test_two_applicants_see_only_their_own(app, uploads):
    browser_a, app_a, doc_a = _apply_in_own_browser(app, **A)
    browser_b, app_b, doc_b = _apply_in_own_browser(app, **B)
    for own, mine, other in ((browser_a, (app_a, doc_a), (app_b, doc_b)),
                             (browser_b, (app_b, doc_b), (app_a, doc_a))):
        page = own.get(f"/suppliers/applications/{mine[0]}")
        assert page.status_code == 200
        download = own.get(f"/suppliers/applications/{mine[0]}/documents/{mine[1]}")
        assert download.status_code == 200 and download.data.startswith(b"%PDF")
        assert download.headers["Content-Disposition"].startswith("attachment")
        assert "sandbox" in download.headers["Content-Security-Policy"]
        assert download.headers["Cache-Control"] == "no-store"
        for path in _pages(*other):
            assert own.get(path).status_code == 404, path
        # Another application's document under my own application's address: not found.
        assert own.get(f"/suppliers/applications/{mine[0]}/documents/{other[1]}"
                       ).status_code == 404
        posted = own.post(f"/suppliers/applications/{other[0]}/documents",
                          data={"kind": "other",
                                "documents": [(io.BytesIO(pdf_bytes()), "x.pdf")]},
                          content_type="multipart/form-data")
        assert posted.status_code == 404
        listing = own.get("/suppliers/applications").text
        assert stored_application(app, mine[0]).reference in listing
        assert stored_application(app, other[0]).reference not in listing
    assert len(stored_application(app, app_a).documents) == 1
    # A stranger sees neither; guessed ids and a missing one are all the same 404.
    stranger = app.test_client()
    for path in [*_pages(app_a, doc_a), *_pages(app_b, doc_b), "/suppliers/applications/999"]:
        assert stranger.get(path).status_code == 404, path
    assert stranger.get(f"/suppliers/status/{'x' * 40}").status_code == 400


def test_the_applicant_adds_documents_on_their_page(app, uploads):
    browser, application_id, _ = _apply_in_own_browser(app, **A)
    bad = browser.post(f"/suppliers/applications/{application_id}/documents",
                       data={"kind": "certificate", "documents": [
                           (io.BytesIO(b"<svg xmlns='http://www.w3.org/2000/svg'/>"), "a.svg")]},
                       content_type="multipart/form-data")
    assert bad.status_code == 400 and "a.svg: That file is not a PDF" in bad.text
    good = browser.post(f"/suppliers/applications/{application_id}/documents",
                        data={"kind": "certificate", "documents": [
                            (io.BytesIO(pdf_bytes()), "iso.pdf")]},
                        content_type="multipart/form-data")
    assert good.status_code == 302
    application = stored_application(app, application_id)
    assert [(d.filename, d.kind) for d in application.documents] == [
        ("kvk-extract.pdf", "registration"), ("iso.pdf", "certificate")]
    assert application.events[-1].note == "Documents added: iso.pdf."


def test_staff_open_every_document_and_customers_none(app, staff, uploads):
    _, app_a, doc_a = _apply_in_own_browser(app, **A)
    _, app_b, doc_b = _apply_in_own_browser(app, **B)
    assert staff.get(f"/admin/suppliers/{app_a}/documents/{doc_a}").status_code == 200
    assert staff.get(f"/admin/suppliers/{app_b}/documents/{doc_b}").status_code == 200
    assert staff.get(f"/admin/suppliers/{app_a}/documents/{doc_b}").status_code == 404
    customer = app.test_client()
    with app.app_context():
        user("customer@example.com")
    login(customer, "customer@example.com")
    assert customer.get(f"/admin/suppliers/{app_a}/documents/{doc_a}").status_code == 403
    assert customer.get(f"/suppliers/applications/{app_a}/documents/{doc_a}").status_code == 404


def test_members_see_their_organisations_application_only(app, staff, uploads):
    from tests.suppliers.test_suppliers_portal import member_of_approved

    browser_a, app_a, doc_a = _apply_in_own_browser(app, **A)
    browser_b, app_b, doc_b = _apply_in_own_browser(app, **B)
    member_a = member_of_approved(app, staff, app_a, A["email"])
    member_b = member_of_approved(app, staff, app_b, B["email"])
    for member, mine, other in ((member_a, (app_a, doc_a), (app_b, doc_b)),
                                (member_b, (app_b, doc_b), (app_a, doc_a))):
        assert member.get(f"/suppliers/applications/{mine[0]}").status_code == 200
        assert member.get(f"/suppliers/applications/{mine[0]}/documents/{mine[1]}"
                          ).status_code == 200
        for path in _pages(*other):
            assert member.get(path).status_code == 404, path
