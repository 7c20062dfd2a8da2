"""With CSRF switched on (as in every non-test configuration), a POST without the right token
gets the 400 page and changes nothing."""

import re

import pytest
from sqlalchemy import func, select

from shop.accounts.addresses import AddressInput, add_address
from shop.accounts.models import Address, User
from shop.extensions import db
from tests.accounts.helpers import PASSWORD, account, stored_user, user
from tests.harness import make_test_app, truncate


@pytest.fixture(scope="module")
def csrf_app(database_factory):
    app = make_test_app(database_factory("csrf"), WTF_CSRF_ENABLED=True)
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def web(csrf_app):
    yield csrf_app.test_client()
    truncate(csrf_app)


def _token(client, path):
    page = client.get(path).text
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
        r'name="csrf_token" value="([^"]+)"', page)
    assert match, page
    return match.group(1)


def _sign_in(client, email):
    token = _token(client, "/account/login")
    r = client.post("/account/login", data={"email": email, "password": PASSWORD,
                                            "csrf_token": token})
    assert r.status_code == 302


def _users(app):
    with app.app_context():
        return db.session.scalar(select(func.count(User.id)))


def test_post_without_token_is_refused(web, csrf_app):
    data = {"email": "a@example.com", "password": PASSWORD, "confirm": PASSWORD}
    r = web.post("/account/register", data=data)
    assert r.status_code == 400
    assert "security token" in r.text and "Error 400" in r.text
    assert _users(csrf_app) == 0


def test_post_with_wrong_token_is_refused(web, csrf_app):
    web.get("/account/register")
    data = {"email": "a@example.com", "password": PASSWORD, "confirm": PASSWORD,
            "csrf_token": "forged-token"}
    assert web.post("/account/register", data=data).status_code == 400
    assert _users(csrf_app) == 0


def test_token_from_another_session_is_refused(web, csrf_app):
    stranger = csrf_app.test_client()
    token = _token(stranger, "/account/register")
    web.get("/account/register")
    data = {"email": "a@example.com", "password": PASSWORD, "confirm": PASSWORD,
            "csrf_token": token}
    assert web.post("/account/register", data=data).status_code == 400
    assert _users(csrf_app) == 0


def test_post_with_token_works(web, csrf_app):
    token = _token(web, "/account/register")
    data = {"email": "a@example.com", "password": PASSWORD, "confirm": PASSWORD,
            "csrf_token": token}
    assert web.post("/account/register", data=data).status_code == 302
    assert _users(csrf_app) == 1


def _addresses(app):
    with app.app_context():
        return db.session.scalar(select(func.count(Address.id)))


def test_sign_out_and_delete_need_the_token(web, csrf_app):
    with csrf_app.app_context():
        u = user("s@example.com")
        a = add_address(u.id, AddressInput(full_name="S", line1="1 St", city="Oslo",
                                           country_code="NO", postal_code="0150")).id
        db.session.commit()
    _sign_in(web, "s@example.com")
    assert web.post("/account/logout").status_code == 400
    assert web.get("/account/profile").status_code == 200  # still signed in
    assert web.post(f"/account/addresses/{a}/delete").status_code == 400
    assert web.post(f"/account/addresses/{a}/delete",
                    data={"csrf_token": "nope"}).status_code == 400
    assert _addresses(csrf_app) == 1
    token = _token(web, "/account/addresses")
    assert web.post(f"/account/addresses/{a}/delete",
                    data={"csrf_token": token}).status_code == 302
    assert _addresses(csrf_app) == 0
    assert web.post("/account/logout", data={"csrf_token": token}).status_code == 302
    assert web.get("/account/profile").status_code == 302


def test_get_never_changes_state(web, csrf_app):
    """Every GET route under /account and /admin is safe: no writes, no sign-out."""
    u = account(csrf_app, "g@example.com")
    _sign_in(web, "g@example.com")
    before = (u.session_version, _users(csrf_app))
    for path in ("/account/logout", "/account/delete", "/account/password", "/account/email",
                 "/account/addresses", "/account/profile"):
        web.get(path)
    assert (stored_user(csrf_app, u.id).session_version, _users(csrf_app)) == before
    assert web.get("/account/profile").status_code == 200
