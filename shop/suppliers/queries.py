"""Reads for the supplier programme: applications (for their applicant and for the review
queue), their documents, possible duplicates, organisations, members and invitations."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import selectinload

from shop.accounts.models import Role, User
from shop.db import utcnow
from shop.extensions import db
from shop.suppliers.models import (
    OPEN_STATUSES,
    ApplicationDocument,
    ApplicationFamily,
    ApplicationStatus,
    SupplierApplication,
    SupplierInvitation,
    SupplierOrganisation,
)

# --- applications ---------------------------------------------------------------------------


def application_by_id(application_id: int) -> SupplierApplication | None:
    return db.session.get(SupplierApplication, application_id)


def lock_application(application_id: int) -> SupplierApplication | None:
    """The application, its row locked until the transaction ends (PostgreSQL), read afresh:
    two staff members (or staff and the applicant) cannot both move it from one status."""
    return db.session.scalar(
        select(SupplierApplication).where(SupplierApplication.id == application_id)
        .with_for_update().execution_options(populate_existing=True))


def applicant_may_see(application: SupplierApplication, *, user=None,
                      granted_ids: Iterable[int] = ()) -> bool:
    """Whether this visitor is the application's applicant: the browser opened one of its
    signed links (``granted_ids``), the signed-in account applied, or the account belongs to
    the organisation the application became."""
    if application.id in set(granted_ids):
        return True
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if application.applicant_user_id is not None and application.applicant_user_id == user.id:
        return True
    return (user.role == Role.SUPPLIER and user.supplier_id is not None
            and application.organisation_id == user.supplier_id)


def visible_application(application_id: int, *, user=None,
                        granted_ids: Iterable[int] = ()) -> SupplierApplication | None:
    """The application if this visitor is its applicant; anyone else's is as good as
    missing."""
    application = application_by_id(application_id)
    if application is None or not applicant_may_see(application, user=user,
                                                     granted_ids=granted_ids):
        return None
    return application


def applications_of(*, user=None, granted_ids: Iterable[int] = ()) -> list[SupplierApplication]:
    """Every application this visitor may follow, newest first."""
    conditions = []
    granted = [i for i in granted_ids if isinstance(i, int)]
    if granted:
        conditions.append(SupplierApplication.id.in_(granted))
    if user is not None and getattr(user, "is_authenticated", False):
        conditions.append(SupplierApplication.applicant_user_id == user.id)
        if user.role == Role.SUPPLIER and user.supplier_id is not None:
            conditions.append(SupplierApplication.organisation_id == user.supplier_id)
    if not conditions:
        return []
    return list(db.session.scalars(
        select(SupplierApplication).where(or_(*conditions))
        .order_by(SupplierApplication.id.desc()).limit(50)))


def applications_by_email(email: str, limit: int = 10) -> list[SupplierApplication]:
    return list(db.session.scalars(
        select(SupplierApplication).where(SupplierApplication.email == email)
        .order_by(SupplierApplication.id.desc()).limit(limit)))


def document_of(application_id: int, document_id: int) -> ApplicationDocument | None:
    """The document only if it belongs to ``application_id``."""
    return db.session.scalar(
        select(ApplicationDocument).where(ApplicationDocument.id == document_id,
                                          ApplicationDocument.application_id == application_id))


def document_count(application_id: int) -> int:
    return db.session.scalar(
        select(func.count(ApplicationDocument.id))
        .where(ApplicationDocument.application_id == application_id)) or 0


def reference_taken(reference: str) -> bool:
    return db.session.scalar(select(SupplierApplication.id)
                             .where(SupplierApplication.reference == reference)) is not None


@dataclass(frozen=True)
class Duplicate:
    application: SupplierApplication
    field: str  # the form field the message belongs to
    why: str  # "tax", "domain", "name"


def open_duplicates(*, tax_key: str, name_keys: Sequence[str], email_domain: str | None,
                    except_id: int | None = None) -> list[Duplicate]:
    """Open or approved applications that are the same company: the same tax ID; the same
    e-mail domain (when it is the company's own) and a shared name; or the same legal
    name, normalised."""
    names = [n for n in name_keys if n]
    conditions = [SupplierApplication.tax_key == tax_key]
    if names:
        conditions.append(SupplierApplication.name_key == names[0])
        if email_domain:
            conditions.append((SupplierApplication.email_domain == email_domain) & or_(
                SupplierApplication.name_key.in_(names),
                SupplierApplication.trading_key.in_(names)))
    stmt = select(SupplierApplication).where(
        SupplierApplication.status.in_([str(s) for s in OPEN_STATUSES]), or_(*conditions))
    if except_id is not None:
        stmt = stmt.where(SupplierApplication.id != except_id)
    found: list[Duplicate] = []
    for application in db.session.scalars(stmt.order_by(SupplierApplication.id)):
        if application.tax_key == tax_key:
            found.append(Duplicate(application, "tax_id", "tax"))
        elif names and application.name_key == names[0]:
            found.append(Duplicate(application, "legal_name", "name"))
        else:
            found.append(Duplicate(application, "email", "domain"))
    return found


def unconfirmed_before(cutoff: datetime) -> list[SupplierApplication]:
    """Applications still waiting for their e-mail confirmation, sent before ``cutoff``."""
    return list(db.session.scalars(
        select(SupplierApplication).where(
            SupplierApplication.status == ApplicationStatus.SUBMITTED,
            SupplierApplication.created_at < cutoff)
        .order_by(SupplierApplication.id)))


# --- the review queue -------------------------------------------------------------------------

AGES = {"2": 2, "7": 7, "30": 30}  # "waiting longer than N days" filter values


@dataclass(frozen=True)
class QueueFilter:
    status: str = ""
    country: str = ""
    family: str = ""
    age: str = ""  # a key of AGES
    q: str = ""


def queue_page(flt: QueueFilter, page: int, per_page: int, now: datetime | None = None,
               ) -> tuple[list[SupplierApplication], int]:
    """Applications matching the filter and how many there are. Open ones first, longest
    waiting first; decided ones after them, most recent first."""
    stmt = select(SupplierApplication)
    if flt.status:
        stmt = stmt.where(SupplierApplication.status == flt.status)
    if flt.country:
        stmt = stmt.where(SupplierApplication.country_code == flt.country)
    if flt.family:
        stmt = stmt.where(exists().where(
            ApplicationFamily.application_id == SupplierApplication.id,
            ApplicationFamily.family == flt.family))
    if flt.age in AGES:
        cutoff = (now or utcnow()) - timedelta(days=AGES[flt.age])
        stmt = stmt.where(SupplierApplication.status_changed_at < cutoff)
    if flt.q:
        like = f"%{flt.q.lower()}%"
        stmt = stmt.where(or_(func.lower(SupplierApplication.legal_name).like(like),
                              func.lower(SupplierApplication.trading_name).like(like),
                              func.lower(SupplierApplication.email).like(like),
                              func.lower(SupplierApplication.reference).like(like),
                              func.lower(SupplierApplication.tax_id).like(like)))
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    waiting = SupplierApplication.status.in_(
        [ApplicationStatus.IN_REVIEW, ApplicationStatus.MORE_INFO, ApplicationStatus.SUBMITTED])
    rows = db.session.scalars(
        stmt.options(selectinload(SupplierApplication.families))
        .order_by(waiting.desc(), SupplierApplication.status_changed_at.asc())
        .offset((page - 1) * per_page).limit(per_page))
    return list(rows), total


def count_by_status() -> dict[str, int]:
    rows = db.session.execute(select(SupplierApplication.status, func.count())
                              .group_by(SupplierApplication.status))
    return {status: n for status, n in rows}


def pending_applications_count() -> int:
    """Applications waiting for staff: in review (the applicant confirmed the address or
    answered a question)."""
    return db.session.scalar(
        select(func.count(SupplierApplication.id))
        .where(SupplierApplication.status == ApplicationStatus.IN_REVIEW)) or 0


def pending_applications(limit: int = 10) -> list[SupplierApplication]:
    """Applications in review, the longest waiting first (the back office's home page)."""
    return list(db.session.scalars(
        select(SupplierApplication)
        .where(SupplierApplication.status == ApplicationStatus.IN_REVIEW)
        .order_by(SupplierApplication.status_changed_at, SupplierApplication.id).limit(limit)))


def countries_in_use() -> list[str]:
    return list(db.session.scalars(select(SupplierApplication.country_code).distinct()
                                   .order_by(SupplierApplication.country_code)))


# --- organisations, members, invitations ------------------------------------------------------


def organisation_by_id(organisation_id: int) -> SupplierOrganisation | None:
    return db.session.get(SupplierOrganisation, organisation_id)


def organisation_for_user(user) -> SupplierOrganisation | None:
    """The organisation a user belongs to: only users with the supplier role have one."""
    if (user is None or not getattr(user, "is_authenticated", True)
            or getattr(user, "role", None) != Role.SUPPLIER
            or getattr(user, "supplier_id", None) is None):
        return None
    return organisation_by_id(user.supplier_id)


def application_of_organisation(organisation_id: int) -> SupplierApplication | None:
    return db.session.scalar(select(SupplierApplication)
                             .where(SupplierApplication.organisation_id == organisation_id))


def members(organisation_id: int) -> list[User]:
    return list(db.session.scalars(
        select(User).where(User.supplier_id == organisation_id, User.role == Role.SUPPLIER,
                           User.deleted_at.is_(None))
        .order_by(User.email)))


def member(organisation_id: int, user_id: int) -> User | None:
    """The user only if they belong to ``organisation_id``."""
    return db.session.scalar(
        select(User).where(User.id == user_id, User.supplier_id == organisation_id,
                           User.role == Role.SUPPLIER, User.deleted_at.is_(None)))


def pending_invitations(organisation_id: int, now: datetime | None = None,
                        ) -> list[SupplierInvitation]:
    now = now or utcnow()
    return list(db.session.scalars(
        select(SupplierInvitation).where(
            SupplierInvitation.organisation_id == organisation_id,
            SupplierInvitation.accepted_at.is_(None), SupplierInvitation.revoked_at.is_(None),
            SupplierInvitation.expires_at > now)
        .order_by(SupplierInvitation.id)))


def invitation_of(organisation_id: int, invitation_id: int) -> SupplierInvitation | None:
    return db.session.scalar(
        select(SupplierInvitation).where(SupplierInvitation.id == invitation_id,
                                         SupplierInvitation.organisation_id == organisation_id))


def invitation_by_id(invitation_id: int) -> SupplierInvitation | None:
    return db.session.get(SupplierInvitation, invitation_id)


def organisations_page(page: int, per_page: int) -> tuple[list[tuple], int]:
    """Organisations with their member counts, by name."""
    total = db.session.scalar(select(func.count(SupplierOrganisation.id))) or 0
    counts = (select(User.supplier_id, func.count(User.id).label("n"))
              .where(User.role == Role.SUPPLIER, User.deleted_at.is_(None))
              .group_by(User.supplier_id).subquery())
    rows = db.session.execute(
        select(SupplierOrganisation, func.coalesce(counts.c.n, 0), SupplierApplication.id)
        .outerjoin(counts, counts.c.supplier_id == SupplierOrganisation.id)
        .outerjoin(SupplierApplication,
                   SupplierApplication.organisation_id == SupplierOrganisation.id)
        .order_by(SupplierOrganisation.name, SupplierOrganisation.id)
        .offset((page - 1) * per_page).limit(per_page)).all()
    return [tuple(r) for r in rows], total
