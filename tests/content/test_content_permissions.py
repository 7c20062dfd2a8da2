"""Only staff write; readers never see what is not published, wherever they look."""

from __future__ import annotations

import pytest

from shop.content.models import PostStatus
from shop.extensions import db
from tests.content.factories import (
    login,
    make_comment,
    make_post,
    make_reader,
    make_staff,
    ref,
)

ADMIN_PAGES = [
    ("GET", "/admin/posts"),
    ("GET", "/admin/posts/new"),
    ("POST", "/admin/posts/new"),
    ("GET", "/admin/posts/{post}/edit"),
    ("POST", "/admin/posts/{post}/edit"),
    ("POST", "/admin/posts/preview"),
    ("POST", "/admin/posts/{post}/publish"),
    ("POST", "/admin/posts/{post}/schedule"),
    ("POST", "/admin/posts/{post}/archive"),
    ("POST", "/admin/posts/{post}/unpublish"),
    ("POST", "/admin/posts/{post}/images"),
    ("GET", "/admin/posts/{post}/revisions"),
    ("GET", "/admin/posts/{post}/revisions/{revision}"),
    ("POST", "/admin/posts/{post}/revisions/{revision}/restore"),
    ("GET", "/admin/comments"),
    ("POST", "/admin/comments/{comment}/moderate"),
]


@pytest.fixture
def fixtures(app, clean):
    from shop.content.queries import revisions_of

    with app.app_context():
        post = make_post(title="Guarded post", status=PostStatus.DRAFT)
        live = make_post(title="Live post")
        comment = make_comment(live, status="pending")
        db.session.commit()
        return {"post": post.id, "revision": revisions_of(post.id)[0].id,
                "comment": comment.id}


def _committed(app, make, *args, **fields):
    with app.app_context():
        row = make(*args, **fields)
        db.session.commit()
        return ref(row)


def _call(client, method, path, ids):
    url = path.format(**ids)
    return client.get(url) if method == "GET" else client.post(url, data={"action": "approve"})


def test_every_admin_view_is_guarded_by_staff_required():
    from shop import create_app

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()
                 if rule.endpoint.startswith("admin.")
                 and rule.rule.startswith(("/admin/posts", "/admin/comments"))}
    assert len(endpoints) == len({(m, p) for m, p in ADMIN_PAGES} - {
        ("POST", "/admin/posts/new"), ("POST", "/admin/posts/{post}/edit")})


@pytest.mark.parametrize("method, path", ADMIN_PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, fixtures, method, path):
    response = _call(client, method, path, fixtures)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/account/login")


@pytest.mark.parametrize("method, path", ADMIN_PAGES)
def test_customers_get_403(app, client, fixtures, method, path):
    login(client, _committed(app, make_reader))
    assert _call(client, method, path, fixtures).status_code == 403


@pytest.mark.parametrize("method, path", [p for p in ADMIN_PAGES if p[0] == "GET"])
def test_staff_get_every_page(app, client, fixtures, method, path):
    login(client, _committed(app, make_staff))
    assert _call(client, method, path, fixtures).status_code == 200


def test_admins_are_staff_too(app, client, fixtures):
    from tests.factories import make_user

    login(client, _committed(app, make_user, "boss@example.com", role="admin"))
    assert client.get("/admin/posts").status_code == 200


def test_drafts_are_invisible_to_the_public_everywhere(app, client):
    from tests.factories import make_product

    with app.app_context():
        product = make_product(mpn="VIS-TEST-1")
        hidden = {
            "draft": make_post(title="Zanzibar draft musings", status=PostStatus.DRAFT,
                               tags=["Secretive"], body="[[product:VIS-TEST-1]]"),
            "scheduled": make_post(title="Quokka scheduled reveal", status=PostStatus.SCHEDULED,
                                   tags=["Secretive"], body="[[product:VIS-TEST-1]]"),
            "archived": make_post(title="Xylophone archived notes", status=PostStatus.ARCHIVED,
                                  tags=["Secretive"], body="[[product:VIS-TEST-1]]"),
        }
        db.session.commit()
        db.session.refresh(product)
        for post in hidden.values():
            db.session.refresh(post)
    for post in hidden.values():
        assert client.get(f"/blog/{post.slug}").status_code == 404
        pages = [
            client.get("/blog").get_data(as_text=True),
            client.get("/blog?tag=secretive").get_data(as_text=True),
            client.get(f"/blog?topic={post.topic}").get_data(as_text=True),
            client.get("/blog/feed.xml").get_data(as_text=True),
            client.get("/sitemap.xml").get_data(as_text=True),
            client.get("/").get_data(as_text=True),
            client.get(f"/p/{product.slug}").get_data(as_text=True),
            client.get(f"/search?q={post.title.split()[0]}").get_data(as_text=True),
        ]
        for html in pages:
            assert post.title not in html and post.slug not in html
    # A tag used only by hidden posts is not even offered as a filter.
    assert "Secretive" not in client.get("/blog").get_data(as_text=True)


def test_staff_see_drafts_in_the_back_office_only(app, client):
    with app.app_context():
        staff = ref(make_staff())
        draft = ref(make_post(title="Back office only", status=PostStatus.DRAFT))
        db.session.commit()
    login(client, staff)
    assert "Back office only" in client.get("/admin/posts").get_data(as_text=True)
    assert client.get(f"/blog/{draft.slug}").status_code == 404
