"""Image uploads: validated by content, resized, re-encoded, stored outside the code tree
with random names, and served with long cache headers."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select

from shop.config import PROJECT_ROOT
from shop.content.exceptions import InvalidImage
from shop.content.models import MediaAsset, Post
from shop.content.services.media import store_image
from shop.extensions import db
from tests.content.factories import login, make_post, make_staff, ref


def png_bytes(width=2400, height=1200, mode="RGB", noise=False) -> bytes:
    out = io.BytesIO()
    if noise:
        image = Image.frombytes(mode, (width, height), os.urandom(width * height * len(mode)))
    else:
        image = Image.new(mode, (width, height), (20, 120, 120, 128)[:len(mode)])
    image.save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def uploads(app, clean, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_DIR", str(tmp_path / "uploads"))
    return tmp_path / "uploads"


@pytest.fixture
def staff_client(app, client, uploads):
    with app.app_context():
        staff = make_staff()
        post = make_post(title="Post with pictures", status="draft")
        db.session.commit()
        staff, client.post_id = ref(staff), post.id
    login(client, staff)
    return client


def test_a_large_png_is_resized_reencoded_and_stored_with_a_random_name(ctx, uploads):
    asset = store_image(io.BytesIO(png_bytes()), upload_dir=str(uploads),
                        original_name="../../etc/passwd.png")
    path = uploads / asset.path
    assert path.exists() and path.parent == uploads / "posts"
    assert "passwd" not in asset.path and asset.path.endswith(".webp")
    with Image.open(path) as image:
        assert image.format == "WEBP" and image.size == (1600, 800)
    assert (asset.width, asset.height) == (1600, 800)
    assert not str(path.resolve()).startswith(str(PROJECT_ROOT / "shop"))
    second = store_image(io.BytesIO(png_bytes(100, 100)), upload_dir=str(uploads))
    assert second.path != asset.path


def test_transparency_survives(ctx, uploads):
    asset = store_image(io.BytesIO(png_bytes(50, 50, "RGBA")), upload_dir=str(uploads))
    with Image.open(uploads / asset.path) as image:
        assert image.mode == "RGBA"


@pytest.mark.parametrize("data, message", [
    (b"", "empty"),
    (b"GIF89a but not really an image at all", "not an image"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "not an image"),
    (b"%PDF-1.4\n%...", "not an image"),
    (png_bytes(10, 10)[:60], "not an image"),
])
def test_things_that_are_not_images_are_refused(ctx, uploads, data, message):
    with pytest.raises(InvalidImage) as err:
        store_image(io.BytesIO(data), upload_dir=str(uploads))
    assert message in err.value.message
    assert not (uploads / "posts").exists() or not any((uploads / "posts").iterdir())


def test_an_image_over_the_size_limit_is_refused(ctx, uploads):
    with pytest.raises(InvalidImage) as err:
        store_image(io.BytesIO(png_bytes(300, 300, noise=True)), upload_dir=str(uploads),
                    max_bytes=1024 * 1024 // 8)
    assert err.value.message == "Images must be 128 KB or smaller."


def test_a_decompression_bomb_is_refused(ctx, uploads):
    out = io.BytesIO()
    Image.new("1", (12_000, 12_000)).save(out, format="PNG")  # tiny file, 144 megapixels
    with pytest.raises(InvalidImage) as err:
        store_image(io.BytesIO(out.getvalue()), upload_dir=str(uploads))
    assert "pixels" in err.value.message or "not an image" in err.value.message


def test_inline_upload_through_the_editor_and_serving(app, staff_client, uploads):
    response = staff_client.post(
        f"/admin/posts/{staff_client.post_id}/images",
        data={"image": (io.BytesIO(png_bytes(800, 400)), "diagram.png"), "alt": "Fabric"},
        content_type="multipart/form-data")
    assert response.status_code == 302
    with app.app_context():
        asset = db.session.scalars(select(MediaAsset)).one()
    assert asset.post_id == staff_client.post_id and asset.original_name == "diagram.png"
    name = Path(asset.path).name
    page = staff_client.get(f"/admin/posts/{staff_client.post_id}/edit").get_data(as_text=True)
    assert f"![Fabric](/media/posts/{name})" in page  # the flash tells the editor what to paste
    served = staff_client.get(f"/media/posts/{name}")
    assert served.status_code == 200 and served.mimetype == "image/webp"
    assert "max-age=31536000" in served.headers["Cache-Control"]
    assert served.headers["X-Content-Type-Options"] == "nosniff"


def test_not_an_image_through_the_editor_gives_a_message(staff_client):
    response = staff_client.post(
        f"/admin/posts/{staff_client.post_id}/images",
        data={"image": (io.BytesIO(b"<html><script>x</script>"), "evil.png")},
        content_type="multipart/form-data")
    assert response.status_code == 302
    page = staff_client.get(f"/admin/posts/{staff_client.post_id}/edit").get_data(as_text=True)
    assert "Image not uploaded: That file is not an image" in page


def test_cover_upload_on_edit_and_invalid_cover_is_a_field_error(app, staff_client):
    post_id = staff_client.post_id
    form = {"title": "Post with pictures", "topic": "explainer", "body": "x", "save": "Save",
            "cover_alt": "A switch"}
    bad = staff_client.post(f"/admin/posts/{post_id}/edit",
                            data={**form, "cover": (io.BytesIO(b"nope"), "c.jpg")},
                            content_type="multipart/form-data")
    assert bad.status_code == 200 and b"not an image we can read" in bad.data
    good = staff_client.post(f"/admin/posts/{post_id}/edit",
                             data={**form, "cover": (io.BytesIO(png_bytes(400, 200)), "c.png")},
                             content_type="multipart/form-data")
    assert good.status_code == 302
    with app.app_context():
        post = db.session.get(Post, post_id)
    assert post.cover_image.startswith("media:posts/") and post.cover_alt == "A switch"


def test_a_50_megabyte_upload_gets_a_friendly_413_page(staff_client):
    big = io.BytesIO(b"\0" * (50 * 1024 * 1024))
    response = staff_client.post(f"/admin/posts/{staff_client.post_id}/images",
                                 data={"image": (big, "huge.png")},
                                 content_type="multipart/form-data")
    assert response.status_code == 413
    html = response.get_data(as_text=True)
    assert "That upload is too large" in html and "8 MB" in html


@pytest.mark.parametrize("path", [
    "/media/posts/..%2F..%2Fshop%2Fconfig.py", "/media/posts/../../app.py",
    "/media/posts/short.webp", "/media/posts/AAAAAAAAAAAAAAAAAAAA.exe",
    "/media/other/AAAAAAAAAAAAAAAAAAAA.webp", "/media/posts/AAAAAAAAAAAAAAAAAAAA.webp",
])
def test_media_paths_outside_our_names_are_404(client, uploads, path):
    assert client.get(path).status_code == 404


def _stored(uploads: Path) -> list[str]:
    folder = uploads / "posts"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_a_refused_post_edit_leaves_no_upload_behind(app, staff_client, uploads):
    """An edit refused by the service (here: the address of another post) stores no cover."""
    with app.app_context():
        make_post(title="Taken", slug="taken-address")
        db.session.commit()
    form = {"title": "Post with pictures", "topic": "explainer", "body": "x", "save": "Save",
            "slug": "taken-address"}
    r = staff_client.post(f"/admin/posts/{staff_client.post_id}/edit",
                          data={**form, "cover": (io.BytesIO(png_bytes(400, 200)), "c.png")},
                          content_type="multipart/form-data")
    assert r.status_code == 200
    assert _stored(uploads) == []


def test_an_edit_that_fails_after_the_cover_was_stored_removes_it(app, staff_client, uploads,
                                                                  monkeypatch):
    """Whatever fails once the file is written (a later check, the commit), the rollback
    takes the file with it."""
    from shop.content.exceptions import ValidationError
    from shop.content.services import posts as post_service

    def refuse(*_args, **_kwargs):
        raise ValidationError("body", "Refused after the cover was stored.")

    monkeypatch.setattr(post_service, "record_revision", refuse)
    form = {"title": "Post with pictures", "topic": "explainer", "body": "x", "save": "Save"}
    for path in (f"/admin/posts/{staff_client.post_id}/edit", "/admin/posts/new"):
        r = staff_client.post(path, data={**form, "title": "Another title",
                                          "cover": (io.BytesIO(png_bytes(400, 200)), "c.png")},
                              content_type="multipart/form-data")
        assert r.status_code == 200 and b"Refused after the cover was stored." in r.data
    assert _stored(uploads) == []
    with app.app_context():
        assert list(db.session.scalars(select(MediaAsset))) == []


def test_a_committed_upload_stays(staff_client, uploads):
    form = {"title": "Post with pictures", "topic": "explainer", "body": "x", "save": "Save"}
    r = staff_client.post(f"/admin/posts/{staff_client.post_id}/edit",
                          data={**form, "cover": (io.BytesIO(png_bytes(400, 200)), "c.png")},
                          content_type="multipart/form-data")
    assert r.status_code == 302
    assert len(_stored(uploads)) == 1
