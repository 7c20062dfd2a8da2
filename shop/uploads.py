"""Uploaded files: checked by their content, stored outside the code tree under random names.

One module for every upload the shop takes: post images, product images, supplier documents.

- :func:`read_limited` reads at most ``max_bytes`` (one more byte tells it was larger).
- :func:`check_image` opens an image with Pillow, refusing decompression bombs, formats we do
  not take and damaged files; :func:`web_image` re-encodes it (EXIF orientation applied,
  metadata dropped, at most ``max_width`` wide) so nothing of the uploaded bytes is served.
- :func:`check_document` recognises a PDF, PNG or JPEG by its bytes, not its name, and refuses
  PDFs that carry script or launch actions, are encrypted or cannot be parsed.
- :func:`store` writes bytes under ``UPLOAD_DIR/<area>/`` with a random name. The file belongs
  to the database transaction that recorded it: if that transaction rolls back, the file is
  deleted, so no upload is left without its row.
- :func:`stored_path` turns a stored name back into a path, refusing anything that is not a
  name this module made (no path tricks reach the disk).
- :func:`delete_after_commit` deletes a stored file once the transaction commits, and
  :func:`move` moves one into another area (a private upload made public) the same way: the
  new name at once (gone again on a rollback), the old one gone once it commits.

Checks raise :class:`InvalidUpload` (a ``ValidationError`` naming the form field), which views
put next to the field.
"""

from __future__ import annotations

import io
import os
import re
import secrets
import shutil
import unicodedata
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import filetype
from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import event
from sqlalchemy.orm import Session

from shop.errors import ValidationError
from shop.extensions import db

MAX_PIXELS = 40_000_000  # refuse decompression bombs long before they decode
IMAGE_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "GIF": "GIF"}
DOCUMENT_TYPES = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}
EXTENSIONS = ("webp", "jpg", "png", "pdf", "csv", "xlsx")
STORED_NAME = re.compile(r"[A-Za-z0-9_-]{16,64}\.(?:" + "|".join(EXTENSIONS) + ")")
AREA = re.compile(r"[a-z][a-z0-9_-]{0,30}")
_WRITTEN = "shop.uploads.written"  # files stored in the session's current transaction

# PDF names that run something when the document is opened or a field is touched.
_PDF_ACTIVE = (b"/JavaScript", b"/JS", b"/Launch", b"/EmbeddedFile", b"/RichMedia",
               b"/XFA", b"/SubmitForm", b"/ImportData")


class InvalidUpload(ValidationError):
    """An upload we do not accept; ``field`` names the form field it came from."""


@dataclass(frozen=True)
class Upload:
    """An uploaded file as services take it: its bytes, the name it came with, and the
    directory uploads are kept in."""

    stream: BinaryIO
    filename: str
    upload_dir: str


@dataclass(frozen=True)
class CheckedDocument:
    data: bytes
    content_type: str
    extension: str
    pages: int | None  # PDFs only


def size_text(n: int) -> str:
    mb = n / (1024 * 1024)
    return f"{mb:g} MB" if mb >= 1 else f"{n // 1024} KB"


