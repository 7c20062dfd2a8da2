from sqlalchemy import func, select

from shop.accounts.addresses import AddressInput, add_address
from shop.accounts.models import Address, LoginThrottle, User
from shop.extensions import db
from tests.accounts.helpers import (
    NEW_PASSWORD,
    PASSWORD,
    account,
    link_in,
    login,
    mails,
    stored_user,
    user,
)


def test_profile_edit(app, client):
    u = account(app, "p@example.com")
    login(client, "p@example.com")
    r = client.post("/account/profile", data={"display_name": "Pat", "company_name": "Fabric Ltd",
                                              "tax_id": "de 123 456 789", "phone": "+49 30 1234"})
    assert r.status_code == 302
    fresh = stored_user(app, u.id)
    assert (fresh.display_name, fresh.company_name, fresh.tax_id, fresh.phone) == (
        "Pat", "Fabric Ltd", "DE123456789", "+49 30 1234")
    assert "Fabric Ltd" in client.get("/account/profile").text


def test_profile_overlong_field_changes_nothing(app, client):
    u = account(app, "p@example.com", company_name="Old")
    login(client, "p@example.com")
    r = client.post("/account/profile", data={"company_name": "x" * 201})
    assert r.status_code == 200 and "at most 200" in r.text
    assert stored_user(app, u.id).company_name == "Old"


def test_password_change_ends_other_sessions(client, app):
    u = account(app, "pc@example.com")
    laptop = app.test_client()
    assert login(laptop, "pc@example.com").status_code == 302
    assert login(client, "pc@example.com", remember=True).status_code == 302
    r = client.post("/account/password", data={"current_password": PASSWORD,
                                               "new_password": NEW_PASSWORD,
                                               "confirm": NEW_PASSWORD})
    assert r.status_code == 302
    assert stored_user(app, u.id).session_version == 2
    # This browser stays signed in (renewed session and remember cookie) ...
    assert client.get("/account/profile").status_code == 200
    client.delete_cookie("session")
    assert client.get("/account/profile").status_code == 200
    # ... the other one is signed out.
    assert laptop.get("/account/profile").status_code == 302
    assert "password was changed" in mails(app, "pc@example.com")[-1].text_body


def test_password_change_wrong_current_or_mismatch(app, client):
    u = account(app, "pw@example.com")
    login(client, "pw@example.com")
    r = client.post("/account/password", data={"current_password": "not my password!",
                                               "new_password": NEW_PASSWORD,
                                               "confirm": NEW_PASSWORD})
    assert r.status_code == 200 and "not your current password" in r.text
    r = client.post("/account/password", data={"current_password": PASSWORD,
                                               "new_password": NEW_PASSWORD,
                                               "confirm": NEW_PASSWORD + "x"})
    assert r.status_code == 200 and "do not match" in r.text
    assert stored_user(app, u.id).session_version == 1


def test_email_change_needs_the_link(app, client):
    u = account(app, "old@example.com")
    login(client, "old@example.com")
    r = client.post("/account/email", data={"email": "new@example.com", "password": PASSWORD})
    assert r.status_code == 302
    assert stored_user(app, u.id).email == "old@example.com"
    # A notice goes to the old address.
    assert "new@example.com" in mails(app, "old@example.com")[-1].text_body
    path = link_in(mails(app, "new@example.com")[-1], "/account/email/confirm/")
    assert client.get(path).status_code == 200
    assert stored_user(app, u.id).email == "old@example.com"
    assert client.post(path).status_code == 302
    assert stored_user(app, u.id).email == "new@example.com"
    assert client.post(path).status_code == 400  # used
    client.post("/account/logout")
    assert login(client, "new@example.com").status_code == 302


def test_email_change_to_taken_address_reveals_nothing(app, client):
    account(app, "mine@example.com")
    account(app, "theirs@example.com")
    login(client, "mine@example.com")
    r = client.post("/account/email", data={"email": "theirs@example.com", "password": PASSWORD})
    assert r.status_code == 302
    [notice] = mails(app, "theirs@example.com")
    assert "/account/email/confirm/" not in notice.text_body


def test_email_change_wrong_password(app, client):
    account(app, "e@example.com")
    login(client, "e@example.com")
    r = client.post("/account/email", data={"email": "x@example.com", "password": "wrong one!!"})
    assert r.status_code == 200 and "not your current password" in r.text
    assert mails(app, "x@example.com") == []


def test_delete_account_anonymises_and_keeps_the_row(client, app):
    with app.app_context():
        u = user("gone@example.com", display_name="Gone", company_name="Co", tax_id="X1",
                 phone="123")
        add_address(u.id, AddressInput(full_name="Gone", line1="1 Road", city="Paris",
                                       country_code="FR", postal_code="75001"))
        db.session.commit()
        uid = u.id
    other = app.test_client()
    login(other, "gone@example.com")
    login(client, "gone@example.com")
    r = client.post("/account/delete", data={"password": "wrong password", "confirm": "y"})
    assert r.status_code == 200 and stored_user(app, uid).deleted_at is None
    r = client.post("/account/delete", data={"password": PASSWORD})
    assert r.status_code == 200 and "Tick the box" in r.text
    r = client.post("/account/delete", data={"password": PASSWORD, "confirm": "y"})
    assert r.status_code == 302
    fresh = stored_user(app, uid)
    assert fresh is not None
    assert fresh.email == f"deleted-{uid}@deleted.invalid"
    assert fresh.password_hash == ""
    assert (fresh.display_name, fresh.company_name, fresh.tax_id, fresh.phone) == ("",) * 4
    assert fresh.deleted_at is not None and not fresh.is_active
    with app.app_context():
        assert db.session.scalar(select(func.count(Address.id))) == 0
    assert client.get("/account/profile").status_code == 302
    assert other.get("/account/profile").status_code == 302
    assert login(client, "gone@example.com").status_code == 200
    assert "deleted" in mails(app, "gone@example.com")[-1].text_body
    # The address is free again.
    r = client.post("/account/register", data={"email": "gone@example.com",
                                               "password": PASSWORD, "confirm": PASSWORD})
    assert r.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == 2
        assert db.session.scalar(select(func.count()).select_from(LoginThrottle)) == 1
