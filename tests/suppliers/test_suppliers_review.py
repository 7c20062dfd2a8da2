"""Review: the status table and who makes each move, the back-office queue and its filters,
each move with the mail staff edit before it goes, the applicant's answer, approval into an
organisation with an invitation, suspension, and closing unconfirmed applications."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from shop.accounts.models import User
from shop.db import utcnow
from shop.extensions import db
from shop.jobs import start_job
from shop.jobs_state.models import Job
from shop.status import InvalidTransition
from shop.suppliers import queries
from shop.suppliers.exceptions import MoveNotAllowed
from shop.suppliers.models import (
    APPLICATION_TRANSITIONS,
    MOVERS,
    Actor,
    ApplicationStatus,
    SupplierApplication,
    SupplierOrganisation,
)
from shop.suppliers.services import applications, history, review
from tests.accounts.helpers import login, user
from tests.suppliers.helpers import (
    apply,
    mails,
    path_in,
    stored_application,
    submit,
)

S = ApplicationStatus


def _confirmed(app, client, **overrides) -> int:
    """Apply through the form and confirm the address; the application's id."""
    assert apply(client, **overrides).status_code == 302
    email = overrides.get("email", "ada@fabparts.example")
    client.post(path_in(mails(app, email)[-1], "/suppliers/confirm/"))
    with app.app_context():
        return db.session.scalars(select(SupplierApplication.id).where(
            SupplierApplication.email == email)).one()


def _decide(client, application_id: int, target: str, reason="Checked the documents.",
            **fields):
    form = client.get(f"/admin/suppliers/{application_id}/decide/{target}")
    assert form.status_code == 200
    data = {"reason": reason, **fields}
    data.setdefault("subject", _field(form.text, "subject"))
    data.setdefault("body", _textarea(form.text, "body"))
    return client.post(f"/admin/suppliers/{application_id}/decide/{target}", data=data)


def _field(html: str, name: str) -> str:
    import re
    from html import unescape

    return unescape(re.search(rf'name="{name}"[^>]*value="([^"]*)"', html).group(1))


def _textarea(html: str, name: str) -> str:
    import re
    from html import unescape

    return unescape(re.search(rf'<textarea[^>]*name="{name}"[^>]*>\n?(.*?)</textarea>', html,
                              re.S).group(1))


def test_the_table_names_who_makes_every_move():
    pairs = {(a, b) for a, targets in APPLICATION_TRANSITIONS.items() for b in targets}
    assert set(MOVERS) == pairs
    assert history.may_move(Actor.APPLICANT, S.SUBMITTED, S.IN_REVIEW)
    assert not history.may_move(Actor.STAFF, S.SUBMITTED, S.IN_REVIEW)
    assert history.may_move(Actor.SHOP, S.SUBMITTED, S.REJECTED)
    assert not history.may_move(Actor.APPLICANT, S.IN_REVIEW, S.APPROVED)
    assert history.may_move(Actor.STAFF, S.IN_REVIEW, S.APPROVED)
    assert history.may_move(Actor.APPLICANT, S.MORE_INFO, S.IN_REVIEW)
    assert not history.may_move(Actor.STAFF, S.REJECTED, S.IN_REVIEW)
    assert history.staff_moves(S.IN_REVIEW) == [S.MORE_INFO, S.APPROVED, S.REJECTED]
    assert history.staff_moves(S.APPROVED) == [S.SUSPENDED]
    assert history.staff_moves(S.SUSPENDED) == [S.APPROVED, S.REJECTED]
    assert history.staff_moves(S.REJECTED) == []


def test_moves_refuse_the_wrong_actor_and_the_wrong_status(ctx, tmp_path):
    application = submit(str(tmp_path))
    with pytest.raises(MoveNotAllowed):
        history.move(application, S.IN_REVIEW, actor=Actor.STAFF, actor_id=None)
    with pytest.raises(InvalidTransition):
        history.move(application, S.APPROVED, actor=Actor.STAFF, actor_id=None)
    history.move(application, S.IN_REVIEW, actor=Actor.APPLICANT, actor_id=None)
    with pytest.raises(MoveNotAllowed):
        history.move(application, S.APPROVED, actor=Actor.APPLICANT, actor_id=None)
    assert application.status == S.IN_REVIEW


