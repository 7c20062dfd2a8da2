"""A product's images and datasheets: uploads checked by their content (``shop.uploads``),
images re-encoded as WebP in two sizes (800 px for the product page, 320 px for cards and
lists), PDFs kept as checked. Files live under ``UPLOAD_DIR/products/`` with random names
and are served at ``/media/products/<name>``; each belongs to the transaction that recorded
it (a rolled-back save deletes it) and a removed one goes once its removal commits.

Services add and flush; the entry point commits. Each change records a content change, so
cached pages that show the product re-render.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import func, select

from shop import uploads
from shop.catalog.exceptions import InvalidProduct
from shop.catalog.models import ChangeKind, Product, ProductDocument, ProductImage
from shop.catalog.services import record_change
from shop.extensions import db
from shop.uploads import InvalidUpload, Upload

AREA = "products"
LARGE_WIDTH, THUMB_WIDTH = 800, 320
MAX_IMAGE_BYTES = 8 * 1024 * 1024
MAX_DOCUMENT_BYTES = 15 * 1024 * 1024  # under the app-wide body limit (16 MB)
MAX_IMAGES = 12
MAX_ALT = 200
PDF_ONLY = {"application/pdf": "pdf"}
DOCUMENT_KINDS = {"datasheet": "Datasheet or product brief", "family": "Product family page",
                  "manual": "Manual or guide"}


@dataclass(frozen=True)
class ImageUpload:
    """One image to add: the file, its alternative text, and the form slot it came from
    (errors name ``file_<slot>`` and ``alt_<slot>``)."""

    upload: Upload
    alt: str
    slot: int = 1


def clean_alt(alt: str | None, field: str) -> str:
    """An image's alternative text, whitespace folded; refused when empty or too long."""
    text = " ".join((alt or "").split())
    if not text:
        raise InvalidProduct(field, "Describe the image for people who cannot see it "
                                    "(alternative text is required).")
    if len(text) > MAX_ALT:
        raise InvalidProduct(field, f"Keep the description under {MAX_ALT} characters.")
    return text


def store_image(upload: Upload, field: str, area: str = AREA) -> tuple[str, str]:
    """Check an uploaded image, re-encode it as WebP at 800 and 320 px and store both under
    ``area`` (in the current transaction); return (large, thumbnail) as ``area/name``."""
    data = uploads.read_limited(upload.stream, MAX_IMAGE_BYTES, field=field, noun="Images")
    image = uploads.check_image(data, field=field)
    large = uploads.web_image(image, LARGE_WIDTH)
    thumb = uploads.web_image(large, THUMB_WIDTH)
    return (uploads.store(uploads.webp_bytes(large), upload_dir=upload.upload_dir, area=area,
                          extension="webp"),
            uploads.store(uploads.webp_bytes(thumb), upload_dir=upload.upload_dir, area=area,
                          extension="webp"))


def store_pdf(upload: Upload, area: str = AREA) -> str:
    """Check an uploaded document as a plain PDF (errors name ``file``) and store it under
    ``area`` (in the current transaction); return ``area/name``."""
    data = uploads.read_limited(upload.stream, MAX_DOCUMENT_BYTES, field="file",
                                noun="Documents")
    try:
        checked = uploads.check_document(data, field="file", accepted=PDF_ONLY)
    except InvalidUpload as exc:
        raise InvalidUpload("file", exc.message) from None
    return uploads.store(checked.data, upload_dir=upload.upload_dir, area=area,
                         extension="pdf")


def add_images(product: Product, images: list[ImageUpload]) -> list[ProductImage]:
    """Check, resize, re-encode and store each image, after the ones the product has."""
    have = db.session.scalar(select(func.count()).select_from(ProductImage)
                             .where(ProductImage.product_id == product.id)) or 0
    if have + len(images) > MAX_IMAGES:
        raise InvalidProduct(f"file_{images[0].slot if images else 1}",
                             f"A product has at most {MAX_IMAGES} images; it has {have}.")
    for item in images:  # every description first: nothing is stored for a refused form
        clean_alt(item.alt, f"alt_{item.slot}")
    position = db.session.scalar(select(func.max(ProductImage.position))
                                 .where(ProductImage.product_id == product.id))
    position = -1 if position is None else position
    added = []
    for item in images:
        path, thumb_path = store_image(item.upload, f"file_{item.slot}")
        position += 1
        row = ProductImage(product_id=product.id, path=path, thumb_path=thumb_path,
                           alt=clean_alt(item.alt, f"alt_{item.slot}"), position=position)
        db.session.add(row)
        added.append(row)
    db.session.flush()
    record_change(ChangeKind.CONTENT, product.id)
    return added


