"""Supplier documents (company registration, brand authorisation letters, certificates):
checked by their content through ``shop.uploads`` and stored outside the web root under
random names, in the transaction of the application they belong to (a rolled-back
application leaves no file behind)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from shop.errors import ValidationError
from shop.extensions import db
from shop.suppliers.models import Actor, ApplicationDocument, DocumentKind, SupplierApplication
from shop.uploads import (
    CheckedDocument,
    InvalidUpload,
    Upload,
    check_document,
    clean_name,
    read_limited,
    store,
    stored_path,
)

AREA = "suppliers"
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024  # each file
MAX_FILES_PER_UPLOAD = 10  # in one form
MAX_DOCUMENTS = 30  # in one application, over all its uploads
# The largest request body the forms that carry documents accept: ten full files and the
# rest of the form (``shop.input_rules.body_limit``).
MAX_UPLOAD_BODY = MAX_FILES_PER_UPLOAD * MAX_DOCUMENT_BYTES + 1024 * 1024


@dataclass(frozen=True)
class DocumentUpload:
    """One uploaded file as the services take it: what kind of document it is meant to be,
    the form field it came from (where its errors go), and the upload itself."""

    kind: DocumentKind
    field: str
    upload: Upload


@dataclass(frozen=True)
class CheckedUpload:
    kind: DocumentKind
    filename: str
    document: CheckedDocument


def check_uploads(uploads: Sequence[DocumentUpload], *, already: int = 0,
                  ) -> tuple[list[CheckedUpload], list[ValidationError]]:
    """Read and check every upload; return the good ones and an error per bad one (next to
    the field it came from). Nothing is stored here."""
    errors: list[ValidationError] = []
    if len(uploads) > MAX_FILES_PER_UPLOAD:
        errors.append(ValidationError(uploads[0].field, f"Send at most {MAX_FILES_PER_UPLOAD} "
                                      f"files at a time; you chose {len(uploads)}."))
        return [], errors
    if already + len(uploads) > MAX_DOCUMENTS:
        errors.append(ValidationError(uploads[0].field, "An application holds at most "
                                      f"{MAX_DOCUMENTS} documents; it has {already} already."))
        return [], errors
    checked: list[CheckedUpload] = []
    for item in uploads:
        name = clean_name(item.upload.filename)
        try:
            data = read_limited(item.upload.stream, MAX_DOCUMENT_BYTES, field=item.field,
                                noun="Each document")
            document = check_document(data, field=item.field)
        except InvalidUpload as exc:
            errors.append(ValidationError(item.field, f"{name}: {exc.message}"))
            continue
        checked.append(CheckedUpload(DocumentKind(item.kind), name, document))
    return checked, errors


def store_documents(application: SupplierApplication, checked: Sequence[CheckedUpload], *,
                    upload_dir: str, uploaded_by: Actor) -> list[ApplicationDocument]:
    """Write the checked files and their rows; the files go again if the transaction does
    not commit."""
    rows = []
    for item in checked:
        doc = item.document
        path = store(doc.data, upload_dir=upload_dir, area=AREA, extension=doc.extension)
        row = ApplicationDocument(
            application_id=application.id, kind=item.kind, filename=item.filename,
            path=path, content_type=doc.content_type, size_bytes=len(doc.data),
            pages=doc.pages, uploaded_by=Actor(uploaded_by))
        db.session.add(row)
        rows.append(row)
    db.session.flush()
    return rows


def document_file(upload_dir: str, document: ApplicationDocument) -> Path | None:
    """The stored file of a document, or None when it is missing."""
    return stored_path(upload_dir, document.path)