def test_only_staff_reach_the_queue(app, client, uploads):
    assert client.get("/admin/suppliers").status_code == 302
    with app.app_context():
        user("customer@example.com")
    login(client, "customer@example.com")
    assert client.get("/admin/suppliers").status_code == 403
    assert client.get("/admin/suppliers/1").status_code == 403
    assert client.get("/admin/suppliers/1/decide/approved").status_code == 403


def test_the_queue_filters_by_status_country_family_and_age(app, staff, uploads):
    client = staff
    first = _confirmed(app, client)
    _confirmed(app, client, legal_name="Kabelwerk GmbH", trading_name="", country_code="DE",
               tax_id="DE136695976", phone="+49 30 1234567", city="Berlin",
               email="info@kabelwerk.example", product_families=["emulators"])
    with app.app_context():
        old = db.session.get(SupplierApplication, first)
        old.status_changed_at = utcnow() - timedelta(days=10)
        db.session.commit()
        assert queries.pending_applications_count() == 2

    def listed(**query):
        page = client.get("/admin/suppliers", query_string=query)
        assert page.status_code == 200
        return {name for name in ("Fabric Parts B.V.", "Kabelwerk GmbH") if name in page.text}

    assert listed() == {"Fabric Parts B.V.", "Kabelwerk GmbH"}
    assert listed(country="DE") == {"Kabelwerk GmbH"}
    assert listed(family="emulators") == {"Kabelwerk GmbH"}
    assert listed(family="dac_cables") == {"Fabric Parts B.V."}
    assert listed(age="7") == {"Fabric Parts B.V."}
    assert listed(status="approved") == set()
    assert listed(q="kabel") == {"Kabelwerk GmbH"}
    assert listed(status="nonsense", family="x", age="-1") == {"Fabric Parts B.V.",
                                                               "Kabelwerk GmbH"}
    assert "Supplier applications" in client.get("/admin/").text


def test_asking_for_more_information_mails_staffs_words_and_the_applicant_answers(
        app, staff, uploads):
    client = staff
    application_id = _confirmed(app, client)
    form = client.get(f"/admin/suppliers/{application_id}/decide/more_info")
    assert "More information needed for your supplier application" in form.text
    assert "Dear Ada Jansen" in form.text  # the template, filled in
    # An empty list item left in the template is caught before anything is sent.
    left = client.post(f"/admin/suppliers/{application_id}/decide/more_info", data={
        "reason": "x", "subject": "More", "body": "We need:\n\n- \n\nThanks"})
    assert left.status_code == 400 and "Fill in the empty list item" in left.text
    missing = client.post(f"/admin/suppliers/{application_id}/decide/more_info", data={
        "reason": "", "subject": "", "body": ""})
    assert missing.status_code == 400 and "Say why" in missing.text
    response = _decide(client, application_id, "more_info", reason="No ISO certificate.",
                       subject="Your ISO 9001 certificate, please",
                       body="Dear Ada,\n\nPlease add your ISO 9001 certificate.\n\nThanks")
    assert response.status_code == 302
    application = stored_application(app, application_id)
    assert application.status == S.MORE_INFO
    event = application.events[-1]
    assert (event.from_status, event.to_status, event.actor_kind, event.actor_id) == (
        "in_review", "more_info", "staff", client.staff_id)
    assert event.note == "No ISO certificate."
    assert event.mail_subject == "Your ISO 9001 certificate, please"
    mail = mails(app, "ada@fabparts.example")[-1]
    assert mail.subject.startswith("Your ISO 9001 certificate, please")
    assert "Please add your ISO 9001 certificate." in mail.text_body
    status_path = path_in(mail, "/suppliers/status/")

    # The applicant, in a browser of their own, opens the link and answers.
    from tests.suppliers.helpers import form_data, pdf_bytes, with_files

    applicant = app.test_client()
    page = applicant.get(status_path, follow_redirects=True)
    assert "More information needed" in page.text and "Please add your ISO 9001" in page.text
    assert "No ISO certificate." not in page.text  # staff's reason stays with staff
    answer_page = applicant.get(f"/suppliers/applications/{application_id}/answer")
    assert 'value="Fabric Parts B.V."' in answer_page.text
    data = form_data(certifications=["iso9001", "iso14001"], reply="Attached, and we hold "
                     "ISO 14001 too.")
    del data["email"], data["accept_terms"]
    empty = applicant.post(f"/suppliers/applications/{application_id}/answer",
                           data={**data, "reply": ""}, content_type="multipart/form-data")
    assert "Write your answer to our questions" in empty.text
    answered = applicant.post(
        f"/suppliers/applications/{application_id}/answer",
        data=with_files(data, certificate_documents=[(pdf_bytes(), "iso9001.pdf")]),
        content_type="multipart/form-data")
    assert answered.status_code == 302
    application = stored_application(app, application_id)
    assert application.status == S.IN_REVIEW
    assert application.certifications == "iso9001,iso14001"
    assert [d.filename for d in application.documents] == ["kvk-extract.pdf", "iso9001.pdf"]
    event = application.events[-1]
    assert (event.from_status, event.to_status, event.actor_kind) == ("more_info", "in_review",
                                                                      "applicant")
    assert "Attached, and we hold ISO 14001 too." in event.note
    assert "certifications" in event.note and "iso9001.pdf" in event.note
    assert "Thank you for your answer" in mails(app, "ada@fabparts.example")[-1].subject
    # Answering again is not possible: the application is no longer waiting for it.
    again = applicant.get(f"/suppliers/applications/{application_id}/answer")
    assert again.status_code == 302


