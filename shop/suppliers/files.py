"""Serving a stored supplier document, for the applicant's pages and the back office alike:
as a download no browser renders in the shop's origin, never cached."""

from __future__ import annotations

from flask import abort, send_file

from shop.suppliers import queries
from shop.suppliers.services.documents import document_file


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
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
