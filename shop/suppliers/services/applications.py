"""Applying to sell: send an application (checked field by field, screened, with its
documents), confirm the e-mail address, answer staff's request for more information, add
documents, and get the links to one's applications again.

Every field's rule is checked at once and every broken rule reported next to its field
(``ApplicationErrors``); nothing is stored unless everything passes."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from shop.accounts import services as account_services
from shop.accounts.exceptions import TokenExpired, TokenInvalid
from shop.compliance import services as compliance
from shop.compliance.models import ScreeningSubject
from shop.compliance.rules import ScreeningResult
from shop.db import utcnow
from shop.errors import ValidationError
from shop.extensions import db
from shop.suppliers import identifiers, links, notify, queries
from shop.suppliers.exceptions import ApplicationErrors, Conflict, NotFound
from shop.suppliers.models import (
    ACCEPTS_DOCUMENTS,
    Actor,
    ApplicationBrand,
    ApplicationEvent,
    ApplicationFamily,
    ApplicationStatus,
    DocumentKind,
    SupplierApplication,
)
from shop.suppliers.services import checks, history
from shop.suppliers.services import documents as docs
from shop.suppliers.services.checks import ApplicationInput

log = logging.getLogger(__name__)

S = ApplicationStatus
TERMS_VERSION = "2026-12"  # the supplier terms on /suppliers#terms
REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
DOCUMENTS_FIELD = "documents"  # the field of the add-documents form


def _new_reference() -> str:
    while True:
        reference = "SA-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(7))
        if not queries.reference_taken(reference):
            return reference


def _fill(application: SupplierApplication, values: dict, clean: checks.Cleaned) -> list[str]:
    """Write the cleaned values; return the labels of what changed."""
    changed = []
    for name, value in values.items():
        if getattr(application, name, None) != value:
            if name != "tax_key":
                changed.append(name.replace("_", " "))
            setattr(application, name, value)
    application.name_key = identifiers.name_key(values["legal_name"])
    application.trading_key = (identifiers.name_key(values["trading_name"])
                               if values["trading_name"] else "")
    application.email_domain = identifiers.email_domain(values["email"])
    if sorted(application.family_codes) != clean.families:
        changed.append("product families")
        application.families = [ApplicationFamily(family=f) for f in clean.families]
    brands = [(b.name, b.authorised) for b in clean.brands]
    if [(b.name, b.authorised) for b in application.brands] != brands:
        changed.append("brands")
        application.brands = [ApplicationBrand(name=n, authorised=a, position=i)
                              for i, (n, a) in enumerate(brands)]
    return changed


def _record_screening(application: SupplierApplication, result: ScreeningResult) -> None:
    compliance.record(ScreeningSubject.APPLICATION, application.id, result)
    application.screening = result.summary[:200]


def _flush_or_duplicate() -> None:
    """Flush; a unique index that refuses the row means a twin application got there a
    moment earlier."""
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError as exc:
        raise ApplicationErrors([ValidationError(
            "tax_id", "We already have an open or approved application of this company. "
                      "If it is yours, follow it with the link in our mails.")]) from exc


def expire_unconfirmed(now: datetime | None = None) -> list[str]:
    """Close applications whose e-mail address was not confirmed while the link worked, so
    they no longer block the company's next application. Returns their references."""
    now = now or utcnow()
    days = links.max_age_days(links.CONFIRM)
    cutoff = now - timedelta(days=days)
    closed = []
    for application in queries.unconfirmed_before(cutoff):
        history.move(application, S.REJECTED, actor=Actor.SHOP, actor_id=None, now=now,
                     note=f"The e-mail address was not confirmed within {days} days.")
        closed.append(application.reference)
    return closed


def submit(data: ApplicationInput, uploads: Sequence[docs.DocumentUpload], *,
           upload_dir: str, applicant_user_id: int | None = None,
           now: datetime | None = None) -> SupplierApplication:
    """Check and store a new application with its documents and screening, and mail the
    link that confirms its e-mail address. Raises ``ApplicationErrors`` (every broken rule,
    each for its field) and stores nothing then."""
    now = now or utcnow()
    clean = checks.clean(data)
    if not data.accept_terms:
        clean.error("accept_terms", "Accept the supplier terms to apply.")
    checked, upload_errors = docs.check_uploads(uploads)
    clean.errors += upload_errors
    if not any(u.kind == DocumentKind.REGISTRATION for u in uploads):
        clean.error("registration_documents", "Add the company's registration document "
                                              "(an extract of the trade register or alike).")
    values = clean.values
    screening = None
    if not any(e.field in ("country_code", "warehouse_countries") for e in clean.errors):
        screening = checks.screen(values)
        if screening.refused:
            log.warning("supplier application refused by screening: %s", screening.summary)
            clean.errors.append(checks.screening_error(screening, values))
    if clean.errors:
        raise ApplicationErrors(clean.errors)
    expire_unconfirmed(now)
    duplicates = checks.duplicate_errors(values)
    if duplicates:
        raise ApplicationErrors(duplicates)
    application = SupplierApplication(
        reference=_new_reference(), status=S.SUBMITTED, status_changed_at=now,
        terms_version=TERMS_VERSION, terms_accepted_at=now,
        applicant_user_id=applicant_user_id, created_at=now)
    _fill(application, values, clean)
    db.session.add(application)
    _flush_or_duplicate()
    _record_screening(application, screening)
    docs.store_documents(application, checked, upload_dir=upload_dir, uploaded_by=Actor.APPLICANT)
    db.session.add(ApplicationEvent(
        application_id=application.id, from_status="", to_status=S.SUBMITTED,
        actor_kind=Actor.APPLICANT, actor_id=applicant_user_id, created_at=now,
        note=f"Application sent with {len(checked)} document{'s' if len(checked) != 1 else ''}."))
    db.session.flush()
    notify.confirm_address(application)
    return application


