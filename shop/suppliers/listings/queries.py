"""Reads of suppliers' listings: one organisation's own (never another's, whatever id is
asked for), the staff's moderation queue, the comments of the latest review and the SKU
check."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from shop.catalog.models import Brand, Category, Product, ProductIdentifier
from shop.catalog.partnumbers import normalise
from shop.db import utcnow
from shop.extensions import db
from shop.suppliers.listings.models import (
    ListingComment,
    ListingEvent,
    ListingFile,
    ListingStatus,
    SupplierListing,
)
from shop.suppliers.models import SupplierOrganisation

L = ListingStatus


def listing_by_id(listing_id: int) -> SupplierListing | None:
    return db.session.get(SupplierListing, listing_id)


def listing_of(organisation_id: int, listing_id: int) -> SupplierListing | None:
    """The listing only if it belongs to ``organisation_id``: anyone else's is as good as
    missing."""
    return db.session.scalar(
        select(SupplierListing).where(SupplierListing.id == listing_id,
                                      SupplierListing.organisation_id == organisation_id))


def lock_listing(listing_id: int) -> SupplierListing | None:
    """The listing read afresh, its row locked until the transaction ends (PostgreSQL): two
    people cannot both move it from one status."""
    return db.session.scalar(
        select(SupplierListing).where(SupplierListing.id == listing_id)
        .with_for_update(of=SupplierListing).execution_options(populate_existing=True))


def file_of(listing_id: int, file_id: int, kind: str | None = None) -> ListingFile | None:
    """A staged image or document (of ``kind``, or either) only if it belongs to
    ``listing_id``."""
    stmt = select(ListingFile).where(ListingFile.id == file_id,
                                     ListingFile.listing_id == listing_id)
    if kind is not None:
        stmt = stmt.where(ListingFile.kind == kind)
    return db.session.scalar(stmt)


def withdrawn_with_files(before: datetime, limit: int = 500) -> list[SupplierListing]:
    """Listings withdrawn before ``before`` (and not reopened since) that still hold
    uploaded staged files."""
    holding = select(ListingFile.listing_id).where(ListingFile.path.is_not(None))
    return list(db.session.scalars(
        select(SupplierListing).where(SupplierListing.status == L.WITHDRAWN,
                                      SupplierListing.status_changed_at < before,
                                      SupplierListing.id.in_(holding))
        .options(selectinload(SupplierListing.files))
        .order_by(SupplierListing.id).limit(limit)))


def organisation_page(organisation_id: int, status: str, page: int, per_page: int,
                      ) -> tuple[list[SupplierListing], int]:
    """One organisation's listings (of ``status``, or all), the latest change first."""
    stmt = select(SupplierListing).where(SupplierListing.organisation_id == organisation_id)
    if status:
        stmt = stmt.where(SupplierListing.status == status)
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = db.session.scalars(
        stmt.options(selectinload(SupplierListing.product))
        .order_by(SupplierListing.updated_at.desc(), SupplierListing.id.desc())
        .offset((page - 1) * per_page).limit(per_page))
    return list(rows), total


def count_by_status(organisation_id: int | None = None) -> dict[str, int]:
    stmt = select(SupplierListing.status, func.count()).group_by(SupplierListing.status)
    if organisation_id is not None:
        stmt = stmt.where(SupplierListing.organisation_id == organisation_id)
    return {status: n for status, n in db.session.execute(stmt)}


# --- the moderation queue ------------------------------------------------------------------------

AGES = {"1": 1, "3": 3, "7": 7}  # "waiting longer than N days"


@dataclass(frozen=True)
class QueueFilter:
    status: str = ""
    organisation_id: int | None = None
    product_type: str = ""
    age: str = ""  # a key of AGES
    q: str = ""


def queue_page(flt: QueueFilter, page: int, per_page: int, now: datetime | None = None,
               ) -> tuple[list[SupplierListing], int]:
    """Listings matching the filter and how many: those waiting for review first, the
    longest waiting first; the others after them, the latest change first."""
    stmt = select(SupplierListing)
    if flt.status:
        stmt = stmt.where(SupplierListing.status == flt.status)
    if flt.organisation_id:
        stmt = stmt.where(SupplierListing.organisation_id == flt.organisation_id)
    if flt.product_type:
        stmt = stmt.where(SupplierListing.product_type == flt.product_type)
    if flt.age in AGES:
        cutoff = (now or utcnow()) - timedelta(days=AGES[flt.age])
        stmt = stmt.where(SupplierListing.status_changed_at < cutoff)
    if flt.q:
        like = f"%{flt.q.lower()}%"
        stmt = stmt.where(func.lower(SupplierListing.name).like(like)
                          | func.lower(SupplierListing.sku).like(like))
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    waiting = SupplierListing.status == L.SUBMITTED
    rows = db.session.scalars(
        stmt.options(selectinload(SupplierListing.organisation),
                     selectinload(SupplierListing.product))
        .order_by(waiting.desc(), SupplierListing.status_changed_at.asc(),
                  SupplierListing.id.asc())
        .offset((page - 1) * per_page).limit(per_page))
    return list(rows), total


