"""Strangers failing on purpose cannot keep an account's owner out, admins included, while
guessing stays as slow as before: limits per account and source, refused attempts never count
or grow the delay, a browser the owner has proved signs in past the strangers' delays, and a
password reset clears the account's counters."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from shop.accounts import devices, throttle
from shop.accounts.models import LoginThrottle, Role
from shop.extensions import db
from tests.accounts.helpers import NEW_PASSWORD, PASSWORD, account, link_in, mails, user
from tests.harness import (
    limited_app,
    make_test_app,
    rate_limiter_restored,
    schema_database,
    truncate,
)

LIMITS = {"RATELIMIT_ENABLED": True, "LOGIN_IP_LIMIT": "20 per minute; 200 per hour",
          "LOGIN_ACCOUNT_LIMIT": "30 per hour", "ACCOUNT_FORM_LIMIT": "50 per minute"}
WRONG = "not the right password"


@pytest.fixture(scope="module")
def lock_db(database_factory):
    return schema_database(database_factory, "lockout")


@pytest.fixture
def limited(lock_db):
    with limited_app(lock_db, RATELIMIT_STORAGE_URI="memory://", **LIMITS) as app:
        yield app


def _login(client, email, password, ip):
    return client.post("/account/login", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": ip})


def _attack(app, email, attempts=40, ips=("10.6.0.1", "10.6.0.2", "10.6.0.3")):
    """Wrong passwords from a few addresses, as fast as the limits let them through."""
    codes = []
    for i in range(attempts):
        client = app.test_client()
        codes.append(_login(client, email, WRONG, ips[i % len(ips)]).status_code)
    return codes


def _failures(app, email) -> int:
    with app.app_context():
        row = db.session.get(LoginThrottle, throttle.throttle_key(email))
        return row.failures if row else 0


def test_the_owner_on_a_known_device_gets_in_during_an_attack(limited):
    account(limited, "boss@example.com", role=Role.ADMIN)
    owner = limited.test_client()
    assert _login(owner, "boss@example.com", PASSWORD, "192.0.2.10").status_code == 302
    assert owner.get_cookie(devices.COOKIE_NAME, path="/account/") is not None
    owner.post("/account/logout")
    codes = _attack(limited, "Boss@Example.com")  # typed differently: the same account
    assert 429 in codes  # strangers are slowed down …
    stranger = limited.test_client()
    assert _login(stranger, "boss@example.com", PASSWORD, "10.6.0.9").status_code == 429
    # … the owner, on the browser that proved itself, is not.
    assert _login(owner, "boss@example.com", PASSWORD, "192.0.2.10").status_code == 302
    assert owner.get("/admin/").status_code == 200


def test_refused_attempts_never_grow_the_delay(limited):
    account(limited, "v@example.com")
    _attack(limited, "v@example.com", attempts=5)
    counted = _failures(limited, "v@example.com")
    assert counted == 5
    codes = _attack(limited, "v@example.com", attempts=30)
    assert set(codes) == {429}  # locked: refused without a password check
    assert _failures(limited, "v@example.com") == counted


@pytest.fixture
def strict(lock_db):
    """Limits small enough for the per-account-and-source one to be reached first."""
    with rate_limiter_restored():
        app = make_test_app(lock_db, RATELIMIT_STORAGE_URI="memory://", RATELIMIT_ENABLED=True,
                            LOGIN_IP_LIMIT="100 per minute", LOGIN_ACCOUNT_LIMIT="3 per hour",
                            ACCOUNT_FORM_LIMIT="50 per minute", LOGIN_FREE_FAILURES=10)
        yield app
        truncate(app)


def _reset(app, client, email, ip):
    assert client.post("/account/reset", data={"email": email},
                       environ_base={"REMOTE_ADDR": ip}).status_code == 302
    path = link_in(mails(app, email)[-1], "/account/reset/")
    r = client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
                    environ_base={"REMOTE_ADDR": ip})
    assert r.status_code == 302


def test_a_password_reset_clears_the_accounts_delays(limited):
    account(limited, "r@example.com")
    _attack(limited, "r@example.com")
    assert _failures(limited, "r@example.com") >= 5
    stranger_browser = limited.test_client()
    _reset(limited, stranger_browser, "r@example.com", "192.0.2.20")
    assert _failures(limited, "r@example.com") == 0
    # Even a browser that never saw the account signs in: the counts are gone.
    assert _login(limited.test_client(), "r@example.com", NEW_PASSWORD,
                  "192.0.2.21").status_code == 302


def test_a_password_reset_lifts_the_per_account_limit(strict):
    account(strict, "s@example.com")
    home = "192.0.2.22"
    owner = strict.test_client()
    codes = [_login(owner, "s@example.com", WRONG, home).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]  # the owner's own source is at its limit
    assert _login(owner, "s@example.com", PASSWORD, home).status_code == 429
    _reset(strict, strict.test_client(), "s@example.com", home)
    assert _login(strict.test_client(), "s@example.com", NEW_PASSWORD, home).status_code == 302


def test_limit_refusals_do_not_count(strict):
    """A 429 from the limit is not a failure: once the window passes, the count is what the
    wrong passwords made, however many refusals came in between."""
    account(strict, "c@example.com")
    client = strict.test_client()
    codes = [_login(client, "c@example.com", WRONG, "10.8.0.1").status_code for _ in range(10)]
    assert codes == [200, 200, 200] + [429] * 7
    assert _failures(strict, "c@example.com") == 3


def test_guessing_stays_slow(limited):
    """From browsers the owner never used, the delays grow as before, whatever the source."""
    account(limited, "g@example.com")
    codes = _attack(limited, "g@example.com", attempts=40,
                    ips=tuple(f"10.7.0.{i}" for i in range(40)))
    assert codes[:5] == [200] * 5 and set(codes[5:]) == {429}
    with limited.app_context():
        rows = list(db.session.scalars(select(LoginThrottle)))
    assert len(rows) == 1 and rows[0].failures == 5


def test_a_device_cookie_counts_its_own_failures(limited):
    account(limited, "d@example.com")
    owner = limited.test_client()
    assert _login(owner, "d@example.com", PASSWORD, "192.0.2.30").status_code == 302
    codes = [_login(owner, "d@example.com", WRONG, "192.0.2.30").status_code
             for _ in range(8)]
    assert codes[:5] == [200] * 5 and codes[5:] == [429] * 3  # no faster than a stranger
    assert _failures(limited, "d@example.com") == 0  # and strangers are not held back
    assert _login(limited.test_client(), "d@example.com", PASSWORD,
                  "192.0.2.31").status_code == 302


def test_a_device_cookie_is_bound_to_its_account(limited):
    with limited.app_context():
        user("a@example.com")
        user("b@example.com")
        token = devices.issue("a@example.com")
        assert devices.read(token, "a@example.com") is not None
        assert devices.read(token, "b@example.com") is None
        assert devices.read(token + "x", "a@example.com") is None
