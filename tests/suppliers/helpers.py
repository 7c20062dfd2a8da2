"""Building supplier applications for the tests: valid form data, documents, and
applications made through the real services."""

from __future__ import annotations

import io
import re
from pathlib import Path

from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from shop.extensions import db
from shop.mail import OutboxMessage
from shop.suppliers.models import DocumentKind, SupplierApplication
from shop.suppliers.services import applications
from shop.suppliers.services.checks import ApplicationInput, BrandInput
from shop.suppliers.services.documents import DocumentUpload
from shop.uploads import Upload

VALID_NL_VAT = "NL004495445B01"
VALID_DE_VAT = "DE136695976"
VALID_US_EIN = "04-2103594"


def pdf_bytes(*, script: str | None = None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if script:
        writer._root_object[NameObject("/OpenAction")] = DictionaryObject({
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject(script),
        })
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 20), "navy").save(out, format="PNG")
    return out.getvalue()


def form_data(**overrides) -> dict:
    """What a browser sends for a complete, valid application (files excluded)."""
    data = {
        "legal_name": "Fabric Parts B.V.", "trading_name": "FabParts", "country_code": "NL",
        "address_line1": "Keizersgracht 1", "city": "Amsterdam", "postal_code": "1015 CC",
        "website": "fabparts.example", "tax_id": VALID_NL_VAT, "contact_name": "Ada Jansen",
        "email": "ada@fabparts.example", "phone": "020 123 4567",
        "product_families": ["dac_cables", "transceivers"],
        "brands-0-name": "NVIDIA", "brands-0-authorised": "y", "brands-1-name": "Arista",
        "estimated_products": "250", "warehouse_countries": "Netherlands, DE",
        "certifications": ["iso9001"], "other_certifications": "",
        "message": "", "accept_terms": "y",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def with_files(data: dict, **files) -> dict:
    """``data`` plus files: ``registration_documents=[(bytes, name), …]``."""
    out = dict(data)
    for field, items in files.items():
        out[field] = [(io.BytesIO(content), name) for content, name in items]
    return out


def apply(client, files=None, **overrides):
    files = files if files is not None else {
        "registration_documents": [(pdf_bytes(), "kvk-extract.pdf")]}
    return client.post("/suppliers/apply", data=with_files(form_data(**overrides), **files),
                       content_type="multipart/form-data")


def make_input(**overrides) -> ApplicationInput:
    values = dict(
        legal_name="Fabric Parts B.V.", trading_name="FabParts", country_code="NL",
        address_line1="Keizersgracht 1", city="Amsterdam", postal_code="1015 CC",
        website="https://fabparts.example", tax_id=VALID_NL_VAT, contact_name="Ada Jansen",
        email="ada@fabparts.example", phone="+31 20 123 4567",
        product_families=("dac_cables",), brands=(BrandInput("NVIDIA", True),),
        estimated_products=250, warehouse_countries="NL", accept_terms=True)
    values.update(overrides)
    return ApplicationInput(**values)


def registration(upload_dir: str, name: str = "registration.pdf") -> DocumentUpload:
    return DocumentUpload(DocumentKind.REGISTRATION, "registration_documents",
                          Upload(io.BytesIO(pdf_bytes()), name, upload_dir))


def submit(upload_dir: str, **overrides) -> SupplierApplication:
    """An application made through the service (flushed, not committed)."""
    return applications.submit(make_input(**overrides), [registration(upload_dir)],
                               upload_dir=upload_dir)


def outbox(to: str | None = None) -> list[OutboxMessage]:
    db.session.expire_all()
    stmt = select(OutboxMessage).order_by(OutboxMessage.id)
    if to:
        stmt = stmt.where(OutboxMessage.to_address == to)
    return list(db.session.scalars(stmt))


def mails(app, to: str | None = None) -> list[OutboxMessage]:
    with app.app_context():
        found = outbox(to)
        for m in found:
            db.session.expunge(m)
        return found


def path_in(message: OutboxMessage, prefix: str) -> str:
    match = re.search(r"https?://[^/\s]+(" + re.escape(prefix) + r"[^\s\"<]*)",
                      message.text_body)
    assert match, f"no {prefix} link in: {message.text_body}"
    return match.group(1)


def stored_application(app, application_id: int | None = None) -> SupplierApplication:
    """The application as stored now (the only one, or ``application_id``), detached with
    its families, brands, documents and events loaded."""
    with app.app_context():
        stmt = select(SupplierApplication).options(
            selectinload(SupplierApplication.families), selectinload(SupplierApplication.brands),
            selectinload(SupplierApplication.documents), selectinload(SupplierApplication.events),
            selectinload(SupplierApplication.organisation))
        if application_id is not None:
            stmt = stmt.where(SupplierApplication.id == application_id)
        application = db.session.scalars(stmt).one()
        db.session.expunge_all()
        return application


def count_applications(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(SupplierApplication.id))) or 0


def stored_files(upload_dir: Path) -> list[Path]:
    folder = upload_dir / "suppliers"
    return sorted(p for p in folder.iterdir() if p.is_file()) if folder.exists() else []
