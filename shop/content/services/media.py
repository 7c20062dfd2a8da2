"""Uploaded images: checked by their content, resized, re-encoded and stored under
``UPLOAD_DIR/posts/`` with a random name. Nothing of the uploaded file's bytes, name or
metadata is served back as it came.

A stored file belongs to the transaction that recorded it: when that transaction rolls back
(a failed post edit, a refused form, an error), the file is deleted too, so no upload is
left behind without its ``MediaAsset`` row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import BinaryIO

from shop import uploads
from shop.content.exceptions import InvalidImage
from shop.content.models import MediaAsset
from shop.db import utcnow
from shop.extensions import db

MAX_IMAGE_BYTES = 8 * 1024 * 1024
MAX_WIDTH = 1600
MEDIA_SUBDIR = "posts"
NAME_PATTERN = r"[A-Za-z0-9_-]{16,64}\.(?:webp|jpg|png)"


@dataclass(frozen=True)
class Upload:
    """An uploaded file as services take it: its bytes, the name it came with, and the
    directory uploads are kept in."""

    stream: BinaryIO
    filename: str
    upload_dir: str


def store_image(stream: BinaryIO, *, upload_dir: str, original_name: str = "",
                post_id: int | None = None, uploaded_by_id: int | None = None,
                max_bytes: int = MAX_IMAGE_BYTES, now: datetime | None = None) -> MediaAsset:
    """Validate, resize (at most 1600 px wide) and re-encode an upload as WebP."""
    try:
        data = uploads.read_limited(stream, max_bytes, field="image", noun="Images")
        image = uploads.web_image(uploads.check_image(data, field="image"), MAX_WIDTH)
    except uploads.InvalidUpload as exc:
        raise InvalidImage(exc.field, exc.message) from None
    encoded = uploads.webp_bytes(image)
    path = uploads.store(encoded, upload_dir=upload_dir, area=MEDIA_SUBDIR, extension="webp")
    asset = MediaAsset(
        path=path, content_type="image/webp", width=image.width, height=image.height,
        size_bytes=len(encoded), original_name=uploads.clean_name(original_name),
        post_id=post_id, uploaded_by_id=uploaded_by_id, created_at=now or utcnow(),
    )
    db.session.add(asset)
    db.session.flush()
    return asset
