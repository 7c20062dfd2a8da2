"""Every branch of register, reset, resend and e-mail change does the same work (password
hashes and checks, mails), so its timing tells nothing about which addresses have accounts."""

from __future__ import annotations

import statistics
import time
from collections import Counter

import pytest

from shop.accounts import notify, passwords
from tests.accounts.helpers import PASSWORD, account, login

NEW = "a fresh strong password 7"


@pytest.fixture
def work(monkeypatch):
    """Counts the expensive steps a request takes."""
    seen = Counter()
    real_hash, real_check = passwords.generate_password_hash, passwords.check_password_hash
    real_send = notify.send_mail

    def hash_(*args, **kwargs):
        seen["hash"] += 1
        return real_hash(*args, **kwargs)

    def check(*args, **kwargs):
        seen["check"] += 1
        return real_check(*args, **kwargs)

    def send(*args, **kwargs):
        seen["mail"] += 1
        return real_send(*args, **kwargs)

    monkeypatch.setattr(passwords, "generate_password_hash", hash_)
    monkeypatch.setattr(passwords, "check_password_hash", check)
    monkeypatch.setattr(notify, "send_mail", send)
    passwords.verify_password(None, "warm the dummy hash up")  # built once per process
    seen.clear()
    return seen


def _measure(work, send) -> tuple[int, tuple]:
    work.clear()
    response = send()
    return response.status_code, tuple(sorted(work.items()))


def test_register_does_the_same_work_for_known_and_new_addresses(app, client, work):
    account(app, "taken@example.com")
    form = {"password": NEW, "confirm": NEW}
    known = _measure(work, lambda: client.post("/account/register",
                                               data={"email": "taken@example.com", **form}))
    new = _measure(work, lambda: client.post("/account/register",
                                             data={"email": "free@example.com", **form}))
    assert known == new
    assert dict(known[1]) == {"hash": 1, "mail": 1}


def test_reset_and_resend_do_the_same_work_for_every_address(app, client, work):
    account(app, "verified@example.com")
    account(app, "pending@example.com", verified=False)
    for path in ("/account/reset", "/account/verify/resend"):
        results = {_measure(work, lambda e=email, p=path: client.post(p, data={"email": e}))
                   for email in ("verified@example.com", "pending@example.com",
                                 "nobody@example.com")}
        assert len(results) == 1, (path, results)


def test_email_change_does_the_same_work_for_taken_and_free_addresses(app, client, work):
    account(app, "me@example.com")
    account(app, "other@example.com")
    assert login(client, "me@example.com").status_code == 302
    taken = _measure(work, lambda: client.post("/account/email", data={
        "email": "other@example.com", "password": PASSWORD}))
    free = _measure(work, lambda: client.post("/account/email", data={
        "email": "free@example.com", "password": PASSWORD}))
    assert taken == free
    assert dict(taken[1])["mail"] == 2


def test_register_timing_with_production_hashing(client, app, monkeypatch):
    """With the production work factor, a known address answers no faster than a new one."""
    monkeypatch.setitem(app.config, "PASSWORD_HASH_METHOD", "scrypt")
    account(app, "timed@example.com")

    def timed(email: str) -> float:
        started = time.perf_counter()
        r = client.post("/account/register", data={"email": email, "password": NEW,
                                                   "confirm": NEW})
        assert r.status_code == 302
        return time.perf_counter() - started

    known = statistics.median(timed("timed@example.com") for _ in range(5))
    new = statistics.median(timed(f"new{i}@example.com") for i in range(5))
    assert known > new / 2, (known, new)
