"""Suppliers' listings: products a supplier organisation offers, moderated by staff before
customers see them.

A listing (``models.SupplierListing``) is the supplier's working copy of a product: every
field of the catalogue's product form, the typed specs of its product type, its ports or
ends (compatibility), staged images and documents, kept as plain data (``content``) so a
draft may be incomplete. The catalogue's ``Product`` (``supplier_id`` = the organisation) is
the approved, published version: staff approval creates it, or applies the working copy to
it, through ``shop.catalog.editing`` and ``shop.catalog.services`` (search, facets and the
page cache follow), and publishes it. So customers never see anything staff did not approve,
and while an edit of a published listing waits for review the published version stays live.

An edit of a listing that has a product records which fields the supplier changed against
the product's values at the time (``base``); approval applies those fields only, over the
product as it is then, so a price or stock change made meanwhile through the portal's feed
is not undone. Staff see those fields as a diff (old → new, specs included).

- ``models``: the listing, its status table, events, staff comments per field, staged files
- ``content``: the working copy's fields, read from a product, compared, made into a draft
- ``queries`` (reads), ``services`` (moves and saves), ``media`` (staged images, documents,
  ports), ``publish`` (approval), ``notify`` (mail to the organisation's members),
  ``diff`` (what staff review), ``forms``.
"""