def _images(product: Product) -> list[ProductImage]:
    return list(db.session.scalars(select(ProductImage).where(
        ProductImage.product_id == product.id).order_by(ProductImage.position, ProductImage.id)))


def arrange_images(product: Product, positions: Mapping[int, int],
                   alts: Mapping[int, str]) -> bool:
    """Reorder the images (image id → wanted place, 1 first; ties keep the current order)
    and set their descriptions. Returns whether anything changed."""
    images = _images(product)
    for image in images:
        if image.id in alts:
            image.alt = clean_alt(alts[image.id], f"alt-{image.id}")
    current = {image.id: i for i, image in enumerate(images)}
    ordered = sorted(images, key=lambda im: (positions.get(im.id, current[im.id] + 1),
                                             current[im.id]))
    changed = any(db.session.is_modified(image) for image in images)
    for place, image in enumerate(ordered):
        if image.position != place:
            image.position = place
            changed = True
    if changed:
        db.session.flush()
        record_change(ChangeKind.CONTENT, product.id)
    return changed


def delete_image(product: Product, image_id: int, upload_dir: str) -> bool:
    """Remove one image (its files go once this commits); False if it was gone already."""
    image = db.session.scalar(select(ProductImage).where(
        ProductImage.id == image_id, ProductImage.product_id == product.id))
    if image is None:
        return False
    for path in (image.path, image.thumb_path):
        if path and path.startswith(f"{AREA}/"):
            uploads.delete_after_commit(upload_dir, path)
    db.session.delete(image)
    db.session.flush()
    for place, rest in enumerate(_images(product)):
        rest.position = place
    db.session.flush()
    record_change(ChangeKind.CONTENT, product.id)
    return True


def check_url(url: str) -> str:
    """A document's address: empty, or a full http(s) address."""
    url = url.strip()
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(url) > 500:
        raise InvalidProduct("url", "Enter the full address of the document, starting "
                                    "with https://.")
    return url


def document_fields(title: str, url: str, kind: str, *, has_file: bool) -> tuple[str, str]:
    """A document's title and address, checked (with its kind): a title, and an address, a
    PDF or both."""
    title = " ".join((title or "").split())
    if not title:
        raise InvalidProduct("title", "Give the document a title, like “Datasheet”.")
    if len(title) > 200:
        raise InvalidProduct("title", "Keep the title under 200 characters.")
    if kind not in DOCUMENT_KINDS:
        raise InvalidProduct("kind", "Choose what kind of document it is.")
    url = check_url(url or "")
    if not url and not has_file:
        raise InvalidProduct("url", "Give the document's address, upload its PDF, or both.")
    return title, url


def add_document(product: Product, *, title: str, url: str = "", kind: str = "datasheet",
                 upload: Upload | None = None) -> ProductDocument:
    """A datasheet or other document: a link, an uploaded PDF, or both (the PDF is what
    the product page links; the address is kept as its source)."""
    title, url = document_fields(title, url, kind, has_file=upload is not None)
    file_path = store_pdf(upload) if upload is not None else None
    document = ProductDocument(product_id=product.id, title=title, url=url, kind=kind,
                               file_path=file_path)
    db.session.add(document)
    db.session.flush()
    record_change(ChangeKind.CONTENT, product.id)
    return document


def delete_document(product: Product, document_id: int, upload_dir: str) -> bool:
    document = db.session.scalar(select(ProductDocument).where(
        ProductDocument.id == document_id, ProductDocument.product_id == product.id))
    if document is None:
        return False
    if document.file_path:
        uploads.delete_after_commit(upload_dir, document.file_path)
    db.session.delete(document)
    db.session.flush()
    record_change(ChangeKind.CONTENT, product.id)
    return True
