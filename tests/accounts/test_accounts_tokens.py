"""Signed, expiring, single-use links; the clock is passed in, never slept on."""

import time

import pytest

from shop.accounts import services, tokens
from shop.accounts.exceptions import TokenExpired, TokenInvalid, TokenUsed
from shop.extensions import db
from tests.accounts.helpers import NEW_PASSWORD, user


def test_round_trip(ctx):
    t = tokens.make_token(tokens.VERIFY, 7, "a@example.com")
    data = tokens.read_token(t, tokens.VERIFY)
    assert (data.user_id, data.email, data.purpose) == (7, "a@example.com", "verify")


def test_expired(ctx):
    issued = int(time.time())
    t = tokens.make_token(tokens.RESET, 1, "a@example.com", now=issued)
    tokens.read_token(t, tokens.RESET, max_age=3600, now=issued + 3600)
    with pytest.raises(TokenExpired):
        tokens.read_token(t, tokens.RESET, max_age=3600, now=issued + 3601)


def test_config_max_age_applies(ctx):
    issued = int(time.time())
    t = tokens.make_token(tokens.VERIFY, 1, "a@example.com", now=issued)
    limit = ctx.config["VERIFY_TOKEN_MAX_AGE"]
    with pytest.raises(TokenExpired):
        tokens.read_token(t, tokens.VERIFY, now=issued + limit + 1)


def test_tampered_and_cross_purpose(ctx):
    t = tokens.make_token(tokens.VERIFY, 1, "a@example.com")
    payload, _, signature = t.partition(".")
    with pytest.raises(TokenInvalid):
        tokens.read_token(payload + "x." + signature, tokens.VERIFY)
    with pytest.raises(TokenInvalid):
        tokens.read_token(t[:-2], tokens.VERIFY)
    with pytest.raises(TokenInvalid):
        tokens.read_token(t, tokens.RESET)  # another purpose never passes
    with pytest.raises(TokenInvalid):
        tokens.read_token("", tokens.VERIFY)


def test_issued_in_the_future_is_refused(ctx):
    t = tokens.make_token(tokens.VERIFY, 1, "a@example.com", now=time.time() + 3600)
    with pytest.raises(TokenInvalid):
        tokens.read_token(t, tokens.VERIFY)


def test_single_use(ctx):
    t = tokens.make_token(tokens.VERIFY, 1, "a@example.com")
    data = tokens.read_token(t, tokens.VERIFY)
    u = user("a@example.com")
    data = tokens.TokenData(data.purpose, u.id, data.email, data.token_id, data.issued_at)
    tokens.consume(data)
    db.session.commit()
    with pytest.raises(TokenUsed):
        tokens.read_token(t, tokens.VERIFY)
    with pytest.raises(TokenUsed):
        tokens.consume(data)


def test_reset_link_dies_when_password_changes(ctx):
    u = user("b@example.com")
    services.request_password_reset("b@example.com")
    t = tokens.make_token(tokens.RESET, u.id, u.email,
                          extra={"p": tokens.password_fingerprint(u.password_hash)})
    services.change_password(u.id, "a long test password 1", NEW_PASSWORD)
    db.session.commit()
    with pytest.raises(TokenInvalid):
        services.reset_password(t, "yet another password 3")


def test_verify_link_for_old_address_is_refused(ctx):
    u = user("c@example.com", verified=False)
    t = tokens.make_token(tokens.VERIFY, u.id, "someone-else@example.com")
    with pytest.raises(TokenInvalid):
        services.verify_email(t)
