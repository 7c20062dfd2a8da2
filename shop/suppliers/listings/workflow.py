"""The one way a listing's status changes, the version every change claims, and the working
copy as it stands: the helpers the supplier's and the staff's services share."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm.attributes import set_committed_value

from shop import uploads
from shop.catalog.partnumbers import normalise
from shop.db import utcnow
from shop.errors import ValidationError
from shop.extensions import db
from shop.status import allowed, change_status
from shop.suppliers.listings import content as wc
from shop.suppliers.listings.exceptions import ListingChanged, MoveNotAllowed
from shop.suppliers.listings.models import (
    EDITABLE,
    LISTING_TRANSITIONS,
    MOVERS,
    STATUS_TEXT,
    ListingActor,
    ListingEvent,
    ListingFile,
    ListingStatus,
    SupplierListing,
)

L = ListingStatus
NOTE_LENGTH = 2000
# Where staged files live: ``UPLOAD_DIR/listings/``, an area no public address serves (the
# portal and the back office send them to the organisation's members and to staff only).
AREA = "listings"


def may_move(listing: SupplierListing, actor: ListingActor | str, target: str) -> bool:
    """Whether the table allows the move, ``actor`` is one who makes it, and the listing is
    one it applies to."""
    current, target = L(listing.status), L(target)
    if not (allowed(LISTING_TRANSITIONS, current, target)
            and ListingActor(actor) in MOVERS.get((current, target), frozenset())):
        return False
    if current is L.REJECTED and target is L.DRAFT:
        return listing.product_id is not None  # a rejected new listing is final
    if target is L.APPROVED and actor == ListingActor.SUPPLIER:
        return listing.is_published  # discarding an edit returns to the published version
    return True


def moves(listing: SupplierListing, actor: ListingActor | str) -> list[ListingStatus]:
    """The statuses ``actor`` may move the listing to, in table order."""
    return [target for target in L if may_move(listing, actor, target)]


def move(listing: SupplierListing, target: ListingStatus | str, *, actor: ListingActor,
         actor_id: int | None, note: str = "", now: datetime | None = None) -> ListingEvent:
    """Change the status along ``LISTING_TRANSITIONS`` by one who may make the move and
    record the event. A move the table forbids is an ``InvalidTransition``; one this actor
    may not make, or not on this listing, a ``MoveNotAllowed`` (both are conflicts)."""
    current, target = L(listing.status), L(target)
    if allowed(LISTING_TRANSITIONS, current, target) and not may_move(listing, actor, target):
        raise MoveNotAllowed(f"A listing that is “{STATUS_TEXT[current].lower()}” cannot "
                             f"be moved to “{STATUS_TEXT[target].lower()}” by "
                             f"{ListingActor(actor).value}.")
    event = change_status(
        listing, target, table=LISTING_TRANSITIONS, actor_id=actor_id, note=note,
        now=now or utcnow(),
        record=lambda change: ListingEvent(listing_id=listing.id,
                                           actor_kind=ListingActor(actor),
                                           **change.columns(NOTE_LENGTH)))
    listing.status_changed_at = event.created_at
    db.session.flush()
    return event


def start_edit(listing: SupplierListing, *, actor_id: int | None) -> None:
    """Refuse a change of a listing that is locked; an approved listing (or a rejected one
    that was approved once) moves to draft with the change, its product staying live."""
    status = L(listing.status)
    if status not in EDITABLE or (status is L.REJECTED and listing.product_id is None):
        raise ValidationError(None, f"A listing that is “{STATUS_TEXT[status].lower()}” "
                                    "cannot be changed." + (
                                        " Withdraw it first." if status is L.SUBMITTED else
                                        " Reopen it first." if status is L.WITHDRAWN else ""))
    if status in (L.APPROVED, L.REJECTED):
        move(listing, L.DRAFT, actor=ListingActor.SUPPLIER, actor_id=actor_id,
             note="Edited: the changes wait for review.")


def claim(listing: SupplierListing, expected_version: int | None) -> None:
    """Take the listing for this change: its version goes up by one if it is still
    ``expected_version`` (one conditional UPDATE), else ``ListingChanged``."""
    if expected_version is not None:
        result = db.session.execute(
            update(SupplierListing)
            .where(SupplierListing.id == listing.id,
                   SupplierListing.version == expected_version)
            .values(version=SupplierListing.version + 1)
            .execution_options(synchronize_session=False))
        if result.rowcount != 1:
            raise ListingChanged()
        set_committed_value(listing, "version", expected_version + 1)
        return
    bump(listing)


def bump(listing: SupplierListing) -> None:
    """A change that carries no version of its own (a staged upload) still moves it on, so
    forms and decisions made on the older one are refused."""
    db.session.execute(update(SupplierListing).where(SupplierListing.id == listing.id)
                       .values(version=SupplierListing.version + 1)
                       .execution_options(synchronize_session=False))
    db.session.refresh(listing, ["version"])


def working_copy(listing: SupplierListing) -> dict[str, Any]:
    """The working copy as the supplier edits it now: once there is a product, the
    product's current values with the supplier's pending changes on top."""
    if listing.product is None:
        return wc.normal(listing.product_type, listing.content or {})
    return wc.rebased(listing.product_type, listing.content or {}, listing.base,
                      wc.of_product(listing.product))


def pending_changes(listing: SupplierListing) -> list[str]:
    """The keys the supplier changed (every key with a value before the first approval)."""
    return wc.changed(listing.product_type, listing.base if listing.product else None,
                      working_copy(listing))


def has_pending_media(listing: SupplierListing) -> bool:
    data = listing.content or {}
    return bool(listing.files or data.get("remove_images") or data.get("remove_documents"))


def store(listing: SupplierListing, data: dict[str, Any]) -> None:
    """Keep ``data`` as the working copy, measured against the product as it is now."""
    data = wc.normal(listing.product_type, data)
    listing.content = data
    listing.base = wc.of_product(listing.product) if listing.product is not None else None
    listing.name = (data.get("name") or "")[:200]
    listing.sku = (data.get("sku") or "")[:64]
    listing.sku_key = normalise(listing.sku)[:64]
    db.session.flush()


def forget_file(staged: ListingFile, upload_dir: str) -> None:
    """Delete a staged image or document; its files go once this commits."""
    for path in (staged.path, staged.thumb_path):
        if path:
            uploads.delete_after_commit(upload_dir, path)
    db.session.delete(staged)


def drop_staged(listing: SupplierListing, upload_dir: str, *,
                uploaded_only: bool = False) -> int:
    """Delete the listing's staged files (``uploaded_only``: keep the documents that are
    only a link); their files go once this commits. Returns how many were deleted."""
    dropped = [f for f in listing.files if f.path or not uploaded_only]
    for staged in dropped:
        forget_file(staged, upload_dir)
    db.session.flush()
    db.session.expire(listing, ["files"])
    return len(dropped)


def drop_pending(listing: SupplierListing, upload_dir: str) -> None:
    """Forget the supplier's pending edit of a listing that has a product: the working copy
    becomes the product's values again and staged files go (once this commits)."""
    drop_staged(listing, upload_dir)
    store(listing, wc.of_product(listing.product))
