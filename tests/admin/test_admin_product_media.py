"""A product's images, documents and ports over HTTP: uploads checked by content, thumbnails
made, order and descriptions kept, files served with long cache headers and deleted with
their rows."""

import io
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select

from shop.catalog.models import ProductImage, ProductInterface
from shop.extensions import db
from tests.admin.products_helpers import adapter, pdf_bytes, png_bytes, staff_client, stored
from tests.factories import make_category, make_product


@pytest.fixture
def uploads_dir(app, tmp_path, monkeypatch):
    folder = tmp_path / "uploads"
    monkeypatch.setitem(app.config, "UPLOAD_DIR", str(folder))
    return folder


@pytest.fixture
def staff(app, client, uploads_dir):
    return staff_client(app, client)


def _upload(client, product_id, *files, alts=None):
    data = {}
    for n, (content, name) in enumerate(files, start=1):
        data[f"file_{n}"] = (io.BytesIO(content), name)
        data[f"alt_{n}"] = (alts or {}).get(n, f"Front view {n}")
    return client.post(f"/admin/products/{product_id}/images", data=data,
                       content_type="multipart/form-data")


def _images(app, product_id):
    with app.app_context():
        return [(i.id, i.path, i.thumb_path, i.alt) for i in db.session.scalars(
            select(ProductImage).where(ProductImage.product_id == product_id)
            .order_by(ProductImage.position))]


def test_png_images_are_stored_as_webp_in_two_sizes_and_served(app, staff, client,
                                                                 uploads_dir):
    product_id = adapter(app)
    response = _upload(staff, product_id, (png_bytes(), "front.png"),
                       (png_bytes((400, 300), (200, 20, 20)), "back.png"))
    assert response.status_code == 302
    images = _images(app, product_id)
    assert [alt for *_, alt in images] == ["Front view 1", "Front view 2"]
    (_, path, thumb, _), _second = images
    with Image.open(uploads_dir / path) as large, Image.open(uploads_dir / thumb) as small:
        assert (large.format, large.width, small.format, small.width) == ("WEBP", 800, "WEBP",
                                                                          320)
    served = client.get(f"/media/{path}")
    assert served.status_code == 200 and served.mimetype == "image/webp"
    assert served.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    page = client.get(f"/p/{stored(app, product_id).slug}").text
    assert f'src="/media/{path}" alt="Front view 1"' in page
    listing = client.get("/c/network-adapters").text
    assert f'src="/media/{thumb}"' in listing  # cards show the small one
    assert client.get("/media/products/../../secret.webp").status_code == 404
    assert client.get("/media/products/nothere_0123456789abcdef.webp").status_code == 404


@pytest.mark.parametrize(("content", "name"), [
    (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "logo.png"),
    (b"<!doctype html><html><script>alert(1)</script></html>", "page.png"),
    (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64, "setup.png"),
])
def test_files_that_are_not_images_are_refused_whatever_their_name(app, staff, uploads_dir,
                                                                   content, name):
    product_id = adapter(app)
    response = _upload(staff, product_id, (content, name))
    assert response.status_code == 400
    assert "not an image we can read" in response.text
    assert 'id="file_1-error"' in response.text
    assert _images(app, product_id) == []
    assert not list(uploads_dir.rglob("*.webp"))  # nothing left behind


def test_alt_text_is_required_and_nothing_is_stored_without_it(app, staff, uploads_dir):
    product_id = adapter(app)
    response = _upload(staff, product_id, (png_bytes(), "a.png"), (png_bytes(), "b.png"),
                       alts={2: "   "})
    assert response.status_code == 400
    assert "alternative text is required" in response.text
    assert 'id="alt_2-error"' in response.text
    assert _images(app, product_id) == [] and not list(uploads_dir.rglob("*.webp"))
    nothing = staff.post(f"/admin/products/{product_id}/images", data={},
                         content_type="multipart/form-data")
    assert nothing.status_code == 400 and "Choose at least one image" in nothing.text


def test_images_are_reordered_described_and_deleted_with_their_files(app, staff, client,
                                                                      uploads_dir):
    product_id = adapter(app)
    _upload(staff, product_id, (png_bytes(), "a.png"), (png_bytes(), "b.png"),
            (png_bytes(), "c.png"))
    (a, a_path, a_thumb, _), (b, *_), (c, *_) = _images(app, product_id)
    bad = staff.post(f"/admin/products/{product_id}/images/arrange", data={
        f"position-{a}": "x", f"alt-{a}": "A"})
    assert bad.status_code == 400 and "Enter a place from 1" in bad.text
    empty = staff.post(f"/admin/products/{product_id}/images/arrange", data={
        f"position-{a}": "1", f"alt-{a}": ""})
    assert empty.status_code == 400 and "alternative text is required" in empty.text
    moved = staff.post(f"/admin/products/{product_id}/images/arrange", data={
        f"position-{a}": "3", f"position-{b}": "1", f"position-{c}": "2",
        f"alt-{c}": "Ports side"})
    assert moved.status_code == 302
    assert [(i, alt) for i, *_, alt in _images(app, product_id)] == [
        (b, "Front view 2"), (c, "Ports side"), (a, "Front view 1")]
    assert staff.post(f"/admin/products/{product_id}/images/{a}/delete").status_code == 302
    assert [i for i, *_ in _images(app, product_id)] == [b, c]
    assert not (uploads_dir / a_path).exists() and not (uploads_dir / a_thumb).exists()
    again = staff.post(f"/admin/products/{product_id}/images/{a}/delete",
                       follow_redirects=True)
    assert "deleted already" in again.text
    assert client.get(f"/media/{a_path}").status_code == 404