def test_approval_creates_the_organisation_and_invites_its_contact(app, staff, uploads):
    client = staff
    application_id = _confirmed(app, client)
    response = _decide(client, application_id, "approved", reason="All documents in order.")
    assert response.status_code == 302
    application = stored_application(app, application_id)
    assert application.status == S.APPROVED and application.organisation_id is not None
    with app.app_context():
        organisation = db.session.get(SupplierOrganisation, application.organisation_id)
        assert organisation.name == "Fabric Parts B.V." and organisation.is_active
        assert organisation.tax_id == "004495445B01"
        # No account yet: the contact becomes a member by accepting the invitation.
        assert db.session.scalar(select(User).where(User.email == "ada@fabparts.example")) \
            is None
    mail = mails(app, "ada@fabparts.example")[-1]
    assert "is approved" in mail.subject
    invite_path = path_in(mail, "/supplier/invitation/")
    assert "/suppliers/status/" in mail.text_body
    assert "Set your password and sign in" in mail.text_body

    contact = app.test_client()
    page = contact.get(invite_path)
    assert page.status_code == 200 and "Join FabParts" in page.text
    short = contact.post(invite_path, data={"password": "short", "confirm": "short"})
    assert "Use at least 10 characters" in short.text
    done = contact.post(invite_path, data={"display_name": "Ada", "password": "supplier "
                        "password 1", "confirm": "supplier password 1"})
    assert done.status_code == 302 and "/account/login" in done.location
    with app.app_context():
        member = db.session.scalar(select(User).where(User.email == "ada@fabparts.example"))
        assert member.role == "supplier" and member.supplier_id == organisation.id
        assert member.is_verified
    assert contact.get(invite_path).status_code == 400  # used once
    login(contact, "ada@fabparts.example", "supplier password 1")
    dashboard = contact.get("/supplier/")
    assert dashboard.status_code == 200 and "Fabric Parts B.V." in dashboard.text
    # Staff see the member on the application.
    assert "ada@fabparts.example" in client.get(f"/admin/suppliers/{application_id}").text


def test_suspension_stops_the_organisation_and_reinstating_restores_it(app, staff, uploads):
    client = staff
    application_id = _confirmed(app, client)
    _decide(client, application_id, "approved")
    left_empty = _decide(client, application_id, "suspended", reason="Counterfeit report.")
    assert left_empty.status_code == 400  # the template's "- " must be filled in
    assert _decide(client, application_id, "suspended", reason="Counterfeit report.",
                   body="Dear Ada,\n\nA customer reported a counterfeit.").status_code == 302
    application = stored_application(app, application_id)
    assert application.status == S.SUSPENDED
    assert application.organisation.suspended_at is not None
    assert "is suspended" in mails(app, "ada@fabparts.example")[-1].subject
    assert _decide(client, application_id, "approved", reason="Resolved.").status_code == 302
    application = stored_application(app, application_id)
    assert application.status == S.APPROVED and application.organisation.is_active
    assert "active again" in mails(app, "ada@fabparts.example")[-1].subject
    with app.app_context():  # reinstating makes no second organisation
        assert len(db.session.scalars(select(SupplierOrganisation)).all()) == 1
    _decide(client, application_id, "suspended", body="Again.")
    _decide(client, application_id, "rejected", reason="Ended.", body="Ended.")
    application = stored_application(app, application_id)
    assert application.status == S.REJECTED and not application.organisation.is_active
    assert [e.to_status for e in application.events] == [
        "submitted", "in_review", "approved", "suspended", "approved", "suspended", "rejected"]


