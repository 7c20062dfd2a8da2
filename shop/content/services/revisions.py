"""Revisions: a snapshot of a post's content on every change. Restoring one is an edit of the
post (``posts.restore_revision``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from shop.content.models import Post, PostRevision
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
