from sqlalchemy import func, select

from shop.accounts.models import User
from shop.extensions import db
from tests.accounts.helpers import PASSWORD, account, link_in, mails, stored_user


def _count_users(app):
    with app.app_context():
        return db.session.scalar(select(func.count(User.id)))


def _register(client, **overrides):
    data = {"display_name": "Ada", "email": "ada@example.com", "password": PASSWORD,
            "confirm": PASSWORD}
    data.update(overrides)
    return client.post("/account/register", data=data)


def test_register_verify_then_sign_in(app, client):
    r = _register(client)
    assert r.status_code == 302 and "/account/check-inbox" in r.location
    with app.app_context():
        u = db.session.scalar(select(User).where(User.email == "ada@example.com"))
    assert u is not None and not u.is_verified and u.role == "customer"
    assert u.password_hash.startswith("scrypt:") and PASSWORD not in u.password_hash

    # Unverified: the right password still does not sign in.
    r = client.post("/account/login", data={"email": "ada@example.com", "password": PASSWORD})
    assert r.status_code == 200 and "Confirm your e-mail address first" in r.text

    [mail] = mails(app, "ada@example.com")
    assert mail.html_body and "Confirm my e-mail address" in mail.html_body
    path = link_in(mail, "/account/verify/")
    page = client.get(path)
    assert page.status_code == 200 and "ada@example.com" in page.text
    assert not stored_user(app, u.id).is_verified  # GET changes nothing
    r = client.post(path)
    assert r.status_code == 302 and r.location.endswith("/account/login")
    assert stored_user(app, u.id).is_verified
    # The link is single-use.
    again = client.get(path)
    assert again.status_code == 400 and "already been used" in again.text

    r = client.post("/account/login", data={"email": "ADA@example.com", "password": PASSWORD})
    assert r.status_code == 302


def test_register_existing_address_answers_the_same(app, client):
    account(app, "taken@example.com")
    before = _count_users(app)
    r = _register(client, email="taken@example.com")
    assert r.status_code == 302 and "/account/check-inbox" in r.location
    assert _count_users(app) == before
    [mail] = mails(app, "taken@example.com")
    assert "already have an account" in mail.text_body


def test_bad_input_changes_nothing(app, client):
    cases = [
        ({"email": "not-an-email"}, "valid e-mail"),
        ({"email": "a" * 250 + "@example.com"}, "at most 254"),
        ({"confirm": "something else entirely"}, "do not match"),
        ({"password": "short", "confirm": "short"}, "between 10 and 128"),
        ({"password": "1234567890", "confirm": "1234567890"}, "commonly used"),
        ({"display_name": "x" * 121}, "at most 120"),
    ]
    for overrides, message in cases:
        r = _register(client, **overrides)
        assert r.status_code == 200, overrides
        assert message in r.text, overrides
        assert 'aria-invalid="true"' in r.text
    assert _count_users(app) == 0
    assert mails(app) == []


def test_resend_is_enumeration_safe(app, client):
    account(app, "fresh@example.com", verified=False)
    account(app, "done@example.com")
    responses = []
    for email in ("fresh@example.com", "done@example.com", "nobody@example.com"):
        r = client.post("/account/verify/resend", data={"email": email})
        responses.append((r.status_code, r.location))
        assert len(mails(app, email)) == 1
    assert len(set(responses)) == 1
    assert "/account/verify/" in mails(app, "fresh@example.com")[0].text_body
    assert "/account/verify/" not in mails(app, "done@example.com")[0].text_body


def test_pages_render(client):
    for path in ("/account/login", "/account/register", "/account/reset",
                 "/account/verify/resend", "/account/check-inbox?reason=reset"):
        r = client.get(path)
        assert r.status_code == 200, path
        assert "<label" in r.text