def clean_name(name: str | None, limit: int = 200) -> str:
    """The uploaded file's name as we show it: its last path part, printable characters only.
    Never used to build a path."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in unicodedata.normalize("NFC", name)
                   if unicodedata.category(ch)[0] not in ("C", "Z") or ch == " ")
    return name.strip(" .")[:limit] or "upload"


def read_limited(stream: BinaryIO, max_bytes: int, *, field: str = "file",
                 noun: str = "Files") -> bytes:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InvalidUpload(field, f"{noun} must be {size_text(max_bytes)} or smaller.")
    if not data:
        raise InvalidUpload(field, "The file is empty.")
    return data


# --- images -----------------------------------------------------------------------------------

def check_image(data: bytes, *, field: str = "image",
                formats: dict[str, str] = IMAGE_FORMATS) -> Image.Image:
    """Open ``data`` as an image of one of ``formats``; refuse anything else."""
    *first, last = formats.values()
    names = f"{', '.join(first)} or {last}" if first else last
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                fmt = probe.format
                width, height = probe.size
                probe.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError,
            Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise InvalidUpload(field, f"That file is not an image we can read. Upload a "
                                   f"{names} image.") from None
    if fmt not in formats:
        raise InvalidUpload(field, f"Upload a {names} image.")
    if width * height > MAX_PIXELS or width < 1 or height < 1:
        raise InvalidUpload(field, "That image has too many pixels; keep it under 40 "
                                   "megapixels.")
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (OSError, ValueError, Image.DecompressionBombError):
        raise InvalidUpload(field, "That image is damaged and cannot be read.") from None
    return image


def web_image(image: Image.Image, max_width: int) -> Image.Image:
    """Upright, RGB(A), at most ``max_width`` pixels wide."""
    image = ImageOps.exif_transpose(image)
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "transparency" in image.info or image.mode in
                              ("LA", "PA", "P") else "RGB")
    if image.width > max_width:
        height = max(1, round(image.height * max_width / image.width))
        image = image.resize((max_width, height), Image.Resampling.LANCZOS)
    return image


def webp_bytes(image: Image.Image, quality: int = 82) -> bytes:
    out = io.BytesIO()
    image.save(out, format="WEBP", quality=quality, method=4)
    return out.getvalue()


# --- documents --------------------------------------------------------------------------------

def check_document(data: bytes, *, field: str = "document",
                   accepted: dict[str, str] = DOCUMENT_TYPES) -> CheckedDocument:
    """Recognise ``data`` by its content as one of ``accepted`` (MIME type → extension).

    An executable, HTML, SVG, archive or anything else is refused whatever its name; a PDF
    must parse, must not be encrypted and must not carry script, launch or embedded-file
    actions; an image must decode."""
    kind = filetype.guess(data)
    mime = kind.mime if kind else None
    if mime not in accepted:
        allowed = ", ".join(ext.upper() for ext in dict.fromkeys(accepted.values()))
        raise InvalidUpload(field, f"That file is not a {allowed} document (we look at the "
                                   "file's content, not its name).")
    pages = None
    if mime == "application/pdf":
        pages = _check_pdf(data, field)
    else:
        check_image(data, field=field, formats={"PNG": "PNG", "JPEG": "JPEG"})
    return CheckedDocument(data, mime, accepted[mime], pages)


def _check_pdf(data: bytes, field: str) -> int:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    for marker in _PDF_ACTIVE:
        if re.search(re.escape(marker) + rb"(?![A-Za-z0-9])", data):
            raise InvalidUpload(field, "That PDF contains scripts, attachments or actions; "
                                       "upload a plain PDF (print it to PDF again).")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise InvalidUpload(field, "That PDF is password-protected; upload it without "
                                       "a password.")
        pages = len(reader.pages)
        root = reader.trailer["/Root"]
        for key in ("/OpenAction", "/AA", "/Names"):
            value = root.get(key)
            if value is not None and _has_active_content(value.get_object()):
                raise InvalidUpload(field, "That PDF contains scripts or actions; upload a "
                                           "plain PDF.")
    except InvalidUpload:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError,
            RecursionError):
        raise InvalidUpload(field, "That PDF is damaged and cannot be read.") from None
    if pages < 1:
        raise InvalidUpload(field, "That PDF has no pages.")
    return pages


def _has_active_content(obj, depth: int = 0) -> bool:
    """Look through a small part of the PDF's object tree for script or launch actions (the
    byte scan above catches plain ones; this catches names hidden in compressed streams)."""
    if depth > 12:
        return False
    if hasattr(obj, "keys"):
        for key in obj.keys():
            if key in ("/JS", "/JavaScript", "/Launch", "/EmbeddedFiles", "/RichMedia"):
                return True
            if key == "/S" and obj[key] in ("/JavaScript", "/Launch"):
                return True
            child = obj[key]
            if hasattr(child, "get_object"):
                child = child.get_object()
            if _has_active_content(child, depth + 1):
                return True
    elif isinstance(obj, list):
        return any(_has_active_content(item.get_object() if hasattr(item, "get_object")
                                       else item, depth + 1) for item in obj[:200])
    return False


# --- storage ----------------------------------------------------------------------------------

def store(data: bytes, *, upload_dir: str, area: str, extension: str) -> str:
    """Write ``data`` under ``upload_dir/area/`` with a random name; return ``area/name``.

    The file is deleted again if the current database transaction does not commit."""
    if not AREA.fullmatch(area) or extension not in EXTENSIONS:
        raise ValueError("unknown upload area or extension")
    folder = Path(upload_dir) / area
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{secrets.token_urlsafe(18)}.{extension}"
    target = folder / name
    temp = folder / f".{name}.part"
    temp.write_bytes(data)
    os.replace(temp, target)
    _remember_written(target)
    return f"{area}/{name}"


def stored_path(upload_dir: str, relative: str) -> Path | None:
    """The file behind ``area/name`` made by :func:`store`, or None for anything else."""
    area, _, name = relative.partition("/")
    if not AREA.fullmatch(area) or not STORED_NAME.fullmatch(name):
        return None
    path = Path(upload_dir) / area / name
    return path if path.is_file() else None


def move(upload_dir: str, relative: str, *, area: str) -> str | None:
    """Move a stored file into ``area`` under a new random name, following the transaction
    as :func:`store` and :func:`delete_after_commit` do: the new name exists at once (and
    goes again if the transaction does not commit), the old one goes once it commits.
    Returns the new ``area/name``, or None when ``relative`` is no stored file."""
    source = stored_path(upload_dir, relative)
    if source is None or not AREA.fullmatch(area):
        return None
    folder = Path(upload_dir) / area
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{secrets.token_urlsafe(18)}{source.suffix}"
    target = folder / name
    temp = folder / f".{name}.part"
    try:
        os.link(source, temp)  # the same bytes under a second name, nothing copied
    except OSError:  # another file system, or links not allowed there
        shutil.copyfile(source, temp)
    os.replace(temp, target)
    _remember_written(target)
    delete_after_commit(upload_dir, relative)
    return f"{area}/{name}"


def delete_after_commit(upload_dir: str, relative: str) -> None:
    """Delete a stored file once the current transaction commits (a removed attachment)."""
    path = stored_path(upload_dir, relative)
    if path is not None:
        _install_listeners()
        db.session().info.setdefault(_DOOMED, []).append(path)


_DOOMED = "shop.uploads.doomed"  # files to delete when the transaction commits


def _install_listeners() -> None:
    if not event.contains(Session, "after_commit", _after_commit):
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_transaction_end", _after_transaction_end)


def _remember_written(path: Path) -> None:
    _install_listeners()
    session = db.session()
    if not session.in_transaction():
        session.begin()  # so a rollback, even before any SQL, deletes the file
    session.info.setdefault(_WRITTEN, []).append(path)


def _after_commit(session: Session) -> None:
    session.info.pop(_WRITTEN, None)
    for path in session.info.pop(_DOOMED, None) or ():
        Path(path).unlink(missing_ok=True)


def _after_transaction_end(session: Session, transaction) -> None:
    """The outermost transaction ended without a commit (rolled back or closed)."""
    if transaction.parent is not None:  # a savepoint: the outer transaction decides
        return
    session.info.pop(_DOOMED, None)
    for path in session.info.pop(_WRITTEN, None) or ():
        Path(path).unlink(missing_ok=True)
