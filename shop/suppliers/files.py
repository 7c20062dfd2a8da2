"""Serving a supplier's private files, for the supplier's pages and the back office alike,
never cached: an application's documents (as downloads no browser renders in the shop's
origin) and a listing's staged images and PDFs (images shown in the pages, PDFs as
downloads). The caller has checked who may see them."""

from __future__ import annotations

from flask import abort, send_file

from shop import uploads
from shop.suppliers import queries
from shop.suppliers.listings import queries as listing_queries
from shop.suppliers.listings.models import FILE_IMAGE
from shop.suppliers.services.documents import document_file

SANDBOX = "default-src 'none'; sandbox"


def send_document(upload_dir: str, application_id: int, document_id: int):
    """The document ``document_id`` of ``application_id`` (404 when it is another
    application's, or its file is gone). The caller has checked who may see the
    application."""
    doc = queries.document_of(application_id, document_id)
    path = document_file(upload_dir, doc) if doc else None
    if path is None:
        abort(404)
    response = send_file(path, mimetype=doc.content_type, as_attachment=True,
                         download_name=doc.filename, max_age=0, conditional=False)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Content-Security-Policy"] = SANDBOX
    return response


def send_staged(upload_dir: str, listing_id: int, file_id: int, *, thumb: bool = False):
    """The staged file ``file_id`` of ``listing_id`` (its thumbnail with ``thumb``): 404
    when it is another listing's, only a link, or its file is gone. The caller has checked
    who may see the listing; the answer is kept by no cache, the browser's included."""
    staged = listing_queries.file_of(listing_id, file_id)
    relative = (staged.thumb_path if thumb else staged.path) if staged else None
    path = uploads.stored_path(upload_dir, relative) if relative else None
    if path is None:
        abort(404)
    if staged.kind == FILE_IMAGE:
        response = send_file(path, mimetype="image/webp", max_age=0, conditional=False)
    else:
        name = uploads.clean_name(staged.title, limit=120)
        response = send_file(path, mimetype="application/pdf", as_attachment=True,
                             download_name=name if name.lower().endswith(".pdf")
                             else f"{name}.pdf", max_age=0, conditional=False)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Content-Security-Policy"] = SANDBOX
    return response
