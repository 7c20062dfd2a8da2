"""Reads of posts, tags and comments.

Every public read takes ``now``: a post is visible when it is published or scheduled and its
publish time has passed, so scheduled posts appear on their own with no job to run.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import selectinload

from shop.content.models import (
    Comment,
    CommentStatus,
    MediaAsset,
    Post,
    PostEvent,
    PostProduct,
    PostRevision,
    PostStatus,
    Tag,
    post_tag,
)
from shop.extensions import db

BLOG_PAGE_SIZE = 10


def visible(now: datetime):
    """The condition readers' queries share."""
    return and_(
        Post.status.in_((PostStatus.PUBLISHED, PostStatus.SCHEDULED)),
        Post.publish_at.is_not(None),
        Post.publish_at <= now,
    )


@dataclass
class Page:
    items: list
    total: int
    page: int
    per_page: int
    pages: int = field(init=False)

    def __post_init__(self) -> None:
        self.pages = max(1, math.ceil(self.total / self.per_page)) if self.per_page else 1


def published_posts(now: datetime, *, page: int = 1, per_page: int = BLOG_PAGE_SIZE,
                    tag: str | None = None, topic: str | None = None) -> Page:
    conditions = [visible(now)]
    if tag:
        conditions.append(Post.id.in_(
            select(post_tag.c.post_id).join(Tag, Tag.id == post_tag.c.tag_id)
            .where(Tag.slug == tag)
        ))
    if topic:
        conditions.append(Post.topic == topic)
    total = db.session.execute(
        select(func.count()).select_from(Post).where(*conditions)
    ).scalar_one()
    page = max(1, page)
    items = db.session.execute(
        select(Post).where(*conditions).options(selectinload(Post.tags))
        .order_by(Post.publish_at.desc(), Post.id.desc())
        .limit(per_page).offset((page - 1) * per_page)
    ).scalars().unique().all()
    return Page(list(items), total, page, per_page)


def post_by_slug(slug: str, now: datetime) -> Post | None:
    """A post readers may see, or None."""
    return db.session.execute(
        select(Post).where(Post.slug == slug, visible(now)).options(selectinload(Post.tags))
    ).scalar_one_or_none()


def next_publication(now: datetime) -> datetime | None:
    """When the next scheduled post goes live on its own, if one is waiting."""
    return db.session.scalar(
        select(func.min(Post.publish_at))
        .where(Post.status == PostStatus.SCHEDULED, Post.publish_at > now)
    )


def latest_posts(now: datetime, limit: int = 3) -> list[Post]:
    return list(db.session.execute(
        select(Post).where(visible(now)).order_by(Post.publish_at.desc(), Post.id.desc())
        .limit(limit)
    ).scalars().unique())


def feed_posts(now: datetime, limit: int = 20) -> list[Post]:
    return list(db.session.execute(
        select(Post).where(visible(now)).options(selectinload(Post.tags))
        .order_by(Post.publish_at.desc(), Post.id.desc()).limit(limit)
    ).scalars().unique())


def sitemap_posts(now: datetime) -> list[tuple[str, datetime | None]]:
    """(slug, last modified) of every post readers may see."""
    rows = db.session.execute(
        select(Post.slug, Post.updated_at).where(visible(now)).order_by(Post.publish_at.desc())
    ).all()
    return [(slug, updated) for slug, updated in rows]


def posts_mentioning(product_id: int, now: datetime, limit: int = 4) -> list[Post]:
    return list(db.session.execute(
        select(Post).join(PostProduct, PostProduct.post_id == Post.id)
        .where(PostProduct.product_id == product_id, visible(now))
        .order_by(Post.publish_at.desc(), Post.id.desc()).limit(limit)
    ).scalars().unique())


def product_ids_of(post_id: int) -> list[int]:
    return list(db.session.execute(
        select(PostProduct.product_id).where(PostProduct.post_id == post_id)
        .order_by(PostProduct.position)
    ).scalars())


