"""The back office: writing posts through the forms, bad input, preview, status buttons."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from shop.content import clock
from shop.content.models import Post, PostRevision, PostStatus
from shop.extensions import db
from tests.content.factories import make_post, make_staff
from tests.factories import DEFAULT_PASSWORD, make_product

T0 = datetime(2030, 6, 1, 8, 0, tzinfo=UTC)


@pytest.fixture
def staff_client(app, client):
    with app.app_context():
        staff = make_staff()
        db.session.commit()
        client.staff_id, email = staff.id, staff.email
    response = client.post("/account/login", data={"email": email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    return client


def _form(**overrides):
    data = {"title": "Choosing optics", "slug": "", "summary": "How to pick.",
            "body": "## Start\n\nText.", "topic": "buying-guide", "tags": "Optics, 400G",
            "cover_alt": "", "seo_title": "", "seo_description": "", "save": "Save"}
    data.update(overrides)
    return data


def _posts(app):
    with app.app_context():
        return list(db.session.scalars(select(Post).order_by(Post.id)))


def _revisions(app) -> int:
    with app.app_context():
        return db.session.query(PostRevision).count()


def test_staff_create_a_draft_with_tags_and_a_first_revision(app, staff_client):
    response = staff_client.post("/admin/posts/new", data=_form())
    assert response.status_code == 302
    with app.app_context():
        post = db.session.scalars(select(Post).order_by(Post.id)).first()
        assert response.headers["Location"] == f"/admin/posts/{post.id}/edit"
        assert post.status == PostStatus.DRAFT and post.slug == "choosing-optics"
        assert post.author_id == staff_client.staff_id
        assert [t.name for t in post.tags] == ["400G", "Optics"]
        revisions = list(db.session.scalars(select(PostRevision)))
        assert len(revisions) == 1 and revisions[0].editor_id == staff_client.staff_id


def test_empty_title_is_a_form_error(app, staff_client):
    response = staff_client.post("/admin/posts/new", data=_form(title="   "))
    assert response.status_code == 200
    assert b"A post needs a title." in response.data and _posts(app) == []


def test_duplicate_slug_given_by_hand_is_a_form_error(app, staff_client):
    with app.app_context():
        make_post(title="First", slug="same-address")
        db.session.commit()
    response = staff_client.post("/admin/posts/new", data=_form(slug="same-address"))
    assert b"Another post already uses this address" in response.data
    assert len(_posts(app)) == 1


def test_duplicate_slug_from_the_title_gets_a_suffix(app, staff_client):
    staff_client.post("/admin/posts/new", data=_form(title="Same title"))
    staff_client.post("/admin/posts/new", data=_form(title="Same title"))
    assert [p.slug for p in _posts(app)] == ["same-title", "same-title-2"]


def test_bad_slug_shape_is_a_form_error(staff_client):
    response = staff_client.post("/admin/posts/new", data=_form(slug="Bad Slug/../x"))
    assert b"lower-case letters, digits and single hyphens" in response.data


def test_a_one_megabyte_body_is_refused_with_a_clear_message(app, staff_client):
    response = staff_client.post("/admin/posts/new", data=_form(body="x" * 1_000_000))
    assert response.status_code == 200
    assert b"The body is limited to 100,000 characters" in response.data
    assert _posts(app) == []


def test_too_many_tags_are_refused(staff_client):
    tags = ", ".join(f"tag{i}" for i in range(12))
    response = staff_client.post("/admin/posts/new", data=_form(tags=tags))
    assert b"Use at most 8 tags." in response.data


def test_xss_in_the_body_is_stored_as_written_and_rendered_harmless(app, staff_client):
    body = "<script>alert(1)</script>\n\n[x](javascript:alert(2))\n\n<img src=x onerror=alert(3)>"
    staff_client.post("/admin/posts/new", data=_form(body=body))
    post = _posts(app)[0]
    assert post.body == body  # the source is kept; only the rendering is cleaned
    staff_client.post(f"/admin/posts/{post.id}/publish")
    html = staff_client.get(f"/blog/{post.slug}").get_data(as_text=True)
    assert "alert(1)" not in html and "javascript:alert" not in html
    assert "onerror" not in html


def test_preview_button_renders_the_post_without_saving_and_warns_of_unknown_refs(
        app, staff_client):
    with app.app_context():
        product = make_product(name="Real switch", mpn="MQM9700-NS2F")
        db.session.commit()
        slug = product.slug
    body = "## Hello\n\n[[product:MQM9700-NS2F]]\n\n[[product:NOT-A-PART]]"
    response = staff_client.post("/admin/posts/new", data=_form(body=body, save="",
                                                                preview="Preview"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and _posts(app) == []
    assert f'href="/p/{slug}"' in html
    assert "Unknown product reference" in html and "NOT-A-PART" in html
    assert "Check the product references" in html


def test_live_preview_endpoint_uses_the_same_renderer(staff_client):
    response = staff_client.post("/admin/posts/preview",
                                 data={"body": "**bold** <script>x</script> [[product:NOPE]]"})
    assert response.status_code == 200
    assert "<strong>bold</strong>" in response.json["html"]
    assert "<script>" not in response.json["html"]
    assert response.json["unknown"] == ["NOPE"]
    too_long = staff_client.post("/admin/posts/preview", data={"body": "x" * 100_001})
    assert too_long.status_code == 400


def test_editing_saves_a_revision_and_no_change_saves_nothing(app, staff_client):
    staff_client.post("/admin/posts/new", data=_form())
    post = _posts(app)[0]
    page = staff_client.get(f"/admin/posts/{post.id}/edit").get_data(as_text=True)
    assert 'value="Optics, 400G"' in page or 'value="400G, Optics"' in page
    staff_client.post(f"/admin/posts/{post.id}/edit", data=_form(tags="400G, Optics"))
    assert _revisions(app) == 1
    response = staff_client.post(f"/admin/posts/{post.id}/edit", data=_form(title="Better"))
    assert response.status_code == 302
    assert _posts(app)[0].title == "Better" and _posts(app)[0].slug == "choosing-optics"
    assert _revisions(app) == 2


def test_status_buttons_publish_schedule_archive(app, staff_client, monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: T0)
    staff_client.post("/admin/posts/new", data=_form())
    post = _posts(app)[0]
    edit = f"/admin/posts/{post.id}"
    past = (T0 - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = staff_client.post(f"{edit}/schedule", data={"publish_at": past})
    assert response.status_code == 302
    page = staff_client.get(f"{edit}/edit").get_data(as_text=True)
    assert "That time has passed" in page and _posts(app)[0].status == "draft"
    future = (T0 + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    staff_client.post(f"{edit}/schedule", data={"publish_at": future})
    assert _posts(app)[0].status == "scheduled"
    assert _posts(app)[0].published_time == T0 + timedelta(days=2)
    staff_client.post(f"{edit}/publish")
    assert _posts(app)[0].status == "published" and _posts(app)[0].published_time == T0
    staff_client.post(f"{edit}/archive")
    assert _posts(app)[0].status == "archived"
    staff_client.post(f"{edit}/archive")
    page = staff_client.get(f"{edit}/edit").get_data(as_text=True)
    assert "cannot become archived" in page
    staff_client.post(f"{edit}/unpublish")
    assert _posts(app)[0].status == "draft"


def test_bad_schedule_input_is_reported(app, staff_client):
    staff_client.post("/admin/posts/new", data=_form())
    post = _posts(app)[0]
    staff_client.post(f"/admin/posts/{post.id}/schedule", data={"publish_at": "tomorrow"})
    page = staff_client.get(f"/admin/posts/{post.id}/edit").get_data(as_text=True)
    assert "Schedule:" in page


def test_staff_list_filters_by_status_and_text(app, staff_client):
    with app.app_context():
        make_post(title="Alpha published")
        make_post(title="Beta draft", status="draft")
        db.session.commit()
    html = staff_client.get("/admin/posts?status=draft").get_data(as_text=True)
    assert "Beta draft" in html and "Alpha published" not in html
    html = staff_client.get("/admin/posts?q=alpha").get_data(as_text=True)
    assert "Alpha published" in html and "Beta draft" not in html


def test_dashboard_links_to_posts_and_comments(staff_client):
    html = staff_client.get("/admin/").get_data(as_text=True)
    assert "/admin/posts" in html and "/admin/comments" in html
