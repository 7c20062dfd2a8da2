import logging

import pytest

from shop import mail
from shop.extensions import db
from tests.accounts.helpers import outbox


class FakeSMTP:
    sent: list = []

    def __init__(self, host, port, timeout=None):
        self.host, self.port = host, port

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def starttls(self):
        pass

    def login(self, user, password):
        pass

    def send_message(self, message):
        FakeSMTP.sent.append(message)


@pytest.fixture
def smtp(ctx, monkeypatch):
    FakeSMTP.sent = []
    monkeypatch.setattr(mail.smtplib, "SMTP", FakeSMTP)
    monkeypatch.setitem(ctx.config, "MAIL_SERVER", "smtp.invalid")
    return FakeSMTP


def test_outbox_without_mail_server(ctx, caplog):
    with caplog.at_level(logging.INFO, logger="shop.mail"):
        row = mail.send_mail("a@example.com", "Hello", "plain body", "<p>html body</p>")
    db.session.commit()
    assert row.id and outbox("a@example.com")[0].html_body == "<p>html body</p>"
    assert "a@example.com" in caplog.text and "plain body" in caplog.text


def test_smtp_sends_after_commit_with_both_parts(smtp):
    assert mail.send_mail("b@example.com", "Hi", "text part", "<p>html part</p>") is None
    assert smtp.sent == []
    db.session.commit()
    [message] = smtp.sent
    assert message["To"] == "b@example.com" and message["Subject"] == "Hi"
    kinds = [part.get_content_type() for part in message.iter_parts()]
    assert kinds == ["text/plain", "text/html"]
    assert outbox() == []


def test_smtp_sends_nothing_on_rollback(smtp):
    mail.send_mail("c@example.com", "Hi", "text")
    db.session.rollback()
    db.session.commit()
    assert smtp.sent == []


def test_smtp_survives_a_savepoint(smtp):
    mail.send_mail("d@example.com", "Hi", "text")
    try:
        with db.session.begin_nested():
            raise RuntimeError("inner failure")
    except RuntimeError:
        pass
    db.session.commit()
    assert len(smtp.sent) == 1


def test_public_base_url_wins_over_host(ctx, monkeypatch):
    monkeypatch.setitem(ctx.config, "PUBLIC_BASE_URL", "https://shop.example")
    with ctx.test_request_context(base_url="http://evil.example"):
        assert mail.absolute_url("accounts.login") == "https://shop.example/account/login"
