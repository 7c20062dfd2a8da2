"""The one mail module.

``send_mail(to, subject, text, html)`` builds a message with a plain-text part and, when
given, an HTML alternative. With ``MAIL_SERVER`` set it goes out over SMTP once the current
transaction commits (a rolled-back request sends nothing). Without it the message is stored
in the ``outbox_message`` table, in the same transaction, and written to the log, so a shop
without a mail server still shows staff every mail it would have sent.

Links that carry a secret (a password reset, an e-mail verification, …) belong to their
recipient alone. Their endpoints are declared with ``secret_links(...)`` next to the views;
unless ``OUTBOX_SHOWS_SECRETS`` is on (development and testing, where the outbox is how a
developer follows a flow) every such link is withheld from the outbox row, its page and the
log, for every role. Links in mails are built by ``absolute_url`` from ``PUBLIC_BASE_URL``.
"""

from __future__ import annotations

import html as html_lib
import logging
import re
import smtplib
from datetime import datetime
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from urllib.parse import urlsplit

from flask import current_app, has_request_context, url_for
from sqlalchemy import DateTime, String, Text, event, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from shop.db import utcnow
from shop.extensions import db

log = logging.getLogger(__name__)

_PENDING = "shop.mail.pending"

# Endpoints whose links carry a secret; filled by ``secret_links`` as blueprints load.
SECRET_LINK_ENDPOINTS: set[str] = set()
WITHHELD = "[link withheld: it carries a secret that only the recipient may see]"
_URL = re.compile(r"https?://[^\s\"'<>]+")


def secret_links(*endpoints: str) -> None:
    """Declare endpoints whose links carry a secret (a token, a key): the outbox never shows
    them outside development and testing."""
    SECRET_LINK_ENDPOINTS.update(endpoints)


def _is_secret_link(url: str) -> bool:
    path = urlsplit(html_lib.unescape(url)).path
    adapter = current_app.url_map.bind("localhost",
                                       script_name=current_app.config.get("APPLICATION_ROOT"))
    try:
        endpoint, _ = adapter.match(path, method="GET")
    except RequestRedirect as redirect:
        return _is_secret_link(redirect.new_url)
    except HTTPException:
        return False
    return endpoint in SECRET_LINK_ENDPOINTS


def withhold_secrets(text: str | None) -> str | None:
    """``text`` with every link to a secret-carrying endpoint replaced by a notice, unless
    the configuration shows secrets (development and testing)."""
    if not text or current_app.config.get("OUTBOX_SHOWS_SECRETS"):
        return text
    return _URL.sub(lambda m: WITHHELD if _is_secret_link(m.group(0)) else m.group(0), text)


class OutboxMessage(db.Model):
    """A mail the shop would have sent, kept when no mail server is configured."""

    __tablename__ = "outbox_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    to_address: Mapped[str] = mapped_column(String(254), index=True)
    from_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(255))
    text_body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 index=True)


def build_message(to: str, subject: str, text: str, html: str | None, sender: str,
                  ) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False, usegmt=True)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    message.set_content(text)
    if html:
        message.add_alternative(html, subtype="html")
    return message


def send_mail(to: str, subject: str, text: str, html: str | None = None
              ) -> OutboxMessage | None:
    """Send (after commit) or store one message. Returns the outbox row when stored."""
    config = current_app.config
    sender = config.get("MAIL_DEFAULT_SENDER") or "shop@localhost"
    subject = " ".join(subject.split())[:255]
    if config.get("MAIL_SERVER"):
        message = build_message(to, subject, text, html, sender)
        _install_listeners()
        session = db.session()
        if not session.in_transaction():
            session.begin()  # so a rollback, even with no SQL yet, drops the message
        session.info.setdefault(_PENDING, []).append((_smtp_settings(config), message))
        return None
    text, html = withhold_secrets(text), withhold_secrets(html)
    row = OutboxMessage(to_address=to, from_address=sender, subject=subject, text_body=text,
                        html_body=html)
    db.session.add(row)
    db.session.flush()
    log.info("mail stored in outbox (no MAIL_SERVER): id=%s to=%s subject=%r\n%s",
             row.id, to, subject, text)
    return row


def absolute_url(endpoint: str, **values) -> str:
    """A full link for a mail. ``PUBLIC_BASE_URL`` wins over the request's Host header, so a
    forged Host cannot put someone else's site into a password-reset mail; production
    refuses to start without it (``ProductionConfig.validate``)."""
    base = current_app.config.get("PUBLIC_BASE_URL")
    if not base and current_app.config.get("ENV_NAME") == "production":
        raise RuntimeError("PUBLIC_BASE_URL is required to build links in production")
    if not has_request_context() and not current_app.config.get("SERVER_NAME"):
        with current_app.test_request_context():  # a CLI or job: no request to borrow from
            return absolute_url(endpoint, **values)
    if base:
        return base.rstrip("/") + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


def outbox_page(page: int = 1, per_page: int = 50) -> tuple[list[OutboxMessage], int]:
    """Stored messages, newest first, and how many there are."""
    total = db.session.scalar(select(func.count(OutboxMessage.id))) or 0
    rows = db.session.scalars(
        select(OutboxMessage).order_by(OutboxMessage.id.desc())
        .offset((page - 1) * per_page).limit(per_page)
    )
    return list(rows), total


# --- SMTP delivery after commit -------------------------------------------------------------

def _smtp_settings(config) -> dict:
    return {
        "host": config["MAIL_SERVER"],
        "port": int(config.get("MAIL_PORT") or 25),
        "use_ssl": bool(config.get("MAIL_USE_SSL")),
        "use_tls": bool(config.get("MAIL_USE_TLS")),
        "username": config.get("MAIL_USERNAME"),
        "password": config.get("MAIL_PASSWORD"),
        "timeout": float(config.get("MAIL_TIMEOUT") or 10),
    }


def deliver(settings: dict, message: EmailMessage) -> None:
    """Hand one message to the SMTP server."""
    cls = smtplib.SMTP_SSL if settings["use_ssl"] else smtplib.SMTP
    with cls(settings["host"], settings["port"], timeout=settings["timeout"]) as smtp:
        if settings["use_tls"] and not settings["use_ssl"]:
            smtp.starttls()
        if settings["username"]:
            smtp.login(settings["username"], settings["password"] or "")
        smtp.send_message(message)


def _after_commit(session: Session) -> None:
    pending = session.info.pop(_PENDING, None)
    for settings, message in pending or ():
        try:
            deliver(settings, message)
            log.info("mail sent: to=%s subject=%r", message["To"], message["Subject"])
        except (OSError, smtplib.SMTPException):
            log.exception("mail not sent: to=%s subject=%r", message["To"], message["Subject"])


def _after_rollback(session: Session) -> None:
    session.info.pop(_PENDING, None)


def _install_listeners() -> None:
    if not event.contains(Session, "after_commit", _after_commit):
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_soft_rollback", _after_rollback_soft)


def _after_rollback_soft(session: Session, previous_transaction) -> None:
    if previous_transaction.parent is None:  # the whole transaction, not a savepoint
        _after_rollback(session)
