"""Comment form errors where the reader is, spent confirmation links, and the supplier
post's link."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from shop.content.models import Comment, CommentStatus
from shop.extensions import db
from tests.content.factories import make_post


def test_comment_errors_bring_the_reader_back_to_the_form(app, client):
    with app.app_context():
        post = make_post(title="Commented", publish_at=datetime.now(UTC) - timedelta(days=1))
        db.session.commit()
        slug = post.slug
    html = client.get(f"/blog/{slug}").get_data(as_text=True)
    assert f'action="/blog/{slug}/comments#comment-form"' in html
    resp = client.post(f"/blog/{slug}/comments", data={"body": "", "name": "", "email": ""})
    body = resp.get_data(as_text=True)
    assert resp.status_code in (400, 422)
    form = body[body.index('id="comment-form"'):]
    assert 'class="form-errors" role="alert"' in form


def test_a_spent_confirmation_link_says_it_was_used(app, client):
    from shop.content.services import comments as service

    with app.app_context():
        post = make_post(title="Confirm me", publish_at=datetime.now(UTC) - timedelta(days=1))
        comment = Comment(post_id=post.id, body="Hello", author_name="Guest",
                          author_email="guest@example.com",
                          status=CommentStatus.PENDING)
        db.session.add(comment)
        db.session.commit()
        token = service.confirmation_token(app.config["SECRET_KEY"], comment)
    html = client.get(f"/blog/comments/confirm/{token}").get_data(as_text=True)
    assert "This link was already used" in html and "Confirm my comment" not in html


def test_the_supplier_application_link_does_not_404(app, client):
    resp = client.get("/suppliers/apply")
    assert resp.status_code == 200
    assert "Apply to become a supplier" in resp.get_data(as_text=True)
    assert any(r.rule == "/suppliers/apply" for r in app.url_map.iter_rules())
    assert app.url_map.bind("localhost").match("/suppliers/apply")[0] == "suppliers.apply"


def test_a_real_supplier_page_replaces_the_placeholder(app):
    from flask import Blueprint, Flask

    from shop.site.views import register_placeholders

    bp = Blueprint("suppliers_probe", __name__)
    bp.add_url_rule("/suppliers/apply", "apply", lambda: "the real page")
    fresh = Flask(__name__)
    fresh.register_blueprint(bp)
    register_placeholders(fresh)
    assert "supplier_apply_soon" not in fresh.view_functions
    assert "supplier_apply_soon" not in app.view_functions  # the programme's page is real
    bare = Flask(__name__)
    register_placeholders(bare)
    assert "supplier_apply_soon" in bare.view_functions
