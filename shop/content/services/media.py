"""Uploaded images: checked by their content, resized, re-encoded and stored under
``UPLOAD_DIR/posts/`` with a random name. Nothing of the uploaded file's bytes, name or
metadata is served back as it came.

A stored file belongs to the transaction that recorded it: when that transaction rolls back
(a failed post edit, a refused form, an error), the file is deleted too, so no upload is
left behind without its ``MediaAsset`` row."""

from __future__ import annotations

import io
import os
import secrets
import warnings
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import event
from sqlalchemy.orm import Session

from shop.content.exceptions import InvalidImage
from shop.content.models import MediaAsset
from shop.db import utcnow
from shop.extensions import db

MAX_IMAGE_BYTES = 8 * 1024 * 1024
MAX_WIDTH = 1600
MAX_PIXELS = 40_000_000  # refuse decompression bombs long before they decode
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
MEDIA_SUBDIR = "posts"
NAME_PATTERN = r"[A-Za-z0-9_-]{16,64}\.(?:webp|jpg|png)"
_WRITTEN = "shop.media.written"  # files stored in the session's current transaction


@dataclass(frozen=True)
class Upload:
    """An uploaded file as services take it: its bytes, the name it came with, and the
    directory uploads are kept in."""

    stream: BinaryIO
    filename: str
    upload_dir: str


def _size(n: int) -> str:
    mb = n / (1024 * 1024)
    return f"{mb:g} MB" if mb >= 1 else f"{n // 1024} KB"


def _read_limited(stream: BinaryIO, max_bytes: int) -> bytes:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InvalidImage("image", f"Images must be {_size(max_bytes)} or smaller.")
    if not data:
        raise InvalidImage("image", "The file is empty.")
    return data


def _open_checked(data: bytes) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                fmt = probe.format
                width, height = probe.size
                probe.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError,
            Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise InvalidImage("image", "That file is not an image we can read. Upload a JPEG, "
                                    "PNG, WebP or GIF.") from None
    if fmt not in ACCEPTED_FORMATS:
        raise InvalidImage("image", "Upload a JPEG, PNG, WebP or GIF image.")
    if width * height > MAX_PIXELS or width < 1 or height < 1:
        raise InvalidImage("image", "That image has too many pixels; keep it under 40 "
                                    "megapixels.")
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (OSError, ValueError, Image.DecompressionBombError):
        raise InvalidImage("image", "That image is damaged and cannot be read.") from None
    return image


def _normalise(image: Image.Image) -> Image.Image:
    image = ImageOps.exif_transpose(image)
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "transparency" in image.info or image.mode in
                              ("LA", "PA", "P") else "RGB")
    if image.width > MAX_WIDTH:
        height = max(1, round(image.height * MAX_WIDTH / image.width))
        image = image.resize((MAX_WIDTH, height), Image.Resampling.LANCZOS)
    return image


def store_image(stream: BinaryIO, *, upload_dir: str, original_name: str = "",
                post_id: int | None = None, uploaded_by_id: int | None = None,
                max_bytes: int = MAX_IMAGE_BYTES, now: datetime | None = None) -> MediaAsset:
    """Validate, resize (at most 1600 px wide) and re-encode an upload as WebP."""
    data = _read_limited(stream, max_bytes)
    image = _normalise(_open_checked(data))
    out = io.BytesIO()
    image.save(out, format="WEBP", quality=82, method=4)
    encoded = out.getvalue()
    folder = Path(upload_dir) / MEDIA_SUBDIR
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{secrets.token_urlsafe(18)}.webp"
    target = folder / name
    temp = folder / f".{name}.part"
    temp.write_bytes(encoded)
    os.replace(temp, target)
    asset = MediaAsset(
        path=f"{MEDIA_SUBDIR}/{name}", content_type="image/webp", width=image.width,
        height=image.height, size_bytes=len(encoded), original_name=(original_name or "")[:200],
        post_id=post_id, uploaded_by_id=uploaded_by_id, created_at=now or utcnow(),
    )
    _remember_written(target)
    db.session.add(asset)
    db.session.flush()
    return asset


# --- files follow their transaction ------------------------------------------------------------

def _remember_written(path: Path) -> None:
    if not event.contains(Session, "after_commit", _forget_written):
        event.listen(Session, "after_commit", _forget_written)
        event.listen(Session, "after_transaction_end", _delete_written)
    session = db.session()
    if not session.in_transaction():
        session.begin()  # so a rollback, even before any SQL, deletes the file
    session.info.setdefault(_WRITTEN, []).append(path)


def _forget_written(session: Session) -> None:
    session.info.pop(_WRITTEN, None)


def _delete_written(session: Session, transaction) -> None:
    """The outermost transaction ended without a commit (rolled back or closed)."""
    if transaction.parent is not None:  # a savepoint: the outer transaction decides
        return
    for path in session.info.pop(_WRITTEN, None) or ():
        Path(path).unlink(missing_ok=True)
