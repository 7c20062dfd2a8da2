"""The supplier's side of a listing: create it, save its working copy, submit it for review
(refused, field by field, while anything required is missing), withdraw it, reopen it, and
discard an edit of a published listing. Services add and flush; the entry point commits.

Every function takes the listing as the caller found it among its own organisation's
(``queries.listing_of``): an id of another organisation's never reaches here.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError

from shop.catalog.editing import change_product_status
from shop.catalog.exceptions import InvalidProduct
from shop.catalog.models import ProductStatus
from shop.catalog.specs import ProductType
from shop.db import utcnow
from shop.errors import ValidationError
from shop.extensions import db
from shop.suppliers.listings import content as wc
from shop.suppliers.listings import queries
from shop.suppliers.listings.exceptions import ListingErrors
from shop.suppliers.listings.media import interface_problem
from shop.suppliers.listings.models import (
    ListingActor,
    ListingEvent,
    ListingStatus,
    SupplierListing,
)
from shop.suppliers.listings.workflow import (
    claim,
    drop_pending,
    drop_staged,
    has_pending_media,
    may_move,
    move,
    pending_changes,
    start_edit,
    store,
    working_copy,
)

L = ListingStatus
SUP = ListingActor.SUPPLIER


def _sku_taken(sku: str) -> InvalidProduct:
    return InvalidProduct("sku", f"The SKU {sku} is already used by another product. "
                                 "Choose a SKU of your own for this one.")


def _check_sku(listing_id: int | None, product_id: int | None, sku: str | None) -> None:
    sku = (sku or "").strip()
    if sku and queries.sku_in_use(sku, listing_id=listing_id, product_id=product_id):
        raise _sku_taken(sku)


def _store_unique(listing: SupplierListing, values: dict[str, Any]) -> None:
    """Store the working copy; a SKU another listing took between the check and this write
    (two people saving at once) is refused on the field by the unique index."""
    try:
        with db.session.begin_nested():
            store(listing, values)
            db.session.flush()
    except IntegrityError:
        raise _sku_taken((values.get("sku") or "").strip()) from None


def create(organisation_id: int, product_type: str, values: Mapping[str, Any], *,
           actor_id: int | None) -> SupplierListing:
    """A new draft listing of ``product_type`` with the form's ``values``."""
    try:
        ptype = ProductType(product_type)
    except ValueError:
        raise ValidationError("product_type", "Choose what kind of product it is.") from None
    _check_sku(None, None, values.get("sku"))
    listing = SupplierListing(organisation_id=organisation_id, product_type=ptype.value,
                              status=L.DRAFT, status_changed_at=utcnow(), name="",
                              content={}, created_by_id=actor_id)
    db.session.add(listing)
    db.session.flush()
    _store_unique(listing, dict(values))
    return listing


def save(listing: SupplierListing, values: Mapping[str, Any], *,
         expected_version: int | None, actor_id: int | None) -> list[str]:
    """Save the form's ``values`` (fields and specs) into the working copy if nobody
    changed the listing since ``expected_version``. Returns the keys that changed; a form
    equal to the working copy changes nothing."""
    current = working_copy(listing)
    updated = wc.normal(listing.product_type, {**current, **values})
    touched = [k for k in wc.keys(listing.product_type) if updated[k] != current[k]]
    if not touched:
        return []
    if "sku" in touched:
        _check_sku(listing.id, listing.product_id, updated["sku"])
    start_edit(listing, actor_id=actor_id)
    claim(listing, expected_version)
    _store_unique(listing, updated)
    return touched


def datasheets(listing: SupplierListing) -> int:
    """How many datasheets the listing will have once approved."""
    removed = set((listing.content or {}).get("remove_documents") or [])
    live = [d for d in (listing.product.documents if listing.product else [])
            if d.kind == "datasheet" and d.id not in removed]
    return len(live) + sum(1 for d in listing.documents if d.doc_kind == "datasheet")


