import time

from shop.accounts import services
from shop.extensions import db
from tests.accounts.helpers import (
    NEW_PASSWORD,
    PASSWORD,
    account,
    link_in,
    login,
    mails,
    stored_user,
    token_of,
)


def test_reset_request_is_enumeration_safe(app, client):
    account(app, "known@example.com")
    known = client.post("/account/reset", data={"email": "known@example.com"})
    unknown = client.post("/account/reset", data={"email": "unknown@example.com"})
    assert (known.status_code, known.location) == (unknown.status_code, unknown.location)
    page_known = client.get(known.location).text
    page_unknown = client.get(unknown.location).text
    assert page_known == page_unknown
    # One mail to the address either way; only the known one carries a link.
    assert len(mails(app, "known@example.com")) == 1
    assert len(mails(app, "unknown@example.com")) == 1
    assert "/account/reset/" in mails(app, "known@example.com")[0].text_body
    assert "/account/reset/" not in mails(app, "unknown@example.com")[0].text_body


def test_reset_flow_single_use_and_sessions_end(client, app):
    u = account(app, "r@example.com")
    other = app.test_client()
    assert login(other, "r@example.com").status_code == 302
    client.post("/account/reset", data={"email": "r@example.com"})
    path = link_in(mails(app, "r@example.com")[-1], "/account/reset/")
    assert client.get(path).status_code == 200
    # Mismatch and weak passwords are refused on the form, the link stays usable.
    r = client.post(path, data={"password": NEW_PASSWORD, "confirm": "different thing!!"})
    assert r.status_code == 200 and "do not match" in r.text
    r = client.post(path, data={"password": "password123", "confirm": "password123"})
    assert r.status_code == 200 and "commonly used" in r.text
    r = client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert r.status_code == 302 and r.location.endswith("/account/login")
    # Reused link.
    again = client.post(path, data={"password": "third password here", "confirm":
                                    "third password here"})
    assert again.status_code == 400 and "This link" in again.text
    assert client.get(path).status_code == 400
    # Old password gone, new one works, the other session ended.
    assert login(client, "r@example.com", PASSWORD).status_code == 200
    assert login(client, "r@example.com", NEW_PASSWORD).status_code == 302
    assert other.get("/account/profile").status_code == 302
    assert stored_user(app, u.id).session_version == 2


def test_tampered_and_expired_links_get_a_clear_400(app, client):
    u = account(app, "t@example.com")
    client.post("/account/reset", data={"email": "t@example.com"})
    path = link_in(mails(app, "t@example.com")[-1], "/account/reset/")
    r = client.get(path[:-3] + "abc")
    assert r.status_code == 400 and "not valid" in r.text
    r = client.get("/account/reset/garbage")
    assert r.status_code == 400
    # Expired: the service decides with the clock it is given.
    token = token_of(path)
    later = time.time() + app.config["RESET_TOKEN_MAX_AGE"] + 5
    with app.app_context():
        try:
            services.reset_password(token, NEW_PASSWORD, now=later)
        except Exception as exc:  # noqa: BLE001
            assert "expired" in str(exc)
        else:
            raise AssertionError("an expired link was accepted")
        db.session.rollback()
    assert stored_user(app, u.id).session_version == 1


def test_reset_form_bad_email_shows_error(app, client):
    r = client.post("/account/reset", data={"email": "nope"})
    assert r.status_code == 200 and "valid e-mail" in r.text
    assert mails(app) == []