def related_posts(post: Post, now: datetime, limit: int = 3) -> list[Post]:
    """"Read more": visible posts sharing tags or products with ``post``, the most shared
    first (a shared product counts double), then the newest of the same topic."""
    tag_ids = [t.id for t in post.tags]
    product_ids = product_ids_of(post.id)
    scores: dict[int, int] = {}
    if tag_ids:
        for pid, n in db.session.execute(
            select(post_tag.c.post_id, func.count()).where(
                post_tag.c.tag_id.in_(tag_ids), post_tag.c.post_id != post.id
            ).group_by(post_tag.c.post_id)
        ):
            scores[pid] = scores.get(pid, 0) + n
    if product_ids:
        for pid, n in db.session.execute(
            select(PostProduct.post_id, func.count()).where(
                PostProduct.product_id.in_(product_ids), PostProduct.post_id != post.id
            ).group_by(PostProduct.post_id)
        ):
            scores[pid] = scores.get(pid, 0) + 2 * n
    candidates = []
    if scores:
        candidates = list(db.session.execute(
            select(Post).where(Post.id.in_(list(scores)), visible(now))
        ).scalars().unique())
        candidates.sort(key=lambda p: (-scores[p.id], -(p.publish_at.timestamp()), -p.id))
    picked = candidates[:limit]
    if len(picked) < limit:
        seen = {post.id, *(p.id for p in picked)}
        picked += db.session.execute(
            select(Post).where(visible(now), Post.id.not_in(seen))
            .order_by((Post.topic == post.topic).desc(), Post.publish_at.desc(), Post.id.desc())
            .limit(limit - len(picked))
        ).scalars().unique().all()
    return picked


def tags_in_use(now: datetime) -> list[tuple[Tag, int]]:
    """Tags on visible posts, with how many visible posts carry each."""
    rows = db.session.execute(
        select(Tag, func.count(Post.id))
        .join(post_tag, post_tag.c.tag_id == Tag.id)
        .join(Post, Post.id == post_tag.c.post_id)
        .where(visible(now))
        .group_by(Tag.id)
        .order_by(func.count(Post.id).desc(), Tag.name)
    ).all()
    return [(tag, n) for tag, n in rows]


def topics_in_use(now: datetime) -> set[str]:
    """Topics that at least one visible post has: only these are offered as filters."""
    return set(db.session.execute(select(Post.topic).where(visible(now)).distinct()).scalars())


def tag_by_slug(slug: str) -> Tag | None:
    return db.session.execute(select(Tag).where(Tag.slug == slug)).scalar_one_or_none()


def slug_taken(slug: str, except_post_id: int | None = None) -> bool:
    stmt = select(Post.id).where(Post.slug == slug)
    if except_post_id is not None:
        stmt = stmt.where(Post.id != except_post_id)
    return db.session.execute(stmt).first() is not None


# --- comments ------------------------------------------------------------------------------

def comment_counts(post_ids: Iterable[int]) -> dict[int, int]:
    ids = list(post_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(Comment.post_id, func.count()).where(
            Comment.post_id.in_(ids), Comment.status == CommentStatus.APPROVED
        ).group_by(Comment.post_id)
    ).all()
    found = dict(rows)
    return {pid: found.get(pid, 0) for pid in ids}


@dataclass
class Thread:
    comment: Comment
    replies: list[Comment]
    shown: bool  # False for a withdrawn or held top-level comment kept only for its replies


def comment_threads(post_id: int, *, own_ids: Iterable[int] = (),
                    user_id: int | None = None) -> list[Thread]:
    """Approved comments, threaded one level deep, oldest first. A reader also sees their own
    comments that are still held, marked as such."""
    own = set(own_ids)
    clauses = [Comment.status == CommentStatus.APPROVED]
    pending = (CommentStatus.PENDING, CommentStatus.UNCONFIRMED)
    if own:
        clauses.append(and_(Comment.id.in_(own), Comment.status.in_(pending)))
    if user_id is not None:
        clauses.append(and_(Comment.user_id == user_id, Comment.status.in_(pending)))
    rows = db.session.execute(
        select(Comment).where(Comment.post_id == post_id, or_(*clauses))
        .order_by(Comment.created_at, Comment.id)
    ).scalars().all()
    tops = {c.id: Thread(c, [], True) for c in rows if c.parent_id is None}
    orphans: dict[int, list[Comment]] = {}
    for c in rows:
        if c.parent_id is None:
            continue
        if c.parent_id in tops:
            tops[c.parent_id].replies.append(c)
        else:
            orphans.setdefault(c.parent_id, []).append(c)
    if orphans:  # replies whose parent is no longer shown keep a placeholder parent
        for parent in db.session.execute(
            select(Comment).where(Comment.id.in_(list(orphans)))
        ).scalars():
            tops[parent.id] = Thread(parent, orphans[parent.id], False)
    return sorted(tops.values(), key=lambda t: (t.comment.created_at, t.comment.id))