def test_a_forbidden_move_changes_nothing(app, staff, uploads):
    client = staff
    application_id = _confirmed(app, client)
    response = client.get(f"/admin/suppliers/{application_id}/decide/suspended")
    assert response.status_code == 302
    assert client.get(f"/admin/suppliers/{application_id}/decide/nonsense").status_code == 404
    posted = client.post(f"/admin/suppliers/{application_id}/decide/suspended", data={
        "reason": "x", "subject": "y", "body": "z"})
    assert posted.status_code == 302
    assert stored_application(app, application_id).status == S.IN_REVIEW


def test_rejection_mails_the_applicant_and_frees_the_company_to_apply_again(app, staff,
                                                                            uploads):
    client = staff
    application_id = _confirmed(app, client)
    _decide(client, application_id, "rejected", body="Dear Ada,\n\nNot now.\n\nRegards")
    assert stored_application(app, application_id).status == S.REJECTED
    mail = mails(app, "ada@fabparts.example")[-1]
    assert "About your supplier application" in mail.subject and "Not now." in mail.text_body
    assert apply(client).status_code == 302


def test_staff_notes_and_a_new_invitation(app, staff, uploads):
    client = staff
    application_id = _confirmed(app, client)
    assert client.post(f"/admin/suppliers/{application_id}/note",
                       data={"note": "Called them."}).status_code == 302
    assert client.post(f"/admin/suppliers/{application_id}/note",
                       data={"note": ""}).status_code == 400
    assert client.post(f"/admin/suppliers/{application_id}/invite").status_code == 302
    assert "Only the contact of an approved" in client.get(
        f"/admin/suppliers/{application_id}").text
    _decide(client, application_id, "approved")
    before = len(mails(app, "ada@fabparts.example"))
    client.post(f"/admin/suppliers/{application_id}/invite")
    assert len(mails(app, "ada@fabparts.example")) == before + 1
    events = stored_application(app, application_id).events
    assert [e.note for e in events if not e.is_move] == [
        "Called them.", "Invitation sent again to ada@fabparts.example."]
    page = client.get(f"/admin/suppliers/{application_id}")
    assert "Called them." in page.text and "kvk-extract.pdf" in page.text


def test_unconfirmed_applications_are_closed_by_the_daily_job(app, client, uploads):
    with app.app_context():
        old = submit(str(uploads))
        fresh = submit(str(uploads), legal_name="Other Co", trading_name="",
                       tax_id="DE136695976", country_code="DE", phone="+49 30 1234567",
                       email="x@other.example", warehouse_countries="DE")
        old.created_at = old.status_changed_at = utcnow() - timedelta(days=4)
        db.session.commit()
        old_id, fresh_id = old.id, fresh.id
        job_id = start_job("expire-supplier-applications").id
        db.session.rollback()
        assert db.session.get(Job, job_id).result == {"applications": 1}
        closed = db.session.get(SupplierApplication, old_id)
        assert closed.status == S.REJECTED and closed.events[-1].actor_kind == "shop"
        assert db.session.get(SupplierApplication, fresh_id).status == S.SUBMITTED
        assert applications.expire_unconfirmed() == []  # twice is harmless


def test_approval_screens_again(app, staff, uploads, monkeypatch):
    client = staff
    application_id = _confirmed(app, client)
    monkeypatch.setitem(app.config, "RESTRICTED_DESTINATIONS", ["NL"])
    response = _decide(client, application_id, "approved")
    assert response.status_code == 302
    assert stored_application(app, application_id).status == S.IN_REVIEW
    page = client.get(f"/admin/suppliers/{application_id}")
    assert "cannot be approved" in page.text


def test_decide_service_refuses_a_move_of_a_stale_form(ctx, tmp_path):
    application = submit(str(tmp_path))
    decision = review.Decision(target="approved", reason="r", subject="s", body="b")
    with pytest.raises(InvalidTransition):
        review.decide(application.id, decision, actor_id=None)