def check_confirm_link(token: str, now: float | None = None) -> SupplierApplication:
    """The application a confirmation link belongs to, or a ``TokenError``. Changes nothing."""
    data = links.read(token, links.CONFIRM, now=now)
    application = queries.application_by_id(data.user_id)
    if application is None or application.email != data.email:
        raise TokenInvalid()
    return application


def confirm_email(token: str, *, now: datetime | None = None) -> tuple[SupplierApplication, bool]:
    """Confirm the application's e-mail address: it enters review and the applicant gets a
    mail with the link to its page. Returns the application and whether this use confirmed
    it (False: it was confirmed already, the link's single use spent)."""
    now = now or utcnow()
    found = check_confirm_link(token)
    application = queries.lock_application(found.id)
    if application.email_confirmed_at is not None:
        return application, False
    if application.status != S.SUBMITTED:
        raise TokenExpired("This application was closed before its e-mail address was "
                           "confirmed. You are welcome to apply again.")
    result = db.session.execute(
        update(SupplierApplication)
        .where(SupplierApplication.id == application.id,
               SupplierApplication.email_confirmed_at.is_(None))
        .values(email_confirmed_at=now).execution_options(synchronize_session=False))
    if result.rowcount != 1:  # confirmed by a request that raced this one
        db.session.refresh(application)
        return application, False
    db.session.refresh(application)
    history.move(application, S.IN_REVIEW, actor=Actor.APPLICANT,
                 actor_id=application.applicant_user_id, now=now,
                 note="E-mail address confirmed.")
    notify.received(application)
    return application, True


def answer(application_id: int, data: ApplicationInput, reply: str,
           uploads: Sequence[docs.DocumentUpload], *, upload_dir: str,
           actor_id: int | None = None, now: datetime | None = None) -> SupplierApplication:
    """The applicant answers a request for more information: corrected fields, more
    documents and a reply. The application goes back to review; the screening and the
    duplicate checks run again."""
    now = now or utcnow()
    application = queries.lock_application(application_id)
    if application is None:
        raise NotFound("no such application")
    if application.status != S.MORE_INFO:
        raise Conflict("This application is not waiting for an answer from you.")
    clean = checks.clean(data)
    values = clean.values
    values["email"] = application.email  # the address is confirmed; it does not change here
    clean.errors = [e for e in clean.errors if e.field != "email"]
    reply = (reply or "").strip()
    if not reply:
        clean.error("reply", "Write your answer to our questions.")
    elif len(reply) > 5000:
        clean.error("reply", "Use at most 5,000 characters.")
    checked, upload_errors = docs.check_uploads(
        uploads, already=queries.document_count(application.id))
    clean.errors += upload_errors
    screening = None
    if not any(e.field in ("country_code", "warehouse_countries") for e in clean.errors):
        screening = checks.screen(values)
        if screening.refused:
            clean.errors.append(checks.screening_error(screening, values))
    if clean.errors:
        raise ApplicationErrors(clean.errors)
    duplicates = checks.duplicate_errors(values, except_id=application.id)
    if duplicates:
        raise ApplicationErrors(duplicates)
    changed = _fill(application, values, clean)
    _flush_or_duplicate()
    _record_screening(application, screening)
    stored = docs.store_documents(application, checked, upload_dir=upload_dir,
                                  uploaded_by=Actor.APPLICANT)
    summary = [f"Answer: {reply}"]
    if changed:
        summary.append("Changed: " + ", ".join(changed) + ".")
    if stored:
        summary.append("Documents added: " + ", ".join(d.filename for d in stored) + ".")
    history.move(application, S.IN_REVIEW, actor=Actor.APPLICANT, actor_id=actor_id, now=now,
                 note="\n".join(summary))
    notify.answer_received(application)
    return application


def add_documents(application_id: int, uploads: Sequence[docs.DocumentUpload], *,
                  upload_dir: str, actor: Actor, actor_id: int | None = None,
                  ) -> SupplierApplication:
    """More documents for an application still under consideration."""
    application = queries.lock_application(application_id)
    if application is None:
        raise NotFound("no such application")
    if application.status not in ACCEPTS_DOCUMENTS:
        raise Conflict("Documents can be added only while the application is being "
                       "considered.")
    if not uploads:
        raise ApplicationErrors([ValidationError(DOCUMENTS_FIELD, "Choose at least one file "
                                                                  "to add.")])
    checked, errors = docs.check_uploads(uploads, already=queries.document_count(application.id))
    if errors:
        raise ApplicationErrors(errors)
    stored = docs.store_documents(application, checked, upload_dir=upload_dir,
                                  uploaded_by=actor)
    history.note(application, "Documents added: " + ", ".join(d.filename for d in stored) + ".",
                 actor=actor, actor_id=actor_id)
    return application


def send_links(email: str) -> None:
    """Mail the links to every application of this address (or say there is none): the
    same one mail whatever the address, so the answer reveals nothing."""
    try:
        email = account_services.normalize_email(email)
    except ValidationError:
        return
    notify.status_links(email, queries.applications_by_email(email))