def test_another_products_image_cannot_be_deleted_through_this_one(app, staff):
    first, second = adapter(app), adapter(app)
    _upload(staff, second, (png_bytes(), "a.png"))
    (image_id, *_), = _images(app, second)
    staff.post(f"/admin/products/{first}/images/{image_id}/delete")
    assert len(_images(app, second)) == 1


def test_datasheets_by_address_or_checked_pdf(app, staff, client, uploads_dir):
    product_id = adapter(app)
    url = f"/admin/products/{product_id}/documents"
    script = staff.post(url, data={"title": "Datasheet", "kind": "datasheet",
                                   "url": "javascript:alert(1)"})
    assert script.status_code == 400 and "starting with https://" in script.text
    neither = staff.post(url, data={"title": "Datasheet", "kind": "datasheet"})
    assert neither.status_code == 400 and "upload its PDF, or both" in neither.text
    html = staff.post(url, data={"title": "Datasheet", "kind": "datasheet",
                                 "file": (io.BytesIO(b"<html>hi</html>"), "sheet.pdf")},
                      content_type="multipart/form-data")
    assert html.status_code == 400 and "not a PDF document" in html.text
    assert staff.post(url, data={"title": "Product brief", "kind": "datasheet",
                                 "url": "https://example.com/brief.pdf"}).status_code == 302
    assert staff.post(url, data={"title": "Datasheet", "kind": "datasheet",
                                 "file": (io.BytesIO(pdf_bytes()), "sheet.pdf")},
                      content_type="multipart/form-data").status_code == 302
    product = stored(app, product_id)
    brief, sheet = sorted(product.documents, key=lambda d: d.id)
    assert sheet.file_path.endswith(".pdf") and (uploads_dir / sheet.file_path).exists()
    page = client.get(f"/p/{product.slug}").text
    assert 'href="https://example.com/brief.pdf"' in page
    assert f'href="/media/{sheet.file_path}"' in page and "No public datasheet" not in page
    served = client.get(f"/media/{sheet.file_path}")
    assert served.status_code == 200 and served.mimetype == "application/pdf"
    staff.post(f"/admin/products/{product_id}/documents/{sheet.id}/delete")
    assert not (uploads_dir / sheet.file_path).exists()
    assert [d.title for d in stored(app, product_id).documents] == ["Product brief"]


def test_ports_are_edited_and_the_compatibility_lists_follow(app, staff, client):
    with app.app_context():
        cables = make_category("dac-cables", "DAC cables")
        cable = make_product(
            name="HDR DAC 1 m", product_type="cable", category=cables,
            specs={"protocol": ["InfiniBand"], "data_rate": [200], "form_factor": ["QSFP56"],
                   "media": "DAC", "reach": 1},
            ends=[{"count": 2, "cage": "QSFP56", "modes": ["4x50"]}])
        db.session.commit()
        cable_slug = cable.slug
    product_id = adapter(app, name="HDR adapter", specs={
        "protocol": ["InfiniBand"], "data_rate": [200], "form_factor": ["QSFP56"],
        "port_count": 1})
    url = f"/admin/products/{product_id}/connectors"
    page = staff.get(url)
    assert page.status_code == 200 and "Port groups" in page.text
    version = str(stored(app, product_id).version)
    bad = staff.post(url, data={"version": version, "rows-0-cage": "QSFP56",
                                "rows-0-modes": "4x77", "rows-0-count": "1"})
    assert bad.status_code == 400 and "4x77" in bad.text
    saved = staff.post(url, data={"version": version, "rows-0-label": "HDR port",
                                  "rows-0-cage": "QSFP56", "rows-0-modes": "4x50 4x25",
                                  "rows-0-count": "1"})
    assert saved.status_code == 302
    with app.app_context():
        rows = db.session.scalars(select(ProductInterface).where(
            ProductInterface.product_id == product_id)).all()
        assert [(r.label, r.cage, r.modes, r.role) for r in rows] == [
            ("HDR port", "QSFP56", "4x50 4x25", "host")]
    assert "HDR adapter" in client.get(f"/p/{cable_slug}/compatible").text
    stale = staff.post(url, data={"version": version, "rows-0-cage": "OSFP",
                                  "rows-0-top": "flat", "rows-0-modes": "4x100"})
    assert stale.status_code == 409 and "Someone else changed" in stale.text


def test_upload_dir_files_never_leave_their_area(app, uploads_dir):
    assert Path(app.config["UPLOAD_DIR"]) == uploads_dir
