"""A supplier's listing, the statuses it moves through, who moves it, the events that record
each move, staff's comments per field and the images and documents staged with it."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shop.accounts.models import User
from shop.catalog.models import Product
from shop.catalog.specs import ProductType
from shop.db import TimestampMixin, utcnow
from shop.extensions import db
from shop.status import transitions
from shop.suppliers.models import SupplierOrganisation


class ListingStatus(StrEnum):
    DRAFT = "draft"  # the supplier is editing; staff do not see it in their queue
    SUBMITTED = "submitted"  # waiting for staff
    CHANGES_REQUESTED = "changes_requested"  # staff commented field by field
    APPROVED = "approved"  # published: the product is on the shop as approved
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"  # the supplier took it off the shop and out of review


class ListingActor(StrEnum):
    SUPPLIER = "supplier"  # a member of the listing's organisation, in the portal
    STAFF = "staff"  # in the back office


L = ListingStatus
SUP, STAFF = ListingActor.SUPPLIER, ListingActor.STAFF
# Allowed status changes, and who makes each ("published" means the listing has a product
# on the shop; an edit of it waits for review while that product stays live):
#   draft             → submitted          supplier, when nothing required is missing
#                                          (required specs, a datasheet, the price …)
#                     → approved           supplier discards the edit of a published listing
#                     → withdrawn          supplier
#   submitted         → approved           staff: published, or the edit applied to it
#                     → changes_requested  staff, with comments per field
#                     → rejected           staff, with the reason (a rejected edit leaves the
#                                          published version as it was)
#                     → withdrawn          supplier
#   changes_requested → submitted          supplier, after the fixes
#                     → approved           supplier discards the edit of a published listing
#                     → withdrawn          supplier
#   approved          → draft              supplier saves an edit (the published version stays)
#                     → withdrawn          supplier takes it off the shop
#   rejected          → draft              supplier edits again, only a listing that was
#                                          approved once; a rejected new listing is final
#   withdrawn         → draft              supplier reopens it to edit and submit again
LISTING_TRANSITIONS = transitions(L, {
    L.DRAFT: {L.SUBMITTED, L.APPROVED, L.WITHDRAWN},
    L.SUBMITTED: {L.APPROVED, L.CHANGES_REQUESTED, L.REJECTED, L.WITHDRAWN},
    L.CHANGES_REQUESTED: {L.SUBMITTED, L.APPROVED, L.WITHDRAWN},
    L.APPROVED: {L.DRAFT, L.WITHDRAWN},
    L.REJECTED: {L.DRAFT},
    L.WITHDRAWN: {L.DRAFT},
})
MOVERS: Mapping[tuple[L, L], frozenset[ListingActor]] = MappingProxyType({
    (L.DRAFT, L.SUBMITTED): frozenset({SUP}),
    (L.DRAFT, L.APPROVED): frozenset({SUP}),
    (L.DRAFT, L.WITHDRAWN): frozenset({SUP}),
    (L.SUBMITTED, L.APPROVED): frozenset({STAFF}),
    (L.SUBMITTED, L.CHANGES_REQUESTED): frozenset({STAFF}),
    (L.SUBMITTED, L.REJECTED): frozenset({STAFF}),
    (L.SUBMITTED, L.WITHDRAWN): frozenset({SUP}),
    (L.CHANGES_REQUESTED, L.SUBMITTED): frozenset({SUP}),
    (L.CHANGES_REQUESTED, L.APPROVED): frozenset({SUP}),
    (L.CHANGES_REQUESTED, L.WITHDRAWN): frozenset({SUP}),
    (L.APPROVED, L.DRAFT): frozenset({SUP}),
    (L.APPROVED, L.WITHDRAWN): frozenset({SUP}),
    (L.REJECTED, L.DRAFT): frozenset({SUP}),
    (L.WITHDRAWN, L.DRAFT): frozenset({SUP}),
})
assert set(MOVERS) == {(a, b) for a, targets in LISTING_TRANSITIONS.items()
                       for b in targets}, "every allowed move names who makes it"

# Statuses in which the supplier may change the working copy (an approved listing, or a
# rejected one that was approved once, moves to draft with the change).
EDITABLE = frozenset({L.DRAFT, L.CHANGES_REQUESTED, L.APPROVED, L.REJECTED})
# Statuses in which the listing holds its SKU against other listings.
_HOLDS_SKU = "sku_key <> '' AND status <> 'rejected'"

STATUS_TEXT = {
    L.DRAFT: "Draft",
    L.SUBMITTED: "Waiting for review",
    L.CHANGES_REQUESTED: "Changes requested",
    L.APPROVED: "Approved",
    L.REJECTED: "Rejected",
    L.WITHDRAWN: "Withdrawn",
}
STATUS_EXPLAINED = {
    L.DRAFT: "Only your organisation sees this listing. Submit it for review when it is "
             "complete.",
    L.SUBMITTED: "Our staff are reviewing it. You can withdraw it to change something.",
    L.CHANGES_REQUESTED: "Our staff asked for changes: their comments stand next to the "
                         "fields. Fix them, then submit again.",
    L.APPROVED: "Approved and on the shop. An edit goes through review again; the "
                "published version stays on the shop until staff approve the edit.",
    L.REJECTED: "Our staff rejected this listing. Their reason is in the history.",
    L.WITHDRAWN: "Withdrawn: not on the shop and not in review. Reopen it to edit and "
                 "submit it again.",
}

TYPE_TEXT = {ProductType.SWITCH: "Switch", ProductType.ADAPTER: "Network adapter",
             ProductType.CABLE: "Cable", ProductType.TRANSCEIVER: "Transceiver",
             ProductType.EMULATOR: "Network emulator"}


class SupplierListing(TimestampMixin, db.Model):
    """A product an organisation offers: the working copy (``content``, see
    ``shop.suppliers.listings.content``) and, once staff approved it, its ``product``."""

    __tablename__ = "supplier_listing"
    __table_args__ = (
        # Two listings cannot hold one SKU; the service says so first, this refuses a race.
        Index("uq_supplier_listing_sku_key", "sku_key", unique=True,
              sqlite_where=text(_HOLDS_SKU), postgresql_where=text(_HOLDS_SKU)),
        Index("ix_supplier_listing_org_status", "organisation_id", "status", "id"),
        Index("ix_supplier_listing_status_changed", "status", "status_changed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("supplier_organisation.id"))
    # The approved version on the shop; None until staff first approve the listing.
    product_id: Mapped[int | None] = mapped_column(
        ForeignKey("product.id", ondelete="SET NULL"), unique=True)
    product_type: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default=L.DRAFT)
    status_changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True),
                                                        default=utcnow)
    # From the working copy, for lists, filters and the SKU check.
    name: Mapped[str] = mapped_column(String(200))
    sku: Mapped[str] = mapped_column(String(64), default="")
    sku_key: Mapped[str] = mapped_column(String(64), default="")  # partnumbers.normalise
    # The working copy; and, once there is a product, the product's values when the copy
    # was last saved (what the supplier's changes are measured against).
    content: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    base: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # Bumped by every change: a form (or a staff decision) made on an older one is refused.
    version: Mapped[int] = mapped_column(Integer, default=1)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))

    organisation: Mapped[SupplierOrganisation] = relationship()
    product: Mapped[Product | None] = relationship()
    files: Mapped[list[ListingFile]] = relationship(
        cascade="all, delete-orphan", order_by="ListingFile.position, ListingFile.id")
    events: Mapped[list[ListingEvent]] = relationship(
        cascade="all, delete-orphan", order_by="ListingEvent.id")

    @property
    def is_published(self) -> bool:
        """A version of it is on the shop now."""
        return self.product is not None and self.product.is_published

    @property
    def images(self) -> list[ListingFile]:
        return [f for f in self.files if f.kind == FILE_IMAGE]

    @property
    def documents(self) -> list[ListingFile]:
        return [f for f in self.files if f.kind == FILE_DOCUMENT]


class ListingEvent(db.Model):
    """A status change: who (a supplier's member or staff), when, from, to and why."""

    __tablename__ = "supplier_listing_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(
        ForeignKey("supplier_listing.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    actor_kind: Mapped[str] = mapped_column(String(10))
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(String(2000), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    actor: Mapped[User | None] = relationship()
    comments: Mapped[list[ListingComment]] = relationship(
        order_by="ListingComment.id", viewonly=True)


class ListingComment(db.Model):
    """What staff asked to change in one field (``field``: a key of the working copy, like
    ``price`` or ``spec:data_rate``, or ``images``, ``documents``, ``interfaces``,
    ``general``), with the "changes requested" event it came with."""

    __tablename__ = "supplier_listing_comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(
        ForeignKey("supplier_listing.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[int] = mapped_column(
        ForeignKey("supplier_listing_event.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(String(60))
    message: Mapped[str] = mapped_column(String(1000))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


FILE_IMAGE, FILE_DOCUMENT = "image", "document"


class ListingFile(db.Model):
    """An image or document added to the working copy: checked as product media are, stored
    in the private area (``listings/<name>``, served only to the organisation's members and
    to staff), moved to the product's public area and attached to it when staff approve."""

    __tablename__ = "supplier_listing_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(
        ForeignKey("supplier_listing.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # image, document
    path: Mapped[str | None] = mapped_column(String(255), unique=True)  # None: a link only
    thumb_path: Mapped[str | None] = mapped_column(String(255))  # images
    title: Mapped[str] = mapped_column(String(200), default="")  # an image's alt text
    doc_kind: Mapped[str] = mapped_column(String(20), default="")  # datasheet, manual …
    url: Mapped[str] = mapped_column(String(500), default="")  # documents
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
