"""The supplier portal: only members of an organisation get in; members invite colleagues
(signed, expiring, single-use links) and remove them; an organisation cannot touch another's
people or invitations; a suspended organisation cannot invite."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from shop.accounts.models import User
from shop.db import utcnow
from shop.extensions import db
from shop.suppliers.models import SupplierInvitation, SupplierOrganisation
from tests.accounts.helpers import login, user
from tests.suppliers.helpers import apply, mails, path_in

PASSWORD = "supplier password 1"
B = dict(legal_name="Kabelwerk GmbH", trading_name="", country_code="DE",
         tax_id="DE136695976", phone="+49 30 1234567", city="Berlin",
         email="info@kabelwerk.example")


def member_of_approved(app, staff, application_id: int, email: str):
    """Approve the application as ``staff``, accept the contact's invitation and sign the
    contact in on a client of its own; that client."""
    form = staff.get(f"/admin/suppliers/{application_id}/decide/approved")
    assert form.status_code == 200
    response = staff.post(f"/admin/suppliers/{application_id}/decide/approved", data={
        "reason": "Fine.", "subject": "Approved", "body": "Welcome."})
    assert response.status_code == 302
    contact = app.test_client()
    path = path_in(mails(app, email)[-1], "/supplier/invitation/")
    assert contact.post(path, data={"password": PASSWORD, "confirm": PASSWORD}
                        ).status_code == 302
    assert login(contact, email, PASSWORD).status_code == 302
    return contact


def _approved(app, staff, **fields):
    browser = app.test_client()
    assert apply(browser, **fields).status_code == 302
    email = fields.get("email", "ada@fabparts.example")
    browser.post(path_in(mails(app, email)[-1], "/suppliers/confirm/"))
    with app.app_context():
        from shop.suppliers.models import SupplierApplication

        application_id = db.session.scalars(select(SupplierApplication.id).where(
            SupplierApplication.email == email)).one()
    return member_of_approved(app, staff, application_id, email)


def _organisation_id(app, email: str) -> int:
    with app.app_context():
        return db.session.scalar(select(User.supplier_id).where(User.email == email))


def test_only_members_get_in(app, client, uploads):
    assert client.get("/supplier/").status_code == 302  # to sign in
    with app.app_context():
        user("customer@example.com")
        user("staffer@example.com", role="staff")
    for email in ("customer@example.com", "staffer@example.com"):
        browser = app.test_client()
        login(browser, email)
        page = browser.get("/supplier/")
        assert page.status_code == 403 and "for our suppliers" in page.text
        assert browser.get("/supplier/team").status_code == 403


def test_the_dashboard_names_the_organisation(app, staff, uploads):
    member = _approved(app, staff)
    page = member.get("/supplier/")
    assert page.status_code == 200
    assert "a member of <strong>FabParts</strong>" in page.text
    assert page.headers["Cache-Control"] == "no-store"


def test_members_invite_colleagues_who_join_once(app, staff, uploads):
    member = _approved(app, staff)
    organisation_id = _organisation_id(app, "ada@fabparts.example")
    response = member.post("/supplier/team/invite", data={"email": "Bob@FabParts.example",
                                                          "name": "Bob"})
    assert response.status_code == 302
    mail = mails(app, "bob@fabparts.example")[-1]
    assert "You are invited to FabParts" in mail.subject
    assert "ada@fabparts.example" in mail.text_body
    path = path_in(mail, "/supplier/invitation/")
    team = member.get("/supplier/team").text
    assert "bob@fabparts.example" in team and "Withdraw" in team
    bob = app.test_client()
    assert bob.post(path, data={"password": "x", "confirm": "y"}).status_code == 200
    assert bob.post(path, data={"password": PASSWORD, "confirm": PASSWORD}).status_code == 302
    assert bob.post(path, data={"password": PASSWORD, "confirm": PASSWORD}).status_code == 400
    with app.app_context():
        bob_user = db.session.scalar(select(User).where(User.email == "bob@fabparts.example"))
        assert bob_user.supplier_id == organisation_id and bob_user.role == "supplier"
        assert bob_user.display_name == "Bob"
        bob_id = bob_user.id
    login(bob, "bob@fabparts.example", PASSWORD)
    assert bob.get("/supplier/").status_code == 200
    # Ada removes Bob: his account stays, as a customer's, and the portal closes to him.
    assert member.post(f"/supplier/team/members/{bob_id}/remove").status_code == 302
    with app.app_context():
        bob_user = db.session.get(User, bob_id)
        assert (bob_user.role, bob_user.supplier_id) == ("customer", None)
    assert bob.get("/supplier/").status_code == 403
    # Nobody removes themselves.
    ada_id = _user_id(app, "ada@fabparts.example")
    member.post(f"/supplier/team/members/{ada_id}/remove")
    assert _organisation_id(app, "ada@fabparts.example") == organisation_id


def _user_id(app, email: str) -> int:
    with app.app_context():
        return db.session.scalar(select(User.id).where(User.email == email))


def test_an_existing_account_joins_without_a_new_password(app, staff, uploads):
    member = _approved(app, staff)
    with app.app_context():
        user("carol@fabparts.example")
    member.post("/supplier/team/invite", data={"email": "carol@fabparts.example"})
    path = path_in(mails(app, "carol@fabparts.example")[-1], "/supplier/invitation/")
    carol = app.test_client()
    page = carol.get(path)
    assert "You already have an account" in page.text and 'type="password"' not in page.text
    assert carol.post(path).status_code == 302
    login(carol, "carol@fabparts.example")
    assert carol.get("/supplier/").status_code == 200


def test_invitations_that_cannot_be_used(app, staff, uploads):
    member = _approved(app, staff)
    with app.app_context():
        user("staffer@example.com", role="staff")
    refused = member.post("/supplier/team/invite", data={"email": "staffer@example.com"})
    assert refused.status_code == 400 and "staff account" in refused.text
    already = member.post("/supplier/team/invite", data={"email": "ada@fabparts.example"})
    assert "already a member" in already.text
    member.post("/supplier/team/invite", data={"email": "dan@fabparts.example"})
    first = path_in(mails(app, "dan@fabparts.example")[-1], "/supplier/invitation/")
    member.post("/supplier/team/invite", data={"email": "dan@fabparts.example"})
    second = path_in(mails(app, "dan@fabparts.example")[-1], "/supplier/invitation/")
    assert "withdrawn" in app.test_client().get(first).text  # the new one replaces it
    with app.app_context():
        invitation = db.session.scalars(select(SupplierInvitation).where(
            SupplierInvitation.email == "dan@fabparts.example",
            SupplierInvitation.revoked_at.is_(None))).one()
        invitation.expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    assert "expired" in app.test_client().get(second).text


def test_organisations_cannot_touch_each_others_people(app, staff, uploads):
    ada = _approved(app, staff)
    kai = _approved(app, staff, **B)
    ada.post("/supplier/team/invite", data={"email": "bob@fabparts.example"})
    kai.post("/supplier/team/invite", data={"email": "lena@kabelwerk.example"})
    with app.app_context():
        invitations = {i.email: i.id for i in db.session.scalars(select(SupplierInvitation))}
    ada_id, kai_id = _user_id(app, "ada@fabparts.example"), _user_id(app, "info@kabelwerk.example")
    for client, other_member, other_invitation in (
            (ada, kai_id, invitations["lena@kabelwerk.example"]),
            (kai, ada_id, invitations["bob@fabparts.example"])):
        assert client.post(f"/supplier/team/members/{other_member}/remove").status_code == 404
        assert client.post(f"/supplier/team/invitations/{other_invitation}/revoke"
                           ).status_code == 404
        assert "lena@" not in ada.get("/supplier/team").text
        assert "bob@" not in kai.get("/supplier/team").text
    assert _organisation_id(app, "ada@fabparts.example") is not None
    assert _organisation_id(app, "info@kabelwerk.example") is not None
    with app.app_context():
        assert all(i.revoked_at is None for i in db.session.scalars(select(SupplierInvitation)))
    # Each withdraws its own.
    assert ada.post(f"/supplier/team/invitations/{invitations['bob@fabparts.example']}/revoke"
                    ).status_code == 302
    assert "bob@fabparts.example" not in ada.get("/supplier/team").text


def test_a_suspended_organisation_cannot_invite(app, staff, uploads):
    member = _approved(app, staff)
    with app.app_context():
        organisation = db.session.scalars(select(SupplierOrganisation)).one()
        organisation.suspended_at = utcnow()
        db.session.commit()
    dashboard = member.get("/supplier/")
    assert dashboard.status_code == 200 and "suspended" in dashboard.text
    refused = member.post("/supplier/team/invite", data={"email": "x@fabparts.example"})
    assert refused.status_code == 403 and "is suspended" in refused.text
    assert mails(app, "x@fabparts.example") == []
