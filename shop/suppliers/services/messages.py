"""Messages from staff to a supplier organisation: staff write one in the back office, every
member of the organisation gets it by mail with a link to the portal, and the first member
who opens it there marks it read."""

from __future__ import annotations

from flask import current_app

from shop.db import utcnow
from shop.extensions import db
from shop.mail import absolute_url
from shop.suppliers import notify, portal_queries, queries
from shop.suppliers.exceptions import ApplicationErrors, NotFound, ValidationError
from shop.suppliers.models_messages import SupplierMessage

SUBJECT_MAX = 200
BODY_MAX = 10_000


def _checked(subject: str, body: str) -> tuple[str, str]:
    subject = " ".join((subject or "").split())
    body = (body or "").replace("\r\n", "\n").strip()
    errors = []
    if not subject:
        errors.append(ValidationError("subject", "Write a subject."))
    elif len(subject) > SUBJECT_MAX:
        errors.append(ValidationError("subject", f"Keep the subject under {SUBJECT_MAX} "
                                                 "characters."))
    if not body:
        errors.append(ValidationError("body", "Write the message."))
    elif len(body) > BODY_MAX:
        errors.append(ValidationError("body", f"Keep the message under {BODY_MAX:,} "
                                              "characters."))
    if errors:
        raise errors[0] if len(errors) == 1 else ApplicationErrors(errors)
    return subject, body


def send_message(organisation_id: int, subject: str, body: str, *,
                 author_id: int | None) -> SupplierMessage:
    """Record a message to the organisation and mail it to each of its members. Raises
    ``NotFound`` for no such organisation, ``ValidationError`` on subject or body."""
    organisation = queries.organisation_by_id(organisation_id)
    if organisation is None:
        raise NotFound("No such supplier organisation.")
    subject, body = _checked(subject, body)
    message = SupplierMessage(organisation_id=organisation.id, author_id=author_id,
                              subject=subject, body=body, created_at=utcnow())
    db.session.add(message)
    db.session.flush()
    shop_name = current_app.config["SHOP_NAME"]
    link = absolute_url("supplier.message", message_id=message.id)
    for member in queries.members(organisation.id):
        notify.send(member.email, notify.Mail(
            f"Message from {shop_name}: {subject}",
            [f"The {shop_name} supplier team wrote to {organisation.display_name}:",
             *notify.paragraphs(body)],
            "Read it in the supplier portal", link,
            ["You get this mail as a member of your organisation in our supplier portal."]))
    return message


def mark_read(organisation_id: int, message_id: int, *, user_id: int | None
              ) -> SupplierMessage:
    """The organisation's message, marked read the first time (later calls change
    nothing). ``NotFound`` for a message sent to anyone else."""
    message = portal_queries.message_of(organisation_id, message_id)
    if message is None:
        raise NotFound("No such message.")
    if message.read_at is None:
        message.read_at = utcnow()
        message.read_by_id = user_id
        db.session.flush()
    return message
