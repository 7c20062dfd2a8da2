"""Sign-in and the mail-sending forms are rate limited (Flask-Limiter) per IP and per account;
with Redis the counters are shared by every worker process."""

import json
import os
import subprocess
import sys
import uuid

import pytest
from sqlalchemy import func, select

from shop.extensions import db
from shop.mail import OutboxMessage
from tests.accounts.helpers import PASSWORD, account
from tests.harness import (
    IN_CI,
    limited_app,
    make_test_app,
    rate_limiter_restored,
    schema_database,
    truncate,
)

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
LIMITS = {"RATELIMIT_ENABLED": True, "LOGIN_IP_LIMIT": "3 per minute",
          "LOGIN_ACCOUNT_LIMIT": "2 per minute", "ACCOUNT_FORM_LIMIT": "2 per minute"}


@pytest.fixture(scope="module")
def limit_db(database_factory):
    return schema_database(database_factory, "limits")


@pytest.fixture
def limited(limit_db):
    with limited_app(limit_db, RATELIMIT_STORAGE_URI="memory://", **LIMITS) as app:
        yield app


def _login(client, email, password="wrong password here", ip="10.0.0.1"):
    return client.post("/account/login", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": ip})


def test_per_ip_limit(limited):
    client = limited.test_client()
    codes = [_login(client, f"u{i}@example.com").status_code for i in range(4)]
    assert codes == [200, 200, 200, 429]
    r = _login(client, "other@example.com")
    assert r.status_code == 429 and "Too many requests" in r.text
    assert r.headers.get("Retry-After")
    # Another address is not affected.
    assert _login(client, "z@example.com", ip="10.0.0.2").status_code == 200


def test_per_account_limit_is_per_source(limited):
    """One address's failures from one source are limited; another source is not held back
    by them (strangers must not be able to keep the owner out), and the typed form of the
    address does not matter."""
    client = limited.test_client()
    typed = ["victim@example.com", "Victim@Example.COM", "VICTIM@example.com"]
    codes = [_login(client, email, ip="10.1.0.1").status_code for email in typed]
    assert codes == [200, 200, 429]
    assert _login(client, "victim@example.com", ip="10.1.0.2").status_code == 200


def test_successful_sign_ins_do_not_count_against_the_account(limited):
    account(limited, "ok@example.com")
    for i in range(3):
        client = limited.test_client()
        assert _login(client, "ok@example.com", PASSWORD, ip=f"10.2.0.{i}").status_code == 302


def test_reset_form_limit_sends_no_more_mail(limited):
    client = limited.test_client()
    codes = [client.post("/account/reset", data={"email": "x@example.com"}).status_code
             for _ in range(3)]
    assert codes == [302, 302, 429]
    with limited.app_context():
        assert db.session.scalar(select(func.count(OutboxMessage.id))) == 2


def _redis_available() -> bool:
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
        return True
    except Exception:  # noqa: BLE001
        return False


SUBPROCESS = """
import json, sys
from tests.harness import make_test_app
cfg = json.loads(sys.argv[1])
app = make_test_app(cfg.pop("url"), **cfg)
client = app.test_client()
r = client.post("/account/login", data={"email": "p@example.com", "password": "wrong pw 12"},
                environ_base={"REMOTE_ADDR": "10.9.9.9"})
print(r.status_code)
"""


def test_limits_are_shared_between_processes_through_redis(limit_db):
    if not _redis_available():
        if IN_CI:
            pytest.fail("Redis is not reachable at " + REDIS_URL)
        pytest.skip(f"Redis is not reachable at {REDIS_URL}: outside CI this one test needs "
                    "a local Redis (.ci/run starts it, and in CI its absence fails)")
    prefix = f"shop-test-{uuid.uuid4().hex[:10]}"
    config = {**LIMITS, "RATELIMIT_STORAGE_URI": REDIS_URL,
              "RATELIMIT_STORAGE_OPTIONS": {"key_prefix": prefix}}
    import redis

    # Leaving the block clears this prefix's counters on Redis and switches the limiter back.
    with rate_limiter_restored():
        app = make_test_app(limit_db, **config)
        client = app.test_client()
        codes = [_login(client, f"q{i}@example.com", ip="10.9.9.9").status_code
                 for i in range(3)]
        assert codes == [200, 200, 200]
        # A second worker process sees the same counters and refuses the fourth attempt.
        done = subprocess.run(
            [sys.executable, "-c", SUBPROCESS, json.dumps({"url": limit_db, **config})],
            capture_output=True, text=True, timeout=60,
            cwd=os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
        )
        truncate(app)
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip().splitlines()[-1] == "429"
        assert list(redis.Redis.from_url(REDIS_URL).scan_iter(f"{prefix}:*"))
    assert not list(redis.Redis.from_url(REDIS_URL).scan_iter(f"{prefix}:*"))


def test_every_view_with_a_limit_carries_the_mark_the_request_filter_reads(limited):
    """Views without a limit of their own skip Flask-Limiter's per-request look
    (``shop.extensions.ShopLimiter``); a view limited with ``limiter.limit`` instead of
    ``rate_limit`` would lose its limit, so every limited view must carry the mark."""
    from flask_limiter.util import get_qualified_name

    from shop.extensions import limiter

    with limited.app_context():
        limited_views = {endpoint: view for endpoint, view in limited.view_functions.items()
                         if limiter.limit_manager.decorated_limits(get_qualified_name(view))}
    assert {"accounts.login", "accounts.reset_request"} <= set(limited_views)
    unmarked = [e for e, view in limited_views.items()
                if not getattr(view, "has_rate_limit", False)]
    assert unmarked == []


def test_a_view_without_a_limit_is_not_counted(limited):
    client = limited.test_client()
    for _ in range(10):
        assert client.get("/healthz").status_code == 200
    assert "X-RateLimit-Limit" not in client.get("/healthz").headers
