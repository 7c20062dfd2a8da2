"""Staff's side of the review: move an application (with the reason and the mail the
applicant gets, as staff edited it), approve it into an organisation whose contact is
invited, suspend and reinstate, note things down, invite the contact again."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from shop.compliance import services as compliance
from shop.compliance.models import ScreeningSubject
from shop.db import utcnow
from shop.errors import ValidationError
from shop.suppliers import notify, queries
from shop.suppliers.exceptions import ApplicationErrors, Conflict, NotFound
from shop.suppliers.models import (
    Actor,
    ApplicationEvent,
    ApplicationStatus,
    SupplierApplication,
    SupplierInvitation,
)
from shop.suppliers.services import history, organisations
from shop.suppliers.services.checks import screen

S = ApplicationStatus


@dataclass(frozen=True)
class Decision:
    """A staff move as the back-office form gives it."""

    target: str
    reason: str  # why, for the history (staff only)
    subject: str  # the mail to the applicant, as staff edited it
    body: str


def _locked(application_id: int) -> SupplierApplication:
    application = queries.lock_application(application_id)
    if application is None:
        raise NotFound("no such application")
    return application


def _check(decision: Decision) -> tuple[str, str, str]:
    reason = (decision.reason or "").strip()
    subject = " ".join((decision.subject or "").split())
    body = (decision.body or "").strip()
    errors = []
    if not reason:
        errors.append(("reason", "Say why: it goes into the application's history."))
    if not subject:
        errors.append(("subject", "Give the mail a subject."))
    elif len(subject) > 200:
        errors.append(("subject", "Use at most 200 characters."))
    if not body:
        errors.append(("body", "Write the message the applicant gets."))
    elif re.search(r"(?m)^-[ \t]*$", body):
        errors.append(("body", "Fill in the empty list item (“- ”) of the message, or "
                               "remove it."))
    if errors:
        raise ApplicationErrors([ValidationError(f, m) for f, m in errors])
    return reason, subject, body


def decide(application_id: int, decision: Decision, *, actor_id: int,
           now: datetime | None = None) -> ApplicationEvent:
    """Move the application as staff decided, with every side effect of the move, and mail
    the applicant staff's message. Approving for the first time creates the organisation
    and invites its contact; approving a suspended one reinstates it."""
    now = now or utcnow()
    application = _locked(application_id)
    target = S(decision.target)
    if not history.may_move(Actor.STAFF, application.status, target):
        history.move(application, target, actor=Actor.STAFF, actor_id=actor_id)  # raises
    reason, subject, body = _check(decision)
    invitation: SupplierInvitation | None = None
    if target == S.APPROVED and application.organisation_id is None:
        _screen_again(application)
        organisation = organisations.create_for(application)
        invitation = organisations.invite(organisation.id, application.email,
                                          application.contact_name, invited_by_id=actor_id,
                                          mail=False, now=now)
    elif target == S.APPROVED:
        organisations.reinstate(application.organisation)
    elif target == S.SUSPENDED:
        organisations.suspend(application.organisation, now)
    event = history.move(application, target, actor=Actor.STAFF, actor_id=actor_id, now=now,
                         note=reason, mail_subject=subject, mail_body=body)
    notify.decision(application, subject, body, invitation=invitation)
    return event


def _screen_again(application: SupplierApplication) -> None:
    """Approval screens the company again (the restricted list may have changed since it
    applied) and records the result; a refused company cannot be approved."""
    values = {"country_code": application.country_code, "region": application.region,
              "city": application.city, "postal_code": application.postal_code,
              "warehouse_countries": application.warehouse_countries}
    result = screen(values)
    compliance.record(ScreeningSubject.APPLICATION, application.id, result)
    application.screening = result.summary[:200]
    if result.refused:
        raise Conflict("The export screening now refuses this company "
                       f"({result.summary}); it cannot be approved.")


def add_note(application_id: int, text: str, *, actor_id: int) -> ApplicationEvent:
    text = (text or "").strip()
    if not text:
        raise ValidationError("note", "Write the note.")
    if len(text) > 2000:
        raise ValidationError("note", "Use at most 2,000 characters.")
    return history.note(_locked(application_id), text, actor=Actor.STAFF, actor_id=actor_id)


def invite_contact_again(application_id: int, *, actor_id: int) -> SupplierInvitation:
    """A new invitation for the contact of an approved application (the first expired)."""
    application = _locked(application_id)
    if application.status != S.APPROVED or application.organisation_id is None:
        raise Conflict("Only the contact of an approved application can be invited.")
    invitation = organisations.invite(application.organisation_id, application.email,
                                      application.contact_name, invited_by_id=actor_id)
    history.note(application, f"Invitation sent again to {application.email}.",
                 actor=Actor.STAFF, actor_id=actor_id)
    return invitation
