"""The mails of staff's decisions on a listing, one to each member of its organisation:
approved, changes requested (each field's comment), rejected (the reason). Each links the
listing in the portal (members sign in to open it; the link carries no secret)."""

from __future__ import annotations

from collections.abc import Mapping

from shop.mail import absolute_url
from shop.suppliers import queries as supplier_queries
from shop.suppliers.listings import content as wc
from shop.suppliers.listings.models import SupplierListing
from shop.suppliers.notify import Mail, paragraphs, send


def _members(listing: SupplierListing) -> list[str]:
    return [m.email for m in supplier_queries.members(listing.organisation_id)]


def _title(listing: SupplierListing) -> str:
    return f"{listing.name} ({listing.sku})" if listing.sku else listing.name


def _send_all(listing: SupplierListing, mail: Mail) -> int:
    to = _members(listing)
    for address in to:
        send(address, mail)
    return len(to)


def _listing_url(listing: SupplierListing) -> str:
    return absolute_url("supplier.listing", listing_id=listing.id)


def approved(listing: SupplierListing, *, first: bool, note: str = "") -> int:
    product = listing.product
    body = ([f"Our staff approved your listing {_title(listing)}: it is on the shop now."]
            if first else
            [f"Our staff approved your changes to {_title(listing)}: the shop shows them "
             "now."])
    body += paragraphs(note)
    return _send_all(listing, Mail(
        f"Listing approved: {_title(listing)}", body, "See it on the shop",
        absolute_url("catalog.product_detail", slug=product.slug),
        [f"Your listing in the supplier portal: {_listing_url(listing)}"]))


def changes_requested(listing: SupplierListing, comments: Mapping[str, str],
                      note: str = "") -> int:
    lines = [f"{wc.label(field, listing.product_type)}: {message}"
             for field, message in comments.items()]
    body = [f"Our staff reviewed your listing {_title(listing)} and ask for these changes "
            "before it can be approved:", *lines, *paragraphs(note),
            "Each comment also stands next to its field in the listing's form. Fix them and "
            "submit the listing again."]
    if listing.is_published:
        body.append("The published version stays on the shop meanwhile.")
    return _send_all(listing, Mail(f"Changes requested: {_title(listing)}", body,
                                   "Open the listing", _listing_url(listing)))


def rejected(listing: SupplierListing, reason: str, *, had_product: bool) -> int:
    body = [f"Our staff rejected your {'changes to' if had_product else 'listing'} "
            f"{_title(listing)}, because:", *paragraphs(reason)]
    if had_product:
        body.append("The published version stays on the shop as it was; you can edit the "
                    "listing again.")
    return _send_all(listing, Mail(f"Listing rejected: {_title(listing)}", body,
                                   "Open the listing", _listing_url(listing)))
