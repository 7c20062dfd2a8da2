"""The supplier programme: applications (with their product families, brands, documents and
every status they passed through), the organisations approved applications become, and the
invitations that bring people into an organisation."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from enum import StrEnum
from types import MappingProxyType

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shop.accounts.models import User
from shop.db import TimestampMixin, utcnow
from shop.extensions import db
from shop.status import transitions


class ApplicationStatus(StrEnum):
    SUBMITTED = "submitted"  # sent; the e-mail address is not confirmed yet
    IN_REVIEW = "in_review"
    MORE_INFO = "more_info"  # staff asked the applicant for more
    APPROVED = "approved"  # its organisation exists and may sell
    REJECTED = "rejected"
    SUSPENDED = "suspended"  # approved once, stopped for now


class Actor(StrEnum):
    """Who moves an application."""

    APPLICANT = "applicant"  # through the signed links, or signed in as its organisation
    STAFF = "staff"  # in the back office
    SHOP = "shop"  # a schedule


S = ApplicationStatus
A = Actor
# Allowed status changes, and who makes each:
#   submitted  → in review   the applicant, by confirming the e-mail address
#              → rejected    staff (spam), or the shop once the confirmation link expired
#   in review  → more info   staff ask for something
#              → approved    staff: the organisation is created and its contact invited
#              → rejected    staff
#   more info  → in review   the applicant answers (or staff, who got the answer another way)
#              → rejected    staff
#   approved   → suspended   staff
#   suspended  → approved    staff reinstate the organisation
#              → rejected    staff end it for good
#   rejected   → (nothing)
APPLICATION_TRANSITIONS = transitions(S, {
    S.SUBMITTED: {S.IN_REVIEW, S.REJECTED},
    S.IN_REVIEW: {S.MORE_INFO, S.APPROVED, S.REJECTED},
    S.MORE_INFO: {S.IN_REVIEW, S.REJECTED},
    S.APPROVED: {S.SUSPENDED},
    S.SUSPENDED: {S.APPROVED, S.REJECTED},
    S.REJECTED: set(),
})
MOVERS: Mapping[tuple[S, S], frozenset[Actor]] = MappingProxyType({
    (S.SUBMITTED, S.IN_REVIEW): frozenset({A.APPLICANT}),
    (S.SUBMITTED, S.REJECTED): frozenset({A.STAFF, A.SHOP}),
    (S.IN_REVIEW, S.MORE_INFO): frozenset({A.STAFF}),
    (S.IN_REVIEW, S.APPROVED): frozenset({A.STAFF}),
    (S.IN_REVIEW, S.REJECTED): frozenset({A.STAFF}),
    (S.MORE_INFO, S.IN_REVIEW): frozenset({A.APPLICANT, A.STAFF}),
    (S.MORE_INFO, S.REJECTED): frozenset({A.STAFF}),
    (S.APPROVED, S.SUSPENDED): frozenset({A.STAFF}),
    (S.SUSPENDED, S.APPROVED): frozenset({A.STAFF}),
    (S.SUSPENDED, S.REJECTED): frozenset({A.STAFF}),
})
assert set(MOVERS) == {(a, b) for a, targets in APPLICATION_TRANSITIONS.items()
                       for b in targets}, "every allowed move names who makes it"

# Statuses in which an application blocks another one of the same company.
OPEN_STATUSES = frozenset({S.SUBMITTED, S.IN_REVIEW, S.MORE_INFO, S.APPROVED, S.SUSPENDED})
# Statuses in which the applicant may still add documents.
ACCEPTS_DOCUMENTS = frozenset({S.SUBMITTED, S.IN_REVIEW, S.MORE_INFO})

# What the applicant (and staff) read for each status.
STATUS_TEXT = {
    S.SUBMITTED: "Waiting for e-mail confirmation",
    S.IN_REVIEW: "In review",
    S.MORE_INFO: "More information needed",
    S.APPROVED: "Approved",
    S.REJECTED: "Not accepted",
    S.SUSPENDED: "Suspended",
}
STATUS_EXPLAINED = {
    S.SUBMITTED: "Confirm your e-mail address with the link we sent you; your application "
                 "enters our review queue then.",
    S.IN_REVIEW: "Our supplier team is reviewing your application. Most reviews take five "
                 "working days; we write as soon as we decide or need something.",
    S.MORE_INFO: "We need more from you before we can decide: read our message below, then "
                 "answer with the form on this page.",
    S.APPROVED: "Welcome aboard: your supplier organisation is set up. Its contact has an "
                "invitation to set a password and sign in to the supplier portal.",
    S.REJECTED: "We cannot take this application further. Our message below says why.",
    S.SUSPENDED: "Your organisation is suspended for now: its listings are not sold. Our "
                 "message below says why and what happens next.",
}

_OPEN = "status IN ('submitted', 'in_review', 'more_info', 'approved', 'suspended')"


class ProductFamily(StrEnum):
    INFINIBAND_SWITCHES = "infiniband_switches"
    ETHERNET_SWITCHES = "ethernet_switches"
    ADAPTERS = "adapters"
    DAC_CABLES = "dac_cables"
    AOC_CABLES = "aoc_cables"
    TRANSCEIVERS = "transceivers"
    EMULATORS = "emulators"
    OTHER = "other"


FAMILY_TEXT = {
    ProductFamily.INFINIBAND_SWITCHES: "InfiniBand switches",
    ProductFamily.ETHERNET_SWITCHES: "Ethernet switches",
    ProductFamily.ADAPTERS: "Network adapters, NICs and DPUs",
    ProductFamily.DAC_CABLES: "Direct-attach copper cables (DAC, ACC)",
    ProductFamily.AOC_CABLES: "Active optical cables (AOC)",
    ProductFamily.TRANSCEIVERS: "Optical transceivers",
    ProductFamily.EMULATORS: "Network emulators",
    ProductFamily.OTHER: "Other datacenter networking hardware",
}


class Certification(StrEnum):
    ISO_9001 = "iso9001"
    ISO_14001 = "iso14001"
    ISO_27001 = "iso27001"
    R2 = "r2"
    E_STEWARDS = "estewards"


CERTIFICATION_TEXT = {
    Certification.ISO_9001: "ISO 9001 (quality management)",
    Certification.ISO_14001: "ISO 14001 (environmental management)",
    Certification.ISO_27001: "ISO 27001 (information security)",
    Certification.R2: "R2 (responsible recycling of electronics)",
    Certification.E_STEWARDS: "e-Stewards",
}


class DocumentKind(StrEnum):
    REGISTRATION = "registration"  # company registration (chamber of commerce extract …)
    BRAND_LETTER = "brand_letter"  # a brand owner's authorisation to sell its products
    CERTIFICATE = "certificate"
    OTHER = "other"


DOCUMENT_TEXT = {
    DocumentKind.REGISTRATION: "Company registration",
    DocumentKind.BRAND_LETTER: "Brand authorisation letter",
    DocumentKind.CERTIFICATE: "Certificate",
    DocumentKind.OTHER: "Other document",
}


class SupplierOrganisation(TimestampMixin, db.Model):
    """A company that sells through the shop. ``Product.supplier_id`` and
    ``User.supplier_id`` point here; its members are the users with the supplier role and
    its id."""

    __tablename__ = "supplier_organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))  # legal name
    trading_name: Mapped[str] = mapped_column(String(200), default="")
    country_code: Mapped[str] = mapped_column(String(2))
    tax_id: Mapped[str] = mapped_column(String(40), default="")
    website: Mapped[str] = mapped_column(String(300), default="")
    email: Mapped[str] = mapped_column(String(254), default="")  # the contact's, at approval
    phone: Mapped[str] = mapped_column(String(40), default="")
    # Set while the organisation is suspended: its members keep their accounts, but it sells
    # nothing (``is_active``).
    suspended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    @property
    def display_name(self) -> str:
        return self.trading_name or self.name

    @property
    def is_active(self) -> bool:
        return self.suspended_at is None


class SupplierApplication(TimestampMixin, db.Model):
    __tablename__ = "supplier_application"
    __table_args__ = (
        # While one application of a company is open or approved, no second one: the
        # service says so first; these refuse the one that races it.
        Index("uq_supplier_application_open_tax", "tax_key", unique=True,
              sqlite_where=text(_OPEN), postgresql_where=text(_OPEN)),
        Index("uq_supplier_application_open_name", "name_key", unique=True,
              sqlite_where=text(_OPEN), postgresql_where=text(_OPEN)),
        Index("ix_supplier_application_status_changed", "status", "status_changed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # What the applicant and staff call it (SA-…), random so it says nothing of volume.
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    status: Mapped[str] = mapped_column(String(20), default=S.SUBMITTED)
    status_changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True),
                                                        default=utcnow)
    legal_name: Mapped[str] = mapped_column(String(200))
    trading_name: Mapped[str] = mapped_column(String(200), default="")
    name_key: Mapped[str] = mapped_column(String(200))  # identifiers.name_key(legal_name)
    trading_key: Mapped[str] = mapped_column(String(200), default="")
    country_code: Mapped[str] = mapped_column(String(2), index=True)
    address_line1: Mapped[str] = mapped_column(String(200))
    address_line2: Mapped[str] = mapped_column(String(200), default="")
    city: Mapped[str] = mapped_column(String(120))
    region: Mapped[str] = mapped_column(String(120), default="")
    postal_code: Mapped[str] = mapped_column(String(20), default="")
    website: Mapped[str] = mapped_column(String(300), default="")
    tax_id: Mapped[str] = mapped_column(String(40))  # compact, as python-stdnum gives it
    tax_key: Mapped[str] = mapped_column(String(50))  # "NL:004495445B01"
    contact_name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254), index=True)
    email_domain: Mapped[str] = mapped_column(String(254), index=True)
    phone: Mapped[str] = mapped_column(String(40))  # E.164
    estimated_products: Mapped[int] = mapped_column(Integer)
    warehouse_countries: Mapped[str] = mapped_column(String(400))  # "NL,DE,US"
    certifications: Mapped[str] = mapped_column(String(200), default="")  # "iso9001,r2"
    other_certifications: Mapped[str] = mapped_column(String(300), default="")
    message: Mapped[str] = mapped_column(Text, default="")  # anything else they told us
    terms_version: Mapped[str] = mapped_column(String(20))
    terms_accepted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    email_confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    screening: Mapped[str] = mapped_column(String(200), default="")  # the latest, for people
    # Who applied, when signed in; their account then shows the application too.
    applicant_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("supplier_organisation.id"), unique=True)

    families: Mapped[list[ApplicationFamily]] = relationship(
        cascade="all, delete-orphan", order_by="ApplicationFamily.family")
    brands: Mapped[list[ApplicationBrand]] = relationship(
        cascade="all, delete-orphan", order_by="ApplicationBrand.position")
    documents: Mapped[list[ApplicationDocument]] = relationship(
        cascade="all, delete-orphan", order_by="ApplicationDocument.id")
    events: Mapped[list[ApplicationEvent]] = relationship(
        cascade="all, delete-orphan", order_by="ApplicationEvent.id")
    organisation: Mapped[SupplierOrganisation | None] = relationship()

    @property
    def family_codes(self) -> list[str]:
        return [f.family for f in self.families]

    @property
    def warehouse_codes(self) -> list[str]:
        return [c for c in self.warehouse_countries.split(",") if c]

    @property
    def certification_codes(self) -> list[str]:
        return [c for c in self.certifications.split(",") if c]

    @property
    def display_name(self) -> str:
        return self.trading_name or self.legal_name


class ApplicationFamily(db.Model):
    __tablename__ = "supplier_application_family"

    application_id: Mapped[int] = mapped_column(
        ForeignKey("supplier_application.id", ondelete="CASCADE"), primary_key=True)
    family: Mapped[str] = mapped_column(String(30), primary_key=True, index=True)


class ApplicationBrand(db.Model):
    __tablename__ = "supplier_application_brand"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("supplier_application.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(80))
    authorised: Mapped[bool] = mapped_column(Boolean, default=False)  # by the brand owner


class ApplicationDocument(db.Model):
    """A checked upload (PDF, PNG or JPEG), stored under ``UPLOAD_DIR/suppliers/`` with a
    random name; served only to staff and to the applicant."""

    __tablename__ = "supplier_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("supplier_application.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    filename: Mapped[str] = mapped_column(String(200))  # as uploaded, cleaned; for people
    path: Mapped[str] = mapped_column(String(200), unique=True)  # relative to UPLOAD_DIR
    content_type: Mapped[str] = mapped_column(String(40))
    size_bytes: Mapped[int] = mapped_column(Integer)
    pages: Mapped[int | None] = mapped_column(Integer)
    uploaded_by: Mapped[str] = mapped_column(String(10), default=Actor.APPLICANT)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ApplicationEvent(db.Model):
    """A status change or a note (from = to): who, when, why, and the mail the applicant
    got with it."""

    __tablename__ = "supplier_application_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("supplier_application.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    actor_kind: Mapped[str] = mapped_column(String(10))
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(String(2000), default="")  # why (staff's words)
    mail_subject: Mapped[str] = mapped_column(String(255), default="")
    mail_body: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    actor: Mapped[User | None] = relationship()

    @property
    def is_move(self) -> bool:
        return self.from_status != self.to_status


class SupplierInvitation(db.Model):
    """An invitation to join an organisation, mailed as a signed, expiring link. Accepting
    it is recorded here once (``accepted_at``), which makes the link single-use."""

    __tablename__ = "supplier_invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("supplier_organisation.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    invited_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    accepted_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    organisation: Mapped[SupplierOrganisation] = relationship()

    def is_pending(self, now: datetime) -> bool:
        return (self.accepted_at is None and self.revoked_at is None
                and as_utc(self.expires_at) > now)


def as_utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; every stored one is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
