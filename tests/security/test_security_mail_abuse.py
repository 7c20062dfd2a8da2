"""The shop cannot be used to mail arbitrary addresses: the forms that mail a typed address
are limited per source and per target address, and mails to unverified addresses carry no
text their sender chose."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from shop.content.services import comments as comment_service
from shop.extensions import db
from shop.mail import OutboxMessage
from tests.accounts.helpers import PASSWORD, account, login
from tests.content.factories import make_post
from tests.harness import (
    limited_app,
    schema_database,
)

LIMITS = {"RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": "memory://",
          "LOGIN_IP_LIMIT": "100 per minute", "LOGIN_ACCOUNT_LIMIT": "100 per minute",
          "ACCOUNT_FORM_LIMIT": "5 per minute; 50 per hour",
          "MAIL_TARGET_LIMIT": "3 per hour; 10 per day", "COMMENT_RATE_LIMIT": "50 per minute"}


@pytest.fixture(scope="module")
def abuse_db(database_factory):
    return schema_database(database_factory, "mail_abuse")


@pytest.fixture
def limited(abuse_db):
    with limited_app(abuse_db, **LIMITS) as app:
        yield app


def _mails(app, to=None) -> int:
    with app.app_context():
        stmt = select(func.count(OutboxMessage.id))
        if to:
            stmt = stmt.where(OutboxMessage.to_address == to)
        return db.session.scalar(stmt)


def test_email_change_is_limited_per_source(limited):
    account(limited, "me@example.com")
    client = limited.test_client()
    assert login(client, "me@example.com").status_code == 302
    codes = [client.post("/account/email", data={"email": f"t{i}@example.com",
                                                 "password": PASSWORD}).status_code
             for i in range(30)]
    assert codes[:5] == [302] * 5 and set(codes[5:]) == {429}
    assert _mails(limited) == 10  # five requests, two mails each


def test_email_change_is_limited_per_target_address(limited):
    for i in range(6):
        account(limited, f"sender{i}@example.com")
    codes = []
    for i in range(6):  # six accounts on six addresses aim at one victim
        client = limited.test_client()
        login(client, f"sender{i}@example.com")
        codes.append(client.post("/account/email", data={
            "email": "Victim@Example.com", "password": PASSWORD},
            environ_base={"REMOTE_ADDR": f"10.5.0.{i}"}).status_code)
    assert codes == [302, 302, 302, 429, 429, 429]
    assert _mails(limited, "victim@example.com") == 3


@pytest.mark.parametrize("path", ["/account/register", "/account/reset",
                                  "/account/verify/resend"])
def test_forms_that_mail_a_typed_address_are_limited_per_target(limited, path):
    data = {"email": "target@example.com", "password": "a long fine password 3",
            "confirm": "a long fine password 3"}
    codes = [limited.test_client().post(path, data=data,
                                        environ_base={"REMOTE_ADDR": f"10.4.0.{i}"}).status_code
             for i in range(5)]
    assert codes == [302, 302, 302, 429, 429]
    assert _mails(limited, "target@example.com") == 3


def _comment(app, client, post_slug, post_id, ip, **fields):
    stamp = comment_service.form_stamp(app.config["SECRET_KEY"], post_id,
                                       datetime.now(UTC) - timedelta(seconds=30))
    return client.post(f"/blog/{post_slug}/comments", data={"stamp": stamp, **fields},
                       environ_base={"REMOTE_ADDR": ip})


def test_guest_comment_confirmations_carry_no_text_the_sender_chose(limited):
    with limited.app_context():
        post = make_post(title="Choosing optics")
        db.session.commit()
        slug, post_id = post.slug, post.id
    spam = "Cheap watches at spam dot example"
    r = _comment(limited, limited.test_client(), slug, post_id, "10.3.0.1",
                 body=f"{spam} body", name=f"{spam} name", email="victim@example.com")
    assert r.status_code == 302
    with limited.app_context():
        mail = db.session.scalars(select(OutboxMessage)).one()
    assert mail.to_address == "victim@example.com"
    assert "Cheap watches" not in mail.subject + mail.text_body + mail.html_body
    assert "Choosing optics" in mail.text_body  # the shop's words only


def test_guest_comment_confirmations_are_limited_per_target(limited):
    with limited.app_context():
        post = make_post(title="Limits")
        db.session.commit()
        slug, post_id = post.slug, post.id
    codes = [_comment(limited, limited.test_client(), slug, post_id, f"10.2.0.{i}",
                      body=f"Comment {i}", name="N", email="one@example.com").status_code
             for i in range(5)]
    assert codes == [302, 302, 302, 429, 429]
    assert _mails(limited, "one@example.com") == 3
