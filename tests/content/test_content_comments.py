"""Comments: who writes, what is held, bots, the edit window, moderation, markup."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from shop.content import clock
from shop.content.models import Comment, CommentStatus, Post, PostEvent
from shop.content.services import comments as service
from shop.extensions import db
from shop.mail import OutboxMessage
from tests.content.factories import (
    login,
    make_comment,
    make_post,
    make_reader,
    make_staff,
    ref,
)
from tests.harness import make_test_app, rate_limiter_restored

T0 = datetime(2030, 5, 1, 12, 0, tzinfo=UTC)
SECRET = "testing-secret"


@pytest.fixture
def at(monkeypatch):
    def set_time(when):
        monkeypatch.setattr(clock, "now", lambda: when)
    set_time(T0)
    return set_time


@pytest.fixture
def post(app, clean):
    with app.app_context():
        p = make_post(title="A post to discuss", publish_at=datetime(2020, 1, 1, tzinfo=UTC),
                      now=T0 - timedelta(days=1))
        db.session.commit()
        return ref(p)


def _post(ref) -> Post:
    return db.session.get(Post, ref.id)


def _user(app, make, **fields):
    with app.app_context():
        u = make(**fields)
        db.session.commit()
        return ref(u)


def _stamp(post, seconds_ago=30):
    return service.form_stamp(SECRET, post.id, T0 - timedelta(seconds=seconds_ago))


def _send(client, post, body="Good read.", **extra):
    data = {"body": body, "stamp": _stamp(post), **extra}
    return client.post(f"/blog/{post.slug}/comments", data=data)


def anonymous_get(client, url) -> str:
    """A page as a stranger sees it: another client, without the signed-in cookies."""
    return client.application.test_client().get(url).get_data(as_text=True)


def _comments(app):
    with app.app_context():
        return list(db.session.scalars(select(Comment).order_by(Comment.id)))


# --- the rules --------------------------------------------------------------------------------

@pytest.mark.parametrize("text, is_staff, history, expected", [
    ("Thanks!", True, False, CommentStatus.APPROVED),
    ("See https://example.com", True, True, CommentStatus.APPROVED),
    ("Thanks!", False, False, CommentStatus.PENDING),
    ("Thanks!", False, True, CommentStatus.APPROVED),
    ("See https://example.com", False, True, CommentStatus.PENDING),
    ("See www.example.com", False, True, CommentStatus.PENDING),
    ("cheap optics at optics-deals.ru", False, True, CommentStatus.PENDING),
    ("QSFP56 vs. OSFP: which is better?", False, True, CommentStatus.APPROVED),
])
def test_initial_status(text, is_staff, history, expected):
    assert service.initial_status(text, is_staff=is_staff, has_history=history) == expected


# --- signed-in readers ------------------------------------------------------------------------

def test_first_comment_of_a_reader_is_held_then_later_ones_appear(app, client, post, at):
    reader = _user(app, make_reader, display_name="Rita Reader")
    login(client, reader)
    response = _send(client, post, "First time here.")
    assert response.status_code == 302
    first = _comments(app)[0]
    assert first.status == CommentStatus.PENDING and first.user_id == reader.id
    page = client.get(f"/blog/{post.slug}").get_data(as_text=True)
    assert "First time here." in page and "Awaiting moderation" in page  # the author sees it
    assert "First time here." not in anonymous_get(client, f"/blog/{post.slug}")

    with app.app_context():
        service.moderate(db.session.get(Comment, first.id), "approve", staff_id=None, now=T0)
        db.session.commit()
    _send(client, post, "Second one, no links.")
    assert _comments(app)[1].status == CommentStatus.APPROVED
    _send(client, post, "Third, with a link https://example.com/x")
    assert _comments(app)[2].status == CommentStatus.PENDING


def test_staff_comments_appear_at_once(app, client, post, at):
    staff = _user(app, make_staff)
    login(client, staff)
    _send(client, post, "Editor here: see https://example.com/datasheet.pdf")
    assert _comments(app)[0].status == CommentStatus.APPROVED


# --- guests -----------------------------------------------------------------------------------

def test_guest_comment_is_confirmed_by_a_signed_link_then_moderated(app, client, post, at):
    response = _send(client, post, "Guest thoughts.", name="Gus Guest", email="Gus@Example.com")
    assert response.status_code == 302
    comment = _comments(app)[0]
    assert comment.status == CommentStatus.UNCONFIRMED
    assert comment.author_email == "gus@example.com"
    with app.app_context():
        mails = list(db.session.scalars(select(OutboxMessage)))
    assert len(mails) == 1 and mails[0].to_address == "gus@example.com"
    link = re.search(r"http://localhost(/blog/comments/confirm/\S+)", mails[0].text_body).group(1)

    # A mail scanner following the link confirms nothing.
    page = client.get(link)
    assert page.status_code == 200 and b"Confirm my comment" in page.data
    assert _comments(app)[0].status == CommentStatus.UNCONFIRMED
    assert client.post(link).status_code == 302
    assert _comments(app)[0].status == CommentStatus.PENDING  # first-time guest: held
    assert _comments(app)[0].confirmed_at is not None
    client.post(link)  # twice changes nothing
    assert _comments(app)[0].status == CommentStatus.PENDING


def test_guest_with_an_approved_history_is_approved_on_confirmation(ctx, post):
    make_comment(_post(post), "Earlier, approved.", email="known@example.com")
    comment = make_comment(_post(post), "Again.", email="known@example.com",
                           status=CommentStatus.UNCONFIRMED)
    service.confirm(comment, now=T0)
    assert comment.status == CommentStatus.APPROVED


def test_forged_or_expired_confirmation_links_fail(app, client, post):
    with app.app_context():
        comment = make_comment(_post(post), status=CommentStatus.UNCONFIRMED)
        db.session.commit()
        token = service.confirmation_token(SECRET, comment)
        wrong_key = service.confirmation_token("another-secret", comment)
    assert client.get(f"/blog/comments/confirm/{token}x").status_code == 404
    assert client.get("/blog/comments/confirm/not-a-token").status_code == 404
    assert client.post(f"/blog/comments/confirm/{wrong_key}").status_code == 404
    assert _comments(app)[0].status == CommentStatus.UNCONFIRMED


def test_guests_must_give_name_and_valid_email(app, client, post, at):
    response = _send(client, post, "No name.", email="a@example.com")
    assert response.status_code == 422 and b"Tell us the name" in response.data
    response = _send(client, post, "Bad e-mail.", name="X", email="not-an-email")
    assert response.status_code == 422 and b"valid e-mail" in response.data
    assert _comments(app) == []


# --- bots ---------------------------------------------------------------------------------------

def test_honeypot_drops_the_comment_quietly(app, client, post, at):
    response = _send(client, post, "Buy now", name="Bot", email="bot@example.com",
                     website="http://spam.example")
    assert response.status_code == 302
    assert _comments(app) == []
    with app.app_context():
        assert list(db.session.scalars(select(OutboxMessage))) == []


def test_too_fast_a_submission_is_refused_with_a_message(app, client, post, at):
    data = {"body": "Speedy", "name": "Quick", "email": "q@example.com",
            "stamp": _stamp(post, seconds_ago=1)}
    client.application.config["COMMENT_MIN_FILL_SECONDS"] = 3
    try:
        response = client.post(f"/blog/{post.slug}/comments", data=data)
    finally:
        client.application.config.pop("COMMENT_MIN_FILL_SECONDS")
    assert response.status_code == 422
    assert b"quicker than anyone can type" in response.data
    assert _comments(app) == []


@pytest.mark.parametrize("stamp", ["", "garbage", "seconds"])
def test_missing_forged_or_foreign_stamp_is_refused(client, post, at, stamp):
    if stamp == "seconds":
        stamp = service.form_stamp(SECRET, post.id + 1, T0 - timedelta(seconds=30))
    response = client.post(f"/blog/{post.slug}/comments",
                           data={"body": "x", "name": "n", "email": "n@example.com",
                                 "stamp": stamp})
    assert response.status_code == 422 and b"form has expired" in response.data


def test_stale_stamp_is_refused(ctx, post):
    stamp = service.form_stamp(SECRET, post.id, T0 - timedelta(days=2))
    with pytest.raises(service.ValidationError):
        service.check_form_stamp(SECRET, stamp, post.id, T0, min_seconds=3)


def test_body_limits(client, post, at):
    assert _send(client, post, "   ", name="n", email="n@example.com").status_code == 422
    response = _send(client, post, "x" * 5001, name="n", email="n@example.com")
    assert response.status_code == 422 and b"limited to 5,000" in response.data


def test_no_comments_on_posts_readers_cannot_see(app, client):
    with app.app_context():
        draft = make_post(status="draft").slug
        db.session.commit()
    response = client.post(f"/blog/{draft}/comments", data={"body": "x"})
    assert response.status_code == 404


def test_comments_are_rate_limited(database_factory):
    with rate_limiter_restored():
        app = make_test_app(database_factory("content_rate"), RATELIMIT_ENABLED=True,
                            COMMENT_RATE_LIMIT="2 per minute")
        with app.app_context():
            db.create_all()
            post = make_post(title="Rate limited")
            db.session.commit()
            post_id, slug = post.id, post.slug
        client = app.test_client()
        codes = []
        for i in range(3):
            stamp = service.form_stamp(app.config["SECRET_KEY"], post_id,
                                       datetime.now(UTC) - timedelta(seconds=30))
            codes.append(client.post(f"/blog/{slug}/comments", data={
                "body": f"Comment {i}", "name": "N", "email": "n@example.com",
                "stamp": stamp}).status_code)
        assert codes == [302, 302, 429]
        with app.app_context():
            db.drop_all()
            db.engine.dispose()


# --- threads ------------------------------------------------------------------------------------

def test_threads_are_one_level_deep(app, client, post, at):
    with app.app_context():
        top = make_comment(_post(post), "Top-level.")
        reply = make_comment(_post(post), "A reply.", parent=top)
        assert reply.parent_id == top.id
        deeper = make_comment(_post(post), "Reply to the reply.", parent=reply)
        assert deeper.parent_id == top.id
        db.session.commit()
        top = top.id
    page = client.get(f"/blog/{post.slug}?reply={top}").get_data(as_text=True)
    assert "Reply to Gus Guest" in page
    assert f'name="parent_id" type="hidden" value="{top}"' in page
    assert page.count('class="comment-replies"') == 1


def test_reply_to_a_hidden_comment_is_refused(ctx, post):
    held = make_comment(_post(post), "Held.", status=CommentStatus.PENDING)
    with pytest.raises(service.ValidationError):
        make_comment(_post(post), "Reply.", parent=held)


# --- the author's 15 minutes -------------------------------------------------------------------

def test_author_can_edit_and_delete_for_fifteen_minutes(app, client, post, at):
    with app.app_context():
        reader = make_reader()
        make_comment(_post(post), "Earlier approved.", user=reader)
        db.session.commit()
        reader = ref(reader)
    login(client, reader)
    _send(client, post, "Original text.")
    comment = _comments(app)[-1]
    assert comment.status == CommentStatus.APPROVED
    edit_url = f"/blog/{post.slug}/comments/{comment.id}/edit"
    assert client.get(edit_url).status_code == 200
    at(T0 + timedelta(minutes=14))
    assert client.post(edit_url, data={"body": "Fixed a typo."}).status_code == 302
    comment = _comments(app)[-1]
    assert comment.body == "Fixed a typo." and comment.edited_at is not None
    assert comment.status == CommentStatus.APPROVED
    at(T0 + timedelta(minutes=15, seconds=1))
    response = client.post(edit_url, data={"body": "Too late."})
    assert response.status_code == 302 and _comments(app)[-1].body == "Fixed a typo."
    delete = client.post(f"/blog/{post.slug}/comments/{comment.id}/delete")
    assert delete.status_code == 302 and _comments(app)[-1].status == CommentStatus.APPROVED


def test_editing_in_a_link_sends_the_comment_back_to_moderation(ctx, post):
    reader = make_reader()
    comment = make_comment(_post(post), "Plain.", user=reader, now=T0)
    owner = service.Owner(user_id=reader.id)
    service.edit_comment(comment, "Now with www.example.com", owner, now=T0)
    assert comment.status == CommentStatus.PENDING


def test_author_deletes_own_comment(app, client, post, at):
    _send(client, post, "Guest words.", name="G", email="g@example.com")
    comment = _comments(app)[0]
    response = client.post(f"/blog/{post.slug}/comments/{comment.id}/delete")
    assert response.status_code == 302
    assert _comments(app)[0].status == CommentStatus.DELETED


def test_nobody_else_can_edit_or_delete(app, client, post, at):
    with app.app_context():
        comment = make_comment(_post(post), "Someone else's words.", now=T0).id
        db.session.commit()
    stranger = _user(app, make_reader)
    login(client, stranger)
    client.post(f"/blog/{post.slug}/comments/{comment}/edit", data={"body": "Hijacked."})
    client.post(f"/blog/{post.slug}/comments/{comment}/delete")
    assert _comments(app)[0].body == "Someone else's words."
    assert _comments(app)[0].status == CommentStatus.APPROVED
    with app.app_context(), pytest.raises(service.NotAllowed):
        service.edit_comment(db.session.get(Comment, comment), "x",
                             service.Owner(user_id=stranger.id), now=T0)


def test_comment_of_another_post_is_not_found(app, client, post, at):
    with app.app_context():
        other = make_post(title="Other")
        comment = make_comment(other).id
        db.session.commit()
    assert client.get(f"/blog/{post.slug}/comments/{comment}/edit").status_code == 404


# --- moderation ---------------------------------------------------------------------------------

def test_staff_moderate_from_the_queue(app, client, post):
    with app.app_context():
        staff = make_staff()
        held = [make_comment(_post(post), f"Held {i}", status=CommentStatus.PENDING).id
                for i in range(3)]
        db.session.commit()
        staff = ref(staff)
    login(client, staff)
    queue = client.get("/admin/comments").get_data(as_text=True)
    assert all(f"Held {i}" in queue for i in range(3))
    for comment, action in zip(held, ("approve", "reject", "spam"), strict=True):
        response = client.post(f"/admin/comments/{comment}/moderate",
                               data={"action": action, "next": "/admin/comments"})
        assert response.status_code == 302
    assert [c.status for c in _comments(app)] == ["approved", "rejected", "spam"]
    with app.app_context():
        events = list(db.session.scalars(select(PostEvent).where(
            PostEvent.comment_id.is_not(None))))
    assert {e.actor_id for e in events} == {staff.id}
    assert client.get("/admin/comments?status=spam").get_data(as_text=True).count("Held 2") == 1
    response = client.post(f"/admin/comments/{held[0]}/moderate", data={"action": "delete"})
    assert response.status_code == 302 and _comments(app)[0].status == "approved"


def test_moderation_redirect_stays_on_the_site(app, client, post):
    with app.app_context():
        staff = make_staff()
        comment = make_comment(_post(post), status=CommentStatus.PENDING).id
        db.session.commit()
        staff = ref(staff)
    login(client, staff)
    response = client.post(f"/admin/comments/{comment}/moderate",
                           data={"action": "approve", "next": "https://evil.example/"})
    assert response.headers["Location"] == "/admin/comments"


def test_approved_comments_show_with_json_ld_and_the_count_on_the_listing(app, client, post):
    with app.app_context():
        top = make_comment(_post(post), "Clear <explanation> of NDR.", name="Ann")
        make_comment(_post(post), "Agreed.", name="Bob", parent=top)
        make_comment(_post(post), "Spammy.", name="Spammer", status=CommentStatus.SPAM)
        db.session.commit()
        top = ref(top)
    html = client.get(f"/blog/{post.slug}").get_data(as_text=True)
    assert "Clear &lt;explanation&gt; of NDR." in html and "Spammy." not in html
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    article = next(json.loads(b) for b in blocks if '"Article"' in b)
    assert article["commentCount"] == 2
    assert [c["@type"] for c in article["comment"]] == ["Comment", "Comment"]
    assert article["comment"][0]["author"]["name"] == "Ann"
    assert article["comment"][1]["parentItem"]["@id"].endswith(f"#comment-{top.id}")
    assert "Comments (2)" in html
    listing = client.get("/blog").get_data(as_text=True)
    assert "2 comments" in listing


def test_comment_links_are_shown_but_nofollow(app, client, post):
    with app.app_context():
        make_comment(_post(post), "Datasheet: https://example.com/ds.pdf")
        db.session.commit()
    html = client.get(f"/blog/{post.slug}").get_data(as_text=True)
    assert '<a href="https://example.com/ds.pdf" rel="nofollow ugc noopener">' in html


def test_a_commenter_without_a_display_name_is_not_shown_by_their_address(app, client, post,
                                                                           at):
    staff = _user(app, make_staff, email="ed.itor.private@example.com", display_name="")
    reader = _user(app, make_reader, email="jane.private@example.com", display_name="")
    for who in (staff, reader):
        login(client, who)
        assert _send(client, post, f"Written by user {who.id}.").status_code == 302
        client.post("/account/logout")
    names = [c.author_name for c in _comments(app)]
    assert names == ["Reader", "Reader"]
    with app.app_context():
        db.session.execute(
            service.Comment.__table__.update().values(status=CommentStatus.APPROVED))
        db.session.commit()
    page = anonymous_get(client, f"/blog/{post.slug}")
    assert "Written by user" in page
    assert "ed.itor" not in page and "jane.private" not in page
