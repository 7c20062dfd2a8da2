"""The shared upload checks: documents recognised by content, active PDFs refused, stored
names that cannot be turned into other paths, files that follow their transaction."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from shop import uploads
from shop.extensions import db


def pdf_bytes(*, script: str | None = None, password: str | None = None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if script:
        writer._root_object[NameObject("/OpenAction")] = DictionaryObject({
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject(script),
        })
    if password:
        writer.encrypt(password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def image_bytes(fmt: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (20, 10), "navy").save(out, format=fmt)
    return out.getvalue()


def test_pdf_png_and_jpeg_are_recognised_by_content():
    assert uploads.check_document(pdf_bytes()).extension == "pdf"
    assert uploads.check_document(pdf_bytes()).pages == 1
    assert uploads.check_document(image_bytes("PNG")).content_type == "image/png"
    assert uploads.check_document(image_bytes("JPEG")).extension == "jpg"


@pytest.mark.parametrize("data, message", [
    (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200, "not a PDF"),
    (b"\x7fELF\x02\x01\x01" + b"\x00" * 200, "not a PDF"),
    (b"<!DOCTYPE html><html><script>alert(1)</script></html>", "not a PDF"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "not a PDF"),
    (b"PK\x03\x04" + b"\x00" * 100, "not a PDF"),
    (b"%PDF-1.7\n" + b"garbage" * 50, "damaged"),
    (image_bytes("GIF"), "not a PDF"),
])
def test_other_content_is_refused_whatever_its_name(data, message):
    with pytest.raises(uploads.InvalidUpload) as err:
        uploads.check_document(data, field="documents")
    assert message in err.value.message
    assert err.value.field == "documents"


def test_a_pdf_with_javascript_is_refused():
    with pytest.raises(uploads.InvalidUpload) as err:
        uploads.check_document(pdf_bytes(script="app.alert('hi');"))
    assert "scripts" in err.value.message


def test_an_encrypted_pdf_is_refused():
    with pytest.raises(uploads.InvalidUpload) as err:
        uploads.check_document(pdf_bytes(password="secret"))
    assert "password" in err.value.message


def test_a_file_over_the_limit_is_refused_without_reading_it_all():
    stream = io.BytesIO(b"x" * 5000)
    with pytest.raises(uploads.InvalidUpload) as err:
        uploads.read_limited(stream, 1024, field="documents")
    assert err.value.message == "Files must be 1 KB or smaller."
    assert stream.tell() == 1025


@pytest.mark.parametrize("name, shown", [
    ("../../etc/passwd", "passwd"),
    ("C:\\Users\\me\\licence.pdf", "licence.pdf"),
    ("re\x00port\u202e.pdf", "report.pdf"),
    ("...", "upload"),
])
def test_uploaded_names_are_only_ever_shown_cleaned(name, shown):
    assert uploads.clean_name(name) == shown


def test_stored_names_never_lead_outside_their_area(tmp_path):
    (tmp_path / "secret.txt").write_text("no")
    assert uploads.stored_path(str(tmp_path), "../secret.txt") is None
    assert uploads.stored_path(str(tmp_path), "documents/../../secret.txt") is None
    assert uploads.stored_path(str(tmp_path), "documents/" + "a" * 20 + ".exe") is None


def test_a_stored_file_follows_its_transaction(ctx, tmp_path):
    kept = uploads.store(b"%PDF", upload_dir=str(tmp_path), area="documents", extension="pdf")
    db.session.commit()
    assert uploads.stored_path(str(tmp_path), kept) is not None

    dropped = uploads.store(b"%PDF", upload_dir=str(tmp_path), area="documents",
                            extension="pdf")
    assert uploads.stored_path(str(tmp_path), dropped) is not None
    db.session.rollback()
    assert uploads.stored_path(str(tmp_path), dropped) is None

    uploads.delete_after_commit(str(tmp_path), kept)
    db.session.rollback()
    assert uploads.stored_path(str(tmp_path), kept) is not None  # the removal rolled back
    uploads.delete_after_commit(str(tmp_path), kept)
    db.session.commit()
    assert uploads.stored_path(str(tmp_path), kept) is None


def test_a_moved_file_follows_its_transaction(ctx, tmp_path):
    """A move into another area leaves the file where it was until the transaction
    commits: rolled back, only the old name is left; committed, only the new one."""
    upload_dir = str(tmp_path)
    staged = uploads.store(b"%PDF-1.4 staged", upload_dir=upload_dir, area="private",
                           extension="pdf")
    db.session.commit()

    moved = uploads.move(upload_dir, staged, area="public")
    assert moved.startswith("public/") and moved.endswith(".pdf")
    assert uploads.stored_path(upload_dir, moved).read_bytes() == b"%PDF-1.4 staged"
    db.session.rollback()
    assert uploads.stored_path(upload_dir, moved) is None
    assert uploads.stored_path(upload_dir, staged) is not None

    moved = uploads.move(upload_dir, staged, area="public")
    db.session.commit()
    assert uploads.stored_path(upload_dir, staged) is None
    assert uploads.stored_path(upload_dir, moved).read_bytes() == b"%PDF-1.4 staged"
    assert not list((tmp_path / "public").glob(".*.part"))

    assert uploads.move(upload_dir, staged, area="public") is None  # gone: nothing to move
    assert uploads.move(upload_dir, "../" + moved, area="public") is None
