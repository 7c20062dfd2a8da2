"""Scheduling with a clock the tests control: a post with a future time is invisible until
then, and appears on its own with no job to run."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import pytest

from shop.content import clock
from shop.content.exceptions import InvalidTransition, ValidationError
from shop.content.models import Post, PostEvent, PostStatus
from shop.content.services import posts as service
from shop.extensions import db
from tests.content.factories import make_post, ref

T0 = datetime(2030, 3, 1, 9, 0, tzinfo=UTC)
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def at(monkeypatch):
    """``at(t)`` sets the time the views see."""
    def set_time(when: datetime):
        monkeypatch.setattr(clock, "now", lambda: when)
    set_time(T0)
    return set_time


def _everywhere(client, post) -> dict[str, bool]:
    feed = ET.fromstring(client.get("/blog/feed.xml").data)
    sitemap = ET.fromstring(client.get("/sitemap.xml").data)
    return {
        "detail": client.get(f"/blog/{post.slug}").status_code == 200,
        "listing": post.title in client.get("/blog").get_data(as_text=True),
        "feed": any(e.findtext(f"{ATOM}title") == post.title for e in feed.iter(f"{ATOM}entry")),
        "sitemap": any(loc.text.endswith(f"/blog/{post.slug}")
                       for loc in sitemap.iter(f"{SITEMAP}loc")),
        "home": post.title in client.get("/").get_data(as_text=True),
    }


def test_scheduled_post_is_invisible_until_its_time_then_appears_on_its_own(app, client, at):
    with app.app_context():
        post = ref(make_post(title="Launch day notes", status=PostStatus.SCHEDULED,
                             publish_at=T0 + timedelta(hours=2), now=T0))
        db.session.commit()
    assert not any(_everywhere(client, post).values())
    at(T0 + timedelta(hours=1, minutes=59))
    assert not any(_everywhere(client, post).values())
    at(T0 + timedelta(hours=2))
    assert all(_everywhere(client, post).values())
    with app.app_context():
        stored = db.session.get(Post, post.id)
        assert stored.status == PostStatus.SCHEDULED  # nothing had to run
        assert service.effective_status(stored, T0 + timedelta(hours=2)) == PostStatus.PUBLISHED


def test_schedule_time_in_the_past_is_refused(ctx):
    post = make_post(status=PostStatus.DRAFT, now=T0)
    with pytest.raises(ValidationError) as err:
        service.schedule(post, T0 - timedelta(minutes=1), actor_id=None, now=T0)
    assert err.value.field == "publish_at" and "passed" in err.value.message
    with pytest.raises(ValidationError):
        service.schedule(post, T0, actor_id=None, now=T0)
    assert post.status == PostStatus.DRAFT


def test_reschedule_and_cancel(ctx):
    post = make_post(status=PostStatus.SCHEDULED, publish_at=T0 + timedelta(days=1), now=T0)
    service.schedule(post, T0 + timedelta(days=2), actor_id=None, now=T0)
    assert post.published_time == T0 + timedelta(days=2)
    service.unpublish(post, actor_id=None, now=T0)
    assert post.status == PostStatus.DRAFT and post.publish_at is None


def test_publishing_now_keeps_an_earlier_publish_time(ctx):
    post = make_post(status=PostStatus.DRAFT, now=T0)
    service.publish(post, actor_id=None, now=T0)
    assert post.published_time == T0
    service.archive(post, actor_id=None, now=T0 + timedelta(days=5))
    service.publish(post, actor_id=None, now=T0 + timedelta(days=9))
    assert post.published_time == T0


def test_publishing_a_scheduled_post_early_moves_its_time_to_now(ctx):
    post = make_post(status=PostStatus.SCHEDULED, publish_at=T0 + timedelta(days=3), now=T0)
    service.publish(post, actor_id=None, now=T0)
    assert post.status == PostStatus.PUBLISHED and post.published_time == T0


def test_an_empty_post_cannot_be_published_or_scheduled(ctx):
    post = make_post(body="", status=PostStatus.DRAFT, now=T0)
    with pytest.raises(ValidationError):
        service.publish(post, actor_id=None, now=T0)
    with pytest.raises(ValidationError):
        service.schedule(post, T0 + timedelta(days=1), actor_id=None, now=T0)


def test_transitions_outside_the_table_are_refused_and_each_change_is_an_event(ctx):
    post = make_post(status=PostStatus.DRAFT, now=T0)
    with pytest.raises(InvalidTransition):
        service.change_status(post, PostStatus.DRAFT, actor_id=None, now=T0)
    service.publish(post, actor_id=None, now=T0)
    with pytest.raises(InvalidTransition):
        service.change_status(post, PostStatus.SCHEDULED, actor_id=None, now=T0)
    service.archive(post, actor_id=None, now=T0)
    events = db.session.query(PostEvent).filter_by(post_id=post.id).order_by(PostEvent.id).all()
    assert [(e.from_status, e.to_status) for e in events] == [
        ("draft", "published"), ("published", "archived")]


def test_archived_posts_disappear(app, client, at):
    with app.app_context():
        post = make_post(title="Old news item", now=T0 - timedelta(days=1))
        service.archive(post, actor_id=None, now=T0)
        post = ref(post)
        db.session.commit()
    assert not any(_everywhere(client, post).values())