def submission_problems(listing: SupplierListing) -> list[ValidationError]:
    """What stops a submission, each error naming its field (``spec:<code>`` for a spec,
    ``documents`` for the datasheet); empty when it can be submitted."""
    data = working_copy(listing)
    problems = [ValidationError(key, message)
                for key, message in wc.missing(listing.product_type, data)]
    try:
        _check_sku(listing.id, listing.product_id, data.get("sku"))
    except ValidationError as exc:
        problems.append(exc)
    if not datasheets(listing):
        problems.append(ValidationError("documents", "Add the product's datasheet (a PDF or "
                                                     "a link to it) before you submit."))
    problem = interface_problem(listing.product_type, data["interfaces"],
                                data.get("spec:protocol"))
    if problem:
        problems.append(ValidationError("interfaces", problem))
    if (not problems and listing.is_published and not pending_changes(listing)
            and not has_pending_media(listing)):
        problems.append(ValidationError(None, "Nothing changed since the listing was "
                                              "approved: there is nothing to review. "
                                              "Discard the edit instead."))
    return problems


def submit(listing: SupplierListing, *, expected_version: int | None,
           actor_id: int | None) -> ListingEvent:
    """Send the listing to staff; refused with every missing field at once."""
    if listing.status == L.APPROVED:
        raise ValidationError(None, "Nothing changed since the listing was approved: there "
                                    "is nothing to review.")
    if not may_move(listing, SUP, L.SUBMITTED):
        return move(listing, L.SUBMITTED, actor=SUP, actor_id=actor_id)  # raises
    problems = submission_problems(listing)
    if problems:
        raise ListingErrors(problems)
    claim(listing, expected_version)
    listing.submitted_at = utcnow()
    return move(listing, L.SUBMITTED, actor=SUP, actor_id=actor_id)


def withdraw(listing: SupplierListing, *, expected_version: int | None,
             actor_id: int | None, note: str = "") -> ListingEvent:
    """Take the listing out of review and off the shop (its product is archived); the
    working copy is kept for a later reopening, its uploaded staged files for
    ``LISTING_WITHDRAWN_KEEP_DAYS`` (``prune_withdrawn``)."""
    claim(listing, expected_version)
    event = move(listing, L.WITHDRAWN, actor=SUP, actor_id=actor_id,
                 note=note or "Withdrawn by the supplier.")
    if listing.product is not None and listing.product.status != ProductStatus.ARCHIVED:
        change_product_status(listing.product, ProductStatus.ARCHIVED, actor_id=actor_id,
                              note=f"Supplier listing {listing.id} withdrawn")
    return event


def prune_withdrawn(before: datetime, upload_dir: str) -> int:
    """Delete the uploaded staged files (images and PDFs; links stay) of listings withdrawn
    before ``before`` and not reopened since: their files go once this commits. Returns how
    many were deleted; safe to run twice."""
    dropped = 0
    for listing in queries.withdrawn_with_files(before):
        dropped += drop_staged(listing, upload_dir, uploaded_only=True)
    return dropped


def reopen(listing: SupplierListing, *, expected_version: int | None,
           actor_id: int | None) -> ListingEvent:
    claim(listing, expected_version)
    return move(listing, L.DRAFT, actor=SUP, actor_id=actor_id, note="Reopened.")


def discard(listing: SupplierListing, *, expected_version: int | None, actor_id: int | None,
            upload_dir: str) -> ListingEvent:
    """Forget the pending edit of a published listing: back to the approved version."""
    if not may_move(listing, SUP, L.APPROVED):
        return move(listing, L.APPROVED, actor=SUP, actor_id=actor_id)  # raises
    claim(listing, expected_version)
    drop_pending(listing, upload_dir)
    return move(listing, L.APPROVED, actor=SUP, actor_id=actor_id,
                note="The edit was discarded; the published version stands.")
