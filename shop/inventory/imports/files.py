"""Uploaded import files: kept under ``UPLOAD_DIR/imports/`` (outside the web root, never
served) with a random name by ``shop.uploads``, and read back by the jobs. A stored file
follows the transaction that recorded it, so no file is left without its import row."""

from __future__ import annotations

from shop import uploads
from shop.errors import ValidationError

SUBDIR = "imports"
# The largest request an import form takes (the staff import and the supplier feed): files
# past IMPORT_MAX_BYTES (50 MB) and under this are refused beside the field; larger requests
# are refused unread (413) with a page saying what fits.
UPLOAD_BODY_LIMIT = 64 * 1024 * 1024


def store(data: bytes, upload_dir: str, suffix: str) -> str:
    """Write ``data`` under a random name; the path relative to ``upload_dir``."""
    return uploads.store(data, upload_dir=upload_dir, area=SUBDIR, extension=suffix)


def read(upload_dir: str, relative: str) -> bytes:
    path = uploads.stored_path(upload_dir, relative) if relative.startswith(f"{SUBDIR}/") \
        else None
    if path is None:
        raise ValidationError("file", "The uploaded file is no longer stored. Upload it "
                                      "again.")
    return path.read_bytes()


def delete(upload_dir: str, relative: str) -> None:
    path = uploads.stored_path(upload_dir, relative)
    if path is not None:
        path.unlink(missing_ok=True)
