"""Every change keeps a revision (who, when); an earlier revision can be restored."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from shop.content.models import Post
from shop.content.queries import revisions_of
from shop.content.services.posts import PostInput, restore_revision, update_post
from shop.extensions import db
from tests.content.factories import login, make_post, make_staff, ref

T0 = datetime(2030, 1, 1, tzinfo=UTC)


def _edit(post, editor, when, **changes):
    data = PostInput(title=post.title, body=post.body, summary=post.summary, topic=post.topic,
                     tags=[t.name for t in post.tags], cover_alt=post.cover_alt,
                     seo_title=post.seo_title, seo_description=post.seo_description)
    for key, value in changes.items():
        setattr(data, key, value)
    return update_post(post, data, editor_id=editor.id if editor else None, now=when)


def test_each_change_keeps_a_numbered_revision_with_who_and_when(ctx):
    alice, bob = make_staff(display_name="Alice"), make_staff(display_name="Bob")
    post = make_post(title="v1", body="first body", author=alice, status="draft", now=T0)
    _edit(post, bob, T0 + timedelta(hours=1), title="v2")
    _edit(post, alice, T0 + timedelta(hours=2), body="third body", tags=["Optics"])
    revisions = revisions_of(post.id)
    assert [r.number for r in revisions] == [3, 2, 1]
    assert [r.editor_id for r in revisions] == [alice.id, bob.id, alice.id]
    assert [r.title for r in revisions] == ["v2", "v2", "v1"]
    assert revisions[0].body == "third body" and revisions[0].tags == "Optics"
    assert revisions[1].created_at.replace(tzinfo=UTC) == T0 + timedelta(hours=1)
    assert [r.note for r in revisions] == ["Edited", "Edited", "Created"]


def test_saving_without_changes_keeps_no_revision(ctx):
    post = make_post(title="Same", status="draft", now=T0)
    assert _edit(post, None, T0 + timedelta(minutes=5)) is False
    assert len(revisions_of(post.id)) == 1


def test_restore_brings_back_content_as_a_new_revision(ctx):
    staff = make_staff()
    post = make_post(title="Original", body="original body", tags=["A"], status="draft", now=T0)
    _edit(post, staff, T0 + timedelta(hours=1), title="Rewritten", body="new body", tags=["B"])
    first = revisions_of(post.id)[-1]
    assert restore_revision(post, first, editor_id=staff.id, now=T0 + timedelta(hours=2))
    assert post.title == "Original" and post.body == "original body"
    assert [t.name for t in post.tags] == ["A"]
    latest = revisions_of(post.id)[0]
    assert latest.number == 3 and latest.note == "Restored revision 1"
    assert latest.editor_id == staff.id
    # A restore can itself be undone.
    assert restore_revision(post, revisions_of(post.id)[1], editor_id=staff.id)
    assert post.title == "Rewritten"


def test_restore_keeps_the_current_address_if_another_post_took_the_old_one(ctx):
    post = make_post(title="First name", slug="first-name", status="draft", now=T0)
    _edit(post, None, T0 + timedelta(minutes=1), slug="second-name")
    make_post(title="Usurper", slug="first-name", status="draft")
    restore_revision(post, revisions_of(post.id)[-1], editor_id=None)
    assert post.slug == "second-name" and post.title == "First name"


def test_revisions_pages_and_restore_button(app, client):
    with app.app_context():
        staff = make_staff()
        post = make_post(title="Before", body="before body", status="draft", now=T0)
        _edit(post, staff, T0 + timedelta(hours=1), title="After", body="after body")
        db.session.commit()
        staff, post = ref(staff), ref(post)
    login(client, staff)
    listing = client.get(f"/admin/posts/{post.id}/revisions").get_data(as_text=True)
    assert "#2" in listing and "#1" in listing and "Restore #1" in listing
    with app.app_context():
        first = revisions_of(post.id)[-1]
    detail = client.get(f"/admin/posts/{post.id}/revisions/{first.id}").get_data(as_text=True)
    assert "before body" in detail
    response = client.post(f"/admin/posts/{post.id}/revisions/{first.id}/restore")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Post, post.id).title == "Before"
        other = make_post(title="Other", status="draft")
        db.session.commit()
        wrong = revisions_of(other.id)[0]
    assert client.get(f"/admin/posts/{post.id}/revisions/{wrong.id}").status_code == 404
    assert client.post(f"/admin/posts/{post.id}/revisions/{wrong.id}/restore").status_code == 404
