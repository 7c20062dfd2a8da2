"""Small factories for content tests: staff users, posts in any status, comments."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import datetime, timedelta

from shop.content.models import Comment, CommentStatus, Post, PostStatus
from shop.content.services import comments as comment_service
from shop.content.services import posts as post_service
from shop.db import utcnow
from shop.extensions import db
from tests.factories import DEFAULT_PASSWORD, make_user

_n = itertools.count(1)

BODY = ("## Why it matters\n\nA short article about datacenter networking with enough words "
        "to read.\n\n## What to buy\n\nPick the right part.\n")


def make_staff(email: str | None = None, **fields):
    return make_user(email or f"editor{next(_n)}@example.com", role="staff",
                     display_name=fields.pop("display_name", "Eddie Editor"), **fields)


def make_reader(email: str | None = None, **fields):
    return make_user(email or f"reader{next(_n)}@example.com", role="customer",
                     display_name=fields.pop("display_name", "Rita Reader"), **fields)


def make_post(title: str | None = None, body: str = BODY, *, status: str = PostStatus.PUBLISHED,
              publish_at: datetime | None = None, author=None, tags=(), topic="explainer",
              summary: str = "A summary.", slug: str = "", now: datetime | None = None) -> Post:
    """A post through the real services. ``publish_at`` in the past for published posts
    (default: an hour ago), in the future for scheduled ones."""
    now = now or utcnow()
    data = post_service.PostInput(title=title or f"Post number {next(_n)}", body=body,
                                  summary=summary, tags=list(tags), topic=topic, slug=slug)
    post = post_service.create_post(data, author_id=author.id if author else None, now=now)
    if status == PostStatus.PUBLISHED:
        post.publish_at = publish_at or now - timedelta(hours=1)
        post_service.publish(post, actor_id=None, now=now)
    elif status == PostStatus.SCHEDULED:
        post_service.schedule(post, publish_at or now + timedelta(days=1), actor_id=None,
                              now=now)
    elif status == PostStatus.ARCHIVED:
        post_service.publish(post, actor_id=None, now=now)
        post_service.archive(post, actor_id=None, now=now)
    db.session.flush()
    return post


def make_comment(post: Post, body: str = "Useful, thanks.", *, user=None, name="Gus Guest",
                 email="gus@example.com", status: str = CommentStatus.APPROVED,
                 parent: Comment | None = None, now: datetime | None = None) -> Comment:
    commenter = (comment_service.Commenter(user_id=user.id, name=user.display_name)
                 if user else comment_service.Commenter(name=name, email=email))
    comment = comment_service.add_comment(post, body, commenter,
                                          parent_id=parent.id if parent else None,
                                          now=now or utcnow())
    comment.status = status
    db.session.flush()
    return comment


@dataclass(frozen=True)
class Ref:
    """What a test keeps of a row made in an app context that has ended."""

    id: int
    slug: str = ""
    title: str = ""
    email: str = ""


def ref(row) -> Ref:
    """Read a row's id (and slug, title or e-mail) while its app context is still open."""
    return Ref(row.id, slug=getattr(row, "slug", ""), title=getattr(row, "title", ""),
               email=getattr(row, "email", ""))


def login(client, user, password: str = DEFAULT_PASSWORD):
    response = client.post("/account/login", data={"email": user.email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response
