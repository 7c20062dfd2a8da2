"""Staff's decisions on a listing waiting for review: approve it (published, or its edit
applied to the published product), ask for changes with a comment per field, or reject it
with the reason. Each decision is made on the version staff looked at (a listing changed
since is refused), is recorded as an event and mailed to the organisation's members."""

from __future__ import annotations

from collections.abc import Mapping

from shop.errors import Conflict, NotFound, ValidationError
from shop.extensions import db
from shop.suppliers.listings import content as wc
from shop.suppliers.listings import notify, queries
from shop.suppliers.listings.exceptions import ListingChanged, ListingErrors
from shop.suppliers.listings.models import (
    ListingActor,
    ListingComment,
    ListingEvent,
    ListingStatus,
    SupplierListing,
)
from shop.suppliers.listings.publish import publish
from shop.suppliers.listings.workflow import claim, drop_pending, drop_staged, may_move, move

L = ListingStatus
STAFF = ListingActor.STAFF
MAX_COMMENT = 1000


def _locked(listing_id: int, expected_version: int | None, target: L) -> SupplierListing:
    listing = queries.lock_listing(listing_id)
    if listing is None:
        raise NotFound("no such listing")
    try:
        claim(listing, listing.version if expected_version is None else expected_version)
    except ListingChanged:
        raise ListingChanged("The supplier changed this listing after you opened it, so "
                             "nothing was decided. Review it again.") from None
    if not may_move(listing, STAFF, target):
        move(listing, target, actor=STAFF, actor_id=None)  # raises
    return listing


def approve(listing_id: int, *, expected_version: int | None, actor_id: int | None,
            currency: str, upload_dir: str, note: str = "") -> ListingEvent:
    """Publish the listing (or apply its edit); refused for a suspended organisation."""
    listing = _locked(listing_id, expected_version, L.APPROVED)
    if not listing.organisation.is_active:
        raise Conflict("The supplier's organisation is suspended: its listings cannot be "
                       "approved until the suspension ends.")
    first = listing.product is None
    publish(listing, actor_id=actor_id, currency=currency, upload_dir=upload_dir)
    event = move(listing, L.APPROVED, actor=STAFF, actor_id=actor_id,
                 note=(note or "").strip() or "Approved.")
    notify.approved(listing, first=first, note=(note or "").strip())
    return event


def clean_comments(listing: SupplierListing, comments: Mapping[str, str]) -> dict[str, str]:
    """The non-empty comments, on fields the listing has, checked."""
    allowed = set(wc.comment_keys(listing.product_type))
    out: dict[str, str] = {}
    errors = []
    for field in wc.comment_keys(listing.product_type):
        text = (comments.get(field) or "").strip()
        if not text:
            continue
        if len(text) > MAX_COMMENT:
            errors.append(ValidationError(field, f"Keep the comment under {MAX_COMMENT} "
                                                 "characters."))
        out[field] = text
    strays = [f for f in comments if f not in allowed and (comments.get(f) or "").strip()]
    if strays:
        errors.append(ValidationError("general", "Comment only on the listed fields."))
    if not out and not errors:
        errors.append(ValidationError("general", "Write at least one comment: say what "
                                                 "should change, next to its field."))
    if errors:
        raise ListingErrors(errors)
    return out


def request_changes(listing_id: int, comments: Mapping[str, str], *,
                    expected_version: int | None, actor_id: int | None) -> ListingEvent:
    """Send the listing back with ``comments`` (field → what to change)."""
    listing = _locked(listing_id, expected_version, L.CHANGES_REQUESTED)
    cleaned = clean_comments(listing, comments)
    event = move(listing, L.CHANGES_REQUESTED, actor=STAFF, actor_id=actor_id,
                 note=f"Changes requested in {len(cleaned)} field"
                      f"{'s' if len(cleaned) != 1 else ''}.")
    for field, message in cleaned.items():
        db.session.add(ListingComment(listing_id=listing.id, event_id=event.id, field=field,
                                      message=message, created_at=event.created_at))
    db.session.flush()
    notify.changes_requested(listing, cleaned)
    return event


def reject(listing_id: int, reason: str, *, expected_version: int | None,
           actor_id: int | None, upload_dir: str) -> ListingEvent:
    """Refuse the listing; a refused edit of a published listing is dropped and the
    published version stays as it was. The staged files go once this commits (a rejected
    new listing is final: nothing can use them again)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("reason", "Say why: the supplier reads it.")
    if len(reason) > 2000:
        raise ValidationError("reason", "Keep the reason under 2,000 characters.")
    listing = _locked(listing_id, expected_version, L.REJECTED)
    had_product = listing.product is not None
    if had_product:
        drop_pending(listing, upload_dir)
    else:
        drop_staged(listing, upload_dir)
    event = move(listing, L.REJECTED, actor=STAFF, actor_id=actor_id, note=reason)
    notify.rejected(listing, reason, had_product=had_product)
    return event