def approved_comments(post_id: int) -> list[Comment]:
    return list(db.session.execute(
        select(Comment).where(Comment.post_id == post_id, Comment.status == CommentStatus.APPROVED)
        .order_by(Comment.created_at, Comment.id)
    ).scalars())


def has_approved_history(*, user_id: int | None, email: str | None) -> bool:
    """Whether this commenter has had a comment approved before."""
    conditions = []
    if user_id is not None:
        conditions.append(Comment.user_id == user_id)
    if email:
        conditions.append(Comment.author_email == email.lower())
    if not conditions:
        return False
    return db.session.execute(
        select(Comment.id).where(or_(*conditions), Comment.status == CommentStatus.APPROVED)
        .limit(1)
    ).first() is not None


def moderation_queue(status: str, *, page: int = 1, per_page: int = 30) -> Page:
    condition = Comment.status == status
    total = db.session.execute(
        select(func.count()).select_from(Comment).where(condition)
    ).scalar_one()
    items = db.session.execute(
        select(Comment).where(condition).options(selectinload(Comment.post))
        .order_by(Comment.created_at, Comment.id)
        .limit(per_page).offset((max(1, page) - 1) * per_page)
    ).scalars().all()
    return Page(list(items), total, max(1, page), per_page)


def queue_counts() -> dict[str, int]:
    return dict(db.session.execute(
        select(Comment.status, func.count()).group_by(Comment.status)
    ).all())


# --- back office ---------------------------------------------------------------------------

def staff_posts(*, status: str | None = None, q: str = "", page: int = 1,
                per_page: int = 25) -> Page:
    conditions = []
    if status:
        conditions.append(Post.status == status)
    if q:
        like = f"%{q.lower()}%"
        conditions.append(or_(func.lower(Post.title).like(like), Post.slug.like(like)))
    total = db.session.execute(
        select(func.count()).select_from(Post).where(*conditions)
    ).scalar_one()
    items = db.session.execute(
        select(Post).where(*conditions).order_by(Post.updated_at.desc(), Post.id.desc())
        .limit(per_page).offset((max(1, page) - 1) * per_page)
    ).scalars().unique().all()
    return Page(list(items), total, max(1, page), per_page)


def post_by_id(post_id: int) -> Post | None:
    return db.session.get(Post, post_id)


def comment_by_id(comment_id: int) -> Comment | None:
    return db.session.get(Comment, comment_id)


def revisions_of(post_id: int) -> list[PostRevision]:
    return list(db.session.execute(
        select(PostRevision).where(PostRevision.post_id == post_id)
        .order_by(PostRevision.number.desc())
    ).scalars().unique())


def revision(post_id: int, revision_id: int) -> PostRevision | None:
    return db.session.execute(
        select(PostRevision).where(PostRevision.id == revision_id,
                                   PostRevision.post_id == post_id)
    ).scalar_one_or_none()


def events_of(post_id: int, limit: int = 50) -> list[PostEvent]:
    return list(db.session.execute(
        select(PostEvent).where(PostEvent.post_id == post_id, PostEvent.comment_id.is_(None))
        .order_by(PostEvent.created_at.desc(), PostEvent.id.desc()).limit(limit)
    ).scalars().unique())


def media_of(post_id: int) -> list[MediaAsset]:
    return list(db.session.execute(
        select(MediaAsset).where(MediaAsset.post_id == post_id)
        .order_by(MediaAsset.created_at.desc(), MediaAsset.id.desc())
    ).scalars())
