"""Revisions: a snapshot of a post's content on every change, and restoring one."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from shop.content.models import Post, PostRevision
from shop.db import utcnow
from shop.extensions import db

SNAPSHOT_FIELDS = ("title", "slug", "summary", "body", "topic", "cover_image", "cover_alt",
                   "seo_title", "seo_description")


def record_revision(post: Post, *, editor_id: int | None, now: datetime,
                    note: str = "") -> PostRevision:
    number = (db.session.execute(
        select(func.max(PostRevision.number)).where(PostRevision.post_id == post.id)
    ).scalar() or 0) + 1
    revision = PostRevision(
        post_id=post.id, number=number, editor_id=editor_id, created_at=now, note=note[:120],
        tags=", ".join(t.name for t in post.tags),
        **{name: getattr(post, name) or "" for name in SNAPSHOT_FIELDS},
    )
    db.session.add(revision)
    db.session.flush()
    return revision


def restore_revision(post: Post, revision: PostRevision, *, editor_id: int | None,
                     now: datetime | None = None) -> bool:
    """Make an earlier revision current again. The restore is itself a new revision, so it
    can be undone the same way. The address is kept if another post has taken it since."""
    from shop.content import queries
    from shop.content.services.posts import PostInput, parse_tags, update_post

    if revision.post_id != post.id:
        raise ValueError("revision of another post")
    slug = revision.slug if not queries.slug_taken(revision.slug, post.id) else ""
    data = PostInput(
        title=revision.title, body=revision.body, summary=revision.summary, slug=slug,
        topic=revision.topic, tags=parse_tags(revision.tags), cover_image=revision.cover_image,
        cover_alt=revision.cover_alt, seo_title=revision.seo_title,
        seo_description=revision.seo_description,
    )
    return update_post(post, data, editor_id=editor_id, now=now or utcnow(),
                       note=f"Restored revision {revision.number}")
