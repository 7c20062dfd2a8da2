from datetime import timedelta

import pytest

from shop.accounts import services, throttle
from shop.accounts.exceptions import AccountLocked
from shop.accounts.models import LoginThrottle
from shop.db import utcnow
from shop.errors import ValidationError
from shop.extensions import db
from tests.accounts.helpers import PASSWORD, account, login, user


def test_sign_in_renews_session_and_sign_out_clears_it(app, client):
    u = account(app, "s@example.com")
    with client.session_transaction() as sess:
        sess["planted"] = "by someone else"
    r = login(client, "s@example.com")
    assert r.status_code == 302 and r.location.endswith("/account/profile")
    with client.session_transaction() as sess:
        assert "planted" not in sess
        assert sess["_user_id"].startswith(f"{u.id}:{u.session_version}:")
    assert client.get("/account/profile").status_code == 200
    r = client.post("/account/logout")
    assert r.status_code == 302
    with client.session_transaction() as sess:
        assert "_user_id" not in sess
    assert client.get("/account/profile").status_code == 302


def test_logout_is_post_only(client):
    assert client.get("/account/logout").status_code == 405


def test_session_cookie_flags(app, client):
    account(app, "c@example.com")
    r = login(client, "c@example.com")
    cookie = r.headers.get("Set-Cookie")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_remember_me_sets_a_lasting_cookie(app, client):
    account(app, "r@example.com")
    r = login(client, "r@example.com", remember=True)
    cookies = r.headers.getlist("Set-Cookie")
    remember = [c for c in cookies if c.startswith("remember_token=")]
    assert remember, cookies
    assert "Expires=" in remember[0] and "HttpOnly" in remember[0]
    # A new browser session (session cookie gone) is signed in by the remember cookie.
    client.delete_cookie("session")
    assert client.get("/account/profile").status_code == 200


def test_without_remember_no_remember_cookie(app, client):
    account(app, "n@example.com")
    r = login(client, "n@example.com")
    assert not [c for c in r.headers.getlist("Set-Cookie") if c.startswith("remember_token=")]


def test_wrong_password_and_unknown_address_look_the_same(app, client):
    account(app, "w@example.com")
    a = login(client, "w@example.com", "not the password at all")
    b = login(client, "nobody@example.com", "not the password at all")
    assert a.status_code == b.status_code == 200
    assert services.GENERIC_SIGN_IN_ERROR in a.text and services.GENERIC_SIGN_IN_ERROR in b.text


def test_next_is_followed_only_when_safe(app, client):
    account(app, "n@example.com")
    r = login(client, "n@example.com", next="/account/addresses")
    assert r.location.endswith("/account/addresses")
    client.post("/account/logout")
    for evil in ("https://evil.example/", "//evil.example/", "/\\evil.example",
                 "javascript:alert(1)"):
        r = login(client, "n@example.com", next=evil)
        assert r.status_code == 302
        assert r.location.endswith("/account/profile"), evil
        client.post("/account/logout")


def test_login_required_sends_to_sign_in_with_next(client):
    r = client.get("/account/addresses")
    assert r.status_code == 302
    assert "/account/login?next=%2Faccount%2Faddresses" in r.location


def test_disabled_account_cannot_sign_in(app, client):
    account(app, "off@example.com", is_active_account=False)
    r = login(client, "off@example.com")
    assert r.status_code == 200 and "disabled" in r.text


# --- growing delays, with the clock passed in ------------------------------------------------

def test_delays_grow_and_reset(ctx):
    user("t@example.com")
    now = utcnow()
    free = ctx.config["LOGIN_FREE_FAILURES"]
    for _ in range(free):
        with pytest.raises(ValidationError):
            services.authenticate("t@example.com", "wrong password here", now=now)
    # Still no delay: the right password works... but try a wrong one first.
    with pytest.raises(ValidationError):
        services.authenticate("t@example.com", "wrong password here", now=now)
    with pytest.raises(AccountLocked) as locked:
        services.authenticate("t@example.com", PASSWORD, now=now)
    assert locked.value.retry_after == 2
    later = now + timedelta(seconds=2)
    with pytest.raises(ValidationError):
        services.authenticate("t@example.com", "wrong password here", now=later)
    with pytest.raises(AccountLocked) as locked:
        services.authenticate("t@example.com", PASSWORD, now=later + timedelta(seconds=3))
    assert locked.value.retry_after == 1  # 4 s after the last failure
    ok = services.authenticate("t@example.com", PASSWORD, now=later + timedelta(seconds=4))
    assert ok.email == "t@example.com"
    assert db.session.get(LoginThrottle, throttle.throttle_key("t@example.com")) is None


def test_delay_is_capped_and_old_failures_forgotten(ctx):
    assert throttle.delay_after(3, 4, 900) == 0
    assert throttle.delay_after(5, 4, 900) == 2
    assert throttle.delay_after(8, 4, 900) == 16
    assert throttle.delay_after(100, 4, 900) == 900
    now = utcnow()
    for _ in range(6):
        throttle.record_failure("old@example.com", now)
    window = ctx.config["LOGIN_FAILURE_WINDOW"]
    assert throttle.record_failure("old@example.com", now + timedelta(seconds=window + 1)) == 1


def test_unknown_addresses_are_throttled_too(ctx):
    now = utcnow()
    for _ in range(5):
        with pytest.raises(ValidationError):
            services.authenticate("ghost@example.com", "some password here", now=now)
    with pytest.raises(AccountLocked):
        services.authenticate("ghost@example.com", "some password here", now=now)


def test_locked_account_gets_429_and_message(app, client):
    account(app, "l@example.com")
    for _ in range(6):
        login(client, "l@example.com", "definitely wrong pw")
    r = login(client, "l@example.com")
    assert r.status_code == 429
    assert "Too many failed sign-in attempts" in r.text
    with client.session_transaction() as sess:
        assert "_user_id" not in sess