def pending_listings(limit: int = 10) -> list[SupplierListing]:
    """Listings waiting for review, the longest waiting first (the back office's home)."""
    return list(db.session.scalars(
        select(SupplierListing).where(SupplierListing.status == L.SUBMITTED)
        .options(selectinload(SupplierListing.organisation))
        .order_by(SupplierListing.status_changed_at, SupplierListing.id).limit(limit)))


def organisations_with_listings() -> list[tuple[int, str]]:
    rows = db.session.execute(
        select(SupplierOrganisation.id, SupplierOrganisation.name,
               SupplierOrganisation.trading_name)
        .where(SupplierOrganisation.id.in_(select(SupplierListing.organisation_id)))
        .order_by(SupplierOrganisation.name))
    return [(i, trading or name) for i, name, trading in rows]


# --- history and comments -----------------------------------------------------------------------

def events(listing_id: int, limit: int = 50) -> list[ListingEvent]:
    return list(db.session.scalars(
        select(ListingEvent).where(ListingEvent.listing_id == listing_id)
        .options(selectinload(ListingEvent.actor), selectinload(ListingEvent.comments))
        .order_by(ListingEvent.id.desc()).limit(limit)))


def latest_review(listing_id: int) -> ListingEvent | None:
    """The latest "changes requested" move of the listing."""
    return db.session.scalar(
        select(ListingEvent).where(ListingEvent.listing_id == listing_id,
                                   ListingEvent.to_status == L.CHANGES_REQUESTED)
        .order_by(ListingEvent.id.desc()).limit(1))


def comments_by_field(listing_id: int) -> dict[str, list[str]]:
    """Staff's comments of the latest review, by field."""
    review = latest_review(listing_id)
    if review is None:
        return {}
    out: dict[str, list[str]] = {}
    for comment in db.session.scalars(
            select(ListingComment).where(ListingComment.event_id == review.id)
            .order_by(ListingComment.id)):
        out.setdefault(comment.field, []).append(comment.message)
    return out


# --- SKUs ---------------------------------------------------------------------------------------

def sku_in_use(sku: str, *, listing_id: int | None, product_id: int | None) -> bool:
    """Whether another product (the shop's or any supplier's) or another open listing
    holds ``sku`` (compared as part numbers are: case and punctuation ignored)."""
    key = normalise(sku)
    if not key:
        return False
    product = select(Product.id).where(Product.sku == sku)
    by_identifier = (select(ProductIdentifier.product_id)
                     .where(ProductIdentifier.norm == key, ProductIdentifier.kind == "sku"))
    if product_id is not None:
        product = product.where(Product.id != product_id)
        by_identifier = by_identifier.where(ProductIdentifier.product_id != product_id)
    if db.session.execute(product.limit(1)).first() or \
            db.session.execute(by_identifier.limit(1)).first():
        return True
    listing = select(SupplierListing.id).where(SupplierListing.sku_key == key,
                                               SupplierListing.status != L.REJECTED)
    if listing_id is not None:
        listing = listing.where(SupplierListing.id != listing_id)
    return db.session.execute(listing.limit(1)).first() is not None


# --- the form's choices -------------------------------------------------------------------------

def brand_choices() -> list[tuple[int, str]]:
    return [(i, n) for i, n in db.session.execute(
        select(Brand.id, Brand.name).order_by(Brand.name))]


def category_choices() -> list[tuple[int, str]]:
    """Every category as (id, "Parent › Child"), in tree order."""
    rows = db.session.execute(select(Category.id, Category.parent_id, Category.name)
                              .order_by(Category.position, Category.name)).all()
    children: dict[int | None, list[tuple[int, str]]] = {}
    for cid, parent, name in rows:
        children.setdefault(parent, []).append((cid, name))
    out: list[tuple[int, str]] = []

    def walk(parent: int | None, trail: str, depth: int) -> None:
        for cid, name in children.get(parent, []):
            label = f"{trail} › {name}" if trail else name
            out.append((cid, label))
            if depth < 20:
                walk(cid, label, depth + 1)

    walk(None, "", 0)
    return out
